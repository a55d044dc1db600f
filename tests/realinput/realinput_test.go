package realinput

import (
	"strings"
	"testing"

	"github.com/smtpbot/smtpbot/bot"
	"github.com/smtpbot/smtpbot/bot/bottest"
	"github.com/smtpbot/smtpbot/catalog"
	"github.com/smtpbot/smtpbot/responses"
	"github.com/smtpbot/smtpbot/tests/score"
)

// render is one way an adapter renders an answer: its name, whether
// everyone in a channel sees it, and the texts shown with the problems found.
type render struct {
	name, kind string
	platform   bot.Platform
	public     bool
	run        func(a bot.Answer) (texts, problems []string)
}

// sharer is the Slack user ID a shared answer credits.
const sharer = "U0SHARER"

// renders are the option sets the adapters use (adapters/slack events.go,
// command.go, interaction.go; adapters/discord gateway.go,
// interactions.go, share.go), each as the short card and the full answer.
func renders() []render {
	base := responses.Options{BaseURL: "https://smtpbot.example"}
	public := responses.Options{BaseURL: base.BaseURL, Public: true}
	ref := "vi:" + strings.Repeat("5", responses.DiscordMaxRef-3)
	slack := map[string]responses.SlackOptions{
		"mention": {Options: public, Ref: ref},
		"private": {Options: base, ShareValue: "vi\n" + strings.Repeat("q", 1990), Ref: "vi\n" + strings.Repeat("q", 1990)},
		"shared":  {Options: public, SharedBy: sharer, Ref: ref},
	}
	discord := map[string]responses.DiscordOptions{
		"mention": {Options: public, Ref: ref},
		"private": {Options: base, ShareID: responses.DiscordCustomID(responses.ShareActionID, ref), Ref: ref},
		"shared":  {Options: public, SharedBy: "@everyone Nguyễn <@123>", Ref: ref},
	}
	var rs []render
	for _, kind := range []string{"private", "mention", "shared"} { // private first: see checkInput
		for i, d := range []responses.Detail{responses.DetailShort, responses.DetailFull} {
			so, do := slack[kind], discord[kind]
			so.Detail, do.Detail = d, d
			suffix := kind + "/" + []string{"short", "full"}[i]
			rs = append(rs, render{name: "slack/" + suffix, kind: kind, platform: bot.Slack, public: kind != "private", run: func(a bot.Answer) ([]string, []string) {
				m := responses.Slack(a, so)
				texts := responses.SlackTexts(m)
				for i := range texts { // the credit names the sharer on purpose
					texts[i] = strings.ReplaceAll(texts[i], "<@"+sharer+">", "")
				}
				problems := responses.SlackProblems(m, so.SharedBy)
				if kind == "private" && d == responses.DetailFull { // the largest, every kind of block
					problems = append(problems, responses.SlackFields(m)...)
				}
				return texts, problems
			}})
			rs = append(rs, render{name: "discord/" + suffix, kind: kind, platform: bot.Discord, public: kind != "private", run: func(a bot.Answer) ([]string, []string) {
				m := responses.Discord(a, do)
				return responses.DiscordTexts(m), responses.DiscordProblems(m)
			}})
		}
	}
	return rs
}

// TestRealInputsWithinLimits asks the bot every real input in English and
// Vietnamese (each whole email also diagnosed as a file), renders every
// answer as each adapter does and checks every platform limit, that no
// address of the input shows unmasked in a public rendering and that no
// mention can fire.
func TestRealInputsWithinLimits(t *testing.T) {
	b := bottest.New(t)
	sources := map[string][]input{
		"eval": evalInputs(t),
		"wild": emails(t, "../../bot/testdata/wild/*.eml", func(string) bool { return true }),
		// Only the dev part: the hold-out is for measuring, not for looking.
		"sisimai": emails(t, "../sisimai/testdata/eml/*.eml", func(base string) bool { return !score.HoldOut(base) }),
	}
	rs := renders()
	for _, src := range []string{"eval", "wild", "sisimai"} {
		ins := sources[src]
		if len(ins) == 0 {
			t.Fatalf("%s: no inputs found", src)
		}
		t.Run(src, func(t *testing.T) {
			t.Parallel()
			var n counts
			for _, in := range ins {
				checkInput(t, b, in, rs, &n)
			}
			t.Logf("%s: %d inputs, %d answers, %d renderings checked", src, len(ins), n.answers, n.rendered)
		})
	}
}

// counts are the answers and renderings checked.
type counts struct{ answers, rendered int }

// asked is one answer and how it was obtained.
type asked struct {
	how      string
	platform bot.Platform // "" when the answer is rendered on both platforms
	a        bot.Answer
}

// checkInput asks the bot in, in each language, on each platform (a whole
// email also diagnosed as a file), and checks every rendering of each
// answer on the platform it was asked on. The private renderings are
// checked for every answer; the two public ones (a mention reply and a
// shared answer, which differ only by the sharer's credit) in turn, so
// each input still meets both.
func checkInput(t *testing.T, b *bot.Bot, in input, rs []render, n *counts) {
	t.Helper()
	bad := leaks(in.text)
	for _, lang := range []string{catalog.English, catalog.Vietnamese} {
		var as []asked
		for _, p := range []bot.Platform{bot.Slack, bot.Discord} {
			as = append(as, asked{"ask", p, b.Ask(delivered(in.text, p), bot.Hints{Lang: lang, Platform: p})})
		}
		if in.email {
			as = append(as, asked{"diagnose", "", b.DiagnoseMessage([]byte(in.text), lang)})
		}
		for _, x := range as {
			public := []string{"mention", "shared"}[n.answers%2]
			n.answers++
			// What a private rendering shows (a decoded MIME part's
			// addresses too) the public ones must mask.
			hide := bad
			for _, r := range rs {
				if (x.platform != "" && r.platform != x.platform) || (r.public && r.kind != public) {
					continue
				}
				n.rendered++
				if shown := check(t, in.name+"/"+lang+"/"+x.how+"/"+string(x.platform)+"/"+r.name, r, x.a, hide); !r.public {
					hide = append(hide, leaks(strings.Join(shown, "\n"))...)
				}
			}
		}
	}
}

// check renders a with r, reports every problem and returns the texts
// shown.
func check(t *testing.T, name string, r render, a bot.Answer, bad []string) []string {
	t.Helper()
	texts, problems := r.run(a)
	for _, p := range problems {
		t.Errorf("%s: %s", name, p)
	}
	if !r.public {
		return texts
	}
	for _, s := range texts {
		low := strings.ToLower(s)
		for _, l := range bad {
			if strings.Contains(low, l) {
				t.Errorf("%s: address ending %q shown unmasked in %q", name, l, s)
			}
		}
	}
	return texts
}
