// Package metrics counts what smtpbot does, in Prometheus form, on a
// registry of its own (never the global default). Every method is safe on a
// nil *Metrics, so code under test can pass nil.
package metrics

import (
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics holds the collectors.
type Metrics struct {
	reg         *prometheus.Registry
	questions   *prometheus.CounterVec
	codes       *prometheus.CounterVec
	diagnoses   *prometheus.CounterVec
	latency     *prometheus.HistogramVec
	apiErrors   *prometheus.CounterVec
	apiRetries  *prometheus.CounterVec
	connected   *prometheus.GaugeVec
	rateLimited *prometheus.CounterVec
	duplicates  *prometheus.CounterVec
	stateErrors *prometheus.CounterVec
	httpReqs    *prometheus.CounterVec
	httpLatency *prometheus.HistogramVec
	info        *prometheus.GaugeVec
	known       func(code string) bool
}

// New registers every collector. known tells which codes may become label
// values (the catalog's codes); others are counted as "other", so a flood of
// invented codes cannot blow up the series count.
func New(known func(code string) bool) *Metrics {
	m := &Metrics{reg: prometheus.NewRegistry(), known: known}
	m.questions = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "smtpbot_questions_total", Help: "Questions answered, by platform and intent."}, []string{"platform", "intent"})
	m.codes = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "smtpbot_codes_asked_total", Help: "Codes asked about."}, []string{"code"})
	m.diagnoses = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "smtpbot_diagnoses_total", Help: "Diagnosed bounces, by category."}, []string{"category"})
	m.latency = prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "smtpbot_answer_seconds", Help: "Time to compute and render an answer.",
		Buckets: []float64{.00005, .0001, .00025, .0005, .001, .0025, .005, .01, .05, .25, 1, 3}}, []string{"platform"})
	m.apiErrors = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "smtpbot_platform_api_errors_total", Help: "Failed platform API calls, by platform and kind."}, []string{"platform", "kind"})
	m.apiRetries = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "smtpbot_platform_api_retries_total", Help: "Platform API calls retried."}, []string{"platform"})
	m.connected = prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "smtpbot_connected", Help: "1 when the platform connection (gateway, socket, Redis) is up."}, []string{"platform"})
	m.rateLimited = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "smtpbot_rate_limited_total", Help: "Requests refused by the per-user or per-channel limit."}, []string{"platform", "scope"})
	m.duplicates = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "smtpbot_duplicates_total", Help: "Events dropped as already answered."}, []string{"platform"})
	m.stateErrors = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "smtpbot_state_errors_total", Help: "Shared-state (Redis) failures; the bot fails open."}, []string{"op"})
	// Routes are a fixed set named by the web adapter, never raw paths, so
	// the series count stays bounded whatever clients request.
	m.httpReqs = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "smtpbot_http_requests_total", Help: "HTTP requests served by the web adapter, by route and status code."}, []string{"route", "code"})
	m.httpLatency = prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "smtpbot_http_request_seconds", Help: "Time to serve an HTTP request of the web adapter, by route.",
		Buckets: []float64{.0001, .00025, .0005, .001, .0025, .005, .01, .05, .25, 1, 5}}, []string{"route"})
	m.info = prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "smtpbot_build_info", Help: "Always 1; the version label says which build runs."}, []string{"version"})
	m.reg.MustRegister(m.questions, m.codes, m.diagnoses, m.latency, m.apiErrors, m.apiRetries, m.connected,
		m.rateLimited, m.duplicates, m.stateErrors, m.httpReqs, m.httpLatency, m.info,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Handler serves /metrics.
func (m *Metrics) Handler() http.Handler {
	if m == nil {
		return http.NotFoundHandler()
	}
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}

// Registry exposes the registry, for tests.
func (m *Metrics) Registry() *prometheus.Registry {
	if m == nil {
		return nil
	}
	return m.reg
}

// Answered records one answered question.
func (m *Metrics) Answered(platform, intent string, codes []string, category string, took time.Duration) {
	if m == nil {
		return
	}
	m.questions.WithLabelValues(platform, intent).Inc()
	for _, c := range codes {
		if m.known == nil || !m.known(c) {
			c = "other"
		}
		m.codes.WithLabelValues(c).Inc()
	}
	if category != "" {
		m.diagnoses.WithLabelValues(category).Inc()
	}
	m.latency.WithLabelValues(platform).Observe(took.Seconds())
}

// count adds one to the series of the counter pick chooses; a nil
// Metrics counts nothing.
func (m *Metrics) count(pick func(*Metrics) *prometheus.CounterVec, labels ...string) {
	if m != nil {
		pick(m).WithLabelValues(labels...).Inc()
	}
}

// APIError records a failed platform call; kind is short ("429", "5xx", "network").
func (m *Metrics) APIError(platform, kind string) {
	m.count(func(m *Metrics) *prometheus.CounterVec { return m.apiErrors }, platform, kind)
}

// APIRetry records a retried platform call.
func (m *Metrics) APIRetry(platform string) {
	m.count(func(m *Metrics) *prometheus.CounterVec { return m.apiRetries }, platform)
}

// Connected sets a connection's state.
func (m *Metrics) Connected(platform string, up bool) {
	if m == nil {
		return
	}
	v := 0.0
	if up {
		v = 1
	}
	m.connected.WithLabelValues(platform).Set(v)
}

// RateLimited records a refused request; scope is "user" or "channel".
func (m *Metrics) RateLimited(platform, scope string) {
	m.count(func(m *Metrics) *prometheus.CounterVec { return m.rateLimited }, platform, scope)
}

// Duplicate records an event dropped by deduplication.
func (m *Metrics) Duplicate(platform string) {
	m.count(func(m *Metrics) *prometheus.CounterVec { return m.duplicates }, platform)
}

// HTTPRequest records one request of the web adapter. route is one of the
// adapter's fixed route names ("page", "api_ask", …).
func (m *Metrics) HTTPRequest(route string, status int, took time.Duration) {
	if m == nil {
		return
	}
	m.httpReqs.WithLabelValues(route, strconv.Itoa(status)).Inc()
	m.httpLatency.WithLabelValues(route).Observe(took.Seconds())
}

// BuildInfo records the running version.
func (m *Metrics) BuildInfo(version string) {
	if m != nil {
		m.info.WithLabelValues(version).Set(1)
	}
}

// StateError records a shared-state failure.
func (m *Metrics) StateError(op string) {
	m.count(func(m *Metrics) *prometheus.CounterVec { return m.stateErrors }, op)
}
