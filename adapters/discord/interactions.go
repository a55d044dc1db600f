package discord

import (
	"context"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/smtpbot/smtpbot/adapters/internal/download"
	"github.com/smtpbot/smtpbot/adapters/internal/reqbody"
	"github.com/smtpbot/smtpbot/adapters/internal/share"
	"github.com/smtpbot/smtpbot/bot"
	"github.com/smtpbot/smtpbot/responses"
)

// MaxBody is the largest interaction accepted; larger bodies get 413.
// Real interactions are a few kilobytes.
const MaxBody = 64 << 10

// errUnsupported marks an interaction type this package does not handle.
var errUnsupported = errors.New("discord: unsupported interaction type")

// Interactions is the HTTP interactions endpoint
// (https://discord.com/developers/docs/interactions/overview#preparing-for-interactions).
// It verifies the Ed25519 signature with key and answers inline when the
// answer is ready within inlineWait (the core answers in microseconds), or
// defers it otherwise.
func (a *Adapter) Interactions(key ed25519.PublicKey) http.Handler {
	return &endpoint{a: a, key: key}
}

type endpoint struct {
	a   *Adapter
	key ed25519.PublicKey
}

func (h *endpoint) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	// Refused on the declared length first: a client declaring a huge body
	// is answered 413 at once, not waited for.
	body, err := reqbody.Read(w, r, MaxBody)
	if err != nil {
		h.a.log.Debug("discord: refused interaction", "err", err, "bytes", r.ContentLength)
		return
	}
	sig, ts := r.Header.Get("X-Signature-Ed25519"), r.Header.Get("X-Signature-Timestamp")
	if err := Verify(h.key, sig, ts, body, h.a.now()); err != nil {
		// Debug only: anyone can send forged requests, and must not fill the logs.
		h.a.log.Debug("discord: refused interaction", "err", err, "remote", r.RemoteAddr)
		http.Error(w, "invalid request signature", http.StatusUnauthorized)
		return
	}
	var i discordgo.Interaction
	if err := json.Unmarshal(body, &i); err != nil || i.Type == 0 {
		h.a.log.Warn("discord: malformed interaction", "err", err)
		http.Error(w, "malformed interaction", http.StatusBadRequest)
		return
	}
	resp, after, err := h.a.respond(r.Context(), &i)
	if err != nil {
		h.a.log.Warn("discord: cannot answer interaction", "type", int(i.Type), "err", err)
		http.Error(w, "unsupported interaction", http.StatusBadRequest)
		return
	}
	b, err := responses.DiscordInteractionJSON(resp)
	if err != nil {
		h.a.log.Error("discord: encode interaction response", "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(b)
	if after != nil {
		ctx := context.WithoutCancel(r.Context())
		h.a.goAsync(func() {
			ctx, cancel := context.WithTimeout(ctx, afterTimeout)
			defer cancel()
			after(ctx)
		})
	}
}

// afterTimeout bounds the work that follows a response: a deferred answer
// or a shared answer's post.
const afterTimeout = 30 * time.Second

// followWork is what runs once Discord has the response (nil for nothing).
type followWork = func(ctx context.Context)

// respond answers one interaction, from the endpoint or the gateway. after,
// when not nil, must run once the response is sent.
func (a *Adapter) respond(ctx context.Context, i *discordgo.Interaction) (resp *discordgo.InteractionResponse, after followWork, err error) {
	switch i.Type {
	case discordgo.InteractionPing:
		return &discordgo.InteractionResponse{Type: discordgo.InteractionResponsePong}, nil, nil
	case discordgo.InteractionApplicationCommand:
		resp, after = a.command(ctx, i)
		return resp, after, nil
	case discordgo.InteractionApplicationCommandAutocomplete:
		return a.autocomplete(i), nil, nil
	case discordgo.InteractionMessageComponent:
		resp, after = a.component(ctx, i)
		return resp, after, nil
	}
	return nil, nil, errUnsupported
}

// command answers /smtp, and "Explain SMTP codes" on a message, privately,
// with a button to share the answer.
func (a *Adapter) command(ctx context.Context, i *discordgo.Interaction) (*discordgo.InteractionResponse, followWork) {
	data, _ := i.Data.(discordgo.ApplicationCommandInteractionData)
	var q question
	var atts []*discordgo.MessageAttachment
	if data.CommandType == discordgo.MessageApplicationCommand {
		q = question{text: targetText(data), locale: string(i.Locale)}
		if data.Resolved != nil && data.Resolved.Messages[data.TargetID] != nil {
			atts = data.Resolved.Messages[data.TargetID].Attachments
		}
	} else {
		q = commandQuestion(data)
		q.locale = string(i.Locale)
	}
	if a.allowed(ctx, userID(i), i.ChannelID) != "" {
		return messageResponse(a.note(bot.NoticeRateLimited, q), true), nil
	}
	hasFile := false
	for _, at := range atts {
		hasFile = hasFile || (at != nil && download.Readable(at.Filename, at.ContentType))
	}
	if data.CommandType == discordgo.MessageApplicationCommand && !hasFile && strings.TrimSpace(bot.Clean(q.text)) == "" {
		return messageResponse(a.note(bot.NoticeAskAgain, q), true), nil
	}
	// A short question takes microseconds; a long paste or a download can
	// be slow, and is deferred when it is.
	quick := !hasFile && len(q.text) <= quickInput
	return a.inlineOrDeferred(ctx, i, quick, func(ctx context.Context) responses.DiscordMessage {
		if hasFile {
			text, _, ok := a.attachmentText(ctx, atts)
			if !ok {
				return a.note(bot.NoticeAskAgain, q)
			}
			q.text, q.file = text, true
		}
		ans := a.ask(q)
		o := responses.DiscordOptions{}
		if share.Worth(ans) {
			// Cleaned: the core ignores markup anyway, and a mention has no
			// business travelling in a custom_id.
			r := a.refs.Make(ctx, ans.Lang, q.ref())
			o.ShareID = responses.DiscordCustomID(responses.ShareActionID, r)
			o.Ref = r
		}
		return a.render(ans, o)
	})
}

// quickInput is the longest question always answered inline: a question
// about codes takes microseconds. A longer paste is the work that can be
// slow.
const quickInput = 512

// inlineOrDeferred answers privately with what compute makes: inline when
// quick, or when it is ready within inlineWait, otherwise
// with a deferred response ("thinking…", type 5) at once and the answer as
// an edit of it when ready, so that Discord's 3 seconds are never missed.
func (a *Adapter) inlineOrDeferred(ctx context.Context, i *discordgo.Interaction, quick bool, compute func(context.Context) responses.DiscordMessage) (*discordgo.InteractionResponse, followWork) {
	if quick {
		return messageResponse(compute(ctx), true), nil
	}
	done := make(chan responses.DiscordMessage, 1)
	ctx = context.WithoutCancel(ctx)
	a.goAsync(func() { done <- compute(ctx) })
	t := time.NewTimer(a.inlineWait)
	defer t.Stop()
	select {
	case m := <-done:
		return messageResponse(m, true), nil
	case <-t.C:
	}
	deferred := &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseDeferredChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{Flags: discordgo.MessageFlagsEphemeral},
	}
	return deferred, func(ctx context.Context) {
		select {
		case m := <-done:
			_ = a.editOriginal(ctx, i, m)
		case <-ctx.Done():
			a.log.Error("discord: slow answer abandoned", "err", ctx.Err())
		}
	}
}

// targetText is the text of the message a message command was used on,
// resolved in the interaction itself (no Message Content intent needed):
// its content and the text of its embeds, where bots put theirs.
func targetText(data discordgo.ApplicationCommandInteractionData) string {
	if data.Resolved == nil {
		return ""
	}
	m := data.Resolved.Messages[data.TargetID]
	if m == nil {
		return ""
	}
	parts := []string{m.Content}
	for _, e := range m.Embeds {
		if e == nil {
			continue
		}
		parts = append(parts, e.Title, e.Description)
		for _, f := range e.Fields {
			if f != nil {
				parts = append(parts, f.Name, f.Value)
			}
		}
	}
	return strings.TrimSpace(strings.Join(parts, "\n"))
}

// component handles the buttons. Details and Short answer switch a private
// answer between its two forms in place (UPDATE_MESSAGE), or, on a public
// answer, show the other form to the presser alone. Share goes through the
// Share flow (share.go).
func (a *Adapter) component(ctx context.Context, i *discordgo.Interaction) (*discordgo.InteractionResponse, followWork) {
	data, _ := i.Data.(discordgo.MessageComponentInteractionData)
	action, r, ok := responses.ParseDiscordCustomID(data.CustomID)
	if ok && action == responses.ShareActionID {
		return a.share(ctx, i, r)
	}
	var lang, text string
	if ok {
		lang, text, ok = a.refs.Get(ctx, r)
	}
	if !ok {
		// Not our button, or its question has expired: ask the user to
		// ask again rather than fail silently.
		return messageResponse(a.note(bot.NoticeAskAgain, question{locale: string(i.Locale)}), true), nil
	}
	q := question{lang: lang}
	q.text, q.intent, q.operands = asked(text)
	if a.allowed(ctx, userID(i), i.ChannelID) != "" {
		if a.guard.NoticeDue(ctx, userID(i)) {
			return messageResponse(a.note(bot.NoticeRateLimited, q), true), nil
		}
		return &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredMessageUpdate}, nil
	}
	ans := a.ask(q)
	o := responses.DiscordOptions{Ref: r, Detail: responses.DetailFull}
	if action == responses.ShortActionID {
		o.Detail = responses.DetailShort
	}
	if i.Message == nil || i.Message.Flags&discordgo.MessageFlagsEphemeral == 0 {
		return messageResponse(a.render(ans, o), true), nil
	}
	if share.Worth(ans) {
		o.ShareID = responses.DiscordCustomID(responses.ShareActionID, r)
	}
	return updateResponse(a.render(ans, o)), nil
}

// autocomplete proposes codes (or list filters) for the focused option:
// the core matches, as it does for chat; responses shapes the choices.
func (a *Adapter) autocomplete(i *discordgo.Interaction) *discordgo.InteractionResponse {
	data, _ := i.Data.(discordgo.ApplicationCommandInteractionData)
	name, value := focused(data.Options)
	lang := a.bot.Language("", question{locale: string(i.Locale)}.hints())
	suggest := a.bot.Suggest
	if name == OptClass {
		suggest = a.bot.Filters
	}
	return &discordgo.InteractionResponse{
		Type: discordgo.InteractionApplicationCommandAutocompleteResult,
		Data: &discordgo.InteractionResponseData{Choices: responses.DiscordChoices(value, suggest(value, lang, responses.DiscordMaxChoices))},
	}
}

// commandQuestion reads /smtp and its options: the subcommand chosen, as
// an intent, and the options as the user typed them, as its operands. The
// core gets no words of ours to read back ("vs", "list"). A diagnosis is
// the text pasted, read as any message is.
func commandQuestion(data discordgo.ApplicationCommandInteractionData) question {
	if data.Name != CommandName || len(data.Options) == 0 {
		return question{intent: bot.IntentHelp}
	}
	sub := data.Options[0]
	var ops []string
	opt := func(name string) {
		for _, o := range sub.Options {
			if s, ok := o.Value.(string); ok && o.Name == name {
				if s = strings.TrimSpace(s); s != "" {
					ops = append(ops, s)
				}
			}
		}
	}
	q := question{intent: bot.IntentHelp}
	switch sub.Name {
	case SubCompare:
		q.intent = bot.IntentCompare
		for _, n := range []string{OptCode1, OptCode2, OptCode3, OptCode4} {
			opt(n)
		}
	case SubExplain:
		q.intent = bot.IntentExplain
		opt(OptCode)
	case SubDiagnose:
		q.intent = bot.IntentDiagnose
		opt(OptText)
	case SubList:
		q.intent = bot.IntentList
		opt(OptClass)
	}
	q.operands = ops
	q.text = strings.Join(ops, " ")
	return q
}

// focused finds the option being typed, inside the subcommand.
func focused(opts []*discordgo.ApplicationCommandInteractionDataOption) (name, value string) {
	for _, o := range opts {
		if o.Focused {
			s, _ := o.Value.(string)
			return o.Name, s
		}
		if n, v := focused(o.Options); n != "" {
			return n, v
		}
	}
	return "", ""
}

// messageResponse wraps a rendered message as an interaction response,
// private to the user when ephemeral.
func messageResponse(m responses.DiscordMessage, ephemeral bool) *discordgo.InteractionResponse {
	d := &discordgo.InteractionResponseData{
		Content: m.Content, Embeds: m.Embeds, Components: m.Components, AllowedMentions: m.AllowedMentions,
	}
	if ephemeral {
		d.Flags = discordgo.MessageFlagsEphemeral
	}
	return &discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource, Data: d}
}

// updateResponse replaces the message the pressed button is on with m.
func updateResponse(m responses.DiscordMessage) *discordgo.InteractionResponse {
	r := messageResponse(m, false)
	r.Type = discordgo.InteractionResponseUpdateMessage
	return r
}

func userID(i *discordgo.Interaction) string {
	if u := userOf(i); u != nil {
		return u.ID
	}
	return ""
}
