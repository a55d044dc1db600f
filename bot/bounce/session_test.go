package bounce

import (
	"strings"
	"testing"

	"github.com/smtpbot/smtpbot/internal/tabletest"
)

// TestAnsweredCommand checks the pairing of a transcript's replies with
// the commands they answer, in order, pipelined or not.
func TestAnsweredCommand(t *testing.T) {
	p := newParser(t)
	tabletest.Check2(t, "AnsweredCommand", p.AnsweredCommand, []struct{ A, B, Want string }{
		{"--> RCPT To:<a@example.com>\n<-- 250 2.1.5 Recipient OK\n--> DATA\n<-- 500 Message rejected", "500", "DATA"},
		{"Wed 08:01:19: --> RCPT To:<a@example.com> Wed 08:01:19: <-- 250 OK Wed 08:01:19: --> DATA Wed 08:01:30: <-- 500 Message rejected", "", "DATA"},
		{">>> MAIL From:<s@example.org>\n>>> RCPT To:<a@example.com>\n>>> DATA\n<<< 250 ok\n<<< 550 5.1.1 no such user\n<<< 554 no valid recipients", "550", "RCPT"},
		{">>> DATA\n<<< 354 go ahead\n<<< 554 5.7.1 refused as spam", "", CommandEndOfData},
		{">>> DATA\n<<< 354 go ahead\n>>> .\n<<< 554 5.7.1 refused as spam", "554", CommandEndOfData},
		{"<<< 554 no service here\n>>> QUIT\n<<< 221 bye", "554", CommandGreeting},
		{">>> RCPT TO:<a@example.com>\n<<< 550-5.1.1 line one\n<<< 550 5.1.1 line two", "", "RCPT"},
		{"[127.0.0.1]: >>> RCPT TO:<a@example.com> <<< 550 Sorry, no mailbox here by that name. (#5.1.1)", "", "RCPT"},
		{">>> RCPT TO:<a@example.com>\n<<< 250 ok", "", ""},
		{"host mx.example.com said: 550 5.1.1 unknown (in reply to RCPT TO command)", "550", ""},
		{"<<< 550 5.1.1 unknown", "", ""},
		{">>> RCPT TO:<a@example.com>\n<<< 550 unknown", "451", ""},
		// A delivery log without transcript marks (PostMan Server's), its
		// lines apart or joined: an entry opening with a code is a reply,
		// one opening with a command verb a command, the software's own
		// notes ("[End of Data]") neither.
		{"[MTA ] 2004/12/22 08:15:15 RCPT TO: <a@example.jp>\n[MTA ] 2004/12/22 08:15:15 250 ok\n[MTA ] 2004/12/22 08:15:15 DATA\n" +
			"[MTA ] 2004/12/22 08:15:15 354 go ahead\n[MTA ] 2004/12/22 08:15:15 [End of Data]\n[MTA ] 2004/12/22 08:15:15 550 Unknown user a@example.jp", "550", CommandEndOfData},
		{"[MTA ] 2004/12/22 08:15:15 220 ready [MTA ] 2004/12/22 08:15:15 MAIL FROM: <s@example.org> [MTA ] 2004/12/22 08:15:16 550 Unknown user", "", "MAIL"},
		{"2024-05-18 09:01:02 RCPT TO:<a@example.com> 2024-05-18 09:01:02 550 5.1.1 unknown", "", "RCPT"},
		{"2024-05-18 09:01:02 connecting to mx.example.com 2024-05-18 09:01:03 550 5.1.1 unknown", "", ""},
		{"2024-05-18 09:01:02 RCPT TO:<a@example.com> refused with 550", "", ""},
	})
}

// transcriptNotice is a report in text alone whose unmarked transcript
// names the recipient in its RCPT command, then the session's rest.
func transcriptNotice(session string) []byte {
	return []byte("From: MDaemon@mail.example.net\nTo: sender@example.net\nSubject: Permanent Delivery Failure\n\n" +
		"The attached message had PERMANENT fatal delivery errors!\n\n" +
		"After one or more unsuccessful delivery attempts the attached message has\nbeen removed from the mail queue on this server.\n\n" +
		"--- Session Transcript ---\n   MAIL From:<sender@example.net>\n   250 2.1.0 Sender ok\n" +
		"   RCPT To:<rcpt@example.com>\n" + session + "--- End Transcript ---\n")
}

// (The lines of a reply are joined into one, JoinReplies.)
// A success answering the command that names the recipient, which the
// session went on from, is one step of it: the delivery's outcome is the
// transcript's last failure reply, or, when nothing refused, the step no
// reply answered, with the report's own words before the transcript as
// what happened to it. A success the session ended at (QUIT) stays the
// recipient's reply.
func TestSessionOutcome(t *testing.T) {
	p := newParser(t)
	for _, c := range []struct{ session, diag, lead string }{
		{"   250 2.1.5 Recipient ok\n   DATA\n   354 Enter mail\n   Sending <c:\\q\\pd1.msg> to [192.0.2.30]\n",
			"Sending <c:\\q\\pd1.msg> to [192.0.2.30]", "unsuccessful delivery attempts"},
		{"   250 2.1.5 Recipient ok\n   DATA\n   354 Enter mail\n   554-5.7.1 Message refused\n   554 5.7.1 as spam\n   QUIT\n",
			"554 5.7.1 Message refused as spam", ""},
		{"   250 2.1.5 Recipient ok\n   QUIT\n", "250 2.1.5 Recipient ok QUIT", ""},
	} {
		r := p.Parse(transcriptNotice(c.session))
		if len(r.Records) != 1 {
			t.Errorf("%q: %d records", c.session, len(r.Records))
			continue
		}
		rec := r.Records[0]
		if rec.Diagnostic != c.diag {
			t.Errorf("%q: diagnostic %q, want %q", c.session, rec.Diagnostic, c.diag)
		}
		if c.lead != "" && !strings.Contains(rec.Lead, c.lead) || strings.Contains(rec.Lead, "250") {
			t.Errorf("%q: lead %q, want it to hold %q and no reply", c.session, rec.Lead, c.lead)
		}
	}
}
