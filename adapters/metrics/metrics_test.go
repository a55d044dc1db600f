package metrics

import (
	"io"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestAnsweredAndExposition(t *testing.T) {
	m := New(func(c string) bool { return c == "552" })
	m.Answered("slack", "compare", []string{"552", "999"}, "", time.Millisecond)
	m.Answered("discord", "diagnose", []string{"550"}, "recipient_unknown", time.Millisecond)
	m.APIError("slack", "429")
	m.APIRetry("slack")
	m.Connected("discord", true)
	m.RateLimited("web", "user")
	m.Duplicate("slack")
	m.StateError("dedup")
	m.HTTPRequest("api_ask", 429, time.Millisecond)
	m.BuildInfo("v1.2.3")

	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	body, _ := io.ReadAll(rec.Body)
	for _, want := range []string{
		`smtpbot_questions_total{intent="compare",platform="slack"} 1`,
		`smtpbot_codes_asked_total{code="552"} 1`,
		`smtpbot_codes_asked_total{code="other"} 2`,
		`smtpbot_diagnoses_total{category="recipient_unknown"} 1`,
		`smtpbot_answer_seconds_count{platform="discord"} 1`,
		`smtpbot_platform_api_errors_total{kind="429",platform="slack"} 1`,
		`smtpbot_platform_api_retries_total{platform="slack"} 1`,
		`smtpbot_connected{platform="discord"} 1`,
		`smtpbot_rate_limited_total{platform="web",scope="user"} 1`,
		`smtpbot_duplicates_total{platform="slack"} 1`,
		`smtpbot_state_errors_total{op="dedup"} 1`,
		`smtpbot_http_requests_total{code="429",route="api_ask"} 1`,
		`smtpbot_http_request_seconds_count{route="api_ask"} 1`,
		`smtpbot_build_info{version="v1.2.3"} 1`,
	} {
		if !strings.Contains(string(body), want) {
			t.Errorf("exposition lacks %s", want)
		}
	}
}

func TestNilMetricsIsSafe(t *testing.T) {
	var m *Metrics
	m.Answered("slack", "help", nil, "", 0)
	m.APIError("slack", "5xx")
	m.Connected("slack", false)
	m.HTTPRequest("page", 200, 0)
	m.BuildInfo("dev")
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	if rec.Code != 404 {
		t.Fatalf("nil metrics handler status %d, want 404", rec.Code)
	}
}
