package discord

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/smtpbot/smtpbot/adapters/discord/discordtest"
	"github.com/smtpbot/smtpbot/adapters/internal/retry"
	"github.com/smtpbot/smtpbot/adapters/platform"
	"github.com/smtpbot/smtpbot/bot/bottest"
	"github.com/smtpbot/smtpbot/responses"
)

func TestVerify(t *testing.T) {
	t.Parallel()
	priv := ed25519.NewKeyFromSeed(bytes.Repeat([]byte{3}, ed25519.SeedSize))
	pub := priv.Public().(ed25519.PublicKey)
	now := time.Unix(1_700_000_000, 0)
	body := []byte(`{"type":1}`)
	signAt := func(ts time.Time, b []byte) (string, string) { return discordtest.Sign(priv, b, ts) }
	sig, ts := signAt(now, body)
	oldSig, oldTS := signAt(now.Add(-MaxSkew-time.Second), body)
	tests := []struct {
		name    string
		sig, ts string
		body    []byte
		want    error
	}{
		{"good", sig, ts, body, nil},
		{"no signature", "", ts, body, ErrNoSignature},
		{"no timestamp", sig, "", body, ErrNoSignature},
		{"short signature", sig[:20], ts, body, ErrBadSignature},
		{"not hex", strings.Repeat("z", 128), ts, body, ErrBadSignature},
		{"other body", sig, ts, []byte(`{"type":2}`), ErrBadSignature},
		{"other timestamp", sig, strconv.FormatInt(now.Unix()+1, 10), body, ErrBadSignature},
		{"stale", oldSig, oldTS, body, ErrStaleTimestamp},
	}
	for _, tt := range tests {
		if err := Verify(pub, tt.sig, tt.ts, tt.body, now); !errors.Is(err, tt.want) {
			t.Errorf("%s: %v, want %v", tt.name, err, tt.want)
		}
	}
}

func TestParsePublicKey(t *testing.T) {
	t.Parallel()
	good := strings.Repeat("ab", 32)
	if k, err := ParsePublicKey(" " + good + "\n"); err != nil || len(k) != 32 {
		t.Errorf("ParsePublicKey(good) = %x, %v", k, err)
	}
	for _, bad := range []string{"", "abc", strings.Repeat("ab", 31), strings.Repeat("zz", 32)} {
		if _, err := ParsePublicKey(bad); !errors.Is(err, ErrConfig) {
			t.Errorf("ParsePublicKey(%q) = %v, want ErrConfig", bad, err)
		}
	}
}

func TestRefs(t *testing.T) {
	t.Parallel()
	a, err := New(Config{Services: platform.Services{Bot: bottest.New(t)}})
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	if short := a.refs.Make(ctx, "vi", "252 vs 552"); short != "vi:252 vs 552" {
		t.Errorf("short question: %q", short)
	}
	long := strings.Repeat("550 5.1.1 no such user here ", 20)
	id := a.refs.Make(ctx, "en", long)
	if n := len([]rune(responses.DiscordCustomID(responses.DetailsActionID, id))); n > responses.DiscordMaxCustomID {
		t.Errorf("custom_id of %d characters", n)
	}
	if id2 := a.refs.Make(ctx, "en", long); id2 != id {
		t.Errorf("same question, different ids: %q %q", id, id2)
	}
	for _, q := range []string{"252 vs 552", long, "#1", "a:b:c"} {
		lang, text, ok := a.refs.Get(ctx, a.refs.Make(ctx, "en", q))
		if !ok || lang != "en" || text != q {
			t.Errorf("round trip of %q: %q %q %v", q, lang, text, ok)
		}
	}
	if p := a.refs.Public(ctx, "en", "550 <bob@example.com>"); strings.Contains(p, "bob") {
		t.Errorf("public ref %q carries the question", p)
	}
	for _, bad := range []string{"", "#", "#nosuchkey", "en"} {
		if _, _, ok := a.refs.Get(ctx, bad); ok {
			t.Errorf("refs.Get(%q) accepted", bad)
		}
	}
}

func TestClassify(t *testing.T) {
	t.Parallel()
	restErr := func(status int, body string) error {
		req, _ := http.NewRequest(http.MethodPost, "https://discord.com/api/v9/interactions/1/SECRET-TOKEN/callback", nil)
		resp := &http.Response{StatusCode: status, Status: strconv.Itoa(status), Header: http.Header{}, Request: req}
		if status == 429 {
			resp.Header.Set("Retry-After", "1.5")
		}
		e := &discordgo.RESTError{Request: req, Response: resp, ResponseBody: []byte(body)}
		if body != "" {
			e.Message = &discordgo.APIErrorMessage{Code: 10062, Message: "Unknown interaction"}
		}
		return e
	}
	tests := []struct {
		name      string
		err       error
		temporary bool
		kind      string
		after     time.Duration
	}{
		{"rate limit", &discordgo.RateLimitError{RateLimit: &discordgo.RateLimit{TooManyRequests: &discordgo.TooManyRequests{RetryAfter: 2 * time.Second}, URL: "https://discord.com/api/v9/interactions/1/SECRET-TOKEN/callback"}}, true, "429", 2 * time.Second},
		{"429 as REST error", restErr(429, ""), true, "429", 1500 * time.Millisecond},
		{"503", restErr(503, ""), true, "5xx", 0},
		{"404", restErr(404, `{"code":10062}`), false, "4xx", 0},
		{"network", &url.Error{Op: "Post", URL: "https://discord.com/api/v9/interactions/1/SECRET-TOKEN/callback", Err: errors.New("connection refused")}, true, "network", 0},
		{"502 after discordgo's retries", errors.New("Exceeded Max retries HTTP 502 Bad Gateway"), true, "other", 0},
		{"decode", fmt.Errorf("%w: bad", discordgo.ErrJSONUnmarshal), false, "decode", 0},
	}
	for _, tt := range tests {
		err := classify(context.Background(), tt.err)
		var te *retry.TemporaryError
		if got := errors.As(err, &te); got != tt.temporary {
			t.Errorf("%s: temporary %v, want %v", tt.name, got, tt.temporary)
		}
		if te != nil && te.RetryAfter != tt.after {
			t.Errorf("%s: retry after %v, want %v", tt.name, te.RetryAfter, tt.after)
		}
		var ae *APIError
		if !errors.As(err, &ae) || ae.Kind != tt.kind {
			t.Errorf("%s: %v, want kind %s", tt.name, err, tt.kind)
		}
		if strings.Contains(err.Error(), "SECRET-TOKEN") {
			t.Errorf("%s: error shows the interaction token: %v", tt.name, err)
		}
	}
}

func TestRewriteTransport(t *testing.T) {
	t.Parallel()
	var got *http.Request
	next := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		got = r
		return &http.Response{StatusCode: 204, Body: http.NoBody, Request: r}, nil
	})
	rt, err := RewriteTransport("http://127.0.0.1:9999", next)
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest(http.MethodGet, "https://discord.com/api/v9/gateway?x=1", nil)
	if _, err := rt.RoundTrip(req); err != nil {
		t.Fatal(err)
	}
	if got.URL.String() != "http://127.0.0.1:9999/api/v9/gateway?x=1" {
		t.Errorf("rewritten to %s", got.URL)
	}
	if req.URL.Host != "discord.com" {
		t.Error("the caller's request was changed")
	}
	for _, bad := range []string{"", "127.0.0.1:80", "ftp://x", "http://"} {
		if _, err := RewriteTransport(bad, nil); err == nil {
			t.Errorf("RewriteTransport(%q) accepted", bad)
		}
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
