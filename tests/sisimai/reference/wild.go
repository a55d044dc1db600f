package main

import (
	"cmp"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/smtpbot/smtpbot/bot"
	"github.com/smtpbot/smtpbot/catalog"
	"github.com/smtpbot/smtpbot/tests/score"
)

// The wild mode (-wild) sets Sisimai's reason and hard/soft beside the
// expected ones and ours for every expected recipient of the real bounces
// of bot/testdata/wild (cases.json, decided by catalog/data/README.md's
// definitions before anything ran). The corpus-dev mode (-corpus-dev) sets
// Sisimai 4.25's reasons beside the Sisimai corpus's own labels (Sisimai 5)
// on its dev files only.

// wildDir is the folder of the real bounces, from the repository root.
const wildDir = "bot/testdata/wild"

// recipientScript prints the reasons the installed Sisimai knows, then,
// for each file named, one line per recipient it decodes: the file, the
// recipient's place, its address, the reason, the enhanced code and hard
// or soft ("-" when it says neither: its softbounce is -1).
const recipientScript = `use Sisimai;
use Sisimai::Reason;
print "vocabulary\t", join(" ", map { lc } @{Sisimai::Reason->index}), "\n";
for my $f (@ARGV) {
  my $v = Sisimai->make($f) || [];
  my $i = 0;
  for my $r (@$v) {
    $i++;
    my $s = $r->softbounce;
    print join("\t", $f, $i, lc($r->recipient->address), $r->reason, $r->deliverystatus || "-",
      $s == 1 ? "soft" : $s == 0 ? "hard" : "-"), "\n";
  }
}`

// sisimaiRecipient is one recipient the installed Sisimai decoded.
type sisimaiRecipient struct {
	index                           int
	address, reason, status, bounce string
}

// runRecipients runs Sisimai (one perl process) on the files, named from
// dir, and returns what it decoded by file (relative to dir) with the
// reasons it knows.
func runRecipients(dir string, files []string) (map[string][]sisimaiRecipient, vocab, error) {
	args := make([]string, len(files))
	for i, f := range files {
		args[i] = filepath.Join(dir, f)
	}
	lines, err := perl(recipientScript, args)
	if err != nil {
		return nil, nil, err
	}
	byFile := map[string][]sisimaiRecipient{}
	vocabulary := vocab{}
	for _, l := range lines {
		c := strings.Split(l, "\t")
		if len(c) == 2 && c[0] == "vocabulary" {
			for _, v := range strings.Fields(c[1]) {
				vocabulary[v] = true
			}
			continue
		}
		if len(c) != 6 {
			continue
		}
		f, err := filepath.Rel(dir, c[0])
		if err != nil {
			continue
		}
		i, _ := strconv.Atoi(c[1])
		byFile[f] = append(byFile[f], sisimaiRecipient{index: i, address: c[2], reason: c[3], status: c[4], bounce: c[5]})
	}
	return byFile, vocabulary, nil
}

// wildRows is what Sisimai said of each expected recipient of the cases,
// matched by address (case ignored), else by place when Sisimai's
// recipient there has an address the case does not expect (the final
// address of an alias whose original the case names), and of each message expected not to
// be a bounce (its first recipient's reason, if it found one).
func wildRows(cases []score.WholeCase, found map[string][]sisimaiRecipient) []score.WildRow {
	var rows []score.WildRow
	for _, c := range cases {
		got := found[c.File]
		if c.NotBounce != "" {
			r := score.WildRow{File: c.File, Recipient: "-", Reason: score.NoReason, Status: "-", Bounce: "-"}
			if len(got) > 0 {
				r.Reason, r.Status, r.Bounce = got[0].reason, got[0].status, got[0].bounce
			}
			rows = append(rows, r)
			continue
		}
		expected := map[string]bool{}
		for _, w := range c.Want {
			expected[strings.ToLower(w.Recipient)] = true
		}
		for i, w := range c.Want {
			r := score.WildRow{File: c.File, Index: i + 1, Recipient: strings.ToLower(w.Recipient), Reason: score.NoReason, Status: "-", Bounce: "-"}
			at := slices.IndexFunc(got, func(s sisimaiRecipient) bool { return s.address == r.Recipient })
			if at < 0 && i < len(got) && !expected[got[i].address] {
				at = i // another address in the same place: the final recipient of an alias, a masked one
			}
			if at >= 0 {
				r.Reason, r.Status, r.Bounce = got[at].reason, got[at].status, got[at].bounce
			}
			rows = append(rows, r)
		}
	}
	return rows
}

func writeWild(path string, rows []score.WildRow, vocabulary vocab) error {
	var s strings.Builder
	s.WriteString("# What Sisimai 4.25.15 (BSD-2-Clause; Debian libsisimai-perl) says of each expected recipient\n" +
		"# of bot/testdata/wild/cases.json (matched by address, case ignored, else by place when Sisimai's\n" +
		"# recipient there has an address the case does not expect), recorded by\n" +
		"# `go run ./tests/sisimai/reference -wild -record <this file>`. Recorded verdicts only, no\n" +
		"# Sisimai code or text. Columns: file, the recipient's place in the case (0: a message expected\n" +
		"# not to be a bounce, then what Sisimai made of its first recipient), its address (\"-\" for 0),\n" +
		"# Sisimai's reason (\"(none)\" when it reported no such recipient), enhanced code and hard or\n" +
		"# soft (\"-\" when none).\n")
	s.WriteString("# vocabulary: " + strings.Join(slices.Sorted(maps.Keys(vocabulary)), " ") + "\n")
	for _, r := range rows {
		s.WriteString(score.FormatWildRow(r) + "\n")
	}
	return os.WriteFile(path, []byte(s.String()), 0o644)
}

// wildLine is one recorded row with the expectation and our verdict.
type wildLine struct {
	score.WildRow
	want       score.WholeWant // zero for a message that is not a bounce
	notBounce  string          // the expected not_bounce verdict
	ours       string          // our reason, "(none)" when we give none; our not_bounce verdict for index 0
	oursBounce string
}

// wildFigures are the agreement counts of one comparison.
type wildFigures struct {
	recipients int // expected recipients recorded
	found      int // of them, those Sisimai reported
	onhold     int // Sisimai's reason is onhold (it could not decide)
	undefined  int // Sisimai's reason is undefined

	sisWant, oursWant, oursSis           score.Tally // reason; sisimai = expected over all recipients, ours = sisimai over those it found
	sisWantB, oursWantB, oursSisB        score.Tally // hard/soft, the same way
	sisWantFound                         score.Tally // reason, sisimai = expected over those it found
	knownSisWant, knownOursWant          score.Tally // reason, where the expected reason is in Sisimai's vocabulary
	knownSisWantFound, knownOursSis      score.Tally // the same over those it found
	sisStatus                            score.Tally // enhanced code, where the case gives one and Sisimai found the recipient
	notBounce, sisReported, oursNotRight int         // messages expected not to be bounces; Sisimai reported a recipient in; ours gave the verdict for

	diffs      map[[2]string]int // expected reason → Sisimai's, where they differ
	stale      int               // recorded rows cases.json no longer has (re-record)
	unrecorded int               // expected recipients with no recorded row (re-record)
}

// wildCompare diagnoses the messages of the recorded rows (files under
// root/wildDir, from ≤ file ≤ until when set) and counts the agreements.
func wildCompare(b *bot.Bot, root string, rows []score.WildRow, vocabulary vocab, since, until string) (wildFigures, []wildLine, error) {
	dir := filepath.Join(root, wildDir)
	cases, err := score.ReadWholeCases(filepath.Join(dir, "cases.json"))
	if err != nil {
		return wildFigures{}, nil, err
	}
	in := func(f string) bool {
		return (since == "" || !score.FileAfter(since, f)) && (until == "" || !score.FileAfter(f, until))
	}
	byFile := map[string]score.WholeCase{}
	recorded := map[string]int{}
	for _, c := range cases {
		byFile[c.File] = c
	}
	for _, r := range rows {
		recorded[r.File]++
	}
	fig := wildFigures{diffs: map[[2]string]int{}}
	for _, c := range cases {
		if in(c.File) && recorded[c.File] == 0 {
			fig.unrecorded += max(len(c.Want), 1)
		}
	}
	answers := map[string]bot.Answer{}
	var lines []wildLine
	for _, r := range rows {
		c, ok := byFile[r.File]
		if !in(r.File) {
			continue
		}
		if !ok || r.Index > len(c.Want) || r.Index == 0 && c.NotBounce == "" ||
			r.Index > 0 && strings.ToLower(c.Want[r.Index-1].Recipient) != r.Recipient {
			fig.stale++
			continue
		}
		a, ok := answers[r.File]
		if !ok {
			raw, err := os.ReadFile(filepath.Join(dir, r.File))
			if err != nil {
				return wildFigures{}, nil, err
			}
			a = b.DiagnoseMessage(raw, catalog.English)
			answers[r.File] = a
		}
		l := wildLine{WildRow: r, ours: score.NoReason, oursBounce: "-"}
		if r.Index == 0 {
			l.notBounce, l.ours = c.NotBounce, a.NotBounce
			fig.notBounce++
			if r.Reason != score.NoReason {
				fig.sisReported++
			}
			if a.NotBounce == c.NotBounce {
				fig.oursNotRight++
			}
			lines = append(lines, l)
			continue
		}
		// Ours as TestWild takes it: the recipient in the same place.
		l.want = c.Want[r.Index-1]
		if a.NotBounce == "" && r.Index <= len(a.Diagnoses) {
			d := a.Diagnoses[r.Index-1]
			l.ours, l.oursBounce = d.Reason, d.Bounce
		}
		fig.add(l, vocabulary)
		lines = append(lines, l)
	}
	return fig, lines, nil
}

// add counts one expected recipient.
func (f *wildFigures) add(l wildLine, vocabulary vocab) {
	found := l.Reason != score.NoReason
	known := vocabulary[l.want.Reason]
	f.recipients++
	f.sisWant.Add(l.Reason == l.want.Reason)
	f.oursWant.Add(l.ours == l.want.Reason)
	f.sisWantB.Add(l.Bounce == l.want.Bounce)
	f.oursWantB.Add(l.oursBounce == l.want.Bounce)
	if known {
		f.knownSisWant.Add(l.Reason == l.want.Reason)
		f.knownOursWant.Add(l.ours == l.want.Reason)
	}
	if l.Reason != l.want.Reason {
		f.diffs[[2]string{l.want.Reason, l.Reason}]++
	}
	if !found {
		return
	}
	f.found++
	switch l.Reason {
	case "onhold":
		f.onhold++
	case "undefined":
		f.undefined++
	}
	f.sisWantFound.Add(l.Reason == l.want.Reason)
	f.oursSis.Add(l.ours == l.Reason)
	if l.Bounce != "-" {
		f.oursSisB.Add(l.oursBounce == l.Bounce)
	}
	if known {
		f.knownSisWantFound.Add(l.Reason == l.want.Reason)
		f.knownOursSis.Add(l.ours == l.Reason)
	}
	if l.want.Status != "" {
		f.sisStatus.Add(l.Status == l.want.Status)
	}
}

// wildRun is the wild mode: Sisimai's verdicts (run, or read with from),
// recorded when record is set, then compared with the expectations and ours.
func wildRun(from, record, since, until string, all bool, w io.Writer) error {
	var rows []score.WildRow
	var vocabulary vocab
	var err error
	if from != "" {
		if rows, err = score.ReadWildRows(from); err == nil {
			vocabulary, err = score.ReadVocabulary(from)
		}
	} else {
		var cases []score.WholeCase
		if cases, err = score.ReadWholeCases(filepath.Join(wildDir, "cases.json")); err == nil {
			files := make([]string, len(cases))
			for i, c := range cases {
				files[i] = c.File
			}
			var found map[string][]sisimaiRecipient
			if found, vocabulary, err = runRecipients(wildDir, files); err == nil {
				rows = wildRows(cases, found)
			}
		}
	}
	if err != nil {
		return err
	}
	if record != "" {
		if err := writeWild(record, rows, vocabulary); err != nil {
			return err
		}
	}
	b, err := newBot()
	if err != nil {
		return err
	}
	fig, lines, err := wildCompare(b, ".", rows, vocabulary, since, until)
	if err != nil {
		return err
	}
	wildReport(fig, lines, vocabulary, all, w)
	return nil
}

func wildReport(f wildFigures, lines []wildLine, vocabulary vocab, all bool, w io.Writer) {
	fmt.Fprintln(w, "file\t#\texpected\tsisimai\tours")
	for _, l := range lines {
		if l.Index == 0 {
			if all || l.Reason != score.NoReason || l.ours != l.notBounce {
				fmt.Fprintf(w, "%s\t-\tnot_bounce %s\t%s\tnot_bounce %q\n", l.File, l.notBounce, l.Reason, l.ours)
			}
			continue
		}
		if all || l.Reason != l.want.Reason || l.ours != l.want.Reason || l.Bounce != l.want.Bounce || l.oursBounce != l.want.Bounce {
			fmt.Fprintf(w, "%s\t%d\t%s %s\t%s %s\t%s %s\n", l.File, l.Index, l.want.Reason, l.want.Bounce, l.Reason, l.Bounce, l.ours, l.oursBounce)
		}
	}
	pct := func(t score.Tally) string {
		return fmt.Sprintf("%d/%d (%.1f%%)", t.OK, t.N, 100*float64(t.OK)/float64(max(t.N, 1)))
	}
	fmt.Fprintf(w, "\nexpected recipients: %d; Sisimai reported %s of them (by address, else by place), onhold %d, undefined %d\n",
		f.recipients, pct(score.Tally{OK: f.found, N: f.recipients}), f.onhold, f.undefined)
	fmt.Fprintf(w, "reason    sisimai = expected: %s (%s of those it reported); ours = expected: %s; ours = sisimai: %s of those it reported\n",
		pct(f.sisWant), pct(f.sisWantFound), pct(f.oursWant), pct(f.oursSis))
	fmt.Fprintf(w, "hard/soft sisimai = expected: %s; ours = expected: %s; ours = sisimai: %s of those it says hard or soft\n",
		pct(f.sisWantB), pct(f.oursWantB), pct(f.oursSisB))
	fmt.Fprintf(w, "where the expected reason is in Sisimai 4.25's vocabulary: sisimai = expected %s (%s of those it reported); ours = expected %s; ours = sisimai %s\n",
		pct(f.knownSisWant), pct(f.knownSisWantFound), pct(f.knownOursWant), pct(f.knownOursSis))
	fmt.Fprintf(w, "enhanced code, sisimai = expected where the case gives one: %s\n", pct(f.sisStatus))
	fmt.Fprintf(w, "messages expected not to be bounces: %d; Sisimai reported a recipient in %d; ours gave the expected verdict for %d\n",
		f.notBounce, f.sisReported, f.oursNotRight)
	fmt.Fprintln(w, "(ours is the bot now, after the fixes each batch led to: the first runs are in README.md)")
	if f.stale > 0 || f.unrecorded > 0 {
		fmt.Fprintf(w, "cases.json changed since the recording: %d recorded rows no longer match, %d recipients or messages unrecorded; re-record (-wild -record)\n", f.stale, f.unrecorded)
	}
	fmt.Fprintln(w, "\nexpected → sisimai, where they differ (* the expected reason is newer than Sisimai 4.25):")
	printDiffs(w, f.diffs, vocabulary)
}

// printDiffs lists the pairs of reasons (want → reference's) that differ,
// the commonest first; * marks a wanted reason the reference does not know.
func printDiffs(w io.Writer, diffs map[[2]string]int, vocabulary vocab) {
	type diff struct {
		pair [2]string
		n    int
	}
	var ds []diff
	for p, n := range diffs {
		ds = append(ds, diff{p, n})
	}
	slices.SortFunc(ds, func(a, b diff) int {
		return cmp.Or(b.n-a.n, strings.Compare(a.pair[0], b.pair[0]), strings.Compare(a.pair[1], b.pair[1]))
	})
	for _, d := range ds {
		mark := ""
		if !vocabulary[d.pair[0]] {
			mark = " *"
		}
		fmt.Fprintf(w, "%4d  %s → %s%s\n", d.n, d.pair[0], d.pair[1], mark)
	}
}
