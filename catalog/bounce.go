package catalog

import (
	"fmt"
	"iter"
	"slices"
	"strings"
)

// BounceVocabulary is what the whole-message bounce parser (bot/bounce)
// needs to know of the words mail software writes: the phrases around the
// structure of a bounce, never per-case rules. It is decoded from
// data/bounce.json; every phrase is lower case and matched as a substring
// of lower-cased text unless the field says otherwise.
type BounceVocabulary struct {
	// BounceSubjects are words of a bounce's Subject ("undeliver",
	// "delivery status notification").
	BounceSubjects []string `json:"bounce_subjects"`
	// BounceSenders are local parts of the addresses bounces come from
	// ("mailer-daemon", "postmaster"); never a failed recipient.
	BounceSenders []string `json:"bounce_senders"`
	// RecipientHeaders name header fields listing the failed recipients
	// (Exim's X-Failed-Recipients).
	RecipientHeaders []string `json:"recipient_headers"`
	// ListHeaders are header fields a mailing list or discussion service
	// adds to each post it distributes (RFC 2369, RFC 2919): a post from
	// no mail system is a bounce only through a report it hands on,
	// forwarded or quoted (Handover), never by its own words.
	ListHeaders []string `json:"list_headers"`
	// ListNoticeHeaders are header fields whose value (one of the listed)
	// marks a mailing-list manager's own notice (Mailman's
	// "X-List-Administrivia: yes"), and ListNoticeSenders the local parts
	// of the addresses list managers send their notices from (LISTSERV@,
	// list-owner@, owner-list@): such a notice is a bounce only through a
	// report it hands on, as a list post is, and without one it is an
	// automatic notice (KindAutoreply), never a failure read off its words.
	ListNoticeHeaders []HeaderValues `json:"list_notice_headers"`
	ListNoticeSenders LocalParts     `json:"list_notice_senders"`
	// ListNoticeDomains are the domains of list services that host their
	// lists on a domain of their own and send their own notices from it
	// (Google Groups' googlegroups.com): a message from one that carries
	// none of the list header fields (ListHeaders) every post the service
	// distributes carries is the service's own notice.
	ListNoticeDomains NotedDomains `json:"list_notice_domains"`
	// RecipientLabels are words of a one-word label ending in a colon
	// that names the failed address after it ("Recipient:",
	// "Failed-Recipient:"), where "To:" is a header of the returned copy;
	// a label alone before an address that ends its line may go without
	// its colon (a table of fields, "收件人 addr").
	RecipientLabels []string `json:"recipient_labels"`
	// AutoreplySubjects are Subject prefixes or words of auto-replies.
	AutoreplySubjects []string `json:"autoreply_subjects"`
	// AutoreplyHeaders are header fields whose presence (any value but
	// the listed exceptions) marks an automatic reply.
	AutoreplyHeaders []HeaderMark `json:"autoreply_headers"`
	// AutoreplySenders are words of the local part of an address that
	// takes no replies ("donotreply", "noreply"): a message from one that
	// answers another (its Subject a reply's, "Re: …", RFC 5322 §3.6.5)
	// is an automatic answer; read only in a message naming no failed
	// recipient.
	AutoreplySenders []string `json:"autoreply_senders"`
	// AutoreplyPhrases are what an automatic reply says of itself in the
	// opening of its text ("out of the office", "自动回复"; an automatic
	// acknowledgement, "邮件已收到", "尽快给您回复"), for the replies that
	// set no header and keep the Subject of the message they answer; read
	// only in a message naming no failed recipient.
	AutoreplyPhrases []string `json:"autoreply_phrases"`
	// DeliveredPhrases are what a delivery notice without delivery-status
	// fields says of itself in its Subject or the opening of its text
	// ("delivery receipt", "delivered successfully"): a filtering
	// service's or a gateway's own receipt. Read only in a message naming
	// no failed recipient, before the auto-reply marks, which such a
	// receipt, an automatic message, carries too.
	DeliveredPhrases []string `json:"delivered_phrases"`
	// DeliveredHeaders are header fields whose value (one of the listed)
	// marks a delivery receipt written by a mail system in a format of its
	// own, without delivery-status fields (Italian certified mail's
	// "X-Ricevuta: avvenuta-consegna"): its text, which names the
	// recipient the message reached, is never read for failures.
	DeliveredHeaders []HeaderValues `json:"delivered_headers"`
	// FeedbackPhrases are what a feedback-loop (abuse) report says of
	// itself in its Subject or text ("email abuse report"), for the
	// reports that come without their message/feedback-report part.
	FeedbackPhrases []string `json:"feedback_phrases"`
	// RecipientNoticePhrases are what a content filter's notice to the
	// recipient of a message says of itself in its Subject or the opening
	// of its text (amavis' "VIRUS (…) IN MAIL TO YOU", "in an email to
	// you"): it tells its reader of mail sent to them, held or cleaned, and
	// reports no failure of mail they sent, so its text, which names the
	// original's sender and whom to ask, is never read for failures. Read
	// with runs of white space as one space and a space after the end: a
	// phrase ending in a space ends at a word ("to you ", not "to your").
	RecipientNoticePhrases []string `json:"recipient_notice_phrases"`
	// OriginalMarkers start a line that introduces the returned copy of
	// the original message; the report ends there. They are matched after
	// the run of separator marks that may draw the line ("------ ").
	OriginalMarkers []string `json:"original_markers"`
	// OriginalHeaderLines start a header line of the returned copy
	// ("received: from "): in a report's body, after its first line, the
	// copy starts there. A pasted whole email starts with its own header
	// block, so they do not cut a paste.
	OriginalHeaderLines []string `json:"original_header_lines"`
	// NoiseHeaders are header field names (with their colon) or name
	// prefixes (ending in "-") of the returned copy and of the DSN fields
	// about the sending side: they say nothing about why delivery failed
	// and can mislead (the original Subject may read "Your mailbox is
	// full", Reporting-MTA names the sender's own provider).
	NoiseHeaders []string `json:"noise_headers"`
	// RecipientLeads are phrases directly followed by the failed address on
	// the same line ("rcpt to:", "delivering your mail to").
	RecipientLeads []string `json:"recipient_leads"`
	// ClientLeads are the words of a receiving server's own log line
	// directly before the connecting client's host name and its address
	// in brackets (Postfix smtpd's "NOQUEUE: reject: RCPT from
	// host[192.0.2.1]:", "connect from host[…]", cleanup's "client=host[…]"):
	// that host sent the message, so its name shows no provider who refused.
	ClientLeads []string `json:"client_leads"`
	// DelayMarkers are phrases of a report saying delivery is only delayed.
	DelayMarkers []string `json:"delay_markers"`
	// TranscriptMarkers open an MTA's transcript of the SMTP session
	// (Sendmail's "----- transcript of session follows -----"): in a
	// report of one failed recipient the transcript is about it even
	// where it does not name it (a refused MAIL FROM names the sender),
	// and its commands (">>> MAIL From:") say the stage.
	TranscriptMarkers []string `json:"transcript_markers"`
	// SessionClientMarks and SessionServerMarks start the lines of a
	// session transcript: a command the reporting server sent (Sendmail's
	// and Courier's ">>> DATA", MDaemon's "--> DATA") and a reply it got
	// ("<<< 550 …", "<-- 550 …").
	SessionClientMarks []string `json:"session_client_marks"`
	SessionServerMarks []string `json:"session_server_marks"`
	// Framing are the sentences of an MTA's notification that frame every
	// report it writes ("I'm sorry to have to inform you that your message
	// could not be delivered …"): they say that delivery failed, never why.
	Framing []string `json:"framing"`
	// JSONFields name the keys of JSON notifications (Amazon SES and
	// similar) that hold each recipient's fields.
	JSONFields JSONFields `json:"json_fields"`
	// MTAs recognise the software that wrote a bounce from marks in its
	// headers and text.
	MTAs []MTAMark `json:"mtas"`
	// DiagnosticTypes are the types of a Diagnostic-Code (RFC 3464
	// §2.3.6: "smtp", "x-unix", …) that say where its text came from,
	// with the reason that origin gives a failure whose words and codes
	// name no cause.
	DiagnosticTypes []DiagnosticType `json:"diagnostic_types"`
	// ReplyLabels are the labels a provider's own report writes before
	// the remote server's reply or its own error text ("The response
	// was:", "The error that the other server returned was:",
	// "Reported error:"): the text they introduce is the recipient's
	// diagnostic, the report's sentences around it are framing.
	ReplyLabels []string `json:"reply_labels"`
	// RemoteLabels are the reply labels whose words say the text after
	// them is the remote server's reply ("Remote host said :"): a reply
	// there is a remote refusal even where the layout dropped its code.
	// Each is also in ReplyLabels.
	RemoteLabels []string `json:"remote_labels"`
	// NewestFirstMarks are marks of the report layouts that list a
	// recipient's delivery attempts newest first, each on a line led by
	// its date and time (Exchange's "Diagnostic information for
	// administrators"); other layouts list them oldest first.
	NewestFirstMarks []string `json:"newest_first_marks"`
	// Handover is how people hand a message on: forwarded inline under a
	// separator line and the header block a mail client writes, or quoted
	// line by line in a reply. A bounce handed on so is read as the report
	// it is, apart from the words of the person handing it on.
	Handover Handover `json:"handover"`
}

// Handover is the layout of forwarded and quoted messages.
type Handover struct {
	// ForwardMarkers are the titles of the separator line a mail client
	// writes before a message it forwards inline or quotes whole under a
	// reply ("---------- Forwarded message ---------", Apple Mail's "Begin
	// forwarded message:", Outlook's "-----Original Message-----"), matched
	// at the line's start after the separator marks.
	ForwardMarkers []string `json:"forward_markers"`
	// HeaderFields name the fields of the header block a client writes for
	// a forwarded or quoted message, by the field each stands for: English
	// and the names clients localise them into ("Sent:", "Von:", "Objet :").
	HeaderFields HeaderFields `json:"header_fields"`
	// QuoteMarks are the characters a reply writes before each quoted line,
	// once per level ("> ", "> > ", ">>").
	QuoteMarks []string `json:"quote_marks"`
	// SignatureLines are the lines that end a person's message, its
	// signature or a list's footer after them (RFC 3676 §4.3's "-- ").
	SignatureLines []string `json:"signature_lines"`
	// CutMarkers are the titles of the lines a person draws around text
	// they paste into their own words: scissors ("8<", git's "-- >8 --")
	// or words ("----- cut here -----"), matched after the separator
	// marks. Text between two such lines is a paste, read as a report
	// when it is one.
	CutMarkers []string `json:"cut_markers"`
	// Fences open and close a block of text pasted verbatim (Markdown's
	// "```"), matched at the start of a line.
	Fences []string `json:"fences"`
}

// HeaderFields are the names of a forwarded message's header fields.
type HeaderFields struct {
	From    []string `json:"from"`
	To      []string `json:"to"`
	Cc      []string `json:"cc"`
	Subject []string `json:"subject"`
	Date    []string `json:"date"`
}

// Field returns the standard name (From, To, Cc, Subject, Date) of a
// forwarded message's header field named name (lower case), "" when it
// names none of them.
func (h *HeaderFields) Field(name string) string {
	for _, f := range h.fields() {
		if slices.Contains(f.names, name) {
			return f.std
		}
	}
	return ""
}

// namedField is one header field of a forwarded message: its standard
// name and the names clients write for it.
type namedField struct {
	std   string
	names []string
}

// fields lists the header fields by their standard names, in the order
// the data file has them.
func (h *HeaderFields) fields() []namedField {
	return []namedField{{"From", h.From}, {"To", h.To}, {"Cc", h.Cc}, {"Subject", h.Subject}, {"Date", h.Date}}
}

// DiagnosticType is a Diagnostic-Code type that is evidence of a reason.
type DiagnosticType struct {
	Type   string `json:"type"`   // lower case, as after "Diagnostic-Code:"
	Reason string `json:"reason"` // a failure reason of reasons.json
	Note   string `json:"note"`   // who writes it and why it means the reason
}

// DiagnosticTypeReason returns the reason a Diagnostic-Code type gives,
// "" when it gives none.
func (v *BounceVocabulary) DiagnosticTypeReason(typ string) string {
	for _, t := range v.DiagnosticTypes {
		if strings.EqualFold(t.Type, typ) {
			return t.Reason
		}
	}
	return ""
}

// HeaderMark is a header field that marks a kind of message.
type HeaderMark struct {
	Name string `json:"name"`
	// Except lists values that do not mark it ("no" for Auto-Submitted).
	Except []string `json:"except"`
}

// HeaderValues is a header field that marks a kind of message by one of
// its values, compared without case and surrounding spaces.
type HeaderValues struct {
	Name   string   `json:"name"`
	Values []string `json:"values"`
	// Note says where the field and its values are defined.
	Note string `json:"note"`
}

// LocalParts matches the local part of an address (lower case): equal to
// one of Names, or starting with one of Prefixes, or ending with one of
// Suffixes; where the local part carries a detail after one of
// DetailSeparators (RFC 5233's "user+detail", the token a list manager
// writes into its own address for each member or probe, VERP's
// "list-bounces+member=example.org"), the part before it is matched too.
type LocalParts struct {
	Names            []string `json:"names"`
	Prefixes         []string `json:"prefixes"`
	Suffixes         []string `json:"suffixes"`
	DetailSeparators []string `json:"detail_separators"`
	// Note says where the conventions are documented.
	Note string `json:"note"`
}

// NotedDomains is a list of domains with a note on where the convention
// that puts them there is documented.
type NotedDomains struct {
	Domains []string `json:"domains"`
	Note    string   `json:"note"`
}

// Match reports whether domain, in lower case, is one of the domains or a
// subdomain of one.
func (d *NotedDomains) Match(domain string) bool {
	for _, n := range d.Domains {
		if domain == n || strings.HasSuffix(domain, "."+n) {
			return true
		}
	}
	return false
}

// Match reports whether local, in lower case, is one of the local parts.
func (l *LocalParts) Match(local string) bool {
	if l.match(local) {
		return true
	}
	for _, sep := range l.DetailSeparators {
		if base, _, ok := strings.Cut(local, sep); ok && l.match(base) {
			return true
		}
	}
	return false
}

// match matches the whole local part.
func (l *LocalParts) match(local string) bool {
	if local == "" {
		return false
	}
	for _, n := range l.Names {
		if local == n {
			return true
		}
	}
	for _, p := range l.Prefixes {
		if strings.HasPrefix(local, p) && len(local) > len(p) {
			return true
		}
	}
	for _, s := range l.Suffixes {
		if strings.HasSuffix(local, s) && len(local) > len(s) {
			return true
		}
	}
	return false
}

// JSONFields are the keys of a JSON bounce notification.
type JSONFields struct {
	Recipient  []string `json:"recipient"`
	Status     []string `json:"status"`
	Action     []string `json:"action"`
	Diagnostic []string `json:"diagnostic"`
	RemoteMTA  []string `json:"remote_mta"`
	// Type are the keys of a notification's own type at its top level
	// (Amazon SES's "notificationType", Postmark's "RecordType"), and
	// FeedbackTypes and DeliveredTypes the values of one that reports a
	// complaint or a delivery: its recipients are no failed ones.
	Type           []string `json:"type"`
	FeedbackTypes  []string `json:"feedback_types"`
	DeliveredTypes []string `json:"delivered_types"`
	Note           string   `json:"note"`
}

// MTAMark recognises one MTA or bounce-writing service.
type MTAMark struct {
	ID    string   `json:"id"`
	Name  string   `json:"name"`
	Marks []string `json:"marks"`
}

// Bounce returns the bounce vocabulary.
func (c *Catalog) Bounce() *BounceVocabulary { return &c.bounce }

// WithoutClients returns lower, a text in lower case, with the host names
// its client leads name blanked out: a host written right after a lead and
// right before its address in brackets ("rcpt from mail-1.example.com[").
// Only the name is blanked, with spaces of the same length, so offsets
// keep their meaning; a text without a lead is returned as it is.
func (v *BounceVocabulary) WithoutClients(lower string) string {
	var b []byte
	for start, end := range v.clients(lower) {
		if end == start {
			continue
		}
		if b == nil {
			b = []byte(lower)
		}
		for k := start; k < end; k++ {
			b[k] = ' '
		}
	}
	if b == nil {
		return lower
	}
	return string(b)
}

// ClientLine reports whether lower, a text in lower case, holds a
// receiving server's own log line of a connecting client: a client lead
// right before the client's host name, if any, and its address in brackets
// ("rcpt from [192.0.2.1]:", "connect from mail.example.com[192.0.2.1]").
func (v *BounceVocabulary) ClientLine(lower string) bool {
	for range v.clients(lower) {
		return true
	}
	return false
}

// clients yields the spans of the clients' host names in lower, a text in
// lower case: each written right after a client lead and right before its
// address in brackets, empty when the log gives the address alone.
func (v *BounceVocabulary) clients(lower string) iter.Seq2[int, int] {
	return func(yield func(start, end int) bool) {
		for _, lead := range v.ClientLeads {
			for off := 0; ; {
				i := strings.Index(lower[off:], lead)
				if i < 0 {
					break
				}
				start := off + i + len(lead)
				end := start
				for end < len(lower) && isHostByte(lower[end]) {
					end++
				}
				off = end
				if end < len(lower) && lower[end] == '[' && !yield(start, end) {
					return
				}
			}
		}
	}
}

// isHostByte reports whether c may be part of a host name in lower case.
func isHostByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_'
}

func (v *BounceVocabulary) validate() error {
	var errs []string
	bad := func(format string, args ...any) { errs = append(errs, fmt.Sprintf(format, args...)) }
	check := func(field string, list []string, required bool) {
		if required && len(list) == 0 {
			bad("%s is empty", field)
		}
		checkEntries(field, list, true, bad)
	}
	check("bounce_subjects", v.BounceSubjects, true)
	check("bounce_senders", v.BounceSenders, true)
	check("recipient_headers", v.RecipientHeaders, true)
	check("list_headers", v.ListHeaders, true)
	check("autoreply_subjects", v.AutoreplySubjects, true)
	check("autoreply_phrases", v.AutoreplyPhrases, true)
	check("autoreply_senders", v.AutoreplySenders, false)
	check("delivered_phrases", v.DeliveredPhrases, true)
	check("feedback_phrases", v.FeedbackPhrases, true)
	check("recipient_notice_phrases", v.RecipientNoticePhrases, true)
	check("recipient_labels", v.RecipientLabels, true)
	check("original_markers", v.OriginalMarkers, true)
	check("original_header_lines", v.OriginalHeaderLines, true)
	check("noise_headers", v.NoiseHeaders, true)
	for _, h := range v.NoiseHeaders {
		if !strings.HasSuffix(h, ":") && !strings.HasSuffix(h, "-") || strings.ContainsAny(h, " \t") {
			bad("noise_headers: %q is neither a field name with its colon nor a name prefix ending in \"-\"", h)
		}
	}
	check("recipient_leads", v.RecipientLeads, true)
	check("client_leads", v.ClientLeads, false)
	check("delay_markers", v.DelayMarkers, true)
	check("framing", v.Framing, true)
	check("transcript_markers", v.TranscriptMarkers, false)
	check("session_client_marks", v.SessionClientMarks, false)
	check("session_server_marks", v.SessionServerMarks, false)
	if (len(v.SessionClientMarks) == 0) != (len(v.SessionServerMarks) == 0) {
		bad("session_client_marks and session_server_marks: both or neither")
	}
	check("reply_labels", v.ReplyLabels, false)
	check("remote_labels", v.RemoteLabels, false)
	for _, l := range v.RemoteLabels {
		if !slices.Contains(v.ReplyLabels, l) {
			bad("remote_labels: %q is not in reply_labels", l)
		}
	}
	check("newest_first_marks", v.NewestFirstMarks, false)
	v.Handover.validate(check, bad)
	check("json_fields.recipient", v.JSONFields.Recipient, true)
	check("json_fields.status", v.JSONFields.Status, true)
	check("json_fields.action", v.JSONFields.Action, true)
	check("json_fields.diagnostic", v.JSONFields.Diagnostic, true)
	check("json_fields.remote_mta", v.JSONFields.RemoteMTA, false)
	check("json_fields.type", v.JSONFields.Type, false)
	check("json_fields.feedback_types", v.JSONFields.FeedbackTypes, false)
	check("json_fields.delivered_types", v.JSONFields.DeliveredTypes, false)
	if len(v.JSONFields.Type) == 0 && len(v.JSONFields.FeedbackTypes)+len(v.JSONFields.DeliveredTypes) > 0 {
		bad("json_fields: feedback_types or delivered_types without a type key")
	}
	checkHeaderValues("delivered_headers", v.DeliveredHeaders, check, bad)
	checkHeaderValues("list_notice_headers", v.ListNoticeHeaders, check, bad)
	v.ListNoticeSenders.validate("list_notice_senders", check, bad)
	check("list_notice_domains.domains", v.ListNoticeDomains.Domains, true)
	for _, d := range v.ListNoticeDomains.Domains {
		if strings.ContainsAny(d, "@ \t") || !strings.Contains(d, ".") {
			bad("list_notice_domains %q: a domain name, without @ or spaces", d)
		}
	}
	if v.ListNoticeDomains.Note == "" {
		bad("list_notice_domains: a note on where the convention is documented")
	}
	v.validateMarks(check, bad)
	if len(errs) > 0 {
		return fmt.Errorf("catalog: bounce.json: %s", strings.Join(errs, "; "))
	}
	return nil
}

// validateMarks checks the lists that name what marks a message and its
// writer: the auto-reply header fields, the MTAs and their marks, and the
// types of a Diagnostic-Code with the reason each gives.
func (v *BounceVocabulary) validateMarks(check func(field string, list []string, required bool), bad func(format string, args ...any)) {
	names := make([]string, 0, len(v.AutoreplyHeaders))
	for _, h := range v.AutoreplyHeaders {
		names = append(names, h.Name)
		check("autoreply_headers "+h.Name+" except", h.Except, false)
	}
	check("autoreply_headers", names, true)
	ids := make([]string, 0, len(v.MTAs))
	for _, m := range v.MTAs {
		ids = append(ids, m.ID)
		if m.Name == "" {
			bad("mtas %s: no name", m.ID)
		}
		check("mtas "+m.ID+" marks", m.Marks, true)
	}
	check("mtas", ids, true)
	types := make([]string, 0, len(v.DiagnosticTypes))
	for _, t := range v.DiagnosticTypes {
		types = append(types, t.Type)
		if t.Reason == "" || t.Note == "" || strings.ContainsAny(t.Type, " ;") {
			bad("diagnostic_types %q: a type without spaces or ';', a reason and a note", t.Type)
		}
	}
	check("diagnostic_types", types, false)
}

// checkHeaderValues checks header fields that mark a kind of message by
// their values: a lower-case field name without colon or spaces, a note,
// and values.
func checkHeaderValues(field string, hs []HeaderValues, check func(field string, list []string, required bool), bad func(format string, args ...any)) {
	for _, h := range hs {
		if h.Name == "" || strings.ContainsAny(h.Name, ": \t") || h.Name != strings.ToLower(h.Name) || h.Note == "" {
			bad("%s %q: a lower-case field name without colon or spaces, and a note", field, h.Name)
		}
		check(field+" "+h.Name+" values", h.Values, true)
	}
}

// validate checks local parts named in field: names and suffixes given,
// no part with "@" or spaces, and a note on where they are documented.
func (l *LocalParts) validate(field string, check func(field string, list []string, required bool), bad func(format string, args ...any)) {
	check(field+".names", l.Names, true)
	check(field+".prefixes", l.Prefixes, false)
	check(field+".suffixes", l.Suffixes, true)
	for _, part := range slices.Concat(l.Names, l.Prefixes, l.Suffixes) {
		if strings.ContainsAny(part, "@ \t") {
			bad("%s %q: a local part or a piece of one, without @ or spaces", field, part)
		}
	}
	for _, sep := range l.DetailSeparators {
		if len(sep) != 1 || strings.ContainsAny(sep, "@ \t\"") {
			bad("%s.detail_separators %q: one character that may stand in a local part", field, sep)
		}
	}
	if l.Note == "" {
		bad("%s: a note on where the conventions are documented", field)
	}
}

// validate checks the handover's lists: check checks a list's entries
// (and that it is not empty when required), bad reports a fault.
func (h *Handover) validate(check func(field string, list []string, required bool), bad func(format string, args ...any)) {
	check("handover.forward_markers", h.ForwardMarkers, true)
	check("handover.quote_marks", h.QuoteMarks, true)
	for _, q := range h.QuoteMarks {
		if len(q) != 1 {
			bad("handover.quote_marks: %q is not one character", q)
		}
	}
	check("handover.signature_lines", h.SignatureLines, false)
	check("handover.cut_markers", h.CutMarkers, true)
	check("handover.fences", h.Fences, true)
	fieldOf := map[string]string{}
	for _, f := range h.HeaderFields.fields() {
		name := strings.ToLower(f.std) // the data file's key
		check("handover.header_fields."+name, f.names, true)
		if len(f.names) > 0 && f.names[0] != name {
			bad("handover.header_fields.%s: the standard name first", name)
		}
		for _, n := range f.names {
			if other, ok := fieldOf[n]; ok && other != name {
				bad("handover.header_fields: %q names both %s and %s", n, other, name)
			}
			if strings.ContainsAny(n, ": \t") {
				bad("handover.header_fields.%s: %q holds a colon or a space", name, n)
			}
			fieldOf[n] = name
		}
	}
}

// checkBounceReasons checks that every reason bounce.json names is a
// failure reason of reasons.json.
func (c *Catalog) checkBounceReasons() error {
	for _, t := range c.bounce.DiagnosticTypes {
		if r := c.Reason(t.Reason); r == nil || !r.Failure() {
			return fmt.Errorf("catalog: bounce.json: diagnostic_types %q: %q is no failure reason of reasons.json", t.Type, t.Reason)
		}
	}
	return nil
}
