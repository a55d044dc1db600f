package catalog

import (
	"encoding/json"
	"strings"
	"testing"
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
		{"duplicate id", edit(func(p map[string]any, all []map[string]any) []map[string]any { return append(all, p) }), "duplicate id"},
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
	for text, want := range map[string]bool{
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
	} {
		if got := p.Match(text); got != want {
			t.Errorf("%q: match %v, want %v", text, got, want)
		}
	}
}
