package slack

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	slackapi "github.com/slack-go/slack"

	"github.com/smtpbot/smtpbot/adapters/internal/metricstest"
	"github.com/smtpbot/smtpbot/adapters/internal/retry"
	"github.com/smtpbot/smtpbot/adapters/metrics"
	contract "github.com/smtpbot/smtpbot/adapters/platform"
	"github.com/smtpbot/smtpbot/adapters/slack/slacktest"
	"github.com/smtpbot/smtpbot/adapters/state"
	"github.com/smtpbot/smtpbot/bot/bottest"
	"github.com/smtpbot/smtpbot/internal/testlog"
)

const (
	testSecret   = "8f742231b10e8888abcd99yyyzzz85a5"
	testBotToken = "xoxb-test-TOKEN-must-never-be-logged"
	testBotUser  = "UBOT0001"
)

// harness is an adapter wired to a fake Slack, with its logs and metrics.
type harness struct {
	a       *Adapter
	fake    *slacktest.API
	metrics *metrics.Metrics
	logs    *testlog.Buffer
	wg      *sync.WaitGroup // background work
}

// quiet waits for the adapter's background work and requires that it
// called the fake no more.
func (h *harness) quiet(t testing.TB) {
	t.Helper()
	h.wg.Wait()
	h.fake.None(t, 0)
}

type harnessOption func(*Config)

func withLimiter(l state.Limiter) harnessOption { return func(c *Config) { c.Limiter = l } }
func withAppToken(tok string) harnessOption     { return func(c *Config) { c.AppToken = tok } }
func withoutSecret() harnessOption              { return func(c *Config) { c.SigningSecret = "" } }

func newHarness(t testing.TB, opts ...harnessOption) *harness {
	t.Helper()
	h := &harness{fake: slacktest.NewAPI(t, testBotUser), metrics: metrics.New(nil), wg: &sync.WaitGroup{}}
	var log *slog.Logger
	log, h.logs = testlog.New()
	mem := state.NewMemory(state.Rate{}, nil)
	cfg := Config{
		Services: contract.Services{
			Bot:     bottest.New(t),
			Log:     log,
			Metrics: h.metrics,
			Dedup:   mem,
			Limiter: mem,
			Go: func(f func()) {
				h.wg.Add(1)
				go func() { defer h.wg.Done(); f() }()
			},
			BaseURL: "https://smtpbot.example",
		},
		SigningSecret: testSecret,
		BotToken:      testBotToken,
		APIURL:        h.fake.APIURL(),
		Retry:         retry.Policy{Attempts: 3, Base: time.Millisecond, Max: 2 * time.Second},
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

// signed builds a request signed at the given time.
func signed(method, path, contentType string, body []byte, at time.Time) *http.Request {
	return slacktest.NewRequest(method, path, contentType, body, testSecret, at)
}

func commandForm(text, user, channel string) []byte {
	return slacktest.CommandForm(text, user, channel, "https://hooks.slack.com/commands/T1/1/x")
}

func slackCommand(text string) slackapi.SlashCommand {
	return slackapi.SlashCommand{Command: "/smtp", Text: text, UserID: "U123", ChannelID: "C123", TeamID: "T1", ResponseURL: "https://hooks.slack.com/commands/T1/1/x"}
}

// post signs body as Slack would now and hands it to handler.
func post(handler http.HandlerFunc, path, contentType string, body []byte) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	handler(rec, signed("POST", path, contentType, body, time.Now()))
	return rec
}

// command sends a signed slash command and decodes the answer.
func (h *harness) command(t testing.TB, text string) (int, map[string]any, []byte) {
	t.Helper()
	rec := post(h.a.Commands, "/slack/commands", "application/x-www-form-urlencoded", commandForm(text, "U123", "C123"))
	var out map[string]any
	if rec.Code == http.StatusOK {
		if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
			t.Fatalf("answer is not JSON: %v\n%s", err, rec.Body.String())
		}
	}
	return rec.Code, out, rec.Body.Bytes()
}

// ephemeral sends a signed slash command whose answer must come inline,
// 200 and private (ephemeral).
func (h *harness) ephemeral(t testing.TB, text string) (map[string]any, []byte) {
	t.Helper()
	status, out, raw := h.command(t, text)
	if status != http.StatusOK {
		t.Fatalf("status %d", status)
	}
	if out["response_type"] != "ephemeral" {
		t.Errorf("response_type %v, want ephemeral", out["response_type"])
	}
	return out, raw
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
	return post(h.a.Interactions, "/slack/interactions", "application/x-www-form-urlencoded", slacktest.InteractionForm(b))
}

// metric reads one sample of the adapter's metrics, 0 when absent.
func (h *harness) metric(t testing.TB, series string) float64 {
	t.Helper()
	return metricstest.Value(t, h.metrics, series)
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

// buttons maps each button's action_id to its value.
func buttons(t *testing.T, blocks any) map[string]string {
	t.Helper()
	out := map[string]string{}
	list, _ := blocks.([]any)
	for _, b := range list {
		blk := b.(map[string]any)
		if blk["type"] != "actions" {
			continue
		}
		for _, e := range blk["elements"].([]any) {
			el := e.(map[string]any)
			v, _ := el["value"].(string)
			out[el["action_id"].(string)] = v
		}
	}
	return out
}
