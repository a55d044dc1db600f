package responses

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"
	slackapi "github.com/slack-go/slack"

	"github.com/smtpbot/smtpbot/bot"
	"github.com/smtpbot/smtpbot/catalog"
	"github.com/smtpbot/smtpbot/internal/tabletest"
)

// hasCard reports whether an answer has a short form: a comparison, an
// explanation or a diagnosis.
func hasCard(a bot.Answer) bool {
	return a.Compare != nil || a.Card != nil || a.Diagnosis != nil || len(a.Diagnoses) > 0
}

// markup is what a reader does not see as characters: Slack and Discord
// bold marks, escapes and HTML entities.
var markup = strings.NewReplacer("*", "", `\`, "", "&lt;", "<", "&gt;", ">", "&amp;", "&")

func visible(s string) int { return utf8.RuneCountInString(markup.Replace(s)) }

// slackVisible counts the characters a Slack message shows (button labels
// aside).
func slackVisible(m SlackMessage) int {
	n := 0
	for _, bl := range m.Blocks.BlockSet {
		switch x := bl.(type) {
		case *slackapi.HeaderBlock:
			n += visible(x.Text.Text)
		case *slackapi.SectionBlock:
			if x.Text != nil {
				n += visible(x.Text.Text)
			}
			for _, f := range x.Fields {
				n += visible(f.Text)
			}
		case *slackapi.ContextBlock:
			for _, el := range x.ContextElements.Elements {
				if tx, ok := el.(*slackapi.TextBlockObject); ok {
					n += visible(tx.Text)
				}
			}
		}
	}
	return n
}

func discordVisible(m DiscordMessage) int {
	n := visible(m.Content)
	for _, e := range m.Embeds {
		n += visible(e.Title) + visible(e.Description)
		for _, f := range e.Fields {
			n += visible(f.Name) + visible(f.Value)
		}
		if e.Footer != nil {
			n += visible(e.Footer.Text)
		}
	}
	return n
}

// shortCardWithin reports whether the answer has a short card (hasCard)
// and, when it has, checks that the card's visible characters on the
// platform stay within the budget.
func shortCardWithin(t *testing.T, platform, name string, a bot.Answer, visible int) bool {
	t.Helper()
	if !hasCard(a) {
		return false
	}
	if visible > ShortBudget {
		t.Errorf("%s: %s short card of %d visible characters", name, platform, visible)
	}
	return true
}

// checkShortSlack checks the short card's promises in Slack: within the
// budget, and a Details button when the adapter gave a reference.
func checkShortSlack(t *testing.T, name string, a bot.Answer, m SlackMessage) {
	t.Helper()
	if !shortCardWithin(t, "Slack", name, a, slackVisible(m)) {
		return
	}
	if len(m.Blocks.BlockSet) > 8 {
		t.Errorf("%s: Slack short card of %d blocks", name, len(m.Blocks.BlockSet))
	}
	actions, ok := m.Blocks.BlockSet[len(m.Blocks.BlockSet)-1].(*slackapi.ActionBlock)
	if !ok {
		t.Errorf("%s: Slack short card ends without buttons", name)
		return
	}
	if btn := actions.Elements.ElementSet[0].(*slackapi.ButtonBlockElement); btn.ActionID != DetailsActionID {
		t.Errorf("%s: first button %q, want Details", name, btn.ActionID)
	}
}

func checkShortDiscord(t *testing.T, name string, a bot.Answer, m DiscordMessage) {
	t.Helper()
	if !shortCardWithin(t, "Discord", name, a, discordVisible(m)) {
		return
	}
	if len(m.Embeds) != 1 {
		t.Errorf("%s: Discord short card in %d embeds", name, len(m.Embeds))
	}
}

// TestShortCardEveryAnswer renders every code (basic, and enhanced in its
// X, 4 and 5 forms) and every pair of basic codes, in English and
// Vietnamese, as the short card and the full answer on both platforms, and
// checks the budget and every platform limit.
func TestShortCardEveryAnswer(t *testing.T) {
	t.Parallel()
	b := newBot(t)
	n := 0
	var largest struct {
		name string
		n    int
	}
	everyAnswer(t, b, func(name string, a bot.Answer) {
		n++
		s := Slack(a, SlackOptions{Ref: "en\n" + name, ShareValue: "en\n" + name, SharedBy: "U123"})
		checkSlack(t, name+"/slack short", s, "U123")
		checkShortSlack(t, name, a, s)
		checkSlack(t, name+"/slack full", Slack(a, SlackOptions{Ref: "en\n" + name, Detail: DetailFull}))
		ref := "en:" + strings.Repeat("5", DiscordMaxRef-3)
		d := Discord(a, DiscordOptions{Ref: ref, ShareID: DiscordCustomID(ShareActionID, "x"), SharedBy: "Ana", Options: Options{BaseURL: "https://x.example"}})
		checkDiscord(t, name+"/discord short", d)
		checkShortDiscord(t, name, a, d)
		checkDiscord(t, name+"/discord full", Discord(a, DiscordOptions{Ref: ref, Detail: DetailFull}))
		if hasCard(a) && !strings.HasPrefix(name, "[") {
			if v := max(slackVisible(s), discordVisible(d)); v > largest.n {
				largest.name, largest.n = name, v
			}
		}
	})
	if n < 1000 {
		t.Fatalf("only %d answers checked", n)
	}
	t.Logf("largest short card (one or two codes): %s, %d visible characters", largest.name, largest.n)
}

// TestShortCardSizes reports and bounds the card of the example.
func TestShortCardSizes(t *testing.T) {
	b := newBot(t)
	for _, lang := range []string{catalog.English, catalog.Vietnamese} {
		a := b.Ask("252 vs 552", bot.Hints{Lang: lang})
		full := slackVisible(Slack(a, SlackOptions{Detail: DetailFull}))
		s := slackVisible(Slack(a, SlackOptions{}))
		d := discordVisible(Discord(a, DiscordOptions{}))
		t.Logf("252 vs 552 (%s): Slack short %d, Discord short %d, Slack full %d visible characters", lang, s, d, full)
		if s > ShortBudget || d > ShortBudget || s*3 > full {
			t.Errorf("%s: short cards of %d and %d characters, full answer %d", lang, s, d, full)
		}
	}
}

func TestShortCardContent(t *testing.T) {
	b := newBot(t)
	opts := Options{BaseURL: "https://smtpbot.example"}
	t.Run("sentence and fields", func(t *testing.T) {
		a := b.Ask("252 vs 552", bot.Hints{Lang: catalog.English})
		m := Discord(a, DiscordOptions{Options: opts, Ref: "en:252 vs 552"})
		e := m.Embeds[0]
		if !strings.Contains(e.Description, "252 is a success reply") || !strings.Contains(e.Description, "552 is a permanent failure") {
			t.Errorf("sentence %q", e.Description)
		}
		if len(e.Fields) != 3 || !e.Fields[0].Inline || !e.Fields[1].Inline || e.Fields[2].Inline {
			t.Fatalf("fields %+v, want two codes side by side and the key differences", e.Fields)
		}
		for _, label := range []string{"Class", "Retry", "Stage", "Who acts"} {
			if !strings.Contains(e.Fields[1].Value, "**"+label+":**") {
				t.Errorf("552 field lacks %s: %q", label, e.Fields[1].Value)
			}
		}
		if e.Color != 0xCF222E || e.URL != "https://smtpbot.example/compare/252-vs-552" {
			t.Errorf("colour %06x URL %q", e.Color, e.URL)
		}
	})
	t.Run("buttons", func(t *testing.T) {
		a := b.Ask("552", bot.Hints{Lang: catalog.Vietnamese})
		m := Discord(a, DiscordOptions{Options: opts, Ref: "vi:552", ShareID: "smtpbot_share:vi:552"})
		row := m.Components[0].(discordgo.ActionsRow)
		var got []string
		for _, c := range row.Components {
			btn := c.(discordgo.Button)
			got = append(got, btn.Label+"|"+btn.CustomID+"|"+btn.URL)
		}
		f := a.Frame
		want := []string{f.CardDetails + "|smtpbot_details:vi:552|", f.ShareButton + "|smtpbot_share:vi:552|", f.OpenPage + "||https://smtpbot.example/vi/code/552"}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("buttons\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		full := Discord(a, DiscordOptions{Options: opts, Ref: "vi:552", Detail: DetailFull})
		btn := full.Components[0].(discordgo.ActionsRow).Components[0].(discordgo.Button)
		if btn.CustomID != "smtpbot_short:vi:552" || btn.Label != f.CardShort {
			t.Errorf("full answer's way back: %+v", btn)
		}
		sl := Slack(a, SlackOptions{Options: opts, Ref: "vi\n552", Detail: DetailFull})
		act := sl.Blocks.BlockSet[len(sl.Blocks.BlockSet)-1].(*slackapi.ActionBlock)
		if sb := act.Elements.ElementSet[0].(*slackapi.ButtonBlockElement); sb.ActionID != ShortActionID || sb.Value != "vi\n552" {
			t.Errorf("Slack full answer's way back: %+v", sb)
		}
	})
	t.Run("no reference, no Details", func(t *testing.T) {
		m := Discord(b.Ask("552", bot.Hints{Lang: catalog.English}), DiscordOptions{})
		if m.Components != nil {
			t.Errorf("components %#v without a reference or a page", m.Components)
		}
		long := Discord(b.Ask("552", bot.Hints{Lang: catalog.English}), DiscordOptions{Ref: strings.Repeat("x", DiscordMaxRef+1)})
		if long.Components != nil {
			t.Errorf("a reference too long for a custom_id still made a button")
		}
	})
	t.Run("lists and help stay whole", func(t *testing.T) {
		for _, q := range []string{"list 4xx", "help", "999 vs 123"} {
			a := b.Ask(q, bot.Hints{Lang: catalog.English})
			short, _ := json.Marshal(Slack(a, SlackOptions{}))
			full, _ := json.Marshal(Slack(a, SlackOptions{Detail: DetailFull}))
			if string(short) != string(full) {
				t.Errorf("%s: the short form differs from the full answer", q)
			}
		}
	})
	t.Run("diagnosis fields", func(t *testing.T) {
		a := b.Ask(discordBounces[0], bot.Hints{Lang: catalog.English})
		if a.Diagnosis == nil {
			t.Fatalf("not a diagnosis: %s", a.Intent)
		}
		dg := *a.Diagnosis
		if dg.Bounce != "hard" || dg.Reason != "userunknown" {
			t.Fatalf("%q: bounce %q, reason %q; want a hard userunknown", discordBounces[0], dg.Bounce, dg.Reason)
		}
		a.Diagnoses = []bot.Diagnosis{dg, dg, dg}
		m := Discord(a, DiscordOptions{})
		e := m.Embeds[0]
		v := e.Fields[0].Value
		if !strings.Contains(v, "**"+a.Frame.Bounce+":** "+dg.BounceText) || strings.Contains(v, "**"+a.Frame.Reason+":** ") != (dg.ReasonName != dg.CategoryName) {
			t.Errorf("diagnosis field %q", v)
		}
		if !strings.Contains(e.Description, "> 550") {
			t.Errorf("the reply read is not quoted: %q", e.Description)
		}
		if e.Footer == nil || !strings.Contains(e.Footer.Text, "2 more recipients") {
			t.Errorf("footer %+v, want the other recipients counted", e.Footer)
		}
		// A whole email: recipients only, no single diagnosis.
		a.Diagnosis = nil
		if m := Discord(a, DiscordOptions{}); len(m.Embeds) != 1 || m.Embeds[0].Fields[0].Value != v {
			t.Errorf("whole-email card %+v, want the first recipient's diagnosis", m.Embeds)
		}
		sl := Slack(a, SlackOptions{})
		raw, _ := json.Marshal(sl)
		if !strings.Contains(string(raw), "*"+a.Frame.Bounce+":* "+dg.BounceText) {
			t.Errorf("Slack card lacks the bounce kind: %s", raw)
		}
	})
}

func TestParseDiscordCustomID(t *testing.T) {
	for _, action := range []string{ShareActionID, DetailsActionID, ShortActionID} {
		for _, ref := range []string{"en:252 vs 552", "vi:#key", "en:a:b"} {
			got, gotRef, ok := ParseDiscordCustomID(DiscordCustomID(action, ref))
			if !ok || got != action || gotRef != ref {
				t.Errorf("%s %q: %q %q %v", action, ref, got, gotRef, ok)
			}
		}
	}
	for _, id := range []string{"", "smtpbot_details", "smtpbot_details:", "other:en:552", "smtpbot_open:x"} {
		if _, _, ok := ParseDiscordCustomID(id); ok {
			t.Errorf("%q accepted", id)
		}
	}
}

func TestParseDetail(t *testing.T) {
	for in, want := range map[string]Detail{"short": DetailShort, "full": DetailFull} {
		if got, ok := ParseDetail(in); !ok || got != want {
			t.Errorf("ParseDetail(%q) = %v %v", in, got, ok)
		}
	}
	if _, ok := ParseDetail("long"); ok {
		t.Error("ParseDetail accepted long")
	}
}

func TestLowerFirst(t *testing.T) {
	tabletest.CheckMap(t, "lowerFirst", lowerFirst, map[string]string{"Cannot verify user": "cannot verify user", "DNS error": "DNS error", "": "", "Ổ đĩa": "ổ đĩa", "X": "X", "X400 gateway": "X400 gateway"})
}

// BenchmarkSlackShort and BenchmarkSlackFull render and encode "252 vs
// 552" as the adapter does, from an answer already computed.
func BenchmarkSlackShort(b *testing.B) { benchSlack(b, DetailShort) }
func BenchmarkSlackFull(b *testing.B)  { benchSlack(b, DetailFull) }

func benchSlack(b *testing.B, d Detail) {
	a := newBot(b).Ask("252 vs 552", bot.Hints{Lang: catalog.English})
	o := SlackOptions{Options: Options{BaseURL: "https://smtpbot.example"}, ShareValue: "en\n252 vs 552", Ref: "en\n252 vs 552", Detail: d}
	var buf []byte
	b.ReportAllocs()
	for b.Loop() {
		buf = Slack(a, o).AppendJSON(buf[:0], "ephemeral")
	}
}

func BenchmarkDiscordShort(b *testing.B) {
	a := newBot(b).Ask("252 vs 552", bot.Hints{Lang: catalog.English})
	o := DiscordOptions{Options: Options{BaseURL: "https://smtpbot.example"}, ShareID: "smtpbot_share:en:252 vs 552", Ref: "en:252 vs 552"}
	b.ReportAllocs()
	for b.Loop() {
		Discord(a, o)
	}
}
