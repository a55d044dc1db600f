package bot

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/smtpbot/smtpbot/catalog"
)

// MaxInput caps how much of a message is read. Longer messages are cut at a
// rune boundary; a bounce worth explaining fits well within it.
const MaxInput = 4096

// Query is a parsed message.
type Query struct {
	Intent Intent
	// Codes are the codes understood, in the order given.
	Codes []catalog.Code
	// Bad holds code-like tokens that are not valid codes ("999", "9.9.9").
	Bad []string
	// Filter is the list filter: "", "4xx", "5.7.x".
	Filter string
	// Lang is the language the message is written in, when it can be told.
	Lang string
	// Text is the cleaned message: markup removed, capped, valid UTF-8.
	Text string
	// Reply is the server reply found in a pasted bounce, for IntentDiagnose.
	Reply *Reply
}

// Parse turns a message into a Query. It never fails and never panics;
// whatever cannot be understood becomes IntentUnknown.
func (b *Bot) Parse(text string) Query {
	text = Clean(text)
	q := Query{Text: text, Lang: detectLang(text)}
	lower := strings.ToLower(strings.TrimSpace(text))
	switch lower {
	case "", "?", "help", "trợ giúp", "giúp", "hướng dẫn":
		q.Intent = IntentHelp
		return q
	}
	if f, ok := strings.CutPrefix(lower, "list"); ok && (f == "" || f[0] == ' ') {
		q.Intent = IntentList
		q.Filter = strings.TrimSpace(f)
		return q
	}
	for _, tok := range tokens(lower) {
		code, err := catalog.ParseCode(tok)
		switch {
		case err == nil:
			q.Codes = append(q.Codes, code)
		case looksLikeCode(tok):
			q.Bad = append(q.Bad, tok)
		}
	}
	switch {
	case len(q.Codes) >= 2:
		q.Intent = IntentCompare
	case len(q.Codes) == 1:
		q.Intent = IntentExplain
	default:
		q.Intent = IntentUnknown
	}
	return q
}

// tokens splits on anything that cannot be part of a code.
func tokens(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		return !(r >= '0' && r <= '9') && r != '.' && r != 'x' && r != 'X'
	})
}

func looksLikeCode(tok string) bool {
	tok = strings.Trim(tok, ".")
	if tok == "" {
		return false
	}
	digits := 0
	for _, r := range tok {
		if r >= '0' && r <= '9' {
			digits++
		}
	}
	return digits > 0 && (len(tok) == 3 || strings.Count(tok, ".") == 2)
}

// Clean caps the message, makes it valid UTF-8, drops control and
// bidirectional formatting characters, and removes chat markup so that it
// is never parsed or echoed.
func Clean(s string) string {
	if len(s) > MaxInput {
		cut := MaxInput
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut]
	}
	s = strings.ToValidUTF8(s, " ")
	s = stripMarkup(s)
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == '\n' || r == '\t':
			b.WriteRune(r)
		case unicode.IsControl(r), unicode.Is(unicode.Bidi_Control, r), r == '\u200b', r == '\ufeff':
			b.WriteRune(' ')
		default:
			b.WriteRune(r)
		}
	}
	return strings.TrimSpace(b.String())
}

// stripMarkup removes Slack (<@U123>, <!channel>, <mailto:a|b>, <http://x|y>)
// and Discord (<@123>, <@!123>, <#123>, <@&123>, @everyone, @here) markup.
// Links keep their label; mentions disappear.
func stripMarkup(s string) string {
	if !strings.ContainsAny(s, "<@") {
		return s
	}
	var b strings.Builder
	for {
		i := strings.IndexByte(s, '<')
		if i < 0 {
			break
		}
		j := strings.IndexByte(s[i:], '>')
		if j < 0 || j > 512 {
			b.WriteString(s[:i+1])
			s = s[i+1:]
			continue
		}
		inner := s[i+1 : i+j]
		b.WriteString(s[:i])
		switch {
		case strings.HasPrefix(inner, "@"), strings.HasPrefix(inner, "!"), strings.HasPrefix(inner, "#"):
			b.WriteByte(' ')
		case strings.HasPrefix(inner, "http://"), strings.HasPrefix(inner, "https://"), strings.HasPrefix(inner, "mailto:"):
			if _, label, ok := strings.Cut(inner, "|"); ok {
				b.WriteString(label)
			} else {
				b.WriteString(inner)
			}
		default:
			b.WriteString(s[i : i+j+1])
		}
		s = s[i+j+1:]
	}
	b.WriteString(s)
	out := b.String()
	for _, m := range []string{"@everyone", "@here", "@channel"} {
		out = replaceFold(out, m, " ")
	}
	return out
}

func replaceFold(s, old, repl string) string {
	lower := strings.ToLower(s)
	if !strings.Contains(lower, old) || len(lower) != len(s) {
		if len(lower) != len(s) {
			return strings.ReplaceAll(s, old, repl)
		}
		return s
	}
	var b strings.Builder
	for {
		i := strings.Index(lower, old)
		if i < 0 {
			break
		}
		b.WriteString(s[:i])
		b.WriteString(repl)
		s, lower = s[i+len(old):], lower[i+len(old):]
	}
	b.WriteString(s)
	return b.String()
}

// detectLang tells Vietnamese from the letters and words only Vietnamese uses.
func detectLang(s string) string {
	vi := 0
	for _, r := range s {
		if strings.ContainsRune("ăâđêôơưĂÂĐÊÔƠƯ", r) || (r >= 0x1EA0 && r <= 0x1EF9) {
			vi++
		}
	}
	if vi > 0 {
		return catalog.Vietnamese
	}
	return ""
}
