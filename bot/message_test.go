package bot

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/smtpbot/smtpbot/bot/bounce"
	"github.com/smtpbot/smtpbot/catalog"
	"github.com/smtpbot/smtpbot/internal/tabletest"
	"github.com/smtpbot/smtpbot/tests/score"
)

const eximBounce = `From: Mail Delivery System <Mailer-Daemon@mx.example.net>
To: sender@example.org
Subject: Mail delivery failed: returning message to sender
X-Failed-Recipients: gone@example.com, full@example.edu

This message was created automatically by mail delivery software.

A message that you sent could not be delivered to one or more of its
recipients. This is a permanent error. The following address(es) failed:

  gone@example.com
    host mx.example.com [192.0.2.10]
    SMTP error from remote mail server after RCPT TO:<gone@example.com>:
    550 5.1.1 <gone@example.com>: Recipient address rejected: User unknown
  full@example.edu
    host mx.example.edu [192.0.2.11]
    SMTP error from remote mail server after end of data:
    552 5.2.2 Mailbox full

------ This is a copy of the message, including all the headers. ------

To: gone@example.com, full@example.edu
`

func TestDiagnoseMessage(t *testing.T) {
	b := newTestBot(t)
	a := b.DiagnoseMessage([]byte(eximBounce), "")
	if a.Intent != IntentDiagnose || a.NotBounce != "" || len(a.Diagnoses) != 2 || a.Title == "" {
		t.Fatalf("answer %+v", a)
	}
	gone, full := a.Diagnoses[0], a.Diagnoses[1]
	if gone.Recipient != "gone@example.com" || gone.ReplyCode.String() != "550" || gone.EnhancedCode.String() != "5.1.1" || gone.DSNAction != "failed" ||
		gone.Category != catalog.CatRecipientUnknown || gone.Stage != catalog.StageRCPT || !strings.Contains(gone.Diagnostic, "User unknown") {
		t.Errorf("first %+v", gone)
	}
	if full.Recipient != "full@example.edu" || full.EnhancedCode.String() != "5.2.2" || full.Category != catalog.CatMailboxFull {
		t.Errorf("second %+v", full)
	}
	vi := b.DiagnoseMessage([]byte(eximBounce), catalog.Vietnamese)
	if vi.Lang != catalog.Vietnamese || vi.Title == a.Title || vi.Diagnoses[0].CategoryName == gone.CategoryName {
		t.Errorf("Vietnamese answer not in Vietnamese: %q", vi.Title)
	}
}

// A report without any code still gets a class: the DSN Status when there
// is one, else X.0.0 of the class the Action implies (RFC 3463).
func TestDiagnoseMessageDerivesCodes(t *testing.T) {
	b := newTestBot(t)
	dsn := "From: MAILER-DAEMON@a.example\nSubject: Delivery Status Notification\nMIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status; boundary=Z\n\n" +
		"--Z\nContent-Type: message/delivery-status\n\nFinal-Recipient: rfc822; x@b.example\nAction: failed\nStatus: 5.2.2\n\n" +
		"Final-Recipient: rfc822; y@b.example\nAction: delayed\nDiagnostic-Code: X-Local; still trying\n\n--Z--\n"
	a := b.DiagnoseMessage([]byte(dsn), "en")
	if len(a.Diagnoses) != 2 {
		t.Fatalf("%d diagnoses", len(a.Diagnoses))
	}
	if d := a.Diagnoses[0]; d.EnhancedCode.String() != "5.2.2" || d.Category != catalog.CatMailboxFull {
		t.Errorf("status only: %+v", d)
	}
	if d := a.Diagnoses[1]; d.EnhancedCode.String() != "4.0.0" || d.DSNAction != "delayed" || !d.Retry {
		t.Errorf("no code, delayed: %+v", d)
	}
}

// A report whose Status field holds the reply code and whose
// Diagnostic-Code opens with the enhanced code, untyped (Zoho's layout),
// still gives both codes; only an opening failure or delay code counts.
func TestDiagnoseMessageMisplacedCodes(t *testing.T) {
	b := newTestBot(t)
	dsn := func(diag string) string {
		return "From: mailer-daemon@a.example\nSubject: Undelivered Mail Returned to Sender\nMIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status; boundary=Z\n\n" +
			"--Z\nContent-Type: message/delivery-status\n\nFinal-Recipient: rfc822; x@b.example\nStatus: 550\nAction: failed\nDiagnostic-Code: " + diag + "\n\n--Z--\n"
	}
	a := b.DiagnoseMessage([]byte(dsn("5.2.1 The email account that you tried to reach is disabled.")), "en")
	if len(a.Diagnoses) != 1 {
		t.Fatalf("%d diagnoses", len(a.Diagnoses))
	}
	if d := a.Diagnoses[0]; d.EnhancedCode.String() != "5.2.1" || d.ReplyCode != 550 || d.Reason != "suspend" {
		t.Errorf("opening code: %s %s %s", d.ReplyCode, d.EnhancedCode, d.Reason)
	}
	for diag, want := range map[string]string{
		"5.2.1 The email account … is disabled": "5.2.1",
		"4.4.1: connection timed out":           "4.4.1",
		"2.0.0 OK":                              "",
		"disabled, see 5.2.1":                   "",
		"5.2 disabled":                          "",
		"":                                      "",
	} {
		got := ""
		if st, ok := openingStatus(diag); ok {
			got = st.String()
		}
		if got != want {
			t.Errorf("openingStatus(%q) = %q, want %q", diag, got, want)
		}
	}
}

// A recipient a report lists as accepted (the success reply it quotes) is
// no failure: only the failed one is diagnosed, and a report naming only
// accepted recipients is a delivery notice.
func TestDiagnoseMessageSkipsAccepted(t *testing.T) {
	b := newTestBot(t)
	report := func(body string) []byte {
		return []byte("From: Mail Delivery Subsystem <mailer-daemon@relay.example>\nTo: sender@example.org\nSubject: Delivery status\n\n" + body)
	}
	accepted := "These recipients were handed to a gateway:\n\n<kept@b.example>:\n    mx.b.example:\n<<< 250 2.0.0 queued as 1234\n\n"
	failed := "These recipients could not be reached:\n\n<gone@b.example>:\n    mx.b.example:\n>>> RCPT TO:<gone@b.example>\n<<< 550 5.1.1 No such user\n"
	a := b.DiagnoseMessage(report(accepted+failed), "en")
	if len(a.Diagnoses) != 1 || a.Diagnoses[0].Recipient != "gone@b.example" || a.Diagnoses[0].Reason != "userunknown" {
		t.Errorf("accepted and failed: %d diagnoses, not_bounce %q", len(a.Diagnoses), a.NotBounce)
		for _, d := range a.Diagnoses {
			t.Logf("  %s %s", d.Recipient, d.Reason)
		}
	}
	if a := b.DiagnoseMessage(report(accepted), "en"); a.NotBounce != bounce.KindDelivered || len(a.Diagnoses) != 0 {
		t.Errorf("accepted only: not_bounce %q, %d diagnoses", a.NotBounce, len(a.Diagnoses))
	}
}

// A session transcript shows the command a reply answered: after the
// recipient was accepted, a refusal answering DATA is of the message,
// refused by the recipient's filter, though the transcript names the
// address at RCPT TO too. The marks are the MTA's own ("-->", "<--").
func TestDiagnoseMessageTranscriptStage(t *testing.T) {
	b := newTestBot(t)
	msg := "From: Mail Gateway <postmaster@gw.example>\nTo: sender@example.org\nSubject: Permanent Delivery Failure\n\n" +
		"The attached message had PERMANENT fatal delivery errors!\n\nFailed address: rcpt@b.example\n\n" +
		"--- Session Transcript ---\n" +
		"Mon 2026-01-05 10:00:00: --> RCPT To:<rcpt@b.example>\n" +
		"Mon 2026-01-05 10:00:00: <-- 250 2.1.5 Recipient OK\n" +
		"Mon 2026-01-05 10:00:00: --> DATA\n" +
		"Mon 2026-01-05 10:00:09: <-- 550 Message refused\n" +
		"--- End Transcript ---\n"
	d, ok := oneDiagnosis(t, b, "transcript", msg)
	if ok && (d.Stage != catalog.StageDATA || d.Reason != "filtered") {
		t.Errorf("stage %q reason %s, want data, filtered", d.Stage, d.Reason)
	}
}

func TestDiagnoseMessageNotBounce(t *testing.T) {
	b := newTestBot(t)
	for msg, kind := range map[string]string{
		"From: a@b.example\nTo: c@d.example\nSubject: Automatic reply: hi\n\nAway.\n": bounce.KindAutoreply,
		"not an email at all": bounce.KindNotMail,
	} {
		a := b.DiagnoseMessage([]byte(msg), "vi")
		if a.NotBounce != kind || len(a.Diagnoses) != 0 || a.Title == "" || a.Intent != IntentDiagnose {
			t.Errorf("%.30q: %+v", msg, a)
		}
	}
}

// A whole message pasted into chat takes the same path as a file.
func TestAskRoutesWholeMessages(t *testing.T) {
	b := newTestBot(t)
	a := b.Ask(eximBounce, Hints{})
	if len(a.Diagnoses) != 2 || a.Diagnoses[1].Recipient != "full@example.edu" {
		t.Errorf("Ask of a whole bounce: %d diagnoses, intent %s", len(a.Diagnoses), a.Intent)
	}
	// Delivery-status fields pasted on their own.
	fields := "Final-Recipient: rfc822; a@b.example\nAction: failed\nStatus: 5.1.1\nDiagnostic-Code: smtp; 550 5.1.1 user unknown\n"
	if a := b.Ask(fields, Hints{}); len(a.Diagnoses) != 1 || a.Diagnoses[0].Recipient != "a@b.example" || a.Diagnoses[0].EnhancedCode.String() != "5.1.1" {
		t.Errorf("Ask of DSN fields: %+v", a.Diagnoses)
	}
	// In a code block, after a mention of the bot.
	for _, text := range []string{"```\n" + eximBounce + "```", "<@U0BOT> ```eml\n" + eximBounce + "\n```"} {
		if a := b.Ask(text, Hints{}); len(a.Diagnoses) != 2 {
			t.Errorf("Ask of a fenced bounce (%.20q): %d diagnoses", text, len(a.Diagnoses))
		}
	}
	// A single pasted reply, or a question over several lines, is not a message.
	for _, text := range []string{"550 5.1.1 user unknown", "hi\nwhat does 550 mean?\nthanks\nbye", "552 vs 452"} {
		if a := b.Ask(text, Hints{}); a.Diagnoses != nil || a.NotBounce != "" {
			t.Errorf("%q went the whole-message way", text)
		}
	}
}

// FuzzDiagnose checks whole-message diagnosis on any bytes: it never
// panics, reports at most bounce.MaxRecords recipients, each with valid
// UTF-8 and bounded text, and a non-bounce has no diagnoses.
func FuzzDiagnose(f *testing.F) {
	files, _ := filepath.Glob("../tests/sisimai/testdata/eml/*.eml")
	for i, name := range files {
		if i%10 != 0 { // a sample of real bounces of every kind
			continue
		}
		if raw, err := os.ReadFile(name); err == nil {
			f.Add(raw)
		}
	}
	f.Add([]byte(eximBounce))
	// Bounces people hand on: forwarded inline, quoted many levels deep,
	// attached to a forward (wild batch 22), pasted between cut lines or
	// indented in a list post (964, 965).
	for _, n := range []string{"850", "851", "852", "854", "863", "867", "871", "873", "964", "965"} {
		if raw, err := os.ReadFile(filepath.Join("testdata", "wild", n+".eml")); err == nil {
			f.Add(raw)
		}
	}
	var deep bytes.Buffer
	deep.WriteString("From: a@b.example\nMIME-Version: 1.0\n")
	for i := range 300 {
		fmt.Fprintf(&deep, "Content-Type: multipart/mixed; boundary=b%d\n\n--b%d\n", i, i)
	}
	f.Add(deep.Bytes())
	var many bytes.Buffer
	many.WriteString("From: mailer-daemon@b.example\nSubject: Undelivered\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=P\n\n")
	many.WriteString("--P\nContent-Type: message/delivery-status\n\nFinal-Recipient: rfc822; u@c.example\nAction: failed\nStatus: 5.1.1\n\n")
	for range 10000 { // small parts: the fuzzer mutates every seed
		many.WriteString("--P\n\nx\n")
	}
	f.Add(many.Bytes())
	f.Add([]byte("Subject: " + strings.Repeat("=?utf-8?q?x?= ", 3000) + "\n\n"))
	f.Add([]byte("From: a@b.example\nContent-Type: message/rfc822\n\nContent-Type: message/rfc822\n\nContent-Type: message/rfc822\n\nFrom: x\n"))
	f.Add([]byte("From: a\r\nContent-Type: text/plain; charset=x-unknown\r\nContent-Transfer-Encoding: base64\r\n\r\n!!!!\xff\xfe"))
	f.Add([]byte("\r\r\r\n\n\x00"))
	b := newTestBot(f)
	f.Fuzz(func(t *testing.T, raw []byte) {
		a := b.DiagnoseMessage(raw, "en")
		if a.Intent != IntentDiagnose || a.Title == "" {
			t.Fatalf("intent %s, title %q", a.Intent, a.Title)
		}
		if len(a.Diagnoses) > bounce.MaxRecords {
			t.Fatalf("%d diagnoses", len(a.Diagnoses))
		}
		if (a.NotBounce == "") == (len(a.Diagnoses) == 0) {
			t.Fatalf("not_bounce %q with %d diagnoses", a.NotBounce, len(a.Diagnoses))
		}
		for _, d := range a.Diagnoses {
			if !utf8.ValidString(d.Diagnostic) || !utf8.ValidString(d.Recipient) || len(d.Diagnostic) > 4096 {
				t.Fatalf("diagnostic of %d bytes, valid %v", len(d.Diagnostic), utf8.ValidString(d.Diagnostic))
			}
			if d.EnhancedCode.IsZero() && d.ReplyCode == 0 {
				t.Fatalf("a diagnosis without any code: %+v", d)
			}
		}
	})
}

// dsnBounce is a minimal RFC 3464 report with one recipient.
func dsnBounce(action, status, diag, text string) string {
	return "From: MAILER-DAEMON@mx.example.org\nTo: sender@example.org\nSubject: Undelivered Mail Returned to Sender\n" +
		"MIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status; boundary=\"B\"\n\n" +
		"--B\nContent-Type: text/plain\n\n" + text + "\n\n" +
		"--B\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.org\n\n" +
		"Final-Recipient: rfc822; rcpt@example.com\nAction: " + action + "\nStatus: " + status + "\n" +
		"Diagnostic-Code: " + score.DiagnosticCode(diag) + "\n\n--B--\n"
}

// A notice holding the sending server's delivery log, its entries opened
// by a source name and a date written with slashes and no transcript marks
// (PostMan Server's), places the failing reply by the command it answered:
// an unknown user after the data was accepted is the recipient's filter, one
// answering MAIL FROM the sender refused.
func TestDiagnoseMessageDeliveryLog(t *testing.T) {
	b := newTestBot(t)
	notice := func(cmd, reply string) string {
		return "From: PostMan Server MTA <postmaster@mail.example.jp>\nTo: sender@example.jp\nSubject: Returned mail\n" +
			"Content-Type: text/plain; charset=UTF-8\n\nThe message could not be delivered.\n\nRecipient: rcpt@example.com\n\n" +
			"[MTA ] 2004/12/22 08:15:15 220 mx.example.com SMTP Service Ready\n" + cmd +
			"[MTA ] 2004/12/22 08:15:15 " + reply + "\n[MTA ] 2004/12/22 08:15:15 QUIT\n"
	}
	for _, c := range []struct {
		name, log, reply, reason, bounce string
	}{
		{"end of data", "[MTA ] 2004/12/22 08:15:15 RCPT TO: <rcpt@example.com>\n[MTA ] 2004/12/22 08:15:15 250 ok\n" +
			"[MTA ] 2004/12/22 08:15:15 DATA\n[MTA ] 2004/12/22 08:15:15 354 go ahead\n[MTA ] 2004/12/22 08:15:15 [End of Data]\n",
			"550 Unknown user rcpt@example.com", "filtered", "soft"},
		{"mail from", "[MTA ] 2004/12/22 08:15:15 MAIL FROM: <sender@example.jp>\n",
			"550 Unknown user sender@example.jp", "rejected", "soft"},
	} {
		wantReasonBounce(t, b, c.name, notice(c.log, c.reply), c.reason, c.bounce)
	}
}

// The whole email decides what one reply cannot: whether the refusal
// answered RCPT TO, and whether the sending server gave up.
func TestDiagnoseMessageReasonFromReport(t *testing.T) {
	b := newTestBot(t)
	for _, c := range []struct {
		name, action, status, diag, text string
		reason, bounce                   string
	}{
		{"unknown user placed nowhere: refused after the address was accepted", "failed", "5.0.0", "550 Unknown user rcpt@example.com", "The mail system could not deliver.",
			"filtered", "soft"},
		{"unknown user answering RCPT TO", "failed", "5.0.0", "550 Unknown user rcpt@example.com", "<rcpt@example.com>: host mx.example.com said: 550 Unknown user rcpt@example.com (in reply to RCPT TO command)",
			"userunknown", "hard"},
		{"5.1.1 confirms the address even after DATA (pipelining)", "failed", "5.1.1", "550 5.1.1 <rcpt@example.com>... User Unknown", "... while talking to mx.example.com.:\n>>> DATA\n<<< 550 5.1.1 <rcpt@example.com>... User Unknown",
			"userunknown", "hard"},
		{"other code after DATA: the filter", "failed", "5.7.1", "550 5.7.1 <rcpt@example.com>: Recipient address rejected: User unknown", "... while talking to mx.example.com.:\n>>> DATA\n<<< 550 5.7.1 <rcpt@example.com>: Recipient address rejected: User unknown",
			"filtered", "soft"},
		{"timeout given up on", "failed", "4.4.1", "connect to mx.example.com[192.0.2.1]:25: Connection timed out", "",
			"expired", "soft"},
		{"timeout still retried", "delayed", "4.4.1", "connect to mx.example.com[192.0.2.1]:25: Connection timed out", "",
			"networkerror", "soft"},
		{"connection lost mid-session has its own cause", "failed", "4.4.2", "lost connection with mx.example.com[192.0.2.1] while receiving the initial server greeting", "",
			"networkerror", "soft"},
		{"a delay notice proves no address bad, whatever code it quotes", "delayed", "5.1.1", "550 5.1.1 <rcpt@example.com>: Recipient address rejected: User unknown", "",
			"userunknown", "soft"},
		{"a Diagnostic-Code typed as the MTA's own (X-Local) is no remote reply: the unknown user stands", "failed", "5.0.0", "X-Local; 550 Unknown user rcpt@example.com", "The mail system could not deliver.",
			"userunknown", "hard"},
		{"Yahoo's qmail notice says the message expired after a temporary relay refusal", "failed", "4.7.1",
			"Message expired for domain example.com. Remote host said: 454 4.7.1 <rcpt@example.com>: Relay access denied [RCPT_TO]", "",
			"expired", "soft"},
		{"the same refusal without the MTA's own words of expiry keeps its cause", "failed", "4.7.1", "454 4.7.1 <rcpt@example.com>: Relay access denied", "",
			"norelaying", "soft"},
		{"Yahoo's [TSS04] names a reputation deferral, whatever the class", "failed", "5.7.0", "553 5.7.0 [TSS04] Messages from 192.0.2.1 temporarily deferred due to unexpected volume or user complaints", "",
			"badreputation", "soft"},
	} {
		wantReasonBounce(t, b, c.name, dsnBounce(c.action, c.status, c.diag, c.text), c.reason, c.bounce)
	}
}

// A pasted bounce body without headers (a Postfix report copied from a
// mail client) is diagnosed, not called "not mail".
func TestDiagnoseHeaderlessBounce(t *testing.T) {
	b := newTestBot(t)
	d, ok := oneDiagnosis(t, b, "headerless bounce", longBounce)
	if ok && (d.Recipient != "bob@gmail.com" || d.EnhancedCode.String() != "5.7.26" || d.Reason != "authfailure") {
		t.Errorf("got %s %s %s, want bob@gmail.com 5.7.26 authfailure", d.Recipient, d.EnhancedCode, d.Reason)
	}
}

// A header block with a server reply but no report of recipients is not a
// bounce message, yet its reply is still diagnosed as a pasted line.
func TestAskHeadersWithoutReport(t *testing.T) {
	b := newTestBot(t)
	in := "Received: from mail.example.org (mail.example.org [192.0.2.10])\n\tby mx.example.com (Postfix) with ESMTP id 4ABC1234\n" +
		"Diagnostic-Code: smtp; 550 5.1.1 <bob@example.com>: Recipient address rejected: User unknown in virtual mailbox table"
	if d := askDiagnosis(t, b, "headers without a report", in, Hints{}); d != nil && (d.EnhancedCode.String() != "5.1.1" || d.Reason != "userunknown") {
		t.Errorf("diagnosis %s %s, want 5.1.1 userunknown", d.EnhancedCode, d.Reason)
	}
}

// The MTA's framing, host names and the address say nothing: a report
// holding only them has no words of its own (undefined, not onhold).
func TestWorded(t *testing.T) {
	framing := newTestBot(t).Catalog().Bounce().Framing
	isWorded := func(diag string) bool { return worded(diag, "rcpt@example.com", framing) }
	tabletest.Check(t, "worded", isWorded, []struct {
		In   string // diagnostic
		Want bool
	}{
		{"This is the mail system at host mx.example.org.\n\nI'm sorry to have to inform you that your message could not\nbe delivered to one or more recipients. It's attached below.\n\n --- Delivery report unavailable ---", false},
		{"<rcpt@example.com> [192.0.2.1]", false},
		{"This is the mail system at host mx.example.org. Mailbox disabled", true},
		{"550 No", false},
		{"User unknown", true},
		// Amazon SES's own notice: its lead sentence over a bare list of
		// addresses (the others are names too).
		{"An error occurred while trying to deliver the mail to the following recipients:\nrcpt@example.com\nother@example.com", false},
		// The Windows SMTP service's DSN text, as a list server hands it on.
		{"This is an automatically generated Delivery Status Notification.\nDelivery to the following recipients failed.\n       rcpt@example.com", false},
	})
}

// The MTA's framing says that delivery failed, never why, so no rule reads
// a cause in it: Exchange 2000's advice under its #5.0.0 text ("Check the
// address and try again") is no temporary trouble (systemerror), and
// IMail's bare "undeliverable to <addr>" is no word of its own.
func TestFramingNamesNoCause(t *testing.T) {
	b := newTestBot(t)
	reason := func(diag string) string {
		d, _ := oneDiagnosis(t, b, diag, dsnBounce("failed", "5.0.0", diag, ""))
		return d.Reason
	}
	tabletest.CheckMap(t, "reason", reason, map[string]string{
		"The e-mail system was unable to deliver the message, but did not report a specific reason. Check the address and try again. If it still fails, contact your system administrator. <mx.example.org #5.0.0>": "onhold",
		"undeliverable to rcpt@example.com": "undefined",
		"Mailbox busy, try again later":     "systemerror",
	})
}

// A notice whose layout labels the text the remote host's reply ("Remote
// host said :", bounce.json remote_labels) though it dropped the reply's
// code: the weak unknown-mailbox words placed at no stage are a remote
// refusal after the address was taken, filtered (reasons.json
// unconfirmed), not the reporting system's own verdict.
func TestRemoteLabelledReplyIsUnconfirmed(t *testing.T) {
	b := newTestBot(t)
	const notice = "From: mailer-daemon@mail.example.net\nTo: sender@example.org\nSubject: Failure Notice\n\n" +
		"Your message sent to\nrcpt@example.com\nhas failed to be delivered.\n\n* Recipient :\nrcpt@example.com\n\n" +
		"* Remote host said :\nRequested action not taken: mailbox unavailable\n"
	a := b.DiagnoseMessage([]byte(notice), "")
	if len(a.Diagnoses) != 1 {
		t.Fatalf("%d diagnoses", len(a.Diagnoses))
	}
	if d := a.Diagnoses[0]; d.Reason != "filtered" || d.Bounce != "soft" || !strings.HasPrefix(d.Diagnostic, "Requested action") {
		t.Errorf("%s/%s, diagnostic %q; want filtered/soft from the remote host's reply", d.Reason, d.Bounce, d.Diagnostic)
	}
}

// A relaying server's reply that tags, inside it, the code of the failure
// it met for the recipient ("554 5.4.0 <mx.example.net #4.4.1>": Forward
// Email's and Exchange's form, the wrapper's X.4.0 naming only network and
// routing) gives the cause by that code, no answer from the host, whatever
// the stage; the status shown stays the reply's own. A tag naming no
// detail says no more than the wrapper.
func TestTaggedVerdictNamesCause(t *testing.T) {
	b := newTestBot(t)
	diagnose := func(diag string) string {
		text := "<rcpt@example.com>: host mx.example.net[192.0.2.1] said: " + diag + " (in reply to end of DATA command)"
		d, _ := oneDiagnosis(t, b, diag, dsnBounce("failed", "5.4.0", diag, text))
		return d.Reason + " " + d.EnhancedCode.String() + " " + d.Bounce
	}
	tabletest.CheckMap(t, "reason status bounce", diagnose, map[string]string{
		"554 5.4.0 <mx.example.net #4.4.1>": "networkerror 5.4.0 soft",
		"554 5.4.0 <mx.example.net #4.0.0>": "filtered 5.4.0 soft",
	})
	if d := askDiagnosis(t, b, "paste", "554 5.4.0 <mx.example.net #4.4.1>", Hints{}); d != nil && d.Reason != "networkerror" {
		t.Errorf("pasted: %s, want networkerror", d.Reason)
	}
}

// A permanent code that names only its area places a refusal by the stage
// when the area is not what was refused ("554 5.7.0" after DATA: the
// recipient's filter, filtered), but a code whose area is the message
// itself (X.6, media and content) already says what a refusal after DATA
// was of: "554 5.6.0 Message contains NUL characters" is the content,
// contenterror, as Cyrus lmtpd means it. Before DATA the stage still
// decides.
func TestMessageCodeAfterData(t *testing.T) {
	b := newTestBot(t)
	diagnose := func(in [2]string) string {
		diag, command := in[0], in[1]
		text := "<rcpt@example.com>: host mx.example.net[192.0.2.1] said: " + diag + " (in reply to " + command + " command)"
		status := strings.Fields(diag)[1]
		d, _ := oneDiagnosis(t, b, diag, dsnBounce("failed", status, diag, text))
		return d.Reason
	}
	tabletest.CheckMap(t, "reason", diagnose, map[[2]string]string{
		{"554 5.6.0 Message contains NUL characters", "end of DATA"}: "contenterror",
		{"554 5.6.0 Message rejected", "DATA"}:                       "contenterror",
		{"554 5.7.0 Message rejected", "end of DATA"}:                "filtered",
		{"550 5.6.0 Message rejected", "MAIL FROM"}:                  "rejected",
	})
}
