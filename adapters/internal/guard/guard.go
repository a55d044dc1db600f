// Package guard asks the shared state (package state) whether one incoming
// question may be answered: is the event new (deduplication), and are its
// user and channel within their rate limits. The chat adapters share it so
// that they fail the same way: every lookup is bounded by a short timeout,
// and a failing or slow store lets the question through (a duplicate or an
// extra answer is a smaller harm than a silent bot), counted and logged.
//
// It also spaces the notes telling a refused user to slow down (NoticeDue),
// so that every platform says it as often, and a flood of questions does
// not become a flood of notes. What the note says is the core's
// (bot.Note); how it looks is the platform's.
package guard

import (
	"context"
	"log/slog"
	"time"

	"github.com/smtpbot/smtpbot/adapters/metrics"
	"github.com/smtpbot/smtpbot/adapters/state"
)

// DefaultTimeout bounds one lookup: shared state (Redis) must never make an
// answer miss the platforms' 3 seconds.
const DefaultTimeout = 500 * time.Millisecond

// Guard applies the state to one platform's questions. The zero value of
// every field but Platform is usable: nil Dedup treats every key as new,
// nil Limiter limits nothing, nil Log discards, nil Metrics counts nothing,
// zero Timeout means DefaultTimeout.
type Guard struct {
	Platform string // metrics label and key prefix: "slack", "discord"
	Dedup    state.Deduper
	Limiter  state.Limiter
	Metrics  *metrics.Metrics
	Log      *slog.Logger
	Timeout  time.Duration
}

// New is the guard every chat adapter builds from its configuration. A nil
// dedup becomes a small in-memory one, so that an adapter given no store
// still answers each event once, whichever platform it serves.
func New(platform string, dedup state.Deduper, limiter state.Limiter, m *metrics.Metrics, log *slog.Logger) Guard {
	if dedup == nil {
		dedup = state.NewMemory(state.Rate{}, nil)
	}
	return Guard{Platform: platform, Dedup: dedup, Limiter: limiter, Metrics: m, Log: log}
}

// First reports whether key is seen for the first time, recording it for
// ttl. A failing store answers true.
func (g Guard) First(ctx context.Context, key string, ttl time.Duration) bool {
	if g.Dedup == nil {
		return true
	}
	ctx, cancel := g.bound(ctx, g.Dedup)
	defer cancel()
	ok, err := g.Dedup.First(ctx, key, ttl)
	if err != nil {
		g.Metrics.StateError("dedup")
		g.log().Warn("dedup store failed; answering anyway", "platform", g.Platform, "err", err)
		return true
	}
	return ok
}

// Forget drops key, so that the action it claimed can be tried again. A
// failing store is logged; the key then lives out its TTL.
func (g Guard) Forget(ctx context.Context, key string) {
	if g.Dedup == nil {
		return
	}
	ctx, cancel := g.bound(ctx, g.Dedup)
	defer cancel()
	if err := g.Dedup.Forget(ctx, key); err != nil {
		g.Metrics.StateError("dedup")
		g.log().Warn("dedup store failed to forget a key", "platform", g.Platform, "err", err)
	}
}

// Refused applies the per-user and per-channel limits (keys
// "<platform>:user:<id>" and "<platform>:channel:<id>"; an empty ID is not
// limited). It returns the scope that refused, "user" or "channel", or ""
// when the question may be answered. A failing store lets it through.
func (g Guard) Refused(ctx context.Context, userID, channelID string) string {
	if g.Limiter == nil {
		return ""
	}
	ctx, cancel := g.bound(ctx, g.Limiter)
	defer cancel()
	for _, k := range [...]struct{ scope, id string }{{"user", userID}, {"channel", channelID}} {
		if k.id == "" {
			continue
		}
		ok, err := g.Limiter.Allow(ctx, g.Platform+":"+k.scope+":"+k.id)
		if err != nil {
			g.Metrics.StateError("limit")
			g.log().Warn("rate limiter failed; letting the request through", "platform", g.Platform, "err", err)
			continue
		}
		if !ok {
			g.Metrics.RateLimited(g.Platform, k.scope)
			return k.scope
		}
	}
	return ""
}

// NoticeSpacing is the least time between two rate-limit notes to one
// user: the note asks to wait a few seconds.
const NoticeSpacing = 10 * time.Second

// NoticeDue reports whether a user refused by the rate limits should be
// told so now: at most once per NoticeSpacing (key
// "<platform>:notice:<id>"). A reply the platform needs anyway (a slash
// command's) is the note every time instead. A failing store answers true.
func (g Guard) NoticeDue(ctx context.Context, userID string) bool {
	return g.First(ctx, g.Platform+":notice:"+userID, NoticeSpacing)
}

// bound gives calls to store the lookup timeout, unless the store answers
// from memory (state.InProcess), where a deadline could never fire and
// would cost a timer per question.
func (g Guard) bound(ctx context.Context, store any) (context.Context, context.CancelFunc) {
	if state.IsInProcess(store) {
		return ctx, func() {}
	}
	return context.WithTimeout(ctx, g.timeout())
}

func (g Guard) timeout() time.Duration {
	if g.Timeout > 0 {
		return g.Timeout
	}
	return DefaultTimeout
}

func (g Guard) log() *slog.Logger {
	if g.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return g.Log
}
