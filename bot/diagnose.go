package bot

import (
	"github.com/smtpbot/smtpbot/catalog"
)

// Reply is a server reply found in pasted text.
type Reply struct {
	Basic    catalog.ReplyCode    // 0 when the text has none
	Enhanced catalog.EnhancedCode // zero when the text has none
	HasEnh   bool
	Stage    catalog.Stage // the command it answered, when the text says
	Text     string        // the reply line, cleaned
}

// diagnose explains a pasted reply.
func (b *Bot) diagnose(q Query, lang string) Diagnosis {
	r := q.Reply
	f := b.cat.Frame(lang)
	d := Diagnosis{Stage: r.Stage, Excerpt: r.Text, Category: catalog.CatUnknown}
	var cards []catalog.Card
	if r.Basic != 0 {
		d.ReplyCode = r.Basic.String()
		cards = append(cards, b.cat.Card(catalog.Code{Reply: r.Basic}, lang))
	}
	if r.HasEnh {
		d.EnhancedCode = r.Enhanced.String()
		cards = append(cards, b.cat.Card(catalog.Code{Enhanced: r.Enhanced}, lang))
	}
	d.Cards = cards
	for i := len(cards) - 1; i >= 0; i-- {
		if cards[i].Category != catalog.CatNone && cards[i].Category != catalog.CatUnknown {
			d.Category = cards[i].Category
			break
		}
	}
	d.CategoryName = b.cat.CategoryName(d.Category).In(lang)
	retry := catalog.RetryAfterChange
	if len(cards) > 0 {
		retry = cards[0].Retry
	}
	d.Retry = retry == catalog.RetryAutomatic || retry == catalog.RetryMayClear
	d.RetryText = f.RetryName(retry)
	if len(cards) > 0 {
		d.Actors = cards[len(cards)-1].Actors
		d.ActorNames = cards[len(cards)-1].ActorNames
		d.Action = cards[len(cards)-1].FixSender
	}
	return d
}
