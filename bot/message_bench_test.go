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
