package bot

import (
	"strings"
	"testing"
)

// BenchmarkDiagnoseMessage50KB diagnoses a 50 KB bounce: two recipients and
// the returned original message, as most bounces carry it.
func BenchmarkDiagnoseMessage50KB(b *testing.B) {
	bt := newTestBot(b)
	body := strings.Repeat("Dear customer, this is the newsletter text of the returned message. ", 740)
	msg := []byte(eximBounce + "From: sender@example.org\nSubject: News\n\n" + body + "\n")
	if len(msg) < 50_000 || len(msg) > 52_000 {
		b.Fatalf("message of %d bytes", len(msg))
	}
	if a := bt.DiagnoseMessage(msg, "en"); len(a.Diagnoses) != 2 {
		b.Fatalf("%d diagnoses", len(a.Diagnoses))
	}
	b.SetBytes(int64(len(msg)))
	b.ResetTimer()
	for b.Loop() {
		bt.DiagnoseMessage(msg, "en")
	}
}

// BenchmarkDiagnoseMessageQuoted50KB diagnoses a 50 KB list post whose
// thread quotes, several levels deep, a bounce under long quoted replies:
// the person's message searched for the report it hands on.
func BenchmarkDiagnoseMessageQuoted50KB(b *testing.B) {
	bt := newTestBot(b)
	_, report, _ := strings.Cut(eximBounce, "\n\n")
	report, _, _ = strings.Cut(report, "------ This is a copy")
	reply := strings.Repeat("I think the patch is fine but the test needs another look at the error path. \n", 75)
	var body strings.Builder
	for depth := 0; depth < 8; depth++ {
		for line := range strings.Lines(reply) {
			body.WriteString(strings.Repeat("> ", depth) + line)
		}
		body.WriteString(strings.Repeat("> ", depth) + "\n")
	}
	for line := range strings.Lines(report) {
		body.WriteString(strings.Repeat("> ", 3) + line)
	}
	body.WriteString("\n" + strings.Repeat("Thanks.\n", 10))
	msg := []byte("From: Example Developer <dev@example.org>\nTo: list@example.com\nSubject: Re: patch\nList-Id: <dev.example.com>\n\n" + body.String())
	if len(msg) < 45_000 || len(msg) > 60_000 {
		b.Fatalf("message of %d bytes", len(msg))
	}
	if a := bt.DiagnoseMessage(msg, "en"); len(a.Diagnoses) != 2 {
		b.Fatalf("%d diagnoses (not_bounce %q)", len(a.Diagnoses), a.NotBounce)
	}
	b.SetBytes(int64(len(msg)))
	b.ResetTimer()
	for b.Loop() {
		bt.DiagnoseMessage(msg, "en")
	}
}
