package bot

import (
	"strings"
	"testing"
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
		{"5.7.62", "en", "5.7.26"},
	}
	for _, tt := range first {
		got := b.Suggest(tt.in, tt.lang, 5)
		if len(got) == 0 || got[0].Code != tt.want {
			t.Errorf("Suggest(%q)[0] = %v, want %s first", tt.in, suggestCodes(got), tt.want)
		}
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
	if got := b.Suggest("55", "en", 0); got != nil {
		t.Errorf("Suggest(n=0) = %v", got)
	}
}

func BenchmarkSuggest(b *testing.B) {
	bot := newBenchBot(b)
	ins := []string{"55", "5.7.", "mailbox fu", "mailbx ful", ""}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		bot.Suggest(ins[i%len(ins)], "en", 25)
	}
}
