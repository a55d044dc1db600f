package discord_test

import (
	"bytes"
	"crypto/ed25519"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/smtpbot/smtpbot/adapters/discord"
	"github.com/smtpbot/smtpbot/adapters/discord/discordtest"
	"github.com/smtpbot/smtpbot/adapters/metrics"
	"github.com/smtpbot/smtpbot/adapters/platform"
	"github.com/smtpbot/smtpbot/adapters/state"
	"github.com/smtpbot/smtpbot/bot"
	"github.com/smtpbot/smtpbot/bot/bottest"
	"github.com/smtpbot/smtpbot/internal/testlog"
)

// testNow is the fixed clock of signature tests.
var testNow = time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)

func testBot(t testing.TB) *bot.Bot {
	t.Helper()
	return bottest.New(t)
}

// testKey is a fixed Ed25519 key pair standing in for Discord's.
func testKey() ed25519.PrivateKey {
	return ed25519.NewKeyFromSeed(bytes.Repeat([]byte{7}, ed25519.SeedSize))
}

type fixture struct {
	a       *discord.Adapter
	h       http.Handler
	key     ed25519.PrivateKey
	metrics *metrics.Metrics
	logs    *testlog.Buffer
	api     *discordtest.API // follow-ups and deferred answers
	wg      *sync.WaitGroup  // work after the responses
}

type fixtureOpt func(*discord.Config)

func withLimiter(l state.Limiter) fixtureOpt { return func(c *discord.Config) { c.Limiter = l } }

// fakeConfig is the configuration of an adapter that calls the fake REST
// API, with the test bot and metrics, logging into the buffer it returns.
func fakeConfig(t testing.TB, api *discordtest.API, m *metrics.Metrics) (discord.Config, *testlog.Buffer) {
	t.Helper()
	tr, err := discord.RewriteTransport(api.URL(), nil)
	if err != nil {
		t.Fatal(err)
	}
	log, logs := testlog.New()
	return discord.Config{
		Services:   platform.Services{Bot: testBot(t), Log: log, Metrics: m},
		HTTPClient: &http.Client{Transport: tr, Timeout: 5 * time.Second},
	}, logs
}

func newFixture(t testing.TB, opts ...fixtureOpt) *fixture {
	t.Helper()
	f := &fixture{key: testKey(), metrics: metrics.New(nil), api: discordtest.NewAPI(t), wg: &sync.WaitGroup{}}
	c, logs := fakeConfig(t, f.api, f.metrics)
	f.logs = logs
	c.Go = func(fn func()) {
		f.wg.Add(1)
		go func() { defer f.wg.Done(); fn() }()
	}
	c.BaseURL = "https://smtpbot.example"
	c.Now = func() time.Time { return testNow }
	for _, o := range opts {
		o(&c)
	}
	a, err := discord.New(c)
	if err != nil {
		t.Fatal(err)
	}
	f.a = a
	f.h = a.Interactions(f.key.Public().(ed25519.PublicKey))
	t.Cleanup(f.wg.Wait)
	return f
}

// sign builds a request signed at ts with key.
func sign(key ed25519.PrivateKey, body []byte, ts time.Time) *http.Request {
	return discordtest.NewRequest(key, body, ts)
}

// post sends a signed interaction and returns the status and body.
func (f *fixture) post(t testing.TB, interaction any) (int, []byte) {
	t.Helper()
	body, err := json.Marshal(interaction)
	if err != nil {
		t.Fatal(err)
	}
	return f.do(sign(f.key, body, testNow))
}

func (f *fixture) do(r *http.Request) (int, []byte) {
	w := httptest.NewRecorder()
	f.h.ServeHTTP(w, r)
	b, _ := io.ReadAll(w.Result().Body)
	return w.Code, b
}

// response is the part of an interaction response the tests read.
type response = discordtest.Response

func decode(t testing.TB, b []byte) response { t.Helper(); return discordtest.DecodeResponse(t, b) }

// opt is a command option in an interaction payload.
func opt(name string, value any) map[string]any {
	return map[string]any{"name": name, "type": 3, "value": value}
}

func focusedOpt(name string, value any) map[string]any {
	o := opt(name, value)
	o["focused"] = true
	return o
}

// command is a /smtp interaction with one subcommand.
func command(itype int, locale, sub string, opts ...map[string]any) map[string]any {
	if opts == nil {
		opts = []map[string]any{}
	}
	return map[string]any{
		"id": "I1", "application_id": "A1", "type": itype, "token": "interaction-token",
		"version": 1, "guild_id": "G1", "channel_id": "C1", "locale": locale,
		"member": map[string]any{"user": map[string]any{"id": "U1", "username": "ana", "global_name": "Ana"}, "nick": ""},
		"data": map[string]any{"id": "CMD1", "name": "smtp", "type": 1,
			"options": []any{map[string]any{"name": sub, "type": 1, "options": opts}}},
	}
}

func button(customID, locale string) map[string]any {
	return map[string]any{
		"id": "I2", "application_id": "A1", "type": 3, "token": "interaction-token-2",
		"version": 1, "guild_id": "G1", "channel_id": "C1", "locale": locale,
		"member":  map[string]any{"user": map[string]any{"id": "U2", "username": "binh", "global_name": "Bình"}, "nick": ""},
		"message": map[string]any{"id": "M9", "flags": 64},
		"data":    map[string]any{"custom_id": customID, "component_type": 2},
	}
}

func counter(t testing.TB, m *metrics.Metrics, name string, labels ...string) float64 {
	t.Helper()
	mfs, err := m.Registry().Gather()
	if err != nil {
		t.Fatal(err)
	}
	total := 0.0
	for _, mf := range mfs {
		if mf.GetName() != name {
			continue
		}
	next:
		for _, mm := range mf.GetMetric() {
			for i := 0; i+1 < len(labels); i += 2 {
				found := false
				for _, lp := range mm.GetLabel() {
					if lp.GetName() == labels[i] && lp.GetValue() == labels[i+1] {
						found = true
					}
				}
				if !found {
					continue next
				}
			}
			switch {
			case mm.GetCounter() != nil:
				total += mm.GetCounter().GetValue()
			case mm.GetGauge() != nil:
				total += mm.GetGauge().GetValue()
			}
		}
	}
	return total
}
