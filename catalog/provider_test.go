package catalog

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/smtpbot/smtpbot/internal/tabletest"
)

// providers.json is decoded strictly and checked: a broken provider entry
// stops the load with an error that names it.
func TestProvidersAreStrict(t *testing.T) {
	raw := []byte(readEmbedded(t, "providers.json"))
	var ps []map[string]any
	if err := json.Unmarshal(raw, &ps); err != nil {
		t.Fatal(err)
	}
	edit := func(f func(p map[string]any, all []map[string]any) []map[string]any) string {
		var cp []map[string]any
		if err := json.Unmarshal(raw, &cp); err != nil {
			t.Fatal(err)
		}
		b, err := json.Marshal(f(cp[0], cp))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	for _, tc := range []struct {
		name, content, want string
	}{
		{"unknown field", edit(func(p map[string]any, all []map[string]any) []map[string]any { p["colour"] = "red"; return all }), "colour"},
		{"unknown kind", edit(func(p map[string]any, all []map[string]any) []map[string]any { p["kind"] = "isp"; return all }), "unknown kind"},
		{"no example", edit(func(p map[string]any, all []map[string]any) []map[string]any { p["examples"] = []any{}; return all }), "example"},
		{"example without source", edit(func(p map[string]any, all []map[string]any) []map[string]any {
			p["examples"] = []any{map[string]any{"text": "550 5.1.1 gsmtp", "source": "a friend"}}
			return all
		}), "source"},
		{"no postmaster", edit(func(p map[string]any, all []map[string]any) []map[string]any { delete(p, "postmaster"); return all }), "postmaster"},
		{"bad pattern", edit(func(p map[string]any, all []map[string]any) []map[string]any {
			p["match"] = []any{"(unclosed"}
			return all
		}), "gmail"},
		{"bad domain", edit(func(p map[string]any, all []map[string]any) []map[string]any {
			p["domains"] = []any{"@gmail.com"}
			return all
		}), "bad domain"},
		{"one-label domain", edit(func(p map[string]any, all []map[string]any) []map[string]any {
			p["domains"] = []any{"gmail"}
			return all
		}), "bad domain"},
		{"code meaning without source", edit(func(p map[string]any, all []map[string]any) []map[string]any {
			delete(p["codes"].([]any)[0].(map[string]any), "source")
			return all
		}), "source URL"},
		{"upper-case name", edit(func(p map[string]any, all []map[string]any) []map[string]any { p["names"] = []any{"Gmail"}; return all }), "bad name"},
		{"one-letter name", edit(func(p map[string]any, all []map[string]any) []map[string]any { p["names"] = []any{"g"}; return all }), "bad name"},
		{"names on MTA software", edit(func(p map[string]any, all []map[string]any) []map[string]any {
			all[len(all)-1]["names"] = []any{"sendmail"}
			return all
		}), "no names"},
		{"tag of class 3", edit(func(p map[string]any, all []map[string]any) []map[string]any {
			p["tags"] = []any{map[string]any{"tag": "T", "pattern": "t", "class": 3, "meaning": map[string]any{"en": "x"}, "category": "policy"}}
			return all
		}), "class"},
		{"tag with a bad unless", edit(func(p map[string]any, all []map[string]any) []map[string]any {
			p["tags"] = []any{map[string]any{"tag": "T", "pattern": "t", "unless": "(", "meaning": map[string]any{"en": "x"}, "category": "policy"}}
			return all
		}), "unless"},
		{"duplicate id", edit(func(p map[string]any, all []map[string]any) []map[string]any { return append(all, p) }), "duplicate id"},
		{"bad number", edit(func(p map[string]any, all []map[string]any) []map[string]any {
			p["numbers"] = []any{"4\\.16\\.("}
			return all
		}), "numbers"},
	} {
		_, err := Load(withFile(t, "providers.json", tc.content))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: Load error %v, want one mentioning %q", tc.name, err, tc.want)
		}
	}
	if len(ps) == 0 {
		t.Fatal("no providers")
	}
}

// Pattern's literal prefilter never changes a match, and patterns are
// compiled once, at load.
func TestProviderPatternsCompiledAtLoad(t *testing.T) {
	c := loadEmbedded(t)
	n := 0
	for p := range c.Providers() {
		if len(p.match) != len(p.Patterns()) {
			t.Errorf("%s: %d of %d patterns compiled", p.ID, len(p.match), len(p.Patterns()))
		}
		for _, tag := range p.Tags {
			if tag.re == nil {
				t.Errorf("%s tag %s: not compiled", p.ID, tag.Tag)
			}
		}
		n++
	}
	if n == 0 {
		t.Fatal("no providers")
	}
}

// A provider's domains show it in an address at exactly that domain.
func TestDomainPattern(t *testing.T) {
	p, err := CompilePattern(DomainPattern([]string{"hey.com", "t-online.de"}))
	if err != nil {
		t.Fatal(err)
	}
	tabletest.CheckMap(t, "Match", p.Match, map[string]bool{
		"550 5.1.1 <bob@hey.com>: Recipient address rejected": true,
		"mail to bob@HEY.com failed":                          true,
		"write to bob@hey.com.":                               true,
		"bob@hey.com":                                         true,
		"bob@t-online.de said":                                true,
		"bob@hey.com.au":                                      false,
		"bob@hey.community":                                   false,
		"bob@mail.hey.com":                                    false,
		"see hey.com":                                         false,
		"bob@xt-online.de":                                    false,
	})
}

// A code the registry does not enumerate and exactly one provider documents
// marks that provider; a registered code, or one a second provider also
// documents, marks nobody.
// A registered code with the wording one provider documents for it marks
// that provider; the code without the wording, or the wording with another
// code, marks nobody.
func TestWordingOwner(t *testing.T) {
	c := loadEmbedded(t)
	owner := func(code, text string) string {
		return ownerID(c.WordingOwner(mustParse(t, ParseEnhanced, code), NewLowerText(text)))
	}
	tabletest.Check2(t, "WordingOwner", owner, []struct{ A, B, Want string }{
		{"5.4.1", "550 5.4.1 recipient address rejected: access denied.", "microsoft"},
		{"5.4.1", "550 5.4.1 no answer from host", ""},
		{"5.7.1", "554 5.7.1 <a@example.com>: recipient address rejected: access denied", ""},
	})
}

// ownerID is the ID of the provider an owner lookup found, or "" when it
// found none.
func ownerID(p *Provider, ok bool) string {
	if !ok {
		return ""
	}
	return p.ID
}

func TestCodeOwner(t *testing.T) {
	c := loadEmbedded(t)
	owner := func(code string) string { return ownerID(c.CodeOwner(mustParse(t, ParseEnhanced, code))) }
	tabletest.CheckMap(t, "CodeOwner", owner, map[string]string{
		"5.7.708": "microsoft", // exact entry
		"5.7.620": "microsoft", // within 5.7.606-649
		"4.7.501": "microsoft", // within 4.7.500-699
		"5.7.32":  "gmail",     // X.7.32, either class
		"4.7.32":  "gmail",
		"5.1.1":   "", // registered
		"5.7.26":  "", // registered, and Gmail documents it too
		"5.4.6":   "", // registered (Zoho and Titan)
		"5.7.999": "", // nobody documents it
	})
	// The same code documented by a second provider is no mark any more.
	var ps []map[string]any
	if err := json.Unmarshal([]byte(readEmbedded(t, "providers.json")), &ps); err != nil {
		t.Fatal(err)
	}
	for _, p := range ps {
		if p["id"] == "zoho" {
			p["codes"] = append(p["codes"].([]any), map[string]any{
				"code": "5.7.708", "meaning": map[string]any{"en": "Zoho's own use"}, "category": "blocked",
				"retry": "after_change", "action": map[string]any{}, "source": "https://www.zoho.com/mail/help/",
			})
		}
	}
	b, err := json.Marshal(ps)
	if err != nil {
		t.Fatal(err)
	}
	c2, err := Load(withFile(t, "providers.json", string(b)))
	if err != nil {
		t.Fatal(err)
	}
	for _, code := range []EnhancedCode{{Class: 5, Subject: 7, Detail: 708}, {Class: 5, Subject: 7, Detail: 620}} {
		p, ok := c2.CodeOwner(code)
		want := code.Detail == 620 // only Microsoft's range still covers 5.7.620
		if ok != want || (ok && p.ID != "microsoft") {
			t.Errorf("with Zoho documenting 5.7.708: CodeOwner(%s) = %v %v, want %v", code, p, ok, want)
		}
	}
}

// Names are the words people use for a provider: whole words only, and no
// name given to two providers (it would name neither).
func TestProviderNames(t *testing.T) {
	c := loadEmbedded(t)
	owner := map[string]string{}
	named := 0
	for p := range c.Providers() {
		if p.Kind != KindMTA && len(p.Names) == 0 {
			t.Errorf("%s: no names", p.ID)
		}
		for _, n := range p.Names {
			if o, ok := owner[n]; ok {
				t.Errorf("name %q given to %s and %s", n, o, p.ID)
			}
			owner[n] = p.ID
			named++
			if !p.NamedIn(NewLowerText("sending to " + n + ": 550 5.1.1")) {
				t.Errorf("%s: name %q not found in a question", p.ID, n)
			}
		}
	}
	if named == 0 {
		t.Fatal("no names")
	}
	var gmail, ms *Provider
	for p := range c.Providers() {
		switch p.ID {
		case "gmail":
			gmail = &p
		case "microsoft":
			ms = &p
		}
	}
	for text, want := range map[string]bool{
		"gmail says 550":           true,
		"gmail báo lỗi 550 5.7.26": true,
		"(gmail) 421":              true,
		"mygmail said 550":         false,
		"gmailer said 550":         false,
		"gmailđ 550":               false,
	} {
		if got := gmail.NamedIn(NewLowerText(text)); got != want {
			t.Errorf("gmail in %q: %v, want %v", text, got, want)
		}
	}
	for text, want := range map[string]bool{
		"office 365 rejects": true,
		"outlook rejects":    false, // the mail client too
		"exchange rate":      false,
		"m365 tenant":        true,
	} {
		if got := ms.NamedIn(NewLowerText(text)); got != want {
			t.Errorf("microsoft in %q: %v, want %v", text, got, want)
		}
	}
}

// A match pattern that is one of the provider's names ("yahoo") is a name
// mark: MarkedBeyondName looks past it to hosts, URLs and tags.
func TestMarkedBeyondName(t *testing.T) {
	c := loadEmbedded(t)
	byID := map[string]Provider{}
	for p := range c.Providers() {
		byID[p.ID] = p
	}
	for _, tc := range []struct {
		id, text        string
		matches, beyond bool
	}{
		{"yahoo", "sent to all yahoo recipients", true, false},
		{"yahoo", "421 4.7.0 [TSS04] messages deferred", true, true},
		{"yahoo", "host mta5.am0.yahoodns.net said: 554", true, true},
		{"comcast", "see http://postmaster.comcast.net/smtp-error-codes.php", true, true},
		{"sparkpost", "451 4.3.0 [internal] sending ip temporarily suspended", true, true},
	} {
		p, ok := byID[tc.id]
		if !ok {
			t.Fatalf("no provider %s", tc.id)
		}
		lower := NewLowerText(strings.ToLower(tc.text))
		if got := p.MatchesText(lower); got != tc.matches {
			t.Errorf("%s in %q: matches %v, want %v", tc.id, tc.text, got, tc.matches)
		}
		if got := p.MarkedBeyondName(lower); got != tc.beyond {
			t.Errorf("%s in %q: marked beyond its name %v, want %v", tc.id, tc.text, got, tc.beyond)
		}
	}
}

// A provider's own diagnostic numbers (providers.json numbers: Yahoo's
// "4.16.50") are told from enhanced codes by the registry: none of them
// may be a registered code, in any class, or a reply would lose its real
// enhanced code.
func TestProviderNumbersAreNoCodes(t *testing.T) {
	c := loadEmbedded(t)
	n := 0
	for p := range c.Providers() {
		for _, e := range c.EnhancedList() {
			for _, cls := range []int{2, 4, 5} {
				code := e.Code
				code.Class = cls
				if p.OwnNumber(code.String()) {
					t.Errorf("%s: number %s is a registered code", p.ID, code)
				}
			}
		}
		if len(p.Numbers) > 0 {
			n++
		}
	}
	if n == 0 {
		t.Error("no provider has numbers of its own")
	}
	for p := range c.Providers() {
		if p.ID == "yahoo" && (!p.OwnNumber("4.16.50") || p.OwnNumber("4.7.0") || p.OwnNumber("14.16.50")) {
			t.Error("yahoo: 4.16.50 must be its own number, 4.7.0 and 14.16.50 not")
		}
	}
}
