package bot

import (
	"strings"
	"testing"
)

// TestBlankShortcodes: Slack's and Discord's emoji shortcodes are blanked
// with as many spaces; colons of addresses, times, IPv6 and replies stay.
// Each case marks what is blanked with ⟦ ⟧.
func TestBlankShortcodes(t *testing.T) {
	for _, c := range []string{
		"⟦:fire:⟧ ⟦:fire:⟧ 🔥",
		"what can you do? ⟦:wave:⟧",
		"⟦:wave:⟧⟦:skin-tone-2:⟧ hi",
		"ok ⟦:+1:⟧, thanks",
		"mail bị chặn ⟦:sob:⟧\nlog",
		"2001:db8::58b3 said 550",
		"Jun 17 17:39:37 mx1 postfix/smtpd[1]:",
		"after RCPT TO:<a@b.c>: 550",
		"note :550: here",
		"see :foo:bar",
		"a:b:c",
	} {
		in := strings.NewReplacer("⟦", "", "⟧", "").Replace(c)
		want := c
		for {
			i, j := strings.Index(want, "⟦"), strings.Index(want, "⟧")
			if i < 0 || j < i {
				break
			}
			want = want[:i] + strings.Repeat(" ", j-i-len("⟦")) + want[j+len("⟧"):]
		}
		if got := blankShortcodes(in); got != want {
			t.Errorf("blankShortcodes(%q) = %q, want %q", in, got, want)
		}
	}
}
