package slack

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/smtpbot/smtpbot/adapters/slack/slacktest"
	"github.com/smtpbot/smtpbot/adapters/state"
	"github.com/smtpbot/smtpbot/responses"
)

// sharePayload is the block_actions payload of a Share button press.
func sharePayload(value, responseURL, messageTS string) map[string]any {
	return map[string]any{
		"type":         "block_actions",
		"user":         map[string]any{"id": "U123", "username": "alice", "team_id": "T1"},
		"api_app_id":   "A1",
		"team":         map[string]any{"id": "T1", "domain": "example"},
		"channel":      map[string]any{"id": "C123", "name": "mail-ops"},
		"container":    map[string]any{"type": "message", "message_ts": messageTS, "channel_id": "C123", "is_ephemeral": true},
		"trigger_id":   "1.2.3",
		"response_url": responseURL,
		"actions": []map[string]any{{
			"type": "button", "action_id": responses.ShareActionID, "block_id": "smtpbot_actions",
			"text": map[string]any{"type": "plain_text", "text": "Share in channel"}, "value": value, "action_ts": "1700000000.1",
		}},
	}
}

// shareButtonValue runs the slash command and returns its button's value.
func shareButtonValue(t *testing.T, h *harness, text string) (string, map[string]any) {
	t.Helper()
	_, out, _ := h.command(t, text)
	if v, ok := buttons(t, out["blocks"])[responses.ShareActionID]; ok {
		return v, out
	}
	t.Fatalf("no share button in the answer to %q", text)
	return "", nil
}

// TestShare: pressing Share posts the same answer in the channel through
// the response_url, says who shared it, and removes the private preview.
func TestShare(t *testing.T) {
	for _, c := range []struct{ text, lang string }{{"compare 252 552", "en"}, {"--lang vi explain 550", "vi"}} {
		t.Run(c.text, func(t *testing.T) {
			h := newHarness(t)
			value, preview := shareButtonValue(t, h, c.text)
			rec := h.interaction(t, sharePayload(value, h.fake.HookURL("1"), "1700000000.000900"))
			if rec.Code != http.StatusOK || rec.Body.Len() != 0 {
				t.Fatalf("ack %d %q, want a bare 200", rec.Code, rec.Body.String())
			}
			post := h.fake.Next(t)
			if post.Method != "hook" || post.Path != "/hooks/actions/T1/1/secretpart" {
				t.Fatalf("got %s %s, want a post to the response_url", post.Method, post.Path)
			}
			if post.JSON["response_type"] != "in_channel" || post.JSON["replace_original"] != false {
				t.Errorf("share posted as %v (replace_original %v), want a new in_channel message", post.JSON["response_type"], post.JSON["replace_original"])
			}
			// Same answer as the preview: same header, plus who shared it, minus the button.
			header := func(m map[string]any) any { return m["blocks"].([]any)[0] }
			if got, want := header(post.JSON), header(preview); !jsonEqual(got, want) {
				t.Errorf("shared header %v differs from the preview's %v", got, want)
			}
			f := h.a.bot.Catalog().Frame(c.lang)
			credit := strings.ReplaceAll(f.SharedBy, "{user}", "<@U123>")
			all := strings.Join(texts(post.JSON), "\n")
			if !strings.Contains(all, credit) {
				t.Errorf("shared answer lacks %q", credit)
			}
			if b, _ := json.Marshal(post.JSON); strings.Contains(string(b), responses.ShareActionID) {
				t.Error("shared answer still carries the Share button")
			}
			del := h.fake.Next(t)
			if del.Method != "hook" || del.JSON["delete_original"] != true {
				t.Errorf("second call %s %v, want delete_original", del.Method, del.JSON)
			}
			h.quiet(t)
		})
	}
}

// TestShareDoubleClick posts once.
func TestShareDoubleClick(t *testing.T) {
	h := newHarness(t)
	value, _ := shareButtonValue(t, h, "compare 252 552")
	for range 3 {
		h.interaction(t, sharePayload(value, h.fake.HookURL("2"), "1700000000.000901"))
	}
	h.wg.Wait()
	if post := h.fake.Next(t); post.JSON["response_type"] != "in_channel" {
		t.Fatalf("first call %v", post.JSON)
	}
	h.fake.Next(t) // delete_original
	h.fake.None(t, 0)
}

// TestShareRefusesForeignResponseURL: the answer only ever goes to Slack.
func TestShareRefusesForeignResponseURL(t *testing.T) {
	h := newHarness(t)
	value, _ := shareButtonValue(t, h, "compare 252 552")
	for _, u := range []string{"https://evil.example/hook", "http://hooks.slack.com/actions/x", "https://user@hooks.slack.com.evil.example/", "not a url", ""} {
		if rec := h.interaction(t, sharePayload(value, u, "1")); rec.Code != http.StatusOK {
			t.Errorf("%q: status %d", u, rec.Code)
		}
	}
	h.quiet(t)
	for _, u := range []string{"https://evil.example/hook", "http://hooks.slack.com/actions/x", "https://hooks.slack.com@evil.example/",
		"https://u:p@hooks.slack.com/actions/x", "https://hooks.slack.com.evil.example/", "ftp://hooks.slack.com/x", "not a url", ""} {
		if h.a.validResponseURL(u) {
			t.Errorf("response_url %q accepted", u)
		}
	}
	for _, u := range []string{"https://hooks.slack.com/actions/T1/1/x", "https://hooks.slack-gov.com/commands/T1/1/x", h.fake.HookURL("ok")} {
		if !h.a.validResponseURL(u) {
			t.Errorf("response_url %q refused", u)
		}
	}
}

func TestShareRateLimited(t *testing.T) {
	h := newHarness(t, withLimiter(state.NewMemory(state.Rate{PerMinute: 1, Burst: 1}, nil)))
	value, _ := shareButtonValue(t, h, "compare 252 552") // uses the one token
	h.interaction(t, sharePayload(value, h.fake.HookURL("3"), "1700000000.000902"))
	post := h.fake.Next(t)
	f := h.a.bot.Catalog().Frame("en")
	if post.JSON["response_type"] != "ephemeral" || post.JSON["text"] != escape(f.RateLimited) {
		t.Fatalf("over the limit: %v, want the ephemeral notice", post.JSON)
	}
}

func TestShareRetriesHook(t *testing.T) {
	h := newHarness(t)
	h.fake.FailNext("hook", http.StatusBadGateway, "")
	value, _ := shareButtonValue(t, h, "compare 252 552")
	h.interaction(t, sharePayload(value, h.fake.HookURL("4"), "1700000000.000903"))
	if post := h.fake.Next(t); post.JSON["response_type"] != "in_channel" {
		t.Fatalf("got %v", post.JSON)
	}
	h.wg.Wait()
	if got := h.metric(t, `smtpbot_platform_api_retries_total{platform="slack"}`); got != 1 {
		t.Errorf("retries %v, want 1", got)
	}
	if strings.Contains(h.logs.String(), "secretpart") {
		t.Error("the response_url reached the logs")
	}
}

func TestInteractionOthersIgnored(t *testing.T) {
	h := newHarness(t)
	other := sharePayload("en\n550", h.fake.HookURL("5"), "1")
	other["actions"] = []map[string]any{{"type": "button", "action_id": "something_else", "value": "x"}}
	modal := map[string]any{"type": "view_submission", "user": map[string]any{"id": "U1"}}
	for _, p := range []any{other, modal} {
		if rec := h.interaction(t, p); rec.Code != http.StatusOK {
			t.Errorf("status %d, want 200", rec.Code)
		}
	}
	h.quiet(t)
}

func TestInteractionMalformed(t *testing.T) {
	h := newHarness(t)
	for _, body := range []string{"", "payload=", "payload=%7B", "payload=%zz", string(slacktest.InteractionForm([]byte(`{"type":["block_actions"]}`)))} {
		rec := post(h.a.Interactions, "/slack/interactions", "", []byte(body))
		if rec.Code != http.StatusBadRequest {
			t.Errorf("%q: status %d, want 400", body, rec.Code)
		}
	}
}

func jsonEqual(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return string(x) == string(y)
}

// hookPosts counts what reached the response_url once the background work
// is done: answers shared in the channel and ephemeral notices.
func hookPosts(h *harness) (shared, notices int) {
	h.wg.Wait()
	for _, c := range h.fake.Calls() {
		if c.Method != "hook" {
			continue
		}
		switch c.JSON["response_type"] {
		case "in_channel":
			shared++
		case "ephemeral":
			notices++
		}
	}
	return shared, notices
}

// TestShareReplayed: one Share press replayed 50 times posts the answer
// once and no rate-limit notice, even with a limit the replays would use
// up: duplicates are dropped before the limit is asked.
func TestShareReplayed(t *testing.T) {
	lim := state.NewMemory(state.Rate{PerMinute: 1, Burst: 10}, nil)
	h := newHarness(t, withLimiter(lim))
	value, _ := shareButtonValue(t, h, "compare 252 552")
	for range 50 {
		h.interaction(t, sharePayload(value, h.fake.HookURL("1"), "1700000000.000900"))
	}
	shared, notices := hookPosts(h)
	if shared != 1 || notices > 1 {
		t.Fatalf("%d shares and %d notices from 50 replays, want 1 and at most 1", shared, notices)
	}
}

// TestShareNoticesThrottled: 50 different presses by one rate-limited user
// get at most one notice, as event notices are throttled.
func TestShareNoticesThrottled(t *testing.T) {
	lim := state.NewMemory(state.Rate{PerMinute: 1, Burst: 1}, nil)
	h := newHarness(t, withLimiter(lim))
	value, _ := shareButtonValue(t, h, "compare 252 552") // uses the one token
	for i := range 50 {
		h.interaction(t, sharePayload(value, h.fake.HookURL("1"), "1700000000.0"+strconv.Itoa(1000+i)))
	}
	shared, notices := hookPosts(h)
	if shared != 0 || notices != 1 {
		t.Fatalf("%d shares and %d notices from 50 limited presses, want 0 and 1", shared, notices)
	}
}

// TestShareAfterRateLimit: a press refused by the rate limit leaves the
// preview shareable; a later press on it shares once the limit allows.
func TestShareAfterRateLimit(t *testing.T) {
	var mu sync.Mutex
	now := time.Unix(1700000000, 0)
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	lim := state.NewMemory(state.Rate{PerMinute: 1, Burst: 1}, clock)
	h := newHarness(t, withLimiter(lim))
	value, _ := shareButtonValue(t, h, "compare 252 552") // uses the one token
	h.interaction(t, sharePayload(value, h.fake.HookURL("1"), "1700000000.000900"))
	if shared, notices := hookPosts(h); shared != 0 || notices != 1 {
		t.Fatalf("limited press: %d shares, %d notices; want 0 and 1", shared, notices)
	}
	mu.Lock()
	now = now.Add(2 * time.Minute)
	mu.Unlock()
	p := sharePayload(value, h.fake.HookURL("1"), "1700000000.000900")
	p["actions"].([]map[string]any)[0]["action_ts"] = "1700000120.1"
	h.interaction(t, p)
	if shared, _ := hookPosts(h); shared != 1 {
		t.Fatalf("press after the limit: %d shares, want 1", shared)
	}
}
