package catalog

import (
	"strings"
	"testing"
)

// WithoutClients blanks the host name a receiving server's log line gives
// the connecting client, and only when its address in brackets follows:
// the rest of the text, offsets included, stays as it is.
func TestWithoutClients(t *testing.T) {
	v := loadEmbedded(t).Bounce()
	for _, c := range []struct{ in, client string }{
		{"noqueue: reject: rcpt from mail-ej1-f47.google.com[192.0.2.47]: 554 5.7.1 blocked", "mail-ej1-f47.google.com"},
		{"connect from mx.example.net[192.0.2.1]", "mx.example.net"},
		{"client=a.example.org[192.0.2.2], sasl_method=plain", "a.example.org"},
		// No address in brackets after the name: not a client's log entry.
		{"mail from gmail.com users is refused", ""},
		{"host gmail-smtp-in.l.google.com[192.0.2.27] said: 550", ""},
	} {
		want := c.in
		if c.client != "" {
			want = strings.Replace(c.in, c.client, strings.Repeat(" ", len(c.client)), 1)
		}
		if got := v.WithoutClients(c.in); got != want {
			t.Errorf("WithoutClients(%q) = %q, want %q", c.in, got, want)
		}
	}
}
