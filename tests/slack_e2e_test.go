package tests

// End-to-end tests of the Slack app: they build the real binary, run
// `smtpbot serve` on a loopback port against a fake Slack Web API, send
// signed requests and check what users would see. Nothing leaves loopback.

import (
	"bytes"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"sigs.k8s.io/yaml"

	"github.com/smtpbot/smtpbot/adapters/slack/slacktest"
	"github.com/smtpbot/smtpbot/catalog"
	"github.com/smtpbot/smtpbot/catalog/catalogtest"
)

const (
	slackE2ESecret   = "e2e-signing-secret-0123456789abcdef"
	slackE2EBotToken = "xoxb-e2e-BOT-TOKEN-never-logged"
	slackE2EAppToken = "xapp-1-e2e-APP-TOKEN-never-logged"
	slackE2EBotUser  = "UE2EBOT"
)

// slackServe is a running `smtpbot serve` that the tests talk to as Slack
// does.
type slackServe struct {
	*server
	seq atomic.Int64
}

func startSlack(t *testing.T, env ...string) *slackServe {
	t.Helper()
	return &slackServe{server: startServe(t, env...)}
}

// user is a fresh user ID, so the server's per-user limit (10 at once)
// never interferes with a test that is not about it.
func (s *slackServe) user() string { return "U" + strconv.FormatInt(s.seq.Add(1), 10) }

// slackPost sends body to path on srv, signed with secret at time at as
// Slack signs requests (zero time: unsigned), with extra header pairs.
func slackPost(t *testing.T, srv *server, path, contentType string, body []byte, secret string, at time.Time, headers ...string) (int, []byte) {
	t.Helper()
	if !at.IsZero() {
		ts, sig := slacktest.Sign(secret, body, at)
		headers = append([]string{"X-Slack-Request-Timestamp", ts, "X-Slack-Signature", sig}, headers...)
	}
	return srv.post(t, path, contentType, body, headers...)
}

func (s *slackServe) command(t *testing.T, text string) map[string]any {
	t.Helper()
	return s.commandAs(t, s.user(), text)
}

func (s *slackServe) commandAs(t *testing.T, user, text string) map[string]any {
	t.Helper()
	body := slacktest.CommandForm(text, user, "C"+user, "https://hooks.slack.com/commands/T1/1/x")
	status, out := slackPost(t, s.server, "/slack/commands", "application/x-www-form-urlencoded", body, slackE2ESecret, time.Now())
	if status != http.StatusOK {
		t.Fatalf("/smtp %s: status %d %s", text, status, out)
	}
	var m map[string]any
	if err := json.Unmarshal(out, &m); err != nil {
		t.Fatalf("/smtp %s: %v\n%s", text, err, out)
	}
	return m
}

func (s *slackServe) event(t *testing.T, payload map[string]any, headers ...string) int {
	t.Helper()
	b, _ := json.Marshal(payload)
	status, _ := slackPost(t, s.server, "/slack/events", "application/json", b, slackE2ESecret, time.Now(), headers...)
	return status
}

func slackMention(id, user, text, ts, thread string) map[string]any {
	ev := map[string]any{"type": "app_mention", "user": user, "text": text, "ts": ts, "channel": "C123", "event_ts": ts}
	if thread != "" {
		ev["thread_ts"] = thread
	}
	return slackCallback(id, ev)
}

func slackCallback(id string, ev map[string]any) map[string]any {
	return map[string]any{"type": "event_callback", "team_id": "T1", "api_app_id": "A1", "event_id": id, "event_time": 1700000000, "event": ev,
		"authorizations": []map[string]any{{"team_id": "T1", "user_id": slackE2EBotUser, "is_bot": true}}}
}

// allTexts joins every "text" in a Block Kit tree.
func allTexts(v any) string {
	var b strings.Builder
	var walk func(any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, e := range x {
				if s, ok := e.(string); ok && (k == "text" || k == "url") {
					b.WriteString(s + "\n")
				} else {
					walk(e)
				}
			}
		case []any:
			for _, e := range x {
				walk(e)
			}
		}
	}
	walk(v)
	return b.String()
}

func shareValueOf(t *testing.T, answer map[string]any) string {
	t.Helper()
	for _, b := range answer["blocks"].([]any) {
		blk := b.(map[string]any)
		if blk["type"] == "actions" {
			return blk["elements"].([]any)[0].(map[string]any)["value"].(string)
		}
	}
	t.Fatal("no Share button")
	return ""
}

func frames(t *testing.T) (en, vi *catalog.Frame) {
	t.Helper()
	cat := catalogtest.Load(t)
	return cat.Frame("en"), cat.Frame("vi")
}

// TestSlackE2E runs the HTTP Slack app in the real binary.
func TestSlackE2E(t *testing.T) {
	fake := slacktest.NewAPI(t, slackE2EBotUser)
	srv := startSlack(t,
		"SLACK_SIGNING_SECRET="+slackE2ESecret,
		"SLACK_BOT_TOKEN="+slackE2EBotToken,
		"SLACK_API_URL="+fake.URL+"/api/",
		"SMTPBOT_PUBLIC_URL=https://smtpbot.example",
	)
	en, vi := frames(t)

	t.Run("start-up says slack is on", func(t *testing.T) {
		if summary := srv.summary(t); !strings.Contains(summary, "slack: on (HTTP at /slack/commands, /slack/events, /slack/interactions; Socket Mode off") {
			t.Errorf("no summary line for slack:\n%s", summary)
		}
	})

	t.Run("slash command forms", func(t *testing.T) {
		for _, c := range []struct{ text, want string }{
			{"compare 252 552", "552"},
			{"252 vs 455", "455"},
			{"explain 550", "550"},
			{"list 4xx", "421"},
			{"help", en.HelpTitle},
			{"550 5.7.26 This mail has been blocked because the sender is unauthenticated", "5.7.26"},
			{"\xff\xfe garbage", en.UnknownTitle},
		} {
			ans := srv.command(t, c.text)
			if ans["response_type"] != "ephemeral" {
				t.Errorf("%q: response_type %v", c.text, ans["response_type"])
			}
			if txt := allTexts(ans["blocks"]); !strings.Contains(txt, c.want) {
				t.Errorf("%q: answer lacks %q", c.text, c.want)
			}
			if n := len(ans["blocks"].([]any)); n > 50 {
				t.Errorf("%q: %d blocks", c.text, n)
			}
		}
		ans := srv.command(t, "--lang vi compare 252 552")
		if txt := allTexts(ans["blocks"]); !strings.Contains(txt, vi.ShareButton) || !strings.Contains(txt, "/vi/compare/252-vs-552") {
			t.Errorf("--lang vi: no Vietnamese share label or Vietnamese page link")
		}
	})

	t.Run("refused requests", func(t *testing.T) {
		form := []byte("command=%2Fsmtp&user_id=U1&channel_id=C1&text=550")
		for _, c := range []struct {
			name   string
			path   string
			body   []byte
			secret string
			at     time.Time
			status int
		}{
			{"unsigned", "/slack/commands", form, "", time.Time{}, 401},
			{"forged", "/slack/commands", form, "wrong-secret", time.Now(), 401},
			{"stale", "/slack/commands", form, slackE2ESecret, time.Now().Add(-6 * time.Minute), 401},
			{"forged event", "/slack/events", []byte(`{"type":"url_verification","challenge":"x"}`), "wrong-secret", time.Now(), 401},
			{"forged interaction", "/slack/interactions", []byte("payload=%7B%7D"), "wrong-secret", time.Now(), 401},
			{"oversized", "/slack/commands", append(form, bytes.Repeat([]byte("5"), 70<<10)...), slackE2ESecret, time.Now(), 413},
			{"malformed event", "/slack/events", []byte(`{"type":`), slackE2ESecret, time.Now(), 400},
			{"malformed interaction", "/slack/interactions", []byte("payload=%7Bnope"), slackE2ESecret, time.Now(), 400},
		} {
			status, body := slackPost(t, srv.server, c.path, "application/x-www-form-urlencoded", c.body, c.secret, c.at)
			if status != c.status {
				t.Errorf("%s: status %d, want %d", c.name, status, c.status)
			}
			if status == 401 && len(body) != 0 {
				t.Errorf("%s: 401 with a body %q", c.name, body)
			}
		}
	})

	t.Run("over the limit: a polite notice", func(t *testing.T) {
		u := srv.user()
		if txt := allTexts(srv.commandAs(t, u, "explain 550")["blocks"]); strings.Contains(txt, en.RateLimited) {
			t.Fatal("the first request was refused")
		}
		// The burst is the server's configuration; well within 50 it runs out.
		for i := range 50 {
			ans := srv.commandAs(t, u, "explain 550")
			if strings.Contains(allTexts(ans["blocks"]), en.RateLimited) {
				if ans["response_type"] != "ephemeral" {
					t.Errorf("notice is %v, want ephemeral", ans["response_type"])
				}
				return
			}
			if i == 49 {
				t.Fatal("51 requests in a row from one user, none refused")
			}
		}
	})

	t.Run("url_verification", func(t *testing.T) {
		status, body := slackPost(t, srv.server, "/slack/events", "application/json", []byte(`{"token":"x","challenge":"abc123","type":"url_verification"}`), slackE2ESecret, time.Now())
		if status != 200 || !strings.Contains(string(body), `"challenge":"abc123"`) {
			t.Fatalf("%d %s", status, body)
		}
	})

	t.Run("mention answered once in thread", func(t *testing.T) {
		p := slackMention("EvE2E1", srv.user(), "<@"+slackE2EBotUser+"> <!channel> 252 vs 552 SECRET-E2E-TEXT", "1700000000.000100", "")
		if s := srv.event(t, p); s != 200 {
			t.Fatalf("status %d", s)
		}
		for n := 1; n <= 2; n++ {
			if s := srv.event(t, p, "X-Slack-Retry-Num", strconv.Itoa(n), "X-Slack-Retry-Reason", "http_timeout"); s != 200 {
				t.Fatalf("retry %d: status %d", n, s)
			}
		}
		c := fake.Next(t)
		if c.Method != "chat.postMessage" || c.Form.Get("channel") != "C123" || c.Form.Get("thread_ts") != "1700000000.000100" || c.Form.Get("token") != slackE2EBotToken {
			t.Fatalf("got %s channel=%q thread=%q", c.Method, c.Form.Get("channel"), c.Form.Get("thread_ts"))
		}
		if strings.Contains(c.Form.Get("blocks")+c.Form.Get("text"), "<!channel>") {
			t.Error("the answer echoes <!channel>")
		}
		fake.None(t, 500*time.Millisecond)
		if got := srv.metric(t, `smtpbot_duplicates_total{platform="slack"}`); got != 2 {
			t.Errorf("duplicates %v, want 2", got)
		}
	})

	t.Run("direct message", func(t *testing.T) {
		srv.event(t, slackCallback("EvE2E2", map[string]any{"type": "message", "channel_type": "im", "channel": "D42", "user": srv.user(), "text": "lỗi 550 là gì", "ts": "1700000000.000300"}))
		c := fake.Next(t)
		if c.Method != "chat.postMessage" || c.Form.Get("channel") != "D42" || c.Form.Get("thread_ts") != "" {
			t.Fatalf("got %s channel=%q thread=%q", c.Method, c.Form.Get("channel"), c.Form.Get("thread_ts"))
		}
	})

	t.Run("bots and itself ignored", func(t *testing.T) {
		srv.event(t, slackCallback("EvE2E3", map[string]any{"type": "message", "subtype": "bot_message", "bot_id": "B1", "channel_type": "im", "channel": "D42", "text": "550", "ts": "1"}))
		srv.event(t, slackCallback("EvE2E4", map[string]any{"type": "message", "channel_type": "im", "channel": "D42", "user": slackE2EBotUser, "text": "550", "ts": "1"}))
		fake.None(t, 500*time.Millisecond)
	})

	t.Run("share button", func(t *testing.T) {
		value := shareValueOf(t, srv.command(t, "compare 252 552"))
		payload, _ := json.Marshal(map[string]any{
			"type": "block_actions", "user": map[string]any{"id": "U777"}, "channel": map[string]any{"id": "C123"},
			"container":    map[string]any{"type": "message", "message_ts": "1700000000.000900", "channel_id": "C123", "is_ephemeral": true},
			"response_url": fake.URL + "/hooks/actions/T1/9/secret",
			"actions":      []map[string]any{{"type": "button", "block_id": "smtpbot_actions", "action_id": "smtpbot_share", "value": value}},
		})
		status, _ := slackPost(t, srv.server, "/slack/interactions", "application/x-www-form-urlencoded", slacktest.InteractionForm(payload), slackE2ESecret, time.Now())
		if status != 200 {
			t.Fatalf("status %d", status)
		}
		post := fake.Next(t)
		if post.Method != "hook" || post.JSON["response_type"] != "in_channel" || !strings.Contains(allTexts(post.JSON["blocks"]), "<@U777>") {
			t.Fatalf("share: %s %v", post.Method, post.JSON["response_type"])
		}
		if del := fake.Next(t); del.JSON["delete_original"] != true {
			t.Errorf("preview not deleted: %v", del.JSON)
		}
	})

	t.Run("rate limited Web API is retried", func(t *testing.T) {
		fake.FailNext("chat.postMessage", http.StatusTooManyRequests, "1")
		fake.FailNext("chat.postMessage", http.StatusBadGateway, "")
		before := srv.metric(t, `smtpbot_platform_api_retries_total{platform="slack"}`)
		srv.event(t, slackMention("EvE2E5", srv.user(), "<@"+slackE2EBotUser+"> explain 421", "1700000000.000400", ""))
		if c := fake.Next(t); c.Method != "chat.postMessage" {
			t.Fatalf("got %s", c.Method)
		}
		if got := srv.metric(t, `smtpbot_platform_api_retries_total{platform="slack"}`) - before; got != 2 {
			t.Errorf("retries %v, want 2", got)
		}
	})

	t.Run("graceful shutdown finishes answers in flight", func(t *testing.T) {
		fake.SetDelay("chat.postMessage", time.Second)
		srv.event(t, slackMention("EvE2E6", srv.user(), "<@"+slackE2EBotUser+"> explain 550", "1700000000.000500", ""))
		time.Sleep(100 * time.Millisecond) // the answer is now waiting on the slow API
		srv.stop(t)
		select {
		case c := <-fake.Received():
			if c.Method != "chat.postMessage" {
				t.Errorf("got %s", c.Method)
			}
		default:
			t.Error("serve stopped without delivering the answer in flight")
		}
		srv.checkNotLogged(t, "SECRET-E2E-TEXT", slackE2EBotToken, slackE2ESecret, "/hooks/actions/T1/9/secret")
	})
}

// TestSlackE2EOff: without credentials Slack is off, serve says so and
// still serves health checks.
func TestSlackE2EOff(t *testing.T) {
	for _, c := range []struct {
		env  []string
		want string
	}{
		{nil, "slack: off (SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET and SLACK_APP_TOKEN not set)"},
		{[]string{"SLACK_SIGNING_SECRET=x"}, "slack: off (SLACK_BOT_TOKEN not set)"},
		{[]string{"SLACK_BOT_TOKEN=xoxb-1"}, "slack: off (set SLACK_SIGNING_SECRET for HTTP or SLACK_APP_TOKEN for Socket Mode)"},
	} {
		srv := startServe(t, c.env...)
		if res, _ := srv.get(t, "/healthz"); res.StatusCode != 200 {
			t.Fatalf("healthz: %d", res.StatusCode)
		}
		status, _ := slackPost(t, srv, "/slack/commands", "application/x-www-form-urlencoded", []byte("text=550"), slackE2ESecret, time.Now())
		if status != http.StatusNotFound && status != http.StatusMethodNotAllowed {
			t.Errorf("/slack/commands with slack off: %d, want it not served", status)
		}
		srv.stop(t)
		if summary := srv.summary(t); !strings.Contains(summary, c.want) {
			t.Errorf("env %v: start-up summary lacks %q:\n%s", c.env, c.want, summary)
		}
	}
}

// TestSlackE2ESocketMode: with SLACK_APP_TOKEN and no public URL, the
// binary connects out over Socket Mode and answers there.
func TestSlackE2ESocketMode(t *testing.T) {
	fake := slacktest.NewAPI(t, slackE2EBotUser)
	sock := fake.Socket()
	// Ready means the socket is connected.
	srv := startServe(t,
		"SLACK_BOT_TOKEN="+slackE2EBotToken,
		"SLACK_APP_TOKEN="+slackE2EAppToken,
		"SLACK_API_URL="+fake.URL+"/api/",
	)
	if summary := srv.summary(t); !strings.Contains(summary, "HTTP off (SLACK_SIGNING_SECRET not set); Socket Mode on") {
		t.Errorf("summary does not say HTTP off, Socket Mode on:\n%s", summary)
	}
	sock.Send(map[string]any{"envelope_id": "env-cmd", "type": "slash_commands", "accepts_response_payload": true,
		"payload": map[string]any{"command": "/smtp", "text": "--lang vi compare 252 455", "user_id": "U1", "channel_id": "C1", "response_url": fake.URL + "/hooks/commands/1"}})
	ack := sock.Ack(t, "env-cmd")
	if payload, _ := ack["payload"].(map[string]any); payload["response_type"] != "ephemeral" || !strings.Contains(allTexts(payload["blocks"]), "455") {
		t.Fatalf("ack %v", ack)
	}
	sock.Send(map[string]any{"envelope_id": "env-ev", "type": "events_api",
		"payload": slackMention("EvSock1", "U9", "<@"+slackE2EBotUser+"> 552", "1700000000.000600", "")})
	if c := fake.Next(t); c.Method != "chat.postMessage" || c.Form.Get("thread_ts") != "1700000000.000600" {
		t.Fatalf("got %s thread=%q", c.Method, c.Form.Get("thread_ts"))
	}
	// The HTTP endpoints are not mounted without a signing secret.
	if status, _ := slackPost(t, srv, "/slack/events", "application/json", []byte(`{}`), slackE2ESecret, time.Now()); status != http.StatusNotFound && status != http.StatusMethodNotAllowed {
		t.Errorf("/slack/events in Socket Mode only: %d, want it not served", status)
	}
	srv.stop(t)
	srv.checkNotLogged(t, slackE2EAppToken, slackE2EBotToken)
}

// slackManifest is the part of Slack's app manifest schema smtpbot uses;
// decoding is strict, so a misspelt key fails the test.
type slackManifest struct {
	DisplayInformation struct {
		Name            string `json:"name"`
		Description     string `json:"description"`
		BackgroundColor string `json:"background_color"`
		LongDescription string `json:"long_description"`
	} `json:"display_information"`
	Features struct {
		AppHome struct {
			HomeTab          bool `json:"home_tab_enabled"`
			MessagesTab      bool `json:"messages_tab_enabled"`
			MessagesReadOnly bool `json:"messages_tab_read_only_enabled"`
		} `json:"app_home"`
		BotUser struct {
			DisplayName  string `json:"display_name"`
			AlwaysOnline bool   `json:"always_online"`
		} `json:"bot_user"`
		Shortcuts []struct {
			Name        string `json:"name"`
			Type        string `json:"type"`
			CallbackID  string `json:"callback_id"`
			Description string `json:"description"`
		} `json:"shortcuts"`
		SlashCommands []struct {
			Command      string `json:"command"`
			URL          string `json:"url"`
			Description  string `json:"description"`
			UsageHint    string `json:"usage_hint"`
			ShouldEscape bool   `json:"should_escape"`
		} `json:"slash_commands"`
	} `json:"features"`
	OAuthConfig struct {
		Scopes struct {
			Bot []string `json:"bot"`
		} `json:"scopes"`
	} `json:"oauth_config"`
	Settings struct {
		EventSubscriptions struct {
			RequestURL string   `json:"request_url"`
			BotEvents  []string `json:"bot_events"`
		} `json:"event_subscriptions"`
		Interactivity struct {
			IsEnabled  bool   `json:"is_enabled"`
			RequestURL string `json:"request_url"`
		} `json:"interactivity"`
		OrgDeploy     bool `json:"org_deploy_enabled"`
		SocketMode    bool `json:"socket_mode_enabled"`
		TokenRotation bool `json:"token_rotation_enabled"`
	} `json:"settings"`
}

// TestSlackManifest checks both app manifests against what the adapter
// serves and needs: the /smtp command with a usage hint, the "Explain SMTP
// codes" message shortcut, exactly the five
// bot scopes, the two events, interactivity, and the request URLs of the
// HTTP variant pointing at the endpoints serve mounts.
func TestSlackManifest(t *testing.T) {
	for _, c := range []struct {
		file   string
		socket bool
	}{{"manifest.yaml", false}, {"manifest.socket.yaml", true}} {
		t.Run(c.file, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join("..", "deploy", "slack", c.file))
			if err != nil {
				t.Fatal(err)
			}
			var m slackManifest
			if err := yaml.UnmarshalStrict(b, &m); err != nil {
				t.Fatal(err)
			}
			if n := len(m.DisplayInformation.LongDescription); n < 175 || n > 4000 {
				t.Errorf("long_description is %d characters; Slack wants 175 to 4000", n)
			}
			if n := len(m.DisplayInformation.Description); n == 0 || n > 140 {
				t.Errorf("description is %d characters; Slack wants 1 to 140", n)
			}
			if len(m.Features.SlashCommands) != 1 || m.Features.SlashCommands[0].Command != "/smtp" || m.Features.SlashCommands[0].UsageHint == "" {
				t.Errorf("slash commands %+v, want /smtp with a usage hint", m.Features.SlashCommands)
			}
			if sc := m.Features.Shortcuts; len(sc) != 1 || sc[0].Type != "message" || sc[0].CallbackID != "explain_smtp" || sc[0].Name == "" || sc[0].Description == "" {
				t.Errorf("shortcuts %+v, want the explain_smtp message shortcut", sc)
			}
			if got := strings.Join(m.OAuthConfig.Scopes.Bot, ","); got != "commands,chat:write,app_mentions:read,im:history,files:read" {
				t.Errorf("bot scopes %s", got)
			}
			if got := strings.Join(m.Settings.EventSubscriptions.BotEvents, ","); got != "app_mention,message.im" {
				t.Errorf("bot events %s", got)
			}
			if !m.Settings.Interactivity.IsEnabled || !m.Features.AppHome.MessagesTab || m.Features.AppHome.MessagesReadOnly {
				t.Error("interactivity off, or users cannot write to the bot")
			}
			if m.Settings.SocketMode != c.socket {
				t.Errorf("socket_mode_enabled %v, want %v", m.Settings.SocketMode, c.socket)
			}
			urls := map[string]string{
				"/slack/commands":     m.Features.SlashCommands[0].URL,
				"/slack/events":       m.Settings.EventSubscriptions.RequestURL,
				"/slack/interactions": m.Settings.Interactivity.RequestURL,
			}
			for path, u := range urls {
				switch {
				case c.socket && u != "":
					t.Errorf("Socket Mode manifest has a request URL %q", u)
				case !c.socket && !strings.HasPrefix(u, "https://") || !c.socket && !strings.HasSuffix(u, path):
					t.Errorf("request URL %q does not point at %s over HTTPS", u, path)
				}
			}
		})
	}
}
