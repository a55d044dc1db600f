package catalog

import (
	"io/fs"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/smtpbot/smtpbot/internal/tabletest"
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
	base := readEmbedded(t, "replies/3xx.json")
	for _, tc := range []struct{ name, content, want string }{
		{"unknown field", strings.Replace(base, `"code": 334,`, `"code": 334, "colour": "red",`, 1), "colour"},
		{"trailing data", base + "[]", "replies/3xx.json"},
		{"bad stage", strings.Replace(base, `"stages": [`, `"stages": ["lunch", `, 1), "unknown stage"},
		{"bad source", strings.Replace(base, `"refs": [`, `"refs": ["see RFC 5321", `, 1), "bad source"},
		{"unsorted", strings.Replace(base, `"code": 334,`, `"code": 399,`, 1), "not sorted"},
		{"dangling related", strings.Replace(base, `"related": [`, `"related": [599, `, 1), "related 599"},
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
	if len(cmp.Cards) != 2 || cmp.Summary() == "" || len(cmp.Differences()) < 4 || len(cmp.Operator()) == 0 || len(cmp.Reader()) != 2 || len(cmp.LearnMore()) == 0 {
		t.Fatalf("252 vs 552 incomplete: %+v", cmp)
	}
	if !strings.HasPrefix(cmp.Title, "SMTP 252 Cannot verify user vs 552 ") {
		t.Errorf("title %q", cmp.Title)
	}
	// Self comparison: one card and a sentence saying so.
	self := c.Compare([]Code{code("550"), code("550")}, English)
	if len(self.Cards) != 1 || !strings.Contains(self.Summary(), "with itself") {
		t.Errorf("550 vs 550: %d cards, summary %q", len(self.Cards), self.Summary())
	}
	// An unregistered code is explained by class and marked.
	un := c.Compare([]Code{code("5.7.999"), code("550")}, English)
	if un.Cards[0].Registered || !strings.Contains(un.Cards[0].Description, "not in the IANA registry") {
		t.Errorf("5.7.999 card: %+v", un.Cards[0])
	}
	// Basic with its enhanced code: the pairing is explained.
	pair := c.Compare([]Code{code("550"), code("5.1.1")}, English)
	joined := strings.Join(pair.Differences(), "\n")
	if !strings.Contains(joined, "550 5.1.1") || !strings.Contains(strings.Join(pair.Operator(), " "), "together") {
		t.Errorf("550 vs 5.1.1 does not explain the pairing:\n%s", joined)
	}
	// Four codes, and no more.
	four := c.Compare([]Code{code("421"), code("450"), code("451"), code("452"), code("550")}, English)
	if len(four.Cards) != 4 {
		t.Errorf("%d cards for five codes, want the first four", len(four.Cards))
	}
	// Transient vs permanent gives the operator the rule.
	tp := c.Compare([]Code{code("452"), code("552")}, English)
	if !strings.Contains(strings.Join(tp.Operator(), " "), "Send 452 when the condition can clear") {
		t.Errorf("452 vs 552 operator advice: %v", tp.Operator())
	}
	// Mismatched classes are reported.
	mm := c.Compare([]Code{code("421"), code("5.7.1")}, English)
	if !strings.Contains(strings.Join(mm.Differences(), " "), "classes disagree") {
		t.Errorf("421 vs 5.7.1 should report the class mismatch: %v", mm.Differences())
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
				all := cmp.Title + "\n" + cmp.Summary() + "\n" + strings.Join(cmp.Differences(), "\n") + "\n" + strings.Join(cmp.Operator(), "\n") + "\n" + strings.Join(cmp.Reader(), "\n")
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

// The abbreviations come from the lexicons: every frame reads past them,
// in every language (a Japanese card may show English content).
func TestFirstSentence(t *testing.T) {
	c := loadEmbedded(t)
	for _, lang := range []string{English, "vi", "ja"} {
		tabletest.CheckMap(t, lang+": FirstSentence", c.Frame(lang).FirstSentence, map[string]string{
			"One. Two.":                      "One.",
			"Use e.g. 5.1.1 here. Then more": "Use e.g. 5.1.1 here.",
			"Say i.e. this, etc. and more.":  "Say i.e. this, etc. and more.",
			"No end":                         "No end",
			"Ends with code 5.2.2. Next":     "Ends with code 5.2.2.",
			"  Line end.\nNext":              "Line end.",
		})
	}
	var noLexicon Frame
	if got := noLexicon.FirstSentence("Use e.g. this. Then"); got != "Use e.g." {
		t.Errorf("without abbreviations: %q, want the cut after e.g.", got)
	}
}

// The text rules of rules.json compile (Load leaves that to first use).
func TestRulesCompile(t *testing.T) {
	c := loadEmbedded(t)
	if err := c.CompileRules(); err != nil {
		t.Fatal(err)
	}
	if len(slices.Collect(c.ReasonRules())) == 0 || len(slices.Collect(c.RetryRules())) == 0 {
		t.Fatal("no text rules")
	}
}

// What every entry explains, basic or enhanced, is checked for both kinds
// (explains): English texts, a known category, references.
func TestLoadChecksEntries(t *testing.T) {
	basic, enhanced := readEmbedded(t, "replies/5xx.json"), readEmbedded(t, "enhanced/x2.json")
	for _, tc := range []struct{ file, content, want string }{
		{"replies/5xx.json", withoutEnglish(basic, `"when": {`), "when has no English text"},
		{"replies/5xx.json", strings.Replace(basic, `"category": "message"`, `"category": "massage"`, 1), "unknown category"},
		{"enhanced/x2.json", strings.Replace(enhanced, `"category": "unknown"`, `"category": "unknwon"`, 1), "unknown category"},
		{"enhanced/x2.json", strings.Replace(enhanced, `"refs": ["RFC 3463 3.3", "IANA"]`, `"refs": []`, 1), "X.2.0: has no refs"},
	} {
		if tc.content == readEmbedded(t, tc.file) {
			t.Fatalf("%s: the replacement for %q did not apply", tc.file, tc.want)
		}
		_, err := Load(withFile(t, tc.file, tc.content))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: Load error %v, want one mentioning %q", tc.file, err, tc.want)
		}
	}
}

// loadEmbedded is the embedded catalog; one that does not load fails the
// test.
func loadEmbedded(t testing.TB) *Catalog {
	t.Helper()
	c, err := Load(Embedded())
	if err != nil {
		t.Fatalf("the embedded catalog does not load:\n%v", err)
	}
	return c
}

// readEmbedded is one embedded data file.
func readEmbedded(t testing.TB, name string) string {
	t.Helper()
	b, err := fs.ReadFile(Embedded(), name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// withoutEnglish drops the English line of the first text that follows
// key in a data file.
func withoutEnglish(data, key string) string {
	i := strings.Index(data, key)
	if i < 0 {
		return data
	}
	en := i + strings.Index(data[i:], `"en": `)
	end := en + strings.Index(data[en:], "\n")
	return data[:en] + data[end+1:]
}

// withoutAction drops the action of the first reason that also has an
// action_temporary, keeping the temporary one.
func withoutAction(t *testing.T, reasons string) string {
	t.Helper()
	tmp := strings.Index(reasons, `"action_temporary": {`)
	act := strings.LastIndex(reasons[:max(tmp, 0)], `"action": {`)
	if tmp < 0 || act < 0 {
		t.Fatal("reasons.json has no reason with both action and action_temporary")
	}
	return reasons[:act] + reasons[tmp:]
}

// reasons.json, rules.json and retry.json are checked against each other
// and against the codes: each mistake is reported.
func TestLoadChecksReasons(t *testing.T) {
	reasons, rules, providers := readEmbedded(t, "reasons.json"), readEmbedded(t, "rules.json"), readEmbedded(t, "providers.json")
	for _, tc := range []struct{ file, content, want string }{
		{"reasons.json", strings.Replace(reasons, `"category": "mailbox_full"`, `"category": "mailbox_fool"`, 1), "unknown category"},
		{"reasons.json", strings.Replace(reasons, `"bounce": "hard"`, `"bounce": "firm"`, 1), "bounce must be hard or soft"},
		{"reasons.json", strings.Replace(reasons, `"X.2.2"`, `"X.1.1"`, 1), "X.1.1"},
		{"reasons.json", strings.Replace(reasons, `"temporary": "networkerror"`, `"temporary": "userunknown"`, 1), "not a soft reason"},
		{"reasons.json", strings.Replace(reasons, `"mail": "rejected"`, `"lunch": "rejected"`, 1), "unknown stage"},
		{"rules.json", strings.Replace(rules, `"reason": "authfailure"`, `"reason": "authfail"`, 1), "authfail"},
		{"reasons.json", strings.Replace(reasons, `"unconfirmed": "filtered"`, `"unconfirmed": "filterd"`, 1), "unconfirmed"},
		{"reasons.json", strings.Replace(reasons, `"worded": "onhold"`, `"worded": "undefined"`, 1), "worded"},
		{"reasons.json", strings.Replace(reasons, `"gave_up_except": ["X.4.2", "X.4.6"]`, `"gave_up_except": ["4.4.2"]`, 1), "gave_up_except"},
		{"providers.json", strings.Replace(providers, `"reason": "badreputation"`, `"reason": "delivered"`, 1), "not a failure reason"},
		{"retry.json", `[{"name": "Postfix", "setting": "", "min_hours": 0, "max_hours": 0, "source": ""}]`, "needs a name, a source and hours"},
		{"reasons.json", withoutAction(t, reasons), "action_temporary without action"},
		{"reasons.json", withoutEnglish(reasons, `"action_temporary": {`), "en action_temporary"},
		{"reasons.json", strings.Replace(reasons, `"action": {
      "en": "`, `"action": {
      "en": " `, 1), "en action must be under 600 characters, trimmed"},
		{"reasons.json", strings.Replace(reasons, `"action": {
      "en": "`, `"action": {
      "en": "`+strings.Repeat("Wait. ", 100), 1), "en action must be under 600 characters"},
		{"reasons.json", strings.Replace(reasons, `"title": {
      "en": "Feedback report`, `"action": {"en": "Nothing.", "vi": "Không."},
    "title": {
      "en": "Feedback report`, 1), "not a failure, so no action"},
		{"reasons.json", strings.Replace(reasons, `"action": {`, `"actions": {`, 1), "actions"},
		{"reasons.json", strings.Replace(reasons, `"actors": ["sender", "sender_admin"]`, `"actors": ["sender", "sender_boss"]`, 1), `actor "sender_boss"`},
		{"reasons.json", strings.Replace(reasons, `"actors": ["sender_admin"]`, `"actors": ["none"]`, 1), `actor "none"`},
		{"reasons.json", strings.Replace(reasons, `"actors": ["sender_admin"]`, `"actors": []`, 1), "actors must not be empty"},
		{"reasons.json", strings.Replace(reasons, `"title": {
      "en": "Feedback report`, `"actors": ["sender"],
    "title": {
      "en": "Feedback report`, 1), "actors without action"},
		{"reasons.json", strings.Replace(reasons, `"actors": ["sender", "recipient_admin"],
    "action": {`, `"action": {`, 1), "an action needs its actors"},
	} {
		if tc.content == readEmbedded(t, tc.file) {
			t.Fatalf("%s: the replacement for %q did not apply", tc.file, tc.want)
		}
		_, err := Load(withFile(t, tc.file, tc.content))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: Load error %v, want one mentioning %q", tc.file, err, tc.want)
		}
	}
	c, err := Load(withFile(t, "rules.json", strings.Replace(rules, `"\\bdmarc\\b"`, `"(dmarc"`, 1)))
	if err != nil {
		t.Fatal(err)
	}
	if err := c.CompileRules(); err == nil || !strings.Contains(err.Error(), "(dmarc") {
		t.Errorf("CompileRules error %v, want the bad pattern named", err)
	}
	if len(slices.Collect(c.ReasonRules())) != 0 {
		t.Error("rules that do not compile must not be used")
	}
}

// What the registry adds to an enhanced code's basic codes is a small
// vocabulary the frame translates, never the registry's sentence rendered
// as it stands.
func TestLoadRejectsUnknownBasicNote(t *testing.T) {
	base := readEmbedded(t, "enhanced/x7.json")
	bad := strings.Replace(base, `"basic_note": "others"`, `"basic_note": "other 4XX or 5XX codes are allowed"`, 1)
	if bad == base {
		t.Fatal("x7.json has no basic_note \"others\" to replace")
	}
	_, err := Load(withFile(t, "enhanced/x7.json", bad))
	if err == nil || !strings.Contains(err.Error(), "unknown basic_note") {
		t.Errorf("Load error %v, want the unknown basic_note reported", err)
	}
}

// The content languages come from the data: an entry without Vietnamese
// makes Vietnamese a frame-only language, and a language every entry
// carries becomes a content language.
func TestContentLanguagesFromData(t *testing.T) {
	base := readEmbedded(t, "replies/3xx.json")
	const name = `"name": {"en": "AUTH challenge (continue)", "vi": "Yêu cầu tiếp tục xác thực (AUTH)"}`
	if !strings.Contains(base, name) {
		t.Fatal("3xx.json: the name of 334 changed; update this test")
	}
	c, err := Load(withFile(t, "replies/3xx.json", strings.Replace(base, name, `"name": {"en": "AUTH challenge (continue)"}`, 1)))
	if err != nil {
		t.Fatal(err)
	}
	if got := c.ContentLanguages(); len(got) != 1 || got[0] != English || c.HasContent(Vietnamese) {
		t.Errorf("content languages %v, want [en] when one entry lacks Vietnamese", got)
	}
	if got := c.Card(Code{Reply: 334}, Vietnamese).Name; got != "AUTH challenge (continue)" {
		t.Errorf("334 in Vietnamese = %q, want the English fallback", got)
	}
}

// The retry label of a registry-form code names both failure classes with
// the frame's own punctuation, like every other "code: text" item.
func TestRegistryFormRetryLabelUsesFrame(t *testing.T) {
	c := loadEmbedded(t)
	code := Code{Enhanced: EnhancedCode{Subject: 2, Detail: 2}}
	differs := 0
	for _, lang := range c.FrameLanguages() {
		f := c.Frame(lang)
		want := Fill(f.ItemColon, "code", "4.X.X", "text", f.RetryName(RetryAutomatic))
		if got := c.Card(code, lang).RetryLabel; !strings.HasPrefix(got, want) {
			t.Errorf("%s: X.2.2 retry label %q, want it to start with %q", lang, got, want)
		}
		if f.ItemColon != c.Frame(English).ItemColon {
			differs++
		}
	}
	if differs == 0 {
		t.Error("every frame writes \"code: text\" as English does: the test cannot fail")
	}
}

// The lists the catalog hands out are the caller's: changing one leaves the
// catalog as it was.
func TestListsAreCopies(t *testing.T) {
	c := loadEmbedded(t)
	rs, es := c.Replies(), c.EnhancedList()
	first, firstEnh := rs[0], es[0]
	rs[0], es[0] = rs[1], es[1]
	if c.Replies()[0] != first || c.EnhancedList()[0] != firstEnh {
		t.Error("changing a returned list changed the catalog")
	}
	stages := SessionStages()
	stages[0] = StageQUIT
	if SessionStages()[0] != StageConnect {
		t.Error("changing SessionStages() changed the session order")
	}
}
