package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"time"
)

// fakeAPI serves stand-ins for the Slack and Discord Web APIs on a loopback
// address until ctx ends, so a `serve` under load (SLACK_API_URL and the
// Discord API URL pointed here) never reaches the real platforms: auth.test
// and every other Slack method answer ok, every Discord call answers 200
// with an empty object. It counts the calls and prints them at the end.
func fakeAPI(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	ln, limit, err := listenLoopback("fakeapi", "127.0.0.1:8091", args, stderr)
	if err != nil {
		return err
	}
	var slack, discord atomic.Int64
	mux := http.NewServeMux()
	mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		if strings.HasPrefix(r.URL.Path, "/api/v") { // Discord: /api/v10/…
			discord.Add(1)
			_, _ = io.WriteString(w, `{}`)
			return
		}
		slack.Add(1)
		method := strings.TrimPrefix(r.URL.Path, "/api/")
		switch method {
		case "auth.test":
			_, _ = io.WriteString(w, `{"ok":true,"url":"https://load.slack.invalid/","team":"load","user":"smtpbot","team_id":"TLOAD","user_id":"UBOT","bot_id":"BBOT"}`)
		case "chat.postMessage", "chat.postEphemeral":
			_, _ = io.WriteString(w, `{"ok":true,"channel":"CLOAD","ts":"1700000000.000100","message_ts":"1700000000.000100"}`)
		default:
			_, _ = io.WriteString(w, `{"ok":true}`)
		}
	})
	// Slack response_url posts (slash command follow-ups, Share).
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		slack.Add(1)
		_, _ = io.WriteString(w, "ok")
	})
	fmt.Fprintf(stdout, "fake Slack API:   SLACK_API_URL=http://%s/api/\nfake Discord API: http://%s/api/v10/\n", ln.Addr(), ln.Addr())
	if err := serveFor(ctx, ln, mux, limit); err != nil {
		return fmt.Errorf("fakeapi: %w", err)
	}
	fmt.Fprintf(stdout, "calls: slack %d, discord %d\n", slack.Load(), discord.Load())
	return nil
}

// bare serves a constant answer on every path: the baseline a plain Go
// net/http handler sets on this machine, to compare `serve` against. It
// reads the request body, as a real handler must, and does nothing else.
func bare(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	ln, limit, err := listenLoopback("bare", "127.0.0.1:8092", args, stderr)
	if err != nil {
		return err
	}
	const answer = `{"response_type":"ephemeral","text":"252 vs 552"}`
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, answer)
	})
	fmt.Fprintf(stdout, "bare handler on http://%s\n", ln.Addr())
	if err := serveFor(ctx, ln, h, limit); err != nil {
		return fmt.Errorf("bare: %w", err)
	}
	return nil
}

// listenLoopback parses the flags fakeapi and bare share (-addr, -d) and
// listens on the address, refusing any that is not loopback.
func listenLoopback(name, defAddr string, args []string, stderr io.Writer) (net.Listener, time.Duration, error) {
	fs := flag.NewFlagSet("smtpbot-load "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", defAddr, "loopback address to listen on")
	limit := fs.Duration("d", 2*maxDuration, fmt.Sprintf("stop after this long (at most %v)", 2*maxDuration))
	if err := fs.Parse(args); err != nil {
		return nil, 0, err
	}
	if *limit <= 0 || *limit > 2*maxDuration {
		return nil, 0, fmt.Errorf("%w: -d must be above 0 and at most %v", errUsage, 2*maxDuration)
	}
	if _, err := loopbackURL("http://" + *addr); err != nil {
		return nil, 0, fmt.Errorf("%w: -addr %q: listen on a loopback address", errUsage, *addr)
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return nil, 0, fmt.Errorf("%s: %w", name, err)
	}
	return ln, *limit, nil
}

// serveFor serves h on ln until ctx ends or limit has passed, then shuts
// down within a few seconds.
func serveFor(ctx context.Context, ln net.Listener, h http.Handler, limit time.Duration) error {
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second}
	ctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	go func() {
		<-ctx.Done()
		shut, done := context.WithTimeout(context.Background(), 5*time.Second)
		defer done()
		_ = srv.Shutdown(shut)
	}()
	if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
