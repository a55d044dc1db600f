package discord

import (
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"
	"github.com/sahilm/fuzzy"

	"github.com/smtpbot/smtpbot/catalog"
)

// MaxChoices is Discord's limit on autocomplete choices.
const MaxChoices = 25

// maxChoiceLen is Discord's limit on a choice's name and value.
const maxChoiceLen = 100

// suggester proposes codes for a partly typed option: by number prefix
// ("55", "5.7"), by name or keyword in any language ("mailbox full"), and
// through typos ("525" for 552, "mailbx ful"). It is built once from the
// catalog and read-only afterwards.
type suggester struct {
	items   []suggestItem
	phrases []phrase  // every name and keyword, for fuzzy matching
	texts   []string  // the phrases' texts, as fuzzy.Find wants them
	vocab   []vocWord // every word of every phrase, once, for typos
	classes []classItem
}

// vocWord is a word of the names and keywords and the items using it.
type vocWord struct {
	word  string
	runes int
	items []int
}

type suggestItem struct {
	code     string // "550" or registry form "X.7.26"
	enhanced bool
	names    catalog.Text
	rank     int // default order: frequent codes first
}

type phrase struct {
	item int
	text string // folded: lower case, no Vietnamese diacritics
}

type classItem struct {
	value string // what the list filter understands: "4xx", "X.7.x"
	names catalog.Text
}

func newSuggester(cat *catalog.Catalog) *suggester {
	s := &suggester{}
	addPhrases := func(item int, texts ...string) {
		for _, t := range texts {
			t = fold(t)
			if t != "" {
				s.phrases = append(s.phrases, phrase{item: item, text: t})
			}
		}
	}
	for _, r := range cat.Replies() {
		it := suggestItem{code: r.Code.String(), names: r.Name, rank: frequencyRank(r.Frequency)}
		s.items = append(s.items, it)
		addPhrases(len(s.items)-1, textValues(r.Name)...)
		addPhrases(len(s.items)-1, wordValues(r.Keywords)...)
	}
	for _, e := range cat.EnhancedList() {
		it := suggestItem{code: e.Code.String(), enhanced: true, names: e.Title, rank: 9}
		s.items = append(s.items, it)
		addPhrases(len(s.items)-1, textValues(e.Title)...)
		addPhrases(len(s.items)-1, e.Official)
		addPhrases(len(s.items)-1, wordValues(e.Keywords)...)
	}
	for _, cl := range []catalog.Class{catalog.ClassSuccess, catalog.ClassIntermediate, catalog.ClassTransient, catalog.ClassPermanent} {
		s.classes = append(s.classes, classItem{value: cl.Key(), names: cat.ReplyClass(cl).Name})
	}
	s.texts = make([]string, len(s.phrases))
	vocab := map[string]map[int]bool{}
	for i, p := range s.phrases {
		s.texts[i] = p.text
		for _, w := range strings.FieldsFunc(p.text, notWord) {
			if vocab[w] == nil {
				vocab[w] = map[int]bool{}
			}
			vocab[w][p.item] = true
		}
	}
	for w, items := range vocab {
		v := vocWord{word: w, runes: utf8.RuneCountInString(w)}
		for it := range items {
			v.items = append(v.items, it)
		}
		sort.Ints(v.items)
		s.vocab = append(s.vocab, v)
	}
	sort.Slice(s.vocab, func(i, j int) bool { return s.vocab[i].word < s.vocab[j].word })
	seen := map[int]bool{}
	for _, e := range cat.EnhancedList() {
		if sub := e.Code.Subject; !seen[sub] {
			seen[sub] = true
			s.classes = append(s.classes, classItem{value: "X." + strconv.Itoa(sub) + ".x", names: cat.Subject(sub).Name})
		}
	}
	return s
}

func frequencyRank(f catalog.Frequency) int {
	switch f {
	case catalog.VeryCommon:
		return 0
	case catalog.Common:
		return 1
	case catalog.Occasional:
		return 2
	case catalog.Rare:
		return 3
	}
	return 4
}

func textValues(t catalog.Text) []string { return t.All() }

func wordValues(w catalog.Words) []string {
	langs := make([]string, 0, len(w))
	for l := range w {
		langs = append(langs, l)
	}
	sort.Strings(langs)
	var out []string
	for _, l := range langs {
		out = append(out, w[l]...)
	}
	return out
}

func notWord(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }

// candidate is one proposed choice before it becomes a Discord choice.
type candidate struct {
	item  int
	value string // the code as the user will send it: "552", "5.7.26"
	score int    // higher first
}

// Codes returns up to n choices for a code option. The choice name is the
// code and its name in lang; the value is the code.
func (s *suggester) Codes(input, lang string, n int) []*discordgo.ApplicationCommandOptionChoice {
	in := fold(capRunes(input, maxChoiceLen))
	var cands []candidate
	switch {
	case in == "":
		cands = s.defaults()
	case codeLike(in):
		cands = s.byNumber(in)
	default:
		cands = s.byName(in)
	}
	var out []*discordgo.ApplicationCommandOptionChoice
	seen := map[string]bool{}
	if codeLike(in) && validCode(in) && !s.has(in) {
		// A well-formed code the catalog lacks is still a fine question:
		// the bot explains it by its digits.
		v := canonical(in)
		out = append(out, &discordgo.ApplicationCommandOptionChoice{Name: v, Value: v})
		seen[v] = true
	}
	for _, c := range cands {
		if len(out) >= n {
			break
		}
		if seen[c.value] {
			continue
		}
		seen[c.value] = true
		name := c.value
		if c.item >= 0 {
			if t := s.items[c.item].names.In(lang); t != "" {
				name += " · " + t
			}
		}
		out = append(out, &discordgo.ApplicationCommandOptionChoice{Name: capRunes(name, maxChoiceLen), Value: capRunes(c.value, maxChoiceLen)})
	}
	return out
}

// Classes returns up to n choices for the list filter.
func (s *suggester) Classes(input, lang string, n int) []*discordgo.ApplicationCommandOptionChoice {
	in := strings.ToLower(strings.TrimSpace(capRunes(input, maxChoiceLen)))
	var out []*discordgo.ApplicationCommandOptionChoice
	for _, c := range s.classes {
		value := c.value
		// "5.7" asks for the 5.7.x subject in class 5 rather than X.7.x.
		if strings.HasPrefix(value, "X.") && len(in) > 0 && strings.ContainsRune("245", rune(in[0])) {
			value = in[:1] + value[1:]
		}
		name := value
		if t := c.names.In(lang); t != "" {
			name += " · " + t
		}
		if in != "" && !strings.HasPrefix(strings.ToLower(value), in) && !strings.Contains(strings.ToLower(name), in) {
			continue
		}
		out = append(out, &discordgo.ApplicationCommandOptionChoice{Name: capRunes(name, maxChoiceLen), Value: value})
		if len(out) >= n {
			break
		}
	}
	return out
}

// defaults are the codes people ask about most, for an empty option.
func (s *suggester) defaults() []candidate {
	var out []candidate
	for i, it := range s.items {
		if !it.enhanced {
			out = append(out, candidate{item: i, value: it.code, score: -it.rank})
		}
	}
	sort.SliceStable(out, func(a, b int) bool { return out[a].score > out[b].score })
	return out
}

// byNumber matches typed digits as a prefix (textproto style: "55" means
// 55x), then, when nothing starts that way, codes one edit away ("525" for
// 552, "5.7.62" for 5.7.26).
func (s *suggester) byNumber(in string) []candidate {
	var prefix, near []candidate
	budget := typoBudget(utf8.RuneCountInString(in))
	for i, it := range s.items {
		for _, v := range s.forms(it, in) {
			lv := strings.ToLower(v)
			if strings.HasPrefix(lv, in) {
				prefix = append(prefix, candidate{item: i, value: v, score: -len(v)})
				continue
			}
			if d := editDistance(in, lv); d <= budget {
				near = append(near, candidate{item: i, value: v, score: -d})
			}
		}
	}
	if len(prefix) > 0 {
		// Catalog order within the same length: 550 before 5.5.0, 55x in order.
		sort.SliceStable(prefix, func(a, b int) bool { return prefix[a].score > prefix[b].score })
		return prefix
	}
	sort.SliceStable(near, func(a, b int) bool { return near[a].score > near[b].score })
	return near
}

// forms are the ways an item can be written for input in: an enhanced code
// in the class the user typed ("5.7.26" for X.7.26), or in its registry form.
func (s *suggester) forms(it suggestItem, in string) []string {
	if !it.enhanced {
		return []string{it.code}
	}
	if c := in[0]; c == '2' || c == '4' || c == '5' {
		return []string{string(c) + it.code[1:]}
	}
	if c := in[0]; c == 'x' {
		return []string{it.code}
	}
	// Input starts with a digit that is no enhanced class (a basic code).
	return nil
}

// byName matches names and keywords in every language: fuzzy subsequence
// matching first ("mbox full"), then words one or two typos away
// ("mailbx ful", "quota exeeded").
func (s *suggester) byName(in string) []candidate {
	best := map[int]int{}
	for _, m := range fuzzy.Find(in, s.texts) {
		it := s.phrases[m.Index].item
		// Offset fuzzy scores above the typo matches below.
		if sc := 1000 + m.Score; sc > best[it] || best[it] == 0 {
			best[it] = sc
		}
	}
	words := strings.FieldsFunc(in, notWord)
	hits := map[int]int{}
	for _, w := range words {
		n := utf8.RuneCountInString(w)
		if n < 3 {
			continue
		}
		budget := typoBudget(n)
		matched := map[int]bool{}
		for _, v := range s.vocab {
			// A word much shorter than what was typed cannot be it.
			if v.runes < n-budget || !typoOf(w, n, v) {
				continue
			}
			for _, it := range v.items {
				matched[it] = true
			}
		}
		for it := range matched {
			hits[it]++
		}
	}
	for it, h := range hits {
		// Most typed words must match, or "mail" alone would list everything.
		if _, ok := best[it]; !ok && h*2 >= len(words) {
			best[it] = h
		}
	}
	out := make([]candidate, 0, len(best))
	for it, sc := range best {
		out = append(out, candidate{item: it, value: s.items[it].code, score: sc})
	}
	sort.Slice(out, func(a, b int) bool {
		if out[a].score != out[b].score {
			return out[a].score > out[b].score
		}
		return out[a].item < out[b].item
	})
	return out
}

// typoOf reports whether typed word w (n runes) can be phrase word v: a
// start of it, or the word or its start with a typo or two.
func typoOf(w string, n int, v vocWord) bool {
	if strings.HasPrefix(v.word, w) {
		return true
	}
	budget := typoBudget(n)
	if budget == 0 {
		return false
	}
	if d := v.runes - n; d <= budget && d >= -budget && editDistance(w, v.word) <= budget {
		return true
	}
	// Still typing: compare with as much of the word as was typed. Only
	// words with the same first letter, which people rarely get wrong; it
	// keeps this cheap enough for every keystroke.
	if v.runes <= n || v.word[0] != w[0] {
		return false
	}
	k := 0
	for i := 0; i < n; i++ {
		_, size := utf8.DecodeRuneInString(v.word[k:])
		k += size
	}
	return editDistance(w, v.word[:k]) <= budget
}

// fold lowers s and drops Vietnamese diacritics, so "hop thu day" finds
// "hộp thư đầy": many people type without them.
func fold(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" {
		return s
	}
	return strings.Map(func(r rune) rune {
		if r < 0x80 {
			return r
		}
		if b, ok := foldTable[r]; ok {
			return b
		}
		return r
	}, s)
}

var foldTable = func() map[rune]rune {
	m := map[rune]rune{}
	for base, variants := range map[rune]string{
		'a': "àáảãạăằắẳẵặâầấẩẫậ",
		'e': "èéẻẽẹêềếểễệ",
		'i': "ìíỉĩị",
		'o': "òóỏõọôồốổỗộơờớởỡợ",
		'u': "ùúủũụưừứửữự",
		'y': "ỳýỷỹỵ",
		'd': "đ",
	} {
		for _, v := range variants {
			m[v] = base
		}
	}
	return m
}()

// typoBudget is how many edits a word of n runes may have: none for short
// ones, where one edit makes another word.
func typoBudget(n int) int {
	switch {
	case n <= 2:
		return 0
	case n <= 6:
		return 1
	}
	return 2
}

// has reports whether the catalog has the code (an enhanced code in any class).
func (s *suggester) has(code string) bool {
	c, err := catalog.ParseCode(canonical(code))
	if err != nil {
		return false
	}
	want := c.String()
	if !c.Basic() {
		want = c.Enhanced.Generic().String()
	}
	for _, it := range s.items {
		if it.code == want {
			return true
		}
	}
	return false
}

func codeLike(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9', r == '.':
		case (r == 'x' || r == 'X') && (i == 0 || s[i-1] == '.'):
		default:
			return false
		}
	}
	return true
}

func canonical(s string) string {
	if strings.HasPrefix(s, "x.") {
		return "X" + s[1:]
	}
	return s
}

func validCode(s string) bool {
	_, err := catalog.ParseCode(canonical(s))
	return err == nil
}

// editDistance is the optimal string alignment distance: insertions,
// deletions, substitutions and swaps of neighbours each cost one.
func editDistance(a, b string) int {
	// Fixed buffers: autocomplete runs on every keystroke, and the words
	// compared here are short.
	const maxLen = 64
	var ra, rb [maxLen]rune
	la, lb := 0, 0
	for _, r := range a {
		if la == maxLen {
			return 1 << 10 // not a typo of anything here
		}
		ra[la] = r
		la++
	}
	for _, r := range b {
		if lb == maxLen {
			return 1 << 10
		}
		rb[lb] = r
		lb++
	}
	var rows [3][maxLen + 1]int
	prev2, prev, cur := &rows[0], &rows[1], &rows[2]
	for j := 0; j <= lb; j++ {
		prev[j] = j
	}
	for i := 1; i <= la; i++ {
		cur[0] = i
		for j := 1; j <= lb; j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[lb]
}

func capRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}
