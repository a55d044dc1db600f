package reqbody_test

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/smtpbot/smtpbot/adapters/internal/bodytest"
	"github.com/smtpbot/smtpbot/adapters/internal/reqbody"
)

func TestRead(t *testing.T) {
	for _, tc := range []struct {
		name     string
		body     string
		declared int64 // -1: chunked, nothing declared
		status   int
		err      error
	}{
		{"fits", "hello", 5, 200, nil},
		{"exactly the cap", strings.Repeat("x", 16), 16, 200, nil},
		{"declared over the cap", "x", 17, 413, reqbody.ErrTooLarge},
		{"sent over the cap, nothing declared", strings.Repeat("x", 17), -1, 413, reqbody.ErrTooLarge},
	} {
		r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(tc.body))
		r.ContentLength = tc.declared
		w := httptest.NewRecorder()
		b, err := reqbody.Read(w, r, 16)
		if !errors.Is(err, tc.err) || (err == nil && string(b) != tc.body) || (err != nil && w.Code != tc.status) {
			t.Errorf("%s: %q, %v, status %d; want err %v, status %d", tc.name, b, err, w.Code, tc.err, tc.status)
		}
	}
}

func TestLimitRefusesDeclaredAtOnce(t *testing.T) {
	reached := false
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !reqbody.Limit(w, r, 64<<10) {
			return
		}
		reached = true
	})
	if got := bodytest.Probe(t, h, http.MethodPost, "/", nil); got != http.StatusRequestEntityTooLarge || reached {
		t.Fatalf("status %d, handler reached %v; want 413 before the handler", got, reached)
	}
}
