package bounce

import "testing"

// A report holding the log of the delivery attempt (MDaemon's session
// transcript, each line opened by its date and time): the recipient's
// diagnostic is the log's outcome, not the message's details logged
// before it ("*  Subject: …"), which once made the whole log its text.
func TestLogOutcome(t *testing.T) {
	raw := "From: \"MDaemon at example.org\" <MDaemon@example.org>\r\n" +
		"To: sender@example.com\r\nSubject: Permanent Delivery Failure\r\n" +
		"Content-Type: text/plain\r\n\r\n" +
		"The attached message had PERMANENT fatal delivery errors.\r\n\r\n" +
		"--- Session Transcript ---\r\n" +
		" Wed 2013-09-11 12:22:04: Parsing message <pd50004034668.msg>\r\n" +
		" Wed 2013-09-11 12:22:04: *  From: sender@example.com\r\n" +
		" Wed 2013-09-11 12:22:04: *  To: staff@example.net\r\n" +
		" Wed 2013-09-11 12:22:04: *  Subject: your mailbox is full\r\n" +
		" Wed 2013-09-11 12:22:04: *  Route slip host: [mail.example.net]\r\n" +
		" Wed 2013-09-11 12:22:04: Resolving A record for [mail.example.net]...\r\n" +
		" Wed 2013-09-11 12:22:05: *  Name server reports domain name unknown\r\n" +
		"--- End Transcript ---\r\n"
	rep := newParser(t).Parse([]byte(raw))
	if len(rep.Records) != 1 || rep.Records[0].Recipient != "staff@example.net" {
		t.Fatalf("records %+v, want staff@example.net", rep.Records)
	}
	if got := rep.Records[0].Diagnostic; got != "Name server reports domain name unknown" {
		t.Errorf("diagnostic %q, want the log's last entry", got)
	}
	for _, c := range []struct {
		lines []string
		want  string
		ok    bool
	}{
		// The failure's reply, not the QUIT after it.
		{[]string{"Mon 2024-05-18 09:01:02: --> RCPT To:<a@example.net>", "Mon 2024-05-18 09:01:02: <-- 550 5.1.1 No such user", "Mon 2024-05-18 09:01:02: --> QUIT", "Mon 2024-05-18 09:01:03: <-- 221 Bye"}, "550 5.1.1 No such user", true},
		{[]string{"2024-05-18T09:01:02.123 connecting", "2024-05-18T09:01:09.001 Connection timed out"}, "Connection timed out", true},
		// Entries opened by the bracketed name of their source and a date
		// written with slashes (PostMan Server's).
		{[]string{"[MTA ] 2004/12/22 08:15:15 RCPT TO: <a@example.jp>", "[MTA ] 2004/12/22 08:15:15 550 Unknown user a@example.jp", "[MTA ] 2004/12/22 08:15:15 QUIT"}, "550 Unknown user a@example.jp", true},
		// Not a log: a line without a stamp, or one entry alone, or a
		// date whose separators differ.
		{[]string{"Wed 2013-09-11 12:22:04: Attempting SMTP connection", "550 refused"}, "", false},
		{[]string{"Wed 2013-09-11 12:22:04: Attempting SMTP connection"}, "", false},
		{[]string{"2013-09-11 connecting", "2013-09-11 refused"}, "", false},
		{[]string{"2013/09-11 12:22:04 connecting", "2013/09-11 12:22:05 refused"}, "", false},
		{[]string{"[a@example.jp] 2013/09/11 12:22:04 connecting", "[a@example.jp] 2013/09/11 12:22:05 refused"}, "", false},
	} {
		got, ok := logOutcome(c.lines)
		if got != c.want || ok != c.ok {
			t.Errorf("logOutcome(%q) = %q, %v; want %q, %v", c.lines, got, ok, c.want, c.ok)
		}
	}
}
