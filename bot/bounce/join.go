package bounce

import "strings"

// Multi-line SMTP replies (RFC 5321 §4.2.1): every line but the last is
// "code-text", the last "code SP text", each line repeating the code and,
// with RFC 2034, the enhanced code:
//
//	550-5.1.1 The email account that you tried to reach does not exist. Please try
//	550-5.1.1 double-checking the recipient's email address for typos or
//	550 5.1.1 unnecessary spaces. … - gsmtp
//
// read as the one reply it is: "550 5.1.1 The email account … Please try
// double-checking … unnecessary spaces. … - gsmtp". The lines may still be
// lines, or already joined into one (a folded Diagnostic-Code, a
// transcript pasted on one line, "<<< 550-…" lines of a session).

// JoinReplies returns text with each multi-line reply in it joined into
// one reply text with one code prefix, on one line; text without a
// continuation line ("NNN-") is returned unchanged. The work is linear in
// the length of text.
func JoinReplies(text string) string {
	joined, _, ok := joinReplies(text)
	if !ok {
		return text
	}
	return joined
}

// joinReplies joins the replies of text. openCode is the code of the last
// reply when it was left open (its last line has a hyphen: the text holds
// only its first lines), else ""; ok reports whether there was any
// continuation line at all.
func joinReplies(text string) (joined, openCode string, ok bool) {
	if !hasContinuation(text) {
		return text, "", false
	}
	open := false
	toks := strings.Fields(text)
	out := make([]string, 0, len(toks))
	code, enh := "", ""
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if open && t == "<<<" && i+1 < len(toks) {
			// A transcript's marker before a continuation line.
			if c, _, _, ok := linePrefix(toks[i+1]); ok && c == code {
				continue
			}
		}
		c, cont, rest, isPrefix := linePrefix(t)
		switch {
		case !isPrefix:
			out = append(out, t)
		case open && c == code && cont:
			// A continuation line's prefix: "550-5.1.1", "550-" "5.1.1",
			// or "550-word" (a reply without enhanced codes).
			switch {
			case rest == "" && enh != "" && i+1 < len(toks) && toks[i+1] == enh:
				i++
			case rest != "" && rest != enh:
				out = append(out, rest)
			}
		case open && c == code:
			// "550": the last line's prefix, with the reply's enhanced
			// code after it; a number among the words otherwise.
			switch {
			case enh == "":
				open = false
			case i+1 < len(toks) && toks[i+1] == enh:
				i++
				open = false
			default:
				out = append(out, t)
			}
		case cont:
			// The first line of a multi-line reply, written with the
			// space of the reply's one line.
			open, code, enh = true, c, ""
			out = append(out, c)
			if rest != "" {
				out = append(out, rest)
				if isEnhancedCode(rest) {
					enh = rest
				}
			} else if i+1 < len(toks) && isEnhancedCode(toks[i+1]) {
				enh = toks[i+1]
			}
		default:
			// Another code: a one-line reply, which ends an open one
			// when its enhanced code follows.
			if open && i+1 < len(toks) && isEnhancedCode(toks[i+1]) {
				open = false
			}
			out = append(out, t)
		}
	}
	if !open {
		code = ""
	}
	return strings.Join(out, " "), code, true
}

// hasContinuation reports whether text holds a token that starts a
// continuation line ("550-").
func hasContinuation(text string) bool {
	for i := 0; i+4 <= len(text); i++ {
		if text[i+3] != '-' || i > 0 && !isSpaceByte(text[i-1]) {
			continue
		}
		if _, cont, _, ok := linePrefix(fieldAt(text, i)); ok && cont {
			return true
		}
	}
	return false
}

// fieldAt returns the run of non-space bytes starting at i.
func fieldAt(s string, i int) string {
	j := i
	for j < len(s) && !isSpaceByte(s[j]) {
		j++
	}
	return s[i:j]
}

func isSpaceByte(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// linePrefix reads a token that may start a reply line: a basic code
// alone ("550"), or a basic code and a hyphen ("550-", "550-5.1.1",
// "550-'5.7.1", "550-Please"), with rest the token after the hyphen. A
// hyphen followed by other digits ("555-1234") is no reply.
func linePrefix(tok string) (code string, cont bool, rest string, ok bool) {
	if len(tok) < 3 || tok[0] < '2' || tok[0] > '5' || !isDigit(tok[1]) || !isDigit(tok[2]) {
		return "", false, "", false
	}
	if len(tok) == 3 {
		return tok, false, "", true
	}
	if tok[3] != '-' {
		return "", false, "", false
	}
	rest = tok[4:]
	if rest != "" && (isDigit(rest[0]) && !isEnhancedCode(rest) || rest[0] == '-') {
		return "", false, "", false
	}
	return tok[:3], true, rest, true
}

// isEnhancedCode reports whether s is an enhanced status code (RFC 3463:
// class.subject.detail, 1–3 digits each, class 2, 4 or 5).
func isEnhancedCode(s string) bool {
	if len(s) < 5 || s[0] != '2' && s[0] != '4' && s[0] != '5' || s[1] != '.' {
		return false
	}
	part, dots := 0, 0
	for i := 2; i < len(s); i++ {
		switch {
		case isDigit(s[i]):
			if part++; part > 3 {
				return false
			}
		case s[i] == '.' && part > 0 && dots == 0:
			part, dots = 0, 1
		default:
			return false
		}
	}
	return dots == 1 && part > 0
}

// maxCompleted bounds the records of one message whose reply is completed
// from the report's transcript.
const maxCompleted = 16

// finishDiagnostics writes each record's diagnostic as the reply it is:
// separator lines dropped, a multi-line reply joined, and a reply of which
// the Diagnostic-Code holds only the first lines (Sendmail keeps one)
// completed from the session transcript in the report; then on one line,
// bounded.
func (p *Parser) finishDiagnostics(m *message, recs []Record) {
	report, completed := "", 0
	for i := range recs {
		d := dropSeparators(recs[i].Diagnostic)
		joined, open, _ := joinReplies(d)
		if open != "" && completed < maxCompleted {
			completed++
			if report == "" {
				report = p.report(m)
			}
			if whole := transcriptReply(report, d); whole != "" {
				joined, _, _ = joinReplies(whole)
			}
		}
		recs[i].Diagnostic = bounded(joined)
	}
}

// maxReplyLines bounds the lines of one reply read from a transcript.
const maxReplyLines = 100

// transcriptReply finds the first line of diag in the report, at the
// start of a line (a transcript's "<<< " aside), and returns that reply's
// lines there, up to its last ("550 …" after "550-…"); "" when the report
// does not hold more of it.
func transcriptReply(report, diag string) string {
	first := strings.TrimSpace(diag[:strings.IndexByte(diag+"\n", '\n')])
	if len(first) < 12 {
		return ""
	}
	for range 8 { // the first line may also be quoted elsewhere ("(reason: 552-…)")
		i := strings.Index(report, first)
		if i < 0 {
			return ""
		}
		if r := replyLines(report[strings.LastIndexByte(report[:i], '\n')+1:]); r != "" {
			return r
		}
		report = report[i+len(first):]
	}
	return ""
}

// replyLines returns the lines of the multi-line reply text starts with,
// "" when it does not start with one of two lines or more.
func replyLines(text string) string {
	var lines []string
	code, size := "", 0
	for line := range strings.Lines(text) {
		t := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(line), "<<<"))
		c, cont, _, ok := linePrefix(fieldAt(t, 0))
		if !ok || code != "" && c != code || len(lines) == maxReplyLines || size > maxDiagnostic {
			break
		}
		code, size = c, size+len(t)
		lines = append(lines, t)
		if !cont {
			break
		}
	}
	if len(lines) < 2 {
		return ""
	}
	return strings.Join(lines, "\n")
}

// dropSeparators removes the lines drawn between the parts of a report.
func dropSeparators(s string) string {
	if !strings.ContainsAny(s, "-*=_#~+") {
		return s
	}
	var b strings.Builder
	dropped := false
	for line := range strings.Lines(s) {
		if isSeparator(line) {
			if !dropped {
				b.Grow(len(s))
				dropped = true
			}
			b.WriteByte('\n')
			continue
		}
		b.WriteString(line)
	}
	if !dropped {
		return s
	}
	return b.String()
}

// dropBoxes removes the boxed banners of a report: a rule line, lines each
// opened and closed by a run of the rule's mark ("**  THIS IS A WARNING
// MESSAGE ONLY  **"), and a closing rule line. A banner frames the report
// (what kind of notice it is), and is never what happened to a recipient.
func dropBoxes(s string) string {
	if !strings.ContainsAny(s, "*#=") {
		return s
	}
	lines := strings.SplitAfter(s, "\n")
	var out []string
	for i := 0; i < len(lines); i++ {
		if end := boxEnd(lines, i); end > i {
			i = end
			continue
		}
		out = append(out, lines[i])
	}
	if len(out) == len(lines) {
		return s
	}
	return strings.Join(out, "")
}

// boxEnd returns the index of the closing rule line of a box opening at
// lines[i], or -1 when none opens there.
func boxEnd(lines []string, i int) int {
	mark, ok := ruleMark(lines[i])
	if !ok {
		return -1
	}
	run := strings.Repeat(string(mark), 2)
	for k := i + 1; k < len(lines) && k <= i+maxBoxLines+1; k++ {
		t := strings.TrimSpace(lines[k])
		if m, ok := ruleMark(lines[k]); ok && m == mark {
			if k == i+1 {
				return -1 // two rules in a row: no box between
			}
			return k
		}
		if len(t) < 5 || !strings.HasPrefix(t, run) || !strings.HasSuffix(t, run) {
			return -1
		}
	}
	return -1
}

// maxBoxLines bounds the lines of one boxed banner.
const maxBoxLines = 6

// ruleMark reports whether a line is a rule drawn with one mark only, at
// least six of it, and which mark.
func ruleMark(line string) (byte, bool) {
	t := strings.TrimSpace(line)
	if len(t) < 6 || strings.IndexByte("*#=", t[0]) < 0 {
		return 0, false
	}
	return t[0], strings.Trim(t, t[:1]) == ""
}

// isSeparator reports whether a line is drawn to separate the parts of a
// report rather than said: a run of at least three of one mark at each
// end ("------- Failure Reasons --------", "****** … ******", "-----"),
// or a MIME boundary ("--" then one token).
func isSeparator(line string) bool {
	t := strings.TrimSpace(line)
	n := len(t)
	if n < 3 {
		return false
	}
	if n >= 6 && strings.HasPrefix(t, "--") && !strings.ContainsAny(t, " \t") {
		return true
	}
	c := t[0]
	return strings.IndexByte("-=*_#~+", c) >= 0 && t[1] == c && t[2] == c && t[n-1] == c && t[n-2] == c && t[n-3] == c
}
