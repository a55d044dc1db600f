package eval

import (
	"testing"

	"github.com/smtpbot/smtpbot/bot"
	"github.com/smtpbot/smtpbot/catalog"
	"github.com/smtpbot/smtpbot/catalog/catalogtest"
)

// TestCategoryFollowsReason: every diagnosis of every case reads the
// category of its reason (catalog/data/reasons.json), so a mail admin never
// reads "rate limit" beside a reason of the blocked group.
func TestCategoryFollowsReason(t *testing.T) {
	cat := catalogtest.Load(t)
	b := bot.New(cat)
	n := 0
	for _, c := range loadCases(t) {
		a := b.Ask(c.Input, bot.Hints{})
		ds := a.Diagnoses
		if a.Diagnosis != nil {
			ds = append(ds, *a.Diagnosis)
		}
		for _, d := range ds {
			r := cat.Reason(d.Reason)
			if r == nil {
				if d.Category != catalog.CatNone {
					t.Errorf("%s: category %s without a reason", c.ID, d.Category)
				}
				continue
			}
			n++
			if d.Category != r.Category {
				t.Errorf("%s: category %s beside reason %s of category %s", c.ID, d.Category, r.Name, r.Category)
			}
		}
	}
	if n < 400 {
		t.Errorf("%d diagnoses with a reason, want at least 400", n)
	}
}
