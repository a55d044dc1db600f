// Package bottest builds the bot over the embedded catalog, for the tests
// of every package that answers questions (responses, adapters, cmd).
package bottest

import (
	"testing"

	"github.com/smtpbot/smtpbot/bot"
	"github.com/smtpbot/smtpbot/catalog"
)

// New returns a bot over the embedded catalog; a catalog that does not
// load fails the test.
func New(t testing.TB, opts ...bot.Option) *bot.Bot {
	t.Helper()
	cat, err := catalog.Load(catalog.Embedded())
	if err != nil {
		t.Fatalf("load catalog: %v", err)
	}
	return bot.New(cat, opts...)
}
