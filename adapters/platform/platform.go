// Package platform is the contract between main and the ways people reach
// the bot (Slack, Discord, the web pages): each implements Platform, and
// main mounts, runs, checks and stops them all in one loop without knowing
// which is which.
//
// It holds no behaviour: what a platform does lives in its own package
// under adapters/, what it shows in its renderer in package responses.
package platform

import (
	"context"
	"log/slog"
	"net/http"

	"github.com/smtpbot/smtpbot/adapters/metrics"
	"github.com/smtpbot/smtpbot/adapters/state"
	"github.com/smtpbot/smtpbot/bot"
)

// Services are what main builds once and hands every chat platform: the
// core, where it logs and counts, the state the replicas share, where
// answers link to, and how work goes on after the platform was answered.
type Services struct {
	Bot     *bot.Bot
	Log     *slog.Logger     // nil discards
	Metrics *metrics.Metrics // nil counts nothing
	Dedup   state.Deduper    // nil: an in-memory one
	Limiter state.Limiter    // nil: no limit; keys "<platform>:user:<id>" and "<platform>:channel:<id>"
	// Refs keeps long questions behind buttons, for every replica. Nil:
	// Dedup when it is also a state.Refs (Redis, memory), else memory.
	Refs state.Refs
	// Go runs work that continues after the platform was acknowledged (a
	// deferred answer, a shared answer's post); the server tracks it so
	// that shutdown waits. Nil starts a plain goroutine.
	Go func(func())
	// BaseURL is the public web address; answers link to their page.
	BaseURL string
}

// Platform is one way people reach the bot.
type Platform interface {
	// Name names the platform in logs and on /readyz: "slack".
	Name() string
	// Mount registers the platform's HTTP routes, if it has any.
	Mount(mux *http.ServeMux)
	// Run keeps the platform's long-lived connections (Socket Mode, the
	// Discord gateway) until ctx ends, which is how a platform is stopped;
	// it returns once the work it started is done. A platform without
	// such connections returns nil at once.
	Run(ctx context.Context) error
	// Ready is nil when the platform can answer, for /readyz.
	Ready() error
}
