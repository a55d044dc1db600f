package slack

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	slackapi "github.com/slack-go/slack"

	"github.com/smtpbot/smtpbot/adapters/internal/download"
	"github.com/smtpbot/smtpbot/bot"
	"github.com/smtpbot/smtpbot/responses"
)

const (
	// eventTTL outlasts Slack's retries (after about 1 minute, then 5).
	eventTTL = time.Hour
)

var errMalformed = errors.New("slack: malformed event")

// envelope is the outer Events API payload, decoded only as far as routing
// needs.
type envelope struct {
	Type           string          `json:"type"`
	Challenge      string          `json:"challenge"`
	EventID        string          `json:"event_id"`
	Event          json.RawMessage `json:"event"`
	Authorizations []struct {
		UserID string `json:"user_id"`
		IsBot  bool   `json:"is_bot"`
	} `json:"authorizations"`
}

// event is an app_mention or message event.
type event struct {
	Type        string          `json:"type"`
	Subtype     string          `json:"subtype"`
	User        string          `json:"user"`
	BotID       string          `json:"bot_id"`
	Text        string          `json:"text"`
	TS          string          `json:"ts"`
	ThreadTS    string          `json:"thread_ts"`
	Channel     string          `json:"channel"`
	ChannelType string          `json:"channel_type"`
	Edited      json.RawMessage `json:"edited"`
	Files       []file          `json:"files"` // a file sent with a DM (subtype file_share)
}

// file is a file shared in a message, as the event describes it.
type file struct {
	Name     string `json:"name"`
	Mimetype string `json:"mimetype"`
	Size     int64  `json:"size"`
	URL      string `json:"url_private_download"`
}

// Events handles POST /slack/events. It acknowledges at once and answers
// later through chat.postMessage; Slack's retries (X-Slack-Retry-Num) of an
// event already seen are dropped by event_id.
func (a *Adapter) Events(w http.ResponseWriter, r *http.Request) {
	body, ok := a.readVerified(w, r)
	if !ok {
		return
	}
	challenge, err := a.acceptEvent(r.Context(), body, r.Header.Get("X-Slack-Retry-Num"))
	if err != nil {
		a.log.Debug("slack event refused", "reason", err)
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	if challenge != "" {
		writeJSON(w, map[string]string{"challenge": challenge})
		return
	}
	w.WriteHeader(http.StatusOK)
}

// acceptEvent decodes an Events API payload, drops what the bot does not
// answer and duplicates, and schedules the answer. For url_verification it
// returns the challenge to echo.
func (a *Adapter) acceptEvent(ctx context.Context, body []byte, retryNum string) (challenge string, err error) {
	var env envelope
	if err := json.Unmarshal(body, &env); err != nil {
		return "", fmt.Errorf("%w: %v", errMalformed, err)
	}
	switch env.Type {
	case "url_verification":
		if env.Challenge == "" {
			return "", fmt.Errorf("%w: url_verification without challenge", errMalformed)
		}
		return env.Challenge, nil
	case "app_rate_limited":
		a.log.Warn("slack is dropping events: the app exceeded its event rate")
		return "", nil
	case "event_callback":
	case "":
		return "", fmt.Errorf("%w: no type", errMalformed)
	default:
		return "", nil
	}
	var ev event
	if len(env.Event) == 0 {
		return "", fmt.Errorf("%w: event_callback without event", errMalformed)
	}
	if err := json.Unmarshal(env.Event, &ev); err != nil {
		return "", fmt.Errorf("%w: %v", errMalformed, err)
	}
	if why := a.ignore(env, ev); why != "" {
		a.log.Debug("slack event ignored", "type", ev.Type, "subtype", ev.Subtype, "why", why)
		return "", nil
	}
	if env.EventID != "" && !a.first(ctx, "slack:event:"+env.EventID, eventTTL) {
		a.metrics.Duplicate(platform)
		a.log.Debug("slack event already answered", "event_id", env.EventID, "retry", retryNum)
		return "", nil
	}
	a.background(ctx, func(ctx context.Context) { a.answerEvent(ctx, ev) })
	return "", nil
}

// ignore says why an event gets no answer, or "" when it gets one. The bot
// answers people only: never bots, never itself, never edits or deletions,
// and a channel message only when it mentions the bot (app_mention; a
// mention in a DM arrives as message.im too, which answers it).
func (a *Adapter) ignore(env envelope, ev event) string {
	switch {
	case ev.Type == "app_mention" && strings.HasPrefix(ev.Channel, "D"):
		return "mention in a DM (answered as message.im)"
	case ev.Type == "message" && ev.ChannelType != "im":
		return "channel message without mention"
	case ev.Type != "app_mention" && ev.Type != "message":
		return "event type not handled"
	case ev.BotID != "" || ev.Subtype == "bot_message":
		return "from a bot"
	case (ev.Subtype != "" && !(ev.Subtype == "file_share" && ev.ChannelType == "im")) || len(ev.Edited) > 0:
		return "edit, deletion or other message change"
	case ev.User == "" || ev.Channel == "":
		return "no user or channel"
	case ev.User == a.self():
		return "from the bot itself"
	}
	for _, au := range env.Authorizations {
		if au.IsBot && au.UserID == ev.User {
			return "from the bot itself"
		}
	}
	return ""
}

// answerEvent answers a mention in its thread, or a DM in the DM.
func (a *Adapter) answerEvent(ctx context.Context, ev event) {
	thread := ev.ThreadTS
	if ev.Type == "app_mention" && thread == "" {
		thread = ev.TS
	}
	withFile := len(ev.Files) > 0 && ev.ChannelType == "im"
	if !bot.HasQuestion(ev.Text) && !withFile {
		a.tell(ctx, ev, bot.NoticeAskAgain)
		return
	}
	if !a.allow(ctx, ev.User, ev.Channel) {
		if a.guard.NoticeDue(ctx, ev.User) {
			a.tell(ctx, ev, bot.NoticeRateLimited)
		}
		return
	}
	hints := a.hints("")
	if withFile {
		// A bounce saved as a file: the file is the question.
		text, ok := a.fileText(ctx, ev.Files)
		if !ok {
			a.tell(ctx, ev, bot.NoticeAskAgain)
			return
		}
		ev.Text = text
		hints.Attachment = true
	}
	start := time.Now()
	ans := a.ask(ev.Text, hints)
	// A mention is answered in the channel, for everyone: no addresses.
	public := ev.ChannelType != "im" && !strings.HasPrefix(ev.Channel, "D")
	o := responses.SlackOptions{Options: responses.Options{BaseURL: a.baseURL, Public: public}}
	if public {
		o.Ref = a.refs.Public(ctx, ans.Lang, refText(ev.Text, hints))
	} else {
		o.Ref = a.refs.Make(ctx, ans.Lang, refText(ev.Text, hints))
	}
	msg := responses.Slack(ans, o)
	a.answered(ans, start)
	opts := []slackapi.MsgOption{
		slackapi.MsgOptionText(msg.Text, false),
		slackapi.MsgOptionBlocks(msg.Blocks.BlockSet...),
		slackapi.MsgOptionDisableLinkUnfurl(),
		slackapi.MsgOptionDisableMediaUnfurl(),
	}
	if thread != "" {
		opts = append(opts, slackapi.MsgOptionTS(thread))
	}
	err := a.call(ctx, "chat.postMessage", func(ctx context.Context) error {
		_, _, err := a.api.PostMessageContext(ctx, ev.Channel, opts...)
		return err
	})
	if err != nil {
		a.log.Error("slack answer not posted", "event", ev.Type, "channel", ev.Channel, "err", safeErr(err))
	}
}

// tell sends a one-line notice only the asker sees. In a channel it stays
// out of the thread unless the question was already in one: Slack hides
// ephemeral messages in threads that are not open.
func (a *Adapter) tell(ctx context.Context, ev event, kind bot.Notice) {
	n := a.notice("", ev.Text, kind)
	opts := []slackapi.MsgOption{slackapi.MsgOptionText(n.Text, false), slackapi.MsgOptionBlocks(n.Blocks.BlockSet...)}
	if ev.ThreadTS != "" {
		opts = append(opts, slackapi.MsgOptionTS(ev.ThreadTS))
	}
	err := a.call(ctx, "chat.postEphemeral", func(ctx context.Context) error {
		_, err := a.api.PostEphemeralContext(ctx, ev.Channel, ev.User, opts...)
		return err
	})
	if err != nil {
		a.log.Error("slack notice not posted", "event", ev.Type, "channel", ev.Channel, "err", safeErr(err))
	}
}

// fileText downloads the first readable file (an .eml or text file, within
// download.MaxSize) from Slack's file host with the bot token (files:read).
// ok is false when there is none or it cannot be read; the reason is
// logged, never the file.
func (a *Adapter) fileText(ctx context.Context, files []file) (string, bool) {
	for _, f := range files {
		if !download.Readable(f.Name, f.Mimetype) {
			continue
		}
		if f.Size > download.MaxSize {
			a.log.Info("slack file refused", "reason", "too large", "bytes", f.Size)
			return "", false
		}
		b, err := a.files.Get(ctx, a.http, f.URL, download.MaxSize)
		if err != nil {
			a.log.Warn("slack file not read", "err", err)
			return "", false
		}
		return string(b), true
	}
	a.log.Debug("slack files ignored", "reason", "no .eml or text file", "files", len(files))
	return "", false
}
