package bot

import (
	"testing"

	"github.com/smtpbot/smtpbot/catalog"
)

// TestAnswerCategory: the category the adapters count is the diagnosed
// reply's, and none for an answer that diagnoses no reply.
func TestAnswerCategory(t *testing.T) {
	b := newTestBot(t)
	for _, tc := range []struct {
		text string
		want catalog.Category
	}{
		{"550 5.2.2 mailbox full", catalog.CatMailboxFull},
		{"what is 552", catalog.CatNone},
		{"help", catalog.CatNone},
	} {
		a := b.Ask(tc.text, Hints{Lang: catalog.English})
		if got := a.Category(); got != tc.want {
			t.Errorf("Ask(%q).Category() = %q (intent %s), want %q", tc.text, got, a.Intent, tc.want)
		}
	}
}
