package tests

// Share across replicas (issue #14 §3): two `smtpbot serve` processes on one
// Redis. A long question is asked on one replica and shared from the other,
// and pressed again on the first: the answer the user saw is posted whole,
// exactly once, with addresses masked.

import (
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/smtpbot/smtpbot/adapters/discord/discordtest"
	"github.com/smtpbot/smtpbot/adapters/redisstate/redistest"
	"github.com/smtpbot/smtpbot/adapters/slack/slacktest"
)

// gmailBounce is longer than a Slack button value (2,000 bytes) and a
// Discord custom_id; its provider is named at the end.
var gmailBounce = strings.Repeat("Received: from mx.example.net (mx.example.net [192.0.2.7]) by relay.example.org for <bob.smith@example.com>\n", 20) +
	"550-5.1.1 The email account that you tried to reach does not exist. Please try double-checking the recipient's email address for typos or unnecessary spaces. For more information, go to https://support.google.com/mail/?p=NoSuchUser <bob.smith@example.com> gsmtp"

func TestShareAcrossReplicasE2E(t *testing.T) {
	redis := redistest.Start(t)

	t.Run("slack", func(t *testing.T) {
		fake := slacktest.NewAPI(t, slackE2EBotUser)
		env := []string{"SLACK_BOT_TOKEN=" + slackE2EBotToken, "SLACK_SIGNING_SECRET=" + slackE2ESecret,
			"SLACK_API_URL=" + fake.URL + "/api/", "SMTPBOT_WEB=false", "REDIS_URL=" + redis.URL()}
		a, b := startServe(t, env...), startServe(t, env...)
		form := slacktest.CommandForm(gmailBounce, "U1", "C1", fake.URL+"/hooks/commands/T1/1/x")
		status, out := slackPost(t, a, "/slack/commands", "application/x-www-form-urlencoded", form, slackE2ESecret, time.Now())
		var preview map[string]any
		if status != http.StatusOK || json.Unmarshal(out, &preview) != nil {
			t.Fatalf("/smtp: %d %s", status, out)
		}
		value := shareValueOf(t, preview)
		if len(value) > 32 {
			t.Fatalf("button value of %d bytes, want a short key", len(value))
		}
		if !strings.Contains(allTexts(preview), "Gmail") {
			t.Fatalf("the private answer does not name Gmail: %s", out)
		}
		press := func(s *server, actionTS string) {
			p, _ := json.Marshal(map[string]any{
				"type": "block_actions", "user": map[string]any{"id": "U1"}, "team": map[string]any{"id": "T1"},
				"channel":      map[string]any{"id": "C1"},
				"container":    map[string]any{"type": "message", "message_ts": "1700000000.000900", "channel_id": "C1", "is_ephemeral": true},
				"response_url": fake.URL + "/hooks/actions/T1/2/x",
				"actions":      []map[string]any{{"type": "button", "action_id": "smtpbot_share", "block_id": "smtpbot_actions", "value": value, "action_ts": actionTS}},
			})
			body := slacktest.InteractionForm(p)
			if code, out := slackPost(t, s, "/slack/interactions", "application/x-www-form-urlencoded", body, slackE2ESecret, time.Now()); code != http.StatusOK {
				t.Fatalf("press: %d %s", code, out)
			}
		}
		press(b, "1700000001.1")
		press(a, "1700000001.2") // a double click reaching the other replica
		var posts, deletes int
		deadline := time.After(5 * time.Second)
	collect:
		for {
			select {
			case c := <-fake.Received():
				switch {
				case c.Method == "hook" && c.JSON["response_type"] == "in_channel":
					posts++
					all, _ := json.Marshal(c.JSON)
					if !strings.Contains(allTexts(c.JSON), "Gmail") || strings.Contains(string(all), "bob.smith@") {
						t.Errorf("shared answer lost the provider or shows the address: %s", all)
					}
				case c.Method == "hook" && c.JSON["delete_original"] == true:
					deletes++
				}
			case <-deadline:
				break collect
			}
			if posts+deletes >= 2 {
				// Wait a little for a duplicate, which would come within milliseconds.
				select {
				case c := <-fake.Received():
					t.Errorf("extra call after the share: %s %v", c.Method, c.JSON)
				case <-time.After(500 * time.Millisecond):
				}
				break
			}
		}
		if posts != 1 || deletes != 1 {
			t.Errorf("%d public posts and %d deletions, want 1 and 1", posts, deletes)
		}
	})

	t.Run("discord", func(t *testing.T) {
		key := discordE2EKey()
		api := discordtest.NewAPI(t)
		env := []string{"DISCORD_PUBLIC_KEY=" + hex.EncodeToString(key.Public().(ed25519.PublicKey)),
			"DISCORD_APP_ID=" + discordE2EAppID, "DISCORD_API_URL=" + api.URL(), "SMTPBOT_WEB=false", "REDIS_URL=" + redis.URL()}
		a, b := startServe(t, env...), startServe(t, env...)
		text := gmailBounce[len(gmailBounce)-400:]
		code, body := discordPost(t, a, key, time.Now(), discordCommand("en-US", "diagnose", discordOpt("text", text, false)))
		r := decodeDiscord(t, body)
		var shareID string
		for _, row := range r.Data.Components {
			for _, c := range row.Components {
				if strings.HasPrefix(c.CustomID, "smtpbot_share:#") {
					shareID = c.CustomID
				}
			}
		}
		if code != http.StatusOK || shareID == "" {
			t.Fatalf("diagnose: %d, no Share button with a key: %s", code, body)
		}
		press := func(s *server) discordtest.Response {
			code, body := discordPost(t, s, key, time.Now(), sharePress("M77", shareID))
			if code != http.StatusOK {
				t.Fatalf("press: %d %s", code, body)
			}
			return decodeDiscord(t, body)
		}
		if r := press(b); r.Type != 7 {
			t.Errorf("first press answered type %d, want 7 (the private copy replaced)", r.Type)
		}
		if r := press(a); r.Type != 6 {
			t.Errorf("second press answered type %d, want 6 (nothing more)", r.Type)
		}
		ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
		defer cancel()
		req, err := api.Wait(ctx, http.MethodPost, "/webhooks/", 1)
		if err != nil {
			t.Fatal(err)
		}
		time.Sleep(500 * time.Millisecond)
		if n := len(api.Matching(http.MethodPost, "/webhooks/")); n != 1 {
			t.Errorf("%d public posts, want 1", n)
		}
		if !strings.Contains(string(req.Body), "Gmail") || strings.Contains(string(req.Body), "bob.smith@") {
			t.Errorf("shared post lost the provider or shows the address: %s", req.Body)
		}
	})
}
