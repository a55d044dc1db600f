package bot

import (
	"slices"
	"strings"

	"github.com/smtpbot/smtpbot/catalog"
)

// What the index knows beyond names for the start of an input: the codes
// in the order people meet them, and names printed in replies that are no
// words (Exchange's "RESOLVER.ADR.RecipNotFound", Yahoo's "[TSS04]") with
// the codes they come with.

// useRanks are the catalog's codes, the most met first, for inputs that
// are the start of a code ("5" → 550, "5.7." → 5.7.1).
type useRanks struct {
	replies  []catalog.ReplyCode
	enhanced []catalog.EnhancedCode // registry form (class 0)
	// inClass are the enhanced codes as typed in a class ('2', '4',
	// '5'): first those a reply of that class gives, the most met
	// first, then the others in enhanced's order.
	inClass map[byte][]catalog.EnhancedCode
	// provider are the enhanced codes providers document that the
	// registry lacks (Microsoft's 5.7.708), in the class they give, or
	// class 0 for both.
	provider []catalog.EnhancedCode
}

// newUseRanks orders the basic codes by how often they are met, then by
// how many situations they stand for (the enhanced codes they go with); an
// enhanced code by the most met basic code it goes with, a catch-all
// (detail 0) after the others, then by how many basic codes use it and
// how many the registry associates with it. Ties keep the registry's
// order.
func newUseRanks(cat *catalog.Catalog) useRanks {
	replies := cat.Replies()
	slices.SortStableFunc(replies, func(x, y *catalog.Reply) int {
		if d := freqRank[x.Frequency] - freqRank[y.Frequency]; d != 0 {
			return d
		}
		return len(y.Enhanced) - len(x.Enhanced)
	})
	var u useRanks
	for _, r := range replies {
		u.replies = append(u.replies, r.Code)
	}
	uses := enhancedUses(replies, 0)
	ens := cat.EnhancedList()
	slices.SortStableFunc(ens, func(x, y *catalog.Enhanced) int {
		a, b := uses[x.Code.Generic()], uses[y.Code.Generic()]
		if _, ok := uses[x.Code.Generic()]; !ok {
			a.best = len(freqRank)
		}
		if _, ok := uses[y.Code.Generic()]; !ok {
			b.best = len(freqRank)
		}
		if a.best != b.best {
			return a.best - b.best
		}
		// A catch-all ("X.5.0 Other protocol problem") after the codes
		// that say what went wrong, as met as often.
		if ca, cb := x.Code.Detail == 0, y.Code.Detail == 0; ca != cb {
			if ca {
				return 1
			}
			return -1
		}
		if a.n != b.n {
			return b.n - a.n
		}
		// Then the basic codes the registry associates with it.
		return len(y.Basic) - len(x.Basic)
	})
	for _, e := range ens {
		u.enhanced = append(u.enhanced, e.Code.Generic())
	}
	u.inClass = map[byte][]catalog.EnhancedCode{}
	for _, cl := range []catalog.Class{catalog.ClassSuccess, catalog.ClassTransient, catalog.ClassPermanent} {
		u.inClass[byte('0'+cl)] = classUse(replies, u.enhanced, cl)
	}
	for p := range cat.Providers() {
		for _, c := range p.Codes {
			// A range ("4.7.500-699") by its first code, the one its
			// servers give most (Microsoft's 4.7.500, 5.7.606).
			first, _, _ := strings.Cut(c.Code, "-")
			if e, err := catalog.ParseEnhanced(first); err == nil && cat.Enhanced(e) == nil && !slices.Contains(u.provider, e) {
				u.provider = append(u.provider, e)
			}
		}
	}
	return u
}

// enhancedUse is how an enhanced code is met with basic codes: the
// frequency rank of the most met one, and how many give it.
type enhancedUse struct{ best, n int }

// enhancedUses counts, for each enhanced code (registry form), the basic
// codes that give it, of class cl or, for 0, of any class; replies come
// the most met first.
func enhancedUses(replies []*catalog.Reply, cl catalog.Class) map[catalog.EnhancedCode]enhancedUse {
	uses := map[catalog.EnhancedCode]enhancedUse{}
	for _, r := range replies {
		if cl != 0 && r.Code.Class() != cl {
			continue
		}
		for _, e := range r.Enhanced {
			g := e.Generic()
			x, ok := uses[g]
			if !ok {
				x.best = freqRank[r.Frequency]
			}
			x.n++
			uses[g] = x
		}
	}
	return uses
}

// classUse orders the enhanced codes (registry form, in their order of
// use) as typed in class cl: those a reply of that class gives first
// ("2.1." → 2.1.5 of 250, not 2.1.1, which no success reply gives), the
// specific codes before a catch-all, then by how often their replies of
// that class are met and how many give them; the others after, in their
// order.
func classUse(replies []*catalog.Reply, order []catalog.EnhancedCode, cl catalog.Class) []catalog.EnhancedCode {
	uses := enhancedUses(replies, cl)
	out := slices.Clone(order)
	slices.SortStableFunc(out, func(x, y catalog.EnhancedCode) int {
		a, aok := uses[x]
		b, bok := uses[y]
		switch {
		case aok != bok:
			if aok {
				return -1
			}
			return 1
		case !aok:
			return 0
		case (x.Detail == 0) != (y.Detail == 0):
			if x.Detail == 0 {
				return 1
			}
			return -1
		case a.best != b.best:
			return a.best - b.best
		}
		return b.n - a.n
	})
	for i := range out {
		out[i].Class = int(cl)
	}
	return out
}

// markHint is a name a server prints in a reply that is no word, as
// autocomplete matches it, and the codes it comes with.
type markHint struct {
	text  string // letters and digits, other runs as one space, lower case
	codes []catalog.Code
	// byReason is set when the codes are those of the reason the mark
	// names, not ones a reply shows it with: they come after those.
	byReason bool
	// reason is the reason a mark that is its name names (reasonMarks).
	reason string
	// wording is set for a text in words a provider documents (a tag in
	// words, a code's wording), not a server's name: chat answers it
	// only typed whole.
	wording bool
}

// newMarkHints collects Exchange's NDR names (ndr.json) and the providers'
// tags whose example replies show the codes they come with
// (providers.json): "[TSS04]" with 421 4.7.0 from Yahoo's example.
func newMarkHints(cat *catalog.Catalog) []markHint {
	var out []markHint
	for n := range cat.NDRNames() {
		// The enhanced code first: the one chat explains for the name.
		out = append(out, markHint{text: markText(n.Name), codes: []catalog.Code{{Enhanced: n.Enhanced}, {Reply: n.Reply}}})
	}
	notes := codeNotes(cat)
	seen := map[string]bool{}
	add := func(text string, codes []catalog.Code, byReason bool) {
		if text != "" && len(codes) > 0 && !seen[text] {
			seen[text] = true
			out = append(out, markHint{text: text, codes: codes, byReason: byReason})
		}
	}
	for p := range cat.Providers() {
		addExampleMarks(cat, &p, add)
		// A code's documented wording ("Access denied, banned sender" of
		// Microsoft's 5.7.511), every text its pattern matches, with the
		// codes of the provider's example that shows it, else the code.
		for _, pc := range p.Codes {
			if pc.Wording == "" {
				continue
			}
			codes := wordingCodes(cat, &p, pc)
			for _, m := range wordingMarks(pc.Wording) {
				add(m, codes, false)
			}
		}
		// A tag of letters and digits the catalog's notes on a code name
		// comes with that code, as the note writes it: Yahoo's "[BL21]"
		// with 553 5.7.1. (A tag in words is one of the note's words.)
		for _, n := range notes {
			for _, t := range p.TagsInLower(n.text) {
				if tag := markText(t.Tag); strings.ContainsAny(tag, "0123456789") {
					add(tag, n.codes, false)
				}
			}
		}
		// A tag nothing shows comes with the codes of the reason it
		// names, or, for a tag of no words, of its category's reason, as
		// a diagnosis reads it: Barracuda's "cuda_nsu" with those of an
		// unknown recipient. A tag in words that names no reason is read
		// by its words ("Greylisted"), as chat reads them.
		for _, t := range p.Tags {
			category := t.Category
			if !strings.ContainsAny(t.Tag, "0123456789_[]()") {
				category = ""
			}
			add(markText(t.Tag), reasonCodes(cat, t.Reason, category), true)
		}
	}
	addTagWordings(cat, out, add)
	words := markWordings(cat)
	for i := range out {
		// A tag known only by its reason is read as its words are.
		out[i].wording = words[out[i].text] && !out[i].byReason
	}
	return out
}

// addExampleMarks adds the marks a provider's example replies show, with
// the codes of each example: the provider's tags it shows, and short
// marks of letters and digits ("tss04", "s3150"), a tag the data names
// only in its example.
func addExampleMarks(cat *catalog.Catalog, p *catalog.Provider, add func(string, []catalog.Code, bool)) {
	for _, ex := range p.Examples {
		codes := ownCodeFirst(cat, leadingCodes(ex.Text))
		if len(codes) == 0 {
			continue
		}
		text := markText(ex.Text)
		for _, t := range p.TagsInLower(strings.ToLower(ex.Text)) {
			add(markText(t.Tag), codes, false)
		}
		for w := range strings.FieldsSeq(text) {
			if len(w) <= maxMarkLen && hasLetterAndDigit(w) {
				add(w, codes, false)
			}
		}
	}
}

// markWordings are the marks that are words, not tags: a provider's tags
// of several words and their patterns' wordings, and its codes'
// documented wordings.
func markWordings(cat *catalog.Catalog) map[string]bool {
	words := map[string]bool{}
	for p := range cat.Providers() {
		for _, t := range p.Tags {
			if strings.Contains(strings.TrimSpace(t.Tag), " ") {
				words[markText(t.Tag)] = true
				for _, m := range wordingMarks(t.Pattern) {
					words[m] = true
				}
			}
		}
		for _, pc := range p.Codes {
			for _, m := range wordingMarks(pc.Wording) {
				words[m] = true
			}
		}
	}
	return words
}

// wordingCodes are the codes of a provider's example reply that shows a
// code's documented wording with that code ("550 5.7.511 Access denied,
// banned sender"), its own code first; else the code alone, a range by
// its first code.
func wordingCodes(cat *catalog.Catalog, p *catalog.Provider, pc catalog.ProviderCode) []catalog.Code {
	first, _, _ := strings.Cut(pc.Code, "-")
	e, err := catalog.ParseEnhanced(first)
	if err != nil {
		return nil
	}
	if re, err := catalog.CompilePattern(pc.Wording); err == nil {
		for _, ex := range p.Examples {
			codes := leadingCodes(ex.Text)
			if len(codes) == 2 && codes[1].Enhanced.Subject == e.Subject && codes[1].Enhanced.Detail == e.Detail && re.Match(ex.Text) {
				return ownCodeFirst(cat, codes)
			}
		}
	}
	return []catalog.Code{{Enhanced: e}}
}

// codeNote is a note of the catalog on a code, in English, lower case,
// and the codes it is about: the code itself, and for a basic code the
// enhanced code the note first writes after it ("553 5.7.1").
type codeNote struct {
	text  string
	codes []catalog.Code
}

func codeNotes(cat *catalog.Catalog) []codeNote {
	var out []codeNote
	for _, r := range cat.Replies() {
		for _, n := range r.Notes {
			text := strings.ToLower(n.In("en"))
			codes := []catalog.Code{{Reply: r.Code}}
			if i := strings.Index(text, r.Code.String()+" "); i >= 0 {
				codes = leadingCodes(text[i:])
			}
			out = append(out, codeNote{text: text, codes: codes})
		}
	}
	for _, e := range cat.EnhancedList() {
		for _, n := range e.Notes {
			out = append(out, codeNote{text: strings.ToLower(n.In("en")), codes: []catalog.Code{{Enhanced: e.Code}}})
		}
	}
	return out
}

// reasonCodes are the codes that usually indicate a reason (reasons.json),
// the one named or else (category set) the category's own, basic codes
// first.
func reasonCodes(cat *catalog.Catalog, name string, category catalog.Category) []catalog.Code {
	r := cat.Reason(name)
	if name == "" && category != "" {
		r = cat.ReasonForCategory(category)
	}
	if r == nil {
		return nil
	}
	var out []catalog.Code
	for _, c := range r.Basic {
		out = append(out, catalog.Code{Reply: c})
	}
	for _, e := range r.Enhanced {
		out = append(out, catalog.Code{Enhanced: e.Generic()})
	}
	return out
}

// maxMarkLen is the longest mark of letters and digits taken from an
// example reply: longer ones are host and queue names.
const maxMarkLen = 8

func hasLetterAndDigit(w string) bool {
	letter, digit := false, false
	for i := 0; i < len(w); i++ {
		letter = letter || ('a' <= w[i] && w[i] <= 'z')
		digit = digit || isDigitByte(w[i])
	}
	return letter && digit
}

// markText keeps the letters and digits of s, lower case, each other run
// of characters as one space.
func markText(s string) string {
	var b strings.Builder
	space := false
	for _, r := range fold(s) {
		if ('a' <= r && r <= 'z') || ('0' <= r && r <= '9') || r >= 0x80 {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
			continue
		}
		space = true
	}
	return b.String()
}

// leadingCodes reads the basic code a reply line starts with and the
// enhanced code after it ("421 4.7.0 [TSS04] …", "550-5.7.1 …").
func leadingCodes(line string) []catalog.Code {
	f := strings.FieldsFunc(line, func(r rune) bool { return r == ' ' || r == '-' })
	if len(f) == 0 {
		return nil
	}
	r, err := catalog.ParseReply(f[0])
	if err != nil {
		return nil
	}
	out := []catalog.Code{{Reply: r}}
	if len(f) > 1 {
		if e, err := catalog.ParseEnhanced(f[1]); err == nil {
			out = append(out, catalog.Code{Enhanced: e})
		}
	}
	return out
}
