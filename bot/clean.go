package bot

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxInput caps how much of a message is read. Longer messages are cut at a
// rune boundary; a bounce worth explaining fits well within it.
const MaxInput = 4096

// Clean caps the message, makes it valid UTF-8, drops control and
// formatting characters (bidirectional marks, zero-width characters), and
// removes chat markup so that it is never parsed or echoed.
func Clean(s string) string {
	long := len(s) > MaxInput
	if long {
		cut := MaxInput
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut]
	}
	if printableASCII(s) {
		// What the loop below would copy unchanged: most questions. A
		// long message is copied all the same, so that what is kept of it
		// does not keep all of it.
		s = strings.TrimSpace(fixDamagedReply(fixLookalikes(stripEmphasis(stripStruck(stripMarkup(s))))))
		if long {
			s = strings.Clone(s)
		}
		return s
	}
	s = strings.ToValidUTF8(s, " ")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == '\n' || r == '\t':
			b.WriteRune(r)
		case r == '\r':
			b.WriteByte('\n') // a lone CR ends a line too
		case unicode.IsControl(r), unicode.IsSpace(r):
			b.WriteByte(' ')
		case unicode.Is(unicode.Cf, r), r == utf8.RuneError:
			// Format characters (RTL marks, zero-width joiners, soft
			// hyphens) are invisible: dropping them rejoins what they split.
		case '！' <= r && r <= '～':
			// Full-width forms of ASCII, typed with an East Asian input
			// method or a phone's keyboard ("５５０ 5.1.1"): the ASCII
			// character they stand for, as Unicode's compatibility
			// folding (NFKC) reads them.
			b.WriteRune(r - '！' + '!')
		case r == '‘' || r == '’' || r == '‚' || r == '‛':
			b.WriteByte('\'') // typographic quotes, as a mail client or a phone sets them
		case r == '“' || r == '”' || r == '„' || r == '‟':
			b.WriteByte('"')
		default:
			b.WriteRune(r)
		}
	}
	s = fixDamagedReply(fixLookalikes(stripEmphasis(stripStruck(stripMarkup(b.String())))))
	return strings.TrimSpace(collapseBlankLines(s))
}

// printableASCII reports whether s holds only printable ASCII and spaces:
// no line breaks, controls or anything Clean rewrites rune by rune.
func printableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < ' ' || s[i] > '~' {
			return false
		}
	}
	return true
}

// collapseBlankLines trims spaces at line ends and keeps at most one blank
// line in a row, so pasted bounces stay readable but small.
func collapseBlankLines(s string) string {
	if !strings.Contains(s, "\n") {
		return s
	}
	lines := strings.Split(s, "\n")
	out := lines[:0]
	blank := 0
	for _, l := range lines {
		l = strings.TrimRight(l, " \t")
		if l == "" {
			blank++
			if blank > 1 {
				continue
			}
		} else {
			blank = 0
		}
		out = append(out, l)
	}
	return strings.Join(out, "\n")
}

// maxStruck bounds the text struck through that stripStruck removes.
const maxStruck = 200

// stripStruck replaces text struck through (Slack's "~550~", Discord's and
// Markdown's "~~550~~") with an ellipsis (withdraw): what the writer took
// back is no part of the question, and what follows it is their
// correction, in their own sentence, not a reply pasted at a line's start
// ("~550~ 553 sorry, typo"). A tilde that opens no span on its line ("~300
// mails", "~/.forward") stays.
func stripStruck(s string) string {
	if strings.Count(s, "~") < 2 {
		return s
	}
	var spans [][2]int
	for off := 0; ; {
		i, j := struckSpan(s[off:])
		if i < 0 {
			break
		}
		spans = append(spans, [2]int{off + i, off + j})
		off += j
	}
	return withdraw(s, spans)
}

// withdraw replaces the spans of s that the writer took back with an
// ellipsis each: struck through (stripStruck) or said in words ("552, not
// 522": lexicon.withdrawn). The spans are in order and do not overlap.
func withdraw(s string, spans [][2]int) string {
	return replaceSpans(s, spans, "…")
}

// replaceSpans replaces each of the spans of s, in order and not
// overlapping, with the string with.
func replaceSpans(s string, spans [][2]int, with string) string {
	if len(spans) == 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	last := 0
	for _, sp := range spans {
		b.WriteString(s[last:sp[0]])
		b.WriteString(with)
		last = sp[1]
	}
	b.WriteString(s[last:])
	return b.String()
}

// struckSpan finds the first span struck through in s, with its marks:
// one or two tildes after a space or the start, a word right after them,
// and the same marks closing on the same line right after words, before a
// space, punctuation or the end. -1 when there is none.
func struckSpan(s string) (int, int) {
	for off := 0; ; {
		k := strings.IndexByte(s[off:], '~')
		if k < 0 {
			return -1, -1
		}
		i := off + k
		off = i + 1
		if i > 0 && (isWordRune(rune(s[i-1])) || s[i-1] == '~') {
			continue
		}
		mark := "~"
		if strings.HasPrefix(s[i:], "~~") {
			mark = "~~"
		}
		from := i + len(mark)
		if from >= len(s) || !isWordRune(rune(s[from])) && s[from] < utf8.RuneSelf {
			continue // words are struck, not a path ("~/.forward")
		}
		rest := s[from:min(len(s), from+maxStruck)]
		if nl := strings.IndexByte(rest, '\n'); nl >= 0 {
			rest = rest[:nl]
		}
		c := strings.Index(rest, mark)
		if c <= 0 || rest[c-1] == ' ' {
			continue
		}
		end := from + c + len(mark)
		if end < len(s) && (isWordRune(rune(s[end])) || s[end] == '~') {
			continue
		}
		return i, end
	}
}

// stripEmphasis removes the marks of chat emphasis around words: Slack's
// bold "*550*" and italic "_550_", Markdown's "**550**" and "__550__",
// Discord's spoiler "||192.0.2.1||". The words stay; only the marks go,
// so that what they wrap reads as typed. A mark opens at a line's start
// or after a space or an opening bracket or quote, right before a
// non-space; the same mark closes it on the same line right after a
// non-space and before anything but a letter or a digit. Anything else
// stays: "a_b", "*.example.com", "2*3", "*** ATTENTION ***", "a || b".
func stripEmphasis(s string) string {
	if !strings.ContainsAny(s, "*_|") {
		return s
	}
	var spans [][2]int
	for i := 0; i < len(s); {
		c := s[i]
		if c != '*' && c != '_' && c != '|' {
			i++
			continue
		}
		run := 1
		for i+run < len(s) && s[i+run] == c {
			run++
		}
		from := i + run
		if run > 2 || c == '|' && run != 2 || !opensEmphasis(s, i) || from >= len(s) || s[from] == ' ' || s[from] == '\t' || s[from] == '\n' {
			i = from
			continue
		}
		mark := s[i:from]
		rest := s[from:min(len(s), from+maxStruck)]
		if nl := strings.IndexByte(rest, '\n'); nl >= 0 {
			rest = rest[:nl]
		}
		closed := false
		for k := 1; k+run <= len(rest); k++ {
			if !strings.HasPrefix(rest[k:], mark) || rest[k-1] == ' ' || rest[k-1] == '\t' || rest[k-1] == c {
				continue
			}
			end := from + k + run
			if end < len(s) && (s[end] == c || isWordRune(rune(s[end])) || s[end] >= utf8.RuneSelf) {
				continue
			}
			spans = append(spans, [2]int{i, from}, [2]int{from + k, end})
			i, closed = end, true
			break
		}
		if !closed {
			i = from
		}
	}
	return replaceSpans(s, spans, "")
}

// opensEmphasis reports whether an emphasis mark may open at s[i]: at a
// line's start, or after a space, an opening bracket or a quote.
func opensEmphasis(s string, i int) bool {
	return i == 0 || strings.IndexByte(" \t\n([{\"'", s[i-1]) >= 0
}

// stripMarkup removes Slack (<@U123>, <!channel>, <!subteam^S1|@team>,
// <#C1|general>, <mailto:a|b>, <http://x|y>) and Discord (<@123>, <@!123>,
// <#123>, <@&123>, <:emoji:1>, <t:1:R>, @everyone, @here) markup and code
// fences (```). Links keep
// their label; mentions disappear. It repeats until nothing changes, so
// markup hidden inside a link label cannot survive either.
func stripMarkup(s string) string {
	for range 8 {
		next := stripOnce(s)
		if next == s {
			break
		}
		s = next
	}
	// Whatever is left that could still open a mention ("<!<0>", or hostile
	// input that kept changing) loses its bracket, then the @-words go.
	if strings.IndexByte(s, '<') >= 0 { // building the replacer costs more than most questions
		s = strings.NewReplacer("<@", " @", "<#", " #", "<!", " !").Replace(s)
	}
	for _, m := range []string{"@everyone", "@here", "@channel"} {
		s = removeFold(s, m)
	}
	s = stripLeadMentions(s)
	// A code block's fence (```) is no part of what it holds: it becomes
	// a line break, so a reply pasted in one starts its own line.
	return strings.ReplaceAll(s, "```", "\n")
}

// stripLeadMentions removes a mention typed as plain text at the start of
// a line ("@smtpbot 421 …", as Discord, Matrix or the web show it when the
// name is not turned into markup): it addresses the message to someone and
// is no word of it, so a reply after it still starts its line. A mention
// is "@" and a name of letters, digits, "_" and "-" with at least one
// letter, followed by a space, a comma, a colon or the line's end; a
// domain ("@example.com") has a dot and stays, and so does an address,
// whose "@" follows its local part.
func stripLeadMentions(s string) string {
	if strings.IndexByte(s, '@') < 0 {
		return s
	}
	var b strings.Builder
	changed := false
	for _, line := range strings.SplitAfter(s, "\n") {
		lead := len(line) - len(strings.TrimLeft(line, " \t"))
		rest := line[lead:]
		for {
			n := mentionLen(rest)
			if n == 0 {
				break
			}
			rest = strings.TrimLeft(rest[n:], " \t,:")
			changed = true
		}
		b.WriteString(line[:lead])
		b.WriteString(rest)
	}
	if !changed {
		return s
	}
	return b.String()
}

// mentionLen returns the length of the plain-text mention s opens with
// (see stripLeadMentions), 0 for none.
func mentionLen(s string) int {
	if len(s) < 2 || s[0] != '@' {
		return 0
	}
	j, letter := 1, false
	for j < len(s) && (isAlnumByte(s[j]) || s[j] == '_' || s[j] == '-') {
		letter = letter || !isDigitByte(s[j])
		j++
	}
	if !letter || j < len(s) && strings.IndexByte(" \t\n,:", s[j]) < 0 {
		return 0
	}
	return j
}

func stripOnce(s string) string {
	if !strings.ContainsAny(s, "<@") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for {
		i := strings.IndexByte(s, '<')
		if i < 0 {
			break
		}
		j := strings.IndexByte(s[i+1:], '>')
		if j < 0 {
			break // no '>' left: nothing after can be markup
		}
		inner := s[i+1 : i+1+j]
		if k := strings.LastIndexByte(inner, '<'); k >= 0 {
			// "<<@U1>": the markup starts at the innermost '<'.
			b.WriteString(s[:i+1+k])
			s = s[i+1+k:]
			continue
		}
		b.WriteString(s[:i])
		switch {
		case inner == "":
			b.WriteString("<>")
		case strings.HasPrefix(inner, "@"), strings.HasPrefix(inner, "!"), strings.HasPrefix(inner, "#"),
			strings.HasPrefix(inner, ":"), strings.HasPrefix(inner, "a:"), strings.HasPrefix(inner, "t:"):
			b.WriteByte(' ')
		case hasPrefixFold(inner, "http://"), hasPrefixFold(inner, "https://"), hasPrefixFold(inner, "mailto:"):
			if _, label, ok := strings.Cut(inner, "|"); ok {
				b.WriteString(label)
			} else {
				b.WriteString(strings.TrimPrefix(inner, "mailto:"))
			}
		default:
			// Not markup: an address such as <user@example.com> in a bounce.
			b.WriteString(s[i : i+1+j+1])
		}
		s = s[i+1+j+1:]
	}
	b.WriteString(s)
	return b.String()
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// removeFold replaces every ASCII case-insensitive occurrence of word (which
// is ASCII) with a space.
func removeFold(s, word string) string {
	var b strings.Builder
	changed := false
	for i := 0; i < len(s); {
		if i+len(word) <= len(s) && asciiEqualFold(s[i:i+len(word)], word) {
			if !changed {
				b.Grow(len(s))
				b.WriteString(s[:i])
				changed = true
			}
			b.WriteByte(' ')
			i += len(word)
			continue
		}
		if changed {
			b.WriteByte(s[i])
		}
		i++
	}
	if !changed {
		return s
	}
	return b.String()
}

func asciiEqualFold(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}

// fixLookalikes rewrites a code typed with a letter for a digit that looks
// like it, "55O", "5.1.l", "45o", "4.2.I": a word that starts with a digit,
// holds only digits, inner dots and one of the letters O, l or I, and is
// a valid code once it is a digit. Every other word is left as typed. The
// text keeps its length, so offsets into it stay right; it is copied only
// when a word changes.
func fixLookalikes(s string) string {
	var out []byte
	for i := 0; i < len(s); {
		if !isDigitByte(s[i]) || (i > 0 && (isAlnumByte(s[i-1]) || s[i-1] == '.' || s[i-1] >= 0x80)) {
			i++
			continue
		}
		j, swapped := i, 0
		for j < len(s) && (isAlnumByte(s[j]) || s[j] == '.' && j+1 < len(s) && isAlnumByte(s[j+1])) {
			if lookalikeDigit(s[j]) != 0 {
				swapped++
			}
			j++
		}
		if j < len(s) && s[j] >= 0x80 {
			swapped = 0 // a letter of another script glued to it
		}
		// One slip of the finger: "2lo" or "4oo" is a word.
		if swapped == 1 && j-i <= maxCodeLen {
			var buf [maxCodeLen]byte
			w := buf[:j-i]
			ok := true
			for k := range w {
				c := s[i+k]
				if d := lookalikeDigit(c); d != 0 {
					c = d
				} else if !isDigitByte(c) && c != '.' {
					ok = false
					break
				}
				w[k] = c
			}
			if t, isCode := classify(string(w)); ok && isCode && t.kind == tokCode {
				if out == nil {
					out = []byte(s)
				}
				copy(out[i:j], w)
			}
		}
		i = j
	}
	if out == nil {
		return s
	}
	return string(out)
}

// maxCodeLen is the longest code: "5.999.999".
const maxCodeLen = 9

// lookalikeDigit is the digit a letter is typed for, or 0.
func lookalikeDigit(c byte) byte {
	switch c {
	case 'O', 'o':
		return '0'
	case 'l', 'I':
		return '1'
	}
	return 0
}

// fixDamagedReply mends the codes of a reply damaged by OCR or a scan
// where the reply's own structure confirms what they were: a basic code
// in its place (a line's start, or after a colon) followed by an enhanced
// code of the same class and then the reply's words. Only there is "S50
// 5.7.1 Unfortunately…" or "S50-5.7.1 Unfortunately…" read 550 (an S for
// a 5), "5 5 0 5.4.1 Recipient…"
// read 550 (a scan's gaps between the digits) and "550 5,1,1 <ann@…>:
// Recipient…" read 5.1.1 (commas for dots). A number anywhere else keeps
// what it was typed as. The text keeps its length, so offsets into it stay
// right; it is copied only when a reply is mended.
func fixDamagedReply(s string) string {
	var out []byte
	for i := 0; i < len(s); i++ {
		if !replyPlace(s, i) {
			continue
		}
		basic, n := damagedBasic(s[i:])
		if n == 0 {
			continue
		}
		enh, m := damagedEnhanced(s[i+n+1:])
		if m == 0 || enh[0] != basic[0] {
			continue
		}
		rest := s[i+n+1+m:]
		if len(rest) < 2 || rest[0] != ' ' || !(isASCIILetter(rest[1]) || rest[1] == '<' || rest[1] == '[') {
			continue
		}
		if basic == s[i:i+3] && enh == s[i+n+1:i+n+1+m] {
			continue // nothing damaged
		}
		if out == nil {
			out = []byte(s)
		}
		copy(out[i:i+n], strings.Repeat(" ", n-3)+basic)
		copy(out[i+n+1:], enh)
	}
	if out == nil {
		return s
	}
	return string(out)
}

// replyPlace reports whether a reply's code may start at s[i]: at a
// line's start after quote marks and spaces ("> ", "`"), or after a colon
// and a space ("said: 550 …").
func replyPlace(s string, i int) bool {
	if i > 0 && (isAlnumByte(s[i-1]) || s[i-1] == '.' || s[i-1] == ',' || s[i-1] >= 0x80) {
		return false
	}
	k := i
	for k > 0 && strings.IndexByte(" \t>`'\"", s[k-1]) >= 0 {
		k--
	}
	return k == 0 || s[k-1] == '\n' || s[k-1] == ':' && k < i
}

// damagedBasic reads a basic code at the start of s followed by a space,
// or by the hyphen of a reply's continued line (RFC 5321 §4.2.1:
// "552-5.2.2 …"), as typed or damaged: one S for a 5 ("S50"), or its digits apart by
// single spaces ("5 5 0"). It returns the code and the bytes it spans, or
// n 0.
func damagedBasic(s string) (code string, n int) {
	var b [3]byte
	switch {
	case len(s) > 5 && s[1] == ' ' && s[3] == ' ' && s[5] == ' ' && isDigitByte(s[0]) && isDigitByte(s[2]) && isDigitByte(s[4]):
		b = [3]byte{s[0], s[2], s[4]}
		n = 5
	case len(s) > 3 && (s[3] == ' ' || s[3] == '-'):
		swapped := 0
		for k := range 3 {
			switch c := s[k]; {
			case isDigitByte(c):
				b[k] = c
			case c == 'S' || c == 's':
				b[k], swapped = '5', swapped+1
			default:
				return "", 0
			}
		}
		if swapped > 1 {
			return "", 0
		}
		n = 3
	default:
		return "", 0
	}
	if t, ok := classify(string(b[:])); !ok || t.kind != tokCode {
		return "", 0
	}
	return string(b[:]), n
}

// damagedEnhanced reads an enhanced code at the start of s, with dots or
// with commas for them ("5,1,1"), and returns it with dots and its length,
// or m 0.
func damagedEnhanced(s string) (code string, m int) {
	for m < len(s) && m <= maxCodeLen && (isDigitByte(s[m]) || s[m] == '.' || s[m] == ',') {
		m++
	}
	if m > maxCodeLen || m == 0 {
		return "", 0
	}
	w := s[:m]
	if strings.Contains(w, ".") && strings.Contains(w, ",") {
		return "", 0
	}
	w = strings.ReplaceAll(w, ",", ".")
	if t, ok := classify(w); !ok || t.kind != tokCode || !strings.Contains(w, ".") {
		return "", 0
	}
	return w, m
}
