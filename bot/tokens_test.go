package bot

import (
	"strings"
	"testing"
)

// firstSuggestion is the first code autocomplete offers for in, "" for none.
func firstSuggestion(b *Bot, in string) string {
	if s := b.Suggest(in, "en", 3); len(s) > 0 {
		return s[0].Code
	}
	return ""
}

// askedCode is the one code chat reads in a question, "" unless it reads
// exactly one.
func askedCode(b *Bot, in string) string {
	if q := b.Parse(in); len(q.Codes) == 1 {
		return q.Codes[0].String()
	}
	return ""
}

// sameFirstCode requires chat to read want in in, and autocomplete to
// offer it first.
func sameFirstCode(t *testing.T, b *Bot, in, want string) {
	t.Helper()
	if got := askedCode(b, in); got != want {
		t.Errorf("chat %q: %q, want %s", in, got, want)
	}
	if got := firstSuggestion(b, in); got != want {
		t.Errorf("autocomplete %q: %q first, want %s", in, got, want)
	}
}

// Words that mix letters and digits ("8bitmime", "smtputf8", "utf-8") are
// words of the catalog's keywords: typed alone they are found as one name
// over every word, chat answers their code and autocomplete offers it
// first; in a sentence chat still answers it.
func TestKeywordsWithDigits(t *testing.T) {
	b := newTestBot(t)
	tests := []struct{ keyword, sentence, want string }{
		{"8bitmime not supported", "what does 8bitmime not supported mean?", "X.6.1"},
		{"8bit to 7bit", "got 8bit to 7bit, what now?", "X.6.3"},
		{"utf-8 reply required", "what is utf-8 reply required", "X.6.8"},
		{"must declare smtputf8", "why does my bounce say must declare smtputf8", "553"},
		{"smtputf8", "is smtputf8 needed here?", "X.6.7"},
	}
	for _, tt := range tests {
		m := b.lex().newMessage(tt.keyword)
		names := b.findNames(m.toks, false)
		if len(names) != 1 || names[0].start != 0 || names[0].end != len(m.toks) || names[0].code.String() != tt.want {
			t.Errorf("%q: names %v, want one name over every word, %s", tt.keyword, names, tt.want)
		}
		sameFirstCode(t, b, tt.keyword, tt.want)
		if got := askedCode(b, tt.sentence); got != tt.want {
			t.Errorf("chat %q: %q, want %s", tt.sentence, got, tt.want)
		}
	}
	// The hyphen is no part of the word: "utf8" is "utf-8", in chat and
	// while typing.
	if got := askedCode(b, "utf8 reply required"); got != "X.6.8" {
		t.Errorf("chat %q: %q, want X.6.8", "utf8 reply required", got)
	}
	for in, want := range map[string]string{"utf-8 reply req": "X.6.8", "utf8 reply req": "X.6.8", "8bitmime not sup": "X.6.1"} {
		if got := firstSuggestion(b, in); got != want {
			t.Errorf("autocomplete %q: %q first, want %s", in, got, want)
		}
	}
}

// A name with punctuation inside ("ETRN: unable to queue messages"),
// typed as written, is one name over every word: chat answers its code
// and autocomplete offers it first. Every such name of the catalog is
// checked; the code may be another entry's with the same words.
func TestNamesWithPunctuation(t *testing.T) {
	b := newTestBot(t)
	for _, tt := range []struct{ in, want string }{
		{"ETRN: unable to queue messages", "458"},
		{"ETRN: không thể bắt đầu gửi hàng đợi", "458"},
		{"Mailbox has moved, No forwarding address", "X.1.6"},
		{"User not local; will forward", "251"},
	} {
		sameFirstCode(t, b, tt.in, tt.want)
	}
	// Being typed, with its punctuation.
	if got := firstSuggestion(b, "ETRN: unable to qu"); got != "458" {
		t.Errorf("autocomplete %q: %q first, want 458", "ETRN: unable to qu", got)
	}
	var names []string
	for _, r := range b.Catalog().Replies() {
		names = append(names, r.Name.All()...)
	}
	for _, e := range b.Catalog().EnhancedList() {
		names = append(names, e.Title.All()...)
	}
	n := 0
	for _, name := range names {
		m := b.lex().newMessage(name)
		inside, code := false, false
		for i, tok := range m.toks {
			inside = inside || (tok.kind == tokPunct && i > 0 && i < len(m.toks)-1)
			code = code || tok.kind != tokWord && tok.kind != tokPunct
		}
		if !inside || code {
			continue // a code typed is read as the code ("duplicate of X.6.8")
		}
		n++
		found := b.findNames(m.toks, false)
		if len(found) != 1 || found[0].fuzzy || !b.covers(found[0], m.toks) {
			t.Errorf("name %q: found %v, want it whole", name, found)
		}
	}
	if n < 5 {
		t.Errorf("only %d names with punctuation inside: is the catalog loaded?", n)
	}
	// Punctuation where a phrase has none still parts its words.
	m := b.lex().newMessage("unknown, user")
	for _, f := range b.ix.spot(messageWords(m.toks), false, false) {
		if f.end-f.start > 1 {
			t.Errorf("%q: %v spans the comma", "unknown, user", f)
		}
	}
}

// Codes and classes are read as before words with digits became words:
// codes glued by a hyphen or a connector, classes, malformed codes, hosts.
func TestCodeFormsUnchanged(t *testing.T) {
	b := newTestBot(t)
	tests := []struct {
		in     string
		intent Intent
		codes  string // chat's codes, space-separated
		filter string
		bad    string
		first  string // autocomplete's first code
	}{
		{"550", IntentExplain, "550", "", "", "550"},
		{"5.7.1", IntentExplain, "5.7.1", "", "", "5.7.1"},
		{"x.7.1", IntentExplain, "X.7.1", "", "", "X.7.1"},
		{"4xx", IntentList, "", "4xx", "", "451"},
		{"5.7.x", IntentList, "", "5.7.x", "", "5.7.1"},
		{"5.x.1", IntentUnknown, "", "", "", "5.7.1"},
		{"550-5.7.1", IntentDiagnose, "550 5.7.1", "", "", "550"},
		{"252vs552", IntentCompare, "252 552", "", "", ""},
		{"550or552", IntentCompare, "550 552", "", "", ""},
		{"550/552", IntentCompare, "550 552", "", "", ""},
		{"smtp451", IntentExplain, "451", "", "", ""},
		{"smtp-451", IntentExplain, "451", "", "", ""},
		// A word that frames a code, typed apart before it, is read as chat
		// reads it (sg352 "lỗi 550 5.7").
		{"error 5.7.26", IntentExplain, "5.7.26", "", "", "5.7.26"},
		// Two codes compared in the box offer the first, then the second
		// (sg381–sg383).
		{"421 vs 4.7.0", IntentCompare, "421 4.7.0", "", "", "421"},
		{"550 5.1.1 user unknown", IntentDiagnose, "550 5.1.1", "", "", "550"},
		{"is 550 5.7.1 from 10.0.0.1 permanent", IntentDiagnose, "550 5.7.1", "", "", ""},
		{"999", IntentUnknown, "", "", "999", ""},
		{"9.9.9", IntentUnknown, "", "", "9.9.9", ""},
		// "room" is no word of any name: no far-fetched guess (X.7.28 was).
		{"room 421", IntentUnknown, "", "", "", ""},
	}
	for _, tt := range tests {
		q := b.Parse(tt.in)
		var codes []string
		for _, c := range q.Codes {
			codes = append(codes, c.String())
		}
		bad := q.Bad
		if q.Intent != tt.intent || strings.Join(codes, " ") != tt.codes || q.Filter != tt.filter || strings.Join(bad, " ") != tt.bad {
			t.Errorf("%q: intent %v codes %v filter %q bad %v, want %v [%s] %q [%s]", tt.in, q.Intent, codes, q.Filter, bad, tt.intent, tt.codes, tt.filter, tt.bad)
		}
		if got := firstSuggestion(b, tt.in); got != tt.first {
			t.Errorf("autocomplete %q: %q first, want %q", tt.in, got, tt.first)
		}
	}
}
