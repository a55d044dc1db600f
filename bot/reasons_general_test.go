package bot

import (
	"fmt"
	"strings"
	"testing"

	"github.com/smtpbot/smtpbot/catalog"
	"github.com/smtpbot/smtpbot/tests/score"
)

// TestReasonsGeneralise diagnoses replies in the wordings MTAs and
// providers publish (testdata/reasons_general.tsv, none from the Sisimai
// samples) in a whole report: the reasons found must be the ones their
// definitions give, whatever corpus the rules were tuned on.
func TestReasonsGeneralise(t *testing.T) {
	b := newTestBot(t)
	rows, err := score.ReadGeneralRows("testdata/reasons_general.tsv")
	if err != nil {
		t.Fatal(err)
	}
	n := len(rows)
	for _, row := range rows {
		want, action, status, diag, text := row.Reason, row.Action, row.Status, row.Diagnostic, row.Text
		d, ok := oneDiagnosis(t, b, fmt.Sprintf("%q", diag), dsnBounce(action, status, diag, text))
		if !ok {
			continue
		}
		if d.Reason != want {
			t.Errorf("%s %s %q: reason %s, want %s", action, status, diag, d.Reason, want)
			continue
		}
		r := b.Catalog().Reason(want)
		if d.Category != r.Category {
			t.Errorf("%q: category %s, want the reason's %s", diag, d.Category, r.Category)
		}
		if hard := r.Bounce == catalog.BounceHard && action != "delayed" && !strings.HasPrefix(status, "4"); (d.Bounce == catalog.BounceHard) != hard {
			t.Errorf("%q: bounce %s, want hard=%v (the reason's, soft for a delay or a 4xx status)", diag, d.Bounce, hard)
		}
	}
	if n < 80 {
		t.Errorf("%d cases, want at least 80", n)
	}
}
