// Package share is the Share button, the same on every chat platform: which
// presses post, in what order the checks run, what the presser is told, and
// that the answer they saw is posted once, publicly, before their private
// copy is replaced. A platform implements Platform (tell the presser, post,
// replace the private copy) with its own API calls and nothing else.
//
// The order matters. A replayed press (the platform delivering the same
// press again) is dropped first, before it can use up the user's rate or
// earn a note; then the question behind the button is looked up (it may
// have expired); then the rate limit, whose notes are spaced
// (guard.NoticeDue); then a second press on the same message (a double
// click, a press reaching another replica), which must not post twice. A
// press refused by the rate limit leaves the message shareable: only that
// press is remembered, not the message.
//
// It does not render: the platform lays out the answer and the notes.
package share

import (
	"context"
	"log/slog"
	"time"

	"github.com/smtpbot/smtpbot/adapters/internal/guard"
	"github.com/smtpbot/smtpbot/adapters/internal/ref"
	"github.com/smtpbot/smtpbot/adapters/internal/retry"
	"github.com/smtpbot/smtpbot/adapters/metrics"
	"github.com/smtpbot/smtpbot/bot"
)

// Platform is what a chat platform does for Share. Each method makes one
// attempt: an error worth another attempt is a retry.Temporary one, and
// the flow tries again within its policy. Errors are logged by the flow, so
// they must not carry secrets (a Slack response_url, a Discord token).
type Platform interface {
	// Notify tells the presser alone text, already in their language.
	Notify(ctx context.Context, text string) error
	// Post posts ans for everyone in the channel, crediting the presser,
	// with addresses masked; ref names the question for the public copy's
	// buttons (always a stored key, so the question does not travel in a
	// public message). A platform that must answer the press before it may
	// post (Discord's follow-up messages) schedules the post here and
	// reports its failure itself.
	Post(ctx context.Context, ans bot.Answer, ref string) error
	// Replace replaces the presser's private copy, once the answer is
	// posted: a line saying it was shared, or nothing at all.
	Replace(ctx context.Context, ans bot.Answer) error
}

// Press is one press of a Share button, as the platform reports it.
type Press struct {
	Ref           string // what the button carries (package ref)
	User, Channel string // for the rate limits
	// ID names this press, the same when the platform delivers it again;
	// "" when the platform gives nothing to tell a replay by.
	ID string
	// Message names the message the button is on, which is shared once;
	// "" when unknown.
	Message string
	// Hints are the platform's (Platform, Locale): the language of a note
	// when the button's question is gone.
	Hints bot.Hints
}

// Outcome is what a press came to, for tests and logs.
type Outcome int

// Outcomes.
const (
	Shared        Outcome = iota // posted (the private copy may have stayed)
	Replayed                     // the same press again: nothing done
	Expired                      // the button's question is gone: told to ask again
	Limited                      // refused by the rate limits: told so, unless told recently
	AlreadyShared                // the message was shared before: nothing done
	Failed                       // the post failed for good: the private copy stays
)

// Flow shares answers for one platform. Every field but Log, Metrics and
// Retry is required; zero Retry makes one attempt.
type Flow struct {
	// Guard deduplicates presses and messages, applies the rate limits and
	// spaces notes; its Platform prefixes every key.
	Guard guard.Guard
	// Refs finds the question behind a button and keeps the public copy's.
	Refs *ref.Refs
	// Ask is the core, counting the answer as the platform counts answers.
	Ask func(text string, h bot.Hints) bot.Answer
	// Note is bot.Note: what a note says, in the presser's language.
	Note func(n bot.Notice, text string, h bot.Hints) string
	// TTL is how long a press and a shared message are remembered: as long
	// as the platform lets a press be answered.
	TTL     time.Duration
	Retry   retry.Policy
	Metrics *metrics.Metrics
	Log     *slog.Logger
}

// Press runs one Share press to its end on p.
func (f Flow) Press(ctx context.Context, pr Press, p Platform) Outcome {
	prefix := f.Guard.Platform + ":"
	if pr.ID != "" && !f.Guard.First(ctx, prefix+"press:"+pr.ID, f.TTL) {
		f.Metrics.Duplicate(f.Guard.Platform)
		return Replayed
	}
	lang, question, ok := f.Refs.Get(ctx, pr.Ref)
	if !ok {
		f.notify(ctx, p, f.Note(bot.NoticeAskAgain, "", pr.Hints))
		return Expired
	}
	h := pr.Hints
	h.Lang = lang
	text, h := ref.Asked(question, h)
	if f.Guard.Refused(ctx, pr.User, pr.Channel) != "" {
		if f.Guard.NoticeDue(ctx, pr.User) {
			f.notify(ctx, p, f.Note(bot.NoticeRateLimited, text, h))
		}
		return Limited
	}
	if pr.Message != "" && !f.Guard.First(ctx, prefix+"share:"+pr.Message, f.TTL) {
		f.Metrics.Duplicate(f.Guard.Platform)
		return AlreadyShared
	}
	ans := f.Ask(text, h)
	public := f.Refs.Public(ctx, lang, question)
	if err := f.do(ctx, "post", func(ctx context.Context) error { return p.Post(ctx, ans, public) }); err != nil {
		f.log().Error("share not posted", "platform", f.Guard.Platform, "err", err)
		// Nothing went out: the message may be shared again.
		if pr.Message != "" {
			f.Guard.Forget(context.WithoutCancel(ctx), prefix+"share:"+pr.Message)
		}
		return Failed
	}
	if err := f.do(ctx, "replace", func(ctx context.Context) error { return p.Replace(ctx, ans) }); err != nil {
		// The answer is out; a leftover private copy is harmless.
		f.log().Warn("shared answer's private copy not replaced", "platform", f.Guard.Platform, "err", err)
	}
	return Shared
}

// Worth reports whether an answer is worth a Share button: not help, not
// "not understood", which say nothing the channel needs.
func Worth(ans bot.Answer) bool {
	return ans.Intent != bot.IntentHelp && ans.Intent != bot.IntentUnknown
}

func (f Flow) notify(ctx context.Context, p Platform, text string) {
	if err := f.do(ctx, "notify", func(ctx context.Context) error { return p.Notify(ctx, text) }); err != nil {
		f.log().Error("share note not delivered", "platform", f.Guard.Platform, "err", err)
	}
}

// do runs one platform call within the retry policy, counting and logging
// each retry.
func (f Flow) do(ctx context.Context, what string, op func(context.Context) error) error {
	return f.Retry.Do(ctx, op, func(attempt int, wait time.Duration, err error) {
		f.Metrics.APIRetry(f.Guard.Platform)
		f.log().Warn("share call retried", "platform", f.Guard.Platform, "call", what, "attempt", attempt, "wait", wait, "err", err)
	})
}

func (f Flow) log() *slog.Logger {
	if f.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return f.Log
}
