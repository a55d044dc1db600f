// Command smtpbot answers questions about SMTP reply codes: in the terminal
// (ask), as a catalog dump (catalog), and in Slack, Discord and on the web
// (serve).
package main

import (
	"context"
	"errors"
	"fmt"
	"github.com/smtpbot/smtpbot/adapters/discord"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

// env is the process environment as a lookup function, so tests can pass their own.
type env func(string) string

// app is what run needs from the outside world.
type app struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         env
	// isTerminal reports whether stdout / stdin are terminals.
	stdoutTTY, stdinTTY bool
	termWidth           int
}

const usage = `usage: smtpbot <command> [flags] [args]

commands:
  ask [--format text|markdown|json|slack|discord|html] [--lang en|vi|…] TEXT...
        answer one question; with no TEXT, answer one question per line of stdin
  diagnose [--format text|markdown|json|slack|discord|html] [--lang en|vi|…] [FILE...]
        diagnose whole bounce emails: each FILE (or stdin) is one message
  catalog [--format json|csv] [--lang en|vi]
        print the whole catalog
  serve [flags]
        run the Slack, Discord and web endpoints (see smtpbot serve --help)
  discord register [--guild ID]
        register the /smtp application command with Discord
  healthcheck [--addr HOST:PORT]
        exit 0 when the local serve answers /healthz (for container health checks)
  version
        print the version
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	discord.UseGatewayV10()
	a := app{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv}
	a.stdoutTTY, a.stdinTTY, a.termWidth = terminalInfo()
	os.Exit(a.run(ctx, os.Args[1:]))
}

// errUsage marks errors caused by how the command was called (exit 2).
var errUsage = errors.New("usage")

// usageHint adds the usage line of a subcommand to an error; run prints it
// on a line of its own after the error.
type usageHint struct {
	err   error
	usage string
}

func (u *usageHint) Error() string { return u.err.Error() }
func (u *usageHint) Unwrap() error { return u.err }

func withUsage(err error, usage string) error { return &usageHint{err: err, usage: usage} }

// run executes one command and returns the exit code.
func (a app) run(ctx context.Context, args []string) int {
	if len(args) == 0 {
		fmt.Fprint(a.stderr, usage)
		return 2
	}
	var err error
	switch args[0] {
	case "ask":
		err = a.ask(args[1:])
	case "diagnose":
		err = a.diagnose(args[1:])
	case "catalog":
		err = a.catalog(args[1:])
	case "serve":
		err = a.serve(ctx, args[1:])
	case "discord":
		err = a.discord(ctx, args[1:])
	case "healthcheck":
		err = a.healthcheck(ctx, args[1:])
	case "version", "--version":
		fmt.Fprintln(a.stdout, "smtpbot", version)
	case "help", "-h", "--help":
		fmt.Fprint(a.stdout, usage)
	default:
		fmt.Fprintf(a.stderr, "smtpbot: unknown command %q\n%s", args[0], usage)
		return 2
	}
	switch {
	case err == nil:
		return 0
	case errors.Is(err, errUsage):
		fmt.Fprintf(a.stderr, "smtpbot: %v\n", err)
		var uh *usageHint
		if errors.As(err, &uh) {
			fmt.Fprintln(a.stderr, uh.usage)
		}
		return 2
	default:
		fmt.Fprintf(a.stderr, "smtpbot: %v\n", err)
		return 1
	}
}
