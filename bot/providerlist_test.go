package bot

import (
	"strings"
	"testing"
)

// A provider named with a list command, a list opener before "codes", or a
// pattern of codes before "codes" asks for that provider's own codes
// (providers.json): a list with a provider filter. A code typed or named
// is asked about instead, and a question naming no provider stays a list
// of the registry's codes.
func TestParseProviderList(t *testing.T) {
	b := newTestBot(t)
	for _, tc := range []struct {
		in, intent, provider, filter string
	}{
		{"list hotmail codes", "list", "microsoft", ""},
		{"ls office365 4xx", "list", "microsoft", "4xx"},
		{"what codes does outlook.com use?", "list", "microsoft", ""},
		{"show me every google workspace code", "list", "gmail", ""},
		{"aol 4.7.x codes please", "list", "yahoo", "4.7.x"},
		{"m365 5.7.6xx codes", "list", "microsoft", "5.7.6xx"},
		{"liệt kê mã của zoho", "list", "zoho", ""},
		{"outlook.com có những mã lỗi 5.7 nào", "list", "microsoft", "5.7.x"},
		{"các mã lỗi 4xx của gsuite", "list", "gmail", "4xx"},
		// No provider: the registry's codes, as before.
		{"list 4xx", "list", "", "4xx"},
		{"list 5.7.2x", "list", "", "5.7.2x"},
		// A code typed or named is asked about.
		{"what does hotmail code 5.7.708 mean", "explain", "", ""},
		{"which code does gmail give when the mailbox is full", "explain", "", ""},
	} {
		q := b.Parse(tc.in)
		if string(q.Intent) != tc.intent || q.Provider != tc.provider || q.Filter != tc.filter {
			t.Errorf("Parse(%q) = %s provider %q filter %q, want %s provider %q filter %q",
				tc.in, q.Intent, q.Provider, q.Filter, tc.intent, tc.provider, tc.filter)
		}
	}
}

// The answer lists the provider's own codes the pattern matches, with its
// meanings, its display name in the title and its postmaster page first
// among the references; a list subcommand takes a provider operand too.
func TestAnswerProviderList(t *testing.T) {
	b := newTestBot(t)
	a := b.Ask("list hotmail 5.7.7xx codes", Hints{})
	if a.List == nil || a.List.Provider != "microsoft" || len(a.List.Items) == 0 {
		t.Fatalf("no provider list: %+v", a.List)
	}
	for _, it := range a.List.Items {
		if !strings.HasPrefix(it.Code, "5.7.7") || it.Name == "" {
			t.Errorf("item %+v", it)
		}
	}
	if !strings.Contains(a.Title, a.List.ProviderName) || !strings.HasSuffix(a.Title, "5.7.7xx") {
		t.Errorf("title %q", a.Title)
	}
	if len(a.List.Refs) == 0 || !strings.Contains(a.List.Refs[0].URL, "outlook") {
		t.Errorf("refs %+v", a.List.Refs)
	}
	vi := b.Ask("liệt kê mã của gmail", Hints{})
	if vi.Lang != "vi" || vi.List == nil || vi.List.Provider != "gmail" || vi.List.Items[0].Name == "" || !strings.ContainsAny(vi.List.Items[0].Name, "ăâđêôơư") {
		t.Errorf("vi list: lang %q %+v", vi.Lang, vi.List)
	}
	q, ok := b.chosen(Hints{Intent: IntentList, Operands: []string{"microsoft 5.7.5xx"}})
	if !ok || q.Provider != "microsoft" || q.Filter != "5.7.5xx" {
		t.Errorf("subcommand: %+v", q)
	}
}
