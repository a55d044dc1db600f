package bot

import (
	"maps"
	"math/bits"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/sahilm/fuzzy"

	"github.com/smtpbot/smtpbot/catalog"
)

// Matching names and keywords.
//
// People name codes instead of typing them: "mailbox full", "cannot verfy
// user", "authentification failed", "hộp thư đầy". The index holds every
// short name, keyword and alias of the catalog as folded word sequences and
// finds them in a message in three steps:
//
//  1. spotting: known phrases that occur in the message word by word, each
//     word exactly or within a small edit distance (typos);
//  2. abbreviations: what is left is matched with github.com/sahilm/fuzzy, a
//     greedy subsequence matcher ("mbox full", "auth fail"), accepted only
//     when every word of the query starts a word of the phrase;
//  3. suggestions: for a message nothing matched, the closest phrases are
//     offered as "did you mean", never answered as fact.
//
// sahilm/fuzzy has no typo tolerance (step 1 covers that) and its adjacency
// bonus doubles per matched character, overflowing past about 40 contiguous
// characters, so patterns are capped at maxFuzzyPattern runes.

const (
	maxFuzzyPattern = 32 // runes of a query fed to sahilm/fuzzy
	maxFuzzyTarget  = 48 // bytes of a phrase fed to sahilm/fuzzy
	maxSpotWords    = 80 // words of a message searched for phrases
)

// phraseSource ranks where a phrase comes from; lower is stronger.
type phraseSource uint8

const (
	srcAlias phraseSource = iota
	srcName
	srcKeyword
	srcOfficial
	// srcSynonym is a name written with a synonym of one of its words
	// (lexicon "synonyms"): found after every name the catalog writes.
	srcSynonym
)

type phrase struct {
	text  string // folded words joined by single spaces
	words []int  // vocabulary ids
	code  catalog.Code
	src   phraseSource
	freq  int // 0 very common … 4 historic, for basic codes
	// punct has bit k set when punctuation stands before word k ("ETRN:
	// unable …", "moved, no forwarding"): the same punctuation typed there
	// keeps the words one phrase.
	punct uint16
}

// index finds catalog phrases in messages. It is built once by New and
// read-only afterwards.
type index struct {
	lex     *lexicon
	phrases []phrase
	exact   map[string][]int // phrase text → phrase ids, best first
	vocab   []string
	vocabID map[string]int
	// vocabForms are the forms with diacritics a vocabulary word was
	// written in; a message word typed with other diacritics is a typo.
	vocabForms map[int][]string
	byFirst    map[int][]int // first word id → phrase ids
	targets    []string      // capped phrase texts for sahilm, one per distinct text
	tgtIDs     [][]int       // phrase ids for each target
	tgtInit    []uint32      // letters that start a word of each target

	sorted    []string      // the vocabulary in byte order, for words begun
	vocabMask []uint32      // letters present in each vocabulary word
	vocabLen  []int         // runes in each vocabulary word
	byLen     map[int][]int // vocabulary ids by length in runes

	use   useRanks   // codes, the most met first, for the start of a code
	marks []markHint // names in replies that are no words, for autocomplete
	// providerNames are the names people call providers by, as marks, for
	// autocomplete.
	providerNames []providerName
	// wordings are what the rules of reasons match, for words no name or
	// mark was found in: spelt out the first time they are needed, as few
	// inputs come to them and spelling costs more than the rest of the
	// index.
	wordings func() []markHint
	// said are the names, keywords and aliases as written, kept while the
	// index is built to be written again with synonyms.
	said []saidPhrase
}

// synonymRule says that words (from) may be said with others (to).
type synonymRule struct {
	from []string
	to   [][]string
}

// saidPhrase is a name, keyword or alias as the catalog writes it.
type saidPhrase struct {
	text string
	code catalog.Code
	src  phraseSource
	freq int
}

var freqRank = map[catalog.Frequency]int{catalog.VeryCommon: 0, catalog.Common: 1, catalog.Occasional: 2, catalog.Rare: 3, catalog.Historic: 4}

func newIndex(cat *catalog.Catalog) *index {
	lex := newLexicon(cat)
	ix := &index{lex: lex, exact: map[string][]int{}, vocabID: map[string]int{}, byFirst: map[int][]int{}, vocabForms: map[int][]string{}}
	// A library's identifiers ("mailboxbusy") are matched whole: no
	// abbreviation of a word typed ("mailbox") stands for one.
	identifiers := map[string]bool{}
	for _, a := range lex.aliases {
		c, err := catalog.ParseCode(a.Code)
		if err != nil {
			continue // the catalog's schema test reports it
		}
		for _, p := range a.Phrases {
			ix.add(p, c, srcAlias, 0)
			if a.Library != "" {
				identifiers[fold(p)] = true
			}
		}
	}
	ix.addCatalog(cat)
	ix.addSynonyms()
	for text, ids := range ix.exact {
		sort.SliceStable(ids, func(i, j int) bool { return ix.less(ids[i], ids[j], false) })
		ix.exact[text] = ids
		if identifiers[text] {
			continue
		}
		t := text
		if len(t) > maxFuzzyTarget {
			t = t[:maxFuzzyTarget]
		}
		ix.targets = append(ix.targets, t)
		ix.tgtIDs = append(ix.tgtIDs, ids)
	}
	// Map iteration order is random; sort so results never depend on it.
	order := make([]int, len(ix.targets))
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(a, b int) bool { return ix.targets[order[a]] < ix.targets[order[b]] })
	targets := make([]string, len(order))
	tgtIDs := make([][]int, len(order))
	for i, o := range order {
		targets[i], tgtIDs[i] = ix.targets[o], ix.tgtIDs[o]
	}
	ix.targets, ix.tgtIDs = targets, tgtIDs
	ix.tgtInit = make([]uint32, len(targets))
	for i, t := range targets {
		ix.tgtInit[i] = initials(t)
	}
	ix.sorted = slices.Sorted(maps.Keys(ix.vocabID))
	ix.byLen = map[int][]int{}
	for id, w := range ix.vocab {
		n := len([]rune(w))
		ix.vocabMask = append(ix.vocabMask, letterMask(w))
		ix.vocabLen = append(ix.vocabLen, n)
		ix.byLen[n] = append(ix.byLen[n], id)
	}
	ix.use = newUseRanks(cat)
	ix.marks = append(newMarkHints(cat), ix.reasonMarks(cat)...)
	ix.providerNames = newProviderNames(cat)
	ix.wordings = sync.OnceValue(func() []markHint { return newRuleMarks(cat) })
	return ix
}

// addCatalog adds every reply's and enhanced code's names, keywords and
// official texts, each reply ranked by how often it is met.
func (ix *index) addCatalog(cat *catalog.Catalog) {
	for _, r := range cat.Replies() {
		c := catalog.Code{Reply: r.Code}
		f := freqRank[r.Frequency]
		for _, n := range r.Name.All() {
			ix.add(n, c, srcName, f)
		}
		for _, words := range r.Keywords {
			for _, k := range words {
				ix.add(k, c, srcKeyword, f)
			}
		}
		for _, m := range r.Meanings {
			ix.add(m.Text, c, srcOfficial, f)
		}
	}
	for _, e := range cat.EnhancedList() {
		c := catalog.Code{Enhanced: e.Code}
		for _, n := range e.Title.All() {
			ix.add(n, c, srcName, 2)
		}
		for _, words := range e.Keywords {
			for _, k := range words {
				ix.add(k, c, srcKeyword, 2)
			}
		}
		ix.add(e.Official, c, srcOfficial, 2)
	}
}

// maxSynonymForms caps the forms one name is written in with synonyms.
const maxSynonymForms = 16

// addSynonyms indexes each name, keyword and alias written with synonyms of
// its words (lexicon "synonyms": "login failed" is also "login refused",
// "authentication rejected"), ranked after every name the catalog writes.
// A form that is itself a name the catalog writes, of any code, is left to
// that name.
func (ix *index) addSynonyms() {
	said := ix.said
	ix.said = nil
	if len(said) == 0 {
		return
	}
	var rules []synonymRule
	for _, lang := range slices.Sorted(maps.Keys(ix.lex.synonyms)) {
		rules = append(rules, ix.lex.synonyms[lang]...)
	}
	written := make(map[string]bool, len(ix.exact))
	for text := range ix.exact {
		written[text] = true
	}
	for _, p := range said {
		for _, form := range synonymForms(strings.Fields(lowerText(p.text)), rules, ix.lex.fillers.folded) {
			if written[strings.Join(strings.Fields(fold(form)), " ")] {
				continue
			}
			ix.add(form, p.code, srcSynonym, p.freq)
		}
	}
}

// synonymForms writes words with synonyms in place of some of its words,
// every combination, up to maxSynonymForms forms; words as they are is
// not one of them, nor a form that says one thing, a synonym put in
// among fillers: "no mx record" is not found as "mail server", which
// texts say of any server, while "authentication failed" is found as
// "credentials rejected".
func synonymForms(words []string, rules []synonymRule, filler func(string) bool) []string {
	var out []string
	// said counts the words of the form that say something: its own
	// words that are no fillers, and the synonyms put in.
	var walk func(i int, done []string, changed bool, said int)
	walk = func(i int, done []string, changed bool, said int) {
		if len(out) >= maxSynonymForms {
			return
		}
		if i == len(words) {
			if changed && said > 1 {
				out = append(out, strings.Join(done, " "))
			}
			return
		}
		for _, r := range rules {
			if len(r.from) > len(words)-i || !slices.Equal(words[i:i+len(r.from)], r.from) {
				continue
			}
			for _, other := range r.to {
				walk(i+len(r.from), append(slices.Clip(done), other...), true, said+1)
			}
		}
		if !filler(fold(words[i])) {
			said++
		}
		walk(i+1, append(slices.Clip(done), words[i]), changed, said)
	}
	walk(0, nil, false, 0)
	return out
}

// letterMask has bit i set when the letter 'a'+i occurs in w.
func letterMask(w string) uint32 {
	var m uint32
	for i := 0; i < len(w); i++ {
		if c := w[i]; 'a' <= c && c <= 'z' {
			m |= 1 << (c - 'a')
		}
	}
	return m
}

// initials has bit i set when a word of s starts with the letter 'a'+i.
func initials(s string) uint32 {
	var m uint32
	for i := 0; i < len(s); i++ {
		if c := s[i]; 'a' <= c && c <= 'z' && (i == 0 || s[i-1] == ' ') {
			m |= 1 << (c - 'a')
		}
	}
	return m
}

// add indexes one phrase. Phrases are folded and reduced to their words, so
// "Requested action not taken: mailbox unavailable" is found in "requested
// action not taken mailbox unavailable".
func (ix *index) add(text string, c catalog.Code, src phraseSource, freq int) {
	words, raws, punct, joined := ix.phraseWords(text)
	if len(words) == 0 || len(words) > 12 {
		return
	}
	if joined == "" {
		joined = strings.Join(words, " ")
	}
	if src < srcOfficial && len(ix.lex.synonyms) > 0 {
		ix.said = append(ix.said, saidPhrase{text: text, code: c, src: src, freq: freq})
	}
	for _, id := range ix.exact[joined] {
		if ix.phrases[id].code == c {
			if src < ix.phrases[id].src {
				ix.phrases[id].src = src
			}
			ix.phrases[id].punct |= punct
			return
		}
	}
	p := phrase{text: joined, code: c, src: src, freq: freq, punct: punct, words: make([]int, 0, len(words))}
	for k, w := range words {
		id, ok := ix.vocabID[w]
		if !ok {
			id = len(ix.vocab)
			ix.vocab = append(ix.vocab, w)
			ix.vocabID[w] = id
		}
		if raws[k] != w && !slices.Contains(ix.vocabForms[id], raws[k]) {
			ix.vocabForms[id] = append(ix.vocabForms[id], raws[k])
		}
		p.words = append(p.words, id)
	}
	pid := len(ix.phrases)
	ix.phrases = append(ix.phrases, p)
	ix.exact[joined] = append(ix.exact[joined], pid)
	ix.byFirst[p.words[0]] = append(ix.byFirst[p.words[0]], pid)
}

// phraseWords splits a phrase into its folded words and the forms they
// were written in (with diacritics), marks the words that follow
// punctuation (punct, one bit per word), and gives the words joined by
// single spaces when the folded text already is that (joined, else "").
func (ix *index) phraseWords(text string) (words, raws []string, punct uint16, joined string) {
	if folded := fold(text); plainWords(folded) {
		words = strings.Fields(folded) // the common case, without tokenizing
		raws = words
		if n := len(words) - 1; n >= 0 {
			for _, w := range words {
				n += len(w)
			}
			if n == len(folded) {
				joined = folded // single spaces already
			}
		}
		if folded != text && !isASCII(text) {
			// Vietnamese: the forms with diacritics, word for word.
			k := 0
			raws = make([]string, len(words))
			for f := range strings.FieldsSeq(lowerText(text)) {
				if k < len(raws) {
					raws[k] = f
				}
				k++
			}
			if k != len(words) {
				raws = words
			}
		}
	} else {
		sep := false
		for _, t := range ix.lex.tokenize(lowerText(text)) {
			switch t.kind {
			case tokWord, tokCode:
				if sep && len(words) > 0 && len(words) < 16 {
					punct |= 1 << len(words)
				}
				words = append(words, t.text)
				raws = append(raws, t.raw)
				sep = false
			case tokPunct:
				sep = true
			}
		}
	}
	return words, raws, punct, joined
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// plainWords reports whether s is only lower-case letters and spaces.
func plainWords(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c != ' ' && (c < 'a' || c > 'z') {
			return false
		}
	}
	return true
}

// less orders phrases with the same words: aliases first, then basic codes
// (people mostly ask about them) unless the question is about enhanced
// codes, then names before keywords, then the more common code.
func (ix *index) less(a, b int, preferEnhanced bool) bool {
	pa, pb := ix.phrases[a], ix.phrases[b]
	if p := prefer(pa.code, pb.code, pa.src, pb.src, preferEnhanced); p != 0 {
		return p < 0
	}
	if pa.src != pb.src {
		return pa.src < pb.src
	}
	if pa.freq != pb.freq {
		return pa.freq < pb.freq
	}
	if pa.code.Basic() {
		// 5xx before 4xx: the permanent failure is what people ask about.
		return pa.code.Reply > pb.code.Reply
	}
	return pa.code.String() < pb.code.String()
}

// nameMatch is a phrase found in a message.
type nameMatch struct {
	start, end int // word positions in the message, end exclusive
	code       catalog.Code
	dist       int // total edit distance of the words
	src        phraseSource
	fuzzy      bool // found by the abbreviation step
}

// wordAt is one word of a message with its position among all tokens.
type wordAt struct {
	text string
	raw  string // as typed, with diacritics
	pos  int32  // token index (a message has far fewer tokens)
	// gap is what stands between the word before and this one: gapNone,
	// gapPunct (punctuation only, as in "ETRN: unable"), gapField (one ":"
	// or "=" alone, a field and its value: "SPF: fail", "spf=fail" as RFC
	// 8601 writes a check's result) or gapOther (a code, a number).
	gap uint8
}

const (
	gapNone uint8 = iota
	gapPunct
	gapField
	gapOther
)

// spot finds known phrases in words: exact or typo-tolerant, longest first,
// never overlapping.
func (ix *index) spot(words []wordAt, preferEnhanced, forms bool) []nameMatch {
	if len(words) > maxSpotWords {
		words = words[:maxSpotWords]
	}
	found := ix.phraseMatches(words, ix.wordCandidates(words, forms))
	sortMatches(found, preferEnhanced)
	return ix.disjoint(found, preferEnhanced)
}

// wordCand is a vocabulary word a message word can stand for, and the typos
// between them.
type wordCand struct{ id, dist int }

// wordCandidates lists, for each message word, the vocabulary words it can
// stand for: itself, or words a few typos away.
func (ix *index) wordCandidates(words []wordAt, forms bool) [][]wordCand {
	cands := make([][]wordCand, len(words))
	for i, w := range words {
		if id, ok := ix.vocabID[w.text]; ok {
			d := 0
			// Typed with diacritics the vocabulary never has: another word
			// that folds the same ("khắc", "khác"), at best a typo.
			if w.raw != w.text && len(ix.vocabForms[id]) > 0 && !slices.Contains(ix.vocabForms[id], w.raw) {
				d = 1
			}
			cands[i] = append(cands[i], wordCand{id, d})
			continue
		}
		if base, ok := typedBase(w.text); ok {
			// Vietnamese typed in Telex or VNI with the input method off
			// ("hoopj", "hop65" for "hộp"): the word it stands for, as a
			// typo.
			if id, ok := ix.vocabID[base]; ok {
				cands[i] = append(cands[i], wordCand{id, 1})
				continue
			}
		}
		if ix.lex.fillers.hasWord(w.text, w.raw) || len([]rune(w.text)) < 4 || hasDigit(w.text) {
			continue
		}
		if forms {
			cands[i] = append(cands[i], ix.otherForms(w.text)...)
		}
		maxd := maxTypos(w.text)
		n, mask := len([]rune(w.text)), letterMask(w.text)
		for l := n - maxd; l <= n+maxd; l++ {
			for _, id := range ix.byLen[l] {
				// Each edit changes at most two letters of the letter set,
				// so a word whose letters differ more cannot be close.
				if bits.OnesCount32(mask^ix.vocabMask[id]) > 2*maxd || ix.lex.fillers.folded(ix.vocab[id]) {
					continue
				}
				if d := editDistance(w.text, ix.vocab[id], maxd); d <= maxd {
					cands[i] = append(cands[i], wordCand{id, d})
				}
			}
		}
	}
	return cands
}

// minFormStem is the shortest stem a word is read in another form of:
// "limiting" and "limited" share "limit".
const minFormStem = 4

// otherForms lists the vocabulary words that are w with another of the
// lexicon's endings on the same stem ("limiting" for a name's "limited",
// "bounced" for "bounces"), each as one typo: the same word said in
// another form ("greylisting vs rate limiting" names "rate limited").
// Read so in comparisons only, whose sides are names: elsewhere a word
// in another form ("gmail is rate limiting us") tells a cause in the
// asker's words, diagnosed.
func (ix *index) otherForms(w string) []wordCand {
	var out []wordCand
	seen := map[int]bool{}
	for _, e := range ix.lex.endings {
		stem, ok := strings.CutSuffix(w, e.Ending)
		if !ok || e.Ending == "" {
			continue
		}
		stem += e.Base
		if len(stem) < minFormStem {
			continue
		}
		forms := []string{stem}
		for _, e2 := range ix.lex.endings {
			if b, ok := strings.CutSuffix(stem, e2.Base); ok {
				forms = append(forms, b+e2.Ending)
			}
		}
		for _, f := range forms {
			if id, ok := ix.vocabID[f]; ok && f != w && !seen[id] && !ix.lex.fillers.folded(f) {
				seen[id] = true
				out = append(out, wordCand{id, 1})
			}
		}
	}
	return out
}

// phraseMatches finds every phrase whose words follow each other in the
// message, each word standing for the phrase's word.
func (ix *index) phraseMatches(words []wordAt, cands [][]wordCand) []nameMatch {
	var found []nameMatch
	for i := range words {
		for _, c := range cands[i] {
			for _, pid := range ix.byFirst[c.id] {
				p := ix.phrases[pid]
				if i+len(p.words) > len(words) {
					continue
				}
				dist, ok := c.dist, true
				for k := 1; k < len(p.words) && ok; k++ {
					ok = false
					for _, c2 := range cands[i+k] {
						if c2.id == p.words[k] {
							dist += c2.dist
							ok = true
							break
						}
					}
				}
				// A lone word needs to be exact, or long enough that a typo
				// cannot turn it into another common word.
				if !ok || (len(p.words) == 1 && dist > 0 && len(ix.vocab[p.words[0]]) < 7) {
					continue
				}
				// A phrase made only of framing words ("hard bounce",
				// "error code") is the question, not a name.
				if allFillers(ix, p.words) {
					continue
				}
				// Words must follow each other in the message, as tokens,
				// or across punctuation where the phrase has it too.
				if !followOn(words[i+1:i+len(p.words)], p.punct) {
					continue
				}
				found = append(found, nameMatch{start: int(words[i].pos), end: int(words[i+len(p.words)-1].pos) + 1, code: p.code, dist: dist, src: p.src})
			}
		}
	}
	return found
}

// stray reports whether a word has digits and is no word of any phrase
// ("4bq1xj", "450ms"): it is matched only exactly, so it is no typo or
// abbreviation of a name, and it is beside a name as a number would be.
func (ix *index) stray(t token) bool {
	if !hasDigit(t.text) {
		return false
	}
	_, known := ix.vocabID[t.text]
	return !known
}

// followOn reports whether the words after a phrase's first word follow
// each other: nothing between them, or punctuation where the phrase has
// punctuation (bit k of punct for its word k).
func followOn(rest []wordAt, punct uint16) bool {
	for k, w := range rest {
		switch w.gap {
		case gapNone:
		case gapField:
			// A field named by the phrase's words before and its value
			// after read as the phrase: "SPF: fail" is "SPF fail".
		case gapPunct:
			if punct&(1<<(k+1)) == 0 {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// sortMatches puts the best first: more words, fewer typos, stronger
// source, preferred kind.
func sortMatches(found []nameMatch, preferEnhanced bool) {
	sort.SliceStable(found, func(a, b int) bool {
		fa, fb := found[a], found[b]
		if la, lb := fa.end-fa.start, fb.end-fb.start; la != lb {
			return la > lb
		}
		if fa.dist != fb.dist {
			return fa.dist < fb.dist
		}
		if p := prefer(fa.code, fb.code, fa.src, fb.src, preferEnhanced); p != 0 {
			return p < 0
		}
		if fa.src != fb.src {
			return fa.src < fb.src
		}
		return fa.start < fb.start
	})
}

// disjoint keeps, best first, the matches that overlap none kept before,
// in message order.
func (ix *index) disjoint(found []nameMatch, preferEnhanced bool) []nameMatch {
	var out []nameMatch
	used := map[int]bool{}
next:
	for _, m := range found {
		for p := m.start; p < m.end; p++ {
			if used[p] {
				continue next
			}
		}
		// Among phrases with the same words, take the preferred code.
		m.code = ix.bestCode(m, found, preferEnhanced)
		for p := m.start; p < m.end; p++ {
			used[p] = true
		}
		out = append(out, m)
	}
	sort.Slice(out, func(a, b int) bool { return out[a].start < out[b].start })
	return out
}

// bestCode picks, among matches over the same words with the same distance,
// the code the index prefers.
func (ix *index) bestCode(m nameMatch, all []nameMatch, preferEnhanced bool) catalog.Code {
	best := m
	for _, o := range all {
		if o.start != m.start || o.end != m.end || o.dist != m.dist {
			continue
		}
		if prefer(o.code, best.code, o.src, best.src, preferEnhanced) < 0 {
			best = o
		}
	}
	return best.code
}

// prefer ranks two codes found for the same words by kind and source, the
// rule less, spot and bestCode share: the kind the question is about when
// it is about enhanced codes, then aliases, then basic codes. It returns -1
// when a comes first, 1 when b does, 0 when they tie on these.
func prefer(a, b catalog.Code, srcA, srcB phraseSource, preferEnhanced bool) int {
	first := func(aFirst bool) int {
		if aFirst {
			return -1
		}
		return 1
	}
	switch {
	case preferEnhanced && a.Basic() != b.Basic():
		return first(!a.Basic())
	case (srcA == srcAlias) != (srcB == srcAlias):
		return first(srcA == srcAlias)
	case a.Basic() != b.Basic():
		return first(a.Basic())
	}
	return 0
}

// abbrev matches a short query against every phrase with sahilm/fuzzy and
// returns the best acceptable match.
func (ix *index) abbrev(query string, preferEnhanced bool) (catalog.Code, bool) {
	query = capRunes(strings.TrimSpace(query), maxFuzzyPattern)
	// A lone word of three letters is the start of too many words to
	// shorten one of them ("tan" is no "TrANsid"); short names are matched
	// whole by the spotting step.
	if letters := len(strings.ReplaceAll(query, " ", "")); letters < 3 || (letters < 4 && !strings.Contains(query, " ")) {
		return catalog.Code{}, false
	}
	// acceptAbbrev wants every word of the query to start a word of the
	// phrase: only phrases with those initials can match.
	need := initials(query)
	var subset []string
	var subIDs [][]int
	for i, t := range ix.targets {
		if ix.tgtInit[i]&need == need {
			subset = append(subset, t)
			subIDs = append(subIDs, ix.tgtIDs[i])
		}
	}
	var found catalog.Code
	skips, ok := false, false
	for _, m := range fuzzy.Find(query, subset) {
		if !acceptAbbrev(query, m) || ix.splitsWord(query, m) {
			continue
		}
		ids := subIDs[m.Index]
		best := ids[0]
		for _, id := range ids[1:] {
			if ix.less(id, best, preferEnhanced) {
				best = id
			}
		}
		c := ix.phrases[best].code
		switch {
		case !ok:
			found, ok = c, true
			// The query starts inside the phrase, its first words left
			// out ("spamhaus" for "listed on spamhaus").
			skips = m.MatchedIndexes[0] != 0
			if !skips {
				return found, true
			}
		case c != found:
			// Words the phrases of several codes end with name none of
			// them: "failed" is "SPF failed", "DKIM failed", "auth
			// failed" alike.
			return catalog.Code{}, false
		}
	}
	return found, ok
}

// splitsWord reports whether a word of the query that is a whole word of
// the lexicon's mail words is matched across words of the phrase:
// "server" typed in full shortens no "SERVicE Ready", as "mbox" does
// "MailBOX". A mail word stays an abbreviation within one word ("auth"
// for "authentication").
func (ix *index) splitsWord(query string, m fuzzy.Match) bool {
	if ix.lex == nil {
		return false
	}
	q := []rune(query)
	for ws := 0; ws < len(q); {
		we := ws
		for we < len(q) && q[we] != ' ' {
			we++
		}
		if we > ws {
			w := string(q[ws:we])
			from, to := m.MatchedIndexes[ws], m.MatchedIndexes[we-1]
			if plainWords(w) && ix.lex.chatMail.hasWord(w, w) && strings.IndexByte(m.Str[from:to], ' ') >= 0 {
				return true
			}
		}
		ws = we + 1
	}
	return false
}

// acceptAbbrev accepts a subsequence match when every word of the query
// begins at the start of a word of the phrase and the query covers a fair
// part of the phrase: "mbox full" for "mailbox full", not "ab" for anything.
func acceptAbbrev(query string, m fuzzy.Match) bool {
	q := []rune(query)
	if len(m.MatchedIndexes) != len(q) {
		return false
	}
	t := m.Str
	for k, r := range q {
		if r == ' ' {
			continue
		}
		at := m.MatchedIndexes[k]
		switch {
		case k == 0 || q[k-1] == ' ':
			if at != 0 && t[at-1] != ' ' {
				return false
			}
		case strings.IndexByte(t[m.MatchedIndexes[k-1]:at], ' ') >= 0 && t[at-1] != ' ':
			// A word typed that runs on into the next word of the phrase
			// goes on at its start, as "RecipNotFound" does: "auto" is
			// not "AUTh lOgin".
			return false
		}
	}
	// The query's last word must reach the phrase's last word.
	last := m.MatchedIndexes[len(q)-1]
	if strings.Contains(t[last:], " ") {
		return false
	}
	return float64(len(query)) >= 0.4*float64(len(t))
}

// suggest returns up to n codes whose phrases come closest to query, for
// "did you mean".
func (ix *index) suggest(query string, n int) []catalog.Code {
	query = capRunes(strings.TrimSpace(query), maxFuzzyPattern)
	var out []catalog.Code
	seen := map[catalog.Code]bool{}
	add := func(c catalog.Code) {
		if !seen[c] && len(out) < n {
			seen[c] = true
			out = append(out, c)
		}
	}
	if len(query) >= 3 {
		for _, m := range fuzzy.Find(query, ix.targets) {
			if m.Score < 0 {
				break
			}
			ids := ix.tgtIDs[m.Index]
			add(ix.phrases[ids[0]].code)
		}
	}
	// Words within a larger edit distance.
	if len(out) < n {
		for _, w := range strings.Fields(query) {
			if ix.lex.fillers.folded(w) || len(w) < 4 {
				continue
			}
			close := ix.closeWords(w, min(max(1, len(w)/3), 3))
			if len(close) == 0 {
				continue
			}
			for _, p := range ix.phrases {
				if slices.ContainsFunc(p.words, func(id int) bool { return close[id] }) {
					add(p.code)
					if len(out) >= n {
						break
					}
				}
			}
		}
	}
	return out
}

// namesNothing reports whether the query has words of three letters or
// more and none of them is a word of any phrase, the start of one, a typo
// of one (maxTypos) or one typed in Telex: a keyboard mash ("asdf"), chat
// ("lol", "ahihi"), a program's text ("[object Object]"). The closest
// phrases to such words are far fetched, so none is guessed; one word
// read is enough ("relaying denid").
func (ix *index) namesNothing(query string) bool {
	words := false
	for w := range strings.FieldsSeq(query) {
		if len([]rune(w)) < 3 || !plainWords(w) {
			continue // too short to tell, or a code or number
		}
		words = true
		if _, ok := ix.vocabID[w]; ok {
			return false
		}
		if i, _ := slices.BinarySearch(ix.sorted, w); i < len(ix.sorted) && strings.HasPrefix(ix.sorted[i], w) {
			return false
		}
		if base, ok := typedBase(w); ok {
			if _, ok := ix.vocabID[base]; ok {
				return false
			}
		}
		if d := maxTypos(w); d > 0 && len(ix.closeWords(w, d)) > 0 {
			return false
		}
	}
	return words
}

// typedBase reads a Vietnamese word typed with the input method off, in
// Telex or in VNI.
func typedBase(w string) (string, bool) {
	if base, ok := telexBase(w); ok {
		return base, true
	}
	return vniBase(w)
}

// vniBase reads a word typed in VNI, the other keys Vietnamese keyboards
// use, without them: a digit after the letters for a mark ("hop65" for
// "hộp", "thu7" for "thư", "d9a6y2" for "đầy": 1–5 the tones, 6 the
// circumflex, 7 the horn, 8 the breve, 9 đ). ok is false for a word with
// no such digit, a 0, or letters that are no Vietnamese syllable ("smtp451",
// "dkim1").
func vniBase(w string) (base string, ok bool) {
	if len(w) < 3 || len(w) > 12 || !isASCIILetter(w[0]) {
		return "", false
	}
	var b strings.Builder
	digits := 0
	for i := 0; i < len(w); i++ {
		switch c := w[i]; {
		case '1' <= c && c <= '9':
			digits++
		case 'a' <= c && c <= 'z':
			b.WriteByte(c)
		default:
			return "", false
		}
	}
	base = b.String()
	return base, digits > 0 && digits <= 3 && viOnset(base) && viSyllable(base)
}

// viOnset reports whether w starts with a consonant cluster Vietnamese
// syllables start with, or a vowel.
func viOnset(w string) bool {
	i := 0
	for i < len(w) && strings.IndexByte("aeiouy", w[i]) < 0 {
		i++
	}
	switch w[:i] {
	case "", "b", "c", "ch", "d", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng", "ngh", "nh", "p", "ph", "q", "r", "s", "t", "th", "tr", "v", "x":
		return true
	}
	return false
}

// telexBase reads a word typed in Telex, the keys Vietnamese keyboards
// use for diacritics, without them: a doubled vowel or d ("oo" for ô,
// "dd" for đ), a w after a vowel or alone (ư, ơ, ă), a tone key after the
// vowels ("f", "j", "r", "x", "s"). ok is false for a word with no key
// but a final s, which English words end with, or with letters Telex
// words never have.
func telexBase(w string) (base string, ok bool) {
	if len(w) < 3 || len(w) > 9 || !plainWords(w) || strings.ContainsAny(w, " q") {
		return "", false
	}
	marked := false
	if k := w[len(w)-1]; strings.IndexByte("fjrxs", k) >= 0 && strings.ContainsAny(w[:len(w)-1], "aeiouyw") {
		marked = k != 's'
		w = w[:len(w)-1]
	}
	var b strings.Builder
	for i := 0; i < len(w); i++ {
		c := w[i]
		switch {
		case i > 0 && c == w[i-1] && strings.IndexByte("aeod", c) >= 0:
			marked = true // the letter was written already
		case c == 'w':
			marked = true
			if i == 0 || strings.IndexByte("aou", w[i-1]) < 0 {
				b.WriteByte('u') // "w" alone types ư
			}
		default:
			b.WriteByte(c)
		}
	}
	base = b.String()
	return base, marked && viSyllable(base)
}

// viSyllable reports whether w, without diacritics, is shaped like one
// Vietnamese syllable: consonants, one run of vowels, and one of the
// finals Vietnamese has.
func viSyllable(w string) bool {
	i := 0
	for i < len(w) && strings.IndexByte("bcdghklmnpqrstvx", w[i]) >= 0 {
		i++
	}
	j := i
	for j < len(w) && strings.IndexByte("aeiouy", w[j]) >= 0 {
		j++
	}
	if j == i {
		return false
	}
	switch w[j:] {
	case "", "c", "ch", "m", "n", "ng", "nh", "p", "t":
		return true
	}
	return false
}

// correctWords writes words with each one the vocabulary lacks replaced
// by the one vocabulary word a typo away from it, when there is one; the
// others as they are. Two typos make an abbreviation of too much
// ("assigned" of "signed").
func (ix *index) correctWords(words []string) string {
	out := make([]string, len(words))
	for i, w := range words {
		out[i] = w
		// A lone word gets a typo only when long enough that one cannot
		// turn it into another word, as the spotting step asks ("fire" is
		// no "file").
		if _, ok := ix.vocabID[w]; ok || len(w) < 4 || (len(words) == 1 && len(w) < 7) || hasDigit(w) || ix.lex.fillers.folded(w) {
			continue
		}
		close := ix.closeWords(w, 1)
		if len(close) == 1 {
			for id := range close {
				out[i] = ix.vocab[id]
			}
		}
	}
	return strings.Join(out, " ")
}

// closeWords returns the vocabulary words within maxd edits of w, fillers
// aside. Only words of a near length and letter set can be that close.
func (ix *index) closeWords(w string, maxd int) map[int]bool {
	close := map[int]bool{}
	n, mask := len([]rune(w)), letterMask(w)
	for l := n - maxd; l <= n+maxd; l++ {
		for _, id := range ix.byLen[l] {
			if bits.OnesCount32(mask^ix.vocabMask[id]) > 2*maxd || ix.lex.fillers.folded(ix.vocab[id]) {
				continue
			}
			if editDistance(w, ix.vocab[id], maxd) <= maxd {
				close[id] = true
			}
		}
	}
	return close
}

func capRunes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	i := 0
	for k := range s {
		if i == n {
			return s[:k]
		}
		i++
	}
	return s
}

// maxTypos is the edit distance a word of this length may be off by.
func maxTypos(w string) int {
	n := len([]rune(w))
	switch {
	case n < 4:
		return 0
	case n < 7:
		return 1
	default:
		return 2
	}
}

// editDistance is the optimal string alignment distance between a and b
// (insertions, deletions, substitutions and adjacent transpositions), or
// max+1 as soon as it must exceed max.
func editDistance(a, b string, max int) int {
	if a == b {
		return 0
	}
	var bufA, bufB [64]rune
	ra, rb := appendRunes(bufA[:0], a), appendRunes(bufB[:0], b)
	if d := len(ra) - len(rb); d > max || -d > max {
		return max + 1
	}
	var rows [3][65]int
	var prev2, prev, cur []int
	if len(rb) < 65 {
		prev2, prev, cur = rows[0][:len(rb)+1], rows[1][:len(rb)+1], rows[2][:len(rb)+1]
	} else {
		prev2, prev, cur = make([]int, len(rb)+1), make([]int, len(rb)+1), make([]int, len(rb)+1)
	}
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
			rowMin = min(rowMin, v)
		}
		if rowMin > max {
			return max + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}

func allFillers(ix *index, words []int) bool {
	for _, id := range words {
		if !ix.lex.fillers.folded(ix.vocab[id]) {
			return false
		}
	}
	return true
}

func appendRunes(dst []rune, s string) []rune {
	for _, r := range s {
		dst = append(dst, r)
	}
	return dst
}

// reasonMarks are the names of Sisimai's reasons (reasons.json) that are
// no word of the catalog's phrases, its words run together as Sisimai
// prints them ("securityerror", "exceedlimit"), with the codes of their
// reason: a name that is a word ("rejected", "expired") is read as the
// word it is. Where the rules of reasons read the same reason in the words
// typed, the codes of that rule's example come first (namesStarting).
func (ix *index) reasonMarks(cat *catalog.Catalog) []markHint {
	var out []markHint
	for r := range cat.Reasons() {
		if _, word := ix.vocabID[r.Name]; word {
			continue
		}
		if codes := reasonCodes(cat, r.Name, ""); len(codes) > 0 {
			out = append(out, markHint{text: r.Name, codes: codes, byReason: true, reason: r.Name})
		}
	}
	return out
}
