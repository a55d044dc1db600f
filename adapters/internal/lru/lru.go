// Package lru is a small, bounded, least-recently-used cache safe for
// concurrent use. Adapters keep finished answers in it: an answer depends
// only on the question and its language, and the same questions come back
// (a popular comparison, one bounce pasted by a whole team). A nil *Cache
// is a valid, disabled cache.
package lru

import (
	"container/list"
	"sync"
)

// Cache maps string keys to values, evicting the least recently used entry
// beyond its capacity.
type Cache[V any] struct {
	mu  sync.Mutex
	max int
	ll  *list.List // front: most recently used
	m   map[string]*list.Element
}

type entry[V any] struct {
	key string
	val V
}

// New returns a cache of at most max entries, or nil (disabled) when max < 1.
func New[V any](max int) *Cache[V] {
	if max < 1 {
		return nil
	}
	return &Cache[V]{max: max, ll: list.New(), m: make(map[string]*list.Element, max)}
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

// Put stores val under key, evicting the least recently used entry when full.
func (c *Cache[V]) Put(key string, val V) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.m[key]; ok {
		el.Value.(*entry[V]).val = val
		c.ll.MoveToFront(el)
		return
	}
	c.m[key] = c.ll.PushFront(&entry[V]{key: key, val: val})
	if c.ll.Len() > c.max {
		old := c.ll.Back()
		c.ll.Remove(old)
		delete(c.m, old.Value.(*entry[V]).key)
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
