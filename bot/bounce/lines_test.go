package bounce

import (
	"strings"
	"testing"
)

// TestNamedAddress checks the list entry of a display name and an
// address, and what is not one.
func TestNamedAddress(t *testing.T) {
	for _, tc := range []struct {
		line string
		want bool
	}{
		{"Example User (user@example.com)", true},
		{"Example User <user@example.com>", true},
		{"[Example User (user@example.com)](mailto:user@example.com)", true},
		{"\"O'Neil, Ann\" <user@example.com>", true},
		{"[Example User (user@example.com)](mailto:other@example.com)", false},
		{"To: Example User <user@example.com>", false},
		{"Example User <user@example.com> wrote:", false},
		{"Please write to our helpdesk team at once (user@example.com)", false},
		{"Room 12 (user@example.com)", false},
		{"user@example.com", false},
	} {
		as := findAddresses(tc.line)
		if len(as) == 0 {
			t.Fatalf("%q: no address found", tc.line)
		}
		if got := namedAddress(tc.line, as[0]); got != tc.want {
			t.Errorf("namedAddress(%q) = %v, want %v", tc.line, got, tc.want)
		}
	}
}

// TestNamedAndWrappedLines parses reports whose recipient is written with
// its display name, and one whose reply wraps onto a line naming another
// address, which is the text's and no recipient.
func TestNamedAndWrappedLines(t *testing.T) {
	p := newParser(t)
	head := "From: postmaster@mx.example.net\nTo: sender@example.org\nSubject: Undeliverable: hello\n\n"
	for _, tc := range []struct{ name, body, rcpt, want string }{
		{"display name", "Delivery has failed to these recipients or groups:\n\nExample User (user@example.com)\nThe recipient's mailbox is full and can't accept messages now.\n",
			"user@example.com", "mailbox is full"},
		{"client's link", "Delivery failed for these recipients or groups:\n[Example User (user@example.com)](mailto:user@example.com)\n The recipient's mailbox is full.\n",
			"user@example.com", "mailbox is full"},
		{"wrapped reply", "user@example.com, ERROR_CODE :550, the message has an invalid signature, for help forward this\nemail to help@example.org or visit the help pages\n",
			"user@example.com", "invalid signature"},
	} {
		r := p.Parse([]byte(head + tc.body))
		if r.Kind != KindBounce || len(r.Records) != 1 || r.Records[0].Recipient != tc.rcpt || !strings.Contains(r.Records[0].Diagnostic, tc.want) {
			t.Errorf("%s: kind %q records %+v", tc.name, r.Kind, r.Records)
		}
	}
}
