package discord

import (
	"time"

	"github.com/smtpbot/smtpbot/bot"
)

// SlowDown makes the core wait (delay runs before each answer) and sets
// the inline window, to test deferred answers.
func SlowDown(a *Adapter, delay func(text string, h bot.Hints), inline time.Duration) {
	fast := a.answer
	a.answer = func(text string, h bot.Hints) bot.Answer { delay(text, h); return fast(text, h) }
	a.inlineWait = inline
}

// AdapterOf is the adapter behind a gateway.
func AdapterOf(g *Gateway) *Adapter { return g.a }
