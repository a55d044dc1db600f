// Package lru is a small least-recently-used cache bounded in bytes, safe
// for concurrent use. Adapters keep finished answers, long questions and
// per-key state in it: what bounds memory is what the entries weigh, not
// how many there are, since one entry can be a few bytes or tens of
// kilobytes. A nil *Cache is a valid, disabled cache.
package lru

import (
	"container/list"
	"sync"
)

// EntryOverhead is what one entry costs besides its key's and value's own
// bytes: the list element, the map slot and the entry itself, measured on
// 64-bit Go (TestEntryOverhead keeps it honest).
const EntryOverhead = 160

// Cache maps string keys to values, evicting the least recently used
// entries when the total weight would pass its budget.
type Cache[V any] struct {
	mu     sync.Mutex
	budget int
	used   int
	weigh  func(V) int
	ll     *list.List // front: most recently used
	m      map[string]*list.Element
}

type entry[V any] struct {
	key    string
	val    V
	weight int
}

// New returns a cache holding at most budget bytes, by the weight of each
// entry: len(key) + weigh(value) + EntryOverhead. weigh says how many bytes
// a value holds beyond its fixed size (the bytes of its strings and slices);
// nil counts nothing. A budget below 1 gives nil, a disabled cache.
func New[V any](budget int, weigh func(V) int) *Cache[V] {
	if budget < 1 {
		return nil
	}
	return &Cache[V]{budget: budget, weigh: weigh, ll: list.New(), m: map[string]*list.Element{}}
}

// Get returns the value under key and marks it recently used.
func (c *Cache[V]) Get(key string) (V, bool) {
	var zero V
	if c == nil {
		return zero, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.m[key]
	if !ok {
		return zero, false
	}
	c.ll.MoveToFront(el)
	return el.Value.(*entry[V]).val, true
}

// Put stores val under key, evicting the least recently used entries until
// the cache is within its budget. An entry heavier than the whole budget is
// not stored (and drops an older value under the same key).
func (c *Cache[V]) Put(key string, val V) {
	if c == nil {
		return
	}
	w := len(key) + EntryOverhead
	if c.weigh != nil {
		w += c.weigh(val)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.m[key]; ok {
		c.remove(el)
	}
	if w > c.budget {
		return
	}
	c.m[key] = c.ll.PushFront(&entry[V]{key: key, val: val, weight: w})
	c.used += w
	for c.used > c.budget {
		c.remove(c.ll.Back())
	}
}

// Delete removes key.
func (c *Cache[V]) Delete(key string) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.m[key]; ok {
		c.remove(el)
	}
}

func (c *Cache[V]) remove(el *list.Element) {
	e := el.Value.(*entry[V])
	c.ll.Remove(el)
	delete(c.m, e.key)
	c.used -= e.weight
}

// Trim removes entries from the least recently used end for as long as
// stale says they are stale, and stops at the first that is not. Stores
// whose entries age (expiry times, refilled buckets) call it as they go, so
// that what has aged leaves before the budget forces anything out.
func (c *Cache[V]) Trim(stale func(key string, v V) bool) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for el := c.ll.Back(); el != nil; el = c.ll.Back() {
		e := el.Value.(*entry[V])
		if !stale(e.key, e.val) {
			return
		}
		c.remove(el)
	}
}

// Len is the number of entries.
func (c *Cache[V]) Len() int {
	if c == nil {
		return 0
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.ll.Len()
}

// Bytes is the total weight of the entries, at most the budget.
func (c *Cache[V]) Bytes() int {
	if c == nil {
		return 0
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.used
}
