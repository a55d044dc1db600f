// Package bounce reads one whole email message and tells what it is: a
// bounce, with one Record per failed or delayed recipient in the order of
// the report, or something that is not a bounce (an auto-reply, an ARF
// feedback report, a "delivered" notice, or not mail at all).
//
// It is part of the pure core: bytes in, a Report out, no I/O. The steps:
//
//  1. mime.go: bound the input, normalise line ends, and walk the MIME tree
//     with github.com/emersion/go-message (transfer encodings, charsets,
//     encoded words), collecting the report's text, its delivery-status
//     fields and the returned original message's headers;
//  2. dsn.go: the RFC 3464 per-recipient groups, wherever they are (a
//     message/delivery-status part, a mislabelled part, or plain text);
//  3. text.go: when there is no DSN, the recipients and their error text
//     from the structure of the MTA's own text (an address on a line of its
//     own followed by indented text, "<addr>:" paragraphs, a lead phrase
//     followed by the address, header fields listing failed recipients,
//     JSON notifications);
//  4. join.go: each recipient's diagnostic written as the reply it is: a
//     multi-line reply (RFC 5321 §4.2.1) joined with one code prefix, a
//     Diagnostic-Code holding only its first line completed from the
//     session transcript, separator lines dropped;
//  5. kind: a message with no failed recipient is classified instead.
//
// The words it looks for are data (catalog/data/bounce.json).
package bounce

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/smtpbot/smtpbot/catalog"
)

// Kinds of message. The strings other than KindBounce are the JSON
// not_bounce values.
const (
	KindBounce    = "bounce"
	KindAutoreply = "autoreply"
	KindFeedback  = "feedback"
	KindDelivered = "delivered"
	KindNotMail   = "not_mail"
)

// Limits on hostile input. Past them the message is read in part, never
// rejected: a bounce's report comes first.
const (
	MaxSize       = 4 << 20 // bytes of the message read
	MaxDepth      = 8       // nesting of multiparts and attached messages
	MaxParts      = 200     // MIME parts visited
	MaxHeaderSize = 256 << 10
	MaxPartText   = 512 << 10 // decoded bytes kept per text part
	MaxRecords    = 200       // recipients reported
	maxDiagnostic = 2000      // bytes of one recipient's diagnostic text
	maxAttached   = 3         // attached messages kept to read as forwarded bounces
	maxForwarded  = 2         // levels of forwarded bounces read
)

// Report is what a message is and, for a bounce, each failed recipient.
type Report struct {
	Kind    string
	Records []Record
	// MTA is the software that wrote the report when recognised
	// (catalog/data/bounce.json "mtas": its display name).
	MTA string
	// Subject is the message's decoded Subject.
	Subject string
}

// Record is one failed or delayed recipient.
type Record struct {
	Recipient  string // the address, without brackets or type
	Action     string // DSN Action: failed, delayed; "" when the report does not say
	Status     string // DSN Status (enhanced code) as written
	ReplyCode  string // the basic reply code of the diagnostic, when it starts with one
	Diagnostic string // the remote server's reply or the MTA's own text
	// DiagnosticType is the type of the DSN Diagnostic-Code, lower case
	// ("smtp"; "x-unix" for a local delivery program's output, RFC 3464
	// §2.3.6); "" when the report has no typed Diagnostic-Code.
	DiagnosticType string
	RemoteMTA      string
	ReportingMTA   string
	// Context is text around the recipient in the report (for the stage:
	// "after RCPT TO", "in reply to end of DATA command").
	Context string
	// Lead is the sentence that introduces a list of failed addresses in
	// an MTA's own text ("Delivery to the following recipients was
	// aborted after 5 hours:"): it says what happened to all of them.
	Lead string
	// LeadOnly: the report says nothing of this recipient but its
	// address, so its Diagnostic is the Lead.
	LeadOnly bool
	// Remote: the report's layout says the Diagnostic is the remote
	// server's reply (a label of bounce.json remote_labels, "Remote host
	// said :"), even where it dropped the reply's code.
	Remote bool
	// After is the short paragraph a report's own text writes right after
	// the recipient's entry, naming no address: a statement of the layout
	// about the entries before it (hMailServer's "Tried 5 time(s)" after
	// the recipients it retried until it gave up). "" when none.
	After string
}

// Parser parses messages with one vocabulary. It is safe for concurrent use.
type Parser struct {
	v           *catalog.BounceVocabulary
	markers     []string // v.OriginalMarkers without the separator marks before their words
	headerLines []string // v.OriginalHeaderLines, the same way
}

// New returns a parser using v.
func New(v *catalog.BounceVocabulary) *Parser {
	return &Parser{v: v, markers: separatorTitles(v.OriginalMarkers), headerLines: separatorTitles(v.OriginalHeaderLines)}
}

func separatorTitles(marks []string) []string {
	var out []string
	for _, mk := range marks {
		if k := separatorTitle(mk); k != "" {
			out = append(out, k)
		}
	}
	return out
}

// Parse reads one message. It never fails and never panics on any input:
// what it cannot read as mail is KindNotMail.
func (p *Parser) Parse(raw []byte) (rep Report) {
	defer func() {
		if recover() != nil { // a bug in a dependency must not take the bot down
			rep = Report{Kind: KindNotMail}
		}
	}()
	return p.parse(raw, 0)
}

func (p *Parser) parse(raw []byte, level int) Report {
	m, ok := readMessage(raw)
	if !ok {
		return Report{Kind: KindNotMail}
	}
	return p.read(m, level)
}

// read tells what one message read off its bytes is. Attached messages
// are read as messages down to level maxForwarded.
func (p *Parser) read(m *message, level int) (rep Report) {
	rep.Subject = m.subject
	rep.MTA = p.mta(m)

	recs := messageRecords(m)
	forwardedKind := ""
	if len(recs) == 0 && level < maxForwarded && !p.fromMailSystem(m) && (p.listPost(m) || !p.opensReport(m)) {
		// A person's message (no mail system sent it, no delivery-status
		// fields, no report of its own outside quotes): a report it hands
		// on, forwarded or quoted, is what it reports. Without one, its
		// own words end where a message it forwards starts.
		h, ok, fwd, kind := p.handover(m, level)
		if ok {
			return h
		}
		if fwd >= 0 {
			m.ownEnd, m.forwards = lineOffset(m.text, fwd), true
		}
		forwardedKind = kind
	}
	failed, delivered := failedRecords(recs)
	// An MDN saying the message was displayed, dispatched or processed
	// (RFC 8098 §3.2.6) reports a message that reached its recipient: its
	// text is not read for failures. One saying it was deleted may be a
	// refusal sent as an MDN (a Sieve reject, RFC 5429 §2.2.1), so its
	// text is read, as is one with no disposition type; without a failure
	// there, it too reports a message that arrived.
	switch m.disposition {
	case "displayed", "dispatched", "processed":
		delivered = true
	}
	// A receipt in a format of its own (bounce.json delivered_headers,
	// Italian certified mail's "X-Ricevuta: avvenuta-consegna") names
	// the recipient the message reached: not a failure either.
	delivered = delivered || p.deliveredHeader(m)
	// A JSON notification may say by its own type that it reports a
	// complaint or a delivery (json_fields type).
	jsonKind := ""
	if len(recs) == 0 {
		jsonKind = p.jsonKind(p.report(m))
	}
	delivered = delivered || jsonKind == KindDelivered
	// A feedback report names the recipient who complained, not a failed
	// one: its text is never read for failures.
	feedback := m.feedback || p.saysFeedback(m) || jsonKind == KindFeedback
	// A filter's notice to a message's recipient, about mail sent to them
	// (bounce.json recipient_notice_phrases), reports no failure of mail
	// its reader sent: its text is never read for failures either.
	notice := len(failed) == 0 && !delivered && !feedback && p.noticeToReader(m)
	if len(failed) == 0 && !delivered && !feedback && !notice {
		failed = p.textRecords(m, level)
	}
	if len(failed) > 0 {
		p.fillFromText(m, failed)
		p.finishDiagnostics(m, failed)
		validText(failed)
		rep.Kind = KindBounce
		rep.Records = failed[:min(len(failed), MaxRecords)]
		return rep
	}
	rep.Kind = p.noFailureKind(m, feedback, delivered, notice, forwardedKind)
	return rep
}

// noFailureKind is what a message that reports no failed recipient is:
// a feedback report, a delivery report, a filter's notice to its reader,
// an automatic reply, what a person forwards, else no mail of a kind.
func (p *Parser) noFailureKind(m *message, feedback, delivered, notice bool, forwardedKind string) string {
	switch {
	case feedback:
		return KindFeedback
	case delivered || m.mdn || p.saysDelivered(m):
		return KindDelivered
	case notice:
		// Such a notice answers no message of its reader's, so it is no
		// automatic reply either, though it is marked automatically
		// generated (Auto-Submitted: auto-generated, RFC 3834 §5).
		return KindNotMail
	case p.autoreply(m) || p.listNotice(m) && !p.fromMailSystem(m):
		// A list manager's notice that hands on no report (a post held
		// for the moderator, a probe) is an automatic message too.
		return KindAutoreply
	case forwardedKind != "":
		// A person forwarding an automatic reply or a notice: what it
		// forwards is what it is.
		return forwardedKind
	}
	return KindNotMail
}

// messageRecords are the delivery-status records of m: its DSN part's,
// or where it has none the fields written in its text.
func messageRecords(m *message) []Record {
	recs := dsnRecords(m.dsn, true)
	if len(recs) == 0 {
		// A DSN part may be missing but its fields written in the text,
		// or pasted on their own (then they read as the header block).
		recs = dsnRecords(m.text, false)
		if len(recs) == 0 {
			recs = dsnRecords(m.raw, false)
		}
	}
	return recs
}

// failedRecords are the records whose action is no delivery, and
// whether any record says the message was delivered, relayed or expanded.
func failedRecords(recs []Record) (failed []Record, delivered bool) {
	failed = recs[:0:0]
	for _, r := range recs {
		switch strings.ToLower(r.Action) {
		case "delivered", "relayed", "expanded":
			delivered = true
		default:
			failed = append(failed, r)
		}
	}
	return failed, delivered
}

// mta names the software that wrote the report, from marks in its
// headers and text.
func (p *Parser) mta(m *message) string {
	hay := m.lowerHeaders + "\n" + strings.ToLower(m.text[:min(len(m.text), 8192)])
	for _, t := range p.v.MTAs {
		for _, mark := range t.Marks {
			if strings.Contains(hay, mark) {
				return t.ID
			}
		}
	}
	return ""
}

// autoreply reports whether a message without failures is an automatic reply.
func (p *Parser) autoreply(m *message) bool {
	for _, h := range p.v.AutoreplyHeaders {
		if v, ok := m.header(h.Name); ok && !slices.Contains(h.Except, strings.ToLower(strings.TrimSpace(v))) {
			return true
		}
	}
	return mentions(m.subject, p.v.AutoreplySubjects) || p.opensAsAutoreply(m) || p.answersFromNoReply(m)
}

// opensAsAutoreply reports whether the opening of a message's text says it
// is an automatic reply (bounce.json autoreply_phrases), read with runs of
// white space as one space so that a phrase a line break splits still
// shows.
func (p *Parser) opensAsAutoreply(m *message) bool {
	return mentions(strings.Join(strings.Fields(opening(m.text)), " "), p.v.AutoreplyPhrases)
}

// answersFromNoReply reports whether a message answers another, its
// Subject a reply's ("Re: …", RFC 5322 §3.6.5), from an address that
// takes no replies (bounce.json autoreply_senders, "donotreply@"): no
// person wrote it.
func (p *Parser) answersFromNoReply(m *message) bool {
	if !hasPrefixFold(strings.TrimSpace(m.subject), "re:") {
		return false
	}
	for _, a := range findAddresses(m.from) {
		local, _, _ := strings.Cut(a.addr, "@")
		if mentions(local, p.v.AutoreplySenders) {
			return true
		}
	}
	return false
}

// deliveredHeader reports whether a header field of m marks a delivery
// receipt by its value (bounce.json delivered_headers).
func (p *Parser) deliveredHeader(m *message) bool {
	return m.headerValued(p.v.DeliveredHeaders)
}

// saysDelivered reports whether a message calls itself a delivery notice
// in its Subject or the opening of its text, without delivery-status
// fields (a filtering service's receipt: "… delivered successfully").
func (p *Parser) saysDelivered(m *message) bool {
	return mentions(m.subject, p.v.DeliveredPhrases) || mentions(opening(m.text), p.v.DeliveredPhrases)
}

// saysFeedback reports whether a message calls itself a feedback-loop
// (abuse) report, in its Subject or in its text before any returned copy.
func (p *Parser) saysFeedback(m *message) bool {
	return mentions(m.subject, p.v.FeedbackPhrases) || mentions(p.report(m), p.v.FeedbackPhrases)
}

// noticeToReader reports whether a message calls itself a filter's notice
// to the recipient of a message in its Subject or the opening of its text
// (bounce.json recipient_notice_phrases), read with runs of white space as
// one space and a space after the end, so that a wrapped line still shows
// a phrase and a phrase ending in a space ends at a word.
func (p *Parser) noticeToReader(m *message) bool {
	return mentions(strings.Join(strings.Fields(m.subject+"\n"+opening(m.text)), " ")+" ", p.v.RecipientNoticePhrases)
}

// SaysWhatItIs tells what a pasted text without headers says it is, by the
// same words a whole message is read with: an automatic reply in its opening
// (KindAutoreply), a feedback-loop report (KindFeedback), else "". It reads
// no failure; the caller asks only when the text names no code.
func (p *Parser) SaysWhatItIs(text string) string {
	switch open := opening(text); {
	case mentions(open, p.v.AutoreplyPhrases):
		return KindAutoreply
	case mentions(open, p.v.FeedbackPhrases):
		return KindFeedback
	}
	return ""
}

// TaggedAutoreply reports whether text opens with an automatic reply's
// Subject tag, one of the auto-reply subject words and a colon ("Automatic
// reply: Meeting", "Out of Office: …"): a pasted Subject line, however short.
func (p *Parser) TaggedAutoreply(text string) bool {
	lower := strings.ToLower(strings.TrimSpace(text))
	for _, s := range p.v.AutoreplySubjects {
		if rest, ok := strings.CutPrefix(lower, s); ok && (strings.HasSuffix(s, ":") || strings.HasPrefix(strings.TrimLeft(rest, " "), ":")) {
			return true
		}
	}
	return false
}

// openingSize is how much of a message's text is its opening, where an
// automatic reply says what it is.
const openingSize = 600

// opening is the start of a text, cut at a rune boundary.
func opening(text string) string {
	if len(text) <= openingSize {
		return text
	}
	cut := openingSize
	for cut > 0 && !utf8.RuneStart(text[cut]) {
		cut--
	}
	return text[:cut]
}

// looksLikeBounce reports whether the message says it is a bounce: its
// sender or Subject.
func (p *Parser) looksLikeBounce(m *message) bool {
	return mentions(m.from, p.v.BounceSenders) || mentions(m.subject, p.v.BounceSubjects)
}

// mentions reports whether s, lower-cased, contains one of the (lower-case)
// phrases.
func mentions(s string, phrases []string) bool {
	s = strings.ToLower(s)
	for _, ph := range phrases {
		if strings.Contains(s, ph) {
			return true
		}
	}
	return false
}

// LooksLikeMessage reports whether text is a whole message: it starts with
// at least two header fields, one of them a field every message or report
// has, or it holds a recipient's delivery-status fields.
func LooksLikeMessage(text string) bool {
	if hasDSNFields(text) {
		return true
	}
	text = string(normalise([]byte(text[:min(len(text), MaxHeaderSize)])))
	fields, known := 0, false
	for line := range strings.Lines(text) {
		if strings.TrimSpace(line) == "" {
			break
		}
		if line[0] == ' ' || line[0] == '\t' {
			continue
		}
		name, _, ok := strings.Cut(line, ":")
		if !ok || name == "" || strings.ContainsAny(name, " \t") {
			return false
		}
		fields++
		switch strings.ToLower(name) {
		case "from", "to", "subject", "date", "received", "return-path", "message-id", "mime-version", "content-type":
			known = true
		}
	}
	return fields >= 2 && known
}

// forwarded reads the attached messages as bounces: a bounce forwarded
// as an attachment.
func (p *Parser) forwarded(m *message, level int) []Record {
	if m.feedback || level >= maxForwarded {
		return nil
	}
	for _, a := range m.attached {
		if fw := p.parse(a, level+1); fw.Kind == KindBounce && named(fw.Records) {
			return fw.Records
		}
	}
	return nil
}

// named reports whether some record names its recipient.
func named(recs []Record) bool {
	for _, r := range recs {
		if r.Recipient != "" {
			return true
		}
	}
	return false
}

// validText makes every text of the records valid UTF-8: header fields
// (X-Failed-Recipients, Final-Recipient, Remote-MTA…) may carry any bytes,
// and what a record holds is shown and sent as JSON.
func validText(recs []Record) {
	for i := range recs {
		r := &recs[i]
		for _, s := range []*string{&r.Recipient, &r.Action, &r.Status, &r.ReplyCode, &r.Diagnostic, &r.DiagnosticType, &r.RemoteMTA, &r.ReportingMTA, &r.Context, &r.Lead} {
			*s = strings.ToValidUTF8(*s, "\uFFFD")
		}
	}
}
