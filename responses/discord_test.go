package responses

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"github.com/smtpbot/smtpbot/bot"
	"github.com/smtpbot/smtpbot/catalog"
	"github.com/smtpbot/smtpbot/internal/tabletest"
	"github.com/smtpbot/smtpbot/tests/golden"
)

// discordBounces are real-world shapes of pasted replies and bounces.
var discordBounces = []string{
	"550-5.1.1 The email account that you tried to reach does not exist. Please try double-checking the recipient's email address for typos or unnecessary spaces.",
	"552-5.2.2 The recipient's inbox is out of storage space. Please direct the recipient to https://support.google.com/mail/?p=OverQuotaPerm",
	"550-5.7.26 This mail has been blocked because the sender is unauthenticated. Gmail requires all senders to authenticate with either SPF or DKIM.",
	"421-4.7.0 [203.0.113.7] Our system has detected an unusual rate of unsolicited mail originating from your IP address.",
	"550 5.7.606 Access denied, banned sending IP [203.0.113.7]. To request removal from this list please visit https://sender.office.com/",
	"554 5.7.1 <user@example.com>: Relay access denied",
	"451 4.7.1 Greylisting in action, please come back later",
	"553 5.7.1 [BL21] Connections will not be accepted from 203.0.113.7, because the ip is in Spamhaus's list",
	"450 4.2.0 <user@example.com>: Recipient address rejected: Greylisted, see http://postgrey.schweikert.ch/help/example.com.html",
	"Diagnostic-Code: smtp; 550 5.1.1 <nobody@example.com>... User unknown",
	"host mx.example.com[198.51.100.1] said: 552 5.3.4 Message size exceeds fixed limit (in reply to end of DATA command)",
	"550 Requested action not taken: mailbox unavailable @everyone <@123> [click](https://evil.example) ||spoiler|| # big",
	"5.4.7 Delivery time expired",
	"hộp thư đầy 552 5.2.2",
}

// discordHostile are inputs that must still give a safe answer.
var discordHostile = []string{
	"", "?", "@everyone", "@here <@&123> <#456> <@!789>", "\xff\xfe\xfd", strings.Repeat("552 ", 3000),
	strings.Repeat("é", 10000), "<t:1700000000:F> </smtp:1> <:emoji:1> <a:anim:2>", "```code``` **bold** __u__ ~~s~~",
}

// checkDiscord fails t with every problem DiscordProblems finds in m.
func checkDiscord(t *testing.T, name string, m DiscordMessage) {
	t.Helper()
	for _, p := range DiscordProblems(m) {
		t.Errorf("%s: %s", name, p)
	}
}

// discordOptions are the option sets the adapter uses: a private answer
// with a Share button, a shared answer with a credit, and a bare one.
func discordOptions() map[string]DiscordOptions {
	base := Options{BaseURL: "https://smtpbot.example"}
	return map[string]DiscordOptions{
		"private": {Options: base, ShareID: "smtpbot_share:vi:" + strings.Repeat("5", 83), Ref: "vi:" + strings.Repeat("5", DiscordMaxRef-3)},
		"shared":  {Options: base, SharedBy: "@everyone " + strings.Repeat("Nguyễn ", 40)},
		"bare":    {},
	}
}

// TestDiscordEveryAnswerWithinLimits renders every answer the catalog can
// produce and checks every Discord limit. Each answer is rendered with one
// of the adapter's option sets, in turn, so every set meets every kind of
// answer without tripling the run.
func TestDiscordEveryAnswerWithinLimits(t *testing.T) {
	t.Parallel()
	b := newBot(t)
	cat := b.Catalog()
	opts := discordOptions()
	names := []string{"private", "shared", "bare"}
	checker := func(t *testing.T) (func(string, bot.Answer), *int) {
		n := 0
		return func(name string, a bot.Answer) {
			o := names[n%len(names)]
			short, full := opts[o], opts[o]
			full.Detail = DetailFull
			checkDiscord(t, name+"/"+o+"/full", Discord(a, full))
			m := Discord(a, short)
			checkDiscord(t, name+"/"+o+"/short", m)
			checkShortDiscord(t, name+"/"+o, a, m)
			n++
		}, &n
	}
	var codes []catalog.Code
	for _, r := range cat.Replies() {
		codes = append(codes, catalog.Code{Reply: r.Code})
	}
	for _, e := range cat.EnhancedList() {
		c := e.Code
		c.Class = 5
		codes = append(codes, catalog.Code{Enhanced: c})
	}
	t.Run("codes, pairs, lists", func(t *testing.T) {
		t.Parallel()
		check, n := checker(t)
		everyAnswer(t, b, check)
		if *n < 2000 {
			t.Errorf("only %d answers checked", *n)
		}
	})
	t.Run("three and four codes", func(t *testing.T) {
		t.Parallel()
		check, _ := checker(t)
		// Basic and enhanced mixed: a fixed sample, the same on every run.
		rng := rand.New(rand.NewPCG(5, 52))
		for range 150 {
			pick := make([]catalog.Code, 3+rng.IntN(2))
			for i := range pick {
				pick[i] = codes[rng.IntN(len(codes))]
			}
			for _, lang := range []string{catalog.English, catalog.Vietnamese} {
				check(fmt.Sprint(pick)+"/"+lang, b.Answer(bot.Query{Intent: bot.IntentCompare, Codes: pick}, lang))
			}
		}
	})
	t.Run("enhanced with its basic codes", func(t *testing.T) {
		t.Parallel()
		check, _ := checker(t)
		for _, e := range cat.EnhancedList() {
			basics := e.Basic
			if len(basics) == 0 {
				basics = []catalog.ReplyCode{550}
			}
			for _, x := range basics {
				y := e.Code
				y.Class = int(x.Class())
				if y.Class == 3 {
					y.Class = 0
				}
				q := bot.Query{Intent: bot.IntentCompare, Codes: []catalog.Code{{Reply: x}, {Enhanced: y}}}
				check(x.String()+" vs "+y.String(), b.Answer(q, catalog.English))
			}
		}
	})
	t.Run("every language", func(t *testing.T) {
		t.Parallel()
		check, _ := checker(t)
		for _, lang := range cat.FrameLanguages() {
			for _, c := range codes {
				check(c.String()+"/"+lang, b.Answer(bot.Query{Intent: bot.IntentExplain, Codes: []catalog.Code{c}}, lang))
			}
			check("252 vs 552/"+lang, b.Ask("252 vs 552", bot.Hints{Lang: lang}))
		}
	})
	t.Run("bounces and hostile text", func(t *testing.T) {
		t.Parallel()
		check, _ := checker(t)
		for _, lang := range []string{catalog.English, catalog.Vietnamese} {
			for _, text := range append(append([]string{}, discordBounces...), discordHostile...) {
				for range len(names) {
					check(fmt.Sprintf("%.40q/%s", text, lang), b.Ask(text, bot.Hints{Lang: lang}))
				}
			}
			for _, f := range []string{"list 2xx", "list 3xx", "list X.1.x", "list 4.7.x", "list zzz", "help"} {
				check(f+"/"+lang, b.Ask(f, bot.Hints{Lang: lang}))
			}
		}
	})
}

// TestDiscordDiagnoses checks that pasted bounces become diagnoses.
func TestDiscordDiagnoses(t *testing.T) {
	b := newBot(t)
	diagnosed := 0
	for _, text := range discordBounces {
		a := b.Ask(text, bot.Hints{})
		if a.Intent == bot.IntentDiagnose {
			diagnosed++
		}
		checkDiscord(t, text, Discord(a, DiscordOptions{}))
	}
	if diagnosed < len(discordBounces)/2 {
		t.Errorf("only %d of %d bounces diagnosed", diagnosed, len(discordBounces))
	}
}

// TestDiscordHugeAnswer forces every shortening step: texts over their
// limits, too many fields, too many embeds, too much in all.
func TestDiscordHugeAnswer(t *testing.T) {
	b := newBot(t)
	a := b.Ask("252 vs 552 vs 421 vs 5.7.1", bot.Hints{Lang: catalog.English})
	if a.Compare == nil {
		t.Fatalf("not a comparison: %s", a.Intent)
	}
	cards := a.Compare.Cards
	text := a.Compare.Text()
	long := strings.Repeat("The server stopped the transaction. ", 200)
	text.Summary = long
	text.Differences = nil
	for range 40 {
		text.Differences = append(text.Differences, long)
	}
	text.Operator = []string{long, long}
	text.Reader = []string{long}
	for i := range cards {
		cards[i].Description, cards[i].When = long, long
	}
	for range 12 {
		cards = append(cards, cards[0])
	}
	cmp := catalog.NewComparison(a.Compare.Title, cards, text)
	a.Compare = &cmp
	short := Discord(a, DiscordOptions{SharedBy: "Ana", Options: Options{BaseURL: "https://smtpbot.example"}, Ref: "en:x"})
	checkDiscord(t, "huge short", short)
	checkShortDiscord(t, "huge short", a, short)
	m := Discord(a, DiscordOptions{SharedBy: "Ana", Options: Options{BaseURL: "https://smtpbot.example"}, Detail: DetailFull})
	checkDiscord(t, "huge", m)
	last := m.Embeds[len(m.Embeds)-1]
	if last.Footer == nil || !strings.Contains(last.Footer.Text, a.Frame.Truncated) || !strings.Contains(last.Footer.Text, "Ana") {
		t.Errorf("footer %+v, want the credit and the shortened marker", last.Footer)
	}
}

func TestDiscordShape(t *testing.T) {
	b := newBot(t)
	t.Run("comparison", func(t *testing.T) {
		m := Discord(b.Ask("252 vs 552", bot.Hints{Lang: catalog.English}), DiscordOptions{Detail: DetailFull})
		if len(m.Embeds) < 3 {
			t.Fatalf("%d embeds, want a head and one per code", len(m.Embeds))
		}
		if m.Embeds[0].Color != 0xCF222E {
			t.Errorf("head colour %06x, want the most severe class (5xx red)", m.Embeds[0].Color)
		}
		if m.Embeds[1].Color != 0x2EA043 || m.Embeds[2].Color != 0xCF222E {
			t.Errorf("card colours %06x %06x, want 2xx green then 5xx red", m.Embeds[1].Color, m.Embeds[2].Color)
		}
	})
	t.Run("one code is one embed", func(t *testing.T) {
		a := b.Ask("421", bot.Hints{Lang: catalog.English})
		m := Discord(a, DiscordOptions{Detail: DetailFull})
		if len(m.Embeds) != 1 || m.Embeds[0].Title != a.Title || m.Embeds[0].Color != 0xD29922 || len(m.Embeds[0].Fields) == 0 {
			t.Errorf("explain 421: %d embeds, first %+v", len(m.Embeds), m.Embeds[0])
		}
	})
	t.Run("links", func(t *testing.T) {
		m := Discord(b.Ask("552", bot.Hints{Lang: catalog.English}), DiscordOptions{Options: Options{BaseURL: "https://smtpbot.example"}, Detail: DetailFull})
		last := m.Embeds[len(m.Embeds)-1]
		lf := last.Fields[len(last.Fields)-1]
		if lf.Name != "Learn more" || !strings.Contains(lf.Value, "](https://smtpbot.example/code/552)") || !strings.Contains(lf.Value, "](https://www.rfc-editor.org/") {
			t.Errorf("links field %+v", lf)
		}
		if m.Embeds[0].URL != "https://smtpbot.example/code/552" {
			t.Errorf("embed URL %q", m.Embeds[0].URL)
		}
	})
	t.Run("share button", func(t *testing.T) {
		m := Discord(b.Ask("252 vs 552", bot.Hints{Lang: catalog.Vietnamese}), DiscordOptions{ShareID: "smtpbot_share:vi:252 vs 552", Detail: DetailFull})
		row, ok := m.Components[0].(discordgo.ActionsRow)
		if !ok || len(row.Components) != 1 {
			t.Fatalf("components %#v", m.Components)
		}
		btn := row.Components[0].(discordgo.Button)
		if btn.CustomID != "smtpbot_share:vi:252 vs 552" || btn.Label != b.Catalog().Frame(catalog.Vietnamese).ShareButton {
			t.Errorf("button %+v", btn)
		}
	})
}

func TestDiscordEscape(t *testing.T) {
	tabletest.Check(t, "discordEscape", discordEscape, []struct{ In, Want string }{
		{"@everyone", "@\u200beveryone"},
		{"<@123> <#4> <@&5> <t:1:F>", "<\u200b@123> <\u200b#4> <\u200b@&5> <\u200bt:1:F>"},
		{"[click](https://evil.example)", `\[click\](https://evil.example)`},
		{"||spoiler|| **b** __u__ ~~s~~ `c`", `\|\|spoiler\|\| \*\*b\*\* \_\_u\_\_ \~\~s\~\~ \` + "`c\\`"},
		{"# big\n> quote\n- item\n  # indented", "\\# big\n\\> quote\n\\- item\n  \\# indented"},
		{`a\b`, `a\\b`},
		{"5.7.26 - not at the start", "5.7.26 - not at the start"},
	})
}

func TestDiscordNote(t *testing.T) {
	m := DiscordNote("@everyone " + strings.Repeat("x", 3000))
	checkDiscord(t, "note", m)
	if len(m.Embeds) != 0 || !strings.HasPrefix(m.Content, "@\u200beveryone") {
		t.Errorf("note %+v", m)
	}
}

// TestDiscordGolden keeps what Discord users see under review: the private
// answer with its Share button, the shared answer, and one answer of every
// other kind. The two source comparisons in both languages are in
// golden_test.go (*.discord.golden).
func TestDiscordGolden(t *testing.T) {
	b := newBot(t)
	base := Options{BaseURL: "https://smtpbot.example"}
	for _, g := range []struct {
		name, text, lang string
		o                DiscordOptions
	}{
		{"discord-private-252-vs-552.en", "252 vs 552", "en", DiscordOptions{Options: base, ShareID: "smtpbot_share:en:252 vs 552", Ref: "en:252 vs 552", Detail: DetailFull}},
		{"discord-shared-252-vs-455.vi", "252 vs 455", "vi", DiscordOptions{Options: base, SharedBy: "Bình", Detail: DetailFull}},
		{"discord-explain-552.en", "552", "en", DiscordOptions{Options: base, Detail: DetailFull}},
		{"discord-explain-5.7.26.vi", "5.7.26", "vi", DiscordOptions{Options: base, Detail: DetailFull}},
		{"discord-diagnose.en", discordBounces[2], "en", DiscordOptions{Options: base, Detail: DetailFull}},
		{"discord-list-4xx.en", "list 4xx", "en", DiscordOptions{}},
		{"discord-help.vi", "help", "vi", DiscordOptions{}},
		{"discord-unknown-999.en", "999 vs 123", "en", DiscordOptions{}},
		// The short cards sent first.
		{"discord-short-shared-252-vs-455.vi", "252 vs 455", "vi", DiscordOptions{Options: base, SharedBy: "Bình", Ref: "vi:252 vs 455"}},
		{"discord-short-explain-552.en", "552", "en", DiscordOptions{Options: base, Ref: "en:552", ShareID: "smtpbot_share:en:552"}},
		{"discord-short-explain-5.7.26.vi", "5.7.26", "vi", DiscordOptions{Ref: "vi:5.7.26"}},
		{"discord-short-diagnose.en", discordBounces[2], "en", DiscordOptions{Options: base, Ref: "en:#key"}},
		{"discord-short-diagnose.vi", discordBounces[0], "vi", DiscordOptions{Ref: "vi:#key"}},
	} {
		m := Discord(b.Ask(g.text, bot.Hints{Lang: g.lang}), g.o)
		checkDiscord(t, g.name, m)
		golden.Check(t, g.name+".golden", golden.Marshal(t, m))
	}
	golden.Check(t, "discord-note-rate-limited.vi.golden", golden.Marshal(t, DiscordNote(b.Catalog().Frame("vi").RateLimited)))
}

func BenchmarkDiscord(b *testing.B) {
	bt := newBot(b)
	a := bt.Ask("252 vs 552", bot.Hints{Lang: catalog.English})
	o := DiscordOptions{Options: Options{BaseURL: "https://smtpbot.example"}, ShareID: "smtpbot_share:en:252 vs 552", Detail: DetailFull}
	b.ReportAllocs()
	for b.Loop() {
		Discord(a, o)
	}
}

func TestDiscordChoices(t *testing.T) {
	long := strings.Repeat("Mailbox unavailable ", 20)
	var s []bot.Suggestion
	for range 30 {
		s = append(s, bot.Suggestion{Code: "550", Name: long})
	}
	got := DiscordChoices("550", s)
	if len(got) != DiscordMaxChoices {
		t.Errorf("%d choices, want %d", len(got), DiscordMaxChoices)
	}
	for _, c := range got {
		if n := utf8.RuneCountInString(c.Name); n > DiscordMaxChoiceName || !strings.HasPrefix(c.Name, "550 · Mailbox") {
			t.Errorf("choice name %q (%d runes)", c.Name, n)
		}
	}
	if got := DiscordChoices("  qqqq ", nil); len(got) != 1 || got[0].Name != "qqqq" || got[0].Value != "qqqq" {
		t.Errorf("nothing suggested: %+v, want what was typed", got)
	}
	if got := DiscordChoices("", nil); len(got) != 0 {
		t.Errorf("nothing typed nor suggested: %+v", got)
	}
	if got := DiscordChoices("5.7.99", []bot.Suggestion{{Code: "5.7.99"}}); got[0].Name != "5.7.99" {
		t.Errorf("nameless suggestion named %q", got[0].Name)
	}
}
