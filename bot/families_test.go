package bot

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/smtpbot/smtpbot/tests/score"
)

// familyCase is one whole bounce of a cases.json under testdata (families,
// providers_layouts, wild), read as the reference tool reads it.
type familyCase = score.WholeCase

type familyWant = score.WholeWant

func familyCases(t *testing.T, dir string) []familyCase {
	t.Helper()
	cases, err := score.ReadWholeCases(filepath.Join("testdata", dir, "cases.json"))
	if err != nil {
		t.Fatal(err)
	}
	return cases
}

// TestFamilies diagnoses each whole report and checks every recipient,
// in order: the address, the enhanced code, the words of its diagnostic,
// the reason and hard/soft.
func TestFamilies(t *testing.T) { runWholeCases(t, "families") }

// TestProviderLayouts does the same for the bounces big providers write
// in their own layouts (Gmail, Google Groups, Exchange and Exchange
// Online, Amazon WorkMail, Mail.ru, Yandex, Yahoo/AOL).
func TestProviderLayouts(t *testing.T) { runWholeCases(t, "providers_layouts") }

// runWholeCases checks the whole emails of testdata/dir against its cases.json.
func runWholeCases(t *testing.T, dir string) {
	eachWholeCase(t, dir, func(t *testing.T, c familyCase, a Answer) {
		if a.NotBounce != c.NotBounce {
			t.Fatalf("not_bounce %q, want %q", a.NotBounce, c.NotBounce)
		}
		if a.NotBounce != "" || len(a.Diagnoses) != len(c.Want) {
			got := make([]string, len(a.Diagnoses))
			for i, d := range a.Diagnoses {
				got[i] = d.Recipient
			}
			t.Fatalf("not_bounce %q, recipients %q, want %d", a.NotBounce, got, len(c.Want))
		}
		for i, w := range c.Want {
			for _, miss := range wantMisses(w, a.Diagnoses[i]) {
				t.Errorf("#%d %s", i+1, miss)
			}
		}
	})
}

// eachWholeCase diagnoses every whole email of testdata/dir, in a subtest
// named after its file, and hands check the case and the answer.
func eachWholeCase(t *testing.T, dir string, check func(t *testing.T, c familyCase, a Answer)) {
	b := newTestBot(t)
	cases := familyCases(t, dir)
	files, _ := filepath.Glob(filepath.Join("testdata", dir, "*.eml"))
	if len(files) != len(cases) {
		t.Errorf("%d .eml files, %d cases: every fixture needs its case", len(files), len(cases))
	}
	for _, c := range cases {
		t.Run(strings.TrimSuffix(c.File, ".eml"), func(t *testing.T) {
			raw, err := os.ReadFile(filepath.Join("testdata", dir, c.File))
			if err != nil {
				t.Fatal(err)
			}
			check(t, c, b.DiagnoseMessage(raw, "en"))
		})
	}
}

// wantMisses says where one recipient's diagnosis differs from what its
// case wants; each miss starts with the field's name.
func wantMisses(w familyWant, d Diagnosis) []string {
	var m []string
	if d.Recipient != w.Recipient {
		m = append(m, fmt.Sprintf("recipient %q, want %q", d.Recipient, w.Recipient))
	}
	if w.Status != "" && d.EnhancedCode.String() != w.Status {
		m = append(m, fmt.Sprintf("status %s, want %s", d.EnhancedCode, w.Status))
	}
	if !strings.Contains(strings.Join(strings.Fields(d.Diagnostic), " "), w.Diagnostic) {
		m = append(m, fmt.Sprintf("diagnostic %q lacks %q", d.Diagnostic, w.Diagnostic))
	}
	if w.Without != "" && strings.Contains(d.Diagnostic, w.Without) {
		m = append(m, fmt.Sprintf("diagnostic %q holds the report's framing %q", d.Diagnostic, w.Without))
	}
	if w.Action != "" && d.DSNAction != w.Action {
		m = append(m, fmt.Sprintf("action %q, want %q", d.DSNAction, w.Action))
	}
	if w.Stage != "" && string(d.Stage) != w.Stage {
		m = append(m, fmt.Sprintf("stage %q, want %q", d.Stage, w.Stage))
	}
	if d.Reason != w.Reason {
		m = append(m, fmt.Sprintf("reason %s (%s), want %s (%s); diagnostic %q", d.Reason, d.Bounce, w.Reason, w.Bounce, d.Diagnostic))
	}
	if d.Bounce != w.Bounce {
		m = append(m, fmt.Sprintf("bounce %s, want %s (reason %s, want %s)", d.Bounce, w.Bounce, d.Reason, w.Reason))
	}
	return m
}
