package discord_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/smtpbot/smtpbot/adapters/discord"
	"github.com/smtpbot/smtpbot/bot"
	"github.com/smtpbot/smtpbot/responses"
)

// customIDs lists the buttons' custom_ids by action.
func customIDs(r response) map[string]string {
	out := map[string]string{}
	for _, row := range r.Data.Components {
		for _, c := range row.Components {
			if a, _, ok := responses.ParseDiscordCustomID(c.CustomID); ok {
				out[a] = c.CustomID
			}
		}
	}
	return out
}

// size counts the characters of the embeds.
func size(r response) int {
	n := 0
	for _, e := range r.Data.Embeds {
		n += len(e.Title) + len(e.Description)
		for _, f := range e.Fields {
			n += len(f.Name) + len(f.Value)
		}
	}
	return n
}

func press(customID string, ephemeral bool) map[string]any {
	b := button(customID, "en-US")
	if !ephemeral {
		b["message"] = map[string]any{"id": "M10", "flags": 0}
	}
	return b
}

// Details updates the private card in place with the full answer, keeping
// Share; Short answer brings the card back. Long questions get Details too.
func TestDetailsAndShortUpdateInPlace(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	for _, cmd := range []map[string]any{
		command(2, "en-US", "compare", opt("code1", "252"), opt("code2", "552")),
		command(2, "en-US", "diagnose", opt("text", "550-5.7.26 This mail has been blocked because the sender is unauthenticated. Gmail requires all senders to authenticate with either SPF or DKIM.")),
	} {
		_, body := f.post(t, cmd)
		card := decode(t, body)
		ids := customIDs(card)
		if ids[responses.DetailsActionID] == "" || ids[responses.ShareActionID] == "" {
			t.Fatalf("card buttons %v, want Details and Share", ids)
		}
		_, body = f.post(t, press(ids[responses.DetailsActionID], true))
		full := decode(t, body)
		fids := customIDs(full)
		if full.Type != 7 || fids[responses.ShortActionID] == "" || fids[responses.ShareActionID] == "" {
			t.Errorf("Details: type %d buttons %v, want UPDATE_MESSAGE with Short answer and Share", full.Type, fids)
		}
		if size(full) <= size(card) {
			t.Errorf("full answer %d characters, card %d", size(full), size(card))
		}
		_, body = f.post(t, press(fids[responses.ShortActionID], true))
		back := decode(t, body)
		if back.Type != 7 || size(back) != size(card) || customIDs(back)[responses.DetailsActionID] == "" {
			t.Errorf("Short answer: type %d, %d characters (card %d)", back.Type, size(back), size(card))
		}
	}
}

// Details on a public answer is a private message; the channel's stays.
func TestDetailsOnPublicAnswer(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	_, body := f.post(t, command(2, "en-US", "explain", opt("code", "550")))
	id := customIDs(decode(t, body))[responses.DetailsActionID]
	_, body = f.post(t, press(id, false))
	r := decode(t, body)
	if r.Type != 4 || r.Data.Flags != 64 || r.Button(responses.ShareActionID).CustomID != "" {
		t.Errorf("Details on a public answer: type %d flags %d share %q, want a private message without Share", r.Type, r.Data.Flags, r.Button(responses.ShareActionID).CustomID)
	}
}

// "Explain SMTP codes" answers privately about the target message, read
// from the interaction's resolved messages.
func TestMessageCommand(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	i := map[string]any{
		"id": "I3", "application_id": "A1", "type": 2, "token": "interaction-token-3", "version": 1,
		"channel_id": "C1", "locale": "en-US", "context": 2, "authorizing_integration_owners": map[string]any{"1": "U1"},
		"user": map[string]any{"id": "U1", "username": "ana"},
		"data": map[string]any{"id": "CMD2", "name": discord.MessageCommandName, "type": 3, "target_id": "M5",
			"resolved": map[string]any{"messages": map[string]any{"M5": map[string]any{
				"id": "M5", "channel_id": "C1", "content": "anyone know why we get this?",
				"author": map[string]any{"id": "U7", "username": "bo"},
				"embeds": []any{map[string]any{"title": "Delivery failed", "description": "451 4.7.1 Try again later"}},
			}}}},
	}
	_, body := f.post(t, i)
	r := decode(t, body)
	if r.Type != 4 || r.Data.Flags != 64 || len(r.Data.Embeds) == 0 || !strings.Contains(r.Data.Embeds[0].Title, "451") {
		t.Errorf("message command answer %s", body)
	}
	if r.Button(responses.ShareActionID).CustomID == "" {
		t.Error("no Share button on the private answer")
	}
	// A message with no text gets the hint.
	i["data"].(map[string]any)["resolved"] = map[string]any{"messages": map[string]any{"M5": map[string]any{"id": "M5", "content": ""}}}
	_, body = f.post(t, i)
	if r := decode(t, body); r.Data.Flags != 64 || len(r.Data.Embeds) != 0 {
		t.Errorf("empty target answered %s", body)
	}
}

// An answer slower than the inline window is deferred (type 5, private)
// and delivered by editing the original response.
func TestSlowAnswerDeferred(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	// The answer is held until the test has the interaction's response:
	// a handler that waited for it would only respond once the hold ran
	// out (a minute), so the deferral is checked by order, not by a clock.
	release := make(chan struct{})
	discord.SlowDown(f.a, func(string, bot.Hints) {
		select {
		case <-release:
		case <-time.After(time.Minute):
		}
	}, 20*time.Millisecond)
	paste := strings.Repeat("Received: from mx.example.net by relay.example.org\n", 12) + "550 5.1.1 <bob@example.com>: Recipient address rejected: User unknown"
	_, body := f.post(t, command(2, "en-US", "diagnose", opt("text", paste)))
	close(release)
	r := decode(t, body)
	if r.Type != 5 || r.Data.Flags != 64 {
		t.Fatalf("slow answer: %s, want a private deferred response", body)
	}
	req, err := f.api.Wait(t.Context(), http.MethodPatch, "/webhooks/A1/interaction-token/messages/@original", 1)
	if err != nil {
		t.Fatal(err)
	}
	var edit response
	if err := json.Unmarshal(req.Body, &edit.Data); err != nil {
		t.Fatal(err)
	}
	if len(edit.Data.Embeds) == 0 || !strings.Contains(edit.Data.Embeds[0].Title, "5.1.1") || edit.Button(responses.ShareActionID).CustomID == "" {
		t.Errorf("deferred answer %s", req.Body)
	}
	if req.Version != "10" {
		t.Errorf("edit on v%s, want v10", req.Version)
	}
	checkKeys(t, "edit of the original response", req.Body, allowedKeys("content", "embeds", "allowed_mentions", "components", "flags"))
}

// allowed lists the keys a payload may carry, by object path.
func checkKeys(t *testing.T, what string, raw []byte, allowed map[string][]string) {
	t.Helper()
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatal(err)
	}
	var walk func(path string, v any)
	walk = func(path string, v any) {
		switch x := v.(type) {
		case map[string]any:
			ok, known := allowed[path]
			if !known {
				t.Errorf("%s: no allow-list for %q", what, path)
				return
			}
			for k, e := range x {
				if e == nil {
					t.Errorf("%s: %s.%s is null", what, path, k)
				}
				if !slices.Contains(ok, k) {
					keys := make([]string, 0, len(x))
					for k := range x {
						keys = append(keys, k)
					}
					sort.Strings(keys)
					t.Errorf("%s: %s.%s is not a field of the API type (have %v)", what, path, k, keys)
				}
				walk(path+"."+k, e)
			}
		case []any:
			for _, e := range x {
				walk(path+"[]", e)
			}
		}
	}
	walk("", v)
}

// messageKeys are the fields of Discord's message types smtpbot may send.
// The same message sits at the top of a reply and under .data of an
// interaction response.
var messageKeys = map[string][]string{
	".embeds[]":                  {"title", "description", "url", "color", "fields", "footer"},
	".embeds[].fields[]":         {"name", "value", "inline"},
	".embeds[].footer":           {"text"},
	".allowed_mentions":          {"parse", "replied_user"},
	".components[]":              {"type", "components"},
	".components[].components[]": {"type", "label", "style", "custom_id", "url", "disabled"},
	".message_reference":         {"message_id", "channel_id", "guild_id", "fail_if_not_exists"},
	".data":                      {"content", "embeds", "allowed_mentions", "components", "flags"},
}

// allowedKeys is messageKeys with top the keys of the payload itself.
func allowedKeys(top ...string) map[string][]string {
	keys := map[string][]string{"": top}
	for k, v := range messageKeys {
		keys[k] = v
		if k != ".message_reference" && k != ".data" {
			keys[".data"+k] = v
		}
	}
	return keys
}

// Every payload smtpbot sends to Discord holds only fields the API types
// define, and no null: a mention reply, an interaction response over the
// gateway, a follow-up.
func TestPayloadsAllowList(t *testing.T) {
	t.Parallel()
	f := startGateway(t)
	f.post(t, message("21", "G1", "U1", false, "<@"+botID+"> 550 5.1.1 <bob.smith@example.com> user unknown", botID))
	_, raw := f.waitSent(t, "C21", 1)
	checkKeys(t, "mention reply", raw, allowedKeys("content", "embeds", "allowed_mentions", "components", "message_reference"))
	if bytes.Contains(raw, []byte("bob.smith@")) || !bytes.Contains(raw, []byte("b…@example.com")) {
		t.Errorf("public mention reply does not mask the address: %s", raw)
	}
	if err := f.gw.Dispatch("INTERACTION_CREATE", command(2, "vi", "explain", opt("code", "552"))); err != nil {
		t.Fatal(err)
	}
	r, err := f.api.Wait(f.ctx, http.MethodPost, "/interactions/I1/interaction-token/callback", 1)
	if err != nil {
		t.Fatal(err)
	}
	checkKeys(t, "interaction response", r.Body, allowedKeys("type", "data"))
	if r.Version != "10" {
		t.Errorf("callback on API v%s, want v10", r.Version)
	}
}

const testDSN = "From: MAILER-DAEMON@mx.example.net\r\nTo: alice@example.org\r\nSubject: Undelivered Mail Returned to Sender\r\n" +
	"MIME-Version: 1.0\r\nContent-Type: multipart/report; report-type=delivery-status; boundary=\"B\"\r\n\r\n" +
	"--B\r\nContent-Type: text/plain\r\n\r\nThis is the mail system at host mx.example.net.\r\n" +
	"--B\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.example.net\r\n\r\n" +
	"Final-Recipient: rfc822; bob.smith@example.com\r\nAction: failed\r\nStatus: 5.1.1\r\n" +
	"Diagnostic-Code: smtp; 550 5.1.1 <bob.smith@example.com>: Recipient address rejected: User unknown\r\n\r\n--B--\r\n"

// A bounce attached to a mention is downloaded from Discord's CDN (and
// nowhere else) and diagnosed as a whole email; the public reply masks the
// addresses.
func TestGatewayAttachment(t *testing.T) {
	t.Parallel()
	f := startGateway(t)
	f.api.SetFile("/attachments/1/2/bounce.eml", []byte(testDSN))
	m := message("31", "G1", "U1", false, "<@"+botID+"> what is this?", botID)
	m["attachments"] = []any{map[string]any{"id": "A1", "filename": "bounce.eml", "content_type": "message/rfc822",
		"size": len(testDSN), "url": "https://cdn.discordapp.com/attachments/1/2/bounce.eml"}}
	f.post(t, m)
	_, raw := f.waitSent(t, "C31", 1)
	if !bytes.Contains(raw, []byte("5.1.1")) || bytes.Contains(raw, []byte("bob.smith@")) {
		t.Errorf("attachment not diagnosed, or address shown: %s", raw)
	}
	// An attachment URL elsewhere is never fetched: the hint instead.
	m = message("32", "G1", "U1", false, "<@"+botID+">", botID)
	m["attachments"] = []any{map[string]any{"id": "A2", "filename": "bounce.eml", "content_type": "message/rfc822",
		"size": 10, "url": "https://evil.example/attachments/bounce.eml"}}
	f.post(t, m)
	s, raw := f.waitSent(t, "C32", 1)
	if len(s.Embeds) != 0 || s.Content == "" {
		t.Errorf("foreign attachment answered %s, want the hint", raw)
	}
	for _, r := range f.api.Requests() {
		if strings.Contains(r.Path, "evil") {
			t.Errorf("fetched %s", r.Path)
		}
	}
}

// Over the gateway too, a slow answer is deferred (type 5 through the
// callback) and delivered by editing the original response.
func TestGatewaySlowAnswerDeferred(t *testing.T) {
	t.Parallel()
	f := startGateway(t)
	discord.SlowDown(discord.AdapterOf(f.g), func(string, bot.Hints) { time.Sleep(300 * time.Millisecond) }, 20*time.Millisecond)
	paste := strings.Repeat("Received: from mx.example.net by relay.example.org\n", 12) + "550 5.1.1 Recipient address rejected: User unknown"
	if err := f.gw.Dispatch("INTERACTION_CREATE", command(2, "en-US", "diagnose", opt("text", paste))); err != nil {
		t.Fatal(err)
	}
	r, err := f.api.Wait(f.ctx, http.MethodPost, "/interactions/I1/interaction-token/callback", 1)
	if err != nil {
		t.Fatal(err)
	}
	if resp := decode(t, r.Body); resp.Type != 5 || resp.Data.Flags != 64 {
		t.Fatalf("callback %s, want a private deferred response", r.Body)
	}
	edit, err := f.api.Wait(f.ctx, http.MethodPatch, "/webhooks/A1/interaction-token/messages/@original", 1)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(edit.Body, []byte("5.1.1")) {
		t.Errorf("deferred answer %s", edit.Body)
	}
}
