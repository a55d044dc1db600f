package main

import (
	"errors"
	"io"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/smtpbot/smtpbot/adapters/metrics"
	"github.com/smtpbot/smtpbot/adapters/redisstate"
	"github.com/smtpbot/smtpbot/adapters/redisstate/redistest"
	"github.com/smtpbot/smtpbot/adapters/state"
)

// redisTestState builds the shared state from vars as serve does.
func redisTestState(vars map[string]string) (sharedState, error) {
	c, err := redisEnv(func(k string) string { return vars[k] })
	if err != nil {
		return sharedState{}, err
	}
	cfg := serveConfig{user: state.Rate{PerMinute: 0.001, Burst: 2}, channel: state.Rate{PerMinute: 0.001, Burst: 3}, stateMemory: 1 << 20, redis: c}
	return newState(cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), metrics.New(nil))
}

func TestStateWithoutRedis(t *testing.T) {
	st, err := redisTestState(nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := st.dedup.(*state.Memory); !ok || st.watch != nil {
		t.Errorf("state is %T with a watch %v, want in memory without one", st.dedup, st.watch != nil)
	}
	if !strings.HasPrefix(st.summary, "redis: off (REDIS_URL not set") {
		t.Errorf("summary = %q", st.summary)
	}
}

func TestStateBadRedisConfig(t *testing.T) {
	for _, vars := range []map[string]string{
		{"REDIS_URL": "redis://:sekrit@host:notaport"},
		{"REDIS_URL": "http://example.com"},
		{"REDIS_URL": "redis://127.0.0.1:6379", "SMTPBOT_REDIS_TIMEOUT": "soon"},
		{"REDIS_URL": "redis://127.0.0.1:6379", "SMTPBOT_REDIS_TIMEOUT": "5s"},
		{"REDIS_URL": "redis://127.0.0.1:6379", "SMTPBOT_REDIS_TIMEOUT": "-1ms"},
	} {
		_, err := redisTestState(vars)
		if err == nil {
			t.Errorf("%v: no error", vars)
			continue
		}
		if !errors.Is(err, errUsage) && !errors.Is(err, redisstate.ErrConfig) {
			t.Errorf("%v: %v is neither a usage nor a configuration error", vars, err)
		}
		if strings.Contains(err.Error(), "sekrit") {
			t.Errorf("error leaks the password: %v", err)
		}
	}
}

// With REDIS_URL the dedup and both rate limits live in Redis, with the
// configured rates, and /readyz notes Redis's state without failing on it.
func TestUseRedisOn(t *testing.T) {
	srv := redistest.Start(t)
	st, err := redisTestState(map[string]string{"REDIS_URL": srv.URL(), "SMTPBOT_REDIS_PREFIX": "t1:", "SMTPBOT_REDIS_TIMEOUT": "250ms"})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := st.dedup.(*redisstate.Store); !ok {
		t.Fatalf("dedup is %T", st.dedup)
	}
	if st.watch == nil {
		t.Error("no connection to watch Redis")
	}
	if !strings.Contains(st.summary, "redis: on ("+srv.Addr()+", timeout 250ms") {
		t.Errorf("summary = %q", st.summary)
	}
	ready := &readiness{}
	ready.note("redis", st.status)
	ctx := t.Context()
	if ok, _ := st.dedup.First(ctx, "slack:event:Ev1", time.Minute); !ok {
		t.Error("first event not first")
	}
	if got, _ := srv.Do("EXISTS", "t1:dedup:slack:event:Ev1"); got != ":1" {
		t.Errorf("dedup key not in Redis under the prefix (EXISTS = %q)", got)
	}
	// User burst 2, channel burst 3: the configured rates, per scope.
	for scope, want := range map[string]int{"slack:user:U1": 2, "slack:channel:C1": 3} {
		n := 0
		for range 10 {
			if ok, _ := st.limiter.Allow(ctx, scope); ok {
				n++
			}
		}
		if n != want {
			t.Errorf("%s: %d of 10 allowed, want %d", scope, n, want)
		}
	}

	rec := httptest.NewRecorder()
	ready.handler(rec, httptest.NewRequest("GET", "/readyz", nil))
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), "redis: up") {
		t.Errorf("/readyz = %d %q, want 200 with redis: up", rec.Code, rec.Body.String())
	}
	srv.Stop()
	_, _ = st.dedup.First(ctx, "slack:event:Ev2", time.Minute)
	rec = httptest.NewRecorder()
	ready.handler(rec, httptest.NewRequest("GET", "/readyz", nil))
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), "redis: down since") {
		t.Errorf("/readyz with Redis down = %d %q, want 200 (still answering) with redis: down", rec.Code, rec.Body.String())
	}
}
