package catalog

import (
	"slices"
	"strings"
	"testing"
)

// A provider's own codes are listed whole or by a pattern of codes, in
// registry order, each with its first sentence in the asked language.
func TestProviderListCodes(t *testing.T) {
	tx := func(en, vi string) Text {
		var x Text
		x.tr = append(x.tr, translation{English, en})
		if vi != "" {
			x.tr = append(x.tr, translation{"vi", vi})
		}
		return x
	}
	p := Provider{ID: "example", Codes: []ProviderCode{
		{Code: "5.7.700-749", Meaning: tx("Tenant blocked. More words.", "Tenant bị chặn.")},
		{Code: "X.7.27", Meaning: tx("SPF failed.", "")},
		{Code: "5.7.509", Meaning: tx("DMARC reject.", "")},
		{Code: "4.4.316", Meaning: tx("Connection refused.", "")},
		{Code: "5.7.750", Meaning: tx("Unregistered domain.", "")},
		{Code: "550", Meaning: tx("Refused.", "")},
		{Code: "5.1.10", Meaning: tx("Not found.", "")},
	}}
	for _, tc := range []struct{ filter, want string }{
		{"", "550 5.1.10 4.4.316 X.7.27 5.7.509 5.7.700-749 5.7.750"},
		{"5.7.7xx", "5.7.700-749 5.7.750"},
		{"5.7.74x", "5.7.700-749"},
		{"5.7.5xx", "5.7.509"},
		{"5.7.x", "X.7.27 5.7.509 5.7.700-749 5.7.750"},
		{"x.7.x", "X.7.27 5.7.509 5.7.700-749 5.7.750"},
		{"4xx", "4.4.316 X.7.27"},
		{"5xx", "550 5.1.10 X.7.27 5.7.509 5.7.700-749 5.7.750"},
		{"5.7.500-5.7.599", "5.7.509"},
		{"5.7.509", "5.7.509"},
		{"550-554", "550"},
		{"4.7.x", "X.7.27"},
	} {
		pat, ok := ParseCodePattern(tc.filter)
		if !ok {
			t.Errorf("%q: not a pattern", tc.filter)
			continue
		}
		var got []string
		for _, it := range p.ListCodes(pat, "en", nil) {
			got = append(got, it.Code)
		}
		if s := strings.Join(got, " "); s != tc.want {
			t.Errorf("%q: got %q, want %q", tc.filter, s, tc.want)
		}
	}
	for _, bad := range []string{"9xx", "5.x.7", "hello", "5.7.2-4.7.3", "5.7.abc"} {
		if _, ok := ParseCodePattern(bad); ok {
			t.Errorf("%q read as a pattern", bad)
		}
	}
	f := &Frame{}
	items := p.ListCodes(AnyCode, "vi", f)
	i := slices.IndexFunc(items, func(it ProviderListItem) bool { return it.Code == "5.7.700-749" })
	if i < 0 || items[i].Meaning != "Tenant bị chặn." || items[i].Class != "5.X.X" {
		t.Errorf("vi: %+v", items)
	}
	items = p.ListCodes(AnyCode, "en", f)
	if i := slices.IndexFunc(items, func(it ProviderListItem) bool { return it.Code == "5.7.700-749" }); items[i].Meaning != "Tenant blocked." {
		t.Errorf("first sentence: %q", items[i].Meaning)
	}
	if i := slices.IndexFunc(items, func(it ProviderListItem) bool { return it.Code == "X.7.27" }); items[i].Meaning != "SPF failed." || items[i].Class != "X.X.X" {
		t.Errorf("English fallback: %+v", items[i])
	}
}

// A long meaning is cut at a word, with a mark that it was.
func TestShortMeaning(t *testing.T) {
	long := strings.Repeat("word ", 60)
	got := ShortMeaning(long, nil)
	if !strings.HasSuffix(got, "…") || len([]rune(got)) > maxShortMeaning+1 || strings.HasSuffix(got, " …") {
		t.Errorf("ShortMeaning: %q", got)
	}
	if got := ShortMeaning("short", nil); got != "short" {
		t.Errorf("short: %q", got)
	}
}

// The embedded catalog lists Microsoft's own tenant codes under 5.7.7xx.
func TestProviderListEmbedded(t *testing.T) {
	c := loadEmbedded(t)
	p, ok := c.ProviderNamed("microsoft")
	if !ok {
		t.Fatal("no microsoft")
	}
	pat, _ := ParseCodePattern("5.7.7xx")
	var got []string
	for _, it := range p.ListCodes(pat, "en", c.Frame("en")) {
		got = append(got, it.Code)
		if it.Meaning == "" {
			t.Errorf("%s: no meaning", it.Code)
		}
	}
	if !slices.Contains(got, "5.7.708") || !slices.Contains(got, "5.7.700-749") || slices.ContainsFunc(got, func(s string) bool { return !strings.HasPrefix(s, "5.7.7") }) {
		t.Errorf("microsoft 5.7.7xx: %v", got)
	}
	if _, ok := c.ProviderNamed("nobody"); ok {
		t.Error("nobody found")
	}
}
