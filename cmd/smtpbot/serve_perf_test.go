package main

import (
	"context"
	"testing"
	"time"

	"github.com/smtpbot/smtpbot/adapters/state"
)

type remoteLimiter struct{}

func (remoteLimiter) Allow(context.Context, string) (bool, error) { return true, nil }

// The guard skips its per-call timeout only when both limiters say they
// do no I/O; a Redis limiter must keep it.
func TestScopedLimiterInProcess(t *testing.T) {
	mem := state.NewMemory(state.Rate{PerMinute: 1, Burst: 1}, time.Now)
	if !state.IsInProcess(scopedLimiter{user: mem, channel: mem}) {
		t.Error("two memory limiters: want in-process")
	}
	if state.IsInProcess(scopedLimiter{user: mem, channel: remoteLimiter{}}) {
		t.Error("a remote channel limiter: want not in-process")
	}
}
