package slack

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"time"

	slackapi "github.com/slack-go/slack"

	"github.com/smtpbot/smtpbot/bot"
	"github.com/smtpbot/smtpbot/responses"
)

// shareTTL is how long a pressed Share button is remembered: as long as
// Slack keeps its response_url valid.
const shareTTL = 30 * time.Minute

// Interactions handles POST /slack/interactions: the Share button. Slack
// wants a bare 200 at once; the answer goes through the response_url.
func (a *Adapter) Interactions(w http.ResponseWriter, r *http.Request) {
	body, ok := a.readVerified(w, r)
	if !ok {
		return
	}
	v, err := url.ParseQuery(string(body))
	if err != nil || v.Get("payload") == "" {
		a.log.Debug("slack interaction refused", "reason", "malformed form")
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	var cb slackapi.InteractionCallback
	if err := json.Unmarshal([]byte(v.Get("payload")), &cb); err != nil {
		a.log.Debug("slack interaction refused", "reason", "malformed payload")
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	w.WriteHeader(http.StatusOK)
	a.interaction(r.Context(), cb)
}

// interaction starts the answer to a button press, after the ack.
func (a *Adapter) interaction(ctx context.Context, cb slackapi.InteractionCallback) {
	if cb.Type != slackapi.InteractionTypeBlockActions {
		return
	}
	value, press, found := "", "", false
	for _, act := range cb.ActionCallback.BlockActions {
		if act != nil && act.ActionID == responses.ShareActionID {
			value, press, found = act.Value, act.ActionTs, true
			break
		}
	}
	if !found {
		return
	}
	if !a.validResponseURL(cb.ResponseURL) {
		a.log.Warn("slack share refused", "reason", "response_url is not a Slack hook")
		return
	}
	a.background(ctx, func(ctx context.Context) { a.share(ctx, cb, value, press) })
}

// share posts the answer in the channel for everyone, crediting who shared
// it, then removes the private preview. Slack cannot turn an ephemeral
// message into a public one in place, so "replacing" the preview is a new
// in_channel message followed by delete_original.
//
// The order matters. A replayed press (the same message and press time) is
// dropped first, before it can use up the user's rate or earn a notice;
// then the rate limit, whose notices are spaced as event notices are; then
// a second press on the same preview (a double click), which must not post
// the answer twice. A press refused by the rate limit leaves the preview
// shareable: only that press is remembered, not the message.
func (a *Adapter) share(ctx context.Context, cb slackapi.InteractionCallback, value, press string) {
	channel := cb.Channel.ID
	if channel == "" {
		channel = cb.Container.ChannelID
	}
	user := cb.User.ID
	msgKey := "slack:share:" + channel + ":" + cb.Container.MessageTs
	if cb.Container.MessageTs != "" && !a.first(ctx, msgKey+":"+press, shareTTL) {
		a.metrics.Duplicate(platform)
		return
	}
	lang, question := parseShareValue(value)
	if !a.allow(ctx, user, channel) {
		if !a.first(ctx, "slack:notice:"+user, noticeTTL) {
			return
		}
		n := a.notice(lang, question, noticeRateLimited)
		if err := a.post(ctx, cb.ResponseURL, &slackapi.WebhookMessage{ResponseType: slackapi.ResponseTypeEphemeral, Text: n.Text, Blocks: &n.Blocks}); err != nil {
			a.log.Error("slack rate-limit notice not delivered", "err", safeErr(err))
		}
		return
	}
	if cb.Container.MessageTs != "" && !a.first(ctx, msgKey, shareTTL) {
		a.metrics.Duplicate(platform)
		return
	}
	start := time.Now()
	ans := a.bot.Ask(question, bot.Hints{Lang: lang})
	msg := responses.Slack(ans, responses.SlackOptions{Options: responses.Options{BaseURL: a.baseURL}, SharedBy: user, Ref: value})
	a.answered(ans, start)
	no := false
	if err := a.post(ctx, cb.ResponseURL, &slackapi.WebhookMessage{
		ResponseType: slackapi.ResponseTypeInChannel,
		Text:         msg.Text,
		Blocks:       &msg.Blocks,
		UnfurlLinks:  &no,
		UnfurlMedia:  &no,
	}); err != nil {
		a.log.Error("slack share not posted", "channel", channel, "err", safeErr(err))
		return
	}
	if err := a.post(ctx, cb.ResponseURL, &slackapi.WebhookMessage{DeleteOriginal: true}); err != nil {
		// The answer is out; a leftover preview only the sharer sees is harmless.
		a.log.Warn("slack share preview not removed", "channel", channel, "err", safeErr(err))
	}
}

// post sends msg to a response_url with the Web API retry policy.
func (a *Adapter) post(ctx context.Context, responseURL string, msg *slackapi.WebhookMessage) error {
	return a.call(ctx, "response_url", func(ctx context.Context) error {
		return a.respond(ctx, responseURL, msg)
	})
}
