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

// BenchmarkAnswerToSlackJSONPairs is BenchmarkAnswerToSlackJSON with a new
// question each time: it cycles through every ordered pair of basic codes
// ("211 vs 214", "211 vs 220", …), as a server sees questions that its
// answer cache does not hold.
func BenchmarkAnswerToSlackJSONPairs(b *testing.B) {
	bt := bottest.New(b)
	cat := bt.Catalog()
	var qs []string
	for _, x := range cat.Replies() {
		for _, y := range cat.Replies() {
			if x.Code != y.Code {
				qs = append(qs, x.Code.String()+" vs "+y.Code.String())
			}
		}
	}
	var buf []byte
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		a := bt.Ask(qs[i%len(qs)], bot.Hints{})
		buf = responses.Slack(a, responses.SlackOptions{Detail: responses.DetailShort}).AppendJSON(buf[:0], "ephemeral")
	}
}
