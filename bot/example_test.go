package bot_test

import (
	"fmt"

	"github.com/smtpbot/smtpbot/bot"
	"github.com/smtpbot/smtpbot/catalog"
)

func ExampleBot_Parse() {
	cat, err := catalog.Load(catalog.Embedded())
	if err != nil {
		panic(err)
	}
	b := bot.New(cat)
	for _, msg := range []string{
		"<@U0123ABCD> what's the difference between 252 and 552?",
		"cannot verfy user vs mailbox full",
		"so sánh 421 với 450",
		"list 5.7.x",
		"999 vs 123",
	} {
		q := b.Parse(msg)
		fmt.Printf("%s %v lang=%q filter=%q\n", q.Intent, q.Codes, q.Lang, q.Filter)
	}
	// Output:
	// compare [252 552] lang="en" filter=""
	// compare [252 552] lang="en" filter=""
	// compare [421 450] lang="vi" filter=""
	// list [] lang="en" filter="5.7.x"
	// unknown [] lang="en" filter=""
}

func ExampleBot_Ask_diagnosis() {
	cat, err := catalog.Load(catalog.Embedded())
	if err != nil {
		panic(err)
	}
	b := bot.New(cat)
	a := b.Ask("host mx.example.com[192.0.2.1] said: 550 5.1.1 <bob@example.com>: "+
		"Recipient address rejected: User unknown in local recipient table (in reply to RCPT TO command)", bot.Hints{})

	d := a.Diagnosis
	fmt.Println(a.Codes, d.Provider, d.Category, d.Retry, d.Stage, d.Actors)
	// Output: [550 5.1.1] postfix recipient_unknown false rcpt [sender]
}

func ExampleClean() {
	fmt.Printf("%q\n", bot.Clean("<@U0123ABCD> <!here> 550\u200b vs <mailto:a@example.com|a@example.com>\r\n"))
	// Output: "550 vs a@example.com"
}
