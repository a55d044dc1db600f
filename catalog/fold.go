package catalog

import (
	"strings"
	"unicode/utf8"
)

// Lower returns text as the text rules read it: in lower case, with the
// forms that spell the same words in other scripts' typography folded to
// the ones the rules are written in. Japanese and Chinese bounces write
// Latin words in full-width forms ("Ｕｓｅｒ ｕｎｋｎｏｗｎ", U+FF01–U+FF5E),
// with the ideographic space (U+3000), and localized NDRs write the
// typographic apostrophe ("n’existe pas", U+2018/U+2019): each becomes its
// ASCII form, so one pattern in rules.json reads them all. An ASCII text
// is only lowered.
func Lower(text string) string {
	lower := strings.ToLower(text)
	for i := 0; i < len(lower); i++ {
		if lower[i] >= utf8.RuneSelf {
			return strings.Map(foldRune, lower)
		}
	}
	return lower
}

// foldRune maps a full-width ASCII form, the ideographic space and the
// typographic single quotes to ASCII; other runes are kept.
func foldRune(r rune) rune {
	switch {
	case r >= 0xFF01 && r <= 0xFF5E:
		return r - 0xFF01 + '!'
	case r == 0x3000:
		return ' '
	case r == 0x2018 || r == 0x2019:
		return '\''
	}
	return r
}
