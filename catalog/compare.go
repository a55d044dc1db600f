package catalog

import (
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Card is everything said about one code, resolved in one language. It is a
// core value: package responses owns its wire form (responses/json.go).
type Card struct {
	Code Code // as asked: "552", "5.2.2", "X.2.2"
	// Key is set on the card of a whole class ("4xx", "5.X.X"), which has
	// no Code: a comparison of classes is made of such cards.
	Key           string
	Basic         bool // a basic reply code, not an enhanced one
	Class         Class
	ClassName     string
	Name          string
	Official      []Official
	Registered    bool
	RegistryOnly  bool
	Deprecated    bool
	Description   string
	When          string
	FixSender     string
	FixAdmin      string
	Retry         Retry
	RetryLabel    string
	RetryNote     string
	Stages        []Stage
	StageNames    []string
	Actors        []Actor
	ActorNames    []string
	Frequency     Frequency
	FrequencyName string
	Category      Category
	Enhanced      []EnhancedCode // usual enhanced codes (basic cards), in the card's class
	BasicCodes    []ReplyCode    // associated basic codes (enhanced cards)
	// BasicNote completes BasicCodes when the registry names a class rather
	// than codes ("5XX", or "any" in the card's language).
	BasicNote string
	Related   []ReplyCode
	Notes     []string
	Refs      []Link
}

// ClassKey names the card's class: "5xx", "5.X.X", or "X.X.X" for the
// registry form.
func (c Card) ClassKey() string {
	if c.Key != "" {
		return c.Key
	}
	if c.Basic {
		return c.Class.Key()
	}
	return c.Code.Enhanced.ClassKey()
}

// Label is what the card is about, as shown: the code ("550"), or the
// class of a class card ("4xx").
func (c Card) Label() string {
	if c.Key != "" {
		return c.Key
	}
	return c.Code.String()
}

// Official is one RFC meaning of a code, verbatim.
type Official struct {
	Text    string
	Source  string
	URL     string
	Context string
}

// Link is a titled URL. Its tags name the fields in the data files
// (providers.json), not on the wire.
type Link struct {
	Title string `json:"title"`
	URL   string `json:"url"`
}

// Comparison is the answer to "A vs B": what the source pages had, and more.
// Its title and cards come with it; its prose (summary, differences, when
// to use which, links) is written the first time one of them is asked for,
// once, so that an answer that shows only the cards (the short chat card)
// does not pay for it. A Comparison is safe for concurrent use.
type Comparison struct {
	Title string
	Cards []Card
	text  *comparisonText
}

// ComparisonText is a comparison's prose.
type ComparisonText struct {
	Summary     string   // one or two sentences on each code
	Differences []string // what tells the codes apart, one finding per line
	Operator    []string // when to use which, for a server operator
	Reader      []string // when to use which, for someone who received one
	LearnMore   []Link   // the codes' sources, each once
}

// NewComparison builds a comparison from its parts, for answers made by
// hand (tests of the renderers' limits).
func NewComparison(title string, cards []Card, text ComparisonText) Comparison {
	t := &comparisonText{ComparisonText: text}
	t.once.Do(func() {})
	return Comparison{Title: title, Cards: cards, text: t}
}

// comparisonText is a comparison's prose and what it is written from.
type comparisonText struct {
	once  sync.Once
	cat   *Catalog
	codes []Code
	cards []Card
	ps    []*prepared
	f     *Frame
	ComparisonText
}

// Text is the comparison's prose.
func (c Comparison) Text() ComparisonText { return c.prose().ComparisonText }

// Summary is one or two sentences on each code.
func (c Comparison) Summary() string { return c.prose().Summary }

// Differences lists what tells the codes apart, one finding per line.
func (c Comparison) Differences() []string { return c.prose().Differences }

// Operator says when to use which, for a server operator.
func (c Comparison) Operator() []string { return c.prose().Operator }

// Reader says when to use which, for someone who received one.
func (c Comparison) Reader() []string { return c.prose().Reader }

// LearnMore links the codes' sources, each once.
func (c Comparison) LearnMore() []Link { return c.prose().LearnMore }

func (c Comparison) prose() *comparisonText {
	if c.text == nil {
		return &comparisonText{}
	}
	c.text.once.Do(c.text.write)
	return c.text
}

// Card describes one code in lang. Codes the catalog lacks are explained by
// their class and subject and marked as not registered. A registered
// code's card is built once per language and shared: its slices belong to
// the catalog and must not be modified.
func (c *Catalog) Card(code Code, lang string) Card { return c.prepare(code, lang).card }

// card builds code's card; its slices are clipped, so that a caller's
// append never writes into a shared card.
func (c *Catalog) card(code Code, f *Frame, lang string) Card {
	var cd Card
	if code.Basic() {
		cd = c.replyCard(code.Reply, f, lang)
	} else {
		cd = c.enhancedCard(code.Enhanced, f, lang)
	}
	cd.Official, cd.Stages, cd.StageNames = slices.Clip(cd.Official), slices.Clip(cd.Stages), slices.Clip(cd.StageNames)
	cd.Actors, cd.ActorNames, cd.Enhanced = slices.Clip(cd.Actors), slices.Clip(cd.ActorNames), slices.Clip(cd.Enhanced)
	cd.BasicCodes, cd.Related, cd.Notes, cd.Refs = slices.Clip(cd.BasicCodes), slices.Clip(cd.Related), slices.Clip(cd.Notes), slices.Clip(cd.Refs)
	return cd
}

func (c *Catalog) replyCard(code ReplyCode, f *Frame, lang string) Card {
	cl := code.Class()
	ci := c.ReplyClass(cl)
	card := Card{Code: Code{Reply: code}, Basic: true, Class: cl, ClassName: ci.Name.In(lang)}
	r := c.Reply(code)
	if r == nil {
		digit := c.SecondDigit((int(code) / 10) % 10)
		card.Name = f.NotRegistered
		card.Description = Fill(f.UnregBasic, "code", card.Code.String(), "class", ci.Verdict.In(lang), "digit", digit.Name.In(lang))
		card.When = ci.Description.In(lang)
		card.FixSender = Fill(f.UnregFix, "code", card.Code.String())
		card.FixAdmin = card.FixSender
		card.Retry = classRetry(cl)
		card.RetryLabel = f.RetryName(card.Retry)
		card.RetryNote = ci.Verdict.In(lang)
		card.Actors = []Actor{ActorNone}
		card.ActorNames = []string{f.ActorName(ActorNone)}
		card.Refs = []Link{{Title: "RFC 5321 §4.2.1", URL: Source{RFC: 5321, Section: "4.2.1"}.URL()}}
		return card
	}
	card.Registered = true
	card.RegistryOnly = r.RegistryOnly
	card.Name = r.Name.In(lang)
	for _, m := range r.Meanings {
		card.Official = append(card.Official, Official{Text: m.Text, Source: m.Source.String(), URL: m.Source.URL(), Context: m.Context.In(lang)})
	}
	card.explain(&r.Explanation, lang)
	card.Retry = r.Retry
	card.RetryLabel = f.RetryName(r.Retry)
	card.RetryNote = r.RetryNote.In(lang)
	card.Stages = slices.Clone(r.Stages)
	slices.SortStableFunc(card.Stages, func(a, b Stage) int { return stageOrder(a) - stageOrder(b) })
	for _, s := range card.Stages {
		card.StageNames = append(card.StageNames, f.StageName(s))
	}
	card.Actors = r.Actors
	for _, a := range r.Actors {
		card.ActorNames = append(card.ActorNames, f.ActorName(a))
	}
	card.Frequency = r.Frequency
	card.FrequencyName = f.FrequencyName(r.Frequency)
	for _, e := range r.Enhanced {
		if cl.Failure() || cl == ClassSuccess {
			e.Class = int(cl)
		}
		card.Enhanced = append(card.Enhanced, e)
	}
	card.Related = slices.Clone(r.Related)
	return card
}

func (c *Catalog) enhancedCard(code EnhancedCode, f *Frame, lang string) Card {
	cl := Class(code.Class)
	card := Card{Code: Code{Enhanced: code}, Class: cl}
	if cl == 0 {
		card.ClassName = "X.X.X"
	} else {
		card.ClassName = c.EnhancedClass(cl).Name.In(lang)
	}
	subj := c.Subject(code.Subject)
	e := c.Enhanced(code)
	if e == nil || (cl != 0 && cl != ClassSuccess && cl != ClassTransient && cl != ClassPermanent) {
		verdict := c.verdict(card, lang)
		subjName := subj.Name.In(lang)
		if subjName == "" {
			subjName = c.Subject(0).Name.In(lang)
		} else {
			subjName += " (" + subj.Description.In(lang) + ")"
		}
		card.Name = f.NotRegistered
		card.Description = Fill(f.UnregEnhanced, "code", card.Code.String(), "class", verdict, "subject", subjName)
		card.When = c.EnhancedClass(cl).Description.In(lang)
		card.FixSender = Fill(f.UnregFix, "code", card.Code.String())
		card.FixAdmin = card.FixSender
		card.Retry = classRetry(cl)
		card.RetryLabel = f.RetryName(card.Retry)
		card.Actors = []Actor{ActorNone}
		card.ActorNames = []string{f.ActorName(ActorNone)}
		card.Category = CatUnknown
		card.Refs = []Link{{Title: "RFC 3463", URL: Source{RFC: 3463}.URL()}, {Title: "IANA", URL: Source{Doc: "IANA"}.URL()}}
		return card
	}
	card.Registered = true
	card.Deprecated = e.Deprecated
	card.Name = e.Title.In(lang)
	card.Official = []Official{{Text: e.Official, Source: "IANA", URL: Source{Doc: "IANA"}.URL()}}
	card.explain(&e.Explanation, lang)
	card.Retry = enhancedRetry(cl, e.Category)
	card.RetryLabel = f.RetryName(card.Retry)
	if cl == 0 {
		// The registry form covers both failure classes: say each one's retry.
		card.RetryLabel = Fill(f.ItemColon, "code", "4.X.X", "text", f.RetryName(RetryAutomatic)) + "; " +
			Fill(f.ItemColon, "code", "5.X.X", "text", f.RetryName(RetryAfterChange))
	}
	card.RetryNote = card.RetryLabel
	card.Actors = c.categoryActors(e.Category)
	for _, a := range card.Actors {
		card.ActorNames = append(card.ActorNames, f.ActorName(a))
	}
	card.BasicCodes = slices.Clone(e.Basic)
	switch e.BasicNote {
	case BasicAny:
		card.BasicNote = f.BasicAny
	case BasicOthers:
		card.BasicNote = f.BasicOther
	default: // none, or a class such as "5XX", which reads the same in every language
		card.BasicNote = string(e.BasicNote)
	}
	return card
}

// explain writes what an entry explains into its card, in lang: the
// category, the texts, the notes and the references.
func (card *Card) explain(x *Explanation, lang string) {
	card.Category = x.Category
	card.Description = x.Description.In(lang)
	card.When = x.When.In(lang)
	card.FixSender = x.FixSender.In(lang)
	card.FixAdmin = x.FixAdmin.In(lang)
	for _, n := range x.Notes {
		card.Notes = append(card.Notes, n.In(lang))
	}
	card.Refs = links(x.Refs)
}

func classRetry(cl Class) Retry {
	switch cl {
	case ClassTransient:
		return RetryAutomatic
	case ClassPermanent:
		return RetryAfterChange
	}
	return RetryNone
}

func enhancedRetry(cl Class, cat Category) Retry {
	switch {
	case cl == ClassPermanent && (cat == CatMailboxFull || cat == CatRateLimit):
		return RetryMayClear
	case cl == 0:
		return RetryMayClear
	}
	return classRetry(cl)
}

// categoryActors says who usually has to act on a failure of a category,
// from the advice data; success codes (no category) need nobody.
func (c *Catalog) categoryActors(cat Category) []Actor {
	if a, ok := c.advice[cat]; ok {
		return a.Actors
	}
	return []Actor{ActorNone}
}

func links(refs []Source) []Link {
	out := make([]Link, 0, len(refs))
	for _, r := range refs {
		out = append(out, Link{Title: r.String(), URL: r.URL()})
	}
	return out
}

// Compare compares two to four codes in lang. Duplicates are dropped; a
// single remaining code gets a comparison with one card and a note saying so.
// What it says of each code alone comes prepared with the code's card
// (prepare); only what relates the codes is written here.
func (c *Catalog) Compare(codes []Code, lang string) Comparison {
	f := c.Frame(lang)
	uniq := make([]Code, 0, min(len(codes), 4))
	for _, code := range codes {
		if len(uniq) == 4 {
			break
		}
		if !slices.Contains(uniq, code) {
			uniq = append(uniq, code)
		}
	}
	ps := make([]*prepared, len(uniq))
	cards := make([]Card, len(uniq))
	for i, code := range uniq {
		ps[i] = c.prepare(code, lang)
		cards[i] = ps[i].card
	}
	var titles [4]string
	for i, p := range ps {
		titles[i] = p.title
	}
	return Comparison{
		Title: Fill(f.TitleCompare, "codes", strings.Join(titles[:len(ps)], " "+f.Vs+" ")),
		Cards: cards,
		text:  &comparisonText{cat: c, codes: uniq, cards: cards, ps: ps, f: f},
	}
}

// write writes the prose of the comparison.
func (t *comparisonText) write() {
	f, ps, cards := t.f, t.ps, t.cards
	if len(cards) == 1 {
		t.Summary = Fill(f.SummarySelf, "code", cards[0].Code.String()) + " " + ps[0].summary
		t.Reader = []string{ps[0].reader}
		t.LearnMore = learnMore(cards)
		return
	}
	sum := make([]string, len(ps))
	t.Reader = make([]string, len(ps))
	for i, p := range ps {
		sum[i] = p.summary
		t.Reader[i] = p.reader
	}
	t.Summary = strings.Join(sum, " ")
	t.Differences = t.cat.differences(t.codes, cards, ps, f)
	t.Operator = operatorAdvice(cards, ps, f)
	t.LearnMore = learnMore(cards)
}

func (c *Catalog) codeSummary(cd Card, f *Frame) string {
	s := Fill(f.SummaryCode, "code", cd.Code.String(), "name", cd.Name, "class", cd.ClassName)
	d := f.FirstSentence(cd.Description)
	if utf8.RuneCountInString(d) < 60 && len(d) < len(cd.Description) {
		// A short opener ("A success reply.") says little: take the next sentence too.
		d += " " + f.FirstSentence(cd.Description[len(d):])
	}
	if d != "" {
		s += " " + d
	}
	return s
}

func (c *Catalog) verdict(cd Card, lang string) string {
	if cd.Basic {
		return c.ReplyClass(cd.Class).Verdict.In(lang)
	}
	if cd.Class == 0 {
		return c.EnhancedClass(ClassTransient).Verdict.In(lang) + " / " + c.EnhancedClass(ClassPermanent).Verdict.In(lang)
	}
	return c.EnhancedClass(cd.Class).Verdict.In(lang)
}

// differences lists what tells the codes apart, one finding per line: the
// classes, how a basic and an enhanced code pair, the subjects, retrying,
// the stages, who acts, and each code's traps.
func (c *Catalog) differences(codes []Code, cards []Card, ps []*prepared, f *Frame) []string {
	out := make([]string, 0, 5+2*len(ps))
	out = append(out, classDifference(cards, ps, f))
	out = append(out, c.pairings(codes, cards, f)...)
	if s, ok := subjectDifference(codes, ps, f); ok {
		out = append(out, s)
	}
	out = append(out, retryDifference(cards, ps, f))
	if s, ok := stageDifference(cards, ps, f); ok {
		out = append(out, s)
	}
	items := make([]string, len(ps))
	for i, p := range ps {
		items[i] = p.actorItem
	}
	out = append(out, Fill(f.DiffActors, "items", strings.Join(items, "; ")))
	// Code-specific notes: the traps. Two per code keep a comparison
	// readable; a single-code answer shows them all.
	for _, p := range ps {
		out = append(out, p.notes...)
	}
	return out
}

// classDifference says whether the codes share a class and what each
// class tells the client.
func classDifference(cards []Card, ps []*prepared, f *Frame) string {
	sameClass := true
	for _, cd := range cards[1:] {
		if cd.Class != cards[0].Class || cd.Basic != cards[0].Basic {
			sameClass = false
		}
	}
	switch {
	case sameClass:
		return Fill(f.DiffSameClass, "codes", JoinList(codeList(cards), f), "class", cards[0].ClassName, "verdict", ps[0].verdict)
	case len(cards) == 2:
		return Fill(f.DiffClass, "a", cards[0].Code.String(), "class_a", cards[0].ClassName, "verdict_a", ps[0].verdict,
			"b", cards[1].Code.String(), "class_b", cards[1].ClassName, "verdict_b", ps[1].verdict)
	}
	items := make([]string, len(ps))
	for i, p := range ps {
		items[i] = p.classItem
	}
	return Fill(f.DiffClasses, "items", strings.Join(items, "; "))
}

// pairings explains each basic code next to each enhanced code: they go
// together, the registry pairs them, or their classes disagree.
func (c *Catalog) pairings(codes []Code, cards []Card, f *Frame) []string {
	var out []string
	for i, a := range codes {
		for j, b := range codes {
			if !a.Basic() || b.Basic() {
				continue
			}
			out = append(out, Fill(f.DiffKind, "basic", cards[i].Code.String(), "enhanced", cards[j].Code.String()))
			if e := c.Enhanced(b.Enhanced); e != nil && slices.Contains(e.Basic, a.Reply) {
				out = append(out, Fill(f.DiffPair, "basic", cards[i].Code.String(), "enhanced", cards[j].Code.String()))
			}
			if b.Enhanced.Class != 0 && int(a.Reply.Class()) != b.Enhanced.Class && a.Reply.Class() != ClassIntermediate {
				out = append(out, Fill(f.ClassMismatch, "basic", cards[i].Code.String(), "enhanced", cards[j].Code.String()))
			}
		}
	}
	return out
}

// subjectDifference names the subject of each code when all are enhanced.
func subjectDifference(codes []Code, ps []*prepared, f *Frame) (string, bool) {
	for _, code := range codes {
		if code.Basic() {
			return "", false
		}
	}
	items := make([]string, len(ps))
	for i, p := range ps {
		items[i] = p.subjectItem
	}
	return Fill(f.DiffSubject, "items", strings.Join(items, "; ")), true
}

// retryDifference says whether retrying helps, once when it is the same
// for every code.
func retryDifference(cards []Card, ps []*prepared, f *Frame) string {
	sameRetry := true
	for _, cd := range cards {
		sameRetry = sameRetry && cd.RetryLabel == cards[0].RetryLabel
	}
	if sameRetry {
		return Fill(f.DiffSameRetry, "codes", JoinList(codeList(cards), f), "retry", cards[0].RetryLabel)
	}
	items := make([]string, len(ps))
	for i, p := range ps {
		items[i] = p.retryItem
	}
	return Fill(f.DiffRetry, "items", strings.Join(items, "; "))
}

// stageDifference names the session stages, when every card has some.
func stageDifference(cards []Card, ps []*prepared, f *Frame) (string, bool) {
	same := true
	for _, cd := range cards {
		if len(cd.Stages) == 0 {
			return "", false
		}
		same = same && slices.Equal(cd.Stages, cards[0].Stages)
	}
	if same {
		return Fill(f.DiffSameStage, "codes", JoinList(codeList(cards), f), "stages", ps[0].stages), true
	}
	items := make([]string, len(ps))
	for i, p := range ps {
		items[i] = p.stageItem
	}
	return Fill(f.DiffStage, "items", strings.Join(items, "; ")), true
}

func operatorAdvice(cards []Card, ps []*prepared, f *Frame) []string {
	var out []string
	var transient, permanent, success, failure, intermediate []string
	hasBasic, hasEnh := "", ""
	for _, cd := range cards {
		switch cd.Class {
		case ClassTransient:
			transient = append(transient, cd.Code.String())
			failure = append(failure, cd.Code.String())
		case ClassPermanent:
			permanent = append(permanent, cd.Code.String())
			failure = append(failure, cd.Code.String())
		case ClassSuccess:
			success = append(success, cd.Code.String())
		case ClassIntermediate:
			intermediate = append(intermediate, cd.Code.String())
		}
		if cd.Basic && hasBasic == "" {
			hasBasic = cd.Code.String()
		}
		if !cd.Basic && hasEnh == "" {
			hasEnh = cd.Code.String()
		}
	}
	if hasBasic != "" && hasEnh != "" {
		out = append(out, Fill(f.UseTogether, "basic", hasBasic, "enhanced", hasEnh))
	}
	if len(transient) > 0 && len(permanent) > 0 {
		out = append(out, Fill(f.UseTransientFirst, "transient", JoinList(transient, f), "permanent", JoinList(permanent, f)))
	}
	if len(success) > 0 && len(failure) > 0 {
		out = append(out, Fill(f.UseSuccessNot, "success", JoinList(success, f), "failure", JoinList(failure, f)))
	}
	for _, code := range intermediate {
		out = append(out, Fill(f.UseIntermediate, "code", code))
	}
	items := make([]string, len(ps))
	for i, p := range ps {
		items[i] = p.meaning
	}
	if len(out) == 0 || len(transient) > 1 || len(permanent) > 1 {
		out = append(out, Fill(f.UseSameClass, "items", strings.Join(items, "; ")))
	} else {
		out = append(out, Fill(f.UseMeanings, "items", capitalize(strings.Join(items, "; "))))
	}
	return out
}

func learnMore(cards []Card) []Link {
	var out []Link
	for _, cd := range cards {
		for _, l := range cd.Refs {
			// A handful of links: a scan is cheaper than a set.
			if !slices.ContainsFunc(out, func(o Link) bool { return o.URL == l.URL }) {
				out = append(out, l)
			}
		}
	}
	return out
}

func codeList(cards []Card) []string {
	out := make([]string, len(cards))
	for i, cd := range cards {
		out[i] = cd.Code.String()
	}
	return out
}

// JoinList joins items as "a, b and c" in the frame's language: the
// frame's list separator between them, its "and" before the last.
func JoinList(items []string, f *Frame) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	acc := items[0]
	for _, it := range items[1 : len(items)-1] {
		acc = Fill(f.ListSep, "a", acc, "b", it)
	}
	return Fill(f.ListAnd, "a", acc, "b", items[len(items)-1])
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	// Keep acronyms and code-like words ("TLS not available", "VRFY …") as they are.
	w, _, _ := strings.Cut(s, " ")
	if len(w) > 1 && strings.ToUpper(w) == w {
		return s
	}
	r := []rune(s)
	r[0] = []rune(strings.ToLower(string(r[0])))[0]
	return string(r)
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	if r, n := utf8.DecodeRuneInString(s); r != utf8.RuneError && utf8.ValidString(s[n:]) {
		// What the rune conversion below gives for valid text, without copying it twice.
		return string(unicode.ToUpper(r)) + s[n:]
	}
	r := []rune(s)
	r[0] = []rune(strings.ToUpper(string(r[0])))[0]
	return string(r)
}

// stageOrder places stages in session order, others after.
func stageOrder(s Stage) int {
	if i := slices.Index(sessionStages[:], s); i >= 0 {
		return i
	}
	return len(sessionStages) + int(s[0])
}
