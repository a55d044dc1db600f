package catalog

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

// Every content language has a lexicon, and the lexicons hold the lists the
// parser cannot do without.
func TestLexiconSchema(t *testing.T) {
	c := loadEmbedded(t)
	have := map[string]bool{}
	for lx := range c.Lexicons() {
		have[lx.Lang] = true
		if !c.HasLanguage(lx.Lang) {
			t.Errorf("lexicon/%s.json has no frame: the bot could not answer in it", lx.Lang)
		}
		if len(lx.Fillers) == 0 || len(lx.Separators) == 0 || len(lx.DetectWords) == 0 || len(lx.QuestionTail) == 0 {
			t.Errorf("lexicon/%s.json: fillers, separators, detect_words and question_tail are needed", lx.Lang)
		}
	}
	for _, lang := range c.ContentLanguages() {
		if !have[lang] {
			t.Errorf("no lexicon/%s.json", lang)
		}
	}
	if lexicons := slices.Collect(c.Lexicons()); len(lexicons) == 0 || lexicons[0].Lang != English {
		t.Errorf("English is not the first lexicon")
	}
	if n := len(slices.Collect(c.NDRNames())); n < 10 {
		t.Errorf("only %d NDR names", n)
	}
}

func TestLexiconIsStrict(t *testing.T) {
	base := readEmbedded(t, "lexicon/en.json")
	ndr := readEmbedded(t, "ndr.json")
	for _, tc := range []struct{ name, file, content, want string }{
		{"unknown field", "lexicon/en.json", strings.Replace(base, `"fillers": [`, `"fillerz": [], "fillers": [`, 1), "fillerz"},
		{"unknown alias code", "lexicon/en.json", strings.Replace(base, `{"code": "252",`, `{"code": "X.7.99",`, 1), "alias code X.7.99 is not in the catalog"},
		{"library name without source", "lexicon/en.json", strings.Replace(base, `{"code": "252",`, `{"code": "252", "library": "a client",`, 1), "need their source"},
		{"library name of words", "lexicon/en.json", strings.Replace(base, `"phrases": ["mailboxbusy"]`, `"phrases": ["mailbox busy"]`, 1), "not one identifier"},
		{"upper case", "lexicon/en.json", strings.Replace(base, `"fillers": [`, `"fillers": ["What", `, 1), "not lower case"},
		{"listed twice", "lexicon/en.json", strings.Replace(base, `"fillers": [`, `"fillers": ["what", `, 1), "listed twice"},
		{"padded", "lexicon/en.json", strings.Replace(base, `"compare": [`, `"compare": [" vs", `, 1), "extra spaces"},
		{"abbreviation without period", "lexicon/en.json", strings.Replace(base, `"e.g."`, `"eg"`, 1), "not one word ending in a period"},
		{"abbreviation twice", "lexicon/en.json", strings.Replace(base, `"i.e."`, `"e.g."`, 1), "listed twice"},
		{"ending not letters", "lexicon/en.json", strings.Replace(base, `{"ending": "ies", "base": "y"}`, `{"ending": "-ies", "base": "y"}`, 1), "an ending is lower-case letters"},
		{"ending twice", "lexicon/en.json", strings.Replace(base, `{"ending": "ied", "base": "y"}`, `{"ending": "ies", "base": "y"}`, 1), "listed once"},
		{"code ending not letters", "lexicon/en.json", strings.Replace(base, `"code_endings": ["s"`, `"code_endings": ["5"`, 1), "code ending \"5\""},
		{"code ending twice", "lexicon/en.json", strings.Replace(base, `"code_endings": ["s"`, `"code_endings": ["'s"`, 1), "listed twice"},
		{"compare sign of two marks", "lexicon/en.json", strings.Replace(base, `"compare_signs": [`, `"compare_signs": ["!=", `, 1), "not one mark"},
		{"compare sign a letter", "lexicon/en.json", strings.Replace(base, `"compare_signs": [`, `"compare_signs": ["x", `, 1), "not one mark"},
		{"particle of two words", "lexicon/en.json", strings.Replace(base, `"detect_phrases": [`, `"detect_particles": ["you know"], "detect_phrases": [`, 1), "not one short word"},
		{"class mismatch", "ndr.json", strings.Replace(ndr, `"reply": 554, "enhanced": "5.2.2"`, `"reply": 454, "enhanced": "5.2.2"`, 1), "differ in class"},
		{"generic code", "ndr.json", strings.Replace(ndr, `"enhanced": "5.5.3"`, `"enhanced": "X.5.3"`, 1), "not a full code"},
		{"no Vietnamese", "ndr.json", strings.Replace(ndr, `, "vi": "Thư có nhiều`, `, "xx": "Thư có nhiều`, 1), "needs vi text"},
	} {
		_, err := Load(withFile(t, tc.file, tc.content))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: Load error %v, want one mentioning %q", tc.name, err, tc.want)
		}
	}
}

func TestLexiconEnglishRequired(t *testing.T) {
	m := withFile(t, "lexicon/en.json", "{}").(fstest.MapFS)
	if _, err := Load(m); err != nil {
		t.Fatalf("an empty English lexicon is valid: %v", err)
	}
	delete(m, "lexicon/en.json")
	if _, err := Load(m); err == nil || !strings.Contains(err.Error(), "lexicon/en.json is missing") {
		t.Errorf("Load error %v, want the missing English lexicon reported", err)
	}
}
