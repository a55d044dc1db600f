package catalog

import (
	"fmt"
	"regexp"
	"regexp/syntax"
	"strconv"
	"strings"
)

// Provider describes a mail provider or MTA that shows itself in reply text
// and may use codes differently from the IANA registry.
type Provider struct {
	ID    string         `json:"id"`    // stable identifier: "gmail", "microsoft", …
	Name  string         `json:"name"`  // display name
	Kind  ProviderKind   `json:"kind"`  // mailbox provider, filtering gateway or MTA software
	Match []string       `json:"match"` // case-insensitive regular expressions that identify it in a reply
	Codes []ProviderCode `json:"codes"` // its own meanings of codes
	Tags  []ProviderTag  `json:"tags"`  // tags in its reply text and what they mean
	Refs  []Link         `json:"refs"`  // the provider's own public pages these meanings come from

	match []*Pattern
}

// ProviderKind says what a provider is. A reply is attributed to a mailbox
// provider or gateway before the MTA software that merely wraps it.
type ProviderKind string

// Provider kinds.
const (
	KindMailbox ProviderKind = "mailbox" // hosts mailboxes: Gmail, Microsoft 365, Yahoo …
	KindGateway ProviderKind = "gateway" // filters mail for others: Mimecast, Proofpoint …
	KindMTA     ProviderKind = "mta"     // mail server software: Postfix, Exim, Sendmail, qmail
)

// ProviderCode is a provider's own meaning for an enhanced (or basic) code.
type ProviderCode struct {
	Code     string   `json:"code"` // "5.7.27", "X.7.27" (both classes) or "550"
	Meaning  Text     `json:"meaning"`
	Category Category `json:"category"`
	Retry    Retry    `json:"retry"`
	Action   Text     `json:"action"` // the concrete next step, when the provider's meaning calls for one
}

// ProviderTag is a tag in reply text ("[TSS04]", "RP-001") and its meaning.
type ProviderTag struct {
	Tag      string   `json:"tag"`     // the tag as shown to people: "[TSS04]", "RP-001"
	Pattern  string   `json:"pattern"` // case-insensitive regular expression
	Meaning  Text     `json:"meaning"`
	Category Category `json:"category"`
	Retry    Retry    `json:"retry"`
	Action   Text     `json:"action"` // the concrete next step, when the tag calls for one

	re *Pattern
}

// compile checks a provider and compiles its patterns in place.
func (p *Provider) compile() error {
	if p.ID == "" || p.Name == "" || len(p.Match) == 0 {
		return fmt.Errorf("catalog: providers.json: provider %q needs id, name and match", p.ID)
	}
	switch p.Kind {
	case KindMailbox, KindGateway, KindMTA:
	default:
		return fmt.Errorf("catalog: providers.json: %s: unknown kind %q", p.ID, p.Kind)
	}
	match := make([]*Pattern, 0, len(p.Match))
	for _, m := range p.Match {
		re, err := CompilePattern(m)
		if err != nil {
			return fmt.Errorf("catalog: providers.json: %s: %w", p.ID, err)
		}
		match = append(match, re)
	}
	p.match = match
	for i := range p.Tags {
		t := &p.Tags[i]
		re, err := CompilePattern(t.Pattern)
		if err != nil {
			return fmt.Errorf("catalog: providers.json: %s tag: %w", p.ID, err)
		}
		t.re = re
		if t.Tag == "" || !t.Meaning.Has(English) {
			return fmt.Errorf("catalog: providers.json: %s tag %q: needs tag and an English meaning", p.ID, t.Pattern)
		}
		if !knownCategory(t.Category) || (t.Retry != "" && !knownRetry[t.Retry]) {
			return fmt.Errorf("catalog: providers.json: %s tag %s: bad category or retry", p.ID, t.Tag)
		}
	}
	for _, pc := range p.Codes {
		low, _, _ := strings.Cut(pc.Code, "-")
		if _, err := ParseCode(low); err != nil {
			return fmt.Errorf("catalog: providers.json: %s: %w", p.ID, err)
		}
		if !knownCategory(pc.Category) || (pc.Retry != "" && !knownRetry[pc.Retry]) {
			return fmt.Errorf("catalog: providers.json: %s %s: bad category or retry", p.ID, pc.Code)
		}
		if !pc.Meaning.Has(English) {
			return fmt.Errorf("catalog: providers.json: %s %s: no English meaning", p.ID, pc.Code)
		}
	}
	return nil
}

// Matches reports whether text shows this provider.
func (p *Provider) Matches(text string) bool { return p.MatchesLower(strings.ToLower(text)) }

// MatchesLower is Matches for a text already in lower case, so a long
// bounce is lowered once for all providers.
func (p *Provider) MatchesLower(lower string) bool {
	for _, re := range p.match {
		if re.MatchLower(lower) {
			return true
		}
	}
	return false
}

// TagsIn returns the provider's tags found in text, in declaration order.
func (p *Provider) TagsIn(text string) []ProviderTag { return p.TagsInLower(strings.ToLower(text)) }

// TagsInLower is TagsIn for a text already in lower case.
func (p *Provider) TagsInLower(lower string) []ProviderTag {
	var out []ProviderTag
	for _, t := range p.Tags {
		if t.re != nil && t.re.MatchLower(lower) {
			out = append(out, t)
		}
	}
	return out
}

// Pattern is a case-insensitive regular expression, as data files write
// them, with a literal prefilter: most patterns are alternatives of words
// ("gsmtp", "relay access denied"), so before running the expression over a
// long bounce, Pattern checks that the text contains one of the literals
// every match must contain. Go's regexp has no such shortcut for (?i)
// alternations, and a pasted bounce meets dozens of patterns.
type Pattern struct {
	re   *regexp.Regexp
	lits []string // nil when no literal is required
}

// CompilePattern compiles expr (RE2 syntax) to match case-insensitively.
func CompilePattern(expr string) (*Pattern, error) {
	re, err := regexp.Compile("(?i)" + expr)
	if err != nil {
		return nil, err
	}
	p := &Pattern{re: re}
	if tree, err := syntax.Parse(expr, syntax.Perl|syntax.FoldCase); err == nil {
		p.lits = requiredLiterals(tree.Simplify())
	}
	return p, nil
}

// MatchLower reports whether lower, a text already in lower case, matches.
func (p *Pattern) MatchLower(lower string) bool {
	if p.lits != nil {
		found := false
		for _, l := range p.lits {
			if strings.Contains(lower, l) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return p.re.MatchString(lower)
}

// Match reports whether text matches.
func (p *Pattern) Match(text string) bool { return p.MatchLower(strings.ToLower(text)) }

// String returns the expression as written.
func (p *Pattern) String() string { return strings.TrimPrefix(p.re.String(), "(?i)") }

// requiredLiterals returns lower-case strings one of which every match of re
// must contain, or nil when it cannot tell.
func requiredLiterals(re *syntax.Regexp) []string {
	switch re.Op {
	case syntax.OpLiteral:
		return []string{strings.ToLower(string(re.Rune))}
	case syntax.OpCapture, syntax.OpPlus:
		return requiredLiterals(re.Sub[0])
	case syntax.OpRepeat:
		if re.Min >= 1 {
			return requiredLiterals(re.Sub[0])
		}
	case syntax.OpAlternate:
		var out []string
		for _, s := range re.Sub {
			r := requiredLiterals(s)
			if r == nil {
				return nil
			}
			out = append(out, r...)
		}
		return out
	case syntax.OpConcat:
		// Any one part's literals will do; take the most selective, and
		// join runs of literals that only zero-width assertions separate.
		var run []rune
		var bestSet []string
		consider := func(set []string) {
			if set != nil && (bestSet == nil || shortest(set) > shortest(bestSet)) {
				bestSet = set
			}
		}
		for _, s := range re.Sub {
			switch s.Op {
			case syntax.OpLiteral:
				run = append(run, s.Rune...)
				continue
			case syntax.OpWordBoundary, syntax.OpNoWordBoundary, syntax.OpBeginLine, syntax.OpEndLine,
				syntax.OpBeginText, syntax.OpEndText, syntax.OpEmptyMatch:
				continue
			}
			if len(run) > 0 {
				consider([]string{strings.ToLower(string(run))})
				run = nil
			}
			consider(requiredLiterals(s))
		}
		if len(run) > 0 {
			consider([]string{strings.ToLower(string(run))})
		}
		return bestSet
	}
	return nil
}

func shortest(set []string) int {
	n := -1
	for _, s := range set {
		if n < 0 || len(s) < n {
			n = len(s)
		}
	}
	return n
}

// Code returns the provider's own meaning of code ("5.7.27"), if it has one.
// An entry may name the code exactly ("4.7.650"), with class X for both 4
// and 5 ("X.7.27"), or as a range of details ("5.7.606-649", as Microsoft
// documents them). An exact entry wins over the others.
func (p *Provider) Code(code string) (ProviderCode, bool) {
	var loose ProviderCode
	found := false
	for _, pc := range p.Codes {
		if pc.Code == code {
			return pc, true
		}
		if !found && codeCovers(pc.Code, code) {
			loose, found = pc, true
		}
	}
	return loose, found
}

// codeCovers reports whether pattern ("X.7.27", "5.7.606-649") covers code.
func codeCovers(pattern, code string) bool {
	pat, hi, isRange := strings.Cut(pattern, "-")
	if len(pat) < 5 || len(code) < 5 {
		return false
	}
	if pat[0] != code[0] && pat[0] != 'X' && pat[0] != 'x' {
		return false
	}
	if !isRange {
		return strings.EqualFold(pat[1:], code[1:])
	}
	// Same class and subject, detail within [low, hi].
	pe, err := ParseEnhanced("5" + pat[1:])
	if err != nil {
		return false
	}
	ce, err := ParseEnhanced("5" + code[1:])
	if err != nil || ce.Subject != pe.Subject {
		return false
	}
	top, err := strconv.Atoi(hi)
	return err == nil && ce.Detail >= pe.Detail && ce.Detail <= top
}
