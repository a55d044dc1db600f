package bounce

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/smtpbot/smtpbot/catalog/catalogtest"
	"github.com/smtpbot/smtpbot/internal/tabletest"
)

func newParser(t testing.TB) *Parser {
	t.Helper()
	return New(catalogtest.Load(t).Bounce())
}

// parseBounce parses msg and returns its report. A message not read as a
// bounce naming n recipients fails the test, reported under what, and ok
// is false.
func parseBounce(t testing.TB, p *Parser, what, msg string, n int) (r Report, ok bool) {
	t.Helper()
	r = p.Parse([]byte(msg))
	if r.Kind != KindBounce || len(r.Records) != n {
		t.Errorf("%s: kind %q, %d records %+v; want a bounce of %d", what, r.Kind, len(r.Records), r.Records, n)
		return r, false
	}
	return r, true
}

// corpus reads a file of the Sisimai sample set.
func corpus(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("../../tests/sisimai/testdata/eml/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

const dsnMessage = `From: Mail Delivery System <MAILER-DAEMON@mx.example.net>
To: sender@example.org
Subject: Undelivered Mail Returned to Sender
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="B1"

--B1
Content-Type: text/plain; charset=us-ascii

This is the mail system at host mx.example.net.

--B1
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.net

Final-Recipient: rfc822; one@example.com
Original-Recipient: rfc822;one@example.com
Action: failed
Status: 5.1.1
Remote-MTA: dns; mx.example.com
Diagnostic-Code: smtp; 550 5.1.1 <one@example.com>: Recipient address
    rejected: User unknown in virtual mailbox table

Final-Recipient: rfc822; two@example.com
Action: delayed
Status: 4.4.1
Diagnostic-Code: X-Postfix; connect to mx.example.com[192.0.2.1]:25: Connection timed out

Final-Recipient: rfc822; three@example.com
Action: delivered
Status: 2.0.0

--B1
Content-Type: message/rfc822

From: sender@example.org
To: one@example.com, two@example.com

hello
--B1--
`

// recordCase is a bounce naming one failed recipient and what its record
// must hold: the recipient's address, a diagnostic holding diag and, when
// without is set, not holding it (a layout's mark or a note on the
// address); when set, a diagnostic starting with prefix and holding also
// too; lead, status and action, when set, are the record's own.
type recordCase struct {
	name, msg            string
	addr, diag, without  string
	prefix, also         string
	lead, status, action string
}

// wantRecord parses c.msg as a bounce with one failed recipient and checks
// its record against c.
func wantRecord(t *testing.T, p *Parser, c recordCase) {
	t.Helper()
	r, ok := parseBounce(t, p, c.name, c.msg, 1)
	if !ok {
		return
	}
	rec := r.Records[0]
	if rec.Recipient != c.addr || !strings.Contains(rec.Diagnostic, c.diag) || c.without != "" && strings.Contains(rec.Diagnostic, c.without) {
		t.Errorf("%s: recipient %q diagnostic %q, want %s with %q and without %q", c.name, rec.Recipient, rec.Diagnostic, c.addr, c.diag, c.without)
	}
	if !strings.HasPrefix(rec.Diagnostic, c.prefix) || !strings.Contains(rec.Diagnostic, c.also) {
		t.Errorf("%s: diagnostic %q, want it to start with %q and hold %q", c.name, rec.Diagnostic, c.prefix, c.also)
	}
	for _, f := range []struct{ field, got, want string }{{"lead", rec.Lead, c.lead}, {"status", rec.Status, c.status}, {"action", rec.Action, c.action}} {
		if f.want != "" && f.got != f.want {
			t.Errorf("%s: %s %q, want %q", c.name, f.field, f.got, f.want)
		}
	}
}

func TestDSN(t *testing.T) {
	p := newParser(t)
	r, ok := parseBounce(t, p, "postfix DSN", dsnMessage, 2)
	if !ok {
		return
	}
	one, two := r.Records[0], r.Records[1]
	if one.Recipient != "one@example.com" || one.Action != "failed" || one.Status != "5.1.1" || one.ReplyCode != "550" ||
		one.RemoteMTA != "mx.example.com" || one.ReportingMTA != "mx.example.net" ||
		one.Diagnostic != "550 5.1.1 <one@example.com>: Recipient address rejected: User unknown in virtual mailbox table" {
		t.Errorf("first record %+v", one)
	}
	if two.Recipient != "two@example.com" || two.Action != "delayed" || two.Status != "4.4.1" || !strings.HasPrefix(two.Diagnostic, "connect to") {
		t.Errorf("second record %+v", two)
	}
	if r.MTA != "postfix" {
		t.Errorf("MTA %q, want postfix", r.MTA)
	}
}

// Mac (CR) and DOS (CRLF) line ends give the same report as Unix ones.
func TestLineEnds(t *testing.T) {
	p := newParser(t)
	for _, name := range []string{"lhost-postfix-01.eml", "lhost-exim-01.eml", "lhost-qmail-04.eml", "lhost-dragonfly-01.eml"} {
		raw := bytes.ReplaceAll(bytes.ReplaceAll(corpus(t, name), []byte("\r\n"), []byte("\n")), []byte("\r"), []byte("\n"))
		want := p.Parse(raw)
		if want.Kind != KindBounce || len(want.Records) == 0 {
			t.Fatalf("%s: kind %q, %d records", name, want.Kind, len(want.Records))
		}
		for _, end := range []string{"\r\n", "\r"} {
			got := p.Parse(bytes.ReplaceAll(raw, []byte("\n"), []byte(end)))
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("%s with %q line ends:\n got %+v\nwant %+v", name, end, got, want)
			}
		}
	}
}

// Quoted-printable and base64 parts, encoded words and a non-UTF-8 charset
// are decoded by go-message before the report is read.
func TestEncodings(t *testing.T) {
	p := newParser(t)
	msg := "From: =?ISO-8859-1?Q?Syst=E8me?= <mailer-daemon@example.net>\n" +
		"To: s@example.org\nSubject: =?UTF-8?B?VW5kZWxpdmVyZWQgbWFpbA==?=\nMIME-Version: 1.0\n" +
		"Content-Type: multipart/report; report-type=delivery-status; boundary=X\n\n" +
		"--X\nContent-Type: text/plain; charset=iso-8859-1\nContent-Transfer-Encoding: quoted-printable\n\n" +
		"Le message n'a pas pu =EAtre remis =E0 <r=E9@example.com>.\n" +
		"--X\nContent-Type: message/delivery-status\nContent-Transfer-Encoding: base64\n\n" +
		"RmluYWwtUmVjaXBpZW50OiByZmM4MjI7IGJvYkBleGFtcGxlLmNvbQpBY3Rpb246IGZhaWxlZApTdGF0dXM6IDUuMi4yCkRpYWdub3N0aWMtQ29kZTogc210cDsgNTUyIDUuMi4yIE1haWxib3ggZnVsbAo=\n" +
		"--X--\n"
	r, ok := parseBounce(t, p, "encoded parts", msg, 1)
	if r.Subject != "Undelivered mail" {
		t.Errorf("subject %q", r.Subject)
	}
	if ok && (r.Records[0].Recipient != "bob@example.com" || r.Records[0].Status != "5.2.2" || r.Records[0].Diagnostic != "552 5.2.2 Mailbox full") {
		t.Errorf("records %+v", r.Records)
	}
	// ISO-2022-JP text (a Japanese MTA's own report) is read as UTF-8.
	jp := p.Parse(corpus(t, "lhost-kddi-03.eml"))
	if len(jp.Records) != 1 || jp.Records[0].Recipient != "kijitora@00000000000000.dion.ne.jp" || !strings.Contains(jp.Records[0].Diagnostic, "mailbox is full") {
		t.Errorf("kddi: %+v", jp.Records)
	}
}

// Without a DSN part, recipients come from the structure of the MTA's text.
func TestStructure(t *testing.T) {
	p := newParser(t)
	for _, tc := range []struct{ name, msg, rcpt, diag string }{
		{"address alone, indented text (Exim)", "From: Mail Delivery System <Mailer-Daemon@a.example>\nTo: s@b.example\nSubject: Mail delivery failed\n\n" +
			"A message that you sent could not be delivered to one or more of its\nrecipients. The following address(es) failed:\n\n" +
			"  rcpt@c.example\n    host mx.c.example [192.0.2.2]\n    SMTP error from remote mail server after RCPT TO:<rcpt@c.example>:\n    550 5.1.1 No such user\n",
			"rcpt@c.example", "host mx.c.example [192.0.2.2] SMTP error from remote mail server after RCPT TO:<rcpt@c.example>: 550 5.1.1 No such user"},
		{"<addr>: paragraph (qmail)", "From: MAILER-DAEMON@a.example\nTo: s@b.example\nSubject: failure notice\n\n" +
			"Hi. This is the qmail-send program at a.example.\nI'm afraid I wasn't able to deliver your message to the following addresses.\n\n" +
			"<x@c.example>:\n192.0.2.3 does not like recipient.\nRemote host said: 550 no mailbox here by that name\nGiving up on 192.0.2.3.\n\n--- Below this line is a copy of the message.\n\nTo: y@d.example\n",
			"x@c.example", "192.0.2.3 does not like recipient. Remote host said: 550 no mailbox here by that name Giving up on 192.0.2.3."},
		{"lead phrase", "From: postmaster@a.example\nTo: s@b.example\nSubject: Delivery failure\n\nYour message could not be delivered to: <z@c.example>\nMailbox is full.\n",
			// The sentence the address ends is part of what the report says.
			"z@c.example", "Your message could not be delivered to: <z@c.example> Mailbox is full."},
		// An application's automatic notice quoting a sending service's
		// API error, the list of addresses it refused after the words
		// saying what they are (Postmark's "Found inactive addresses:"),
		// a JSON string's escaped line break before them.
		{"lead phrase in an API error", "From: App <noreply@a.example>\nTo: s@b.example\nSubject: Email not sent\nAuto-Submitted: auto-generated\n\n" +
			"The email service answered:\n" + `{"ErrorCode":406,"Message":"You tried to send to a recipient that has been marked as inactive.\nFound inactive addresses: q@c.example.\nInactive recipients are ones that have generated a hard bounce or a spam complaint."}` + "\n",
			"q@c.example", "The email service answered: " + `{"ErrorCode":406,"Message":"You tried to send to a recipient that has been marked as inactive.\nFound inactive addresses: q@c.example.\nInactive recipients are ones that have generated a hard bounce or a spam complaint."}`},
	} {
		if r, ok := parseBounce(t, p, tc.name, tc.msg, 1); ok && (r.Records[0].Recipient != tc.rcpt || r.Records[0].Diagnostic != tc.diag) {
			t.Errorf("%s: records %+v", tc.name, r.Records)
		}
	}
}

func TestJSONNotification(t *testing.T) {
	p := newParser(t)
	msg := "From: no-reply@sns.amazonaws.com\nTo: s@b.example\nSubject: AWS Notification Message\n\n" +
		`{"notificationType":"Bounce","bounce":{"bounceType":"Permanent","bouncedRecipients":[{"emailAddress":"q@c.example","action":"failed","status":"5.1.1","diagnosticCode":"smtp; 550 5.1.1 user unknown"}],"reportingMTA":"dsn; a.example"}}` + "\n"
	if r, ok := parseBounce(t, p, "SES notification", msg, 1); ok && (r.Records[0].Recipient != "q@c.example" || r.Records[0].Status != "5.1.1" || r.Records[0].Diagnostic != "550 5.1.1 user unknown") {
		t.Errorf("%+v", r)
	}
}

// A receipt in a mail system's own format, marked by a header field's
// value (bounce.json delivered_headers): Italian certified mail's
// delivery receipt ("X-Ricevuta: avvenuta-consegna") is a delivered
// notice whatever its text says; another receipt type of the same field
// (a delivery error) is none.
func TestDeliveredHeader(t *testing.T) {
	p := newParser(t)
	receipt := func(kind string) string {
		return "From: posta-certificata@pec.example.net\nTo: s@b.example\nSubject: CONSEGNA: offerta\nX-Ricevuta: " + kind +
			"\n\nIl messaggio \"offerta\" proveniente da \"s@b.example\"\nindirizzato a:\nd@e.example\nè stato consegnato.\n"
	}
	if r := p.Parse([]byte(receipt("Avvenuta-Consegna "))); r.Kind != KindDelivered || len(r.Records) != 0 {
		t.Errorf("avvenuta-consegna: kind %q, records %+v; want %q", r.Kind, r.Records, KindDelivered)
	}
	if r := p.Parse([]byte(receipt("errore-consegna"))); r.Kind == KindDelivered {
		t.Errorf("errore-consegna: kind %q, want no delivery notice", r.Kind)
	}
}

func TestNotBounce(t *testing.T) {
	p := newParser(t)
	for _, tc := range []struct{ kind, msg string }{
		{KindAutoreply, "From: a@b.example\nTo: c@d.example\nSubject: Out of Office: meeting\nAuto-Submitted: auto-replied\n\nI am away until Monday.\n"},
		{KindAutoreply, "From: a@b.example\nTo: c@d.example\nSubject: Automatic reply: hello\n\nI am away.\n"},
		{KindFeedback, "From: fbl@b.example\nTo: c@d.example\nSubject: complaint\nMIME-Version: 1.0\nContent-Type: multipart/report; report-type=feedback-report; boundary=F\n\n--F\nContent-Type: text/plain\n\nThis is an abuse report.\n--F\nContent-Type: message/feedback-report\n\nFeedback-Type: abuse\nUser-Agent: x/1.0\nVersion: 1\n--F--\n"},
		{KindDelivered, strings.Replace(strings.Replace(dsnMessage, "Action: failed", "Action: delivered", 1), "Action: delayed", "Action: relayed", 1)},
		// A filtering service's receipt without delivery-status fields,
		// an automatic message (Auto-Submitted) saying it delivered.
		{KindDelivered, "From: receipts@b.example\nTo: c@d.example\nSubject: Receipt\nAuto-Submitted: auto-replied\n\nYour email to Jane (j@e.example) has been checked by our filter and delivered successfully.\n"},
		{KindDelivered, "From: receipts@b.example\nTo: c@d.example\nSubject: Delivery Receipt\n\nHello.\n"},
		{KindNotMail, "hello, is 550 a hard bounce?"},
		{KindNotMail, ""},
		{KindNotMail, "From: a@b.example\nTo: c@d.example\nSubject: lunch\n\nSee you at noon.\n"},
		// An auto-reply without any header of its own, keeping the Subject
		// it answers: its opening says what it is.
		{KindAutoreply, "From: a@b.example\nTo: c@d.example\nSubject: Re: [repo] fix (#1)\n\nThank you for your email. I am out of the office this week.\n"},
		{KindAutoreply, "From: a@b.example\nTo: c@d.example\nSubject: Re: test\n\n这是来自QQ邮箱的假期自动回复邮件。\n"},
		// A Chinese automatic acknowledgement that never calls itself an
		// automatic reply: it says the mail is in and promises an answer
		// soon (the templates QQ Mail and NetEase users set).
		{KindAutoreply, "From: a@b.example\nTo: c@d.example\nSubject: Re: [repo] fix (#1)\n\n您好，邮件已收到，我会尽快给您回复。\n"},
		{KindAutoreply, "From: a@b.example\nTo: c@d.example\nSubject: Re: [repo] fix (#1)\n\n谢谢，信已进我的邮箱，收到后会尽快给您答复。Thanks, I will answer soon.\n"},
		// The same in Indonesian and Malay, and auto-replies calling
		// themselves so in Indonesian, Malay and Thai (bounce.json
		// autoreply_phrases).
		{KindAutoreply, "From: a@b.example\nTo: c@d.example\nSubject: Re: jadwal rapat\n\nPesan Anda sudah kami terima, kami akan segera membalas.\n"},
		{KindAutoreply, "From: a@b.example\nTo: c@d.example\nSubject: Re: sebut harga\n\nTerima kasih. Saya akan membalas secepat mungkin.\n"},
		{KindAutoreply, "From: a@b.example\nTo: c@d.example\nSubject: Re: invoice\n\nBalasan otomatis: saya sedang cuti hingga hari Senin.\n"},
		{KindAutoreply, "From: a@b.example\nTo: c@d.example\nSubject: Re: invoice\n\nข้อความตอบกลับอัตโนมัติ ขณะนี้ไม่อยู่ที่สำนักงาน\n"},
		// A challenge-response filter's request that the sender confirm
		// before the message is passed on: an automatic reply holding the
		// message, no failure (1USA's "Friends Challenge" wording, its
		// phrase split by a line break); the same request in a person's
		// own words is no automatic reply.
		{KindAutoreply, "From: c@d.example\nTo: a@b.example\nSubject: Re: agenda\n\nHi. If you would like to send me an email, please Confirm via this web page:\nhttps://confirm.example/k=19\nc@d.example will receive the original message after\nyou Confirm. No phone calls necessary.\n"},
		{KindNotMail, "From: c@d.example\nTo: a@b.example\nSubject: Re: agenda\n\nHi. Could you confirm the agenda on this web page before Monday?\nhttps://confirm.example/k=19\n"},
		// A person asking for an answer soon is no acknowledgement.
		{KindNotMail, "From: a@b.example\nTo: c@d.example\nSubject: 问题\n\n服务器退信了，请尽快回复。\n"},
		{KindNotMail, "From: a@b.example\nTo: c@d.example\nSubject: tanya\n\nEmail saya ditolak server, mohon dibalas sesegera mungkin.\n"},
		// The phrase far down a long message is not its opening.
		{KindNotMail, "From: a@b.example\nTo: c@d.example\nSubject: notes\n\n" + strings.Repeat("Minutes of the meeting. ", 40) + "Bob is out of the office.\n"},
		// A feedback-loop report without its message/feedback-report
		// part, from a postmaster address: not a bounce without recipient.
		{KindFeedback, "From: AOL Postmaster <scomp@b.example>\nTo: c@d.example\nSubject: Email Feedback Report for IP 192.0.2.1\n\nThis is an email abuse report for an email message received from IP address 192.0.2.1.\n"},
		// Microsoft's complaint report in its own layout: the reported
		// message attached, no text and no feedback-report part; its
		// Subject says what it is.
		{KindFeedback, "From: staff@b.example\nTo: c@d.example\nSubject: complaint about message from 192.0.2.1\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=M\n\n--M\nContent-Type: message/rfc822\n\nFrom: e@f.example\nTo: g@h.example\nSubject: offer\n\nhello\n--M--\n"},
		// A host's notice passing on a complaint it got through a feedback
		// loop, in its own words and under its own Subject.
		{KindFeedback, "From: abuse@b.example\nTo: c@d.example\nSubject: Notice\n\nWe have received a complaint via a Feedback Loop (FBL) for an email that was sent from your IP 192.0.2.1.\n"},
		// A JSON notification says by its own type what it reports
		// (json_fields type): a complaint or a delivery, whatever
		// recipient, status or response fields it holds.
		{KindFeedback, "From: no-reply@sns.amazonaws.com\nTo: c@d.example\nSubject: AWS Notification Message\n\n" +
			`{"notificationType":"Complaint","complaint":{"complainedRecipients":[{"emailAddress":"r@f.example"}],"userAgent":"AOL SComp","complaintFeedbackType":"abuse"},"mail":{"source":"bounces@b.example","destination":["r@f.example"]}}` +
			"\n\n--\nIf you wish to stop receiving notifications from this topic, please click or visit the link below to unsubscribe:\nhttps://sns.example/unsubscribe\n"},
		{KindDelivered, "From: no-reply@sns.amazonaws.com\nTo: c@d.example\nSubject: AWS Notification Message\n\n" +
			`{"eventType":"Delivery","delivery":{"recipients":["r@f.example"],"smtpResponse":"250 2.0.0 OK"},"mail":{"destination":["r@f.example"]}}` + "\n"},
		{KindDelivered, "From: hooks@b.example\nTo: c@d.example\nSubject: webhook\n\n" +
			`{"RecordType":"Delivery","Recipient":"r@f.example","Details":"Test delivery webhook details"}` + "\n"},
	} {
		if r := p.Parse([]byte(tc.msg)); r.Kind != tc.kind || len(r.Records) != 0 {
			t.Errorf("%.40q: kind %q (%d records), want %q", tc.msg, r.Kind, len(r.Records), tc.kind)
		}
	}
}

// kindCase is a message, the kind Parse gives it and how many records.
type kindCase = struct {
	In string
	A  string
	B  int
}

// checkKinds checks the kind and the number of records p reads in each
// case's message.
func checkKinds(t *testing.T, p *Parser, cases []kindCase) {
	t.Helper()
	tabletest.CheckBoth(t, "Parse", func(msg string) (string, int) {
		r := p.Parse([]byte(msg))
		return r.Kind, len(r.Records)
	}, cases)
}

// systemMessage returns the header block, for a Subject, of a message a
// mail system's mailbox (from) sends to, from the null reverse-path.
func systemMessage(from, to string) func(subject string) string {
	return func(subject string) string {
		return "Return-Path: <>\nFrom: " + from + "\nTo: " + to + "\nSubject: " + subject + "\n\n"
	}
}

// A mail system's mailbox writes notices of its own to its users (an
// Exchange quota warning from postmaster): one that only its sender makes
// look like a bounce, naming no address but its own, no reply and no
// returned copy, is no report. A Subject calling it a bounce, another
// address or a reply code keeps it one, even without a recipient read.
func TestMailSystemNotice(t *testing.T) {
	p := newParser(t)
	head := systemMessage("System Administrator <postmaster@example.com>", "employee@example.com")
	quota := "You are exceeding the size limit set on your mailbox by the system administrator.\nYou may not be able to send new mail until you reduce your mailbox size.\n"
	checkKinds(t, p, []kindCase{
		{head("Your mailbox is over its size limit") + quota, KindNotMail, 0},
		{head("Your mailbox is almost full") + "Your mailbox (employee@example.com) has reached 90% of its quota.\n", KindNotMail, 0},
		{head("Undeliverable: report") + quota, KindBounce, 1},
		{head("Notice") + "A message from <employee@example.com>:\n\n  -> other@example.net\n\nwas considered unsolicited bulk e-mail (UBE).\n", KindBounce, 1},
		{head("Notice") + "Your message was refused: 550 mailbox unavailable\n", KindBounce, 1},
	})
}

// A content filter's notice to the recipient of a message (amavis'
// "VIRUS (…) IN MAIL TO YOU", "in an email to you") tells its reader of
// mail sent to them and reports no failure of mail they sent, whatever
// addresses it names: no bounce. Its notice to the sender ("in email
// presumably from you … to the following recipient") stays one, and so
// does a bounce whose words only begin like the phrase ("to your").
func TestRecipientNotice(t *testing.T) {
	p := newParser(t)
	head := systemMessage(`"Content-filter at mx.d.example" <postmaster@d.example>`, "r@d.example")
	found := "VIRUS ALERT\n\nOur content checker found\n    virus: Eicar-Test-Signature\n\n"
	checkKinds(t, p, []kindCase{
		{head("VIRUS (Eicar-Test-Signature) IN MAIL TO YOU (from <s@b.example>)") + found +
			"in an email to you\n\n    from: s@b.example\n\nPlease contact\nhelp@d.example with the above information.\n", KindNotMail, 0},
		{head("Notice") + found + "in an email to\nyou from s@b.example\n\nPlease contact\nhelp@d.example with the above information.\n", KindNotMail, 0},
		{head("VIRUS (Eicar-Test-Signature) IN MAIL FROM YOU") + found +
			"in email presumably from you (<s@b.example>),\nto the following recipient:\n-> other@e.example\n\nDelivery of the email was stopped!\n", KindBounce, 1},
		{head("Undeliverable: notes") + "An error occurred in mail to your colleague:\n\nother@e.example: 550 5.1.1 user unknown\n", KindBounce, 1},
		// A gateway's digest of held mail (Mimecast's "messages addressed to
		// you have been held") lists senders and subjects, not failures.
		{head("You have 1 new message on hold\nAuto-Submitted: auto-generated") + "The following messages addressed to you have been held because they may be\nunsafe. They have not been delivered to your inbox.\n\nFrom: s@b.example\nSubject: Your parcel could not be delivered\nReason: Attachment Policy\n", KindNotMail, 0},
		{head("Undeliverable: notes") + "The message you addressed to your colleague was refused:\n\nother@e.example: 550 5.1.1 user unknown\n", KindBounce, 1},
	})
}

// A service writes notices of its own to its users from an address to
// reply to (an alias service warning that a reply the user sent would
// reveal their mailbox): neither sender nor Subject calls it a bounce,
// and it holds no reply code, no returned copy and no field listing
// failed recipients, so the address its sentence names is no failed
// recipient. A reply code, a bounce Subject or a null reverse-path keeps
// such a text a bounce.
func TestServiceNotice(t *testing.T) {
	p := newParser(t)
	head := func(returnPath, subject string) string {
		return "Return-Path: " + returnPath + "\nFrom: Alias Service <support@alias.example>\nTo: me@example.com\nSubject: " + subject + "\n\n"
	}
	warning := "Your email sent to partner@example.org from shop@alias.example contains an address which isn't a reverse-alias in the To: or Cc: field.\n\nThis will reveal your real mailbox address.\n"
	checkKinds(t, p, []kindCase{
		{head("<support@alias.example>", "Your email sent to partner@example.org contains an address that isn't a reverse-alias") + warning, KindNotMail, 0},
		{head("<support@alias.example>", "Notice") + "Your message to partner@example.org was refused: 550 5.1.1 user unknown\n", KindBounce, 1},
		{head("<support@alias.example>", "Undelivered Mail Returned to Sender") + "Your message to partner@example.org could not be delivered.\n", KindBounce, 1},
		{head("<>", "Notice") + "Your message to partner@example.org could not be delivered.\n", KindBounce, 1},
	})
}

// An automatic answer keeping the Subject of the bounce it answers (an
// abuse desk's reply to a returned message), from a sender that is no mail
// system, says what it is in its opening: the refusal it quotes is the one
// it explains, and with no failed recipient named it reports none. A mail
// system's bounce, or one naming the failed address, stays a bounce.
func TestAutoreplyTitledLikeBounce(t *testing.T) {
	p := newParser(t)
	answer := "Thank you for writing to the unblock desk. This is an automated response to the email you sent to this address.\n\n" +
		"This address is only for mail refused with \"550 Dynamic/zombied/spam IPs blocked\".\n"
	head := func(from string) string {
		return "From: " + from + "\nTo: list@example.org\nSubject: Returned mail: see transcript for details\n\n"
	}
	checkKinds(t, p, []kindCase{
		{head("Blocked Desk <unblock@isp.example>") + answer, KindAutoreply, 0},
		{"Return-Path: <>\n" + head("Mail Delivery Subsystem <MAILER-DAEMON@mx.example.org>") + answer, KindBounce, 1},
		{head("Blocked Desk <unblock@isp.example>") + "This is an automated response.\n\n<rcpt@example.com>: 550 5.1.1 user unknown\n", KindBounce, 1},
	})
}

func TestLooksLikeMessage(t *testing.T) {
	tabletest.CheckMap(t, "LooksLikeMessage", LooksLikeMessage, map[string]bool{
		dsnMessage: true,
		"Final-Recipient: rfc822; a@b.example\nAction: failed\nStatus: 5.1.1\n": true,
		"550 5.1.1 user unknown":                      false,
		"From: me\nhow do I fix 550?\nthanks\nbye":    false,
		"Subject: x\nDate: today\n\nbody\nmore\nmore": true,
	})
}

// hostile builds messages meant to exhaust time or memory.
func hostile() map[string][]byte {
	var deep bytes.Buffer
	deep.WriteString("From: a@b.example\nSubject: deep\nMIME-Version: 1.0\n")
	for i := range 2000 {
		fmt.Fprintf(&deep, "Content-Type: multipart/mixed; boundary=b%d\n\n--b%d\n", i, i)
	}
	deep.WriteString("Content-Type: text/plain\n\n<x@c.example>: 550 user unknown\n")
	var many bytes.Buffer
	many.WriteString("From: mailer-daemon@b.example\nSubject: Undelivered\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=P\n\n")
	for i := range 10000 {
		fmt.Fprintf(&many, "--P\nContent-Type: message/delivery-status\n\nFinal-Recipient: rfc822; u%d@c.example\nAction: failed\nStatus: 5.1.1\n\n", i)
	}
	many.WriteString("--P--\n")
	huge := []byte("From: a@b.example\nSubject: " + strings.Repeat("x", 2<<20) + "\n\nbody\n")
	manyAddr := []byte("From: mailer-daemon@b.example\nSubject: Undelivered\n\n" + strings.Repeat("<a@c.example>: 550 no\n<b@c.example>: 550 no\n", 50000))
	return map[string][]byte{"deep nesting": deep.Bytes(), "10000 parts": many.Bytes(), "huge header": huge, "many addresses": manyAddr}
}

func TestHostile(t *testing.T) {
	p := newParser(t)
	for name, msg := range hostile() {
		r := p.Parse(msg)
		if len(r.Records) > MaxRecords {
			t.Errorf("%s: %d records", name, len(r.Records))
		}
		for _, rec := range r.Records {
			if len(rec.Diagnostic) > maxDiagnostic || len(rec.Context) > maxDiagnostic {
				t.Errorf("%s: diagnostic of %d bytes", name, len(rec.Diagnostic))
			}
		}
	}
}

// A pasted bounce body without its headers is read as the body of a
// message: the first line is not a header field.
func TestHeaderlessBody(t *testing.T) {
	p := newParser(t)
	postfix := "This is the mail system at host mail.example.org.\n\n" +
		"I'm sorry to have to inform you that your message could not\nbe delivered to one or more recipients.\n\n" +
		"<bob@example.com>: host mx.example.com[192.0.2.1] said: 550 5.1.1 <bob@example.com>:\n" +
		"    Recipient address rejected: User unknown (in reply to RCPT TO command)\n\n" +
		"Reporting-MTA: dns; mail.example.org\n\n" +
		"Final-Recipient: rfc822; bob@example.com\nAction: failed\nStatus: 5.1.1\n" +
		"Diagnostic-Code: smtp; 550 5.1.1 <bob@example.com>: Recipient address rejected: User unknown\n"
	exim := "This message was created automatically by mail delivery software.\n\n" +
		"A message that you sent could not be delivered to one or more of its\nrecipients. This is a permanent error. The following address(es) failed:\n\n" +
		"  carol@example.net\n    host mx.example.net [192.0.2.2]\n" +
		"    SMTP error from remote mail server after RCPT TO:<carol@example.net>:\n    550 5.1.1 No such user here\n"
	for _, tc := range []struct{ name, msg, rcpt string }{
		{"postfix", postfix, "bob@example.com"},
		{"postfix CRLF", strings.ReplaceAll(postfix, "\n", "\r\n"), "bob@example.com"},
		{"exim", exim, "carol@example.net"},
	} {
		r, ok := parseBounce(t, p, tc.name, tc.msg, 1)
		if !ok {
			continue
		}
		if r.Records[0].Recipient != tc.rcpt {
			t.Errorf("%s: recipient %q, want %s", tc.name, r.Records[0].Recipient, tc.rcpt)
		}
		if !strings.Contains(r.Records[0].Diagnostic, "5.1.1") {
			t.Errorf("%s: diagnostic %q lacks the reply", tc.name, r.Records[0].Diagnostic)
		}
	}
	// Plain prose stays what it is.
	for _, s := range []string{"thanks, see you at noon\nbye", "Note: this is a note\n\nnothing else"} {
		if r := p.Parse([]byte(s)); r.Kind != KindNotMail {
			t.Errorf("%q: kind %q, want %q", s, r.Kind, KindNotMail)
		}
	}
}

// A report whose reply is in a paragraph of its own, before or after the
// one naming the recipient: the reply is the recipient's diagnostic.
func TestReplyNearRecipient(t *testing.T) {
	p := newParser(t)
	before := "From: MAILER-DAEMON@mx.example.net\nTo: sender@example.org\nSubject: Undeliverable mail\n\n" +
		"Delivery failed.\n\nError message below:\n550 Requested action not taken: mailbox unavailable\n\n" +
		"Message details:\n  Subject: hello\n  RCPT TO: dave@example.com\n  Size (in bytes): 39\n"
	after := "From: Mail Delivery Subsystem <mailer-daemon@example.net>\nTo: sender@example.org\nSubject: Delivery Status Notification (Failure)\n\n" +
		"** Address not found **\n\nYour message wasn't delivered to dave@example.com because the address couldn't be found.\n\n" +
		"The response from the remote server was:\n550 Requested action not taken: mailbox unavailable\n"
	for name, msg := range map[string]string{"before": before, "after": after} {
		if r, ok := parseBounce(t, p, name, msg, 1); ok && !strings.Contains(r.Records[0].Diagnostic, "550 Requested action not taken") {
			t.Errorf("%s: diagnostic %q lacks the reply near the recipient's paragraph", name, r.Records[0].Diagnostic)
		}
	}
}

// A bulleted list of failed addresses under a sentence that says what
// happened: each address is a recipient and the sentence is its lead.
func TestListLead(t *testing.T) {
	p := newParser(t)
	msg := "From: postmaster@mx.example.net\nTo: sender@example.org\nSubject: Delivery Status Notification (Failure)\n\n" +
		"Delivery to the following recipients was aborted after 5 hours:\n\n  * erin@example.com\n  - frank@example.com\n\n" +
		"Technical details:\nno answer from the destination\n"
	r, ok := parseBounce(t, p, "list", msg, 2)
	if !ok {
		return
	}
	for i, want := range []string{"erin@example.com", "frank@example.com"} {
		if rec := r.Records[i]; rec.Recipient != want || !strings.Contains(rec.Lead, "aborted after 5 hours") {
			t.Errorf("record %d: %q lead %q, want %s with the list's lead", i, rec.Recipient, rec.Lead, want)
		}
	}
}

// Layouts of one failed recipient, each read for its record.
func TestRecordLayouts(t *testing.T) {
	p := newParser(t)
	for _, c := range []recordCase{
		// An address alone in its paragraph, in angle brackets: the
		// paragraph before says what happened to it, and the bracket
		// opening the address is no paragraph of its own.
		{name: "bracketed address", msg: "From: postmaster@mx.example.net\nTo: sender@example.org\nSubject: Mail delivery failed\n\n" +
			"Your message could not be delivered.\n\nThe user(s) account is disabled.\n\n<rcpt@example.jp>\n",
			addr: "rcpt@example.jp", lead: "The user(s) account is disabled."},
		// The same layout closing with its own sentence, which names
		// the postmaster's address (bounce.json framing): that sentence
		// says nothing of the address above it, so the paragraph before
		// the address is still what happened to it.
		{name: "address then closing", msg: "From: Mail Administrator <Postmaster@mx.example.net>\nTo: sender@example.org\nSubject: Mail System Error - Returned Mail\n\n" +
			"Delivery could not be completed for this reason:\n\nRecipient mailbox has exceeded its storage limit.\n\n<rcpt@example.jp>\n\n" +
			"Please reply to Postmaster@mx.example.net\nif you feel this message to be in error.\n",
			addr: "rcpt@example.jp", diag: "Recipient mailbox has exceeded its storage limit.", without: "in error"},
		// Postfix names the alias an address came from in parentheses
		// before the colon: a note on the address, no word of the reply.
		{name: "expanded from", msg: "From: MAILER-DAEMON@mx.example.net\nTo: sender@example.org\nSubject: Undelivered Mail Returned to Sender\n\n" +
			"This is the mail system at host mx.example.net.\n\n" +
			"<user@example.com> (expanded from <team@example.org>): host\n    mx.example.com[192.0.2.1] said: 550 5.1.1 No such user (in reply to\n    RCPT TO command)\n",
			addr: "user@example.com", diag: "No such user", without: "expanded from"},
		// Exim writes where an address came from on a line of its own
		// under it; that note is no diagnostic: the report's reason, in a
		// paragraph of its own in a delay notice, is.
		{name: "generated from", msg: "From: Mail Delivery System <Mailer-Daemon@mx.example.net>\nTo: sender@example.org\nSubject: Warning: message 1abc-0001 delayed 24 hours\n\n" +
			"A message that you sent has not yet been delivered to one or more of its\nrecipients after more than 24 hours on the queue on mx.example.net.\n\n" +
			"The address to which the message has not yet been delivered is:\n\n" +
			"  user@example.com\n    (ultimately generated from alias@example.org)\n\n" +
			"Delay reason: SMTP error from remote mail server after RCPT TO:<user@example.com>:\nhost mx.example.com [192.0.2.1]: 452 4.2.2 Mailbox full\n\n" +
			"No action is required on your part.\n",
			addr: "user@example.com", diag: "Mailbox full", without: "generated from"},
		// A part labelled message/delivery-status that holds prose, not
		// fields (InterMail's explanation), is read as the report's text;
		// a real delivery-status part beside it still gives the
		// recipient's fields.
		{name: "mislabelled", msg: "From: Postmaster@a.example\nSubject: Mail System Error - Returned Mail\nMIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status; boundary=Z\n\n" +
			"--Z\nContent-Type: message/delivery-status;\n\nThis Message was undeliverable due to the following reason:\n\n<u@b.example> has closed the mailbox\n\n" +
			"--Z\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; a.example\n\nFinal-Recipient: RFC822; <u@b.example>\nAction: failed\nStatus: 5.3.0\n\n--Z--\n",
			addr: "u@b.example", diag: "has closed the mailbox", status: "5.3.0"},
		// A Vietnamese sentence saying the message was not sent to an
		// address leads it, as "could not be delivered to" does in English
		// (the wording of Gmail's notice in Vietnamese, "Thư của bạn
		// không được gửi đến …").
		{name: "vietnamese", msg: "From: Mail Delivery Subsystem <mailer-daemon@example.net>\nTo: sender@example.org\nSubject: Delivery Status Notification (Failure)\nContent-Type: text/plain; charset=utf-8\n\n" +
			"Không tìm thấy địa chỉ\n\nThư của bạn không được gửi đến dave@example.com vì không tìm thấy địa chỉ hoặc địa chỉ không thể nhận thư.\n",
			addr: "dave@example.com"},
		// A sender who mailed their own address gets a report naming it:
		// the bounce's own recipient is then the failed one, when the
		// report gives it a reply.
		{name: "self-addressed", msg: "From: MAILER-DAEMON@mx.example.net (Mail Delivery System)\nTo: me@example.com\nSubject: Undelivered Mail Returned to Sender\n\n" +
			"This is the mail system at host mx.example.net.\n\n" +
			"<me@example.com>: host relay.example.com[192.0.2.107] said: 554 5.7.1\n    <me@example.com>: Recipient address rejected: Access denied (in reply to\n    RCPT TO command)\n",
			addr: "me@example.com", diag: "Access denied"},
	} {
		wantRecord(t, p, c)
	}
}

// Exim's note of where an address came from, on a line of its own.
func TestAddressNote(t *testing.T) {
	for _, l := range []string{"(generated from a@example.org)", "  (ultimately generated from <a@example.org>)"} {
		if !addressNote(l) {
			t.Errorf("addressNote(%q) = false, want true", l)
		}
	}
	for _, l := range []string{"(550 5.1.1 <a@example.org> unknown)", "(no address here)", "host (a@example.org) said (x)"} {
		if addressNote(l) {
			t.Errorf("addressNote(%q) = true, want false", l)
		}
	}
}

// Header fields may carry any bytes; what a record holds is valid UTF-8.
func TestRecordTextIsValidUTF8(t *testing.T) {
	p := newParser(t)
	raw := strings.Replace(dsnMessage, "one@example.com", "one@ex\xbcample.com", -1)
	for _, msg := range []string{"X-Failed-Recipients: 0@\xbc.0", raw} {
		r := p.Parse([]byte(msg))
		for _, rec := range r.Records {
			for _, s := range []string{rec.Recipient, rec.Action, rec.Status, rec.Diagnostic, rec.RemoteMTA, rec.ReportingMTA, rec.Context, rec.Lead} {
				if !utf8.ValidString(s) {
					t.Errorf("record %+v holds invalid UTF-8 %q", rec, s)
				}
			}
		}
	}
}

// The Diagnostic-Code's type (RFC 3464 §2.3.6) stays on the record: an
// X-Unix one is a local delivery program's words, not a server's reply.
func TestDiagnosticType(t *testing.T) {
	p := newParser(t)
	for _, c := range []struct{ field, typ, diag string }{
		{"Diagnostic-Code: X-Unix; temporary failure", "x-unix", "temporary failure"},
		{"Diagnostic-Code: smtp; 550 5.1.1 user unknown", "smtp", "550 5.1.1 user unknown"},
		{"Diagnostic-Code: 550 5.1.1 user unknown", "", "550 5.1.1 user unknown"},
	} {
		msg := "From: MAILER-DAEMON@mx.example.org\nSubject: Undelivered Mail Returned to Sender\n\n" +
			"Final-Recipient: rfc822; rcpt@example.com\nAction: failed\nStatus: 5.0.0\n" + c.field + "\n"
		if r, ok := parseBounce(t, p, c.field, msg, 1); ok && (r.Records[0].DiagnosticType != c.typ || r.Records[0].Diagnostic != c.diag) {
			t.Errorf("%q: %+v, want type %q and diagnostic %q", c.field, r.Records, c.typ, c.diag)
		}
	}
}

// A Final-Recipient masked by whoever passed the report on ("****@****")
// is no address: the Original-Recipient is the one reported; a real
// Final-Recipient still wins over the original one.
func TestRedactedFinalRecipient(t *testing.T) {
	p := newParser(t)
	msg := func(final string) string {
		return "From: MAILER-DAEMON@a.example\nSubject: Undelivered Mail Returned to Sender\nMIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status; boundary=Z\n\n" +
			"--Z\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; a.example\n\nFinal-Recipient: rfc822; " + final +
			"\nOriginal-Recipient: rfc822;orig@b.example\nAction: failed\nStatus: 5.2.0\nDiagnostic-Code: X-Postfix; Message delivery failed\n\n--Z--\n"
	}
	for final, want := range map[string]string{
		"********************@**********": "orig@b.example",
		"x@***":                           "orig@b.example",
		"alias@c.example":                 "alias@c.example",
	} {
		if r, ok := parseBounce(t, p, final, msg(final), 1); ok && r.Records[0].Recipient != want {
			t.Errorf("Final-Recipient %q: recipient %q, want %q", final, r.Records[0].Recipient, want)
		}
	}
	for addr, want := range map[string]bool{"a@b.example": false, "***@***": true, "x@...": true, "noat": true, "日本@例え.jp": false} {
		if got := redacted(addr); got != want {
			t.Errorf("redacted(%q) = %v, want %v", addr, got, want)
		}
	}
}

// A part opening with a delivery-status field, after blank lines or
// none, holds fields; prose does not.
func TestOpensWithField(t *testing.T) {
	tabletest.CheckMap(t, "opensWithField", opensWithField, map[string]bool{"Reporting-MTA: dns; a\n": true, "\n\nX-Postfix-Queue-ID: 1\n": true, "This Message was undeliverable: see\n": false, "": false})
}

// Two layouts that put the address after a label on the same line: Exim's
// delay warning ("The address to which the message has not yet been
// delivered is: <addr>") and the Sun/Oracle Messaging Server's notice,
// whose "Original address:" is the one the sender wrote when "Recipient
// address:" names a local delivery channel.
func TestSameLineLeads(t *testing.T) {
	p := newParser(t)
	for _, tc := range []struct{ name, body, want string }{
		{"exim delay", "This message was created automatically by mail delivery software.\nA message that you sent has not yet been delivered to one or more of its\nrecipients after more than 24 hours on the queue on mx.example.org.\n\nThe address to which the message has not yet been delivered is: dave@example.com\n\nNo action is required on your part.\n", "dave@example.com"},
		{"messaging server", "Your message cannot be delivered to the following recipients:\n\n  Recipient address: dave@ims-ms-daemon\n  Original address: dave@example.com\n  Reason: Over quota\n", "dave@example.com"},
	} {
		msg := "From: postmaster@example.net\nTo: sender@example.org\nSubject: Delivery Notification\nContent-Type: text/plain\n\n" + tc.body
		if r, ok := parseBounce(t, p, tc.name, msg, 1); ok && r.Records[0].Recipient != tc.want {
			t.Errorf("%s: recipient %q, want %q", tc.name, r.Records[0].Recipient, tc.want)
		}
	}
}

// A notice in another language names the failed address after a field
// of several words ending in a colon (bounce.json recipient_leads:
// Indonesian "Alamat penerima:", Vietnamese "Người nhận:"), and the
// fields under it say why: a webmail's or a sending service's own
// layout, with or without a Subject calling it a bounce.
func TestLocalisedRecipientFields(t *testing.T) {
	p := newParser(t)
	for _, c := range []struct{ name, head, body, addr, diag string }{
		{"indonesian", "From: Mailer-Daemon <mailer-daemon@mail.example.net>\nTo: sender@example.org\nSubject: Email gagal terkirim\n\n",
			"Email Anda gagal terkirim.\n\nAlamat penerima: rina@example.com\nKeterangan: kotak surat penuh\n", "rina@example.com", "kotak surat penuh"},
		{"vietnamese", "From: Thong bao <thongbao@crm.example.net>\nTo: sender@example.org\nSubject: Thông báo chiến dịch\n\n",
			"Chiến dịch: Tri ân\n\nNgười nhận: an@example.com\nLý do: Hộp thư đầy\n", "an@example.com", "Hộp thư đầy"},
	} {
		wantRecord(t, p, recordCase{name: c.name, msg: c.head + c.body, addr: c.addr, diag: c.diag})
	}
}

// Old layouts name the failed address in forms of their own: with its
// address type ("[SMTP:addr]", Exchange's and MailEnable's), after
// L-Soft's "Error-for:" field, in Smail's box whose bar ends the report
// before the returned text; each gives the recipient and a diagnostic
// without the layout's marks.
func TestOldLayoutRecipients(t *testing.T) {
	p := newParser(t)
	head := "From: postmaster@mx.example.net\nTo: sender@example.org\nSubject: Undelivered mail\n\n"
	for _, c := range []struct{ name, body, addr, diag, without string }{
		{"address type", "The following recipient(s) could not be reached:\n\n\tRecipient: [SMTP:ann@example.com]\n\tReason: Remote SMTP Server Returned: 550 No such user\n",
			"ann@example.com", "No such user", "]"},
		{"error-for", "--> Error description:\nError-for:  bob@example.com\nError-Code: 0\nError-Text: Mailer mx.example.com said:\n            \"554 Message looping (received 6 times)\"\n",
			"bob@example.com", "Message looping", ""},
		{"smail box", "|------------------------- Failed addresses follow: ---------------------|\n carol@example.com ... unknown host\n|------------------------- Message text follows: ------------------------|\nSubject: was removed from the list\n",
			"carol@example.com", "unknown host", "removed"},
	} {
		wantRecord(t, p, recordCase{name: c.name, msg: head + c.body, addr: c.addr, diag: c.diag, without: c.without})
	}
}

// An X.400 gateway's DSN gives X.400's numbers in Diagnostic-Code and
// the remote MTA's text in X400-Supplementary-Info, before or after it:
// the recipient's diagnostic holds both.
func TestSupplementaryInfo(t *testing.T) {
	p := newParser(t)
	for _, fields := range []string{
		"Diagnostic-Code: Reason 1 (Unable-To-Transfer); Diagnostic -1 (Unknown)\nStatus: 5.0.0\nX400-Supplementary-Info: \"MTA 'mx' gives error message 5.7.1 Unable to relay\"\n",
		"X-Supplementary-Info: <mx #5.7.1 Unable to relay>\nStatus: 5.0.0\nDiagnostic-Code: Reason 1 (Unable-To-Transfer); Diagnostic -1 (Unknown)\n",
	} {
		msg := "From: postmaster@gw.example.net\nSubject: Delivery Report (failure)\nMIME-Version: 1.0\nContent-Type: multipart/report; boundary=Z\n\n" +
			"--Z\nContent-Type: message/delivery-status\n\nReporting-MTA: x400; mta gw\n\nOriginal-Recipient: rfc822; dan@example.com\nFinal-Recipient: x400; /S=dan/ADMD= /C=WW/\nAction: failed\n" + fields + "\n--Z--\n"
		if r, ok := parseBounce(t, p, "x400", msg, 1); ok {
			if d := r.Records[0].Diagnostic; r.Records[0].Recipient != "dan@example.com" || !strings.Contains(d, "Unable to relay") || !strings.Contains(d, "Unable-To-Transfer") {
				t.Errorf("record %+v, want dan@example.com with both texts", r.Records[0])
			}
		}
	}
}

// A list entry may name several recipients at once: qmail's "<addr>:"
// holding what the sender wrote, a display name and the address
// ("<Example User <user@…>>:"), and addresses joined by "&" before
// the reply they share ("a@… & b@… (553 …)"). Each is a
// recipient with that text.
func TestListEntryForms(t *testing.T) {
	p := newParser(t)
	head := "From: MAILER-DAEMON@mx.example.net\nTo: sender@example.org\nSubject: failure notice\n\n"
	for _, c := range []struct {
		name, body string
		addrs      []string
		diag       string
	}{
		{"qmail display name", "Hi. This is the qmail-send program at mx.example.net.\nI'm afraid I wasn't able to deliver your message to the following addresses.\n\n" +
			"<Ann Example <ann@example.com>>:\nSorry, I couldn't find any host named example.com>. (#5.1.2)\n\n" +
			"<\"Example, Bob\" <bob@example.org>>:\nSorry, I couldn't find any host named example.org>. (#5.1.2)\n",
			[]string{"ann@example.com", "bob@example.org"}, "#5.1.2"},
		{"joined", "carol@example.com & dan@example.net (553 5.7.2 All messages from IP will be permanently deferred)\n",
			[]string{"carol@example.com", "dan@example.net"}, "553 5.7.2"},
	} {
		r, ok := parseBounce(t, p, c.name, head+c.body, len(c.addrs))
		if !ok {
			continue
		}
		for i, want := range c.addrs {
			if rec := r.Records[i]; rec.Recipient != want || !strings.Contains(rec.Diagnostic, c.diag) || strings.Contains(rec.Diagnostic, "@") {
				t.Errorf("%s #%d: recipient %q diagnostic %q, want %s with %q and no address", c.name, i+1, rec.Recipient, rec.Diagnostic, want, c.diag)
			}
		}
	}
}

// A post a mailing list or discussion service distributed (List-Id) from
// a sender that is no mail system, talking of bounces in its own words,
// reports none (one handing on a report, forwarded or quoted, reports
// that report: TestHandedOnReport). A bounce a list passes on, from a
// mail system, still is one.
func TestListPostIsNoBounce(t *testing.T) {
	p := newParser(t)
	body := "\n\nI tested with swaks --to john@example.org and the server said:\n<- 550 5.1.1 <john@example.org>: Recipient address rejected: User unknown\nWhy did I get no bounce?\n"
	for _, subject := range []string{"[team/repo] Undelivered Mail Returned to Sender is not sent (#4)", "[team/repo] no notice (#5)"} {
		msg := "From: someone <notifications@service.example>\nTo: repo <repo@noreply.service.example>\nSubject: " + subject + "\nList-ID: team/repo <repo.team.service.example>" + body
		if r := p.Parse([]byte(msg)); r.Kind != KindNotMail || len(r.Records) != 0 {
			t.Errorf("%s: kind %q, %d records; want %q", subject, r.Kind, len(r.Records), KindNotMail)
		}
	}
	msg := "From: MAILER-DAEMON@mx.example.net\nTo: list-owner@example.org\nSubject: Undelivered Mail Returned to Sender\nList-Id: <list.example.org>\n\n" +
		"<user@example.com>: host mx.example.com[192.0.2.1] said: 550 5.1.1 No such user (in reply to RCPT TO command)\n"
	wantRecord(t, p, recordCase{name: "list bounce", msg: msg, addr: "user@example.com", diag: "No such user"})
}

// The bounce's own recipient named without a reply is no failed one.
func TestSenderNamedWithoutReply(t *testing.T) {
	msg := "From: MAILER-DAEMON@mx.example.net\nTo: me@example.com\nSubject: Undelivered Mail Returned to Sender\n\nThis message was sent by <me@example.com>.\nIt could not be delivered.\n"
	if r := newParser(t).Parse([]byte(msg)); len(r.Records) == 1 && r.Records[0].Recipient == "me@example.com" {
		t.Errorf("sender named without a reply read as the failed recipient: %+v", r.Records)
	}
}

// A message disposition notification (RFC 8098) reports a message that
// reached its recipient: displayed, dispatched or processed it is a
// delivered notice, whatever addresses its text names; deleted it may be
// a refusal sent as an MDN (a Sieve reject), whose text is read.
func TestDispositionNotification(t *testing.T) {
	p := newParser(t)
	mdn := func(text, disposition string) string {
		from, subject := "friend@b.example", "Read: hello"
		if strings.Contains(text, "rejected") {
			from, subject = "Mail Delivery Subsystem <postmaster@b.example>", "Automatically rejected mail"
		}
		return "From: " + from + "\nTo: me@example.net\nSubject: " + subject + "\nMIME-Version: 1.0\n" +
			"Content-Type: multipart/report; report-type=disposition-notification; boundary=R\n\n" +
			"--R\nContent-Type: text/plain\n\n" + text + "\n" +
			"--R\nContent-Type: message/disposition-notification\n\n" +
			"Reporting-UA: pc.b.example; Mail 1.0\nFinal-Recipient: rfc822;friend@b.example\nOriginal-Message-ID: <1@example.net>\n" +
			"Disposition: " + disposition + "\n--R--\n"
	}
	for _, c := range []struct{ text, disposition string }{
		{"This is a receipt for the mail you sent to <friend@b.example>.\n\nThe message was displayed on the recipient's computer.", "manual-action/MDN-sent-manually; displayed"},
		{"Your message could not be delivered to <friend@b.example> in person:\nit was dispatched to the archive.", "automatic-action/MDN-sent-automatically; dispatched"},
		{"The message was deleted unread.", "automatic-action/MDN-sent-automatically; deleted"},
	} {
		if r := p.Parse([]byte(mdn(c.text, c.disposition))); r.Kind != KindDelivered || len(r.Records) != 0 {
			t.Errorf("%s: kind %q, records %+v; want %q", c.disposition, r.Kind, r.Records, KindDelivered)
		}
	}
	reject := mdn("Your message to <friend@b.example> was automatically rejected:\nQuota exceeded", "automatic-action/MDN-sent-automatically; deleted")
	wantRecord(t, p, recordCase{name: "sieve reject", msg: reject, addr: "friend@b.example", diag: "Quota exceeded"})
	if got := dispositionType("Reporting-UA: x\nDISPOSITION: manual-action/MDN-sent-manually ; Displayed/error\n"); got != "displayed" {
		t.Errorf("dispositionType: %q, want displayed", got)
	}
}

// A Diagnostic-Code wrapped at a fixed width without folding white space
// (a long provider reply, as one reached CiviCRM's bounce tests) goes on
// to the next field: in a delivery-status part every line is a field or
// part of one, so the lines that are neither are the reply's rest. The
// same lines after fields written in a report's text are that text's.
// A header block whose folded lines lost their leading white space (a
// report kept in a program's source or pasted by a tool that trims lines):
// a line between two fields continues the field before it, so the
// Content-Type's boundary on its own line still opens the report's parts.
// A text after the last field with no empty line before it stays no
// header: a paste is not folded into its Subject.
func TestLostFolds(t *testing.T) {
	p := newParser(t)
	lost := "Received: from mx.example.net ([192.0.2.7]) by mx.example.org;\nThu, 6 Jun 2013 10:16:54 -0700\n" +
		strings.Replace(dsnMessage, "report-type=delivery-status; boundary=", "report-type=delivery-status;\nboundary=", 1)
	lost = strings.Replace(lost, "\n\n", "\nMessage-ID: <1@mx.example.net>\n\n", 1)
	want := p.Parse([]byte(dsnMessage))
	if got := p.Parse([]byte(lost)); got.Kind != KindBounce || fmt.Sprint(got.Records) != fmt.Sprint(want.Records) {
		t.Errorf("lost folds: kind %q, records %+v; want %+v", got.Kind, got.Records, want.Records)
	}
	if _, ok := refold([]byte("From: a@example.net\nSubject: failure\nThis is the mail system at host example.net: not a field\n\nbody\n")); ok {
		t.Error("a line after the header block's last field was folded into it")
	}
}

func TestUnfoldedDiagnosticCode(t *testing.T) {
	p := newParser(t)
	fields := "Final-Recipient: rfc822; bob@example.com\nAction: failed\nStatus: 5.2.0\n" +
		"Diagnostic-Code: smtp; 552 5.2.0 This message has been rejected due to content judged to b\n" +
		"e spam by the internet community IB212 - If you feel this is in error, please submit a request at <https://che\n" +
		"ckspam.example.net/?sid=1>\nLast-Attempt-Date: Sun, 03 Dec 2017 03:29:10 -0800\n"
	msg := "From: Mail Delivery Subsystem <mailer-daemon@example.net>\nSubject: Delivery Status Notification (Failure)\nMIME-Version: 1.0\n" +
		"Content-Type: multipart/report; report-type=delivery-status; boundary=Z\n\n--Z\nContent-Type: text/plain\n\nMessage not delivered.\n\n" +
		"--Z\nContent-Type: message/global-delivery-status\n\nReporting-MTA: dns; example.net\n\n" + fields + "\n--Z--\n"
	if r, ok := parseBounce(t, p, "unfolded", msg, 1); ok {
		if d := r.Records[0].Diagnostic; !strings.Contains(d, "IB212") || !strings.HasSuffix(d, "sid=1>") || strings.Contains(d, "Last-Attempt") {
			t.Errorf("diagnostic %q, want the whole reply and no later field", d)
		}
	}
	if recs := dsnRecords(fields+"Your message was returned.\n", false); len(recs) != 1 || strings.Contains(recs[0].Diagnostic, "IB212") {
		t.Errorf("fields in a report's text: records %+v, want the Diagnostic-Code's own line only", recs)
	}
}

// A report in sections ("temporary problem" then "failed"), each address
// with its own words on its line, and DSN fields without a Diagnostic-Code
// for the delayed one: its text is its own line, never the next section's
// reply for another recipient.
func TestSectionsOfAReport(t *testing.T) {
	p := newParser(t)
	msg := "From: Mail Delivery Subsystem <MAILER-DAEMON@example.org>\nSubject: Partially delivered message\nMIME-Version: 1.0\n" +
		"Content-Type: multipart/report; report-type=delivery-status; boundary=Z\n\n--Z\nContent-Type: text/plain\n\n" +
		"Your message has been partially delivered:\n\n" +
		"    ----- There was a temporary problem delivering to these addresses -----\n<late@example.org> (connection to 'mx.example.org' failed: Connection timeout)\n\n" +
		"    ----- Delivery to the following addresses failed -----\n<gone@example.org> (host 'mx.example.org' rejected command 'RCPT TO:<gone@example.org>' with code 550 (5.1.1) 'User does not exist')\n\n" +
		"--Z\nContent-Type: message/delivery-status\n\nReporting-MTA: dns;mx.example.org\n\n" +
		"Final-Recipient: rfc822;gone@example.org\nAction: failed\nStatus: 5.1.1\nDiagnostic-Code: smtp;550 User does not exist\n\n" +
		"Final-Recipient: rfc822;late@example.org\nAction: delayed\nStatus: 4.0.0\n\n--Z--\n"
	r, ok := parseBounce(t, p, "sections", msg, 2)
	if !ok {
		return
	}
	if late := r.Records[1]; late.Recipient != "late@example.org" || !strings.Contains(late.Diagnostic, "Connection timeout") || strings.Contains(late.Diagnostic, "550") {
		t.Errorf("delayed record %+v, want its own line's words and not the failed one's reply", late)
	}
}

// Sendmail's warning of a deferred message: the transcript's status line
// for the address, "<addr>... Deferred", says nothing but the outcome;
// the reply lines right above it are the recipient's, the MTA's own
// status line first, and the warning's closing sentences are not.
func TestTranscriptStatusLine(t *testing.T) {
	p := newParser(t)
	msg := "From: Mail Delivery Subsystem <MAILER-DAEMON@mail.example.com>\nSubject: Warning: could not send message for past 4 hours\n\n" +
		"The original message was received at Tue, 17 Jan 2017 16:08:17 +0900 from [192.0.2.10]\n\n" +
		"----- Transcript of session follows -----\n... while talking to mx.example.net.:\n>>> DATA\n" +
		"<<< 452 Mailbox busy, try later\n451 4.4.1 reply: read error from mx.example.net.\n<kim@example.net>... Deferred\n" +
		"Warning: message still undelivered after 4 hours\nWill keep trying until message is 5 days old\n"
	// The MTA's status line first.
	wantRecord(t, p, recordCase{name: "sendmail deferred", msg: msg, addr: "kim@example.net", diag: "452 Mailbox busy", without: "Will keep trying", prefix: "451 4.4.1"})
}

// postmasterReport is Postfix's bounce template (bounce(5)) with its help
// sentence, which names the postmaster, as an admin rewrote it (%s).
const postmasterReport = "From: MAILER-DAEMON@gw.example.net\nTo: sender@example.org\nSubject: Undelivered Mail Returned to Sender\n\n" +
	"This is the mail system at host gw.example.net.\n\nI'm sorry to have to inform you that your message could not\nbe delivered to one or more recipients. It's attached below.\n\n%s\n\n" +
	"If you do so, please include this problem report. You can\ndelete your own text from the attached returned message.\n\n" +
	"                   The mail system\n\n<ann@example.com>: host mx.example.com[192.0.2.1] said: 550 5.1.1 No such user (in\n    reply to RCPT TO command)\n"

// An address where a framing sentence names the postmaster (bounce.json
// framing), on its line or wrapped onto the next, is the admin's, no
// failed recipient. A multi-line reply opened inside the MTA's sentence
// ("… reason: 550-…"), its line wrapped by a mail client, goes on in the
// lines with its code.
func TestReportSentences(t *testing.T) {
	exim := "From: Mail Delivery System <mailer-daemon@mx.example.net>\nTo: sender@example.org\nSubject: Mail delivery failed: returning message to sender\n\n" +
		"A message that you sent could not be delivered to one or more of\nits recipients. This is a permanent error. The following address(es)\nfailed:\n\n" +
		"ann@example.com:\nSMTP error from remote server for RCPT TO command, host: example.com (192.0.2.9) reason: 550-\"Rejected - mx.example.net [192.0.2.1] is in\nan\n" +
		"550-RBL: EXAMPLE - listed See:\n550 http://rbl.example.org/lookup?192.0.2.1\"\n"
	p := newParser(t)
	for _, c := range []recordCase{
		{name: "help, one line", msg: fmt.Sprintf(postmasterReport, "For further assistance, please send mail to admin@gw.example.net."), diag: "No such user"},
		{name: "help, brackets", msg: fmt.Sprintf(postmasterReport, "For further assistance, please send mail to <admin@gw.example.net>."), diag: "No such user"},
		{name: "help, wrapped", msg: fmt.Sprintf(postmasterReport, "For further assistance, please send mail to\n<admin@gw.example.net>."), diag: "No such user"},
		{name: "wrapped reply", msg: exim, diag: "RBL: EXAMPLE"},
	} {
		c.addr = "ann@example.com"
		wantRecord(t, p, c)
	}
}

// leadOf is p.recipientLead written as "addr → rest", "none" when the
// line names no recipient.
func leadOf(p *Parser) func(line string) string {
	return func(line string) string {
		addr, rest, _, ok := p.recipientLead(line)
		if !ok {
			return "none"
		}
		return addr + " → " + rest
	}
}

// TestRecipientInLogFields checks a mail log line whose first address
// is no recipient's: the recipient's field later on it (a lead ending in
// "=") names the recipient, and the whole entry is its text; a line of
// the sender's field alone names none. In a log entry, a line opened by
// its date and time, any lead names a later address after other fields'
// (Exim's "F=<sender> … rejected RCPT <addr>:"); on a line that is no
// log entry a sentence's lead ("to") does not. An arrow before an
// address is a list's bullet (amavis's "-> addr").
func TestRecipientInLogFields(t *testing.T) {
	p := newParser(t)
	milter := "milter-reject: END-OF-MESSAGE from h.example[192.0.2.1]: 5.7.1 Spam message rejected; from=<s@a.example> to=<ann@example.com> proto=ESMTP helo=<h.example>"
	tabletest.CheckMap(t, "recipientLead", leadOf(p), map[string]string{
		milter: "ann@example.com → " + milter,
		"postfix/qmgr[7]: 4A1B2: from=<s@a.example>, status=expired, returned to sender":                                                                                          "none",
		"postfix/smtpd[7]: 4A1B2: client=h.example[192.0.2.1], sasl_sender=<ann@example.com>":                                                                                     "none",
		"2022-06-17 17:28:38 H=(mx) [192.0.2.69] F=<s@a.example> A=login:user@a.example rejected RCPT <ann@example.com>: Email account user@a.example is sending too many emails": "ann@example.com → Email account user@a.example is sending too many emails",
		"554 Too many hops 26 (25 max): from s@a.example via localhost, to ann@example.com":                                                                                       "none",
		"  -> ann@example.com": "ann@example.com → ",
	})
}

// TestRecipientInsideAnError checks addresses a program's error names
// around the reply that refuses them: Python's smtplib printing its dict
// of refusals, "{'addr': (550, b'5.1.1 <addr>: …')}", where the reply
// echoing the address is the recipient's text, and an address as one
// link of a wrapped error, "context: addr: error holding a reply". An
// address no reply on its line echoes, and a wrapped error holding no
// reply, name no recipient.
func TestRecipientInsideAnError(t *testing.T) {
	p := newParser(t)
	tabletest.CheckMap(t, "recipientLead", leadOf(p), map[string]string{
		"- smtplib.SMTPRecipientsRefused: {'ann@example.com': (550, b'5.1.1 <ann@example.com>: Recipient address rejected: User unknown')}":  "ann@example.com → 5.1.1 <ann@example.com>: Recipient address rejected: User unknown')}",
		"Failed to send e-mail for job: j42: ann@example.com: Error: Can't send mail - all recipients were rejected: 550 5.1.1 unknown user": "ann@example.com → Error: Can't send mail - all recipients were rejected: 550 5.1.1 unknown user",
		"Error for {'ann@example.com': (550, b'5.1.1 <bob@example.com>: unknown')}":                                                          "none",
		"Notification for job: j42: ann@example.com: Error: timeout":                                                                         "none",
		"Subject: ann@example.com: 550 things":                                                                                               "none",
	})
}

// A notice without a returned copy that sums the message up in a header
// block of its own (hMailServer's virus notice) names its recipient by that
// block's To:, when it names one address; its opening still says what
// happened.
func TestSummaryRecipient(t *testing.T) {
	p := newParser(t)
	notice := func(to string) string {
		return "From: mailer-daemon@mx.example.org\nTo: sender@example.org\nSubject: Virus alert: invoice\n\n" +
			"Your message was stopped: an attachment was infected.\n\n" +
			"  From: Sender <sender@example.org>\n  To: " + to + "\n  Date: Mon, 7 Dec 2026 10:00:00 +0100\n  Subject: invoice\n\nmx.example.org\n"
	}
	for _, c := range []struct{ to, want string }{
		{"Ann <ann@example.net>", "ann@example.net"},
		{"ann@example.net, bob@example.net", ""},
	} {
		rep := p.Parse([]byte(notice(c.to)))
		if len(rep.Records) != 1 {
			t.Errorf("To %q: %d records, want 1", c.to, len(rep.Records))
			continue
		}
		r := rep.Records[0]
		if r.Recipient != c.want {
			t.Errorf("To %q: recipient %q, want %q", c.to, r.Recipient, c.want)
		}
		if !strings.Contains(r.Diagnostic, "attachment was infected") {
			t.Errorf("To %q: diagnostic %q, want the notice's opening", c.to, r.Diagnostic)
		}
	}
}
