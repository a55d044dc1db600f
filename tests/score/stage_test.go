package score

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/smtpbot/smtpbot/internal/tabletest"
)

func TestStageVerdict(t *testing.T) {
	tabletest.Check3(t, "StageVerdict", StageVerdict, []struct {
		A    string // ours
		B    bool   // found
		C    string // ref
		Want string
	}{
		{"rcpt", true, "RCPT", StageSame},
		{"end_of_data", true, "DATA", StageSame},
		{"connect", true, "CONN", StageSame},
		{"ehlo", true, "HELO", StageSame},
		{"connect", true, "HELO", StageDiffer},
		{"", true, "", StageBothNone},
		{"", true, "MAIL", StageOursNone},
		{"mail", true, "", StageRefNone},
		{"", false, "RCPT", StageNotFound},
	})
}

func TestReadStageRowsRefusesHoldOut(t *testing.T) {
	dir := t.TempDir()
	var hold, dev string
	for i := 1; hold == "" || dev == ""; i++ {
		f := "eml/x-" + strings.Repeat("a", i) + ".eml"
		if HoldOut(f) {
			hold = f
		} else {
			dev = f
		}
	}
	good := filepath.Join(dir, "good.tsv")
	if err := os.WriteFile(good, []byte("# comment\n"+FormatStageRow(StageRow{File: dev, Index: 1, Recipient: "a@b", Command: "RCPT"})+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	rows, err := ReadStageRows(good)
	if err != nil || len(rows) != 1 || rows[0].Command != "RCPT" || rows[0].File != dev {
		t.Fatalf("ReadStageRows: %+v, %v", rows, err)
	}
	bad := filepath.Join(dir, "bad.tsv")
	if err := os.WriteFile(bad, []byte(FormatStageRow(StageRow{File: hold, Index: 1, Recipient: "a@b", Command: ""})+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadStageRows(bad); err == nil {
		t.Errorf("a hold-out file (%s) was read", hold)
	}
}
