package bot

import "testing"

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
