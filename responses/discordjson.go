package responses

import (
	"encoding/json"
	"fmt"

	"github.com/bwmarrin/discordgo"
)

// DiscordInteractionJSON encodes an interaction response with only the
// fields Discord's API defines for its type. discordgo's own types write
// "tts": false, "content": "", "components": null and "embeds": null into
// every response, including autocomplete results, whose data must hold
// choices only. A nil slice is left out; an empty one is kept, since in an
// UPDATE_MESSAGE "components": [] removes the buttons.
func DiscordInteractionJSON(r *discordgo.InteractionResponse) ([]byte, error) {
	if r == nil {
		return nil, fmt.Errorf("responses: no interaction response")
	}
	out := struct {
		Type discordgo.InteractionResponseType `json:"type"`
		Data any                               `json:"data,omitempty"`
	}{Type: r.Type}
	d := r.Data
	switch r.Type {
	case discordgo.InteractionResponsePong, discordgo.InteractionResponseDeferredMessageUpdate:
		// No data.
	case discordgo.InteractionApplicationCommandAutocompleteResult:
		choices := []*discordgo.ApplicationCommandOptionChoice{}
		if d != nil && d.Choices != nil {
			choices = d.Choices
		}
		out.Data = struct {
			Choices []*discordgo.ApplicationCommandOptionChoice `json:"choices"`
		}{choices}
	case discordgo.InteractionResponseDeferredChannelMessageWithSource:
		if d != nil && d.Flags != 0 {
			out.Data = struct {
				Flags discordgo.MessageFlags `json:"flags"`
			}{d.Flags}
		}
	case discordgo.InteractionResponseModal:
		if d != nil {
			out.Data = struct {
				CustomID   string                       `json:"custom_id"`
				Title      string                       `json:"title"`
				Components []discordgo.MessageComponent `json:"components"`
			}{d.CustomID, d.Title, d.Components}
		}
	default: // a message: CHANNEL_MESSAGE_WITH_SOURCE, UPDATE_MESSAGE
		if d != nil {
			out.Data = discordMessageData{
				TTS: d.TTS, Content: d.Content, Embeds: present(d.Embeds), AllowedMentions: d.AllowedMentions,
				Flags: d.Flags, Components: present(d.Components), Attachments: d.Attachments, Poll: d.Poll,
			}
		}
	}
	return json.Marshal(out)
}

// discordMessageData is the message part of an interaction response.
type discordMessageData struct {
	TTS             bool                              `json:"tts,omitempty"`
	Content         string                            `json:"content,omitempty"`
	Embeds          *[]*discordgo.MessageEmbed        `json:"embeds,omitempty"`
	AllowedMentions *discordgo.MessageAllowedMentions `json:"allowed_mentions,omitempty"`
	Flags           discordgo.MessageFlags            `json:"flags,omitempty"`
	Components      *[]discordgo.MessageComponent     `json:"components,omitempty"`
	Attachments     *[]*discordgo.MessageAttachment   `json:"attachments,omitempty"`
	Poll            *discordgo.Poll                   `json:"poll,omitempty"`
}

// present points at s when it is set, so that omitempty leaves out a nil
// slice and keeps an empty one.
func present[T any](s []T) *[]T {
	if s == nil {
		return nil
	}
	return &s
}
