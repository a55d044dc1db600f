package bot

import (
	"slices"
	"strings"
	"testing"

	"github.com/smtpbot/smtpbot/internal/tabletest"
)

// "4xx vs 5xx" compares the two classes side by side, and a class beside a
// code is compared with it, in the order typed ("4xx vs 550": may a server
// refuse for now, or for good?). Before, the second class was silently
// dropped, and a class beside a code was dropped and the code explained.
func TestAskClassComparison(t *testing.T) {
	b := newTestBot(t)
	for _, c := range []struct {
		name, text string
		h          Hints
		classes    []string
		lang       string
	}{
		{"vs", "4xx vs 5xx", Hints{}, []string{"4xx", "5xx"}, "en"},
		{"enhanced", "4.X.X vs 5.X.X", Hints{}, []string{"4.X.X", "5.X.X"}, "en"},
		{"success and failure", "2xx vs 5xx", Hints{}, []string{"2xx", "5xx"}, "en"},
		{"difference between", "what is the difference between 4xx and 5xx?", Hints{}, []string{"4xx", "5xx"}, "en"},
		{"Vietnamese", "4xx khác 5xx thế nào", Hints{}, []string{"4xx", "5xx"}, "vi"},
		{"Vietnamese so với", "4xx so với 5xx", Hints{}, []string{"4xx", "5xx"}, "vi"},
		{"lang flag", "4xx vs 5xx", Hints{Lang: "vi"}, []string{"4xx", "5xx"}, "vi"},
		{"repeated class", "4xx vs 5xx vs 4xx", Hints{}, []string{"4xx", "5xx"}, "en"},
		{"chosen", "", Hints{Intent: IntentCompare, Operands: []string{"4xx", " 5xx "}}, []string{"4xx", "5xx"}, "en"},
		{"chosen, one operand", "", Hints{Intent: IntentCompare, Operands: []string{"4xx vs 5xx"}}, []string{"4xx", "5xx"}, "en"},
		{"chosen enhanced", "", Hints{Intent: IntentCompare, Operands: []string{"4.x.x", "5.X.X"}}, []string{"4.X.X", "5.X.X"}, "en"},
		{"chosen Vietnamese", "", Hints{Intent: IntentCompare, Operands: []string{"4xx", "5xx"}, Locale: "vi"}, []string{"4xx", "5xx"}, "vi"},
		{"class beside code", "4xx vs 550", Hints{}, []string{"4xx", "550"}, "en"},
		{"code beside class", "difference between 550 and 4xx", Hints{}, []string{"550", "4xx"}, "en"},
		{"enhanced class beside code", "4.X.X vs 5.7.1", Hints{}, []string{"4.X.X", "5.7.1"}, "en"},
		{"class beside two codes", "4xx vs 550 vs 452", Hints{}, []string{"4xx", "550", "452"}, "en"},
		// A separator alone between the sides ("or", "hay", "/"), as between
		// two codes (eval rf004, rf033).
		{"or", "4xx or 5xx for greylisting? pretty sure 4xx but a coworker insists on 5xx", Hints{}, []string{"4xx", "5xx"}, "en"},
		{"Vietnamese hay", "greylisting thì trả 4xx hay 5xx, cái nào đúng?", Hints{}, []string{"4xx", "5xx"}, "vi"},
		{"slash", "4.X.X/5.X.X for a full mailbox?", Hints{}, []string{"4.X.X", "5.X.X"}, "en"},
		{"class or code", "4xx or 550 for an unknown user?", Hints{}, []string{"4xx", "550"}, "en"},
		{"three sides with or", "4xx or 550 or 5xx", Hints{}, []string{"4xx", "550", "5xx"}, "en"},
		{"chosen class and code", "", Hints{Intent: IntentCompare, Operands: []string{"4xx", "550"}}, []string{"4xx", "550"}, "en"},
		{"chosen class and code, Vietnamese", "", Hints{Intent: IntentCompare, Operands: []string{"4xx", "550"}, Locale: "vi"}, []string{"4xx", "550"}, "vi"},
		// Classes named in words (lexicon class_words): "soft bounce" is 4xx.
		{"classes in words", "hard bounce vs soft bounce", Hints{}, []string{"5xx", "4xx"}, "en"},
		{"classes in Vietnamese words", "bounce cứng và bounce mềm khác gì nhau", Hints{}, []string{"5xx", "4xx"}, "vi"},
		// The class word's noun said once ("hard vs soft bounce"), before
		// or after the word standing for it.
		{"noun said once", "hard vs soft bounce — which ones do I take off the list?", Hints{}, []string{"5xx", "4xx"}, "en"},
		{"noun said once, slash", "hard/soft bounces: which to suppress?", Hints{}, []string{"5xx", "4xx"}, "en"},
		{"noun said once, Vietnamese", "bounce cứng hay mềm thì nên xoá", Hints{}, []string{"5xx", "4xx"}, "vi"},
	} {
		t.Run(c.name, func(t *testing.T) {
			a := b.Ask(c.text, c.h)
			if a.Intent != IntentCompare || a.Compare == nil {
				t.Fatalf("intent %s, compare %v", a.Intent, a.Compare != nil)
			}
			if !slices.Equal(a.Codes, c.classes) || a.Lang != c.lang {
				t.Errorf("codes %v lang %s, want %v %s", a.Codes, a.Lang, c.classes, c.lang)
			}
			cmp := a.Compare
			for i, cd := range cmp.Cards {
				if cd.Label() != c.classes[i] || cd.Description == "" || cd.When == "" || cd.FixSender == "" || cd.RetryNote == "" {
					t.Errorf("card %d: %+v", i, cd)
				}
				if int(cd.Class) != int(c.classes[i][0]-'0') {
					t.Errorf("card %s: class %d", cd.Label(), cd.Class)
				}
			}
			if len(cmp.Operator()) < len(c.classes) || len(cmp.Reader()) != len(c.classes) || len(cmp.Differences()) == 0 || cmp.Summary() == "" {
				t.Errorf("prose: %+v", cmp.Text())
			}
			if a.Path != "" {
				t.Errorf("path %q: the web has no page for classes", a.Path)
			}
		})
	}
}

// The failure classes get RFC 5321's test telling them apart, and their
// cards name the class's common codes; a success class needs neither.
func TestClassComparisonContent(t *testing.T) {
	b := newTestBot(t)
	a := b.Ask("4xx vs 5xx", Hints{})
	diffs := strings.Join(a.Compare.Differences(), "\n")
	if !strings.Contains(diffs, "4.2.1") {
		t.Errorf("4xx vs 5xx differences lack the RFC 5321 §4.2.1 test:\n%s", diffs)
	}
	for _, cd := range a.Compare.Cards {
		if len(cd.BasicCodes) == 0 || len(cd.Enhanced) == 0 {
			t.Errorf("%s: no example codes", cd.Key)
		}
		for _, c := range cd.BasicCodes {
			if c.Class() != cd.Class {
				t.Errorf("%s: example %s of another class", cd.Key, c)
			}
		}
		for _, e := range cd.Enhanced {
			if e.Class != int(cd.Class) {
				t.Errorf("%s: example %s of another class", cd.Key, e)
			}
		}
	}
	if d := strings.Join(b.Ask("2xx vs 5xx", Hints{}).Compare.Differences(), "\n"); strings.Contains(d, "4.2.1") {
		t.Errorf("2xx vs 5xx given the 4xx/5xx test:\n%s", d)
	}
	vi := b.Ask("4xx vs 5xx", Hints{Lang: "vi"})
	if vi.Compare.Summary() == a.Compare.Summary() || vi.Compare.Cards[0].When == a.Compare.Cards[0].When {
		t.Errorf("Vietnamese answer is in English: %q", vi.Compare.Summary())
	}
}

// One class alone is still a list.
func TestAskClassNotCompared(t *testing.T) {
	b := newTestBot(t)
	for _, c := range []struct {
		text   string
		intent Intent
		codes  []string
	}{
		{"explain 4xx", IntentList, nil},
		{"list 4xx", IntentList, nil},
		{"4xx", IntentList, nil},
		{"4xx 5xx", IntentList, nil},
	} {
		a := b.Ask(c.text, Hints{})
		if a.Intent != c.intent || !slices.Equal(a.Codes, c.codes) {
			t.Errorf("%q: intent %s codes %v, want %s %v", c.text, a.Intent, a.Codes, c.intent, c.codes)
		}
	}
}

// Class words that do not ask about the class: a row of a report with its
// figure ("hard bounces 2.1%"), and a question of how many, a threshold
// each sender sets for itself. Words beside a class word that make no
// class word with its noun do not make a comparison.
func TestAskClassWordsNotAsked(t *testing.T) {
	b := newTestBot(t)
	tabletest.CheckBoth(t, "Ask's intent and list filter", askedList(b, Hints{}), []struct {
		In string
		A  Intent
		B  string
	}{
		{"how many soft bounces before I suppress an address?", IntentUnknown, ""},
		{"soft bounce bao nhiêu lần thì nên xoá khỏi danh sách vậy mn", IntentUnknown, ""},
		{"dashboard: hard bounces 2.1%, soft bounces 5.5% — should I be worried?", IntentUnknown, ""},
		{"we got 1200 soft bounces yesterday, should I be worried?", IntentUnknown, ""},
		// A class word that is the subject of a measure of sending
		// (class_measures) is a statistic, not a class asked about.
		{"our soft bounce ratio doubled since Monday, normal?", IntentUnknown, ""},
		{"is a hard bounce percentage of three high for a cold list?", IntentUnknown, ""},
		{"tỷ lệ bounce cứng của đợt gửi hôm qua cao quá", IntentUnknown, ""},
		{"should I worry about soft bounces?", IntentList, "4xx"},
		{"big or soft bounce, which is worse?", IntentList, "4xx"},
	})
}

// askedList is what Ask answers a text with, with h: its intent and,
// for a list, the list's filter.
func askedList(b *Bot, h Hints) func(string) (Intent, string) {
	return func(text string) (Intent, string) {
		a := b.Ask(text, h)
		if a.List != nil {
			return a.Intent, a.List.Filter
		}
		return a.Intent, ""
	}
}

// A range of codes, its two ends with a word of range_words between ("list
// 5.7.20 to 5.7.27", "từ 550 đến 554"), typed or given to the list
// subcommand, lists the catalog's codes between its ends, both included,
// the enhanced ones in the range's class; ends that make no range (two
// classes, the wrong order) do not.
func TestCodeRanges(t *testing.T) {
	b := newTestBot(t)
	for _, c := range []struct {
		text, lang string
		intent     Intent
		filter     string // the list's, which its title ends with
		codes      []string
	}{
		{"list 5.7.20 to 5.7.27", "en", IntentList, "5.7.20-5.7.27", []string{"5.7.20", "5.7.21", "5.7.22", "5.7.23", "5.7.24", "5.7.25", "5.7.26", "5.7.27"}},
		{"X.7.20 thru X.7.22?", "en", IntentList, "x.7.20-x.7.22", []string{"X.7.20", "X.7.21", "X.7.22"}},
		{"từ 550 đến 554 là những mã gì", "vi", IntentList, "550-554", []string{"550", "551", "552", "553", "554"}},
		{"5.7.27 to 5.7.20", "en", IntentCompare, "", nil},
		{"4.2.2 to 5.2.2", "en", IntentCompare, "", nil},
	} {
		a := b.Ask(c.text, Hints{Lang: c.lang})
		if a.Intent != c.intent || (a.List == nil) != (c.filter == "") {
			t.Errorf("%q: %s, list %v, want %s, list %v", c.text, a.Intent, a.List != nil, c.intent, c.filter != "")
			continue
		}
		if a.List == nil {
			continue
		}
		var codes []string
		for _, it := range a.List.Items {
			codes = append(codes, it.Code)
		}
		if a.List.Filter != c.filter || !slices.Equal(codes, c.codes) || !strings.HasSuffix(a.Title, " "+c.filter) {
			t.Errorf("%q: %q (filter %q) lists %v, want %v under a title ending in %s", c.text, a.Title, a.List.Filter, codes, c.codes, c.filter)
		}
	}
	chosen := askedList(b, Hints{Intent: IntentList, Operands: []string{"5.7.20 to 5.7.27"}})
	if intent, filter := chosen(""); intent != IntentList || filter != "5.7.20-5.7.27" {
		t.Errorf("the list subcommand with a range: %s %q, want list 5.7.20-5.7.27", intent, filter)
	}
	if _, filter := askedList(b, Hints{Intent: IntentList, Operands: []string{"5.7.27 to 5.7.20"}})(""); filter != "5.7.x" {
		t.Errorf("the list subcommand with ends in the wrong order: filter %q, want the first code's class 5.7.x", filter)
	}
}

// What a comparison of a class with a code says: RFC 5321's test, when to
// send which, and never a guess at a malformed code.
func TestClassBesideCodeContent(t *testing.T) {
	b := newTestBot(t)
	a := b.Ask("4xx vs 550", Hints{})
	text := a.Compare.Text()
	if diffs := strings.Join(text.Differences, "\n"); !strings.Contains(diffs, "4.2.1") || !strings.Contains(diffs, "550") {
		t.Errorf("differences lack the RFC 5321 §4.2.1 test or the code:\n%s", diffs)
	}
	if op := strings.Join(text.Operator, "\n"); !strings.Contains(op, "Send 4xx when") || !strings.Contains(op, "send 550 only") {
		t.Errorf("operator advice does not say when to send which:\n%s", op)
	}
	if len(text.Reader) != 2 || !strings.Contains(text.Summary, "550 Mailbox unavailable") {
		t.Errorf("prose: %+v", text)
	}
	for _, bad := range []string{"4xx vs 999", "999 vs 5xx"} {
		if a := b.Ask(bad, Hints{}); a.Intent != IntentUnknown {
			t.Errorf("%q: intent %s, want unknown (never guess the missing half)", bad, a.Intent)
		}
	}
}

// A list asked for in other shapes than a class typed: a subject of
// enhanced codes named by its class and subject alone ("4.2") or by its
// name in the registry, in any content language, after a list command or
// right before the noun of a list question; a class asked about beside a
// code the asker sets aside ("except 221"); a range's ends glued by a
// hyphen or a dash. A code named for a situation ("what code for …
// mailbox full") stays explained, ends after a verb of change ("moved
// our reply from 421 to 450") are compared, and a reply's continuation
// ("550-5.1.1") stays a reply.
func TestListShapes(t *testing.T) {
	b := newTestBot(t)
	tabletest.CheckBoth(t, "Ask's intent and list filter", askedList(b, Hints{}), []struct {
		In string
		A  Intent
		B  string
	}{
		{"list addressing codes", IntentList, "x.1.x"},
		{"which mail delivery protocol codes are there?", IntentList, "x.5.x"},
		{"show all the network/routing codes", IntentList, "x.4.x"},
		{"liệt kê mã bảo mật hoặc chính sách", IntentList, "x.7.x"},
		{"show me the 4.2 codes", IntentList, "4.2.x"},
		{"các mã 5.1 gồm những gì", IntentList, "5.1.x"},
		{"ls 4.4", IntentList, "4.4.x"},
		{"what 2xx codes are there except 221?", IntentList, "2xx"},
		{"các mã 2xx ngoài 250", IntentList, "2xx"},
		{"list 530–535", IntentList, "530-535"},
		{"codes 5.7.20-5.7.23 please", IntentList, "5.7.20-5.7.23"},
		{"what code for a full mailbox?", IntentExplain, ""},
		{"we moved our reply from 421 to 450, fine?", IntentCompare, ""},
		{"550-5.1.1 user unknown", IntentDiagnose, ""},
	})
}
