package bot

import "testing"

// A sign typed between two things compared stands for a comparison word
// (compare_signs: "421 ≠ 450?"), and so do comparatives ("worse than",
// "nặng hơn"): two replies on either side are compared, not the first
// read as a pasted reply with the rest as its text.
// Its questions for Parse are read in TestParseReadings/ComparisonSignsAndComparatives.
func TestComparisonSignsAndComparatives(t *testing.T) {
	b := newTestBot(t)
	toks := b.lex().tokenize("421 ≠ 450")
	if len(toks) != 3 || toks[1].kind != tokPunct || toks[1].text != "≠" {
		t.Errorf("tokenize(%q) = %+v, want the sign as a punctuation token between the codes", "421 ≠ 450", toks)
	}
}
