package bounce

import (
	"encoding/json"
	"slices"
	"strings"
	"unicode"
)

// Recipients from the MTA's own text, found by the structure of the
// report rather than by each MTA's wording:
//
//	  user@example.com                       an address on a line of its own,
//	    SMTP error from remote mail server …  then indented or following text
//	<user@example.com>: host … said: 550 …   an address leading its paragraph
//	… RCPT TO:<user@example.com>: 550 …      a lead phrase, then the address
//	Example User (user@example.com)          a display name, then the address
//	X-Failed-Recipients: user@example.com    a header field listing them
//	{"bouncedRecipients":[{"emailAddress":…  a JSON notification
//
// The report ends where the returned copy of the message starts.

// textRecords finds the failed recipients of a report without DSN fields.
func (p *Parser) textRecords(m *message, level int) []Record {
	report := p.report(m)
	if recs := p.jsonRecords(report); len(recs) > 0 {
		return recs
	}
	if p.listPost(m) && !p.fromMailSystem(m) {
		// A post a mailing list or discussion service distributed (its
		// List-Id, RFC 2919) from a person or a service that is no mail
		// system reports a failure only through a report it hands on,
		// forwarded or quoted (handover, read before): its own words
		// may talk of bounces, and name addresses, but report none.
		return nil
	}
	if p.serviceNotice(m, report) {
		return nil
	}
	skip := p.ownAddresses(m)
	recs := p.structuralRecords(report, skip)
	// Header fields listing failed recipients (Exim) complete the set.
	for _, h := range p.v.RecipientHeaders {
		v, ok := m.header(h)
		if !ok {
			continue
		}
		for _, a := range findAddresses(v) {
			if !hasRecipient(recs, a.addr) && len(recs) < MaxRecords {
				recs = append(recs, Record{Recipient: a.addr})
			}
		}
	}
	if len(recs) == 0 {
		recs = p.forwarded(m, level)
	}
	if len(recs) == 0 && p.looksLikeBounce(m) {
		recs = selfAddressed(p, m, report, skip)
	}
	if len(recs) == 0 && p.looksLikeBounce(m) && strings.TrimSpace(report) != "" {
		r, ok := p.recipientless(m, report, skip)
		if !ok {
			return nil
		}
		recs = append(recs, r)
	}
	return recs
}

// recipientless gives the one record of a bounce that names no recipient
// in its report, and false when the message turns out to be no bounce.
func (p *Parser) recipientless(m *message, report string, skip map[string]bool) (Record, bool) {
	// A bounce that names no recipient: the original's To:, when it
	// names exactly one, else a record without address.
	r := Record{}
	for _, block := range []string{m.original, m.text[len(report):]} {
		if as := findAddresses(headerValue(block, "to")); len(as) == 1 && r.Recipient == "" {
			r.Recipient = as[0].addr
		}
	}
	if r.Recipient == "" && !m.forwards {
		// The message a person answers below a notice they hand on
		// (replyQuote), when it names one address that is not the
		// bounce's own: where the failed message was sent ("Could you
		// try sending another message to <group@…>?"), which a notice
		// naming a group only by its name does not give.
		r.Recipient = quotedRecipient(m.text[len(report):], skip, p)
	}
	if r.Recipient == "" && p.nothingReported(m, report) {
		// Nothing of a report (no address, no reply, no returned
		// copy) and a sender to reply to: RFC 5321 §4.5.5 sends a
		// bounce from the null reverse-path (or a mail system's
		// mailbox), so this is mail dressed as one (spam).
		return Record{}, false
	}
	if r.Recipient == "" && !p.fromMailSystem(m) && p.opensAsAutoreply(m) {
		// An automatic answer keeping the Subject of the bounce it
		// answers (an abuse desk's reply to a returned message), from
		// a sender that is no mail system, saying what it is in its
		// opening: a reply it quotes is the refusal it explains, and it
		// names no failed recipient of its own.
		return Record{}, false
	}
	if r.Recipient == "" && !hasCode(report) && !mentions(m.subject, p.v.BounceSubjects) && onlyOwnAddresses(report, skip) {
		// Only its sender makes it look like a bounce, and it names
		// nothing of a failure (no address but its own, no reply,
		// no returned copy): a mail system's mailbox ("postmaster")
		// writes notices of its own to its users too, a mailbox
		// quota warning, which report no delivery.
		return Record{}, false
	}
	if r.Recipient == "" {
		// No copy returned, but the report's own text sums the
		// message up in a header block of its own (hMailServer's
		// virus notice: "From: …", "To: …", "Sent: …", "Subject:
		// …"): its To names where the message was going, as a
		// returned copy's To: would.
		r.Recipient = p.summaryRecipient(report, skip)
	}
	return r, true
}

// summaryRecipient returns the one address the To: field of a header
// block in the report's own text names (a paragraph of header fields,
// read as a forwarded message's header block: bounce.json
// handover.header_fields, with a From or a Subject), other than the
// bounce's own and a mail system's; "" when there is no such block, or
// its To names none or several.
func (p *Parser) summaryRecipient(report string, skip map[string]bool) string {
	lines := strings.Split(report, "\n")
	found := ""
	for i := range lines {
		if i > 0 && strings.TrimSpace(lines[i-1]) != "" || strings.TrimSpace(lines[i]) == "" {
			continue // a block starts a paragraph
		}
		hdr, _, ok := p.headerBlock(lines[i:])
		if !ok {
			continue
		}
		as := findAddresses(headerValue(hdr, "To"))
		if len(as) != 1 || skip[strings.ToLower(as[0].addr)] || p.systemAddress(as[0].addr) {
			return ""
		}
		if found != "" && !strings.EqualFold(found, as[0].addr) {
			return ""
		}
		found = as[0].addr
	}
	return found
}

// quotedRecipient returns the one address a reply's quote after a report
// (replyQuote) names, other than the bounce's own and a mail system's; ""
// when rest is no such quote or names none or several.
func quotedRecipient(rest string, skip map[string]bool, p *Parser) string {
	if rest == "" || p.replyQuote(rest) != 0 {
		return ""
	}
	found := ""
	for _, a := range findAddresses(rest) {
		switch l := strings.ToLower(a.addr); {
		case skip[l] || p.systemAddress(a.addr) || strings.EqualFold(found, a.addr):
		case found != "":
			return ""
		default:
			found = a.addr
		}
	}
	return found
}

// nothingReported reports whether a message holds nothing of a report
// (no reply code in its text) and comes from a sender to reply to: RFC
// 5321 §4.5.5 sends a bounce from the null reverse-path (or a mail
// system's mailbox).
func (p *Parser) nothingReported(m *message, report string) bool {
	return !hasCode(report) && p.personalSender(m)
}

// serviceNotice reports whether a message is a service's notice to its
// own user, no report: neither its sender nor its Subject calls it a
// bounce, it comes from a sender to reply to and holds nothing of a
// report, no reply code, no returned copy and no header field listing
// failed recipients (an alias service's warning that a reply the user
// sent would reveal their mailbox, which names the address they wrote
// to). The addresses its sentences name are no failed recipients.
func (p *Parser) serviceNotice(m *message, report string) bool {
	if p.looksLikeBounce(m) || !p.nothingReported(m, report) || m.original != "" || len(m.attached) > 0 {
		return false
	}
	return !m.hasHeader(p.v.RecipientHeaders)
}

// personalSender reports whether the message's Return-Path, the envelope
// sender its last server recorded, names an address other than a mail
// system's: a bounce's is null ("<>").
func (p *Parser) personalSender(m *message) bool {
	v, ok := m.header("Return-Path")
	if !ok {
		return false
	}
	as := findAddresses(v)
	return len(as) > 0 && !p.systemAddress(as[0].addr)
}

// listPost reports whether the message carries a header field a mailing
// list or discussion service adds to each post it distributes, or is a
// list manager's own notice (listNotice): either reports a failure only
// through a report it hands on, never by its own words.
func (p *Parser) listPost(m *message) bool {
	return p.listHeaders(m) || p.listNotice(m)
}

// listNotice reports whether the message is a mailing-list manager's own
// notice, not a post it distributes: a header field marking one by its
// value (bounce.json list_notice_headers, Mailman's "X-List-Administrivia:
// yes"), a From: of a list manager's address (list_notice_senders,
// "LISTSERV@", "list-owner@") or one of a list service's own domain
// (list_notice_domains, googlegroups.com) on a message without the list
// header fields the service's posts carry. A held post, a request to the moderator,
// a probe: automatic notices, whose words may talk of bounces and name
// addresses (the list's, a poster's) but report no failure of their own.
func (p *Parser) listNotice(m *message) bool {
	if m.headerValued(p.v.ListNoticeHeaders) {
		return true
	}
	for _, a := range findAddresses(m.from) {
		local, domain, _ := strings.Cut(strings.ToLower(a.addr), "@")
		if p.v.ListNoticeSenders.Match(local) || p.v.ListNoticeDomains.Match(domain) && !p.listHeaders(m) {
			return true
		}
	}
	return false
}

// listHeaders reports whether the message carries a header field a
// mailing list or discussion service adds to each post it distributes
// (bounce.json list_headers).
func (p *Parser) listHeaders(m *message) bool {
	return m.hasHeader(p.v.ListHeaders)
}

// fromMailSystem reports whether the message comes from a mail system:
// a null Return-Path (RFC 5321 §4.5.5) or a From: of a mail system's
// mailbox ("MAILER-DAEMON", "postmaster").
func (p *Parser) fromMailSystem(m *message) bool {
	if v, ok := m.header("Return-Path"); ok && len(findAddresses(v)) == 0 {
		return true
	}
	for _, a := range findAddresses(m.from) {
		if p.systemAddress(a.addr) {
			return true
		}
	}
	return false
}

// report is the text of m before the returned copy of the message, or
// before the message a person forwards inline.
func (p *Parser) report(m *message) string {
	if m.forwards {
		return p.reportText(m.text[:min(m.ownEnd, len(m.text))])
	}
	return p.reportText(m.text)
}

// reportText is the text before the returned copy of the message, and
// before a reply's quote of the message a person answers (replyQuote).
func (p *Parser) reportText(text string) string {
	if q := p.replyQuote(text); q > 0 {
		text = text[:q]
	}
	off := 0
	for line := range strings.Lines(text) {
		l := separatorTitle(strings.ToLower(strings.TrimSpace(line)))
		if off > 0 && (hasAnyPrefix(l, p.markers) || hasAnyPrefix(l, p.headerLines)) {
			return text[:off]
		}
		off += len(line)
	}
	return text
}

// replyQuote returns where a reply's quote of the message a person
// answers starts in text, len(text) when there is none: a line of the
// text's own ending in a colon (the attribution a mail client writes
// above it, "On … wrote:", "Dnia … napisał(a):"), right above lines
// quoted with a quote mark (bounce.json handover quote_marks) that run to
// the end of the text. A person who hands on a notice may answer a
// message below it (a webmail's forward that keeps the reply's quote):
// its words are that person's correspondent's, not the mail system's. A
// session transcript's client lines (">>> RCPT TO:", bounce.json
// session_client_marks) are no quote.
func (p *Parser) replyQuote(text string) int {
	end := len(text)
	quoted := false
	for end > 0 {
		start := strings.LastIndexByte(text[:end-1], '\n') + 1
		line := strings.TrimSpace(text[start:end])
		switch {
		case line == "":
		case hasAnyPrefix(line, p.v.SessionClientMarks):
			return len(text)
		case p.quoteMark(line[0]):
			quoted = true
		default:
			if quoted && strings.HasSuffix(line, ":") {
				return start
			}
			return len(text)
		}
		end = start
	}
	return len(text)
}

// Excerpt returns the part of a pasted bounce or reply that can explain
// the failure: the text before the returned copy of the message (a line
// of original_markers), without the header fields that say nothing of
// why delivery failed (noise_headers) and their continuation lines. A
// paste may start with its own header block, so the header lines of
// the copy (original_header_lines) do not end it; text of one line is
// returned as it is.
func (p *Parser) Excerpt(text string) string {
	if !strings.Contains(text, "\n") {
		return text
	}
	var b strings.Builder
	b.Grow(len(text))
	skipping := false
	for line := range strings.Lines(text) {
		lower := strings.ToLower(strings.TrimSpace(line))
		if hasAnyPrefix(separatorTitle(lower), p.markers) {
			break
		}
		indented := strings.HasPrefix(line, " ") || strings.HasPrefix(line, "\t")
		if skipping && indented && lower != "" {
			continue
		}
		skipping = false
		if !indented && hasAnyPrefix(lower, p.v.NoiseHeaders) && !holdsSMTPDiagnostic(lower) {
			skipping = true
			continue
		}
		b.WriteString(line)
	}
	return strings.TrimSpace(b.String())
}

func hasAnyPrefix(s string, prefixes []string) bool {
	for _, pr := range prefixes {
		if strings.HasPrefix(s, pr) {
			return true
		}
	}
	return false
}

// separatorTitle is a line without the marks a separator line draws
// before its title ("------- Returned Message --------" reads "returned
// message --------", Smail's box "|---- Message text follows: ----|"
// reads "message text follows: ----|"): markers match however long the
// run is.
func separatorTitle(l string) string { return strings.TrimLeft(l, separatorMarks) }

// separatorMarks draw a separator line (and the spaces between them).
const separatorMarks = "|-=*_#~+ "

// ownAddresses are the addresses never reported as failed: the bounce's
// own sender and recipient, and the mail system's mailboxes.
//
// The returned message's sender (its Return-Path, From or Sender, in an
// attached message or in the copy after the report) is never one either:
// reports name it ("A message sent by <addr> could not be delivered").
func (p *Parser) ownAddresses(m *message) map[string]bool {
	skip := map[string]bool{}
	add := func(v string) {
		for _, a := range findAddresses(v) {
			skip[strings.ToLower(a.addr)] = true
		}
	}
	add(m.from)
	add(m.to)
	copied := m.text[len(p.report(m)):]
	for _, block := range []string{m.original, copied} {
		for _, h := range []string{"return-path", "from", "sender"} {
			add(headerValue(block, h))
		}
	}
	return skip
}

// selfAddressed finds the records of a bounce whose failed recipient is
// its own recipient: a sender who mailed their own address gets back a
// report naming it. Only an address the report gives a reply code counts
// (the bounce's To: quoted in a sentence is no failed recipient).
func selfAddressed(p *Parser, m *message, report string, skip map[string]bool) []Record {
	self := map[string]bool{}
	for _, a := range findAddresses(m.to) {
		self[strings.ToLower(a.addr)] = true
	}
	if len(self) == 0 {
		return nil
	}
	rest := map[string]bool{}
	for a := range skip {
		if !self[a] {
			rest[a] = true
		}
	}
	var recs []Record
	for _, r := range p.structuralRecords(report, rest) {
		if self[strings.ToLower(r.Recipient)] && hasCode(r.Diagnostic) {
			recs = append(recs, r)
		}
	}
	return recs
}

// onlyOwnAddresses reports whether every address text names is one of
// own (lower case): the message's own sender and recipient, never a
// failed one.
func onlyOwnAddresses(text string, own map[string]bool) bool {
	for _, a := range findAddresses(text) {
		if !own[strings.ToLower(a.addr)] {
			return false
		}
	}
	return true
}

func (p *Parser) systemAddress(addr string) bool {
	local, _, _ := strings.Cut(strings.ToLower(addr), "@")
	for _, s := range p.v.BounceSenders {
		if local == s {
			return true
		}
	}
	return false
}

// structuralRecords walks the report's lines. An address named again
// later (Exchange's "Diagnostic information for administrators") adds its
// text to the recipient's.
func (p *Parser) structuralRecords(report string, skip map[string]bool) []Record {
	lines := strings.Split(report, "\n")
	var recs []Record
	// prevEnd is where the entry read last ends: the lines before it are
	// another recipient's, never the next one's context.
	prevEnd := 0
	for i := 0; i < len(lines) && len(recs) < MaxRecords; i++ {
		line := lines[i]
		addr, rest, sentence, ok := p.recipientLead(line)
		if !ok {
			continue
		}
		if skip[strings.ToLower(addr)] || p.systemAddress(addr) || p.postmasterNamed(lines, i, addr) {
			// An entry of the report's own or a mail system's address
			// (a list the bounce's reader runs), or the admin's address
			// a framing sentence names: no failed recipient, but its
			// lines are not the next one's either.
			_, _, j := p.replyLines(lines, i, addr, nil)
			prevEnd = max(prevEnd, j)
			continue
		}
		// "a@… & b@… (550 …)": the addresses that lead the line together
		// share what follows them.
		also, rest := joinedAddresses(rest)
		diag := []string{}
		if sentence {
			// A lead phrase then the address ("Could not be delivered to:
			// <addr>"): the paragraph up to it and the whole line say
			// what happened.
			diag = append(diag, paragraphStart(lines, i)...)
			diag = append(diag, strings.TrimSpace(line))
		} else if rest != "" {
			diag = append(diag, rest)
		}
		diag, coded, j := p.replyLines(lines, i, addr, diag)
		if !coded && transcriptStatus(line, addr) {
			diag = transcriptReplies(lines, i, diag)
		}
		lead := leadBefore(lines, i)
		if !sentence && p.steppedPast(diag) {
			// A transcript's command naming the address, taken with a
			// success the session went on from: the delivery's outcome
			// is further on (sessionOutcome); with no reply refusing
			// anything, the report's own words say what came of it.
			var replied bool
			diag, j, replied = p.sessionOutcome(lines, i)
			if !replied {
				lead = p.accountBefore(lines, i)
			}
		}
		if sentence && rest == "" && j == i+1 {
			// Nothing after the address in its paragraph: the reason is
			// in the paragraphs that follow (fillFromText).
			diag = nil
		}
		text := strings.Join(diag, "\n")
		if outcome, ok := logOutcome(diag); ok {
			text = outcome // a log's last entry says what came of it
		}
		for _, addr := range append([]string{addr}, also...) {
			if skip[strings.ToLower(addr)] || p.systemAddress(addr) || len(recs) >= MaxRecords {
				continue
			}
			if k := recipientIndex(recs, addr); k >= 0 {
				if text != "" && !strings.Contains(recs[k].Diagnostic, text) {
					recs[k].Diagnostic = clip(strings.TrimSpace(recs[k].Diagnostic + "\n" + text))
				}
			} else {
				r := Record{Recipient: addr, Diagnostic: clip(text), Lead: lead}
				r.Action, r.Status = listedStatus(rest)
				r.Context = bounded(strings.Join(lines[contextStart(lines, i, prevEnd):min(len(lines), j)], " "))
				r.After = paragraphAfter(lines, j)
				recs = append(recs, r)
			}
		}
		i, prevEnd = j-1, j
	}
	return recs
}

// paragraphAfter returns the paragraph that starts after the blank lines
// from line j, when it is short (at most maxAfterLines lines and
// maxAfterBytes bytes) and names no address: a layout's statement after an
// entry, not the next entry. "" otherwise.
func paragraphAfter(lines []string, j int) string {
	for j < len(lines) && strings.TrimSpace(lines[j]) == "" {
		j++
	}
	var para []string
	for ; j < len(lines) && strings.TrimSpace(lines[j]) != ""; j++ {
		if len(para) == maxAfterLines || isSeparator(lines[j]) {
			return ""
		}
		para = append(para, strings.TrimSpace(lines[j]))
	}
	after := strings.Join(para, " ")
	if after == "" || len(after) > maxAfterBytes || HasAddress(after) {
		return ""
	}
	return after
}

// maxAfterLines and maxAfterBytes bound the paragraph read after an entry.
const (
	maxAfterLines = 2
	maxAfterBytes = 200
)

// transcriptReplies is what a session transcript's status line for an
// address ("<addr>... Deferred"), with no reply of its own, says its
// delivery met: the reply lines right above it (the lines after it are
// the report's, a delay warning's "Will keep trying …"), else the status
// line's own codes ("550 5.1.2 <addr>... Host unknown"), else diag.
func transcriptReplies(lines []string, i int, diag []string) []string {
	if above := repliesAbove(lines, i); len(above) > 0 {
		return above
	}
	if t := strings.TrimSpace(lines[i]); hasCode(t) {
		return []string{t}
	}
	return diag
}

// postmasterNamed reports whether addr, on line i, stands where one of
// the MTA's framing sentences (bounce.json framing) names the postmaster:
// Postfix's bounce template (bounce(5)) ends "For further assistance,
// please send mail to postmaster.", and an admin who edits it writes
// their own address there ("… please send mail to <admin@…>."). That
// address is whom to ask, never a failed recipient.
func (p *Parser) postmasterNamed(lines []string, i int, addr string) bool {
	line := lines[i]
	k := strings.Index(strings.ToLower(line), strings.ToLower(addr))
	if k < 0 {
		return false
	}
	head := append(paragraphStart(lines, i), line[:k])
	before := strings.ToLower(strings.Join(strings.Fields(strings.Join(head, " ")), " "))
	before = strings.TrimRight(before, " \t<\"'")
	if before == "" {
		return false
	}
	for _, f := range p.v.Framing {
		if j := strings.Index(f, postmaster); j > 0 && strings.HasSuffix(before, strings.TrimSpace(f[:j])) {
			return true
		}
	}
	return false
}

// postmaster is the word framing sentences name the admin's mailbox by.
const postmaster = "postmaster"

// replyLines adds to diag the lines after the address's line i that are
// its text, up to a blank line, a separator or another recipient's line;
// it tells whether the text holds a reply code, and where it ends.
func (p *Parser) replyLines(lines []string, i int, addr string, diag []string) (_ []string, coded bool, j int) {
	indent := indentOf(lines[i])
	coded = hasCode(strings.Join(diag, " ")) // the text holds a reply code
	j = i + 1
	for ; j < len(lines); j++ {
		l := lines[j]
		if strings.TrimSpace(l) == "" {
			// An address alone on its line may have its text after a
			// blank line; a paragraph ends at one.
			if len(diag) == 0 && j+1 < len(lines) && indentOf(lines[j+1]) > indent {
				continue
			}
			break
		}
		if isSeparator(l) || indentOf(l) <= indent && coded && anotherReply(diag, l) {
			break
		}
		if next, _, ok := p.recipientLine(l); ok && indentOf(l) <= indent && !strings.EqualFold(next, addr) && !continuesSentence(lines[j-1], l) && !addressInReply(l) && !brokenAddress(lines[j-1], next, addr) && !(j == i+1 && entryText(lines[i], l)) {
			break
		}
		if len(diag) == 0 && addressNote(l) {
			// Exim's "(ultimately generated from <alias>)" under the
			// address: a note on the address, no word of the reply.
			continue
		}
		diag = append(diag, strings.TrimSpace(l))
		coded = coded || hasCode(diag[len(diag)-1])
	}
	return diag, coded, j
}

// transcriptStatus reports whether line is a session transcript's status
// line for addr: the address, in angle brackets or not, then "..."
// (Sendmail's "<addr>... Deferred").
func transcriptStatus(line, addr string) bool {
	t := strings.TrimSpace(line)
	i := strings.Index(strings.ToLower(t), strings.ToLower(addr))
	if i < 0 {
		return false
	}
	return strings.HasPrefix(strings.TrimPrefix(t[i+len(addr):], ">"), "...")
}

// repliesAbove returns the run of reply lines right above line i, each
// starting with its code: the sending MTA's own status line first (the
// verdict it gives, "451 4.4.1 reply: read error from …", with its
// enhanced code), then the remote server's replies it quotes ("<<< 550
// … blocked using …"), the transcript's marks dropped; none when the line
// above holds no code.
func repliesAbove(lines []string, i int) []string {
	k := i
	for k > 0 && i-k < maxReplyLines {
		t := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(lines[k-1]), "<<<"))
		if leadingReplyCode(t) == "" {
			break
		}
		k--
	}
	var own, remote []string
	for _, l := range lines[k:i] {
		t := strings.TrimSpace(l)
		if r, ok := strings.CutPrefix(t, "<<<"); ok {
			remote = append(remote, strings.TrimSpace(r))
		} else {
			own = append(own, t)
		}
	}
	return append(own, remote...)
}

// addressInReply reports whether line is a reply that names an address
// within its text, after its code and other words (qmail's "Remote host
// said: 553 5.3.0 … forward this error to abuse@…"): the address is one
// the reply names, a help desk's, not the next failed recipient. A reply
// echoing the recipient straight after its codes ("550 5.1.1 <addr>:")
// or a transcript's "554 <addr>..." is no such line.
func addressInReply(line string) bool {
	t := strings.TrimSpace(line)
	as := findAddresses(t)
	if len(as) == 0 {
		return false
	}
	before := strings.TrimRight(t[:as[0].start], " \t<\"'([")
	if k := trailingCodes(before); k >= 0 {
		before = before[:k]
	}
	return hasCode(before)
}

// listedStatus reads the delivery-status fields a report may write on the
// recipient's own line after the address, separated by semicolons: an
// RFC 3464 action then the RFC 3463 status ("addr; Failed; 5.2.2 (mailbox
// full)", the way Sun/Oracle Messaging Server lists "the recipients of
// your message"). The status is the report's, whatever code the quoted
// reply carries ("443 … quota exceeded" below it). Both are "" when rest
// is no such pair.
func listedStatus(rest string) (action, status string) {
	f := strings.SplitN(strings.TrimLeft(rest, "; \t"), ";", 3)
	if len(f) < 2 {
		return "", ""
	}
	a := strings.ToLower(strings.TrimSpace(f[0]))
	code := strings.TrimSpace(f[1])
	if i := strings.IndexAny(code, " \t("); i >= 0 {
		code = code[:i]
	}
	if !dsnAction(a) || !isEnhancedCode(code) {
		return "", ""
	}
	return a, code
}

// dsnAction reports whether a is one of RFC 3464's action values.
func dsnAction(a string) bool {
	switch a {
	case "failed", "delayed", "delivered", "relayed", "expanded":
		return true
	}
	return false
}

// joinedAddresses reads the addresses that follow a line's first one,
// each after a "&" ("a@… & b@… (553 …)"), and returns them with the
// text after the last, which they all share. A comma or a space is no
// such mark: an address after one may be another's (a forward's target,
// an alias) rather than a second failed recipient.
func joinedAddresses(rest string) (also []string, after string) {
	for len(also) < MaxRecords {
		if !strings.HasPrefix(rest, "&") {
			break
		}
		t := strings.TrimLeft(rest[1:], " \t<")
		as := findAddresses(t)
		if len(as) == 0 || as[0].start != 0 {
			break
		}
		also = append(also, as[0].addr)
		rest = afterAddress(t[as[0].end:])
	}
	return also, rest
}

// continuesSentence reports whether line carries on the sentence the line
// before it left open, a wrapped line of one text: the line before ends
// in a word or a comma, and line goes on in lower case before any
// address ("…if you need help please forward this" then "email to
// support@…"). An address it names is the text's, not a new recipient's.
func continuesSentence(prev, line string) bool {
	p := strings.TrimRight(prev, " \t")
	t := strings.TrimSpace(line)
	if p == "" || t == "" || !('a' <= t[0] && t[0] <= 'z') {
		return false
	}
	if as := findAddresses(t); len(as) == 0 || as[0].start == 0 {
		return false // the line starts with the address: a list's next entry
	}
	last := p[len(p)-1]
	return isLetter(last) || last == ','
}

// entryText reports whether line is the text of the entry prev opens:
// prev is an address and a colon alone (qmail's "<addr>:", its reason on
// the lines under it), and line names an address only inside its words,
// not at its start ("Sorry, only subscribers may post. … please forward
// this message to list-owner@… to get your new address included."). The
// address is the text's (whom to ask), not a new recipient's.
func entryText(prev, line string) bool {
	p := strings.TrimSpace(prev)
	as := findAddresses(p)
	if !strings.HasSuffix(p, ":") || len(as) != 1 || strings.Trim(p[:as[0].start], "<\"' \t") != "" || strings.Trim(p[as[0].end:], ">\"' \t:") != "" {
		return false
	}
	t := strings.TrimSpace(line)
	as = findAddresses(t)
	return len(as) > 0 && strings.Trim(t[:as[0].start], "<\"' \t") != ""
}

// brokenAddress reports whether next, an address opening a line, is the
// tail of addr broken across the line end mid-word: the line before ends
// in the rest of addr's local part with no space ("… Local mailbox memb"
// then "er@mail.ru is unavailable"), the way a report cut at a fixed
// width writes it. It is the recipient's own address, not a new one.
func brokenAddress(prev, next, addr string) bool {
	p := strings.TrimRight(prev, " \t")
	if p == "" || len(next) >= len(addr) {
		return false
	}
	head := p[strings.LastIndexAny(p, " \t<\"'(:")+1:]
	return head != "" && !strings.Contains(head, "@") && strings.EqualFold(head+next, addr)
}

// contextStart is where the text before a recipient's line that may
// belong to it begins: up to three lines before it (a transcript's
// ">>> DATA" then the reply naming the address), never across a blank
// line, which ends the paragraph of the recipient before it (Exim's and
// qmail's blocks, one per address: one's "after MAIL FROM" is not the
// next one's stage), nor before floor, where the entry of the recipient
// before it ends when the entries follow each other with no blank line
// between them (Exim's indented blocks, Postfix's "<addr>: host … said:"
// paragraphs).
func contextStart(lines []string, i, floor int) int {
	k := i
	for k > max(0, floor, i-3) && strings.TrimSpace(lines[k-1]) != "" {
		k--
	}
	return k
}

// anotherReply reports whether line, in a recipient's text that holds a
// reply code, starts a reply other than the one the text holds: in a session transcript each line
// with its own code is its own reply ("554 <a>... 550 Host unknown" then
// "550 b.example (smtp)... 550 Host unknown"), unless it continues a
// multi-line reply ("550-…" then "550 …").
func anotherReply(diag []string, line string) bool {
	if len(diag) == 0 {
		return false
	}
	t := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(line), "<<<"))
	if _, _, _, ok := linePrefix(fieldAt(t, 0)); !ok {
		return false
	}
	if continuesReply(strings.TrimPrefix(diag[len(diag)-1], "<<<"), t) {
		return false
	}
	// A reply left open earlier in the text, its first line inside a
	// sentence ("… reason: 550-\"JunkMail rejected …") or its line wrapped
	// by a mail client that handed the report on: a line with its code
	// continues it.
	_, open, _ := joinReplies(strings.Join(diag, "\n"))
	return open == "" || open != fieldAt(t, 0)[:3]
}

// paragraphStart returns the lines of the paragraph before line i, up to
// a few, trimmed; none when one of them names an address (a list) or is a
// separator.
func paragraphStart(lines []string, i int) []string {
	k := i
	for k > 0 && i-k < maxLead && strings.TrimSpace(lines[k-1]) != "" {
		k--
		if strings.Contains(lines[k], "@") || isSeparator(lines[k]) {
			return nil
		}
	}
	out := make([]string, 0, i-k)
	for _, l := range lines[k:i] {
		out = append(out, strings.TrimSpace(l))
	}
	return out
}

// leadBefore returns the line introducing the list the address on line i
// is in: the nearest line before it, within a few, that ends with a colon
// and holds no address; "" when there is none.
func leadBefore(lines []string, i int) string {
	for k := i - 1; k >= max(0, i-maxLead); k-- {
		t := strings.TrimSpace(lines[k])
		switch {
		case t == "":
			continue
		case strings.HasSuffix(t, ":") && !strings.Contains(t, "@"):
			return bounded(t)
		case strings.Contains(t, "@"):
			continue // an earlier address of the same list
		}
		return ""
	}
	return ""
}

// maxLead is how many lines before an address its list's lead may be.
const maxLead = 6

// recipientLine reports whether line introduces a failed recipient: an
// address on its own, an address leading the line, or a lead phrase
// directly followed by the address. rest is the text after the address.
func (p *Parser) recipientLine(line string) (addr, rest string, ok bool) {
	addr, rest, _, ok = p.recipientLead(line)
	return addr, rest, ok
}

// recipientLead is recipientLine, and says when the address follows a
// sentence that tells what happened to it ("could not be delivered to",
// a lead of bounce.json without a colon: one with a colon is a field or
// a command, "rcpt to:", naming the address only).
func (p *Parser) recipientLead(line string) (addr, rest string, sentence, ok bool) {
	t := strings.TrimSpace(line)
	if t == "" || !strings.Contains(t, "@") {
		return "", "", false, false
	}
	// CJK text writes a label's colon full width ("受取人：<addr>").
	t = strings.ReplaceAll(t, "：", ": ")
	as := findAddresses(t)
	if len(as) == 0 {
		return "", "", false, false
	}
	a := p.fieldAddress(as[0])
	before := textBeforeAddress(t[:a.start])
	// A session transcript line: "554 <addr>... Service unavailable".
	// Sendmail writes its own status line so too, with the enhanced code:
	// "550 5.1.2 <addr>... Host unknown".
	transcript := before != "" && trailingCodes(before) == 0 && strings.HasPrefix(t[a.end:], ">...")
	// A list of fields on one line, "[Status: Error, Address: <addr>,
	// ResponseCode 421, …]" (Zoho's): the field the address is the value
	// of is the text after the last separator, and the whole line, every
	// field, is the recipient's text.
	if k := strings.LastIndexAny(before, ",;["); k >= 0 {
		field := strings.TrimSpace(before[k+1:])
		if strings.HasSuffix(field, ":") && !strings.Contains(field, " ") && mentions(field, p.v.RecipientLabels) {
			return a.addr, t, false, true
		}
	}
	if before == "" || transcript || strings.HasSuffix(before, ":") && !strings.Contains(before, " ") && mentions(before, p.v.RecipientLabels) {
		rest = afterAddress(t[a.end:])
		return a.addr, rest, false, true
	}
	if p.tableLabel(before) && afterAddress(t[a.end:]) == "" {
		// A table of fields written without colons, each label then its
		// value (NetEase's details of the returned message, "收件人
		// nobody@example.net"): a recipient label alone before the
		// address, which ends the line.
		return a.addr, "", false, true
	}
	if namedAddress(t, a) {
		// "Example User (user@example.net)": a list's entry in the form
		// Exchange and mail clients write, the display name then the
		// address, nothing else on the line.
		return a.addr, "", false, true
	}
	if strings.HasSuffix(before, ":") && !strings.ContainsAny(before, " \t") {
		return "", "", false, false // a header field of the returned message ("To: <addr>")
	}
	if lead, ok := p.ledAddress(t, a); ok {
		return a.addr, afterAddress(t[a.end:]), !fieldLead(lead), true
	}
	if rest, ok := wrappedError(before, t[a.end:]); ok {
		return a.addr, rest, false, true
	}
	if rest, ok := echoedReply(t, as, a); ok {
		return a.addr, rest, false, true
	}
	if e, rest, sentence, ok := p.laterRecipient(t, as[1:]); ok {
		return e.addr, rest, sentence, true
	}
	return "", "", false, false
}

// laterRecipient finds the recipient among the addresses as after the
// first on line t, when the first names none. On a mail log line it is
// the value of the recipient's field (a lead of bounce.json ending in
// "=": the sender of "…: 5.7.1 Spam message rejected; from=<s> to=<r>
// proto=ESMTP", Postfix's milter-reject, comes first), and the whole
// entry says what came of it. In a log entry, a line opened by its date
// and time, whose first addresses are other fields' values (Exim's
// "F=<sender> A=login:user@… rejected RCPT <addr>: …"), it is an
// address any lead introduces.
func (p *Parser) laterRecipient(t string, as []foundAddr) (e foundAddr, rest string, sentence, ok bool) {
	_, stamped := logEntry(t)
	for _, b := range as {
		b = p.fieldAddress(b)
		lead, led := p.ledAddress(t, b)
		switch {
		case led && strings.HasSuffix(lead, "="):
			return b, t, false, true
		case led && stamped:
			return b, afterAddress(t[b.end:]), !fieldLead(lead), true
		}
	}
	return foundAddr{}, "", false, false
}

// ledAddress returns the lead phrase of bounce.json directly before
// address a of line t; ok is false when there is none.
func (p *Parser) ledAddress(t string, a foundAddr) (lead string, ok bool) {
	lb := strings.ToLower(t[:a.start])
	// An address set off by commas in the sentence ("The address to
	// which your message was addressed, <addr>, did not …") follows its
	// lead as one after a colon does.
	lb = strings.TrimRight(lb, " \t<\"':,")
	// A bilingual layout glosses its lead in parentheses before the
	// address (21cn's "无法发送到（Unable to send）：< addr >"): the
	// lead is the text before the gloss.
	lb = withoutGloss(lb)
	for _, lead := range p.v.RecipientLeads {
		word := strings.TrimRight(lead, " <:")
		if !strings.HasSuffix(lb, word) || len(lb) > len(word) && isLetter(lb[len(lb)-len(word)-1]) {
			continue // a lead is whole words: "into" is no "to"
		}
		return lead, true
	}
	return "", false
}

// fieldLead reports whether lead names the address as a field or a
// command does ("rcpt to:", a log line's "to="), not in a sentence
// saying what happened to it.
func fieldLead(lead string) bool {
	return strings.HasSuffix(strings.TrimSpace(lead), ":") || strings.HasSuffix(lead, "=")
}

// echoedReply finds, among the line's addresses as, a reply echoing the
// address a it refuses, the way Postfix writes a RCPT TO refusal ("450
// 4.2.0 <addr>: Recipient address rejected: …"), quoted inside other text
// (a client library's error, which may name the address before the reply:
// Python's "{'addr': (550, b'5.1.1 <addr>: …')}"): the reply, from its
// code, is the recipient's text.
func echoedReply(t string, as []foundAddr, a foundAddr) (string, bool) {
	for _, e := range as {
		if !strings.EqualFold(e.addr, a.addr) {
			continue
		}
		if start, ok := echoedAddress(t, e); ok {
			return t[start:], true
		}
	}
	return "", false
}

// wrappedError reads an address as one link of a program's error chain,
// each layer writing its context then ": " and the error it wraps ("Failed
// to send e-mail for job: 42: user@example.com: Error: … 550 …", the way
// Go's and Node's errors are wrapped): the text before the address ends a
// context with its colon, the address is followed by its own and the
// error it wraps holds a reply code. rest is that error.
func wrappedError(before, after string) (rest string, ok bool) {
	if !strings.HasSuffix(before, ":") || !strings.ContainsAny(before, " \t") {
		return "", false
	}
	rest, ok = strings.CutPrefix(after, ": ")
	if !ok || !hasCode(rest) {
		return "", false
	}
	return strings.TrimSpace(rest), true
}

// textBeforeAddress is the text before an address on its line that may
// lead it: without a list bullet, a separator run or the address's type.
func textBeforeAddress(head string) string {
	// A list bullet ("* addr", "- addr", "• addr", an arrow: amavis lists
	// a notice's recipients as "-> addr") is no lead of its own.
	before := strings.TrimLeft(head, " \t")
	for _, arrow := range []string{"->", "=>", "→"} {
		before = strings.TrimPrefix(before, arrow)
	}
	before = strings.Trim(strings.TrimLeft(before, "*-•· \t"), " \t<\"'")
	if isSeparator(strings.TrimRight(head, " \t<\"'")) {
		// A section's title between separator runs and its first
		// address on one line, the line end lost ("----- The following
		// addresses had permanent fatal errors -----<addr> (reason: …)"):
		// the address opens its entry, as on a line of its own.
		return ""
	}
	// Exchange and MailEnable write an address with its type, the way
	// Exchange stores proxy addresses: "Recipient: [SMTP:addr]".
	if k := len(before) - len("smtp:"); k >= 0 && strings.EqualFold(before[k:], "smtp:") {
		before = strings.TrimRight(before[:k], " \t[")
	}
	return before
}

// withoutGloss returns s without the parenthesised text that ends it,
// ASCII or full-width ("无法发送到（unable to send）" → "无法发送到");
// s itself when it ends in none or the gloss is all there is.
func withoutGloss(s string) string {
	for _, p := range [][2]string{{"(", ")"}, {"（", "）"}} {
		if !strings.HasSuffix(s, p[1]) {
			continue
		}
		if k := strings.LastIndex(s, p[0]); k > 0 {
			return strings.TrimRight(s[:k], " \t")
		}
	}
	return s
}

// tableLabel reports whether before, the text before an address on its
// line, is a recipient label of bounce.json and nothing else, written
// without its colon.
func (p *Parser) tableLabel(before string) bool {
	for _, l := range p.v.RecipientLabels {
		if strings.EqualFold(before, l) {
			return true
		}
	}
	return false
}

// fieldAddress is a without the name of the log field it is the value
// of: "=" may be part of an address's local part, so "rcpt=user@…" reads
// as one address until a lead of bounce.json ending in "=" names the field.
func (p *Parser) fieldAddress(a foundAddr) foundAddr {
	lower := strings.ToLower(a.addr)
	for _, lead := range p.v.RecipientLeads {
		if strings.HasSuffix(lead, "=") && strings.HasPrefix(lower, lead) && strings.IndexByte(lower, '@') > len(lead) {
			a.addr, a.start = a.addr[len(lead):], a.start+len(lead)
			return a
		}
	}
	return a
}

// echoedAddress reports whether address a of line t is the one a reply
// echoes: in angle brackets directly after the reply's codes (a basic
// code, an enhanced one or both, "450 4.2.0 <addr>:"), a colon after it.
// start is where the codes begin.
func echoedAddress(t string, a foundAddr) (start int, ok bool) {
	if a.start == 0 || t[a.start-1] != '<' || !strings.HasPrefix(t[a.end:], ">:") {
		return 0, false
	}
	start = trailingCodes(t[:a.start-1])
	return start, start >= 0
}

// trailingCodes returns where the reply codes that end s begin (a basic
// code, an enhanced code or both: "450 4.2.0"), spaces after them
// allowed, or -1 when s does not end in one.
func trailingCodes(s string) int {
	end, start := len(s), -1
	for range 2 {
		h := strings.TrimRight(s[:end], " \t")
		i := strings.LastIndexAny(h, " \t'\"(:") + 1
		tok := h[i:]
		if tok == "" || leadingReplyCode(tok) != tok && !isEnhancedCode(tok) {
			break
		}
		start, end = i, i
	}
	return start
}

// namedAddress reports whether line t is a display name and the address
// a, and nothing else: "Example User (user@example.net)", "Example User
// <user@example.net>", or a mail client's link "[Example User
// (user@example.net)](mailto:user@example.net)". The name is a few
// words, no colon (a header field's "To: Name <addr>" is the returned
// message's), and no other address than a's follows; only the date and
// time of the attempt may (stampedEntry).
func namedAddress(t string, a foundAddr) bool {
	if a.start == 0 || !strings.ContainsRune("(<", rune(t[a.start-1])) {
		return false
	}
	// qmail writes each failed address in angle brackets and a colon,
	// "<addr>:", the whole of what the sender wrote when that was a
	// display name and the address: "<Example User <user@…>>:".
	head := t[:a.start-1]
	bracketed := strings.HasPrefix(head, "<")
	name := strings.TrimSpace(strings.TrimLeft(strings.TrimPrefix(head, "<"), "[ \t\"'"))
	name = strings.Trim(name, "\"'")
	if name == "" || len(strings.Fields(name)) > 5 || strings.ContainsAny(name, ":;@<>()[]") {
		return false
	}
	for _, r := range name {
		if unicode.IsDigit(r) || !unicode.IsLetter(r) && !strings.ContainsRune(" .,'-", r) {
			return false
		}
	}
	rest := strings.TrimLeft(t[a.end:], ")>]")
	if bracketed {
		return strings.HasPrefix(t[a.end:], ">>") && strings.TrimSpace(rest) == ":"
	}
	if strings.HasPrefix(rest, "(mailto:") {
		rest = strings.TrimPrefix(rest, "(mailto:")
		if !strings.HasPrefix(strings.ToLower(rest), strings.ToLower(a.addr)) {
			return false
		}
		rest = strings.TrimLeft(rest[len(a.addr):], ")>]")
	}
	return strings.TrimSpace(rest) == "" || stampedEntry(rest)
}

// afterAddress is the text after a recipient's address: the punctuation
// that closes or follows it and a mail client's link to it dropped, and
// a note on the address itself in parentheses before the colon
// (Postfix's "<addr> (expanded from <alias>): reason") too, which is no
// word of the reply.
func afterAddress(s string) string {
	rest := strings.TrimLeft(s, " \t>]\"':.,;")
	if l, ok := strings.CutPrefix(rest, "<mailto:"); ok {
		// The link a mail client writes after an address it shows as
		// one, "addr<mailto:addr>" (Outlook's plain text): no word.
		if i := strings.IndexByte(l, '>'); i > 0 && !strings.ContainsAny(l[:i], " \t<") {
			rest = strings.TrimLeft(l[i+1:], " \t:.,;")
		}
	}
	if strings.HasPrefix(rest, "(") {
		if i := strings.Index(rest, "):"); i > 0 && !strings.Contains(rest[1:i], "(") {
			rest = strings.TrimLeft(rest[i+2:], " \t")
		}
	}
	return rest
}

// addressNote reports whether line, on its own under a recipient's
// address, is a note on the address in parentheses naming another one
// (Exim's "(generated from <alias>)"), as afterAddress drops one on the
// address's own line: it says where the address came from, not why
// delivery failed.
func addressNote(line string) bool {
	t := strings.TrimSpace(line)
	if len(t) < 2 || t[0] != '(' || t[len(t)-1] != ')' || strings.ContainsAny(t[1:len(t)-1], "()") {
		return false
	}
	return len(findAddresses(t)) > 0 && !hasCode(t)
}

// jsonRecords reads a JSON notification (Amazon SES and others): every
// object with a recipient field holding an address and a status,
// action or diagnostic field.
func (p *Parser) jsonRecords(report string) []Record {
	v, ok := jsonNotification(report)
	if !ok {
		return nil
	}
	var recs []Record
	var walk func(v any, depth int)
	walk = func(v any, depth int) {
		if depth > 20 || len(recs) >= MaxRecords {
			return
		}
		switch x := v.(type) {
		case map[string]any:
			if r, ok := p.jsonRecord(x); ok {
				recs = append(recs, r)
				return
			}
			for _, c := range x {
				walk(c, depth+1)
			}
		case []any:
			for _, c := range x {
				walk(c, depth+1)
			}
		}
	}
	walk(v, 0)
	return recs
}

// jsonNotification is the JSON value a report holds from its first "{".
func jsonNotification(report string) (any, bool) {
	i := strings.Index(report, "{")
	if i < 0 || !strings.Contains(report[i:], "\"") {
		return nil, false
	}
	var v any
	if err := json.NewDecoder(strings.NewReader(report[i:])).Decode(&v); err != nil {
		return nil, false
	}
	return v, true
}

// jsonKind tells what a JSON notification reports by the type its
// top-level object gives itself (bounce.json json_fields type: Amazon
// SES's "notificationType":"Complaint", Postmark's "RecordType":
// "Delivery"): KindFeedback for a complaint, KindDelivered for a
// delivery, else "" (a bounce, or no such notification).
func (p *Parser) jsonKind(report string) string {
	v, ok := jsonNotification(report)
	if !ok {
		return ""
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return ""
	}
	f := p.v.JSONFields
	switch t := strings.ToLower(jsonString(obj, f.Type)); {
	case t == "":
		return ""
	case slices.Contains(f.FeedbackTypes, t):
		return KindFeedback
	case slices.Contains(f.DeliveredTypes, t):
		return KindDelivered
	}
	return ""
}

// jsonString is the string value of obj's first key, in any case, that
// is one of keys (lower case); "" when there is none.
func jsonString(obj map[string]any, keys []string) string {
	for k, v := range obj {
		if s, ok := v.(string); ok && slices.Contains(keys, strings.ToLower(k)) {
			return s
		}
	}
	return ""
}

func (p *Parser) jsonRecord(obj map[string]any) (Record, bool) {
	get := func(keys []string) string { return jsonString(obj, keys) }
	f := p.v.JSONFields
	rcpt := get(f.Recipient)
	as := findAddresses(rcpt)
	if len(as) == 0 {
		return Record{}, false
	}
	r := Record{Recipient: as[0].addr, Status: get(f.Status), Action: strings.ToLower(get(f.Action)), Diagnostic: typed(get(f.Diagnostic)), RemoteMTA: get(f.RemoteMTA)}
	if r.Status == "" && r.Action == "" && r.Diagnostic == "" {
		return Record{}, false
	}
	r.ReplyCode = leadingReplyCode(r.Diagnostic)
	return r, true
}

// fillFromText completes records from the report: a missing diagnostic,
// action or context.
func (p *Parser) fillFromText(m *message, recs []Record) {
	v := p.newReportView(m, recs)
	for i := range recs {
		r := &recs[i]
		ownContext := r.Context != ""
		// A Diagnostic-Code is the reply already; a report's own text may
		// hold it after a label of its layout. So it may where the
		// Diagnostic-Code only says the delivery ran out of time: the
		// text's latest attempt names the actual problem.
		labelled := r.Diagnostic == "" || r.Status == "" || expiryOnly(r.Diagnostic)
		if r.Diagnostic == "" || r.Context == "" {
			v.fillFromParagraph(r)
		}
		if ownContext && len(recs) == 1 && hasAny(v.lower, p.v.TranscriptMarkers) {
			v.addDistantTranscript(r)
		}
		if labelled {
			v.useLabelledReply(r)
		}
		if len(recs) == 1 && r.Recipient != "" && !hasCode(r.Diagnostic) {
			v.addReplyNear(r)
		}
		if r.ReplyCode == "" {
			r.ReplyCode = leadingReplyCode(r.Diagnostic)
		}
		if r.Status == "" {
			r.Status = TaggedStatus(r.Diagnostic)
		}
		if r.Action == "" {
			r.Action = "failed"
			if v.delayed {
				r.Action = "delayed"
			}
		}
	}
}

// expiryOnly reports whether a diagnostic opens with the code of an
// expired delivery time, X.4.7, after any reply code ("400 4.4.7 Message
// delayed", the summary Exchange writes in a delay notice's
// Diagnostic-Code). RFC 3463 asks for the code of the actual problem met
// on the attempts in its place where one is known, so that code names no
// cause of its own.
func expiryOnly(diag string) bool {
	rest := strings.TrimLeft(diag, " \t'\"")
	if leadingReplyCode(rest) != "" {
		rest = rest[3:]
		if rest != "" && (rest[0] == '-' || rest[0] == ',') {
			rest = rest[1:]
		}
	}
	code := firstWord(rest)
	return isStatusCode(code) && code[1:] == ".4.7"
}

// reportView is a report's text as fillFromText reads it for each record:
// what every record needs is computed once, what only some need on first use.
type reportView struct {
	p       *Parser
	m       *message
	recs    []Record
	report  string // the report's own text, trimmed
	lower   string // report, lower-cased
	delayed bool   // the report says delivery is only delayed

	paras      []string          // lower-case paragraphs, split once for all records
	own        map[string]bool   // the bounce's reader's addresses
	lowerASCII string            // report lowered in ASCII only, for reply labels
	labels     bool              // whether the report holds a reply label
	entryCtx   map[string]string // each listed recipient's context, by lower-case address
	order      int8              // 1 when the layout lists attempts newest first, -1 when not, 0 unknown yet
}

// newestFirst reports whether the report's layout lists a recipient's
// delivery attempts newest first (bounce.json newest_first_marks).
func (v *reportView) newestFirst() bool {
	if v.order == 0 {
		v.order = -1
		if hasAny(v.lower, v.p.v.NewestFirstMarks) {
			v.order = 1
		}
	}
	return v.order > 0
}

func (p *Parser) newReportView(m *message, recs []Record) *reportView {
	report := strings.TrimSpace(p.report(m))
	lower := strings.ToLower(report)
	// A delay notice may say so only in its Subject (Postfix's "Delayed
	// Mail (still being retried)" over a bare reply).
	delayed := hasAny(lower, p.v.DelayMarkers) || hasAny(strings.ToLower(m.subject), p.v.DelayMarkers)
	return &reportView{p: p, m: m, recs: recs, report: report, lower: lower, delayed: delayed}
}

// entries returns, by lower-case address, the context of each recipient
// entry the report's text lists (structuralRecords, at most MaxRecords),
// computed on first use.
func (v *reportView) entries() map[string]string {
	if v.entryCtx == nil {
		v.entryCtx = map[string]string{}
		if v.own == nil {
			v.own = v.p.ownAddresses(v.m)
		}
		for _, r := range v.p.structuralRecords(v.report, v.own) {
			v.entryCtx[strings.ToLower(r.Recipient)] = r.Context
		}
	}
	return v.entryCtx
}

func (v *reportView) paragraphs() []string {
	if v.paras == nil {
		v.paras = strings.Split(v.lower, "\n\n")
	}
	return v.paras
}

// fillFromParagraph gives a record without a diagnostic or context the
// paragraph of the report that names its address.
func (v *reportView) fillFromParagraph(r *Record) {
	para := paragraphWith(v.report, v.paragraphs(), r.Recipient, v.recs)
	summary := v.namedInSummary(r.Recipient)
	if r.Recipient == "" || summary || !strings.Contains(v.lower, strings.ToLower(r.Recipient)) {
		// The report does not name the address (found in the
		// returned copy), or names it only in its header block
		// summing the message up (summaryRecipient): its start says
		// what happened, after any greeting of the bounce's reader.
		if v.own == nil {
			v.own = v.p.ownAddresses(v.m)
		}
		body := withoutSalutation(dropBoxes(v.report), v.own)
		para = bounded(body[:min(len(body), 4*maxDiagnostic)])
	}
	if r.Diagnostic == "" {
		r.Diagnostic = para
		if onlyAddress(para, r.Recipient) || v.p.onlyFramingBeside(para, r.Recipient) {
			// A report without a Diagnostic-Code whose text lists
			// the address alone, or with only its layout's framing
			// after it (a closing that names the postmaster): the
			// lead of its list, or the paragraph before, says what
			// happened ("… forwarded more than the maximum allowed
			// times.", "The user(s) account is temporarily over
			// quota."), and is what the report says of it.
			if r.Lead == "" {
				r.Lead = paragraphBefore(v.report, r.Recipient)
			}
			if r.Lead != "" {
				r.Diagnostic, r.LeadOnly = r.Lead, true
			}
		}
	}
	if r.Context == "" {
		own := para
		if len(v.recs) > 1 {
			// A paragraph listing several entries back to back: the
			// recipient's own entry is its context, not the others'.
			if e, ok := v.entries()[strings.ToLower(r.Recipient)]; ok {
				own = e
			}
		}
		r.Context = bounded(own + "\n" + laterMentions(v.report, v.paragraphs(), r.Recipient, para, v.p.transcripts(len(v.recs))))
	}
}

// namedInSummary reports whether the first paragraph of the report naming
// addr is a header block summing the message up whose To: names it
// (summaryRecipient), not the report's words about it.
func (v *reportView) namedInSummary(addr string) bool {
	if addr == "" {
		return false
	}
	la := strings.ToLower(addr)
	for _, para := range v.paragraphs() {
		if !strings.Contains(para, la) {
			continue
		}
		hdr, _, ok := v.p.headerBlock(strings.Split(strings.Trim(para, "\n"), "\n"))
		return ok && strings.Contains(headerValue(hdr, "To"), la)
	}
	return false
}

// addDistantTranscript adds to the only recipient's context its transcript,
// which may be paragraphs away from its address (m-FILTER's "SMTP command"
// section): it is about it all the same.
func (v *reportView) addDistantTranscript(r *Record) {
	if t := laterMentions(v.report, v.paragraphs(), r.Recipient, r.Context, v.p.v.TranscriptMarkers); t != "" {
		r.Context = bounded(r.Context + "\n" + t)
	}
}

// useLabelledReply takes the reply that follows a label of the report's
// layout ("The response was:"), in the diagnostic or in the recipient's
// section of the report.
func (v *reportView) useLabelledReply(r *Record) {
	failed := r.Action == "failed" || r.Action == "" && !v.delayed
	newestFirst := v.newestFirst()
	replies := v.p.labelledReplies(r.Diagnostic)
	reply := finalReply(replies, failed, newestFirst)
	if reply == "" && r.Recipient != "" {
		if v.lowerASCII == "" {
			v.lowerASCII = asciiLower(v.report)
			v.labels = hasAny(v.lowerASCII, v.p.v.ReplyLabels)
		}
		if v.labels {
			// The first mention holding a label: a list of the
			// recipients may name it before its own section does.
			for _, sec := range recipientSections(v.report, v.lowerASCII, r.Recipient, v.recs) {
				if replies = v.p.labelledReplies(sec); len(replies) > 0 {
					reply = finalReply(replies, failed, newestFirst)
					break
				}
			}
		}
	}
	if reply != "" {
		r.Diagnostic, r.LeadOnly = reply, false
		r.Remote = remoteReply(replies, reply)
	}
}

// addReplyNear adds the reply when it stands in a paragraph of its own, after
// the one naming the address ("The response from the remote server was:") or
// before it ("Error message below: 550 …", then the message's details).
func (v *reportView) addReplyNear(r *Record) {
	if near := replyNear(v.report, v.paragraphs(), r.Recipient); near != "" {
		r.Diagnostic = bounded(r.Diagnostic + "\n" + near)
	}
}

// onlyAddress reports whether a paragraph holds nothing but the address
// (and punctuation).
func onlyAddress(para, addr string) bool {
	if addr == "" {
		return false
	}
	rest := strings.ReplaceAll(strings.ToLower(para), strings.ToLower(addr), "")
	return strings.TrimFunc(rest, func(c rune) bool { return !unicode.IsLetter(c) && !unicode.IsDigit(c) }) == ""
}

// onlyFramingBeside reports whether para opens with addr and holds after it
// nothing but the MTA's framing sentences (bounce.json framing): a layout
// that writes the cause above its list of addresses and closes with its
// own sentence ("Please reply to <Postmaster@…> if you feel this message
// to be in error.") says nothing of the address in that closing. A mail
// system's address there (bounce.json bounce_senders, the postmaster's)
// stands for its local part, the word the framing names it by; any other
// address is another entry, and the paragraph more than the address.
func (p *Parser) onlyFramingBeside(para, addr string) bool {
	if addr == "" {
		return false
	}
	lower := strings.ToLower(strings.Join(strings.Fields(para), " "))
	if len(lower) != len(strings.Join(strings.Fields(para), " ")) {
		return false
	}
	before, after, ok := strings.Cut(lower, strings.ToLower(addr))
	if !ok || strings.IndexFunc(before, isWordRune) >= 0 {
		// Words before the address are a lead or an entry's own
		// text, not a list holding the address alone.
		return false
	}
	lower = after
	as := findAddresses(lower)
	for k := len(as) - 1; k >= 0; k-- {
		a := as[k]
		if !p.systemAddress(a.addr) {
			return false
		}
		local, _, _ := strings.Cut(a.addr, "@")
		lower = lower[:a.start] + local + lower[a.end:]
	}
	lower = strings.NewReplacer("<", " ", ">", " ").Replace(lower)
	lower = strings.Join(strings.Fields(lower), " ")
	framed := false
	for _, f := range p.v.Framing {
		if strings.Contains(lower, f) {
			lower, framed = strings.ReplaceAll(lower, f, " "), true
		}
	}
	return framed && strings.IndexFunc(lower, isWordRune) < 0
}

// isWordRune reports whether c is a letter or a digit.
func isWordRune(c rune) bool { return unicode.IsLetter(c) || unicode.IsDigit(c) }

// paragraphBefore returns the paragraph of the report just before the
// first mention of addr, when it names no address itself; "" otherwise.
func paragraphBefore(report, addr string) string {
	i := strings.Index(strings.ToLower(report), strings.ToLower(addr))
	if i <= 0 {
		return ""
	}
	// The mark opening the address ("<addr>") is part of its paragraph.
	before := strings.TrimRight(report[:i], " \t\r\n<\"'([")
	if k := strings.LastIndex(before, "\n\n"); k >= 0 {
		before = strings.TrimSpace(before[k+2:])
	}
	if before == "" || strings.Contains(before, "@") || len(before) > maxDiagnostic {
		return ""
	}
	return before
}

// replyNear returns the nearest paragraph with a reply code around the
// first one naming addr, in the original case: one of the next two, else
// the nearest before; "" when there is none.
func replyNear(report string, lowerParas []string, addr string) string {
	if addr == "" {
		return ""
	}
	la := strings.ToLower(addr)
	start := -1
	for k, p := range lowerParas {
		if strings.Contains(p, la) {
			start = k
			break
		}
	}
	orig := strings.Split(report, "\n\n")
	if len(orig) != len(lowerParas) {
		orig = lowerParas
	}
	if start < 0 {
		return ""
	}
	// After it first ("The response from the remote server was: 550 …"),
	// then before it.
	for k := start + 1; k < len(lowerParas) && k <= start+2; k++ {
		if hasCode(lowerParas[k]) {
			return orig[k]
		}
	}
	for k := start - 1; k >= 0; k-- {
		if hasCode(lowerParas[k]) {
			return orig[k]
		}
	}
	return ""
}

// paragraphWith returns, bounded and on one line, the paragraphs of report
// from the one naming addr to the next one with a reply code; the start of
// the report when addr is empty or absent. When the report writes words of
// its own after the address ("<addr> (connection to … failed: Connection
// timeout)"), they are what it says of it: a later paragraph naming
// another recipient of recs is that one's section (a report in sections,
// "temporary problem" then "failed"), never this one's. lowerParas are the report's
// paragraphs in lower case (the same bytes: ASCII case folding aside,
// strings.ToLower keeps lengths for the text bounces use, and offsets are
// only used when it does).
func paragraphWith(report string, lowerParas []string, addr string, recs []Record) string {
	start := -1
	la := strings.ToLower(addr)
	if addr != "" {
		for k, p := range lowerParas {
			if strings.Contains(p, la) {
				start = k
				break
			}
		}
	}
	if start < 0 {
		return bounded(report[:min(len(report), 4*maxDiagnostic)])
	}
	_, after, _ := strings.Cut(lowerParas[start], la)
	worded := strings.IndexFunc(after, func(c rune) bool { return unicode.IsLetter(c) || unicode.IsDigit(c) }) >= 0
	end := start + 1
	for end < len(lowerParas) && end < start+4 && !hasCode(lowerParas[end-1]) && !(end-2 > start && isLabel(lowerParas[end-2])) {
		if worded && namesOther(lowerParas[end], la, recs) {
			break
		}
		end++
	}
	// A multi-line reply goes on across blank lines (a report whose line
	// ends were doubled).
	for end < len(lowerParas) && end < start+maxReplyLines && continuesReply(strings.TrimSpace(lowerParas[end-1]), lowerParas[end]) {
		end++
	}
	// The same paragraphs in the original case, when lengths agree.
	text := strings.Join(lowerParas[start:end], "\n\n")
	if len(report) == len(strings.Join(lowerParas, "\n\n")) {
		off := 0
		for _, p := range lowerParas[:start] {
			off += len(p) + 2
		}
		text = report[off : off+len(text)]
	}
	return bounded(text[:min(len(text), 4*maxDiagnostic)])
}

// namesOther reports whether a lower-case paragraph names a recipient of
// recs other than la.
func namesOther(para, la string, recs []Record) bool {
	for _, a := range findAddresses(para) {
		if a.addr != la && recipientIndex(recs, a.addr) >= 0 {
			return true
		}
	}
	return false
}

// isLabel reports whether a paragraph is a label introducing the next one:
// a short line of its own ending with a colon ("because:" in Domino's
// report, "Reason:"), which says the next paragraph is the cause, and
// that the text after that is something else (help, a signature).
func isLabel(para string) bool {
	t := strings.TrimSpace(para)
	return len(t) > 1 && len(t) <= 40 && strings.HasSuffix(t, ":") && !strings.ContainsAny(t, "\n@")
}

// laterMentions returns the report's other paragraphs naming addr, up to
// three, that para does not already hold: a session transcript after the
// list of failed addresses (">>> DATA" then "<<< 550 … <addr>") says which
// command the refusal answered.
//
// A report of one recipient says everything of it: a paragraph opened by
// one of markers (the MTA's session transcript) counts as naming it.
func laterMentions(report string, lowerParas []string, addr, para string, markers []string) string {
	if addr == "" || len(report) != len(strings.Join(lowerParas, "\n\n")) {
		return ""
	}
	la := strings.ToLower(addr)
	lowerPara := strings.ToLower(strings.Join(strings.Fields(para), " "))
	var out []string
	off := 0
	for _, p := range lowerParas {
		start := off
		off += len(p) + 2
		if len(out) == 3 || !strings.Contains(p, la) && !hasAny(p, markers) {
			continue
		}
		if strings.Contains(lowerPara, strings.Join(strings.Fields(p), " ")) {
			continue
		}
		out = append(out, report[start:start+len(p)])
	}
	return strings.Join(out, "\n")
}

// transcripts returns the markers of a session transcript that speaks of
// the one recipient of a report of n: none when there are several, whose
// transcript lines name each.
func (p *Parser) transcripts(n int) []string {
	if n != 1 {
		return nil
	}
	return p.v.TranscriptMarkers
}

// holdsSMTPDiagnostic reports whether a header line's value holds a remote
// server's reply in the form of an RFC 3464 §2.3.6 diagnostic, "smtp;" and
// a reply code: an extension field that carries one ("X-Supplementary-Info:
// <host #5.0.0 smtp; 550 …>") is the reply, not noise, whatever its name.
func holdsSMTPDiagnostic(lower string) bool {
	_, after, ok := strings.Cut(lower, "smtp;")
	after = strings.TrimLeft(after, " \t")
	return ok && len(after) >= 3 && after[0] >= '2' && after[0] <= '5' && isDigit(after[1]) && isDigit(after[2])
}

func hasAny(s string, subs []string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

func hasCode(s string) bool {
	for i := 0; i+3 <= len(s); i++ {
		if leadingReplyCode(s[i:]) != "" && (i == 0 || !isDigit(s[i-1]) && s[i-1] != '.') {
			return true
		}
	}
	return false
}

// clip bounds a diagnostic still in lines (bounded puts it on one line
// at the end).
func clip(s string) string {
	if len(s) > 2*maxDiagnostic {
		s = strings.ToValidUTF8(s[:2*maxDiagnostic], "")
	}
	return s
}

func bounded(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > maxDiagnostic {
		s = strings.ToValidUTF8(s[:maxDiagnostic], "")
	}
	return s
}

func indentOf(s string) int { return len(s) - len(strings.TrimLeft(s, " \t")) }

func hasRecipient(recs []Record, addr string) bool { return recipientIndex(recs, addr) >= 0 }

func recipientIndex(recs []Record, addr string) int {
	for i, r := range recs {
		if strings.EqualFold(r.Recipient, addr) {
			return i
		}
	}
	return -1
}

// headerValue returns a field of the first header block in text (a
// returned message's header, maybe after a marker line and blank lines).
// A copy indented as a whole (a mailing-list manager's "Original mail as
// follows:" with every line shifted right) is read the same way: the
// first field's indentation is the block's, and only lines with it are
// fields.
func headerValue(text, name string) string {
	started := false
	indent := ""
	n := 0
	for line := range strings.Lines(text) {
		if n++; n > 400 {
			break
		}
		if strings.TrimSpace(line) == "" {
			if started {
				break
			}
			continue
		}
		if started {
			rest, ok := strings.CutPrefix(line, indent)
			if !ok {
				break // less indented: the copy's header block ended
			}
			line = rest
		} else {
			trimmed := strings.TrimLeft(line, " \t")
			indent, line = line[:len(line)-len(trimmed)], trimmed
		}
		k, v, ok := strings.Cut(line, ":")
		if !ok || strings.ContainsAny(k, " \t") {
			continue
		}
		started = true
		if strings.EqualFold(k, name) {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

type foundAddr struct {
	addr       string
	start, end int
}

func isLocalByte(c byte) bool {
	return isDigit(c) || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || strings.IndexByte("!#$%&'*+/=?^_`{|}~.-", c) >= 0
}

func isDomainByte(c byte) bool {
	return isDigit(c) || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '.' || c == '-' || c >= 0x80
}

// DomainEnd returns where the domain after the "@" at s[at] ends: the run
// of domain bytes (UTF-8 included, RFC 6531) after it, less the dots and
// hyphens that end a sentence or a line around the address. It is
// s[at+1:at+1] when no domain follows.
func DomainEnd(s string, at int) int {
	end := at + 1
	for end < len(s) && isDomainByte(s[end]) {
		end++
	}
	for end > at+1 && (s[end-1] == '.' || s[end-1] == '-') {
		end--
	}
	return end
}

// findAddresses returns the email addresses in s, in order: a local part,
// "@", and a domain with a dot; or a quoted local part (RFC 5321
// Quoted-string, which may hold "@" itself), "@" and a domain, dotted or
// not (Postfix's '"user@example.com"@forwarding' for an address a local
// transport handles).
func findAddresses(s string) []foundAddr { return firstAddresses(s, 64) }

// HasAddress reports whether text holds an email address, as the parser
// reads one.
func HasAddress(text string) bool { return len(firstAddresses(text, 1)) > 0 }

// firstAddresses returns at most max of the email addresses in s.
func firstAddresses(s string, max int) []foundAddr {
	var out []foundAddr
	for i := 0; i < len(s) && len(out) < max; i++ {
		if s[i] == '"' {
			if a, ok := quotedAddress(s, i); ok {
				out = append(out, a)
				i = a.end - 1
			}
			continue
		}
		if s[i] != '@' {
			continue
		}
		a := i
		for a > 0 && isLocalByte(s[a-1]) {
			a--
		}
		b := DomainEnd(s, i)
		a = openedByText(s, a, i, b)
		// Local parts may start with a quote in theory; lines end with dots.
		for a < i && (s[a] == '.' || s[a] == '\'') {
			a++
		}
		dom := s[i+1 : b]
		if a == i || !strings.Contains(dom, ".") || strings.HasPrefix(dom, ".") {
			continue
		}
		out = append(out, foundAddr{addr: s[a:b], start: a, end: b})
		i = b - 1
	}
	return out
}

// textOpeners are the quotes and braces that atext allows in a local part
// (RFC 5322 §3.2.3) but that text also puts around an address, each with
// the characters that close it: Markdown's emphasis too, "**addr**" in a
// notice written in Markdown and sent as plain text.
var textOpeners = map[byte]string{'{': "}", '\'': "'", '`': "`'", '*': "*"}

// openedByText returns where the local part s[a:at] starts once the quotes
// and braces the surrounding text opens around the address are left out:
// a run of them before the local part whose innermost one the character
// right after the address (s[b]) closes, as a Python dict's "{'key': ..."
// or a shell's backquotes do. A quote inside a local part (o'brien) is
// not at its start and stays.
func openedByText(s string, a, at, b int) int {
	run := a
	for run < at && textOpeners[s[run]] != "" {
		run++
	}
	if run == a || run == at {
		return a
	}
	inner := s[run-1]
	if inner == '\'' || b < len(s) && strings.IndexByte(textOpeners[inner], s[b]) >= 0 {
		return run
	}
	return a
}

// maxLocalPart is the longest local part an address has (RFC 5321
// §4.5.3.1.1), quotes included.
const maxLocalPart = 64

// quotedAddress reads the address that starts at the quote s[i]: a quoted
// string on one line, without escapes, directly followed by "@" and a
// domain; one not glued to a word before it.
func quotedAddress(s string, i int) (foundAddr, bool) {
	if i > 0 && isLocalByte(s[i-1]) {
		return foundAddr{}, false
	}
	j := strings.IndexAny(s[i+1:min(len(s), i+maxLocalPart)], "\"\\\n")
	if j <= 0 || s[i+1+j] != '"' {
		return foundAddr{}, false
	}
	at := i + 1 + j + 1
	if at >= len(s) || s[at] != '@' {
		return foundAddr{}, false
	}
	b := DomainEnd(s, at)
	if b == at+1 || s[at+1] == '.' || !isLetter(s[at+1]) && !isDigit(s[at+1]) {
		return foundAddr{}, false
	}
	return foundAddr{addr: s[i:b], start: i, end: b}, true
}

// RecipientBlock reports whether text holds a failed recipient laid out
// as a report does it: an address alone on its line and, right under it,
// a line of text indented deeper (Exim's "  user@example.com\n    mailbox
// is full: retry timeout exceeded"). A person pasting part of a report
// keeps that layout; a sentence naming an address does not have it.
func RecipientBlock(text string) bool {
	for off := 0; ; {
		at := strings.IndexByte(text[off:], '@')
		if at < 0 {
			return false
		}
		at += off
		start := strings.LastIndexByte(text[:at], '\n') + 1
		end := len(text)
		if k := strings.IndexByte(text[at:], '\n'); k >= 0 {
			end = at + k
		}
		off = end
		if end == len(text) {
			return false
		}
		line := text[start:end]
		if !addressAlone(line) {
			continue
		}
		next := text[end+1:]
		if k := strings.IndexByte(next, '\n'); k >= 0 {
			next = next[:k]
		}
		if indentOf(next) > indentOf(line) && strings.ContainsFunc(next, unicode.IsLetter) && !strings.Contains(next, "@") {
			return true
		}
	}
}

// addressAlone reports whether line is one address and nothing else, in
// angle brackets or quotes or after a list bullet at most.
func addressAlone(line string) bool {
	t := strings.Trim(line, " \t<>\"'*-•·")
	as := findAddresses(t)
	return len(as) == 1 && strings.EqualFold(as[0].addr, t)
}

// stampedEntry reports whether rest, the text after the address of a
// list's entry, is only the date and time the delivery was tried, after
// at most one word joining them: Outlook's report of an undeliverable
// message lists each recipient as "Name <addr> on 7/12/2026 9:15 AM", the
// word in the report's own language. Whatever follows on the next lines
// is the entry's text.
func stampedEntry(rest string) bool {
	f := strings.Fields(rest)
	if len(f) > 0 && !datedLine(rest) {
		f = f[1:]
	}
	if len(f) < 2 || len(f) > 3 || !datedLine(strings.Join(f, " ")) {
		return false
	}
	return len(f) == 2 || len(f[2]) == 2 && strings.ContainsAny(f[2][:1], "AaPp") && strings.ContainsAny(f[2][1:], "Mm")
}
