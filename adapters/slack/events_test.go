package slack

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/smtpbot/smtpbot/adapters/state"
)

func TestURLVerification(t *testing.T) {
	h := newHarness(t)
	rec := h.event(t, `{"token":"x","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P","type":"url_verification"}`)
	var out map[string]string
	if rec.Code != http.StatusOK || json.Unmarshal(rec.Body.Bytes(), &out) != nil || out["challenge"] != "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" {
		t.Fatalf("url_verification answered %d %q", rec.Code, rec.Body.String())
	}
}

func TestEventMalformed(t *testing.T) {
	h := newHarness(t)
	for _, body := range []string{`{`, `[]`, `{"type":""}`, `{"type":"event_callback"}`, `{"type":"event_callback","event":"nope"}`, `{"type":"url_verification"}`, "\xff"} {
		if rec := h.event(t, body); rec.Code != http.StatusBadRequest {
			t.Errorf("%q: status %d, want 400", body, rec.Code)
		}
	}
	h.quiet(t)
}

// TestMentionAnswersInThread: ack at once, answer through chat.postMessage
// in a thread under the mention, without echoing pings.
func TestMentionAnswersInThread(t *testing.T) {
	h := newHarness(t)
	rec := h.event(t, mentionPayload("Ev1", "U123", "C123", "<@"+testBotUser+"> <!channel> 252 vs 552", "1700000000.000100", ""))
	if rec.Code != http.StatusOK || rec.Body.Len() != 0 {
		t.Fatalf("ack %d %q, want a bare 200", rec.Code, rec.Body.String())
	}
	c := h.fake.Next(t)
	if c.Method != "chat.postMessage" || c.Form.Get("channel") != "C123" || c.Form.Get("thread_ts") != "1700000000.000100" {
		t.Fatalf("got %s channel=%q thread_ts=%q", c.Method, c.Form.Get("channel"), c.Form.Get("thread_ts"))
	}
	if c.Auth != "Bearer "+testBotToken {
		t.Errorf("posted without the bot token")
	}
	var blocks []any
	if err := json.Unmarshal([]byte(c.Form.Get("blocks")), &blocks); err != nil || len(blocks) < 3 {
		t.Fatalf("blocks %v (%v)", blocks, err)
	}
	all := strings.Join(texts(blocks), "\n") + c.Form.Get("text")
	if !strings.Contains(all, "252") || !strings.Contains(all, "552") {
		t.Error("answer does not mention both codes")
	}
	if strings.Contains(all, "<!channel>") || strings.Contains(all, "<@") || strings.Contains(all, "smtpbot_share") {
		t.Error("answer echoes a mention or carries a share button")
	}
	h.wg.Wait()
	if got := h.metric(t, `smtpbot_questions_total{intent="compare",platform="slack"}`); got != 1 {
		t.Errorf("answers counted %v, want 1", got)
	}
}

func TestMentionInThreadStaysInThread(t *testing.T) {
	h := newHarness(t)
	h.event(t, mentionPayload("Ev2", "U123", "C123", "<@"+testBotUser+"> explain 550", "1700000000.000500", "1700000000.000100"))
	if c := h.fake.Next(t); c.Form.Get("thread_ts") != "1700000000.000100" {
		t.Fatalf("thread_ts %q, want the thread's parent", c.Form.Get("thread_ts"))
	}
}

func TestDirectMessage(t *testing.T) {
	h := newHarness(t)
	h.event(t, callback("Ev3", map[string]any{"type": "message", "channel_type": "im", "channel": "D123", "user": "U123", "text": "550 5.1.1 user unknown", "ts": "1700000000.000100"}))
	c := h.fake.Next(t)
	if c.Method != "chat.postMessage" || c.Form.Get("channel") != "D123" || c.Form.Get("thread_ts") != "" {
		t.Fatalf("got %s channel=%q thread_ts=%q, want a plain DM reply", c.Method, c.Form.Get("channel"), c.Form.Get("thread_ts"))
	}
}

func TestVietnameseMention(t *testing.T) {
	h := newHarness(t)
	h.event(t, mentionPayload("Ev4", "U123", "C123", "<@"+testBotUser+"> lỗi 550 nghĩa là gì?", "1700000000.000100", ""))
	c := h.fake.Next(t)
	f := h.a.bot.Catalog().Frame("vi")
	var blocks []any
	_ = json.Unmarshal([]byte(c.Form.Get("blocks")), &blocks)
	if all := strings.Join(texts(blocks), "\n"); !strings.Contains(all, f.Class) {
		t.Errorf("a Vietnamese question got no Vietnamese labels (want %q)", f.Class)
	}
}

// TestIgnoredEvents: bots, itself, edits, deletions and plain channel
// messages get nothing.
func TestIgnoredEvents(t *testing.T) {
	h := newHarness(t)
	if err := h.a.Identify(t.Context()); err != nil {
		t.Fatal(err)
	}
	ts := "1700000000.000100"
	for i, ev := range []map[string]any{
		{"type": "app_mention", "user": "U123", "bot_id": "B999", "text": "<@UBOT0001> 550", "channel": "C1", "ts": ts},
		{"type": "message", "subtype": "bot_message", "bot_id": "B999", "text": "550", "channel": "D1", "channel_type": "im", "ts": ts},
		{"type": "message", "user": testBotUser, "text": "550", "channel": "D1", "channel_type": "im", "ts": ts},
		{"type": "message", "user": "U123", "subtype": "message_changed", "channel": "D1", "channel_type": "im", "ts": ts},
		{"type": "message", "user": "U123", "subtype": "message_deleted", "channel": "D1", "channel_type": "im", "ts": ts},
		{"type": "message", "user": "U123", "text": "550", "channel": "D1", "channel_type": "im", "ts": ts, "edited": map[string]any{"user": "U123", "ts": ts}},
		{"type": "message", "user": "U123", "text": "550 in a channel", "channel": "C1", "channel_type": "channel", "ts": ts},
		{"type": "app_mention", "user": "U123", "text": "<@UBOT0001> 550", "channel": "D1", "ts": ts},
		{"type": "reaction_added", "user": "U123", "reaction": "thumbsup"},
		{"type": "app_mention", "text": "<@UBOT0001> 550", "channel": "C1", "ts": ts},
	} {
		if rec := h.event(t, callback("EvIgnored"+string(rune('a'+i)), ev)); rec.Code != http.StatusOK {
			t.Errorf("event %d: status %d, want 200 (ignored, acknowledged)", i, rec.Code)
		}
	}
	// Without authorizations in the payload, auth.test still tells it is us.
	noAuth, _ := json.Marshal(map[string]any{"type": "event_callback", "event_id": "EvSelf", "event": map[string]any{
		"type": "message", "user": testBotUser, "text": "550", "channel": "D1", "channel_type": "im", "ts": ts}})
	h.event(t, string(noAuth))
	h.quiet(t)
}

// TestRetriedEventAnsweredOnce: Slack redelivers with X-Slack-Retry-Num when
// the ack was late; the answer is posted once.
func TestRetriedEventAnsweredOnce(t *testing.T) {
	h := newHarness(t)
	p := mentionPayload("EvDup", "U123", "C123", "<@"+testBotUser+"> 252 vs 552", "1700000000.000100", "")
	h.event(t, p)
	for n := 1; n <= 3; n++ {
		if rec := h.event(t, p, "X-Slack-Retry-Num", string(rune('0'+n)), "X-Slack-Retry-Reason", "http_timeout"); rec.Code != http.StatusOK {
			t.Fatalf("retry %d: status %d", n, rec.Code)
		}
	}
	h.fake.Next(t)
	h.quiet(t)
	if got := h.metric(t, `smtpbot_duplicates_total{platform="slack"}`); got != 3 {
		t.Errorf("duplicates counted %v, want 3", got)
	}
}

// TestMentionWithoutQuestion gets a short hint, only for the asker.
func TestMentionWithoutQuestion(t *testing.T) {
	h := newHarness(t)
	f := h.a.bot.Catalog().Frame("en")
	for i, text := range []string{"<@" + testBotUser + ">", "<@" + testBotUser + "> <!here> ?!", "  "} {
		h.event(t, mentionPayload("EvHint"+string(rune('a'+i)), "U123", "C123", text, "1700000000.000100", ""))
		c := h.fake.Next(t)
		if c.Method != "chat.postEphemeral" || c.Form.Get("user") != "U123" || c.Form.Get("text") != escape(f.MentionHint) {
			t.Errorf("%q: got %s user=%q text=%q, want the hint as an ephemeral", text, c.Method, c.Form.Get("user"), c.Form.Get("text"))
		}
	}
}

// TestMentionRateLimited: over the limit the asker is told politely, once
// per few seconds, never silently dropped.
func TestMentionRateLimited(t *testing.T) {
	h := newHarness(t, withLimiter(state.NewMemory(state.Rate{PerMinute: 1, Burst: 1}, nil)))
	f := h.a.bot.Catalog().Frame("en")
	h.event(t, mentionPayload("EvR1", "U123", "C123", "<@"+testBotUser+"> 550", "1700000000.000100", ""))
	if c := h.fake.Next(t); c.Method != "chat.postMessage" {
		t.Fatalf("first question: %s, want an answer", c.Method)
	}
	h.event(t, mentionPayload("EvR2", "U123", "C123", "<@"+testBotUser+"> 551", "1700000000.000200", ""))
	c := h.fake.Next(t)
	if c.Method != "chat.postEphemeral" || c.Form.Get("text") != escape(f.RateLimited) {
		t.Fatalf("over the limit: %s %q, want the rate-limit notice", c.Method, c.Form.Get("text"))
	}
	h.event(t, mentionPayload("EvR3", "U123", "C123", "<@"+testBotUser+"> 552", "1700000000.000300", ""))
	h.quiet(t)
	if got := h.metric(t, `smtpbot_rate_limited_total{platform="slack",scope="user"}`); got != 2 {
		t.Errorf("rate_limited counted %v, want 2", got)
	}
}

// TestWebAPIRetries: 429 with Retry-After and 5xx are retried; the answer
// still arrives, and the retries are counted.
func TestWebAPIRetries(t *testing.T) {
	h := newHarness(t)
	h.fake.FailNext("chat.postMessage", http.StatusTooManyRequests, "1")
	h.fake.FailNext("chat.postMessage", http.StatusServiceUnavailable, "")
	start := time.Now()
	h.event(t, mentionPayload("EvRetry", "U123", "C123", "<@"+testBotUser+"> 550", "1700000000.000100", ""))
	if c := h.fake.Next(t); c.Method != "chat.postMessage" {
		t.Fatalf("got %s", c.Method)
	}
	if took := time.Since(start); took < time.Second {
		t.Errorf("answered after %v: Retry-After 1 was not honoured", took)
	}
	h.wg.Wait()
	for series, want := range map[string]float64{
		`smtpbot_platform_api_retries_total{platform="slack"}`:           2,
		`smtpbot_platform_api_errors_total{kind="429",platform="slack"}`: 1,
		`smtpbot_platform_api_errors_total{kind="5xx",platform="slack"}`: 1,
	} {
		if got := h.metric(t, series); got != want {
			t.Errorf("%s = %v, want %v", series, got, want)
		}
	}
}

// TestWebAPIGivesUp: a Slack that keeps failing is retried a bounded
// number of times, logged without text or token, and nothing breaks.
func TestWebAPIGivesUp(t *testing.T) {
	h := newHarness(t)
	for range 3 {
		h.fake.FailNext("chat.postMessage", http.StatusInternalServerError, "")
	}
	h.event(t, mentionPayload("EvFail", "U123", "C123", "<@"+testBotUser+"> 550 SECRET-QUESTION-TEXT", "1700000000.000100", ""))
	h.quiet(t)
	logs := h.logs.String()
	if !strings.Contains(logs, "slack answer not posted") {
		t.Errorf("the failure was not logged:\n%s", logs)
	}
	for _, secret := range []string{"SECRET-QUESTION-TEXT", testBotToken, testSecret} {
		if strings.Contains(logs, secret) {
			t.Errorf("logs contain %q", secret)
		}
	}
}
