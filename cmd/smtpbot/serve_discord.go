package main

import (
	"crypto/ed25519"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/smtpbot/smtpbot/adapters/discord"
	"github.com/smtpbot/smtpbot/adapters/platform"
)

// discordSettings are Discord's settings, from the environment only:
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
type discordSettings struct {
	token, appID, guildID string
	publicKey             ed25519.PublicKey
	gateway               bool
	shard, shards         int
	api                   http.RoundTripper // nil: Discord's own API
}

func discordEnv(getenv env) (discordSettings, error) {
	c := discordSettings{token: getenv("DISCORD_BOT_TOKEN"), appID: getenv("DISCORD_APP_ID"), guildID: getenv("DISCORD_GUILD_ID"), gateway: true}
	var err error
	if api := getenv("DISCORD_API_URL"); api != "" {
		if c.api, err = discord.RewriteTransport(api, nil); err != nil {
			return c, fmt.Errorf("%w: DISCORD_API_URL: %w", errUsage, err)
		}
	}
	if key := getenv("DISCORD_PUBLIC_KEY"); key != "" {
		if c.publicKey, err = discord.ParsePublicKey(key); err != nil {
			return c, fmt.Errorf("%w: DISCORD_PUBLIC_KEY: %w", errUsage, err)
		}
	}
	if v := getenv("DISCORD_GATEWAY"); v != "" {
		if c.gateway, err = strconv.ParseBool(v); err != nil {
			return c, fmt.Errorf("%w: DISCORD_GATEWAY %q: want true or false", errUsage, v)
		}
	}
	if c.shard, err = discordCount("DISCORD_SHARD_ID", getenv("DISCORD_SHARD_ID"), 0); err != nil {
		return c, err
	}
	if c.shards, err = discordCount("DISCORD_SHARD_COUNT", getenv("DISCORD_SHARD_COUNT"), 1); err != nil {
		return c, err
	}
	c.shards = max(c.shards, 1)
	if c.shard >= c.shards {
		return c, fmt.Errorf("%w: DISCORD_SHARD_ID %d is not below DISCORD_SHARD_COUNT %d", errUsage, c.shard, c.shards)
	}
	return c, nil
}

// newDiscord builds the Discord platform when configured, and says what is
// on, or off and why.
func newDiscord(cfg serveConfig, sh platform.Services) (platform.Platform, string, error) {
	c := cfg.discord
	if c.token == "" && c.publicKey == nil {
		return nil, "discord: off (set DISCORD_BOT_TOKEN for the gateway or DISCORD_PUBLIC_KEY for the interactions endpoint)", nil
	}
	dc := discord.Config{
		Services:   sh,
		GuildID:    c.guildID,
		HTTPClient: &http.Client{Timeout: 10 * time.Second, Transport: c.api},
		PublicKey:  c.publicKey,
	}
	on := []string{"interactions endpoint off (DISCORD_PUBLIC_KEY not set)"}
	if c.publicKey != nil {
		on[0] = "interactions endpoint at /discord/interactions"
	}
	switch {
	case c.token == "":
		on = append(on, "gateway off (DISCORD_BOT_TOKEN not set)")
	case !c.gateway:
		on = append(on, "gateway off (DISCORD_GATEWAY=false)")
	default:
		dc.Gateway = discord.GatewayConfig{Token: c.token, ShardID: c.shard, ShardCount: c.shards}
		on = append(on, fmt.Sprintf("gateway shard %d of %d", c.shard, c.shards))
	}
	if c.appID != "" {
		on = append(on, "invite: "+discord.InviteURL(c.appID))
	}
	a, err := discord.New(dc)
	if err != nil {
		return nil, "", fmt.Errorf("serve: %w", err)
	}
	return a, "discord: on (" + strings.Join(on, "; ") + ")", nil
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
