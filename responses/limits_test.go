package responses

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	slackapi "github.com/slack-go/slack"

	"github.com/smtpbot/smtpbot/bot"
	"github.com/smtpbot/smtpbot/catalog"
)

// everyAnswer yields every answer the catalog can produce that matters for
// size: every code explained, every pair of basic codes compared, the
// longest four-way comparisons, every pair of classes ("4xx vs 5xx") and
// all basic classes at once, every class beside every basic code ("4xx vs 550"), lists, help and unknowns, in both languages.
func everyAnswer(t *testing.T, b *bot.Bot, f func(name string, a bot.Answer)) {
	t.Helper()
	cat := b.Catalog()
	var basics []catalog.Code
	for _, r := range cat.Replies() {
		basics = append(basics, catalog.Code{Reply: r.Code})
	}
	for _, lang := range []string{"en", "vi"} {
		for i, x := range basics {
			f(x.String()+"/"+lang, b.Answer(bot.Query{Intent: bot.IntentExplain, Codes: []catalog.Code{x}}, lang))
			for _, y := range basics[i+1:] {
				f(x.String()+" vs "+y.String()+"/"+lang, b.Answer(bot.Query{Intent: bot.IntentCompare, Codes: []catalog.Code{x, y}}, lang))
			}
			if i+4 <= len(basics) {
				four := basics[i : i+4]
				f(fmt.Sprint(four)+"/"+lang, b.Answer(bot.Query{Intent: bot.IntentCompare, Codes: four}, lang))
			}
		}
		for _, e := range cat.EnhancedList() {
			for _, cl := range []int{0, 4, 5} {
				code := e.Code
				code.Class = cl
				x := catalog.Code{Enhanced: code}
				f(x.String()+"/"+lang, b.Answer(bot.Query{Intent: bot.IntentExplain, Codes: []catalog.Code{x}}, lang))
			}
		}
		var classes []catalog.ClassRef
		for _, k := range []string{"2xx", "3xx", "4xx", "5xx", "2.x.x", "4.x.x", "5.x.x"} {
			r, ok := catalog.ParseClassRef(k)
			if !ok {
				t.Fatalf("class %q not read", k)
			}
			classes = append(classes, r)
		}
		for i, x := range classes {
			for _, y := range classes[i+1:] {
				a := b.Answer(bot.Query{Intent: bot.IntentCompare, Operands: catalog.ClassOperands([]catalog.ClassRef{x, y})}, lang)
				if a.Compare == nil || len(a.Compare.Cards) != 2 {
					t.Fatalf("%s vs %s: not a comparison of two classes", x, y)
				}
				f(x.String()+" vs "+y.String()+"/"+lang, a)
			}
		}
		f("basic classes/"+lang, b.Answer(bot.Query{Intent: bot.IntentCompare, Operands: catalog.ClassOperands(classes[:4])}, lang))
		for _, x := range classes {
			for _, y := range basics {
				ops := []catalog.Operand{{Class: x}, {Code: y}}
				f(x.String()+" vs "+y.String()+"/"+lang, b.Answer(bot.Query{Intent: bot.IntentCompare, Operands: ops}, lang))
			}
		}
		mixed := append(catalog.ClassOperands(classes[2:4]), catalog.Operand{Code: basics[len(basics)-1]}, catalog.Operand{Code: basics[0]})
		f("classes and codes/"+lang, b.Answer(bot.Query{Intent: bot.IntentCompare, Operands: mixed}, lang))
		for _, text := range []string{"list", "list 4xx", "list 5xx", "list 5.7.x", "list 5.7.20 to 5.7.27", "từ 550 đến 554", "list microsoft codes", "các mã lỗi của gmail", "help", "999 vs 123", "9.9.9", strings.Repeat("x", 5000)} {
			f(text+"/"+lang, b.Ask(text, bot.Hints{Lang: lang}))
		}
	}
}

func TestSlackLimitsEveryAnswer(t *testing.T) {
	b := newBot(t)
	n := 0
	everyAnswer(t, b, func(name string, a bot.Answer) {
		n++
		o := SlackOptions{ShareValue: strings.Repeat("v", 3000), Ref: strings.Repeat("r", 3000), Options: Options{BaseURL: "https://x.example"}}
		m := Slack(a, o)
		checkSlack(t, name+"/short", m)
		checkShortSlack(t, name, a, m)
		o.Detail = DetailFull
		checkSlack(t, name+"/full", Slack(a, o))
	})
	if n < 1000 {
		t.Fatalf("only %d answers checked", n)
	}
}

// checkSlack fails t with every problem SlackProblems finds in m.
func checkSlack(t *testing.T, name string, m SlackMessage, sharedBy ...string) {
	t.Helper()
	for _, p := range append(SlackProblems(m, strings.Join(sharedBy, "")), SlackFields(m)...) {
		t.Errorf("%s: %s", name, p)
	}
}

func TestTruncate(t *testing.T) {
	for _, tc := range []struct {
		in   string
		n    int
		want string
	}{
		{"short", 10, "short"},
		{"The mailbox is full. The sender should wait and try again later.", 26, "The mailbox is full. …"},
		{"one two three four five six", 15, "one two three…"},
		{"hộp thư đầy quá rồi bạn ơi", 10, "hộp thư…"},
		{"abc\xff\xfedef ghi jkl", 9, "abc\ufffddef…"},
		{"\xffé\xff", 2, "\ufffd…"},
	} {
		got := truncate(tc.in, tc.n)
		if got != tc.want || utf8.RuneCountInString(got) > tc.n || !utf8.ValidString(got) {
			t.Errorf("truncate(%q, %d) = %q, want %q", tc.in, tc.n, got, tc.want)
		}
	}
}

func TestNoMentionEscapes(t *testing.T) {
	if got := slackEscape("<!channel> & <@U123>"); strings.ContainsAny(got, "<>") {
		t.Errorf("slackEscape left markup: %q", got)
	}
	if got := discordEscape("@everyone <@123> @here"); strings.Contains(got, "@everyone") || strings.Contains(got, "<@") {
		t.Errorf("discordEscape left a mention: %q", got)
	}
	m := NoMentions()
	raw, _ := json.Marshal(m)
	if !strings.Contains(string(raw), `"parse":[]`) {
		t.Errorf("NoMentions marshals as %s", raw)
	}
}

// TestSlackJSONMatchesEncodingJSON: the hand-written encoder gives the same
// JSON as encoding/json over slack-go's types, for every answer.
func TestSlackJSONMatchesEncodingJSON(t *testing.T) {
	b := newBot(t)
	everyAnswer(t, b, func(name string, a bot.Answer) {
		for _, d := range []Detail{DetailShort, DetailFull} {
			m := Slack(a, SlackOptions{ShareValue: "en\n" + name, Ref: "en\n" + name, SharedBy: "U123", Detail: d, Options: Options{BaseURL: "https://x.example"}})
			sameSlackJSON(t, name, m)
		}
	})
}

func sameSlackJSON(t *testing.T, name string, m SlackMessage) {
	t.Helper()
	{
		fast := m.AppendJSON(nil, "ephemeral")
		slow, err := json.Marshal(struct {
			ResponseType string           `json:"response_type"`
			Text         string           `json:"text"`
			Blocks       []slackapi.Block `json:"blocks"`
		}{"ephemeral", m.Text, m.Blocks.BlockSet})
		if err != nil {
			t.Fatal(err)
		}
		var x, y any
		if err := json.Unmarshal(fast, &x); err != nil {
			t.Fatalf("%s: invalid JSON %v: %s", name, err, fast)
		}
		_ = json.Unmarshal(slow, &y)
		if !reflect.DeepEqual(x, y) {
			t.Fatalf("%s: encodings differ\nfast %s\nslow %s", name, fast, slow)
		}
	}
}

func TestAppendJSONString(t *testing.T) {
	for _, s := range []string{"plain", `q"b\s`, "tab\tnl\ncr\r\x00\x1f", "<&>", "hộp thư", "\xff bad", "\u2028\u2029", ""} {
		got := appendJSONString(nil, s)
		var back string
		if err := json.Unmarshal(got, &back); err != nil {
			t.Fatalf("%q → %s: %v", s, got, err)
		}
		want := strings.ToValidUTF8(s, "\ufffd")
		if back != want {
			t.Errorf("%q round-trips to %q", s, back)
		}
	}
}

// A provider's own codes, listed whole, fit Slack and Discord in every
// frame language: the provider with the most codes (Microsoft's, more
// than a chat answer shows) and every other provider that has codes, each
// laid out to MaxProviderCodes lines and a line counting the rest, so no
// platform has to cut a line in the middle.
func TestProviderListLimits(t *testing.T) {
	b := newBot(t)
	longest, most := "", 0
	for p := range b.Catalog().Providers() {
		if len(p.Codes) > most {
			longest, most = p.ID, len(p.Codes)
		}
	}
	if most <= MaxProviderCodes {
		t.Fatalf("the longest provider list (%s, %d codes) does not exceed %d lines", longest, most, MaxProviderCodes)
	}
	for p := range b.Catalog().Providers() {
		if len(p.Codes) == 0 {
			continue
		}
		for _, lang := range b.Catalog().FrameLanguages() {
			a := b.Answer(bot.Query{Intent: bot.IntentList, Provider: p.ID}, lang)
			name := p.ID + "/" + lang
			if a.List == nil || a.List.Provider != p.ID || len(a.List.Items) != len(p.Codes) {
				t.Fatalf("%s: not the provider's whole list: %+v", name, a.List)
			}
			for _, o := range []SlackOptions{{}, {Detail: DetailFull, Ref: strings.Repeat("r", 3000), ShareValue: strings.Repeat("v", 3000)}} {
				m := Slack(a, o)
				checkSlack(t, name+"/slack", m)
				if p.ID == longest && o.Detail == DetailFull && !slices.ContainsFunc(SlackTexts(m), func(s string) bool {
					return strings.Contains(s, catalog.Fill(a.Frame.MoreCodes, "count", strconv.Itoa(most-MaxProviderCodes)))
				}) {
					t.Errorf("%s: Slack does not count the codes left out", name)
				}
			}
			for _, o := range []DiscordOptions{{}, {Detail: DetailFull}} {
				m := Discord(a, o)
				checkDiscord(t, name+"/discord", m)
				if p.ID == longest && o.Detail == DetailFull && slices.ContainsFunc(DiscordTexts(m), func(s string) bool { return strings.Contains(s, a.Frame.Truncated) }) {
					t.Errorf("%s: Discord had to cut the list", name)
				}
			}
		}
	}
}
