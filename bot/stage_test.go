package bot

import (
	"fmt"
	"testing"

	"github.com/smtpbot/smtpbot/catalog"
)

// The SMTP stage a whole bounce places each refusal at, read from the
// report's structure: its transcript (in either arrow direction), a reply
// that came before any command, the command the report names in
// parentheses or in a labelled section, and the shape of a reply naming
// the recipient's own address. Synthetic bounces, one per layout.
func TestDiagnoseMessageStage(t *testing.T) {
	b := newTestBot(t)
	const head = "From: MAILER-DAEMON@mx.example.org\nTo: sender@example.org\nSubject: Returned mail: see transcript for details\n\n"
	const sendmail = head + "The original message was received at Mon, 7 Dec 2026 01:00:00 +0000\n\n" +
		"   ----- The following addresses had permanent fatal errors -----\n<rcpt@example.com>\n" +
		"    (reason: 554 mx.example.com ESMTP not accepting connections)\n\n" +
		"   ----- Transcript of session follows -----\n"
	for _, c := range []struct {
		name, msg string
		want      catalog.Stage
	}{
		{"a reply before any command: the greeting refused",
			sendmail + "... while talking to mx.example.com.:\n<<< 554 mx.example.com ESMTP not accepting connections\n" +
				">>> QUIT\n<<< 421 4.7.0 mx.example.com Error: too many errors\n554 5.0.0 Service unavailable\n",
			catalog.StageConnect},
		{"a refused RCPT TO, then DATA refused for want of a recipient: the refusal answered RCPT TO",
			sendmail + "... while talking to mx.example.com.:\n>>> RCPT To:<rcpt@example.com>\n" +
				"<<< 550 5.1.1 Requested action not taken: mailbox unavailable\n>>> DATA\n<<< 503 5.5.1 RCPT first\n",
			catalog.StageRCPT},
		{"the command in parentheses",
			head + "The following recipients returned permanent errors: rcpt@example.com.\n" +
				"Reason: SMTP Server <192.0.2.1> refused to accept your message (DATA), with the following error message: [554 5.6.0 Message rejected]\n",
			catalog.StageDATA},
		{"the command in a labelled section paragraphs away from the address",
			head + "Delivery to the following address failed.\nrcpt@example.com\n\n" +
				"-------server message\n550 unknown user <rcpt@example.com>\n\n-------SMTP command\nDATA\n\n-------original message\nSubject: hi\n",
			catalog.StageDATA},
		{"a labelled section is outranked by a reply naming the recipient at RCPT TO",
			head + "Delivery to the following address failed.\nrcpt@example.com\n\n" +
				"-------server message\n550 5.1.1 <rcpt@example.com>: Recipient address rejected: User unknown in local recipient table\n\n" +
				"-------SMTP command\nDATA\n\n-------original message\nSubject: hi\n",
			catalog.StageRCPT},
		{"a Sendmail reply naming the sender is no sign of RCPT TO",
			dsnBounce("failed", "5.7.1", "550 5.7.1 <sender@example.org>... Access denied", ""), ""},
		{"the MTA's own line about the address answers no command",
			dsnBounce("failed", "5.1.2", "550 Host unknown",
				"----- Transcript of session follows -----\n550 5.1.2 <rcpt@example.com>... Host unknown (Name server: example.com: host not found)"), ""},
		{"the command named after the words", dsnBounce("failed", "5.1.1", "550 5.1.1 <rcpt@example.com> User unknown in RCPT TO", ""), catalog.StageRCPT},
		{"Coremail's command before the reply, and the command that said it",
			head + "Delivery to the following address failed.\nrcpt@example.com\n\n" +
				"SMTP error, RCPT TO: Host mx.example.com(192.0.2.1) RCPT TO said 550 No such user here\n",
			catalog.StageRCPT},
		{"Coremail's DATA", head + "Delivery to the following address failed.\nrcpt@example.com\n\nSMTP error, DATA:554 Message rejected\n", catalog.StageDATA},
		{"Coremail's DOT, the end of data", head + "Delivery to the following address failed.\nrcpt@example.com\n\nSMTP error, DOT:519 Rejected.\n", catalog.StageEOD},
		{"Coremail's MAIL FROM", head + "Delivery to the following address failed.\nrcpt@example.com\n\nSMTP error, MAIL FROM:550 Mail rejected\n", catalog.StageMAIL},
		{"IMail's command before the reply it generated",
			head + "Unknown user: rcpt@example.com\n\nRCPT TO generated following response:\n553 5.3.0 <rcpt@example.com>... Addressee unknown, relay=[192.0.2.10]\n",
			catalog.StageRCPT},
		{"IMail's DATA", head + "Unknown user: rcpt@example.com\n\nDATA generated following response:\n554 5.7.1 Message rejected\n", catalog.StageDATA},
		{"a server that offers no TLS", head + "Delivery to the following recipient failed permanently:\n\n     rcpt@example.com\n\n" +
			"Technical details of permanent failure:\nThe error that the other server returned was: 500 Remote server does not support TLS\n",
			catalog.StageSTARTTLS},
	} {
		if d, ok := oneDiagnosis(t, b, c.name, c.msg); ok && d.Stage != c.want {
			t.Errorf("%s: stage %q, want %q (%.80s)", c.name, d.Stage, c.want, d.Diagnostic)
		}
	}
}

// A Diagnostic-Code typed X-Unix is a local delivery program's words
// (RFC 3464 §2.3.6; Postfix's local(8) and pipe(8)): weak evidence of
// mailererror, which words naming a stronger cause outrank.
func TestDiagnoseMessageDiagnosticType(t *testing.T) {
	b := newTestBot(t)
	for _, c := range []struct {
		action, status, diag, want string
	}{
		{"failed", "4.3.0", "x-unix; temporary failure", "mailererror"},
		{"failed", "5.3.0", "X-Unix; internal software error", "mailererror"},
		{"failed", "5.2.2", "x-unix; /home/rcpt/Maildir/tmp/1.x: Disk quota exceeded", "mailboxfull"},
		{"failed", "4.3.0", "temporary failure", "systemerror"}, // a server's words: its system's trouble
	} {
		what := fmt.Sprintf("%s %s %q", c.action, c.status, c.diag)
		if d, ok := oneDiagnosis(t, b, what, dsnBounce(c.action, c.status, c.diag, "")); ok && d.Reason != c.want {
			t.Errorf("%s: reason %s, want %s", what, d.Reason, c.want)
		}
	}
}
