// Command slackload measures how many signed /smtp slash commands per second
// a running `smtpbot serve` answers. It is a benchmark tool, not a stress
// tool: it only talks to loopback addresses, and both the number of
// requests and the running time are capped.
//
//	SLACK_SIGNING_SECRET=s go run ./tests/slackload -url http://127.0.0.1:8080/slack/commands -n 50000 -c 32
//
// Every request comes from a different user and channel, so the per-user
// and per-channel rate limits never refuse it: the figure is the cost of a
// real answer. A reply only counts as answered when it is a 200 with a
// "Share in channel" button, i.e. a full answer rather than a notice.
package main

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

const (
	maxRequests    = 1_000_000
	maxConcurrency = 256
	maxDuration    = 2 * time.Minute
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "slackload:", err)
		os.Exit(1)
	}
}

type config struct {
	target   *url.URL
	secret   []byte
	n, c     int
	duration time.Duration
	warmup   int
	text     string
}

func parse(args []string) (config, error) {
	fs := flag.NewFlagSet("slackload", flag.ContinueOnError)
	rawURL := fs.String("url", "http://127.0.0.1:8080/slack/commands", "slash command endpoint (loopback only)")
	n := fs.Int("n", 20000, fmt.Sprintf("requests to send (at most %d)", maxRequests))
	c := fs.Int("c", 32, fmt.Sprintf("concurrent connections (at most %d)", maxConcurrency))
	d := fs.Duration("duration", 30*time.Second, fmt.Sprintf("stop after this long (at most %s)", maxDuration))
	warmup := fs.Int("warmup", 1000, "requests sent first and not measured")
	text := fs.String("text", "compare 252 552", "the slash command text")
	if err := fs.Parse(args); err != nil {
		return config{}, err
	}
	cfg := config{secret: []byte(os.Getenv("SLACK_SIGNING_SECRET")), n: *n, c: *c, duration: *d, warmup: *warmup, text: *text}
	if len(cfg.secret) == 0 {
		return cfg, errors.New("set SLACK_SIGNING_SECRET to the server's signing secret")
	}
	if cfg.n < 1 || cfg.n > maxRequests || cfg.c < 1 || cfg.c > maxConcurrency || cfg.duration <= 0 || cfg.duration > maxDuration || cfg.warmup < 0 || cfg.warmup > cfg.n {
		return cfg, fmt.Errorf("-n must be 1..%d, -c 1..%d, -duration up to %s, -warmup 0..n", maxRequests, maxConcurrency, maxDuration)
	}
	u, err := url.Parse(*rawURL)
	if err != nil || u.Scheme != "http" {
		return cfg, fmt.Errorf("-url %q: want an http:// URL", *rawURL)
	}
	if !loopback(u.Hostname()) {
		return cfg, fmt.Errorf("-url %q: only loopback addresses are allowed", *rawURL)
	}
	cfg.target = u
	return cfg, nil
}

// loopback accepts literal loopback addresses and "localhost" only, so the
// tool cannot be pointed at someone else's server.
func loopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func run(args []string) error {
	cfg, err := parse(args)
	if err != nil {
		return err
	}
	tr := &http.Transport{MaxIdleConns: cfg.c, MaxIdleConnsPerHost: cfg.c, MaxConnsPerHost: cfg.c, IdleConnTimeout: 30 * time.Second}
	client := &http.Client{Transport: tr, Timeout: 10 * time.Second}
	ctx, cancel := context.WithTimeout(context.Background(), cfg.duration)
	defer cancel()

	var seq atomic.Int64
	if cfg.warmup > 0 {
		if _, err := blast(ctx, client, cfg, &seq, cfg.warmup); err != nil {
			return fmt.Errorf("warm-up: %w", err)
		}
	}
	start := time.Now()
	res, err := blast(ctx, client, cfg, &seq, cfg.n-cfg.warmup)
	elapsed := time.Since(start)
	if err != nil {
		return err
	}
	slices.Sort(res.latencies)
	pct := func(p float64) time.Duration {
		if len(res.latencies) == 0 {
			return 0
		}
		return res.latencies[int(p*float64(len(res.latencies)-1))]
	}
	fmt.Printf("target      %s\n", cfg.target)
	fmt.Printf("text        %q\n", cfg.text)
	fmt.Printf("requests    %d (after %d warm-up), concurrency %d\n", res.sent, cfg.warmup, cfg.c)
	fmt.Printf("answered    %d\n", res.answered)
	fmt.Printf("failed      %d\n", res.failed)
	fmt.Printf("elapsed     %s\n", elapsed.Round(time.Millisecond))
	fmt.Printf("throughput  %.0f answers/s\n", float64(res.answered)/elapsed.Seconds())
	fmt.Printf("latency     p50 %s  p90 %s  p99 %s  max %s\n", pct(.5), pct(.9), pct(.99), pct(1))
	if res.failed > 0 {
		return fmt.Errorf("%d requests were not answered (first: %v)", res.failed, res.firstErr)
	}
	if ctx.Err() != nil {
		return fmt.Errorf("stopped at the %s limit after %d requests", cfg.duration, res.sent)
	}
	return nil
}

type result struct {
	sent, answered, failed int
	latencies              []time.Duration
	firstErr               error
}

// blast sends count requests over cfg.c workers.
func blast(ctx context.Context, client *http.Client, cfg config, seq *atomic.Int64, count int) (result, error) {
	var (
		mu    sync.Mutex
		total result
		left  atomic.Int64
		wg    sync.WaitGroup
	)
	left.Store(int64(count))
	total.latencies = make([]time.Duration, 0, count)
	for range cfg.c {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine result
			for left.Add(-1) >= 0 && ctx.Err() == nil {
				i := seq.Add(1)
				t0 := time.Now()
				err := one(ctx, client, cfg, i)
				mine.sent++
				if err != nil {
					mine.failed++
					if mine.firstErr == nil {
						mine.firstErr = err
					}
					continue
				}
				mine.answered++
				mine.latencies = append(mine.latencies, time.Since(t0))
			}
			mu.Lock()
			total.sent += mine.sent
			total.answered += mine.answered
			total.failed += mine.failed
			total.latencies = append(total.latencies, mine.latencies...)
			if total.firstErr == nil {
				total.firstErr = mine.firstErr
			}
			mu.Unlock()
		}()
	}
	wg.Wait()
	return total, nil
}

var shareButton = []byte(`"smtpbot_share"`)

// one sends request i, signed the way Slack signs: v0 HMAC-SHA256 over
// "v0:timestamp:body" with the signing secret.
func one(ctx context.Context, client *http.Client, cfg config, i int64) error {
	id := strconv.FormatInt(i, 36)
	body := url.Values{
		"command": {"/smtp"}, "text": {cfg.text}, "user_id": {"ULOAD" + id}, "channel_id": {"CLOAD" + id},
		"team_id": {"TLOAD"}, "response_url": {"https://hooks.slack.com/commands/TLOAD/1/x"},
	}.Encode()
	ts := strconv.FormatInt(time.Now().Unix(), 10)
	mac := hmac.New(sha256.New, cfg.secret)
	mac.Write([]byte("v0:" + ts + ":" + body))
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, cfg.target.String(), bytes.NewReader([]byte(body)))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Slack-Request-Timestamp", ts)
	req.Header.Set("X-Slack-Signature", "v0="+hex.EncodeToString(mac.Sum(nil)))
	res, err := client.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		return err
	}
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("status %d", res.StatusCode)
	}
	if !bytes.Contains(b, shareButton) {
		return errors.New("a notice instead of an answer")
	}
	return nil
}
