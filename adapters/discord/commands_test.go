package discord_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"github.com/smtpbot/smtpbot/adapters/discord"
	"github.com/smtpbot/smtpbot/adapters/discord/discordtest"
	"github.com/smtpbot/smtpbot/adapters/internal/retry"
	"github.com/smtpbot/smtpbot/catalog"
)

// TestCommandDefinition checks /smtp against Discord's rules for command
// definitions, which Discord enforces only at registration.
func TestCommandDefinition(t *testing.T) {
	t.Parallel()
	c := discord.Command(testBot(t).Catalog())
	name := regexp.MustCompile(`^[-_\p{Ll}\p{N}]{1,32}$`)
	checkText := func(where, s string) {
		if n := utf8.RuneCountInString(s); n < 1 || n > 100 {
			t.Errorf("%s: description of %d characters (1 to 100)", where, n)
		}
	}
	if !name.MatchString(c.Name) || c.Name != "smtp" {
		t.Errorf("command name %q", c.Name)
	}
	checkText(c.Name, c.Description)
	for l, d := range *c.DescriptionLocalizations {
		checkText(c.Name+" "+string(l), d)
	}
	want := map[string][]string{
		"compare": {"code1", "code2", "code3", "code4"}, "explain": {"code"},
		"diagnose": {"text"}, "list": {"class"}, "help": nil,
	}
	if len(c.Options) != len(want) {
		t.Errorf("%d subcommands, want %d", len(c.Options), len(want))
	}
	for _, sub := range c.Options {
		opts, ok := want[sub.Name]
		if !ok || sub.Type != discordgo.ApplicationCommandOptionSubCommand {
			t.Errorf("unexpected subcommand %q", sub.Name)
			continue
		}
		checkText(sub.Name, sub.Description)
		if sub.DescriptionLocalizations[discordgo.Vietnamese] == "" {
			t.Errorf("%s: no Vietnamese description", sub.Name)
		}
		var got []string
		optional := false
		for _, o := range sub.Options {
			got = append(got, o.Name)
			if !name.MatchString(o.Name) {
				t.Errorf("%s: option name %q", sub.Name, o.Name)
			}
			checkText(sub.Name+" "+o.Name, o.Description)
			for l, d := range o.DescriptionLocalizations {
				checkText(sub.Name+" "+o.Name+" "+string(l), d)
			}
			if o.Required && optional {
				t.Errorf("%s: required option %s after an optional one", sub.Name, o.Name)
			}
			optional = optional || !o.Required
			if o.Autocomplete && (o.Type != discordgo.ApplicationCommandOptionString || len(o.Choices) > 0) {
				t.Errorf("%s %s: autocomplete needs a string option without choices", sub.Name, o.Name)
			}
			if strings.HasPrefix(o.Name, "code") && !o.Autocomplete {
				t.Errorf("%s %s: code options autocomplete", sub.Name, o.Name)
			}
		}
		if strings.Join(got, ",") != strings.Join(opts, ",") {
			t.Errorf("%s: options %v, want %v", sub.Name, got, opts)
		}
	}
}

func TestInviteURL(t *testing.T) {
	t.Parallel()
	u, err := url.Parse(discord.InviteURL("123"))
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	// Send Messages 1<<11, Embed Links 1<<14, Read Message History 1<<16,
	// Use Application Commands 1<<31.
	if q.Get("permissions") != "2147567616" {
		t.Errorf("permissions %s, want 2147567616", q.Get("permissions"))
	}
	if q.Get("client_id") != "123" || q.Get("scope") != "bot applications.commands" || q.Get("integration_type") != "0" || u.Host != "discord.com" {
		t.Errorf("invite URL %s", u)
	}
	u, err = url.Parse(discord.UserInstallURL("123"))
	if err != nil {
		t.Fatal(err)
	}
	q = u.Query()
	// A user install has no bot and no permissions: commands only.
	if q.Get("client_id") != "123" || q.Get("scope") != "applications.commands" || q.Get("integration_type") != "1" || q.Has("permissions") {
		t.Errorf("user install URL %s", u)
	}
}

func TestRegister(t *testing.T) {
	t.Parallel()
	api := discordtest.NewAPI(t)
	rt, err := discord.RewriteTransport(api.URL(), nil)
	if err != nil {
		t.Fatal(err)
	}
	cfg := discord.RegisterConfig{Token: "tok", AppID: "A1", HTTPClient: &http.Client{Transport: rt},
		Retry: retry.Policy{Attempts: 3, Base: time.Millisecond, Max: 10 * time.Millisecond}, Catalog: testBot(t).Catalog()}
	steps := []struct {
		name    string
		guild   string
		prepare func()
		want    discord.RegisterResult
		posts   int // POSTs to the commands endpoint after the step
	}{
		{name: "first time", want: discord.Created, posts: 2},
		{name: "again", want: discord.Unchanged, posts: 2},
		{name: "changed by hand", prepare: func() {
			c := discord.Command(testBot(t).Catalog())
			c.Description = "something else"
			postCommand(t, api, "A1", "", c)
		}, want: discord.Updated, posts: 4},
		{name: "again after update", want: discord.Unchanged, posts: 4},
		{name: "rate limited, then fine", guild: "G1", prepare: func() {
			api.FailNext(http.MethodGet, "/applications/A1/guilds/G1/commands", 5*time.Millisecond, http.StatusTooManyRequests)
		}, want: discord.Created, posts: 6},
		{name: "guild again", guild: "G1", want: discord.Unchanged, posts: 6},
	}
	for _, s := range steps {
		if s.prepare != nil {
			s.prepare()
		}
		c := cfg
		c.GuildID = s.guild
		got, err := discord.Register(t.Context(), c)
		if err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		if got != s.want {
			t.Errorf("%s: %s, want %s", s.name, got, s.want)
		}
		if n := len(api.Matching(http.MethodPost, "/applications/A1/")); n != s.posts {
			t.Errorf("%s: %d POSTs so far, want %d", s.name, n, s.posts)
		}
	}
	// What Discord stored is what Commands define, sent on API v10 with
	// only the fields Discord's command type has.
	r := api.Matching(http.MethodPost, "/applications/A1/commands")
	for i, want := range discord.Commands(testBot(t).Catalog()) {
		var stored discordgo.ApplicationCommand
		if err := json.Unmarshal(r[i].Body, &stored); err != nil {
			t.Fatal(err)
		}
		if same, err := discord.SameCommand(&stored, want); err != nil || !same {
			t.Errorf("registered definition of %q differs from Commands(): %v", want.Name, err)
		}
		if r[i].Version != "10" {
			t.Errorf("registered on API v%s, want v10", r[i].Version)
		}
		body := string(r[i].Body)
		for _, bad := range []string{"null", `"autocomplete":false`, `"required":false`, `"nsfw"`, `"dm_permission"`} {
			if strings.Contains(body, bad) {
				t.Errorf("registration of %q carries %s: %s", want.Name, bad, body)
			}
		}
		if !strings.Contains(body, `"integration_types":[0,1]`) || !strings.Contains(body, `"contexts":[0,1,2]`) {
			t.Errorf("registration of %q is not user-installable everywhere: %s", want.Name, body)
		}
	}
}

func TestRegisterFailures(t *testing.T) {
	t.Parallel()
	api := discordtest.NewAPI(t)
	rt, _ := discord.RewriteTransport(api.URL(), nil)
	cfg := discord.RegisterConfig{Token: "tok", AppID: "A1", HTTPClient: &http.Client{Transport: rt},
		Retry: retry.Policy{Attempts: 2, Base: time.Millisecond, Max: 5 * time.Millisecond}}
	api.FailNext(http.MethodGet, "/applications/", 0, 500, 500)
	if _, err := discord.Register(t.Context(), cfg); err == nil {
		t.Error("Register succeeded through two 500s")
	}
	if _, err := discord.Register(t.Context(), discord.RegisterConfig{AppID: "A1"}); err == nil {
		t.Error("Register without a token accepted")
	}
	if _, err := discord.Register(t.Context(), discord.RegisterConfig{Token: "t"}); err == nil {
		t.Error("Register without an application ID accepted")
	}
}

func TestSameCommand(t *testing.T) {
	t.Parallel()
	a := discord.Command(testBot(t).Catalog())
	// What Discord sends back: ids, version, defaults, localizations as given.
	b := discord.Command(testBot(t).Catalog())
	b.ID, b.ApplicationID, b.Version = "1", "A1", "2"
	f := false
	b.NSFW = &f
	if same, err := discord.SameCommand(a, b); err != nil || !same {
		t.Errorf("server-side fields make commands differ: %v", err)
	}
	c := discord.Command(testBot(t).Catalog())
	c.Options[0].Options[0].Required = false
	if same, _ := discord.SameCommand(a, c); same {
		t.Error("a changed option compares equal")
	}
	d := discord.Command(testBot(t).Catalog())
	d.Options[1].DescriptionLocalizations[discordgo.Vietnamese] = "khác"
	if same, _ := discord.SameCommand(a, d); same {
		t.Error("a changed localization compares equal")
	}
}

// postCommand stores a command in the fake API as if someone had.
func postCommand(t *testing.T, api *discordtest.API, app, guild string, c *discordgo.ApplicationCommand) {
	t.Helper()
	s, err := discordgo.New("Bot x")
	if err != nil {
		t.Fatal(err)
	}
	rt, _ := discord.RewriteTransport(api.URL(), nil)
	s.Client = &http.Client{Transport: rt}
	if _, err := s.ApplicationCommandCreate(app, guild, c); err != nil {
		t.Fatal(err)
	}
}

// Every language of the catalog whose frame translates the commands' texts
// localizes them for the Discord clients that read it, within Discord's
// limits (descriptions of 1 to 100 characters, a message command's name of
// 1 to 32): a language added as data is localized with no Go change.
func TestCommandTextsEveryLanguage(t *testing.T) {
	t.Parallel()
	cat := testBot(t).Catalog()
	c, m := discord.Command(cat), discord.MessageCommand(cat)
	en := cat.Frame(catalog.English)
	descriptions := func(c *discordgo.ApplicationCommand) []map[discordgo.Locale]string {
		all := []map[discordgo.Locale]string{*c.DescriptionLocalizations}
		for _, sub := range c.Options {
			all = append(all, sub.DescriptionLocalizations)
			for _, o := range sub.Options {
				all = append(all, o.DescriptionLocalizations)
			}
		}
		return all
	}
	localized := 0
	for _, lang := range cat.FrameLanguages() {
		f := cat.Frame(lang)
		for _, l := range discord.Locales(lang) {
			if !discord.IsLocale(l) {
				t.Errorf("%s: %q is not a Discord locale", lang, l)
			}
			if f.CmdDescription == en.CmdDescription {
				continue
			}
			localized++
			if got := (*c.DescriptionLocalizations)[l]; got != f.CmdDescription {
				t.Errorf("%s (%s): description %q, want the frame's %q", lang, l, got, f.CmdDescription)
			}
			for i, d := range descriptions(c) {
				if n := utf8.RuneCountInString(d[l]); n < 1 || n > 100 {
					t.Errorf("%s (%s): description %d of %d characters: %q", lang, l, i, n, d[l])
				}
			}
			if n := utf8.RuneCountInString((*m.NameLocalizations)[l]); n < 1 || n > 32 {
				t.Errorf("%s (%s): message command name of %d characters", lang, l, n)
			}
		}
	}
	if localized < 2 {
		t.Errorf("%d Discord locales localized, want every translated frame's", localized)
	}
	if en.CmdMessageName != discord.MessageCommandName {
		t.Errorf("en.json cmd_message_name %q, the command is named %q", en.CmdMessageName, discord.MessageCommandName)
	}
	if got := discord.Locales("zh-Hans"); len(got) != 1 || got[0] != discordgo.ChineseCN {
		t.Errorf("zh-Hans reads as %v, want zh-CN", got)
	}
	if got := discord.Locales("pt"); len(got) != 1 || got[0] != discordgo.PortugueseBR {
		t.Errorf("pt reads as %v, want pt-BR", got)
	}
	if got := discord.Locales("id"); len(got) != 1 || got[0] != discord.Indonesian {
		t.Errorf("id reads as %v, want Discord's id locale", got)
	}
}
