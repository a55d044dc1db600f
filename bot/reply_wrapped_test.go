package bot

import (
	"strings"
	"testing"

	"github.com/smtpbot/smtpbot/internal/tabletest"
)

// A sending service's own status around a quoted remote reply: the remote
// reply's codes are the diagnosis, not the wrapper's X.1.0.
func TestWrapperStatusQuotedReply(t *testing.T) {
	b := newTestBot(t)
	for _, c := range []struct{ text, basic, enh string }{
		{"5.1.0 - Unknown address error 550-'5.2.2 <someone@example.jp>... Mailbox Full' (delivery attempts: 0)", "550", "5.2.2"},
		{"5.1.0 - Unknown address error 550-'5.7.1 <x@example.com>... Access denied' (delivery attempts: 0)", "550", "5.7.1"},
		{`5.0.0 - Remote error 554-"5.7.1 Message rejected" (delivery attempts: 1)`, "554", "5.7.1"},
		// No quoted reply: the wrapper's own status stays.
		{"5.1.0 - Unknown address error (delivery attempts: 0)", "", "5.1.0"},
	} {
		q := b.recordReply(c.text)
		r := q.Reply
		basic := ""
		if r.Basic != 0 {
			basic = r.Basic.String()
		}
		if basic != c.basic || !r.HasEnh || r.Enhanced.String() != c.enh {
			t.Errorf("%q: codes %q %v %s, want %q %s", c.text, basic, r.HasEnh, r.Enhanced, c.basic, c.enh)
		}
	}
}

// The text quoted as the reply: what chat markup or a log line wraps
// around it is not part of it, and a reply pasted twice is one reply (its
// words are not doubled) while the lines of a real multi-line reply are
// all kept.
func TestReplyText(t *testing.T) {
	b := newTestBot(t)
	replyText := func(text string) string { return b.recordReply(text).Reply.Text }
	tabletest.Check(t, "replyText", replyText, []struct{ In, Want string }{
		// Pasted twice, and a multi-line reply.
		{"550 5.7.1 Relaying denied\n550 5.7.1 Relaying denied\nwhy", "550 5.7.1 Relaying denied"},
		{"452 4.2.2 Mailbox full\n452 4.2.2 Mailbox full", "452 4.2.2 Mailbox full"},
		{"550-5.7.26 This mail is unauthenticated.\n550-5.7.26 Gmail requires all senders to authenticate.", "550 5.7.26 This mail is unauthenticated. Gmail requires all senders to authenticate."},
		// Wrapped in markup, a log line or a question.
		{"what does `451 4.7.0 Temporary server error. PRX4` mean?", "451 4.7.0 Temporary server error. PRX4"},
		{"*554 5.7.1 Client host [192.0.2.3] blocked using zen.spamhaus.org*", "554 5.7.1 Client host [192.0.2.3] blocked using zen.spamhaus.org"},
		{"```550-5.7.26 This mail is unauthenticated. - gsmtp```", "550 5.7.26 This mail is unauthenticated. - gsmtp"},
		{"status=bounced (host mx.example.com[192.0.2.1] said: 550 5.1.1 User unknown (in reply to RCPT TO command))", "550 5.1.1 User unknown (in reply to RCPT TO command)"},
		{"Reason: [{LED=432 4.3.2 STOREDRV.Deliver; recipient thread limit exceeded};{MSG=};{FQDN=};{IP=};{LRT=}] lost?", "432 4.3.2 STOREDRV.Deliver; recipient thread limit exceeded"},
		{"Remote Server returned '552 5.2.2 mailbox full'", "552 5.2.2 mailbox full"},
		{"(got 550 5.1.1 user unknown (twice)) now what", "550 5.1.1 user unknown (twice)"},
		{"NOQUEUE: reject: RCPT from unknown[192.0.2.44]: 450 4.7.1 Client host rejected: cannot find your reverse hostname, [192.0.2.44]; from=<a@example.com> to=<b@example.com> proto=ESMTP helo=<pc1>", "450 4.7.1 Client host rejected: cannot find your reverse hostname, [192.0.2.44]"},
		{"550 5.7.1 Rejected; see policy; code=7", "550 5.7.1 Rejected; see policy"},
		{"550 5.7.1 Rejected; contact postmaster at example.com", "550 5.7.1 Rejected; contact postmaster at example.com"},
		// A question in mixed Vietnamese and English after the reply.
		{"mail bị reject 550 5.7.708 Access denied, fix sao?", "550 5.7.708 Access denied"},
		// Brackets the reply opens itself stay.
		{"550 5.7.1 Rejected (see [https://example.com/help])", "550 5.7.1 Rejected (see [https://example.com/help])"},
		// A quoted reply ends at its closing quote; an apostrophe in a word
		// closes nothing.
		{"NDR says Remote Server returned '550 4.4.7 QUEUE.Expired; message expired'. They're back up now.", "550 4.4.7 QUEUE.Expired; message expired"},
		{`it's odd, they said "554 5.7.1 Recipient's mailbox doesn't accept mail" today`, "554 5.7.1 Recipient's mailbox doesn't accept mail"},
		// A quote escaped inside a JSON string is the text's own, no end.
		{`"detail": "smtp;550 \"ann@example.pl\": This account is disabled (#5.1.1)",`, `550 5.1.1 \"ann@example.pl\": This account is disabled (#5.1.1)`},
		// The asker's own sentences after the reply ("I checked") are not
		// the server's; a first sentence with "I" is the server's.
		{"the server says 550 5.7.1 Client host [192.0.2.10] blocked using Spamhaus. SPF and DKIM pass, I checked twice. Any idea?", "550 5.7.1 Client host [192.0.2.10] blocked using Spamhaus."},
		{"550 5.1.1 Sorry, I couldn't find that mailbox. Try again.", "550 5.1.1 Sorry, I couldn't find that mailbox. Try again."},
		{"550 5.7.1 Rejected. I/O error on the filter.", "550 5.7.1 Rejected. I/O error on the filter."},
		// Words of a question and nothing else after the codes.
		{"is 451 4.7.1 permanent?", "451 4.7.1"},
	})
}

// A report that wraps a reply right after its codes ("said: 550 5.1.1"
// and the text indented on the next lines, as Postfix does) keeps the
// reply's text; and a pasted report listing several failed recipients
// with different failures is answered for the first one in the report's
// order, as the whole-message path does, not for the reply that reads
// best (the second's, with an enhanced code, here).
func TestPastedReportFirstRecipient(t *testing.T) {
	b := newTestBot(t)
	for _, c := range []struct{ name, text, basic, enh, words string }{
		{"wrapped after the codes", "This is the mail system at host mail.example.net.\n\n<ann@example.com>: host mx.example.com[192.0.2.5] said: 550 5.1.1\n    <ann@example.com>: Recipient address rejected: User unknown in local\n    recipient table (in reply to RCPT TO command)\n",
			"550", "5.1.1", "User unknown"},
		{"first without enhanced code", "which one matters?\n\nThis is the mail system at host mail.example.net.\n\n<ann@example.com>: host mx.example.com[192.0.2.5] said: 550 User unknown (in reply to RCPT TO command)\n\n<bob@example.org>: host mx.example.org[192.0.2.6] said: 552 5.3.4 Message size exceeds fixed limit (in reply to end of DATA command)\n",
			"550", "", "User unknown"},
		{"first wrapped, second not", "This is the mail system at host mail.example.net.\n\n<ann@example.com>: host mx.example.com[192.0.2.5] said: 550 5.1.1\n    <ann@example.com>: Recipient address rejected: User unknown in local\n    recipient table (in reply to RCPT TO command)\n\n<bob@example.org>: host mx.example.org[192.0.2.6] said: 552 5.3.4 Message\n    size exceeds fixed limit (in reply to end of DATA command)\n",
			"550", "5.1.1", "User unknown"},
	} {
		q := b.Parse(c.text)
		if q.Reply == nil {
			t.Errorf("%s: no reply read", c.name)
			continue
		}
		r := *q.Reply
		enh := ""
		if r.HasEnh {
			enh = r.Enhanced.String()
		}
		if r.Basic.String() != c.basic || enh != c.enh || !strings.Contains(r.Text, c.words) {
			t.Errorf("%s: reply %s %q %q, want %s %q with %q", c.name, r.Basic, enh, r.Text, c.basic, c.enh, c.words)
		}
	}
}
