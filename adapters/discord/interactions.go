package discord

import (
	"context"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"net/http"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/smtpbot/smtpbot/adapters/internal/reqbody"
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
// It verifies the Ed25519 signature with key and answers inline: the core
// answers in microseconds, well within Discord's 3 seconds.
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
	resp, err := h.a.respond(r.Context(), &i)
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
}

// respond answers one interaction, from the endpoint or the gateway.
func (a *Adapter) respond(ctx context.Context, i *discordgo.Interaction) (*discordgo.InteractionResponse, error) {
	switch i.Type {
	case discordgo.InteractionPing:
		return &discordgo.InteractionResponse{Type: discordgo.InteractionResponsePong}, nil
	case discordgo.InteractionApplicationCommand:
		return a.command(ctx, i), nil
	case discordgo.InteractionApplicationCommandAutocomplete:
		return a.autocomplete(i), nil
	case discordgo.InteractionMessageComponent:
		return a.component(ctx, i), nil
	}
	return nil, errUnsupported
}

// command answers /smtp privately, with a button to share the answer.
func (a *Adapter) command(ctx context.Context, i *discordgo.Interaction) *discordgo.InteractionResponse {
	data, _ := i.Data.(discordgo.ApplicationCommandInteractionData)
	text, typed := commandText(data)
	q := question{text: text, typed: typed, locale: string(i.Locale)}
	if a.allowed(ctx, userID(i), i.ChannelID) != "" {
		return messageResponse(responses.DiscordNote(a.frame(q).RateLimited), true)
	}
	ans := a.ask(q)
	o := responses.DiscordOptions{}
	if ans.Intent != bot.IntentUnknown && ans.Intent != bot.IntentHelp {
		// Cleaned: the core ignores markup anyway, and a mention has no
		// business travelling in a custom_id.
		o.ShareID = a.shareID(ans.Lang, bot.Clean(q.text))
		o.Ref = strings.TrimPrefix(o.ShareID, sharePrefix)
	}
	return messageResponse(a.render(ans, o), true)
}

// component handles the Share button: the same question answered again,
// publicly in the channel, crediting who shared it.
func (a *Adapter) component(ctx context.Context, i *discordgo.Interaction) *discordgo.InteractionResponse {
	data, _ := i.Data.(discordgo.MessageComponentInteractionData)
	lang, text, ok := a.parseShareID(data.CustomID)
	if !ok {
		// Not our button, or a long question from before a restart: ask
		// the user to ask again rather than fail silently.
		return messageResponse(responses.DiscordNote(a.frame(question{locale: string(i.Locale)}).MentionHint), true)
	}
	if a.allowed(ctx, userID(i), i.ChannelID) != "" {
		return messageResponse(responses.DiscordNote(a.frame(question{text: text, lang: lang}).RateLimited), true)
	}
	ans := a.ask(question{text: text, lang: lang})
	return messageResponse(a.render(ans, responses.DiscordOptions{SharedBy: displayName(i), Ref: strings.TrimPrefix(data.CustomID, sharePrefix)}), false)
}

// autocomplete proposes codes (or list filters) for the focused option:
// the core matches, as it does for chat; responses shapes the choices.
func (a *Adapter) autocomplete(i *discordgo.Interaction) *discordgo.InteractionResponse {
	data, _ := i.Data.(discordgo.ApplicationCommandInteractionData)
	name, value := focused(data.Options)
	lang := a.bot.Language("", bot.Hints{Locale: string(i.Locale)})
	suggest := a.bot.Suggest
	if name == OptClass {
		suggest = a.bot.Filters
	}
	return &discordgo.InteractionResponse{
		Type: discordgo.InteractionApplicationCommandAutocompleteResult,
		Data: &discordgo.InteractionResponseData{Choices: responses.DiscordChoices(value, suggest(value, lang, responses.DiscordMaxChoices))},
	}
}

// commandText turns /smtp and its options into the question the core
// understands, the same words a user would type in a message, and returns
// apart what the user typed in the options.
func commandText(data discordgo.ApplicationCommandInteractionData) (text, typed string) {
	if data.Name != CommandName || len(data.Options) == 0 {
		return "help", ""
	}
	sub := data.Options[0]
	var values []string
	opt := func(name string) string {
		for _, o := range sub.Options {
			if o.Name == name {
				if s, ok := o.Value.(string); ok {
					s = strings.TrimSpace(s)
					if s != "" {
						values = append(values, s)
					}
					return s
				}
			}
		}
		return ""
	}
	switch sub.Name {
	case SubCompare:
		var codes []string
		for _, n := range []string{OptCode1, OptCode2, OptCode3, OptCode4} {
			if c := opt(n); c != "" {
				codes = append(codes, c)
			}
		}
		text = strings.Join(codes, " vs ")
	case SubExplain:
		text = opt(OptCode)
	case SubDiagnose:
		text = opt(OptText)
	case SubList:
		text = strings.TrimSpace("list " + opt(OptClass))
	default:
		text = "help"
	}
	return text, strings.Join(values, " ")
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

func userID(i *discordgo.Interaction) string {
	if u := userOf(i); u != nil {
		return u.ID
	}
	return ""
}
