package score

import (
	"fmt"
	"strconv"
	"strings"
)

// StageRow is one failed recipient of a dev file of the Sisimai corpus with
// the SMTP command a reference classifier (Sisimai 4.25) says its refusal
// answered: one line of tests/sisimai/reference/stages-sisimai-4.25.15.tsv.
// Only dev files are recorded: the hold-out part is never looked at.
type StageRow struct {
	File      string // the message, relative to the corpus folder ("eml/…")
	Index     int    // which failed recipient of the message (1 = first)
	Recipient string // its address, lower-cased
	Command   string // the reference's command: CONN, HELO, EHLO, MAIL, RCPT, DATA, or "" when it found none
}

// ReadStageRows reads the file strictly: lines starting with # are
// comments, every other line has four tab-separated columns.
func ReadStageRows(path string) ([]StageRow, error) {
	var rows []StageRow
	err := eachRow(path, 4, func(_ int, c []string) error {
		i, err := strconv.Atoi(c[1])
		if err != nil || i < 1 {
			return fmt.Errorf("index %q", c[1])
		}
		if HoldOut(c[0]) {
			return fmt.Errorf("%s is a hold-out file: its stage must not be recorded", c[0])
		}
		rows = append(rows, StageRow{File: c[0], Index: i, Recipient: c[2], Command: c[3]})
		return nil
	})
	return rows, err
}

// FormatStageRow writes a row as ReadStageRows reads it.
func FormatStageRow(r StageRow) string {
	return fmt.Sprintf("%s\t%d\t%s\t%s", r.File, r.Index, r.Recipient, r.Command)
}

// SisimaiCommand names one of our stages (catalog.Stage values) the way
// Sisimai's smtpcommand does: it has one DATA for the command and the end
// of the data, one CONN for the greeting, and says HELO or EHLO as the
// text does (both are our "ehlo").
func SisimaiCommand(stage string) string {
	switch stage {
	case "connect":
		return "CONN"
	case "end_of_data":
		return "DATA"
	}
	return strings.ToUpper(stage)
}

// SameCommand reports whether our stage is the reference's command.
func SameCommand(ours, ref string) bool {
	o := SisimaiCommand(ours)
	return o == ref || o == "EHLO" && ref == "HELO"
}

// Stage verdicts: how our stage for a recipient compares with the
// reference's command.
const (
	StageSame     = "same"
	StageBothNone = "both none"
	StageOursNone = "ours empty"
	StageRefNone  = "reference empty"
	StageDiffer   = "different"
	StageNotFound = "recipient not found by us"
)

// StageVerdict compares our stage (found: we report the recipient) with
// the reference's command.
func StageVerdict(ours string, found bool, ref string) string {
	switch {
	case !found:
		return StageNotFound
	case ours == "" && ref == "":
		return StageBothNone
	case SameCommand(ours, ref):
		return StageSame
	case ours == "":
		return StageOursNone
	case ref == "":
		return StageRefNone
	}
	return StageDiffer
}
