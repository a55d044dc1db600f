package slack

import (
	"bytes"
	"errors"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	slackapi "github.com/slack-go/slack"

	"github.com/smtpbot/smtpbot/adapters/internal/bodytest"
	contract "github.com/smtpbot/smtpbot/adapters/platform"
	"github.com/smtpbot/smtpbot/bot/bottest"
)

// TestSignKnownAnswer checks Sign against a request Slack signed (the
// vector slack-go tests its own verifier with).
func TestSignKnownAnswer(t *testing.T) {
	body := `{"token":"aF5ynEYQH0dFN9imlgcADxDB","team_id":"XXXXXXXXX","api_app_id":"YYYYYYYYY","event":{"type":"app_mention","user":"AAAAAAAAA","text":"<@EEEEEEEEE> hello world","client_msg_id":"477cc591-ch73-a14z-4db8-g0cd76321bec","ts":"1531431954.000073","channel":"TTTTTTTTT","event_ts":"1531431954.000073"},"type":"event_callback","event_id":"TvBP7LRED7","event_time":1531431954,"authed_users":["EEEEEEEEE"]}`
	got := Sign([]byte("e6b19c573432dcc6b075501d51b51bb8"), "1531431954", []byte(body))
	if want := "v0=adada4ed31709aef585c2580ca3267678c6a8eaeb7e0c1aca3ee57b656886b2c"; got != want {
		t.Fatalf("Sign = %s, want %s", got, want)
	}
}

// TestSignAgreesWithSlackGo cross-checks with an independent implementation.
func TestSignAgreesWithSlackGo(t *testing.T) {
	for _, body := range []string{"", "text=252+vs+552", "{\"type\":\"x\"}", strings.Repeat("é", 1000)} {
		ts := strconv.FormatInt(time.Now().Unix(), 10)
		h := http.Header{}
		h.Set("X-Slack-Request-Timestamp", ts)
		h.Set("X-Slack-Signature", Sign([]byte(testSecret), ts, []byte(body)))
		v, err := slackapi.NewSecretsVerifier(h, testSecret)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = v.Write([]byte(body))
		if err := v.Ensure(); err != nil {
			t.Errorf("slack-go rejects our signature of %q: %v", body, err)
		}
	}
}

func TestVerification(t *testing.T) {
	h := newHarness(t)
	good := commandForm("252 vs 552", "U123", "C123")
	now := time.Now()
	ts := strconv.FormatInt(now.Unix(), 10)
	big := commandForm(strings.Repeat("5", MaxBody), "U123", "C123")
	atLimit := commandForm("252 vs 552 "+strings.Repeat("x", MaxBody-len(good)-20), "U123", "C123")
	if len(atLimit) > MaxBody {
		t.Fatalf("atLimit is %d bytes, over the limit", len(atLimit))
	}
	for _, c := range []struct {
		name   string
		req    func() *http.Request
		status int
	}{
		{"valid", func() *http.Request { return signed("POST", "/", "", good, now) }, 200},
		{"valid 4 minutes old", func() *http.Request { return signed("POST", "/", "", good, now.Add(-4*time.Minute)) }, 200},
		{"body just under the limit", func() *http.Request { return signed("POST", "/", "", atLimit, now) }, 200},
		{"no headers", func() *http.Request { return httptest.NewRequest("POST", "/", bytes.NewReader(good)) }, 401},
		{"no signature", func() *http.Request {
			r := signed("POST", "/", "", good, now)
			r.Header.Del("X-Slack-Signature")
			return r
		}, 401},
		{"no timestamp", func() *http.Request {
			r := signed("POST", "/", "", good, now)
			r.Header.Del("X-Slack-Request-Timestamp")
			return r
		}, 401},
		{"stale: 6 minutes old", func() *http.Request { return signed("POST", "/", "", good, now.Add(-6*time.Minute)) }, 401},
		{"from the future: 6 minutes ahead", func() *http.Request { return signed("POST", "/", "", good, now.Add(6*time.Minute)) }, 401},
		{"timestamp not a number", func() *http.Request {
			r := signed("POST", "/", "", good, now)
			r.Header.Set("X-Slack-Request-Timestamp", "soon")
			return r
		}, 401},
		{"forged signature", func() *http.Request {
			r := signed("POST", "/", "", good, now)
			r.Header.Set("X-Slack-Signature", Sign([]byte("not the secret"), ts, good))
			return r
		}, 401},
		{"signature of another body", func() *http.Request {
			r := signed("POST", "/", "", good, now)
			r.Body = httptestBody(bytes.Replace(good, []byte("552"), []byte("550"), 1))
			return r
		}, 401},
		{"signature of another timestamp", func() *http.Request {
			r := signed("POST", "/", "", good, now)
			r.Header.Set("X-Slack-Request-Timestamp", strconv.FormatInt(now.Unix()-1, 10))
			return r
		}, 401},
		{"unknown version", func() *http.Request {
			r := signed("POST", "/", "", good, now)
			r.Header.Set("X-Slack-Signature", strings.Replace(r.Header.Get("X-Slack-Signature"), "v0=", "v1=", 1))
			return r
		}, 401},
		{"signature not hex", func() *http.Request {
			r := signed("POST", "/", "", good, now)
			r.Header.Set("X-Slack-Signature", "v0=zz")
			return r
		}, 401},
		{"oversized, signed", func() *http.Request { return signed("POST", "/", "", big, now) }, 413},
		{"oversized, no length given", func() *http.Request {
			r := signed("POST", "/", "", big, now)
			r.ContentLength = -1
			return r
		}, 413},
	} {
		t.Run(c.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			h.a.Commands(rec, c.req())
			if rec.Code != c.status {
				t.Fatalf("status %d, want %d; body %q", rec.Code, c.status, rec.Body.String())
			}
			if c.status != 200 && rec.Body.Len() != 0 {
				t.Errorf("refusal has a body: %q", rec.Body.String())
			}
		})
	}
}

func httptestBody(b []byte) *readCloser { return &readCloser{bytes.NewReader(b)} }

type readCloser struct{ *bytes.Reader }

func (readCloser) Close() error { return nil }

// TestEveryEndpointVerifies sends forged requests to all three endpoints.
func TestEveryEndpointVerifies(t *testing.T) {
	h := newHarness(t)
	for name, handler := range map[string]http.HandlerFunc{"commands": h.a.Commands, "events": h.a.Events, "interactions": h.a.Interactions} {
		for _, body := range []string{`{"type":"url_verification","challenge":"c"}`, "payload=%7B%7D", "command=%2Fsmtp&user_id=U1&text=help"} {
			r := signed("POST", "/", "", []byte(body), time.Now())
			r.Header.Set("X-Slack-Signature", "v0="+strings.Repeat("0", 64))
			rec := httptest.NewRecorder()
			handler(rec, r)
			if rec.Code != http.StatusUnauthorized || rec.Body.Len() != 0 {
				t.Errorf("%s accepted a forged %q: %d %q", name, body, rec.Code, rec.Body.String())
			}
		}
	}
	h.fake.None(t, 0)
}

// TestSocketOnlyRefusesHTTP: without a signing secret nothing over HTTP can
// be authenticated, so everything is refused.
func TestSocketOnlyRefusesHTTP(t *testing.T) {
	h := newHarness(t, withoutSecret(), withAppToken("xapp-1-test"))
	rec := httptest.NewRecorder()
	h.a.Commands(rec, signed("POST", "/", "", commandForm("help", "U1", "C1"), time.Now()))
	if rec.Code != http.StatusUnauthorized {
		t.Fatalf("status %d, want 401", rec.Code)
	}
}

func TestNewRefusesBadConfig(t *testing.T) {
	b := bottest.New(t)
	withBot := contract.Services{Bot: b}
	for _, c := range []Config{
		{BotToken: "xoxb-1", SigningSecret: "s"},                                        // no bot
		{Services: withBot, SigningSecret: "s"},                                         // no bot token
		{Services: withBot, BotToken: "xoxb-1"},                                         // neither secret nor app token
		{Services: withBot, BotToken: "xapp-1", SigningSecret: "s"},                     // tokens swapped
		{Services: withBot, BotToken: "xoxb-1", AppToken: "xoxb-2"},                     // app token is not one
		{Services: withBot, BotToken: "xoxb-1", SigningSecret: "s", APIURL: "ftp://x/"}, // not http
		{Services: withBot, BotToken: "xoxb-1", SigningSecret: "s", APIURL: "::"},       // not a URL
	} {
		if _, err := New(c); err == nil {
			t.Errorf("New(%+v) accepted a bad configuration", c)
		} else if !errors.Is(err, ErrConfig) {
			t.Errorf("New(%+v) = %v, want ErrConfig", c, err)
		}
	}
}

// TestIdentify: auth.test teaches the bot its own ID and makes it ready; a
// rejected token keeps it unready with the reason, without retrying forever.
func TestIdentify(t *testing.T) {
	h := newHarness(t)
	if !errors.Is(h.a.Ready(), errNotIdentified) {
		t.Fatalf("ready before auth.test: %v", h.a.Ready())
	}
	h.fake.FailNext("auth.test", http.StatusServiceUnavailable, "")
	if err := h.a.Identify(t.Context()); err != nil {
		t.Fatal(err)
	}
	if h.a.Ready() != nil || h.a.self() != testBotUser {
		t.Fatalf("after auth.test: ready %v, self %q", h.a.Ready(), h.a.self())
	}

	bad := newHarness(t)
	bad.fake.FailNext("auth.test", http.StatusUnauthorized, "")
	if err := bad.a.Identify(t.Context()); err == nil {
		t.Fatal("a rejected token was accepted")
	}
	if err := bad.a.Ready(); err == nil || !strings.Contains(err.Error(), "rejected") {
		t.Errorf("Ready = %v, want the rejection", err)
	}
}

// TestDeclaredTooLarge: on every endpoint, a request declaring 100 MiB and
// sending 1 KiB is answered 413 at once, signed or not.
func TestDeclaredTooLarge(t *testing.T) {
	h := newHarness(t)
	for path, handler := range map[string]http.HandlerFunc{
		"/slack/commands": h.a.Commands, "/slack/events": h.a.Events, "/slack/interactions": h.a.Interactions,
	} {
		for _, stale := range []bool{false, true} {
			at := time.Now()
			if stale {
				at = at.Add(-time.Hour)
			}
			r := signed(http.MethodPost, path, "application/x-www-form-urlencoded", []byte("x"), at)
			if got := bodytest.Probe(t, handler, http.MethodPost, path, r.Header); got != http.StatusRequestEntityTooLarge {
				t.Errorf("%s (stale signature %v): status %d, want 413", path, stale, got)
			}
		}
	}
}
