package discord_test

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/smtpbot/smtpbot/adapters/discord"
	"github.com/smtpbot/smtpbot/adapters/discord/discordtest"
	"github.com/smtpbot/smtpbot/adapters/internal/retry"
	"github.com/smtpbot/smtpbot/adapters/metrics"
	"github.com/smtpbot/smtpbot/adapters/platform"
	"github.com/smtpbot/smtpbot/adapters/state"
	"github.com/smtpbot/smtpbot/catalog"
	"github.com/smtpbot/smtpbot/internal/testlog"
	"github.com/smtpbot/smtpbot/responses"
)

const botID = "900000000000000001"

type gwFixture struct {
	api     *discordtest.API
	gw      *discordtest.Gateway
	g       *discord.Gateway
	metrics *metrics.Metrics
	logs    *testlog.Buffer
	ctx     context.Context
	stop    func() // stops Run and waits for it
}

type gwOpt func(*discord.Config, *discord.GatewayConfig)

func startGateway(t *testing.T, opts ...gwOpt) *gwFixture {
	t.Helper()
	f := &gwFixture{api: discordtest.NewAPI(t), gw: discordtest.NewGateway(t, botID), metrics: metrics.New(nil)}
	f.api.SetGateway(f.gw.URL())
	c, logs := fakeConfig(t, f.api, f.metrics)
	f.logs = logs
	c.Dedup = state.NewMemory(state.Rate{}, nil)
	c.Retry = retry.Policy{Attempts: 3, Base: 5 * time.Millisecond, Max: 50 * time.Millisecond}
	gc := discord.GatewayConfig{Token: "test-token", ReconnectMin: 10 * time.Millisecond, ReconnectMax: 100 * time.Millisecond}
	for _, o := range opts {
		o(&c, &gc)
	}
	a, err := discord.New(c)
	if err != nil {
		t.Fatal(err)
	}
	f.g, err = a.Gateway(gc)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	f.ctx = ctx
	done := make(chan error, 1)
	go func() { done <- f.g.Run(ctx) }()
	var once bool
	f.stop = func() {
		if once {
			return
		}
		once = true
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("Run: %v", err)
			}
		case <-time.After(10 * time.Second):
			t.Error("Run did not return after cancel")
		}
	}
	t.Cleanup(f.stop)
	if err := f.gw.WaitSession(ctx, 1); err != nil {
		t.Fatal(err)
	}
	eventually(t, "gateway ready", func() bool { return f.g.Ready() == nil })
	return f
}

// eventually polls cond until it holds or five seconds pass.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func message(id, guild, author string, isBot bool, content string, mentions ...string) map[string]any {
	var ms []any
	for _, m := range mentions {
		ms = append(ms, map[string]any{"id": m, "username": "someone"})
	}
	m := map[string]any{
		"id": id, "channel_id": "C" + id, "type": 0, "content": content,
		"author":   map[string]any{"id": author, "username": "user" + author, "bot": isBot},
		"mentions": ms,
	}
	if guild != "" {
		m["guild_id"] = guild
	}
	return m
}

// sent is a message the bot posted, as the fake API received it.
type sent struct {
	Content         string            `json:"content"`
	Embeds          []json.RawMessage `json:"embeds"`
	AllowedMentions *struct {
		Parse       []string `json:"parse"`
		RepliedUser bool     `json:"replied_user"`
	} `json:"allowed_mentions"`
	Reference *struct {
		MessageID string `json:"message_id"`
		ChannelID string `json:"channel_id"`
	} `json:"message_reference"`
}

// post dispatches a MESSAGE_CREATE of msg on the gateway.
func (f *gwFixture) post(t *testing.T, msg map[string]any) {
	t.Helper()
	if err := f.gw.Dispatch("MESSAGE_CREATE", msg); err != nil {
		t.Fatal(err)
	}
}

// mention posts message id mentioning the bot in guild G1 (user U1,
// channel C<id>), followed by text, and waits for the one answer.
func (f *gwFixture) mention(t *testing.T, id, text string) (sent, []byte) {
	t.Helper()
	f.post(t, message(id, "G1", "U1", false, strings.TrimSpace("<@"+botID+"> "+text), botID))
	return f.waitSent(t, "C"+id, 1)
}

func (f *gwFixture) waitSent(t *testing.T, channel string, n int) (sent, []byte) {
	t.Helper()
	ctx, cancel := context.WithTimeout(f.ctx, 5*time.Second)
	defer cancel()
	r, err := f.api.Wait(ctx, http.MethodPost, "/channels/"+channel+"/messages", n)
	if err != nil {
		t.Fatal(err)
	}
	var s sent
	if err := r.JSON(&s); err != nil {
		t.Fatal(err)
	}
	return s, r.Body
}

func TestGatewayIdentify(t *testing.T) {
	t.Parallel()
	f := startGateway(t)
	ids := f.gw.Identifies()
	if len(ids) != 1 {
		t.Fatalf("%d identifies", len(ids))
	}
	var id struct {
		Token   string `json:"token"`
		Intents int    `json:"intents"`
		Shard   *[2]int
	}
	if err := json.Unmarshal(ids[0], &id); err != nil {
		t.Fatal(err)
	}
	if id.Token != "Bot test-token" {
		t.Errorf("token %q, want the Bot prefix added", id.Token)
	}
	const guildMessages, directMessages, messageContent = 1 << 9, 1 << 12, 1 << 15
	if id.Intents != guildMessages|directMessages {
		t.Errorf("intents %d, want guild messages and DMs only (%d)", id.Intents, guildMessages|directMessages)
	}
	if id.Intents&messageContent != 0 {
		t.Error("asks for the privileged MESSAGE_CONTENT intent")
	}
	if got := counter(t, f.metrics, "smtpbot_connected", "platform", "discord"); got != 1 {
		t.Errorf("connected gauge %v, want 1", got)
	}
}

func TestGatewaySharding(t *testing.T) {
	t.Parallel()
	f := startGateway(t, func(_ *discord.Config, g *discord.GatewayConfig) { g.ShardID, g.ShardCount = 1, 3 })
	var id struct {
		Shard []int `json:"shard"`
	}
	if err := json.Unmarshal(f.gw.Identifies()[0], &id); err != nil {
		t.Fatal(err)
	}
	if len(id.Shard) != 2 || id.Shard[0] != 1 || id.Shard[1] != 3 {
		t.Errorf("shard %v, want [1 3]", id.Shard)
	}
}

func TestGatewayBadShard(t *testing.T) {
	t.Parallel()
	a, err := discord.New(discord.Config{Services: platform.Services{Bot: testBot(t)}})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []discord.GatewayConfig{{Token: "t", ShardID: 2, ShardCount: 2}, {Token: "t", ShardID: -1}, {Token: ""}} {
		if _, err := a.Gateway(c); err == nil {
			t.Errorf("Gateway(%+v) accepted", c)
		}
	}
}

func TestGatewayAnswersMention(t *testing.T) {
	t.Parallel()
	f := startGateway(t)
	s, raw := f.mention(t, "11", "252 vs 552 @everyone")
	if s.Reference == nil || s.Reference.MessageID != "11" {
		t.Errorf("not a reply to the message: %s", raw)
	}
	if s.AllowedMentions == nil || s.AllowedMentions.Parse == nil || len(s.AllowedMentions.Parse) != 0 || s.AllowedMentions.RepliedUser {
		t.Errorf("allowed_mentions %s, want parse [] and no ping of the author", raw)
	}
	if !bytes.Contains(raw, []byte(`"parse":[]`)) {
		t.Errorf("parse is not an explicit empty list: %s", raw)
	}
	if len(s.Embeds) == 0 || !bytes.Contains(s.Embeds[0], []byte("252")) {
		t.Errorf("no comparison embeds: %s", raw)
	}
	if bytes.Contains(raw, []byte("@everyone")) {
		t.Errorf("echoes @everyone: %s", raw)
	}
	if got := counter(t, f.metrics, "smtpbot_questions_total", "platform", "discord"); got != 1 {
		t.Errorf("questions counter %v", got)
	}
}

func TestGatewayAnswersDM(t *testing.T) {
	t.Parallel()
	f := startGateway(t)
	f.post(t, message("12", "", "U1", false, "so sánh 252 và 552"))
	s, raw := f.waitSent(t, "C12", 1)
	vi := testBot(t).Catalog().Frame(catalog.Vietnamese)
	if len(s.Embeds) == 0 || !bytes.Contains(raw, []byte(vi.KeyDifferences)) {
		t.Errorf("DM not answered in Vietnamese: %s", raw)
	}
}

// TestGatewayIgnores sends messages the bot must not answer, then one it
// must: handlers run in order, so when the last is answered the others
// have been seen and dropped.
func TestGatewayIgnores(t *testing.T) {
	t.Parallel()
	f := startGateway(t)
	ignored := []map[string]any{
		message("21", "G1", "U1", false, "252 vs 552"),                     // no mention
		message("22", "G1", "B2", true, "<@"+botID+"> 252 vs 552", botID),  // another bot
		message("23", "G1", botID, true, "<@"+botID+"> 252 vs 552", botID), // itself
		message("24", "", "B2", true, "252 vs 552"),                        // a bot's DM
		message("25", "G1", "U1", false, "@everyone 252 vs 552"),           // @everyone is no mention of the bot
		func() map[string]any {
			m := message("26", "G1", "U1", false, "<@"+botID+"> 550", botID)
			m["webhook_id"] = "W1"
			return m
		}(),
		func() map[string]any {
			m := message("27", "G1", "U1", false, "<@"+botID+"> 550", botID)
			m["type"] = 7
			return m
		}(), // member join
	}
	for _, m := range ignored {
		f.post(t, m)
	}
	f.mention(t, "29", "550")
	if got := f.api.Matching(http.MethodPost, "/channels/"); len(got) != 1 {
		var paths []string
		for _, r := range got {
			paths = append(paths, r.Path)
		}
		t.Errorf("answered %v, want only C29", paths)
	}
}

func TestGatewayGuildFilter(t *testing.T) {
	t.Parallel()
	f := startGateway(t, func(c *discord.Config, _ *discord.GatewayConfig) { c.GuildID = "HOME" })
	for _, m := range []map[string]any{
		message("31", "ELSEWHERE", "U1", false, "<@"+botID+"> 550", botID),
		message("32", "HOME", "U1", false, "<@"+botID+"> 550", botID),
		message("33", "", "U1", false, "550"),
	} {
		f.post(t, m)
	}
	f.waitSent(t, "C32", 1)
	f.waitSent(t, "C33", 1)
	if got := f.api.Matching(http.MethodPost, "/channels/C31/"); len(got) != 0 {
		t.Errorf("answered in another guild")
	}
}

func TestGatewayBareMention(t *testing.T) {
	t.Parallel()
	f := startGateway(t)
	s, raw := f.mention(t, "41", "")
	en := testBot(t).Catalog().Frame(catalog.English)
	if len(s.Embeds) != 0 || !strings.Contains(s.Content, firstWords(en.MentionHint)) {
		t.Errorf("bare mention answered with %s, want the short hint", raw)
	}
}

func TestGatewayDuplicate(t *testing.T) {
	t.Parallel()
	f := startGateway(t)
	m := message("51", "G1", "U1", false, "<@"+botID+"> 421", botID)
	for range 2 {
		f.post(t, m)
	}
	f.waitSent(t, "C51", 1)
	eventually(t, "duplicate counted", func() bool {
		return counter(t, f.metrics, "smtpbot_duplicates_total", "platform", "discord") == 1
	})
	if got := f.api.Matching(http.MethodPost, "/channels/C51/"); len(got) != 1 {
		t.Errorf("%d replies to one message", len(got))
	}
}

func TestGatewayRateLimit(t *testing.T) {
	t.Parallel()
	f := startGateway(t, func(c *discord.Config, _ *discord.GatewayConfig) {
		c.Limiter = state.NewMemory(state.Rate{PerMinute: 1, Burst: 1}, nil)
	})
	en := testBot(t).Catalog().Frame(catalog.English)
	for _, id := range []string{"61", "62", "63"} {
		m := message(id, "G1", "U6", false, "<@"+botID+"> 550", botID)
		m["channel_id"] = "C6"
		f.post(t, m)
		// One at a time, so the three land in order.
		if id != "63" {
			f.waitSent(t, "C6", map[string]int{"61": 1, "62": 2}[id])
		}
	}
	eventually(t, "three rate-limit decisions", func() bool {
		return counter(t, f.metrics, "smtpbot_rate_limited_total", "platform", "discord") == 2
	})
	got := f.api.Matching(http.MethodPost, "/channels/C6/")
	if len(got) != 2 {
		t.Fatalf("%d messages sent, want the answer and one notice", len(got))
	}
	var notice sent
	if err := got[1].JSON(&notice); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(notice.Content, firstWords(en.RateLimited)) {
		t.Errorf("second message %q, want the rate-limit notice", notice.Content)
	}
}

func TestGatewayRetriesRateLimitedSend(t *testing.T) {
	t.Parallel()
	f := startGateway(t)
	f.api.FailNext(http.MethodPost, "/channels/C71/", 20*time.Millisecond, http.StatusTooManyRequests, http.StatusBadGateway)
	f.post(t, message("71", "G1", "U1", false, "<@"+botID+"> 552", botID))
	f.waitSent(t, "C71", 3) // 429, 502, then delivered
	eventually(t, "retries counted", func() bool {
		return counter(t, f.metrics, "smtpbot_platform_api_retries_total", "platform", "discord") == 2
	})
	if got := counter(t, f.metrics, "smtpbot_platform_api_errors_total", "platform", "discord"); got != 0 {
		t.Errorf("%v errors counted for a call that succeeded", got)
	}
}

func TestGatewayGivesUpAndGoesOn(t *testing.T) {
	t.Parallel()
	f := startGateway(t)
	f.api.FailNext(http.MethodPost, "/channels/C81/", 0, 500, 500, 500)
	f.api.FailNext(http.MethodPost, "/channels/C82/", 0, http.StatusForbidden)
	for _, id := range []string{"81", "82"} {
		f.post(t, message(id, "G1", "U"+id, false, "<@"+botID+"> 552", botID))
	}
	eventually(t, "failures counted", func() bool {
		return counter(t, f.metrics, "smtpbot_platform_api_errors_total", "platform", "discord", "kind", "5xx") == 1 &&
			counter(t, f.metrics, "smtpbot_platform_api_errors_total", "platform", "discord", "kind", "4xx") == 1
	})
	if n := len(f.api.Matching(http.MethodPost, "/channels/C81/")); n != 3 {
		t.Errorf("500s tried %d times, want 3 (the policy's attempts)", n)
	}
	if n := len(f.api.Matching(http.MethodPost, "/channels/C82/")); n != 1 {
		t.Errorf("403 tried %d times, want 1: it cannot succeed later", n)
	}
	// The bot goes on answering.
	f.mention(t, "83", "552")
	if !strings.Contains(f.logs.String(), "discord: api call failed") {
		t.Error("failure not logged")
	}
}

func TestGatewayReconnects(t *testing.T) {
	t.Parallel()
	f := startGateway(t)
	f.gw.Drop()
	eventually(t, "not ready after the drop", func() bool { return f.g.Ready() != nil })
	if err := f.gw.WaitSession(f.ctx, 2); err != nil {
		t.Fatal(err)
	}
	eventually(t, "ready again", func() bool { return f.g.Ready() == nil })
	if f.gw.Resumes() != 1 {
		t.Errorf("%d resumes, want the session resumed, not identified again", f.gw.Resumes())
	}
	// And it still answers.
	f.mention(t, "91", "421")
	if !strings.Contains(f.logs.String(), "gateway disconnected") {
		t.Error("disconnect not logged")
	}
}

func TestGatewayRetriesFailedConnection(t *testing.T) {
	t.Parallel()
	api := discordtest.NewAPI(t)
	gw := discordtest.NewGateway(t, botID)
	api.SetGateway("ws://127.0.0.1:1/") // nothing listens there
	rt, _ := discord.RewriteTransport(api.URL(), nil)
	logs := &testlog.Buffer{}
	a, err := discord.New(discord.Config{Services: platform.Services{Bot: testBot(t), Log: slog.New(slog.NewTextHandler(logs, nil))}, HTTPClient: &http.Client{Transport: rt}})
	if err != nil {
		t.Fatal(err)
	}
	g, err := a.Gateway(discord.GatewayConfig{Token: "t", ReconnectMin: 10 * time.Millisecond, ReconnectMax: 20 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- g.Run(ctx) }()
	eventually(t, "two failed attempts logged", func() bool {
		return strings.Count(logs.String(), "gateway connection failed") >= 2
	})
	if g.Ready() == nil {
		t.Error("ready without a connection")
	}
	api.SetGateway(gw.URL())
	eventually(t, "connected once the gateway is up", func() bool { return g.Ready() == nil })
	cancel()
	if err := <-done; err != nil {
		t.Errorf("Run: %v", err)
	}
	if g.Ready() == nil {
		t.Error("ready after shutdown")
	}
}

func TestGatewayInteraction(t *testing.T) {
	t.Parallel()
	f := startGateway(t)
	i := command(2, "vi", "explain", opt("code", "552"))
	if err := f.gw.Dispatch("INTERACTION_CREATE", i); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(f.ctx, 5*time.Second)
	defer cancel()
	r, err := f.api.Wait(ctx, http.MethodPost, "/interactions/I1/interaction-token/callback", 1)
	if err != nil {
		t.Fatal(err)
	}
	resp := decode(t, r.Body)
	if resp.Type != 4 || resp.Data.Flags != 64 || len(resp.Data.Embeds) == 0 || resp.Button(responses.ShareActionID).CustomID == "" {
		t.Errorf("callback %s", r.Body)
	}
}

func TestGatewayShutdown(t *testing.T) {
	t.Parallel()
	f := startGateway(t)
	f.stop()
	if f.g.Ready() == nil {
		t.Error("ready after shutdown")
	}
	if got := counter(t, f.metrics, "smtpbot_connected", "platform", "discord"); got != 0 {
		t.Errorf("connected gauge %v after shutdown", got)
	}
}
