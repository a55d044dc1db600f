package web

import (
	"net/http"
	"testing"

	"github.com/smtpbot/smtpbot/bot"
	"github.com/smtpbot/smtpbot/bot/bottest"
)

// The search page and the API ask the core as the web
// (bot.Hints.Platform), with the language of the path or parameter.
func TestAskNamesWeb(t *testing.T) {
	fx := newFixture(t, nil)
	var got []bot.Hints
	ask := fx.h.ask
	fx.h.ask = func(text string, h bot.Hints) bot.Answer { got = append(got, h); return ask(text, h) }
	for _, target := range []string{"/?q=550", "/vi/?q=550", "/api/ask?q=550"} {
		if rec := fx.get(t, target); rec.Code != http.StatusOK {
			t.Fatalf("%s: status %d", target, rec.Code)
		}
	}
	bottest.AskedAs(t, got, bot.Web, "/?q=550", "/vi/?q=550", "/api/ask?q=550")
	if got[1].Lang != "vi" {
		t.Errorf("/vi/ asked with %+v, want Lang vi", got[1])
	}
}
