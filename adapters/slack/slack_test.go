package slack

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	slackapi "github.com/slack-go/slack"

	"github.com/smtpbot/smtpbot/adapters/internal/hungtest"
)

// TestTimedOutCallIsRetried: a Web API that accepts and never answers makes
// every attempt time out at the client; each attempt is retried within the
// policy and counted as a timeout, not as the caller's cancellation.
func TestTimedOutCallIsRetried(t *testing.T) {
	srv, calls := hungtest.Start(t)
	h := newHarness(t, func(c *Config) {
		c.APIURL = srv.URL + "/api/"
		c.HTTPClient = &http.Client{Timeout: 50 * time.Millisecond}
	})
	hungtest.TimedOut(t, calls, 3, func(attempt func()) error {
		return h.a.call(context.Background(), "chat.postMessage", func(ctx context.Context) error {
			attempt()
			_, _, err := h.a.api.PostMessageContext(ctx, "C1", slackapi.MsgOptionText("x", false))
			return err
		})
	})
	if got := h.metric(t, `smtpbot_platform_api_errors_total{kind="timeout",platform="slack"}`); got != 3 {
		t.Errorf("timeout errors counted %v, want 3", got)
	}
	if got := h.metric(t, `smtpbot_platform_api_errors_total{kind="canceled",platform="slack"}`); got != 0 {
		t.Errorf("canceled errors counted %v, want 0", got)
	}
}

// TestCanceledCallStops: the caller's own cancellation ends the call at
// once, without another attempt.
func TestCanceledCallStops(t *testing.T) {
	srv, calls := hungtest.Start(t)
	h := newHarness(t, func(c *Config) {
		c.APIURL = srv.URL + "/api/"
		c.HTTPClient = &http.Client{Timeout: time.Minute}
	})
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		for calls.Load() == 0 {
			time.Sleep(time.Millisecond)
		}
		cancel()
	}()
	err := h.a.call(ctx, "chat.postMessage", func(ctx context.Context) error {
		_, _, err := h.a.api.PostMessageContext(ctx, "C1", slackapi.MsgOptionText("x", false))
		return err
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err %v, want context.Canceled", err)
	}
	if got := calls.Load(); got != 1 {
		t.Errorf("%d attempts after cancellation, want 1", got)
	}
	if got := h.metric(t, `smtpbot_platform_api_errors_total{kind="canceled",platform="slack"}`); got != 1 {
		t.Errorf("canceled errors counted %v, want 1", got)
	}
}
