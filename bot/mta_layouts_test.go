package bot

import (
	"strings"
	"testing"
)

// The bounces Exim, qmail, dma, OpenSMTPD and Courier write themselves, without an
// RFC 3464 part: each recipient's block is read on its own, and the stage
// one block names ("after MAIL FROM") is not its neighbour's.
func TestDiagnoseMTAOwnLayouts(t *testing.T) {
	b := newTestBot(t)
	const hmailHead = "From: mailer-daemon@mx.example.org\nTo: sender@example.org\nSubject: Message undeliverable: hi\n\n" +
		"Your message did not reach some or all of the intended recipients.\n\n   Sent: Mon, 7 Dec 2026 10:00:00 +0100\n   Subject: hi\n\n" +
		"The following recipient(s) could not be reached:\n\n"
	const eximHead = "From: Mail Delivery System <Mailer-Daemon@mx.example.org>\nTo: sender@example.org\n" +
		"Subject: Mail delivery failed: returning message to sender\n\n" +
		"This message was created automatically by mail delivery software.\n\n" +
		"A message that you sent could not be delivered to one or more of its\n" +
		"recipients. This is a permanent error. The following address(es) failed:\n\n"
	const eximData = "  data@example.net\n    host mx.example.net [192.0.2.2]\n" +
		"    SMTP error from remote mail server after end of data:\n    550 Unknown user\n"
	const eximMail = "  mail@example.com\n    host mx.example.com [192.0.2.1]\n" +
		"    SMTP error from remote mail server after MAIL FROM:<sender@example.org> SIZE=2048:\n    550 Access denied\n"
	const eximNullMX = "  nullmx@example.org\n    an MX or SRV record indicated no SMTP service\n"
	for _, c := range []struct {
		name, msg string
		want      []string // recipient=reason
	}{
		{"exim, data block before a MAIL FROM block", eximHead + eximData + "\n" + eximMail + "\n" + eximNullMX,
			[]string{"data@example.net=filtered", "mail@example.com=rejected", "nullmx@example.org=notaccept"}},
		{"exim, MAIL FROM block before a data block", eximHead + eximMail + "\n" + eximData,
			[]string{"mail@example.com=rejected", "data@example.net=filtered"}},
		{"qmail-send", "From: MAILER-DAEMON@mx.example.org\nTo: sender@example.org\nSubject: failure notice\n\n" +
			"Hi. This is the qmail-send program at mx.example.org.\n" +
			"I'm afraid I wasn't able to deliver your message to the following addresses.\n" +
			"This is a permanent error; I've given up. Sorry it didn't work out.\n\n" +
			"<mail@example.com>:\nConnected to 192.0.2.1 but sender was rejected.\nRemote host said: 550 Access denied\n\n" +
			"<queue@example.net>:\nSorry, I wasn't able to establish an SMTP connection. (#4.4.1)\n" +
			"I'm not going to try again; this message has been in the queue too long.\n\n" +
			"<data@example.net>:\n192.0.2.9 failed after I sent the message.\nRemote host said: 554 Unknown user\n\n" +
			"--- Below this line is a copy of the message.\n\nSubject: hi\n",
			[]string{"mail@example.com=rejected", "queue@example.net=expired", "data@example.net=filtered"}},
		// qmail's own give-up sentence marks qmail, whose tag says the
		// queue lifetime ran out on a temporary reply, whatever its
		// words; a permanent reply it quotes is its own verdict.
		{"qmail-send, given up", "From: MAILER-DAEMON@mx.example.org\nTo: sender@example.org\nSubject: failure notice\n\n" +
			"Hi. This is the qmail-send program at mx.example.org.\n" +
			"I'm afraid I wasn't able to deliver your message to the following addresses.\n" +
			"This is a permanent error; I've given up. Sorry it didn't work out.\n\n" +
			"<spf@example.com>:\nConnected to 192.0.2.1 but sender was rejected.\n" +
			"Remote host said: 451 4.7.24 SPF check failed for sender\n" +
			"I'm not going to try again; this message has been in the queue too long.\n\n" +
			"<domain@example.net>:\nConnected to 192.0.2.2 but sender was rejected.\n" +
			"Remote host said: 553 5.1.8 Sender domain does not exist\n" +
			"I'm not going to try again; this message has been in the queue too long.\n\n" +
			"--- Below this line is a copy of the message.\n\nSubject: hi\n",
			[]string{"spf@example.com=expired", "domain@example.net=rejected"}},
		{"dma", "From: MAILER-DAEMON <>\nTo: sender@example.org\nSubject: Mail delivery failed\n\n" +
			"This is the DragonFly Mail Agent v0.13 at mx.example.org.\n\n" +
			"There was an error delivering your mail to <rcpt@example.com>.\n\n" +
			"mx.example.com [192.0.2.1] did not like our RCPT TO:\n550 Unknown user rcpt@example.com\n\n" +
			"Message headers follow.\nSubject: hi\n",
			[]string{"rcpt@example.com=userunknown"}},
		{"opensmtpd", "From: Mailer Daemon <MAILER-DAEMON@mx.example.org>\nTo: sender@example.org\n" +
			"Subject: Delivery status notification: error\n\n" +
			"    Hi!\n\n    This is the MAILER-DAEMON, please DO NOT REPLY to this email.\n\n" +
			"    An error has occurred while attempting to deliver a message for\n    the following list of recipients:\n\n" +
			"loop@example.com: Loop detected\nname@example.net: Invalid domain name\n\n" +
			"    Below is a copy of the original message:\n\nSubject: hi\n",
			[]string{"loop@example.com=networkerror", "name@example.net=hostunknown"}},
		{"courier", "From: Courier mail server at mx.example.org <@>\nTo: sender@example.org\n" +
			"Subject: NOTICE: mail delivery status.\n\n" +
			"This is a delivery status notification from mx.example.org,\nrunning the Courier mail server, version 1.1.0.\n\n" +
			"---------------------------------------------------------------------------\n\n" +
			"                           UNDELIVERABLE MAIL\n\n" +
			"Your message to the following recipients cannot be delivered:\n\n" +
			"<mail@example.com>:\n     mx.example.com [192.0.2.1]:\n >>> MAIL FROM:<sender@example.org>\n <<< 550 Access denied\n\n" +
			"<greet@example.net>:\n     mx.example.net [192.0.2.2]:\n >>> (initial greeting)\n <<< 554 mx.example.net ESMTP not accepting messages\n",
			[]string{"mail@example.com=rejected", "greet@example.net=blocked"}},
		// hMailServer names the command it sent before the remote reply
		// ("hMailServer sent: MAIL FROM:<…>", "Remote server replied: …"):
		// the reply is the text after its label, the command its stage;
		// "Tried N time(s)" after the entries it retried says it gave up.
		{"hmailserver", hmailHead +
			"mail@example.com\n   Error Type: SMTP\n   Remote server (192.0.2.1) issued an error.\n" +
			"   hMailServer sent: MAIL FROM:<sender@example.org>\n   Remote server replied: 550 No such user here\n\n" +
			"rcpt@example.net\n   Error Type: SMTP\n   Remote server (192.0.2.2) issued an error.\n" +
			"   hMailServer sent: RCPT TO:<rcpt@example.net>\n   Remote server replied: 550 Unknown user\n\n\nhMailServer\n",
			[]string{"mail@example.com=rejected", "rcpt@example.net=userunknown"}},
		{"hmailserver, given up", hmailHead +
			"queue@example.com\n   Error Type: SMTP\n   Remote server (192.0.2.1) issued an error.\n" +
			"   hMailServer sent: RCPT TO:<queue@example.com>\n   Remote server replied: 421 Service not available, closing channel\n\n" +
			"   Tried 3 time(s)\n\n\nhMailServer\n",
			[]string{"queue@example.com=expired"}},
	} {
		a := b.DiagnoseMessage([]byte(c.msg), "en")
		var got []string
		for _, d := range a.Diagnoses {
			got = append(got, d.Recipient+"="+d.Reason)
		}
		if strings.Join(got, " ") != strings.Join(c.want, " ") {
			t.Errorf("%s:\n got %v\nwant %v", c.name, got, c.want)
		}
	}
}
