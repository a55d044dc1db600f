package tests

// End-to-end tests of shared state: real `smtpbot serve` processes, a real
// redis-server (Debian package redis-server; the tests skip without it
// unless SMTPBOT_REQUIRE_REDIS is set) and a fake Slack Web API, all on
// loopback.

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/smtpbot/smtpbot/adapters/redisstate/redistest"
	"github.com/smtpbot/smtpbot/adapters/slack/slacktest"
)

const (
	rsSecret   = "e2e-signing-secret-do-not-log"
	rsBotToken = "xoxb-e2e-bot-token-do-not-log"
)

// postsIn returns the chat.postMessage calls to channel, waiting up to
// wait for at least want of them, then a little longer so that extra
// (duplicate) posts, which would arrive within milliseconds, are seen too.
func postsIn(fake *slacktest.API, channel string, want int, wait time.Duration) []url.Values {
	count := func() []url.Values {
		var out []url.Values
		for _, c := range fake.Calls() {
			if c.Method == "chat.postMessage" && c.Form.Get("channel") == channel {
				out = append(out, c.Form)
			}
		}
		return out
	}
	deadline := time.Now().Add(wait)
	for len(count()) < want && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	time.Sleep(300 * time.Millisecond)
	return count()
}

// mention is an app_mention event asking "252 vs 552" in channel.
func mention(t *testing.T, eventID, user, channel string) []byte {
	t.Helper()
	b, err := json.Marshal(map[string]any{
		"type": "event_callback", "team_id": "T1", "api_app_id": "A1", "event_id": eventID,
		"event_time":     time.Now().Unix(),
		"authorizations": []map[string]any{{"user_id": "UBOT", "is_bot": true}},
		"event": map[string]any{"type": "app_mention", "user": user, "text": "<@UBOT> 252 vs 552",
			"ts": "1700000000.000100", "channel": channel, "event_ts": "1700000000.000100"},
	})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// deliver sends one event the way Slack may: to both replicas at once, then
// as Slack's retries (X-Slack-Retry-Num) to each.
func deliver(t *testing.T, body []byte, replicas ...*server) {
	t.Helper()
	var wg sync.WaitGroup
	codes := make([]int, len(replicas))
	for i, r := range replicas {
		wg.Go(func() { codes[i], _ = rsPost(t, r, "/slack/events", "application/json", body) })
	}
	wg.Wait()
	for n, r := range replicas {
		c, _ := rsPost(t, r, "/slack/events", "application/json", body,
			"X-Slack-Retry-Num", strconv.Itoa(n+1), "X-Slack-Retry-Reason", "http_timeout")
		codes = append(codes, c)
	}
	for i, c := range codes {
		if c != http.StatusOK {
			t.Errorf("delivery %d: HTTP %d, want 200 (Slack retries anything else)", i, c)
		}
	}
}

// slackEnv is the environment of a Slack-only replica talking to fake,
// which logs at debug level and serves no web pages.
func slackEnv(fake *slacktest.API, more ...string) []string {
	return append([]string{"SLACK_BOT_TOKEN=" + rsBotToken, "SLACK_SIGNING_SECRET=" + rsSecret,
		"SLACK_API_URL=" + fake.URL + "/api/", "SMTPBOT_LOG_LEVEL=debug", "SMTPBOT_WEB=false"}, more...)
}

// rsPost sends body to path on s, signed with rsSecret now.
func rsPost(t *testing.T, s *server, path, contentType string, body []byte, headers ...string) (int, string) {
	t.Helper()
	code, out := slackPost(t, s, path, contentType, body, rsSecret, time.Now(), headers...)
	return code, string(out)
}

func checkNoSecrets(t *testing.T, replicas ...*server) {
	t.Helper()
	for _, r := range replicas {
		r.checkNotLogged(t, rsSecret, rsBotToken)
	}
}

// Two replicas sharing Redis, each event delivered to both and retried to
// both: exactly one answer per event. Without Redis, the same deliveries are
// answered once per replica, which is what the shared state prevents.
func TestRedisE2EExactlyOnce(t *testing.T) {
	redis := redistest.Start(t)

	t.Run("shared", func(t *testing.T) {
		fake := slacktest.NewAPI(t, "UBOT")
		env := slackEnv(fake, "REDIS_URL="+redis.URL())
		a, b := startServe(t, env...), startServe(t, env...)
		for i := range 5 {
			channel := fmt.Sprintf("C%d", i)
			deliver(t, mention(t, fmt.Sprintf("EvShared%d", i), fmt.Sprintf("U%d", i), channel), a, b)
			posts := postsIn(fake, channel, 1, 10*time.Second)
			if len(posts) != 1 {
				t.Errorf("event %d: %d chat.postMessage calls, want exactly 1", i, len(posts))
				continue
			}
			if p := posts[0]; p.Get("thread_ts") != "1700000000.000100" || !strings.Contains(p.Get("text"), "552") {
				t.Errorf("event %d: answer %v is not the threaded answer to 252 vs 552", i, p)
			}
		}
		// 4 deliveries of each of 5 events: 15 dropped as duplicates.
		if got := a.metric(t, `smtpbot_duplicates_total{platform="slack"}`) + b.metric(t, `smtpbot_duplicates_total{platform="slack"}`); got != 15 {
			t.Errorf("duplicates counted: %v, want 15", got)
		}
		if got, _ := redis.Do("EXISTS", "smtpbot:dedup:slack:event:EvShared0"); got != ":1" {
			t.Errorf("dedup key not in Redis (EXISTS = %q)", got)
		}
		for i, r := range []*server{a, b} {
			if res, body := r.get(t, "/readyz"); res.StatusCode != 200 || !strings.Contains(string(body), "redis: up") {
				t.Errorf("replica %d /readyz = %d %q, want 200 with redis: up", i, res.StatusCode, body)
			}
			if r.metric(t, `smtpbot_connected{platform="redis"}`) != 1 {
				t.Errorf("replica %d: smtpbot_connected{redis} is not 1", i)
			}
		}
		checkNoSecrets(t, a, b)
	})

	t.Run("memory only", func(t *testing.T) {
		fake := slacktest.NewAPI(t, "UBOT")
		a, b := startServe(t, slackEnv(fake)...), startServe(t, slackEnv(fake)...)
		deliver(t, mention(t, "EvMemory", "U9", "C9"), a, b)
		if posts := postsIn(fake, "C9", 2, 10*time.Second); len(posts) != 2 {
			t.Errorf("without Redis: %d answers, want 2 (one per replica, each deduping alone)", len(posts))
		}
	})
}

// Redis dies mid-run: answers continue (fail open), /readyz stays ready and
// says why, the failure is counted; when Redis returns, the replicas
// reconnect by themselves and dedup is shared again.
func TestRedisE2EFailOpenAndRecover(t *testing.T) {
	redis := redistest.Start(t)
	fake := slacktest.NewAPI(t, "UBOT")
	env := slackEnv(fake, "REDIS_URL="+redis.URL(), "SMTPBOT_REDIS_TIMEOUT=200ms")
	a, b := startServe(t, env...), startServe(t, env...)

	deliver(t, mention(t, "EvBefore", "U1", "C-before"), a, b)
	if n := len(postsIn(fake, "C-before", 1, 10*time.Second)); n != 1 {
		t.Fatalf("before the outage: %d answers, want 1", n)
	}

	redis.Stop()
	// An event during the outage is answered; its retry to the same
	// replica is still dropped (that replica remembers it locally).
	body := mention(t, "EvDuring", "U2", "C-during")
	if code, _ := rsPost(t, a, "/slack/events", "application/json", body); code != 200 {
		t.Errorf("event during the outage: HTTP %d", code)
	}
	if code, _ := rsPost(t, a, "/slack/events", "application/json", body, "X-Slack-Retry-Num", "1"); code != 200 {
		t.Errorf("retry during the outage: HTTP %d", code)
	}
	if n := len(postsIn(fake, "C-during", 1, 10*time.Second)); n != 1 {
		t.Errorf("during the outage: %d answers, want 1", n)
	}
	// Slash commands answer in the response itself.
	form := slacktest.CommandForm("550 vs 5.1.1", "U3", "C3", fake.URL+"/hooks/1")
	code, answer := rsPost(t, b, "/slack/commands", "application/x-www-form-urlencoded", form)
	if code != 200 || !strings.Contains(answer, "5.1.1") {
		t.Errorf("slash command during the outage: HTTP %d %.200q", code, answer)
	}
	for i, r := range []*server{a, b} {
		res, body := r.get(t, "/readyz")
		if res.StatusCode != 200 || !strings.Contains(string(body), "redis: down since") {
			t.Errorf("replica %d /readyz during the outage = %d %q; want 200 (still answering) noting redis down", i, res.StatusCode, body)
		}
		if r.metric(t, "smtpbot_state_errors_total") == 0 {
			t.Errorf("replica %d: no smtpbot_state_errors_total during the outage", i)
		}
		if r.metric(t, `smtpbot_connected{platform="redis"}`) != 0 {
			t.Errorf("replica %d: smtpbot_connected{redis} is not 0 during the outage", i)
		}
	}

	redis.Restart()
	deadline := time.Now().Add(30 * time.Second)
	for _, r := range []*server{a, b} {
		for {
			_, body := r.get(t, "/readyz")
			if strings.Contains(string(body), "redis: up") {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("not reconnected 30s after Redis came back: %q", body)
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	deliver(t, mention(t, "EvAfter", "U4", "C-after"), a, b)
	if n := len(postsIn(fake, "C-after", 1, 10*time.Second)); n != 1 {
		t.Errorf("after recovery: %d answers, want exactly 1", n)
	}
	for i, r := range []*server{a, b} {
		log := r.logs()
		if !strings.Contains(log, "redis unavailable, failing open") || !strings.Contains(log, "redis reachable again") {
			t.Errorf("replica %d did not log the outage and the recovery", i)
		}
	}
	checkNoSecrets(t, a, b)
}
