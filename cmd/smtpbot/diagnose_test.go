package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const testBounce = "../../responses/testdata/bounce-multi.eml"

func TestDiagnoseFileJSON(t *testing.T) {
	code, out, errOut := runApp(t, "", nil, "diagnose", "--format", "json", testBounce)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var got struct {
		Intent    string  `json:"intent"`
		NotBounce *string `json:"not_bounce"`
		Diagnoses []struct {
			Recipient    string `json:"recipient"`
			DSNAction    string `json:"dsn_action"`
			EnhancedCode string `json:"enhanced_code"`
			Category     string `json:"category"`
		} `json:"diagnoses"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if got.Intent != "diagnose" || got.NotBounce == nil || *got.NotBounce != "" || len(got.Diagnoses) != 3 {
		t.Fatalf("got %+v", got)
	}
	if d := got.Diagnoses[2]; d.Recipient != "chi@example.info" || d.DSNAction != "delayed" || d.EnhancedCode != "4.4.1" {
		t.Errorf("third recipient %+v", d)
	}
}

// Each file is one message; stdin is one message when no file is given.
func TestDiagnoseStdinAndSeveralFiles(t *testing.T) {
	raw, err := os.ReadFile(testBounce)
	if err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runApp(t, string(raw), nil, "diagnose", "--lang", "vi")
	if code != 0 || !strings.Contains(out, "Người nhận 3: chi@example.info") {
		t.Fatalf("exit %d %s\n%s", code, errOut, out)
	}
	auto := filepath.Join(t.TempDir(), "auto.eml")
	if err := os.WriteFile(auto, []byte("From: a@b.example\r\nTo: c@d.example\r\nSubject: Out of office\r\n\r\nAway.\r\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut = runApp(t, "", nil, "diagnose", "--format", "json", testBounce, auto)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if code != 0 || len(lines) != 2 || !strings.Contains(lines[1], `"not_bounce":"autoreply"`) {
		t.Fatalf("exit %d %s\n%s", code, errOut, out)
	}
	for _, f := range askFormats {
		if code, out, errOut := runApp(t, "", nil, "diagnose", "--format", f, "--detail", "full", testBounce); code != 0 || !strings.Contains(out, "binh@example.edu") {
			t.Errorf("format %s: exit %d %s", f, code, errOut)
		}
	}
	// The chat formats start with the short card: the first recipient, the
	// others counted.
	for _, f := range []string{"slack", "discord"} {
		if code, out, errOut := runApp(t, "", nil, "diagnose", "--format", f, testBounce); code != 0 || !strings.Contains(out, "2 more recipients") {
			t.Errorf("format %s short: exit %d %s\n%s", f, code, errOut, out)
		}
	}
}

func TestDiagnoseErrors(t *testing.T) {
	if code, _, errOut := runApp(t, "", nil, "diagnose", "--format", "yaml", testBounce); code != 2 || !strings.Contains(errOut, "unknown format") {
		t.Errorf("bad format: exit %d %s", code, errOut)
	}
	if code, _, errOut := runApp(t, "", nil, "diagnose", filepath.Join(t.TempDir(), "missing.eml")); code != 1 || !strings.Contains(errOut, "diagnose:") {
		t.Errorf("missing file: exit %d %s", code, errOut)
	}
	if code, out, _ := runApp(t, "garbage \x00\xff", nil, "diagnose", "--format", "json"); code != 0 || !strings.Contains(out, `"not_bounce":"not_mail"`) {
		t.Errorf("garbage: exit %d %s", code, out)
	}
}
