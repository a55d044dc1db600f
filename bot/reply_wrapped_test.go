package bot

import "testing"

// A sending service's own status around a quoted remote reply: the remote
// reply's codes are the diagnosis, not the wrapper's X.1.0.
func TestWrapperStatusQuotedReply(t *testing.T) {
	b := newTestBot(t)
	for _, c := range []struct{ text, basic, enh string }{
		{"5.1.0 - Unknown address error 550-'5.2.2 <someone@example.jp>... Mailbox Full' (delivery attempts: 0)", "550", "5.2.2"},
		{"5.1.0 - Unknown address error 550-'5.7.1 <x@example.com>... Access denied' (delivery attempts: 0)", "550", "5.7.1"},
		{`5.0.0 - Remote error 554-"5.7.1 Message rejected" (delivery attempts: 1)`, "554", "5.7.1"},
		// No quoted reply: the wrapper's own status stays.
		{"5.1.0 - Unknown address error (delivery attempts: 0)", "", "5.1.0"},
	} {
		q := b.recordReply(c.text)
		r := q.Reply
		basic := ""
		if r.Basic != 0 {
			basic = r.Basic.String()
		}
		if basic != c.basic || !r.HasEnh || r.Enhanced.String() != c.enh {
			t.Errorf("%q: codes %q %v %s, want %q %s", c.text, basic, r.HasEnh, r.Enhanced, c.basic, c.enh)
		}
	}
}
