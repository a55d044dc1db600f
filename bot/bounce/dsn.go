package bounce

import (
	"strings"
	"unicode"
)

// RFC 3464 delivery-status fields: a per-message group (Reporting-MTA, …)
// then one group per recipient (Final-Recipient, Action, Status,
// Remote-MTA, Diagnostic-Code), groups separated by blank lines. Real
// reports break this in many ways (no blank lines, fields in the text
// part, types missing), so groups also start at a recipient field.

// hasDSNFields reports whether text holds a recipient's delivery-status
// fields: a recipient field and an Action or Status field, each at the
// start of a line.
func hasDSNFields(s string) bool {
	s = s[:min(len(s), MaxPartText)]
	rcpt, state := false, false
	for len(s) > 0 && !(rcpt && state) {
		line := s
		if i := strings.IndexByte(s, '\n'); i >= 0 {
			line, s = s[:i], s[i+1:]
		} else {
			s = ""
		}
		rcpt = rcpt || hasPrefixFold(line, "final-recipient:") || hasPrefixFold(line, "original-recipient:")
		state = state || hasPrefixFold(line, "status:") || hasPrefixFold(line, "action:")
	}
	return rcpt && state
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// dsnRecords reads every recipient group in text. part is true when text
// is a delivery-status part, where every line is a field or a field's
// continuation (RFC 3464 §2.1): a line that is neither is the rest of the
// Diagnostic-Code before it, broken without its folding white space.
// Fields written in a report's text (part false) may be followed by prose.
func dsnRecords(text string, part bool) []Record {
	if !hasDSNFields(text) {
		return nil
	}
	g := dsnGroups{part: part}
	for line := range strings.SplitSeq(text, "\n") {
		if len(g.out) >= MaxRecords {
			break
		}
		g.line(line)
	}
	g.flush()
	for i := range g.out {
		g.out[i].ReplyCode = leadingReplyCode(g.out[i].Diagnostic)
	}
	return g.out
}

// dsnGroups collects recipient groups line by line.
type dsnGroups struct {
	out          []Record
	cur          Record
	final, orig  string  // the group's recipient fields
	supplement   string  // the group's X400-Supplementary-Info
	reportingMTA string  // from the per-message group
	open         bool    // a group has started
	last         *string // the field a continuation line extends
	part         bool    // the text is a delivery-status part
}

func (g *dsnGroups) line(line string) {
	if strings.TrimSpace(line) == "" {
		if g.open && (g.cur.Action != "" || g.cur.Status != "") {
			g.flush()
		}
		g.last = nil
		return
	}
	folded := (line[0] == ' ' || line[0] == '\t') && g.last != nil
	if g.part && g.last == &g.cur.Diagnostic && !folded && !fieldLine(line) && !continuesReply(g.cur.Diagnostic, line) {
		// A Diagnostic-Code wrapped without folding white space (Gmail's
		// long replies, cut at a fixed width, sometimes reach a report
		// that way): the line is the rest of the reply's line.
		if len(g.cur.Diagnostic) < maxDiagnostic {
			g.cur.Diagnostic += " " + strings.TrimSpace(line)
		}
		return
	}
	if folded || g.last == &g.cur.Diagnostic && continuesReply(g.cur.Diagnostic, line) {
		// A folded field (RFC 5322 §2.2.3), or the next line of a
		// multi-line reply written without folding. The Diagnostic-Code
		// keeps its lines: JoinReplies reads them as one reply.
		sep := " "
		if g.last == &g.cur.Diagnostic {
			sep = "\n"
		}
		if len(*g.last) < maxDiagnostic {
			*g.last += sep + strings.TrimSpace(line)
		}
		return
	}
	g.last = nil
	name, value, ok := strings.Cut(line, ":")
	if !ok || strings.ContainsAny(name, " \t") {
		return
	}
	g.field(strings.ToLower(name), strings.TrimSpace(value))
}

// fieldLine reports whether line starts a header field: a name without
// white space, then a colon.
func fieldLine(line string) bool {
	name, _, ok := strings.Cut(line, ":")
	return ok && name != "" && !strings.ContainsAny(name, " \t")
}

func (g *dsnGroups) field(name, value string) {
	switch name {
	case "reporting-mta":
		g.reportingMTA = typed(value)
		if g.open {
			g.cur.ReportingMTA = g.reportingMTA
		}
	case "final-recipient":
		if g.final != "" {
			g.flush()
		}
		g.open, g.final = true, address(typed(value))
	case "original-recipient":
		// Before or after Final-Recipient; a second one starts a group.
		if g.orig != "" || g.final != "" && (g.cur.Status != "" || g.cur.Diagnostic != "") {
			g.flush()
		}
		g.open, g.orig = true, address(typed(value))
	case "x-actual-recipient":
		if g.open && g.final == "" {
			g.final = address(typed(value))
		}
	case "action":
		g.cur.Action = strings.ToLower(firstWord(value))
	case "status":
		g.cur.Status = firstWord(value)
	case "remote-mta":
		g.cur.RemoteMTA = typed(value)
		g.last = &g.cur.RemoteMTA
	case "diagnostic-code":
		g.cur.DiagnosticType, g.cur.Diagnostic = fieldType(value)
		g.last = &g.cur.Diagnostic
	case "x400-supplementary-info", "x-supplementary-info":
		// An X.400 gateway's Diagnostic-Code holds X.400's numbers
		// ("Reason 1 (Unable-To-Transfer); Diagnostic -1"); the text a
		// remote MTA gave comes in this extension field (the X400-*
		// fields of RFC 2156's report mapping; Exchange writes
		// X-Supplementary-Info, MS-OXCMAIL).
		g.supplement = strings.Trim(value, `"`)
		g.last = &g.supplement
	}
}

// flush ends the current group, keeping it when it names a recipient and
// says something about it.
func (g *dsnGroups) flush() {
	if g.open {
		r := g.cur
		if g.supplement != "" && !strings.Contains(r.Diagnostic, g.supplement) {
			r.Diagnostic = strings.TrimSpace(r.Diagnostic + "\n" + g.supplement)
		}
		r.Recipient = g.final
		if g.final == "" || (!strings.Contains(g.final, "@") || redacted(g.final)) && strings.Contains(g.orig, "@") && !redacted(g.orig) {
			r.Recipient = g.orig
		}
		if r.Recipient != "" && (r.Action != "" || r.Status != "" || r.Diagnostic != "") && len(g.out) < MaxRecords {
			if r.ReportingMTA == "" {
				r.ReportingMTA = g.reportingMTA
			}
			g.out = append(g.out, r)
		}
	}
	g.cur, g.final, g.orig, g.supplement, g.open, g.last = Record{}, "", "", "", false, nil
}

// typed drops the type of a DSN field value ("rfc822; a@b", "smtp; 550 …").
func typed(v string) string {
	_, rest := fieldType(v)
	return rest
}

// fieldType splits a DSN field value into its type, lower case ("smtp",
// "x-unix"; "" when it has none), and the rest.
func fieldType(v string) (typ, rest string) {
	if t, rest, ok := strings.Cut(v, ";"); ok && !strings.ContainsAny(strings.TrimSpace(t), " <@") && len(t) < 20 {
		return strings.ToLower(strings.TrimSpace(t)), strings.TrimSpace(rest)
	}
	return "", strings.TrimSpace(v)
}

// address cleans a recipient field: brackets, quotes and comments removed.
func address(v string) string {
	if i := strings.IndexByte(v, '<'); i >= 0 {
		if j := strings.IndexByte(v[i:], '>'); j > 0 {
			v = v[i+1 : i+j]
		}
	}
	v = strings.TrimSpace(v)
	if strings.HasPrefix(v, `"`) {
		if a, ok := quotedAddress(v, 0); ok {
			return a.addr // a quoted local part keeps its quotes (RFC 5321)
		}
	}
	v = strings.Trim(v, `"'<>`)
	if f := strings.Fields(v); len(f) > 0 {
		v = f[0]
	}
	return v
}

func firstWord(v string) string {
	if f := strings.Fields(v); len(f) > 0 {
		return strings.Trim(f[0], "()<>,;")
	}
	return ""
}

// leadingReplyCode returns the basic code a reply text starts with.
func leadingReplyCode(s string) string {
	s = strings.TrimLeft(s, " \t'\"<[(")
	// A code is a token of its own: "550 …", "550-…", "550,"; digits
	// followed by more digits, a dot or a letter are something else (a
	// version, an amount, an IPv6 group such as "400c").
	if len(s) >= 3 && s[0] >= '2' && s[0] <= '5' && isDigit(s[1]) && isDigit(s[2]) && (len(s) == 3 || !isDigit(s[3]) && s[3] != '.' && !isLetter(s[3])) {
		return s[:3]
	}
	return ""
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

// continuesReply reports whether line is the next line of the multi-line
// reply text ends with: the last line of text has the hyphen of a
// continuation ("550-…") and line starts with the same code.
func continuesReply(text, line string) bool {
	last := text[strings.LastIndexByte(text, '\n')+1:]
	c, cont, _, ok := linePrefix(fieldAt(strings.TrimSpace(last), 0))
	if !ok || !cont {
		return false
	}
	next, _, _, ok := linePrefix(fieldAt(strings.TrimSpace(line), 0))
	return ok && next == c
}

// redacted reports whether an address is a mask rather than an address
// ("****@****", a sender hiding the final address): a side of it holds no
// letter or digit.
func redacted(addr string) bool {
	local, domain, ok := strings.Cut(addr, "@")
	return !ok || !hasAlnum(local) || !hasAlnum(domain)
}

func hasAlnum(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0
}

// TaggedStatus returns the status a relaying server (Exchange, a
// forwarding service) gives a recipient inside the reply it reports, the
// enhanced code marked with "#" after the host in angle brackets ("554 5.4.0 <mx.example.com #4.4.1>", "<mx.example.com
// #5.7.1 smtp;530 5.7.1 …>"): the verdict for this recipient, where the
// codes before it are the wrapper's own. "" when the text holds none.
func TaggedStatus(diag string) string {
	for rest := diag; ; {
		i := strings.Index(rest, " #")
		if i < 0 {
			return ""
		}
		open := strings.LastIndexByte(rest[:i], '<')
		code := firstWord(rest[i+2:])
		if open >= 0 && !strings.ContainsAny(rest[open:i], " >") && i > open+1 && isStatusCode(code) {
			return code
		}
		rest = rest[i+2:]
	}
}

// isStatusCode reports whether s is an enhanced status code of a failure
// or a delay (RFC 3463: 4 or 5, then subject and detail of 1–3 digits).
func isStatusCode(s string) bool {
	return isEnhancedCode(s) && s[0] != '2'
}
