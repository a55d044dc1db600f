package bot

import (
	"testing"

	"github.com/smtpbot/smtpbot/internal/tabletest"
)

// TestBlankShortcodes: Slack's and Discord's emoji shortcodes are blanked
// with as many spaces; colons of addresses, times, IPv6 and replies stay.
func TestBlankShortcodes(t *testing.T) {
	tabletest.CheckMap(t, "blankShortcodes", blankShortcodes, map[string]string{
		":fire: :fire: 🔥":                       "              🔥",
		"what can you do? :wave:":               "what can you do?       ",
		":wave::skin-tone-2: hi":                "                    hi",
		"ok :+1:, thanks":                       "ok     , thanks",
		"mail bị chặn :sob:\nlog":               "mail bị chặn      \nlog",
		"2001:db8::58b3 said 550":               "2001:db8::58b3 said 550",
		"Jun 17 17:39:37 mx1 postfix/smtpd[1]:": "Jun 17 17:39:37 mx1 postfix/smtpd[1]:",
		"after RCPT TO:<a@b.c>: 550":            "after RCPT TO:<a@b.c>: 550",
		"note :550: here":                       "note :550: here",
		"see :foo:bar":                          "see :foo:bar",
		"a:b:c":                                 "a:b:c",
	})
}
