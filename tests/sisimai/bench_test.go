package sisimai

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/smtpbot/smtpbot/tests/score"
)

// BenchmarkDevEmails diagnoses every dev email once per iteration and
// reports emails per second; run on one core:
//
//	go test ./tests/sisimai -run '^$' -bench . -cpu 1
func BenchmarkDevEmails(b *testing.B) {
	bt, _ := newBot(b)
	files, err := filepath.Glob("testdata/eml/*.eml")
	if err != nil {
		b.Fatal(err)
	}
	var msgs [][]byte
	size := 0
	for _, f := range files {
		if score.HoldOut(f) {
			continue
		}
		raw, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		msgs = append(msgs, raw)
		size += len(raw)
	}
	bt.DiagnoseMessage(msgs[0], "en") // compiles the text rules once
	b.SetBytes(int64(size))
	b.ResetTimer()
	for b.Loop() {
		for _, m := range msgs {
			bt.DiagnoseMessage(m, "en")
		}
	}
	b.ReportMetric(float64(b.N*len(msgs))/b.Elapsed().Seconds(), "emails/s")
}
