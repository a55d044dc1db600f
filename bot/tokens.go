package bot

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/smtpbot/smtpbot/catalog"
)

// tokKind is what a token of a question is.
type tokKind uint8

const (
	tokWord   tokKind = iota // a word
	tokCode                  // a valid basic or enhanced code
	tokBad                   // looks like a code but is not one: "999", "9.9.9"
	tokFilter                // a list filter: "4xx", "5.7.x"
	tokNumber                // any other number: a year, an IP address, a size
	tokPunct                 // punctuation that separates phrases: , / ? ; ( ) &
)

type token struct {
	kind tokKind
	text string // folded
	raw  string // lower case as typed, with its diacritics
	at   int    // byte offset in the text tokenized
	end  int    // byte offset of its end (glued tokens share the word's)
	code catalog.Code
}

// tokenize splits lower-case text (lowerText) into words, codes and
// separators. Words may be glued to a code without a space when the
// lexicon lists them as connectors: "252vs552", "smtp451", "550or552".
func (lx *lexicon) tokenize(s string) []token {
	var out []token
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case (r == 'h' || r == 'w') && urlAt(s, i):
			// A web address is one thing, not words: the numbers in its
			// path ("…/fix-error-code-550-5-7-1") are no codes typed.
			for i < len(s) && !isURLEnd(s[i]) {
				i++
			}
		case isTokenRune(r):
			j := i
			for j < len(s) {
				r2, n := utf8.DecodeRuneInString(s[j:])
				if isTokenRune(r2) {
					j += n
					continue
				}
				// A dot or apostrophe inside a token ("5.1.1", "what's")
				// belongs to it; at its end it does not.
				if (r2 == '.' || r2 == '\'') && j+1 < len(s) {
					if r3, _ := utf8.DecodeRuneInString(s[j+1:]); isTokenRune(r3) {
						j += n
						continue
					}
				}
				if r2 == '-' && hyphenJoins(s[i:j], s[j+1:]) {
					j += n
					continue
				}
				break
			}
			n := len(out)
			out = lx.appendWord(out, s[i:j])
			for k := n; k < len(out); k++ {
				out[k].at, out[k].end = i, j
			}
			if len(out) == n+1 && (lx.signAt(s, j) || insideFieldValue(s, i)) && (out[n].kind == tokCode || out[n].kind == tokBad) {
				// "150%": an amount, a number no code can be; "…_GCM:256"
				// inside a log field's value, a part of the value.
				out[n].kind, out[n].code = tokNumber, catalog.Code{}
			}
			i = j
		case strings.ContainsRune(",/?;()&|+=:!", r) || lx.compareSigns != "" && strings.ContainsRune(lx.compareSigns, r):
			// Punctuation, and the signs of a comparison ("421 ≠ 450"),
			// which stand where a comparison word would.
			out = append(out, token{kind: tokPunct, text: string(r), raw: string(r), at: i, end: i + size})
			i += size
		default:
			i += size
		}
	}
	return out
}

// signAt reports whether s[j:] opens with a sign of an amount glued to
// the number before it (chatter.signs: "%").
func (lx *lexicon) signAt(s string, j int) bool {
	r, n := utf8.DecodeRuneInString(s[j:])
	return n > 0 && lx.signs != "" && strings.ContainsRune(lx.signs, r)
}

// urlAt reports whether a web address starts at s[i]: "http://",
// "https://" or "www." at the start of a word.
func urlAt(s string, i int) bool {
	if i > 0 && !isURLEnd(s[i-1]) && !strings.ContainsRune("(<[\"'", rune(s[i-1])) {
		return false
	}
	rest := s[i:]
	return strings.HasPrefix(rest, "https://") || strings.HasPrefix(rest, "http://") || strings.HasPrefix(rest, "www.")
}

// isURLEnd reports whether c ends a web address: a space or a line break.
func isURLEnd(c byte) bool { return c == ' ' || c == '\n' || c == '\t' }

func isTokenRune(r rune) bool {
	return ('a' <= r && r <= 'z') || ('0' <= r && r <= '9') || ('A' <= r && r <= 'Z') || (r >= 0x80 && unicode.IsLetter(r))
}

// hyphenJoins reports whether a hyphen between before and after (the token
// so far and the text after the hyphen) joins letters and digits into one
// word, written as without it: "utf-8" is "utf8", "8-bit" is "8bit". A code
// on either side keeps the hyphen a separator ("550-5.7.1", "smtp-451").
func hyphenJoins(before, after string) bool {
	if before == "" || after == "" {
		return false
	}
	last, first := before[len(before)-1], after[0]
	switch {
	case isDigitByte(last) && isASCIILetter(first):
		k := len(before)
		for k > 0 && (isDigitByte(before[k-1]) || before[k-1] == '.') {
			k--
		}
		if k > 0 && before[k-1] != '-' {
			return false // "v1-beta": letters before the digits, no joining
		}
		_, code := classify(before[k:])
		return !code && !strings.Contains(before[k:], ".")
	case isASCIILetter(last) && isDigitByte(first):
		k := 0
		for k < len(after) && (isDigitByte(after[k]) || after[k] == '.') {
			k++
		}
		if k < len(after) && isTokenByteStart(after[k:]) {
			return false // "abc-12x": not a word of letters and a number
		}
		_, code := classify(after[:k])
		return !code && !strings.Contains(after[:k], ".")
	}
	return false
}

func isASCIILetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

// appendWord classifies one run of letters, digits and inner dots.
func (lx *lexicon) appendWord(out []token, raw string) []token {
	if strings.IndexByte(raw, '-') >= 0 {
		raw = strings.ReplaceAll(raw, "-", "")
	}
	w := fold(raw)
	if t, ok := classify(w); ok {
		t.raw = t.text
		return append(out, t)
	}
	if t, ok := lx.codeWithEnding(w); ok {
		return append(out, t)
	}
	// "252vs552", "smtp451": split letters from digits when the letters are
	// a connector and the digits a code; anything else stays one word.
	parts := splitAlnum(w)
	if len(parts) > 1 {
		ok := true
		for _, p := range parts {
			if isDigits(p) {
				if len(p) != 3 {
					ok = false
				}
			} else if !lx.connectors.folded(p) {
				if _, isCode := classify(p); !isCode {
					ok = false
				}
			}
		}
		if ok {
			for _, p := range parts {
				if t, isCode := classify(p); isCode {
					t.raw = t.text
					out = append(out, t)
				} else {
					out = append(out, token{kind: tokWord, text: p, raw: p})
				}
			}
			return out
		}
	}
	// Letters and digits without dots make a word ("8bitmime", "ipv6",
	// "smtputf8"); digits alone or with dots a number ("2024", "10.0.0.1",
	// "mx1.example.com" stays one too: a host is no word of a name).
	if hasDigit(w) && (!hasLetter(w) || strings.IndexByte(w, '.') >= 0) {
		return append(out, token{kind: tokNumber, text: w, raw: raw})
	}
	return append(out, token{kind: tokWord, text: w, raw: raw})
}

// splitQualified splits the words of toks, read in lower case, that are
// programs' qualified names as typed (cased, the same bytes: see
// qualifiedName) into their parts: "SmtpStatusCode.MailboxBusy" is a
// type's name and a library's name for a code.
func (lx *lexicon) splitQualified(toks []token, cased string) []token {
	var out []token
	for i, t := range toks {
		parts, ok := []string(nil), false
		if t.kind == tokWord && t.end <= len(cased) {
			parts, ok = qualifiedName(cased[t.at:t.end])
		}
		if !ok {
			if out != nil {
				out = append(out, t)
			}
			continue
		}
		if out == nil {
			out = append(make([]token, 0, len(toks)+len(parts)), toks[:i]...)
		}
		for _, p := range parts {
			n := len(out)
			out = lx.appendWord(out, p)
			for k := n; k < len(out); k++ {
				out[k].at, out[k].end = t.at, t.end
			}
		}
	}
	if out == nil {
		return toks
	}
	return out
}

// qualifiedName splits raw at its dots when it is a name of a program's
// code qualified by its type or package ("SmtpStatusCode.MailboxBusy",
// "System.Net.Mail.SmtpException"): letters only, every part opening with
// an upper-case letter and one part in camel case (an upper-case letter
// after a lower-case one). A host name ("Mail.Example.com") has no camel
// case part, and a code's digits are never split.
func qualifiedName(raw string) ([]string, bool) {
	if strings.IndexByte(raw, '.') < 0 {
		return nil, false
	}
	parts := strings.Split(raw, ".")
	camel := false
	for _, p := range parts {
		if p == "" || !('A' <= p[0] && p[0] <= 'Z') {
			return nil, false
		}
		for i := 0; i < len(p); i++ {
			if !isASCIILetter(p[i]) {
				return nil, false
			}
			if i > 0 && 'A' <= p[i] && p[i] <= 'Z' && 'a' <= p[i-1] && p[i-1] <= 'z' {
				camel = true
			}
		}
	}
	return parts, camel
}

// codeWithEnding reads a valid code with one of the lexicon's code endings
// glued on ("a pile of 5.1.1s", "all those 550's"): the code counted.
func (lx *lexicon) codeWithEnding(w string) (token, bool) {
	for _, e := range lx.codeEndings {
		if stem, ok := strings.CutSuffix(w, e); ok {
			if t, ok := classify(stem); ok && t.kind == tokCode {
				t.raw = t.text
				return t, true
			}
		}
	}
	return token{}, false
}

// classify recognises codes, code-like tokens and list filters.
func classify(w string) (token, bool) {
	lw := strings.ToLower(w)
	switch {
	case len(lw) == 3 && isDigits(lw):
		if c, err := catalog.ParseCode(lw); err == nil {
			return token{kind: tokCode, text: lw, code: c}, true
		}
		return token{kind: tokBad, text: lw}, true
	case len(lw) == 3 && lw[0] >= '2' && lw[0] <= '5' && lw[1:] == "xx":
		return token{kind: tokFilter, text: lw}, true
	case strings.Count(lw, ".") == 2:
		p := strings.Split(lw, ".")
		if p[0] == "" || p[1] == "" || p[2] == "" {
			return token{}, false
		}
		if p[2] == "x" && (p[1] == "x" || isDigits(p[1])) && (p[0] == "x" || (len(p[0]) == 1 && p[0][0] >= '2' && p[0][0] <= '5')) {
			return token{kind: tokFilter, text: lw}, true
		}
		if detailPattern(p[2]) && isDigits(p[1]) && (p[0] == "x" || (len(p[0]) == 1 && p[0][0] >= '2' && p[0][0] <= '5')) {
			// The first digits of a detail ("5.7.7xx": 5.7.700 to 5.7.799).
			return token{kind: tokFilter, text: lw}, true
		}
		if !(isDigits(p[0]) || p[0] == "x") || !isDigits(p[1]) || !isDigits(p[2]) {
			return token{}, false
		}
		if p[0] == "0" {
			// No class 0 exists (RFC 3463: 2, 4, 5): "0.0.0" is a
			// report's stand-in for a missing status ("with code 550
			// (0.0.0)"), "0.9.1" a version; a number, no code asked about.
			return token{kind: tokNumber, text: lw}, true
		}
		if c, err := catalog.ParseCode(lw); err == nil {
			return token{kind: tokCode, text: c.String(), code: c}, true
		}
		if len(p[0]) == 1 && len(p[1]) <= 3 && len(p[2]) <= 3 {
			return token{kind: tokBad, text: lw}, true
		}
		return token{kind: tokNumber, text: lw}, true
	}
	return token{}, false
}

// detailPattern reports whether d is the first digits of a detail with
// "x" for each digit left ("7xx", "5x"): three characters at most.
func detailPattern(d string) bool {
	digits := strings.TrimRight(d, "x")
	return len(d) <= 3 && digits != "" && digits != d && isDigits(digits)
}

func splitAlnum(w string) []string {
	var parts []string
	start := 0
	for i := 1; i <= len(w); i++ {
		if i == len(w) || isDigitByte(w[i]) != isDigitByte(w[i-1]) || w[i] == '.' || w[i-1] == '.' {
			if i > start && w[start:i] != "." {
				parts = append(parts, w[start:i])
			}
			start = i
		}
	}
	return parts
}

func isDigitByte(c byte) bool { return '0' <= c && c <= '9' }

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isDigitByte(s[i]) {
			return false
		}
	}
	return true
}

func hasDigit(s string) bool {
	for i := 0; i < len(s); i++ {
		if isDigitByte(s[i]) {
			return true
		}
	}
	return false
}
