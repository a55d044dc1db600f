package state

import (
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/smtpbot/smtpbot/adapters/internal/memtest"
)

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

func TestMemoryFirstOncePerTTL(t *testing.T) {
	c := &clock{t: time.Unix(1000, 0)}
	m := NewMemory(Rate{}, c.now)
	for i, want := range []bool{true, false, false} {
		got, err := m.First(t.Context(), "Ev1", time.Minute)
		if err != nil || got != want {
			t.Fatalf("call %d: First = %v, %v; want %v", i, got, err, want)
		}
	}
	if got, _ := m.First(t.Context(), "Ev2", time.Minute); !got {
		t.Fatal("another key must be new")
	}
	c.add(61 * time.Second)
	if got, _ := m.First(t.Context(), "Ev1", time.Minute); !got {
		t.Fatal("key must be new again after its TTL")
	}
}

func TestMemoryFirstConcurrentExactlyOnce(t *testing.T) {
	m := NewMemory(Rate{}, nil)
	var wg sync.WaitGroup
	var mu sync.Mutex
	firsts := 0
	for range 64 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if ok, _ := m.First(t.Context(), "same", time.Minute); ok {
				mu.Lock()
				firsts++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if firsts != 1 {
		t.Fatalf("%d goroutines saw the key first, want 1", firsts)
	}
}

func TestMemoryAllowTokenBucket(t *testing.T) {
	c := &clock{t: time.Unix(1000, 0)}
	m := NewMemory(Rate{PerMinute: 6, Burst: 3}, c.now)
	for i := range 3 {
		if ok, _ := m.Allow(t.Context(), "U1"); !ok {
			t.Fatalf("request %d within the burst was refused", i)
		}
	}
	if ok, _ := m.Allow(t.Context(), "U1"); ok {
		t.Fatal("fourth request at once must be refused")
	}
	if ok, _ := m.Allow(t.Context(), "U2"); !ok {
		t.Fatal("another user must not be starved by U1")
	}
	c.add(10 * time.Second) // 6 per minute: one token per 10 s
	if ok, _ := m.Allow(t.Context(), "U1"); !ok {
		t.Fatal("a token must be back after 10 s")
	}
	if ok, _ := m.Allow(t.Context(), "U1"); ok {
		t.Fatal("only one token comes back in 10 s")
	}
}

func TestMemoryUnlimitedWhenRateUnset(t *testing.T) {
	m := NewMemory(Rate{}, nil)
	for i := range 100 {
		if ok, _ := m.Allow(t.Context(), "U"); !ok {
			t.Fatalf("request %d refused with no rate set", i)
		}
	}
}

func TestMemorySweepBoundsKeys(t *testing.T) {
	c := &clock{t: time.Unix(1000, 0)}
	m := NewMemory(Rate{PerMinute: 60, Burst: 1}, c.now)
	for i := range 5000 {
		_, _ = m.First(t.Context(), fmt.Sprint("k", i), time.Second)
		_, _ = m.Allow(t.Context(), fmt.Sprint("u", i))
		c.add(10 * time.Millisecond)
	}
	if n := m.seen.Len(); n > 101 {
		t.Errorf("%d keys kept, want expired ones swept (at most the last second's 101)", n)
	}
	if n := m.buckets.Len(); n > 101 {
		t.Errorf("%d buckets kept, want refilled ones swept (at most the last second's 101)", n)
	}
}

// TestMemoryBoundedInBytes: a flood of long unique keys (dedup keys kept an
// hour, buckets of clients never seen again) leaves the heap within the
// store's budget plus a fixed allowance, expired or not.
func TestMemoryBoundedInBytes(t *testing.T) {
	const budget = 256 << 10
	m := NewMemorySized(Rate{PerMinute: 1, Burst: 5}, nil, budget)
	pad := strings.Repeat("k", 200)
	memtest.Within(t, 2*budget+(256<<10), func() {
		for i := range 50000 {
			k := pad + strconv.Itoa(i)
			_, _ = m.First(t.Context(), "slack:event:"+k, time.Hour)
			_, _ = m.Allow(t.Context(), "web:user:"+k)
		}
	}, m)
	if m.seen.Bytes() > budget || m.buckets.Bytes() > budget {
		t.Errorf("%d and %d bytes kept, over the budget of %d each", m.seen.Bytes(), m.buckets.Bytes(), budget)
	}
	// The most recent keys are still remembered.
	if ok, _ := m.First(t.Context(), "slack:event:"+pad+"49999", time.Hour); ok {
		t.Error("the latest key was forgotten")
	}
}

func TestMemoryRefs(t *testing.T) {
	c := &clock{t: time.Unix(1000, 0)}
	m := NewMemory(Rate{}, c.now)
	ctx := t.Context()
	if _, ok, _ := m.Get(ctx, "k1"); ok {
		t.Fatal("Get of an unknown key reported ok")
	}
	if err := m.Put(ctx, "k1", "en\n252 vs 552", time.Minute); err != nil {
		t.Fatal(err)
	}
	if v, ok, err := m.Get(ctx, "k1"); !ok || err != nil || v != "en\n252 vs 552" {
		t.Fatalf("Get = %q, %v, %v", v, ok, err)
	}
	c.add(61 * time.Second)
	if _, ok, _ := m.Get(ctx, "k1"); ok {
		t.Fatal("value still there after its TTL")
	}
}

func TestMemoryRefsBoundedInBytes(t *testing.T) {
	const budget = 128 << 10
	m := NewMemorySized(Rate{}, nil, budget)
	v := strings.Repeat("q", 4000)
	for i := range 2000 {
		_ = m.Put(t.Context(), "ref"+strconv.Itoa(i), v, time.Hour)
	}
	if m.refs.Bytes() > budget {
		t.Errorf("%d bytes of values kept, over the budget of %d", m.refs.Bytes(), budget)
	}
	if _, ok, _ := m.Get(t.Context(), "ref1999"); !ok {
		t.Error("the latest value was forgotten")
	}
}

func TestMemoryForget(t *testing.T) {
	m := NewMemory(Rate{}, nil)
	ctx := t.Context()
	for i, want := range []bool{true, false} {
		if got, _ := m.First(ctx, "k", time.Hour); got != want {
			t.Fatalf("call %d: First = %v, want %v", i, got, want)
		}
	}
	if err := m.Forget(ctx, "k"); err != nil {
		t.Fatal(err)
	}
	if got, _ := m.First(ctx, "k", time.Hour); !got {
		t.Error("First after Forget = false, want true")
	}
	if err := m.Forget(ctx, "never seen"); err != nil {
		t.Errorf("Forget of an unknown key: %v", err)
	}
}
