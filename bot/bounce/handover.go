package bounce

import (
	"slices"
	"strings"
)

// A bounce handed on by a person: forwarded inline under a separator line
// and a header block, forwarded as an attachment, or quoted line by line
// ("> ", down to many levels) in a reply or a post asking for help. The
// report inside is read as a message of its own, apart from the words of
// the person handing it on and from their message's header:
//
//	Can you help? I got this back.            the person's words
//
//	---------- Forwarded message ---------   a forward separator
//	From: Mail Delivery Subsystem <…>        the forwarded header block
//	Subject: Delivery Status Notification
//
//	> <user@example.com>: host … said: 550 … a quoted report
//
// The layouts (separators, header field names, quote marks) are data
// (bounce.json "handover"); what makes a report is the same structure a
// bounce of its own is read by, and a report counts only when it names a
// failed recipient with a reply or status for it (reported).

// Limits on the search for a handed-on report.
const (
	maxHandoverText = 256 << 10 // bytes of a person's text searched
	maxCandidates   = 8         // embedded texts read as messages
	maxQuoteDepth   = 24        // quote levels told apart
	maxWrappedTail  = 40        // bytes of a quoted line's tail a client wrapped unquoted
	maxHeaderBlock  = 12        // lines of a forwarded header block
	minCutMarks     = 3         // separator marks drawn on a cut line
	minIndent       = 2         // columns of an indented block's lines
)

// Kinds of embedded text, in the order they are tried.
const (
	candAttached = iota // an attached message (message/rfc822)
	candForward         // a separator line or a header block, then the forwarded message
	candOpening         // an MTA's report opening (bounce.json framing) in a quote
	candPasted          // text between two cut lines or fences (bounce.json handover)
	candQuote           // a block of quoted lines
	candIndented        // a block of indented lines under a person's words
)

// candidate is one embedded text that may be a handed-on report.
type candidate struct {
	kind      int
	line      int  // index of its first line (the separator's for a forward)
	depth     int  // its quote level
	separator bool // a forward under a separator line (else its header block is line)
	end       int  // a pasted or indented block's line after its last
	raw       []byte
}

// quoted is a person's text in lines, each with its quote level.
type quoted struct {
	p      *Parser
	lines  []string
	depths []int
	blanks []bool // nothing but quote marks and spaces
}

func (p *Parser) quotedLines(text string) quoted {
	text = text[:min(len(text), maxHandoverText)]
	q := quoted{p: p, lines: strings.Split(text, "\n")}
	q.depths = make([]int, len(q.lines))
	q.blanks = make([]bool, len(q.lines))
	for i, l := range q.lines {
		d, s := p.quoteLevel(l, maxQuoteDepth)
		q.depths[i], q.blanks[i] = d, strings.TrimSpace(l[s:]) == ""
	}
	return q
}

// quoteLevel counts the quote marks that open line, up to max, each
// maybe after a few spaces ("> > >", ">>", " > "), and returns where
// the text after them starts (one space after the last mark is theirs).
func (p *Parser) quoteLevel(line string, max int) (depth, start int) {
	i := 0
	for depth < max {
		j := i
		for j < len(line) && j-i < 3 && line[j] == ' ' {
			j++
		}
		if j >= len(line) || !p.quoteMark(line[j]) {
			break
		}
		depth++
		i = j + 1
	}
	if depth > 0 && i < len(line) && line[i] == ' ' {
		i++
	}
	return depth, i
}

func (p *Parser) quoteMark(c byte) bool {
	for _, q := range p.v.Handover.QuoteMarks {
		if q[0] == c {
			return true
		}
	}
	return false
}

// strip is line i without its first d quote marks.
func (q quoted) strip(i, d int) string {
	_, s := q.p.quoteLevel(q.lines[i], d)
	return q.lines[i][s:]
}

// region returns up to max lines from start on that belong to the quote
// at level d, without their first d marks: up to a line of a lower level
// that holds text, or a signature line. A short line of a lower level
// between two of the quote is the tail of the line before it, which a
// mail client wrapped without quoting it: it is joined back.
func (q quoted) region(start, d, max int) []string {
	var out []string
	for i := start; i < len(q.lines) && len(out) < max; i++ {
		if q.depths[i] >= d {
			l := strings.TrimRight(q.strip(i, d), " \t\r")
			if slices.Contains(q.p.v.Handover.SignatureLines, l) {
				break
			}
			out = append(out, l)
			continue
		}
		if q.blanks[i] {
			out = append(out, "")
			continue
		}
		t := strings.TrimSpace(q.lines[i])
		if len(out) > 0 && out[len(out)-1] != "" && len(t) <= maxWrappedTail && i+1 < len(q.lines) && q.depths[i+1] >= d && !q.blanks[i+1] {
			out[len(out)-1] = strings.TrimRight(out[len(out)-1], " ") + " " + t
			continue
		}
		break
	}
	for len(out) > 0 && out[len(out)-1] == "" {
		out = out[:len(out)-1]
	}
	return out
}

// forwardMarker reports whether line (a quote's text) is a separator line
// before a forwarded or quoted message.
func (p *Parser) forwardMarker(line string) bool {
	t := separatorTitle(strings.ToLower(strings.TrimSpace(line)))
	return t != "" && hasAnyPrefix(t, p.v.Handover.ForwardMarkers)
}

// headerField reads a line of a forwarded header block: a field name of
// the block (bounce.json handover.header_fields, in whatever language),
// maybe drawn bold ("*From:*"), then a colon; std is its standard name.
func (p *Parser) headerField(line string) (std, value string, ok bool) {
	t := strings.TrimLeft(line, " \t*")
	name, value, found := strings.Cut(t, ":")
	if !found {
		return "", "", false
	}
	name = strings.ToLower(strings.TrimRight(name, " \t*\u00a0"))
	if name == "" || len(name) > 20 || strings.ContainsAny(name, " \t") {
		return "", "", false
	}
	std = p.v.Handover.HeaderFields.Field(name)
	return std, strings.TrimSpace(strings.TrimLeft(value, "*")), std != ""
}

// headerBlock reads the forwarded header block at the start of lines
// (after a few blank ones): its fields, written as a message's header,
// and the number of lines up to its end. A value may go on to the next
// line, indented or not. A block is at least two fields, one of them
// its From or its Subject.
func (p *Parser) headerBlock(lines []string) (hdr string, n int, ok bool) {
	k := 0
	for k < len(lines) && k < 3 && strings.TrimSpace(lines[k]) == "" {
		k++
	}
	var fields, names []string
	i := k
	for ; i < len(lines) && i-k < maxHeaderBlock; i++ {
		l := lines[i]
		if strings.TrimSpace(l) == "" {
			break
		}
		if std, v, ok := p.headerField(l); ok {
			fields = append(fields, std+": "+v)
			names = append(names, std)
			continue
		}
		if len(fields) == 0 {
			break
		}
		// A value going on: an indented line, or a line before the
		// blank line or the field that follows.
		next := i+1 >= len(lines) || strings.TrimSpace(lines[i+1]) == ""
		if !next {
			_, _, next = p.headerField(lines[i+1])
		}
		if l[0] != ' ' && l[0] != '\t' && !next {
			break
		}
		fields[len(fields)-1] += " " + strings.TrimSpace(l)
	}
	if len(fields) < 2 || !slices.Contains(names, "From") && !slices.Contains(names, "Subject") {
		return "", 0, false
	}
	return strings.Join(fields, "\n") + "\n", i, true
}

// asMessage writes an embedded text as a message to parse: its header
// block when it has one, and the type of a plain text in UTF-8 (the text
// is decoded already).
func asMessage(hdr string, body []string) []byte {
	return []byte(hdr + "Content-Type: text/plain; charset=utf-8\n\n" + strings.Join(body, "\n") + "\n")
}

// forwardAt reads the forwarded message of c, when a header block is
// there: the header block and the lines of its quote after it.
func (q quoted) forwardAt(c candidate, body bool) (raw []byte, ok bool) {
	start := c.line
	if c.separator {
		start++
	}
	hdr, n, ok := q.p.headerBlock(q.region(start, c.depth, maxHeaderBlock+3))
	if !ok || !body {
		return nil, ok
	}
	lines := q.region(start, c.depth, maxHandoverText)
	return asMessage(hdr, lines[min(n, len(lines)):]), true
}

// candidates finds the texts embedded in a person's message that may be
// a handed-on report, in the order they are tried: attached messages;
// forwarded ones (a separator line or a client's header block), the
// innermost first; quoted text from an MTA's report opening (bounce.json
// framing); blocks of quoted lines, the deepest and latest first. Only
// their places are found here; their text is cut when it is tried. fwd
// is the line of the first forward outside any quote (-1 when none):
// the person's own words end there.
func (p *Parser) candidates(m *message, q quoted) (cands []candidate, fwd int) {
	// A list post's own text is no report (textRecords): a report pasted
	// in it unquoted is handed on as well.
	list := p.listPost(m)
	for _, a := range m.attached {
		cands = append(cands, candidate{kind: candAttached, line: -1, raw: a})
	}
	fwd = -1
	var fwds, openings, blocks []candidate
	marker, prev := -10, 0 // the last separator line; the level of the last line with text
	opened := false        // the last opening's quote goes on
	for i := range q.lines {
		d := q.depths[i]
		if q.blanks[i] {
			continue
		}
		if n := len(openings); n > 0 && d < openings[n-1].depth {
			opened = false
		}
		text := q.strip(i, d)
		switch {
		case p.forwardMarker(text):
			fwds = append(fwds, candidate{kind: candForward, line: i, depth: d, separator: true})
			marker = i
		case i-marker > 4 && p.startsHeaderBlock(text):
			// A header block without a separator line above it
			// (Outlook's "From: … Sent: … To: … Subject: …").
			fwds = append(fwds, candidate{kind: candForward, line: i, depth: d})
		case (d > 0 || list) && hasAnyPrefix(strings.ToLower(strings.TrimSpace(text)), p.v.Framing):
			if n := len(openings); n == 0 || !opened || openings[n-1].depth != d {
				openings = append(openings, candidate{kind: candOpening, line: i, depth: d})
				opened = true
			}
		}
		for l := prev + 1; l <= d; l++ {
			if l == d || !q.sameEnd(i, l, d) { // a shallower quote ending with the deeper one holds the same lines
				blocks = append(blocks, candidate{kind: candQuote, line: i, depth: l})
			}
		}
		prev = d
	}
	for _, c := range fwds {
		if c.depth != 0 {
			continue
		}
		if _, ok := q.forwardAt(c, false); ok {
			fwd = c.line
			break
		}
	}
	slices.Reverse(fwds)
	slices.Reverse(openings)
	slices.SortStableFunc(blocks, func(a, b candidate) int {
		if a.depth != b.depth {
			return b.depth - a.depth
		}
		return b.line - a.line
	})
	pasted, indented := q.pasted()
	cands = append(cands, fwds...)
	cands = append(cands, openings...)
	cands = append(cands, pasted...)
	cands = append(cands, blocks...)
	return append(cands, indented...), fwd
}

// cutLine reports whether text (a line without its quote marks) is a
// line a person draws around text they paste: a cut marker (bounce.json
// handover.cut_markers, "8<", "cut here") drawn with separator marks
// ("===========8<-----------", "-- >8 --", "----- cut here -----").
func (p *Parser) cutLine(text string) bool {
	t := strings.TrimSpace(text)
	if t == "" || !isSeparatorMark(t[0]) && !isSeparatorMark(t[len(t)-1]) {
		return false // no marks drawn: most lines end here
	}
	title := strings.TrimRight(separatorTitle(t), separatorMarks)
	if title == "" || len(t)-len(title)-strings.Count(t[:len(t)-len(strings.TrimLeft(t, separatorMarks))], " ")-
		strings.Count(t[len(strings.TrimRight(t, separatorMarks)):], " ") < minCutMarks {
		return false
	}
	return hasAnyPrefix(strings.ToLower(title), p.v.Handover.CutMarkers)
}

// isSeparatorMark reports whether c draws a separator line.
func isSeparatorMark(c byte) bool {
	return c != ' ' && strings.IndexByte(separatorMarks, c) >= 0
}

// fence reports whether text (a line without its quote marks) opens or
// closes a fenced block (bounce.json handover.fences, "```").
func (p *Parser) fence(text string) bool {
	return hasAnyPrefix(strings.TrimSpace(text), p.v.Handover.Fences)
}

// indent is the width of the blanks that open text, a tab to the next
// multiple of eight columns.
func indent(text string) int {
	w := 0
	for _, c := range text {
		switch c {
		case ' ':
			w++
		case '\t':
			w += 8 - w%8
		default:
			return w
		}
	}
	return w
}

// pasted finds the blocks a person pasted into their own text, at any
// quote level: between two cut lines or two fences of the same level
// (the first block first), and blocks of lines indented under a line of
// theirs that is not (in the order they come; a text indented throughout
// is the person's layout, not a paste). Each is a candidate only
// when it reads as a report (handover).
func (q quoted) pasted() (cuts, indented []candidate) {
	open := map[[2]int]int{} // the open cut line or fence by kind and level
	for i := 0; i < len(q.lines) && len(cuts) < maxCandidates; i++ {
		if q.blanks[i] {
			continue
		}
		d := q.depths[i]
		text := q.strip(i, d)
		kind := 0
		switch {
		case q.p.fence(text):
			kind = 1
		case q.p.cutLine(text):
			kind = 2
		default:
			continue
		}
		k := [2]int{kind, d}
		if start, ok := open[k]; ok {
			delete(open, k)
			if i > start+1 {
				cuts = append(cuts, candidate{kind: candPasted, line: start + 1, depth: d, end: i})
			}
			continue
		}
		open[k] = i
	}
	said := map[int]bool{} // the levels with a line of the person's own, not indented
	for i := 0; i < len(q.lines) && len(indented) < maxCandidates; i++ {
		if q.blanks[i] {
			continue
		}
		if !q.indented(i, q.depths[i]) {
			said[q.depths[i]] = true
			continue
		}
		if !said[q.depths[i]] {
			continue // a text indented throughout is the person's own layout
		}
		d, end := q.depths[i], i+1
		for k := i + 1; k < len(q.lines); k++ {
			if q.blanks[k] {
				continue
			}
			if q.depths[k] != d || !q.indented(k, d) {
				break
			}
			end = k + 1
		}
		indented = append(indented, candidate{kind: candIndented, line: i, depth: d, end: end})
		i = end - 1
	}
	return cuts, indented
}

// indented reports whether line i, without its d quote marks, is indented.
func (q quoted) indented(i, d int) bool {
	return indent(q.strip(i, d)) >= minIndent
}

// block is the lines of a pasted or indented candidate without their
// quote marks, an indented block's lines without their common indent.
func (q quoted) block(c candidate) []string {
	var out []string
	common := -1
	for i := c.line; i < c.end; i++ {
		l := strings.TrimRight(q.strip(i, min(c.depth, q.depths[i])), " \t\r")
		out = append(out, l)
		if w := indent(l); strings.TrimSpace(l) != "" && (common < 0 || w < common) {
			common = w
		}
	}
	if c.kind == candIndented && common > 0 {
		for i, l := range out {
			out[i] = dedent(l, common)
		}
	}
	return out
}

// dedent takes n columns of blanks off the start of l.
func dedent(l string, n int) string {
	w := 0
	for i, c := range l {
		if w >= n || c != ' ' && c != '\t' {
			return l[i:]
		}
		if c == ' ' {
			w++
		} else {
			w += 8 - w%8
		}
	}
	return ""
}

// text cuts a candidate's text out of the person's message: nil when a
// forward has no header block after all.
func (q quoted) text(c candidate) []byte {
	switch c.kind {
	case candAttached:
		return c.raw
	case candForward:
		raw, _ := q.forwardAt(c, true)
		return raw
	case candPasted, candIndented:
		return asMessage("", q.block(c))
	}
	return asMessage("", q.region(c.line, c.depth, maxHandoverText))
}

// startsHeaderBlock reports whether text is the From field of a header
// block a client writes for a quoted message.
func (p *Parser) startsHeaderBlock(text string) bool {
	std, _, ok := p.headerField(text)
	return ok && std == "From"
}

// sameEnd reports whether the quote at level l that line i opens ends
// where the deeper one at level d does: at the first line with text of a
// level under d, which is under l too.
func (q quoted) sameEnd(i, l, d int) bool {
	for k := i; k < len(q.lines); k++ {
		if !q.blanks[k] && q.depths[k] < d {
			return q.depths[k] < l
		}
	}
	return true
}

// handover reads the report a person's message hands on: the first
// embedded text (candidates) that reads as a bounce naming a failed
// recipient with a reply or status for it. When none does, fwd is where
// the person's own words end (a forward outside any quote, -1 when
// none), and kind the verdict on the message forwarded, when it is a
// message of another kind (an automatic reply, a feedback report, a
// delivery notice).
func (p *Parser) handover(m *message, level int) (rep Report, ok bool, fwd int, kind string) {
	rep, ok, fwd, kind, _ = p.handoverOwn(m, level)
	return rep, ok, fwd, kind
}

// handoverOwn is handover that also gives, when a report is handed on,
// the person's own words around it (own).
func (p *Parser) handoverOwn(m *message, level int) (rep Report, ok bool, fwd int, kind, own string) {
	q := p.quotedLines(m.text)
	cands, fwd := p.candidates(m, q)
	tried := 0
	for _, c := range cands {
		if tried >= maxCandidates {
			break
		}
		raw := q.text(c)
		if raw == nil {
			continue
		}
		tried++
		sub, ok := readMessage(raw)
		if !ok {
			continue
		}
		inner := maxForwarded // an inline text holds no further attachment
		if c.kind == candAttached {
			inner = level + 1
		}
		r := p.read(sub, inner)
		if p.reported(r, sub) {
			if r.Subject == "" {
				r.Subject = m.subject
			}
			return r, true, fwd, "", q.own(c)
		}
		if kind == "" && (c.kind == candAttached || c.kind == candForward) {
			switch r.Kind {
			case KindAutoreply, KindFeedback, KindDelivered:
				kind = r.Kind
			default:
				kind = KindNotMail
			}
		}
	}
	if kind == KindNotMail {
		kind = ""
	}
	return Report{}, false, fwd, kind, ""
}

// own is the person's text around candidate c, the lines that are not
// c's: before a forward or a quote and, after it, those of a lower quote
// level than c's; outside a pasted or indented block and its fences or
// cut lines. An attached message leaves all the text the person's.
func (q quoted) own(c candidate) string {
	var b strings.Builder
	for i, l := range q.lines {
		switch c.kind {
		case candAttached:
		case candPasted, candIndented:
			first, last := c.line, c.end // the block
			if c.kind == candPasted {
				first, last = first-1, last+1 // and its fences or cut lines
			}
			if i >= first && i < last {
				continue
			}
		default:
			if i >= c.line && q.depths[i] >= c.depth {
				continue
			}
		}
		b.WriteString(l)
		b.WriteByte('\n')
	}
	return b.String()
}

// reported reports whether rep, read from an embedded text, is a bounce
// report: a failed recipient with a status or reply code for it, or with
// words of its own in a text that calls itself a bounce: its sender or
// Subject, or an MTA's framing in the opening of its report ("Delivery
// has failed to these recipients or groups:", bounce.json framing). A
// person's sentence naming an address ("mail to <…> bounced", "the mail
// you sent to …") makes no report.
func (p *Parser) reported(rep Report, m *message) bool {
	if rep.Kind != KindBounce {
		return false
	}
	says := -1
	for _, r := range rep.Records {
		if r.Recipient == "" {
			continue
		}
		if r.Status != "" || hasCode(r.Diagnostic) {
			return true
		}
		if r.Diagnostic == "" || r.LeadOnly {
			continue
		}
		if says < 0 {
			says = 0
			open := strings.ToLower(opening(p.report(m)))
			if p.looksLikeBounce(m) || hasAny(open, p.v.Framing) {
				says = 1
			}
		}
		if says == 1 {
			return true
		}
	}
	return false
}

// lineOffset is where line n of text starts.
func lineOffset(text string, n int) int {
	off := 0
	for i := 0; i < n; i++ {
		k := strings.IndexByte(text[off:], '\n')
		if k < 0 {
			return len(text)
		}
		off += k + 1
	}
	return off
}

// opensReport reports whether a message's own text, outside quotes and
// before any message it forwards, holds an MTA's report opening or the
// start of its session transcript (bounce.json framing,
// transcript_markers): a report of its own, or a person's paste of one,
// read as the message's text (a transcript's ">>> RCPT TO:" is no quote).
func (p *Parser) opensReport(m *message) bool {
	text := m.text[:min(len(m.text), maxHandoverText)]
	for line := range strings.Lines(text) {
		if d, _ := p.quoteLevel(line, 1); d > 0 {
			continue
		}
		if p.forwardMarker(line) {
			return false
		}
		if l := strings.ToLower(strings.TrimSpace(line)); hasAnyPrefix(l, p.v.Framing) || hasAnyPrefix(l, p.v.TranscriptMarkers) {
			return true
		}
	}
	return false
}

// HandedOn reports whether text, pasted without a message's header,
// hands on a bounce report a person forwarded or quoted: read as a whole
// message, that report is what it says, not the person's words around it.
// It also gives those words (the lines outside the report's quote,
// forward, fences or cut lines): the words a person writes in are theirs,
// the report's are the mail system's.
func (p *Parser) HandedOn(text string) (own string, ok bool) {
	if strings.Count(text, "\n") < 3 {
		return "", false
	}
	m, ok := readMessage([]byte(text[:min(len(text), MaxSize)]))
	if !ok || p.fromMailSystem(m) || p.opensReport(m) || dsnRecords(m.dsn, true) != nil || dsnRecords(m.text, false) != nil {
		return "", false
	}
	_, ok, _, _, own = p.handoverOwn(m, 0)
	return own, ok
}
