package discord

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/smtpbot/smtpbot/adapters/internal/hungtest"
	"github.com/smtpbot/smtpbot/adapters/internal/metricstest"
	"github.com/smtpbot/smtpbot/adapters/internal/retry"
	"github.com/smtpbot/smtpbot/adapters/metrics"
)

// hungSession is a REST session whose API accepts every request and never
// answers until the test ends, with a client that gives up after timeout.
func hungSession(t *testing.T, timeout time.Duration) (*discordgo.Session, *atomic.Int32) {
	srv, calls := hungtest.Start(t)
	rt, err := RewriteTransport(srv.URL, nil)
	if err != nil {
		t.Fatal(err)
	}
	s, err := discordgo.New("Bot test")
	if err != nil {
		t.Fatal(err)
	}
	s.Client = &http.Client{Timeout: timeout, Transport: rt}
	return s, calls
}

func apiErrors(t *testing.T, m *metrics.Metrics, kind string) float64 {
	t.Helper()
	return metricstest.Value(t, m, `smtpbot_platform_api_errors_total{kind="`+kind+`",platform="discord"}`)
}

// TestTimedOutCallIsRetried: a REST API that accepts and never answers
// makes every attempt time out at the client; the call is retried within
// the policy and counted as a timeout.
func TestTimedOutCallIsRetried(t *testing.T) {
	s, calls := hungSession(t, 50*time.Millisecond)
	a := &Adapter{metrics: metrics.New(nil), log: slog.New(slog.DiscardHandler)}
	p := retry.Policy{Attempts: 3, Base: time.Millisecond, Max: 10 * time.Millisecond}
	hungtest.TimedOut(t, calls, 3, func(attempt func()) error {
		return a.call(context.Background(), p, "send message", func(opts ...discordgo.RequestOption) error {
			attempt()
			_, err := s.ChannelMessageSendComplex("1", &discordgo.MessageSend{Content: "x"}, opts...)
			return err
		})
	})
	if got := apiErrors(t, a.metrics, "timeout"); got != 1 {
		t.Errorf("timeout failures counted %v, want 1", got)
	}
}

// TestCanceledCallStops: the caller's own cancellation ends the call at
// once, counted as canceled.
func TestCanceledCallStops(t *testing.T) {
	s, calls := hungSession(t, time.Minute)
	a := &Adapter{metrics: metrics.New(nil), log: slog.New(slog.DiscardHandler)}
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		for calls.Load() == 0 {
			time.Sleep(time.Millisecond)
		}
		cancel()
	}()
	err := a.call(ctx, retry.Policy{Attempts: 3, Base: time.Millisecond}, "send message", func(opts ...discordgo.RequestOption) error {
		_, err := s.ChannelMessageSendComplex("1", &discordgo.MessageSend{Content: "x"}, opts...)
		return err
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err %v, want context.Canceled", err)
	}
	if got := calls.Load(); got != 1 {
		t.Errorf("%d attempts after cancellation, want 1", got)
	}
	if got := apiErrors(t, a.metrics, "canceled"); got != 1 {
		t.Errorf("canceled failures counted %v, want 1", got)
	}
}
