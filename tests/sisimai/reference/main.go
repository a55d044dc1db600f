// Command reference compares smtpbot's bounce reasons with a reference
// classifier, Sisimai (BSD-2-Clause), on replies nobody tuned on: each row
// of bot/testdata/reasons_general.tsv is wrapped into a minimal RFC 3464
// bounce, given to the installed Sisimai (`perl -MSisimai`, Debian's
// libsisimai-perl) and to bot.DiagnoseMessage, and a table says, per row,
// the reason we expect, Sisimai's and ours. Other modes compare the SMTP
// stage on the corpus's dev files (-stages), reasons and hard/soft on the
// real bounces of bot/testdata/wild (-wild) and Sisimai 4.25 with the
// corpus's own labels (-corpus-dev). It is a separate command, run by
// hand: neither CI nor `go test` has Sisimai; the recorded verdicts
// (-record, read back with -from) are what the tests read. See README.md.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"

	"github.com/smtpbot/smtpbot/bot"
	"github.com/smtpbot/smtpbot/catalog"
	"github.com/smtpbot/smtpbot/tests/score"
)

// row is one case of the TSV with the two verdicts compared.
type row struct {
	score.GeneralRow
	sisimai, ours string
}

func main() {
	tsv := flag.String("tsv", "bot/testdata/reasons_general.tsv", "the rows to compare")
	keep := flag.String("keep", "", "write the .eml files into this directory and keep them (default: a temporary one)")
	from := flag.String("from", "", "read Sisimai's verdicts from this file (as written by -record) instead of running perl")
	record := flag.String("record", "", "write Sisimai's verdicts to this file (its reason, then the row without ours)")
	all := flag.Bool("all", false, "list every row, not only the disagreements")
	stages := flag.Bool("stages", false, "compare the SMTP stage of each failed recipient of the corpus's dev files instead (-from/-record: stages-sisimai-4.25.15.tsv)")
	wild := flag.Bool("wild", false, "compare reasons and hard/soft on the real bounces of bot/testdata/wild instead (-from/-record: wild-sisimai-4.25.15.tsv)")
	since := flag.String("since", "", "with -wild: only the files from this one on (\"172.eml\")")
	until := flag.String("until", "", "with -wild: only the files up to this one")
	corpusDev := flag.Bool("corpus-dev", false, "compare Sisimai 4.25's reasons with the corpus's own labels on its dev files instead (perl; the hold-out is never given)")
	corpusHoldOut := flag.Bool("corpus-holdout", false, "as -corpus-dev on the hold-out files, printing the totals only (no case is listed)")
	flag.Parse()
	var err error
	switch {
	case *stages:
		err = stageRun(*from, *record, *all, os.Stdout)
	case *wild:
		err = wildRun(*from, *record, *since, *until, *all, os.Stdout)
	case *corpusDev:
		err = corpusDevRun(*all, false, os.Stdout)
	case *corpusHoldOut:
		err = corpusDevRun(false, true, os.Stdout)
	default:
		err = run(*tsv, *keep, *from, *record, *all, os.Stdout)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "reference:", err)
		os.Exit(1)
	}
}

func run(tsv, keep, from, record string, all bool, w io.Writer) error {
	rows, err := readRows(tsv)
	if err != nil {
		return err
	}
	b, err := newBot()
	if err != nil {
		return err
	}
	for i := range rows {
		a := b.DiagnoseMessage([]byte(bounceEmail(rows[i])), catalog.English)
		rows[i].ours = "(none)"
		if len(a.Diagnoses) == 1 {
			rows[i].ours = a.Diagnoses[0].Reason
		}
	}
	var vocabulary vocab
	if from != "" {
		vocabulary, err = readVerdicts(from, rows)
	} else {
		vocabulary, err = runSisimai(rows, keep)
	}
	if err != nil {
		return err
	}
	if record != "" {
		if err := writeVerdicts(record, rows, vocabulary); err != nil {
			return err
		}
	}
	report(rows, vocabulary, all, w)
	return nil
}

// newBot is the bot with the embedded catalog, as smtpbot serves it.
func newBot() (*bot.Bot, error) {
	cat, err := catalog.Load(catalog.Embedded())
	if err != nil {
		return nil, err
	}
	return bot.New(cat), nil
}

// perl runs script on the files named (one perl process) with the
// installed Sisimai and returns the lines it printed.
func perl(script string, files []string) ([]string, error) {
	var out, errb bytes.Buffer
	cmd := exec.Command("perl", append([]string{"-e", script}, files...)...)
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("perl -MSisimai: %v: %s (is libsisimai-perl installed?)", err, errb.String())
	}
	return strings.Split(strings.TrimSpace(out.String()), "\n"), nil
}

func readRows(path string) ([]row, error) {
	general, err := score.ReadGeneralRows(path)
	rows := make([]row, len(general))
	for i, g := range general {
		rows[i].GeneralRow = g
	}
	return rows, err
}

// bounceEmail wraps a row into a minimal, well-formed RFC 3464 report: a
// text part with the report's own words, the delivery-status part (one
// recipient) and the returned headers.
func bounceEmail(r row) string {
	// Postfix's opening, which the Subject names, then the row's own words.
	text := "This is the mail system at host mx.example.org.\n\n" +
		"I'm sorry to have to inform you that your message could not\n" +
		"be delivered to one or more recipients.\n\n" + r.Text
	var s strings.Builder
	s.WriteString("From: MAILER-DAEMON@mx.example.org (Mail Delivery System)\n" +
		"To: sender@example.org\nDate: Mon, 7 Dec 2026 01:00:00 +0000\n" +
		"Message-Id: <report@mx.example.org>\n" +
		"Subject: Undelivered Mail Returned to Sender\nMIME-Version: 1.0\n" +
		"Content-Type: multipart/report; report-type=delivery-status; boundary=\"B\"\n\n")
	s.WriteString("--B\nContent-Type: text/plain; charset=utf-8\n\n" + text + "\n\n")
	s.WriteString("--B\nContent-Type: message/delivery-status\n\n" +
		"Reporting-MTA: dns; mx.example.org\nArrival-Date: Mon, 7 Dec 2026 00:59:00 +0000\n\n" +
		"Final-Recipient: rfc822; rcpt@example.com\nOriginal-Recipient: rfc822; rcpt@example.com\n" +
		"Action: " + r.Action + "\nStatus: " + r.Status + "\n" +
		"Remote-MTA: dns; mx.example.com\n" +
		"Diagnostic-Code: " + score.DiagnosticCode(r.Diagnostic) + "\n\n")
	s.WriteString("--B\nContent-Type: text/rfc822-headers\n\n" +
		"From: sender@example.org\nTo: rcpt@example.com\nSubject: test\n" +
		"Message-Id: <original@example.org>\n\n--B--\n")
	return s.String()
}

// sisimaiScript prints the reasons the installed Sisimai knows, then, for
// each file named, the reason of its first recipient (or "(none)" when
// Sisimai finds no bounce in it).
const sisimaiScript = `use Sisimai;
use Sisimai::Reason;
print "vocabulary\t", join(" ", map { lc } @{Sisimai::Reason->index}), "\n";
for my $f (@ARGV) {
  my $v = Sisimai->make($f);
  my $r = ($v && @$v) ? $v->[0]->reason : "(none)";
  print "$f\t$r\n";
}`

// vocab is the set of reasons the reference knows: a row whose expected
// reason is not in it (a reason newer than the reference) cannot agree,
// and is counted apart.
type vocab map[string]bool

func runSisimai(rows []row, keep string) (vocab, error) {
	dir := keep
	if dir == "" {
		d, err := os.MkdirTemp("", "sisimai-reference-")
		if err != nil {
			return nil, err
		}
		defer os.RemoveAll(d)
		dir = d
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	var args []string
	byFile := map[string]int{}
	for i, r := range rows {
		name := filepath.Join(dir, fmt.Sprintf("row-%03d.eml", r.Line))
		if err := os.WriteFile(name, []byte(bounceEmail(r)), 0o644); err != nil {
			return nil, err
		}
		args = append(args, name)
		byFile[name] = i
	}
	lines, err := perl(sisimaiScript, args)
	if err != nil {
		return nil, err
	}
	vocabulary := vocab{}
	for _, l := range lines {
		f, reason, ok := strings.Cut(l, "\t")
		if f == "vocabulary" {
			for _, v := range strings.Fields(reason) {
				vocabulary[v] = true
			}
			continue
		}
		if i, known := byFile[f]; ok && known {
			rows[i].sisimai = reason
		}
	}
	return vocabulary, nil
}

func writeVerdicts(path string, rows []row, vocabulary vocab) error {
	var s strings.Builder
	s.WriteString("# Reasons given by Sisimai 4.25.15 (BSD-2-Clause; Debian libsisimai-perl) to the rows of\n" +
		"# bot/testdata/reasons_general.tsv wrapped as RFC 3464 reports by tests/sisimai/reference.\n" +
		"# Recorded verdicts only, no Sisimai code or text. Columns: Sisimai's reason, then the row's\n" +
		"# action, status, Diagnostic-Code and report text (the row without our expected reason).\n")
	voc := make([]string, 0, len(vocabulary))
	for v := range vocabulary {
		voc = append(voc, v)
	}
	slices.Sort(voc)
	s.WriteString("# vocabulary: " + strings.Join(voc, " ") + "\n")
	for _, r := range rows {
		fmt.Fprintf(&s, "%s\t%s\n", r.sisimai, r.Key)
	}
	return os.WriteFile(path, []byte(s.String()), 0o644)
}

func readVerdicts(path string, rows []row) (vocab, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	vocabulary := vocab{}
	byKey := map[string]string{}
	for l := range strings.SplitSeq(string(data), "\n") {
		if v, ok := strings.CutPrefix(l, "# vocabulary: "); ok {
			for _, w := range strings.Fields(v) {
				vocabulary[w] = true
			}
		}
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		if reason, key, ok := strings.Cut(l, "\t"); ok {
			byKey[key] = reason
		}
	}
	for i := range rows {
		if v, ok := byKey[rows[i].Key]; ok {
			rows[i].sisimai = v
		} else {
			rows[i].sisimai = "(unrecorded)"
		}
	}
	return vocabulary, nil
}

func report(rows []row, vocabulary vocab, all bool, w io.Writer) {
	var wantRef, oursRef, oursWant, n, known, knownAgree int
	fmt.Fprintln(w, "line\texpected\tsisimai\tours\tdiagnostic")
	for _, r := range rows {
		n++
		agree := r.ours == r.sisimai
		if r.Reason == r.sisimai {
			wantRef++
		}
		if agree {
			oursRef++
		}
		if vocabulary[r.Reason] {
			known++
			if agree {
				knownAgree++
			}
		}
		if r.ours == r.Reason {
			oursWant++
		}
		if all || !agree || r.Reason != r.sisimai {
			d := r.Diagnostic
			if len(d) > 90 {
				d = d[:90] + "…"
			}
			fmt.Fprintf(w, "%d\t%s\t%s\t%s\t%s %s %s\n", r.Line, r.Reason, r.sisimai, r.ours, r.Action, r.Status, d)
		}
	}
	pct := func(k int) string { return fmt.Sprintf("%d/%d (%.1f%%)", k, n, 100*float64(k)/float64(max(n, 1))) }
	fmt.Fprintf(w, "\nours = sisimai: %s\nexpected = sisimai: %s\nours = expected: %s\n", pct(oursRef), pct(wantRef), pct(oursWant))
	fmt.Fprintf(w, "ours = sisimai where the expected reason is in the reference's vocabulary: %d/%d (%.1f%%)\n",
		knownAgree, known, 100*float64(knownAgree)/float64(max(known, 1)))
}
