package bot

import (
	"testing"

	"github.com/smtpbot/smtpbot/catalog"
)

// TestAnswerCategory: the category the adapters count is the diagnosed
// reply's, and none for an answer that diagnoses no reply.
func TestAnswerCategory(t *testing.T) {
	b := newTestBot(t)
	en := Hints{Lang: catalog.English}
	diagnosis := b.Ask("550 5.2.2 mailbox full", en)
	if got := diagnosis.Category(); got != catalog.CatMailboxFull {
		t.Errorf("a pasted reply: Category() = %q (intent %s), want %q", got, diagnosis.Intent, catalog.CatMailboxFull)
	}
	explain := b.Ask("what is 552", en)
	if got := explain.Category(); got != catalog.CatNone || explain.Card == nil {
		t.Errorf("an explained code: Category() = %q (intent %s), want none", got, explain.Intent)
	}
}
