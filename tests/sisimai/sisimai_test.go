package sisimai

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/smtpbot/smtpbot/bot"
	"github.com/smtpbot/smtpbot/bot/bottest"
	"github.com/smtpbot/smtpbot/catalog"
	"github.com/smtpbot/smtpbot/tests/score"
)

// Floors on the hold-out part, at or a little under the figures when they
// were last measured (hold-out: recipients 99.0% (100/101), status 100%,
// reason 78.0% (78/100), hard/soft 96.0%, category 88.0%, diagnostic
// 96.0%; the eighth session's 78th reason came with a greeting refusal's
// "Access denied" read as the README's stage rule says, blocked, a choice
// made knowing it moved one hold-out case: see the README). Never lower one to make a change pass. The one exception, said in
// the commit: the category floor went from 0.88 back to 0.87 with the stage
// readings of 2026-12-07, chosen on dev (reason +1 there, nothing lower),
// which changed the category of one hold-out recipient whose reason was
// already wrong (hold-out reasons right stayed 77). Rejecting a change for
// what it does on the hold-out would be tuning on it.
const (
	floorRecipients = 0.98
	floorStatus     = 0.99
	floorReason     = 0.78
	floorBounce     = 0.96
	floorCategory   = 0.88
	floorDiagnostic = 0.96
)

// sisimaiCase is one line of testdata/cases.jsonl.
type sisimaiCase = score.SisimaiCase

func loadCases(t testing.TB) []sisimaiCase {
	t.Helper()
	cases, err := score.ReadSisimaiCases("testdata/cases.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	return cases
}

func newBot(t testing.TB) (*bot.Bot, *catalog.Catalog) {
	t.Helper()
	b := bottest.New(t)
	return b, b.Catalog()
}

// measure counts one measure, printed as a rate with its counts.
type measure struct{ score.Tally }

func (m measure) String() string { return fmt.Sprintf("%5.1f%% (%d/%d)", 100*m.Rate(), m.OK, m.N) }

// part is the figures of one part of the corpus.
type part struct {
	files, extra                                 int
	recipients, status, reason, bounce, category measure
	diagnostic                                   measure // the server's reply extracted as said (see sameDiagnostic)
	diagMisses                                   []string
	internalStatus                               int // expected status is Sisimai's own X.0.9xx: not scored
	misses                                       []string
	confusion                                    map[string]int // "want→got" reason counts
}

// printConfusion prints the want→got reason pairs that differ, most
// frequent first.
func printConfusion(c map[string]int) {
	keys := make([]string, 0, len(c))
	for k := range c {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if c[keys[i]] != c[keys[j]] {
			return c[keys[i]] > c[keys[j]]
		}
		return keys[i] < keys[j]
	})
	for _, k := range keys {
		fmt.Printf("  dev confusion %3d %s\n", c[k], k)
	}
}

// internal reports whether a status is one of Sisimai's own X.0.9xx codes,
// which no message carries.
func internal(status string) bool {
	p := strings.Split(status, ".")
	return len(p) == 3 && p[1] == "0" && len(p[2]) == 3 && p[2][0] == '9'
}

func TestSisimai(t *testing.T) {
	b, cat := newBot(t)
	cases := loadCases(t)
	byFile := map[string][]sisimaiCase{}
	var files []string
	for _, c := range cases {
		if byFile[c.File] == nil {
			files = append(files, c.File)
		}
		byFile[c.File] = append(byFile[c.File], c)
	}
	sort.Strings(files)
	parts := map[string]*part{"dev": {}, "dev-A": {}, "dev-B": {}, "hold-out": {}}
	inconsistent := 0 // hold-out diagnoses whose category is not their reason's
	for _, file := range files {
		raw, err := os.ReadFile(filepath.Join("testdata", file))
		if err != nil {
			t.Fatal(err)
		}
		ans := b.DiagnoseMessage(raw, catalog.English)
		want := byFile[file]
		// The category always follows the reason (reasons.json): checked
		// on every diagnosis; a hold-out file is only counted, never named.
		for _, d := range ans.Diagnoses {
			if r := cat.Reason(d.Reason); r == nil || d.Category != r.Category {
				if score.HoldOut(file) {
					inconsistent++
				} else {
					t.Errorf("%s: category %s beside reason %q", file, d.Category, d.Reason)
				}
			}
		}
		if score.HoldOut(file) {
			parts["hold-out"].score(t, cat, file, ans, want)
			continue
		}
		parts["dev"].score(t, cat, file, ans, want)
		parts[score.DevHalf(file)].score(t, cat, file, ans, want)
	}
	if testing.Verbose() {
		fmt.Printf("%-9s %5s %-18s %-18s %-18s %-18s %-18s %-18s %s\n", "part", "files", "recipients", "status", "reason", "hard/soft", "category", "diagnostic", "extra / X.0.9xx skipped")
		for _, name := range []string{"dev-A", "dev-B", "dev", "hold-out"} {
			p := parts[name]
			fmt.Printf("%-9s %5d %-18s %-18s %-18s %-18s %-18s %-18s %d / %d\n", name, p.files, p.recipients, p.status, p.reason, p.bounce, p.category, p.diagnostic, p.extra, p.internalStatus)
		}
		// Misses are listed for the dev-A half only: dev-B estimates how a
		// change generalises and the hold-out part is for measuring, never
		// for tuning.
		for _, m := range parts["dev-A"].misses {
			fmt.Println("  dev-A miss:", m)
		}
		// SISIMAI_DEV=all also lists the dev-B misses and prints the dev
		// want→got reason confusions, most frequent first (never the
		// hold-out's).
		if os.Getenv("SISIMAI_DEV") == "all" {
			for _, m := range parts["dev-B"].misses {
				fmt.Println("  dev-B miss:", m)
			}
			printConfusion(parts["dev"].confusion)
		}
		// SISIMAI_DEV=diag lists the dev recipients whose extracted
		// diagnostic does not agree with the expected one (never the
		// hold-out's).
		if os.Getenv("SISIMAI_DEV") == "diag" {
			for _, m := range parts["dev"].diagMisses {
				fmt.Println("  dev diagnostic:", m)
			}
		}
	}
	if inconsistent > 0 {
		t.Errorf("%d hold-out diagnoses have a category other than their reason's", inconsistent)
	}
	h := parts["hold-out"]
	for _, miss := range score.Under(
		score.Floor{Name: "recipients", Got: h.recipients.Tally, Min: floorRecipients},
		score.Floor{Name: "status", Got: h.status.Tally, Min: floorStatus},
		score.Floor{Name: "reason", Got: h.reason.Tally, Min: floorReason},
		score.Floor{Name: "hard/soft", Got: h.bounce.Tally, Min: floorBounce},
		score.Floor{Name: "category", Got: h.category.Tally, Min: floorCategory},
		score.Floor{Name: "diagnostic", Got: h.diagnostic.Tally, Min: floorDiagnostic},
	) {
		t.Error("hold-out " + miss)
	}
	if h.files < 90 || parts["dev"].files < 200 {
		t.Errorf("split: %d hold-out files, %d dev files; want 97 and 237", h.files, parts["dev"].files)
	}
}

// score adds one file's answer to the part's figures.
func (p *part) score(t testing.TB, cat *catalog.Catalog, file string, ans bot.Answer, want []sisimaiCase) {
	p.files++
	if len(ans.Diagnoses) > len(want) {
		p.extra += len(ans.Diagnoses) - len(want)
		p.misses = append(p.misses, fmt.Sprintf("%s: %d recipients, want %d", file, len(ans.Diagnoses), len(want)))
	}
	for _, c := range want {
		found := c.Index <= len(ans.Diagnoses)
		p.recipients.Add(found)
		if !found {
			p.misses = append(p.misses, fmt.Sprintf("%s: no recipient #%d (kind %q, %d found)", c.ID, c.Index, ans.NotBounce, len(ans.Diagnoses)))
			continue
		}
		d := ans.Diagnoses[c.Index-1]
		if internal(c.Status) {
			p.internalStatus++
		} else {
			p.status.Add(d.EnhancedCode.String() == c.Status)
			if d.EnhancedCode.String() != c.Status {
				p.misses = append(p.misses, fmt.Sprintf("%s: status %s, want %s (%.80s)", c.ID, d.EnhancedCode, c.Status, d.Diagnostic))
			}
		}
		same := sameDiagnostic(d.Diagnostic, c.Diagnostic)
		p.diagnostic.Add(same)
		if !same {
			p.diagMisses = append(p.diagMisses, fmt.Sprintf("%s\n    got:  %.300s\n    want: %.300s", c.ID, normalDiagnostic(d.Diagnostic), normalDiagnostic(c.Diagnostic)))
		}
		p.reason.Add(d.Reason == c.Reason)
		if d.Reason != c.Reason {
			if p.confusion == nil {
				p.confusion = map[string]int{}
			}
			p.confusion[c.Reason+"→"+d.Reason]++
			p.misses = append(p.misses, fmt.Sprintf("%s: reason %s, want %s (%s %s %s stage %q: %.100s)", c.ID, d.Reason, c.Reason, d.DSNAction, d.ReplyCode, d.EnhancedCode, d.Stage, d.Diagnostic))
		}
		p.bounce.Add((d.Bounce == "hard") == c.HardBounce && d.Bounce != "")
		if (d.Bounce == "hard") != c.HardBounce || d.Bounce == "" {
			p.misses = append(p.misses, fmt.Sprintf("%s: bounce %q, want hard=%v (reason %s, want %s)", c.ID, d.Bounce, c.HardBounce, d.Reason, c.Reason))
		}
		// The category is the catalog's own for the expected reason
		// (catalog/data/reasons.json), the same table every answer uses.
		want := cat.Reason(c.Reason)
		if want == nil {
			t.Fatalf("%s: reason %q is not in the catalog's reasons", c.ID, c.Reason)
		}
		p.category.Add(d.Category == want.Category)
	}
}

// normalDiagnostic is a diagnostic text compared: whitespace runs as one
// space, lower case.
func normalDiagnostic(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }

// sameDiagnostic reports whether the diagnostic we extracted agrees with
// the expected one (cases.jsonl "diagnostic", the server's reply as the
// message says it), both normalised: ours holds the expected text, or the
// expected text holds ours and ours is more than half of it (a reply
// without the MTA's own words around it).
func sameDiagnostic(got, want string) bool {
	g, w := normalDiagnostic(got), normalDiagnostic(want)
	if w == "" || strings.Contains(g, w) {
		return true
	}
	return g != "" && strings.Contains(w, g) && 2*len(g) > len(w)
}
