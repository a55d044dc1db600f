// Package bottest builds the bot over the embedded catalog, for the tests
// of every package that answers questions (responses, adapters, cmd), and
// checks how an adapter asked it (AskedAs).
package bottest

import (
	"strings"
	"testing"

	"github.com/smtpbot/smtpbot/bot"
	"github.com/smtpbot/smtpbot/catalog/catalogtest"
)

// New returns a bot over the embedded catalog; a catalog that does not
// load fails the test.
func New(t testing.TB, opts ...bot.Option) *bot.Bot {
	t.Helper()
	return bot.New(catalogtest.Load(t), opts...)
}

// AskedAs checks the hints a recording core saw: one question for each of
// which (what should have asked, in order), each asked from platform p.
func AskedAs(t testing.TB, got []bot.Hints, p bot.Platform, which ...string) {
	t.Helper()
	if len(got) != len(which) {
		t.Fatalf("%d questions reached the core, want %d (%s)", len(got), len(which), strings.Join(which, ", "))
	}
	for i, h := range got {
		if h.Platform != p {
			t.Errorf("question %d (%s) asked with %+v, want Platform %q", i, which[i], h, p)
		}
	}
}

// Chose checks the subcommand each recorded question named (Hints.Intent,
// "" for text read as a message), in order, and that one named carries
// operands = the options as typed, when operands is given for it.
func Chose(t testing.TB, got []bot.Hints, want []bot.Intent, operands map[int][]string) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%d questions reached the core, want %d", len(got), len(want))
	}
	for i, h := range got {
		if h.Intent != want[i] {
			t.Errorf("question %d asked with intent %q, want %q (%+v)", i, h.Intent, want[i], h)
		}
		if ops, ok := operands[i]; ok && strings.Join(h.Operands, "\x00") != strings.Join(ops, "\x00") {
			t.Errorf("question %d asked with operands %q, want %q", i, h.Operands, ops)
		}
	}
}
