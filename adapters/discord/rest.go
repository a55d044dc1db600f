package discord

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/smtpbot/smtpbot/adapters/internal/retry"
)

// commandsAPI is the part of the REST API that registers commands.
type commandsAPI interface {
	ApplicationCommands(appID, guildID string, options ...discordgo.RequestOption) ([]*discordgo.ApplicationCommand, error)
	ApplicationCommandCreate(appID, guildID string, cmd *discordgo.ApplicationCommand, options ...discordgo.RequestOption) (*discordgo.ApplicationCommand, error)
}

// errTimeout is a call that got no answer within the client's timeout.
var errTimeout = errors.New("no answer within the client timeout")

// APIError is a failed REST call, safe to log: it never carries the request
// URL, which for interaction callbacks contains the interaction token.
type APIError struct {
	Status int    // HTTP status, 0 when the call never got one
	Code   int    // Discord's JSON error code, when it sent one
	Kind   string // metrics label: "429", "5xx", "4xx", "network", "timeout", "decode", "other"
	Err    error  // the cause, when it is safe to show
}

func (e *APIError) Error() string {
	var b strings.Builder
	b.WriteString("discord: api")
	if e.Status != 0 {
		b.WriteString(": http " + strconv.Itoa(e.Status))
	} else {
		b.WriteString(": " + e.Kind)
	}
	if e.Code != 0 {
		b.WriteString(" (code " + strconv.Itoa(e.Code) + ")")
	}
	if e.Err != nil {
		b.WriteString(": " + e.Err.Error())
	}
	return b.String()
}

func (e *APIError) Unwrap() error { return e.Err }

// classify turns a discordgo error into an *APIError, wrapped as temporary
// when another attempt can succeed: rate limits, server errors, network
// failures and timeouts. Only the caller's own context, once ended, stops
// the retries: a call that timed out at the HTTP client also says
// "deadline exceeded", and is worth another attempt.
func classify(ctx context.Context, err error) error {
	if err == nil {
		return nil
	}
	if ctx.Err() != nil {
		return err
	}
	if ne, ok := errors.AsType[net.Error](err); (ok && ne.Timeout()) || errors.Is(err, context.DeadlineExceeded) {
		// The cause may be a *url.Error holding an interaction token.
		return retry.Temporary(&APIError{Kind: "timeout", Err: errTimeout}, 0)
	}
	var rl *discordgo.RateLimitError
	if errors.As(err, &rl) {
		var after time.Duration
		if rl.RateLimit != nil && rl.TooManyRequests != nil {
			after = rl.RetryAfter
		}
		return retry.Temporary(&APIError{Status: http.StatusTooManyRequests, Kind: "429"}, after)
	}
	var re *discordgo.RESTError
	if errors.As(err, &re) && re.Response != nil {
		var code int
		var message string
		if re.Message != nil {
			code, message = re.Message.Code, re.Message.Message
		}
		return statusError(re.Response.StatusCode, re.Response.Header, code, message)
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		// ue.URL may hold an interaction token: keep only the cause.
		return retry.Temporary(&APIError{Kind: "network", Err: ue.Err}, 0)
	}
	if errors.Is(err, discordgo.ErrJSONUnmarshal) {
		return &APIError{Kind: "decode", Err: err}
	}
	// discordgo reports a 502 after its own retries as a plain error.
	return retry.Temporary(&APIError{Kind: "other", Err: err}, 0)
}

// statusError is the error of a Discord answer with a failing status,
// carrying the code and message of its JSON error body: a 429 is worth
// another attempt after its Retry-After, a 5xx at once, any other is final.
func statusError(status int, h http.Header, code int, message string) error {
	e := &APIError{Status: status, Code: code, Kind: "4xx"}
	if message != "" {
		e.Err = errors.New(message)
	}
	switch {
	case status == http.StatusTooManyRequests:
		e.Kind = "429"
		return retry.Temporary(e, retryAfter(h))
	case status >= 500:
		e.Kind = "5xx"
		return retry.Temporary(e, 0)
	}
	return e
}

func retryAfter(h http.Header) time.Duration {
	if s := h.Get("Retry-After"); s != "" {
		if f, err := strconv.ParseFloat(s, 64); err == nil && f > 0 {
			return time.Duration(f * float64(time.Second))
		}
	}
	return 0
}

// call runs one REST call with bounded retries. discordgo's own retries are
// turned off for the call (it would sleep for as long as a 429 asks), so
// that every wait is bounded by the policy and ctx. Failures are counted
// and logged here, once.
func (a *Adapter) call(ctx context.Context, p retry.Policy, what string, op func(opts ...discordgo.RequestOption) error) error {
	err := p.Do(ctx, func(ctx context.Context) error {
		return classify(ctx, op(discordgo.WithContext(ctx), discordgo.WithRetryOnRatelimit(false), discordgo.WithRestRetries(0)))
	}, a.retrying(what))
	return a.failed(ctx, what, err)
}

// retrying counts and logs a failed attempt of an API call that will be
// tried again.
func (a *Adapter) retrying(what string) func(attempt int, wait time.Duration, err error) {
	return func(attempt int, wait time.Duration, err error) {
		a.metrics.APIRetry(Platform)
		a.log.Warn("discord: api call failed, retrying", "call", what, "attempt", attempt, "wait", wait, "err", err)
	}
}

// failed counts and logs an API call that failed for good, by kind, and
// wraps its error; nil stays nil.
func (a *Adapter) failed(ctx context.Context, what string, err error) error {
	if err == nil {
		return nil
	}
	kind := "other"
	var ae *APIError
	if ctx.Err() != nil {
		kind = "canceled" // the caller gave up (shutdown, its own deadline)
	} else if errors.As(err, &ae) {
		kind = ae.Kind
	}
	a.metrics.APIError(Platform, kind)
	a.log.Error("discord: api call failed", "call", what, "err", err)
	return fmt.Errorf("discord: %s: %w", what, err)
}

// RewriteTransport sends every request for discord.com (and its CDN,
// cdn.discordapp.com and media.discordapp.net, for attachments) to base
// instead (scheme and host), through next (nil: http.DefaultTransport).
// discordgo's endpoints are package variables fixed at start; this is how
// tests and DISCORD_API_URL point the REST client at a fake API without
// touching them.
func RewriteTransport(base string, next http.RoundTripper) (http.RoundTripper, error) {
	u, err := url.Parse(base)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return nil, fmt.Errorf("%w: API URL %q is not an http(s) URL", ErrConfig, base)
	}
	if next == nil {
		next = http.DefaultTransport
	}
	return rewrite{to: u, next: next}, nil
}

type rewrite struct {
	to   *url.URL
	next http.RoundTripper
}

func (r rewrite) RoundTrip(req *http.Request) (*http.Response, error) {
	switch req.URL.Host {
	case "discord.com", "cdn.discordapp.com", "media.discordapp.net":
	default:
		return r.next.RoundTrip(req)
	}
	req = req.Clone(req.Context())
	req.URL.Scheme, req.URL.Host = r.to.Scheme, r.to.Host
	req.Host = r.to.Host
	return r.next.RoundTrip(req)
}

// apiV10 moves discordgo's REST calls (API v9, fixed in its package
// variables) to v10, the version this package speaks everywhere.
type apiV10 struct{ next http.RoundTripper }

func (t apiV10) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.URL.Host == "discord.com" {
		if rest, ok := strings.CutPrefix(req.URL.Path, "/api/v9/"); ok {
			req = req.Clone(req.Context())
			req.URL.Path = "/api/v10/" + rest
			req.URL.RawPath = ""
		}
	}
	next := t.next
	if next == nil {
		next = http.DefaultTransport
	}
	return next.RoundTrip(req)
}

// v10Client is c with its calls moved to API v10.
func v10Client(c *http.Client) *http.Client {
	out := *c
	out.Transport = apiV10{next: c.Transport}
	return &out
}

// UseGatewayV10 makes discordgo open its websocket on API v10 too: it
// appends its package-level APIVersion to the gateway URL when it connects.
// It changes a variable of the SDK, so only main calls it, once, before
// anything connects; tests leave it alone and run in parallel.
func UseGatewayV10() { discordgo.APIVersion = "10" }
