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

// ShortcutCallbackID is the callback_id of the "Explain SMTP codes" message
// shortcut, as declared in deploy/slack/manifest*.yaml.
const ShortcutCallbackID = "explain_smtp"

// Interactions handles POST /slack/interactions: the buttons (Share,
// Details, Short answer) and the "Explain SMTP codes" message shortcut.
// Slack wants a bare 200 at once; the answer goes through the response_url.
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

// interaction starts the answer to a button press or a shortcut, after the
// ack.
func (a *Adapter) interaction(ctx context.Context, cb slackapi.InteractionCallback) {
	switch cb.Type {
	case slackapi.InteractionTypeBlockActions:
	case slackapi.InteractionTypeMessageAction:
		if cb.CallbackID != ShortcutCallbackID {
			return
		}
		if !a.validResponseURL(cb.ResponseURL) {
			a.log.Warn("slack shortcut refused", "reason", "response_url is not a Slack hook")
			return
		}
		a.background(ctx, func(ctx context.Context) { a.explain(ctx, cb) })
		return
	default:
		return
	}
	var act *slackapi.BlockAction
	for _, b := range cb.ActionCallback.BlockActions {
		if b == nil {
			continue
		}
		switch b.ActionID {
		case responses.ShareActionID, responses.DetailsActionID, responses.ShortActionID:
			act = b
		}
		if act != nil {
			break
		}
	}
	if act == nil {
		return
	}
	if !a.validResponseURL(cb.ResponseURL) {
		a.log.Warn("slack button refused", "reason", "response_url is not a Slack hook", "action", act.ActionID)
		return
	}
	if act.ActionID == responses.ShareActionID {
		a.background(ctx, func(ctx context.Context) { a.share(ctx, cb, act.Value, act.ActionTs) })
		return
	}
	detail := responses.DetailFull
	if act.ActionID == responses.ShortActionID {
		detail = responses.DetailShort
	}
	a.background(ctx, func(ctx context.Context) { a.detail(ctx, cb, act.Value, detail) })
}

// detail answers Details and Short answer. On a private answer (a slash
// command's, a shortcut's) the message is replaced in place, keeping its
// Share button; on a public one (a mention reply) the other form is sent to
// the presser alone, leaving the channel's message as it is.
func (a *Adapter) detail(ctx context.Context, cb slackapi.InteractionCallback, value string, detail responses.Detail) {
	channel := cb.Channel.ID
	if channel == "" {
		channel = cb.Container.ChannelID
	}
	lang, question, ok := a.parseShareValue(ctx, value)
	if !ok {
		a.expired(ctx, cb)
		return
	}
	if !a.allow(ctx, cb.User.ID, channel) {
		if a.first(ctx, "slack:notice:"+cb.User.ID, noticeTTL) {
			n := a.notice(lang, question, noticeRateLimited)
			_ = a.post(ctx, cb.ResponseURL, &slackapi.WebhookMessage{ResponseType: slackapi.ResponseTypeEphemeral, Text: n.Text, Blocks: &n.Blocks})
		}
		return
	}
	start := time.Now()
	ans := a.ask(question, bot.Hints{Lang: lang})
	private := cb.Container.IsEphemeral
	o := responses.SlackOptions{Options: responses.Options{BaseURL: a.baseURL}, Detail: detail, Ref: value}
	if private && shareable(ans) {
		o.ShareValue = value
	}
	msg := responses.Slack(ans, o)
	a.answered(ans, start)
	no := false
	out := &slackapi.WebhookMessage{Text: msg.Text, Blocks: &msg.Blocks, UnfurlLinks: &no, UnfurlMedia: &no}
	if private {
		out.ReplaceOriginal = true
	} else {
		out.ResponseType = slackapi.ResponseTypeEphemeral
	}
	if err := a.post(ctx, cb.ResponseURL, out); err != nil {
		a.log.Error("slack details not delivered", "channel", channel, "err", safeErr(err))
	}
}

// explain answers the "Explain SMTP codes" shortcut on any message: the
// message's text (which comes in the payload) is the question, and the
// answer goes to the person who clicked, privately, with the Share button.
func (a *Adapter) explain(ctx context.Context, cb slackapi.InteractionCallback) {
	channel := cb.Channel.ID
	text := cb.Message.Text
	if !a.allow(ctx, cb.User.ID, channel) {
		if a.first(ctx, "slack:notice:"+cb.User.ID, noticeTTL) {
			n := a.notice("", text, noticeRateLimited)
			_ = a.post(ctx, cb.ResponseURL, &slackapi.WebhookMessage{ResponseType: slackapi.ResponseTypeEphemeral, Text: n.Text, Blocks: &n.Blocks})
		}
		return
	}
	if !bot.HasQuestion(text) && len(cb.Message.Files) > 0 {
		// A message carrying a bounce as a file: the file is the question.
		files := make([]file, 0, len(cb.Message.Files))
		for _, f := range cb.Message.Files {
			files = append(files, file{Name: f.Name, Mimetype: f.Mimetype, Size: int64(f.Size), URL: f.URLPrivateDownload})
		}
		if t, ok := a.fileText(ctx, files); ok {
			text = t
		}
	}
	var msg responses.SlackMessage
	if !bot.HasQuestion(text) {
		msg = a.notice("", text, noticeMentionHint)
	} else {
		start := time.Now()
		ans := a.ask(text, bot.Hints{})
		o := responses.SlackOptions{Options: responses.Options{BaseURL: a.baseURL}}
		if shareable(ans) {
			o.ShareValue = a.shareValue(ctx, ans.Lang, text)
			o.Ref = o.ShareValue
		}
		msg = responses.Slack(ans, o)
		a.answered(ans, start)
	}
	no := false
	if err := a.post(ctx, cb.ResponseURL, &slackapi.WebhookMessage{
		ResponseType: slackapi.ResponseTypeEphemeral, Text: msg.Text, Blocks: &msg.Blocks, UnfurlLinks: &no, UnfurlMedia: &no,
	}); err != nil {
		a.log.Error("slack shortcut answer not delivered", "channel", channel, "err", safeErr(err))
	}
}

// expired tells the presser the button's question is gone (kept for
// ref.TTL): asking again is the way.
func (a *Adapter) expired(ctx context.Context, cb slackapi.InteractionCallback) {
	n := a.notice("", "", noticeMentionHint)
	_ = a.post(ctx, cb.ResponseURL, &slackapi.WebhookMessage{ResponseType: slackapi.ResponseTypeEphemeral, Text: n.Text, Blocks: &n.Blocks})
}

// shareable reports whether an answer is worth a Share button: not help,
// not "not understood".
func shareable(ans bot.Answer) bool {
	return ans.Intent != bot.IntentHelp && ans.Intent != bot.IntentUnknown
}

// share posts the answer in the channel for everyone, crediting who shared
// it, then removes the private preview. Slack cannot turn an ephemeral
// message into a public one in place, so "replacing" the preview is a new
// in_channel message followed by delete_original. The public copy masks
// email addresses.
//
// The order matters. A replayed press (the same message and press time) is
// dropped first, before it can use up the user's rate or earn a notice;
// then the rate limit, whose notices are spaced as event notices are; then
// a second press on the same preview (a double click, or a press reaching
// another replica), which must not post the answer twice. A press refused
// by the rate limit leaves the preview shareable: only that press is
// remembered, not the message.
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
	lang, question, ok := a.parseShareValue(ctx, value)
	if !ok {
		a.expired(ctx, cb)
		return
	}
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
	ans := a.ask(question, bot.Hints{Lang: lang})
	msg := responses.Slack(ans, responses.SlackOptions{
		Options: responses.Options{BaseURL: a.baseURL, Public: true}, SharedBy: user,
		Ref: a.publicValue(ctx, lang, question),
	})
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
