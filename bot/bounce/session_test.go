package bounce

import (
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
