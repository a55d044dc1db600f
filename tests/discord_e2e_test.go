package tests

// End-to-end tests of the Discord bot: the real binary, built from
// cmd/smtpbot, serving on loopback. Discord is faked on loopback too
// (adapters/discord/discordtest): signed interactions go straight to the
// binary's endpoint; for the gateway, the binary's REST client is pointed
// at a fake API (DISCORD_API_URL) whose GET /gateway names a fake gateway.

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/smtpbot/smtpbot/adapters/discord/discordtest"
)

const (
	discordE2EToken   = "e2e-DISCORD-BOT-TOKEN-never-logged"
	discordE2EBotID   = "900000000000000777"
	discordE2EAppID   = "800000000000000555"
	discordE2EIToken  = "e2e-INTERACTION-TOKEN-never-logged"
	discordE2ESecretQ = "secret-question-words"
)

// discordE2EKey stands in for Discord's signing key.
func discordE2EKey() ed25519.PrivateKey {
	return ed25519.NewKeyFromSeed(bytes.Repeat([]byte{42}, ed25519.SeedSize))
}

// discordPost posts an interaction to srv signed with key at time at, as
// Discord signs them.
func discordPost(t *testing.T, srv *server, key ed25519.PrivateKey, at time.Time, body []byte) (int, []byte) {
	t.Helper()
	sig, stamp := discordtest.Sign(key, body, at)
	return srv.post(t, "/discord/interactions", "application/json", body, "X-Signature-Ed25519", sig, "X-Signature-Timestamp", stamp)
}

func discordCommand(locale, sub string, opts ...map[string]any) []byte {
	if opts == nil {
		opts = []map[string]any{}
	}
	b, _ := json.Marshal(map[string]any{
		"id": "1001", "application_id": discordE2EAppID, "type": 2, "token": discordE2EIToken, "version": 1,
		"guild_id": "G1", "channel_id": "C1", "locale": locale,
		"member": map[string]any{"user": map[string]any{"id": "U1", "username": "ana", "global_name": "Ana"}},
		"data": map[string]any{"id": "CMD", "name": "smtp", "type": 1,
			"options": []any{map[string]any{"name": sub, "type": 1, "options": opts}}},
	})
	return b
}

func discordOpt(name, value string, focused bool) map[string]any {
	return map[string]any{"name": name, "type": 3, "value": value, "focused": focused}
}

func decodeDiscord(t *testing.T, b []byte) discordtest.Response {
	t.Helper()
	return discordtest.DecodeResponse(t, b)
}

func TestDiscordE2EInteractions(t *testing.T) {
	t.Parallel()
	key := discordE2EKey()
	// No gateway: ready at once.
	api := discordtest.NewAPI(t) // follow-ups of Share
	srv := startServe(t,
		"DISCORD_PUBLIC_KEY="+hex.EncodeToString(key.Public().(ed25519.PublicKey)),
		"DISCORD_APP_ID="+discordE2EAppID,
		"DISCORD_API_URL="+api.URL(),
		"SMTPBOT_PUBLIC_URL=https://smtpbot.example")
	if summary := srv.summary(t); !strings.Contains(summary, "discord: on (interactions endpoint at /discord/interactions; gateway off") {
		t.Errorf("summary does not say what is on:\n%s", summary)
	}
	now := time.Now()

	t.Run("ping", func(t *testing.T) {
		code, body := discordPost(t, srv, key, now, []byte(`{"id":"1","application_id":"A","type":1,"token":"t","version":1}`))
		if code != http.StatusOK || decodeDiscord(t, body).Type != 1 {
			t.Errorf("PING: %d %s", code, body)
		}
	})

	var shareID string
	t.Run("compare, privately, with a Share button", func(t *testing.T) {
		code, body := discordPost(t, srv, key, now, discordCommand("vi", "compare", discordOpt("code1", "252", false), discordOpt("code2", "552", false)))
		r := decodeDiscord(t, body)
		// The short card: one embed, the full answer behind Details.
		if code != http.StatusOK || r.Type != 4 || r.Data.Flags != 64 || len(r.Data.Embeds) != 1 || !bytes.Contains(body, []byte(`"inline":true`)) {
			t.Fatalf("compare: %d %s", code, body)
		}
		if r.Data.Embeds[0].URL != "https://smtpbot.example/vi/compare/252-vs-552" {
			t.Errorf("embed URL %q, want the Vietnamese page", r.Data.Embeds[0].URL)
		}
		if !bytes.Contains(body, []byte(`"allowed_mentions":{"parse":[]`)) {
			t.Errorf("mentions not disabled: %s", body)
		}
		if len(r.Data.Components) == 0 || len(r.Data.Components[0].Components) == 0 {
			t.Fatalf("no Share button: %s", body)
		}
		for _, c := range r.Data.Components[0].Components {
			if strings.HasPrefix(c.CustomID, "smtpbot_share:") {
				shareID = c.CustomID
			}
		}
		if shareID == "" {
			t.Fatalf("no Share button: %s", body)
		}
	})

	t.Run("share publicly", func(t *testing.T) {
		code, body := discordPost(t, srv, key, now, sharePress("M1", shareID))
		// The private copy becomes a credit line; the answer is posted
		// publicly as a follow-up.
		if r := decodeDiscord(t, body); code != http.StatusOK || r.Type != 7 || !strings.Contains(r.Data.Content, "Bình") {
			t.Fatalf("share: %d %s", code, body)
		}
		ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
		defer cancel()
		req, err := api.Wait(ctx, http.MethodPost, "/webhooks/"+discordE2EAppID+"/"+discordE2EIToken, 1)
		if err != nil {
			t.Fatal(err)
		}
		r := decodeDiscord(t, append(append([]byte(`{"type":4,"data":`), req.Body...), '}'))
		if r.Data.Flags != 0 || len(r.Data.Embeds) == 0 {
			t.Fatalf("shared post: %s", req.Body)
		}
		last := r.Data.Embeds[len(r.Data.Embeds)-1]
		if last.Footer == nil || !strings.Contains(last.Footer.Text, "Bình") {
			t.Errorf("shared answer does not credit Bình: %s", body)
		}
	})

	t.Run("autocomplete", func(t *testing.T) {
		b := discordCommand("en-US", "compare", discordOpt("code1", "55", true))
		b = bytes.Replace(b, []byte(`"type":2`), []byte(`"type":4`), 1)
		code, body := discordPost(t, srv, key, now, b)
		r := decodeDiscord(t, body)
		if code != http.StatusOK || r.Type != 8 || len(r.Data.Choices) == 0 || len(r.Data.Choices) > 25 {
			t.Fatalf("autocomplete: %d %s", code, body)
		}
		for _, c := range r.Data.Choices {
			if !strings.HasPrefix(c.Value, "55") {
				t.Errorf("choice %+v for 55", c)
			}
		}
	})

	t.Run("diagnose", func(t *testing.T) {
		code, body := discordPost(t, srv, key, now, discordCommand("en-US", "diagnose",
			discordOpt("text", "550-5.1.1 "+discordE2ESecretQ+" does not exist @everyone <@&1>", false)))
		r := decodeDiscord(t, body)
		if code != http.StatusOK || len(r.Data.Embeds) == 0 || !strings.Contains(r.Data.Embeds[0].Title, "5.1.1") {
			t.Errorf("diagnose: %d %s", code, body)
		}
		if bytes.Contains(body, []byte("@everyone")) || bytes.Contains(body, []byte("<@&1>")) {
			t.Errorf("answer echoes a mention: %s", body)
		}
	})

	t.Run("refused", func(t *testing.T) {
		ping := []byte(`{"id":"1","type":1}`)
		other := ed25519.NewKeyFromSeed(bytes.Repeat([]byte{1}, ed25519.SeedSize))
		for _, tc := range []struct {
			name string
			key  ed25519.PrivateKey
			at   time.Time
			body []byte
			want int
		}{
			{"forged", other, now, ping, http.StatusUnauthorized},
			{"stale", key, now.Add(-10 * time.Minute), ping, http.StatusUnauthorized},
			{"oversized", key, now, append([]byte(`{"type":1,"x":"`), bytes.Repeat([]byte("x"), 70<<10)...), http.StatusRequestEntityTooLarge},
			{"malformed", key, now, []byte(`{"type":1`), http.StatusBadRequest},
		} {
			if code, body := discordPost(t, srv, tc.key, tc.at, tc.body); code != tc.want {
				t.Errorf("%s: %d %s, want %d", tc.name, code, body, tc.want)
			}
		}
		if code, _ := srv.post(t, "/discord/interactions", "application/json", []byte(`{"type":1}`)); code != http.StatusUnauthorized {
			t.Errorf("unsigned: %d", code)
		}
	})

	if got := srv.metric(t, `smtpbot_questions_total{intent="compare",platform="discord"}`); got != 2 {
		t.Errorf("compare questions counted %v, want 2 (asked, shared)", got)
	}
	srv.stop(t)
	srv.checkNotLogged(t, discordE2EToken, discordE2EIToken, discordE2ESecretQ)
}

func TestDiscordE2EGateway(t *testing.T) {
	t.Parallel()
	api := discordtest.NewAPI(t)
	gw := discordtest.NewGateway(t, discordE2EBotID)
	api.SetGateway(gw.URL())
	// Ready means the gateway is connected.
	srv := startServe(t,
		"DISCORD_BOT_TOKEN="+discordE2EToken,
		"DISCORD_API_URL="+api.URL(),
		"DISCORD_SHARD_ID=0", "DISCORD_SHARD_COUNT=1")
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()

	var identify struct {
		Token   string `json:"token"`
		Intents int    `json:"intents"`
	}
	if err := json.Unmarshal(gw.Identifies()[0], &identify); err != nil {
		t.Fatal(err)
	}
	if identify.Token != "Bot "+discordE2EToken || identify.Intents != 1<<9|1<<12 {
		t.Errorf("identify: intents %d", identify.Intents)
	}
	if got := srv.metric(t, `smtpbot_connected{platform="discord"}`); got != 1 {
		t.Errorf("connected gauge %v", got)
	}

	mention := func(id, content string) map[string]any {
		return map[string]any{
			"id": id, "channel_id": "C" + id, "guild_id": "G1", "type": 0, "content": content,
			"author":   map[string]any{"id": "U1", "username": "ana"},
			"mentions": []any{map[string]any{"id": discordE2EBotID, "username": "smtpbot", "bot": true}},
		}
	}
	// A 429 first: the binary waits as asked and sends again.
	api.FailNext(http.MethodPost, "/channels/C1/", 50*time.Millisecond, http.StatusTooManyRequests)
	if err := gw.Dispatch("MESSAGE_CREATE", mention("1", "<@"+discordE2EBotID+"> 252 vs 552 "+discordE2ESecretQ)); err != nil {
		t.Fatal(err)
	}
	r, err := api.Wait(ctx, http.MethodPost, "/channels/C1/messages", 2)
	if err != nil {
		t.Fatal(err)
	}
	var sent struct {
		Embeds          []json.RawMessage `json:"embeds"`
		AllowedMentions map[string]any    `json:"allowed_mentions"`
		Reference       struct {
			MessageID string `json:"message_id"`
		} `json:"message_reference"`
	}
	if err := r.JSON(&sent); err != nil {
		t.Fatal(err)
	}
	if sent.Reference.MessageID != "1" || len(sent.Embeds) == 0 || !bytes.Contains(r.Body, []byte(`"parse":[]`)) {
		t.Errorf("reply: %s", r.Body)
	}
	if r.Header.Get("Authorization") != "Bot "+discordE2EToken {
		t.Error("REST call without the bot token")
	}

	// The connection drops: not ready, then resumed and ready again.
	gw.Drop()
	srv.waitReady(t, http.StatusServiceUnavailable)
	srv.waitReady(t, http.StatusOK)
	if gw.Resumes() != 1 {
		t.Errorf("%d resumes after the drop, want 1", gw.Resumes())
	}
	if err := gw.Dispatch("MESSAGE_CREATE", mention("2", "<@"+discordE2EBotID+"> 421")); err != nil {
		t.Fatal(err)
	}
	if _, err := api.Wait(ctx, http.MethodPost, "/channels/C2/messages", 1); err != nil {
		t.Fatal(err)
	}
	srv.stop(t)
	srv.checkNotLogged(t, discordE2EToken, discordE2EIToken, discordE2ESecretQ)
}

func TestDiscordE2ERegister(t *testing.T) {
	t.Parallel()
	bin := smtpbot(t)
	api := discordtest.NewAPI(t)
	run := func(args ...string) (string, string, int) {
		cmd := exec.Command(bin, append([]string{"discord", "register"}, args...)...)
		cmd.Env = []string{"DISCORD_BOT_TOKEN=" + discordE2EToken, "DISCORD_APP_ID=" + discordE2EAppID, "DISCORD_API_URL=" + api.URL()}
		var out, errb bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errb
		err := cmd.Run()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		return out.String(), errb.String(), code
	}
	for _, step := range []struct {
		args []string
		want string
	}{
		{nil, `/smtp and "Explain SMTP codes" globally created`},
		{nil, `/smtp and "Explain SMTP codes" globally unchanged`},
		{[]string{"--guild", "G1"}, `/smtp and "Explain SMTP codes" in guild G1 created`},
		{[]string{"--guild=G1"}, `/smtp and "Explain SMTP codes" in guild G1 unchanged`},
	} {
		out, errOut, code := run(step.args...)
		if code != 0 || !strings.Contains(out, step.want) {
			t.Errorf("register %v: exit %d, %q %q; want %q", step.args, code, out, errOut, step.want)
		}
		if !strings.Contains(out, "permissions=2147567616") || !strings.Contains(out, "integration_type=1") {
			t.Errorf("no invite link with the minimal permissions, or no user install link: %q", out)
		}
		if strings.Contains(out+errOut, discordE2EToken) {
			t.Error("token printed")
		}
	}
	if n := len(api.Matching(http.MethodPost, "/applications/")); n != 4 {
		t.Errorf("%d commands written, want 4 (the two commands, globally and in one guild)", n)
	}
	cmd := exec.Command(bin, "discord", "register")
	cmd.Env = []string{}
	if out, err := cmd.CombinedOutput(); err == nil || !strings.Contains(string(out), "DISCORD_BOT_TOKEN") {
		t.Errorf("register without credentials: %v %s", err, out)
	}
}

func TestDiscordE2EConfig(t *testing.T) {
	t.Parallel()
	bin := smtpbot(t)
	srv := startServe(t)
	if summary := srv.summary(t); !strings.Contains(summary, "discord: off (set DISCORD_BOT_TOKEN") {
		t.Errorf("summary does not say Discord is off and why:\n%s", summary)
	}
	if res, _ := srv.get(t, "/discord/interactions"); res.StatusCode != http.StatusNotFound && res.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("endpoint mounted without a key: %d", res.StatusCode)
	}
	srv.stop(t)

	for _, env := range [][]string{
		{"DISCORD_PUBLIC_KEY=not-hex"},
		{"DISCORD_BOT_TOKEN=t", "DISCORD_SHARD_ID=2", "DISCORD_SHARD_COUNT=2"},
		{"DISCORD_BOT_TOKEN=t", "DISCORD_SHARD_COUNT=many"},
		{"DISCORD_BOT_TOKEN=t", "DISCORD_GATEWAY=maybe"},
	} {
		cmd := exec.Command(bin, "serve", "--addr", "127.0.0.1:0")
		cmd.Env = env
		out, err := cmd.CombinedOutput()
		ee, ok := err.(*exec.ExitError)
		if !ok || ee.ExitCode() != 2 || !strings.Contains(string(out), strings.SplitN(env[len(env)-1], "=", 2)[0]) {
			t.Errorf("%v: %v\n%s", env, err, out)
		}
	}
}

// sharePress is the interaction of user U2 pressing the Share button
// (customID) under the private answer messageID, in channel C1.
func sharePress(messageID, customID string) []byte {
	b, _ := json.Marshal(map[string]any{
		"id": "1002", "application_id": discordE2EAppID, "type": 3, "token": discordE2EIToken, "version": 1,
		"guild_id": "G1", "channel_id": "C1", "locale": "en-US",
		"member":  map[string]any{"user": map[string]any{"id": "U2", "username": "binh", "global_name": "Bình"}},
		"message": map[string]any{"id": messageID, "flags": 64},
		"data":    map[string]any{"custom_id": customID, "component_type": 2},
	})
	return b
}
