package bot

import (
	"slices"
	"testing"

	"github.com/smtpbot/smtpbot/internal/tabletest"
)

// A reporting server's placeholder for a missing enhanced code, "(0.0.0)"
// after the basic code (RFC 3463 has no class 0), is no code: the reply
// is read as it would be without it. A basic code in parentheses that
// ends a reply led by an enhanced code of its class ("4.7.1 Ratelimit
// exceeded (451)") is the reply's code; a number in parentheses elsewhere
// (a phone number) is none. Its questions for Parse are read in
// TestParseReadings/ReplyCodeShapes.
func TestReplyCodeShapes(t *testing.T) {
	b := newTestBot(t)
	reads555 := func(text string) bool { return slices.Contains(codeStrings(b.Parse(text).Codes), "555") }
	tabletest.Check(t, "555 among the codes Parse reads", reads555, []struct {
		In   string
		Want bool
	}{
		{"5.7.1 Access denied, call the helpdesk at (555) 123-4567", false},
		{"5.5.1 Unrecognized command (555)5551234", false},
	})
}

// A host a receiving server's own log line names as the connecting client
// (Postfix smtpd's "RCPT from host[ip]:") sent the message: its name marks
// no provider who refused, the log's own software is who refused.
func TestClientHostNamesNoRefuser(t *testing.T) {
	b := newTestBot(t)
	provider := func(name, text string) string {
		if d := askDiagnosis(t, b, name, text, Hints{Lang: "en"}); d != nil {
			return d.Provider
		}
		return "(no diagnosis)"
	}
	tabletest.Check2(t, "provider who refused, of case", provider, []struct{ A, B, Want string }{
		{"google client", "NOQUEUE: reject: RCPT from mail-ej1-f47.google.com[192.0.2.47]: 554 5.7.1 Service unavailable; Client host [192.0.2.47] blocked using zen.spamhaus.org; from=<ann@example.org> to=<bob@example.net> proto=ESMTP helo=<mail-ej1-f47.google.com>", "postfix"},
		{"microsoft client", "NOQUEUE: reject: RCPT from mail-db3eur04on0700.outbound.protection.outlook.com[192.0.2.8]: 450 4.7.1 Client host rejected: cannot find your hostname, [192.0.2.8]; from=<ann@example.org> to=<bob@example.net> proto=ESMTP", "postfix"},
		// The remote server Postfix reports about is who refused.
		{"google server", "<bob@example.com>: host gmail-smtp-in.l.google.com[192.0.2.27] said: 550-5.1.1 The email account that you tried to reach does not exist. (in reply to RCPT TO command)", "gmail"},
	})
}
