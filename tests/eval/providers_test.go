package eval

import (
	"testing"

	"github.com/smtpbot/smtpbot/bot"
)

// floorProviderHoldout is the least share of held-out cases whose refusing
// provider (or, when none shows, the MTA software) is named right. Raise it
// as the bot improves; never lower it to make a change pass.
const floorProviderHoldout = 0.80

// TestProviderBySet reports who-refused accuracy for the tuned and the
// held-out cases apart, with the misses, and fails under the floor:
//
//	go test ./tests/eval -run TestProviderBySet -v
func TestProviderBySet(t *testing.T) {
	b := newBot(t)
	sets := map[string]*tally{}
	for _, c := range loadCases(t) {
		if c.Provider == nil {
			continue
		}
		set := c.Set
		if set == "" {
			set = "tuned"
		}
		if sets[set] == nil {
			sets[set] = &tally{}
		}
		got := ""
		if d := primary(b.Ask(c.Input, bot.Hints{})); d != nil {
			got = d.Provider
		}
		ok := got == *c.Provider
		sets[set].add(ok)
		if !ok {
			t.Logf("%s %s: provider %q, want %q", set, c.ID, got, *c.Provider)
		}
	}
	for _, set := range []string{"tuned", "holdout"} {
		if sets[set] == nil {
			t.Fatalf("no %s cases name a provider", set)
		}
		t.Logf("provider %-8s %s", set, sets[set])
	}
	if r := sets["holdout"].rate(); r < floorProviderHoldout {
		t.Errorf("held-out provider accuracy %.1f%%, floor %.0f%%", 100*r, 100*floorProviderHoldout)
	}
}
