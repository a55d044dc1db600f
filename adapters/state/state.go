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

	"github.com/smtpbot/smtpbot/adapters/internal/lru"
)

// Deduper remembers keys for a while. First reports whether key is new,
// recording it; the second and later calls within ttl report false.
// Forget drops key, so that the next First reports it new again (an action
// that was claimed but could not be carried out).
type Deduper interface {
	First(ctx context.Context, key string, ttl time.Duration) (bool, error)
	Forget(ctx context.Context, key string) error
}

// Limiter is a token bucket per key. Allow reports whether one more request
// under key fits the rate.
type Limiter interface {
	Allow(ctx context.Context, key string) (bool, error)
}

// Refs keeps values (the question behind a chat button) under short keys
// for a while, so that a button pressed on any replica finds the question
// it was made for. Put overwrites; Get reports ok false for a key that is
// unknown or expired.
type Refs interface {
	Put(ctx context.Context, key, value string, ttl time.Duration) error
	Get(ctx context.Context, key string) (value string, ok bool, err error)
}

// InProcess is implemented by stores that answer from this process's memory,
// without I/O, so that a caller need not bound each call with a deadline
// (a context with a timer for every question).
type InProcess interface {
	InProcess() bool
}

// IsInProcess reports whether store says it answers without I/O.
func IsInProcess(store any) bool {
	p, ok := store.(InProcess)
	return ok && p.InProcess()
}

// Rate is a token bucket: Burst requests at once, refilled at PerMinute.
type Rate struct {
	PerMinute float64
	Burst     int
}

// DefaultBudget is the memory NewMemory gives its deduplication keys, as
// much again its rate-limit buckets (about 10,000 keys of each kind), and
// as much again the values kept by Put (a few hundred of the longest
// questions, thousands of ordinary ones).
const DefaultBudget = 2 << 20

// Memory is the in-process Deduper and Limiter. It is bounded in bytes:
// expired keys and refilled buckets leave first, and when the budget is
// still short the least recently used go. Losing a key early can only let
// a duplicate through or give a client a fresh bucket, never refuse a
// question that should be answered.
type Memory struct {
	mu      sync.Mutex // one bucket update at a time
	now     func() time.Time
	seen    *lru.Cache[time.Time] // key → expiry
	buckets *lru.Cache[bucket]
	refs    *lru.Cache[ref]
	rate    Rate
}

type ref struct {
	value string
	exp   time.Time
}

type bucket struct {
	tokens float64
	last   time.Time
}

// NewMemory returns an in-memory store limiting at rate, within
// DefaultBudget. now is the clock (time.Now in production).
func NewMemory(rate Rate, now func() time.Time) *Memory {
	return NewMemorySized(rate, now, DefaultBudget)
}

// NewMemorySized is NewMemory with budget bytes for deduplication keys, as
// many for buckets and as many for Refs values (at least 64 KiB each).
func NewMemorySized(rate Rate, now func() time.Time, budget int) *Memory {
	if now == nil {
		now = time.Now
	}
	budget = max(budget, 64<<10)
	return &Memory{
		now:     now,
		seen:    lru.New[time.Time](budget, nil),
		buckets: lru.New[bucket](budget, nil),
		refs:    lru.New(budget, func(r ref) int { return len(r.value) }),
		rate:    rate,
	}
}

// InProcess implements InProcess: Memory does no I/O.
func (m *Memory) InProcess() bool { return true }

// First implements Deduper.
func (m *Memory) First(_ context.Context, key string, ttl time.Duration) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.now()
	m.seen.Trim(func(_ string, exp time.Time) bool { return !now.Before(exp) })
	if exp, ok := m.seen.Get(key); ok && now.Before(exp) {
		return false, nil
	}
	m.seen.Put(key, now.Add(ttl))
	return true, nil
}

// Forget implements Deduper.
func (m *Memory) Forget(_ context.Context, key string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.seen.Delete(key)
	return nil
}

// Allow implements Limiter.
func (m *Memory) Allow(_ context.Context, key string) (bool, error) {
	if m.rate.PerMinute <= 0 || m.rate.Burst <= 0 {
		return true, nil
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.now()
	m.buckets.Trim(func(_ string, b bucket) bool { return m.refill(b, now) >= float64(m.rate.Burst) })
	b, ok := m.buckets.Get(key)
	if !ok {
		b = bucket{tokens: float64(m.rate.Burst), last: now}
	}
	b.tokens, b.last = m.refill(b, now), now
	allowed := b.tokens >= 1
	if allowed {
		b.tokens--
	}
	m.buckets.Put(key, b)
	return allowed, nil
}

// refill is the bucket's tokens at now, at most the burst.
func (m *Memory) refill(b bucket, now time.Time) float64 {
	return min(b.tokens+now.Sub(b.last).Minutes()*m.rate.PerMinute, float64(m.rate.Burst))
}

// Put implements Refs. Expired values leave first, then the least recently
// used, within the budget.
func (m *Memory) Put(_ context.Context, key, value string, ttl time.Duration) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.now()
	m.refs.Trim(func(_ string, r ref) bool { return !now.Before(r.exp) })
	m.refs.Put(key, ref{value: value, exp: now.Add(ttl)})
	return nil
}

// Get implements Refs.
func (m *Memory) Get(_ context.Context, key string) (string, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	r, ok := m.refs.Get(key)
	if !ok || !m.now().Before(r.exp) {
		return "", false, nil
	}
	return r.value, true, nil
}
