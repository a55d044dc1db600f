// Package metricstest reads what the adapters counted, for their tests:
// the samples of the Prometheus exposition a scrape of /metrics returns.
package metricstest

import (
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/smtpbot/smtpbot/adapters/metrics"
)

// Value is the sample of one series in m's exposition, named as it is
// printed there (`smtpbot_duplicates_total{platform="slack"}`); 0 when
// the series has no sample yet.
func Value(t testing.TB, m *metrics.Metrics, series string) float64 {
	t.Helper()
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	for line := range strings.SplitSeq(rec.Body.String(), "\n") {
		if v, ok := strings.CutPrefix(line, series+" "); ok {
			f, err := strconv.ParseFloat(v, 64)
			if err != nil {
				t.Fatalf("metric %s: %v", series, err)
			}
			return f
		}
	}
	return 0
}
