package tests

// The harness the end-to-end tests share: the smtpbot binary, built once per
// `go test` run, and a running `smtpbot serve` on loopback with its log.
// What is particular to a platform (fake Slack and Discord APIs, signing,
// the Redis server) stays in that platform's file.

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/smtpbot/smtpbot/internal/testlog"
)

// built is the binary of this run. It is the package's only shared state:
// building once instead of once per test saves a link per test, and the
// binary does not change during a run.
var built struct {
	once sync.Once
	dir  string // removed by TestMain
	bin  string
	err  error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if built.dir != "" {
		_ = os.RemoveAll(built.dir)
	}
	os.Exit(code)
}

// repoRoot is the module root, found from this file's directory.
func repoRoot(t testing.TB) string {
	t.Helper()
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		t.Fatal("no caller information")
	}
	return filepath.Dir(filepath.Dir(file))
}

// smtpbot returns the binary: $SMTPBOT_BIN when set, else cmd/smtpbot built
// on first use with a version baked in as the Dockerfile does. Tests that
// run the binary are skipped with -short.
func smtpbot(t testing.TB) string {
	t.Helper()
	if testing.Short() {
		t.Skip("end-to-end test builds and runs the binary; skipped with -short")
	}
	if bin := os.Getenv("SMTPBOT_BIN"); bin != "" {
		return bin
	}
	root := repoRoot(t)
	built.once.Do(func() {
		built.dir, built.err = os.MkdirTemp("", "smtpbot-e2e-")
		if built.err != nil {
			return
		}
		bin := filepath.Join(built.dir, "smtpbot")
		cmd := exec.Command("go", "build", "-ldflags", "-X main.version=e2e-test", "-o", bin, "./cmd/smtpbot")
		cmd.Dir = root
		if out, err := cmd.CombinedOutput(); err != nil {
			built.err = fmt.Errorf("go build ./cmd/smtpbot: %w\n%s", err, out)
			return
		}
		built.bin = bin
	})
	if built.err != nil {
		t.Fatal(built.err)
	}
	return built.bin
}

// server is one running `smtpbot serve`.
type server struct {
	URL    string
	cmd    *exec.Cmd
	stderr testlog.Buffer
	exited chan struct{} // closed once stderr is read to the end and cmd.Wait has returned
	err    error         // cmd.Wait's result, set before exited is closed
	client *http.Client
}

// startServe runs `smtpbot serve` on a free loopback port with JSON logs
// and, beyond PATH and HOME, only env (so no credentials unless given), and
// waits until /readyz answers 200.
func startServe(t *testing.T, env ...string) *server {
	t.Helper()
	s := startProcess(t, []string{"serve", "--addr", "127.0.0.1:0"},
		append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir(), "SMTPBOT_LOG_FORMAT=json"}, env...))
	s.waitReady(t, http.StatusOK)
	return s
}

// startProcess runs the binary with args and exactly env, which must make
// it listen on loopback and log JSON, and waits until it logs the address
// it listens on. A process still running when the test ends is stopped; a
// failed test shows its log.
func startProcess(t *testing.T, args, env []string) *server {
	t.Helper()
	cmd := exec.Command(smtpbot(t), args...)
	cmd.Env = env
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	s := &server{cmd: cmd, exited: make(chan struct{}), client: &http.Client{
		Timeout: 10 * time.Second,
		// Redirects are what some tests check; do not follow them.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		for sc.Scan() {
			s.stderr.Write([]byte(sc.Text() + "\n"))
			var rec struct{ Msg, Addr string }
			if json.Unmarshal(sc.Bytes(), &rec) == nil && rec.Msg == "listening" {
				select {
				case addr <- rec.Addr:
				default: // only the first address counts
				}
			}
		}
		s.err = cmd.Wait()
		close(s.exited)
	}()
	t.Cleanup(func() {
		select {
		case <-s.exited:
		default:
			_ = cmd.Process.Signal(syscall.SIGTERM)
			select {
			case <-s.exited:
			case <-time.After(15 * time.Second):
				_ = cmd.Process.Kill()
			}
		}
		if t.Failed() {
			t.Logf("log of serve at %s:\n%s", s.URL, s.logs())
		}
	})
	select {
	case a := <-addr:
		s.URL = "http://" + a
	case <-s.exited:
		t.Fatalf("serve exited before listening: %v", s.err)
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not listen within 30s")
	}
	return s
}

// stop sends SIGTERM and expects a clean exit within the shutdown bound,
// with one "stopped" line.
func (s *server) stop(t *testing.T) {
	t.Helper()
	start := time.Now()
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case <-s.exited:
		if s.err != nil {
			t.Fatalf("serve exited with %v after SIGTERM", s.err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not stop within 15s of SIGTERM")
	}
	if took := time.Since(start); took > 11*time.Second {
		t.Errorf("shutdown took %v, beyond the 10s bound", took)
	}
	if n := len(s.records(t, "stopped")); n != 1 {
		t.Errorf("%d stopped lines, want 1", n)
	}
}

// waitReady polls /readyz until it answers want.
func (s *server) waitReady(t *testing.T, want int) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		res, body := s.get(t, "/readyz")
		if res.StatusCode == want {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("/readyz: %d %s, want %d", res.StatusCode, body, want)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// get fetches path; redirects are returned, not followed.
func (s *server) get(t *testing.T, path string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, s.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	return s.do(t, req)
}

// post sends body to path with the given header name, value pairs.
func (s *server) post(t *testing.T, path, contentType string, body []byte, header ...string) (int, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, s.URL+path, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", contentType)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, out := s.do(t, req)
	return res.StatusCode, out
}

func (s *server) do(t *testing.T, req *http.Request) (*http.Response, []byte) {
	t.Helper()
	res, err := s.client.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL.Path, err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL.Path, err)
	}
	return res, body
}

// metric sums the samples of series in /metrics: a name, optionally with
// labels (`smtpbot_duplicates_total{platform="slack"}`) that a sample must
// carry. A series never set reads 0.
func (s *server) metric(t *testing.T, series string) float64 {
	t.Helper()
	_, body := s.get(t, "/metrics")
	name, labels, _ := strings.Cut(strings.TrimSuffix(series, "}"), "{")
	total := 0.0
	for line := range strings.Lines(string(body)) {
		if !strings.HasPrefix(line, name+"{") && !strings.HasPrefix(line, name+" ") {
			continue
		}
		if labels != "" && !strings.Contains(line, labels) {
			continue
		}
		f := strings.Fields(line)
		v, err := strconv.ParseFloat(f[len(f)-1], 64)
		if err != nil {
			t.Fatalf("metric %s: %v", series, err)
		}
		total += v
	}
	return total
}

// logs is what the server has logged so far, one JSON object per line.
func (s *server) logs() string { return s.stderr.String() }

// records returns the decoded log lines whose msg is msg.
func (s *server) records(t *testing.T, msg string) []map[string]any {
	t.Helper()
	var out []map[string]any
	for line := range strings.Lines(s.logs()) {
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("log line is not JSON: %q", line)
		}
		if rec["msg"] == msg {
			out = append(out, rec)
		}
	}
	return out
}

// summary is the start-up summary, one adapter status a line.
func (s *server) summary(t *testing.T) string {
	t.Helper()
	var status []string
	for _, rec := range s.records(t, "adapter") {
		st, _ := rec["status"].(string)
		status = append(status, st)
	}
	return strings.Join(status, "\n")
}

// checkNotLogged fails if any of secrets (tokens, signing secrets, what
// users typed) is in the log. Empty strings are ignored.
func (s *server) checkNotLogged(t *testing.T, secrets ...string) {
	t.Helper()
	logs := s.logs()
	for _, secret := range secrets {
		if secret != "" && strings.Contains(logs, secret) {
			t.Errorf("serve at %s logged %q", s.URL, secret)
		}
	}
}
