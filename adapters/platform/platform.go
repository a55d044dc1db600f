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
	"net/http"
)

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
