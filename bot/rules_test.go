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
		for _, lang := range cat.ContentLanguages() {
			if len(a.Action.In(lang)) > 600 || len(a.ActionTemporary.In(lang)) > 600 {
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

// providers.json: every provider is recognised by its own example text and
// says what it means in every content language.
func TestProviders(t *testing.T) {
	b := newTestBot(t)
	ps := b.Catalog().Providers()
	if len(ps) < 10 {
		t.Fatalf("%d providers, want Gmail, Microsoft, Yahoo/AOL, iCloud, Mimecast, Proofpoint, Postfix, Exim, Sendmail, qmail", len(ps))
	}
	examples := map[string]string{
		"gmail":      "550 5.1.1 The email account that you tried to reach does not exist. - gsmtp",
		"microsoft":  "550 5.7.1 ... [DB3EUR04FT007.eop-eur04.prod.protection.outlook.com]",
		"yahoo":      "421 4.7.0 [TSS04] Messages from 192.0.2.25 temporarily deferred",
		"apple":      "550 5.7.1 [CS01] Message rejected due to local policy. Please visit https://support.apple.com/en-us/HT204137",
		"mimecast":   "550 Invalid Recipient - https://community.mimecast.com/docs/DOC-1369#550",
		"proofpoint": "554 5.7.0 Blocked - see https://ipcheck.proofpoint.com/?ip=192.0.2.1",
		"postfix":    "host mx.example.com[192.0.2.1] said: 550 5.1.1 ... (in reply to RCPT TO command)",
		"exim":       "SMTP error from remote mail server after RCPT TO:<bob@example.com>:",
		"sendmail":   "----- Transcript of session follows -----",
		"qmail":      "Sorry, no mailbox here by that name. (#5.1.1)",
	}
	for _, p := range ps {
		if ex, ok := examples[p.ID]; ok && !p.Matches(ex) {
			t.Errorf("provider %s does not match its example %q", p.ID, ex)
		}
		for _, pc := range p.Codes {
			for _, lang := range b.Catalog().ContentLanguages() {
				if !pc.Meaning.Has(lang) {
					t.Errorf("provider %s code %s: no %s meaning", p.ID, pc.Code, lang)
				}
			}
		}
		for _, tag := range p.Tags {
			for _, lang := range b.Catalog().ContentLanguages() {
				if !tag.Meaning.Has(lang) || (!tag.Action.IsZero() && !tag.Action.Has(lang)) {
					t.Errorf("provider %s tag %s: no %s text", p.ID, tag.Tag, lang)
				}
			}
		}
		if len(p.Refs) == 0 {
			t.Errorf("provider %s: no reference to its own documentation", p.ID)
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
	for _, p := range newTestBot(t).Catalog().Providers() {
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
