package bot

import (
	"testing"

	"github.com/sahilm/fuzzy"

	"github.com/smtpbot/smtpbot/internal/tabletest"
)

// TestTermAlone: a keyword typed alone is answered with the code
// autocomplete offers first for it (issue #13), not with a diagnosis
// without a code, a list or a guess; a word begun, a longer sentence and a
// command keep their own readings.
// Its questions for Parse are read in TestParseReadings/TermAlone.
func TestTermAlone(t *testing.T) {
	b := newTestBot(t)
	// A word begun, the first word of names of many codes, no name: no
	// answer, only suggestions.
	for _, in := range []string{"spa", "dki", "auto-reply", "domain", "gmail", "mailbox"} {
		if q := b.Parse(in); q.Intent != IntentUnknown {
			t.Errorf("Parse(%q) = %s %v, want unknown: no sure name", in, q.Intent, codeStrings(q.Codes))
		}
	}
	// Chat's code is autocomplete's first.
	for _, in := range []string{"spam", "dkim", "relay", "quota", "QuotaExceeded", "SendSizeLimit", "[TSS04]", "danh sách đen"} {
		a := b.Ask(in, Hints{})
		s := b.Suggest(in, "en", 3)
		if len(a.Codes) == 0 || len(s) == 0 || a.Codes[0] != s[0].Code {
			t.Errorf("%q: chat %v, autocomplete %v: want the same first code", in, a.Codes, s)
		}
	}
}

// TestTermNotPasted: a term typed alone is asked about, not a pasted text
// that says what it is ("auto-reply" is no auto-reply pasted).
func TestTermNotPasted(t *testing.T) {
	b := newTestBot(t)
	for _, in := range []string{"auto-reply", "trả lời tự động"} {
		if a := b.Ask(in, Hints{}); a.NotBounce != "" || a.Intent != IntentUnknown {
			t.Errorf("%q: intent %s, not_bounce %q; want unknown", in, a.Intent, a.NotBounce)
		}
	}
}

// TestAbbrevWordRunsOn: a word typed that runs on into the next word of a
// phrase must go on at that word's start.
func TestAbbrevWordRunsOn(t *testing.T) {
	runsOn := func(query, target string) bool {
		for _, m := range fuzzy.Find(query, []string{target}) {
			if acceptAbbrev(query, m) {
				return true
			}
		}
		return false
	}
	tabletest.Check2(t, "abbreviation", runsOn, []struct {
		A, B string
		Want bool
	}{
		{"auto", "auth login", false},
		{"recipnotfound", "recipient not found", true},
		{"quotaexceeded", "quota exceeded", true},
		{"mbox full", "mailbox full", true},
		{"auth fail", "authentication failed", true},
	})
}
