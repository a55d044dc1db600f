package main

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/smtpbot/smtpbot/adapters/redisstate"
)

// useRedis moves the shared state (event dedup, per-user and per-channel
// rate limits) to Redis when REDIS_URL is set, so that several replicas
// answer each event once and share one limit. Without REDIS_URL the state
// stays in memory, which is right for a single replica. It must run before
// the adapters mount, since they capture s.dedup and s.limiter.
//
// Redis being down never makes the bot unready: every replica would go
// unready at once and the Service would have no endpoints, turning a
// degraded bot (possible duplicate answers, looser limits) into a silent
// one. The Redis state is reported instead in the start-up summary, the
// logs, smtpbot_connected{platform="redis"} and a note on /readyz.
func (s *server) useRedis() error {
	url := s.getenv("REDIS_URL")
	if url == "" {
		s.summary = append(s.summary, "redis: off (REDIS_URL not set; dedup and rate limits in memory, right for one replica)")
		return nil
	}
	timeout := redisstate.DefaultTimeout
	if v := s.getenv("SMTPBOT_REDIS_TIMEOUT"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 || d > 2*time.Second {
			return fmt.Errorf("%w: SMTPBOT_REDIS_TIMEOUT %q: want a duration such as 100ms, above 0 and at most 2s", errUsage, v)
		}
		timeout = d
	}
	log := s.log.With("component", "redis")
	store, err := redisstate.New(redisstate.Options{
		URL:     url,
		Prefix:  s.getenv("SMTPBOT_REDIS_PREFIX"),
		Timeout: timeout,
		Log:     log,
		Metrics: s.metrics,
	})
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	// go-redis has one process-wide logger and writes to stderr with the
	// standard log package by default; send it to ours, at debug, since
	// Store already reports failures once at warn.
	redis.SetLogger(redisLogger{log})
	// The same rates as in memory, now shared: user and channel keys differ,
	// so the two limiters can share one store.
	s.dedup = store
	s.limiter = scopedLimiter{user: store.Limiter(s.cfg.user), channel: store.Limiter(s.cfg.channel), userRate: s.cfg.user}
	// The client is not closed at shutdown: answers still in flight after
	// the runners stop may use it, and the process exits right after.
	s.runners = append(s.runners, runner{name: "redis", run: store.Watch})
	s.ready.note("redis", store.Status)
	s.summary = append(s.summary, fmt.Sprintf(
		"redis: on (%s, timeout %v; dedup and rate limits shared across replicas, failing open if Redis is down)",
		store.Addr(), timeout))
	return nil
}

// redisLogger adapts go-redis's internal logger to slog.
type redisLogger struct{ log *slog.Logger }

func (l redisLogger) Printf(ctx context.Context, format string, v ...any) {
	l.log.DebugContext(ctx, fmt.Sprintf(format, v...))
}
