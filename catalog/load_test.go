package catalog

import (
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
)

// withFile returns the embedded data with one file replaced.
func withFile(t *testing.T, name, content string) fs.FS {
	t.Helper()
	m := fstest.MapFS{}
	err := fs.WalkDir(Embedded(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(Embedded(), p)
		m[p] = &fstest.MapFile{Data: b}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	m[name] = &fstest.MapFile{Data: []byte(content)}
	return m
}

func TestLoadIsStrict(t *testing.T) {
	base, err := fs.ReadFile(Embedded(), "replies/3xx.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ name, content, want string }{
		{"unknown field", strings.Replace(string(base), `"code": 334,`, `"code": 334, "colour": "red",`, 1), "colour"},
		{"trailing data", string(base) + "[]", "replies/3xx.json"},
		{"bad stage", strings.Replace(string(base), `"stages": [`, `"stages": ["lunch", `, 1), "unknown stage"},
		{"bad source", strings.Replace(string(base), `"refs": [`, `"refs": ["see RFC 5321", `, 1), "bad source"},
		{"unsorted", strings.Replace(string(base), `"code": 334,`, `"code": 399,`, 1), "not sorted"},
		{"dangling related", strings.Replace(string(base), `"related": [`, `"related": [599, `, 1), "related 599"},
	} {
		_, err := Load(withFile(t, "replies/3xx.json", tc.content))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: Load error %v, want one mentioning %q", tc.name, err, tc.want)
		}
	}
}

func TestLoadReportsMissingEnglish(t *testing.T) {
	_, err := Load(withFile(t, "frame/en.json", `{"summary": "Summary"}`))
	if err == nil || !strings.Contains(err.Error(), "frame/en.json lacks") {
		t.Fatalf("Load error %v, want missing frame fields reported", err)
	}
}

func TestCompareShapes(t *testing.T) {
	c := loadEmbedded(t)
	code := func(s string) Code {
		x, err := ParseCode(s)
		if err != nil {
			t.Fatal(err)
		}
		return x
	}
	cmp := c.Compare([]Code{code("252"), code("552")}, English)
	if len(cmp.Cards) != 2 || cmp.Summary == "" || len(cmp.Differences) < 4 || len(cmp.Operator) == 0 || len(cmp.Reader) != 2 || len(cmp.LearnMore) == 0 {
		t.Fatalf("252 vs 552 incomplete: %+v", cmp)
	}
	if !strings.HasPrefix(cmp.Title, "SMTP 252 Cannot verify user vs 552 ") {
		t.Errorf("title %q", cmp.Title)
	}
	// Self comparison: one card and a sentence saying so.
	self := c.Compare([]Code{code("550"), code("550")}, English)
	if len(self.Cards) != 1 || !strings.Contains(self.Summary, "with itself") {
		t.Errorf("550 vs 550: %d cards, summary %q", len(self.Cards), self.Summary)
	}
	// An unregistered code is explained by class and marked.
	un := c.Compare([]Code{code("5.7.999"), code("550")}, English)
	if un.Cards[0].Registered || !strings.Contains(un.Cards[0].Description, "not in the IANA registry") {
		t.Errorf("5.7.999 card: %+v", un.Cards[0])
	}
	// Basic with its enhanced code: the pairing is explained.
	pair := c.Compare([]Code{code("550"), code("5.1.1")}, English)
	joined := strings.Join(pair.Differences, "\n")
	if !strings.Contains(joined, "550 5.1.1") || !strings.Contains(strings.Join(pair.Operator, " "), "together") {
		t.Errorf("550 vs 5.1.1 does not explain the pairing:\n%s", joined)
	}
	// Four codes, and no more.
	four := c.Compare([]Code{code("421"), code("450"), code("451"), code("452"), code("550")}, English)
	if len(four.Cards) != 4 {
		t.Errorf("%d cards for five codes, want the first four", len(four.Cards))
	}
	// Transient vs permanent gives the operator the rule.
	tp := c.Compare([]Code{code("452"), code("552")}, English)
	if !strings.Contains(strings.Join(tp.Operator, " "), "Send 452 when the condition can clear") {
		t.Errorf("452 vs 552 operator advice: %v", tp.Operator)
	}
	// Mismatched classes are reported.
	mm := c.Compare([]Code{code("421"), code("5.7.1")}, English)
	if !strings.Contains(strings.Join(mm.Differences, " "), "classes disagree") {
		t.Errorf("421 vs 5.7.1 should report the class mismatch: %v", mm.Differences)
	}
}

// TestCompareNoSeams renders every pair of basic codes in both languages
// and looks for template seams and doubled words.
func TestCompareNoSeams(t *testing.T) {
	c := loadEmbedded(t)
	rs := c.Replies()
	for _, lang := range c.ContentLanguages() {
		for i := range rs {
			for j := i + 1; j < len(rs); j++ {
				cmp := c.Compare([]Code{{Reply: rs[i].Code}, {Reply: rs[j].Code}}, lang)
				all := cmp.Title + "\n" + cmp.Summary + "\n" + strings.Join(cmp.Differences, "\n") + "\n" + strings.Join(cmp.Operator, "\n") + "\n" + strings.Join(cmp.Reader, "\n")
				if strings.ContainsAny(all, "{}") {
					t.Fatalf("%s vs %s (%s): template seam in\n%s", rs[i].Code, rs[j].Code, lang, all)
				}
				if lang == English {
					for _, m := range doubledWord.FindAllStringSubmatch(all, -1) {
						if strings.EqualFold(m[1], m[2]) && !strings.EqualFold(m[1], "that") {
							t.Fatalf("%s vs %s: doubled word %q", rs[i].Code, rs[j].Code, m[1])
						}
					}
				}
			}
		}
	}
}

func TestFirstSentence(t *testing.T) {
	for in, want := range map[string]string{
		"One. Two.":                      "One.",
		"Use e.g. 5.1.1 here. Then more": "Use e.g. 5.1.1 here.",
		"No end":                         "No end",
		"Ends with code 5.2.2. Next":     "Ends with code 5.2.2.",
	} {
		if got := firstSentence(in); got != want {
			t.Errorf("firstSentence(%q) = %q, want %q", in, got, want)
		}
	}
}
