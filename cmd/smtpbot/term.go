package main

import (
	"os"

	"golang.org/x/term"
)

func terminalInfo() (stdoutTTY, stdinTTY bool, width int) {
	stdoutTTY = term.IsTerminal(int(os.Stdout.Fd()))
	stdinTTY = term.IsTerminal(int(os.Stdin.Fd()))
	if stdoutTTY {
		if w, _, err := term.GetSize(int(os.Stdout.Fd())); err == nil {
			width = w
		}
	}
	return stdoutTTY, stdinTTY, width
}
