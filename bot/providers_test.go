package bot

import (
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/smtpbot/smtpbot/catalog"
)

// providers.json: every provider has real example lines, and each example
// is attributed to its provider: its patterns match it and, among all the
// providers the line shows, it is the one named as who refused (or, for
// MTA software, the one named when no provider refused). It also says what
// it means in every content language.
func TestProviders(t *testing.T) {
	b := newTestBot(t)
	var ps []catalog.Provider
	for p := range b.Catalog().Providers() {
		ps = append(ps, p)
	}
	if len(ps) < len(issue11Providers)+4 {
		t.Fatalf("%d providers, want the %d of issue #11 and the MTA software", len(ps), len(issue11Providers))
	}
	ids := map[string]bool{}
	kinds := map[catalog.ProviderKind]int{}
	for _, p := range ps {
		if ids[p.ID] {
			t.Errorf("provider %s: duplicate id", p.ID)
		}
		ids[p.ID] = true
		kinds[p.Kind]++
		if len(p.Examples) == 0 {
			t.Errorf("provider %s: no example line", p.ID)
		}
		for _, ex := range p.Examples {
			lower := strings.ToLower(ex.Text)
			if !p.MatchesLower(lower) {
				t.Errorf("provider %s does not match its example %q", p.ID, ex.Text)
				continue
			}
			found := b.providersIn(catalog.NewLowerText(lower))
			if len(found) == 0 || found[0].ID != p.ID {
				var got []string
				for _, f := range found {
					got = append(got, f.ID)
				}
				t.Errorf("provider %s: its example %q is attributed to %v", p.ID, ex.Text, got)
			}
		}
		for _, pc := range p.Codes {
			for _, lang := range b.Catalog().ContentLanguages() {
				if !pc.Meaning.Has(lang) || (!pc.Action.IsZero() && !pc.Action.Has(lang)) {
					t.Errorf("provider %s code %s: no %s text", p.ID, pc.Code, lang)
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
	for _, k := range []catalog.ProviderKind{catalog.KindMailbox, catalog.KindGateway, catalog.KindSending, catalog.KindMTA} {
		if kinds[k] == 0 {
			t.Errorf("no provider of kind %s", k)
		}
	}
}

// Every pattern of every provider (its match expressions, the expression
// of its domains, its tags) matches at least one text: a real example line,
// an evaluation case or, for marks no real line shows yet, a short text in
// testdata/provider_marks.json. A pattern that can never match (a typo, a
// mark the provider no longer uses) fails here. Each mark must show its own
// provider, so the fixture cannot drift from the data.
func TestProviderPatternsMatch(t *testing.T) {
	b := newTestBot(t)
	raw, err := os.ReadFile("testdata/provider_marks.json")
	if err != nil {
		t.Fatal(err)
	}
	var marks map[string]json.RawMessage
	if err := json.Unmarshal(raw, &marks); err != nil {
		t.Fatal(err)
	}
	delete(marks, "_doc")
	shared := evalInputs(t)
	for p := range b.Catalog().Providers() {
		shared = append(shared, exampleTexts(p)...)
	}
	checked := 0
	for p := range b.Catalog().Providers() {
		var own []string
		if m, ok := marks[p.ID]; ok {
			if err := json.Unmarshal(m, &own); err != nil {
				t.Fatalf("provider_marks.json %s: %v", p.ID, err)
			}
			delete(marks, p.ID)
		}
		for _, mark := range own {
			lower := strings.ToLower(mark)
			if !p.MatchesLower(lower) && len(p.TagsInLower(lower)) == 0 {
				t.Errorf("provider_marks.json: %q does not show %s", mark, p.ID)
			}
		}
		texts := append(slices.Clip(shared), own...)
		exprs := p.Patterns()
		for _, tag := range p.Tags {
			exprs = append(exprs, tag.Pattern)
		}
		for _, e := range exprs {
			re := regexp.MustCompile("(?i)" + e)
			if !slices.ContainsFunc(texts, re.MatchString) {
				t.Errorf("provider %s: pattern %q matches no example, eval case or mark", p.ID, e)
			}
			checked++
		}
	}
	for id := range marks {
		t.Errorf("provider_marks.json: no provider %q", id)
	}
	if checked < 100 {
		t.Fatalf("only %d patterns checked", checked)
	}
}

func exampleTexts(p catalog.Provider) []string {
	out := make([]string, len(p.Examples))
	for i, ex := range p.Examples {
		out[i] = ex.Text
	}
	return out
}

// issue11Providers are the providers issue #11 §3 names, by id.
var issue11Providers = []string{
	"gmail", "microsoft", "yahoo", "apple", "zoho", "yandex", "mailru", "qq", "netease",
	"unitedinternet", "tonline", "orange", "free", "laposte", "comcast", "att", "proton",
	"fastmail", "hey", "rackspace", "godaddy", "titan", "improvmx", "infomaniak", "mimecast",
	"proofpoint", "barracuda", "cisco", "trendmicro", "sophos", "ses", "sendgrid", "mailgun",
	"postmark", "sparkpost",
}

// Every provider of issue #11 has an entry with its postmaster, help or
// delisting page, and at least one evaluation case in which it refused.
func TestIssueProvidersCovered(t *testing.T) {
	b := newTestBot(t)
	cases := map[string]int{}
	for _, c := range evalCases(t) {
		if c.Provider != "" {
			cases[c.Provider]++
		}
	}
	ids := map[string]catalog.Provider{}
	for p := range b.Catalog().Providers() {
		ids[p.ID] = p
	}
	for _, id := range issue11Providers {
		p, ok := ids[id]
		switch {
		case !ok:
			t.Errorf("provider %s: no entry", id)
		case p.Postmaster == nil || !strings.HasPrefix(p.Postmaster.URL, "https://") && !strings.HasPrefix(p.Postmaster.URL, "http://"):
			t.Errorf("provider %s: no postmaster page", id)
		case cases[id] == 0:
			t.Errorf("provider %s: no evaluation case names it as who refused", id)
		}
	}
	for id := range cases {
		if _, ok := ids[id]; !ok {
			t.Errorf("tests/eval/cases.jsonl names provider %q, which providers.json does not have", id)
		}
	}
}

// When MTA software wrote the bounce of another provider's refusal, the
// diagnosis names the provider as who refused and the software as the MTA,
// and links the provider's postmaster page.
func TestProviderAndMTA(t *testing.T) {
	b := newTestBot(t)
	for _, tt := range []struct {
		name, text, provider, mta string
	}{
		{"titan behind postfix", "<bob@example.com>: host mx1.titan.email[192.0.2.7] said: 550 5.1.1 <bob@example.com>: Recipient address rejected: User unknown in virtual mailbox table (in reply to RCPT TO command)", "titan", "postfix"},
		{"gmail behind exim", "SMTP error from remote mail server after RCPT TO:<bob@gmail.com>:\n    host gmail-smtp-in.l.google.com [192.0.2.9]: 550-5.1.1 The email account that you tried to reach does not exist. gsmtp", "gmail", "exim"},
		{"postfix alone", "<bob@example.com>: host mx.example.com[192.0.2.1] said: 550 5.1.1 <bob@example.com>: Recipient address rejected: User unknown in local recipient table (in reply to RCPT TO command)", "postfix", ""},
	} {
		d := askDiagnosis(t, b, tt.name, tt.text, Hints{Lang: "en"})
		if d == nil {
			continue
		}
		if d.Provider != tt.provider || d.MTA != tt.mta {
			t.Errorf("%s: provider %q mta %q, want %q %q", tt.name, d.Provider, d.MTA, tt.provider, tt.mta)
		}
		if tt.provider != "postfix" && (d.Postmaster == nil || !strings.HasPrefix(d.Postmaster.URL, "https://")) {
			t.Errorf("%s: no postmaster link", tt.name)
		}
	}
}

// The software that refused is read off a paste's own marks: a session
// transcript's greeting names the server of every reply in it, and a
// Postfix bounce shows Postfix by its opening line and by its wording
// wrapped over lines.
func TestProviderOfPaste(t *testing.T) {
	b := newTestBot(t)
	transcript := "testing our relay by hand:\n220 mx.example.org ESMTP %s\nEHLO app1.example.com\n250-mx.example.org\n250 8BITMIME\n%sMAIL FROM:<app@example.com>\n530 5.7.0 Must issue a STARTTLS command first\nQUIT\n221 2.0.0 Bye"
	for _, tt := range []struct{ name, text, provider string }{
		{"postfix greeting", fmt.Sprintf(transcript, "Postfix", ""), "postfix"},
		{"exim greeting", fmt.Sprintf(transcript, "Exim 4.96", ""), "exim"},
		// STARTTLS's own 220 carries an enhanced code: no greeting.
		{"greeting before starttls", fmt.Sprintf(transcript, "Postfix", "STARTTLS\n220 2.0.0 Ready to start TLS\n"), "postfix"},
		// A transcript that labels each side ("S:", "Out:"): the label is
		// no text before the greeting.
		{"labelled greeting", "a customer ran a manual test against our MX and pasted:\n Out: 220 mx.example.net ESMTP Postfix\n In:  MAIL FROM:<a@example.org>\n Out: 250 2.1.0 Ok\n In:  RCPT TO:<b@example.net>\n Out: 250 2.1.5 Ok\n In:  DATA\n Out: 354 End data with <CR><LF>.<CR><LF>\n Out: 451 4.3.0 Error: queue file write error\nis that on us?", "postfix"},
		{"rfc labels", "S: 220 mx.example.org ESMTP Exim 4.96\nC: MAIL FROM:<a@example.com>\nS: 250 OK\nC: RCPT TO:<b@example.org>\nS: 550 5.1.1 unknown user", "exim"},
		{"postfix bounce", "This is the mail system at host mail.example.vn.\n\nI'm sorry to have to inform you that your message could not\nbe delivered to one or more recipients.\n\n<a@example.invalid>: Host or domain name not found. Name service error for\n    name=example.invalid type=A: Host not found\n\nwhat happened?", "postfix"},
		{"postfix wording wrapped", "<a@example.invalid>: Host or domain name not found. Name service error for\n    name=example.invalid type=A: Host not found", "postfix"},
		// The asker's own server's log line of a client it refused
		// (bounce.json client_leads): a provider the asker names is a
		// client's, the refuser is the server writing the log (eval rd003).
		{"own postscreen refusal", "Mar  5 08:12:44 mail postfix/postscreen[20858]: NOQUEUE: reject: RCPT from [192.0.2.71]:40028: 550 5.7.1 Service unavailable; client [192.0.2.71] blocked using zen.example.org\nmy server refuses everything like this, even gmail", "postfix"},
		{"refuser named by the asker", "sending to gmail fails with\n550 5.7.1 Service unavailable; client [192.0.2.71] blocked using zen.example.org", "gmail"},
	} {
		d := askDiagnosis(t, b, tt.name, tt.text, Hints{Lang: "en"})
		if d != nil && d.Provider != tt.provider {
			t.Errorf("%s: provider %q, want %q", tt.name, d.Provider, tt.provider)
		}
	}
}

// Providers yields copies: changing one does not change the catalog.
func TestProvidersAreCopies(t *testing.T) {
	c := newTestBot(t).Catalog()
	for p := range c.Providers() {
		p.Name = "changed"
		p.Match = nil
		break
	}
	for p := range c.Providers() {
		if p.Name == "changed" || len(p.Match) == 0 {
			t.Fatal("Providers exposes the catalog's own providers")
		}
		break
	}
	var ids []string
	for p := range c.Providers() {
		ids = append(ids, p.ID)
	}
	if slices.Index(ids, "gmail") < 0 {
		t.Fatal("gmail missing")
	}
}

// BenchmarkProvidersIn finds the providers a long pasted bounce shows: every
// provider's marks are tried on it.
func BenchmarkProvidersIn(b *testing.B) {
	bot := newTestBot(b)
	lower := strings.ToLower(longBounce)
	b.SetBytes(int64(len(lower)))
	var text *catalog.LowerText
	b.ReportAllocs()
	for b.Loop() {
		text = catalog.NewLowerText(lower)
		if ps := bot.providersIn(text); len(ps) == 0 || ps[0].ID != "gmail" {
			b.Fatal("gmail not found first")
		}
	}
}

// The trigram filter of catalog.LowerText never hides a match: over every
// input of the evaluation set and every provider example, each provider
// pattern matched through a prepared text agrees with its plain regular
// expression.
func TestLowerTextAgrees(t *testing.T) {
	inputs := evalInputs(t)
	var exprs []string
	for p := range newTestBot(t).Catalog().Providers() {
		exprs = append(exprs, p.Match...)
		for _, tag := range p.Tags {
			exprs = append(exprs, tag.Pattern)
		}
		for _, ex := range p.Examples {
			inputs = append(inputs, ex.Text)
		}
	}
	texts := make([]*catalog.LowerText, len(inputs))
	for i, in := range inputs {
		texts[i] = catalog.NewLowerText(strings.ToLower(in))
	}
	hits := agreeWithRegexp(t, exprs, inputs, func(p *catalog.Pattern, i int) bool { return p.MatchText(texts[i]) })
	if hits == 0 {
		t.Fatal("no pattern matched any input: the test checks nothing")
	}
}
