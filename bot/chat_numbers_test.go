package bot

import (
	"testing"

	"github.com/smtpbot/smtpbot/catalog"
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

// Numbers that something else than mail shows, or that its words tell
// apart: a device's panel error (chatter.devices makes "error" no mail
// word), a program's version (chatter.software) and what is compared with
// it, a number offered beside one no code can be ("500? 5000?"), an
// issue's number ("PR #421"). The same numbers in a question about mail
// stay codes.
func TestNumbersOfOtherThings(t *testing.T) {
	b := newTestBot(t)
	checkParse(t, b, []parseCase{
		{"the office printer shows error 552 on its panel when I scan to a USB stick, any idea?", IntentUnknown, nil},
		{"máy in báo lỗi 552 khi scan vào usb", IntentUnknown, nil},
		{"dovecot 2.3.21 vs 2.4.1 — worth upgrading before the migration?", IntentUnknown, nil},
		{"how many mails a day can a new IP send to gmail? 500? 5000?", IntentUnknown, nil},
		{"<@U03ABCDE> can you approve PR #421? it bumps go-smtp to 0.21.3", IntentUnknown, nil},
		// Mail words beside the device, a code compared with a code, a
		// small count beside a code, a qmail status after '#'.
		{"the scanner gets error 554 when it sends a scan by email through our relay", IntentExplain, []string{"554"}},
		{"5.2.1 vs 5.2.2 on our dovecot box?", IntentCompare, []string{"5.2.1", "5.2.2"}},
		{"got 550 or 552 from them, twice", IntentCompare, []string{"550", "552"}},
		{"Sorry, no mailbox here by that name. (#5.1.1)", IntentDiagnose, []string{"5.1.1"}},
	})
}

// Counts and numbers of a campaign: a number counting contacts or opens
// (chatter.after), a campaign's number (chatter.before), a Vietnamese
// classifier at a clause's end (chatter.after_end: "421 cái,", while
// "cái nào" asks which one), a package's version told with "of"
// (chatter.of, chatter.libraries) though shaped like a status. An enhanced
// code from a package stays a code.
func TestCampaignFigures(t *testing.T) {
	b := newTestBot(t)
	checkParse(t, b, []parseCase{
		{"campaign 452 went out at 5:50, 421 opens so far", IntentUnknown, nil},
		{"is 5.7.1 a hard bounce? our ESP suppressed 300 contacts over it", IntentExplain, []string{"5.7.1"}},
		{"tháng này gửi 5.500 khách, bounce 421 cái, vậy có ổn ko", IntentUnknown, nil},
		{"450 với 451 cái nào mới là greylisting", IntentCompare, []string{"450", "451"}},
		{"anyone on 2.1.0 of the mailgun SDK seeing duplicate sends?", IntentUnknown, nil},
		{"có ai dùng 2.1.0 của thư viện brevo bị lỗi gửi trùng ko", IntentUnknown, nil},
		{"we get 5.7.1 from the mailgun SDK on every send", IntentExplain, []string{"5.7.1"}},
		// An HTTP status told with its reason phrase (chatter.web_statuses).
		{"POST /v3/mail/send came back with status 202 Accepted, where did it go?", IntentUnknown, nil},
		{"the send endpoint answers 422 Unprocessable Entity for one address", IntentUnknown, nil},
		{"what does 202 mean?", IntentExplain, []string{"202"}},
		// Sending again and getting through are words of mail
		// (chatter.mail): the code beside them is asked about.
		{"will a 5.4.4 ever go through if we just try again tomorrow?", IntentExplain, []string{"5.4.4"}},
		{"do 4.2.2 ones get through later?", IntentExplain, []string{"4.2.2"}},
	})
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

// A code quoted by itself is named in the asker's sentence, enhanced as
// well as basic: "explain `5.7.25` like I'm five" asks about 5.7.25.
func TestQuotedCodeNamed(t *testing.T) {
	b := newTestBot(t)
	checkParse(t, b, []parseCase{
		{"can some1 explain `5.7.25` like im five. is it our PTR?", IntentExplain, []string{"5.7.25"}},
		{"they sent \"5.1.1\" back to us all week", IntentExplain, []string{"5.1.1"}},
		{"`5.7.1 Delivery not authorized` what now", IntentDiagnose, []string{"5.7.1"}},
	})
}

// Text struck through is taken back: the code after it is the asker's
// correction, in their own sentence ("~550~ 553 sorry, typo").
func TestStruckThrough(t *testing.T) {
	for in, want := range map[string]string{
		"~550~ 553 sorry, typo":        "… 553 sorry, typo",
		"~~550~~ 552 what is it":       "… 552 what is it",
		"he sent ~300 mails, ~ hmm":    "he sent ~300 mails, ~ hmm",
		"see ~/.forward and ~/mail~":   "see ~/.forward and ~/mail~",
		"a~b~c":                        "a~b~c",
		"~550\n553~ is two lines here": "~550\n553~ is two lines here",
	} {
		if got := Clean(in); got != want {
			t.Errorf("Clean(%q) = %q, want %q", in, got, want)
		}
	}
	checkParse(t, newTestBot(t), []parseCase{
		{"~550~ 553 sorry, typo. what does 553 mean on RCPT TO?", IntentExplain, []string{"553"}},
	})
}

// Comparisons: a name that stands for a side already typed is no third
// side ("which one is the over-quota one?"), and two Exchange NDR names
// compared are their codes compared.
func TestComparedNames(t *testing.T) {
	b := newTestBot(t)
	checkParse(t, b, []parseCase{
		{"> 5.2.1 vs 5.2.2\nwhich one is the over-quota one? (writing the helpdesk wiki)", IntentCompare, []string{"5.2.1", "5.2.2"}},
		{"550 vs mailbox full", IntentCompare, []string{"550", "552"}},
		{"RESOLVER.ADR.RecipNotFound vs RESOLVER.ADR.RecipientNotFound — same thing?", IntentCompare, []string{"5.1.1", "5.1.10"}},
		{"what is RESOLVER.ADR.RecipNotFound?", IntentExplain, []string{"5.1.1"}},
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
