// Package slack connects smtpbot to Slack: the /smtp slash command with its
// "Share in channel" button, mentions in channels and direct messages, over
// HTTP (signed requests) or Socket Mode.
//
// It is a thin edge. It verifies and decodes what Slack sends, asks the core
// (package bot), renders the answer with package responses and sends it. It
// knows nothing about SMTP codes, decides nothing about wording, and never
// shows an internal error in chat: failures are logged and counted.
//
// The Slack Web API is reached through a small interface (webAPI) that a
// slack-go client satisfies; tests point that client at a fake API on
// loopback through Config.APIURL.
package slack

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	slackapi "github.com/slack-go/slack"

	"github.com/smtpbot/smtpbot/adapters/internal/download"
	"github.com/smtpbot/smtpbot/adapters/internal/guard"
	"github.com/smtpbot/smtpbot/adapters/internal/lru"
	"github.com/smtpbot/smtpbot/adapters/internal/ref"
	"github.com/smtpbot/smtpbot/adapters/internal/retry"
	"github.com/smtpbot/smtpbot/adapters/metrics"
	contract "github.com/smtpbot/smtpbot/adapters/platform" // "platform" is the metrics label here
	"github.com/smtpbot/smtpbot/bot"
	"github.com/smtpbot/smtpbot/responses"
)

// platform is the metrics label of everything this package counts.
const platform = string(bot.Slack)

// inlineWait leaves a second of Slack's three for the network.
const inlineWait = 2 * time.Second

// Errors returned by New and the readiness check.
var (
	ErrConfig        = errors.New("slack: bad configuration")
	errNotIdentified = errors.New("slack: bot token not verified yet (auth.test)")
	errSocketDown    = errors.New("slack: socket mode not connected")
)

// webAPI is the part of the Slack Web API the adapter calls. *slackapi.Client
// satisfies it.
type webAPI interface {
	AuthTestContext(ctx context.Context) (*slackapi.AuthTestResponse, error)
	PostMessageContext(ctx context.Context, channelID string, options ...slackapi.MsgOption) (string, string, error)
	PostEphemeralContext(ctx context.Context, channelID, userID string, options ...slackapi.MsgOption) (string, error)
}

// Config is what the adapter needs. Bot, BotToken and at least one of
// SigningSecret (HTTP) and AppToken (Socket Mode) are required.
type Config struct {
	contract.Services // what every platform is built with

	SigningSecret string // verifies HTTP requests; "" leaves the HTTP handlers refusing everything
	BotToken      string // xoxb-…: posts answers
	AppToken      string // xapp-…: Socket Mode; "" for HTTP only
	APIURL        string // Web API base URL; "" for Slack's own

	HTTPClient *http.Client     // nil: one with a 10 s timeout per call
	Retry      retry.Policy     // zero: retry.Default()
	Now        func() time.Time // nil: time.Now
	// AnswerCache is how many bytes of finished slash-command answers to
	// keep; 0 keeps none.
	AnswerCache int
}

// Adapter serves Slack. It is safe for concurrent use.
type Adapter struct {
	cache   *lru.Cache[cachedAnswer]
	scratch sync.Pool // *[]byte: where commandBody renders
	macs    sync.Pool // hash.Hash: HMAC-SHA256 keyed with secret, for readVerified
	bot     *bot.Bot
	log     *slog.Logger
	metrics *metrics.Metrics
	guard   guard.Guard // dedup and rate limits
	goAsync func(func())
	retry   retry.Policy
	now     func() time.Time
	baseURL string
	// refs are what the buttons (Share, Details, Short answer) carry to
	// answer the same question again: "<lang>\n<question>" when it fits in
	// Slack's 2,000 bytes, else the key of the question kept in the shared
	// state, so that the whole question is answered again, on any replica.
	refs *ref.Refs
	// ask is the core; tests slow it down to prove slow work is answered
	// through the response_url.
	ask func(text string, h bot.Hints) bot.Answer
	// inlineWait is how long a slash command may take to answer in the
	// HTTP response, inside Slack's 3 seconds; slower answers go through
	// the response_url.
	inlineWait time.Duration

	secret   []byte
	botToken string
	appToken string
	apiURL   string // with a trailing slash, as slack-go wants
	http     *http.Client
	api      webAPI
	// respond posts to a response_url (slash commands, button presses).
	respond func(ctx context.Context, url string, msg *slackapi.WebhookMessage) error
	// respondRaw posts a reply already encoded as JSON to a response_url.
	respondRaw func(ctx context.Context, url string, body []byte) error
	// hooks are the hosts a response_url may point at.
	hooks map[string]bool
	// files is where shared files may be downloaded from: Slack's file
	// host, with the bot token.
	files download.Source

	selfUser atomic.Pointer[string] // the bot's user ID, from auth.test
	rejected atomic.Pointer[error]  // why auth.test refused the token, if it did
	socketOn bool
	socketUp atomic.Bool
}

// New checks cfg and builds the adapter and its Web API client.
func New(cfg Config) (*Adapter, error) {
	if err := checkTokens(cfg); err != nil {
		return nil, err
	}
	a := &Adapter{
		files: download.Source{
			Hosts:  map[string]bool{"files.slack.com": true},
			Header: http.Header{"Authorization": {"Bearer " + cfg.BotToken}},
		},
		cache:    lru.New(cfg.AnswerCache, cachedAnswer.weight),
		bot:      cfg.Bot,
		log:      cfg.Log,
		metrics:  cfg.Metrics,
		goAsync:  cfg.Go,
		retry:    cfg.Retry,
		now:      cfg.Now,
		baseURL:  strings.TrimRight(cfg.BaseURL, "/"),
		secret:   []byte(cfg.SigningSecret),
		botToken: cfg.BotToken,
		appToken: cfg.AppToken,
		apiURL:   slackapi.APIURL,
		http:     cfg.HTTPClient,
		socketOn: cfg.AppToken != "",
		hooks:    map[string]bool{"hooks.slack.com": true, "hooks.slack-gov.com": true},
	}
	a.setDefaults(cfg)
	if err := a.setAPIURL(cfg.APIURL); err != nil {
		return nil, err
	}
	a.api = slackapi.New(a.botToken,
		slackapi.OptionAPIURL(a.apiURL),
		slackapi.OptionHTTPClient(a.http),
		// slack-go logs only in debug mode; keep it on our handler anyway.
		slackapi.OptionLog(slog.NewLogLogger(a.log.Handler(), slog.LevelDebug)))
	a.respond = func(ctx context.Context, u string, msg *slackapi.WebhookMessage) error {
		return slackapi.PostWebhookCustomHTTPContext(ctx, u, a.http, msg)
	}
	a.respondRaw = a.postJSON
	return a, nil
}

// checkTokens refuses a configuration that cannot work, naming the
// variable to fix.
func checkTokens(cfg Config) error {
	switch {
	case cfg.Bot == nil:
		return fmt.Errorf("%w: no bot", ErrConfig)
	case cfg.BotToken == "":
		return fmt.Errorf("%w: SLACK_BOT_TOKEN is empty", ErrConfig)
	case strings.HasPrefix(cfg.BotToken, "xapp-"):
		return fmt.Errorf("%w: SLACK_BOT_TOKEN holds an app-level token (xapp-…); use the bot token (xoxb-…)", ErrConfig)
	case cfg.AppToken != "" && !strings.HasPrefix(cfg.AppToken, "xapp-"):
		return fmt.Errorf("%w: SLACK_APP_TOKEN must be an app-level token (xapp-…) with connections:write", ErrConfig)
	case cfg.SigningSecret == "" && cfg.AppToken == "":
		return fmt.Errorf("%w: set SLACK_SIGNING_SECRET (HTTP) or SLACK_APP_TOKEN (Socket Mode)", ErrConfig)
	}
	return nil
}

// setDefaults fills what the configuration left out: logging, the core,
// dedup and rate limits, the store of questions behind buttons, the
// background runner, the retry policy, the clock and the HTTP client.
func (a *Adapter) setDefaults(cfg Config) {
	if a.log == nil {
		a.log = slog.New(slog.DiscardHandler)
	}
	a.log = a.log.With("adapter", platform)
	a.ask = cfg.Bot.Ask
	a.inlineWait = inlineWait
	a.guard = guard.New(platform, cfg.Dedup, cfg.Limiter, cfg.Metrics, a.log)
	a.refs = ref.New(ref.Store(cfg.Refs, a.guard.Dedup, nil), ref.Form{Sep: "\n", Max: responses.SlackMaxButtonValue, Count: ref.Bytes})
	if a.goAsync == nil {
		a.goAsync = func(f func()) { go f() }
	}
	if a.retry.Attempts == 0 {
		a.retry = retry.Default()
	}
	if a.now == nil {
		a.now = time.Now
	}
	if a.http == nil {
		a.http = &http.Client{Timeout: 10 * time.Second}
	}
}

// setAPIURL points the adapter at another Web API (a fake in tests, a proxy
// in a locked-down network), which also serves the response URLs and the
// files; "" keeps Slack's.
func (a *Adapter) setAPIURL(apiURL string) error {
	if apiURL == "" {
		return nil
	}
	u, err := url.Parse(apiURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("%w: SLACK_API_URL %q is not an http(s) URL", ErrConfig, apiURL)
	}
	a.apiURL = strings.TrimRight(apiURL, "/") + "/"
	a.hooks[u.Host] = true
	a.files.Hosts[u.Hostname()] = true
	a.files.PlainHTTP = u.Scheme == "http"
	return nil
}

// Name is the platform's name in logs and on /readyz.
func (a *Adapter) Name() string { return platform }

// Mount registers the HTTP endpoints when a signing secret is set to
// verify them; with Socket Mode only, there are none.
func (a *Adapter) Mount(mux *http.ServeMux) {
	if len(a.secret) == 0 {
		return
	}
	mux.HandleFunc("POST /slack/commands", a.Commands)
	mux.HandleFunc("POST /slack/events", a.Events)
	mux.HandleFunc("POST /slack/interactions", a.Interactions)
}

// Run verifies the bot token (Identify) and, with an app token, keeps the
// Socket Mode connection, until ctx ends. A rejected token is logged here
// and reported by Ready; it does not stop Socket Mode.
func (a *Adapter) Run(ctx context.Context) error {
	var wg sync.WaitGroup
	wg.Go(func() {
		if err := a.Identify(ctx); err != nil && ctx.Err() == nil {
			a.log.Error("slack bot token not usable", "err", safeErr(err))
		}
	})
	defer wg.Wait()
	if !a.socketOn {
		return nil
	}
	return a.RunSocket(ctx)
}

// Identify calls auth.test until it succeeds, learning the bot's own user
// ID (so the bot never answers itself) and proving the token works. It
// gives up on a rejected token and returns the error.
func (a *Adapter) Identify(ctx context.Context) error {
	for wait := time.Second; ; wait = min(2*wait, time.Minute) {
		var res *slackapi.AuthTestResponse
		err := a.call(ctx, "auth.test", func(ctx context.Context) error {
			var err error
			res, err = a.api.AuthTestContext(ctx)
			return err
		})
		if err == nil {
			id := res.UserID
			a.selfUser.Store(&id)
			a.log.Info("slack bot identified", "user_id", res.UserID, "team_id", res.TeamID)
			return nil
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if _, temporary, _ := classify(ctx, err); !temporary {
			err = fmt.Errorf("slack: bot token rejected by auth.test: %w", err)
			a.rejected.Store(&err)
			return err
		}
		a.log.Warn("slack auth.test failed; trying again", "err", safeErr(err), "in", wait)
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
	}
}

// Ready reports whether the adapter can answer: the bot token has been
// verified and, with Socket Mode on, the socket is connected.
func (a *Adapter) Ready() error {
	if p := a.rejected.Load(); p != nil {
		return *p
	}
	if a.selfUser.Load() == nil {
		return errNotIdentified
	}
	if a.socketOn && !a.socketUp.Load() {
		return errSocketDown
	}
	return nil
}

// self is the bot's user ID, "" before Identify succeeded.
func (a *Adapter) self() string {
	if p := a.selfUser.Load(); p != nil {
		return *p
	}
	return ""
}

// call runs one Web API call with retries on rate limits (honouring
// Retry-After), 5xx and network errors, counting every failure and retry.
// Logs never carry message text, tokens or response URLs.
func (a *Adapter) call(ctx context.Context, method string, op func(context.Context) error) error {
	err := a.retry.Do(ctx, func(ctx context.Context) error { return a.attempt(ctx, op) }, func(attempt int, wait time.Duration, err error) {
		a.metrics.APIRetry(platform)
		a.log.Warn("slack api call retried", "method", method, "attempt", attempt, "wait", wait, "err", safeErr(err))
	})
	if err != nil {
		return fmt.Errorf("slack: %s: %w", method, err)
	}
	return nil
}

// attempt runs op once, counting a failure by kind and marking it
// retry.Temporary when another attempt can help. The error's text carries
// no URL (a response_url is a bearer capability), for callers that log it
// without safeErr, as package share does.
func (a *Adapter) attempt(ctx context.Context, op func(context.Context) error) error {
	err := op(ctx)
	if err == nil {
		return nil
	}
	kind, temporary, after := classify(ctx, err)
	a.metrics.APIError(platform, kind)
	err = redacted{err}
	if temporary {
		return retry.Temporary(err, after)
	}
	return err
}

// redacted is err with safeErr's text.
type redacted struct{ err error }

func (e redacted) Error() string { return safeErr(e.err) }
func (e redacted) Unwrap() error { return e.err }

// classify sorts a Web API error: its metrics kind, whether trying again
// can help, and how long Slack asked us to wait. Only the caller's own
// context (ended: canceled or past its deadline) stops the retries; a call
// that timed out at the HTTP client, whose error also says "deadline
// exceeded", is a timeout and worth another attempt.
func classify(ctx context.Context, err error) (kind string, temporary bool, after time.Duration) {
	if ctx.Err() != nil {
		return "canceled", false, 0
	}
	if ne, ok := errors.AsType[net.Error](err); (ok && ne.Timeout()) || errors.Is(err, context.DeadlineExceeded) {
		return "timeout", true, 0
	}
	if rl, ok := errors.AsType[*slackapi.RateLimitedError](err); ok {
		return "429", true, rl.RetryAfter
	}
	if sc, ok := errors.AsType[slackapi.StatusCodeError](err); ok {
		switch {
		case sc.Code == http.StatusTooManyRequests:
			return "429", true, 0
		case sc.Code >= 500:
			return "5xx", true, 0
		}
		return "4xx", false, 0
	}
	if se, ok := errors.AsType[slackapi.SlackErrorResponse](err); ok {
		switch se.Err {
		case "ratelimited":
			return "429", true, 0
		case "internal_error", "fatal_error", "service_unavailable", "request_timeout":
			return "5xx", true, 0
		}
		return "api", false, 0
	}
	if _, ok := errors.AsType[net.Error](err); ok {
		return "network", true, 0
	}
	return "other", false, 0
}

// safeErr drops the URL from transport errors: a response_url is a bearer
// capability and must not reach the logs.
func safeErr(err error) string {
	if err == nil {
		return ""
	}
	msg := err.Error()
	if ue, ok := errors.AsType[*url.Error](err); ok && ue.URL != "" {
		msg = strings.ReplaceAll(msg, ue.URL, "[url]")
	}
	return msg
}

// allow applies the per-user and per-channel limits.
func (a *Adapter) allow(ctx context.Context, user, channel string) bool {
	return a.guard.Refused(ctx, user, channel) == ""
}

// first reports whether key is seen for the first time.
func (a *Adapter) first(ctx context.Context, key string, ttl time.Duration) bool {
	return a.guard.First(ctx, key, ttl)
}

// background runs f after the acknowledgement, with its own deadline: Slack
// has its answer by then and the request context is gone.
func (a *Adapter) background(parent context.Context, f func(ctx context.Context)) {
	ctx := context.WithoutCancel(parent)
	a.goAsync(func() {
		ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		defer cancel()
		f(ctx)
	})
}

// validResponseURL accepts only Slack's hook hosts (and the configured API
// host), so a response_url can never send our answer elsewhere.
func (a *Adapter) validResponseURL(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil || u.User != nil || !a.hooks[u.Host] {
		return false
	}
	switch u.Scheme {
	case "https":
		return true
	case "http":
		// Only the configured API host (a fake on loopback) may be plain HTTP.
		return !isSlackHook(u.Host)
	}
	return false
}

func isSlackHook(host string) bool { return host == "hooks.slack.com" || host == "hooks.slack-gov.com" }

// postJSON posts body to a response_url, with slack-go's error types so
// that call can classify failures.
func (a *Adapter) postJSON(ctx context.Context, u string, body []byte) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	res, err := a.http.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(res.Body, 64<<10))
	if res.StatusCode == http.StatusTooManyRequests {
		after, _ := strconv.Atoi(res.Header.Get("Retry-After"))
		return &slackapi.RateLimitedError{RetryAfter: time.Duration(after) * time.Second}
	}
	if res.StatusCode != http.StatusOK {
		return slackapi.StatusCodeError{Code: res.StatusCode, Status: res.Status}
	}
	return nil
}
