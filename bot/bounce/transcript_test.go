package bounce

import (
	"strings"
	"testing"
)

// sendmailHead is the header of a Sendmail report.
const sendmailHead = "From: Mail Delivery Subsystem <MAILER-DAEMON@mx.example.org>\nTo: sender@example.org\n" +
	"Subject: Returned mail: see transcript for details\n"

// sendmailReport is a Sendmail report of one recipient whose transcript,
// answering MAIL FROM, names only the sender; two recipients' reports
// name each in the transcript.
func sendmailReport(rcpts ...string) string {
	var list, dsn strings.Builder
	for _, r := range rcpts {
		list.WriteString("<" + r + ">\n    (reason: 550 5.7.1 <sender@example.org>... Access denied)\n")
		dsn.WriteString("Final-Recipient: RFC822; " + r + "\nAction: failed\nStatus: 5.7.1\n" +
			"Diagnostic-Code: SMTP; 550 5.7.1 <sender@example.org>... Access denied\n\n")
	}
	return sendmailHead + "MIME-Version: 1.0\n" +
		"Content-Type: multipart/report; report-type=delivery-status; boundary=\"B\"\n\n--B\n\n" +
		"The original message was received at Mon, 7 Dec 2026 01:02:03 GMT\n\n" +
		"   ----- The following addresses had permanent fatal errors -----\n" + list.String() + "\n" +
		"   ----- Transcript of session follows -----\n... while talking to mx.example.com.:\n" +
		">>> MAIL From:<sender@example.org> SIZE=2048\n<<< 550 5.7.1 <sender@example.org>... Access denied\n" +
		"554 5.0.0 Service unavailable\n\n--B\nContent-Type: message/delivery-status\n\n" +
		"Reporting-MTA: dns; mx.example.org\n\n" + dsn.String() + "--B--\n"
}

// A session transcript speaks of a report's one recipient even where it
// names only the sender: its command is the recipient's context (the
// stage). With several recipients it is about each only where it names it.
func TestTranscriptOfOneRecipient(t *testing.T) {
	p := newParser(t)
	r := p.Parse([]byte(sendmailReport("rcpt@example.com")))
	if len(r.Records) != 1 {
		t.Fatalf("%d records", len(r.Records))
	}
	if c := strings.ToLower(r.Records[0].Context); !strings.Contains(c, ">>> mail from:") {
		t.Errorf("context %q lacks the transcript's MAIL From", c)
	}
	r = p.Parse([]byte(sendmailReport("one@example.com", "two@example.com")))
	if len(r.Records) != 2 {
		t.Fatalf("%d records", len(r.Records))
	}
	for _, rec := range r.Records {
		if strings.Contains(strings.ToLower(rec.Context), ">>> mail from:") {
			t.Errorf("%s: context %q holds a transcript naming neither recipient", rec.Recipient, rec.Context)
		}
	}
}

// Sendmail's own status line in a transcript, the codes then the address
// ("550 5.1.2 <addr>... Host unknown"), with no remote reply above it: its
// codes are what the delivery met, the enhanced one too. With a remote
// reply above it ("<<< 552 … quota exceeded"), that reply is.
func TestTranscriptStatusLineCodes(t *testing.T) {
	p := newParser(t)
	head := sendmailHead + "\n" +
		"   ----- The following addresses had permanent fatal errors -----\n<rcpt@example.com>\n" +
		"    (reason: 550 Host unknown)\n\n   ----- Transcript of session follows -----\n"
	for _, c := range []struct{ transcript, want, not string }{
		{"550 5.1.2 <rcpt@example.com>... Host unknown (Name server: example.com.: host not found)\n", "550 5.1.2", ""},
		{"... while talking to mx.example.com.:\n>>> DATA\n<<< 552 Requested mail action aborted: exceeded storage allocation\n554 5.0.0 <rcpt@example.com>... Service unavailable\n", "552 Requested", "5.0.0"},
	} {
		r := p.Parse([]byte(head + c.transcript))
		if len(r.Records) != 1 {
			t.Fatalf("%d records", len(r.Records))
		}
		d := r.Records[0].Diagnostic
		if !strings.Contains(d, c.want) || c.not != "" && strings.Contains(d, c.not) {
			t.Errorf("diagnostic %q: want %q, not %q", d, c.want, c.not)
		}
	}
}
