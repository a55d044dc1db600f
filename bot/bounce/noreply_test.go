package bounce

import "testing"

// An answer to our message ("Re: …") from an address that takes no
// replies is an automatic answer, whatever its text says ("This mailbox
// has now been closed"): no person wrote it. Without the reply's Subject,
// or from a person, it is no auto-reply.
func TestAnswerFromNoReply(t *testing.T) {
	p := newParser(t)
	msg := func(from, subject string) []byte {
		return []byte("From: " + from + "\r\nTo: alerts@example.com\r\nSubject: " + subject +
			"\r\nContent-Type: text/plain\r\n\r\nalerts@example.com :\r\n\r\nPlease Note\r\n\r\n" +
			"This mailbox has now been closed.\r\nIf you need some assistance, please call us.\r\n")
	}
	for _, c := range []struct {
		from, subject, want string
	}{
		{"donotreply@example.co.uk", "RE: 4 New - Carpet Fitter Jobs", KindAutoreply},
		{"\"Service Desk\" <no-reply@example.org>", "Re: your request", KindAutoreply},
		{"donotreply@example.co.uk", "4 New - Carpet Fitter Jobs", KindNotMail},
		{"Jane Doe <jane@example.co.uk>", "RE: 4 New - Carpet Fitter Jobs", KindNotMail},
	} {
		if got := p.Parse(msg(c.from, c.subject)).Kind; got != c.want {
			t.Errorf("From %q Subject %q: kind %q, want %q", c.from, c.subject, got, c.want)
		}
	}
}
