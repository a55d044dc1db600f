package slack

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"time"

	slackapi "github.com/slack-go/slack"

	"github.com/smtpbot/smtpbot/adapters/internal/ref"
	"github.com/smtpbot/smtpbot/adapters/internal/share"
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
	lang, question, ok := a.refs.Get(ctx, value)
	if !ok {
		a.expired(ctx, cb)
		return
	}
	if !a.allow(ctx, cb.User.ID, channel) {
		a.limited(ctx, cb, lang, question)
		return
	}
	start := time.Now()
	ans := a.ask(ref.Asked(question, a.hints(lang)))
	private := cb.Container.IsEphemeral
	o := responses.SlackOptions{Options: responses.Options{BaseURL: a.baseURL}, Detail: detail, Ref: value}
	if private && share.Worth(ans) {
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
		a.limited(ctx, cb, "", text)
		return
	}
	hints := a.hints("")
	if !bot.HasQuestion(text) && len(cb.Message.Files) > 0 {
		// A message carrying a bounce as a file: the file is the question.
		files := make([]file, 0, len(cb.Message.Files))
		for _, f := range cb.Message.Files {
			files = append(files, file{Name: f.Name, Mimetype: f.Mimetype, Size: int64(f.Size), URL: f.URLPrivateDownload})
		}
		if t, ok := a.fileText(ctx, files); ok {
			text = t
			hints.Attachment = true
		}
	}
	var msg responses.SlackMessage
	if !bot.HasQuestion(text) {
		msg = a.notice("", text, bot.NoticeAskAgain)
	} else {
		start := time.Now()
		ans := a.ask(text, hints)
		o := responses.SlackOptions{Options: responses.Options{BaseURL: a.baseURL}}
		if share.Worth(ans) {
			o.ShareValue = a.refs.Make(ctx, ans.Lang, refText(text, hints))
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
	a.tellPresser(ctx, cb, a.notice("", "", bot.NoticeAskAgain))
}

// limited tells a presser refused by the rate limits so, unless they were
// told recently (guard.NoticeDue).
func (a *Adapter) limited(ctx context.Context, cb slackapi.InteractionCallback, lang, text string) {
	if a.guard.NoticeDue(ctx, cb.User.ID) {
		a.tellPresser(ctx, cb, a.notice(lang, text, bot.NoticeRateLimited))
	}
}

// tellPresser sends a note only the presser sees.
func (a *Adapter) tellPresser(ctx context.Context, cb slackapi.InteractionCallback, n responses.SlackMessage) {
	if err := a.post(ctx, cb.ResponseURL, &slackapi.WebhookMessage{ResponseType: slackapi.ResponseTypeEphemeral, Text: n.Text, Blocks: &n.Blocks}); err != nil {
		a.log.Warn("slack note not delivered", "err", safeErr(err))
	}
}

// share runs a Share press through the one Share flow (package share).
// A press is told apart from a replay by the message and its press time;
// the message is shared once.
func (a *Adapter) share(ctx context.Context, cb slackapi.InteractionCallback, value, press string) {
	channel := cb.Channel.ID
	if channel == "" {
		channel = cb.Container.ChannelID
	}
	pr := share.Press{Ref: value, User: cb.User.ID, Channel: channel, Hints: a.hints("")}
	if ts := cb.Container.MessageTs; ts != "" {
		pr.Message = channel + ":" + ts
		pr.ID = pr.Message + ":" + press
	}
	a.shareFlow().Press(ctx, pr, sharer{a: a, responseURL: cb.ResponseURL, user: cb.User.ID})
}

// shareFlow is the Share flow over this adapter's state.
func (a *Adapter) shareFlow() share.Flow {
	return share.Flow{
		Guard: a.guard, Refs: a.refs, Note: a.bot.Note, TTL: shareTTL, Retry: a.retry, Metrics: a.metrics, Log: a.log,
		Ask: func(text string, h bot.Hints) bot.Answer {
			start := time.Now()
			ans := a.ask(text, h)
			a.answered(ans, start)
			return ans
		},
	}
}

// sharer is Share on Slack, through the press's response_url. Slack cannot
// turn an ephemeral message into a public one in place, so the answer is
// posted in_channel and the preview then deleted (delete_original).
type sharer struct {
	a           *Adapter
	responseURL string
	user        string
}

func (s sharer) Notify(ctx context.Context, text string) error {
	n := note(text)
	return s.send(ctx, &slackapi.WebhookMessage{ResponseType: slackapi.ResponseTypeEphemeral, Text: n.Text, Blocks: &n.Blocks})
}

func (s sharer) Post(ctx context.Context, ans bot.Answer, ref string) error {
	msg := responses.Slack(ans, responses.SlackOptions{
		Options: responses.Options{BaseURL: s.a.baseURL, Public: true}, SharedBy: s.user, Ref: ref,
	})
	no := false
	return s.send(ctx, &slackapi.WebhookMessage{
		ResponseType: slackapi.ResponseTypeInChannel,
		Text:         msg.Text,
		Blocks:       &msg.Blocks,
		UnfurlLinks:  &no,
		UnfurlMedia:  &no,
	})
}

func (s sharer) Replace(ctx context.Context, _ bot.Answer) error {
	return s.send(ctx, &slackapi.WebhookMessage{DeleteOriginal: true})
}

// send makes one attempt; the flow retries.
func (s sharer) send(ctx context.Context, msg *slackapi.WebhookMessage) error {
	return s.a.attempt(ctx, func(ctx context.Context) error { return s.a.respond(ctx, s.responseURL, msg) })
}

// post sends msg to a response_url with the Web API retry policy.
func (a *Adapter) post(ctx context.Context, responseURL string, msg *slackapi.WebhookMessage) error {
	return a.call(ctx, "response_url", func(ctx context.Context) error {
		return a.respond(ctx, responseURL, msg)
	})
}
