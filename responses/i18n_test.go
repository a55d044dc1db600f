package responses

import (
	"strings"
	"testing"

	"github.com/smtpbot/smtpbot/bot"
	"github.com/smtpbot/smtpbot/catalog"
)

// TestFrameLanguagesRender renders 252 vs 552 in every frame language and
// checks that the headings are that language's and that languages without
// translated code texts say so.
func TestFrameLanguagesRender(t *testing.T) {
	b := newBot(t)
	cat := b.Catalog()
	langs := cat.FrameLanguages()
	if len(langs) < 15 {
		t.Fatalf("%d frame languages, want the 15 of the source site", len(langs))
	}
	for _, lang := range langs {
		a := b.Ask("252 vs 552", bot.Hints{Lang: lang})
		if a.Lang != lang {
			t.Errorf("%s: answered in %s", lang, a.Lang)
			continue
		}
		f := cat.Frame(lang)
		out := Text(a, TextOptions{Width: 100}) + Markdown(a, Options{})
		for _, h := range []string{f.Description, f.When, f.KeyDifferences, f.WhenToUse, f.LearnMore} {
			if !strings.Contains(out, h) {
				t.Errorf("%s: heading %q missing", lang, h)
			}
		}
		content := lang == catalog.English || lang == catalog.Vietnamese
		if hasNote := strings.Contains(out, f.Untranslated); hasNote == content {
			t.Errorf("%s: untranslated note shown = %v, want %v", lang, hasNote, !content)
		}
		if lang != catalog.English && strings.Contains(out, "Key differences") {
			t.Errorf("%s: English heading leaked", lang)
		}
	}
}

// TestRightToLeft: Arabic is marked right-to-left for renderers that can use it.
func TestRightToLeft(t *testing.T) {
	b := newBot(t)
	if d := b.Catalog().Frame("ar").Dir; d != "rtl" {
		t.Fatalf("ar dir = %q", d)
	}
}
