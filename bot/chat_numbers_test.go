package bot

import (
	"testing"

	"github.com/smtpbot/smtpbot/catalog"
	"github.com/smtpbot/smtpbot/internal/tabletest"
)

// A number with a sign of an amount glued to it ("150%", chatter.signs)
// is an amount, no code: cPanel's hourly limits say how far over the
// limit a domain went, and its words are still diagnosed.
func TestAmountWithSign(t *testing.T) {
	b := newTestBot(t)
	for _, tok := range b.lex().tokenize("over by 150% and 550‰") {
		if tok.kind == tokCode || tok.kind == tokBad {
			t.Errorf("token %q is read as a code, want a number", tok.text)
		}
	}
	for _, text := range []string{
		"shared hosting customer gets this:\nDomain example.com has exceeded the max emails per hour (3/2 (150%)) allowed.  Message discarded.\nwhat does 150% even mean?",
		"hosting báo: Domain example.com has exceeded the max defers and failures per hour (5/5 (100%)) allowed. Message discarded. vậy là sao",
	} {
		d := askDiagnosis(t, b, text, text, Hints{})
		if d != nil && (d.Category != catalog.CatRateLimit || !d.RetryHelps) {
			t.Errorf("%q: category %s retry_helps %v, want rate_limit and a retry that helps", text, d.Category, d.RetryHelps)
		}
	}
}

// A provider's own diagnostic number shaped like an enhanced code
// (providers.json numbers: Yahoo's "4.16.50") is no enhanced code, and
// Yahoo's SLN3437 deferral is its reputation deferral.
func TestProviderOwnNumbers(t *testing.T) {
	b := newTestBot(t)
	d := askDiagnosis(t, b, "yahoo 4.16.50", "421 Message from (192.0.2.45) temporarily deferred - 4.16.50", Hints{})
	if d == nil {
		return
	}
	if got := d.Codes(); len(got) != 1 || got[0] != "421" {
		t.Errorf("codes %v, want [421]", got)
	}
	if d.Category != catalog.CatBlocked || d.Reason != "badreputation" || d.Provider != "yahoo" {
		t.Errorf("category %s reason %s provider %q, want blocked badreputation yahoo", d.Category, d.Reason, d.Provider)
	}
	// A registered code in the same place stays the reply's.
	if d := askDiagnosis(t, b, "dash status", "550 Message not allowed - 5.7.1", Hints{}); d != nil && d.EnhancedCode.String() != "5.7.1" {
		t.Errorf("enhanced %s, want 5.7.1", d.EnhancedCode)
	}
}

// A multi-line reply pasted on one line ("550 - … 550 - … 550 …") is one
// reply: its later lines add nothing, and the first holds all its words
// ("Verification failed for <…>", Exim's sender verification).
func TestMultiLineReplyOnOneLine(t *testing.T) {
	b := newTestBot(t)
	text := "postal marks these as hard fail:\n550 - Verification failed for <news@example.com> 550 - The mail server could not deliver the email to news@example.com. The account or domain may not exist, they may be blacklisted, or you may lose the appropriate DNS entries. 550 sender verification failed\nhow do I fix it?"
	if d := askDiagnosis(t, b, "one line", text, Hints{}); d != nil && (d.Reason != "rejected" || d.Category != catalog.CatPolicy) {
		t.Errorf("reason %s category %s, want rejected policy", d.Reason, d.Category)
	}
}

// Text struck through is taken back: the code after it is the asker's
// correction, in their own sentence ("~550~ 553 sorry, typo"). So is a
// code taken back in words (withdraw_before, withdraw_after), with those
// words: each becomes an ellipsis in the text read, wherever its letters
// sit in the text as typed (accents, decomposed or not, lower-cased). Its
// questions for Parse are read in TestParseReadings/Withdrawn.
func TestWithdrawn(t *testing.T) {
	b := newTestBot(t)
	text := func(s string) string { return b.Parse(s).Text }
	tabletest.CheckMap(t, "Parse's text", text, map[string]string{
		"oops, 552 is what I meant, NOT 522":                 "oops, 552 is what I meant, …",
		"Not 554 5.7.1, it's 550 5.7.1":                      "…, it's 550 5.7.1",
		"I typed 5.7.62 by mistake, it's 5.7.26":             "I typed …, it's 5.7.26",
		"à nhầm, ý em là 552 chứ không phải 522 ạ":           "à nhầm, ý em là 552 … ạ",
		"à nhầm, ý em là 552 chứ không phải 522 ạ": "à nhầm, ý em là 552 … ạ",
		"Ý EM LÀ 552, CHỨ KHÔNG PHẢI 522":                    "Ý EM LÀ 552, …",
		"５５２ not ５２２":                                        "552 …",
		"not 550?":                                           "not 550?",
		"~550~ not 553, 554":                                 "… …, 554",
	})
	tabletest.CheckMap(t, "Clean", Clean, map[string]string{
		"~550~ 553 sorry, typo":        "… 553 sorry, typo",
		"~~550~~ 552 what is it":       "… 552 what is it",
		"he sent ~300 mails, ~ hmm":    "he sent ~300 mails, ~ hmm",
		"see ~/.forward and ~/mail~":   "see ~/.forward and ~/mail~",
		"a~b~c":                        "a~b~c",
		"~550\n553~ is two lines here": "~550\n553~ is two lines here",
	})
}

// One guess from an abbreviation gives way to words that name a cause
// outright, quoted from a log: Exim's router text is diagnosed, and Exim
// shows by its texts and its Debian name ("exim4"). Exim's "lowest
// numbered MX record points to local host" lasts until the receiver's
// routing changes.
func TestLogWordsOverGuess(t *testing.T) {
	b := newTestBot(t)
	d := askDiagnosis(t, b, "exim mx", "exim4 on our relay keeps logging `all relevant MX records point to non-existent hosts` for one partner domain. their MX resolves to a 10.x address, is their DNS broken?", Hints{})
	if d != nil && (d.Reason != "hostunknown" || d.Provider != "exim") {
		t.Errorf("reason %s provider %q, want hostunknown exim", d.Reason, d.Provider)
	}
	d = askDiagnosis(t, b, "local mx", "2023-11-06 01:17:28 H=mail.example.net [192.0.2.41] F=<a@example.net> temporarily rejected RCPT <sales@example.com>: lowest numbered MX record points to local host", Hints{})
	if d != nil && (d.RetryHelps || d.Provider != "exim") {
		t.Errorf("retry_helps %v provider %q, want false exim", d.RetryHelps, d.Provider)
	}
}

// A spam filter named by its software ("rejected by rspamd filter") is a
// spam verdict, as SpamAssassin's is.
func TestSpamFilterNamed(t *testing.T) {
	b := newTestBot(t)
	if d := askDiagnosis(t, b, "rspamd", "mailsec.protonmail.ch:25 --> 554 5.7.1 rejected by rspamd filter", Hints{}); d != nil && d.Category != catalog.CatSpamVirus {
		t.Errorf("category %s, want spam_virus", d.Category)
	}
}

// A sending service's own refusal (a tag of a provider of kind sending,
// Postmark's "marked as inactive") comes from its API, before any SMTP
// conversation: the numbers beside it that no SMTP RFC defines as a reply
// (Postmark's API error code 406, the HTTP status 422, a registry-only
// basic code) are the API's, and its words are the diagnosis. A reply an
// SMTP RFC defines stays a code beside such a tag.
func TestServiceRefusalNumbers(t *testing.T) {
	b := newTestBot(t)
	for _, text := range []string{
		"is our postmark account broken?\nUnable to send an email: You tried to send to recipient(s) that have been marked as inactive. Found inactive addresses: ann@example.com. (code 406).",
		"our catch block prints status, message and error code:\n422\nYou tried to send to a recipient that has been marked as inactive.\n406\nwhat now?",
		`{"ErrorCode":406,"Message":"You tried to send to recipients that have all been marked as inactive."}`,
	} {
		a := b.Ask(text, Hints{})
		if a.Intent != IntentDiagnose || len(a.Codes) != 0 {
			t.Errorf("%q: intent %s codes %v, want a diagnosis without codes", text, a.Intent, a.Codes)
			continue
		}
		if d := a.Diagnosis; d.Category != catalog.CatRecipientUnknown || d.Provider != "postmark" {
			t.Errorf("%q: category %s provider %q, want recipient_unknown by postmark", text, d.Category, d.Provider)
		}
	}
	a := b.Ask("postmark relayed: 550 5.1.1 user unknown, then marked as inactive", Hints{})
	if len(a.Codes) == 0 || a.Codes[0] != "550" {
		t.Errorf("a real reply beside the tag: codes %v, want 550 first", a.Codes)
	}
}
