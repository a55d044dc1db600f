package redisstate_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"

	"github.com/smtpbot/smtpbot/adapters/metrics"
	"github.com/smtpbot/smtpbot/adapters/redisstate"
	"github.com/smtpbot/smtpbot/adapters/redisstate/redistest"
	"github.com/smtpbot/smtpbot/adapters/state"
	"github.com/smtpbot/smtpbot/internal/testlog"
	"github.com/smtpbot/smtpbot/internal/testnet"
)

// newStore returns a Store on url whose logs go to the returned buffer.
func newStore(t *testing.T, url string, m *metrics.Metrics) (*redisstate.Store, *testlog.Buffer) {
	t.Helper()
	var logs testlog.Buffer
	s, err := redisstate.New(redisstate.Options{
		URL: url, Timeout: 200 * time.Millisecond, Metrics: m,
		Log: slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s, &logs
}

func TestFirst(t *testing.T) {
	srv := redistest.Start(t)
	s, _ := newStore(t, srv.URL(), nil)
	ctx := t.Context()
	for i, tc := range []struct {
		key  string
		want bool
	}{{"slack:Ev1", true}, {"slack:Ev1", false}, {"slack:Ev2", true}, {"slack:Ev1", false}} {
		got, err := s.First(ctx, tc.key, time.Minute)
		if err != nil || got != tc.want {
			t.Errorf("call %d First(%q) = %v, %v; want %v, nil", i, tc.key, got, err, tc.want)
		}
	}
	// The key is where operators will look for it, and it expires.
	if got, err := srv.Do("PTTL", "smtpbot:dedup:slack:Ev1"); err != nil || !strings.HasPrefix(got, ":") || got == ":-1" || got == ":-2" {
		t.Errorf("PTTL smtpbot:dedup:slack:Ev1 = %q, %v; want a positive TTL", got, err)
	}
	if s.Status() != "up" {
		t.Errorf("Status() = %q after successful calls", s.Status())
	}
}

func TestFirstExpires(t *testing.T) {
	srv := redistest.Start(t)
	s, _ := newStore(t, srv.URL(), nil)
	ctx := t.Context()
	if ok, _ := s.First(ctx, "k", 30*time.Millisecond); !ok {
		t.Fatal("first call not first")
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		ok, err := s.First(ctx, "k", 30*time.Millisecond)
		if err != nil {
			t.Fatal(err)
		}
		if ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("key with a 30ms TTL still remembered after 5s")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestLongKeyIsHashed(t *testing.T) {
	srv := redistest.Start(t)
	s, _ := newStore(t, srv.URL(), nil)
	long := strings.Repeat("x", 10000)
	for i, want := range []bool{true, false} {
		if got, err := s.First(t.Context(), long, time.Minute); err != nil || got != want {
			t.Fatalf("call %d: First(long) = %v, %v; want %v", i, got, err, want)
		}
	}
	if got, _ := srv.Do("EXISTS", "smtpbot:dedup:"+long); got != ":0" {
		t.Errorf("long key stored as is (EXISTS = %q)", got)
	}
	if got, _ := srv.Do("DBSIZE"); got != ":1" {
		t.Errorf("DBSIZE = %q, want :1", got)
	}
}

// Two replicas racing on the same event: exactly one answers.
func TestFirstAcrossReplicas(t *testing.T) {
	srv := redistest.Start(t)
	a, _ := newStore(t, srv.URL(), nil)
	b, _ := newStore(t, srv.URL(), nil)
	for ev := range 20 {
		firsts := racing(t, 16, func(i int) (bool, error) {
			return []*redisstate.Store{a, b}[i%2].First(t.Context(), fmt.Sprintf("ev%d", ev), time.Minute)
		})
		if n := firsts; n != 1 {
			t.Errorf("event %d: %d replicas answered, want 1", ev, n)
		}
	}
}

// A key one replica forgets is new again on the other.
func TestForgetAcrossReplicas(t *testing.T) {
	srv := redistest.Start(t)
	a, _ := newStore(t, srv.URL(), nil)
	b, _ := newStore(t, srv.URL(), nil)
	ctx := t.Context()
	if ok, _ := a.First(ctx, "share:M1", time.Minute); !ok {
		t.Fatal("first call not first")
	}
	if ok, _ := b.First(ctx, "share:M1", time.Minute); ok {
		t.Fatal("second replica saw the key as new before Forget")
	}
	if err := a.Forget(ctx, "share:M1"); err != nil {
		t.Fatal(err)
	}
	if ok, err := b.First(ctx, "share:M1", time.Minute); !ok || err != nil {
		t.Errorf("after Forget: First = %v, %v; want true", ok, err)
	}
}

// The bucket is shared: two replicas together allow burst requests, not 2×.
func TestAllowSharedBucket(t *testing.T) {
	srv := redistest.Start(t)
	rate := state.Rate{PerMinute: 0.001, Burst: 5} // no refill within the test
	sa, _ := newStore(t, srv.URL(), nil)
	sb, _ := newStore(t, srv.URL(), nil)
	a, b := sa.Limiter(rate), sb.Limiter(rate)
	allowed := racing(t, 40, func(i int) (bool, error) {
		return []state.Limiter{a, b}[i%2].Allow(t.Context(), "user:U1")
	})
	if n := allowed; n != 5 {
		t.Errorf("allowed %d of 40 across two replicas, want the burst of 5", n)
	}
	// Another key has its own bucket.
	if ok, _ := a.Allow(t.Context(), "user:U2"); !ok {
		t.Error("user:U2 refused though it never asked")
	}
	if got, _ := srv.Do("PTTL", "smtpbot:rate:user:U1"); !strings.HasPrefix(got, ":") || got == ":-1" {
		t.Errorf("bucket PTTL = %q, want an expiry", got)
	}
}

func TestAllowRefills(t *testing.T) {
	srv := redistest.Start(t)
	// One token every 100ms, one at most in the bucket.
	st, _ := newStore(t, srv.URL(), nil)
	s := st.Limiter(state.Rate{PerMinute: 600, Burst: 1})
	ctx := t.Context()
	if ok, _ := s.Allow(ctx, "c"); !ok {
		t.Fatal("first request refused")
	}
	refused := false
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		ok, err := s.Allow(ctx, "c")
		if err != nil {
			t.Fatal(err)
		}
		if !ok {
			refused = true
		} else if refused {
			return // refused while empty, then allowed once refilled
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatalf("bucket never refused then refilled (refused=%v)", refused)
}

func TestZeroRateAllowsWithoutRedis(t *testing.T) {
	s, _ := newStore(t, "redis://127.0.0.1:1/0", nil)
	if ok, err := s.Limiter(state.Rate{}).Allow(t.Context(), "k"); !ok || err != nil {
		t.Errorf("Allow with zero rate = %v, %v", ok, err)
	}
	if s.Status() != "unknown (not contacted yet)" {
		t.Errorf("Status() = %q: a zero rate should not touch Redis", s.Status())
	}
}

// Redis down: answers continue, the failure is counted, logged once without
// the password, and a retry reaching the same replica is still dropped.
func TestFailOpen(t *testing.T) {
	m := metrics.New(nil)
	s, logs := newStore(t, "redis://:hunter2secret@"+testnet.FreeAddr(t)+"/0", m)
	ctx := t.Context()
	for i, want := range []bool{true, false} {
		if got, err := s.First(ctx, "Ev1", time.Minute); got != want || err != nil {
			t.Errorf("First #%d with Redis down = %v, %v; want %v, nil", i, got, err, want)
		}
	}
	for range 3 {
		if ok, err := s.Limiter(state.Rate{PerMinute: 1, Burst: 1}).Allow(ctx, "U1"); !ok || err != nil {
			t.Errorf("Allow with Redis down = %v, %v; want true, nil (fail open)", ok, err)
		}
	}
	if err := s.Check(ctx); err == nil {
		t.Error("Check with Redis down = nil")
	}
	if !strings.HasPrefix(s.Status(), "down since ") {
		t.Errorf("Status() = %q", s.Status())
	}
	if got := counter(t, m, "smtpbot_state_errors_total", "op", "dedup"); got != 2 {
		t.Errorf("state errors (dedup) = %v, want 2", got)
	}
	if got := counter(t, m, "smtpbot_state_errors_total", "op", "limit"); got != 3 {
		t.Errorf("state errors (limit) = %v, want 3", got)
	}
	if got := gauge(t, m, "smtpbot_connected", "platform", "redis"); got != 0 {
		t.Errorf("smtpbot_connected{redis} = %v, want 0", got)
	}
	out := logs.String()
	if n := strings.Count(out, "level=WARN"); n != 1 {
		t.Errorf("%d warnings for one outage, want 1 (rate-limited):\n%s", n, out)
	}
	if strings.Contains(out, "hunter2secret") || strings.Contains(out, "Ev1") || strings.Contains(out, "U1") {
		t.Errorf("log leaks the password or a key:\n%s", out)
	}
}

// A Redis that accepts but never answers costs one timeout, not a hang.
func TestSlowRedisBounded(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var conns sync.WaitGroup
	accepting := make(chan struct{})
	t.Cleanup(func() {
		_ = l.Close()
		<-accepting
		conns.Wait()
	})
	go func() {
		defer close(accepting)
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			conns.Go(func() {
				_, _ = c.Read(make([]byte, 1<<16)) // swallow, never reply
				<-t.Context().Done()
				_ = c.Close()
			})
		}
	}()
	s, err := redisstate.New(redisstate.Options{URL: "redis://" + l.Addr().String(), Timeout: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	start := time.Now()
	first, _ := s.First(t.Context(), "k", time.Minute)
	allowed, _ := s.Limiter(state.Rate{PerMinute: 1, Burst: 1}).Allow(t.Context(), "k")
	// Generous bound: the point is "bounded", not "fast".
	if took := time.Since(start); !first || !allowed || took > 3*time.Second {
		t.Errorf("First, Allow against a silent Redis = %v, %v after %v; want true, true, bounded", first, allowed, took)
	}
}

// Redis goes away and comes back: the store recovers without being told.
func TestRecovers(t *testing.T) {
	srv := redistest.Start(t)
	m := metrics.New(nil)
	s, logs := newStore(t, srv.URL(), m)
	ctx := t.Context()
	if ok, err := s.First(ctx, "before", time.Minute); !ok || err != nil {
		t.Fatalf("First = %v, %v", ok, err)
	}
	srv.Stop()
	if ok, _ := s.First(ctx, "during", time.Minute); !ok {
		t.Error("First during the outage = false")
	}
	if s.Status() == "up" {
		t.Error("Up() during the outage")
	}
	srv.Restart()
	deadline := time.Now().Add(10 * time.Second)
	for s.Check(ctx) != nil {
		if time.Now().After(deadline) {
			t.Fatalf("not reconnected 10s after Redis came back: %s", s.Status())
		}
		time.Sleep(50 * time.Millisecond)
	}
	// Back on Redis: the dedup is shared again.
	for i, want := range []bool{true, false} {
		if ok, err := s.First(ctx, "after", time.Minute); ok != want || err != nil {
			t.Errorf("First #%d after recovery = %v, %v; want %v", i, ok, err, want)
		}
	}
	if got, _ := srv.Do("EXISTS", "smtpbot:dedup:after"); got != ":1" {
		t.Errorf("key not in the restarted Redis (EXISTS = %q)", got)
	}
	if got := gauge(t, m, "smtpbot_connected", "platform", "redis"); got != 1 {
		t.Errorf("smtpbot_connected{redis} = %v after recovery, want 1", got)
	}
	if !strings.Contains(logs.String(), "redis reachable again") {
		t.Errorf("recovery not logged:\n%s", logs.String())
	}
}

func TestWatchStopsWithContext(t *testing.T) {
	srv := redistest.Start(t)
	m := metrics.New(nil)
	s, _ := newStore(t, srv.URL(), m)
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- s.Watch(ctx) }()
	deadline := time.Now().Add(5 * time.Second)
	for s.Status() != "up" && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if s.Status() != "up" {
		t.Error("Watch did not ping at start")
	}
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("Watch = %v, want context.Canceled", err)
	}
}

func TestBadURL(t *testing.T) {
	for _, u := range []string{"", "http://example.com", "redis://:pa ss%zz@host:6379", "redis://user:topsecret@host:notaport"} {
		_, err := redisstate.New(redisstate.Options{URL: u})
		if !errors.Is(err, redisstate.ErrConfig) {
			t.Errorf("New(%q) = %v, want ErrConfig", u, err)
			continue
		}
		if strings.Contains(err.Error(), "topsecret") || strings.Contains(err.Error(), "pa ss") {
			t.Errorf("New(%q) error leaks the password: %v", u, err)
		}
	}
}

func metric(t *testing.T, m *metrics.Metrics, name, label, value string) *dto.Metric {
	t.Helper()
	fams, err := m.Registry().Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range fams {
		if f.GetName() != name {
			continue
		}
		for _, mm := range f.GetMetric() {
			for _, lp := range mm.GetLabel() {
				if lp.GetName() == label && lp.GetValue() == value {
					return mm
				}
			}
		}
	}
	return nil
}

func counter(t *testing.T, m *metrics.Metrics, name, label, value string) float64 {
	t.Helper()
	return metric(t, m, name, label, value).GetCounter().GetValue()
}

func gauge(t *testing.T, m *metrics.Metrics, name, label, value string) float64 {
	t.Helper()
	mm := metric(t, m, name, label, value)
	if mm == nil {
		return -1
	}
	return mm.GetGauge().GetValue()
}

// racing calls f(0) … f(n-1) at once and counts the true answers.
func racing(t *testing.T, n int, f func(i int) (bool, error)) int32 {
	t.Helper()
	var yes atomic.Int32
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			ok, err := f(i)
			if err != nil {
				t.Error(err)
			}
			if ok {
				yes.Add(1)
			}
		})
	}
	wg.Wait()
	return yes.Load()
}

// A value put by one replica is read by another; it expires with its TTL.
func TestRefsAcrossReplicas(t *testing.T) {
	srv := redistest.Start(t)
	a, _ := newStore(t, srv.URL(), nil)
	b, _ := newStore(t, srv.URL(), nil)
	ctx := t.Context()
	long := strings.Repeat("550 5.1.1 user unknown ", 200)
	if err := a.Put(ctx, "k1", "en\n"+long, time.Minute); err != nil {
		t.Fatal(err)
	}
	if v, ok, err := b.Get(ctx, "k1"); !ok || err != nil || v != "en\n"+long {
		t.Fatalf("Get on the other replica = %d bytes, %v, %v", len(v), ok, err)
	}
	if _, ok, _ := b.Get(ctx, "nope"); ok {
		t.Error("unknown key reported ok")
	}
	if err := a.Put(ctx, "k2", "x", 50*time.Millisecond); err != nil {
		t.Fatal(err)
	}
	time.Sleep(120 * time.Millisecond)
	if _, ok, _ := b.Get(ctx, "k2"); ok {
		t.Error("value still there after its TTL")
	}
}

// With Redis down, a value stays usable on the replica that put it.
func TestRefsFailOpen(t *testing.T) {
	s, _ := newStore(t, "redis://"+testnet.FreeAddr(t)+"/0", nil)
	ctx := t.Context()
	if err := s.Put(ctx, "k1", "v", time.Minute); err != nil {
		t.Fatal(err)
	}
	if v, ok, err := s.Get(ctx, "k1"); !ok || err != nil || v != "v" {
		t.Fatalf("Get with Redis down = %q, %v, %v", v, ok, err)
	}
}
