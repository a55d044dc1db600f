package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/smtpbot/smtpbot/bot"
	"github.com/smtpbot/smtpbot/catalog"
	"github.com/smtpbot/smtpbot/tests/score"
)

// The stage mode (-stages) compares the SMTP stage our whole-email parser
// finds for each failed recipient of the corpus's dev files with the
// smtpcommand Sisimai gives it. Hold-out files are never given to Sisimai,
// recorded or printed.

// corpus is the Sisimai sample set as the tests read it.
const corpus = "tests/sisimai/testdata"

// stageScript prints, for each file named, one line per recipient Sisimai
// decodes: the file, the recipient's place, its address and the command.
const stageScript = `use Sisimai;
for my $f (@ARGV) {
  my $v = Sisimai->make($f) || [];
  my $i = 0;
  for my $r (@$v) {
    $i++;
    print join("\t", $f, $i, lc($r->recipient->address), $r->smtpcommand // ""), "\n";
  }
}`

// devFiles lists the dev files of the corpus, as named in cases.jsonl.
func devFiles() ([]string, error) { return partFiles(false) }

// partFiles lists the corpus files of one part: the dev files, or the
// hold-out's when holdOut is set.
func partFiles(holdOut bool) ([]string, error) {
	cases, err := score.ReadSisimaiCases(filepath.Join(corpus, "cases.jsonl"))
	if err != nil {
		return nil, err
	}
	var files []string
	for _, c := range cases {
		if score.HoldOut(c.File) == holdOut && !slices.Contains(files, c.File) {
			files = append(files, c.File)
		}
	}
	slices.Sort(files)
	return files, nil
}

// runSisimaiStages runs Sisimai on the dev files, one perl process.
func runSisimaiStages(files []string) ([]score.StageRow, error) {
	var args []string
	for _, f := range files {
		args = append(args, filepath.Join(corpus, f))
	}
	lines, err := perl(stageScript, args)
	if err != nil {
		return nil, err
	}
	var rows []score.StageRow
	for _, l := range lines {
		c := strings.Split(l, "\t")
		if len(c) != 4 {
			continue
		}
		i, _ := strconv.Atoi(c[1])
		f, _ := filepath.Rel(corpus, c[0])
		if score.HoldOut(f) {
			continue // never given, but never kept either
		}
		rows = append(rows, score.StageRow{File: f, Index: i, Recipient: c[2], Command: c[3]})
	}
	return rows, nil
}

func writeStages(path string, rows []score.StageRow) error {
	var s strings.Builder
	s.WriteString("# SMTP commands Sisimai 4.25.15 (BSD-2-Clause; Debian libsisimai-perl) gives the failed\n" +
		"# recipients of the DEV files of the Sisimai corpus (never the hold-out ones), recorded by\n" +
		"# `go run ./tests/sisimai/reference -stages -record <this file>`. Recorded verdicts only, no\n" +
		"# Sisimai code or text. Columns: file, recipient's place in Sisimai's list, address, command\n" +
		"# (CONN, HELO, EHLO, MAIL, RCPT, DATA; empty when it found none).\n")
	for _, r := range rows {
		s.WriteString(score.FormatStageRow(r) + "\n")
	}
	return os.WriteFile(path, []byte(s.String()), 0o644)
}

// stageRun is the stage mode: Sisimai's commands (run, or read with
// from), recorded when record is set, then compared with ours.
func stageRun(from, record string, all bool, w io.Writer) error {
	var rows []score.StageRow
	var err error
	if from != "" {
		rows, err = score.ReadStageRows(from)
	} else {
		var files []string
		if files, err = devFiles(); err == nil {
			rows, err = runSisimaiStages(files)
		}
	}
	if err != nil {
		return err
	}
	if record != "" {
		if err := writeStages(record, rows); err != nil {
			return err
		}
	}
	b, err := newBot()
	if err != nil {
		return err
	}
	stageReport(b, rows, all, w)
	return nil
}

// fileStages is the stage we find for each recipient of one file.
type fileStages struct {
	byAddr  map[string]string
	inOrder []string
}

// ourStages diagnoses one file.
func ourStages(b *bot.Bot, file string) fileStages {
	fs := fileStages{byAddr: map[string]string{}}
	raw, err := os.ReadFile(filepath.Join(corpus, file))
	if err != nil {
		return fs
	}
	for _, d := range b.DiagnoseMessage(raw, catalog.English).Diagnoses {
		fs.byAddr[strings.ToLower(d.Recipient)] = string(d.Stage)
		fs.inOrder = append(fs.inOrder, string(d.Stage))
	}
	return fs
}

// stage is ours for the reference's row: the recipient with its address,
// else the one in its place.
func (fs fileStages) stage(r score.StageRow) (string, bool) {
	if s, ok := fs.byAddr[r.Recipient]; ok {
		return s, true
	}
	if r.Index <= len(fs.inOrder) {
		return fs.inOrder[r.Index-1], true
	}
	return "", false
}

func stageReport(b *bot.Bot, rows []score.StageRow, all bool, w io.Writer) {
	count := map[string]int{}
	files := map[string]fileStages{}
	fmt.Fprintln(w, "file\t#\tsisimai\tours\tverdict")
	for _, r := range rows {
		fs, ok := files[r.File]
		if !ok {
			fs = ourStages(b, r.File)
			files[r.File] = fs
		}
		ours, found := fs.stage(r)
		v := score.StageVerdict(ours, found, r.Command)
		count[v]++
		if all || v != score.StageSame && v != score.StageBothNone {
			fmt.Fprintf(w, "%s\t%d\t%s\t%s\t%s\n", r.File, r.Index, orNone(r.Command), orNone(ours), v)
		}
	}
	n := len(rows)
	agree := count[score.StageSame] + count[score.StageBothNone]
	fmt.Fprintf(w, "\ndev recipients: %d\nsame stage (or both none): %d/%d (%.1f%%)\n  same: %d, both none: %d\n"+
		"ours empty where Sisimai has one: %d\nours set where Sisimai has none: %d\ndifferent: %d\nrecipient not found by us: %d\n",
		n, agree, n, 100*float64(agree)/float64(max(n, 1)), count[score.StageSame], count[score.StageBothNone],
		count[score.StageOursNone], count[score.StageRefNone], count[score.StageDiffer], count[score.StageNotFound])
}

func orNone(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
