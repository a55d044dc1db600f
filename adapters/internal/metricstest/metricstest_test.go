package metricstest

import (
	"testing"

	"github.com/smtpbot/smtpbot/adapters/metrics"
)

func TestValue(t *testing.T) {
	m := metrics.New(nil)
	series := `smtpbot_duplicates_total{platform="slack"}`
	if got := Value(t, m, series); got != 0 {
		t.Errorf("before counting: %v, want 0", got)
	}
	m.Duplicate("slack")
	m.Duplicate("slack")
	m.Duplicate("discord")
	if got := Value(t, m, series); got != 2 {
		t.Errorf("after two: %v, want 2", got)
	}
	// A series is named whole: a prefix of another does not match.
	if got := Value(t, m, `smtpbot_duplicates_total{platform="slac`); got != 0 {
		t.Errorf("a partial name read %v, want 0", got)
	}
}
