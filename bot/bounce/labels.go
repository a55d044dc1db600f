package bounce

import (
	"slices"
	"strings"
)

// A provider's own report says what the remote server replied, or what
// its own delivery attempt met, after a label of its layout:
//
//	The response was:                                  (Gmail)
//	DNS Error: … responded with code NXDOMAIN
//
//	Remote Server returned '550 5.1.1 RESOLVER.…'      (Exchange)
//
//	Reported error:  550 5.1.10 RESOLVER.ADR.…          (Exchange Online)
//
// The text the label introduces is the recipient's diagnostic; the
// layout's sentences around it ("Your message wasn't delivered to …",
// "Check for typos …") say that delivery failed, never why. The labels
// are data (bounce.json reply_labels).

// labelledReply returns the text the last reply label of text introduces:
// the rest of the label's line with the lines that continue a multi-line
// reply or, when the label ends its line, the next paragraph; "" when
// text holds no label followed by text.
func (p *Parser) labelledReply(text string) string {
	replies := p.labelledReplies(text)
	if len(replies) == 0 {
		return ""
	}
	return replies[len(replies)-1]
}

// finalReply is the reply of a recipient's labelled replies that gives
// its verdict: the last one, except that a report of a failure lists
// each attempt after a label of its own (Exchange's "Server at … returned
// '550 5.4.317 Message expired …'" over an earlier attempt's "… returned
// '450 4.4.317 …'", the newest first), and its failure is the permanent
// reply, the temporary ones being the attempts before it (RFC 3464
// §2.3.4: a failed recipient's status is permanent). "" when there are
// none.
func finalReply(replies []string, failed bool) string {
	if len(replies) == 0 {
		return ""
	}
	if failed {
		for i := len(replies) - 1; i >= 0; i-- {
			if strings.HasPrefix(leadingReplyCode(replies[i]), "5") {
				return replies[i]
			}
		}
	}
	return replies[len(replies)-1]
}

// labelledReplies returns the texts the reply labels of text introduce,
// in order, one for each line holding a label (the label ending last on
// it: "Remote Server returned '" holds two).
func (p *Parser) labelledReplies(text string) []string {
	if len(p.v.ReplyLabels) == 0 || text == "" {
		return nil
	}
	lower := asciiLower(text) // same offsets as text
	var ends []int
	for _, l := range p.v.ReplyLabels {
		for off := 0; ; {
			i := strings.Index(lower[off:], l)
			if i < 0 {
				break
			}
			off += i + len(l)
			ends = append(ends, off)
		}
	}
	slices.Sort(ends)
	ends = ends[max(0, len(ends)-maxLabels):] // the last ones decide
	var replies []string
	for k, end := range ends {
		if k+1 < len(ends) && !strings.Contains(text[end:ends[k+1]], "\n") {
			continue // a label ending later on the same line
		}
		if reply := replyAfter(text, end); reply != "" {
			replies = append(replies, reply)
		}
	}
	return replies
}

// maxLabels bounds the labels read in one text, the last ones.
const maxLabels = 64

// replyAfter returns the text a label ending at end of text introduces.
func replyAfter(text string, end int) string {
	rest := text[end:]
	first, after, _ := strings.Cut(rest, "\n")
	var lines []string
	if t := strings.TrimSpace(first); t != "" {
		// A label that opens a quote ("Remote Server returned '") quotes
		// the reply up to its closing mark, on a later line when the
		// reply was wrapped.
		open := end > 0 && (text[end-1] == '\'' || text[end-1] == '"')
		quoting := open && !strings.ContainsRune(t, rune(text[end-1]))
		lines = append(lines, t)
		for l := range strings.Lines(after) {
			t := strings.TrimSpace(l)
			if t == "" || len(lines) == maxReplyLines || quoting && len(lines) == maxLabelledLines || !quoting && !continuesReply(lines[len(lines)-1], t) {
				break
			}
			lines = append(lines, t)
			quoting = quoting && !strings.ContainsRune(t, rune(text[end-1]))
		}
	} else {
		for l := range strings.Lines(after) {
			t := strings.TrimSpace(l)
			if t == "" {
				if len(lines) > 0 {
					break
				}
				continue
			}
			if isSeparator(l) && len(lines) == 0 {
				continue // the label's underline ("Reason:" over "-------")
			}
			if isSeparator(l) || len(lines) == maxLabelledLines {
				break
			}
			lines = append(lines, t)
		}
	}
	// Exchange quotes the reply: "Remote Server returned '550 …'".
	reply := strings.Trim(strings.Join(lines, "\n"), " \t'\"")
	return clip(unquoted(reply))
}

// typographicQuotes are the pairs of marks that open and close a quote in
// the languages reports are localised into (German „…“, French «…»,
// English “…”). Unlike ' and ", which are also apostrophes and inch
// marks, an opening one has its own closing mark.
var typographicQuotes = [...][2]string{{"„", "“"}, {"„", "”"}, {"«", "»"}, {"“", "”"}, {"‚", "‘"}}

// unquoted returns the text inside the typographic quote that opens
// reply, without what follows its closing mark: a localised layout puts
// its verb after the quoted reply (German "Der Remoteserver hat „550 …“
// zurückgegeben."). reply itself when it opens no such quote or the
// quote is not closed.
func unquoted(reply string) string {
	for _, q := range typographicQuotes {
		inner, ok := strings.CutPrefix(reply, q[0])
		if !ok {
			continue
		}
		if k := strings.Index(inner, q[1]); k > 0 {
			return strings.TrimSpace(inner[:k])
		}
	}
	return reply
}

// maxLabelledLines bounds the paragraph a label introduces.
const maxLabelledLines = 20

// recipientSection returns the part of report about addr: from its first
// mention to the next address naming another recipient of recs, within
// maxSection bytes; "" when report does not name addr.
func recipientSection(report, lowerReport, addr string, recs []Record) string {
	if addr == "" {
		return ""
	}
	la := asciiLower(addr)
	i := strings.Index(lowerReport, la)
	if i < 0 {
		return ""
	}
	end := min(len(report), i+maxSection)
	for _, a := range findAddresses(lowerReport[i+len(la) : end]) {
		if a.addr != la && recipientIndex(recs, a.addr) >= 0 {
			end = i + len(la) + a.start
			break
		}
	}
	return report[i:end]
}

// maxSection bounds the part of a report read for one recipient.
const maxSection = 4 * maxDiagnostic

// withoutSalutation drops the report's opening paragraphs of one line
// that name one of own, the bounce's own addresses ("Hello
// alice@example.com,"): they are addressed to the reader of the report,
// and say nothing of the failure.
func withoutSalutation(report string, own map[string]bool) string {
	for {
		t := strings.TrimLeft(report, " \t\r\n")
		para, rest, found := strings.Cut(t, "\n\n")
		if !found || strings.Contains(strings.TrimSpace(para), "\n") || !namesAny(para, own) {
			return t
		}
		report = rest
	}
}

func namesAny(s string, own map[string]bool) bool {
	for _, a := range findAddresses(s) {
		if own[strings.ToLower(a.addr)] {
			return true
		}
	}
	return false
}

// asciiLower lowers ASCII letters only, so offsets in the result are
// offsets in s.
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}
