// Package reqtime checks the time a chat platform signs into each request
// (Slack's X-Slack-Request-Timestamp, Discord's X-Signature-Timestamp): Unix
// seconds that must lie near our clock, so that a captured request cannot
// be replayed later. Every adapter that verifies signed requests uses it.
package reqtime

import (
	"errors"
	"strconv"
	"time"
)

// Reasons a timestamp is refused; the adapters log them at debug level and
// answer 401.
var (
	ErrNotNumber = errors.New("reqtime: timestamp is not a number")
	ErrStale     = errors.New("reqtime: timestamp too far from now")
)

// Check returns nil when ts, in Unix seconds, lies within maxSkew of now,
// before or after; ErrNotNumber when ts is not a whole number; ErrStale
// otherwise.
func Check(ts string, now time.Time, maxSkew time.Duration) error {
	secs, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return ErrNotNumber
	}
	skew := now.Sub(time.Unix(secs, 0))
	if skew > maxSkew || skew < -maxSkew {
		return ErrStale
	}
	return nil
}
