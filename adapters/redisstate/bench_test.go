package redisstate_test

import (
	"runtime"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/smtpbot/smtpbot/adapters/redisstate"
	"github.com/smtpbot/smtpbot/adapters/redisstate/redistest"
	"github.com/smtpbot/smtpbot/adapters/state"
)

// benchConcurrency runs f as one caller (the latency of one call) and as 64
// concurrent callers (what a replica serving 64 connections sees).
func benchConcurrency(b *testing.B, f func(i int64) error) {
	var n atomic.Int64
	for _, callers := range []int{1, 64} {
		b.Run("callers="+strconv.Itoa(callers), func(b *testing.B) {
			b.SetParallelism(max(1, callers/runtime.GOMAXPROCS(0)))
			b.ReportAllocs()
			if callers == 1 {
				for b.Loop() {
					if err := f(n.Add(1)); err != nil {
						b.Fatal(err)
					}
				}
				return
			}
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					if err := f(n.Add(1)); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
}

func benchStore(b *testing.B) *redisstate.Store {
	b.Helper()
	srv := redistest.Start(b)
	s, err := redisstate.New(redisstate.Options{URL: srv.URL()})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() {
		if s.Status() != "up" {
			b.Errorf("Redis failed during the benchmark (fail-open hid it): %s", s.Status())
		}
		_ = s.Close()
	})
	return s
}

// BenchmarkRedisDedup measures First on the path every Slack event takes
// with REDIS_URL set: a new event ID, SET NX with a TTL, against a real
// redis-server on loopback.
func BenchmarkRedisDedup(b *testing.B) {
	s := benchStore(b)
	benchConcurrency(b, func(i int64) error {
		ok, err := s.First(b.Context(), "slack:event:Ev"+strconv.FormatInt(i, 36), time.Hour)
		if err == nil && !ok {
			b.Fatal("a new event ID was not first")
		}
		return err
	})
}

// BenchmarkRedisAllow measures the token-bucket script (one EVALSHA) over
// 1,000 users.
func BenchmarkRedisAllow(b *testing.B) {
	l := benchStore(b).Limiter(state.Rate{PerMinute: 20, Burst: 10})
	benchConcurrency(b, func(i int64) error {
		_, err := l.Allow(b.Context(), "slack:user:U"+strconv.FormatInt(i%1000, 10))
		return err
	})
}
