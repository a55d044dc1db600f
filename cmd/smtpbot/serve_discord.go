package main

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/smtpbot/smtpbot/adapters/discord"
)

// mountDiscord mounts the Discord interactions endpoint and the gateway
// when configured, and records in the summary what is on, or off and why.
//
//	DISCORD_BOT_TOKEN    enables the gateway: mentions, DMs, and /smtp when no endpoint is set
//	DISCORD_GATEWAY      "false" keeps the gateway off despite the token (HTTP-only replicas
//	                     when the gateway runs elsewhere, one process per shard)
//	DISCORD_PUBLIC_KEY   enables POST /discord/interactions (verifies Discord's signatures)
//	DISCORD_APP_ID       the application ID, for the invite link
//	DISCORD_GUILD_ID     answer mentions in this server only (DMs still work)
//	DISCORD_SHARD_ID     this process's shard, 0-based (default 0)
//	DISCORD_SHARD_COUNT  number of shards (default 1)
//	DISCORD_API_URL      REST API base URL (tests point it at a fake)
func (s *server) mountDiscord() error {
	token := s.getenv("DISCORD_BOT_TOKEN")
	publicKey := s.getenv("DISCORD_PUBLIC_KEY")
	if token == "" && publicKey == "" {
		s.summary = append(s.summary, "discord: off (set DISCORD_BOT_TOKEN for the gateway or DISCORD_PUBLIC_KEY for the interactions endpoint)")
		return nil
	}
	client := &http.Client{Timeout: 10 * time.Second}
	if api := s.getenv("DISCORD_API_URL"); api != "" {
		rt, err := discord.RewriteTransport(api, nil)
		if err != nil {
			return fmt.Errorf("%w: DISCORD_API_URL: %w", errUsage, err)
		}
		client.Transport = rt
	}
	a, err := discord.New(discord.Config{
		Bot:        s.bot,
		Log:        s.log,
		Metrics:    s.metrics,
		Dedup:      s.dedup,
		Limiter:    s.limiter,
		BaseURL:    s.baseURL,
		GuildID:    s.getenv("DISCORD_GUILD_ID"),
		Go:         s.background,
		HTTPClient: client,
	})
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	var on []string
	if publicKey != "" {
		key, err := discord.ParsePublicKey(publicKey)
		if err != nil {
			return fmt.Errorf("%w: DISCORD_PUBLIC_KEY: %w", errUsage, err)
		}
		s.mux.Handle("POST /discord/interactions", a.Interactions(key))
		on = append(on, "interactions endpoint at /discord/interactions")
	} else {
		on = append(on, "interactions endpoint off (DISCORD_PUBLIC_KEY not set)")
	}
	gateway := true
	if v := s.getenv("DISCORD_GATEWAY"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return fmt.Errorf("%w: DISCORD_GATEWAY %q: want true or false", errUsage, v)
		}
		gateway = b
	}
	switch {
	case token == "":
		on = append(on, "gateway off (DISCORD_BOT_TOKEN not set)")
	case !gateway:
		on = append(on, "gateway off (DISCORD_GATEWAY=false)")
	default:
		shard, err := discordCount("DISCORD_SHARD_ID", s.getenv("DISCORD_SHARD_ID"), 0)
		if err != nil {
			return err
		}
		shards, err := discordCount("DISCORD_SHARD_COUNT", s.getenv("DISCORD_SHARD_COUNT"), 1)
		if err != nil {
			return err
		}
		g, err := a.Gateway(discord.GatewayConfig{Token: token, ShardID: shard, ShardCount: shards})
		if err != nil {
			return fmt.Errorf("%w: DISCORD_SHARD_ID/DISCORD_SHARD_COUNT: %w", errUsage, err)
		}
		s.runners = append(s.runners, runner{name: "discord gateway", run: g.Run})
		s.ready.add("discord", g.Ready)
		on = append(on, fmt.Sprintf("gateway shard %d of %d", shard, max(shards, 1)))
	}
	if app := s.getenv("DISCORD_APP_ID"); app != "" {
		on = append(on, "invite: "+discord.InviteURL(app))
	}
	s.summary = append(s.summary, "discord: on ("+strings.Join(on, "; ")+")")
	return nil
}

// discordCount parses a whole number of 0 or more read from key.
func discordCount(key, v string, def int) (int, error) {
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || n < 0 {
		return 0, fmt.Errorf("%w: %s %q: want a whole number, 0 or more", errUsage, key, v)
	}
	return n, nil
}
