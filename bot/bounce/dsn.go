package bounce

import (
	"strings"
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

// dsnRecords reads every recipient group in text.
func dsnRecords(text string) []Record {
	if !hasDSNFields(text) {
		return nil
	}
	var (
		out          []Record
		cur          Record
		final, orig  string
		reportingMTA string
		hasGroup     bool
		last         *string // the field a continuation line extends
	)
	flush := func() {
		if hasGroup {
			cur.Recipient = final
			if !strings.Contains(final, "@") && strings.Contains(orig, "@") || final == "" {
				cur.Recipient = orig
			}
			if cur.Recipient != "" && (cur.Action != "" || cur.Status != "" || cur.Diagnostic != "") && len(out) < MaxRecords {
				if cur.ReportingMTA == "" {
					cur.ReportingMTA = reportingMTA
				}
				out = append(out, cur)
			}
		}
		cur, final, orig, hasGroup, last = Record{}, "", "", false, nil
	}
	for line := range strings.SplitSeq(text, "\n") {
		if len(out) >= MaxRecords {
			break
		}
		if strings.TrimSpace(line) == "" {
			if hasGroup && (cur.Action != "" || cur.Status != "") {
				flush()
			}
			last = nil
			continue
		}
		if (line[0] == ' ' || line[0] == '\t') && last != nil {
			if len(*last) < maxDiagnostic {
				*last += " " + strings.TrimSpace(line)
			}
			continue
		}
		name, value, ok := strings.Cut(line, ":")
		if !ok || strings.ContainsAny(name, " \t") {
			last = nil
			continue
		}
		value = strings.TrimSpace(value)
		last = nil
		switch strings.ToLower(name) {
		case "reporting-mta":
			reportingMTA = typed(value)
			if hasGroup {
				cur.ReportingMTA = reportingMTA
			}
		case "final-recipient":
			if final != "" {
				flush()
			}
			hasGroup, final = true, address(typed(value))
		case "original-recipient":
			if orig != "" || final != "" && (cur.Status != "" || cur.Diagnostic != "") {
				flush()
			}
			hasGroup, orig = true, address(typed(value))
		case "x-actual-recipient":
			if hasGroup && final == "" {
				final = address(typed(value))
			}
		case "action":
			cur.Action = strings.ToLower(firstWord(value))
		case "status":
			cur.Status = firstWord(value)
		case "remote-mta":
			cur.RemoteMTA = typed(value)
			last = &cur.RemoteMTA
		case "diagnostic-code":
			cur.Diagnostic = typed(value)
			last = &cur.Diagnostic
		}
	}
	flush()
	for i := range out {
		out[i].ReplyCode = leadingReplyCode(out[i].Diagnostic)
	}
	return out
}

// typed drops the type of a DSN field value ("rfc822; a@b", "smtp; 550 …").
func typed(v string) string {
	if t, rest, ok := strings.Cut(v, ";"); ok && !strings.ContainsAny(strings.TrimSpace(t), " <@") && len(t) < 20 {
		return strings.TrimSpace(rest)
	}
	return strings.TrimSpace(v)
}

// address cleans a recipient field: brackets, quotes and comments removed.
func address(v string) string {
	if i := strings.IndexByte(v, '<'); i >= 0 {
		if j := strings.IndexByte(v[i:], '>'); j > 0 {
			v = v[i+1 : i+j]
		}
	}
	v = strings.Trim(strings.TrimSpace(v), `"'<>`)
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
	if len(s) >= 3 && s[0] >= '2' && s[0] <= '5' && isDigit(s[1]) && isDigit(s[2]) && (len(s) == 3 || !isDigit(s[3]) && s[3] != '.') {
		return s[:3]
	}
	return ""
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }
