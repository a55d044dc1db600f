package discord

import (
	"time"

	"github.com/smtpbot/smtpbot/bot"
)

// SlowDown makes the core wait (delay runs before each answer) and sets
// the inline window, to test deferred answers.
func SlowDown(a *Adapter, delay func(q bot.Query, lang string), inline time.Duration) {
	fast := a.answer
	a.answer = func(q bot.Query, lang string) bot.Answer { delay(q, lang); return fast(q, lang) }
	a.inlineWait = inline
}

// AdapterOf is the adapter behind a gateway.
func AdapterOf(g *Gateway) *Adapter { return g.a }
