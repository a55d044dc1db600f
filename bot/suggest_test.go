package bot

import (
	"slices"
	"strings"
	"testing"

	"github.com/smtpbot/smtpbot/catalog"
)

func suggestCodes(s []Suggestion) []string {
	out := make([]string, len(s))
	for i, x := range s {
		out[i] = x.Code
	}
	return out
}

func TestSuggest(t *testing.T) {
	b := newTestBot(t)
	prefixed := []struct {
		in, want string // every suggestion starts with want
		min      int
	}{
		{"55", "55", 5},
		{"5.7.", "5.7.", 10},
		{"5.7.2", "5.7.2", 5},
		{"x.2", "X.2.", 3},
		{"4", "4", 10},
	}
	for _, tt := range prefixed {
		got := b.Suggest(tt.in, "en", 25)
		if len(got) < tt.min {
			t.Errorf("Suggest(%q) = %v, want at least %d", tt.in, suggestCodes(got), tt.min)
		}
		for _, s := range got {
			if !strings.HasPrefix(s.Code, tt.want) || s.Name == "" || s.Class == "" {
				t.Errorf("Suggest(%q) gave %+v, want codes starting %q with a name and class", tt.in, s, tt.want)
			}
		}
	}
	first := []struct{ in, lang, want string }{
		{"mailbox fu", "en", "552"},
		{"mailbx ful", "en", "552"},
		{"mbox full", "en", "552"},
		{"greylist", "en", "450"},
		{"hộp thư đầy", "vi", "552"},
		{"hop thu day", "vi", "552"},
		{"525", "en", "525"},
		{"5.7.62", "en", "5.7.62"}, // well formed: chat answers it as typed
		{"5.7.99", "en", "5.7.99"},
		{"599", "en", ""}, // no such class of second digit: not offered
	}
	for _, tt := range first {
		got := b.Suggest(tt.in, tt.lang, 5)
		if tt.want == "" {
			if slices.Contains(suggestCodes(got), tt.in) {
				t.Errorf("Suggest(%q) = %v, offers what is no code", tt.in, suggestCodes(got))
			}
			continue
		}
		if len(got) == 0 || got[0].Code != tt.want {
			t.Errorf("Suggest(%q)[0] = %v, want %s first", tt.in, suggestCodes(got), tt.want)
		}
	}
	// A code one typo from what was typed comes right after it.
	if got := suggestCodes(b.Suggest("5.7.62", "en", 2)); !slices.Equal(got, []string{"5.7.62", "5.7.26"}) {
		t.Errorf("Suggest(5.7.62) = %v, want the code as typed, then 5.7.26", got)
	}
	// A code the registry lacks is named by its subject.
	if got := b.Suggest("5.7.99", "en", 1); len(got) != 1 || got[0].Name != b.Catalog().Subject(7).Name.In("en") {
		t.Errorf("Suggest(5.7.99) = %+v, want the subject's name", got)
	}
	if got := b.Suggest("hộp thư đầy", "vi", 1); len(got) != 1 || got[0].Name != b.Catalog().Reply(552).Name.In("vi") {
		t.Errorf("Suggest in Vietnamese = %+v, want the Vietnamese name", got)
	}
	if got := b.Suggest("", "en", 3); len(got) != 3 || got[0].Class[1:] != "xx" {
		t.Errorf("Suggest(\"\") = %+v, want three common basic codes", got)
	}
	for _, in := range []string{"qwxzv", strings.Repeat("5", 5000), "\xff\xfe", "5..", "x"} {
		if got := b.Suggest(in, "en", 25); len(got) > 25 {
			t.Errorf("Suggest(%q) gave %d, more than asked", in, len(got))
		}
	}
	// An x stands for a part not given; a reply's codes are read as a
	// server writes them, the last one still being typed.
	for _, s := range b.Suggest("5.x.1", "en", 25) {
		if !codePrefix(s.Code, "5.x.1") {
			t.Errorf("Suggest(5.x.1) gave %s", s.Code)
		}
	}
	if got := suggestCodes(b.Suggest("5.x.1", "en", 25)); len(got) < 5 {
		t.Errorf("Suggest(5.x.1) = %v, want the 5.s.1 codes", got)
	}
	if got := suggestCodes(b.Suggest("554 5.7", "en", 3)); len(got) != 3 || got[0] != "554" || !strings.HasPrefix(got[1], "5.7.") {
		t.Errorf("Suggest(554 5.7) = %v, want 554 then 5.7.x", got)
	}
	// The start of a code: the codes most met first.
	if got := suggestCodes(b.Suggest("5", "en", 1)); !slices.Equal(got, []string{"550"}) {
		t.Errorf("Suggest(5) = %v, want 550 first", got)
	}
	if got := suggestCodes(b.Suggest("5.1.", "en", 1)); !slices.Equal(got, []string{"5.1.1"}) {
		t.Errorf("Suggest(5.1.) = %v, want 5.1.1 first", got)
	}
	// Names servers print that are no words: an NDR name, a provider's tag.
	if got := suggestCodes(b.Suggest("RecipNotF", "en", 2)); !slices.Contains(got, "550") {
		t.Errorf("Suggest(RecipNotF) = %v, want 550", got)
	}
	if got := suggestCodes(b.Suggest("[TSS04", "en", 2)); !slices.Equal(got, []string{"421", "4.7.0"}) {
		t.Errorf("Suggest([TSS04) = %v, want Yahoo's 421 4.7.0", got)
	}
	// Only what no code is made of: nothing, not the common codes.
	for _, in := range []string{"\x00\x01", "😀", " \u200b "} {
		if got := b.Suggest(in, "en", 5); got != nil {
			t.Errorf("Suggest(%q) = %v, want nothing", in, suggestCodes(got))
		}
	}
	if got := b.Suggest("55", "en", 0); got != nil {
		t.Errorf("Suggest(n=0) = %v", got)
	}
}

func TestFilters(t *testing.T) {
	b := newTestBot(t)
	tests := []struct {
		in   string
		want []string // among the filters, in this order
		not  string   // a filter that must not be there
	}{
		{"", []string{"2xx", "3xx", "4xx", "5xx", "X.1.x"}, ""},
		{"4", []string{"4xx", "4.1.x"}, "X.1.x"},
		{"5.7", []string{"5.7.x"}, "5xx"},
		{"x.7", []string{"X.7.x"}, "X.1.x"},
		{"secur", []string{"X.7.x"}, "4xx"}, // by name
	}
	for _, tt := range tests {
		got := suggestCodes(b.Filters(tt.in, "en", 25))
		i := 0
		for _, g := range got {
			if i < len(tt.want) && g == tt.want[i] {
				i++
			}
		}
		if i < len(tt.want) || (tt.not != "" && slices.Contains(got, tt.not)) {
			t.Errorf("Filters(%q) = %v, want %v in order and not %q", tt.in, got, tt.want, tt.not)
		}
		for _, f := range got {
			// Every filter is one "list" understands.
			if l := b.Answer(Query{Intent: IntentList, Filter: f}, "en").List; l == nil || l.Filter == "" || len(l.Items) == 0 {
				t.Errorf("Filters(%q) offers %q, which lists nothing", tt.in, f)
			}
		}
	}
	if got := b.Filters("", "en", 3); len(got) != 3 {
		t.Errorf("Filters(n=3) gave %d", len(got))
	}
}

func BenchmarkSuggest(b *testing.B) {
	bot := newTestBot(b)
	ins := []string{"55", "5.7.", "mailbox fu", "mailbx ful", ""}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		bot.Suggest(ins[i%len(ins)], "en", 25)
	}
}

// BenchmarkSuggestTyped is autocomplete on inputs as batch 2 typed them:
// misspelt, half-typed tags, wrapped codes, markup, full-width digits.
func BenchmarkSuggestTyped(b *testing.B) {
	bot := newTestBot(b)
	ins := []string{"reley denied", "STOREDRV.Subm", "[BL2", "sender verify fai", "<script>", "５５０", "(#5.1.1)", "không tìm thấy người nhận"}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		bot.Suggest(ins[i%len(ins)], "en", 25)
	}
}

// FuzzSuggest: whatever is typed, in any language asked, Suggest never
// panics and offers at most n codes, each a code chat reads, with a name
// and a class.
func FuzzSuggest(f *testing.F) {
	for _, s := range []string{"55", "5.x.1", "554 5.7", "550-5.1", "x", "x.x", "5..", ".5", "mailbox fu", "[TSS04",
		"RESOLVER.ADR.Rec", "hộp thư đ", "\x00\x01", "😀", "\xff\xfe", "5.7.70", "5xx", "- -", strings.Repeat("5.", 80),
		"５５０", "(#5.1.1)", "550.", "<script>", "</", "<a<b>", "STOREDRV.Subm", "reley denied", "smtp-451"} {
		f.Add(s, "en", 25)
	}
	b := newTestBot(f)
	f.Fuzz(func(t *testing.T, in, lang string, n int) {
		n = n % 40
		got := b.Suggest(in, lang, n)
		if len(got) > max(n, 0) {
			t.Fatalf("Suggest(%q, %d) gave %d", in, n, len(got))
		}
		for _, s := range got {
			if _, err := catalog.ParseCode(s.Code); err != nil || s.Name == "" || s.Class == "" {
				t.Fatalf("Suggest(%q) gave %+v (%v)", in, s, err)
			}
		}
	})
}

// TestSuggestReadsAsTyped checks the mechanisms behind autocomplete batch 2
// (tests/eval/suggest.jsonl sg158–sg237), each on inputs of its own.
func TestSuggestReadsAsTyped(t *testing.T) {
	b := newTestBot(t)
	first := []struct {
		why, in, lang string
		want          []string // any of these first; none: nothing offered
	}{
		{"full-width digits fold to ASCII", "４２１", "en", []string{"421"}},
		{"full-width dots too", "５．７．２６", "en", []string{"5.7.26"}},
		{"qmail's (#…) around a code", "(#5.7.1)", "en", []string{"5.7.1"}},
		{"a sentence's full stop after a basic code", "552.", "en", []string{"552"}},
		{"a sentence's full stop after an enhanced code", "5.2.2.", "en", []string{"5.2.2"}},
		{"a dot a longer code follows stays", "5.1.", "en", []string{"5.1.1"}},
		{"a markup tag names nothing", "</b>", "en", nil},
		{"words inside markup are read", "<b>mailbox full</b>", "en", []string{"552"}},
		{"an undocumented code after the documented codes it begins", "4.7.65", "en", []string{"4.7.650", "4.7.652"}},
		{"a catch-all after the specific codes met as often", "5.3.", "en", []string{"5.3.4", "5.3.1"}},
		{"a provider tag begun, by its reason's codes", "Unrouteable addr", "en", []string{"X.1.2", "X.4.4"}},
		{"a provider tag of letters begun, by its category's reason", "cuda_n", "en", []string{"X.1.1"}},
		{"a tag a code's note names, with that code", "[BL23", "en", []string{"553"}},
		{"a server's name by its parts typed whole", "RESOLVER.ADR.Xyz", "en", []string{"5.1.1", "5.1.10", "5.5.3", "5.1.4"}},
		{"a number after a word is no part of a name", "smtp-451", "en", nil},
		{"an abbreviation with a word misspelt", "relya acc denied", "en", []string{"554"}},
		{"Vietnamese: recipient not found", "không tìm thấy địa chỉ", "vi", []string{"550"}},
		{"Vietnamese: over the limit", "vượt giới hạn", "vi", []string{"552"}},
		{"Vietnamese typed in Telex, the input method off", "nguwowif nhaanj khoong toonf taij", "vi", []string{"550", "X.1.1"}},
	}
	for _, tt := range first {
		got := suggestCodes(b.Suggest(tt.in, tt.lang, 5))
		switch {
		case tt.want == nil && len(got) > 0:
			t.Errorf("%s: Suggest(%q) = %v, want nothing", tt.why, tt.in, got)
		case tt.want != nil && (len(got) == 0 || !slices.Contains(tt.want, got[0])):
			t.Errorf("%s: Suggest(%q) = %v, want one of %v first", tt.why, tt.in, got, tt.want)
		}
	}
	// The catch-all still comes, after the others.
	if got := suggestCodes(b.Suggest("5.5.", "en", 25)); !slices.Contains(got, "5.5.0") || got[0] == "5.5.0" {
		t.Errorf("Suggest(5.5.) = %v, want 5.5.0 offered after the specific codes", got)
	}
	// The code as typed still comes, after the documented ones.
	if got := suggestCodes(b.Suggest("5.7.70", "en", 25)); !slices.Contains(got, "5.7.70") || got[0] == "5.7.70" {
		t.Errorf("Suggest(5.7.70) = %v, want 5.7.70 after the documented codes it begins", got)
	}
}

func TestTelexBase(t *testing.T) {
	for _, tt := range []struct {
		in, want string
		ok       bool
	}{
		{"hoopj", "hop", true}, {"thuw", "thu", true}, {"ddaayf", "day", true},
		{"nguwowif", "nguoi", true}, {"tuw", "tu", true},
		{"days", "", false}, {"mailbox", "", false}, {"relay", "", false}, {"x", "", false},
	} {
		if got, ok := telexBase(tt.in); ok != tt.ok || (ok && got != tt.want) {
			t.Errorf("telexBase(%q) = %q, %v, want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}
