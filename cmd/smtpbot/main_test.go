package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// runApp runs the command in-process with the given stdin and environment.
func runApp(t *testing.T, stdin string, env map[string]string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	a := app{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errb, getenv: func(k string) string { return env[k] }}
	code = a.run(t.Context(), args)
	return code, out.String(), errb.String()
}

func TestAskText(t *testing.T) {
	code, out, errOut := runApp(t, "", nil, "ask", "252 vs 552")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"252", "552", "Key differences", "When to use which", "Learn more", "Description", "How to fix"} {
		if !strings.Contains(out, want) {
			t.Errorf("text answer lacks %q", want)
		}
	}
	if strings.Contains(out, "\x1b[") {
		t.Error("colour codes written to a non-terminal")
	}
}

func TestAskColourOnlyOnTTYWithoutNoColor(t *testing.T) {
	var out bytes.Buffer
	a := app{stdin: strings.NewReader(""), stdout: &out, stderr: &out, getenv: func(string) string { return "" }, stdoutTTY: true}
	if a.run(t.Context(), []string{"ask", "552"}) != 0 || !strings.Contains(out.String(), "\x1b[") {
		t.Error("a terminal should get colour")
	}
	out.Reset()
	a.getenv = func(k string) string {
		if k == "NO_COLOR" {
			return "1"
		}
		return ""
	}
	if a.run(t.Context(), []string{"ask", "552"}) != 0 || strings.Contains(out.String(), "\x1b[") {
		t.Error("NO_COLOR must turn colour off")
	}
}

func TestAskJSONContract(t *testing.T) {
	for _, tc := range []struct {
		args   []string
		intent string
		codes  []string
		lang   string
	}{
		{[]string{"ask", "--format", "json", "252 vs 552"}, "compare", []string{"252", "552"}, "en"},
		{[]string{"ask", "552 vs 252", "--format=json"}, "compare", []string{"552", "252"}, "en"},
		{[]string{"ask", "--format", "json", "--lang", "vi", "x.2.2 vs 550"}, "compare", []string{"X.2.2", "550"}, "vi"},
		{[]string{"ask", "--format", "json", "explain", "5.1.1"}, "explain", []string{"5.1.1"}, "en"},
		{[]string{"ask", "--format", "json", "list", "4xx"}, "list", []string{}, "en"},
		{[]string{"ask", "--format", "json", "help"}, "help", []string{}, "en"},
		{[]string{"ask", "--format", "json", "999", "vs", "123"}, "unknown", []string{}, "en"},
	} {
		code, out, errOut := runApp(t, "", nil, tc.args...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", tc.args, code, errOut)
		}
		var got struct {
			Intent string   `json:"intent"`
			Codes  []string `json:"codes"`
			Lang   string   `json:"lang"`
		}
		if err := json.Unmarshal([]byte(out), &got); err != nil {
			t.Fatalf("%v: %v in %s", tc.args, err, out)
		}
		if got.Intent != tc.intent || got.Lang != tc.lang || strings.Join(got.Codes, ",") != strings.Join(tc.codes, ",") {
			t.Errorf("%v: got %+v, want intent %s codes %v lang %s", tc.args, got, tc.intent, tc.codes, tc.lang)
		}
	}
}

func TestAskStdinOneAnswerPerLine(t *testing.T) {
	in := "252 vs 552\n550\nhelp\n\xff\xfe garbage\n"
	code, out, errOut := runApp(t, in, nil, "ask", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	if len(lines) != 4 {
		t.Fatalf("%d answers for 4 questions:\n%s", len(lines), out)
	}
	for i, l := range lines {
		var v map[string]any
		if err := json.Unmarshal([]byte(l), &v); err != nil {
			t.Errorf("line %d is not JSON: %v", i, err)
		}
	}
}

func TestAskSlackAndDiscordFormats(t *testing.T) {
	for _, f := range []string{"slack", "discord", "markdown"} {
		code, out, errOut := runApp(t, "", nil, "ask", "--format", f, "252 vs 552")
		if code != 0 || !strings.Contains(out, "552") {
			t.Errorf("%s: exit %d, %s", f, code, errOut)
		}
		if f != "markdown" && !json.Valid([]byte(out)) {
			t.Errorf("%s output is not JSON", f)
		}
	}
}

// TestAskDetail: the chat formats print the short card unless --detail
// full asks for every section; the other formats are always whole.
func TestAskDetail(t *testing.T) {
	for _, f := range []string{"slack", "discord"} {
		_, short, _ := runApp(t, "", nil, "ask", "--format", f, "252 vs 552")
		code, full, errOut := runApp(t, "", nil, "ask", "--format", f, "--detail", "full", "252 vs 552")
		if code != 0 {
			t.Fatalf("%s --detail full: exit %d, %s", f, code, errOut)
		}
		// "When to use which" is a section of the full answer only.
		if strings.Contains(short, "When to use which") || !strings.Contains(full, "When to use which") || 2*len(short) > len(full) {
			t.Errorf("%s: short answer of %d bytes, full of %d", f, len(short), len(full))
		}
	}
	_, text, _ := runApp(t, "", nil, "ask", "252 vs 552")
	if !strings.Contains(text, "When to use which") {
		t.Errorf("the terminal answer is not whole")
	}
}

func TestUsageErrorsExit2(t *testing.T) {
	for _, args := range [][]string{
		{},
		{"nope"},
		{"ask", "--format", "pdf", "552"},
		{"ask", "--detail", "long", "552"},
		{"ask", "--lang", "xx", "552"},
		{"ask", "--bogus", "552"},
		{"ask", "--format"},
		{"catalog", "--format", "xml"},
	} {
		code, _, errOut := runApp(t, "", nil, args...)
		if code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
		if !strings.Contains(errOut, "usage") {
			t.Errorf("%v: no usage line in %q", args, errOut)
		}
	}
}

func TestCatalogDump(t *testing.T) {
	code, out, errOut := runApp(t, "", nil, "catalog")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var d struct {
		Replies []struct {
			Code  string `json:"code"`
			Class string `json:"class"`
			Name  string `json:"name"`
		} `json:"reply_codes"`
		Enhanced []struct {
			Code string `json:"code"`
		} `json:"enhanced_codes"`
	}
	if err := json.Unmarshal([]byte(out), &d); err != nil {
		t.Fatal(err)
	}
	if len(d.Replies) < 45 || len(d.Enhanced) != 81 {
		t.Fatalf("%d basic and %d enhanced codes", len(d.Replies), len(d.Enhanced))
	}
	if d.Enhanced[0].Code != "X.0.0" || d.Replies[0].Class != "2xx" || d.Replies[0].Name == "" {
		t.Errorf("unexpected first entries: %+v %+v", d.Replies[0], d.Enhanced[0])
	}
	code, out, _ = runApp(t, "", nil, "catalog", "--format", "csv", "--lang", "vi")
	if code != 0 || strings.Count(out, "\n") < 45+81+1 {
		t.Errorf("csv dump: exit %d, %d lines", code, strings.Count(out, "\n"))
	}
}

func TestVersion(t *testing.T) {
	code, out, _ := runApp(t, "", nil, "version")
	if code != 0 || !strings.HasPrefix(out, "smtpbot ") {
		t.Errorf("version: %d %q", code, out)
	}
}

func TestHealthcheck(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/healthz" {
			http.NotFound(w, r)
			return
		}
		_, _ = w.Write([]byte("ok\n"))
	}))
	defer srv.Close()
	addr := strings.TrimPrefix(srv.URL, "http://")
	if code, out, errOut := runApp(t, "", nil, "healthcheck", "--addr", addr); code != 0 || !strings.Contains(out, "ok") {
		t.Fatalf("healthy server: exit %d %q %q", code, out, errOut)
	}
	srv.Close()
	if code, _, _ := runApp(t, "", map[string]string{"SMTPBOT_ADDR": addr}, "healthcheck"); code != 1 {
		t.Fatalf("stopped server: exit %d, want 1", code)
	}
}
