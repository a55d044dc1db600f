// Package slacktest fakes Slack for tests, as net/http/httptest fakes a
// server: the Web API, response URLs and the Socket Mode endpoint on
// loopback (API), and requests signed the way Slack signs them (Sign,
// NewRequest) with the bodies Slack posts (CommandForm, InteractionForm). The adapter's tests, the end-to-end tests and the load
// tool's tests all use it, so the fake behaves the same everywhere.
//
// It signs independently of package slack's verifier, so a test of the
// verifier checks it against a second implementation of Slack's scheme.
package slacktest

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// Call is one request the fake received.
type Call struct {
	Method string         // "chat.postMessage", "chat.postEphemeral", "hook" for a response_url, …
	Path   string         // the URL path
	Form   url.Values     // Web API calls (form encoded)
	JSON   map[string]any // response_url posts (JSON)
	Auth   string         // "Bearer " and the token, from the header or the form
}

// API is a Slack Web API, response_url endpoint and Socket Mode endpoint on
// loopback. It records every call but auth.test and apps.connections.open
// (before answering: once the caller has its answer it may go on), and can
// fail or delay the next calls of a method.
type API struct {
	*httptest.Server
	botUser string // what auth.test answers
	got     chan Call

	mu     sync.Mutex
	calls  []Call
	fail   map[string][]failure
	delay  map[string]time.Duration
	socket http.HandlerFunc
}

type failure struct {
	status     int
	retryAfter string
}

// NewAPI starts a fake whose auth.test names botUser; it stops with the test.
func NewAPI(t testing.TB, botUser string) *API {
	t.Helper()
	f := &API{botUser: botUser, got: make(chan Call, 1000), fail: map[string][]failure{}, delay: map[string]time.Duration{}}
	// Fields are set before Start: the server goroutines read them.
	f.Server = httptest.NewUnstartedServer(http.HandlerFunc(f.serve))
	f.Start()
	t.Cleanup(f.Close)
	return f
}

// APIURL is what SLACK_API_URL would be.
func (f *API) APIURL() string { return f.URL + "/api/" }

// HookURL is a response_url on the fake.
func (f *API) HookURL(id string) string { return f.URL + "/hooks/actions/T1/" + id + "/secretpart" }

// FailNext makes the next call of method fail with status (and a
// Retry-After header when retryAfter is set); calls queue up in order.
func (f *API) FailNext(method string, status int, retryAfter string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.fail[method] = append(f.fail[method], failure{status, retryAfter})
}

// SetDelay makes every later call of method wait d before it is answered.
func (f *API) SetDelay(method string, d time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.delay[method] = d
}

// Calls returns every call recorded so far (failed ones excluded).
func (f *API) Calls() []Call {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]Call(nil), f.calls...)
}

// Next waits for the next recorded call.
func (f *API) Next(t testing.TB) Call {
	t.Helper()
	select {
	case c := <-f.got:
		return c
	case <-time.After(10 * time.Second):
		t.Fatal("the fake Slack API received nothing within 10s")
		return Call{}
	}
}

// Received returns the channel of recorded calls, for a test that waits on
// something else too.
func (f *API) Received() <-chan Call { return f.got }

// None checks that no call arrives within wait (0: none has arrived that
// Next has not taken).
func (f *API) None(t testing.TB, wait time.Duration) {
	t.Helper()
	select {
	case c := <-f.got:
		t.Fatalf("unexpected call to the fake Slack API: %s %v %v", c.Method, c.Form, c.JSON)
	case <-time.After(wait):
	}
}

func (f *API) serve(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	socket := f.socket
	f.mu.Unlock()
	if r.URL.Path == "/ws" && socket != nil {
		socket(w, r)
		return
	}
	body, _ := io.ReadAll(r.Body)
	c := Call{Path: r.URL.Path, Auth: r.Header.Get("Authorization")}
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
	if f.failed(w, c) {
		return
	}
	w.Header().Set("Content-Type", "application/json")
	switch c.Method {
	case "auth.test":
		fmt.Fprintf(w, `{"ok":true,"user_id":%q,"team_id":"T1","bot_id":"BBOT"}`, f.botUser)
		return
	case "apps.connections.open":
		fmt.Fprintf(w, `{"ok":true,"url":%q}`, "ws://"+r.Host+"/ws")
		return
	}
	f.mu.Lock()
	f.calls = append(f.calls, c)
	f.mu.Unlock()
	select {
	case f.got <- c:
	default: // nobody takes them (a test reading Calls): Calls has them all
	}
	switch c.Method {
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

// failed waits the method's delay and answers a queued failure, if any.
func (f *API) failed(w http.ResponseWriter, c Call) bool {
	f.mu.Lock()
	var fail *failure
	if q := f.fail[c.Method]; len(q) > 0 {
		fail, f.fail[c.Method] = &q[0], q[1:]
	}
	delay := f.delay[c.Method]
	f.mu.Unlock()
	time.Sleep(delay)
	if fail == nil {
		return false
	}
	if fail.retryAfter != "" {
		w.Header().Set("Retry-After", fail.retryAfter)
	}
	w.WriteHeader(fail.status)
	return true
}

// Sign returns the X-Slack-Request-Timestamp and X-Slack-Signature headers
// Slack would send with body at time at
// (https://api.slack.com/authentication/verifying-requests-from-slack).
func Sign(secret string, body []byte, at time.Time) (timestamp, signature string) {
	timestamp = strconv.FormatInt(at.Unix(), 10)
	mac := hmac.New(sha256.New, []byte(secret))
	fmt.Fprintf(mac, "v0:%s:%s", timestamp, body)
	return timestamp, "v0=" + hex.EncodeToString(mac.Sum(nil))
}

// NewRequest is an incoming request to target signed with secret at time
// at, as httptest.NewRequest builds one for a handler.
func NewRequest(method, target, contentType string, body []byte, secret string, at time.Time) *http.Request {
	r := httptest.NewRequest(method, target, bytes.NewReader(body))
	r.Header.Set("Content-Type", contentType)
	ts, sig := Sign(secret, body, at)
	r.Header.Set("X-Slack-Request-Timestamp", ts)
	r.Header.Set("X-Slack-Signature", sig)
	return r
}

// CommandForm is the body Slack posts for the /smtp slash command: text
// typed by user in channel, with the response_url for later answers.
func CommandForm(text, user, channel, responseURL string) []byte {
	return []byte(url.Values{
		"command": {"/smtp"}, "text": {text}, "user_id": {user}, "user_name": {"alice"},
		"channel_id": {channel}, "team_id": {"T1"}, "response_url": {responseURL},
		"trigger_id": {"1.2.3"}, "api_app_id": {"A1"},
	}.Encode())
}

// InteractionForm is the body Slack posts for an interaction (a button
// press): the payload's JSON in the form field "payload".
func InteractionForm(payload []byte) []byte {
	return []byte(url.Values{"payload": {string(payload)}}.Encode())
}

// Socket is Slack's Socket Mode endpoint: it says hello, sends what the
// test queues with Send and hands back the acknowledgements (Ack).
type Socket struct {
	send chan any
	acks chan map[string]any
}

// Socket serves Socket Mode at /ws, the URL apps.connections.open hands
// out, and returns it.
func (f *API) Socket() *Socket {
	s := &Socket{send: make(chan any, 10), acks: make(chan map[string]any, 10)}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.socket = s.serve
	return s
}

// Send queues an envelope for the connected client.
func (s *Socket) Send(envelope any) { s.send <- envelope }

// Ack waits for the client's acknowledgement of envelope and returns it.
func (s *Socket) Ack(t testing.TB, envelope string) map[string]any {
	t.Helper()
	select {
	case m := <-s.acks:
		if m["envelope_id"] != envelope {
			t.Fatalf("ack for %v, want %s", m["envelope_id"], envelope)
		}
		return m
	case <-time.After(5 * time.Second):
		t.Fatalf("no ack for %s within 5s", envelope)
		return nil
	}
}

func (s *Socket) serve(w http.ResponseWriter, r *http.Request) {
	// slack-go sends Origin: https://api.slack.com, which is not us.
	up := websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }}
	conn, err := up.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	defer conn.Close()
	if err := conn.WriteJSON(map[string]any{"type": "hello", "num_connections": 1, "connection_info": map[string]any{"app_id": "A1"}}); err != nil {
		return
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			var m map[string]any
			if err := conn.ReadJSON(&m); err != nil {
				return
			}
			s.acks <- m
		}
	}()
	for {
		select {
		case m := <-s.send:
			if err := conn.WriteJSON(m); err != nil {
				return
			}
		case <-done:
			return
		case <-r.Context().Done():
			return
		}
	}
}
