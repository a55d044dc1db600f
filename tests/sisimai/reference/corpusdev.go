package main

import (
	"fmt"
	"io"
	"path/filepath"

	"github.com/smtpbot/smtpbot/tests/score"
)

// corpusDevRun sets Sisimai 4.25's reason and hard/soft beside the labels of
// the Sisimai corpus (cases.jsonl, Sisimai 5's) on its dev files, matched by
// file and recipient's place. With holdOut it does so on the hold-out files
// instead and prints the totals only: no case, no difference is listed, so
// nothing of the hold-out can be tuned on; the totals say how far Sisimai's
// own earlier release agrees with the labels the targets are set against.
func corpusDevRun(all, holdOut bool, w io.Writer) error {
	files, err := partFiles(holdOut)
	if err != nil {
		return err
	}
	cases, err := score.ReadSisimaiCases(filepath.Join(corpus, "cases.jsonl"))
	if err != nil {
		return err
	}
	found, vocabulary, err := runRecipients(corpus, files)
	if err != nil {
		return err
	}
	var reason, bounce, known, matched score.Tally
	diffs := map[[2]string]int{}
	if !holdOut {
		fmt.Fprintln(w, "file\t#\tlabel\tsisimai 4.25")
	}
	for _, c := range cases {
		if score.HoldOut(c.File) != holdOut {
			continue
		}
		var s *sisimaiRecipient
		for i := range found[c.File] {
			if found[c.File][i].index == c.Index {
				s = &found[c.File][i]
			}
		}
		matched.Add(s != nil)
		if s == nil {
			continue
		}
		want := "soft"
		if c.HardBounce {
			want = "hard"
		}
		reason.Add(s.reason == c.Reason)
		bounce.Add(s.bounce == want)
		if vocabulary[c.Reason] {
			known.Add(s.reason == c.Reason)
		}
		if s.reason != c.Reason {
			diffs[[2]string{c.Reason, s.reason}]++
		}
		if !holdOut && (all || s.reason != c.Reason) {
			fmt.Fprintf(w, "%s\t%d\t%s %s\t%s %s\n", c.File, c.Index, c.Reason, want, s.reason, s.bounce)
		}
	}
	pct := func(t score.Tally) string {
		return fmt.Sprintf("%d/%d (%.1f%%)", t.OK, t.N, 100*float64(t.OK)/float64(max(t.N, 1)))
	}
	part := "dev"
	if holdOut {
		part = "hold-out"
	}
	fmt.Fprintf(w, "\n%s recipients (corpus labels) Sisimai 4.25 reported at the same place: %s\n", part, pct(matched))
	fmt.Fprintf(w, "of those, the same reason: %s; where the label is in 4.25's vocabulary: %s; the same hard/soft: %s\n",
		pct(reason), pct(known), pct(bounce))
	if holdOut {
		return nil
	}
	fmt.Fprintln(w, "\nlabel → sisimai 4.25, where they differ (* the label is newer than 4.25):")
	printDiffs(w, diffs, vocabulary)
	return nil
}
