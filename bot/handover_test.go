package bot

import (
	"strings"
	"testing"
)

// A bounce a person forwards or quotes, pasted into the chat with the
// person's own words around it, is diagnosed from the report inside: its
// failed recipient and the remote server's reply, never the words of the
// person handing it on ("mailbox is full", a guess) nor their addresses.
func TestAskHandedOnBounce(t *testing.T) {
	b := newTestBot(t)
	report := "Address not found\n\nYour message wasn't delivered to someone@example.net because the address couldn't be found, or is unable to receive mail.\n\n" +
		"The response was:\n\n550 5.1.1 The email account that you tried to reach does not exist. Please try double-checking the recipient's email address for typos.\n"
	note := "My boss says the mailbox is full and the server blocked us as spam, can you check? Write to me at helper@example.org\n\n"
	quote := func(s string) string {
		lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
		for i, l := range lines {
			lines[i] = strings.TrimRight("> "+l, " ")
		}
		return strings.Join(lines, "\n") + "\n"
	}
	for _, c := range []struct{ name, text string }{
		{"forwarded", note + "---------- Forwarded message ---------\nFrom: Mail Delivery Subsystem <mailer-daemon@googlemail.com>\n" +
			"Date: Mon, 3 Jun 2024 at 10:00\nSubject: Delivery Status Notification (Failure)\nTo: <me@example.com>\n\n\n" + report},
		{"quoted", note + "On Mon, 3 Jun 2024 at 10:00, Mail Delivery Subsystem <mailer-daemon@googlemail.com> wrote:\n" + quote(report)},
	} {
		a := b.Ask(c.text, Hints{})
		if len(a.Diagnoses) != 1 {
			t.Errorf("%s: %d diagnoses (not_bounce %q), want the forwarded report's one", c.name, len(a.Diagnoses), a.NotBounce)
			continue
		}
		if d := a.Diagnoses[0]; d.Recipient != "someone@example.net" || d.Reason != "userunknown" || strings.Contains(d.Diagnostic, "boss") {
			t.Errorf("%s: recipient %q reason %s diagnostic %q; want someone@example.net, userunknown, the reply only", c.name, d.Recipient, d.Reason, d.Diagnostic)
		}
	}
}
