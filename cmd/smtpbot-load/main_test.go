package main

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/smtpbot/smtpbot/adapters/slack/slacktest"
	"github.com/smtpbot/smtpbot/internal/testnet"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

// verifyingServer checks every request the way smtpbot does and answers
// like it; it counts what it saw.
type verifyingServer struct {
	secret  []byte
	pub     ed25519.PublicKey
	ok, bad atomic.Int64
	mu      sync.Mutex
	users   map[string]bool
}

func (v *verifyingServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	good := false
	user := ""
	switch r.URL.Path {
	case "/slack/commands":
		ts, err := strconv.ParseInt(r.Header.Get("X-Slack-Request-Timestamp"), 10, 64)
		_, want := slacktest.Sign(string(v.secret), body, time.Unix(ts, 0))
		form, perr := url.ParseQuery(string(body))
		good = err == nil && perr == nil && want == r.Header.Get("X-Slack-Signature") &&
			form.Get("command") == "/smtp" && form.Get("text") == "252 vs 552"
		user = form.Get("user_id")
	case "/discord/interactions":
		sig, err := hex.DecodeString(r.Header.Get("X-Signature-Ed25519"))
		var in struct {
			Type int `json:"type"`
			Data struct {
				Name    string `json:"name"`
				Options []struct {
					Name    string
					Options []struct{ Name, Value string }
				}
			} `json:"data"`
			Member struct{ User struct{ ID string } } `json:"member"`
		}
		good = err == nil && ed25519.Verify(v.pub, append([]byte(r.Header.Get("X-Signature-Timestamp")), body...), sig) &&
			json.Unmarshal(body, &in) == nil && in.Type == 2 && in.Data.Name == "smtp" &&
			len(in.Data.Options) == 1 && in.Data.Options[0].Name == "compare" && len(in.Data.Options[0].Options) == 2 &&
			in.Data.Options[0].Options[0].Name == "code1" && in.Data.Options[0].Options[0].Value == "252" &&
			in.Data.Options[0].Options[1].Name == "code2" && in.Data.Options[0].Options[1].Value == "552"
		user = in.Member.User.ID
	case "/api/ask":
		good = r.URL.Query().Get("q") == "252 vs 552" && strings.HasPrefix(r.Header.Get("X-Forwarded-For"), "198.1")
		user = r.Header.Get("X-Forwarded-For")
	}
	if !good {
		v.bad.Add(1)
		http.Error(w, "bad signature", http.StatusUnauthorized)
		return
	}
	v.ok.Add(1)
	v.mu.Lock()
	v.users[user] = true
	v.mu.Unlock()
	_, _ = io.WriteString(w, `{"text":"252 vs 552"}`)
}

func TestLoadModes(t *testing.T) {
	var keys bytes.Buffer
	if code := run(t.Context(), []string{"keygen"}, &keys, io.Discard, env(nil)); code != 0 {
		t.Fatalf("keygen exit %d", code)
	}
	kv := map[string]string{}
	for line := range strings.Lines(keys.String()) {
		k, v, _ := strings.Cut(strings.TrimSpace(line), "=")
		kv[k] = v
	}
	pub, err := hex.DecodeString(kv["DISCORD_PUBLIC_KEY"])
	if err != nil || len(pub) != ed25519.PublicKeySize {
		t.Fatalf("keygen printed a bad public key: %q", keys.String())
	}
	getenv := env(map[string]string{"SLACK_SIGNING_SECRET": "s3cret", "SMTPBOT_LOAD_DISCORD_KEY": kv["SMTPBOT_LOAD_DISCORD_KEY"]})
	for _, tc := range []struct {
		mode  string
		users int
		want  int // distinct users seen
	}{{"slack", 0, 200}, {"discord", 0, 200}, {"api", 0, 200}, {"slack", 3, 3}} {
		t.Run(tc.mode, func(t *testing.T) {
			v := &verifyingServer{secret: []byte("s3cret"), pub: pub, users: map[string]bool{}}
			srv := httptest.NewServer(v)
			t.Cleanup(srv.Close)
			var out, errs bytes.Buffer
			args := []string{"-target", srv.URL, "-mode", tc.mode, "-c", "8", "-n", "200", "-users", itoa(tc.users), "-json"}
			if code := run(t.Context(), args, &out, &errs, getenv); code != 0 {
				t.Fatalf("exit %d: %s %s", code, out.String(), errs.String())
			}
			var rep report
			if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
				t.Fatal(err)
			}
			if rep.Requests != 200 || rep.Errors != 0 || v.ok.Load() != 200 || v.bad.Load() != 0 {
				t.Errorf("report %+v; server saw %d good, %d bad", rep, v.ok.Load(), v.bad.Load())
			}
			if rep.PerSecond <= 0 || rep.P50 <= 0 || rep.P50 > rep.P90 || rep.P90 > rep.P99 || rep.P99 > rep.Max {
				t.Errorf("inconsistent figures: %+v", rep)
			}
			if len(v.users) != tc.want {
				t.Errorf("%d distinct users, want %d", len(v.users), tc.want)
			}
		})
	}
}

// Errors are counted by kind and make the exit status 1.
func TestLoadCountsErrors(t *testing.T) {
	var n atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch n.Add(1) % 4 {
		case 0:
			w.WriteHeader(http.StatusInternalServerError)
		case 1:
			_, _ = io.WriteString(w, "something else")
		default:
			_, _ = io.WriteString(w, "about 552")
		}
	}))
	t.Cleanup(srv.Close)
	var out bytes.Buffer
	code := run(t.Context(), []string{"-target", srv.URL, "-mode", "api", "-c", "1", "-n", "40", "-json"}, &out, io.Discard, env(nil))
	var rep report
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatal(err)
	}
	if code != 1 || rep.Status != 10 || rep.Unexpected != 10 || rep.Errors != 20 || rep.Requests != 40 || rep.FirstError == "" {
		t.Errorf("exit %d, report %+v; want exit 1, 10 non-2xx, 10 unexpected", code, rep)
	}
}

// The time limit ends a run that the count would not.
func TestLoadTimeBound(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(20 * time.Millisecond)
		_, _ = io.WriteString(w, "552")
	}))
	t.Cleanup(srv.Close)
	var out bytes.Buffer
	start := time.Now()
	code := run(t.Context(), []string{"-target", srv.URL, "-mode", "api", "-c", "2", "-n", "1000000", "-d", "300ms", "-json"}, &out, io.Discard, env(nil))
	var rep report
	_ = json.Unmarshal(out.Bytes(), &rep)
	if code != 0 || rep.Requests == 0 || rep.Requests >= 1000000 || time.Since(start) > 20*time.Second {
		t.Errorf("exit %d, %d requests after %v", code, rep.Requests, time.Since(start))
	}
}

func TestRefusesNonLoopbackAndBadFlags(t *testing.T) {
	getenv := env(map[string]string{"SLACK_SIGNING_SECRET": "x", "SMTPBOT_LOAD_DISCORD_KEY": strings.Repeat("ab", 32)})
	for _, args := range [][]string{
		{"-target", "http://10.0.0.1:8080"},
		{"-target", "http://192.168.1.2"},
		{"-target", "http://example.com"},
		{"-target", "http://[2001:db8::1]:80"},
		{"-target", "ftp://127.0.0.1"},
		{"-target", "http://0.0.0.0:8080"},
		{"-n", "0"},
		{"-n", "10000001"},
		{"-c", "5000"},
		{"-d", "11m"},
		{"-mode", "smtp"},
		{"-mode", "discord", "-discord-sub", "compare", "-q", "550"},
		{"-mode", "discord", "-discord-sub", "nope"},
		{"extra"},
	} {
		var errs bytes.Buffer
		if code := run(t.Context(), args, io.Discard, &errs, getenv); code != 2 || errs.Len() == 0 {
			t.Errorf("%v: exit %d, stderr %q; want 2 and a message", args, code, errs.String())
		}
	}
	if code := run(t.Context(), []string{"-mode", "slack"}, io.Discard, io.Discard, env(nil)); code != 2 {
		t.Errorf("slack without SLACK_SIGNING_SECRET: exit %d, want 2", code)
	}
	if code := run(t.Context(), []string{"-mode", "discord"}, io.Discard, io.Discard, env(nil)); code != 2 {
		t.Errorf("discord without SMTPBOT_LOAD_DISCORD_KEY: exit %d, want 2", code)
	}
	for _, ok := range []string{"http://127.0.0.1:1", "http://127.9.9.9:1", "http://[::1]:1", "http://localhost:1"} {
		if _, err := loopbackURL(ok); err != nil {
			t.Errorf("loopbackURL(%q) = %v", ok, err)
		}
	}
}

// Even if a name resolved off the machine, the dialer refuses.
func TestDialRefusesNonLoopback(t *testing.T) {
	for addr, ok := range map[string]bool{"127.0.0.1:80": true, "[::1]:80": true, "10.1.2.3:80": false, "[2001:db8::1]:443": false, "nonsense": false} {
		if err := dialLoopback("tcp", addr, nil); (err == nil) != ok {
			t.Errorf("dialLoopback(%q) = %v", addr, err)
		}
	}
}

func TestFakeAPI(t *testing.T) {
	addr := testnet.FreeAddr(t)
	ctx, cancel := context.WithCancel(t.Context())
	var out bytes.Buffer
	done := make(chan int)
	go func() { done <- run(ctx, []string{"fakeapi", "-addr", addr}, &out, io.Discard, env(nil)) }()
	var resp *http.Response
	var err error
	for range 100 {
		if resp, err = http.Post("http://"+addr+"/api/auth.test", "application/x-www-form-urlencoded", nil); err == nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	if !strings.Contains(string(body), `"ok":true`) || !strings.Contains(string(body), `"user_id":"UBOT"`) {
		t.Errorf("auth.test = %s", body)
	}
	cancel()
	if code := <-done; code != 0 || !strings.Contains(out.String(), "calls: slack 1, discord 0") {
		t.Errorf("exit %d, output %q", code, out.String())
	}
	if code := run(t.Context(), []string{"fakeapi", "-addr", "0.0.0.0:0"}, io.Discard, io.Discard, env(nil)); code != 2 {
		t.Errorf("fakeapi on 0.0.0.0: exit %d, want 2", code)
	}
}

func TestPercentile(t *testing.T) {
	var d []time.Duration
	for i := 1; i <= 100; i++ {
		d = append(d, time.Duration(i))
	}
	for p, want := range map[int]time.Duration{50: 50, 90: 90, 99: 99, 100: 100} {
		if got := percentile(d, p); got != want {
			t.Errorf("p%d = %d, want %d", p, got, want)
		}
	}
	if got := percentile(d[:1], 99); got != 1 {
		t.Errorf("p99 of one = %d", got)
	}
	if got := percentile(nil, 50); got != 0 {
		t.Errorf("p50 of none = %d", got)
	}
}

func itoa(i int) string { return strconv.Itoa(i) }

func TestBare(t *testing.T) {
	addr := testnet.FreeAddr(t)
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan int)
	go func() { done <- run(ctx, []string{"bare", "-addr", addr}, io.Discard, io.Discard, env(nil)) }()
	var out bytes.Buffer
	code := 1
	for range 100 {
		out.Reset()
		if code = run(t.Context(), []string{"-target", "http://" + addr, "-mode", "slack", "-n", "50", "-c", "4", "-json"}, &out, io.Discard,
			env(map[string]string{"SLACK_SIGNING_SECRET": "x"})); code == 0 {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	var rep report
	_ = json.Unmarshal(out.Bytes(), &rep)
	if code != 0 || rep.Requests != 50 || rep.Errors != 0 {
		t.Errorf("load against bare: exit %d, %+v", code, rep)
	}
	cancel()
	if code := <-done; code != 0 {
		t.Errorf("bare exit %d", code)
	}
}

// TestUniqueQuestions: -unique gives every request its own question, the
// number before the -pad filler so that the server reads it.
func TestUniqueQuestions(t *testing.T) {
	c := config{text: "252 vs 552", unique: true, pad: 5000}
	q0, q1 := c.question(0), c.question(1)
	if q0 == q1 || !strings.HasPrefix(q0, "252 vs 552 n0 ") || len(q0) != len("252 vs 552 n0 ")+5000 {
		t.Errorf("questions %.40q and %.40q (%d bytes)", q0, q1, len(q0))
	}
	if q := (config{text: "552"}).question(7); q != "552" {
		t.Errorf("without -unique: %q", q)
	}
}

// TestPairs: -pairs asks every ordered pair of distinct basic codes in
// turn, then starts again, and expects both codes in each answer.
func TestPairs(t *testing.T) {
	c, err := parse([]string{"-pairs", "-mode", "api"}, io.Discard, env(nil))
	if err != nil {
		t.Fatal(err)
	}
	n := len(c.pairs)
	if n < 40*39 || c.expect != "" {
		t.Fatalf("%d pairs, expect %q", n, c.expect)
	}
	seen := map[string]bool{}
	for i := range int64(n) {
		q := c.question(i)
		a, b, ok := strings.Cut(q, " vs ")
		if !ok || a == b || len(a) != 3 || len(b) != 3 || seen[q] {
			t.Fatalf("question %d: %q", i, q)
		}
		seen[q] = true
	}
	if c.question(int64(n)) != c.question(0) {
		t.Errorf("after %d questions: %q, want the first again", n, c.question(int64(n)))
	}
	_, want, err := c.request(t.Context(), 1)
	if a, b, _ := strings.Cut(c.question(1), " vs "); err != nil || len(want) != 2 || want[0] != a || want[1] != b {
		t.Errorf("request 1 wants %q (%v)", want, err)
	}
	if _, err := parse([]string{"-pairs", "-unique", "-mode", "api"}, io.Discard, env(nil)); err == nil {
		t.Error("-pairs with -unique accepted")
	}
	// An answer without the pair's codes is an error.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query().Get("q")
		if strings.HasPrefix(q, "211 ") {
			_, _ = io.WriteString(w, "nothing")
			return
		}
		_, _ = io.WriteString(w, q)
	}))
	t.Cleanup(srv.Close)
	var out bytes.Buffer
	code := run(t.Context(), []string{"-target", srv.URL, "-mode", "api", "-pairs", "-c", "4", "-n", "100", "-json"}, &out, io.Discard, env(nil))
	var rep report
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatal(err)
	}
	// The first codes in catalog order are 211 and 214: 44 questions start with 211.
	if code != 1 || rep.Requests != 100 || rep.Unexpected != 44 {
		t.Errorf("exit %d, %+v", code, rep)
	}
}
