package discord

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/smtpbot/smtpbot/adapters/internal/retry"
	"github.com/smtpbot/smtpbot/bot"
	"github.com/smtpbot/smtpbot/responses"
)

// Intents are the gateway intents the bot asks for: messages in servers
// and in DMs, nothing else. The privileged MESSAGE_CONTENT intent is not
// needed: Discord includes the content of messages that mention the bot
// and of DMs without it.
const Intents = discordgo.IntentsGuildMessages | discordgo.IntentsDirectMessages

// ErrNotConnected is the readiness error while the gateway is down.
var ErrNotConnected = errors.New("discord: gateway not connected")

// GatewayConfig configures the gateway connection.
type GatewayConfig struct {
	Token string // bot token, with or without "Bot "
	// ShardID and ShardCount split servers between processes; the zero
	// values mean one process for all.
	ShardID, ShardCount int
	// ReconnectMin and ReconnectMax bound the wait between connection
	// attempts (defaults 1 s and 2 min; it doubles after each failure).
	ReconnectMin, ReconnectMax time.Duration
}

// Gateway is the bot's websocket connection: it answers mentions and DMs
// by replying to the message, and slash commands when the application has
// no interactions endpoint. discordgo speaks the protocol (heartbeats,
// resume); Gateway owns reconnecting, so that every failure is logged,
// retried with backoff and reflected in Ready.
type Gateway struct {
	a   *Adapter
	s   *discordgo.Session
	cfg GatewayConfig

	mu      sync.Mutex
	up      bool
	stopped bool   // Run has returned: a late READY must not mark it up
	self    string // the bot's user ID, from READY

	lost chan struct{} // a disconnect happened
	work tracker
}

// interactionPolicy bounds retries of an interaction callback: Discord
// drops the interaction after 3 seconds, so there is no point waiting longer.
var interactionPolicy = retry.Policy{Attempts: 3, Base: 100 * time.Millisecond, Max: time.Second}

// sendTimeout bounds answering one message, retries included.
const sendTimeout = 20 * time.Second

// Gateway prepares the connection; Run opens it.
func (a *Adapter) Gateway(c GatewayConfig) (*Gateway, error) {
	if strings.TrimSpace(c.Token) == "" {
		return nil, fmt.Errorf("%w: the gateway needs a bot token", ErrConfig)
	}
	if c.ShardCount <= 0 {
		c.ShardCount = 1
	}
	if c.ShardID < 0 || c.ShardID >= c.ShardCount {
		return nil, fmt.Errorf("%w: shard %d is not in 0..%d", ErrConfig, c.ShardID, c.ShardCount-1)
	}
	if c.ReconnectMin <= 0 {
		c.ReconnectMin = time.Second
	}
	if c.ReconnectMax < c.ReconnectMin {
		c.ReconnectMax = max(2*time.Minute, c.ReconnectMin)
	}
	s, err := discordgo.New(BotToken(c.Token))
	if err != nil {
		return nil, fmt.Errorf("discord: gateway: %w", err)
	}
	s.Client = v10Client(a.client)
	s.Identify.Intents = Intents
	s.ShardID, s.ShardCount = c.ShardID, c.ShardCount
	// Gateway reconnects itself (discordgo's loop never gives up and cannot
	// be stopped); REST retries go through retry.Policy (discordgo's would
	// sleep as long as a 429 asks).
	s.ShouldReconnectOnError = false
	s.ShouldRetryOnRateLimit = false
	s.MaxRestRetries = 0
	// Nothing needs the member and channel cache.
	s.StateEnabled = false
	// Handlers run in order on the reading goroutine, so Ready and
	// Disconnect cannot overtake each other; answers run on their own.
	s.SyncEvents = true
	// discordgo logs through the standard log package; Gateway logs what
	// matters itself, with slog.
	s.LogLevel = -1

	g := &Gateway{a: a, s: s, cfg: c, lost: make(chan struct{}, 1)}
	s.AddHandler(g.onReady)
	s.AddHandler(g.onResumed)
	s.AddHandler(g.onDisconnect)
	s.AddHandler(g.onMessage)
	s.AddHandler(g.onInteraction)
	return g, nil
}

// Ready reports whether the gateway is connected, for /readyz.
func (g *Gateway) Ready() error {
	g.mu.Lock()
	defer g.mu.Unlock()
	if !g.up {
		return ErrNotConnected
	}
	return nil
}

// Run connects and stays connected until ctx ends. Connection failures are
// logged and retried with backoff; Run never gives up. In-flight answers
// are allowed to finish (each within sendTimeout) before Run returns.
func (g *Gateway) Run(ctx context.Context) error {
	base := context.WithoutCancel(ctx)
	g.work.start(base)
	defer g.work.close()
	// Whichever way Run ends, the gateway is down from then on, even if an
	// Open still in flight delivers READY afterwards.
	defer g.stop()
	log := g.a.log.With("shard", g.cfg.ShardID, "shards", g.cfg.ShardCount)
	failures := 0
	for {
		select {
		case <-g.lost: // stale: from before this attempt
		default:
		}
		done := make(chan error, 1)
		go func() { done <- g.s.Open() }()
		var err error
		select {
		case err = <-done:
		case <-ctx.Done():
			// Open has no context; close whatever it opens when it returns.
			go func() {
				if <-done == nil {
					_ = g.s.Close()
				}
			}()
			return nil
		}
		if err != nil && !errors.Is(err, discordgo.ErrWSAlreadyOpen) {
			failures++
			wait := g.backoff(failures)
			g.a.metrics.APIError(Platform, "gateway")
			log.Error("discord: gateway connection failed", "attempt", failures, "retry_in", wait, "err", err)
			if !sleep(ctx, wait) {
				return nil
			}
			continue
		}
		failures = 0
		select {
		case <-ctx.Done():
			g.setUp(false)
			if err := g.s.Close(); err != nil {
				log.Warn("discord: gateway close", "err", err)
			}
			return nil
		case <-g.lost:
			wait := g.backoff(1)
			log.Warn("discord: gateway disconnected, reconnecting", "retry_in", wait)
			if !sleep(ctx, wait) {
				return nil
			}
		}
	}
}

// backoff doubles from ReconnectMin up to ReconnectMax, with jitter so that
// shards do not reconnect in step.
func (g *Gateway) backoff(failures int) time.Duration {
	d := g.cfg.ReconnectMin
	for i := 1; i < failures && d < g.cfg.ReconnectMax; i++ {
		d *= 2
	}
	d = min(d, g.cfg.ReconnectMax)
	return d/2 + time.Duration(rand.Int64N(int64(d/2)+1))
}

func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}

func (g *Gateway) setUp(up bool) {
	g.mu.Lock()
	if up && g.stopped {
		g.mu.Unlock()
		return
	}
	g.up = up
	g.mu.Unlock()
	g.a.metrics.Connected(Platform, up)
}

func (g *Gateway) stop() {
	g.mu.Lock()
	g.stopped, g.up = true, false
	g.mu.Unlock()
	g.a.metrics.Connected(Platform, false)
}

func (g *Gateway) selfID() string {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.self
}

func (g *Gateway) onReady(_ *discordgo.Session, r *discordgo.Ready) {
	if r.User != nil {
		g.mu.Lock()
		g.self = r.User.ID
		g.mu.Unlock()
	}
	g.setUp(true)
	g.a.log.Info("discord: gateway connected", "shard", g.cfg.ShardID, "shards", g.cfg.ShardCount, "guilds", len(r.Guilds))
}

func (g *Gateway) onResumed(_ *discordgo.Session, _ *discordgo.Resumed) {
	g.setUp(true)
	g.a.log.Info("discord: gateway resumed", "shard", g.cfg.ShardID)
}

func (g *Gateway) onDisconnect(_ *discordgo.Session, _ *discordgo.Disconnect) {
	g.setUp(false)
	select {
	case g.lost <- struct{}{}:
	default:
	}
}

// onMessage picks the messages to answer: DMs, and server messages that
// mention the bot; never a bot's (its own included), a webhook's or a
// system message.
func (g *Gateway) onMessage(_ *discordgo.Session, m *discordgo.MessageCreate) {
	if m.Message == nil || m.Author == nil || m.Author.Bot || m.Author.System || m.WebhookID != "" {
		return
	}
	self := g.selfID()
	if self == "" || m.Author.ID == self {
		return
	}
	if m.Type != discordgo.MessageTypeDefault && m.Type != discordgo.MessageTypeReply {
		return
	}
	if m.GuildID != "" && (!mentions(m.Message, self) || !g.a.inGuild(m.GuildID)) {
		return
	}
	msg := m.Message
	g.work.goWith(sendTimeout, func(ctx context.Context) { g.answerMessage(ctx, msg) })
}

func mentions(m *discordgo.Message, id string) bool {
	for _, u := range m.Mentions {
		if u != nil && u.ID == id {
			return true
		}
	}
	return false
}

// answerMessage replies to one message with the answer as embeds.
func (g *Gateway) answerMessage(ctx context.Context, m *discordgo.Message) {
	a := g.a
	if !a.first(ctx, "discord:msg:"+m.ID, time.Hour) {
		a.metrics.Duplicate(Platform)
		return
	}
	if a.allowed(ctx, m.Author.ID, m.ChannelID) != "" {
		// Say so at most once per guard.NoticeSpacing; saying it every
		// time would be the very flood the limit stops.
		if a.guard.NoticeDue(ctx, m.Author.ID) {
			g.reply(ctx, m, a.note(bot.NoticeRateLimited, question{text: m.Content}))
		}
		return
	}
	q := question{text: m.Content}
	if file, found, ok := a.attachmentText(ctx, m.Attachments); found {
		// A bounce saved as a file: the file is the question.
		if !ok {
			g.reply(ctx, m, a.note(bot.NoticeAskAgain, q))
			return
		}
		q = question{text: file, file: true}
	} else if !bot.HasQuestion(m.Content) {
		// A bare mention: a short hint beats the whole help.
		g.reply(ctx, m, a.note(bot.NoticeAskAgain, question{}))
		return
	}
	ans := a.ask(q)
	// In a server channel everyone sees the answer: addresses are masked,
	// and the buttons carry a key, not the question.
	public := m.GuildID != ""
	o := responses.DiscordOptions{Options: responses.Options{Public: public}}
	if public {
		o.Ref = a.refs.Public(ctx, ans.Lang, q.ref())
	} else {
		o.Ref = a.refs.Make(ctx, ans.Lang, q.ref())
	}
	g.reply(ctx, m, a.render(ans, o))
	a.log.Debug("discord: answered message", "intent", ans.Intent, "guild", m.GuildID != "")
}

// reply sends msg as a reply to m. It does not notify m's author
// (replied_user is false) and parses no mentions. The body is encoded here
// (channelMessage): discordgo's MessageSend writes null fields Discord's
// type does not have.
func (g *Gateway) reply(ctx context.Context, m *discordgo.Message, msg responses.DiscordMessage) {
	if msg.AllowedMentions == nil {
		msg.AllowedMentions = responses.NoMentions()
	}
	body := channelMessage{
		DiscordMessage: msg,
		// The answer still goes out if the question was deleted meanwhile.
		MessageReference: &messageReference{MessageID: m.ID, ChannelID: m.ChannelID, GuildID: m.GuildID},
	}
	_ = g.a.send(ctx, "send message", http.MethodPost, "/channels/"+m.ChannelID+"/messages", BotToken(g.cfg.Token), body, g.a.retry, false)
}

// onInteraction answers slash commands, autocomplete and buttons that come
// over the gateway (when the application has no interactions endpoint URL),
// then runs what follows the response (a deferred answer, a share's post).
func (g *Gateway) onInteraction(_ *discordgo.Session, ic *discordgo.InteractionCreate) {
	if ic.Interaction == nil {
		return
	}
	i := ic.Interaction
	g.work.goWith(afterTimeout, func(ctx context.Context) {
		rctx, cancel := context.WithTimeout(ctx, 3*time.Second)
		resp, after, err := g.a.respond(rctx, i)
		if err != nil {
			cancel()
			g.a.log.Debug("discord: ignored interaction", "type", int(i.Type), "err", err)
			return
		}
		body, err := responses.DiscordInteractionJSON(resp)
		if err == nil {
			err = g.a.send(rctx, "interaction callback", http.MethodPost, "/interactions/"+i.ID+"/"+i.Token+"/callback", "", body, interactionPolicy, false)
		}
		cancel()
		if err == nil && after != nil {
			after(ctx)
		}
	})
}

// tracker runs answers in the background and lets Run wait for them.
type tracker struct {
	mu     sync.Mutex
	base   context.Context
	closed bool
	wg     sync.WaitGroup
}

func (t *tracker) start(base context.Context) {
	t.mu.Lock()
	t.base = base
	t.mu.Unlock()
}

// goWith runs f with a context of its own (detached from shutdown, bounded
// by timeout), unless the gateway is closing.
func (t *tracker) goWith(timeout time.Duration, f func(ctx context.Context)) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.closed || t.base == nil {
		return
	}
	t.wg.Add(1)
	base := t.base
	go func() {
		defer t.wg.Done()
		ctx, cancel := context.WithTimeout(base, timeout)
		defer cancel()
		f(ctx)
	}()
}

func (t *tracker) close() {
	t.mu.Lock()
	t.closed = true
	t.mu.Unlock()
	t.wg.Wait()
}
