package main

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/smtpbot/smtpbot/adapters/metrics"
	"github.com/smtpbot/smtpbot/adapters/redisstate"
	"github.com/smtpbot/smtpbot/adapters/state"
)

// redisSettings say where the shared state lives, from the environment:
//
//	REDIS_URL              redis://… : share dedup, rate limits and the questions behind buttons between replicas
//	SMTPBOT_REDIS_PREFIX   key prefix in Redis
//	SMTPBOT_REDIS_TIMEOUT  time limit of one Redis call
type redisSettings struct {
	url, prefix string
	timeout     time.Duration
}

func redisEnv(getenv env) (redisSettings, error) {
	c := redisSettings{url: getenv("REDIS_URL"), prefix: getenv("SMTPBOT_REDIS_PREFIX"), timeout: redisstate.DefaultTimeout}
	if v := getenv("SMTPBOT_REDIS_TIMEOUT"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 || d > 2*time.Second {
			return c, fmt.Errorf("%w: SMTPBOT_REDIS_TIMEOUT %q: want a duration such as 100ms, above 0 and at most 2s", errUsage, v)
		}
		c.timeout = d
	}
	return c, nil
}

// sharedState is the event dedup and the per-user and per-channel rate
// limits every platform asks.
type sharedState struct {
	dedup   state.Deduper
	limiter state.Limiter
	refs    state.Refs                  // the questions behind chat buttons
	watch   func(context.Context) error // nil, or a connection to keep
	status  func() string               // nil, or a note for /readyz
	summary string
}

// newState keeps the shared state in memory, or in Redis when REDIS_URL
// is set, so that several replicas answer each event once and share one
// limit. Memory is right for a single replica.
//
// Redis being down never makes the bot unready: every replica would go
// unready at once and the Service would have no endpoints, turning a
// degraded bot (possible duplicate answers, looser limits) into a silent
// one. The Redis state is reported instead in the start-up summary, the
// logs, smtpbot_connected{platform="redis"} and a note on /readyz.
func newState(cfg serveConfig, log *slog.Logger, m *metrics.Metrics) (sharedState, error) {
	if cfg.redis.url == "" {
		// Dedup keys, user buckets and channel buckets share --state-memory.
		users := state.NewMemorySized(cfg.user, nil, cfg.stateMemory/3)
		return sharedState{
			dedup:   users,
			refs:    users,
			limiter: scopedLimiter{user: users, channel: state.NewMemorySized(cfg.channel, nil, cfg.stateMemory/3), userRate: cfg.user},
			summary: "redis: off (REDIS_URL not set; dedup and rate limits in memory, right for one replica)",
		}, nil
	}
	log = log.With("component", "redis")
	store, err := redisstate.New(redisstate.Options{
		URL:     cfg.redis.url,
		Prefix:  cfg.redis.prefix,
		Timeout: cfg.redis.timeout,
		Log:     log,
		Metrics: m,
	})
	if err != nil {
		return sharedState{}, fmt.Errorf("serve: %w", err)
	}
	// go-redis has one process-wide logger and writes to stderr with the
	// standard log package by default; send it to ours, at debug, since
	// Store already reports failures once at warn.
	redis.SetLogger(redisLogger{log})
	// The client is not closed at shutdown: answers still in flight after
	// the runners stop may use it, and the process exits right after.
	return sharedState{
		dedup: store,
		refs:  store,
		// The same rates as in memory, now shared: user and channel keys
		// differ, so the two limiters can share one store.
		limiter: scopedLimiter{user: store.Limiter(cfg.user), channel: store.Limiter(cfg.channel), userRate: cfg.user},
		watch:   store.Watch,
		status:  store.Status,
		summary: fmt.Sprintf("redis: on (%s, timeout %v; dedup and rate limits shared across replicas, failing open if Redis is down)",
			store.Addr(), cfg.redis.timeout),
	}, nil
}

// redisLogger adapts go-redis's internal logger to slog.
type redisLogger struct{ log *slog.Logger }

func (l redisLogger) Printf(ctx context.Context, format string, v ...any) {
	l.log.DebugContext(ctx, fmt.Sprintf(format, v...))
}
