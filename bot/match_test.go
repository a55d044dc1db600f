package bot

import (
	"testing"

	"github.com/smtpbot/smtpbot/catalog"
	"github.com/smtpbot/smtpbot/internal/tabletest"
)

func TestEditDistance(t *testing.T) {
	tabletest.Check3(t, "editDistance", editDistance, []struct {
		A, B string
		C    int // max
		Want int
	}{
		{"verify", "verify", 2, 0},
		{"verfy", "verify", 2, 1},
		{"exceded", "exceeded", 2, 1},
		{"recieve", "receive", 2, 1}, // a transposition is one edit
		{"authentification", "authentication", 2, 2},
		{"mailbox", "malibox", 2, 1},
		{"quota", "quote", 2, 1},
		{"abc", "xyzxyz", 2, 3}, // beyond max: max+1
		{"hộp", "hop", 3, 1},    // runes, not bytes
	})
}

// Every alias of the lexicons (the catalog checks that its code exists) is
// found again as itself, with and without its diacritics.
func TestAliasesResolve(t *testing.T) {
	b := newTestBot(t)
	n := 0
	for lx := range b.Catalog().Lexicons() {
		for _, a := range lx.Aliases {
			c, err := catalog.ParseCode(a.Code)
			if err != nil {
				t.Errorf("alias %q: %v", a.Code, err)
				continue
			}
			for _, p := range a.Phrases {
				for _, in := range []string{p, fold(p)} {
					n++
					m := b.lex().newMessage(in)
					got := b.findNames(m.toks, false)
					if len(got) != 1 || got[0].code != c {
						t.Errorf("alias %q: found %v, want %s", in, got, a.Code)
					}
				}
			}
		}
	}
	if n < 100 {
		t.Errorf("only %d alias phrases: are the lexicons loaded?", n)
	}
}

// Names, keywords and what people type instead.
func TestFindNames(t *testing.T) {
	b := newTestBot(t)
	tests := []struct {
		in   string
		want []string
	}{
		{"cannot verify user vs mailbox full", []string{"252", "552"}},
		{"exceded storage allocation", []string{"552"}},
		{"authentification failed", []string{"535"}},
		{"cannot verfy user", []string{"252"}},
		{"mbox full", []string{"552"}},
		{"Requested mail action aborted: exceeded storage allocation", []string{"552"}},
		{"người nhận không tồn tại", []string{"550"}},
		{"nguoi nhan khong ton tai", []string{"550"}},
		{"what is the weather", nil},
		{"hard bounce", nil}, // the words of a question, not a name
		{"qwxzv plorg", nil},
	}
	for _, tt := range tests {
		m := b.lex().newMessage(tt.in)
		var got []string
		for _, n := range b.findNames(m.toks, false) {
			got = append(got, n.code.String())
		}
		if len(got) != len(tt.want) {
			t.Errorf("findNames(%q) = %v, want %v", tt.in, got, tt.want)
			continue
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("findNames(%q) = %v, want %v", tt.in, got, tt.want)
				break
			}
		}
	}
}

// sahilm/fuzzy's score grows exponentially along a contiguous match; a
// pattern near its overflow must still be handled (the bot caps patterns).
func TestAbbrevLongInput(t *testing.T) {
	b := newTestBot(t)
	long := "requested mail action aborted exceeded storage allocation requested mail action aborted exceeded storage allocation"
	if c, ok := b.ix.abbrev(long, false); ok && c.String() == "" {
		t.Errorf("abbrev returned an empty code")
	}
	if len([]rune(capRunes(long, maxFuzzyPattern))) != maxFuzzyPattern {
		t.Errorf("capRunes does not cap")
	}
}
