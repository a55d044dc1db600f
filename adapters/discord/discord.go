// Package discord serves smtpbot on Discord: the gateway (mentions and DMs,
// and slash commands when no interactions endpoint is set) and the HTTP
// interactions endpoint (the /smtp command, autocomplete and the Share
// button).
//
// It verifies and decodes what Discord sends, asks the core (package bot),
// renders with package responses and sends the result. It holds no content
// and decides nothing about codes; it never reads configuration from the
// environment (cmd/smtpbot does) and never sends anything with mentions
// enabled.
package discord

import (
	"context"
	"crypto/ed25519"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/smtpbot/smtpbot/adapters/internal/guard"
	"github.com/smtpbot/smtpbot/adapters/internal/ref"
	"github.com/smtpbot/smtpbot/adapters/internal/retry"
	"github.com/smtpbot/smtpbot/adapters/metrics"
	"github.com/smtpbot/smtpbot/adapters/platform"
	"github.com/smtpbot/smtpbot/bot"
	"github.com/smtpbot/smtpbot/responses"
)

// Platform is the metrics label of everything this package counts.
const Platform = string(bot.Discord)

// Config is what the adapter needs from main.
type Config struct {
	platform.Services // what every platform is built with
	// GuildID, when set, limits answers to mentions in that server (DMs
	// still work), so a private deployment stays quiet if someone invites
	// it elsewhere. Where /smtp exists is decided by where it is
	// registered (smtpbot discord register --guild).
	GuildID string
	// HTTPClient makes the REST calls. Nil means a client with a 10-second
	// timeout. Tests point it at a fake API with RewriteTransport.
	HTTPClient *http.Client
	// Retry bounds REST retries; the zero value means retry.Default().
	Retry retry.Policy
	// Now is the clock for signature timestamps; nil means time.Now.
	Now func() time.Time
	// PublicKey, when set, verifies the HTTP interactions endpoint, which
	// Mount then serves at POST /discord/interactions.
	PublicKey ed25519.PublicKey
	// Gateway, when its Token is set, is the websocket connection Run
	// keeps: mentions, DMs, and /smtp when there is no endpoint.
	Gateway GatewayConfig
}

// Adapter answers Discord messages and interactions. It is safe for
// concurrent use.
type Adapter struct {
	bot     *bot.Bot
	log     *slog.Logger
	metrics *metrics.Metrics
	guard   guard.Guard // dedup and rate limits
	baseURL string
	guildID string
	client  *http.Client
	retry   retry.Policy
	now     func() time.Time
	// refs name a question for the buttons' custom_ids: "<lang>:<question>"
	// when it fits in Discord's 100 characters with any action, else the
	// key of the question kept in the shared state, so that Share, Details
	// and Short answer answer the very same question on any replica. The
	// answer is recomputed rather than copied from the message, which
	// Discord may send back only partially.
	refs    *ref.Refs
	goAsync func(func())
	// answer is the core; tests slow it down to prove that slow answers
	// are deferred.
	answer func(text string, h bot.Hints) bot.Answer
	// inlineWait is how long an interaction may take to be answered
	// inline, inside Discord's 3 seconds; a slower one is deferred.
	inlineWait time.Duration
	// apiBase is the REST API base for the calls encoded here.
	apiBase string
	key     ed25519.PublicKey
	gateway *Gateway // nil: no gateway connection
}

// inlineWait leaves a second of Discord's three for the network.
const inlineWait = 2 * time.Second

// APIBase is Discord's REST API, version 10.
const APIBase = "https://discord.com/api/v10"

// ErrConfig reports an unusable configuration.
var ErrConfig = errors.New("discord: bad configuration")

// New builds the adapter.
func New(c Config) (*Adapter, error) {
	if c.Bot == nil {
		return nil, fmt.Errorf("%w: no bot", ErrConfig)
	}
	a := &Adapter{
		bot: c.Bot, log: c.Log, metrics: c.Metrics,
		baseURL: strings.TrimRight(c.BaseURL, "/"), guildID: c.GuildID,
		client: c.HTTPClient, retry: c.Retry, now: c.Now,
	}
	a.setDefaults()
	a.guard = guard.New(Platform, c.Dedup, c.Limiter, c.Metrics, a.log)
	if a.now == nil {
		a.now = time.Now
	}
	a.refs = ref.New(ref.Store(c.Refs, a.guard.Dedup, a.now), ref.Form{Sep: ":", Max: responses.DiscordMaxRef, Count: ref.Runes})
	a.goAsync = c.Go
	if a.goAsync == nil {
		a.goAsync = func(f func()) { go f() }
	}
	a.answer = c.Bot.Ask
	a.inlineWait = inlineWait
	a.apiBase = APIBase
	a.key = c.PublicKey
	if c.Gateway.Token != "" {
		g, err := a.Gateway(c.Gateway)
		if err != nil {
			return nil, err
		}
		a.gateway = g
	}
	return a, nil
}

// setDefaults fills what a configuration left zero, for New and Register
// alike: a log that discards, a client with a 10-second timeout, the
// default retry policy.
func (a *Adapter) setDefaults() {
	if a.log == nil {
		a.log = slog.New(slog.DiscardHandler)
	}
	if a.client == nil {
		a.client = &http.Client{Timeout: 10 * time.Second}
	}
	if a.retry.Attempts == 0 {
		a.retry = retry.Default()
	}
}

// Name is the platform's name in logs and on /readyz.
func (a *Adapter) Name() string { return Platform }

// Mount registers the interactions endpoint when a public key is set to
// verify it.
func (a *Adapter) Mount(mux *http.ServeMux) {
	if a.key != nil {
		mux.Handle("POST /discord/interactions", a.Interactions(a.key))
	}
}

// Run keeps the gateway connected until ctx ends; without one it returns
// at once.
func (a *Adapter) Run(ctx context.Context) error {
	if a.gateway == nil {
		return nil
	}
	return a.gateway.Run(ctx)
}

// Ready is the gateway's readiness; the HTTP endpoint is always ready.
func (a *Adapter) Ready() error {
	if a.gateway == nil {
		return nil
	}
	return a.gateway.Ready()
}

// first reports whether key is new; on a state failure it answers anyway.
func (a *Adapter) first(ctx context.Context, key string, ttl time.Duration) bool {
	return a.guard.First(ctx, key, ttl)
}

// allowed applies the per-user and per-channel limits. It returns the scope
// that refused, or "" when the request may go on.
func (a *Adapter) allowed(ctx context.Context, userID, channelID string) string {
	return a.guard.Refused(ctx, userID, channelID)
}

// inGuild reports whether the bot answers in guildID ("" is a DM).
func (a *Adapter) inGuild(guildID string) bool {
	return a.guildID == "" || guildID == "" || guildID == a.guildID
}

// question is what a user asked and what the platform knows besides.
type question struct {
	text string // what the core parses
	// intent is the subcommand chosen, operands its options as typed
	// (bot.Hints.Intent); none for a message.
	intent   bot.Intent
	operands []string
	locale   string // the client's locale, used when the words do not tell
	lang     string // when set, the answer's language whatever the words
	file     bool   // text is an attachment's content, not a typed message
}

// ask asks the core, which picks the language, counting the answer.
func (a *Adapter) ask(q question) bot.Answer { return a.askWith(q.text, q.hints()) }

// askWith is ask with the hints made already (the Share flow's).
func (a *Adapter) askWith(text string, h bot.Hints) bot.Answer {
	start := time.Now()
	ans := a.answer(text, h)
	a.metrics.Answered(Platform, string(ans.Intent), ans.Codes, string(ans.Category()), time.Since(start))
	return ans
}

// render lays the answer out as embeds linking to the web page.
func (a *Adapter) render(ans bot.Answer, o responses.DiscordOptions) responses.DiscordMessage {
	o.BaseURL = a.baseURL
	return responses.Discord(ans, o)
}

func (q question) hints() bot.Hints {
	return bot.Hints{Lang: q.lang, Locale: q.locale, Platform: bot.Discord, Attachment: q.file, Intent: q.intent, Operands: q.operands}
}

// ref is the question as buttons keep it (ref.Question). Message text is
// cleaned: the core ignores markup anyway, and a mention has no business
// travelling in a custom_id.
func (q question) ref() string { return ref.Question(bot.Clean(q.text), q.hints()) }

// asked reads a kept question back (ref.Asked): its text, and the
// subcommand and operands it names, if any.
func asked(kept string) (text string, intent bot.Intent, operands []string) {
	text, h := ref.Asked(kept, bot.Hints{})
	return text, h.Intent, h.Operands
}

// note is a note given instead of an answer (bot.Note: rate limited, a
// bare mention), in the language the answer would have had.
func (a *Adapter) note(n bot.Notice, q question) responses.DiscordMessage {
	return responses.DiscordNote(a.bot.Note(n, q.text, q.hints()))
}

// userOf returns the user behind an interaction (a member in a server, a
// user in a DM).
func userOf(i *discordgo.Interaction) *discordgo.User {
	if i.Member != nil && i.Member.User != nil {
		return i.Member.User
	}
	return i.User
}

// displayName is how a user is credited: server nickname, then global
// display name, then username. It is never a mention.
func displayName(i *discordgo.Interaction) string {
	u := userOf(i)
	if i.Member != nil && i.Member.Nick != "" {
		return i.Member.Nick
	}
	if u == nil {
		return ""
	}
	if u.GlobalName != "" {
		return u.GlobalName
	}
	return u.Username
}
