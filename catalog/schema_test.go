package catalog

import (
	"encoding/csv"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// The reference lists (testdata/reference, copied from the project's shared
// reference) are the ground truth for completeness: every basic code an RFC
// defines or the IANA registry names, and every enumerated enhanced code.

func readCSV(t *testing.T, name string) []map[string]string {
	t.Helper()
	f, err := os.Open("testdata/reference/" + name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var out []map[string]string
	for _, r := range rows[1:] {
		m := map[string]string{}
		for i, h := range rows[0] {
			m[h] = r[i]
		}
		out = append(out, m)
	}
	return out
}

func TestSchemaEveryBasicCode(t *testing.T) {
	c := loadEmbedded(t)
	rows := readCSV(t, "basic-codes.csv")
	meanings := map[ReplyCode]int{}
	for _, row := range rows {
		code, err := ParseReply(row["code"])
		if err != nil {
			t.Fatal(err)
		}
		meanings[code]++
		r := c.Reply(code)
		if r == nil {
			t.Errorf("%s missing from the catalog", code)
			continue
		}
		if r.Code.Class().Key()[0] != row["class"][0] {
			t.Errorf("%s: class mismatch with reference %q", code, row["class"])
		}
		registryOnly := strings.Contains(row["rfc"], "registry only")
		if r.RegistryOnly != registryOnly {
			t.Errorf("%s: registry_only = %v, reference says %v", code, r.RegistryOnly, registryOnly)
		}
	}
	for code, n := range meanings {
		if r := c.Reply(code); r != nil && len(r.Meanings) < n {
			t.Errorf("%s has %d RFC meanings in the reference, catalog has %d", code, n, len(r.Meanings))
		}
	}
	for _, code := range []ReplyCode{454, 500, 530} {
		r := c.Reply(code)
		if r == nil || len(r.Meanings) < 2 || r.Meanings[0].Source.RFC == r.Meanings[1].Source.RFC {
			t.Errorf("%s must carry two meanings from two RFCs", code)
		}
	}
	if len(c.Replies()) < len(meanings) {
		t.Errorf("catalog has %d basic codes, reference %d", len(c.Replies()), len(meanings))
	}
}

var assocRE = regexp.MustCompile(`\[assoc\. basic: ([^\]]*)\]`)

func TestSchemaEveryEnhancedCode(t *testing.T) {
	c := loadEmbedded(t)
	rows := readCSV(t, "enhanced-codes.csv")
	if len(rows) != 81 {
		t.Fatalf("reference has %d enhanced codes, want 81", len(rows))
	}
	for _, row := range rows {
		code, err := ParseEnhanced(row["code"])
		if err != nil {
			t.Fatal(err)
		}
		e := c.Enhanced(code)
		if e == nil {
			t.Errorf("%s missing from the catalog", code)
			continue
		}
		if !strings.Contains(row["title"], "deprecated") && e.Official != row["title"] {
			t.Errorf("%s: official title %q, registry %q", code, e.Official, row["title"])
		}
		var want []ReplyCode
		if m := assocRE.FindStringSubmatch(row["description_short"]); m != nil {
			for _, f := range regexp.MustCompile(`\b[2-5]\d\d\b`).FindAllString(m[1], -1) {
				n, _ := strconv.Atoi(f)
				want = append(want, ReplyCode(n))
			}
		}
		slices.Sort(want)
		got := slices.Clone(e.Basic)
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Errorf("%s: basic codes %v, registry %v", code, got, want)
		}
		if !e.BasicNote.Valid() {
			t.Errorf("%s: basic_note %q is not one the renderer knows", code, e.BasicNote)
		}
		if (row["code"] == "X.6.10") != e.Deprecated {
			t.Errorf("%s: deprecated = %v", code, e.Deprecated)
		}
	}
	if got := len(c.EnhancedList()); got != len(rows) {
		t.Errorf("catalog has %d enhanced codes, registry %d", got, len(rows))
	}
}

// texts returns every prose field of the catalog with a label.
func texts(c *Catalog) map[string]Text {
	out := map[string]Text{}
	for _, r := range c.Replies() {
		k := r.Code.String() + "."
		out[k+"name"], out[k+"description"], out[k+"when"] = r.Name, r.Description, r.When
		out[k+"fix_sender"], out[k+"fix_admin"], out[k+"retry_note"] = r.FixSender, r.FixAdmin, r.RetryNote
		for i, n := range r.Notes {
			out[k+"note"+strconv.Itoa(i)] = n
		}
		for i, m := range r.Meanings {
			if !m.Context.IsZero() {
				out[k+"context"+strconv.Itoa(i)] = m.Context
			}
		}
	}
	for _, e := range c.EnhancedList() {
		k := e.Code.String() + "."
		out[k+"title"], out[k+"description"], out[k+"when"] = e.Title, e.Description, e.When
		out[k+"fix_sender"], out[k+"fix_admin"] = e.FixSender, e.FixAdmin
		for i, n := range e.Notes {
			out[k+"note"+strconv.Itoa(i)] = n
		}
	}
	for r := range c.Reasons() {
		k := "reason " + r.Name + "."
		out[k+"title"], out[k+"description"] = r.Title, r.Description
		if !r.Action.IsZero() {
			out[k+"action"] = r.Action
		}
		if !r.ActionTemporary.IsZero() {
			out[k+"action_temporary"] = r.ActionTemporary
		}
	}
	return out
}

// markup finds Markdown or HTML in a text. Angle brackets alone are fine:
// SMTP syntax such as MAIL FROM:<user@example.com> is content, and every
// renderer escapes it.
var markup = regexp.MustCompile("`|\\*\\*|__|</|<(a|b|i|p|br|em|strong|code)[ >/]|\\]\\(http")

var doubledWord = regexp.MustCompile(`(?i)\b([a-z]+)\s+([a-z]+)\b`)

func TestSchemaTextQuality(t *testing.T) {
	c := loadEmbedded(t)
	for label, tx := range texts(c) {
		for _, lang := range c.ContentLanguages() {
			if !tx.Has(lang) {
				continue
			}
			s := tx.In(lang)
			switch {
			case s != strings.TrimSpace(s):
				t.Errorf("%s[%s]: leading or trailing space", label, lang)
			case strings.Contains(s, "  "):
				t.Errorf("%s[%s]: double space", label, lang)
			case markup.MatchString(s):
				t.Errorf("%s[%s]: markup in text: %q", label, lang, s)
			case len([]rune(s)) > 700:
				t.Errorf("%s[%s]: %d characters, keep it under 700", label, lang, len([]rune(s)))
			case strings.Contains(s, "{") || strings.Contains(s, "}"):
				t.Errorf("%s[%s]: template seam %q", label, lang, s)
			}
			if lang == English {
				for _, m := range doubledWord.FindAllStringSubmatch(s, -1) {
					if strings.EqualFold(m[1], m[2]) && !strings.EqualFold(m[1], "that") {
						t.Errorf("%s: doubled word %q in %q", label, m[1], s)
					}
				}
			}
		}
	}
}

func TestSchemaKeywords(t *testing.T) {
	c := loadEmbedded(t)
	for _, r := range c.Replies() {
		if len(r.Keywords[English]) == 0 {
			t.Errorf("%s has no English keywords", r.Code)
		}
		for _, k := range r.Keywords[English] {
			if k != strings.ToLower(k) || strings.TrimSpace(k) != k || k == "" {
				t.Errorf("%s: keyword %q must be lower-case and trimmed", r.Code, k)
			}
		}
	}
	for _, e := range c.EnhancedList() {
		if len(e.Keywords[English]) == 0 {
			t.Errorf("%s has no English keywords", e.Code)
		}
	}
}

// TestTraps pins the facts of traps.md that are easy to get wrong.
func TestTraps(t *testing.T) {
	c := loadEmbedded(t)
	r := func(n int) *Reply {
		t.Helper()
		x := c.Reply(ReplyCode(n))
		if x == nil {
			t.Fatalf("%d missing", n)
		}
		return x
	}
	contains := func(label string, tx []Text, words ...string) {
		t.Helper()
		var all strings.Builder
		for _, x := range tx {
			all.WriteString(strings.ToLower(x.In(English)) + " ")
		}
		for _, w := range words {
			if !strings.Contains(all.String(), strings.ToLower(w)) {
				t.Errorf("%s: English text never mentions %q", label, w)
			}
		}
	}
	// 552 is not simply "permanent, unlike 452".
	if r(552).Retry == RetryAfterChange {
		t.Error("552: retry must say a full mailbox can clear, not after_change")
	}
	contains("552", append(r(552).Notes, r(552).RetryNote, r(552).FixAdmin), "452", "4.2.2", "too many recipients")
	contains("452", []Text{r(452).Description, r(452).When}, "recipients")
	if e := c.Enhanced(EnhancedCode{Subject: 2, Detail: 2}); e == nil || !slices.Contains(e.Basic, 552) {
		t.Error("X.2.2 must pair with 552 as the registry says")
	}
	// 252 is a success.
	if r(252).Retry != RetryNone || r(252).Category != CatNone {
		t.Error("252 is a success reply: nothing to retry, no failure category")
	}
	// 521, 556, 554 are three different things.
	if !slices.Contains(r(521).Stages, StageConnect) {
		t.Error("521 is sent at connection time")
	}
	if !slices.Contains(r(556).Enhanced, EnhancedCode{Subject: 1, Detail: 10}) {
		t.Error("556 pairs with X.1.10 (null MX)")
	}
	contains("556", []Text{r(556).Description, r(556).When}, "null mx")
	if len(r(554).Meanings) < 1 || !strings.Contains(strings.ToLower(r(554).Meanings[0].Text+r(554).Description.In(English)), "no smtp service") {
		t.Error("554 must explain its greeting meaning (no SMTP service here)")
	}
	// 455/555 are about MAIL FROM / RCPT TO parameters only.
	for _, n := range []int{455, 555} {
		for _, s := range r(n).Stages {
			if s != StageMAIL && s != StageRCPT {
				t.Errorf("%d: stage %s, but it only answers MAIL FROM/RCPT TO parameters", n, s)
			}
		}
		contains(strconv.Itoa(n), []Text{r(n).Description}, "parameter")
	}
	// Registry-only codes say so.
	for _, n := range []int{422, 430, 523, 524, 525, 533} {
		if !r(n).RegistryOnly {
			t.Errorf("%d is registry-only", n)
		}
	}
	contains("523", r(523).Notes, "gmail")
	// Gmail reuses X.7.27, X.7.29, X.7.30; Microsoft X.1.10; Yahoo X.7.9.
	for code, who := range map[string]string{"X.7.27": "gmail", "X.7.29": "gmail", "X.7.30": "gmail", "X.1.10": "microsoft", "X.7.9": "yahoo"} {
		e, _ := ParseEnhanced(code)
		x := c.Enhanced(e)
		if x == nil {
			t.Errorf("%s missing", code)
			continue
		}
		contains(code, x.Notes, who)
	}
	// 432 is a password transition.
	contains("432", []Text{r(432).Name, r(432).Description}, "password")
	// X.6.10 is a deprecated duplicate.
	if e := c.Enhanced(EnhancedCode{Subject: 6, Detail: 10}); e == nil || !e.Deprecated {
		t.Error("X.6.10 is deprecated")
	}
}
