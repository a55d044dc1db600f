package main

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"strings"
	"time"
)

// healthcheck asks the local serve's /healthz, for container HEALTHCHECKs
// that have no shell or curl. It reads the same address setting as serve.
func (a app) healthcheck(ctx context.Context, args []string) error {
	addr := envOr(a.getenv, "SMTPBOT_ADDR", ":8080")
	rest, err := parseFlags(args, flagSpec{"addr": &addr})
	if err != nil {
		return withUsage(err, "usage: smtpbot healthcheck [--addr HOST:PORT]")
	}
	if len(rest) > 0 {
		return withUsage(fmt.Errorf("%w: unexpected argument %q", errUsage, rest[0]), "usage: smtpbot healthcheck [--addr HOST:PORT]")
	}
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("%w: bad address %q: %w", errUsage, addr, err)
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "127.0.0.1"
	}
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	url := "http://" + net.JoinHostPort(host, port) + "/healthz"
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return fmt.Errorf("healthcheck: %w", err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("healthcheck: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("healthcheck: %s answered %s", strings.TrimSuffix(url, "/healthz"), resp.Status)
	}
	fmt.Fprintln(a.stdout, "ok")
	return nil
}
