// Command smtpbot-load sends signed Slack slash commands, signed Discord
// interactions or web API questions to a running `smtpbot serve` on this
// machine, at a set concurrency, and reports requests per second, latency
// percentiles and errors.
//
// It is deliberately bounded: a request count and a time limit cap every
// run, and it refuses any target that is not a loopback address (it checks
// the URL and again at every connection), so it cannot be pointed at
// someone else's server.
//
//	smtpbot-load keygen                   # Ed25519 pair for Discord
//	smtpbot-load fakeapi -addr 127.0.0.1:8091   # stand-in Slack and Discord APIs
//	smtpbot-load bare -addr 127.0.0.1:8092      # baseline: net/http returning a constant
//	SLACK_SIGNING_SECRET=… smtpbot-load -mode slack -c 64 -n 100000
//	SMTPBOT_LOAD_DISCORD_KEY=… smtpbot-load -mode discord -c 64 -n 50000
//	smtpbot-load -mode api -c 64 -d 10s
//	smtpbot-load -mode slack -unique -pad 8000 -n 34000   # unique 8 KB questions: fills caches
//	smtpbot-load -mode slack -pairs -n 100000   # every ordered pair of basic codes in turn: new questions
package main

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"os"
	"os/signal"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/smtpbot/smtpbot/adapters/slack"
	"github.com/smtpbot/smtpbot/catalog"
)

// Bounds on one run. A load run on a shared 2-core machine must end by
// itself whatever the flags say.
const (
	maxRequests    = 10_000_000
	maxDuration    = 10 * time.Minute
	maxConcurrency = 4096
)

var errUsage = errors.New("usage")

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr, os.Getenv))
}

// run is main without the process: tests call it directly.
func run(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) int {
	if len(args) > 0 && args[0] == "keygen" {
		if err := keygen(stdout); err != nil {
			fmt.Fprintf(stderr, "smtpbot-load: %v\n", err)
			return 1
		}
		return 0
	}
	if len(args) > 0 && (args[0] == "fakeapi" || args[0] == "bare") {
		serve := fakeAPI
		if args[0] == "bare" {
			serve = bare
		}
		err := serve(ctx, args[1:], stdout, stderr)
		switch {
		case err == nil:
			return 0
		case errors.Is(err, flag.ErrHelp):
			return 2
		case errors.Is(err, errUsage):
			fmt.Fprintf(stderr, "smtpbot-load: %v\n", err)
			return 2
		}
		fmt.Fprintf(stderr, "smtpbot-load: %v\n", err)
		return 1
	}
	cfg, err := parse(args, stderr, getenv)
	if err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintf(stderr, "smtpbot-load: %v\n", err)
		}
		return 2
	}
	rep, err := load(ctx, cfg)
	if err != nil {
		fmt.Fprintf(stderr, "smtpbot-load: %v\n", err)
		return 1
	}
	if cfg.json {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		_ = enc.Encode(rep)
	} else {
		rep.print(stdout)
	}
	if rep.Errors > 0 {
		return 1
	}
	return 0
}

// config is one run.
type config struct {
	mode        string // slack, discord, api
	target      *url.URL
	concurrency int
	requests    int
	duration    time.Duration
	text        string
	expect      string
	users       int // distinct users and channels; 0 means a new one per request
	json        bool
	slackSecret []byte
	discordKey  ed25519.PrivateKey
	discordOpts []map[string]any // the subcommand with its options, from -discord-sub and -q
	sub         string           // Discord /smtp subcommand
	unique      bool             // every request asks its own question
	pad         int              // filler bytes added to every question
	pairs       []string         // -pairs: the questions to cycle through, "A vs B"
}

func parse(args []string, stderr io.Writer, getenv func(string) string) (config, error) {
	fs := flag.NewFlagSet("smtpbot-load", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, `usage: smtpbot-load [flags]     send load to a local smtpbot serve
       smtpbot-load keygen      print an Ed25519 key pair for -mode discord
       smtpbot-load fakeapi     serve stand-in Slack and Discord Web APIs on loopback
       smtpbot-load bare        serve a constant answer (the net/http baseline) on loopback

Secrets come from the environment, never flags: SLACK_SIGNING_SECRET for
-mode slack, SMTPBOT_LOAD_DISCORD_KEY (the private key printed by keygen)
for -mode discord.

flags:
`)
		fs.PrintDefaults()
	}
	var c config
	target := fs.String("target", "http://127.0.0.1:8080", "base URL of the server (loopback only)")
	fs.StringVar(&c.mode, "mode", "slack", "what to send: slack (signed /smtp slash commands), discord (signed /smtp interactions), api (GET /api/ask)")
	fs.IntVar(&c.concurrency, "c", 64, "concurrent connections")
	fs.IntVar(&c.requests, "n", 20000, fmt.Sprintf("requests to send (at most %d)", maxRequests))
	fs.DurationVar(&c.duration, "d", 60*time.Second, fmt.Sprintf("stop after this long even if -n is not reached (at most %v)", maxDuration))
	fs.StringVar(&c.text, "q", "252 vs 552", "the question asked")
	fs.StringVar(&c.expect, "expect", "552", "a response without this text counts as an error (\"\" accepts any 2xx)")
	fs.IntVar(&c.users, "users", 0, "distinct users and channels to cycle through; 0 gives every request its own, so no rate limit applies")
	fs.BoolVar(&c.json, "json", false, "print the report as JSON")
	fs.BoolVar(&c.unique, "unique", false, "make every request's question unique (the question, its number, then -pad filler): fills caches and stores")
	fs.IntVar(&c.pad, "pad", 0, "filler bytes added to every question, up to 60000 (large unique questions)")
	pairs := fs.Bool("pairs", false, "instead of -q, ask every ordered pair of basic codes in turn (\"211 vs 214\", \"211 vs 220\", …): a new question each time, more than an answer cache holds; each answer must name both codes")
	fs.StringVar(&c.sub, "discord-sub", "compare", "the /smtp subcommand -mode discord uses: compare (codes from -q), explain, diagnose, list or help")
	err := fs.Parse(args)
	if err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		return c, fmt.Errorf("%w: unexpected argument %q", errUsage, fs.Arg(0))
	}
	if err := c.checkRanges(); err != nil {
		return c, err
	}
	if *pairs {
		if c.unique || c.pad > 0 {
			return c, fmt.Errorf("%w: -pairs asks its own questions: drop -unique and -pad", errUsage)
		}
		if c.pairs, err = basicPairs(); err != nil {
			return c, err
		}
		c.text = c.pairs[0]
		expectSet := false
		fs.Visit(func(f *flag.Flag) { expectSet = expectSet || f.Name == "expect" })
		if !expectSet {
			c.expect = "" // the default names a code of -q; each pair's codes are checked instead
		}
	}
	u, err := loopbackURL(*target)
	if err != nil {
		return c, err
	}
	c.target = u
	return c, c.setMode(getenv)
}

// checkRanges refuses flag values outside the limits the tool keeps to.
func (c *config) checkRanges() error {
	switch {
	case c.concurrency < 1 || c.concurrency > maxConcurrency:
		return fmt.Errorf("%w: -c must be 1..%d", errUsage, maxConcurrency)
	case c.requests < 1 || c.requests > maxRequests:
		return fmt.Errorf("%w: -n must be 1..%d", errUsage, maxRequests)
	case c.duration <= 0 || c.duration > maxDuration:
		return fmt.Errorf("%w: -d must be above 0 and at most %v", errUsage, maxDuration)
	case c.users < 0:
		return fmt.Errorf("%w: -users must not be negative", errUsage)
	case c.pad < 0 || c.pad > 60000:
		return fmt.Errorf("%w: -pad must be 0..60000", errUsage)
	}
	return nil
}

// setMode reads what -mode needs: the secret it signs with (from the
// environment, never a flag) and, for Discord, the interaction options.
func (c *config) setMode(getenv func(string) string) error {
	switch c.mode {
	case "slack":
		s := getenv("SLACK_SIGNING_SECRET")
		if s == "" {
			return fmt.Errorf("%w: -mode slack signs with SLACK_SIGNING_SECRET, which is not set", errUsage)
		}
		c.slackSecret = []byte(s)
	case "discord":
		k, err := privateKey(getenv("SMTPBOT_LOAD_DISCORD_KEY"))
		if err != nil {
			return err
		}
		c.discordKey = k
		if c.discordOpts, err = discordOptions(c.sub, c.text); err != nil {
			return err
		}
	case "api":
	default:
		return fmt.Errorf("%w: -mode %q: want slack, discord or api", errUsage, c.mode)
	}
	return nil
}

// basicPairs is every ordered pair of distinct basic reply codes in the
// catalog, as questions: "211 vs 214", "211 vs 220", …, "554 vs 555".
func basicPairs() ([]string, error) {
	cat, err := catalog.Load(catalog.Embedded())
	if err != nil {
		return nil, fmt.Errorf("-pairs: %w", err)
	}
	var codes []string
	for _, r := range cat.Replies() {
		codes = append(codes, r.Code.String())
	}
	out := make([]string, 0, len(codes)*(len(codes)-1))
	for _, a := range codes {
		for _, b := range codes {
			if a != b {
				out = append(out, a+" vs "+b)
			}
		}
	}
	return out, nil
}

// loopbackURL accepts only http(s) URLs whose host is a loopback address or
// "localhost".
func loopbackURL(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("%w: -target %q: want an http URL such as http://127.0.0.1:8080", errUsage, raw)
	}
	host := u.Hostname()
	if host == "localhost" {
		return u, nil
	}
	ip, err := netip.ParseAddr(host)
	if err != nil || !ip.Unmap().IsLoopback() {
		return nil, fmt.Errorf("%w: -target %q: only loopback targets (127.0.0.0/8, ::1, localhost) are allowed", errUsage, raw)
	}
	return u, nil
}

// dialLoopback refuses, at connect time, any address that is not loopback:
// "localhost" could resolve elsewhere, and this is the last word.
func dialLoopback(_, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil || !ap.Addr().Unmap().IsLoopback() {
		return fmt.Errorf("smtpbot-load: refusing to connect to non-loopback %s", address)
	}
	return nil
}

func privateKey(hexSeed string) (ed25519.PrivateKey, error) {
	if hexSeed == "" {
		return nil, fmt.Errorf("%w: -mode discord signs with SMTPBOT_LOAD_DISCORD_KEY, which is not set (run smtpbot-load keygen)", errUsage)
	}
	seed, err := hex.DecodeString(strings.TrimSpace(hexSeed))
	if err != nil || len(seed) != ed25519.SeedSize {
		return nil, fmt.Errorf("%w: SMTPBOT_LOAD_DISCORD_KEY must be %d hex-encoded bytes, as keygen prints", errUsage, ed25519.SeedSize)
	}
	return ed25519.NewKeyFromSeed(seed), nil
}

// discordOptions is /smtp SUB with the question spread over its options as
// a user would type them: compare takes two to four codes (code1…code4),
// explain one code, diagnose the text, list an optional class.
func discordOptions(sub, text string) ([]map[string]any, error) {
	str := func(name, v string) map[string]any { return map[string]any{"name": name, "type": 3, "value": v} }
	var opts []map[string]any
	switch sub {
	case "compare":
		var codes []string
		for _, f := range strings.Fields(text) {
			if !strings.EqualFold(f, "vs") {
				codes = append(codes, f)
			}
		}
		if len(codes) < 2 || len(codes) > 4 {
			return nil, fmt.Errorf("%w: -discord-sub compare needs 2 to 4 codes in -q, got %q", errUsage, text)
		}
		for i, code := range codes {
			opts = append(opts, str("code"+strconv.Itoa(i+1), code))
		}
	case "explain":
		opts = append(opts, str("code", text))
	case "diagnose":
		opts = append(opts, str("text", text))
	case "list":
		if text != "" {
			opts = append(opts, str("class", text))
		}
	case "help":
	default:
		return nil, fmt.Errorf("%w: -discord-sub %q: want compare, explain, diagnose, list or help", errUsage, sub)
	}
	return []map[string]any{{"name": sub, "type": 1, "options": opts}}, nil
}

// keygen prints a new key pair: the public half for the server, the private
// half for this tool. It is a test key: never register it with Discord.
func keygen(w io.Writer) error {
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return fmt.Errorf("keygen: %w", err)
	}
	fmt.Fprintf(w, "DISCORD_PUBLIC_KEY=%s\nSMTPBOT_LOAD_DISCORD_KEY=%s\n", hex.EncodeToString(pub), hex.EncodeToString(priv.Seed()))
	return nil
}

// report is what a run measured.
type report struct {
	Mode        string  `json:"mode"`
	URL         string  `json:"url"`
	Concurrency int     `json:"concurrency"`
	Requests    int     `json:"requests"`
	Seconds     float64 `json:"seconds"`
	PerSecond   float64 `json:"requests_per_second"`
	P50         float64 `json:"p50_ms"`
	P90         float64 `json:"p90_ms"`
	P99         float64 `json:"p99_ms"`
	Max         float64 `json:"max_ms"`
	Errors      int     `json:"errors"`
	Transport   int     `json:"transport_errors"`
	Status      int     `json:"non_2xx"`
	Unexpected  int     `json:"unexpected_body"`
	FirstError  string  `json:"first_error,omitempty"`
}

func (r report) print(w io.Writer) {
	fmt.Fprintf(w, "target       %s (%s)\n", r.URL, r.Mode)
	fmt.Fprintf(w, "requests     %d in %.2fs at concurrency %d\n", r.Requests, r.Seconds, r.Concurrency)
	fmt.Fprintf(w, "throughput   %.0f requests/s\n", r.PerSecond)
	fmt.Fprintf(w, "latency      p50 %.2fms  p90 %.2fms  p99 %.2fms  max %.2fms\n", r.P50, r.P90, r.P99, r.Max)
	fmt.Fprintf(w, "errors       %d (transport %d, non-2xx %d, unexpected body %d)\n", r.Errors, r.Transport, r.Status, r.Unexpected)
	if r.FirstError != "" {
		fmt.Fprintf(w, "first error  %s\n", r.FirstError)
	}
}

// load runs the workers until the count or the time limit is reached.
func load(ctx context.Context, c config) (report, error) {
	ctx, cancel := context.WithTimeout(ctx, c.duration)
	defer cancel()
	client := loadClient(c)
	defer client.CloseIdleConnections()
	t := &tally{rep: report{Mode: c.mode, URL: endpoint(c), Concurrency: c.concurrency}}
	var next atomic.Int64
	all := make([][]time.Duration, c.concurrency)
	start := time.Now()
	var wg sync.WaitGroup
	for w := range c.concurrency {
		wg.Go(func() { all[w] = t.work(ctx, c, client, &next) })
	}
	wg.Wait()
	return t.summary(slices.Concat(all...), time.Since(start))
}

// loadClient reaches loopback only, never through a proxy, and follows no
// redirect: one could lead off the machine.
func loadClient(c config) *http.Client {
	dialer := &net.Dialer{Timeout: 5 * time.Second, Control: dialLoopback}
	return &http.Client{
		Timeout: 10 * time.Second,
		Transport: &http.Transport{
			DialContext:         dialer.DialContext,
			MaxIdleConns:        c.concurrency,
			MaxIdleConnsPerHost: c.concurrency,
			MaxConnsPerHost:     c.concurrency,
			DisableCompression:  true,
			Proxy:               nil, // never through a proxy: the target is local
		},
		// The first answer is the answer.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// tally counts the failures of all workers and keeps the first error.
type tally struct {
	mu       sync.Mutex
	rep      report
	firstErr error
}

// fail counts err in the counter kind picks.
func (t *tally) fail(kind func(*report) *int, err error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	*kind(&t.rep)++
	if t.firstErr == nil {
		t.firstErr = err
	}
}

func transport(r *report) *int  { return &r.Transport }
func status(r *report) *int     { return &r.Status }
func unexpected(r *report) *int { return &r.Unexpected }

// work sends requests, taking their numbers from next, until the count or
// ctx ends, and returns the latency of each answer.
func (t *tally) work(ctx context.Context, c config, client *http.Client, next *atomic.Int64) []time.Duration {
	lat := make([]time.Duration, 0, c.requests/c.concurrency+1)
	for ctx.Err() == nil {
		i := next.Add(1) - 1
		if i >= int64(c.requests) {
			break
		}
		req, want, err := c.request(ctx, i)
		if err != nil {
			t.fail(transport, err)
			continue
		}
		t0 := time.Now()
		resp, err := client.Do(req)
		if err != nil {
			if ctx.Err() != nil {
				break // the time limit, not an error of the server
			}
			t.fail(transport, err)
			continue
		}
		body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
		_ = resp.Body.Close()
		lat = append(lat, time.Since(t0))
		switch {
		case err != nil:
			t.fail(transport, err)
		case resp.StatusCode < 200 || resp.StatusCode > 299:
			t.fail(status, fmt.Errorf("HTTP %d: %.200s", resp.StatusCode, body))
		case c.expect != "" && !strings.Contains(string(body), c.expect):
			t.fail(unexpected, fmt.Errorf("response lacks %q: %.200s", c.expect, body))
		default:
			for _, w := range want {
				if !strings.Contains(string(body), w) {
					t.fail(unexpected, fmt.Errorf("response to %q lacks %q: %.200s", c.question(i), w, body))
					break
				}
			}
		}
	}
	return lat
}

// summary is the report of latencies lat over took.
func (t *tally) summary(lat []time.Duration, took time.Duration) (report, error) {
	rep := t.rep
	if len(lat) == 0 && t.firstErr != nil {
		return rep, fmt.Errorf("no request got an answer: %w", t.firstErr)
	}
	slices.Sort(lat)
	rep.Requests = len(lat)
	rep.Seconds = took.Seconds()
	rep.PerSecond = float64(len(lat)) / took.Seconds()
	rep.P50, rep.P90, rep.P99 = ms(percentile(lat, 50)), ms(percentile(lat, 90)), ms(percentile(lat, 99))
	if len(lat) > 0 {
		rep.Max = ms(lat[len(lat)-1])
	}
	rep.Errors = rep.Transport + rep.Status + rep.Unexpected
	if t.firstErr != nil {
		rep.FirstError = t.firstErr.Error()
	}
	return rep, nil
}

// percentile is the nearest-rank percentile of sorted durations.
func percentile(sorted []time.Duration, p int) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	rank := (p*len(sorted) + 99) / 100 // ceil(p/100 × n)
	return sorted[max(rank, 1)-1]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func endpoint(c config) string {
	path := map[string]string{"slack": "/slack/commands", "discord": "/discord/interactions", "api": "/api/ask"}[c.mode]
	return strings.TrimRight(c.target.String(), "/") + path
}

// ids names request i's user and channel.
func (c config) ids(i int64) (user, channel string) {
	n := i
	if c.users > 0 {
		n = i % int64(c.users)
	}
	return "ULOAD" + strconv.FormatInt(n, 36), "CLOAD" + strconv.FormatInt(n, 36)
}

// question is what request i asks: -q, made unique and padded on demand.
// The number comes before the filler, so that it stays within what the
// server reads of a long question.
func (c config) question(i int64) string {
	if len(c.pairs) > 0 {
		return c.pairs[i%int64(len(c.pairs))]
	}
	q := c.text
	if c.unique {
		q += " n" + strconv.FormatInt(i, 36)
	}
	if c.pad > 0 {
		q += " " + strings.Repeat("x", c.pad)
	}
	return q
}

// request builds request i, signed as the platform would sign it, and says
// what its answer must contain beyond -expect: with -pairs, both codes.
func (c config) request(ctx context.Context, i int64) (*http.Request, []string, error) {
	text := c.question(i)
	var want []string
	if len(c.pairs) > 0 {
		want = strings.Fields(strings.Replace(text, " vs ", " ", 1))
	}
	req, err := c.build(ctx, i, text)
	return req, want, err
}

func (c config) build(ctx context.Context, i int64, text string) (*http.Request, error) {
	user, channel := c.ids(i)
	switch c.mode {
	case "slack":
		form := url.Values{
			"token": {"unused"}, "team_id": {"TLOAD"}, "team_domain": {"load"},
			"channel_id": {channel}, "channel_name": {"load"}, "user_id": {user}, "user_name": {"load"},
			"command": {"/smtp"}, "text": {text},
			"response_url": {"https://hooks.slack.com/commands/TLOAD/1/load"}, "trigger_id": {"1.2.load"},
		}
		body := form.Encode()
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint(c), strings.NewReader(body))
		if err != nil {
			return nil, err
		}
		ts := strconv.FormatInt(time.Now().Unix(), 10)
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("X-Slack-Request-Timestamp", ts)
		req.Header.Set("X-Slack-Signature", slack.Sign(c.slackSecret, ts, []byte(body)))
		return req, nil
	case "discord":
		opts := c.discordOpts
		if text != c.text {
			var err error
			if opts, err = discordOptions(c.sub, text); err != nil {
				return nil, err
			}
		}
		body, err := json.Marshal(map[string]any{
			"id": "9" + strconv.FormatInt(i, 10), "application_id": "100000000000000001", "type": 2,
			"token": "load-token-" + strconv.FormatInt(i, 10), "version": 1, "locale": "en-US",
			"guild_id": "200000000000000001", "channel_id": channel,
			"member": map[string]any{"user": map[string]any{"id": user, "username": "load"}},
			"data":   map[string]any{"id": "300000000000000001", "name": "smtp", "type": 1, "options": opts},
		})
		if err != nil {
			return nil, err
		}
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint(c), strings.NewReader(string(body)))
		if err != nil {
			return nil, err
		}
		ts := strconv.FormatInt(time.Now().Unix(), 10)
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Signature-Timestamp", ts)
		req.Header.Set("X-Signature-Ed25519", hex.EncodeToString(ed25519.Sign(c.discordKey, append([]byte(ts), body...))))
		return req, nil
	default:
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, endpoint(c)+"?q="+url.QueryEscape(text), nil)
		if err != nil {
			return nil, err
		}
		// Behind a trusting proxy each request looks like a different client
		// of the benchmarking range (RFC 2544), so the per-client limit does
		// not turn the run into a test of 429s.
		req.Header.Set("X-Forwarded-For", benchAddr(i, c.users))
		return req, nil
	}
}

// benchAddr is an address in 198.18.0.0/15, the range set aside for
// benchmarks; it only ever appears in a header.
func benchAddr(i int64, users int) string {
	if users > 0 {
		i %= int64(users)
	}
	n := uint32(i) & (1<<17 - 1)
	return netip.AddrFrom4([4]byte{198, 18 + byte(n>>16), byte(n >> 8), byte(n)}).String()
}
