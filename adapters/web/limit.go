package web

import (
	"context"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/smtpbot/smtpbot/bot"
)

// clientKey names the client for the rate limiter: its address, or for IPv6
// its /64 network, since one host usually owns a whole /64 and could
// otherwise step around the limit by changing address.
func (h *Handler) clientKey(r *http.Request) string {
	addr := r.RemoteAddr
	if h.proxy {
		// The last hop is the one our own proxy added; earlier ones are
		// whatever the client chose to send.
		if xff := r.Header.Values("X-Forwarded-For"); len(xff) > 0 {
			hops := strings.Split(xff[len(xff)-1], ",")
			addr = strings.TrimSpace(hops[len(hops)-1])
		}
	}
	if host, _, err := net.SplitHostPort(addr); err == nil {
		addr = host
	}
	ip, err := netip.ParseAddr(addr)
	if err != nil {
		return "web:user:" + addr
	}
	ip = ip.Unmap()
	if ip.Is6() {
		p, _ := ip.Prefix(64)
		return "web:user:" + p.String()
	}
	return "web:user:" + ip.String()
}

// allow asks the limiter about this client. A failing limiter (shared state
// down) lets the request through: answering is better than refusing
// everyone, and the failure is counted and logged.
func (h *Handler) allow(ctx context.Context, r *http.Request) bool {
	if h.limiter == nil {
		return true
	}
	ok, err := h.limiter.Allow(ctx, h.clientKey(r))
	if err != nil {
		h.metrics.StateError("limit")
		h.log.Warn("rate limiter failed; allowing", "platform", platformName, "err", err)
		return true
	}
	if !ok {
		h.metrics.RateLimited(platformName, "user")
	}
	return ok
}

func (h *Handler) retryAfter() string {
	s := int((h.retry + time.Second - 1) / time.Second)
	return strconv.Itoa(max(s, 1))
}

// outcome is how a request ended, for the log line and metrics.
type outcome string

const (
	outcomeOK          outcome = "ok"
	outcomeNotFound    outcome = "not_found"
	outcomeBadRequest  outcome = "bad_request"
	outcomeRateLimited outcome = "rate_limited"
	outcomeRedirect    outcome = "redirect"
)

// answered logs one line per answered request and counts the answer. It
// never logs the question: at info level a message's text is private. The
// debug level adds its length, which is enough to spot floods.
func (h *Handler) answered(r *http.Request, route string, a *bot.Answer, start time.Time, out outcome, status int) {
	took := time.Since(start)
	attrs := []slog.Attr{
		slog.String("platform", platformName),
		slog.String("route", route),
		slog.String("outcome", string(out)),
		slog.Int("status", status),
		slog.Duration("latency", took),
	}
	if a != nil {
		attrs = append(attrs, slog.String("intent", string(a.Intent)), slog.String("lang", a.Lang))
		h.metrics.Answered(platformName, string(a.Intent), a.Codes, string(a.Category()), took)
	}
	h.log.LogAttrs(r.Context(), slog.LevelInfo, "answered", attrs...)
}
