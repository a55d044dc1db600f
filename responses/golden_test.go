package responses

import (
	"strings"
	"testing"

	"github.com/smtpbot/smtpbot/bot"
	"github.com/smtpbot/smtpbot/bot/bottest"
	"github.com/smtpbot/smtpbot/tests/golden"
)

func newBot(t testing.TB) *bot.Bot { t.Helper(); return bottest.New(t) }

// TestGoldenSourceComparisons renders the two comparisons smtpbot grew out
// of, and a comparison of classes, in every format and in English and
// Vietnamese.
func TestGoldenSourceComparisons(t *testing.T) {
	b := newBot(t)
	opts := Options{BaseURL: "https://smtpbot.example"}
	for _, q := range []struct{ name, text string }{{"252-vs-455", "252 vs 455"}, {"252-vs-552", "252 vs 552"}, {"4xx-vs-5xx", "4xx vs 5xx"}, {"4xx-vs-550", "4xx vs 550"}} {
		for _, lang := range []string{"en", "vi"} {
			a := b.Ask(q.text, bot.Hints{Lang: lang})
			if a.Intent != bot.IntentCompare || a.Lang != lang {
				t.Fatalf("%q in %s: intent %s lang %s", q.text, lang, a.Intent, a.Lang)
			}
			base := q.name + "." + lang
			golden.Check(t, base+".txt.golden", []byte(Text(a, TextOptions{Options: opts, Width: 100})))
			golden.Check(t, base+".md.golden", []byte(Markdown(a, opts)))
			j, err := JSON(a, opts)
			if err != nil {
				t.Fatal(err)
			}
			golden.Check(t, base+".json.golden", golden.Indent(t, j))
			// The chat formats: the full answer (Details), and the short
			// card sent first, with the buttons of a private answer.
			ref, slackRef := lang+":"+q.text, lang+"\n"+q.text
			golden.Check(t, base+".slack.golden", golden.Marshal(t, Slack(a, SlackOptions{Options: opts, Detail: DetailFull, Ref: slackRef})))
			golden.Check(t, base+".discord.golden", golden.Marshal(t, Discord(a, DiscordOptions{Options: opts, Detail: DetailFull, Ref: ref})))
			golden.Check(t, base+".slack-short.golden", golden.Marshal(t, Slack(a, SlackOptions{Options: opts, Ref: slackRef, ShareValue: slackRef})))
			golden.Check(t, base+".discord-short.golden", golden.Marshal(t, Discord(a, DiscordOptions{Options: opts, Ref: ref, ShareID: DiscordCustomID(ShareActionID, ref)})))
		}
	}
}

// goldenQuestion is a question whose answer has golden files: testdata/
// name, then the format's ending.
type goldenQuestion struct{ name, text, lang string }

// intentQuestions ask for every other kind of answer once; the text and
// the HTML renderers each have a golden file of every one
// ("intent-help.txt.golden", "intent-help.html.golden").
func intentQuestions() []goldenQuestion {
	return []goldenQuestion{
		{"intent-explain-552", "552", "en"},
		{"intent-explain-5.7.26", "5.7.26", "en"},
		{"intent-explain-5.2.2.vi", "5.2.2", "vi"},
		{"intent-explain-421.ar", "421", "ar"},
		{"intent-explain-unregistered-5.7.999", "5.7.999", "en"},
		{"intent-compare-550-vs-5.1.1", "550 vs 5.1.1", "en"},
		{"intent-compare-four", "421 450 451 452", "en"},
		{"intent-diagnose", "550-5.7.26 This mail has been blocked because the sender is unauthenticated", "en"},
		{"intent-list-4xx", "list 4xx", "en"},
		{"intent-list-range", "list 5.7.20 to 5.7.27", "en"},
		{"intent-list-provider", "list microsoft codes", "en"},
		{"intent-list-provider-filter.vi", "các mã lỗi 5.7.7xx của microsoft", "vi"},
		{"intent-help", "help", "en"},
		{"intent-help-vi", "help", "vi"},
		{"intent-unknown-999", "999 vs 123", "en"},
	}
}

// TestGoldenIntents covers every other kind of answer once.
func TestGoldenIntents(t *testing.T) {
	b := newBot(t)
	for _, q := range intentQuestions() {
		a := b.Ask(q.text, bot.Hints{Lang: q.lang})
		golden.Check(t, q.name+".txt.golden", []byte(Text(a, TextOptions{Width: 100})))
	}
}

// TestGoldenProviderList renders the longest provider list (Microsoft's
// own codes, more than a chat answer shows) in the formats the intent
// goldens leave out: Markdown, JSON, Slack and Discord (text and HTML are
// intent-list-provider's).
func TestGoldenProviderList(t *testing.T) {
	b := newBot(t)
	opts := Options{BaseURL: "https://smtpbot.example"}
	a := b.Ask("list microsoft codes", bot.Hints{Lang: "en"})
	if a.List == nil || a.List.Provider != "microsoft" || len(a.List.Items) <= MaxProviderCodes {
		t.Fatalf("not Microsoft's list longer than a chat answer shows: %+v", a.List)
	}
	base := "intent-list-provider.en"
	golden.Check(t, base+".md.golden", []byte(Markdown(a, opts)))
	j, err := JSON(a, opts)
	if err != nil {
		t.Fatal(err)
	}
	golden.Check(t, base+".json.golden", golden.Indent(t, j))
	golden.Check(t, base+".slack.golden", golden.Marshal(t, Slack(a, SlackOptions{Options: opts, Detail: DetailFull})))
	golden.Check(t, base+".discord.golden", golden.Marshal(t, Discord(a, DiscordOptions{Options: opts, Detail: DetailFull})))
}

// TestGoldenSlackShortDiagnose renders the short Slack card of a diagnosis,
// whose notification text names the codes once.
func TestGoldenSlackShortDiagnose(t *testing.T) {
	b := newBot(t)
	opts := Options{BaseURL: "https://smtpbot.example"}
	for _, q := range []struct{ name, text, lang, codes string }{
		{"slack-short-diagnose.en", discordBounces[2], "en", "550 5.7.26"},
		{"slack-short-diagnose.vi", discordBounces[0], "vi", "550 5.1.1"},
	} {
		a := b.Ask(q.text, bot.Hints{Lang: q.lang})
		m := Slack(a, SlackOptions{Options: opts, Ref: q.lang + "\n#key"})
		if n := strings.Count(m.Text, q.codes); n != 1 {
			t.Errorf("%s: notification %q names %s %d times, want once", q.name, m.Text, q.codes, n)
		}
		golden.Check(t, q.name+".golden", golden.Marshal(t, m))
	}
}
