package bot

import (
	"strings"
	"testing"

	"github.com/smtpbot/smtpbot/catalog"
	"github.com/smtpbot/smtpbot/catalog/catalogtest"
)

// BenchmarkParse parses a mix of everyday questions.
func BenchmarkParse(b *testing.B) {
	bot := newTestBot(b)
	msgs := []string{
		"252 vs 552",
		"what's the difference between 421 and 450?",
		"cannot verify user vs mailbox full",
		"so sánh 421 với 450",
		"explain 5.7.1",
		"authentification failed",
		"550-5.7.26 This mail has been blocked because the sender is unauthenticated. - gsmtp",
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		bot.Parse(msgs[i%len(msgs)])
	}
}

// longBounce is a Postfix DSN with headers, a multi-line Gmail reply and
// the original message's headers: the kind of paste people make.
var longBounce = "This is the mail system at host mail.example.org.\n\n" +
	"I'm sorry to have to inform you that your message could not\nbe delivered to one or more recipients. It's attached below.\n\n" +
	"<bob@gmail.com>: host gmail-smtp-in.l.google.com[142.250.102.27] said:\n" +
	"    550-5.7.26 This mail has been blocked because the sender is\n" +
	"    550-5.7.26 unauthenticated. Gmail requires all senders to authenticate with\n" +
	"    550-5.7.26 either SPF or DKIM.\n    550-5.7.26\n    550-5.7.26  Authentication results:\n" +
	"    550-5.7.26  DKIM = did not pass\n    550-5.7.26  SPF [example.org] with ip: [192.0.2.1] = did not pass\n" +
	"    550 5.7.26 https://support.google.com/mail/answer/81126#authentication a1si1234567wrb.1 - gsmtp\n" +
	"    (in reply to end of DATA command)\n\n" +
	"Reporting-MTA: dns; mail.example.org\nX-Postfix-Queue-ID: 4ABC12345\nArrival-Date: Mon, 15 Jan 2024 10:22:33 +0000 (UTC)\n\n" +
	"Final-Recipient: rfc822; bob@gmail.com\nAction: failed\nStatus: 5.7.26\nRemote-MTA: dns; gmail-smtp-in.l.google.com\n" +
	"Diagnostic-Code: smtp; 550-5.7.26 This mail has been blocked because the sender is unauthenticated.\n\n" +
	strings.Repeat("Received: from mail.example.org (mail.example.org [192.0.2.1]) by relay.example.org with ESMTPS id 4ABC12345; Mon, 15 Jan 2024 10:22:33 +0000\n", 12)

// BenchmarkDiagnoseLongBounce parses and diagnoses a long pasted bounce.
func BenchmarkDiagnoseLongBounce(b *testing.B) {
	bot := newTestBot(b)
	b.SetBytes(int64(min(len(longBounce), MaxInput)))
	b.ReportAllocs()
	for b.Loop() {
		a := bot.Ask(longBounce, Hints{})
		if a.Diagnosis == nil && len(a.Diagnoses) == 0 {
			b.Fatalf("no diagnosis (not a bounce: %q)", a.NotBounce)
		}
	}
}

// BenchmarkFuzzySearch looks names up over the whole catalog: typos,
// abbreviations and a miss that falls through every step.
func BenchmarkFuzzySearch(b *testing.B) {
	bot := newTestBot(b)
	queries := []string{"exceded storage allocation", "cannot verfy user", "mbox full", "authentification failed", "qwxzv plorg"}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		m := bot.lex().newMessage(queries[i%len(queries)])
		bot.findNames(m.toks, false)
	}
}

// BenchmarkNew is the bot's share of start-up: the name index.
func BenchmarkNew(b *testing.B) {
	cat := catalogtest.Load(b)
	b.ReportAllocs()
	for b.Loop() {
		New(cat)
	}
}

// BenchmarkDiagnoseReply classifies one recipient's reply as a whole-email
// parser hands it over: codes, stage and the diagnostic text.
func BenchmarkDiagnoseReply(b *testing.B) {
	bt := newTestBot(b)
	replies := []Reply{
		{Basic: 550, Enhanced: catalog.EnhancedCode{Class: 5, Subject: 1, Detail: 1}, HasEnh: true, Stage: catalog.StageRCPT,
			Text: "550 5.1.1 <bob@example.com>: Recipient address rejected: User unknown in local recipient table"},
		{Basic: 421, Enhanced: catalog.EnhancedCode{Class: 4, Subject: 7, Detail: 0}, HasEnh: true,
			Text: "421 4.7.0 [TSS04] Messages from 192.0.2.25 temporarily deferred due to unexpected volume or user complaints"},
		{Text: "connect to mx.example.com[192.0.2.1]:25: Connection timed out"},
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		_ = bt.DiagnoseReply(replies[i%len(replies)], true, "en")
	}
}

// BenchmarkAskHostile answers each hostile message of 4,000 bytes (the
// pieces TestParseWorstCase checks for growth), one sub-benchmark each.
func BenchmarkAskHostile(b *testing.B) {
	bot := newTestBot(b)
	for name, make := range hostileInputs {
		in := make(4000)
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				bot.Ask(in, Hints{})
			}
		})
	}
}
