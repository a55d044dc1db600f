package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/smtpbot/smtpbot/adapters/metrics"
	"github.com/smtpbot/smtpbot/adapters/state"
	"github.com/smtpbot/smtpbot/bot"
	"github.com/smtpbot/smtpbot/catalog"
)

// server is everything `serve` wires together. Each adapter mounts itself
// from its own file (serve_slack.go, serve_discord.go, serve_web.go).
type server struct {
	bot      *bot.Bot
	log      *slog.Logger
	metrics  *metrics.Metrics
	dedup    state.Deduper
	limiter  state.Limiter
	mux      *http.ServeMux
	getenv   env
	baseURL  string // SMTPBOT_PUBLIC_URL: answers link to their web page
	ready    *readiness
	runners  []runner // long-running connections (Socket Mode, gateway)
	summary  []string // one line per adapter: on, or off and why
	inflight sync.WaitGroup
}

// runner is a background connection that lives as long as the server.
type runner struct {
	name string
	run  func(ctx context.Context) error
}

// readiness collects the checks behind /readyz.
type readiness struct {
	mu     sync.Mutex
	checks map[string]func() error
}

func (r *readiness) add(name string, check func() error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.checks == nil {
		r.checks = map[string]func() error{}
	}
	r.checks[name] = check
}

// failing returns "name: reason" for every failing check, sorted.
func (r *readiness) failing() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	for name, check := range r.checks {
		if err := check(); err != nil {
			out = append(out, name+": "+err.Error())
		}
	}
	sort.Strings(out)
	return out
}

// serveConfig is what serve reads from flags and env (flags win).
type serveConfig struct {
	addr        string
	defaultLang string
	publicURL   string
	logFormat   string
	logLevel    string
}

func (a app) serveConfig(args []string) (serveConfig, error) {
	c := serveConfig{
		addr:        envOr(a.getenv, "SMTPBOT_ADDR", ":8080"),
		defaultLang: envOr(a.getenv, "SMTPBOT_DEFAULT_LANG", catalog.English),
		publicURL:   a.getenv("SMTPBOT_PUBLIC_URL"),
		logFormat:   envOr(a.getenv, "SMTPBOT_LOG_FORMAT", "text"),
		logLevel:    envOr(a.getenv, "SMTPBOT_LOG_LEVEL", "info"),
	}
	rest, err := parseFlags(args, flagSpec{
		"addr": &c.addr, "default-lang": &c.defaultLang, "public-url": &c.publicURL,
		"log-format": &c.logFormat, "log-level": &c.logLevel,
	})
	if err != nil {
		return c, err
	}
	if len(rest) > 0 {
		return c, fmt.Errorf("%w: unexpected argument %q", errUsage, rest[0])
	}
	return c, nil
}

func envOr(getenv env, key, def string) string {
	if v := getenv(key); v != "" {
		return v
	}
	return def
}

func newLogger(w interface{ Write([]byte) (int, error) }, format, level string) (*slog.Logger, error) {
	var lv slog.Level
	if err := lv.UnmarshalText([]byte(level)); err != nil {
		return nil, fmt.Errorf("%w: bad log level %q", errUsage, level)
	}
	opts := &slog.HandlerOptions{Level: lv}
	switch format {
	case "text":
		return slog.New(slog.NewTextHandler(w, opts)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(w, opts)), nil
	}
	return nil, fmt.Errorf("%w: bad log format %q (want text or json)", errUsage, format)
}

// serve runs the HTTP endpoints and background connections until ctx ends,
// then shuts down within a bound, letting in-flight answers finish.
func (a app) serve(ctx context.Context, args []string) error {
	cfg, err := a.serveConfig(args)
	if err != nil {
		return err
	}
	log, err := newLogger(a.stderr, cfg.logFormat, cfg.logLevel)
	if err != nil {
		return err
	}
	cat, err := catalog.Load(catalog.Embedded())
	if err != nil {
		return err
	}
	known := func(code string) bool {
		c, err := catalog.ParseCode(code)
		if err != nil {
			return false
		}
		if c.Basic() {
			return cat.Reply(c.Reply) != nil
		}
		return cat.Enhanced(c.Enhanced) != nil
	}
	mem := state.NewMemory(state.Rate{PerMinute: 30, Burst: 10}, nil)
	s := &server{
		bot:     bot.New(cat, bot.WithDefaultLang(cfg.defaultLang)),
		log:     log,
		metrics: metrics.New(known),
		dedup:   mem,
		limiter: mem,
		mux:     http.NewServeMux(),
		getenv:  a.getenv,
		baseURL: strings.TrimRight(cfg.publicURL, "/"),
		ready:   &readiness{},
	}
	s.mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = w.Write([]byte("ok\n"))
	})
	s.mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		if bad := s.ready.failing(); len(bad) > 0 {
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = w.Write([]byte(strings.Join(bad, "\n") + "\n"))
			return
		}
		_, _ = w.Write([]byte("ready\n"))
	})
	s.mux.Handle("GET /metrics", s.metrics.Handler())

	for _, mount := range []func() error{s.mountWeb, s.mountSlack, s.mountDiscord} {
		if err := mount(); err != nil {
			return err
		}
	}
	for _, line := range s.summary {
		log.Info("adapter", "status", line)
	}

	srv := &http.Server{
		Addr:              cfg.addr,
		Handler:           s.mux,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      10 * time.Second,
		IdleTimeout:       60 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelDebug),
	}
	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	log.Info("listening", "addr", ln.Addr().String(), "version", version)

	runCtx, stopRunners := context.WithCancel(ctx)
	defer stopRunners()
	var bg sync.WaitGroup
	for _, r := range s.runners {
		bg.Add(1)
		go func() {
			defer bg.Done()
			if err := r.run(runCtx); err != nil && !errors.Is(err, context.Canceled) {
				log.Error("connection stopped", "adapter", r.name, "err", err)
			}
		}()
	}

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		stopRunners()
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	log.Info("shutting down")
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err = srv.Shutdown(shutdown)
	stopRunners()
	done := make(chan struct{})
	go func() { s.inflight.Wait(); bg.Wait(); close(done) }()
	select {
	case <-done:
	case <-shutdown.Done():
		log.Warn("shutdown timed out with work in flight")
	}
	if err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: shutdown: %w", err)
	}
	log.Info("stopped")
	return nil
}

// background runs f outside the request, tracked so shutdown waits for it.
func (s *server) background(f func()) {
	s.inflight.Add(1)
	go func() {
		defer s.inflight.Done()
		f()
	}()
}
