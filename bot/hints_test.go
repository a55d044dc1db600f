package bot

import "testing"

func TestAskLanguagePolicy(t *testing.T) {
	b := newTestBot(t)
	tests := []struct {
		name, text string
		h          Hints
		want       string
	}{
		{"explicit wins over words", "hộp thư đầy", Hints{Lang: "en", Locale: "vi"}, "en"},
		{"words win over locale", "hộp thư đầy", Hints{Locale: "en-US"}, "vi"},
		{"locale when words tell nothing", "552", Hints{Locale: "vi"}, "vi"},
		{"locale with region", "552", Hints{Locale: "pt-BR"}, "pt"},
		{"locale named by region, catalog by script", "552", Hints{Locale: "zh-CN"}, "zh-Hans"},
		{"own words only", "compare 552 vs 452", Hints{Words: "552 452", Locale: "vi"}, "vi"},
		{"unknown explicit falls through", "552", Hints{Lang: "xx", Locale: "vi"}, "vi"},
		{"default", "552", Hints{Locale: "tlh"}, "en"},
	}
	for _, tt := range tests {
		if !b.cat.HasLanguage(tt.want) {
			t.Fatalf("%s: the catalog has no %q", tt.name, tt.want)
		}
		if got := b.Ask(tt.text, tt.h).Lang; got != tt.want {
			t.Errorf("%s: Ask(%q, %+v).Lang = %q, want %q", tt.name, tt.text, tt.h, got, tt.want)
		}
		if got := b.Language(tt.text, tt.h); got != tt.want {
			t.Errorf("%s: Language(%q, %+v) = %q, want %q", tt.name, tt.text, tt.h, got, tt.want)
		}
	}
}

func TestHasQuestion(t *testing.T) {
	for in, want := range map[string]bool{
		"<@U123>": false, "  <@U1> <#C2|general> ": false, "": false, "?!": false,
		"<@U123> 550": true, "hộp thư": true, "<@1234567890> what is 421": true,
	} {
		if got := HasQuestion(in); got != want {
			t.Errorf("HasQuestion(%q) = %v, want %v", in, got, want)
		}
	}
}
