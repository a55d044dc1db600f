// Package discordtest fakes Discord for tests: a REST API and a gateway,
// both on loopback. The REST fake records every request and can be told to
// fail the next calls (429, 5xx); the gateway fake speaks just enough of the
// protocol (Hello, Identify → READY, Resume → RESUMED, heartbeat ACKs,
// dispatches) to drive a real discordgo session.
//
// Point a discordgo session at the API with discord.RewriteTransport(api.URL(), nil);
// the API's GET /gateway answers with the fake gateway's URL.
package discordtest

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// Request is one recorded REST call.
type Request struct {
	Method string
	Path   string // without the /api/vN prefix: "/channels/C1/messages"
	// Version is the API version the call asked for ("10"), "" for none.
	Version string
	Header  http.Header
	Body    []byte
}

// JSON decodes the request body into v.
func (r Request) JSON(v any) error { return json.Unmarshal(r.Body, v) }

// API is a fake Discord REST API.
type API struct {
	srv *httptest.Server

	mu       sync.Mutex
	requests []Request
	notify   chan struct{}
	gateway  string
	fail     []failure
	commands map[string][]json.RawMessage // "" global, else guild ID
	files    map[string][]byte            // CDN path → content
	nextID   int
}

type failure struct {
	method, prefix string
	status         int
	retryAfter     time.Duration
}

// NewAPI starts a fake API, stopped when the test ends.
func NewAPI(t testing.TB) *API {
	t.Helper()
	a := &API{notify: make(chan struct{}), commands: map[string][]json.RawMessage{}, nextID: 1000}
	a.srv = httptest.NewServer(http.HandlerFunc(a.serve))
	t.Cleanup(a.srv.Close)
	return a
}

// SetFile serves content at https://cdn.discordapp.com+path (path starts
// with /attachments/).
func (a *API) SetFile(path string, content []byte) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.files == nil {
		a.files = map[string][]byte{}
	}
	a.files[path] = content
}

// URL is the API's base URL (http://127.0.0.1:port).
func (a *API) URL() string { return a.srv.URL }

// SetGateway sets the URL GET /gateway returns.
func (a *API) SetGateway(url string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.gateway = url
}

// FailNext makes the next calls matching method and path prefix fail with
// the given statuses, one per call, in order. A 429 asks to retry after
// retryAfter.
func (a *API) FailNext(method, pathPrefix string, retryAfter time.Duration, statuses ...int) {
	a.mu.Lock()
	defer a.mu.Unlock()
	for _, s := range statuses {
		a.fail = append(a.fail, failure{method: method, prefix: pathPrefix, status: s, retryAfter: retryAfter})
	}
}

// Requests returns the calls so far, in order.
func (a *API) Requests() []Request {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]Request(nil), a.requests...)
}

// Matching returns the recorded calls with this method and path prefix.
func (a *API) Matching(method, pathPrefix string) []Request {
	var out []Request
	for _, r := range a.Requests() {
		if r.Method == method && strings.HasPrefix(r.Path, pathPrefix) {
			out = append(out, r)
		}
	}
	return out
}

// Wait returns the n-th (1-based) call with this method and path prefix,
// waiting for it until ctx ends.
func (a *API) Wait(ctx context.Context, method, pathPrefix string, n int) (Request, error) {
	for {
		a.mu.Lock()
		ch := a.notify
		a.mu.Unlock()
		if got := a.Matching(method, pathPrefix); len(got) >= n {
			return got[n-1], nil
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return Request{}, fmt.Errorf("discordtest: waiting for %s %s #%d: %w", method, pathPrefix, n, ctx.Err())
		}
	}
}

func (a *API) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	path := apiPath(r.URL.Path)
	fail, gateway := a.record(r, path, body)
	w.Header().Set("Content-Type", "application/json")
	if fail != nil {
		fail.write(w)
		return
	}
	if r.Header.Get("Authorization") == "" && !strings.HasPrefix(path, "/interactions/") && !strings.HasPrefix(path, "/webhooks/") && !strings.HasPrefix(path, "/attachments/") {
		w.WriteHeader(http.StatusUnauthorized)
		fmt.Fprint(w, `{"message":"401: Unauthorized","code":0}`)
		return
	}
	parts := strings.Split(strings.Trim(path, "/"), "/")
	switch {
	case r.Method == http.MethodGet && strings.HasPrefix(path, "/attachments/"):
		// The CDN (cdn.discordapp.com, rewritten here like the API).
		a.mu.Lock()
		f, ok := a.files[path]
		a.mu.Unlock()
		if !ok {
			w.WriteHeader(http.StatusNotFound)
			return
		}
		w.Header().Set("Content-Type", "message/rfc822")
		_, _ = w.Write(f)
	case r.Method == http.MethodGet && (path == "/gateway" || path == "/gateway/bot"):
		fmt.Fprintf(w, `{"url":%q,"shards":1}`, gateway)
	case r.Method == http.MethodPost && len(parts) == 3 && parts[0] == "channels" && parts[2] == "messages":
		a.echo(w, body, parts[1])
	case r.Method == http.MethodPost && len(parts) == 4 && parts[0] == "interactions" && parts[3] == "callback":
		w.WriteHeader(http.StatusNoContent)
	case parts[0] == "webhooks" && (r.Method == http.MethodPost && len(parts) == 3 || r.Method == http.MethodPatch && len(parts) == 5 && parts[3] == "messages"):
		// Create Followup Message, Edit Original Interaction Response.
		a.echo(w, body, "")
	case len(parts) >= 3 && parts[0] == "applications" && parts[len(parts)-1] == "commands":
		guild := ""
		if len(parts) == 5 && parts[2] == "guilds" {
			guild = parts[3]
		}
		a.serveCommands(w, r.Method, guild, body)
	default:
		w.WriteHeader(http.StatusNotFound)
		fmt.Fprint(w, `{"message":"Unknown route","code":0}`)
	}
}

// record keeps the request, wakes those waiting for one, and takes the
// first failure set up for it, if any.
func (a *API) record(r *http.Request, path string, body []byte) (fail *failure, gateway string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.requests = append(a.requests, Request{Method: r.Method, Path: path, Version: apiVersion(r.URL.Path), Header: r.Header.Clone(), Body: body})
	close(a.notify)
	a.notify = make(chan struct{})
	for i, f := range a.fail {
		if f.method == r.Method && strings.HasPrefix(path, f.prefix) {
			a.fail = append(a.fail[:i:i], a.fail[i+1:]...)
			return &f, a.gateway
		}
	}
	return nil, a.gateway
}

// write answers as Discord does when it fails: a 429 with Retry-After and
// retry_after, or the status with an error body.
func (f *failure) write(w http.ResponseWriter) {
	if f.status == http.StatusTooManyRequests {
		secs := f.retryAfter.Seconds()
		w.Header().Set("Retry-After", strconv.FormatFloat(secs, 'f', -1, 64))
		w.WriteHeader(f.status)
		fmt.Fprintf(w, `{"message":"You are being rate limited.","retry_after":%g,"global":false}`, secs)
		return
	}
	w.WriteHeader(f.status)
	fmt.Fprintf(w, `{"message":"fake failure","code":0}`)
}

// echo answers a created message as Discord does: the posted message with
// a new id, and its channel's id when it was posted to a channel.
func (a *API) echo(w http.ResponseWriter, body []byte, channelID string) {
	var m map[string]any
	_ = json.Unmarshal(body, &m)
	if m == nil {
		m = map[string]any{}
	}
	m["id"] = a.id()
	if channelID != "" {
		m["channel_id"] = channelID
	}
	_ = json.NewEncoder(w).Encode(m)
}

// apiVersion is the version in a versioned path: "/api/v10/gateway" → "10".
func apiVersion(p string) string {
	rest, ok := strings.CutPrefix(p, "/api/v")
	if !ok {
		return ""
	}
	v, _, _ := strings.Cut(rest, "/")
	return v
}

// apiPath drops the versioned prefix: "/api/v9/gateway" → "/gateway".
func apiPath(p string) string {
	rest, ok := strings.CutPrefix(p, "/api/v")
	if !ok {
		return p
	}
	if i := strings.IndexByte(rest, '/'); i >= 0 {
		return rest[i:]
	}
	return "/"
}

func (a *API) id() string {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.nextID++
	return strconv.Itoa(a.nextID)
}

// serveCommands stores commands as Discord does: a create with an existing
// name replaces it, and the stored form gains an id, a version and the
// defaults Discord fills in.
func (a *API) serveCommands(w http.ResponseWriter, method, guild string, body []byte) {
	a.mu.Lock()
	defer a.mu.Unlock()
	switch method {
	case http.MethodGet:
		list := a.commands[guild]
		if list == nil {
			list = []json.RawMessage{}
		}
		_ = json.NewEncoder(w).Encode(list)
	case http.MethodPost:
		var c map[string]any
		if err := json.Unmarshal(body, &c); err != nil {
			w.WriteHeader(http.StatusBadRequest)
			fmt.Fprint(w, `{"message":"Invalid Form Body","code":50035}`)
			return
		}
		a.nextID++
		c["id"] = strconv.Itoa(a.nextID)
		c["version"] = strconv.Itoa(a.nextID)
		c["default_member_permissions"] = nil
		// Discord's defaults, when the definition sets none.
		if c["contexts"] == nil {
			c["contexts"] = []int{0, 1, 2}
		}
		if c["integration_types"] == nil {
			c["integration_types"] = []int{0}
		}
		c["nsfw"] = false
		stored, _ := json.Marshal(c)
		list := a.commands[guild]
		replaced := false
		for i, old := range list {
			var o struct{ Name string }
			_ = json.Unmarshal(old, &o)
			if o.Name == c["name"] {
				list[i], replaced = stored, true
			}
		}
		if !replaced {
			list = append(list, stored)
		}
		a.commands[guild] = list
		w.WriteHeader(http.StatusCreated)
		_, _ = w.Write(stored)
	default:
		w.WriteHeader(http.StatusMethodNotAllowed)
	}
}

// Gateway is a fake gateway.
type Gateway struct {
	srv      *httptest.Server
	upgrader websocket.Upgrader
	botID    string

	mu         sync.Mutex
	conn       *gwConn
	seq        int64
	identifies []json.RawMessage
	resumes    int
	notify     chan struct{}
}

type gwConn struct {
	ws *websocket.Conn
	mu sync.Mutex // one writer at a time
}

func (c *gwConn) send(v any) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	_ = c.ws.SetWriteDeadline(time.Now().Add(5 * time.Second))
	return c.ws.WriteJSON(v)
}

// NewGateway starts a fake gateway whose READY says the bot is botID.
func NewGateway(t testing.TB, botID string) *Gateway {
	t.Helper()
	g := &Gateway{botID: botID, notify: make(chan struct{})}
	g.srv = httptest.NewServer(http.HandlerFunc(g.serve))
	t.Cleanup(func() {
		g.Drop()
		g.srv.Close()
	})
	return g
}

// URL is the websocket URL to give out from GET /gateway.
func (g *Gateway) URL() string { return "ws" + strings.TrimPrefix(g.srv.URL, "http") }

// Identifies returns the identify payloads ("d" of op 2) received so far.
func (g *Gateway) Identifies() []json.RawMessage {
	g.mu.Lock()
	defer g.mu.Unlock()
	return append([]json.RawMessage(nil), g.identifies...)
}

// Resumes counts the resume requests (op 6) received.
func (g *Gateway) Resumes() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.resumes
}

// WaitSession waits until identifies+resumes reaches n: the n-th session
// (new or resumed) has been answered with READY or RESUMED.
func (g *Gateway) WaitSession(ctx context.Context, n int) error {
	for {
		g.mu.Lock()
		got, ch := len(g.identifies)+g.resumes, g.notify
		g.mu.Unlock()
		if got >= n {
			return nil
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return fmt.Errorf("discordtest: waiting for session %d: %w", n, ctx.Err())
		}
	}
}

// Dispatch sends an event (op 0) with the next sequence number to the
// connected client.
func (g *Gateway) Dispatch(event string, data any) error {
	g.mu.Lock()
	c := g.conn
	g.seq++
	seq := g.seq
	g.mu.Unlock()
	if c == nil {
		return fmt.Errorf("discordtest: no client connected")
	}
	return c.send(map[string]any{"op": 0, "t": event, "s": seq, "d": data})
}

// Drop closes the client's connection abruptly, as a network failure would.
func (g *Gateway) Drop() {
	g.mu.Lock()
	c := g.conn
	g.conn = nil
	g.mu.Unlock()
	if c != nil {
		_ = c.ws.Close()
	}
}

func (g *Gateway) serve(w http.ResponseWriter, r *http.Request) {
	ws, err := g.upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	c := &gwConn{ws: ws}
	defer ws.Close()
	if err := c.send(map[string]any{"op": 10, "d": map[string]any{"heartbeat_interval": 45000}}); err != nil {
		return
	}
	for {
		var p struct {
			Op int             `json:"op"`
			D  json.RawMessage `json:"d"`
		}
		if err := ws.ReadJSON(&p); err != nil {
			return
		}
		switch p.Op {
		case 1: // heartbeat
			_ = c.send(map[string]any{"op": 11})
		case 2: // identify
			g.mu.Lock()
			g.conn = c
			g.identifies = append(g.identifies, p.D)
			g.seq++
			seq := g.seq
			g.mu.Unlock()
			_ = c.send(map[string]any{"op": 0, "t": "READY", "s": seq, "d": map[string]any{
				"v": 10, "session_id": "fake-session", "resume_gateway_url": g.URL(),
				"user":   map[string]any{"id": g.botID, "username": "smtpbot", "bot": true},
				"guilds": []any{}, "application": map[string]any{"id": g.botID},
			}})
			g.signal()
		case 6: // resume
			g.mu.Lock()
			g.conn = c
			g.resumes++
			g.seq++
			seq := g.seq
			g.mu.Unlock()
			_ = c.send(map[string]any{"op": 0, "t": "RESUMED", "s": seq, "d": map[string]any{}})
			g.signal()
		}
	}
}

func (g *Gateway) signal() {
	g.mu.Lock()
	defer g.mu.Unlock()
	close(g.notify)
	g.notify = make(chan struct{})
}

// Sign returns the X-Signature-Ed25519 and X-Signature-Timestamp headers
// Discord would send with body at time at
// (https://discord.com/developers/docs/interactions/overview#setting-up-an-endpoint-validating-security-request-headers).
func Sign(key ed25519.PrivateKey, body []byte, at time.Time) (signature, timestamp string) {
	timestamp = strconv.FormatInt(at.Unix(), 10)
	return hex.EncodeToString(ed25519.Sign(key, append([]byte(timestamp), body...))), timestamp
}

// NewRequest is an incoming interaction signed with key at time at, as
// httptest.NewRequest builds one for a handler.
func NewRequest(key ed25519.PrivateKey, body []byte, at time.Time) *http.Request {
	r := httptest.NewRequest(http.MethodPost, "/discord/interactions", bytes.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	sig, ts := Sign(key, body, at)
	r.Header.Set("X-Signature-Ed25519", sig)
	r.Header.Set("X-Signature-Timestamp", ts)
	return r
}

// Response is the part of an interaction response that tests read.
type Response struct {
	Type int `json:"type"`
	Data struct {
		Content string `json:"content"`
		Flags   int    `json:"flags"`
		Embeds  []struct {
			Title       string `json:"title"`
			Description string `json:"description"`
			URL         string `json:"url"`
			Color       int    `json:"color"`
			Fields      []struct {
				Name  string `json:"name"`
				Value string `json:"value"`
			} `json:"fields"`
			Footer *struct {
				Text string `json:"text"`
			} `json:"footer"`
		} `json:"embeds"`
		AllowedMentions *struct {
			Parse []string `json:"parse"`
		} `json:"allowed_mentions"`
		Components []struct {
			Components []Button `json:"components"`
		} `json:"components"`
		Choices []struct {
			Name  string `json:"name"`
			Value string `json:"value"`
		} `json:"choices"`
	} `json:"data"`
}

// Button is a component of a message.
type Button struct {
	Type     int    `json:"type"`
	Label    string `json:"label"`
	CustomID string `json:"custom_id"`
}

// DecodeResponse decodes an interaction response, failing the test when b
// is not one.
func DecodeResponse(t testing.TB, b []byte) Response {
	t.Helper()
	var r Response
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatalf("decode %s: %v", b, err)
	}
	return r
}

// Button returns the first button whose custom_id is action's
// ("<action>:<ref>"), or the zero Button.
func (r Response) Button(action string) Button {
	for _, row := range r.Data.Components {
		for _, c := range row.Components {
			if strings.HasPrefix(c.CustomID, action+":") {
				return c
			}
		}
	}
	return Button{}
}

// Text is everything a person reads in the response: content, then each
// embed's title, description, fields and footer.
func (r Response) Text() string {
	var b strings.Builder
	b.WriteString(r.Data.Content)
	for _, e := range r.Data.Embeds {
		b.WriteString("\n" + e.Title + "\n" + e.Description)
		for _, f := range e.Fields {
			b.WriteString("\n" + f.Name + "\n" + f.Value)
		}
		if e.Footer != nil {
			b.WriteString("\n" + e.Footer.Text)
		}
	}
	return b.String()
}
