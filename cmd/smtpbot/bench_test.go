package main

import (
	"testing"

	"github.com/smtpbot/smtpbot/bot"
	"github.com/smtpbot/smtpbot/bot/bottest"
	"github.com/smtpbot/smtpbot/catalog"
	"github.com/smtpbot/smtpbot/responses"
)

// BenchmarkAnswerToSlackJSON is the whole answer: parse "252 vs 552",
// compare, render Block Kit and marshal it, as the Slack adapter does: the
// short card. BenchmarkAnswerToSlackJSONFull is the same with the full
// answer (what the Details button shows, and what every answer was before
// the short card).
func BenchmarkAnswerToSlackJSON(b *testing.B) { benchAnswerToSlackJSON(b, responses.DetailShort) }

func BenchmarkAnswerToSlackJSONFull(b *testing.B) { benchAnswerToSlackJSON(b, responses.DetailFull) }

func benchAnswerToSlackJSON(b *testing.B, d responses.Detail) {
	bt := bottest.New(b)
	var buf []byte
	b.ReportAllocs()
	for b.Loop() {
		a := bt.Ask("252 vs 552", bot.Hints{})
		buf = responses.Slack(a, responses.SlackOptions{Detail: d}).AppendJSON(buf[:0], "ephemeral")
	}
}

// BenchmarkCatalogLoad is the start-up cost: decode and validate every file.
func BenchmarkCatalogLoad(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := catalog.Load(catalog.Embedded()); err != nil {
			b.Fatal(err)
		}
	}
}
