package main

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/smtpbot/smtpbot/bot"
)

func diagnoseUsage() string {
	return "usage: smtpbot diagnose [--format " + strings.Join(askFormats, "|") + "] [--detail short|full] [--lang LANG] [FILE...]"
}

// diagnose answers whole messages: each FILE is one message, or stdin when
// none is given. With several files, JSON answers are one per line and
// text answers are separated by a blank line, as ask does for stdin.
func (a app) diagnose(args []string) error {
	ans, err := a.answering(args, diagnoseUsage())
	if err != nil {
		return err
	}
	files, r, b, lang := ans.rest, ans.r, ans.b, ans.lang
	if len(files) == 0 || len(files) == 1 && files[0] == "-" {
		if a.stdinTTY {
			return withUsage(fmt.Errorf("%w: no message given (a file, or the message on stdin)", errUsage), diagnoseUsage())
		}
		raw, err := readMessage(a.stdin)
		if err != nil {
			return fmt.Errorf("diagnose: stdin: %w", err)
		}
		return r.write(a.stdout, b.DiagnoseMessage(raw, lang), false)
	}
	for _, name := range files {
		raw, err := readFile(name)
		if err != nil {
			return fmt.Errorf("diagnose: %w", err)
		}
		if err := r.write(a.stdout, b.DiagnoseMessage(raw, lang), len(files) > 1); err != nil {
			return err
		}
	}
	return nil
}

// readMessage reads as much of a message as DiagnoseMessage looks at.
func readMessage(r io.Reader) ([]byte, error) {
	return io.ReadAll(io.LimitReader(r, bot.MaxMessageSize))
}

func readFile(name string) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readMessage(f)
}
