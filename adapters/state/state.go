// Package state holds what adapters must remember between requests: which
// events were already answered (deduplication) and how fast each user and
// channel asks (rate limits). The interfaces are small so that one replica
// keeps this in memory and several share it through Redis (package
// adapters/redisstate). It does no other I/O.
package state

import (
	"context"
	"sync"
	"time"
)

// Deduper remembers keys for a while. First reports whether key is new,
// recording it; the second and later calls within ttl report false.
type Deduper interface {
	First(ctx context.Context, key string, ttl time.Duration) (bool, error)
}

// Limiter is a token bucket per key. Allow reports whether one more request
// under key fits the rate.
type Limiter interface {
	Allow(ctx context.Context, key string) (bool, error)
}

// Rate is a token bucket: Burst requests at once, refilled at PerMinute.
type Rate struct {
	PerMinute float64
	Burst     int
}

// Memory is the in-process Deduper and Limiter.
type Memory struct {
	mu      sync.Mutex
	now     func() time.Time
	seen    map[string]time.Time // key → expiry
	buckets map[string]*bucket
	rate    Rate
	sweeps  int
}

type bucket struct {
	tokens float64
	last   time.Time
}

// NewMemory returns an in-memory store limiting at rate. now is the clock
// (time.Now in production).
func NewMemory(rate Rate, now func() time.Time) *Memory {
	if now == nil {
		now = time.Now
	}
	return &Memory{now: now, seen: map[string]time.Time{}, buckets: map[string]*bucket{}, rate: rate}
}

// First implements Deduper.
func (m *Memory) First(_ context.Context, key string, ttl time.Duration) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.now()
	m.sweep(now)
	if exp, ok := m.seen[key]; ok && now.Before(exp) {
		return false, nil
	}
	m.seen[key] = now.Add(ttl)
	return true, nil
}

// Allow implements Limiter.
func (m *Memory) Allow(_ context.Context, key string) (bool, error) {
	if m.rate.PerMinute <= 0 || m.rate.Burst <= 0 {
		return true, nil
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.now()
	m.sweep(now)
	b, ok := m.buckets[key]
	if !ok {
		b = &bucket{tokens: float64(m.rate.Burst), last: now}
		m.buckets[key] = b
	}
	b.tokens += now.Sub(b.last).Minutes() * m.rate.PerMinute
	if b.tokens > float64(m.rate.Burst) {
		b.tokens = float64(m.rate.Burst)
	}
	b.last = now
	if b.tokens < 1 {
		return false, nil
	}
	b.tokens--
	return true, nil
}

// sweep drops expired keys and full buckets every 1024 calls so memory
// stays bounded by the active keys.
func (m *Memory) sweep(now time.Time) {
	m.sweeps++
	if m.sweeps%1024 != 0 {
		return
	}
	for k, exp := range m.seen {
		if !now.Before(exp) {
			delete(m.seen, k)
		}
	}
	for k, b := range m.buckets {
		if b.tokens+now.Sub(b.last).Minutes()*m.rate.PerMinute >= float64(m.rate.Burst) {
			delete(m.buckets, k)
		}
	}
}
