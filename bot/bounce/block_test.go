package bounce

import "testing"

// A failed recipient laid out as a report does it, however little of the
// report was pasted; an address in a sentence or a list is no such block.
func TestRecipientBlock(t *testing.T) {
	for _, tc := range []struct {
		text string
		want bool
	}{
		{"bounced after 4 days:\n\n  ketoan@example.vn\n    mailbox is full: retry timeout exceeded\n\nresend?", true},
		{"ketoan@example.vn\n    Unrouteable address", true},
		{"  <bob@example.org>\n      550 5.1.1 user unknown", true},
		// Not deeper than the address, or no words under it.
		{"  bob@example.org\n  alice@example.org", false},
		{"bob@example.org\nmailbox full", false},
		{"  bob@example.org\n     \n", false},
		{"  bob@example.org\n    carol@example.org", false},
		// An address inside a sentence, or on the last line.
		{"mail to bob@example.org\n    bounced", false},
		{"please write to bob@example.org", false},
		{"", false},
	} {
		if got := RecipientBlock(tc.text); got != tc.want {
			t.Errorf("RecipientBlock(%q) = %v, want %v", tc.text, got, tc.want)
		}
	}
}
