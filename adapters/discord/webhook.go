package discord

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/smtpbot/smtpbot/adapters/internal/retry"
	"github.com/smtpbot/smtpbot/responses"
)

// followupPolicy bounds the retries of a follow-up: the interaction token
// lives 15 minutes, but an answer later than a few seconds is no answer.
// A 404 is retried too: a follow-up sent right after the HTTP response
// can reach Discord before the response is processed.
var followupPolicy = retry.Policy{Attempts: 4, Base: 150 * time.Millisecond, Max: 2 * time.Second}

// webhookBody is the body of Create Followup Message and Edit Original
// Interaction Response: the message's own fields (responses.DiscordMessage
// leaves out empty ones) and its flags.
type webhookBody struct {
	responses.DiscordMessage
	Flags discordgo.MessageFlags `json:"flags,omitempty"`
}

// editOriginal replaces the interaction's first response (the "thinking…"
// of a deferred answer) with m.
func (a *Adapter) editOriginal(ctx context.Context, i *discordgo.Interaction, m responses.DiscordMessage) error {
	return a.send(ctx, "edit original response", http.MethodPatch, "/webhooks/"+i.AppID+"/"+i.Token+"/messages/@original", "", webhookBody{DiscordMessage: m}, followupPolicy, true)
}

// followup posts m as a new message of the interaction, private to the
// user when ephemeral.
func (a *Adapter) followup(ctx context.Context, i *discordgo.Interaction, m responses.DiscordMessage, ephemeral bool) error {
	b := webhookBody{DiscordMessage: m}
	if ephemeral {
		b.Flags = discordgo.MessageFlagsEphemeral
	}
	return a.send(ctx, "follow-up", http.MethodPost, "/webhooks/"+i.AppID+"/"+i.Token, "", b, followupPolicy, true)
}

// send makes one REST call with a body encoded here (API v10, only the
// fields Discord defines; a []byte is sent as it is), with the retries of
// p. auth is the Authorization header ("" for interaction webhooks, whose
// token is in the path). retry404 retries "not found", which a follow-up
// racing its own interaction's response can get. The path may hold an
// interaction token: it never reaches an error or a log.
func (a *Adapter) send(ctx context.Context, what, method, path, auth string, body any, p retry.Policy, retry404 bool) error {
	b, ok := body.([]byte)
	if !ok {
		var err error
		if b, err = json.Marshal(body); err != nil {
			return fmt.Errorf("discord: %s: encode: %w", what, err)
		}
	}
	err := p.Do(ctx, func(ctx context.Context) error {
		req, err := http.NewRequestWithContext(ctx, method, a.apiBase+path, bytes.NewReader(b))
		if err != nil {
			return &APIError{Kind: "other", Err: errors.New("bad request URL")}
		}
		req.Header.Set("Content-Type", "application/json")
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		res, err := a.client.Do(req)
		if err != nil {
			var ue *url.Error
			if errors.As(err, &ue) {
				err = ue.Err
			}
			if ctx.Err() != nil {
				return &APIError{Kind: "canceled", Err: ctx.Err()}
			}
			return retry.Temporary(&APIError{Kind: "network", Err: err}, 0)
		}
		defer res.Body.Close()
		msg, _ := io.ReadAll(io.LimitReader(res.Body, 4<<10))
		if res.StatusCode/100 == 2 {
			return nil
		}
		var body struct {
			Code    int    `json:"code"`
			Message string `json:"message"`
		}
		if json.Unmarshal(msg, &body) != nil {
			body.Code, body.Message = 0, ""
		}
		failed := statusError(res.StatusCode, res.Header, body.Code, body.Message)
		if res.StatusCode == http.StatusNotFound && retry404 {
			return retry.Temporary(failed, 0)
		}
		return failed
	}, a.retrying(what))
	return a.failed(ctx, what, err)
}

// channelMessage is the body of Create Message for a reply.
type channelMessage struct {
	responses.DiscordMessage
	MessageReference *messageReference `json:"message_reference,omitempty"`
}

type messageReference struct {
	MessageID       string `json:"message_id"`
	ChannelID       string `json:"channel_id,omitempty"`
	GuildID         string `json:"guild_id,omitempty"`
	FailIfNotExists bool   `json:"fail_if_not_exists"`
}
