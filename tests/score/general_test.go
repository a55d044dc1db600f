package score

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/smtpbot/smtpbot/internal/tabletest"
)

func TestReadGeneralRows(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.tsv")
	os.WriteFile(good, []byte("# comment\n\nuserunknown\tfailed\t5.1.1\t550 5.1.1 no such user\tline one\\nline two\n"), 0o644)
	rows, err := ReadGeneralRows(good)
	if err != nil || len(rows) != 1 {
		t.Fatalf("rows %+v, err %v", rows, err)
	}
	r := rows[0]
	if r.Line != 3 || r.Reason != "userunknown" || r.Action != "failed" || r.Status != "5.1.1" ||
		r.Diagnostic != "550 5.1.1 no such user" || r.Text != "line one\nline two" ||
		r.Key != "failed\t5.1.1\t550 5.1.1 no such user\tline one\\nline two" {
		t.Errorf("row %+v", r)
	}
	bad := filepath.Join(dir, "bad.tsv")
	os.WriteFile(bad, []byte("userunknown\tfailed\t5.1.1\n"), 0o644)
	if _, err := ReadGeneralRows(bad); err == nil {
		t.Error("a row of 3 columns read without error")
	}
}

func TestDiagnosticCode(t *testing.T) {
	tabletest.Check(t, "DiagnosticCode", DiagnosticCode, []struct{ In, Want string }{
		{"550 5.1.1 user unknown", "smtp; 550 5.1.1 user unknown"},
		{"x-unix; temporary failure", "x-unix; temporary failure"},
		{"X-Postfix; connect to x: timed out", "X-Postfix; connect to x: timed out"},
		{"554 5.7.1 x-spam; score too high", "smtp; 554 5.7.1 x-spam; score too high"},
	})
}
