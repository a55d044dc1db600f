package main

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/smtpbot/smtpbot/adapters/discord"
	"github.com/smtpbot/smtpbot/catalog"
)

const discordUsage = `usage: smtpbot discord register [--guild ID]

Registers the /smtp command, or updates it when its definition changed.
Without --guild the command is global (every server, DMs; Discord may take
a while to show changes); with --guild it exists in that server only and
changes show at once. Running it again changes nothing.

Needs DISCORD_BOT_TOKEN and DISCORD_APP_ID in the environment.`

// discord runs `smtpbot discord register`.
func (a app) discord(ctx context.Context, args []string) error {
	if len(args) == 0 || args[0] != "register" {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
			fmt.Fprintln(a.stdout, discordUsage)
			return nil
		}
		return withUsage(fmt.Errorf("%w: want a subcommand", errUsage), discordUsage)
	}
	var guild string
	rest, err := parseFlags(args[1:], flagSpec{"guild": &guild})
	if err != nil {
		return fmt.Errorf("%w\n%s", err, discordUsage)
	}
	if len(rest) > 0 {
		return withUsage(fmt.Errorf("%w: unexpected argument %q", errUsage, rest[0]), discordUsage)
	}
	token, appID := a.getenv("DISCORD_BOT_TOKEN"), a.getenv("DISCORD_APP_ID")
	if token == "" || appID == "" {
		return fmt.Errorf("%w: discord register needs DISCORD_BOT_TOKEN and DISCORD_APP_ID", errUsage)
	}
	client := &http.Client{Timeout: 10 * time.Second}
	if api := a.getenv("DISCORD_API_URL"); api != "" {
		rt, err := discord.RewriteTransport(api, nil)
		if err != nil {
			return fmt.Errorf("%w: DISCORD_API_URL: %w", errUsage, err)
		}
		client.Transport = rt
	}
	cat, err := catalog.Load(catalog.Embedded())
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	result, err := discord.Register(ctx, discord.RegisterConfig{
		Token: token, AppID: appID, GuildID: guild, HTTPClient: client, Catalog: cat,
		Log: slog.New(slog.NewTextHandler(a.stderr, &slog.HandlerOptions{Level: slog.LevelWarn})),
	})
	if err != nil {
		return err
	}
	where := "globally"
	if guild != "" {
		where = "in guild " + guild
	}
	fmt.Fprintf(a.stdout, "/%s and %q %s %s\ninvite (server): %s\ninstall (your account): %s\n",
		discord.CommandName, discord.MessageCommandName, where, result, discord.InviteURL(appID), discord.UserInstallURL(appID))
	return nil
}
