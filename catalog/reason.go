package catalog

import (
	"errors"
	"fmt"
	"iter"
	"regexp"
	"regexp/syntax"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"
)

// Bounce reasons: the fine-grained cause of a failed delivery.
//
// The reason names are Sisimai's public vocabulary (userunknown,
// mailboxfull, …); what each means, its coarse Category, whether it is a
// hard bounce and how retrying goes are ours, in data/reasons.json. The
// text rules that recognise a reason in a reply are data/rules.json, and
// the retry horizons of MTAs and providers are data/retry.json.

// Bounce verdicts.
const (
	BounceHard = "hard" // the address itself is bad: remove it from lists
	BounceSoft = "soft" // keep the address: the failure is about the message, the sender, the moment or the mailbox's state
)

// Reason is one bounce reason.
type Reason struct {
	Name     string   `json:"name"`     // Sisimai's name: "userunknown"
	Category Category `json:"category"` // the coarse group people read
	// Bounce is "hard" or "soft" for a permanent failure; a temporary
	// (4xx) failure is always soft. "" for reasons that are not failures
	// (delivered, feedback, vacation).
	Bounce string `json:"bounce"`
	// RetryTemporary and RetryPermanent say how retrying goes for a 4xx
	// and a 5xx reply of this reason when nothing else says.
	RetryTemporary Retry `json:"retry_temporary"`
	RetryPermanent Retry `json:"retry_permanent"`
	// Temporary is the reason a 4xx reply of this kind gets instead: a
	// temporary "host not found" is a network error, not an unknown host.
	Temporary string `json:"temporary"`
	// AtStage maps an SMTP stage to the reason a reply of this kind gets
	// there: "user unknown" refused at MAIL FROM is about the sender, after
	// DATA it is the recipient's filter; a generic failure at the greeting,
	// before any command, is a refusal of the client.
	AtStage map[Stage]string `json:"at_stage"`
	// Unconfirmed is the reason a refusal of this kind in a whole report
	// gets when neither the stage nor one of the reason's own enhanced
	// codes places it at RCPT TO: the server accepted the address and
	// refused the message later, as a filter does.
	Unconfirmed string `json:"unconfirmed"`
	// Worded is the reason a failure of this kind in a whole report gets
	// when the report has words beyond the address that name no cause:
	// "undefined" (nothing said) becomes "onhold" (said, not understood).
	Worded string `json:"worded"`
	// GaveUp is the reason a delivery gets when the report says it failed
	// for good after this temporary trouble: the sending server gave up.
	GaveUp string `json:"gave_up"`
	// GaveUpExcept lists enhanced codes that name a cause of their own
	// (4.4.2, a connection lost mid-session; 4.4.6, a routing loop): a
	// delivery that failed after one keeps this reason.
	GaveUpExcept []EnhancedCode `json:"gave_up_except"`
	// Delayed is the reason a delay notice (a DSN Action of "delayed")
	// of this kind gets: one that names no cause says only that the
	// delivery is late and expiring.
	Delayed     string `json:"delayed"`
	Title       Text   `json:"title"`
	Description Text   `json:"description"`
	// Action is the reason's own next step, when the category's advice
	// (advice.json) is too broad for it: relaying denied and TLS required
	// are both policy refusals, with different fixes. Optional; it opens
	// with the action and who takes it, as a short card shows only the
	// first sentence.
	Action Text `json:"action"`
	// ActionTemporary is the step for a temporary reply the sending server
	// still retries, when it differs from Action. Optional; only with
	// Action.
	ActionTemporary Text `json:"action_temporary"`
	// Actors are who has to act on the reason's own steps (Action and
	// ActionTemporary), when they differ from the category's: relaying
	// denied is for the sender and the sender's admin, TLS required for
	// the sender's admin alone. Optional; only with Action. A diagnosis
	// takes them whenever it takes one of the reason's steps.
	Actors []Actor `json:"actors"`
	// Enhanced and Basic are the codes that usually indicate this reason.
	// An enhanced code indicates at most one reason; a code listed here
	// names its reason when the text does not.
	Enhanced []EnhancedCode `json:"enhanced"`
	Basic    []ReplyCode    `json:"basic"`
	// Decisive lists basic codes (among Basic) that name this reason
	// whatever the enhanced code says: RFC 7504's 521 and 556 say the host
	// or domain accepts no mail at all.
	Decisive []ReplyCode `json:"decisive"`
}

// Failure reports whether the reason is a failed or delayed delivery.
func (r *Reason) Failure() bool { return r.Category != CatNone }

// reasons is the loaded taxonomy with its indexes.
type reasons struct {
	list     []Reason
	byName   map[string]*Reason
	byEnh    map[EnhancedCode]*Reason
	byBasic  map[ReplyCode]*Reason
	byCat    map[Category]*Reason // the first reason of a category in file order
	rules    []ReasonRule
	retry    []RetryRule
	horizons []RetryHorizon

	// The rules' regular expressions are compiled on first use: only
	// diagnoses need them, and compiling them in Load would double its
	// time. The schema test compiles them (CompileRules).
	compileOnce sync.Once
	compileErr  error
}

// ReasonRule recognises a reason from the words of a reply. Rules are tried
// in file order; the first whose pattern matches wins. A strong rule names
// its cause unambiguously and outranks a specific enhanced code; a weak one
// only decides when the codes say little.
type ReasonRule struct {
	Reason   string   `json:"reason"`
	Strong   bool     `json:"strong"`
	Patterns []string `json:"patterns"` // case-insensitive RE2, joined as alternatives
	Example  string   `json:"example"`  // a reply this rule, and no earlier one, matches
	Note     string   `json:"note"`     // why the rule sits where it does; optional
	// Generic: the words say only that something was refused, naming no
	// cause ("rejected", "denied"): an enhanced code that names a reason
	// (5.7.1, a security or policy refusal) decides before them.
	Generic bool `json:"generic"`
	// Decisive: the words name their cause whatever the codes say: a
	// local delivery program's own error ("procmail: … No such user") is
	// the program failing even when the MTA maps its exit status to 5.1.1.
	Decisive bool `json:"decisive"`
	// AtStage maps an SMTP stage to the reason these words get there, for
	// words that say something was refused but not what: a bare "access
	// denied" answering MAIL FROM refuses the sender (rejected), at the
	// greeting or HELO the connecting host (blocked). Optional.
	AtStage map[Stage]string `json:"at_stage"`
	re      *Pattern
	// parts are the patterns one by one, each with its own required
	// literals, and without case folding (the texts rules read are lowered
	// first; folding every rune costs a third of the matching time): a
	// pattern runs only on a text holding its literal, and a short
	// expression runs faster than the whole alternation. Nil when a
	// pattern has upper-case letters; then re does the work.
	parts []rulePart
}

// rulePart is one pattern of a rule, prepared for lowered texts.
type rulePart struct {
	pre   *Pattern       // its required literals
	exact *regexp.Regexp // nil for a plain literal, which pre alone matches
}

// MatchLower reports whether the rule matches a lower-case text.
func (r *ReasonRule) MatchLower(lower string) bool {
	if r.parts != nil {
		return r.MatchText(NewLowerText(lower))
	}
	return r.re.MatchLower(lower)
}

// MatchText is MatchLower for a text prepared once for all the rules.
func (r *ReasonRule) MatchText(t *LowerText) bool {
	if r.parts == nil {
		return r.re.MatchText(t)
	}
	if !r.re.literalsIn(t) {
		return false
	}
	for _, p := range r.parts {
		if p.pre.literalsIn(t) && (p.exact == nil || p.exact.MatchString(t.s)) {
			return true
		}
	}
	return false
}

// literalsIn reports whether t holds one of the literals every match of p
// needs (true when p has none).
func (p *Pattern) literalsIn(t *LowerText) bool {
	if p.lits == nil {
		return true
	}
	for i, l := range p.lits {
		if t.mayContain(p.tris[i]) && strings.Contains(t.s, l) {
			return true
		}
	}
	return false
}

// lowerParts prepares each pattern for lowered texts; nil when there are
// none, or one has an upper-case letter or does not compile (then the whole
// alternation is compiled, and its error reported).
func lowerParts(patterns []string) []rulePart {
	if len(patterns) == 0 {
		return nil
	}
	parts := make([]rulePart, 0, len(patterns))
	for _, p := range patterns {
		tree, err := syntax.Parse(p, syntax.Perl)
		if err != nil || !lowerOnly(tree) {
			return nil
		}
		// The required literals only: the case-folding expression is not needed.
		pre := prefilter(p)
		if tree.Op == syntax.OpLiteral && len(pre.lits) == 1 && pre.lits[0] == string(tree.Rune) {
			// A plain literal ("spamhaus"): finding it is the match, and
			// a compiled expression for each would only cost memory.
			parts = append(parts, rulePart{pre: pre})
			continue
		}
		exact, err := regexp.Compile(p)
		if err != nil {
			return nil
		}
		parts = append(parts, rulePart{pre: pre, exact: exact})
	}
	return parts
}

// lowerOnly reports whether a parsed pattern names no upper-case letter,
// so that without case folding it matches a lowered text as it does with.
func lowerOnly(re *syntax.Regexp) bool {
	switch re.Op {
	case syntax.OpLiteral, syntax.OpCharClass:
		for _, c := range re.Rune {
			if unicode.IsUpper(c) || unicode.IsTitle(c) {
				return false
			}
		}
	}
	for _, s := range re.Sub {
		if !lowerOnly(s) {
			return false
		}
	}
	return true
}

// RetryRule says when the words of a reply tell whether retrying helps.
type RetryRule struct {
	Retry    Retry    `json:"retry"`
	Patterns []string `json:"patterns"`
	re       *Pattern
}

// MatchLower reports whether the rule matches a lower-case text.
func (r *RetryRule) MatchLower(lower string) bool { return r.re.MatchLower(lower) }

// RetryHorizon is how long a sending server keeps retrying a temporary
// failure before it gives up and bounces the message.
type RetryHorizon struct {
	Name     string `json:"name"`      // "Postfix", "RFC 5321 §4.5.4.1"
	Setting  string `json:"setting"`   // the setting that controls it; "" for a standard
	MinHours int    `json:"min_hours"` // the horizon, in hours; a range when MaxHours > MinHours
	MaxHours int    `json:"max_hours"`
	Source   string `json:"source"` // where the number is documented
}

// rulesFile is data/rules.json.
type rulesFile struct {
	Reasons []ReasonRule `json:"reasons"`
	Retry   []RetryRule  `json:"retry"`
}

// compileRules joins each rule's patterns into one alternation.
func compileRules(f *rulesFile) error {
	var errs []error
	join := func(ps []string) (*Pattern, error) {
		if len(ps) == 0 {
			return nil, errors.New("no patterns")
		}
		expr := ""
		for i, p := range ps {
			if i > 0 {
				expr += "|"
			}
			expr += "(?:" + p + ")"
		}
		re, err := CompilePattern(expr)
		if err != nil {
			// Name the pattern at fault.
			for _, p := range ps {
				if _, perr := CompilePattern(p); perr != nil {
					return nil, fmt.Errorf("pattern %q: %w", p, perr)
				}
			}
		}
		return re, err
	}
	for i := range f.Reasons {
		r := &f.Reasons[i]
		if r.parts = lowerParts(r.Patterns); r.parts != nil {
			// Each pattern compiled alone: the whole alternation is only
			// a prefilter, its literals, and needs no expression of its own.
			r.re = prefilter("(?:" + strings.Join(r.Patterns, ")|(?:") + ")")
			continue
		}
		var err error
		if r.re, err = join(r.Patterns); err != nil {
			errs = append(errs, fmt.Errorf("catalog: rules.json: reason rule %d (%s): %w", i, r.Reason, err))
		}
	}
	for i := range f.Retry {
		r := &f.Retry[i]
		var err error
		if r.re, err = join(r.Patterns); err != nil {
			errs = append(errs, fmt.Errorf("catalog: rules.json: retry rule %d: %w", i, err))
		}
		if r.Retry != RetryAutomatic && r.Retry != RetryMayClear && r.Retry != RetryAfterChange {
			errs = append(errs, fmt.Errorf("catalog: rules.json: retry rule %d: unknown retry %q", i, r.Retry))
		}
	}
	return errors.Join(errs...)
}

// buildReasons indexes and checks the taxonomy, the rules and the horizons
// against each other and against the codes of the catalog.
func (c *Catalog) buildReasons(list []Reason, rules rulesFile, horizons []RetryHorizon) error {
	rs := &reasons{list: list, rules: rules.Reasons, retry: rules.Retry, horizons: horizons,
		byName: map[string]*Reason{}, byEnh: map[EnhancedCode]*Reason{}, byBasic: map[ReplyCode]*Reason{}, byCat: map[Category]*Reason{}}
	var errs []error
	bad := func(format string, args ...any) {
		errs = append(errs, fmt.Errorf("catalog: reasons.json: "+format, args...))
	}
	for i := range rs.list {
		r := &rs.list[i]
		if r.Name == "" || rs.byName[r.Name] != nil {
			bad("reason %d: missing or duplicate name %q", i, r.Name)
			continue
		}
		rs.byName[r.Name] = r
	}
	for i := range rs.list {
		r := &rs.list[i]
		c.checkReason(rs, r, bad)
		c.indexReasonCodes(rs, r, bad)
		if rs.byCat[r.Category] == nil {
			rs.byCat[r.Category] = r
		}
	}
	for _, cat := range Categories() {
		if rs.byCat[cat] == nil {
			bad("no reason for category %q", cat)
		}
	}
	for i, rule := range rs.rules {
		if r := rs.byName[rule.Reason]; r == nil || !r.Failure() {
			errs = append(errs, fmt.Errorf("catalog: rules.json: rule %d: %q is not a failure reason", i, rule.Reason))
		}
		for st, name := range rule.AtStage {
			if r := rs.byName[name]; !knownStages[st] || r == nil || !r.Failure() || name == rule.Reason {
				errs = append(errs, fmt.Errorf("catalog: rules.json: rule %d: at_stage %s: %q is not another failure reason at a known stage", i, st, name))
			}
		}
	}
	// Providers' tags and codes may name a reason: a failure reason of
	// the provider's own grouping (its category), since the diagnosis's
	// category follows the reason: a mail admin must never read "rate
	// limit" beside a reason of another group. A provider's documented
	// meaning picks the reason within its group (Yahoo's [TSS04], a
	// deferral for complaints or a poor IP reputation: badreputation).
	provReason := func(where, name string, cat Category) {
		if name == "" {
			return
		}
		switch r := rs.byName[name]; {
		case r == nil || !r.Failure():
			errs = append(errs, fmt.Errorf("catalog: providers.json: %s: %q is not a failure reason", where, name))
		case r.Category != cat:
			errs = append(errs, fmt.Errorf("catalog: providers.json: %s: reason %q is in category %q, the provider's meaning in %q", where, name, r.Category, cat))
		}
	}
	for _, p := range c.providers {
		for _, t := range p.Tags {
			provReason(p.ID+" tag "+t.Tag, t.Reason, t.Category)
		}
		for _, pc := range p.Codes {
			provReason(p.ID+" code "+pc.Code, pc.Reason, pc.Category)
		}
	}
	if len(rs.horizons) == 0 {
		errs = append(errs, errors.New("catalog: retry.json: no horizons"))
	}
	for _, h := range rs.horizons {
		if h.Name == "" || h.Source == "" || h.MinHours <= 0 || h.MaxHours < h.MinHours {
			errs = append(errs, fmt.Errorf("catalog: retry.json: %q needs a name, a source and hours (min ≤ max)", h.Name))
		}
	}
	c.reasons = rs
	return errors.Join(errs...)
}

// checkReason checks one reason's fields and its links to other reasons.
func (c *Catalog) checkReason(rs *reasons, r *Reason, bad func(format string, args ...any)) {
	if !knownCategories[r.Category] {
		bad("%s: unknown category %q", r.Name, r.Category)
	}
	switch {
	case r.Failure() && r.Bounce != BounceHard && r.Bounce != BounceSoft:
		bad("%s: bounce must be hard or soft, not %q", r.Name, r.Bounce)
	case !r.Failure() && r.Bounce != "":
		bad("%s: not a failure, so bounce must be empty", r.Name)
	}
	for _, rt := range []Retry{r.RetryTemporary, r.RetryPermanent} {
		if r.Failure() && (rt == RetryNone || !knownRetry[rt]) || !r.Failure() && rt != RetryNone {
			bad("%s: retry %q does not fit", r.Name, rt)
		}
	}
	if r.Temporary != "" {
		if t := rs.byName[r.Temporary]; t == nil || t.Bounce != BounceSoft {
			bad("%s: temporary %q is not a soft reason", r.Name, r.Temporary)
		}
	}
	other := func(name string) bool { return rs.byName[name] != nil && name != r.Name }
	for _, link := range []struct{ field, name string }{
		{"worded", r.Worded}, {"unconfirmed", r.Unconfirmed}, {"gave_up", r.GaveUp}, {"delayed", r.Delayed},
	} {
		if link.name != "" && !other(link.name) {
			bad("%s: %s %q is not another reason", r.Name, link.field, link.name)
		}
	}
	for _, e := range r.GaveUpExcept {
		if e.Class != 0 || r.GaveUp == "" {
			bad("%s: gave_up_except %s must be in registry form, with a gave_up reason", r.Name, e)
		}
	}
	for st, name := range r.AtStage {
		if !knownStages[st] {
			bad("%s: unknown stage %q", r.Name, st)
		}
		if !other(name) {
			bad("%s: at_stage %s: %q is not another reason", r.Name, st, name)
		}
	}
	for _, lang := range c.contentLangs {
		if !r.Title.Has(lang) || !r.Description.Has(lang) {
			bad("%s: title and description need %s text", r.Name, lang)
		}
		if d := r.Description.In(lang); len(d) > 600 || !strings.HasSuffix(d, ".") || strings.Contains(d, "  ") {
			bad("%s: the %s description must be one sentence under 600 characters, ending with a full stop", r.Name, lang)
		}
	}
	checkReasonAction(r, c.contentLangs, bad)
}

// checkReasonAction checks a reason's own next steps: in every content
// language when present, short, trimmed and ending with a full stop; a
// temporary step only beside a permanent one; the actors beside every
// step and only there, known and not empty.
func checkReasonAction(r *Reason, langs []string, bad func(format string, args ...any)) {
	if !r.ActionTemporary.IsZero() && r.Action.IsZero() {
		bad("%s: action_temporary without action", r.Name)
	}
	if (!r.Action.IsZero() || !r.ActionTemporary.IsZero()) && !r.Failure() {
		bad("%s: not a failure, so no action", r.Name)
	}
	switch {
	case r.Actors == nil && !r.Action.IsZero():
		bad("%s: an action needs its actors (who the step addresses)", r.Name)
	case r.Actors == nil:
	case r.Action.IsZero():
		bad("%s: actors without action", r.Name)
	case len(r.Actors) == 0:
		bad("%s: actors must not be empty", r.Name)
	}
	for i, a := range r.Actors {
		if !knownActors[a] || a == ActorNone || slices.Contains(r.Actors[:i], a) {
			bad("%s: unknown, none or repeated actor %q", r.Name, a)
		}
	}
	for _, a := range []struct {
		field string
		text  Text
	}{{"action", r.Action}, {"action_temporary", r.ActionTemporary}} {
		if a.text.IsZero() {
			continue
		}
		for _, lang := range langs {
			s := a.text.In(lang)
			if !a.text.Has(lang) || len([]rune(s)) > 600 || s != strings.TrimSpace(s) || strings.Contains(s, "  ") || !strings.HasSuffix(s, ".") {
				bad("%s: the %s %s must be under 600 characters, trimmed, ending with a full stop", r.Name, lang, a.field)
			}
		}
	}
}

// indexReasonCodes files the reason under its codes, which must be in the
// catalog, in its category and indicate no other reason.
func (c *Catalog) indexReasonCodes(rs *reasons, r *Reason, bad func(format string, args ...any)) {
	for _, e := range r.Enhanced {
		if e.Class != 0 {
			bad("%s: enhanced %s must be in registry form", r.Name, e)
			continue
		}
		entry := c.enhanced[e]
		fileReason(r, "enhanced", e, entry != nil, func() Category { return entry.Category }, rs.byEnh, bad)
	}
	for _, b := range r.Basic {
		entry := c.replies[b]
		fileReason(r, "basic", b, entry != nil, func() Category { return entry.Category }, rs.byBasic, bad)
	}
	for _, d := range r.Decisive {
		if !slices.Contains(r.Basic, d) {
			bad("%s: decisive %s is not among its basic codes", r.Name, d)
		}
	}
}

// fileReason files r under code in by, when the code is in the catalog
// (known), in r's category and indicates no other reason.
func fileReason[K comparable](r *Reason, kind string, code K, known bool, category func() Category, by map[K]*Reason, bad func(format string, args ...any)) {
	switch {
	case !known:
		bad("%s: %s %v is not in the catalog", r.Name, kind, code)
	case category() != r.Category && category() != CatUnknown:
		// A code of no category of its own (X.4.6, a routing loop; X.3.5,
		// a misconfigured system) takes the reason's.
		bad("%s: %s %v is in category %q, the reason in %q", r.Name, kind, code, category(), r.Category)
	case by[code] != nil:
		bad("%s: %s %v already indicates %s", r.Name, kind, code, by[code].Name)
	default:
		by[code] = r
	}
}

// CompileRules compiles the text rules once and reports a pattern that
// does not compile. Until it has succeeded, ReasonRules and RetryRules
// return nothing; they call it themselves.
func (c *Catalog) CompileRules() error {
	rs := c.reasons
	rs.compileOnce.Do(func() {
		f := rulesFile{Reasons: rs.rules, Retry: rs.retry}
		if rs.compileErr = compileRules(&f); rs.compileErr != nil {
			rs.rules, rs.retry = nil, nil
		}
	})
	return rs.compileErr
}

// Reason returns the reason of that name, or nil.
func (c *Catalog) Reason(name string) *Reason { return c.reasons.byName[name] }

// Reasons yields every reason in file order, each a copy: callers cannot
// change the catalog's own.
func (c *Catalog) Reasons() iter.Seq[Reason] { return slices.Values(c.reasons.list) }

// ReasonForEnhanced returns the reason an enhanced code indicates, or nil.
func (c *Catalog) ReasonForEnhanced(e EnhancedCode) *Reason { return c.reasons.byEnh[e.Generic()] }

// ReasonForBasic returns the reason a basic code indicates, or nil.
func (c *Catalog) ReasonForBasic(b ReplyCode) *Reason { return c.reasons.byBasic[b] }

// ReasonForCategory returns the default reason of a category: the first
// one of that category in reasons.json.
func (c *Catalog) ReasonForCategory(cat Category) *Reason { return c.reasons.byCat[cat] }

// ReasonRules yields the text rules in the order they are tried, compiled,
// each a copy.
func (c *Catalog) ReasonRules() iter.Seq[ReasonRule] {
	return func(yield func(ReasonRule) bool) {
		_ = c.CompileRules() // a bad pattern leaves no rules; the schema test reports it
		for _, r := range c.reasons.rules {
			if !yield(r) {
				return
			}
		}
	}
}

// RetryRules yields the rules that read retrying advice in a reply,
// compiled, each a copy.
func (c *Catalog) RetryRules() iter.Seq[RetryRule] {
	return func(yield func(RetryRule) bool) {
		_ = c.CompileRules()
		for _, r := range c.reasons.retry {
			if !yield(r) {
				return
			}
		}
	}
}

// RetryHorizons returns the documented retry horizons, in file order.
func (c *Catalog) RetryHorizons() []RetryHorizon { return slices.Clone(c.reasons.horizons) }

// RetryWindow says, in the frame's language, how long sending servers keep
// retrying a temporary failure: "4–5 days (RFC 5321 §4.5.4.1), 5 days
// (Postfix) …".
func (c *Catalog) RetryWindow(f *Frame) string {
	items := make([]string, 0, len(c.reasons.horizons))
	for _, h := range c.reasons.horizons {
		items = append(items, Fill(f.RetryWindowItem, "duration", f.duration(h.MinHours, h.MaxHours), "name", h.Name))
	}
	if len(items) == 0 {
		return ""
	}
	return Fill(f.RetryWindow, "items", JoinList(items, f))
}

// duration writes a span of hours: whole days from two days up, else hours.
func (f *Frame) duration(minH, maxH int) string {
	n, unit := strconv.Itoa(minH), f.Hours
	if minH >= 48 && minH%24 == 0 && maxH%24 == 0 {
		n, unit = strconv.Itoa(minH/24), f.Days
		minH, maxH = minH/24, maxH/24
	}
	if maxH > minH {
		n += "–" + strconv.Itoa(maxH)
	}
	return Fill(unit, "n", n)
}
