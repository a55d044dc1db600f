package catalog

import (
	"fmt"
	"regexp"
	"regexp/syntax"
	"slices"
	"strconv"
	"strings"
)

// Provider describes who refused a message (a mailbox provider, a filtering
// gateway, a sending service) or the MTA software that wrote the bounce, as
// it shows itself in reply text (its domains, host names and tags), and its
// own uses of codes where they differ from the IANA registry.
type Provider struct {
	ID      string       `json:"id"`                // stable identifier: "gmail", "microsoft", …
	Name    string       `json:"name"`              // display name
	Kind    ProviderKind `json:"kind"`              // mailbox provider, gateway, sending service or MTA software
	Match   []string     `json:"match"`             // case-insensitive regular expressions that identify it in a reply
	Domains []string     `json:"domains,omitempty"` // its own mail domains: an address at one ("<bob@hey.com>:") shows it too
	// Names are what people call it in their own words ("hotmail",
	// "office 365", "icloud"): lower case, matched as whole words in a
	// chat question only, a weaker mark than the server's own text (see
	// catalog/data/README.md for the policy). MTA software has none.
	Names      []string          `json:"names,omitempty"`
	Codes      []ProviderCode    `json:"codes"`      // its own meanings of codes
	Tags       []ProviderTag     `json:"tags"`       // tags in its reply text and what they mean
	Refs       []Link            `json:"refs"`       // the provider's own public pages these meanings come from
	Postmaster *Link             `json:"postmaster"` // its page for senders: postmaster, sender guidelines or delisting
	Examples   []ProviderExample `json:"examples"`   // real reply lines that show it, each with its public source
	// Numbers are the provider's own diagnostic numbers shaped like
	// enhanced codes, whole-match expressions (`4\.16\.\d+`: Yahoo's
	// "temporarily deferred - 4.16.50"): no status code (the registry has
	// no such subject), so a reply's number matching one is not read as
	// its enhanced code. Optional.
	Numbers []string `json:"numbers,omitempty"`

	numbers []*Pattern
	match   []*Pattern
	// byName[i]: match[i] is one of Names as a plain word ("yahoo"), a
	// mark anyone's words may hold, weaker than a host, a URL or a tag.
	byName []bool
	names  *Pattern // Names as one whole-word pattern; nil when none
}

// ProviderExample is a real reply line in which a provider shows itself,
// with the public page it was taken from. The schema test checks that every
// example is attributed to its provider.
type ProviderExample struct {
	Text   string `json:"text"`
	Source string `json:"source"` // URL of the public page
}

// ProviderKind says what a provider is. A reply is attributed to a mailbox
// provider or gateway before the MTA software that merely wraps it.
type ProviderKind string

// Provider kinds.
const (
	KindMailbox ProviderKind = "mailbox" // hosts mailboxes: Gmail, Microsoft 365, Yahoo …
	KindGateway ProviderKind = "gateway" // filters mail for others: Mimecast, Proofpoint …
	KindSending ProviderKind = "sending" // sends mail for others: Amazon SES, SendGrid, Mailgun …
	KindMTA     ProviderKind = "mta"     // mail server software: Postfix, Exim, Sendmail, qmail
)

// ProviderCode is a provider's own meaning for an enhanced (or basic) code.
type ProviderCode struct {
	Code     string   `json:"code"` // "5.7.27", "X.7.27" (both classes) or "550"
	Meaning  Text     `json:"meaning"`
	Category Category `json:"category"`
	// Reason is the bounce reason (reasons.json) when the provider's
	// meaning names one more precisely than its category's default;
	// optional. When set, it decides the diagnosis's reason and category.
	Reason string `json:"reason,omitempty"`
	Retry  Retry  `json:"retry"`
	Action Text   `json:"action"` // the concrete next step, when the provider's meaning calls for one
	// Source is the URL of the provider's own page that gives this
	// meaning; required, so that every meaning that differs from the
	// registry can be checked against the page that says so.
	Source string `json:"source"`
	// Wording, when set, is the text the provider documents with the code
	// (a case-insensitive regular expression: Microsoft's 5.4.1 "Recipient
	// address rejected: Access denied", its Directory-Based Edge Blocking)
	// that no other server gives with it: the code and the wording
	// together are the provider's mark (WordingOwner), though the registry
	// has the code. Optional.
	Wording string `json:"wording,omitempty"`

	wording *Pattern
}

// ProviderTag is a tag in reply text ("[TSS04]", "RP-001") and its meaning.
type ProviderTag struct {
	Tag      string   `json:"tag"`     // the tag as shown to people: "[TSS04]", "RP-001"
	Pattern  string   `json:"pattern"` // case-insensitive regular expression
	Meaning  Text     `json:"meaning"`
	Category Category `json:"category"`
	// Reason is the bounce reason the tag names ("[TSS04]" is a poor
	// reputation, not any rate limit); optional. When set, it decides the
	// diagnosis's reason and category.
	Reason string `json:"reason,omitempty"`
	Retry  Retry  `json:"retry"`
	Action Text   `json:"action"` // the concrete next step, when the tag calls for one
	// Class, when set (4 or 5), limits the tag to replies of that class:
	// Yahoo's bare "[TSS04]" on a 4xx is its temporary-deferral group.
	Class int `json:"class,omitempty"`
	// Unless is a case-insensitive regular expression whose match in the
	// text cancels the tag ("permanently deferred" beside a Yahoo TS tag).
	Unless string `json:"unless,omitempty"`

	re, unless *Pattern
}

// compile checks a provider and compiles its patterns in place.
func (p *Provider) compile() error {
	for _, step := range []func() error{p.checkEntry, p.compileNames, p.compileMatch, p.compileTags, p.checkCodes, p.compileNumbers} {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}

// checkEntry checks what every provider needs: its identity, kind, example
// reply lines with sources, postmaster page and domains.
func (p *Provider) checkEntry() error {
	if p.ID == "" || p.Name == "" || len(p.Match) == 0 {
		return fmt.Errorf("catalog: providers.json: provider %q needs id, name and match", p.ID)
	}
	switch p.Kind {
	case KindMailbox, KindGateway, KindSending, KindMTA:
	default:
		return fmt.Errorf("catalog: providers.json: %s: unknown kind %q", p.ID, p.Kind)
	}
	if len(p.Examples) == 0 {
		return fmt.Errorf("catalog: providers.json: %s: needs at least one example reply line", p.ID)
	}
	for _, ex := range p.Examples {
		if ex.Text == "" || !strings.HasPrefix(ex.Source, "http") {
			return fmt.Errorf("catalog: providers.json: %s: an example needs its text and the URL of its source", p.ID)
		}
	}
	if p.Kind != KindMTA && (p.Postmaster == nil || !strings.HasPrefix(p.Postmaster.URL, "http") || p.Postmaster.Title == "") {
		return fmt.Errorf("catalog: providers.json: %s: needs its postmaster page (title and URL)", p.ID)
	}
	for _, d := range p.Domains {
		if !validDomain(d) {
			return fmt.Errorf("catalog: providers.json: %s: bad domain %q (a lower-case domain name, without @)", p.ID, d)
		}
	}
	return nil
}

// compileNames compiles the names people call the provider by into one
// whole-word pattern.
func (p *Provider) compileNames() error {
	if len(p.Names) == 0 {
		return nil
	}
	if p.Kind == KindMTA {
		return fmt.Errorf("catalog: providers.json: %s: MTA software has no names (names are for who refuses)", p.ID)
	}
	quoted := make([]string, len(p.Names))
	for i, n := range p.Names {
		if !validName(n) {
			return fmt.Errorf("catalog: providers.json: %s: bad name %q (lower case, trimmed, at least 2 characters)", p.ID, n)
		}
		quoted[i] = regexp.QuoteMeta(n)
	}
	re, err := CompilePattern(`(?:^|[^\p{L}\p{N}])(?:` + strings.Join(quoted, "|") + `)(?:$|[^\p{L}\p{N}])`)
	if err != nil {
		return fmt.Errorf("catalog: providers.json: %s names: %w", p.ID, err)
	}
	p.names = re
	return nil
}

// compileMatch compiles the patterns that mark the provider's text.
func (p *Provider) compileMatch() error {
	exprs := p.Patterns()
	match := make([]*Pattern, 0, len(exprs))
	for _, m := range exprs {
		re, err := CompilePattern(m)
		if err != nil {
			return fmt.Errorf("catalog: providers.json: %s: %w", p.ID, err)
		}
		match = append(match, re)
	}
	p.match = match
	p.byName = make([]bool, len(exprs))
	for i, m := range exprs {
		p.byName[i] = slices.Contains(p.Names, strings.ReplaceAll(m, `\b`, ""))
	}
	return nil
}

// compileTags compiles and checks the provider's own tags.
func (p *Provider) compileTags() error {
	for i := range p.Tags {
		t := &p.Tags[i]
		re, err := CompilePattern(t.Pattern)
		if err != nil {
			return fmt.Errorf("catalog: providers.json: %s tag: %w", p.ID, err)
		}
		t.re = re
		if t.Unless != "" {
			if t.unless, err = CompilePattern(t.Unless); err != nil {
				return fmt.Errorf("catalog: providers.json: %s tag %s unless: %w", p.ID, t.Tag, err)
			}
		}
		if t.Class != 0 && t.Class != 4 && t.Class != 5 {
			return fmt.Errorf("catalog: providers.json: %s tag %s: class must be 4 or 5", p.ID, t.Tag)
		}
		if t.Tag == "" || !t.Meaning.Has(English) {
			return fmt.Errorf("catalog: providers.json: %s tag %q: needs tag and an English meaning", p.ID, t.Pattern)
		}
		if !knownCategories[t.Category] || (t.Retry != "" && !knownRetry[t.Retry]) {
			return fmt.Errorf("catalog: providers.json: %s tag %s: bad category or retry", p.ID, t.Tag)
		}
	}
	return nil
}

// checkCodes checks the provider's own meanings of codes.
func (p *Provider) checkCodes() error {
	for i := range p.Codes {
		pc := &p.Codes[i]
		pc.wording = nil
		if pc.Wording != "" {
			re, err := CompilePattern(pc.Wording)
			if err != nil {
				return fmt.Errorf("catalog: providers.json: %s %s wording: %w", p.ID, pc.Code, err)
			}
			pc.wording = re
		}
		low, _, _ := strings.Cut(pc.Code, "-")
		if _, err := ParseCode(low); err != nil {
			return fmt.Errorf("catalog: providers.json: %s: %w", p.ID, err)
		}
		if !knownCategories[pc.Category] || (pc.Retry != "" && !knownRetry[pc.Retry]) {
			return fmt.Errorf("catalog: providers.json: %s %s: bad category or retry", p.ID, pc.Code)
		}
		if !pc.Meaning.Has(English) {
			return fmt.Errorf("catalog: providers.json: %s %s: no English meaning", p.ID, pc.Code)
		}
		if !strings.HasPrefix(pc.Source, "http") {
			return fmt.Errorf("catalog: providers.json: %s %s: needs the source URL of its meaning", p.ID, pc.Code)
		}
	}
	return nil
}

// compileNumbers compiles the provider's own diagnostic numbers, each
// matched whole.
func (p *Provider) compileNumbers() error {
	p.numbers = nil
	for _, n := range p.Numbers {
		re, err := CompilePattern(`^(?:` + n + `)$`)
		if err != nil {
			return fmt.Errorf("catalog: providers.json: %s numbers: %w", p.ID, err)
		}
		p.numbers = append(p.numbers, re)
	}
	return nil
}

// OwnNumber reports whether s, a number shaped like an enhanced code
// ("4.16.50"), is one of the provider's own diagnostic numbers.
func (p *Provider) OwnNumber(s string) bool { return anyMatchLower(p.numbers, s) }

// anyMatchLower reports whether one of ps matches lower, a text already in
// lower case.
func anyMatchLower(ps []*Pattern, lower string) bool {
	return slices.ContainsFunc(ps, func(re *Pattern) bool { return re.MatchLower(lower) })
}

// Patterns returns the expressions that identify the provider: its match
// patterns and, when it has domains, the expression for an address at one
// of them.
func (p *Provider) Patterns() []string {
	if len(p.Domains) == 0 {
		return p.Match
	}
	return append(slices.Clip(p.Match), DomainPattern(p.Domains))
}

// DomainPattern is the expression that finds an address at one of
// domains: "@" and the domain, not followed by more of a host name
// ("@hey.com>" and "@hey.com." end a sentence; "@hey.com.au" is another
// domain).
func DomainPattern(domains []string) string {
	quoted := make([]string, len(domains))
	for i, d := range domains {
		quoted[i] = regexp.QuoteMeta(d)
	}
	return `@(?:` + strings.Join(quoted, "|") + `)(?:$|[^a-z0-9.-]|\.(?:$|[^a-z0-9-]))`
}

// validName reports whether n is a name as people write it: lower case,
// without surrounding or doubled spaces, at least two characters.
func validName(n string) bool {
	return len(n) >= 2 && n == strings.ToLower(n) && n == strings.TrimSpace(n) && !strings.Contains(n, "  ")
}

// NamedIn reports whether t, a chat question in lower case, names the
// provider in whole words ("sending to hotmail", "gmail báo lỗi").
func (p *Provider) NamedIn(t *LowerText) bool { return p.names != nil && p.names.MatchText(t) }

// validDomain reports whether d is a lower-case domain name with at least
// two labels.
func validDomain(d string) bool {
	labels := strings.Split(d, ".")
	if len(labels) < 2 {
		return false
	}
	for _, l := range labels {
		if l == "" || l[0] == '-' || l[len(l)-1] == '-' {
			return false
		}
		for i := 0; i < len(l); i++ {
			if c := l[i]; !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
				return false
			}
		}
	}
	return true
}

// MatchesLower reports whether lower, a text already in lower case, shows
// this provider; a long bounce is lowered once for all providers.
func (p *Provider) MatchesLower(lower string) bool { return anyMatchLower(p.match, lower) }

// MarkedBeyondName reports whether the text shows this provider by a mark
// other than its bare name: a host name, a URL, a tag of its own. A name
// alone may be anyone's words ("for all yahoo recipients", "our
// yahoo.com From"); who wrote the text is shown by the rest.
func (p *Provider) MarkedBeyondName(t *LowerText) bool {
	for i, re := range p.match {
		if !p.byName[i] && re.MatchText(t) {
			return true
		}
	}
	return false
}

// MatchesText is MatchesLower for a prepared text.
func (p *Provider) MatchesText(t *LowerText) bool {
	for _, re := range p.match {
		if re.MatchText(t) {
			return true
		}
	}
	return false
}

// TagsInText is TagsInLower for a prepared text and a reply of class cls
// (0 when it has no code): a tag limited to another class, or whose
// Unless matches, is not found.
func (p *Provider) TagsInText(t *LowerText, cls int) []ProviderTag {
	var out []ProviderTag
	for _, tag := range p.Tags {
		if tag.re != nil && (tag.Class == 0 || tag.Class == cls) && tag.re.MatchText(t) && (tag.unless == nil || !tag.unless.MatchText(t)) {
			out = append(out, tag)
		}
	}
	return out
}

// TagsInLower returns the provider's tags found in lower, a text already in
// lower case, in declaration order.
func (p *Provider) TagsInLower(lower string) []ProviderTag {
	var out []ProviderTag
	for _, t := range p.Tags {
		if t.re != nil && t.re.MatchLower(lower) && (t.unless == nil || !t.unless.MatchLower(lower)) {
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
	lits []string   // nil when no literal is required
	tris [][]uint32 // the trigrams of each literal, for LowerText
}

// CompilePattern compiles expr (RE2 syntax) to match case-insensitively.
func CompilePattern(expr string) (*Pattern, error) {
	re, err := regexp.Compile("(?i)" + expr)
	if err != nil {
		return nil, err
	}
	p := prefilter(expr)
	p.re = re
	return p, nil
}

// prefilter returns a Pattern holding only the literals one of which every
// match of expr needs, with their trigrams; no literals when it cannot tell.
func prefilter(expr string) *Pattern {
	p := &Pattern{}
	if tree, err := syntax.Parse(expr, syntax.Perl|syntax.FoldCase); err == nil {
		p.lits = requiredLiterals(tree.Simplify())
	}
	for _, l := range p.lits {
		tris := make([]uint32, 0, max(len(l)-2, 0))
		for i := 0; i+3 <= len(l); i++ {
			tris = append(tris, trigram(l[i], l[i+1], l[i+2]))
		}
		p.tris = append(p.tris, tris)
	}
	return p
}

// MatchText is MatchLower for a prepared text: a required literal one of
// whose trigrams the text lacks is ruled out without scanning the text.
func (p *Pattern) MatchText(t *LowerText) bool {
	if p.lits != nil {
		found := false
		for i, l := range p.lits {
			if t.mayContain(p.tris[i]) && strings.Contains(t.s, l) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return p.re.MatchString(t.s)
}

// LowerText is a text in lower case prepared for many pattern matches: a
// set of its byte trigrams lets a pattern rule out a required literal
// without scanning the text, so trying every provider's marks on a long
// bounce costs one pass over it rather than one per literal. The set is a
// fixed 8 KB bitmap, whatever the text's length; a long text only sets more
// bits, and then more literals are checked by scanning.
type LowerText struct {
	s   string
	tri [1 << 10]uint64 // 65,536 bits, one per trigram hash
}

// NewLowerText prepares lower, a text already in lower case.
func NewLowerText(lower string) *LowerText {
	t := &LowerText{s: lower}
	for i := 0; i+3 <= len(lower); i++ {
		h := trigram(lower[i], lower[i+1], lower[i+2])
		t.tri[h>>6] |= 1 << (h & 63)
	}
	return t
}

// String returns the text.
func (t *LowerText) String() string { return t.s }

// mayContain reports whether the text has every one of the trigrams; false
// means a literal made of them cannot be in it.
func (t *LowerText) mayContain(tris []uint32) bool {
	for _, h := range tris {
		if t.tri[h>>6]&(1<<(h&63)) == 0 {
			return false
		}
	}
	return true
}

// trigram hashes three bytes to 16 bits.
func trigram(a, b, c byte) uint32 {
	return ((uint32(a)<<16 | uint32(b)<<8 | uint32(c)) * 2654435761) >> 16
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

// MatchEnds returns where each match in lower, a text already in lower
// case, ends, in order; nil when none does.
func (p *Pattern) MatchEnds(lower string) []int {
	if p.lits != nil && !slices.ContainsFunc(p.lits, func(l string) bool { return strings.Contains(lower, l) }) {
		return nil
	}
	var ends []int
	for _, m := range p.re.FindAllStringIndex(lower, -1) {
		ends = append(ends, m[1])
	}
	return ends
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

// WordingOwner returns the provider whose documented wording of the
// enhanced code e the text holds (providers.json codes' wording): exactly
// one provider documents e with a wording t matches. Such a reply is that
// provider's though it shows no host name: Postfix gives "Recipient
// address rejected: Access denied" with 5.7.1, Microsoft 365 with 5.4.1.
func (c *Catalog) WordingOwner(e EnhancedCode, t *LowerText) (*Provider, bool) {
	if e.IsZero() {
		return nil, false
	}
	code := e.String()
	var owner *Provider
	for i := range c.providers {
		pc, ok := c.providers[i].Code(code)
		if !ok || pc.wording == nil || !pc.wording.MatchText(t) {
			continue
		}
		if owner != nil {
			return nil, false
		}
		owner = &c.providers[i]
	}
	return owner, owner != nil
}

// CodeOwner returns the provider whose own code e is: an enhanced code the
// registry does not enumerate (Microsoft's 5.7.708, Gmail's 5.7.32) that
// exactly one provider documents (providers.json codes). Such a code in a
// reply is a mark of that provider as much as its host name is. A code two
// providers document, or one the registry has, marks nobody.
func (c *Catalog) CodeOwner(e EnhancedCode) (*Provider, bool) {
	if e.IsZero() || c.Enhanced(e) != nil {
		return nil, false
	}
	code := e.String()
	var owner *Provider
	for i := range c.providers {
		if _, ok := c.providers[i].Code(code); ok {
			if owner != nil {
				return nil, false
			}
			owner = &c.providers[i]
		}
	}
	return owner, owner != nil
}
