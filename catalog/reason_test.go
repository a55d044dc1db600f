package catalog

import (
	"strings"
	"testing"
)

// A provider's tag or code that names a reason names one of its own
// grouping: the diagnosis's category follows the reason, so a tag of the
// blocked group naming a reason of the rate-limit group is refused.
func TestProviderReasonInItsCategory(t *testing.T) {
	providers := readEmbedded(t, "providers.json")
	bad := strings.Replace(providers, `"reason": "badreputation"`, `"reason": "speeding"`, 1)
	if bad == providers {
		t.Fatal(`providers.json has no "reason": "badreputation" to change`)
	}
	if _, err := Load(withFile(t, "providers.json", bad)); err == nil || !strings.Contains(err.Error(), `reason "speeding" is in category "rate_limit"`) {
		t.Errorf("Load error %v, want the reason's category named", err)
	}
	c := loadEmbedded(t)
	for p := range c.Providers() {
		for _, tg := range p.Tags {
			if r := c.Reason(tg.Reason); r != nil && r.Category != tg.Category {
				t.Errorf("%s tag %s: reason %s in %s, tag in %s", p.ID, tg.Tag, r.Name, r.Category, tg.Category)
			}
		}
	}
}

// Every text rule stays on the fast path: each pattern lower-case only
// (no \w, \S or upper-case class, which case folding would need), so it is
// matched alone, and only on texts that hold its required literals.
func TestRulesOnFastPath(t *testing.T) {
	c := loadEmbedded(t)
	if err := c.CompileRules(); err != nil {
		t.Fatal(err)
	}
	for i, r := range c.reasons.rules {
		if r.parts == nil {
			t.Errorf("rule %d (%s): a pattern needs case folding; write classes in lower case ([a-z] rather than \\w)", i, r.Reason)
		}
	}
}
