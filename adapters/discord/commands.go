package discord

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/smtpbot/smtpbot/adapters/internal/retry"
	"github.com/smtpbot/smtpbot/catalog"
	"github.com/smtpbot/smtpbot/responses"
)

// The /smtp command and its options. These names are the documented
// interface (README, "Add to Discord"): renaming one breaks every user's
// habit and every saved command.
const (
	CommandName = "smtp"

	SubCompare  = "compare"
	SubExplain  = "explain"
	SubDiagnose = "diagnose"
	SubList     = "list"
	SubHelp     = "help"

	OptCode1 = "code1"
	OptCode2 = "code2"
	OptCode3 = "code3"
	OptCode4 = "code4"
	OptCode  = "code"
	OptText  = "text"
	OptClass = "class"
)

// maxDiagnoseText caps the pasted text option; the core reads 4096 bytes.
const maxDiagnoseText = 4000

// Permissions are the bot permissions the invite asks for, and no more:
// Send Messages, Embed Links, Read Message History (to reply to a message)
// and Use Application Commands.
const Permissions = discordgo.PermissionSendMessages | discordgo.PermissionEmbedLinks |
	discordgo.PermissionReadMessageHistory | discordgo.PermissionUseApplicationCommands

// InviteURL is the link that adds the bot to a server (a guild install)
// with Permissions and the application commands scope.
func InviteURL(appID string) string {
	v := url.Values{}
	v.Set("client_id", appID)
	v.Set("integration_type", "0")
	v.Set("scope", "bot applications.commands")
	v.Set("permissions", strconv.FormatInt(Permissions, 10))
	return "https://discord.com/oauth2/authorize?" + v.Encode()
}

// UserInstallURL is the link with which a person adds smtpbot to their own
// Discord account (a user install): /smtp and "Explain SMTP codes" then
// work in any server, DM or group DM, without the bot being a member.
func UserInstallURL(appID string) string {
	v := url.Values{}
	v.Set("client_id", appID)
	v.Set("integration_type", "1")
	v.Set("scope", "applications.commands")
	return "https://discord.com/oauth2/authorize?" + v.Encode()
}

// Command is the definition of /smtp. Its texts are the catalog's frame
// texts (the cmd_ keys): English is the default, and every language whose
// frame says it otherwise localizes them for the clients set to it.
func Command(cat *catalog.Catalog) *discordgo.ApplicationCommand {
	t := texts{cat}
	code := func(name string, text func(*catalog.Frame) string, required bool) *discordgo.ApplicationCommandOption {
		return &discordgo.ApplicationCommandOption{
			Type: discordgo.ApplicationCommandOptionString, Name: name, Required: required, Autocomplete: true,
			Description: t.en(text), DescriptionLocalizations: t.localized(text),
			MaxLength: responses.DiscordMaxChoiceName,
		}
	}
	sub := func(name string, text func(*catalog.Frame) string, opts ...*discordgo.ApplicationCommandOption) *discordgo.ApplicationCommandOption {
		return &discordgo.ApplicationCommandOption{
			Type: discordgo.ApplicationCommandOptionSubCommand, Name: name,
			Description: t.en(text), DescriptionLocalizations: t.localized(text),
			Options: opts,
		}
	}
	desc := t.localized(func(f *catalog.Frame) string { return f.CmdDescription })
	return &discordgo.ApplicationCommand{
		Type:                     discordgo.ChatApplicationCommand,
		Name:                     CommandName,
		IntegrationTypes:         installs(),
		Contexts:                 everywhere(),
		Description:              t.en(func(f *catalog.Frame) string { return f.CmdDescription }),
		DescriptionLocalizations: &desc,
		Options: []*discordgo.ApplicationCommandOption{
			sub(SubCompare, func(f *catalog.Frame) string { return f.CmdCompare },
				code(OptCode1, func(f *catalog.Frame) string { return f.CmdCode1 }, true),
				code(OptCode2, func(f *catalog.Frame) string { return f.CmdCode2 }, true),
				code(OptCode3, func(f *catalog.Frame) string { return f.CmdCode3 }, false),
				code(OptCode4, func(f *catalog.Frame) string { return f.CmdCode4 }, false),
			),
			sub(SubExplain, func(f *catalog.Frame) string { return f.CmdExplain },
				code(OptCode, func(f *catalog.Frame) string { return f.CmdCode }, true),
			),
			sub(SubDiagnose, func(f *catalog.Frame) string { return f.CmdDiagnose },
				&discordgo.ApplicationCommandOption{
					Type: discordgo.ApplicationCommandOptionString, Name: OptText, Required: true,
					Description:              t.en(func(f *catalog.Frame) string { return f.CmdText }),
					DescriptionLocalizations: t.localized(func(f *catalog.Frame) string { return f.CmdText }),
					MaxLength:                maxDiagnoseText,
				},
			),
			sub(SubList, func(f *catalog.Frame) string { return f.CmdList },
				&discordgo.ApplicationCommandOption{
					Type: discordgo.ApplicationCommandOptionString, Name: OptClass, Autocomplete: true,
					Description:              t.en(func(f *catalog.Frame) string { return f.CmdClass }),
					DescriptionLocalizations: t.localized(func(f *catalog.Frame) string { return f.CmdClass }),
					MaxLength:                16,
				},
			),
			sub(SubHelp, func(f *catalog.Frame) string { return f.CmdHelp }),
		},
	}
}

// MessageCommandName is the name of the message context-menu command (in
// the "Apps" menu of any message): the identifier interactions carry, and
// the English frame's cmd_message_name.
const MessageCommandName = "Explain SMTP codes"

// MessageCommand is "Explain SMTP codes" on any message: a private answer
// about the codes or the bounce in it. The message comes resolved in the
// interaction, so the privileged Message Content intent is not needed.
func MessageCommand(cat *catalog.Catalog) *discordgo.ApplicationCommand {
	names := texts{cat}.localized(func(f *catalog.Frame) string { return f.CmdMessageName })
	return &discordgo.ApplicationCommand{
		Type:              discordgo.MessageApplicationCommand,
		Name:              MessageCommandName,
		NameLocalizations: &names,
		IntegrationTypes:  installs(),
		Contexts:          everywhere(),
	}
}

// Commands are every command smtpbot registers, in the languages of cat.
func Commands(cat *catalog.Catalog) []*discordgo.ApplicationCommand {
	return []*discordgo.ApplicationCommand{Command(cat), MessageCommand(cat)}
}

// texts reads the commands' texts from the catalog's frames.
type texts struct{ cat *catalog.Catalog }

// en is the default text: English's.
func (t texts) en(text func(*catalog.Frame) string) string { return text(t.cat.Frame(catalog.English)) }

// localized maps each Discord locale of a catalog language to the text in
// that language, where its frame's text differs from English (a frame
// left to English adds nothing).
func (t texts) localized(text func(*catalog.Frame) string) map[discordgo.Locale]string {
	en := t.en(text)
	out := map[discordgo.Locale]string{}
	for _, lang := range t.cat.FrameLanguages() {
		s := text(t.cat.Frame(lang))
		if s == en {
			continue
		}
		for _, l := range Locales(lang) {
			out[l] = s
		}
	}
	return out
}

// Locales are the Discord client locales that read a catalog language:
// the locale of the same tag ("vi", "ja"), else those of its base language
// ("pt" reads pt-BR, "es" es-ES and es-419), a Chinese script by the
// regions that write it (zh-Hans: zh-CN, zh-Hant: zh-TW). English is the
// commands' default and needs none.
func Locales(lang string) []discordgo.Locale {
	if lang == catalog.English {
		return nil
	}
	switch lang {
	case "zh-Hans":
		return []discordgo.Locale{discordgo.ChineseCN}
	case "zh-Hant":
		return []discordgo.Locale{discordgo.ChineseTW}
	}
	if IsLocale(discordgo.Locale(lang)) {
		return []discordgo.Locale{discordgo.Locale(lang)}
	}
	base, _, _ := strings.Cut(lang, "-")
	var out []discordgo.Locale
	for l := range discordgo.Locales {
		if b, _, _ := strings.Cut(string(l), "-"); b == base {
			out = append(out, l)
		}
	}
	slices.Sort(out)
	return out
}

// Indonesian is a Discord client locale ("id", in Discord's reference
// list of locales) that discordgo's table does not list.
const Indonesian discordgo.Locale = "id"

// IsLocale reports whether l is a locale the Discord client reads.
func IsLocale(l discordgo.Locale) bool {
	_, ok := discordgo.Locales[l]
	return ok || l == Indonesian
}

// installs: added to a server, or by a user to their own account (then the
// commands work anywhere, the bot need not be in the server).
func installs() *[]discordgo.ApplicationIntegrationType {
	return &[]discordgo.ApplicationIntegrationType{discordgo.ApplicationIntegrationGuildInstall, discordgo.ApplicationIntegrationUserInstall}
}

// everywhere: servers, DMs with the bot, and group DMs and other DMs.
func everywhere() *[]discordgo.InteractionContextType {
	return &[]discordgo.InteractionContextType{discordgo.InteractionContextGuild, discordgo.InteractionContextBotDM, discordgo.InteractionContextPrivateChannel}
}

// RegisterResult says what Register did.
type RegisterResult string

// Register outcomes.
const (
	Created   RegisterResult = "created"
	Updated   RegisterResult = "updated"
	Unchanged RegisterResult = "unchanged"
)

// RegisterConfig is what Register needs.
type RegisterConfig struct {
	Token      string       // bot token, with or without "Bot "
	AppID      string       // application ID
	GuildID    string       // "" registers globally
	HTTPClient *http.Client // nil: 10-second timeout
	Retry      retry.Policy // zero: retry.Default()
	Log        *slog.Logger // retries and failures; nil discards
	// Catalog gives the commands' texts in every language it has.
	Catalog *catalog.Catalog
}

// Register creates or updates /smtp and "Explain SMTP codes", globally or
// in one guild. It reads the registered commands first and writes only
// those whose definition differs, so running it on every deploy is cheap
// and changes nothing when nothing changed. Other commands are left alone.
// The result is Created when a command was new, else Updated when one
// changed, else Unchanged.
func Register(ctx context.Context, c RegisterConfig) (RegisterResult, error) {
	if c.Token == "" || c.AppID == "" {
		return "", fmt.Errorf("%w: register needs the bot token and the application ID", ErrConfig)
	}
	if c.Catalog == nil {
		return "", fmt.Errorf("%w: register needs the catalog (the commands' texts)", ErrConfig)
	}
	s, err := discordgo.New(BotToken(c.Token))
	if err != nil {
		return "", fmt.Errorf("discord: register: %w", err)
	}
	a := &Adapter{log: c.Log, client: c.HTTPClient, retry: c.Retry, apiBase: APIBase}
	a.setDefaults()
	a.client = v10Client(a.client)
	s.Client = a.client
	return register(ctx, a, s, c.Catalog, c.Token, c.AppID, c.GuildID)
}

func register(ctx context.Context, a *Adapter, api commandsAPI, cat *catalog.Catalog, token, appID, guildID string) (RegisterResult, error) {
	var have []*discordgo.ApplicationCommand
	err := a.call(ctx, a.retry, "list commands", func(opts ...discordgo.RequestOption) error {
		var err error
		have, err = api.ApplicationCommands(appID, guildID, opts...)
		return err
	})
	if err != nil {
		return "", err
	}
	path := "/applications/" + appID + "/commands"
	if guildID != "" {
		path = "/applications/" + appID + "/guilds/" + guildID + "/commands"
	}
	result := Unchanged
	for _, want := range Commands(cat) {
		r := Created
		for _, h := range have {
			if h.Name != want.Name || (h.Type != 0 && h.Type != want.Type) || (h.Type == 0 && want.Type != discordgo.ChatApplicationCommand) {
				continue
			}
			same, err := SameCommand(h, want)
			if err != nil {
				return "", err
			}
			r = Updated
			if same {
				r = Unchanged
				break
			}
		}
		if r == Unchanged {
			continue
		}
		// Creating a command with an existing name overwrites it
		// (https://discord.com/developers/docs/interactions/application-commands#create-global-application-command).
		// The body is encoded here: discordgo's writes fields as null or
		// false that Discord's command type does not have.
		if err := a.send(ctx, "create command", http.MethodPost, path, BotToken(token), commandJSON(want), a.retry, false); err != nil {
			return "", err
		}
		if result == Unchanged || r == Created {
			result = r
		}
	}
	return result, nil
}

// commandBody is an application command as Discord's API defines it: empty
// parts left out.
type commandBody struct {
	Type             discordgo.ApplicationCommandType       `json:"type"`
	Name             string                                 `json:"name"`
	NameLoc          map[discordgo.Locale]string            `json:"name_localizations,omitempty"`
	Description      string                                 `json:"description,omitempty"`
	DescLoc          map[discordgo.Locale]string            `json:"description_localizations,omitempty"`
	Options          []optionBody                           `json:"options,omitempty"`
	IntegrationTypes []discordgo.ApplicationIntegrationType `json:"integration_types,omitempty"`
	Contexts         []discordgo.InteractionContextType     `json:"contexts,omitempty"`
}

type optionBody struct {
	Type         discordgo.ApplicationCommandOptionType `json:"type"`
	Name         string                                 `json:"name"`
	Description  string                                 `json:"description"`
	NameLoc      map[discordgo.Locale]string            `json:"name_localizations,omitempty"`
	DescLoc      map[discordgo.Locale]string            `json:"description_localizations,omitempty"`
	Required     bool                                   `json:"required,omitempty"`
	Autocomplete bool                                   `json:"autocomplete,omitempty"`
	MinLength    *int                                   `json:"min_length,omitempty"`
	MaxLength    int                                    `json:"max_length,omitempty"`
	Choices      []choiceBody                           `json:"choices,omitempty"`
	Options      []optionBody                           `json:"options,omitempty"`
}

type choiceBody struct {
	Name  string `json:"name"`
	Value any    `json:"value"`
}

func commandJSON(c *discordgo.ApplicationCommand) commandBody {
	b := commandBody{Type: c.Type, Name: c.Name, Description: c.Description}
	if c.NameLocalizations != nil {
		b.NameLoc = nonEmpty(*c.NameLocalizations)
	}
	if c.DescriptionLocalizations != nil {
		b.DescLoc = nonEmpty(*c.DescriptionLocalizations)
	}
	if c.IntegrationTypes != nil {
		b.IntegrationTypes = *c.IntegrationTypes
	}
	if c.Contexts != nil {
		b.Contexts = *c.Contexts
	}
	for _, o := range c.Options {
		b.Options = append(b.Options, optionJSON(o))
	}
	return b
}

func optionJSON(o *discordgo.ApplicationCommandOption) optionBody {
	b := optionBody{
		Type: o.Type, Name: o.Name, Description: o.Description,
		NameLoc: nonEmpty(o.NameLocalizations), DescLoc: nonEmpty(o.DescriptionLocalizations),
		Required: o.Required, Autocomplete: o.Autocomplete, MinLength: o.MinLength, MaxLength: o.MaxLength,
	}
	for _, ch := range o.Choices {
		b.Choices = append(b.Choices, choiceBody{Name: ch.Name, Value: ch.Value})
	}
	for _, sub := range o.Options {
		b.Options = append(b.Options, optionJSON(sub))
	}
	return b
}

// SameCommand reports whether two definitions mean the same to Discord,
// ignoring what Discord adds (IDs, version, default permissions) and the
// order of localizations.
func SameCommand(a, b *discordgo.ApplicationCommand) (bool, error) {
	ja, err := json.Marshal(comparable(a))
	if err != nil {
		return false, fmt.Errorf("discord: compare commands: %w", err)
	}
	jb, err := json.Marshal(comparable(b))
	if err != nil {
		return false, fmt.Errorf("discord: compare commands: %w", err)
	}
	return string(ja) == string(jb), nil
}

// cmdShape is the part of a command definition that this package sets:
// the body it sends, and what Discord keeps beside it.
type cmdShape struct {
	commandBody
	Permissions string `json:"permissions,omitempty"`
	NSFW        bool   `json:"nsfw,omitempty"`
}

func comparable(c *discordgo.ApplicationCommand) cmdShape {
	s := cmdShape{commandBody: commandJSON(c)}
	if s.Type == 0 {
		s.Type = discordgo.ChatApplicationCommand // Discord's default
	}
	if c.DefaultMemberPermissions != nil {
		s.Permissions = strconv.FormatInt(*c.DefaultMemberPermissions, 10)
	}
	if c.NSFW != nil {
		s.NSFW = *c.NSFW
	}
	dropZeroMin(s.Options)
	return s
}

// dropZeroMin makes a min_length of 0 compare equal to none.
func dropZeroMin(opts []optionBody) {
	for i := range opts {
		if opts[i].MinLength != nil && *opts[i].MinLength == 0 {
			opts[i].MinLength = nil
		}
		dropZeroMin(opts[i].Options)
	}
}

// nonEmpty drops empty localizations and returns nil for none, so a
// missing map and an empty one compare equal. encoding/json sorts map keys.
func nonEmpty(m map[discordgo.Locale]string) map[discordgo.Locale]string {
	var out map[discordgo.Locale]string
	for k, v := range m {
		if v == "" {
			continue
		}
		if out == nil {
			out = map[discordgo.Locale]string{}
		}
		out[k] = v
	}
	return out
}

// BotToken adds the "Bot " prefix Discord wants in the Authorization header
// when the configured token lacks it.
func BotToken(token string) string {
	token = strings.TrimSpace(token)
	if strings.HasPrefix(token, "Bot ") {
		return token
	}
	return "Bot " + token
}
