package discord

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/smtpbot/smtpbot/catalog"
)

func testSuggester(t testing.TB) (*suggester, *catalog.Catalog) {
	t.Helper()
	cat, err := catalog.Load(catalog.Embedded())
	if err != nil {
		t.Fatalf("load catalog: %v", err)
	}
	return newSuggester(cat), cat
}

func TestSuggestCodes(t *testing.T) {
	t.Parallel()
	s, _ := testSuggester(t)
	tests := []struct {
		in    string
		lang  string
		first string   // the first choice, when set
		has   []string // choices that must be there
		not   []string // choices that must not
		all   func(v string) bool
	}{
		{in: "", has: []string{"550", "421"}, all: func(v string) bool { return len(v) == 3 }},
		{in: "5", first: "500", has: []string{"550", "5.1.1"}},
		{in: "55", first: "550", has: []string{"552", "554"}, all: func(v string) bool { return strings.HasPrefix(v, "55") }},
		{in: "552", first: "552"},
		{in: "4.2.2", first: "4.2.2"},
		{in: "5.7.2", has: []string{"5.7.26", "5.7.25"}, all: func(v string) bool { return strings.HasPrefix(v, "5.7.2") }},
		{in: "x.7", has: []string{"X.7.1"}, all: func(v string) bool { return strings.HasPrefix(v, "X.7.") }},
		{in: "X.7", has: []string{"X.7.1"}},
		{in: "4211", has: []string{"421"}},             // one digit too many
		{in: "5.7.62", has: []string{"5.7.26"}},        // swapped digits
		{in: "599", not: []string{"599"}},              // not a valid code: not offered
		{in: "5.7.99", first: "5.7.99"},                // valid, unknown: offered as typed
		{in: "storage", has: []string{"552"}},          // name
		{in: "Exceeded storage", has: []string{"552"}}, // name, case
		{in: "mailbx ful", has: []string{"552"}},       // typos
		{in: "hop thu day", lang: "vi", has: []string{"552"}},
		{in: "hộp thư đầy", lang: "vi", has: []string{"552"}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			lang := tt.lang
			if lang == "" {
				lang = catalog.English
			}
			choices := s.Codes(tt.in, lang, MaxChoices)
			if len(choices) > MaxChoices {
				t.Errorf("%d choices", len(choices))
			}
			var got []string
			for _, c := range choices {
				v, _ := c.Value.(string)
				got = append(got, v)
				if utf8.RuneCountInString(c.Name) > maxChoiceLen || utf8.RuneCountInString(v) > maxChoiceLen {
					t.Errorf("choice %q too long", c.Name)
				}
				if !strings.HasPrefix(c.Name, v) {
					t.Errorf("choice name %q does not start with its code %q", c.Name, v)
				}
				if tt.all != nil && !tt.all(v) {
					t.Errorf("choice %q does not fit", v)
				}
			}
			if tt.first != "" && (len(got) == 0 || got[0] != tt.first) {
				t.Errorf("choices %v, want %s first", got, tt.first)
			}
			for _, h := range tt.has {
				if !containsString(got, h) {
					t.Errorf("choices %v lack %s", got, h)
				}
			}
			for _, n := range tt.not {
				if containsString(got, n) {
					t.Errorf("choices %v include %s", got, n)
				}
			}
		})
	}
}

// TestSuggestEveryCode checks that every catalog code is offered when its
// number is typed in full, so no code is unreachable from autocomplete.
func TestSuggestEveryCode(t *testing.T) {
	t.Parallel()
	s, cat := testSuggester(t)
	for _, r := range cat.Replies() {
		c := s.Codes(r.Code.String(), catalog.English, MaxChoices)
		if len(c) == 0 || c[0].Value != r.Code.String() {
			t.Errorf("%s: first choice %v", r.Code, c)
		}
	}
	for _, e := range cat.EnhancedList() {
		code := "5" + e.Code.String()[1:]
		c := s.Codes(code, catalog.English, MaxChoices)
		if len(c) == 0 || c[0].Value != code {
			t.Errorf("%s: first choice %v", code, c)
		}
	}
}

func TestSuggestClasses(t *testing.T) {
	t.Parallel()
	s, _ := testSuggester(t)
	tests := []struct {
		in   string
		want []string
	}{
		{"", []string{"2xx", "3xx", "4xx", "5xx", "X.1.x"}},
		{"4", []string{"4xx", "4.1.x"}},
		{"5.7", []string{"5.7.x"}},
		{"x.7", []string{"X.7.x"}},
	}
	for _, tt := range tests {
		var got []string
		for _, c := range s.Classes(tt.in, catalog.English, MaxChoices) {
			got = append(got, c.Value.(string))
		}
		for _, w := range tt.want {
			if !containsString(got, w) {
				t.Errorf("Classes(%q) = %v, lacks %s", tt.in, got, w)
			}
		}
	}
}

func TestEditDistance(t *testing.T) {
	t.Parallel()
	tests := []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"552", "552", 0},
		{"525", "552", 1}, // swap
		{"55", "552", 1},
		{"mailbx", "mailbox", 1},
		{"quota", "qouta", 1},
		{"đầy", "đây", 1},
		{"abc", "xyz", 3},
	}
	for _, tt := range tests {
		if got := editDistance(tt.a, tt.b); got != tt.want {
			t.Errorf("editDistance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
		if got := editDistance(tt.b, tt.a); got != tt.want {
			t.Errorf("editDistance(%q, %q) = %d, want %d (symmetry)", tt.b, tt.a, got, tt.want)
		}
	}
}

func TestFold(t *testing.T) {
	t.Parallel()
	if got := fold("  Hộp THƯ Đầy "); got != "hop thu day" {
		t.Errorf("fold = %q", got)
	}
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func BenchmarkAutocomplete(b *testing.B) {
	s, _ := testSuggester(b)
	for _, in := range []string{"55", "5.7.2", "mailbx ful"} {
		b.Run(in, func(b *testing.B) {
			for b.Loop() {
				s.Codes(in, catalog.English, MaxChoices)
			}
		})
	}
}
