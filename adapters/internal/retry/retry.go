// Package retry calls platform APIs again after rate limits and server
// errors, with bounded exponential backoff and jitter. It knows nothing of
// any platform: callers classify their own errors with Temporary.
package retry

import (
	"context"
	"errors"
	"math/rand/v2"
	"time"
)

// Policy bounds the retries.
type Policy struct {
	Attempts int           // total attempts, at least 1
	Base     time.Duration // first backoff
	Max      time.Duration // cap for one wait, including Retry-After
}

// Default suits chat APIs: answers must arrive within seconds, not minutes.
func Default() Policy {
	return Policy{Attempts: 4, Base: 200 * time.Millisecond, Max: 10 * time.Second}
}

// TemporaryError marks an error worth retrying, optionally after a delay
// the server asked for (HTTP 429 Retry-After).
type TemporaryError struct {
	Err        error
	RetryAfter time.Duration
}

func (e *TemporaryError) Error() string { return e.Err.Error() }
func (e *TemporaryError) Unwrap() error { return e.Err }

// Temporary wraps err as retryable.
func Temporary(err error, after time.Duration) error {
	return &TemporaryError{Err: err, RetryAfter: after}
}

// Do runs op until it succeeds, returns a non-temporary error, the attempts
// run out, or ctx ends. onRetry, if set, is called before each wait (for
// logging and metrics).
func (p Policy) Do(ctx context.Context, op func(context.Context) error, onRetry func(attempt int, wait time.Duration, err error)) error {
	if p.Attempts < 1 {
		p.Attempts = 1
	}
	var err error
	for attempt := 1; ; attempt++ {
		err = op(ctx)
		var te *TemporaryError
		if err == nil || !errors.As(err, &te) || attempt >= p.Attempts {
			return err
		}
		wait := p.backoff(attempt)
		if te.RetryAfter > 0 {
			wait = te.RetryAfter
		}
		if p.Max > 0 && wait > p.Max {
			wait = p.Max
		}
		if onRetry != nil {
			onRetry(attempt, wait, err)
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return errors.Join(err, ctx.Err())
		case <-t.C:
		}
	}
}

// backoff is exponential with full jitter in [d/2, d].
func (p Policy) backoff(attempt int) time.Duration {
	d := p.Base << (attempt - 1)
	if p.Max > 0 && d > p.Max {
		d = p.Max
	}
	if d <= 0 {
		return 0
	}
	return d/2 + time.Duration(rand.Int64N(int64(d/2)+1))
}
