package responses

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/smtpbot/smtpbot/bot"
	"github.com/smtpbot/smtpbot/catalog"
)

// shape is an allow-list of keys for a JSON object, with the shape of each
// key's value (nil for a scalar). A list's shape is its items' shape.
type shape map[string]shape

// The payload types of Discord's API reference, for what smtpbot sends.
var (
	discordField   = shape{"name": nil, "value": nil, "inline": nil}
	discordFooter  = shape{"text": nil, "icon_url": nil, "proxy_icon_url": nil}
	discordEmbed   = shape{"title": nil, "type": nil, "description": nil, "url": nil, "timestamp": nil, "color": nil, "footer": discordFooter, "image": nil, "thumbnail": nil, "video": nil, "provider": nil, "author": nil, "fields": discordField}
	discordMention = shape{"parse": nil, "roles": nil, "users": nil, "replied_user": nil}
	buttonShape    = shape{"type": nil, "id": nil, "style": nil, "label": nil, "emoji": nil, "custom_id": nil, "sku_id": nil, "url": nil, "disabled": nil}
	discordRow     = shape{"type": nil, "id": nil, "components": buttonShape}
	discordMsg     = shape{"content": nil, "tts": nil, "embeds": discordEmbed, "allowed_mentions": discordMention, "flags": nil, "components": discordRow, "attachments": nil, "poll": nil}
	discordChoice  = shape{"name": nil, "name_localizations": nil, "value": nil}
)

// checkShape fails on any key the type does not define and on any null.
func checkShape(t *testing.T, where string, v any, s shape) {
	t.Helper()
	switch x := v.(type) {
	case nil:
		t.Errorf("%s is null", where)
	case []any:
		for i, it := range x {
			checkShape(t, fmt.Sprintf("%s[%d]", where, i), it, s)
		}
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			sub, ok := s[k]
			if !ok {
				t.Errorf("%s has key %q, which its type does not define", where, k)
				continue
			}
			if x[k] == nil {
				t.Errorf("%s.%s is null", where, k)
				continue
			}
			if sub != nil {
				checkShape(t, where+"."+k, x[k], sub)
			}
		}
	}
}

func decodeMap(t *testing.T, raw []byte) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatalf("%v: %s", err, raw)
	}
	return m
}

// TestDiscordPayloadKeys checks every message smtpbot renders for Discord,
// and every interaction response type, against the API's types.
func TestDiscordPayloadKeys(t *testing.T) {
	b := newBot(t)
	base := Options{BaseURL: "https://smtpbot.example"}
	var msgs []DiscordMessage
	for _, q := range []string{"252 vs 552", "552", "5.7.26", discordBounces[0], "list 4xx", "help", "999 vs 123"} {
		for _, d := range []Detail{DetailShort, DetailFull} {
			a := b.Ask(q, bot.Hints{Lang: catalog.Vietnamese})
			msgs = append(msgs,
				Discord(a, DiscordOptions{Detail: d}),
				Discord(a, DiscordOptions{Options: base, Detail: d, Ref: "vi:x", ShareID: "smtpbot_share:vi:x"}),
				Discord(a, DiscordOptions{Options: base, Detail: d, SharedBy: "Ana"}))
		}
	}
	msgs = append(msgs, DiscordNote("slow down"))
	for i, m := range msgs {
		raw, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		checkShape(t, fmt.Sprintf("message %d", i), decodeMap(t, raw), discordMsg)
		resp := &discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource, Data: &discordgo.InteractionResponseData{
			Content: m.Content, Embeds: m.Embeds, Components: m.Components, AllowedMentions: m.AllowedMentions, Flags: discordgo.MessageFlagsEphemeral,
		}}
		raw, err = DiscordInteractionJSON(resp)
		if err != nil {
			t.Fatal(err)
		}
		checkShape(t, fmt.Sprintf("response %d", i), decodeMap(t, raw), shape{"type": nil, "data": discordMsg})
	}
}

func TestDiscordInteractionJSON(t *testing.T) {
	msg := &discordgo.InteractionResponseData{Content: "hi", AllowedMentions: NoMentions()}
	tests := []struct {
		name string
		r    *discordgo.InteractionResponse
		want string
	}{
		{"pong", &discordgo.InteractionResponse{Type: discordgo.InteractionResponsePong}, `{"type":1}`},
		{"message", &discordgo.InteractionResponse{Type: 4, Data: msg}, `{"type":4,"data":{"content":"hi","allowed_mentions":{"parse":[],"replied_user":false}}}`},
		{"update removing buttons", &discordgo.InteractionResponse{Type: 7, Data: &discordgo.InteractionResponseData{Content: "x", Components: []discordgo.MessageComponent{}}}, `{"type":7,"data":{"content":"x","components":[]}}`},
		{"deferred private", &discordgo.InteractionResponse{Type: 5, Data: &discordgo.InteractionResponseData{Flags: discordgo.MessageFlagsEphemeral}}, `{"type":5,"data":{"flags":64}}`},
		{"deferred", &discordgo.InteractionResponse{Type: 5}, `{"type":5}`},
		{"deferred update", &discordgo.InteractionResponse{Type: 6, Data: msg}, `{"type":6}`},
		{"autocomplete", &discordgo.InteractionResponse{Type: 8, Data: &discordgo.InteractionResponseData{Content: "ignored", Choices: []*discordgo.ApplicationCommandOptionChoice{{Name: "552", Value: "552"}}}}, `{"type":8,"data":{"choices":[{"name":"552","value":"552"}]}}`},
		{"autocomplete, nothing", &discordgo.InteractionResponse{Type: 8, Data: &discordgo.InteractionResponseData{}}, `{"type":8,"data":{"choices":[]}}`},
	}
	for _, tt := range tests {
		got, err := DiscordInteractionJSON(tt.r)
		if err != nil || string(got) != tt.want {
			t.Errorf("%s: %s, %v; want %s", tt.name, got, err, tt.want)
		}
	}
	auto, err := DiscordInteractionJSON(&discordgo.InteractionResponse{Type: 8, Data: &discordgo.InteractionResponseData{
		Content: "x", Embeds: []*discordgo.MessageEmbed{{Title: "x"}}, Choices: []*discordgo.ApplicationCommandOptionChoice{{Name: "5.7.26", Value: "5.7.26"}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	checkShape(t, "autocomplete", decodeMap(t, auto), shape{"type": nil, "data": shape{"choices": discordChoice}})
	if _, err := DiscordInteractionJSON(nil); err == nil {
		t.Error("no error for a nil response")
	}
	// What discordgo writes by itself, for the record: the reason for
	// DiscordInteractionJSON.
	raw, _ := json.Marshal(&discordgo.InteractionResponse{Type: 8, Data: &discordgo.InteractionResponseData{}})
	if !strings.Contains(string(raw), `"components":null`) {
		t.Logf("discordgo no longer writes null components: %s", raw)
	}
}
