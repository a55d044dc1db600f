package bounce

import (
	"strings"
	"testing"
)

// Shapes of MTA text from the documentation of common MTAs and providers,
// written here in our own words around the structure they share. Each must
// give its recipient and an error text holding the reply.
func TestShapes(t *testing.T) {
	p := newParser(t)
	head := "From: postmaster@mx.example.net\nTo: sender@example.org\nSubject: Undeliverable: hello\n\n"
	for _, tc := range []struct{ name, body, rcpt, want string }{
		{"Exchange NDR", "Delivery has failed to these recipients or groups:\n\nuser@example.com\nThe email address you entered couldn't be found.\n\n" +
			"Diagnostic information for administrators:\n\nGenerating server: mx.example.net\n\nuser@example.com\nRemote Server returned '550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup'\n\nOriginal message headers:\n\nTo: user@example.com\n",
			"user@example.com", "550 5.1.10 RESOLVER.ADR.RecipientNotFound"},
		{"Gmail", "** Address not found **\n\nDelivery to the following recipient failed permanently:\n\n     user@example.com\n\nTechnical details of permanent failure:\n" +
			"Google tried to deliver your message, but it was rejected by the server for the recipient domain example.com by mx.example.com. [192.0.2.1].\n\nThe error that the other server returned was:\n550 5.1.1 <user@example.com>: No such user\n",
			"user@example.com", "550 5.1.1"},
		{"Domino", "Your message\n\n  Subject: hello\n\nwas not delivered to:\n\n  user@example.com\n\nbecause:\n\n  User user@example.com (user@example.com) not listed in Domino Directory\n",
			"user@example.com", "not listed"},
		{"Courier", "This is a delivery status notification from mx.example.net.\n\n<user@example.com>:\n    mx.example.com [192.0.2.1]:\n>>> RCPT TO:<user@example.com>\n<<< 550 5.1.1 <user@example.com>... User unknown\n",
			"user@example.com", "550 5.1.1"},
		{"Sendmail transcript", "   ----- Transcript of session follows -----\n... while talking to mx.example.com.:\n>>> RCPT To:<user@example.com>\n<<< 550 5.1.1 <user@example.com>... User unknown\n550 5.1.1 <user@example.com>... User unknown\n",
			"user@example.com", "User unknown"},
		{"Display name", "Delivery has failed to these recipients or groups:\n\nExample User (user@example.com)\nThe recipient's mailbox is full and can't accept messages now.\n",
			"user@example.com", "mailbox is full"},
		{"Mail client's link", "Delivery failed for these recipients or groups:\n[Example User (user@example.com)](mailto:user@example.com)\n The recipient's mailbox is full.\n",
			"user@example.com", "mailbox is full"},
		{"Wrapped reply naming another address", "user@example.com, ERROR_CODE :550, the message has an invalid signature, for help forward this\nemail to help@example.org or visit the help pages\n",
			"user@example.com", "invalid signature"},
		{"Mail log line", "Jan  2 03:04:05 mx postfix/smtp[123]: ABC123: to=<user@example.com>, relay=mx.example.com[192.0.2.1]:25, dsn=5.2.2, status=bounced (host mx.example.com[192.0.2.1] said: 552 5.2.2 Mailbox full (in reply to RCPT TO command))\n",
			"user@example.com", "552 5.2.2 Mailbox full"},
		{"Log fields of an injector", "[error] delivery failed msg=one.eml rcpt=user@example.com response=552 5.2.2 Over quota\n",
			"user@example.com", "552 5.2.2 Over quota"},
		{"qmail reply naming a help desk's address", "Hi. This is the qmail-send program at mx.example.net.\nI'm afraid I wasn't able to deliver your message to the following addresses.\n\n" +
			"<user@example.com>:\n192.0.2.1 does not like recipient.\nRemote host said: 553 5.3.0 Your IP is listed. For assistance forward this error to abuse@example.com\nGiving up on 192.0.2.1.\n",
			"user@example.com", "553 5.3.0 Your IP is listed"},
		{"qmail entry whose text names a list owner's address", "Hi. This is the qmail-send program at mx.example.net.\nI'm afraid I wasn't able to deliver your message to the following addresses.\n\n" +
			"<list@example.com>:\nSorry, only subscribers may post. If you are a subscriber, please forward this message to list-owner@example.com to get your new address included.\n",
			"list@example.com", "only subscribers may post"},
		{"Fields on one line (Zoho)", "----- The following addresses had fatal errors -----\n[Status: Error, Address: <user@example.com>, ResponseCode 421, , 4.7.0 Messages temporarily deferred]\nMessage will be retried for 4 more day(s)\n",
			"user@example.com", "ResponseCode 421, , 4.7.0 Messages temporarily deferred"},
		{"Reply quoted in an error object", "Error: bad response to RCPT: 5.1.1 <user@example.com>: Recipient address rejected: no such user\n",
			"user@example.com", "5.1.1 <user@example.com>: Recipient address rejected"},
	} {
		if r, ok := parseBounce(t, p, tc.name, head+tc.body, 1); ok && (r.Records[0].Recipient != tc.rcpt || !strings.Contains(r.Records[0].Diagnostic, tc.want)) {
			t.Errorf("%s: records %+v", tc.name, r.Records)
		}
	}
}

// A delay notice may say it is one only in its Subject: its records are
// delayed, not failed.
func TestDelaySubject(t *testing.T) {
	p := newParser(t)
	for subject, want := range map[string]string{
		"Delayed Mail (still being retried)":  "delayed",
		"Undelivered Mail Returned to Sender": "failed",
	} {
		msg := "From: MAILER-DAEMON@mx.example.net\nTo: sender@example.org\nSubject: " + subject + "\n\n<user@example.com>: host mx.example.com[192.0.2.1] said: 450 4.2.0 Try again later\n"
		if r, ok := parseBounce(t, p, subject, msg, 1); ok && r.Records[0].Action != want {
			t.Errorf("%s: action %q, want %q", subject, r.Records[0].Action, want)
		}
	}
}

// A delay notice without delivery-status fields may say it is one only in
// its text, by how long delivery has been late (OpenSMTPD's warning, "A
// message is delayed for more than …") or by calling itself a temporary
// failure report: its records are delayed, not failed.
func TestDelayText(t *testing.T) {
	p := newParser(t)
	for _, opening := range []string{
		"Delivery to the address below is delayed for more than 30 minutes.",
		"Please note that this is only a temporary failure report; nothing needs to be sent again.",
	} {
		msg := "From: MAILER-DAEMON@mx.example.net\nTo: sender@example.org\nSubject: Delivery status notification: warning\n\n" +
			opening + "\n\nuser@example.com: Network unreachable\n"
		if r, ok := parseBounce(t, p, opening, msg, 1); ok && r.Records[0].Action != "delayed" {
			t.Errorf("%s: action %q, want delayed", opening, r.Records[0].Action)
		}
	}
}

// A message that says it is a bounce but names no address, no reply and
// no returned copy is one only when sent the way a bounce is, from the
// null reverse-path or a mail system's mailbox; from a person's address it
// is mail dressed as a bounce.
func TestDressedAsBounce(t *testing.T) {
	p := newParser(t)
	body := "\nYour message could not be delivered.\nEach recipient was refused by the remote server.\nReason: invalid recipient\n"
	for rp, want := range map[string]string{
		"<>":                             KindBounce,
		"<MAILER-DAEMON@mx.example.net>": KindBounce,
		"<offers@example.net>":           KindNotMail,
	} {
		msg := "Return-Path: " + rp + "\nFrom: Mail Administrator <admin@example.net>\nTo: someone@example.org\nSubject: Returned mail: mail system error\n" + body
		if got := p.Parse([]byte(msg)).Kind; got != want {
			t.Errorf("Return-Path %s: kind %q, want %q", rp, got, want)
		}
	}
}

// A report listing each recipient with its action and status after the
// address ("addr; Failed; 5.2.2 (mailbox full)") gives them to the
// record, even when the reply quoted below carries another class's code.
func TestListedStatus(t *testing.T) {
	p := newParser(t)
	msg := "From: postmaster@mx.example.net\nTo: sender@example.org\nSubject: Delivery Notification: Delivery has failed\n\n" +
		"These recipients of your message have been processed by the mail server:\nuser@example.com; Failed; 5.2.2 (mailbox full)\n\n" +
		"    Remote MTA mx.example.com: SMTP diagnostic: 443 RCPT TO:<user@example.com> Mailbox disk quota exceeded\n"
	wantRecord(t, p, recordCase{name: "listed status", msg: msg, addr: "user@example.com", status: "5.2.2", action: "failed"})
	for _, rest := range []string{"Failed (mailbox full)", "see 5.2.2; below", "Failed; 443 quota", ""} {
		if a, s := listedStatus(rest); a != "" || s != "" {
			t.Errorf("listedStatus(%q) = %q, %q; want none", rest, a, s)
		}
	}
}
