package main

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/smtpbot/smtpbot/adapters/state"
	"github.com/smtpbot/smtpbot/internal/testlog"
)

func TestServeHelpListsEverySetting(t *testing.T) {
	code, out, errOut := runApp(t, "", nil, "serve", "--help")
	if code != 0 || errOut != "" {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, s := range serveSettings() {
		def := s.def
		if def == "" {
			def = "(none)"
		}
		line := regexp.MustCompile(`(?m)^  --` + regexp.QuoteMeta(s.flag) + ` +` + s.env + ` +` + regexp.QuoteMeta(def) + `\n +\S`)
		if !line.MatchString(out) {
			t.Errorf("help lacks --%s with %s, default %s and a description", s.flag, s.env, def)
		}
	}
	for _, e := range adapterEnv() {
		if !strings.Contains(out, e.env) {
			t.Errorf("help lacks %s", e.env)
		}
	}
}

func TestServeConfigFlagsWinOverEnv(t *testing.T) {
	a := app{getenv: func(k string) string {
		return map[string]string{
			"SMTPBOT_ADDR": "127.0.0.1:1", "SMTPBOT_RATE_PER_MINUTE": "5", "SMTPBOT_RATE_BURST": "3",
			"SMTPBOT_WEB": "false", "SMTPBOT_WRITE_TIMEOUT": "3s", "SMTPBOT_PUBLIC_URL": "https://bot.example/",
		}[k]
	}}
	c, err := a.serveConfig([]string{"--addr", "127.0.0.1:2", "--rate-burst=7", "--trust-proxy", "--shutdown-timeout", "2s"})
	if err != nil {
		t.Fatal(err)
	}
	if c.addr != "127.0.0.1:2" || c.user != (state.Rate{PerMinute: 5, Burst: 7}) || c.web || !c.trustProxy ||
		c.write != 3*time.Second || c.shutdown != 2*time.Second || c.publicURL != "https://bot.example" {
		t.Errorf("config %+v", c)
	}
	// Sizes: bytes, KiB or MiB.
	c, err = a.serveConfig([]string{"--answer-cache", "4MiB", "--state-memory=512 KiB", "--memory-limit", "0"})
	if err != nil || c.answerCache != 4<<20 || c.stateMemory != 512<<10 || c.memoryLimit != 0 {
		t.Errorf("sizes: %d %d %d, %v", c.answerCache, c.stateMemory, c.memoryLimit, err)
	}
	// Defaults, with nothing set.
	c, err = app{getenv: func(string) string { return "" }}.serveConfig(nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.addr != ":8080" || !c.web || c.trustProxy || c.readHeader != 5*time.Second || c.maxQuestion != defaultMaxQuestion ||
		c.user.PerMinute <= 0 || c.channel.PerMinute <= c.user.PerMinute ||
		c.answerCache != 512<<10 || c.stateMemory != 1536<<10 || c.memoryLimit != 22<<20 {
		t.Errorf("defaults %+v", c)
	}
}

func TestServeConfigErrorsNameFlagAndEnv(t *testing.T) {
	for _, tc := range []struct {
		env  map[string]string
		args []string
		want string
	}{
		{nil, []string{"--read-timeout", "soon"}, "--read-timeout (SMTPBOT_READ_TIMEOUT)"},
		{map[string]string{"SMTPBOT_RATE_PER_MINUTE": "lots"}, nil, "--rate-per-minute (SMTPBOT_RATE_PER_MINUTE)"},
		{map[string]string{"SMTPBOT_RATE_BURST": "-1"}, nil, "--rate-burst (SMTPBOT_RATE_BURST)"},
		{nil, []string{"--web", "maybe"}, "unexpected argument"},
		{nil, []string{"--log-level", "loud"}, "--log-level (SMTPBOT_LOG_LEVEL)"},
		{map[string]string{"SMTPBOT_LOG_FORMAT": "xml"}, nil, "--log-format (SMTPBOT_LOG_FORMAT)"},
		{nil, []string{"--public-url", "bot.example"}, "--public-url (SMTPBOT_PUBLIC_URL)"},
		{nil, []string{"--default-lang", "tlh"}, "--default-lang (SMTPBOT_DEFAULT_LANG)"},
		{nil, []string{"--max-question", "0"}, "--max-question"},
		{nil, []string{"--nope"}, "unknown flag --nope"},
		{map[string]string{"SMTPBOT_ANSWER_CACHE": "lots"}, nil, "--answer-cache (SMTPBOT_ANSWER_CACHE)"},
		{nil, []string{"--state-memory", "-1MiB"}, "--state-memory (SMTPBOT_STATE_MEMORY)"},
		{nil, []string{"--memory-limit", "20GB"}, "--memory-limit (SMTPBOT_MEMORY_LIMIT)"},
	} {
		code, _, errOut := runApp(t, "", tc.env, append([]string{"serve"}, tc.args...)...)
		if code != 2 || !strings.Contains(errOut, tc.want) {
			t.Errorf("%v %v: exit %d, stderr %q; want 2 and %q", tc.env, tc.args, code, errOut, tc.want)
		}
	}
}

// TestScopedLimiter: one user flooding a channel runs out of their own
// tokens, and others in the channel can still ask.
func TestScopedLimiter(t *testing.T) {
	l := scopedLimiter{
		user:    state.NewMemory(state.Rate{PerMinute: 1, Burst: 2}, nil),
		channel: state.NewMemory(state.Rate{PerMinute: 1, Burst: 4}, nil),
	}
	ask := func(user string) bool {
		// What the chat adapters do: the user's bucket, then the channel's.
		for _, k := range []string{"slack:user:" + user, "slack:channel:C1"} {
			if ok, _ := l.Allow(t.Context(), k); !ok {
				return false
			}
		}
		return true
	}
	got := ""
	for _, u := range []string{"A", "A", "A", "A", "A", "B", "B", "C"} {
		if ask(u) {
			got += u
		} else {
			got += "-"
		}
	}
	// A gets two, then B two; C finds the channel's four tokens spent.
	if got != "AA---BB-" {
		t.Errorf("answers %q, want AA---BB-", got)
	}
}

// TestServeInProcess runs serve with no credentials: the web, health and
// metrics answer, chat adapters say why they are off, and cancelling the
// context stops it cleanly within the bound.
func TestServeInProcess(t *testing.T) {
	p := startInProcess(t, "--shutdown-timeout", "5s")
	for path, want := range map[string]int{"/healthz": 200, "/readyz": 200, "/metrics": 200, "/api/ask?q=552": 200, "/compare/252-vs-552": 200, "/code/abc": 404} {
		res, err := http.Get("http://" + p.addr + path)
		if err != nil {
			t.Fatal(err)
		}
		_ = res.Body.Close()
		if res.StatusCode != want {
			t.Errorf("%s: %d, want %d", path, res.StatusCode, want)
		}
	}
	if code := p.stop(t, 10*time.Second); code != 0 {
		t.Fatalf("serve exited %d:\n%s", code, p.stderr)
	}
	logs := p.stderr.String()
	for _, want := range []string{`"msg":"config"`, `"status":"web: on`, `"status":"slack: off`, `"msg":"shutting down"`, `"msg":"stopped"`, `"msg":"answered"`} {
		if !strings.Contains(logs, want) {
			t.Errorf("logs lack %s", want)
		}
	}
}

func TestReadinessStoppingAndNotes(t *testing.T) {
	var r readiness
	r.note("redis", func() string { return "down, failing open" })
	rec := httptest.NewRecorder()
	r.handler(rec, nil)
	if rec.Code != 200 || rec.Body.String() != "ready\nredis: down, failing open\n" {
		t.Errorf("ready: %d %q", rec.Code, rec.Body.String())
	}
	r.add("slack", func() error { return errors.New("socket mode not connected") })
	r.stopping.Store(true)
	rec = httptest.NewRecorder()
	r.handler(rec, nil)
	if want := "server: shutting down\nslack: socket mode not connected\nredis: down, failing open\n"; rec.Code != http.StatusServiceUnavailable || rec.Body.String() != want {
		t.Errorf("stopping: %d %q, want 503 %q", rec.Code, rec.Body.String(), want)
	}
}

// TestShutdownCuttingConnectionsIsClean: a shutdown that reaches
// --shutdown-timeout with a request still open cuts it and exits 0, logging
// at warn how many connections it cut.
func TestShutdownCuttingConnectionsIsClean(t *testing.T) {
	p := startInProcess(t, "--shutdown-timeout", "200ms", "--read-header-timeout", "30s")
	// A request whose headers never end holds its connection active.
	conn, err := net.Dial("tcp", p.addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.Write([]byte("GET /healthz HTTP/1.1\r\nHost: x\r\n")); err != nil {
		t.Fatal(err)
	}
	time.Sleep(100 * time.Millisecond) // let the server read it
	code := p.stop(t, 20*time.Second)
	logs := p.stderr.String()
	if code != 0 {
		t.Errorf("exit %d, want 0 (a clean stop):\n%s", code, logs)
	}
	if !regexp.MustCompile(`"level":"WARN","msg":"[^"]*cut[^"]*",[^\n]*"connections":1\b`).MatchString(logs) {
		t.Errorf("no warn line with the one connection cut:\n%s", logs)
	}
	if !strings.Contains(logs, `"msg":"stopped"`) {
		t.Errorf("no stopped line:\n%s", logs)
	}
}

// TestReadmeServeHelp: the README shows `smtpbot serve --help` as it is.
func TestReadmeServeHelp(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	const intro = "This is `smtpbot serve --help`:\n\n```text\n"
	_, block, ok := strings.Cut(string(readme), intro)
	block, _, closed := strings.Cut(block, "```\n")
	if !ok || !closed {
		t.Fatalf("README has no block after %q", intro)
	}
	var help strings.Builder
	serveHelp(&help)
	if block != help.String() {
		t.Errorf("README's serve --help differs from the real one; replace the block with the output of `smtpbot serve --help`.\nREADME:\n%s\nreal:\n%s", block, help.String())
	}
}

// listenAddr waits for serve's JSON "listening" log line in stderr and
// returns the address; without one within 10 s it cancels serve and fails.
// inProcess is `smtpbot serve` running in the test's process with no
// credentials, on a loopback port.
type inProcess struct {
	addr   string
	stderr *testlog.Buffer
	cancel context.CancelFunc
	done   chan int // the exit code
}

// startInProcess runs `smtpbot serve` with args after the loopback address
// and JSON logs, and waits until it listens.
func startInProcess(t *testing.T, args ...string) *inProcess {
	t.Helper()
	p := &inProcess{stderr: &testlog.Buffer{}, done: make(chan int, 1)}
	a := app{stdin: strings.NewReader(""), stdout: io.Discard, stderr: p.stderr, getenv: func(string) string { return "" }}
	ctx, cancel := context.WithCancel(t.Context())
	p.cancel = cancel
	go func() {
		p.done <- a.run(ctx, append([]string{"serve", "--addr", "127.0.0.1:0", "--log-format", "json"}, args...))
	}()
	p.addr = listenAddr(t, p.stderr, cancel)
	return p
}

// stop cancels serve and returns its exit code; serve taking longer than
// wait fails the test.
func (p *inProcess) stop(t *testing.T, wait time.Duration) int {
	t.Helper()
	p.cancel()
	select {
	case code := <-p.done:
		return code
	case <-time.After(wait):
		t.Fatal("serve did not stop")
		return 0
	}
}

// listenAddr waits for serve's "listening" line. The wait only guards against
// a serve that never listens: the race detector on a loaded two-core machine
// has taken over ten seconds to load the catalog and build the index before
// listening, so the bound is generous rather than a measure of startup.
func listenAddr(t *testing.T, stderr *testlog.Buffer, cancel func()) string {
	t.Helper()
	listening := regexp.MustCompile(`"msg":"listening","addr":"([^"]+)"`)
	for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if m := listening.FindStringSubmatch(stderr.String()); m != nil {
			return m[1]
		}
	}
	cancel()
	t.Fatalf("never listened:\n%s", stderr.String())
	return ""
}
