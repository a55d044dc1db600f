package bot

import "testing"

// A sign typed between two things compared stands for a comparison word
// (compare_signs: "421 ≠ 450?"), and so do comparatives ("worse than",
// "nặng hơn"): two replies on either side are compared, not the first
// read as a pasted reply with the rest as its text.
func TestComparisonSignsAndComparatives(t *testing.T) {
	b := newTestBot(t)
	toks := b.lex().tokenize("421 ≠ 450")
	if len(toks) != 3 || toks[1].kind != tokPunct || toks[1].text != "≠" {
		t.Errorf("tokenize(%q) = %+v, want the sign as a punctuation token between the codes", "421 ≠ 450", toks)
	}
	checkParse(t, b, []parseCase{
		{"421 ≠ 450? or does our queue treat them the same", IntentCompare, []string{"421", "450"}},
		{"450 ≈ 451 for greylisting in practice", IntentCompare, []string{"450", "451"}},
		{"is 550 5.1.1 worse than 550 5.1.10 or are both just dead addresses", IntentCompare, []string{"550", "5.1.1", "550", "5.1.10"}},
		{"552 có nặng hơn 452 không mn", IntentCompare, []string{"552", "452"}},
		{"550 5.1.1 tệ hơn 550 5.1.10 hả", IntentCompare, []string{"550", "5.1.1", "550", "5.1.10"}},
		// One reply with a comparative beside it is still the reply pasted.
		{"550 5.1.1 The email account that you tried to reach does not exist. worse than I thought", IntentDiagnose, []string{"550", "5.1.1"}},
	})
}

// Words of the SMTP session itself ("greeting", "banner") show a question
// is about mail: the lone code beside them is asked about, no chatter.
func TestSessionWordsAreMail(t *testing.T) {
	checkParse(t, newTestBot(t), []parseCase{
		{"quick one: a 220 is just the greeting, right? nothing to worry about", IntentExplain, []string{"220"}},
		{"our banner shows 220 twice, is that ok", IntentExplain, []string{"220"}},
		{"see you at 421 tomorrow", IntentUnknown, nil},
	})
}

// The asker's own sentence after a code that opens with when it came, the
// command it answered ("5.5.6 after AUTH PLAIN with a huge oauth token",
// "334 sau AUTH LOGIN"), is no server text: the code is asked about. A
// server's text after its code stays a reply.
func TestStageNamedByAsker(t *testing.T) {
	checkParse(t, newTestBot(t), []parseCase{
		{"5.5.6 after AUTH PLAIN with a huge oauth token — what's that code saying", IntentExplain, []string{"5.5.6"}},
		{"mã 334 là lỗi hả mn, log smtp toàn thấy 334 sau AUTH LOGIN", IntentExplain, []string{"334"}},
		{"503 after RCPT TO, why?", IntentExplain, []string{"503"}},
		{"535 5.7.8 Error: authentication failed: UGFzc3dvcmQ6", IntentDiagnose, []string{"535", "5.7.8"}},
		{"554 5.5.1 Error: no valid recipients after RCPT TO", IntentDiagnose, []string{"554", "5.5.1"}},
	})
}

// A DNS record's TTL is a number of seconds (chatter.before "ttl", "ttl
// to"): a migration plan that lowers it to 300 asks about no code.
func TestSettingValueIsNoCode(t *testing.T) {
	checkParse(t, newTestBot(t), []parseCase{
		{"cutover plan, sanity check pls:\n1. lower MX TTL to 300\n2. point MX at the new host\n3. keep the old box accepting for 48h\nanything missing?", IntentUnknown, nil},
		{"is a TTL of 300 too low for our MX records?", IntentUnknown, nil},
		{"we lowered the MX TTL yesterday and now get 421 from gmail, related?", IntentExplain, []string{"421"}},
	})
}
