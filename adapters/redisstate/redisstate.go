// Package redisstate keeps smtpbot's shared state in Redis, so that several
// replicas answer each event exactly once (Store, a state.Deduper) and share
// one rate limit per user and per channel (Limiter, a state.Limiter).
//
// Redis helps answering but is never needed for it. Every call is bounded by
// a short timeout; when Redis fails or is slow the store fails open: the
// question is answered anyway, the failure is logged (rate-limited, never
// with keys or credentials) and counted in smtpbot_state_errors_total. A
// duplicate answer during an outage is a smaller harm than a lost one.
// go-redis redials by itself; Watch pings in the background so that
// smtpbot_connected{platform="redis"} and Status follow the real state.
//
// It does not persist anything that matters: every key expires, and losing
// Redis loses at most a few minutes of dedup memory and rate buckets.
// Redis 5 or later is required (the rate script reads Redis's own clock).
package redisstate

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net/url"
	"strconv"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/redis/go-redis/v9/maintnotifications"

	"github.com/smtpbot/smtpbot/adapters/metrics"
	"github.com/smtpbot/smtpbot/adapters/state"
)

// DefaultTimeout bounds one Redis call. Redis answers in well under a
// millisecond on a healthy network, but a replica saturated with work can
// take tens of milliseconds just to be scheduled (measured: 100ms was
// exceeded by 3 calls in 100,000 at full load on 2 cores); past 250ms Redis
// is sick, and the three calls of one question still leave most of the 3
// seconds Slack and Discord give us.
const DefaultTimeout = 250 * time.Millisecond

// DefaultPrefix starts every key, so one Redis can serve other programs.
const DefaultPrefix = "smtpbot:"

// watchEvery is how often Watch pings Redis.
const watchEvery = 5 * time.Second

// logEvery bounds how often Redis trouble is logged: the first failure at
// once, then at most one warning (with a count) and one recovery line this
// often, so an outage or a flapping Redis under load does not flood the logs.
const logEvery = 30 * time.Second

// maxKey is the longest key stored as is; longer ones are hashed, so a
// hostile ID cannot make Redis keys arbitrarily large.
const maxKey = 200

// Options configures a Store.
type Options struct {
	// URL is a redis:// or rediss:// URL (credentials allowed: they are never
	// logged). Query parameters such as pool_size are honoured; the timeouts
	// are set from Timeout.
	URL string
	// Prefix starts every key; DefaultPrefix when empty.
	Prefix string
	// Timeout bounds each call; DefaultTimeout when zero.
	Timeout time.Duration
	// Log receives warnings about Redis failures; nil discards them.
	Log *slog.Logger
	// Metrics counts failures and tracks the connection; nil is fine.
	Metrics *metrics.Metrics
}

// Store is a state.Deduper backed by Redis; its Limiter method gives
// rate limiters sharing the same connections.
type Store struct {
	client  *redis.Client
	prefix  string
	timeout time.Duration
	log     *slog.Logger
	metrics *metrics.Metrics
	addr    string
	// local remembers keys seen while Redis is unreachable, so that a retry
	// reaching this same replica during an outage is still dropped.
	local *state.Memory

	mu       sync.Mutex
	up       bool
	known    bool // up is meaningful: at least one call has finished
	since    time.Time
	lastErr  string
	failed   int       // failed calls since the last warning
	lastWarn time.Time // last warning logged
	lastInfo time.Time // last recovery logged
	now      func() time.Time
}

var (
	_ state.Deduper = (*Store)(nil)
	_ state.Refs    = (*Store)(nil)
	_ state.Limiter = (*Limiter)(nil)
)

// ErrConfig marks an unusable Options value (a bad URL).
var ErrConfig = errors.New("redisstate: bad configuration")

// New returns a Store for o. It does not contact Redis: a Redis that is down
// at start-up is an outage like any other, not a reason to refuse to start.
func New(o Options) (*Store, error) {
	opt, err := redis.ParseURL(o.URL)
	if err != nil {
		// url.Error repeats the whole URL, password included: keep only the reason.
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return nil, fmt.Errorf("%w: REDIS_URL: %v", ErrConfig, err)
	}
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if o.Prefix == "" {
		o.Prefix = DefaultPrefix
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	// Every call carries a deadline of o.Timeout; the socket timeouts are a
	// second line of defence for anything that might not.
	opt.ContextTimeoutEnabled = true
	opt.ReadTimeout = o.Timeout
	opt.WriteTimeout = o.Timeout
	opt.PoolTimeout = o.Timeout
	opt.DialTimeout = max(o.Timeout, time.Second)
	// One retry replaces a pooled connection that died with a Redis restart;
	// more would only eat into the deadline.
	opt.MaxRetries = 1
	opt.MinRetryBackoff = -1
	// One dial attempt per call: after PoolSize failed dials go-redis stops
	// dialling on the request path and probes once a second in the
	// background, which is exactly the fail-fast-then-recover we want.
	opt.DialerRetries = 1
	// These handshakes are optional and only produce noise on servers that
	// do not know them.
	opt.DisableIdentity = true
	opt.MaintNotificationsConfig = &maintnotifications.Config{Mode: maintnotifications.ModeDisabled}
	return &Store{
		client:  redis.NewClient(opt),
		prefix:  o.Prefix,
		timeout: o.Timeout,
		log:     o.Log,
		metrics: o.Metrics,
		addr:    opt.Addr,
		local:   state.NewMemory(state.Rate{}, nil),
		now:     time.Now,
	}, nil
}

// Addr is the Redis host:port, without credentials, for start-up lines.
func (s *Store) Addr() string { return s.addr }

// Close closes the connections.
func (s *Store) Close() error { return s.client.Close() }

// First implements state.Deduper with SET NX and a TTL: the first replica to
// set the key answers, the others drop the event. On failure it answers
// true ("first") unless this process already saw key during the outage; the
// error is logged and counted here, so it returns nil.
func (s *Store) First(ctx context.Context, key string, ttl time.Duration) (bool, error) {
	ctx, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel()
	first, err := s.client.SetNX(ctx, s.key("dedup:", key), "1", ttl).Result()
	if s.observe("dedup", err) {
		return s.local.First(ctx, key, ttl)
	}
	return first, nil
}

// Forget implements state.Deduper with DEL, here and in this process's
// fallback store. A failure is logged and counted and returned: the key
// then lives out its TTL.
func (s *Store) Forget(ctx context.Context, key string) error {
	ctx, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel()
	_ = s.local.Forget(ctx, key)
	err := s.client.Del(ctx, s.key("dedup:", key)).Err()
	s.observe("dedup", err)
	return err
}

// maxRef is the largest value Put stores in Redis; larger ones stay in this
// process only. Questions are capped well below it (bot.MaxInput).
const maxRef = 64 << 10

// Put implements state.Refs with SET and a TTL. When Redis fails, or the
// value is oversized, the value is kept in this process instead, so a
// button pressed here still works; the failure is logged and counted, and
// Put returns nil.
func (s *Store) Put(ctx context.Context, key, value string, ttl time.Duration) error {
	if len(value) > maxRef {
		return s.local.Put(ctx, key, value, ttl)
	}
	ctx, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel()
	err := s.client.Set(ctx, s.key("ref:", key), value, ttl).Err()
	if s.observe("ref", err) {
		return s.local.Put(ctx, key, value, ttl)
	}
	return nil
}

// Get implements state.Refs. A key Redis does not have may still be in
// this process (put during an outage).
func (s *Store) Get(ctx context.Context, key string) (string, bool, error) {
	ctx, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel()
	v, err := s.client.Get(ctx, s.key("ref:", key)).Result()
	if err == nil {
		s.observe("ref", nil)
		return v, true, nil
	}
	s.observe("ref", err)
	return s.local.Get(ctx, key)
}

// Limiter is a state.Limiter: a token bucket per key kept in one Redis hash
// and updated by a Lua script, so concurrent replicas cannot both spend the
// last token.
type Limiter struct {
	s    *Store
	rate state.Rate
}

// Limiter returns a limiter applying rate to every key, on s's connections.
// A zero rate allows everything, as state.Memory does. Limiters with
// different rates may share a Store as long as their keys differ.
func (s *Store) Limiter(rate state.Rate) *Limiter { return &Limiter{s: s, rate: rate} }

// Allow implements state.Limiter. On failure it allows (fail open): the
// error is logged and counted here, so it returns nil.
func (l *Limiter) Allow(ctx context.Context, key string) (bool, error) {
	if l.rate.PerMinute <= 0 || l.rate.Burst <= 0 {
		return true, nil
	}
	s := l.s
	perMS := l.rate.PerMinute / 60000
	// A bucket left alone refills fully after burst/rate; then it is the
	// same as no bucket, so the key may expire.
	ttl := int64(math.Ceil(float64(l.rate.Burst)/perMS)) + 1000
	ctx, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel()
	n, err := bucket.Run(ctx, s.client, []string{s.key("rate:", key)},
		strconv.FormatFloat(perMS, 'g', -1, 64), l.rate.Burst, ttl).Int()
	if s.observe("limit", err) {
		return true, nil
	}
	return n == 1, nil
}

// bucket is the token bucket. It reads Redis's clock (TIME) rather than
// taking the caller's, so replicas with skewed clocks still share one fair
// bucket; Redis 5+ replicates scripts by effect, which allows that.
// KEYS[1]: the bucket (t = tokens, ts = ms of last refill).
// ARGV: tokens per ms, burst, key TTL in ms. Returns 1 to allow, 0 to refuse.
var bucket = redis.NewScript(`
local now = redis.call('TIME')
now = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local b = redis.call('HMGET', KEYS[1], 't', 'ts')
local tokens = tonumber(b[1])
local ts = tonumber(b[2])
if tokens == nil or ts == nil then
  tokens = burst
  ts = now
end
if now > ts then
  tokens = math.min(burst, tokens + (now - ts) * rate)
  ts = now
end
local allowed = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
end
redis.call('HSET', KEYS[1], 't', tostring(tokens), 'ts', tostring(ts))
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return allowed
`)

// key builds the Redis key, hashing IDs too long to store as they are.
func (s *Store) key(kind, key string) string {
	if len(key) > maxKey {
		sum := sha256.Sum256([]byte(key))
		key = "sha256:" + hex.EncodeToString(sum[:])
	}
	return s.prefix + kind + key
}

// Check pings Redis once, within the timeout, and records the result.
func (s *Store) Check(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel()
	err := s.client.Ping(ctx).Err()
	s.observe("ping", err)
	if err != nil {
		return fmt.Errorf("redisstate: ping: %w", err)
	}
	return nil
}

// Watch pings Redis now and every few seconds until ctx ends, so the
// connection gauge and Status are fresh even when no one is asking. It
// returns ctx's error.
func (s *Store) Watch(ctx context.Context) error {
	t := time.NewTicker(watchEvery)
	defer t.Stop()
	for {
		_ = s.Check(ctx) // recorded by observe; nothing else to do with it
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
	}
}

// Status describes the connection for /readyz: "up", "down since …: reason"
// or "unknown" before the first call.
func (s *Store) Status() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case !s.known:
		return "unknown (not contacted yet)"
	case s.up:
		return "up"
	}
	return fmt.Sprintf("down since %s (failing open): %s", s.since.UTC().Format(time.RFC3339), s.lastErr)
}

// observe records the outcome of one call and reports whether it failed.
// A key that is simply not there is not a failure. Logging is rate-limited
// both ways, so a flapping Redis under load costs at most one warning and
// one recovery line per logEvery: the warning carries the number of failed
// calls since the last one.
func (s *Store) observe(op string, err error) (failed bool) {
	if err == nil || errors.Is(err, redis.Nil) {
		s.mu.Lock()
		defer s.mu.Unlock()
		if s.known && s.up {
			return false
		}
		now := s.now()
		wasDown, downSince := s.known, s.since
		s.up, s.known, s.since = true, true, now
		s.metrics.Connected("redis", true)
		if wasDown && now.Sub(s.lastInfo) >= logEvery {
			s.log.Info("redis reachable again", "addr", s.addr, "down_for", now.Sub(downSince).Round(time.Millisecond))
			s.lastInfo = now
		}
		return false
	}
	s.metrics.StateError(op)
	// Errors from go-redis name the address and the cause, never the
	// password; keys are left out because they hold user and channel IDs.
	msg := err.Error()
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	s.lastErr = msg
	s.failed++
	if !s.known || s.up {
		s.up, s.known, s.since = false, true, now
		s.metrics.Connected("redis", false)
	}
	if now.Sub(s.lastWarn) >= logEvery {
		s.log.Warn("redis unavailable, failing open", "addr", s.addr, "op", op, "err", msg,
			"failed_calls", s.failed, "down_since", s.since.UTC().Format(time.RFC3339))
		s.lastWarn, s.failed = now, 0
	}
	return true
}
