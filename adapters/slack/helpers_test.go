package slack

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	slackapi "github.com/slack-go/slack"

	"github.com/smtpbot/smtpbot/adapters/internal/retry"
	"github.com/smtpbot/smtpbot/adapters/metrics"
	"github.com/smtpbot/smtpbot/adapters/state"
	"github.com/smtpbot/smtpbot/bot"
	"github.com/smtpbot/smtpbot/catalog"
)

const (
	testSecret   = "8f742231b10e8888abcd99yyyzzz85a5"
	testBotToken = "xoxb-test-TOKEN-must-never-be-logged"
	testBotUser  = "UBOT0001"
)

// apiCall is one request the fake Slack received.
type apiCall struct {
	Method string         // "chat.postMessage", "chat.postEphemeral", "auth.test", "hook"
	Path   string         // the URL path, for hooks
	Form   url.Values     // Web API calls (form encoded)
	JSON   map[string]any // response_url posts (JSON)
	Auth   string         // "Bearer " and the token, from the header or the form
}

// fakeSlack is a Slack Web API and response_url endpoint on loopback. It
// records every call and can fail the next calls of a method.
type fakeSlack struct {
	*httptest.Server
	mu    sync.Mutex
	calls []apiCall
	got   chan apiCall
	fail  map[string][]fakeFailure
	// ws, when set, serves the Socket Mode websocket at /ws (under mu).
	ws http.HandlerFunc
}

type fakeFailure struct {
	status     int
	retryAfter string
}

func newFakeSlack(t testing.TB) *fakeSlack {
	t.Helper()
	f := &fakeSlack{got: make(chan apiCall, 100), fail: map[string][]fakeFailure{}}
	// Fields are set before Start: the server goroutines read them.
	f.Server = httptest.NewUnstartedServer(http.HandlerFunc(f.serve))
	f.Start()
	t.Cleanup(f.Close)
	return f
}

// APIURL is what SLACK_API_URL would be.
func (f *fakeSlack) APIURL() string { return f.URL + "/api/" }

// HookURL is a response_url on the fake.
func (f *fakeSlack) HookURL(id string) string {
	return f.URL + "/hooks/actions/T1/" + id + "/secretpart"
}

// failNext makes the next calls of method fail with status, in order.
func (f *fakeSlack) failNext(method string, status int, retryAfter string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.fail[method] = append(f.fail[method], fakeFailure{status, retryAfter})
}

func (f *fakeSlack) serve(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	ws := f.ws
	f.mu.Unlock()
	if r.URL.Path == "/ws" && ws != nil {
		ws(w, r)
		return
	}
	body, _ := io.ReadAll(r.Body)
	c := apiCall{Path: r.URL.Path, Auth: r.Header.Get("Authorization")}
	switch {
	case strings.HasPrefix(r.URL.Path, "/api/"):
		c.Method = strings.TrimPrefix(r.URL.Path, "/api/")
		c.Form, _ = url.ParseQuery(string(body))
		if c.Auth == "" && c.Form.Get("token") != "" {
			// slack-go sends the token in the form for some methods.
			c.Auth = "Bearer " + c.Form.Get("token")
		}
	case strings.HasPrefix(r.URL.Path, "/hooks/"):
		c.Method = "hook"
		_ = json.Unmarshal(body, &c.JSON)
	default:
		http.NotFound(w, r)
		return
	}
	f.mu.Lock()
	var fail *fakeFailure
	if q := f.fail[c.Method]; len(q) > 0 {
		fail, f.fail[c.Method] = &q[0], q[1:]
	}
	if fail == nil {
		f.calls = append(f.calls, c)
	}
	f.mu.Unlock()
	if fail != nil {
		if fail.retryAfter != "" {
			w.Header().Set("Retry-After", fail.retryAfter)
		}
		w.WriteHeader(fail.status)
		return
	}
	if c.Method != "auth.test" && c.Method != "apps.connections.open" {
		f.got <- c
	}
	w.Header().Set("Content-Type", "application/json")
	switch c.Method {
	case "auth.test":
		fmt.Fprintf(w, `{"ok":true,"user_id":%q,"team_id":"T1","bot_id":"BBOT"}`, testBotUser)
	case "apps.connections.open":
		fmt.Fprintf(w, `{"ok":true,"url":%q}`, "ws://"+r.Host+"/ws")
	case "chat.postMessage":
		fmt.Fprintf(w, `{"ok":true,"channel":%q,"ts":"1700000000.000200"}`, c.Form.Get("channel"))
	case "chat.postEphemeral":
		fmt.Fprint(w, `{"ok":true,"message_ts":"1700000000.000300"}`)
	case "hook":
		fmt.Fprint(w, `{"ok":true}`)
	default:
		fmt.Fprint(w, `{"ok":false,"error":"unknown_method"}`)
	}
}

// next waits for the next recorded call (auth.test excluded).
func (f *fakeSlack) next(t testing.TB) apiCall {
	t.Helper()
	select {
	case c := <-f.got:
		return c
	case <-time.After(5 * time.Second):
		t.Fatal("the fake Slack API received nothing within 5s")
		return apiCall{}
	}
}

// none checks that no call (auth.test excluded) arrived.
func (f *fakeSlack) none(t testing.TB) {
	t.Helper()
	select {
	case c := <-f.got:
		t.Fatalf("unexpected call to the fake Slack API: %s %v %v", c.Method, c.Form, c.JSON)
	default:
	}
}

// harness is an adapter wired to a fake Slack, with its logs and metrics.
type harness struct {
	a       *Adapter
	fake    *fakeSlack
	metrics *metrics.Metrics
	logs    *syncBuffer
	wg      *sync.WaitGroup // background work
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func loadBot(t testing.TB) *bot.Bot {
	t.Helper()
	cat, err := catalog.Load(catalog.Embedded())
	if err != nil {
		t.Fatalf("catalog: %v", err)
	}
	return bot.New(cat)
}

type harnessOption func(*Config)

func withLimiter(l state.Limiter) harnessOption { return func(c *Config) { c.Limiter = l } }
func withAppToken(tok string) harnessOption     { return func(c *Config) { c.AppToken = tok } }
func withoutSecret() harnessOption              { return func(c *Config) { c.SigningSecret = "" } }

func newHarness(t testing.TB, opts ...harnessOption) *harness {
	t.Helper()
	h := &harness{fake: newFakeSlack(t), metrics: metrics.New(nil), logs: &syncBuffer{}, wg: &sync.WaitGroup{}}
	mem := state.NewMemory(state.Rate{}, nil)
	cfg := Config{
		SigningSecret: testSecret,
		BotToken:      testBotToken,
		APIURL:        h.fake.APIURL(),
		BaseURL:       "https://smtpbot.example",
		Bot:           loadBot(t),
		Log:           slog.New(slog.NewTextHandler(h.logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		Metrics:       h.metrics,
		Dedup:         mem,
		Limiter:       mem,
		Go: func(f func()) {
			h.wg.Add(1)
			go func() { defer h.wg.Done(); f() }()
		},
		Retry: retry.Policy{Attempts: 3, Base: time.Millisecond, Max: 2 * time.Second},
	}
	for _, o := range opts {
		o(&cfg)
	}
	a, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	h.a = a
	t.Cleanup(h.wg.Wait)
	return h
}

// signed builds a request signed now (or at the given Unix time).
func signed(method, path, contentType string, body []byte, at time.Time) *http.Request {
	r := httptest.NewRequest(method, path, bytes.NewReader(body))
	r.Header.Set("Content-Type", contentType)
	ts := strconv.FormatInt(at.Unix(), 10)
	r.Header.Set("X-Slack-Request-Timestamp", ts)
	r.Header.Set("X-Slack-Signature", Sign([]byte(testSecret), ts, body))
	return r
}

func commandForm(text, user, channel string) []byte {
	return []byte(url.Values{
		"command": {"/smtp"}, "text": {text}, "user_id": {user}, "user_name": {"alice"},
		"channel_id": {channel}, "team_id": {"T1"}, "response_url": {"https://hooks.slack.com/commands/T1/1/x"},
		"trigger_id": {"1.2.3"}, "api_app_id": {"A1"},
	}.Encode())
}

func slackCommand(text string) slackapi.SlashCommand {
	return slackapi.SlashCommand{Command: "/smtp", Text: text, UserID: "U123", ChannelID: "C123", TeamID: "T1", ResponseURL: "https://hooks.slack.com/commands/T1/1/x"}
}

// command sends a signed slash command and decodes the answer.
func (h *harness) command(t testing.TB, text string) (int, map[string]any, []byte) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.a.Commands(rec, signed("POST", "/slack/commands", "application/x-www-form-urlencoded", commandForm(text, "U123", "C123"), time.Now()))
	var out map[string]any
	if rec.Code == http.StatusOK {
		if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
			t.Fatalf("answer is not JSON: %v\n%s", err, rec.Body.String())
		}
	}
	return rec.Code, out, rec.Body.Bytes()
}

// event sends a signed Events API payload.
func (h *harness) event(t testing.TB, payload string, headers ...string) *httptest.ResponseRecorder {
	t.Helper()
	r := signed("POST", "/slack/events", "application/json", []byte(payload), time.Now())
	for i := 0; i+1 < len(headers); i += 2 {
		r.Header.Set(headers[i], headers[i+1])
	}
	rec := httptest.NewRecorder()
	h.a.Events(rec, r)
	return rec
}

// interaction sends a signed interaction payload.
func (h *harness) interaction(t testing.TB, payload any) *httptest.ResponseRecorder {
	t.Helper()
	b, err := json.Marshal(payload)
	if err != nil {
		t.Fatal(err)
	}
	body := []byte(url.Values{"payload": {string(b)}}.Encode())
	rec := httptest.NewRecorder()
	h.a.Interactions(rec, signed("POST", "/slack/interactions", "application/x-www-form-urlencoded", body, time.Now()))
	return rec
}

// metric reads one sample from the exposition, 0 when absent.
func (h *harness) metric(t testing.TB, series string) float64 {
	t.Helper()
	rec := httptest.NewRecorder()
	h.metrics.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	for _, line := range strings.Split(rec.Body.String(), "\n") {
		if v, ok := strings.CutPrefix(line, series+" "); ok {
			f, err := strconv.ParseFloat(v, 64)
			if err != nil {
				t.Fatalf("metric %s: %v", series, err)
			}
			return f
		}
	}
	return 0
}

// mentionPayload is an app_mention event_callback.
func mentionPayload(eventID, user, channel, text, ts, threadTS string) string {
	ev := map[string]any{"type": "app_mention", "user": user, "text": text, "ts": ts, "channel": channel, "event_ts": ts}
	if threadTS != "" {
		ev["thread_ts"] = threadTS
	}
	return callback(eventID, ev)
}

func callback(eventID string, ev map[string]any) string {
	b, _ := json.Marshal(map[string]any{
		"token": "legacy", "team_id": "T1", "api_app_id": "A1", "type": "event_callback",
		"event_id": eventID, "event_time": 1700000000, "event": ev,
		"authorizations": []map[string]any{{"team_id": "T1", "user_id": testBotUser, "is_bot": true}},
	})
	return string(b)
}

// texts collects every "text" string in a Block Kit tree: what people see
// (button values are not shown).
func texts(v any) []string {
	var out []string
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			if s, ok := e.(string); ok && k == "text" {
				out = append(out, s)
			} else {
				out = append(out, texts(e)...)
			}
		}
	case []any:
		for _, e := range x {
			out = append(out, texts(e)...)
		}
	}
	return out
}
