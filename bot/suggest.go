package bot

import (
	"slices"
	"strings"

	"github.com/smtpbot/smtpbot/catalog"
)

// Suggestion is a code proposed for a partly typed input, as autocomplete
// shows it.
type Suggestion struct {
	Code  string // "550", "5.7.26", or "X.7.26" when no class was typed
	Name  string // the code's name in the language asked for
	Class string // "5xx", "5.X.X", "X.X.X"
}

// maxSuggestInput caps the input Suggest reads, in runes.
const maxSuggestInput = 100

// Suggest proposes up to n codes for what a person is typing, with the same
// index, aliases and typo tolerance as chat questions:
//
//   - nothing typed: the codes people ask about most;
//   - digits and dots: a complete code first, as typed, since chat answers
//     any well-formed code ("5.7.62", even where the registry lists none);
//     then codes that start that way ("55" → 55x, "5.7." → 5.7.x, as
//     net/textproto reads a digit prefix), else codes one typo away
//     ("525" → 552, "5.7.62" → 5.7.26);
//   - words: names, keywords and aliases that start with the input
//     ("mailbox fu"), then those found in it with typos or as an
//     abbreviation ("mailbx ful", "mbox full"), then the closest ones.
func (b *Bot) Suggest(prefix, lang string, n int) []Suggestion {
	if n <= 0 {
		return nil
	}
	if !b.cat.HasLanguage(lang) {
		lang = b.defaultLang
	}
	in := suggestInput(prefix)
	var codes []catalog.Code
	switch {
	case in == "":
		codes = b.commonCodes()
	case codeLike(in):
		if c, err := catalog.ParseCode(strings.ToUpper(in)); err == nil {
			codes = append(codes, c)
		}
		codes = append(codes, b.codesByNumber(in)...)
	default:
		codes = b.codesByName(in, n)
	}
	var out []Suggestion
	seen := map[catalog.Code]bool{}
	for _, c := range codes {
		if len(out) == n {
			break
		}
		if seen[c] {
			continue
		}
		seen[c] = true
		if s, ok := b.suggestion(c, lang); ok {
			out = append(out, s)
		}
	}
	return out
}

// suggestion names c in lang. A code the catalog lacks is named by what its
// digits say: its class, or its subject for an enhanced code.
// suggestInput is what the matchers read of a typed input: cleaned, folded
// and capped.
func suggestInput(s string) string {
	return strings.TrimSpace(fold(capRunes(Clean(s), maxSuggestInput)))
}

func (b *Bot) suggestion(c catalog.Code, lang string) (Suggestion, bool) {
	if c.Basic() {
		s := Suggestion{Code: c.String(), Class: c.Reply.Class().Key()}
		if r := b.cat.Reply(c.Reply); r != nil {
			s.Name = r.Name.In(lang)
		} else {
			s.Name = b.cat.ReplyClass(c.Reply.Class()).Name.In(lang)
		}
		return s, true
	}
	s := Suggestion{Code: c.String(), Class: c.Enhanced.ClassKey()}
	if e := b.cat.Enhanced(c.Enhanced); e != nil {
		s.Name = e.Title.In(lang)
	} else {
		s.Name = b.cat.Subject(c.Enhanced.Subject).Name.In(lang)
	}
	return s, true
}

// Filters proposes up to n filters for a list of codes, as "list" reads
// them: the classes of basic codes ("4xx"), then the subjects of enhanced
// codes, in the class typed ("5.7" → "5.7.x") or else in the registry form
// ("X.7.x"). A filter is proposed when it starts with the input or its
// name contains it.
func (b *Bot) Filters(prefix, lang string, n int) []Suggestion {
	if !b.cat.HasLanguage(lang) {
		lang = b.defaultLang
	}
	in := suggestInput(prefix)
	var all []Suggestion
	for _, cl := range []catalog.Class{catalog.ClassSuccess, catalog.ClassIntermediate, catalog.ClassTransient, catalog.ClassPermanent} {
		all = append(all, Suggestion{Code: cl.Key(), Name: b.cat.ReplyClass(cl).Name.In(lang), Class: cl.Key()})
	}
	class := 0 // registry form
	if in != "" && strings.ContainsRune("245", rune(in[0])) {
		class = int(in[0] - '0')
	}
	seen := map[int]bool{}
	for _, e := range b.cat.EnhancedList() {
		if sub := e.Code.Subject; !seen[sub] {
			seen[sub] = true
			code := catalog.EnhancedCode{Class: class, Subject: sub}
			value := strings.TrimSuffix(code.String(), "0") + "x"
			all = append(all, Suggestion{Code: value, Name: b.cat.Subject(sub).Name.In(lang), Class: code.ClassKey()})
		}
	}
	var out []Suggestion
	for _, s := range all {
		if len(out) == n {
			break
		}
		if in == "" || strings.HasPrefix(strings.ToLower(s.Code), in) || strings.Contains(fold(s.Name), in) {
			out = append(out, s)
		}
	}
	return out
}

// commonCodes are the basic codes, the most asked about first.
func (b *Bot) commonCodes() []catalog.Code {
	replies := slices.Clone(b.cat.Replies())
	slices.SortStableFunc(replies, func(x, y *catalog.Reply) int { return freqRank[x.Frequency] - freqRank[y.Frequency] })
	out := make([]catalog.Code, len(replies))
	for i, r := range replies {
		out[i] = catalog.Code{Reply: r.Code}
	}
	return out
}

// codeLike reports whether the input is (the start of) a code: digits,
// dots and an x for the registry form.
func codeLike(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; !isDigitByte(c) && c != '.' && !(c == 'x' && i == 0) {
			return false
		}
	}
	return isDigitByte(s[0]) || s[0] == 'x'
}

// codesByNumber matches a digit prefix, else codes one typo away.
func (b *Bot) codesByNumber(in string) []catalog.Code {
	var prefix, near, nearLen []catalog.Code
	try := func(c catalog.Code, form string) {
		switch {
		case strings.HasPrefix(strings.ToLower(form), in):
			prefix = append(prefix, c)
		case len(in) >= 3 && editDistance(in, strings.ToLower(form), 1) <= 1:
			// Two digits swapped ("5.7.62") before a digit wrong, missing
			// or too many.
			if sameBytes(form, in) {
				near = append(near, c)
			} else {
				nearLen = append(nearLen, c)
			}
		}
	}
	dotted := strings.Contains(in, ".")
	if !dotted {
		for _, r := range b.cat.Replies() {
			try(catalog.Code{Reply: r.Code}, r.Code.String())
		}
	}
	// An enhanced code is written in the class typed ("5.7.26"), or in its
	// registry form for "x.".
	if cls := in[0]; cls == 'x' || ((cls == '2' || cls == '4' || cls == '5') && (dotted || len(in) == 1)) {
		for _, e := range b.cat.EnhancedList() {
			code := e.Code
			if cls != 'x' {
				code.Class = int(cls - '0')
			}
			try(catalog.Code{Enhanced: code}, code.String())
		}
	}
	if len(prefix) > 0 {
		return prefix
	}
	return append(near, nearLen...)
}

// codesByName finds codes by their names, keywords and aliases.
func (b *Bot) codesByName(in string, n int) []catalog.Code {
	var out []catalog.Code
	// Phrases that start with the input, or have a word that does.
	for i, t := range b.ix.targets {
		if strings.HasPrefix(t, in) || strings.Contains(t, " "+in) {
			out = append(out, b.ix.phrases[b.ix.tgtIDs[i][0]].code)
		}
	}
	slices.SortStableFunc(out, func(x, y catalog.Code) int { return b.codeRank(x) - b.codeRank(y) })
	out = slices.Compact(out)
	// Names with typos, abbreviations, then the closest phrases: each step
	// costs more, so it runs only when the ones before fall short.
	m := b.lex().newMessage(in)
	if len(out) < n {
		for _, f := range b.findNames(m.toks, false) {
			out = append(out, f.code)
		}
	}
	if len(out) < n {
		out = append(out, b.ix.suggest(b.lex().contentText(m.toks), n)...)
	}
	return out
}

// codeRank orders suggestions: basic codes before enhanced ones, the more
// common first.
func (b *Bot) codeRank(c catalog.Code) int {
	if c.Basic() {
		if r := b.cat.Reply(c.Reply); r != nil {
			return freqRank[r.Frequency]
		}
	}
	return 10
}

// sameBytes reports whether a and b are made of the same bytes in another
// order.
func sameBytes(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	var count [256]int
	for i := 0; i < len(a); i++ {
		count[a[i]]++
		count[b[i]]--
	}
	return count == [256]int{}
}
