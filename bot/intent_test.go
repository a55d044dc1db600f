package bot

import (
	"slices"
	"testing"
)

// A subcommand chosen on a platform (Hints.Intent) is answered from its
// operands as given: words inside an operand that the reading of a whole
// message would take for a command ("list", a class "5.7.x", Vietnamese
// "danh sách") do not turn a comparison into a list. Before Hints.Intent
// the adapters joined the operands with " vs ", and each of these was
// answered as a list of codes.
func TestAskChosenIntent(t *testing.T) {
	b := newTestBot(t)
	for _, c := range []struct {
		name   string
		h      Hints
		intent Intent
		codes  []string
		lang   string
		filter string
	}{
		{"class word in an operand", Hints{Intent: IntentCompare, Operands: []string{"user unknown", "blocked 5.7.x"}},
			IntentCompare, []string{"550", "554"}, "en", ""},
		// "danh sách" is the list command; "danh sách đen" is a blocklist.
		{"Vietnamese operand", Hints{Intent: IntentCompare, Operands: []string{"danh sách đen", "hộp thư đầy"}},
			IntentCompare, []string{"554", "552"}, "vi", ""},
		{"list inside an operand", Hints{Intent: IntentCompare, Operands: []string{"mailbox full", "list 5.7.x"}},
			IntentExplain, []string{"552"}, "en", ""},
		{"codes", Hints{Intent: IntentCompare, Operands: []string{"252", " 552 "}},
			IntentCompare, []string{"252", "552"}, "en", ""},
		{"enhanced beside a name", Hints{Intent: IntentCompare, Operands: []string{"hộp thư đầy", "5.1.1"}},
			IntentCompare, []string{"X.2.2", "5.1.1"}, "vi", ""},
		{"a code with itself", Hints{Intent: IntentCompare, Operands: []string{"550", "550"}},
			IntentCompare, []string{"550", "550"}, "en", ""},
		{"a bad code", Hints{Intent: IntentCompare, Operands: []string{"550", "999"}},
			IntentUnknown, nil, "en", ""},
		{"explain a word", Hints{Intent: IntentExplain, Operands: []string{"list"}},
			IntentUnknown, nil, "en", ""},
		{"explain", Hints{Intent: IntentExplain, Operands: []string{"550"}},
			IntentExplain, []string{"550"}, "en", ""},
		{"list a class", Hints{Intent: IntentList, Operands: []string{"5.7.x"}},
			IntentList, nil, "en", "5.7.x"},
		{"nothing to compare", Hints{Intent: IntentCompare, Operands: []string{" ", ""}},
			IntentHelp, nil, "en", ""},
		{"list a code's class", Hints{Intent: IntentList, Operands: []string{"550"}},
			IntentList, nil, "en", "5xx"},
		{"list an enhanced code's class", Hints{Intent: IntentList, Operands: []string{"5.7.1"}},
			IntentList, nil, "en", "5.7.x"},
		{"list an enhanced code's subject", Hints{Intent: IntentList, Operands: []string{"X.1.1"}},
			IntentList, nil, "en", "x.1.x"},
		{"list a subject named in words", Hints{Intent: IntentList, Operands: []string{"network and routing"}},
			IntentList, nil, "en", "x.4.x"},
		{"list a class and subject", Hints{Intent: IntentList, Operands: []string{"4.2"}},
			IntentList, nil, "en", "4.2.x"},
		{"help", Hints{Intent: IntentHelp, Locale: "vi"},
			IntentHelp, nil, "vi", ""},
	} {
		a := b.Ask("", c.h)
		if a.Intent != c.intent || !slices.Equal(a.Codes, c.codes) || a.Lang != c.lang {
			t.Errorf("%s: Ask(%+v) = %s %v in %q, want %s %v in %q", c.name, c.h, a.Intent, a.Codes, a.Lang, c.intent, c.codes, c.lang)
		}
		if (a.List == nil) != (c.intent != IntentList) || (a.List != nil && (a.List.Filter != c.filter || len(a.List.Items) == 0)) {
			t.Errorf("%s: list filter %q, want %q", c.name, a.List.Filter, c.filter)
		}
		if l := b.Language("", c.h); l != c.lang {
			t.Errorf("%s: Language = %q, want %q", c.name, l, c.lang)
		}
	}
}

// Without an intent, or with a diagnosis (whose operand is the text
// pasted), the text is read as any message is.
func TestAskTextWithoutIntent(t *testing.T) {
	b := newTestBot(t)
	const text = "550 5.1.1 <x@example.com>: user unknown"
	for _, h := range []Hints{{}, {Intent: IntentDiagnose, Operands: []string{text}}} {
		got, want := b.Ask(text, h), b.Answer(b.Parse(text), "")
		if got.Intent != want.Intent || !slices.Equal(got.Codes, want.Codes) {
			t.Errorf("%+v: %s %v, want %s %v", h, got.Intent, got.Codes, want.Intent, want.Codes)
		}
	}
}

// FuzzAskChosen: any operands, in any subcommand, get an answer with a
// title and never a panic; a comparison compares two to four codes.
func FuzzAskChosen(f *testing.F) {
	for _, s := range [][2]string{{"252", "552"}, {"user unknown", "blocked 5.7.x"}, {"danh sách đen", "hộp thư đầy"}, {"\xff", "999"}, {"550 vs 551 vs 552 vs 553", "554"}} {
		f.Add(s[0], s[1])
	}
	b := newTestBot(f)
	f.Fuzz(func(t *testing.T, x, y string) {
		for _, intent := range []Intent{IntentCompare, IntentExplain, IntentList, IntentHelp} {
			a := b.Ask("", Hints{Intent: intent, Operands: []string{x, y}, Platform: Slack})
			if a.Intent == "" || a.Title == "" {
				t.Fatalf("%s %q %q: empty answer %+v", intent, x, y, a)
			}
			if a.Intent == IntentCompare && (len(a.Codes) < 2 || len(a.Codes) > 4) {
				t.Errorf("%s %q %q: compares %v", intent, x, y, a.Codes)
			}
		}
	})
}
