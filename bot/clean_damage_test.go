package bot

import (
	"slices"
	"testing"

	"github.com/smtpbot/smtpbot/internal/tabletest"
)

// Clean folds what a phone, a mail client or a chat sets around a code
// into what it stands for: full-width digits and letters into ASCII (as
// Unicode's NFKC folding does), typographic quotes into plain ones, and
// chat emphasis (bold, italic, spoiler) away from the words it wraps.
func TestCleanFoldsDecoration(t *testing.T) {
	tabletest.Check(t, "Clean", Clean, []struct{ In, Want string }{
		{"４５１ ４.３.０ ｔｒｙ ａｇａｉｎ", "451 4.3.0 try again"},
		{"（５５３）", "(553)"},
		{"he wrote ‘451 4.3.0 busy’ and “try later”", "he wrote '451 4.3.0 busy' and \"try later\""},
		{"*421* and **550 5.1.1** and _452_ and __5.2.2__", "421 and 550 5.1.1 and 452 and 5.2.2"},
		{"client [||203.0.113.8||] refused", "client [203.0.113.8] refused"},
		{"gửi bị *550*, sao vậy?", "gửi bị 550, sao vậy?"},
		// Marks that wrap nothing, or glue to words, stay as typed.
		{"user_name_x *.example.com 2*3 a || b *** ATTENTION *** ** note **", "user_name_x *.example.com 2*3 a || b *** ATTENTION *** ** note **"},
		{"snake_case_551_x and *half-open", "snake_case_551_x and *half-open"},
		// A continued line's hyphen after a code damaged by OCR: the same
		// reading as with a space.
		{"S50-5.7.1 Unfortunately, messages were not sent", "550-5.7.1 Unfortunately, messages were not sent"},
		{"S50-4.7.1 Unfortunately", "S50-4.7.1 Unfortunately"},
	})
}

// What the folding reads: a reply typed in full-width digits, quoted in
// typographic quotes or set in bold is diagnosed as the reply it is; a
// code in bold with a question is explained; an OCR'd continued line is
// read with its codes.
func TestDecoratedReplies(t *testing.T) {
	b := newTestBot(t)
	for _, tc := range []struct {
		text, intent string
		codes        []string
	}{
		{"got ５５０ ５.１.１ The mailbox does not exist — typo in the address?", "diagnose", []string{"550", "5.1.1"}},
		{"from the screenshot:\n４５２ ４.２.２ The recipient's mailbox is full", "diagnose", []string{"452", "4.2.2"}},
		{"my host answered “421 Service not available, closing transmission channel” — will it retry?", "diagnose", []string{"421"}},
		{"**451** in my queue, what does it mean?", "explain", []string{"451"}},
		{"_553_ in the mail log — meaning?", "explain", []string{"553"}},
		{"scanned from a printout:\nS50-5.7.1 Message rejected as spam by Content Filtering.\nwhy?", "diagnose", []string{"550", "5.7.1"}},
	} {
		a := b.Ask(tc.text, Hints{})
		if string(a.Intent) != tc.intent || !slices.Equal(a.Codes, tc.codes) {
			t.Errorf("%q: intent %s codes %v, want %s %v", tc.text, a.Intent, a.Codes, tc.intent, tc.codes)
		}
	}
}

// A phone number in international form ("+", a country code, its groups)
// is no list of codes, whatever the length of its groups.
func TestInternationalPhoneNumber(t *testing.T) {
	b := newTestBot(t)
	for _, text := range []string{
		"my number is +33 421 550 554",
		"whatsapp +44 550 421 553 pls",
	} {
		if a := b.Ask(text, Hints{}); len(a.Codes) != 0 {
			t.Errorf("%q: intent %s codes %v, want no codes", text, a.Intent, a.Codes)
		}
	}
	// A "+" before a short number is no phone number.
	if a := b.Ask("550 +1 more bounce today, what is 550?", Hints{}); !slices.Contains(a.Codes, "550") {
		t.Errorf("codes %v, want 550", a.Codes)
	}
}

// A provider's marks are phrases; a bounce quoted with "> " or wrapped
// with indentation splits them across lines and still shows them.
func TestProviderMarksAcrossLines(t *testing.T) {
	b := newTestBot(t)
	for _, tc := range []struct{ text, provider string }{
		{"> the job failed with `450 4.7.1 <ann@example.net>: Recipient\n> address rejected: Greylisted for 5 minutes`. Why?\n\nsame here", "postfix"},
		{"it failed: 554 5.7.1 <ann@example.org>: Relay access\n    denied (in reply to RCPT TO\n    command) - why?", "postfix"},
		// Postfix's log line of a delivery, whatever its status.
		{"is this fine? status=sent (250 2.0.0 Ok: queued as 4B2C1D0E)", "postfix"},
		{"status=expired, returned to sender (connect to mx.example.net[192.0.2.5]:25: Connection timed out)", "postfix"},
	} {
		// A pasted bounce of one recipient is answered as a report.
		a := b.Ask(tc.text, Hints{})
		d := a.Diagnosis
		if d == nil && len(a.Diagnoses) == 1 {
			d = &a.Diagnoses[0]
		}
		switch {
		case d == nil:
			t.Errorf("%q: intent %s, no single diagnosis", tc.text, a.Intent)
		case d.Provider != tc.provider:
			t.Errorf("%q: provider %q, want %q", tc.text, d.Provider, tc.provider)
		}
	}
}
