package catalog

import (
	"regexp"
	"strings"
	"testing"
)

// TestSchemaClasses: every class a comparison of classes can show says
// what a reply of the class means, who retries it, whether the sender must
// change something and when a server sends one, in English and Vietnamese
// (written for each, not copied), and cites its RFC.
func TestSchemaClasses(t *testing.T) {
	c := loadEmbedded(t)
	check := func(name string, ci ClassInfo) {
		for field, tx := range map[string]Text{"retry": ci.Retry, "sender": ci.Sender, "send_when": ci.SendWhen} {
			en, vi := tx.In(English), tx.In(Vietnamese)
			if en == "" || !tx.Has(Vietnamese) || en == vi {
				t.Errorf("%s %s: en %q vi %q", name, field, en, vi)
			}
		}
	}
	for _, cl := range []Class{2, 3, 4, 5} {
		check(cl.Key(), c.ReplyClass(cl))
	}
	for _, cl := range []Class{2, 4, 5} {
		check(EnhancedCode{Class: int(cl)}.ClassKey(), c.EnhancedClass(cl))
	}
	// Where a failure class's text says what retrying means, it names its
	// source: the queue and its timing come from RFC 5321 §4.5.4.1, the
	// enhanced classes from RFC 3463.
	if r := c.ReplyClass(ClassTransient).Retry.In(English); !strings.Contains(r, "4.5.4.1") {
		t.Errorf("4xx retry without its source: %q", r)
	}
	if r := c.EnhancedClass(ClassTransient).Retry.In(English); !strings.Contains(r, "RFC 3463") {
		t.Errorf("4.X.X retry without its source: %q", r)
	}
	rule := c.classes.FailureRule
	if !rule.Has(English) || !rule.Has(Vietnamese) || !regexp.MustCompile(`RFC 5321 §4\.2\.1`).MatchString(rule.In(Vietnamese)) {
		t.Errorf("failure_rule: %+v", rule)
	}
}

func TestLoadChecksClasses(t *testing.T) {
	s := readEmbedded(t, "classes.json")
	i := strings.Index(s, `"send_when"`)
	j := strings.Index(s[i:], "}") + i + 1
	_, err := Load(withFile(t, "classes.json", s[:i-len(",\n     ")]+s[j:]))
	if err == nil || !strings.Contains(err.Error(), "incomplete") {
		t.Errorf("a class without send_when: Load error %v", err)
	}
}

func TestParseClassRef(t *testing.T) {
	for in, want := range map[string]string{"4xx": "4xx", "5XX": "5xx", " 2xx ": "2xx", "4.x.x": "4.X.X", "5.X.X": "5.X.X"} {
		r, ok := ParseClassRef(in)
		if !ok || r.String() != want {
			t.Errorf("%q: %v %v, want %s", in, r, ok, want)
		}
	}
	for _, in := range []string{"1xx", "6xx", "3.x.x", "x.x.x", "5.7.x", "550", "4x", "", "4xxx"} {
		if r, ok := ParseClassRef(in); ok {
			t.Errorf("%q read as %v", in, r)
		}
	}
}

// A comparison of classes has one card per class, in the order asked,
// duplicates dropped; Vietnamese falls back to nothing English where it
// has its own text, and other languages fall back to English.
func TestCompareClasses(t *testing.T) {
	c := loadEmbedded(t)
	r4, r5 := ClassRef{Class: 4}, ClassRef{Class: 5}
	cmp := c.CompareClasses([]ClassRef{r5, r4, r5}, English)
	if len(cmp.Cards) != 2 || cmp.Cards[0].Key != "5xx" || cmp.Cards[1].Key != "4xx" {
		t.Fatalf("cards %+v", cmp.Cards)
	}
	if got := cmp.Cards[0].Label(); got != "5xx" {
		t.Errorf("label %q", got)
	}
	if cmp.Cards[0].Retry != RetryAfterChange || cmp.Cards[1].Retry != RetryAutomatic {
		t.Errorf("retry %s %s", cmp.Cards[0].Retry, cmp.Cards[1].Retry)
	}
	vi := c.CompareClasses([]ClassRef{r4, r5}, Vietnamese)
	en := c.CompareClasses([]ClassRef{r4, r5}, English)
	if vi.Summary() == en.Summary() || vi.Cards[0].When == en.Cards[0].When || vi.Title == en.Title {
		t.Errorf("Vietnamese comparison reads as English: %q", vi.Summary())
	}
	de := c.CompareClasses([]ClassRef{r4, r5}, "de")
	if de.Cards[0].When != en.Cards[0].When {
		t.Errorf("German class card does not fall back to English: %q", de.Cards[0].When)
	}
}
