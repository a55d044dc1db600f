package bot

// blankShortcodes blanks the emoji shortcodes Slack and Discord send as
// text (":fire:", ":thinking_face:", ":+1:", ":wave::skin-tone-2:"): markup
// that names nothing, like the emoji they stand for, so none of their words
// is read as a code's name ("fire") or a cause. Each is replaced by as many
// spaces, so that offsets into the text keep their meaning. A shortcode
// opens the text or follows a space or another shortcode, holds letters,
// digits, '_', '+' or '-' (a letter, or a sign first), and is followed by the end
// of the text, a space or punctuation: "2001:db8::1", "17:39:37" and
// "TO:<a@b>:" are left alone.
func blankShortcodes(s string) string {
	var buf []byte
	after := -1 // end of the last shortcode blanked
	for i := 0; i < len(s); i++ {
		if s[i] != ':' || i > 0 && after != i && !isBlank(s[i-1]) {
			continue
		}
		end, letter := i+1, false
		for end < len(s) && end-i <= 64 && shortcodeByte(s[end]) {
			letter = letter || s[end] >= 'a' && s[end] <= 'z' || s[end] >= 'A' && s[end] <= 'Z'
			end++
		}
		signed := end > i+1 && (s[i+1] == '+' || s[i+1] == '-') // ":+1:", ":-1:"
		if !letter && !signed || end >= len(s) || s[end] != ':' || end+1 < len(s) && !shortcodeEnd(s[end+1]) {
			continue
		}
		if buf == nil {
			buf = []byte(s)
		}
		for k := i; k <= end; k++ {
			buf[k] = ' '
		}
		after = end + 1
		i = end
	}
	if buf == nil {
		return s
	}
	return string(buf)
}

func isBlank(c byte) bool { return c == ' ' || c == '\n' || c == '\t' }

func shortcodeByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '+' || c == '-'
}

// shortcodeEnd reports whether c may follow a shortcode: a space, the
// colon of the next one, punctuation or the first byte of a non-ASCII rune
// (an emoji, a Vietnamese word glued on).
func shortcodeEnd(c byte) bool {
	return isBlank(c) || c == ':' || c >= 0x80 || c < 0x80 && !shortcodeByte(c) && c != '@' && c != '/' && c != '<'
}
