package reqtime

import (
	"errors"
	"testing"
	"time"
)

func TestCheck(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	const skew = 5 * time.Minute
	for _, tc := range []struct {
		ts   string
		want error
	}{
		{"1700000000", nil},
		{"1699999700", nil}, // exactly maxSkew old
		{"1700000300", nil}, // exactly maxSkew ahead
		{"1699999699", ErrStale},
		{"1700000301", ErrStale},
		{"0", ErrStale},
		{"", ErrNotNumber},
		{"1700000000.5", ErrNotNumber},
		{"17e8", ErrNotNumber},
		{"99999999999999999999", ErrNotNumber},
	} {
		if got := Check(tc.ts, now, skew); !errors.Is(got, tc.want) || (tc.want == nil) != (got == nil) {
			t.Errorf("Check(%q) = %v, want %v", tc.ts, got, tc.want)
		}
	}
}
