package bot

import (
	"strings"
	"unicode"

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
// and maps typographic quotes and dashes to ASCII.
func fold(s string) string {
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
		case r == '\u00a0':
			b.WriteByte(' ')
		default:
			b.WriteRune(foldRune(unicode.ToLower(r)))
		}
	}
	return b.String()
}

// viOnly are letters only Vietnamese uses among the languages people write
// to the bot in; combining hook above, horn and dot below are decomposed forms.
const viOnly = "ăâđêôơưĂÂĐÊÔƠƯ\u0309\u031b\u0323"

// viPhrases are Vietnamese phrases typed without diacritics, folded.
var viPhrases = []string{
	"la gi", "khac gi", "khac nhau", "so sanh", "nghia la", "y nghia", "giai thich",
	"hop thu", "ma loi", "loi smtp", "bi loi", "tai sao", "vi sao", "nghia gi",
	"liet ke", "danh sach", "tro giup", "huong dan", "thu bi tra",
}

// viWords are common Vietnamese words of questions, folded.
var viWords = map[string]bool{
	"ma": true, "va": true, "voi": true, "loi": true, "la": true, "gi": true, "khac": true, "hop": true,
	"thu": true, "cua": true, "nao": true, "sao": true, "nghia": true, "giai": true, "thich": true,
}

// enWords are English words that show a question is written in English.
var enWords = map[string]bool{
	"what": true, "whats": true, "what's": true, "does": true, "mean": true, "means": true, "meaning": true,
	"explain": true, "difference": true, "between": true, "compare": true, "why": true, "how": true,
	"the": true, "is": true, "are": true, "did": true, "get": true, "got": true, "error": true,
	"same": true, "help": true, "list": true, "codes": true, "code": true, "vs": true, "versus": true,
	"and": true, "or": true, "which": true, "when": true, "should": true, "can": true, "i": true,
	"my": true, "bounce": true, "bounced": true, "show": true, "tell": true, "about": true, "know": true,
}

// detectLang tells the language a message is written in: "vi" from the
// letters only Vietnamese uses or from common Vietnamese phrases, "en" from
// common English words, "" when it cannot tell (a bare code, a pasted reply).
func detectLang(text, folded string, words []string) string {
	for _, r := range text {
		if strings.ContainsRune(viOnly, r) || (r >= 0x1EA0 && r <= 0x1EF9) {
			return catalog.Vietnamese
		}
	}
	for _, p := range viPhrases {
		if containsWords(folded, p) {
			return catalog.Vietnamese
		}
	}
	// Accents Vietnamese shares with other languages ("mã 552 và 452")
	// count when the folded words are Vietnamese ones.
	if strings.ContainsAny(text, "àáãèéìíòóõùúýỳÀÁÃÈÉÌÍÒÓÕÙÚÝ") {
		for _, w := range words {
			if viWords[w] {
				return catalog.Vietnamese
			}
		}
	}
	for _, w := range words {
		if enWords[w] {
			return catalog.English
		}
	}
	return ""
}

// containsWords reports whether phrase occurs in s on word boundaries.
func containsWords(s, phrase string) bool {
	for off := 0; ; {
		i := strings.Index(s[off:], phrase)
		if i < 0 {
			return false
		}
		i += off
		end := i + len(phrase)
		if (i == 0 || !isWordByte(s[i-1])) && (end == len(s) || !isWordByte(s[end])) {
			return true
		}
		off = i + 1
	}
}

func isWordByte(c byte) bool {
	return c >= 0x80 || ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') || ('0' <= c && c <= '9')
}
