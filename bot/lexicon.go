package bot

import (
	"maps"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/smtpbot/smtpbot/bot/bounce"
	"github.com/smtpbot/smtpbot/catalog"
)

// The parser's words come from the catalog's lexicons (catalog/data/lexicon/
// <lang>.json), one per language, merged here into sets the parser asks.
//
// Words are compared folded (lower case, no diacritics), because people
// often type Vietnamese without them ("hop thu day"). A word typed WITH
// diacritics must match one of the forms the lexicon lists, though: folding
// makes "khắc" (in "khắc phục", fix) look like "khác" (different), "hãy"
// (please) like "hay" (or), "số" (number) like "so" (compare).

// vocab is a set of words and phrases of the lexicons.
type vocab struct {
	words   map[string][]string    // folded word → the forms with diacritics listed
	phrases map[string][]lexPhrase // first folded word → phrases of several words
}

// lexPhrase is an entry of several words.
type lexPhrase struct{ folded, raw []string }

func newVocab(lists ...[]string) vocab {
	n := 0
	for _, list := range lists {
		n += len(list)
	}
	v := vocab{words: make(map[string][]string, n), phrases: map[string][]lexPhrase{}}
	for _, list := range lists {
		for _, e := range list {
			v.add(e)
		}
	}
	return v
}

func (v vocab) add(entry string) {
	if plainWords(entry) && !strings.Contains(entry, " ") {
		// A plain word, the common case: its form is its folded self, which
		// no word typed with diacritics can be, so no form is kept.
		if _, ok := v.words[entry]; !ok {
			v.words[entry] = nil
		}
		return
	}
	raw := strings.Fields(lowerText(entry))
	if len(raw) == 0 {
		return
	}
	folded := make([]string, len(raw))
	for i, w := range raw {
		folded[i] = fold(w)
	}
	// An entry of several words is also one word, for compounds read as
	// one token ("khắc phục").
	key, form := strings.Join(folded, " "), strings.Join(raw, " ")
	if !slices.Contains(v.words[key], form) {
		v.words[key] = append(v.words[key], form)
	}
	if len(raw) > 1 {
		v.phrases[folded[0]] = append(v.phrases[folded[0]], lexPhrase{folded: folded, raw: raw})
	}
}

// sameWord reports whether a word typed as raw (folded: folded) is the word
// listed as form: the same folded, and the same diacritics if any were typed.
func sameWord(folded, raw, formFolded, form string) bool {
	return folded == formFolded && (raw == folded || raw == "" || raw == form)
}

// has reports whether the token is one of the single words.
func (v vocab) has(t token) bool { return v.hasWord(t.text, t.raw) }

func (v vocab) hasWord(folded, raw string) bool {
	forms, ok := v.words[folded]
	if !ok {
		return false
	}
	if raw == folded || raw == "" {
		return true
	}
	return slices.Contains(forms, raw)
}

// folded reports whether the folded word is listed, whatever its diacritics:
// for catalog text, which has no typing to respect.
func (v vocab) folded(w string) bool { _, ok := v.words[w]; return ok }

// at returns how many tokens from toks[i] an entry covers, longest first,
// or 0.
func (v vocab) at(toks []token, i int) int {
	t := toks[i]
	if t.kind != tokWord {
		return 0
	}
	best := 0
	for _, p := range v.phrases[t.text] {
		if len(p.folded) <= best || i+len(p.folded) > len(toks) {
			continue
		}
		ok := true
		for k := range p.folded {
			u := toks[i+k]
			if u.kind != tokWord || !sameWord(u.text, u.raw, p.folded[k], p.raw[k]) {
				ok = false
				break
			}
		}
		if ok {
			best = len(p.folded)
		}
	}
	if best == 0 && v.has(t) {
		best = 1
	}
	return best
}

// endsAt returns how many tokens an entry covers that ends right before
// toks[i], longest first, or 0.
func (v vocab) endsAt(toks []token, i int) int {
	longest := 1
	for _, ps := range v.phrases {
		for _, p := range ps {
			longest = max(longest, len(p.folded))
		}
	}
	best := 0
	for n := 1; n <= min(i, longest); n++ {
		if toks[i-n].kind != tokWord {
			break
		}
		if v.at(toks, i-n) == n {
			best = n
		}
	}
	return best
}

// in reports whether an entry stands anywhere in toks.
func (v vocab) in(toks []token) bool {
	for i := range toks {
		if v.at(toks, i) > 0 {
			return true
		}
	}
	return false
}

// mayStart reports, without tokenizing, whether the first word of s is a
// listed word or the first word of a listed phrase: a cheap test before
// startsWith, for texts read once per code of a long paste.
func (v vocab) mayStart(s string) bool {
	i := 0
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		if isTokenRune(r) {
			break
		}
		i += n
	}
	j := i
	for j < len(s) {
		r, n := utf8.DecodeRuneInString(s[j:])
		if !isTokenRune(r) && !((r == '.' || r == '\'') && j+1 < len(s) && isTokenByteStart(s[j+1:])) {
			break
		}
		j += n
	}
	if i == j {
		return false
	}
	w := fold(s[i:j])
	_, word := v.words[w]
	return word || len(v.phrases[w]) > 0
}

func isTokenByteStart(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return isTokenRune(r)
}

// startsWith reports whether the words of toks begin with an entry.
func (v vocab) startsWith(toks []token) bool {
	for i, t := range toks {
		if t.kind == tokWord {
			return v.at(toks, i) > 0
		}
		if t.kind != tokPunct {
			return false
		}
	}
	return false
}

// lexicon is every lexicon of the catalog merged, ready for the parser.
type lexicon struct {
	aliases       []catalog.Alias
	fillers       vocab
	compounds     vocab
	passed        vocab
	lookalike     vocab
	compare       vocab
	separators    vocab
	connectors    vocab
	question      vocab
	questionTail  vocab
	notReply      vocab
	sentenceOn    vocab    // sentence_after
	replyIntro    []string // folded, matched at the end of the text before a code
	libraryLabels []string // lower case: library_reply_labels
	replyDigits   [3]map[string]byte
	helpPhrases   map[string]bool
	helpAsks      []string // folded help phrases of several words, " "-padded
	helpWords     vocab
	helpTriggers  vocab
	listCommands  []string // folded
	listOpeners   []string // folded
	listNouns     []string // folded
	listScope     []string // folded
	classWords    []classWords
	listExcept    vocab         // list_except: "besides 354", a code set aside
	subjects      []subjectName // enhanced subjects' names, for subjectNamed
	countQuestion vocab         // count_question: "how many", a threshold no class answers
	classMeasure  vocab         // class_measures: "rate" beside a class word, a figure of sending
	codeAsked     vocab         // code_asked: "which reply", asks which code to send
	withdrawFore  vocab         // withdraw_before: "not 522" takes the code back
	withdrawAfter vocab         // withdraw_after: "5.7.62 by mistake" takes it back
	rangeWords    vocab         // range_words: "5.7.20 to 5.7.27", the codes between
	rangeSigns    string        // range_signs: "450-459", a mark standing for a range word
	rangeChanges  vocab         // range_changes: "switching from 450 to 451", no range
	detect        []langVocab
	chatBefore    vocab
	chatAfter     vocab
	chatStates    vocab // chatter.states: "queued" in "250 queued mails"
	chatMail      vocab
	chatWeb       vocab
	chatWebNum    vocab // chatter.web_before
	chatPages     vocab // chatter.pages: a web page seen in a browser
	chatPort      vocab
	chatDevice    vocab              // chatter.devices: things other than mail with error numbers
	chatElsewhere vocab              // chatter.elsewhere: things other than mail with passwords, limits, lists
	chatGames     vocab              // chatter.games: games and sports played for a score
	chatGeneric   vocab              // chatter.generic: the mail words any error number is told with
	chatSoftware  vocab              // chatter.software: programs whose dotted numbers are versions
	chatAfterEnd  vocab              // chatter.after_end: classifiers counting a number at a clause's end
	chatLibrary   vocab              // chatter.libraries: packages whose version is told with chatter.of
	chatOf        vocab              // chatter.of: words tying a version to its package
	chatUpdates   vocab              // chatter.updates: verbs of updating a program
	chatTo        vocab              // chatter.to: words tying an update to its version
	chatChanges   vocab              // chatter.changes: words a changelog entry opens with
	webStatuses   []string           // chatter.web_statuses, lower case: "202 accepted"
	pageStatuses  []string           // chatter.page_statuses, lower case: "503 service unavailable"
	protoReplies  []string           // chatter.protocol_replies, lower case: "-err", "[overquota]"
	signs         string             // chatter.signs: marks glued after an amount ("150%")
	citeSigns     string             // chatter.cite_signs: marks before a cited part's number ("§4.5.3.2")
	compareSigns  string             // compare_signs: marks standing for a comparison word ("≠")
	tagged        []catalog.Provider // providers with tags of their own, not MTAs: a tag between two codes
	numbered      []catalog.Provider // providers with diagnostic numbers of their own ("4.16.50")
	typos         typos              // mail words and fillers typed with a slip
	shorthand     map[string]string  // chat's short forms, to the words they stand for
	// synonyms are each language's rewrites of words that say the same in
	// the names of codes, in lower case, diacritics kept.
	synonyms    map[string][]synonymRule
	endings     []catalog.Ending // endings a listed word is read with ("retries")
	codeEndings []string         // marks glued to a code that count it ("5.1.1s")
	currency    string
	ndr         []ndrName
	bounce      []*catalog.Pattern
	senderLeads []*catalog.Pattern // sender_leads: what stands before a sender's <address>
	stages      []catalog.StagePattern
	bounces     *bounce.Parser // the bounce vocabulary: Excerpt cuts a paste to what explains it
	idHeaders   []string       // hyphenated noise header names, lower case, no colon: "message-id"
	serverMarks []string       // bounce.json session_server_marks: "<<<" starts a line the server sent
}

// classWords are the words that name a class of replies ("deferred" for
// 4xx), with the class's filter.
type classWords struct {
	filter string
	words  vocab
}

// langVocab is what shows a message is in one language.
type langVocab struct {
	lang      string
	letters   string   // only this language uses them
	phrases   []string // folded
	words     vocab
	particles []string // lower case, as typed: detect_particles
}

// ndrName is an Exchange NDR name with its codes, for case-insensitive
// search.
type ndrName struct {
	lower string
	name  catalog.NDRName
}

func newLexicon(cat *catalog.Catalog) *lexicon {
	lx := &lexicon{helpPhrases: map[string]bool{}, bounces: bounce.New(cat.Bounce()), serverMarks: cat.Bounce().SessionServerMarks}
	for _, h := range cat.Bounce().NoiseHeaders {
		// A header named in a sentence ("Message-ID <…> came back") is
		// told by its hyphen; a one-word name ("to") is prose too.
		if name, ok := strings.CutSuffix(h, ":"); ok && strings.Contains(strings.Trim(name, "-"), "-") {
			lx.idHeaders = append(lx.idHeaders, name)
		}
	}
	// Each vocabulary gathers its lists from every language.
	vocabs := []struct {
		dst   *vocab
		lists [][]string
		of    func(l *catalog.Lexicon) []string
	}{
		{dst: &lx.fillers, of: func(l *catalog.Lexicon) []string { return l.Fillers }},
		{dst: &lx.compounds, of: func(l *catalog.Lexicon) []string { return l.Compounds }},
		{dst: &lx.passed, of: func(l *catalog.Lexicon) []string { return l.Passed }},
		{dst: &lx.lookalike, of: func(l *catalog.Lexicon) []string { return l.Lookalike }},
		{dst: &lx.compare, of: func(l *catalog.Lexicon) []string { return l.Compare }},
		{dst: &lx.separators, of: func(l *catalog.Lexicon) []string { return l.Separators }},
		{dst: &lx.connectors, of: func(l *catalog.Lexicon) []string { return l.Connectors }},
		{dst: &lx.question, of: func(l *catalog.Lexicon) []string { return l.Question }},
		{dst: &lx.questionTail, of: func(l *catalog.Lexicon) []string { return l.QuestionTail }},
		{dst: &lx.notReply, of: func(l *catalog.Lexicon) []string { return l.NotReply }},
		{dst: &lx.sentenceOn, of: func(l *catalog.Lexicon) []string { return l.SentenceAfter }},
		{dst: &lx.helpWords, of: func(l *catalog.Lexicon) []string { return l.HelpWords }},
		{dst: &lx.helpTriggers, of: func(l *catalog.Lexicon) []string { return l.HelpTriggers }},
		{dst: &lx.countQuestion, of: func(l *catalog.Lexicon) []string { return l.CountQuestion }},
		{dst: &lx.classMeasure, of: func(l *catalog.Lexicon) []string { return l.ClassMeasures }},
		{dst: &lx.codeAsked, of: func(l *catalog.Lexicon) []string { return l.CodeAsked }},
		{dst: &lx.withdrawFore, of: func(l *catalog.Lexicon) []string { return l.WithdrawBefore }},
		{dst: &lx.withdrawAfter, of: func(l *catalog.Lexicon) []string { return l.WithdrawAfter }},
		{dst: &lx.rangeWords, of: func(l *catalog.Lexicon) []string { return l.RangeWords }},
		{dst: &lx.listExcept, of: func(l *catalog.Lexicon) []string { return l.ListExcept }},
		{dst: &lx.rangeChanges, of: func(l *catalog.Lexicon) []string { return l.RangeChanges }},
		{dst: &lx.chatBefore, of: func(l *catalog.Lexicon) []string { return l.Chatter.Before }},
		{dst: &lx.chatAfter, of: func(l *catalog.Lexicon) []string { return l.Chatter.After }},
		{dst: &lx.chatStates, of: func(l *catalog.Lexicon) []string { return l.Chatter.States }},
		{dst: &lx.chatMail, of: func(l *catalog.Lexicon) []string { return l.Chatter.Mail }},
		{dst: &lx.chatWeb, of: func(l *catalog.Lexicon) []string { return l.Chatter.Web }},
		{dst: &lx.chatWebNum, of: func(l *catalog.Lexicon) []string { return l.Chatter.WebBefore }},
		{dst: &lx.chatPages, of: func(l *catalog.Lexicon) []string { return l.Chatter.Pages }},
		{dst: &lx.chatPort, of: func(l *catalog.Lexicon) []string { return l.Chatter.Port }},
		{dst: &lx.chatDevice, of: func(l *catalog.Lexicon) []string { return l.Chatter.Devices }},
		{dst: &lx.chatElsewhere, of: func(l *catalog.Lexicon) []string { return l.Chatter.Elsewhere }},
		{dst: &lx.chatGeneric, of: func(l *catalog.Lexicon) []string { return l.Chatter.Generic }},
		{dst: &lx.chatGames, of: func(l *catalog.Lexicon) []string { return l.Chatter.Games }},
		{dst: &lx.chatAfterEnd, of: func(l *catalog.Lexicon) []string { return l.Chatter.AfterEnd }},
		{dst: &lx.chatLibrary, of: func(l *catalog.Lexicon) []string { return l.Chatter.Libraries }},
		{dst: &lx.chatOf, of: func(l *catalog.Lexicon) []string { return l.Chatter.Of }},
		{dst: &lx.chatUpdates, of: func(l *catalog.Lexicon) []string { return l.Chatter.Updates }},
		{dst: &lx.chatTo, of: func(l *catalog.Lexicon) []string { return l.Chatter.To }},
		{dst: &lx.chatChanges, of: func(l *catalog.Lexicon) []string { return l.Chatter.Changes }},
		{dst: &lx.chatSoftware, of: func(l *catalog.Lexicon) []string { return l.Chatter.Software }},
	}
	for l := range cat.Lexicons() {
		lx.aliases = append(lx.aliases, l.Aliases...)
		for i := range vocabs {
			vocabs[i].lists = append(vocabs[i].lists, vocabs[i].of(&l))
		}
		lx.addLanguage(&l)
	}
	for _, v := range vocabs {
		*v.dst = newVocab(v.lists...)
	}
	lx.classWords = newClassWords(cat)
	lx.subjects = lx.subjectNames(cat)
	lx.typos = newTypos(lx.fillers, lx.chatMail)
	lx.addProviders(cat)
	return lx
}

// addLanguage adds one language's lists that are not vocabularies: the
// folded phrases, the detection words, the marks and the patterns.
func (lx *lexicon) addLanguage(l *catalog.Lexicon) {
	lx.replyIntro = appendFolded(lx.replyIntro, l.ReplyIntro)
	lx.libraryLabels = append(lx.libraryLabels, l.LibraryReplyLabels...)
	for i, names := range l.ReplyDigits {
		if i >= len(lx.replyDigits) {
			break
		}
		if lx.replyDigits[i] == nil {
			lx.replyDigits[i] = map[string]byte{}
		}
		for name, d := range names {
			lx.replyDigits[i][fold(name)] = d[0]
		}
	}
	for _, p := range l.HelpPhrases {
		lx.helpPhrases[fold(p)] = true
		if strings.Contains(p, " ") {
			lx.helpAsks = append(lx.helpAsks, " "+fold(p)+" ")
		}
	}
	lx.listCommands = appendFolded(lx.listCommands, l.ListCommands)
	lx.listOpeners = appendFolded(lx.listOpeners, l.ListOpeners)
	lx.listNouns = appendFolded(lx.listNouns, l.ListNouns)
	lx.listScope = appendFolded(lx.listScope, l.ListScope)
	lx.detect = append(lx.detect, langVocab{lang: l.Lang, letters: l.DetectLetters, phrases: appendFolded(nil, l.DetectPhrases), words: newVocab(l.DetectWords), particles: lowerAll(l.DetectParticles)})
	lx.currency += strings.Join(l.Chatter.Currency, "")
	lx.signs += strings.Join(l.Chatter.Signs, "")
	lx.citeSigns += strings.Join(l.Chatter.CiteSigns, "")
	lx.webStatuses = append(lx.webStatuses, lowerAll(l.Chatter.WebStatuses)...)
	lx.pageStatuses = append(lx.pageStatuses, lowerAll(l.Chatter.PageStatuses)...)
	lx.protoReplies = append(lx.protoReplies, lowerAll(l.Chatter.ProtocolReplies)...)
	lx.compareSigns += strings.Join(l.CompareSigns, "")
	lx.rangeSigns += strings.Join(l.RangeSigns, "")
	lx.endings = append(lx.endings, l.Endings...)
	lx.codeEndings = append(lx.codeEndings, l.CodeEndings...)
	if lx.synonyms == nil {
		lx.synonyms = map[string][]synonymRule{}
	}
	for _, g := range l.Synonyms {
		for _, from := range g {
			r := synonymRule{from: strings.Fields(lowerText(from))}
			for _, to := range g {
				if to != from {
					r.to = append(r.to, strings.Fields(lowerText(to)))
				}
			}
			if len(r.from) > 0 && len(r.to) > 0 {
				lx.synonyms[l.Lang] = append(lx.synonyms[l.Lang], r)
			}
		}
	}
	for _, from := range slices.Sorted(maps.Keys(l.SaidAs)) {
		r := synonymRule{from: strings.Fields(lowerText(from))}
		for _, to := range l.SaidAs[from] {
			r.to = append(r.to, strings.Fields(lowerText(to)))
		}
		if len(r.from) > 0 && len(r.to) > 0 {
			lx.synonyms[l.Lang] = append(lx.synonyms[l.Lang], r)
		}
	}
	for short, long := range l.Shorthand {
		if lx.shorthand == nil {
			lx.shorthand = map[string]string{}
		}
		lx.shorthand[short] = long
	}
	if p := l.BouncePattern(); p != nil {
		lx.bounce = append(lx.bounce, p)
	}
	if p := l.SenderLeadPattern(); p != nil {
		lx.senderLeads = append(lx.senderLeads, p)
	}
	lx.stages = append(lx.stages, l.StagePatterns()...)
}

// addProviders gathers the providers with tags or diagnostic numbers of
// their own, and the Exchange NDR names, longest first.
func (lx *lexicon) addProviders(cat *catalog.Catalog) {
	for p := range cat.Providers() {
		if p.Kind != catalog.KindMTA && len(p.Tags) > 0 {
			lx.tagged = append(lx.tagged, p)
		}
		if len(p.Numbers) > 0 {
			lx.numbered = append(lx.numbered, p)
		}
	}
	for n := range cat.NDRNames() {
		lx.ndr = append(lx.ndr, ndrName{lower: strings.ToLower(n.Name), name: n})
	}
	// Longest first, so "…SendSizeLimit.Sender" wins over a shorter name.
	slices.SortStableFunc(lx.ndr, func(a, b ndrName) int { return len(b.lower) - len(a.lower) })
}

// newClassWords gathers every language's words of each class filter,
// the filters in order.
func newClassWords(cat *catalog.Catalog) []classWords {
	byClass := map[string][][]string{}
	for l := range cat.Lexicons() {
		for filter, words := range l.ClassWords {
			byClass[filter] = append(byClass[filter], words)
		}
	}
	var out []classWords
	for _, filter := range slices.Sorted(maps.Keys(byClass)) {
		out = append(out, classWords{filter: filter, words: newVocab(byClass[filter]...)})
	}
	return out
}

// subjectName is an enhanced subject's name in one language, as the words
// that are no fillers ("security or policy": security, policy).
type subjectName struct {
	subject int
	words   []string
}

// subjectNames are the names of the registry's enhanced subjects in every
// language the catalog has them in, longest first, so a name of several
// words is found before one of its words alone.
func (lx *lexicon) subjectNames(cat *catalog.Catalog) []subjectName {
	var out []subjectName
	for s := 0; s <= 9; s++ {
		for _, name := range cat.Subject(s).Name.All() {
			var words []string
			for _, t := range lx.tokenize(lowerText(name)) {
				if t.kind == tokWord && !lx.fillers.has(t) {
					words = append(words, t.text)
				}
			}
			if len(words) > 0 {
				out = append(out, subjectName{subject: s, words: words})
			}
		}
	}
	slices.SortStableFunc(out, func(a, b subjectName) int { return len(b.words) - len(a.words) })
	return out
}

func appendFolded(dst, list []string) []string {
	for _, s := range list {
		dst = append(dst, fold(s))
	}
	return dst
}

// lowerAll returns the entries of list in lower case, diacritics kept.
func lowerAll(list []string) []string {
	out := make([]string, len(list))
	for i, s := range list {
		out[i] = lowerText(s)
	}
	return out
}

// unshort rewrites the short forms of the lexicons' shorthand ("ko gui dc
// mail") to the words they stand for ("không gui được mail"): a word typed
// in lower case, with spaces (or the text's ends) on both sides, a
// question or exclamation mark or a comma after it at most. Else text is
// returned as it is.
func (lx *lexicon) unshort(text string) string {
	if len(lx.shorthand) == 0 {
		return text
	}
	var b strings.Builder
	changed := false
	for i := 0; i < len(text); {
		j := i
		for j < len(text) && text[j] != ' ' {
			j++
		}
		w := strings.TrimRight(text[i:j], "?!,")
		if long, ok := lx.shorthand[w]; ok && w != "" {
			if !changed {
				b.Grow(len(text) + 16)
				b.WriteString(text[:i])
				changed = true
			}
			b.WriteString(long)
			b.WriteString(text[i+len(w) : j])
		} else if changed {
			b.WriteString(text[i:j])
		}
		for j < len(text) && text[j] == ' ' {
			if changed {
				b.WriteByte(' ')
			}
			j++
		}
		i = j
	}
	if !changed {
		return text
	}
	return b.String()
}
