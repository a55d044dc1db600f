package bounce

import (
	"strings"
	"testing"
)

// eximEntries are two entries of an Exim report back to back, with no blank
// line between them: the first refused at RCPT TO, the second after the
// end of data.
const eximEntries = "  one@example.com\n" +
	"    SMTP error from remote mail server after RCPT TO:<one@example.com>:\n" +
	"    host mx.example.com [192.0.2.1]: 550 Mailbox is frozen\n" +
	"  two@example.net\n" +
	"    SMTP error from remote mail server after end of data:\n" +
	"    host mx.example.net [192.0.2.2]: 550 Message was not accepted\n"

// A recipient's context (where its stage is read) is its own entry's and
// the lines right before it, never the entry of the recipient listed
// before it, even where the entries follow each other with no blank line
// between them: one's "after RCPT TO" is not the next one's stage.
func TestContextStopsAtPreviousEntry(t *testing.T) {
	p := newParser(t)
	head := "From: Mail Delivery System <Mailer-Daemon@mx.example.org>\nTo: sender@example.org\n" +
		"Subject: Mail delivery failed: returning message to sender\n\n"
	for _, c := range []struct{ name, body string }{
		{"exim", "This message was created automatically by mail delivery software.\n\n" +
			"A message that you sent could not be delivered to one or more of its\n" +
			"recipients. This is a permanent error. The following address(es) failed:\n\n" + eximEntries},
		{"postfix", "I'm sorry to have to inform you that your message could not\n" +
			"be delivered to one or more recipients. It's attached below.\n\n" +
			"<one@example.com>: host mx.example.com[192.0.2.1] said: 550 5.1.1 No such\n" +
			"    user (in reply to RCPT TO command)\n" +
			"<two@example.net>: host mx.example.net[192.0.2.2] said: 554 5.7.1 Message\n" +
			"    rejected (in reply to end of DATA command)\n"},
	} {
		r := p.Parse([]byte(head + c.body))
		if len(r.Records) != 2 {
			t.Fatalf("%s: %d records", c.name, len(r.Records))
		}
		first, second := strings.ToLower(r.Records[0].Context), strings.ToLower(r.Records[1].Context)
		if !strings.Contains(first, "rcpt to") {
			t.Errorf("%s: first context %q lacks its own RCPT TO", c.name, first)
		}
		if strings.Contains(second, "rcpt to") || strings.Contains(second, "one@example.com") {
			t.Errorf("%s: second context %q holds the first recipient's entry", c.name, second)
		}
		if !strings.Contains(second, "end of data") {
			t.Errorf("%s: second context %q lacks its own stage", c.name, second)
		}
	}
}

// The same holds for a report with delivery-status fields whose text lists
// the entries back to back (the fields name no stage; the text does), and
// for an entry of the bounce's reader's own address (a list it runs)
// before a failed recipient's: its lines are no one's context.
func TestContextOfListedEntries(t *testing.T) {
	p := newParser(t)
	entries := "The following address(es) failed:\n\n" + eximEntries
	var dsn strings.Builder
	for _, r := range []string{"one@example.com", "two@example.net"} {
		dsn.WriteString("Final-Recipient: rfc822; " + r + "\nAction: failed\nStatus: 5.0.0\n\n")
	}
	withDSN := "From: Mail Delivery System <Mailer-Daemon@mx.example.org>\nTo: sender@example.org\n" +
		"Subject: Mail delivery failed\nMIME-Version: 1.0\n" +
		"Content-Type: multipart/report; report-type=delivery-status; boundary=\"B\"\n\n--B\n\n" +
		entries + "\n--B\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.org\n\n" +
		dsn.String() + "--B--\n"
	r := p.Parse([]byte(withDSN))
	if len(r.Records) != 2 {
		t.Fatalf("with DSN: %d records", len(r.Records))
	}
	c := strings.ToLower(r.Records[1].Context)
	if strings.Contains(c, "rcpt to") || !strings.Contains(c, "end of data") {
		t.Errorf("with DSN: second context %q is not its own entry's", c)
	}
	own := "From: Mail Delivery System <Mailer-Daemon@mx.example.org>\nTo: list@example.org\n" +
		"Subject: Mail delivery failed\n\n" + strings.Replace(entries, "one@example.com", "list@example.org", 2)
	r = p.Parse([]byte(own))
	if len(r.Records) != 1 || r.Records[0].Recipient != "two@example.net" {
		t.Fatalf("own entry: records %+v", r.Records)
	}
	if c := strings.ToLower(r.Records[0].Context); strings.Contains(c, "rcpt to") {
		t.Errorf("own entry: context %q holds the reader's own entry", c)
	}
}
