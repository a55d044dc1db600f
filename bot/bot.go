package bot

import (
	"strconv"
	"strings"

	"github.com/smtpbot/smtpbot/catalog"
)

// Bot answers questions from a catalog. It is safe for concurrent use.
type Bot struct {
	cat         *catalog.Catalog
	defaultLang string
}

// Option configures a Bot.
type Option func(*Bot)

// WithDefaultLang sets the language used when neither the caller nor the
// message chooses one.
func WithDefaultLang(lang string) Option { return func(b *Bot) { b.defaultLang = lang } }

// New returns a Bot over cat.
func New(cat *catalog.Catalog, opts ...Option) *Bot {
	b := &Bot{cat: cat, defaultLang: catalog.English}
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

// Ask parses text and answers it. lang chooses the answer's language; empty
// means the language of the message, else the bot's default.
func (b *Bot) Ask(text, lang string) Answer {
	return b.Answer(b.Parse(text), lang)
}

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
	a := Answer{Intent: q.Intent, Lang: lang, Frame: f, Untranslated: !isContentLang(lang)}
	for _, c := range q.Codes {
		a.Codes = append(a.Codes, c.String())
	}
	switch q.Intent {
	case IntentCompare:
		if len(q.Codes) < 2 {
			break
		}
		cmp := b.cat.Compare(q.Codes, lang)
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
		a.Title = catalog.Fill(f.TitleExplain, "code", card.Code, "name", card.Name)
		a.Path = "/code/" + card.Code
		return a
	case IntentDiagnose:
		if q.Reply == nil {
			break
		}
		d := b.diagnose(q, lang)
		a.Diagnosis = &d
		a.Codes = nil
		if d.ReplyCode != "" {
			a.Codes = append(a.Codes, d.ReplyCode)
		}
		if d.EnhancedCode != "" {
			a.Codes = append(a.Codes, d.EnhancedCode)
		}
		title := strings.TrimSpace(d.ReplyCode + " " + d.EnhancedCode)
		if title == "" {
			title = d.CategoryName
		}
		a.Title = catalog.Fill(f.TitleDiagnose, "code", title)
		return a
	case IntentList:
		l := b.list(q.Filter, lang)
		a.List = &l
		a.Title = f.ListTitle
		if l.Filter != "" {
			a.Title += " " + l.Filter
		}
		return a
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

func isContentLang(lang string) bool {
	for _, l := range catalog.ContentLanguages {
		if l == lang {
			return true
		}
	}
	return false
}

// comparePath is the canonical permalink of a comparison: codes in catalog order.
func comparePath(cards []catalog.Card) string {
	codes := make([]string, len(cards))
	for i, c := range cards {
		codes[i] = c.Code
	}
	return "/compare/" + strings.Join(CanonicalOrder(codes), "-vs-")
}

// CanonicalOrder sorts codes for permalinks: basic codes first by number,
// then enhanced codes by class, subject and detail.
func CanonicalOrder(codes []string) []string {
	out := append([]string(nil), codes...)
	key := func(s string) [4]int {
		c, err := catalog.ParseCode(s)
		if err != nil {
			return [4]int{9, 0, 0, 0}
		}
		if c.Basic() {
			return [4]int{0, int(c.Reply), 0, 0}
		}
		return [4]int{1, c.Enhanced.Subject, c.Enhanced.Detail, c.Enhanced.Class}
	}
	for i := 1; i < len(out); i++ {
		for j := i; j > 0; j-- {
			a, b := key(out[j-1]), key(out[j])
			if a[0] < b[0] || (a[0] == b[0] && (a[1] < b[1] || (a[1] == b[1] && (a[2] < b[2] || (a[2] == b[2] && a[3] <= b[3]))))) {
				break
			}
			out[j-1], out[j] = out[j], out[j-1]
		}
	}
	return out
}

// list answers "list", "list 4xx", "list 5.7.x".
func (b *Bot) list(filter, lang string) List {
	filter = strings.ToLower(strings.TrimSpace(filter))
	l := List{Filter: filter}
	var cls, subj = -1, -1
	enhOnly := false
	switch {
	case filter == "":
	case len(filter) == 3 && strings.HasSuffix(filter, "xx") && filter[0] >= '2' && filter[0] <= '5':
		cls = int(filter[0] - '0')
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
			if cls >= 0 && int(r.Code.Class()) != cls {
				continue
			}
			l.Items = append(l.Items, ListItem{Code: r.Code.String(), Name: r.Name.In(lang), Class: r.Code.Class().Key()})
		}
	}
	if enhOnly || filter == "" {
		for _, e := range b.cat.EnhancedList() {
			if subj >= 0 && e.Code.Subject != subj {
				continue
			}
			code := e.Code
			if cls > 0 {
				code.Class = cls
			}
			l.Items = append(l.Items, ListItem{Code: code.String(), Name: e.Title.In(lang), Class: "X.X.X"})
		}
	}
	return l
}

// unknown builds the "not understood" answer with suggestions.
func (b *Bot) unknown(q Query, lang string) *Unknown {
	f := b.cat.Frame(lang)
	u := &Unknown{Hint: f.UnknownHint}
	if len(q.Bad) > 0 {
		u.Message = catalog.Fill(f.UnknownCode, "code", q.Bad[0])
	}
	for _, s := range b.suggest(q, 5) {
		u.Suggestions = append(u.Suggestions, s)
	}
	return u
}

// suggest proposes codes close to what the user typed.
func (b *Bot) suggest(q Query, n int) []ListItem {
	var out []ListItem
	seen := map[string]bool{}
	addReply := func(code catalog.ReplyCode) {
		if r := b.cat.Reply(code); r != nil && !seen[code.String()] && len(out) < n {
			seen[code.String()] = true
			out = append(out, ListItem{Code: code.String(), Name: r.Name.In(b.Lang(q, "")), Class: code.Class().Key()})
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
					addReply(r.Code)
				}
			}
			for _, r := range b.cat.Replies() {
				if r.Code.String()[0] == digits[0] {
					addReply(r.Code)
				}
			}
		}
	}
	if len(out) == 0 {
		for _, c := range []catalog.ReplyCode{550, 552, 421, 450, 554} {
			addReply(c)
		}
	}
	return out
}
