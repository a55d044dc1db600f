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
