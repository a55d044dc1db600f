package slack

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/smtpbot/smtpbot/adapters/state"
	"github.com/smtpbot/smtpbot/bot"
	"github.com/smtpbot/smtpbot/responses"
)

// buttonPayload is a block_actions payload pressing action with value, on a
// private (ephemeral) or public message.
func buttonPayload(action, value, responseURL string, ephemeral bool) map[string]any {
	p := sharePayload(value, responseURL, "1700000000.000900")
	p["container"].(map[string]any)["is_ephemeral"] = ephemeral
	p["actions"].([]map[string]any)[0]["action_id"] = action
	return p
}

func visible(v any) int { return len(strings.Join(texts(v), "\n")) }

// Details replaces the private short card with the full answer, keeping
// Share; Short answer brings the card back.
func TestDetailsAndShortReplacePrivateAnswer(t *testing.T) {
	h := newHarness(t)
	_, card, _ := h.command(t, "compare 252 552")
	b := buttons(t, card["blocks"])
	if b[responses.DetailsActionID] == "" || b[responses.ShareActionID] == "" {
		t.Fatalf("short card buttons %v, want Details and Share", b)
	}
	h.interaction(t, buttonPayload(responses.DetailsActionID, b[responses.DetailsActionID], h.fake.HookURL("1"), true))
	full := h.fake.Next(t)
	if full.Method != "hook" || full.JSON["replace_original"] != true {
		t.Fatalf("Details: %s %v, want replace_original through the response_url", full.Method, full.JSON["replace_original"])
	}
	fb := buttons(t, full.JSON["blocks"])
	if fb[responses.ShortActionID] == "" || fb[responses.ShareActionID] == "" || fb[responses.DetailsActionID] != "" {
		t.Errorf("full answer buttons %v, want Short answer and Share", fb)
	}
	if visible(full.JSON["blocks"]) <= 2*visible(card["blocks"]) {
		t.Errorf("full answer %d characters, card %d: Details shows little more", visible(full.JSON["blocks"]), visible(card["blocks"]))
	}
	h.interaction(t, buttonPayload(responses.ShortActionID, fb[responses.ShortActionID], h.fake.HookURL("1"), true))
	short := h.fake.Next(t)
	if short.JSON["replace_original"] != true || !jsonEqual(short.JSON["blocks"], card["blocks"]) {
		t.Errorf("Short answer does not bring back the same card")
	}
	h.quiet(t)
}

// Details on a public answer (a mention reply) goes to the presser alone and
// leaves the channel's message alone.
func TestDetailsOnPublicAnswerIsPrivate(t *testing.T) {
	h := newHarness(t)
	v := h.a.refs.Make(t.Context(), "en", "explain 550")
	h.interaction(t, buttonPayload(responses.DetailsActionID, v, h.fake.HookURL("2"), false))
	got := h.fake.Next(t)
	if got.JSON["response_type"] != "ephemeral" || got.JSON["replace_original"] == true {
		t.Errorf("Details on a public answer: %v replace %v, want a new ephemeral message", got.JSON["response_type"], got.JSON["replace_original"])
	}
	if b := buttons(t, got.JSON["blocks"]); b[responses.ShareActionID] != "" {
		t.Error("private Details of a public answer offers Share")
	}
}

// A button whose kept question expired asks the user to ask again.
func TestDetailsExpired(t *testing.T) {
	h := newHarness(t)
	h.interaction(t, buttonPayload(responses.DetailsActionID, "#AAAAAAAAAAAAAAAA", h.fake.HookURL("3"), true))
	got := h.fake.Next(t)
	if got.JSON["response_type"] != "ephemeral" || !strings.Contains(strings.Join(texts(got.JSON), " "), h.a.bot.Catalog().Frame("en").MentionHint[:10]) {
		t.Errorf("expired ref answered %v", got.JSON)
	}
}

// A bounce longer than a button value is shared whole, on another replica
// sharing the state, with the addresses masked.
func TestShareLongQuestionOnAnotherReplica(t *testing.T) {
	mem := state.NewMemory(state.Rate{}, nil)
	shared := func(c *Config) { c.Dedup, c.Limiter = mem, mem }
	a, b := newHarness(t, shared), newHarness(t, shared)
	bounce := "550-5.1.1 The email account that you tried to reach does not exist. Please try double-checking the recipient's email address for typos or unnecessary spaces. For more information, go to https://support.google.com/mail/?p=NoSuchUser <bob.smith@example.com> gsmtp\n" +
		strings.Repeat("X-Padding: received from mx.example.net [192.0.2.7] for <bob.smith@example.com>\n", 30)
	value, preview := shareButtonValue(t, a, bounce)
	if !strings.HasPrefix(value, "#") || len(value) > 32 {
		t.Fatalf("share value %.40q, want a short key", value)
	}
	b.interaction(t, sharePayload(value, b.fake.HookURL("4"), "1700000000.000901"))
	post := b.fake.Next(t)
	if post.JSON["response_type"] != "in_channel" {
		t.Fatalf("share: %v", post.JSON)
	}
	if got, want := post.JSON["blocks"].([]any)[0], preview["blocks"].([]any)[0]; !jsonEqual(got, want) {
		t.Errorf("shared header %v differs from the preview's %v", got, want)
	}
	all, _ := json.Marshal(post.JSON)
	if strings.Contains(string(all), "bob.smith@") || !strings.Contains(string(all), "Gmail") {
		t.Errorf("shared answer shows the address or lost the provider:\n%s", all)
	}
	if del := b.fake.Next(t); del.JSON["delete_original"] != true {
		t.Errorf("preview not removed: %v", del.JSON)
	}
	// The same preview shared again from the first replica: nothing more.
	a.interaction(t, sharePayload(value, a.fake.HookURL("4"), "1700000000.000901"))
	a.wg.Wait()
	a.fake.None(t, 0)
}

// The message shortcut answers privately about the message's text.
func TestShortcutExplainsMessage(t *testing.T) {
	h := newHarness(t)
	h.interaction(t, map[string]any{
		"type": "message_action", "callback_id": ShortcutCallbackID, "trigger_id": "1.2.3",
		"user": map[string]any{"id": "U123"}, "team": map[string]any{"id": "T1"},
		"channel":      map[string]any{"id": "C123"},
		"message":      map[string]any{"type": "message", "user": "U999", "ts": "1700000000.000100", "text": "we got 550 5.7.26 from gmail, why?"},
		"response_url": h.fake.HookURL("5"),
	})
	got := h.fake.Next(t)
	if got.Method != "hook" || got.JSON["response_type"] != "ephemeral" {
		t.Fatalf("shortcut answered %s %v, want ephemeral through the response_url", got.Method, got.JSON["response_type"])
	}
	if !strings.Contains(strings.Join(texts(got.JSON), " "), "5.7.26") {
		t.Error("shortcut answer is not about 5.7.26")
	}
	b := buttons(t, got.JSON["blocks"])
	if b[responses.ShareActionID] == "" || b[responses.DetailsActionID] == "" {
		t.Errorf("shortcut answer buttons %v, want Share and Details", b)
	}
	// Another app's shortcut is not ours.
	h.interaction(t, map[string]any{"type": "message_action", "callback_id": "other", "response_url": h.fake.HookURL("5"), "message": map[string]any{"text": "550"}})
	h.quiet(t)
}

// A slash command whose answer is slow is acknowledged at once and
// answered through the response_url.
func TestSlowCommandAnsweredLater(t *testing.T) {
	h := newHarness(t)
	fast := h.a.ask
	// The answer is held until the acknowledgement is in: a handler that
	// waited for it would answer inline after the hold (a minute), so the
	// order is checked, not a clock.
	release := make(chan struct{})
	h.a.ask = func(text string, hints bot.Hints) bot.Answer {
		select {
		case <-release:
		case <-time.After(time.Minute):
		}
		return fast(text, hints)
	}
	h.a.inlineWait = 20 * time.Millisecond
	paste := strings.Repeat("Received: from mx.example.net by relay.example.org\n", 12) + "550 5.1.1 <bob@example.com>: Recipient address rejected: User unknown"
	form := url.Values{"command": {"/smtp"}, "text": {paste}, "user_id": {"U123"}, "channel_id": {"C123"}, "team_id": {"T1"}, "response_url": {h.fake.HookURL("6")}}
	rec := httptest.NewRecorder()
	h.a.Commands(rec, signed("POST", "/slack/commands", "application/x-www-form-urlencoded", []byte(form.Encode()), time.Now()))
	close(release)
	if rec.Code != http.StatusOK || rec.Body.Len() != 0 {
		t.Fatalf("slow command: %d %q, want a bare 200 before the answer", rec.Code, rec.Body.String())
	}
	got := h.fake.Next(t)
	if got.Method != "hook" || got.JSON["response_type"] != "ephemeral" || !strings.Contains(strings.Join(texts(got.JSON), " "), "550") {
		t.Errorf("late answer %s %v", got.Method, got.JSON)
	}
	// A fast answer still comes inline.
	h.a.ask = fast
	h.a.inlineWait = 2 * time.Second
	if _, out, _ := h.command(t, "explain 550"); out["response_type"] != "ephemeral" {
		t.Errorf("fast answer not inline: %v", out)
	}
}

// A mention reply in a channel is public: no addresses.
func TestMentionMasksAddresses(t *testing.T) {
	h := newHarness(t)
	h.event(t, mentionPayload("Ev9", "U123", "C123", "<@"+testBotUser+"> 550 5.1.1 <bob.smith@example.com>: Recipient address rejected: User unknown", "1700000000.000500", ""))
	got := h.fake.Next(t)
	if got.Method != "chat.postMessage" {
		t.Fatalf("got %s", got.Method)
	}
	blocks := got.Form.Get("blocks") + got.Form.Get("text")
	if strings.Contains(blocks, "bob.smith@") || !strings.Contains(blocks, "b…@example.com") {
		t.Errorf("public mention reply does not mask the address: %s", blocks)
	}
}
