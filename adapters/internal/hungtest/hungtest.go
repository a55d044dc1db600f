// Package hungtest serves an API that accepts every request and never
// answers until the test ends: what a platform's API looks like when it
// hangs. Tests of timeouts and retries on every platform use it.
package hungtest

import (
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
)

// Start serves the hung API on loopback and returns it with the number of
// requests it has received.
func Start(t testing.TB) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var calls atomic.Int32
	done := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		select {
		case <-done:
		case <-r.Context().Done():
		}
	}))
	t.Cleanup(func() { close(done); srv.Close() })
	return srv, &calls
}

// TimedOut checks a call made to the hung API: it must fail after exactly
// want attempts, counted where they are made (call runs attempt at each).
// On a loaded machine a client's timeout can fire before an attempt
// reaches the API, so the API may have seen fewer requests, never more.
func TimedOut(t testing.TB, calls *atomic.Int32, want int, call func(attempt func()) error) {
	t.Helper()
	attempts := 0
	if err := call(func() { attempts++ }); err == nil {
		t.Fatal("a call to a hung API succeeded")
	}
	if attempts != want {
		t.Errorf("%d attempts, want %d (the policy's bound)", attempts, want)
	}
	if got := int(calls.Load()); got > want {
		t.Errorf("the API saw %d requests, more than the %d attempts", got, want)
	}
}
