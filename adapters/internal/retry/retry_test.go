package retry

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestDoRetriesTemporaryThenSucceeds(t *testing.T) {
	p := Policy{Attempts: 4, Base: time.Millisecond, Max: 5 * time.Millisecond}
	calls, retries := 0, 0
	err := p.Do(t.Context(), func(context.Context) error {
		calls++
		if calls < 3 {
			return Temporary(errors.New("429"), time.Millisecond)
		}
		return nil
	}, func(int, time.Duration, error) { retries++ })
	if err != nil || calls != 3 || retries != 2 {
		t.Fatalf("err=%v calls=%d retries=%d, want nil 3 2", err, calls, retries)
	}
}

func TestDoStopsOnPermanentError(t *testing.T) {
	p := Policy{Attempts: 4, Base: time.Millisecond}
	perm := errors.New("invalid_auth")
	calls := 0
	err := p.Do(t.Context(), func(context.Context) error { calls++; return perm }, nil)
	if !errors.Is(err, perm) || calls != 1 {
		t.Fatalf("err=%v calls=%d, want invalid_auth after 1 call", err, calls)
	}
}

func TestDoGivesUpAfterAttempts(t *testing.T) {
	p := Policy{Attempts: 3, Base: time.Millisecond, Max: time.Millisecond}
	calls := 0
	err := p.Do(t.Context(), func(context.Context) error { calls++; return Temporary(errors.New("503"), 0) }, nil)
	var te *TemporaryError
	if !errors.As(err, &te) || calls != 3 {
		t.Fatalf("err=%v calls=%d, want a temporary error after 3 calls", err, calls)
	}
}

func TestDoCapsRetryAfterAndHonoursContext(t *testing.T) {
	p := Policy{Attempts: 5, Base: time.Millisecond, Max: time.Hour}
	ctx, cancel := context.WithCancel(t.Context())
	var waited time.Duration
	err := p.Do(ctx, func(context.Context) error { return Temporary(errors.New("429"), 42*time.Second) },
		func(_ int, wait time.Duration, _ error) { waited = wait; cancel() })
	if !errors.Is(err, context.Canceled) || waited != 42*time.Second {
		t.Fatalf("err=%v waited=%v, want canceled after a 42s Retry-After", err, waited)
	}
}
