package bot

import (
	"strings"
	"testing"
)

// A multi-line reply pasted on one line keeps its continuation prefixes
// inline ("an unusual rate of 421-4.7.28 unsolicited mail"): the reply's
// text is read without them, its words joined (eval qs020; RFC 5321
// §4.2.1).
func TestReplyInlineContinuations(t *testing.T) {
	b := newTestBot(t)
	in := "host mx.example.com[192.0.2.26] said: 421-4.7.28 [192.0.2.59      4] Our system has detected an unusual rate of 421-4.7.28 unsolicited mail originating from your IP address. To protect our 421-4.7.28 users from spam, mail sent from your IP address has been temporarily 421-4.7.28 rate limited. Please visit 421-4.7.28  https://support.example.com/?p=Limit to 421 4.7.28 review our guidelines. - gsmtp (in reply to end of DATA command)"
	q := b.Parse(in)
	if q.Reply == nil {
		t.Fatalf("Parse: no reply in %q", in)
	}
	for _, want := range []string{"unusual rate of unsolicited mail", "protect our users", "visit https://support.example.com/?p=Limit to review"} {
		if !strings.Contains(q.Reply.Text, want) {
			t.Errorf("reply text %q lacks %q", q.Reply.Text, want)
		}
	}
	if strings.Contains(q.Reply.Text, "421-") {
		t.Errorf("reply text %q keeps a continuation prefix", q.Reply.Text)
	}
	// A reply on its own lines is read as before.
	q = b.Parse("550-5.7.1 first line\n550 5.7.1 last line")
	if q.Reply == nil || !strings.Contains(q.Reply.Text, "first line") || !strings.Contains(q.Reply.Text, "last line") {
		t.Errorf("Parse(lines).Reply = %+v", q.Reply)
	}
}
