package tests

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// A whole bounce email gives the same JSON from `smtpbot diagnose` and from
// POST /api/diagnose; an oversized one is refused with 413.
func TestDiagnoseE2E(t *testing.T) {
	eml := filepath.Join(repoRoot(t), "responses", "testdata", "bounce-multi.eml")
	raw, err := os.ReadFile(eml)
	if err != nil {
		t.Fatal(err)
	}
	cli, err := exec.Command(smtpbot(t), "diagnose", "--format", "json", eml).Output()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(cli), `"recipient":"chi@example.info"`) {
		t.Fatalf("smtpbot diagnose: %s", cli)
	}
	s := startServe(t)
	code, body := s.post(t, "/api/diagnose", "message/rfc822", raw)
	if code != 200 || string(body) != string(cli) {
		t.Errorf("/api/diagnose differs from smtpbot diagnose --format json:\n api %d %s\n cli %s", code, body, cli)
	}
	code, body = s.post(t, "/api/diagnose", "message/rfc822", []byte(strings.Repeat("x", 2<<20)))
	if code != 413 || !strings.Contains(string(body), `"code":"message_too_large"`) {
		t.Errorf("oversized message: %d %s", code, body)
	}
	s.checkNotLogged(t, "chi@example.info")
}
