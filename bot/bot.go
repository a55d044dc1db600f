package bot

import (
	"slices"
	"strconv"
	"strings"

	"github.com/smtpbot/smtpbot/bot/bounce"
	"github.com/smtpbot/smtpbot/catalog"
)

// Bot answers questions from a catalog. It is safe for concurrent use:
// nothing changes after New.
type Bot struct {
	cat         *catalog.Catalog
	defaultLang string
	ix          *index

	bounces *bounce.Parser // whole messages (DiagnoseMessage)
}

// Option configures a Bot.
type Option func(*Bot)

// WithDefaultLang sets the language used when neither the caller nor the
// message chooses one.
func WithDefaultLang(lang string) Option { return func(b *Bot) { b.defaultLang = lang } }

// New returns a Bot over cat.
func New(cat *catalog.Catalog, opts ...Option) *Bot {
	ix := newIndex(cat)
	b := &Bot{cat: cat, defaultLang: catalog.English, ix: ix, bounces: ix.lex.bounces}
	for _, o := range opts {
		o(b)
	}
	if !cat.HasLanguage(b.defaultLang) {
		b.defaultLang = catalog.English
	}
	return b
}

// Catalog returns the catalog the bot answers from.
func (b *Bot) Catalog() *catalog.Catalog { return b.cat }

// Lang resolves the answer language for q.
func (b *Bot) Lang(q Query, lang string) string {
	switch {
	case lang != "" && b.cat.HasLanguage(lang):
		return lang
	case q.Lang != "" && b.cat.HasLanguage(q.Lang):
		return q.Lang
	}
	return b.defaultLang
}

// Answer answers a parsed query.
func (b *Bot) Answer(q Query, lang string) Answer {
	lang = b.Lang(q, lang)
	f := b.cat.Frame(lang)
	a := Answer{Intent: q.Intent, Lang: lang, Frame: f, Untranslated: !b.cat.HasContent(lang)}
	for _, c := range q.Codes {
		a.Codes = append(a.Codes, c.String())
	}
	switch q.Intent {
	case IntentCompare:
		if len(q.Operands) >= 2 {
			return b.compareSides(a, q.Operands, lang)
		}
		if len(q.Codes) < 2 {
			break
		}
		// Replies that share a code ("451 4.7.1 vs 450 4.7.1") compare
		// each code once; a code compared with itself stays twice.
		cards := q.Codes
		if u := uniqueCodes(q.Codes); len(u) >= 2 {
			cards = u
		}
		cmp := b.cat.Compare(cards, lang)
		a.Compare = &cmp
		a.Title = cmp.Title
		a.Path = comparePath(cmp.Cards)
		return a
	case IntentExplain:
		if len(q.Codes) == 0 {
			break
		}
		card := b.cat.Card(q.Codes[0], lang)
		a.Card = &card
		a.Title = catalog.Fill(f.TitleExplain, "code", card.Code.String(), "name", card.Name)
		a.Path = "/code/" + card.Code.String()
		return a
	case IntentDiagnose:
		if q.Reply == nil {
			break
		}
		d := b.diagnose(q, lang)
		a.Diagnosis = &d
		a.Codes = d.Codes()
		if codes := strings.Join(a.Codes, " "); codes != "" {
			a.Title = catalog.Fill(f.TitleDiagnose, "code", codes)
		} else {
			// A bounce without any code: "Diagnosis: Mailbox full".
			a.Title = f.Diagnosis + ": " + d.CategoryName
		}
		return a
	case IntentList:
		return b.listAnswer(a, q, lang)
	case IntentHelp:
		a.Help = &Help{Intro: f.HelpIntro, Examples: strings.Split(f.HelpExamples, "\n")}
		a.Title = f.HelpTitle
		return a
	}
	a.Intent = IntentUnknown
	a.Codes = nil
	a.Unknown = b.unknown(q, lang)
	a.Title = f.UnknownTitle
	return a
}

// listAnswer answers a list: a provider's own codes when q names a
// provider the catalog has, else the registry's codes; the title says
// whose and the filter.
func (b *Bot) listAnswer(a Answer, q Query, lang string) Answer {
	l, ok := List{}, false
	if q.Provider != "" {
		l, ok = b.providerList(q.Provider, q.Filter, lang)
	}
	if ok {
		a.Title = catalog.Fill(a.Frame.ProviderListTitle, "provider", l.ProviderName)
	} else {
		l = b.list(q.Filter, lang)
		a.Title = a.Frame.ListTitle
	}
	if l.Filter != "" {
		a.Title += " " + l.Filter
	}
	a.List = &l
	return a
}

// compareSides answers "4xx vs 5xx" or "4xx vs 550": the classes and
// codes side by side. It has no permalink: the web pages are of codes.
func (b *Bot) compareSides(a Answer, ops []catalog.Operand, lang string) Answer {
	cmp := b.cat.CompareOperands(ops, lang)
	a.Compare = &cmp
	a.Title = cmp.Title
	a.Codes = nil
	for _, cd := range cmp.Cards {
		a.Codes = append(a.Codes, cd.Label())
	}
	return a
}

// comparePath is the canonical permalink of a comparison: codes in catalog
// order, as CanonicalOrder sorts them, from the typed codes.
func comparePath(cards []catalog.Card) string {
	var buf [4]catalog.Code
	codes := buf[:0]
	for _, c := range cards {
		codes = append(codes, c.Code)
	}
	slices.SortStableFunc(codes, func(a, b catalog.Code) int {
		ka, kb := codeOrder(a), codeOrder(b)
		return slices.Compare(ka[:], kb[:])
	})
	var b strings.Builder
	b.WriteString("/compare/")
	for i, c := range codes {
		if i > 0 {
			b.WriteString("-vs-")
		}
		b.WriteString(c.String())
	}
	return b.String()
}

// codeOrder is a code's place in catalog order: basic codes by number,
// then enhanced codes by subject, detail and class.
func codeOrder(c catalog.Code) [4]int {
	if c.Basic() {
		return [4]int{0, int(c.Reply)}
	}
	return [4]int{1, c.Enhanced.Subject, c.Enhanced.Detail, c.Enhanced.Class}
}

// CanonicalOrder sorts codes for permalinks: basic codes first by number,
// then enhanced codes in registry order (subject, detail, then class), then
// anything that does not parse, in the order given.
func CanonicalOrder(codes []string) []string {
	type keyed struct {
		code string
		key  [4]int
	}
	ks := make([]keyed, len(codes))
	for i, s := range codes {
		ks[i] = keyed{s, [4]int{9}}
		if c, err := catalog.ParseCode(s); err == nil {
			ks[i].key = codeOrder(c)
		}
	}
	slices.SortStableFunc(ks, func(a, b keyed) int { return slices.Compare(a.key[:], b.key[:]) })
	out := make([]string, len(ks))
	for i, k := range ks {
		out[i] = k.code
	}
	return out
}

// list answers "list", "list 4xx", "list 5.7.x", and a range of codes
// ("5.7.20-5.7.27", codeRange): the catalog's codes between its ends, both
// included, the enhanced ones in the range's class.
func (b *Bot) list(filter, lang string) List {
	filter = strings.ToLower(strings.TrimSpace(filter))
	l := List{Filter: filter}
	pat, _ := catalog.ParseCodePattern(filter)
	var cls, subj = -1, -1
	enhOnly := false
	var lo, hi catalog.Code
	ranged := false
	switch {
	case filter == "":
	case len(filter) == 3 && strings.HasSuffix(filter, "xx") && filter[0] >= '2' && filter[0] <= '5':
		cls = int(filter[0] - '0')
	case strings.Contains(filter, "-"):
		if lo, hi, ranged = parseRange(filter); !ranged {
			l.Filter = ""
			break
		}
		cls = int(lo.Class())
		enhOnly = !lo.Basic()
		if enhOnly {
			subj = lo.Enhanced.Subject
		}
	case strings.Count(filter, ".") == 2:
		parts := strings.Split(filter, ".")
		enhOnly = true
		if p := parts[0]; p == "2" || p == "4" || p == "5" {
			cls = int(p[0] - '0')
		}
		if n, err := strconv.Atoi(parts[1]); err == nil {
			subj = n
		}
	default:
		l.Filter = ""
	}
	if !enhOnly {
		for _, r := range b.cat.Replies() {
			if cls >= 0 && int(r.Code.Class()) != cls || ranged && (r.Code < lo.Reply || r.Code > hi.Reply) {
				continue
			}
			l.Items = append(l.Items, ListItem{Code: r.Code.String(), Name: r.Name.In(lang), Class: r.Code.Class().Key()})
		}
	}
	if enhOnly || filter == "" {
		for _, e := range b.cat.EnhancedList() {
			if subj >= 0 && e.Code.Subject != subj || pat.Hi >= 0 && (e.Code.Detail < pat.Lo || e.Code.Detail > pat.Hi) {
				continue
			}
			code := e.Code
			if cls > 0 {
				code.Class = cls
			}
			l.Items = append(l.Items, ListItem{Code: code.String(), Name: e.Title.In(lang), Class: code.ClassKey()})
		}
	}
	return l
}

// parseRange reads a range written as a list filter, "550-554" or
// "5.7.20-5.7.27": its ends, when they make one (isRange).
func parseRange(filter string) (lo, hi catalog.Code, ok bool) {
	a, z, found := strings.Cut(filter, "-")
	if !found {
		return lo, hi, false
	}
	lo, errLo := catalog.ParseCode(a)
	hi, errHi := catalog.ParseCode(z)
	return lo, hi, errLo == nil && errHi == nil && isRange(lo, hi)
}

// isRange reports whether lo and hi are the ends of a range of codes: of
// one class, both basic or both enhanced of one subject (the registry
// numbers details within a subject), lo below hi.
func isRange(lo, hi catalog.Code) bool {
	if lo.Basic() || hi.Basic() {
		return lo.Basic() && hi.Basic() && lo.Reply.Class() == hi.Reply.Class() && lo.Reply < hi.Reply
	}
	l, h := lo.Enhanced, hi.Enhanced
	return l.Class == h.Class && l.Subject == h.Subject && l.Detail < h.Detail
}

// unknown builds the "not understood" answer with suggestions.
func (b *Bot) unknown(q Query, lang string) *Unknown {
	f := b.cat.Frame(lang)
	u := &Unknown{Hint: f.UnknownHint}
	if len(q.Bad) > 0 {
		u.Message = catalog.Fill(f.UnknownCode, "code", q.Bad[0])
	}
	u.Suggestions = b.suggest(q, lang, 5)
	return u
}

// suggest proposes codes close to what the user typed: codes whose names
// come close, valid codes given next to invalid ones, then codes that share
// the digits of an invalid one, then the most asked-about codes. Names are
// in lang, the answer's language.
func (b *Bot) suggest(q Query, lang string, n int) []ListItem {
	var out []ListItem
	seen := map[string]bool{}
	add := func(code catalog.Code) {
		s := code.String()
		if seen[s] || len(out) >= n {
			return
		}
		if code.Basic() {
			if r := b.cat.Reply(code.Reply); r != nil {
				seen[s] = true
				out = append(out, ListItem{Code: s, Name: r.Name.In(lang), Class: code.Reply.Class().Key()})
			}
			return
		}
		if e := b.cat.Enhanced(code.Enhanced); e != nil {
			seen[s] = true
			out = append(out, ListItem{Code: s, Name: e.Title.In(lang), Class: code.Enhanced.ClassKey()})
		}
	}
	for _, c := range q.Suggest {
		add(c)
	}
	// Words read as no code ("TSS04" beside nothing else): the names and
	// marks autocomplete offers for them.
	if in := suggestInput(q.Text); len(q.Suggest) == 0 && in != "" && !codeLike(in) {
		for _, h := range b.namesStarting(in) {
			for _, c := range h.appendCodes(nil) {
				add(c)
			}
		}
	}
	// The start of a code ("55", "5.7."): what autocomplete offers for it.
	if in := suggestInput(q.Text); in != "" && codeLike(in) {
		for _, c := range b.codesByNumber(in) {
			add(c)
		}
	}
	for _, bad := range q.Bad {
		digits := strings.Map(func(r rune) rune {
			if r >= '0' && r <= '9' {
				return r
			}
			return -1
		}, bad)
		if len(digits) == 3 {
			// Same class and second digit, then same class.
			for _, r := range b.cat.Replies() {
				s := r.Code.String()
				if s[0] == digits[0] && s[1] == digits[1] {
					add(catalog.Code{Reply: r.Code})
				}
			}
			for _, r := range b.cat.Replies() {
				if r.Code.String()[0] == digits[0] {
					add(catalog.Code{Reply: r.Code})
				}
			}
		}
	}
	if len(out) == 0 {
		for _, c := range []catalog.ReplyCode{550, 552, 421, 450, 554} {
			add(catalog.Code{Reply: c})
		}
	}
	return out
}
