package bot

import (
	"encoding/json"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/smtpbot/smtpbot/catalog"
)

func TestAdvice(t *testing.T) {
	cat := newTestBot(t).Catalog()
	for _, c := range catalog.Categories {
		a, _ := cat.Advice(c)
		for _, lang := range catalog.ContentLanguages {
			if len(a.Action.Get(lang)) > 600 || len(a.ActionTemporary.Get(lang)) > 600 {
				t.Errorf("advice %s %s: keep actions under 600 characters", c, lang)
			}
		}
	}
}

// The rules compile (mustPattern panics otherwise) and name known
// categories; a rule's literal prefilter never hides a match.
func TestRules(t *testing.T) {
	r := compileRules()
	known := map[catalog.Category]bool{}
	for _, c := range catalog.Categories {
		known[c] = true
	}
	for _, tr := range textRules {
		if !known[tr.cat] {
			t.Errorf("rule %q: unknown category %q", tr.pattern, tr.cat)
		}
	}
	for _, tt := range []struct {
		text string
		want catalog.Category
	}{
		{"Recipient address rejected: User unknown in local recipient table", catalog.CatRecipientUnknown},
		{"The email account that you tried to reach does not exist.", catalog.CatRecipientUnknown},
		{"Client host [192.0.2.1] blocked using zen.spamhaus.org", catalog.CatBlocked},
		{"This message is not RFC 5322 compliant because it has duplicate headers. To reduce the amount of spam sent to Gmail", catalog.CatMessage},
		{"Daily user sending quota exceeded", catalog.CatRateLimit},
		{"mailbox is full: retry timeout exceeded", catalog.CatMailboxFull},
		{"551 5.7.1 Forwarding to remote hosts disabled", catalog.CatPolicy},
		{"The email account that you tried to reach is disabled.", catalog.CatAccountDisabled},
		{"Host or domain name not found. Name service error for name=aol.com type=MX: Malformed or unexpected name server reply", catalog.CatTransient},
		{"SPF fail - not authorized", catalog.CatSenderAuth},
	} {
		if got, _ := r.classify(tt.text); got != tt.want {
			t.Errorf("classify(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

// The literal prefilter of catalog.Pattern must never hide a match: over
// every input of the evaluation set, each rule and provider pattern agrees
// with its plain regular expression.
func TestPatternPrefilter(t *testing.T) {
	raw, err := os.ReadFile("../tests/eval/cases.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	var inputs []string
	for line := range strings.Lines(string(raw)) {
		var c struct {
			Input string `json:"input"`
		}
		if json.Unmarshal([]byte(line), &c) == nil {
			inputs = append(inputs, c.Input)
		}
	}
	var exprs []string
	for _, r := range textRules {
		exprs = append(exprs, r.pattern)
	}
	for _, r := range retryRules {
		exprs = append(exprs, r.pattern)
	}
	for p := range newTestBot(t).Catalog().Providers() {
		exprs = append(exprs, p.Match...)
		for _, tag := range p.Tags {
			exprs = append(exprs, tag.Pattern)
		}
	}
	for _, e := range exprs {
		p, err := catalog.CompilePattern(e)
		if err != nil {
			t.Fatal(err)
		}
		plain := regexp.MustCompile("(?i)" + e)
		for _, in := range inputs {
			if got, want := p.Match(in), plain.MatchString(in); got != want {
				t.Errorf("pattern %q on %q: prefiltered %v, plain %v", e, in, got, want)
			}
		}
	}
}
