package bot

import "testing"

// TestWild measures whole-bounce diagnosis on real bounces people posted
// publicly (bot/testdata/wild): unlike the families and provider layouts,
// nothing in the code was written with these texts in view before the
// first run, so the figures are the generalisation measure of issue #11.
// It reports per-field accuracy and fails under the floors.
func TestWild(t *testing.T) {
	cat := newTestBot(t).cat
	var n, found, statusWant, status, reason, bounce, category int
	eachWholeCase(t, "wild", func(t *testing.T, c familyCase, a Answer) {
		for i, w := range c.Want {
			n++
			if w.Status != "" {
				statusWant++
			}
			if i >= len(a.Diagnoses) || a.NotBounce != "" {
				t.Logf("#%d %s not found (not_bounce %q, %d recipients)", i+1, w.Recipient, a.NotBounce, len(a.Diagnoses))
				continue
			}
			d := a.Diagnoses[i]
			misses := wantMisses(w, d)
			for _, m := range misses {
				t.Logf("#%d %s", i+1, m)
			}
			if d.Recipient == w.Recipient {
				found++
			}
			if w.Status != "" && d.EnhancedCode.String() == w.Status {
				status++
			}
			if d.Reason == w.Reason {
				reason++
			}
			if d.Bounce == w.Bounce {
				bounce++
			}
			if r := cat.Reason(w.Reason); r != nil && d.Category == r.Category {
				category++
			}
		}
		if len(a.Diagnoses) > len(c.Want) {
			t.Logf("%d recipients found, %d wanted", len(a.Diagnoses), len(c.Want))
		}
	})
	pct := func(k, of int) float64 { return 100 * float64(k) / float64(max(of, 1)) }
	t.Logf("wild: %d recipients; found %.1f%%, status %.1f%% (of %d), reason %.1f%%, hard/soft %.1f%%, category %.1f%%",
		n, pct(found, n), pct(status, statusWant), statusWant, pct(reason, n), pct(bounce, n), pct(category, n))
	for _, f := range []struct {
		name    string
		got, of int
		floor   float64
	}{
		{"recipients", found, n, 100},
		{"status", status, statusWant, 100},
		{"reason", reason, n, 94.4},
		{"hard/soft", bounce, n, 97.2},
		{"category", category, n, 97.2},
	} {
		if pct(f.got, f.of) < f.floor {
			t.Errorf("%s %.1f%% under the floor %.1f%%", f.name, pct(f.got, f.of), f.floor)
		}
	}
}
