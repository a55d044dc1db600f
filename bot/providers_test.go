package bot

import (
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
	if len(ps) < 38 {
		t.Fatalf("%d providers, want the 36 of issue #11 and the MTA software", len(ps))
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
		a := b.Ask(tt.text, Hints{Lang: "en"})
		if a.Diagnosis == nil {
			t.Errorf("%s: no diagnosis", tt.name)
			continue
		}
		d := a.Diagnosis
		if d.Provider != tt.provider || d.MTA != tt.mta {
			t.Errorf("%s: provider %q mta %q, want %q %q", tt.name, d.Provider, d.MTA, tt.provider, tt.mta)
		}
		if tt.provider != "postfix" && (d.Postmaster == nil || !strings.HasPrefix(d.Postmaster.URL, "https://")) {
			t.Errorf("%s: no postmaster link", tt.name)
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
	bot := newBenchBot(b)
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
