// Package catalogtest loads the embedded catalog for the tests of the
// packages built on it (bot, bot/bounce, responses, adapters, cmd, tests),
// so that each does not repeat the load and its failure. Package catalog's
// own tests cannot import it and have their own loadEmbedded.
package catalogtest

import (
	"testing"

	"github.com/smtpbot/smtpbot/catalog"
)

// Load returns the embedded catalog; a catalog that does not load fails
// the test.
func Load(t testing.TB) *catalog.Catalog {
	t.Helper()
	cat, err := catalog.Load(catalog.Embedded())
	if err != nil {
		t.Fatalf("the embedded catalog does not load:\n%v", err)
	}
	return cat
}
