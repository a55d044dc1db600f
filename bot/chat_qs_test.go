package bot

import (
	"strings"
	"testing"
)

// A word that ends the phrases of several codes, typed alone, names none
// of them: "failed" is "SPF failed", "DKIM failed", "auth failed" alike
// (eval qs048), while "spamhaus" names one. A field and its value ("SPF:
// fail", "dkim=fail", RFC 8601's form) read as the phrase.
func TestParseAbbrevStartsPhrase(t *testing.T) {
	b := newTestBot(t)
	checkParse(t, b, []parseCase{
		{"KB5034441 failed again with 0x80070643 on the Exchange box overnight, could that be why the outbound queue keeps growing?", IntentUnknown, nil},
		{"failed again", IntentUnknown, nil},
		{"mbox full", IntentExplain, []string{"552"}},
		{"spamhaus", IntentExplain, []string{"554"}},
		{"spf=fail what now", IntentExplain, []string{"X.7.23"}},
		{"DKIM: fail, what does it mean?", IntentExplain, []string{"X.7.20"}},
	})
}

// A count's noun may follow a plan's or model's name of letters and digits
// (eval qs046): "550 E3 licences" counts licences; a reply's words after
// its code stay a reply.
func TestParseCountAfterModelName(t *testing.T) {
	b := newTestBot(t)
	checkParse(t, b, []parseCase{
		{"licensing q: we have 550 E3 licences and 25 E5, does E5 include Defender for Office 365 Plan 2 or is that still an add-on?", IntentUnknown, nil},
		{"we bought 421 M365 seats last year", IntentUnknown, nil},
		{"550 unknown users", IntentDiagnose, []string{"550"}},
		{"550 5.1.1 user unknown, we have 40 M365 seats", IntentDiagnose, []string{"550", "5.1.1"}},
	})
}

// A code alone in parentheses starts no reply, and in a message with a word
// of a page seen in a browser (chatter.pages) it is the page's error, its
// title no bounce's words (eval qs050); a reply with its text stays a
// reply, in a browser or not (webmail's "SMTP Error (550): …").
func TestParseWebPageError(t *testing.T) {
	b := newTestBot(t)
	checkParse(t, b, []parseCase{
		{"gmail in chrome just says 'Temporary Error (500)' when I open the inbox, is google down or is my account flagged?", IntentUnknown, nil},
		{"the website shows Server Error (502) since this morning", IntentUnknown, nil},
		{"the server said 500 5.5.1 Command unrecognized, I saw it in the browser", IntentDiagnose, []string{"500", "5.5.1"}},
		{"trang web báo Server Error (502) từ sáng", IntentUnknown, nil},
		{"in the browser roundcube says SMTP Error (550): Failed to add recipient", IntentDiagnose, []string{"550"}},
		{"outlook shows error (550) when sending, what does it mean?", IntentExplain, []string{"550"}},
	})
}

// A multi-line reply pasted on one line keeps its continuation prefixes
// inline ("an unusual rate of 421-4.7.28 unsolicited mail"): the reply's
// text is read without them, its words joined (eval qs020; RFC 5321
// §4.2.1).
func TestReplyInlineContinuations(t *testing.T) {
	b := newTestBot(t)
	in := "host mx.example.com[192.0.2.26] said: 421-4.7.28 [192.0.2.59      4] Our system has detected an unusual rate of 421-4.7.28 unsolicited mail originating from your IP address. To protect our 421-4.7.28 users from spam, mail sent from your IP address has been temporarily 421-4.7.28 rate limited. Please visit 421-4.7.28  https://support.example.com/?p=Limit to 421 4.7.28 review our guidelines. - gsmtp (in reply to end of DATA command)"
	q := b.Parse(in)
	if q.Reply == nil {
		t.Fatalf("Parse: no reply in %q", in)
	}
	for _, want := range []string{"unusual rate of unsolicited mail", "protect our users", "visit https://support.example.com/?p=Limit to review"} {
		if !strings.Contains(q.Reply.Text, want) {
			t.Errorf("reply text %q lacks %q", q.Reply.Text, want)
		}
	}
	if strings.Contains(q.Reply.Text, "421-") {
		t.Errorf("reply text %q keeps a continuation prefix", q.Reply.Text)
	}
	// A reply on its own lines is read as before.
	q = b.Parse("550-5.7.1 first line\n550 5.7.1 last line")
	if q.Reply == nil || !strings.Contains(q.Reply.Text, "first line") || !strings.Contains(q.Reply.Text, "last line") {
		t.Errorf("Parse(lines).Reply = %+v", q.Reply)
	}
}

// Vietnamese asks whether two things are alike with "giống nhau" or "như
// nhau" (the same), a comparison word as "khác" (different) is: one code
// asked about in two sources' meanings is explained once (eval qs042, as
// "5.7.1 at Microsoft vs 5.7.1 in the RFC"), two codes are compared.
func TestParseVietnameseSame(t *testing.T) {
	b := newTestBot(t)
	checkParse(t, b, []parseCase{
		{"5.7.1 của microsoft với 5.7.1 trong RFC có giống nhau ko ae", IntentExplain, []string{"5.7.1"}},
		{"4.7.0 bên gmail và 4.7.0 trong RFC có như nhau không", IntentExplain, []string{"4.7.0"}},
		{"550 và 554 có giống nhau không", IntentCompare, []string{"550", "554"}},
	})
}
