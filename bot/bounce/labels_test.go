package bounce

import "testing"

// The text a reply label introduces: the rest of its line (with the lines
// continuing a multi-line reply), or the next paragraph when the label
// ends its line; the last label wins, Exchange's quotes go.
func TestLabelledReply(t *testing.T) {
	p := newParser(t)
	for _, tc := range []struct{ text, want string }{
		{"Technical details of permanent failure:\nGoogle tried to deliver your message.\n\nThe error that the other server returned was:\n550-5.1.1 No such\n550 5.1.1 user\n\n----- Original", "550-5.1.1 No such\n550 5.1.1 user"},
		{"… The error that the other server returned was: 552 5.2.2 over quota (state 18).\nnext line", "552 5.2.2 over quota (state 18)."},
		{"550-5.7.1 first\nThe response was: 550-5.7.1 first\n550 5.7.1 second\nnot a reply", "550-5.7.1 first\n550 5.7.1 second"},
		{"b@example.net\nRemote Server at mx.example.net (192.0.2.1) returned '452 4.2.2 Mailbox full'", "452 4.2.2 Mailbox full"},
		{"The response was:\n\n\nDNS Error: lookup failed\nDomain name not found\n\nmore", "DNS Error: lookup failed\nDomain name not found"},
		{"The response was:", ""},
		{"550 5.1.1 user unknown", ""},
		{"", ""},
	} {
		if got := p.labelledReply(tc.text); got != tc.want {
			t.Errorf("labelledReply(%q) = %q, want %q", tc.text, got, tc.want)
		}
	}
}

// A report naming several recipients: each one's part ends where the next
// one is named.
func TestRecipientSection(t *testing.T) {
	report := "Failed: a@example.net\nreply a\n\nb@example.net\nreply b\n\nA@EXAMPLE.NET again"
	recs := []Record{{Recipient: "a@example.net"}, {Recipient: "b@example.net"}}
	lower := asciiLower(report)
	if got := recipientSection(report, lower, "a@example.net", recs); got != "a@example.net\nreply a\n\n" {
		t.Errorf("section of a: %q", got)
	}
	if got := recipientSection(report, lower, "b@example.net", recs); got != "b@example.net\nreply b\n\n" {
		t.Errorf("section of b: %q", got)
	}
	if got := recipientSection(report, lower, "c@example.net", recs); got != "" {
		t.Errorf("section of c: %q", got)
	}
}
