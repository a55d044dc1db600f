package bot

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/smtpbot/smtpbot/catalog"
)

// viGroups lists each base letter with its Vietnamese forms. People often
// type Vietnamese without diacritics ("hop thu day"), so matching is done on
// folded text.
var viGroups = [...]string{
	"aàáảãạăằắẳẵặâầấẩẫậ",
	"eèéẻẽẹêềếểễệ",
	"iìíỉĩị",
	"oòóỏõọôồốổỗộơờớởỡợ",
	"uùúủũụưừứửữự",
	"yỳýỷỹỵ",
	"dđ",
}

// foldRune returns the base letter of a lower-case Vietnamese letter, or r.
func foldRune(r rune) rune {
	if r < 0xC0 {
		return r
	}
	if b, ok := viBase[r]; ok {
		return b
	}
	return r
}

// viBase maps every letter of viGroups to the group's first letter.
var viBase = func() map[rune]rune {
	m := map[rune]rune{}
	for _, g := range viGroups {
		base := []rune(g)[0]
		for _, r := range g {
			m[r] = base
		}
	}
	return m
}()

// fold lower-cases s, removes Vietnamese diacritics and combining marks,
// and maps typographic quotes and dashes and full-width characters to
// ASCII.
func fold(s string) string { return foldText(s, true) }

// lowerText is fold keeping the diacritics: the words as typed, to tell
// "khắc" from "khác" after both fold to "khac".
func lowerText(s string) string { return foldText(s, false) }

func foldText(s string, base bool) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 || ('A' <= s[i] && s[i] <= 'Z') {
			ascii = false
			break
		}
	}
	if ascii {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		foldRuneTo(&b, r, base)
	}
	return b.String()
}

// foldRuneTo writes what foldText makes of r: nothing, or one rune or
// more in its place.
func foldRuneTo(b *strings.Builder, r rune, base bool) {
	switch {
	case r < 0x80:
		b.WriteRune(unicode.ToLower(r))
	case unicode.Is(unicode.Mn, r):
		// combining accents of decomposed text
	case r == '‘' || r == '’' || r == '‚' || r == '′':
		b.WriteByte('\'')
	case r == '“' || r == '”' || r == '„' || r == '″':
		b.WriteByte('"')
	case r == '–' || r == '—' || r == '‐' || r == '‑' || r == '−':
		b.WriteByte('-')
	case r == '…':
		b.WriteString("...")
	case r == '\u00a0', r == '\u3000':
		b.WriteByte(' ')
	case '！' <= r && r <= '～':
		// Full-width forms of ASCII, typed with an East Asian input
		// method ("５５０"): the ASCII character.
		b.WriteRune(unicode.ToLower(r - '！' + '!'))
	case base:
		b.WriteRune(foldRune(unicode.ToLower(r)))
	default:
		b.WriteRune(unicode.ToLower(r))
	}
}

// lowerOffsets maps byte offsets of lowerText(s), each at the start or
// end of what a rune of s became, to the offsets of s, in place; offs in
// increasing order.
func lowerOffsets(s string, offs []int) {
	if isASCII(s) {
		return // ASCII: the same offsets
	}
	var b strings.Builder
	k := 0
	for j, r := range s {
		for k < len(offs) && offs[k] <= b.Len() {
			offs[k] = j
			k++
		}
		foldRuneTo(&b, r, false)
	}
	for ; k < len(offs); k++ {
		offs[k] = len(s)
	}
}

// detectLang tells the language a message is written in, from its
// lexicon: letters only one language uses; else phrases of a language, or
// its words in a message with accents; else English words; else a
// particle of a language ending the message ("552 ạ"); "" when it cannot
// tell (a bare code, a pasted reply). A particle's letters decide nothing:
// "which one is more serious ạ?" is English with a Vietnamese politeness
// particle at its end.
func (lx *lexicon) detectLang(text, folded string, toks []token) string {
	accents := false
	particle := "" // the language of a particle met
	for i := 0; i < len(text); {
		r, n := utf8.DecodeRuneInString(text[i:])
		if r < 0x80 || !unicode.IsLetter(r) {
			i += n
			continue
		}
		start, end := wordAround(text, i)
		if l := lx.particleLang(text[start:end]); l != "" {
			particle = l
			i = end
			continue
		}
		accents = true
		for _, r := range text[i:end] {
			if r < 0x80 || !unicode.IsLetter(r) {
				continue
			}
			r = unicode.ToLower(r)
			for _, d := range lx.detect {
				if d.letters != "" && strings.ContainsRune(d.letters, r) {
					return d.lang
				}
			}
		}
		i = end
	}
	var en *langVocab
	bare, bareLang := 0, "" // words of a language typed without its accents
	for i := range lx.detect {
		d := &lx.detect[i]
		if d.lang == catalog.English {
			en = d
			continue
		}
		for _, p := range d.phrases {
			if containsWords(folded, p) {
				return d.lang
			}
		}
		// Accents other languages share ("mã 552 và 452") count when the
		// words are this language's.
		if accents {
			for _, t := range toks {
				if t.kind == tokWord && d.words.has(t) {
					return d.lang
				}
			}
		}
		n := wordsOf(d.words, toks)
		if particle == d.lang {
			n++
		}
		if n > bare {
			bare, bareLang = n, d.lang
		}
	}
	enWords := 0
	if en != nil {
		enWords = wordsOf(en.words, toks)
	}
	// Vietnamese is often typed without diacritics ("loi 5.7.25 la do dau
	// vay"): its words, several of them and more than English ones, tell it.
	if bare >= minBareWords && bare > enWords {
		return bareLang
	}
	if enWords > 0 {
		return catalog.English
	}
	return particle
}

// maxParticleLen bounds, in bytes, the words read as particles: they are
// short, and a long run of letters is not lowered to be compared.
const maxParticleLen = 16

// wordAround returns the bounds of the word around text[i]: letters and
// the combining marks of decomposed text.
func wordAround(text string, i int) (start, end int) {
	inWord := func(r rune) bool { return unicode.IsLetter(r) || unicode.Is(unicode.Mn, r) }
	start, end = i, i
	for start > 0 {
		r, n := utf8.DecodeLastRuneInString(text[:start])
		if !inWord(r) {
			break
		}
		start -= n
	}
	for end < len(text) {
		r, n := utf8.DecodeRuneInString(text[end:])
		if !inWord(r) {
			break
		}
		end += n
	}
	return start, end
}

// particleLang returns the language whose particle the word is, as typed
// (any case), or "".
func (lx *lexicon) particleLang(w string) string {
	if len(w) > maxParticleLen {
		return ""
	}
	w = lowerText(w)
	for _, d := range lx.detect {
		if slices.Contains(d.particles, w) {
			return d.lang
		}
	}
	return ""
}

// minBareWords is how many words of a language typed without accents tell
// it: one ("hay", "la") is also a word or a name of other languages.
const minBareWords = 2

// wordsOf counts the distinct words of toks that v lists.
func wordsOf(v vocab, toks []token) int {
	var seen []string
	for _, t := range toks {
		if t.kind == tokWord && v.has(t) && !slices.Contains(seen, t.text) {
			seen = append(seen, t.text)
		}
	}
	return len(seen)
}

// containsWords reports whether phrase occurs in s on word boundaries.
func containsWords(s, phrase string) bool { return wordsAt(s, phrase, true) }

// containsStem reports whether stem opens a word of s ("support" in
// "supported"), never inside one ("know" is no part of "unknown").
func containsStem(s, stem string) bool { return wordsAt(s, stem, false) }

// wordsAt reports whether phrase occurs in s starting a word and, when
// whole, ending one.
func wordsAt(s, phrase string, whole bool) bool {
	for off := 0; ; {
		i := strings.Index(s[off:], phrase)
		if i < 0 {
			return false
		}
		i += off
		end := i + len(phrase)
		if (i == 0 || !isWordByte(s[i-1])) && (!whole || end == len(s) || !isWordByte(s[end])) {
			return true
		}
		off = i + 1
	}
}

func isWordByte(c byte) bool {
	return c >= 0x80 || ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') || ('0' <= c && c <= '9')
}

// maxTelexText bounds, in bytes, the messages read for Telex: a chat
// question is short, and a long text is never rewritten word by word.
const maxTelexText = 400

// untelex rewrites a message typed in Vietnamese with the input method
// off ("looix 554 laf gif vaayj") as Vietnamese without diacritics ("loi
// 554 la gi vay"), which the lexicon reads, when it reads as such: plain
// ASCII (a diacritic shows the input method on), and at least
// minBareWords of its words typed in Telex or VNI (typedBase, as
// autocomplete reads a word) stand for words of a language's lexicon
// other than English. Every word typedBase reads is then rewritten; the
// others stay as typed. Else text is returned as it is.
func (lx *lexicon) untelex(text string) string {
	if len(text) > maxTelexText || !isASCII(text) {
		return text
	}
	type span struct {
		start, end int
		base       string
	}
	var spans []span
	known := 0
	for i := 0; i < len(text); {
		if !isASCIILetter(text[i]) {
			i++
			continue
		}
		j := i
		for j < len(text) && (isASCIILetter(text[j]) || isDigitByte(text[j])) {
			j++
		}
		if j < len(text) && text[j] == '.' || i > 0 && (text[i-1] == '.' || text[i-1] == '@' || isDigitByte(text[i-1])) {
			i = j // part of a name, an address or a code ("smtp.gmail", "5.7.1x")
			continue
		}
		if base, ok := typedBase(strings.ToLower(text[i:j])); ok {
			spans = append(spans, span{i, j, base})
			if lx.otherWord(base) {
				known++
			}
		}
		i = j
	}
	if known < minBareWords {
		return text
	}
	var b strings.Builder
	b.Grow(len(text))
	at := 0
	for _, s := range spans {
		b.WriteString(text[at:s.start])
		b.WriteString(s.base)
		at = s.end
	}
	b.WriteString(text[at:])
	return b.String()
}

// otherWord reports whether the folded word is one of the words a
// language other than English is told by (detect_words).
func (lx *lexicon) otherWord(w string) bool {
	for _, d := range lx.detect {
		if d.lang != catalog.English && d.words.folded(w) {
			return true
		}
	}
	return false
}
