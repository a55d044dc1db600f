package bounce

import (
	"strings"
	"testing"

	"github.com/smtpbot/smtpbot/internal/tabletest"
)

// postfixReport is a Postfix report's text, to hand on in the layouts
// people use.
const postfixReport = `This is the mail system at host mx.example.net.

I'm sorry to have to inform you that your message could not
be delivered to one or more recipients. It's attached below.

                   The mail system

<gone@example.com>: host mx.example.com[192.0.2.1] said: 550 5.1.1
    <gone@example.com>: Recipient address rejected: User unknown (in reply to
    RCPT TO command)
`

// quote writes text quoted depth times, the way mail clients do ("> > ",
// a bare ">" on an empty line).
func quote(text string, depth int) string {
	lines := strings.Split(strings.TrimRight(text, "\n"), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(strings.Repeat("> ", depth)+l, " ")
	}
	return strings.Join(lines, "\n") + "\n"
}

const listHeader = "From: Example Sender <sender@example.org>\nTo: list@example.com\nSubject: Re: Undelivered Mail Returned to Sender\n" +
	"List-Id: <dev.example.com>\nList-Unsubscribe: <mailto:dev-unsubscribe@example.com>\n\n"

// A bounce a person forwards inline or quotes, in a list post or a mail of
// their own, is read as the report it is: the failed recipient of the
// report inside, even when it is the outer message's own To (the list
// refused the post), never the person's addresses or words.
func TestHandedOnReport(t *testing.T) {
	p := newParser(t)
	gmailFwd := "---------- Forwarded message ---------\nFrom: Mail Delivery System <MAILER-DAEMON@mx.example.net>\n" +
		"Date: Tue, 4 Jun 2024 at 09:12\nSubject: Undelivered Mail Returned to Sender\nTo: <sender@example.org>\n\n\n"
	outlook := "-----Original Message-----\nFrom: Mail Delivery System <MAILER-DAEMON@mx.example.net>\nSent: Tuesday, June 4, 2024 9:12 AM\n" +
		"To: Example Sender <sender@example.org>\nSubject: Undelivered Mail Returned to Sender\n\n"
	own := "From: Example Sender <sender@example.org>\nTo: helpdesk@example.org\nSubject: Fwd: returned mail\n\n"
	note := "Can someone tell me why? I thought the mailbox was full. Reply to sender@example.org or helpdesk@example.org.\n\n"
	for _, c := range []struct{ name, msg string }{
		{"list, forwarded inline", listHeader + note + gmailFwd + postfixReport},
		{"list, quoted", listHeader + note + "On Tue, Mail Delivery System <MAILER-DAEMON@mx.example.net> wrote:\n" + quote(postfixReport, 1)},
		{"list, quoted three levels", listHeader + quote(note, 2) + quote(postfixReport, 3) + "\nThanks, I will check.\n"},
		{"list, Outlook block quoted", listHeader + "See below.\n\n" + quote(outlook+postfixReport, 2)},
		{"person, forwarded inline", own + note + gmailFwd + postfixReport},
		{"person, German Outlook", own + note + "-----Ursprüngliche Nachricht-----\nVon: Mail Delivery System <MAILER-DAEMON@mx.example.net>\n" +
			"Gesendet: Dienstag, 4. Juni 2024 09:12\nAn: sender@example.org\nBetreff: Undelivered Mail Returned to Sender\n\n" + postfixReport},
		{"person, Apple Mail", own + note + "Begin forwarded message:\n\nFrom: Mail Delivery System <MAILER-DAEMON@mx.example.net>\n" +
			"Subject: Undelivered Mail Returned to Sender\nDate: June 4, 2024 at 9:12:00 AM GMT+2\nTo: sender@example.org\n\n" + postfixReport},
	} {
		wantRecord(t, p, recordCase{name: c.name, msg: c.msg, addr: "gone@example.com", diag: "User unknown", without: "mailbox"})
	}
}

// A mail client that wraps a quoted line puts its tail on a line of its
// own without the quote marks: the tail is the quoted line's, and the
// quote goes on after it.
func TestQuotedLineWrapped(t *testing.T) {
	p := newParser(t)
	msg := listHeader + "I got this:\n\n" +
		" > <gone@example.com>: host mx.example.com[192.0.2.1] said: 550-5.7.26 Your \nemail has\n" +
		" >     been blocked because the sender is unauthenticated. 550 5.7.26 Gmail \nrequires\n" +
		" >     senders to authenticate (in reply to end of DATA command)\n\nAny idea?\n"
	// The second wrapped tail joined too.
	wantRecord(t, p, recordCase{name: "wrapped", msg: msg, addr: "gone@example.com", diag: "Your email has been blocked because the sender is unauthenticated.", without: "Any idea", also: "Gmail requires senders to authenticate"})
}

// A report pasted from Exchange without codes ("Delivery has failed to
// these recipients or groups") counts: it calls itself a failure and
// names each address with words of its own.
func TestQuotedReportWithoutCodes(t *testing.T) {
	p := newParser(t)
	msg := listHeader + "No, the addresses you used bounce:\n\n" + quote("Delivery has failed to these recipients or groups:\n\n"+
		"first@example.com<mailto:first@example.com>\nThe email address you entered couldn't be found. Please check the recipient's email address and try to resend the message.\n\n\n"+
		"second@example.com<mailto:second@example.com>\nThe email address you entered couldn't be found. Please check the recipient's email address and try to resend the message.\n", 1)
	r, ok := parseBounce(t, p, "exchange paste", msg, 2)
	if ok && (r.Records[0].Recipient != "first@example.com" || r.Records[1].Recipient != "second@example.com" || !strings.Contains(r.Records[1].Diagnostic, "couldn't be found") || strings.Contains(r.Records[0].Diagnostic, "mailto")) {
		t.Errorf("records %+v, want first@ and second@ with their words, not the link to the address", r.Records)
	}
}

// A bounce attached (message/rfc822) to a person's forward is read as the
// report: its failed recipient, not the person's note nor the address the
// attached bounce was sent to.
func TestAttachedBounceForwarded(t *testing.T) {
	p := newParser(t)
	msg := "From: Example Sender <sender@example.org>\nTo: helpdesk@example.org\nSubject: Fwd: Undelivered Mail Returned to Sender\n" +
		"MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=B\n\n--B\nContent-Type: text/plain\n\nMy mail to <boss@example.org> came back, see attached.\n\n" +
		"--B\nContent-Type: message/rfc822\n\nFrom: Mail Delivery System <MAILER-DAEMON@mx.example.net>\nTo: sender@example.org\n" +
		"Subject: Undelivered Mail Returned to Sender\n\n" + postfixReport + "\n--B--\n"
	wantRecord(t, p, recordCase{name: "attached", msg: msg, addr: "gone@example.com", diag: "User unknown", without: "attached"})
}

// What a person hands on that is no failure report stays what it is: a
// forwarded automatic reply is one, a forwarded read receipt or a scam
// dressed as a delivery notice names no failed recipient, and a list post
// that quotes a discussion of bounces without a report reports none.
func TestHandedOnNoReport(t *testing.T) {
	p := newParser(t)
	own := "From: Example Sender <sender@example.org>\nTo: helpdesk@example.org\nSubject: Fwd: Quote\n\nIs this an error?\n\n"
	for _, c := range []struct{ name, msg, want string }{
		{"automatic reply", own + "---------- Forwarded message ---------\nFrom: Buyer <buyer@example.net>\nDate: Tue, 14 May 2024\n" +
			"Subject: Automatic reply: Quote\nTo: <sender@example.org>\n\n\nThank you for your email. I'm currently out of the office until 21 May.\n", KindAutoreply},
		{"automatic acknowledgement", own + "---------- Forwarded message ---------\nFrom: Ben <ben@example.net>\nDate: Wed, 15 Jun 2022\n" +
			"Subject: Re: [repo] Update README.md (PR #1)\nTo: <reply@example.org>\n\n\n感谢来信，收到后会尽快给您答复。Thanks, I will write back soon.\n", KindAutoreply},
		{"read receipt", own + "---------- Forwarded message ---------\nFrom: Client <client@example.net>\nDate: Thu, 3 Oct 2019\n" +
			"Subject: Return Receipt (displayed)\nTo: <sender@example.org>\n\n\nThis is a Return Receipt for the mail that you sent to client@example.net with subject \"Invoice\".\n" +
			"Note: This Return Receipt only acknowledges that the message was displayed on the recipient's computer.\n", KindNotMail},
		{"scam", own + "Begin forwarded message:\n\nFrom: Mail Delivery System <admin@example.com>\nSubject: Delivery Notification: 5 messages to sender@example.org delayed\n" +
			"Date: March 9, 2020\nTo: sender@example.org\n\nMail Delivery SystemDear sender@example.org\nYou have (5) new unread pending message.\nClick Here to Read sender@example.org\n", KindNotMail},
		{"list talk", listHeader + "On Mon, Example Admin wrote:\n> Mail to <user@example.net> bounced because the mailbox was full,\n> please write to postmaster@example.com about it.\n\nI will.\n", KindNotMail},
	} {
		if r := p.Parse([]byte(c.msg)); r.Kind != c.want || len(r.Records) != 0 {
			t.Errorf("%s: kind %q, records %+v; want %q", c.name, r.Kind, r.Records, c.want)
		}
	}
}

// A person may hand on a notice and answer a message below it, quoted
// under its attribution line: that quote is the correspondent's words,
// never the notice's. The notice says what happened; when it names the
// failed address only by a group's name, the one address the quoted
// message names is where the message went.
func TestNoticeAboveReplyQuote(t *testing.T) {
	p := newParser(t)
	own := "From: Example Sender <sender@example.org>\nTo: Example Admin <admin@example.net>\nSubject: Fwd: Delivery Status Notification (Failure)\n\nStill failing:\n\n"
	notice := "We could not post your message: the group you wrote to (team) may not exist, or you may not have permission to post messages to it.\n\n"
	for name, msg := range map[string]string{
		"forwarded with a header block": own + "---------- Forwarded message ---------\nFrom: Mail Delivery Subsystem <mailer-daemon@mx.example.net>\n" +
			"Subject: Delivery Status Notification (Failure)\n\n" + notice,
		"pasted without one": own + notice,
	} {
		msg += "On Tue, 3 Jul 2018 at 13:00, Example Admin wrote:\n> Could you send another message to team@example.com and see\n> if the error comes back?\n"
		wantRecord(t, p, recordCase{name: name, msg: msg, addr: "team@example.com", diag: "permission to post", without: "Could you"})
	}
	// Where the quote starts: an attribution line ending in a colon above
	// quoted lines that run to the end; not a transcript's client lines,
	// nor quoted lines the text goes on after.
	tabletest.CheckMap(t, "text before the reply quote", func(text string) string { return text[:p.replyQuote(text)] }, map[string]string{
		"Notice.\nOn Tue, Admin wrote:\n> question?\n>\n":                     "Notice.\n",
		"Notice.\nDnia 2018-07-03 Admin napisał(a):\n> pytanie?\n":            "Notice.\n",
		"Notice.\nmx.example.com [192.0.2.1]:\n>>> RCPT TO:<a@example.com>\n": "Notice.\nmx.example.com [192.0.2.1]:\n>>> RCPT TO:<a@example.com>\n",
		"Notice.\nOn Tue, Admin wrote:\n> question?\nMy answer.\n":            "Notice.\nOn Tue, Admin wrote:\n> question?\nMy answer.\n",
		"Notice.\n> quoted without attribution\n":                             "Notice.\n> quoted without attribution\n",
	})
}

// The quote level of a line: marks with or without spaces between them,
// one space after the last one theirs; a line without marks has none.
func TestQuoteLevel(t *testing.T) {
	p := newParser(t)
	level := func(line string) (depth int, rest string) {
		d, s := p.quoteLevel(line, maxQuoteDepth)
		return d, line[s:]
	}
	tabletest.CheckBoth(t, "quote level and rest", level, []struct {
		In string
		A  int
		B  string
	}{
		{"> text", 1, "text"}, {"> > >>  indented", 4, " indented"}, {" > text", 1, "text"}, {">", 1, ""},
		{"text > not a mark", 0, "text > not a mark"}, {"    > code", 0, "    > code"},
	})
}

// A report whose line ends were lost writes its section title and the
// first address on one line: the address opens its entry.
func TestSectionTitleJoined(t *testing.T) {
	msg := "From: Mail Delivery Subsystem <MAILER-DAEMON@mx.example.net>\nTo: sender@example.org\nSubject: Returned mail: see transcript for details\n\n" +
		"----- The following addresses had permanent fatal errors -----<boss@example.jp>\u3000(reason: 550 5.7.1 Service unavailable, Client host [192.0.2.10] blocked using Spamhaus)\n"
	wantRecord(t, newParser(t), recordCase{name: "joined title", msg: msg, addr: "boss@example.jp", diag: "blocked using Spamhaus"})
}

// Hostile layouts end in time and without a crash: thousands of quote
// levels and separator lines, a quote that never ends.
func TestHandoverHostile(t *testing.T) {
	p := newParser(t)
	for _, body := range []string{
		strings.Repeat(">", 100000) + " x\n",
		strings.Repeat("-----Original Message-----\nFrom: a@b.example\nSubject: x\n", 5000),
		strings.Repeat("> >\n", 50000) + "> " + postfixReport,
		strings.Repeat("a\n> > > x\n", 20000),
		strings.Repeat("> This is the mail system at host x.\n", 20000),
		strings.Repeat("-- >8 --\nx\n", 20000),
		"text\n" + strings.Repeat("```\n    a@b.example 550\n", 20000),
		"text\n" + strings.Repeat("x\n\t<a@b.example> 550 5.1.1 no\n", 20000),
	} {
		r := p.Parse([]byte(listHeader + body))
		if r.Kind == "" {
			t.Errorf("no kind for a hostile layout of %d bytes", len(body))
		}
	}
}

// A report a person pastes unquoted into a list post is handed on too; a
// report of its own from a sender that is no mail system's mailbox, with a
// session transcript whose ">>>" marks read like quotes, stays read whole.
func TestReportOutsideQuotes(t *testing.T) {
	p := newParser(t)
	wantRecord(t, p, recordCase{name: "list paste", msg: listHeader + "I got this error, why?\n\n" + postfixReport + "\nThanks!\n", addr: "gone@example.com", diag: "User unknown", without: "Thanks"})
	msg := "From: Mail Delivery Agent <mda@mx.example.net>\nTo: sender@example.org\nSubject: Returned mail: see transcript for details\n\n" +
		"The original message was received at Tue, 4 Jun 2024 09:12:00 +0200\n\n" +
		"   ----- The following addresses had permanent fatal errors -----\n<a@x.example>\n    (reason: 550 5.1.1 User unknown)\n<b@y.example>\n    (reason: 552 5.2.2 Mailbox full)\n\n" +
		"   ----- Transcript of session follows -----\n... while talking to mx.x.example.:\n>>> RCPT To:<a@x.example>\n<<< 550 5.1.1 User unknown\n" +
		">>> RCPT To:<b@y.example>\n<<< 552 5.2.2 Mailbox full\n>>> DATA\n<<< 554 5.5.1 No valid recipients\n"
	if r, ok := parseBounce(t, p, "transcript", msg, 2); ok && (r.Records[0].Recipient != "a@x.example" || r.Records[1].Recipient != "b@y.example") {
		t.Errorf("records %+v, want a@ then b@", r.Records)
	}
}

// A report a person pastes unquoted into their own words, in a list post
// or a mail of their own, is handed on when its block is marked as a
// paste: between two cut lines (scissors or words) or two fences, or
// indented under their words. The report's recipient and reply are read,
// never the person's addresses, codes or words around the block.
func TestPastedReport(t *testing.T) {
	p := newParser(t)
	gateway := "The following message to <gone@example.com> was undeliverable.\nThe reason for the problem:\n" +
		"5.1.0 - Unknown address error 550-'5.1.1 The account you mailed does not exist here'\n"
	exchange := "   gone@example.com\n   EX1.mail.example.net\n   Remote Server returned '550 5.4.1 Recipient address rejected: Access\n   denied. AS(1234)'\n"
	own := "From: Example Sender <sender@example.org>\nTo: helpdesk@example.org\nSubject: Returned mail\n\n"
	note := "Our old colleague's address is bouncing:\n\n"
	after := "\nPlease drop our colleague too; my last mail to <old@example.org> got 550 5.2.2 as well.\nThanks\n"
	for _, c := range []struct{ name, msg, diag string }{
		{"list, scissors", listHeader + note + "===========8<-----------\n" + gateway + "===========8<-----------\n" + after, "5.1.1 The account you mailed does not exist"},
		{"person, git scissors", own + note + "-- >8 --\n" + gateway + "-- >8 --\n" + after, "5.1.1 The account you mailed does not exist"},
		{"list, cut here", listHeader + note + "----- cut here -----\n" + gateway + "----- cut here -----\n" + after, "5.1.1 The account you mailed does not exist"},
		{"list, fence", listHeader + note + "```text\n" + gateway + "```\n" + after, "5.1.1 The account you mailed does not exist"},
		{"list, indented", listHeader + note + exchange + after, "550 5.4.1 Recipient address rejected: Access denied. AS(1234)"},
		{"person, indented in a quote", own + "Is this still broken?\n\n> " + note + "> \n" + quote(exchange, 1) + after, "550 5.4.1 Recipient address rejected: Access denied. AS(1234)"},
	} {
		wantRecord(t, p, recordCase{name: c.name, msg: c.msg, addr: "gone@example.com", diag: c.diag, without: "colleague"})
	}
}

// A person's own words about a bounce, with an address and a reply code
// but no pasted block, stay a person's message: a sentence, an indented
// block with no reply (a patch's context), a text indented throughout, a
// single cut line with their words under it.
func TestPastedNoReport(t *testing.T) {
	p := newParser(t)
	talk := "My mail to <user@example.net> bounced with 550 5.1.1 User unknown yesterday.\n"
	for _, c := range []struct{ name, msg string }{
		{"sentence", listHeader + "Hi,\n\n" + talk + "\nAny idea?\n"},
		{"patch context", listHeader + "Update the maintainer.\n\n ENTRY\n-M:\tOld Name <user@example.net>\n+M:\tNew Name <new@example.org>\n  S:\tMaintained\n  L:\tlist@example.com\n"},
		{"indented throughout", listHeader + "  Hi,\n\n  " + talk + "  Any idea?\n"},
		{"one cut line", listHeader + "Discussion above.\n-- >8 --\n" + talk},
	} {
		if r := p.Parse([]byte(c.msg)); r.Kind != KindNotMail || len(r.Records) != 0 {
			t.Errorf("%s: kind %q, records %+v; want %q", c.name, r.Kind, r.Records, KindNotMail)
		}
	}
}

// A cut line is a cut marker drawn with separator marks; a marker in a
// sentence or without marks is no cut line.
func TestCutLine(t *testing.T) {
	p := newParser(t)
	for line, want := range map[string]bool{
		"===========8<-----------": true, "-- >8 --": true, "----- cut here -----": true, "--- snip ---": true,
		"8<": false, "[snip]": false, "cut here and paste it": false, "---------------": false, "-- 8-) --": false,
	} {
		if got := p.cutLine(line); got != want {
			t.Errorf("cutLine(%q) = %v, want %v", line, got, want)
		}
	}
}
