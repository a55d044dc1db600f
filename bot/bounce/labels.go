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
	return replies[len(replies)-1].text
}

// A labelled is the text one reply label introduces.
type labelled struct {
	text string
	// attempt says the label's line is led by the date and time of a
	// delivery attempt ("7/7/2026 3:48:53 PM - Server at … returned
	// '450 …'"), not a summary of the message's state.
	attempt bool
	// remote says the label names the text the remote server's reply
	// (bounce.json remote_labels).
	remote bool
}

// finalReply is the reply of a recipient's labelled replies that gives
// its verdict: the latest one, except that a report of a failure lists
// each attempt after a label of its own (Exchange's "Server at … returned
// '550 5.4.317 Message expired …'" over an earlier attempt's "… returned
// '450 4.4.317 …'"), and its failure is the permanent reply, the
// temporary ones being the attempts before it (RFC 3464 §2.3.4: a failed
// recipient's status is permanent). The latest is the last one, except
// in a layout that lists its attempts newest first (newestFirst, from
// bounce.json newest_first_marks): there the dated attempt lines run
// backwards in time, after the summary line that states the message's
// state without an attempt ("Remote Server returned '400 4.4.7 Message
// delayed'"). "" when there are none.
func finalReply(replies []labelled, failed, newestFirst bool) string {
	if len(replies) == 0 {
		return ""
	}
	if newestFirst {
		replies = oldestFirst(replies)
	}
	if failed {
		for i := len(replies) - 1; i >= 0; i-- {
			if strings.HasPrefix(leadingReplyCode(replies[i].text), "5") {
				return replies[i].text
			}
		}
	}
	return replies[len(replies)-1].text
}

// oldestFirst returns the replies of a layout listing its attempts newest
// first in the order of time: the summaries as they come, then the dated
// attempts from the last listed, the oldest, to the first, the newest.
func oldestFirst(replies []labelled) []labelled {
	out := make([]labelled, 0, len(replies))
	for _, r := range replies {
		if !r.attempt {
			out = append(out, r)
		}
	}
	for i := len(replies) - 1; i >= 0; i-- {
		if replies[i].attempt {
			out = append(out, replies[i])
		}
	}
	return out
}

// datedLine reports whether a line opens with a date and a time of day
// ("7/7/2026 3:58:12 PM -", "07.07.2026 15:58:12 -", "2026-07-07
// 15:58:12"), after any quote marks.
func datedLine(line string) bool {
	f := strings.Fields(strings.TrimLeft(line, "> \t"))
	return len(f) >= 2 && numeric(f[0], "/.-", 2) && numeric(f[1], ":", 1)
}

// numeric reports whether s is digits separated by at least least of seps
// and nothing else, starting and ending with a digit.
func numeric(s, seps string, least int) bool {
	n := 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case '0' <= c && c <= '9':
		case strings.IndexByte(seps, c) >= 0 && i > 0 && i < len(s)-1:
			n++
		default:
			return false
		}
	}
	return n >= least
}

// labelledReplies returns the texts the reply labels of text introduce,
// in order, one for each line holding a label (the label ending last on
// it: "Remote Server returned '" holds two).
func (p *Parser) labelledReplies(text string) []labelled {
	if len(p.v.ReplyLabels) == 0 || text == "" {
		return nil
	}
	lower := asciiLower(text) // same offsets as text
	var ends []int
	remote := map[int]bool{} // the ends of remote_labels
	for _, l := range p.v.ReplyLabels {
		isRemote := slices.Contains(p.v.RemoteLabels, l)
		for off := 0; ; {
			i := strings.Index(lower[off:], l)
			if i < 0 {
				break
			}
			off += i + len(l)
			ends = append(ends, off)
			if isRemote {
				remote[off] = true
			}
		}
	}
	slices.Sort(ends)
	ends = ends[max(0, len(ends)-maxLabels):] // the last ones decide
	var replies []labelled
	for k, end := range ends {
		if k+1 < len(ends) && !strings.Contains(text[end:ends[k+1]], "\n") {
			continue // a label ending later on the same line
		}
		if reply := replyAfter(text, end); reply != "" {
			line := text[strings.LastIndexByte(text[:end], '\n')+1 : end]
			replies = append(replies, labelled{text: reply, attempt: datedLine(line), remote: remote[end]})
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
	if s := recipientSections(report, lowerReport, addr, recs); len(s) > 0 {
		return s[0]
	}
	return ""
}

// recipientSections returns the parts of report about addr, one from each
// of its mentions, in order: a layout may list its recipients first, each
// right before the next ("Delivery is delayed to these recipients: a (a),
// b (b)"), and give each one's replies in a section of its own further on
// (Exchange's diagnostic information for administrators).
func recipientSections(report, lowerReport, addr string, recs []Record) []string {
	if addr == "" {
		return nil
	}
	la := asciiLower(addr)
	var out []string
	for off := 0; off < len(lowerReport); {
		k := strings.Index(lowerReport[off:], la)
		if k < 0 {
			break
		}
		i := off + k
		end := min(len(report), i+maxSection)
		for _, a := range findAddresses(lowerReport[i+len(la) : end]) {
			if a.addr != la && recipientIndex(recs, a.addr) >= 0 {
				end = i + len(la) + a.start
				break
			}
		}
		out = append(out, report[i:end])
		off = i + len(la)
	}
	return out
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

// remoteReply reports whether reply, one of replies, follows a label that
// names it the remote server's.
func remoteReply(replies []labelled, reply string) bool {
	for _, r := range replies {
		if r.remote && r.text == reply {
			return true
		}
	}
	return false
}
