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

// An address a fixed-width report breaks across the line end mid-word
// ("… Local mailbox memb" then "er@mail.ru is unavailable: …") is the
// recipient's own, read on as its text: no second recipient, and the
// words after it stay the first one's.
func TestBrokenAddressIsNoRecipient(t *testing.T) {
	p := newParser(t)
	msg := "From: Mail Delivery System <MAILER-DAEMON@mx.example.org>\nTo: sender@example.org\n" +
		"Subject: Mail delivery failed: returning message to sender\n\n" +
		"This message was created automatically by mail delivery software.\n\n" +
		"A message that you sent could not be delivered to one or more of\nits recipients. " +
		"The following address(es) failed:\n\nmember@example.net:\n" +
		"SMTP error from remote server for TEXT command, host: mx.example.net (192.0.2.1) reason: 550 Local mailbox memb\n" +
		"er@example.net is unavailable: account is disabled\n"
	r := p.Parse([]byte(msg))
	if len(r.Records) != 1 {
		t.Fatalf("%d records, want 1: %+v", len(r.Records), r.Records)
	}
	if d := r.Records[0].Diagnostic; r.Records[0].Recipient != "member@example.net" || !strings.Contains(d, "account is disabled") {
		t.Errorf("record %s, diagnostic %q", r.Records[0].Recipient, d)
	}
	for _, c := range []struct {
		prev, next string
		want       bool
	}{
		{"reason: 550 Local mailbox memb", "er@example.net", true},
		{"reason: 550 Local mailbox <memb", "er@example.net", true},
		{"reason: 550 Local mailbox memb ", "er@example.net", true},
		{"reason: 550 Local mailbox", "member@example.net", false},
		{"reason: 550 Local mailbox xy", "er@example.net", false},
		{"", "er@example.net", false},
	} {
		if got := brokenAddress(c.prev, c.next, "member@example.net"); got != c.want {
			t.Errorf("brokenAddress(%q, %q) = %v, want %v", c.prev, c.next, got, c.want)
		}
	}
}
