package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/smtpbot/smtpbot/adapters/metrics"
	"github.com/smtpbot/smtpbot/adapters/platform"
	"github.com/smtpbot/smtpbot/adapters/state"
	"github.com/smtpbot/smtpbot/bot"
	"github.com/smtpbot/smtpbot/catalog"
)

// server runs what serve built: the routes, what /readyz checks, the
// long-lived connections, and the work still in flight at shutdown. It
// knows no platform by name: each is a platform.Platform.
type server struct {
	log      *slog.Logger
	mux      *http.ServeMux
	ready    *readiness
	runners  []runner // long-running connections (Socket Mode, gateway, Redis)
	cfg      serveConfig
	inflight sync.WaitGroup
	conns    connTracker // open connections, for the shutdown log
}

// builder builds one platform from the configuration, or nil when it is
// off; the line says what is on, or off and why.
type builder func(serveConfig, platform.Services) (p platform.Platform, line string, err error)

// builders lists every platform serve knows. Adding a platform is a line
// here (README, "Adding a platform").
func builders() []builder { return []builder{newWeb, newSlack, newDiscord} }

// runner is a background connection that lives as long as the server.
type runner struct {
	name string
	run  func(ctx context.Context) error
}

// readiness collects the checks behind /readyz, and notes: states worth
// showing there that do not make the service unready (Redis down, say).
type readiness struct {
	mu       sync.Mutex
	checks   map[string]func() error
	notes    map[string]func() string
	stopping atomic.Bool
}

// add adds a check that /readyz fails on.
func (r *readiness) add(name string, check func() error) { put(r, &r.checks, name, check) }

// note adds a line to /readyz that never fails it.
func (r *readiness) note(name string, status func() string) { put(r, &r.notes, name, status) }

// put keeps v under name in *m, made on first use, under r's lock.
func put[V any](r *readiness, m *map[string]V, name string, v V) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if *m == nil {
		*m = map[string]V{}
	}
	(*m)[name] = v
}

// failing returns "name: reason" for every failing check, sorted. A server
// that is shutting down is not ready, so load balancers stop sending to it
// while it finishes what it has.
func (r *readiness) failing() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	if r.stopping.Load() {
		out = append(out, "server: shutting down")
	}
	for name, check := range r.checks {
		if err := check(); err != nil {
			msg := err.Error()
			if !strings.HasPrefix(msg, name+": ") { // errors carry their package prefix already
				msg = name + ": " + msg
			}
			out = append(out, msg)
		}
	}
	sort.Strings(out)
	return out
}

// noted returns "name: status" for every note, sorted.
func (r *readiness) noted() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	for name, status := range r.notes {
		out = append(out, name+": "+status())
	}
	sort.Strings(out)
	return out
}

func (r *readiness) handler(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	lines := r.failing()
	if len(lines) > 0 {
		w.WriteHeader(http.StatusServiceUnavailable)
	} else {
		lines = []string{"ready"}
	}
	lines = append(lines, r.noted()...)
	_, _ = io.WriteString(w, strings.Join(lines, "\n")+"\n")
}

// setting is one serve setting: its flag, its environment variable (a flag
// wins over its variable) and its default. The same table parses the
// command line and prints `smtpbot serve --help`, so they cannot disagree.
type setting struct {
	flag, env, def, help string
	bool                 bool // may be given bare: --web means --web=true
}

func serveSettings() []setting {
	return []setting{
		{flag: "addr", env: "SMTPBOT_ADDR", def: ":8080", help: "listen address, host:port"},
		{flag: "public-url", env: "SMTPBOT_PUBLIC_URL", help: "public address of the web pages; chat answers link to them when set"},
		{flag: "default-lang", env: "SMTPBOT_DEFAULT_LANG", def: catalog.English, help: "answer language when neither the user nor the message chooses one"},
		{flag: "web", env: "SMTPBOT_WEB", def: "true", bool: true, help: "serve the web pages and the JSON API"},
		{flag: "log-format", env: "SMTPBOT_LOG_FORMAT", def: "text", help: "log format: text or json"},
		{flag: "log-level", env: "SMTPBOT_LOG_LEVEL", def: "info", help: "log level: debug, info, warn or error (questions are logged only at debug)"},
		{flag: "rate-per-minute", env: "SMTPBOT_RATE_PER_MINUTE", def: "20", help: "questions per minute per user (on the web: per client address); 0 turns rate limits off"},
		{flag: "rate-burst", env: "SMTPBOT_RATE_BURST", def: "10", help: "questions a user may ask at once before the per-minute rate applies"},
		{flag: "channel-rate-per-minute", env: "SMTPBOT_CHANNEL_RATE_PER_MINUTE", def: "60", help: "questions per minute per channel, all users together; 0 turns the channel limit off"},
		{flag: "channel-rate-burst", env: "SMTPBOT_CHANNEL_RATE_BURST", def: "20", help: "questions a channel may ask at once"},
		{flag: "max-question", env: "SMTPBOT_MAX_QUESTION", def: strconv.Itoa(defaultMaxQuestion), help: "longest question the web pages and API accept, in bytes"},
		{flag: "answer-cache", env: "SMTPBOT_ANSWER_CACHE", def: "512KiB", help: "memory for finished slash-command answers kept for repeated questions, in bytes (KiB and MiB suffixes allowed); 0 keeps none"},
		{flag: "state-memory", env: "SMTPBOT_STATE_MEMORY", def: "1536KiB", help: "memory for deduplication keys and rate-limit buckets when Redis is not used, in bytes (KiB and MiB suffixes allowed); the oldest go first"},
		{flag: "memory-limit", env: "SMTPBOT_MEMORY_LIMIT", def: "22MiB", help: "soft limit of the Go heap (KiB and MiB suffixes allowed): the collector runs when memory nears it (GOGC 400 unless GOGC is set), so resident memory stays near this plus the program itself (about 16 MiB); 0 leaves it to GOMEMLIMIT and GOGC"},
		{flag: "trust-proxy", env: "SMTPBOT_TRUST_PROXY", def: "false", bool: true, help: "take web client addresses from X-Forwarded-For; set only behind a reverse proxy"},
		{flag: "read-header-timeout", env: "SMTPBOT_READ_HEADER_TIMEOUT", def: "5s", help: "time to read a request's headers"},
		{flag: "read-timeout", env: "SMTPBOT_READ_TIMEOUT", def: "10s", help: "time to read a whole request"},
		{flag: "write-timeout", env: "SMTPBOT_WRITE_TIMEOUT", def: "10s", help: "time to write a response"},
		{flag: "idle-timeout", env: "SMTPBOT_IDLE_TIMEOUT", def: "60s", help: "how long an idle keep-alive connection stays open"},
		{flag: "shutdown-timeout", env: "SMTPBOT_SHUTDOWN_TIMEOUT", def: "10s", help: "how long shutdown waits for requests and answers in flight"},
	}
}

// adapterEnv lists the settings that only the environment carries, because
// they are secrets (a flag would show in `ps`) or belong to one adapter.
func adapterEnv() []struct{ env, help string } {
	return []struct{ env, help string }{
		{"SLACK_BOT_TOKEN", "Slack bot token (xoxb-…); Slack is off without it"},
		{"SLACK_SIGNING_SECRET", "Slack signing secret: turns on the HTTP endpoints under /slack/"},
		{"SLACK_APP_TOKEN", "Slack app token (xapp-…): turns on Socket Mode"},
		{"SLACK_API_URL", "Slack Web API base URL (default https://slack.com/api/; tests point it at a fake)"},
		{"DISCORD_BOT_TOKEN", "Discord bot token: turns on the gateway (mentions, DMs) and REST replies"},
		{"DISCORD_PUBLIC_KEY", "Discord application public key: turns on POST /discord/interactions"},
		{"DISCORD_APP_ID", "Discord application ID"},
		{"DISCORD_GUILD_ID", "answer mentions only in this Discord server (DMs still work)"},
		{"DISCORD_GATEWAY", "false: no gateway connection even with a bot token (HTTP-only replicas)"},
		{"DISCORD_API_URL", "Discord REST base URL (tests point it at a fake)"},
		{"DISCORD_SHARD_ID", "this process's gateway shard (default 0)"},
		{"DISCORD_SHARD_COUNT", "number of gateway shards (default 1)"},
		{"REDIS_URL", "redis://… : share dedup, rate limits and the questions behind buttons between replicas"},
		{"SMTPBOT_REDIS_PREFIX", "key prefix in Redis"},
		{"SMTPBOT_REDIS_TIMEOUT", "time limit of one Redis call (default 250ms, at most 2s)"},
	}
}

// defaultMaxQuestion matches web.DefaultMaxQuestion; kept here so the help
// table does not import the web adapter for one number.
const defaultMaxQuestion = 2000

// serveConfig is what serve reads from flags and env (flags win).
type serveConfig struct {
	addr        string
	defaultLang string
	publicURL   string
	logFormat   string
	logLevel    string
	web         bool
	user        state.Rate
	channel     state.Rate
	maxQuestion int
	answerCache int
	stateMemory int
	memoryLimit int
	trustProxy  bool
	readHeader  time.Duration
	read        time.Duration
	write       time.Duration
	idle        time.Duration
	shutdown    time.Duration
	// From the environment only (secrets, per-platform settings).
	redis   redisSettings
	slack   slackSettings
	discord discordSettings
}

// errHelp asks serve to print its help and exit 0.
var errHelp = errors.New("help requested")

func (a app) serveConfig(args []string) (serveConfig, error) {
	table := serveSettings()
	vals := map[string]*string{}
	spec := flagSpec{}
	for _, s := range table {
		v := envOr(a.getenv, s.env, s.def)
		vals[s.flag] = &v
		spec[s.flag] = &v
	}
	for _, arg := range args {
		if arg == "-h" || arg == "--help" || arg == "-help" || arg == "help" {
			return serveConfig{}, errHelp
		}
	}
	rest, err := parseFlags(bareBools(args, table), spec)
	if err != nil {
		return serveConfig{}, fmt.Errorf("%w (see smtpbot serve --help)", err)
	}
	if len(rest) > 0 {
		return serveConfig{}, fmt.Errorf("%w: unexpected argument %q (see smtpbot serve --help)", errUsage, rest[0])
	}
	c := serveConfig{
		addr:        *vals["addr"],
		defaultLang: *vals["default-lang"],
		publicURL:   strings.TrimRight(*vals["public-url"], "/"),
		logFormat:   *vals["log-format"],
		logLevel:    *vals["log-level"],
	}
	p := settingParser{table: table, vals: vals}
	c.web = p.bool("web")
	c.trustProxy = p.bool("trust-proxy")
	c.user = state.Rate{PerMinute: p.float("rate-per-minute"), Burst: p.int("rate-burst")}
	c.channel = state.Rate{PerMinute: p.float("channel-rate-per-minute"), Burst: p.int("channel-rate-burst")}
	c.maxQuestion = p.int("max-question")
	c.answerCache = p.bytes("answer-cache")
	c.stateMemory = p.bytes("state-memory")
	c.memoryLimit = p.bytes("memory-limit")
	c.readHeader = p.duration("read-header-timeout")
	c.read = p.duration("read-timeout")
	c.write = p.duration("write-timeout")
	c.idle = p.duration("idle-timeout")
	c.shutdown = p.duration("shutdown-timeout")
	if c.maxQuestion < 1 && p.err == nil {
		p.err = fmt.Errorf("%w: --max-question (%s) must be at least 1", errUsage, "SMTPBOT_MAX_QUESTION")
	}
	if c.publicURL != "" && !strings.HasPrefix(c.publicURL, "http://") && !strings.HasPrefix(c.publicURL, "https://") && p.err == nil {
		p.err = fmt.Errorf("%w: --public-url (SMTPBOT_PUBLIC_URL) %q must start with http:// or https://", errUsage, c.publicURL)
	}
	if p.err != nil {
		return c, p.err
	}
	c.slack = slackEnv(a.getenv)
	if c.redis, err = redisEnv(a.getenv); err != nil {
		return c, err
	}
	c.discord, err = discordEnv(a.getenv)
	return c, err
}

// bareBools turns a bare boolean flag ("--web") into "--web=true", unless
// the next argument is its value, since parseFlags wants a value for every
// flag.
func bareBools(args []string, table []setting) []string {
	isBool := map[string]bool{}
	for _, s := range table {
		if s.bool {
			isBool[s.flag] = true
		}
	}
	out := make([]string, 0, len(args))
	for i, arg := range args {
		name := strings.TrimLeft(arg, "-")
		if strings.HasPrefix(arg, "-") && isBool[name] {
			next := ""
			if i+1 < len(args) {
				next = args[i+1]
			}
			if _, err := strconv.ParseBool(next); err != nil {
				arg += "=true"
			}
		}
		out = append(out, arg)
	}
	return out
}

// settingParser converts settings, keeping the first error, which names
// both the flag and the variable since either may have set the value.
type settingParser struct {
	table []setting
	vals  map[string]*string
	err   error
}

func (p *settingParser) fail(name, want string) {
	if p.err != nil {
		return
	}
	for _, s := range p.table {
		if s.flag == name {
			p.err = fmt.Errorf("%w: --%s (%s) %q: want %s", errUsage, name, s.env, *p.vals[name], want)
		}
	}
}

func (p *settingParser) bool(name string) bool {
	v, err := strconv.ParseBool(*p.vals[name])
	if err != nil {
		p.fail(name, "true or false")
	}
	return v
}

func (p *settingParser) int(name string) int {
	v, err := strconv.Atoi(*p.vals[name])
	if err != nil || v < 0 {
		p.fail(name, "a whole number, 0 or more")
	}
	return v
}

// bytes reads a size: a whole number of bytes, or of KiB or MiB.
func (p *settingParser) bytes(name string) int {
	v := strings.TrimSpace(*p.vals[name])
	unit := 1
	for suffix, u := range map[string]int{"KiB": 1 << 10, "MiB": 1 << 20} {
		if n, ok := strings.CutSuffix(v, suffix); ok {
			v, unit = strings.TrimSpace(n), u
		}
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 || n > 1<<40/unit {
		p.fail(name, "a size such as 1048576, 512KiB or 4MiB")
		return 0
	}
	return n * unit
}

func (p *settingParser) float(name string) float64 {
	v, err := strconv.ParseFloat(*p.vals[name], 64)
	if err != nil || v < 0 || v != v {
		p.fail(name, "a number, 0 or more")
	}
	return v
}

func (p *settingParser) duration(name string) time.Duration {
	v, err := time.ParseDuration(*p.vals[name])
	if err != nil || v <= 0 {
		p.fail(name, "a duration above zero, such as 10s")
	}
	return v
}

// serveHelp prints every setting with its variable and default.
func serveHelp(w io.Writer) {
	var b strings.Builder
	b.WriteString(`usage: smtpbot serve [flags]

Runs the web pages and JSON API, /healthz, /readyz and /metrics, and the
Slack and Discord bots whose credentials are set. Every flag can also be
set with its environment variable; a flag wins over its variable.

`)
	fmt.Fprintf(&b, "  %-28s %-34s %s\n", "FLAG", "ENVIRONMENT", "DEFAULT")
	for _, s := range serveSettings() {
		def := s.def
		if def == "" {
			def = "(none)"
		}
		fmt.Fprintf(&b, "  %-28s %-34s %s\n      %s\n", "--"+s.flag, s.env, def, s.help)
	}
	b.WriteString("\nAdapters and secrets, from the environment only:\n\n")
	for _, e := range adapterEnv() {
		fmt.Fprintf(&b, "  %-28s %s\n", e.env, e.help)
	}
	_, _ = io.WriteString(w, b.String())
}

func envOr(getenv env, key, def string) string {
	if v := getenv(key); v != "" {
		return v
	}
	return def
}

func newLogger(w io.Writer, format, level string) (*slog.Logger, error) {
	var lv slog.Level
	if err := lv.UnmarshalText([]byte(level)); err != nil {
		return nil, fmt.Errorf("%w: --log-level (SMTPBOT_LOG_LEVEL) %q: want debug, info, warn or error", errUsage, level)
	}
	opts := &slog.HandlerOptions{Level: lv}
	switch format {
	case "text":
		return slog.New(slog.NewTextHandler(w, opts)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(w, opts)), nil
	}
	return nil, fmt.Errorf("%w: --log-format (SMTPBOT_LOG_FORMAT) %q: want text or json", errUsage, format)
}

// scopedLimiter applies the per-user rate to "<platform>:user:…" keys and
// the per-channel rate to "<platform>:channel:…" keys. Channels get their
// own, larger bucket so that a busy channel is limited as a whole while
// one user flooding it runs out of their own tokens first, and the others
// can still ask.
type scopedLimiter struct {
	user, channel state.Limiter
	userRate      state.Rate
}

func (l scopedLimiter) Allow(ctx context.Context, key string) (bool, error) {
	if strings.Contains(key, ":channel:") {
		return l.channel.Allow(ctx, key)
	}
	return l.user.Allow(ctx, key)
}

// InProcess implements state.InProcess: true when both limiters are.
func (l scopedLimiter) InProcess() bool {
	return state.IsInProcess(l.user) && state.IsInProcess(l.channel)
}

// Rate is the per-user rate, for stores that replace the limiter (Redis).
func (l scopedLimiter) Rate() state.Rate { return l.userRate }

// gcPercentUnderLimit is the collector's GOGC while a memory limit is set:
// high enough that the limit, not the live heap, decides when to collect.
const gcPercentUnderLimit = 400

// serve runs the HTTP endpoints and background connections until ctx ends,
// then shuts down within a bound, letting in-flight answers finish.
func (a app) serve(ctx context.Context, args []string) error {
	started := time.Now()
	cfg, err := a.serveConfig(args)
	if errors.Is(err, errHelp) {
		serveHelp(a.stdout)
		return nil
	}
	if err != nil {
		return err
	}
	log, err := newLogger(a.stderr, cfg.logFormat, cfg.logLevel)
	if err != nil {
		return err
	}
	if cfg.memoryLimit > 0 {
		// Every cache and store is bounded in bytes; the soft limit keeps
		// the garbage between collections bounded too.
		defer debug.SetMemoryLimit(debug.SetMemoryLimit(int64(cfg.memoryLimit)))
		if a.getenv("GOGC") == "" {
			// The limit paces the collector, not GOGC's doubling of a
			// live heap of a few MiB, which would collect every hundred
			// or so new questions; GOGC in the environment still wins.
			defer debug.SetGCPercent(debug.SetGCPercent(gcPercentUnderLimit))
		}
	}
	s, summary, err := build(cfg, log)
	if err != nil {
		return err
	}
	log.Info("config", "addr", cfg.addr, "public_url", cfg.publicURL, "default_lang", cfg.defaultLang,
		"user_rate", rateString(cfg.user), "channel_rate", rateString(cfg.channel),
		"log_level", cfg.logLevel, "memory_limit", cfg.memoryLimit, "version", version)
	for _, line := range summary {
		log.Info("adapter", "status", line)
	}
	return s.run(ctx, started)
}

// build makes the server from the configuration: the core, the shared
// state, and every platform that is on, mounted, checked and run alike.
func build(cfg serveConfig, log *slog.Logger) (*server, []string, error) {
	cat, err := catalog.Load(catalog.Embedded())
	if err != nil {
		return nil, nil, err
	}
	if !cat.HasLanguage(cfg.defaultLang) {
		return nil, nil, fmt.Errorf("%w: --default-lang (SMTPBOT_DEFAULT_LANG) %q: want one of %s", errUsage, cfg.defaultLang, strings.Join(cat.FrameLanguages(), ", "))
	}
	m := metrics.New(knownCode(cat))
	m.BuildInfo(version)
	st, err := newState(cfg, log, m)
	if err != nil {
		return nil, nil, err
	}
	s := &server{log: log, mux: http.NewServeMux(), ready: &readiness{}, cfg: cfg}
	s.mountProbes(m)
	summary := []string{st.summary}
	if st.watch != nil {
		s.runners = append(s.runners, runner{name: "redis", run: st.watch})
		s.ready.note("redis", st.status)
	}
	// What every platform is built from: one bot, one log, one set of
	// metrics, one shared state; SMTPBOT_PUBLIC_URL for links; work that
	// outlives its request runs where shutdown waits for it.
	sh := platform.Services{
		Bot: bot.New(cat, bot.WithDefaultLang(cfg.defaultLang)), Log: log, Metrics: m,
		Dedup: st.dedup, Limiter: st.limiter, Refs: st.refs, BaseURL: cfg.publicURL, Go: s.background,
	}
	for _, b := range builders() {
		p, line, err := b(cfg, sh)
		if err != nil {
			return nil, nil, err
		}
		summary = append(summary, line)
		if p == nil {
			continue
		}
		p.Mount(s.mux)
		s.ready.add(p.Name(), p.Ready)
		s.runners = append(s.runners, runner{name: p.Name(), run: p.Run})
	}
	return s, summary, nil
}

// knownCode tells the metrics which codes to count by name: those in the
// catalog, so that a flood of made-up codes cannot grow the label set.
func knownCode(cat *catalog.Catalog) func(string) bool {
	return func(code string) bool {
		c, err := catalog.ParseCode(code)
		if err != nil {
			return false
		}
		if c.Basic() {
			return cat.Reply(c.Reply) != nil
		}
		return cat.Enhanced(c.Enhanced) != nil
	}
}

// mountProbes mounts what orchestrators and Prometheus ask.
func (s *server) mountProbes(m *metrics.Metrics) {
	s.mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		_, _ = w.Write([]byte("ok\n"))
	})
	s.mux.HandleFunc("GET /readyz", s.ready.handler)
	s.mux.Handle("GET /metrics", m.Handler())
}

// run listens, runs the platforms' connections and serves until ctx ends.
func (s *server) run(ctx context.Context, started time.Time) error {
	cfg := s.cfg
	srv := &http.Server{
		Addr:              cfg.addr,
		Handler:           s.mux,
		ReadHeaderTimeout: cfg.readHeader,
		ReadTimeout:       cfg.read,
		WriteTimeout:      cfg.write,
		IdleTimeout:       cfg.idle,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelDebug),
		ConnState:         s.conns.track,
	}
	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	s.log.Info("listening", "addr", ln.Addr().String(), "startup", time.Since(started).Round(time.Microsecond))

	runCtx, stopRunners := context.WithCancel(ctx)
	defer stopRunners()
	var bg sync.WaitGroup
	for _, r := range s.runners {
		bg.Go(func() {
			if err := r.run(runCtx); err != nil && !errors.Is(err, context.Canceled) {
				s.log.Error("connection stopped", "adapter", r.name, "err", err)
			}
		})
	}

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		stopRunners()
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	return s.shutdown(srv, stopRunners, &bg)
}

// shutdown stops taking requests, lets those in flight finish, stops the
// background connections and waits for answers still being sent, all within
// the shutdown timeout. What is still running then is abandoned, and said.
func (s *server) shutdown(srv *http.Server, stopRunners func(), bg *sync.WaitGroup) error {
	s.log.Info("shutting down", "timeout", s.cfg.shutdown)
	s.ready.stopping.Store(true)
	bound, cancel := context.WithTimeout(context.Background(), s.cfg.shutdown)
	defer cancel()
	err := srv.Shutdown(bound)
	if errors.Is(err, context.DeadlineExceeded) {
		// Requests still running past the bound are cut off. That is the
		// bound doing its job, not a failure: the stop is still clean.
		n := s.conns.busy()
		_ = srv.Close()
		s.log.Warn("shutdown cut connections still busy at the timeout", "connections", n, "timeout", s.cfg.shutdown)
		err = nil
	} else if err != nil {
		_ = srv.Close()
	}
	stopRunners()
	done := make(chan struct{})
	// Runners first: Socket Mode may still hand work to s.background until it
	// returns, and an Add racing a Wait on a zero counter misuses the group.
	go func() { bg.Wait(); s.inflight.Wait(); close(done) }()
	select {
	case <-done:
	case <-bound.Done():
		s.log.Warn("shutdown timed out with work in flight", "timeout", s.cfg.shutdown)
	}
	if err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: shutdown: %w", err)
	}
	s.log.Info("stopped")
	return nil
}

func rateString(r state.Rate) string {
	if r.PerMinute <= 0 || r.Burst <= 0 {
		return "off"
	}
	return strconv.FormatFloat(r.PerMinute, 'g', -1, 64) + "/min burst " + strconv.Itoa(r.Burst)
}

// connTracker knows the state of every open connection, so that a
// shutdown that has to cut connections can say how many it cut.
type connTracker struct {
	mu    sync.Mutex
	state map[net.Conn]http.ConnState
}

func (c *connTracker) track(conn net.Conn, st http.ConnState) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if st == http.StateClosed || st == http.StateHijacked {
		delete(c.state, conn)
		return
	}
	if c.state == nil {
		c.state = map[net.Conn]http.ConnState{}
	}
	c.state[conn] = st
}

// busy counts connections with a request under way (or about to be).
func (c *connTracker) busy() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
	for _, st := range c.state {
		if st == http.StateNew || st == http.StateActive {
			n++
		}
	}
	return n
}

// background runs f outside the request, tracked so shutdown waits for it.
func (s *server) background(f func()) {
	s.inflight.Add(1)
	go func() {
		defer s.inflight.Done()
		f()
	}()
}
