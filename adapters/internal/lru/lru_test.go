package lru

import (
	"strconv"
	"sync"
	"testing"
)

func TestEvictsLeastRecentlyUsed(t *testing.T) {
	c := New[int](2)
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
	if v, _ := c.Get("a"); v != 10 || c.Len() != 2 {
		t.Errorf("update: a=%d len=%d", v, c.Len())
	}
}

func TestDisabledCacheIsNilSafe(t *testing.T) {
	c := New[string](0)
	if c != nil {
		t.Fatal("a cache of 0 entries must be nil (disabled)")
	}
	c.Put("k", "v")
	if _, ok := c.Get("k"); ok || c.Len() != 0 {
		t.Error("a disabled cache must hold nothing")
	}
}

func TestConcurrentUseStaysBounded(t *testing.T) {
	c := New[int](64)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 1000 {
				k := strconv.Itoa((g*1000 + i) % 200)
				c.Put(k, i)
				c.Get(k)
			}
		})
	}
	wg.Wait()
	if n := c.Len(); n != 64 {
		t.Fatalf("len %d, want the capacity 64", n)
	}
}
