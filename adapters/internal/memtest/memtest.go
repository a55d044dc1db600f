// Package memtest measures the live heap, for tests that drive a cache or
// a store with large unique inputs and check that memory stays within the
// budget they state: bounded, not timed.
package memtest

import (
	"runtime"
	"testing"
)

// Heap is the live heap in bytes after a full collection.
func Heap() int64 {
	runtime.GC()
	runtime.GC() // the second one frees what the first one's finalizers released
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return int64(m.HeapAlloc)
}

// Within runs drive and fails t when the live heap grew by more than
// budget bytes across it. keep is read after the measure, so that what the
// test holds (the store under test) is not collected before it.
func Within(t testing.TB, budget int64, drive func(), keep any) {
	t.Helper()
	before := Heap()
	drive()
	after := Heap()
	runtime.KeepAlive(keep)
	grew := after - before
	t.Logf("heap grew %d KiB, budget %d KiB", grew>>10, budget>>10)
	if grew > budget {
		t.Errorf("heap grew %d KiB, over the budget of %d KiB", grew>>10, budget>>10)
	}
}
