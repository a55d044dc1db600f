package bounce

import "testing"

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

// TestQuotedLocalPart checks addresses whose local part is a quoted
// string (RFC 5321 §4.1.2), which may hold "@" and come before a domain
// without a dot, as written in a report and in a DSN field.
func TestQuotedLocalPart(t *testing.T) {
	for line, want := range map[string]string{
		`<"user.name@example.com"@forwarding> (expanded from`: `"user.name@example.com"@forwarding`,
		`"john doe"@example.org: 550 no such user`:            `"john doe"@example.org`,
		`Recipient: "a@b"@relay.example.net`:                  `"a@b"@relay.example.net`,
		`he said "hi" @ noon to ann@example.com`:              `ann@example.com`,
		`say"x"@host`:                                         ``,
		`"unterminated@example.com`:                           `unterminated@example.com`,
		`""@example.com or bob@example.com`:                   `bob@example.com`,
	} {
		as := findAddresses(line)
		got := ""
		if len(as) > 0 {
			got = as[0].addr
		}
		if got != want {
			t.Errorf("findAddresses(%q) = %q, want %q", line, got, want)
		}
	}
	recs := dsnRecords("Final-Recipient: rfc822; \"user.name@example.com\"@forwarding\nAction: failed\nStatus: 5.0.0\n", true)
	if len(recs) != 1 || recs[0].Recipient != `"user.name@example.com"@forwarding` {
		t.Errorf("DSN field: %+v", recs)
	}
}
