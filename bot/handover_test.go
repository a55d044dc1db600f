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

// The language of an answer to a bounce handed on is the language of the
// person's own words around it, not the report's: a Vietnamese asker
// pasting an English report gets Vietnamese, an English asker English even
// when the bot's default is another language.
func TestAskHandedOnLanguage(t *testing.T) {
	report := "<kt@example.org>: host mail.example.org[192.0.2.61] said: 552 5.2.2 <kt@example.org>: Recipient address rejected: Mailbox is full (in reply to RCPT TO command)\n"
	quoted := "> " + report
	for _, c := range []struct {
		name, text, def, want string
	}{
		{"fenced vi", "bounce từ server khách, dán trong code block:\n```\n" + report + "```\nhộp thư đầy thì bao lâu gửi lại đc\n", "en", "vi"},
		{"quoted vi", "khách gửi lại cái này, mình phải làm gì:\n\n" + quoted + "\nnhờ mọi người xem giúp\n", "en", "vi"},
		{"fenced en, default vi", "bounce from a customer's server, pasted in a code block:\n```\n" + report + "```\nhow long until I can resend?\n", "vi", "en"},
	} {
		b := newTestBot(t, WithDefaultLang(c.def))
		a := b.Ask(c.text, Hints{})
		if len(a.Diagnoses) != 1 {
			t.Errorf("%s: %d diagnoses, want the pasted report's one", c.name, len(a.Diagnoses))
			continue
		}
		if a.Lang != c.want {
			t.Errorf("%s: lang %q, want %q", c.name, a.Lang, c.want)
		}
	}
}

// An Exim log line handed on in a code fence names Exim by its own wording
// of a remote refusal ("SMTP error from remote mail server after …",
// bounce.json mtas), which the whole-message path reads as the software
// that wrote the report: who answered, when the reply names nobody else.
func TestAskHandedOnEximLog(t *testing.T) {
	b := newTestBot(t)
	text := "whole queue for one partner is stuck:\n```\n2024-02-01 03:10:44 1rVb2c-0004Xy-Lm == bob@example.net R=dnslookup T=remote_smtp defer (-44): " +
		"SMTP error from remote mail server after RCPT TO:<bob@example.net>: host mx.example.net [192.0.2.20]: 451 Temporary local problem - please try later\n```"
	a := b.Ask(text, Hints{})
	if len(a.Diagnoses) != 1 {
		t.Fatalf("%d diagnoses (not_bounce %q), want the log line's one", len(a.Diagnoses), a.NotBounce)
	}
	if d := a.Diagnoses[0]; d.Provider != "exim" {
		t.Errorf("provider %q, want exim", d.Provider)
	}
}
