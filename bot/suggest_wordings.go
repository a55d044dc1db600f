package bot

import (
	"regexp/syntax"
	"slices"
	"strings"
	"unicode"

	"github.com/smtpbot/smtpbot/catalog"
)

// What autocomplete reads in the patterns of the data: a provider's tag
// and a rule of reasons are written as patterns ("[TSS?\d{2}\]",
// "relay(?:ing)? (?:access )?(?:denied|not permitted|…)"), and people type
// what those patterns match ("[TS01", "relay not perm"). The texts a
// pattern matches are spelt out, as far as they are finite, and found as
// marks are, with the codes of the reply that shows them.

const (
	// maxWordings is the most texts one pattern is spelt into; a pattern
	// with more (a class of letters repeated) gives none.
	maxWordings = 256
	// maxClassRunes is the widest class spelt letter by letter ("\d",
	// "[ée]"); a wider one ends the text there.
	maxClassRunes = 12
	// maxRepeat is the most repetitions of a part spelt out ("\d{2}").
	maxRepeat = 4
)

// spelt is a text a pattern matches, or its start when cut is set: the
// pattern goes on there without bound ("\S+", ".{0,80}").
type spelt struct {
	text string
	cut  bool
}

// patternWordings spells out the texts expr matches, lower case: each
// alternative, optional parts with and without them, a short class letter
// by letter, and a text cut where the pattern goes on without bound
// (its words before that). Nil when expr does not parse or matches more
// than maxWordings texts.
func patternWordings(expr string) []string {
	re, err := syntax.Parse(expr, syntax.Perl)
	if err != nil {
		return nil
	}
	ws, ok := spell(re)
	if !ok {
		return nil
	}
	var out []string
	for _, w := range ws {
		if w.text != "" && !slices.Contains(out, w.text) {
			out = append(out, w.text)
		}
	}
	return out
}

func spell(re *syntax.Regexp) ([]spelt, bool) {
	switch re.Op {
	case syntax.OpLiteral:
		return []spelt{{text: strings.ToLower(string(re.Rune))}}, true
	case syntax.OpEmptyMatch, syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText, syntax.OpEndText,
		syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return []spelt{{}}, true
	case syntax.OpCapture:
		return spell(re.Sub[0])
	case syntax.OpCharClass:
		return spellClass(re.Rune), true
	case syntax.OpAlternate:
		var out []spelt
		for _, sub := range re.Sub {
			s, ok := spell(sub)
			if !ok || len(out)+len(s) > maxWordings {
				return nil, false
			}
			out = append(out, s...)
		}
		return out, true
	case syntax.OpConcat:
		out := []spelt{{}}
		for _, sub := range re.Sub {
			s, ok := spell(sub)
			if !ok {
				return nil, false
			}
			if out, ok = followedBy(out, s); !ok {
				return nil, false
			}
		}
		return out, true
	case syntax.OpQuest:
		return spellRepeat(re.Sub[0], 0, 1)
	case syntax.OpRepeat:
		return spellRepeat(re.Sub[0], re.Min, re.Max)
	}
	// Any character, or a part repeated without bound: the text ends here.
	return []spelt{{cut: true}}, true
}

// followedBy is every text of ws followed by one of next; a cut text stays
// as it is.
func followedBy(ws, next []spelt) ([]spelt, bool) {
	var out []spelt
	for _, w := range ws {
		if w.cut {
			out = append(out, w)
			continue
		}
		for _, x := range next {
			out = append(out, spelt{text: w.text + x.text, cut: x.cut})
		}
		if len(out) > maxWordings {
			return nil, false
		}
	}
	return out, true
}

// spellClass spells a class letter by letter, lower case, when it is
// narrow; else the text ends there.
func spellClass(ranges []rune) []spelt {
	n := 0
	for i := 0; i+1 < len(ranges); i += 2 {
		if n += int(ranges[i+1]-ranges[i]) + 1; n > maxClassRunes {
			return []spelt{{cut: true}}
		}
	}
	var out []spelt
	for i := 0; i+1 < len(ranges); i += 2 {
		for r := ranges[i]; r <= ranges[i+1]; r++ {
			s := spelt{text: string(unicode.ToLower(r))}
			if !slices.Contains(out, s) {
				out = append(out, s)
			}
		}
	}
	return out
}

// spellRepeat spells sub repeated min to max times; a part that may repeat
// without bound, or is no text of its own, ends the text.
func spellRepeat(sub *syntax.Regexp, min, max int) ([]spelt, bool) {
	s, ok := spell(sub)
	if !ok || max < 0 || max > maxRepeat || slices.ContainsFunc(s, func(w spelt) bool { return w.cut }) {
		return []spelt{{cut: true}}, true
	}
	out := []spelt{{}}
	var all []spelt
	for k := 0; ; k++ {
		if k >= min {
			all = append(all, out...)
		}
		if k == max {
			return all, len(all) <= maxWordings
		}
		if out, ok = followedBy(out, s); !ok {
			return nil, false
		}
	}
}

// wordingMarks are the texts a pattern matches as autocomplete matches
// marks (markText), those with a word of letters.
func wordingMarks(expr string) []string {
	var out []string
	for _, w := range patternWordings(expr) {
		if m := markText(w); len(m) >= 3 && strings.ContainsFunc(m, unicode.IsLetter) && !slices.Contains(out, m) {
			out = append(out, m)
		}
	}
	return out
}

// newRuleMarks spells out the patterns of the rules that read a reason in
// a reply's words (rules.json), each text with the codes of the rule's
// own example reply ("relay not permitted" with 554 5.7.1 of "554 5.7.1
// <bob@example.com>: Relay access denied"), else of its reason, in the
// rules' order.
func newRuleMarks(cat *catalog.Catalog) []markHint {
	var out []markHint
	seen := map[string]bool{}
	for rule := range cat.ReasonRules() {
		codes := ruleCodes(cat, rule)
		if len(codes) == 0 {
			continue
		}
		for _, p := range rule.Patterns {
			for _, m := range wordingMarks(p) {
				if !seen[m] {
					seen[m] = true
					out = append(out, markHint{text: m, codes: codes})
				}
			}
		}
	}
	return out
}

// ruleCodes are the codes of a rule's example reply, else those of its
// reason.
func ruleCodes(cat *catalog.Catalog, rule catalog.ReasonRule) []catalog.Code {
	if codes := leadingCodes(rule.Example); len(codes) > 0 {
		return ownCodeFirst(cat, codes)
	}
	return reasonCodes(cat, rule.Reason, "")
}

// ownCodeFirst puts a provider's own enhanced code (one the registry
// lacks: Microsoft's 5.6.11, 5.7.64) before the basic code a reply gives
// with it: the basic code only says the reply is a refusal, the provider's
// code says which.
func ownCodeFirst(cat *catalog.Catalog, codes []catalog.Code) []catalog.Code {
	if len(codes) == 2 && codes[0].Basic() && !codes[1].Basic() {
		if _, own := cat.CodeOwner(codes[1].Enhanced); own {
			return []catalog.Code{codes[1], codes[0]}
		}
	}
	return codes
}

// ruleCodesFor is the last reading of words no name or mark was found in,
// before a guess: the rule that reads a reason in them ("virus det" is
// read by `\bvirus`), else a rule's wording they are or begin ("relay not
// perm"), with that rule's codes.
func (b *Bot) ruleCodesFor(in string) []catalog.Code {
	if rule := b.textRule(in); rule != nil {
		if codes := ruleCodes(b.cat, *rule); len(codes) > 0 {
			return codes
		}
	}
	if h, ok := b.ruleWording(in); ok {
		return h.codes
	}
	return nil
}

// ruleWording finds the first rule wording the input is or begins; whole
// says it is one.
func (b *Bot) ruleWording(in string) (markHint, bool) {
	mark := markText(in)
	if mark == "" {
		return markHint{}, false
	}
	// The shortest wording begun is the closest to what was typed
	// ("insufficient stor" of "insufficient storage", before "…
	// storage for the mailbox"); then the rules' order.
	best, found := markHint{}, false
	for _, h := range b.ix.wordings() {
		if strings.HasPrefix(h.text, mark) && (!found || len(h.text) < len(best.text)) {
			best, found = h, true
		}
	}
	return best, found
}

// addTagWordings adds, for each provider tag a mark was made for, the
// texts its pattern matches, with the same codes: Yahoo's "[TS…]" is
// "[TS01]", "[TSS04]" …; Mimecast's "Blocked Senders" is also
// "administrative prohibition". add keeps the first codes a text got.
func addTagWordings(cat *catalog.Catalog, marks []markHint, add func(string, []catalog.Code, bool)) {
	byText := map[string]markHint{}
	for _, h := range marks {
		if _, ok := byText[h.text]; !ok {
			byText[h.text] = h
		}
	}
	for p := range cat.Providers() {
		for _, t := range p.Tags {
			h, ok := byText[markText(t.Tag)]
			if !ok {
				continue
			}
			for _, m := range wordingMarks(t.Pattern) {
				add(m, h.codes, h.byReason)
			}
		}
	}
}
