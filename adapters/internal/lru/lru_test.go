package lru

import (
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// unit is one weight: an entry whose key is one byte and value nothing.
const unit = 1 + EntryOverhead

func TestEvictsLeastRecentlyUsed(t *testing.T) {
	c := New[int](2*unit, nil)
	c.Put("a", 1)
	c.Put("b", 2)
	if v, ok := c.Get("a"); !ok || v != 1 { // a is now the most recent
		t.Fatalf("Get(a) = %v, %v", v, ok)
	}
	c.Put("c", 3) // evicts b
	if _, ok := c.Get("b"); ok {
		t.Error("b should have been evicted")
	}
	for k, want := range map[string]int{"a": 1, "c": 3} {
		if v, ok := c.Get(k); !ok || v != want {
			t.Errorf("Get(%s) = %v, %v; want %d", k, v, ok, want)
		}
	}
	c.Put("a", 10)
	if v, _ := c.Get("a"); v != 10 || c.Len() != 2 || c.Bytes() != 2*unit {
		t.Errorf("update: a=%d len=%d bytes=%d", v, c.Len(), c.Bytes())
	}
}

// TestBoundedByWeight: one heavy value evicts as many light ones as its
// weight needs, and a value heavier than the budget is not kept.
func TestBoundedByWeight(t *testing.T) {
	c := New[string](10*unit, func(s string) int { return len(s) })
	for i := range 10 {
		c.Put(strconv.Itoa(i), "")
	}
	c.Put("h", strings.Repeat("x", 3*unit))
	if c.Len() != 7 || c.Bytes() > 10*unit {
		t.Errorf("after a heavy put: %d entries, %d bytes; want 7 entries within %d", c.Len(), c.Bytes(), 10*unit)
	}
	if _, ok := c.Get("0"); ok {
		t.Error("the oldest light entry survived")
	}
	c.Put("h", strings.Repeat("x", 20*unit))
	if _, ok := c.Get("h"); ok || c.Bytes() > 10*unit {
		t.Errorf("a value over the budget was kept (%d bytes)", c.Bytes())
	}
	c.Delete("9")
	if _, ok := c.Get("9"); ok {
		t.Error("Delete left the key")
	}
}

func TestDisabledCacheIsNilSafe(t *testing.T) {
	c := New[string](0, nil)
	if c != nil {
		t.Fatal("a cache of 0 bytes must be nil (disabled)")
	}
	c.Put("k", "v")
	c.Delete("k")
	if _, ok := c.Get("k"); ok || c.Len() != 0 || c.Bytes() != 0 {
		t.Error("a disabled cache must hold nothing")
	}
}

func TestConcurrentUseStaysBounded(t *testing.T) {
	c := New[int](64*(3+EntryOverhead), nil)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 1000 {
				k := strconv.Itoa(100 + (g*1000+i)%200) // three bytes
				c.Put(k, i)
				c.Get(k)
			}
		})
	}
	wg.Wait()
	if n := c.Len(); n != 64 {
		t.Fatalf("len %d, want the 64 entries the budget holds", n)
	}
}

// TestEntryOverhead: EntryOverhead is at least what an entry really costs
// on the heap, so that the budget bounds the heap.
func TestEntryOverhead(t *testing.T) {
	const n = 20000
	c := New[int](1<<30, nil)
	keys := make([]string, n)
	for i := range keys {
		keys[i] = strconv.Itoa(1e7 + i) // eight bytes, allocated before measuring
	}
	before := heap()
	for i, k := range keys {
		c.Put(k, i)
	}
	per := (heap() - before) / n
	runtime.KeepAlive(c)
	if per > EntryOverhead {
		t.Errorf("an entry costs %d bytes of heap beyond its key, more than EntryOverhead %d", per, EntryOverhead)
	}
}

func heap() int {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return int(m.HeapAlloc)
}

func TestTrimStopsAtFirstFresh(t *testing.T) {
	c := New[int](1<<20, nil)
	for i := range 10 {
		c.Put(strconv.Itoa(i), i)
	}
	c.Get("2") // now the most recent: not reached by the trim below
	c.Trim(func(_ string, v int) bool { return v < 5 || v == 2 })
	if c.Len() != 6 {
		t.Fatalf("%d entries after the trim, want 6 (0, 1, 3, 4 removed)", c.Len())
	}
	if _, ok := c.Get("2"); !ok {
		t.Error("the trim reached past the first fresh entry")
	}
}
