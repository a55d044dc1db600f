package bot

import (
	"strconv"
	"strings"
	"unicode"

	"github.com/smtpbot/smtpbot/bot/bounce"
	"github.com/smtpbot/smtpbot/catalog"
)

// DiagnoseMessage diagnoses one whole email message (RFC 5322, MIME): one
// Diagnosis per failed or delayed recipient, in the order of the report,
// each built like the diagnosis of a pasted reply from that recipient's
// codes and text. A message that is not a bounce gets NotBounce instead.
func (b *Bot) DiagnoseMessage(raw []byte, lang string) Answer {
	rep := b.bounces.Parse(raw)
	if rep.Kind != bounce.KindBounce {
		return b.notBounce(rep.Kind, lang)
	}
	a := b.messageAnswer(lang)
	lang, f := a.Lang, a.Frame
	a.Diagnoses = make([]Diagnosis, 0, len(rep.Records))
	for _, r := range rep.Records {
		d := b.diagnoseRecord(r, rep.MTA, lang)
		if accepted(d) {
			continue
		}
		a.Diagnoses = append(a.Diagnoses, d)
	}
	if len(a.Diagnoses) == 0 {
		// Every recipient the report names was accepted.
		return b.notBounce(bounce.KindDelivered, lang)
	}
	// The codes understood are the first recipient's, as for a pasted reply.
	a.Codes = a.Diagnoses[0].Codes()
	a.Title = catalog.Fill(f.TitleBounce, "count", strconv.Itoa(len(a.Diagnoses)))
	return a
}

// accepted reports whether a recipient of a report was accepted, not
// failed: the reply its text quotes is a success (2xx, read as the
// "delivered" reason). A report may list such recipients beside the
// failed ones in its text (Courier's "delivered to a mail gateway"
// section, its 250 quoted): they are no failure to diagnose, as a DSN's
// Action "delivered" or "relayed" is not (RFC 3464 §2.3.3).
func accepted(d Diagnosis) bool {
	return d.Reason == "delivered"
}

// messageAnswer is the start of the answer about a whole message: its
// intent and language.
func (b *Bot) messageAnswer(lang string) Answer {
	lang = b.Lang(Query{}, lang)
	return Answer{Intent: IntentDiagnose, Lang: lang, Frame: b.cat.Frame(lang), Untranslated: !b.cat.HasContent(lang)}
}

// notBounce is the answer for a message that is not a bounce, of kind.
func (b *Bot) notBounce(kind, lang string) Answer {
	a := b.messageAnswer(lang)
	a.NotBounce, a.Title = kind, notBounceText(a.Frame, kind)
	return a
}

// notBounceText says what a message that is not a bounce is.
func notBounceText(f *catalog.Frame, kind string) string {
	switch kind {
	case bounce.KindAutoreply:
		return f.NotBounceAutoreply
	case bounce.KindFeedback:
		return f.NotBounceFeedback
	case bounce.KindDelivered:
		return f.NotBounceDelivered
	}
	return f.NotBounceNotMail
}

// diagnoseRecord diagnoses one recipient: the reply is read from its
// diagnostic text the way a pasted reply is; the report's Status fills
// in what the text lacks (no enhanced code, or only a generic X.0.0), and
// a report without any code gets the class its Action implies.
func (b *Bot) diagnoseRecord(r bounce.Record, mta, lang string) Diagnosis {
	rep := b.recordCodes(r)
	// The stage from the reply and the report's text around it together:
	// a transcript's command (">>> DATA") outranks the shape of the reply.
	// The reply read alone (recordReply) does not know whose address it names.
	rep.Stage = b.lex().stageOf(r.Diagnostic, r.Context, r.Recipient)
	if st := b.transcriptStage(r, rep); st != "" {
		rep.Stage = st
	}
	rc := b.recordContext(r)
	// The words as one line: the parser joined a multi-line reply into
	// the sentence it is (bounce.JoinReplies).
	// The MTA's framing says that delivery failed, never why: no words of
	// a cause ("Check the address and try again" is advice, no retry).
	words := withoutFraming(strings.Join(strings.Fields(b.bounces.Excerpt(r.Diagnostic)), " "), b.cat.Bounce().Framing)
	if r.Lead != "" && rep.Basic == 0 && !r.LeadOnly {
		// An MTA's own text: the sentence introducing the list of failed
		// addresses says what happened to this one too.
		words = r.Lead + " " + words
	}
	if b.saysGaveUp(r.After) {
		// The layout's statement after the entry that the sending server
		// retried until it gave up (hMailServer's "Tried 5 time(s)")
		// is about this delivery too: the words read with the reply.
		words += " " + r.After
	}
	d := b.diagnoseReply(&rep, words, rc, lang)
	d.Recipient = r.Recipient
	d.DSNAction = r.Action
	d.RemoteMTA = r.RemoteMTA
	d.ReportingMTA = r.ReportingMTA
	d.Diagnostic = r.Diagnostic
	b.attributeMTA(&d, mta)
	return d
}

// saysGaveUp reports whether a layout's statement after a recipient's
// entry (bounce.Record.After) says the sending server gave up on the
// delivery: a strong wording of the expired reason (rules.json).
func (b *Bot) saysGaveUp(after string) bool {
	if after == "" {
		return false
	}
	r, strong := b.textReason(after)
	return strong && r != nil && r.Name == "expired"
}

// transcriptStage is the stage of a session transcript in the report's
// text around a recipient, or in its diagnostic: the command its failing
// reply answered, which a transcript shows rather than names ("--> RCPT
// To:<…>", "<-- 250 …", "--> DATA", "<-- 500 …" is a refusal of the
// message, not of the address the transcript also names). "" without one.
func (b *Bot) transcriptStage(r bounce.Record, rep Reply) catalog.Stage {
	code := ""
	if rep.Basic != 0 {
		code = rep.Basic.String()
	}
	for _, text := range []string{r.Context, r.Diagnostic} {
		switch b.bounces.AnsweredCommand(text, code) {
		case "":
			continue
		case bounce.CommandGreeting:
			return catalog.StageConnect
		case "EHLO", "HELO", "LHLO":
			return catalog.StageEHLO
		case "STARTTLS":
			return catalog.StageSTARTTLS
		case "AUTH":
			return catalog.StageAUTH
		case "MAIL":
			return catalog.StageMAIL
		case "RCPT":
			return catalog.StageRCPT
		case "DATA", "BDAT":
			return catalog.StageDATA
		case bounce.CommandEndOfData:
			return catalog.StageEOD
		default:
			return ""
		}
	}
	return ""
}

// recordCodes reads a recipient's codes: those of its diagnostic read as a
// pasted reply, completed by the report's fields (reply code, Status,
// Action) where the text lacks them or gives only a generic one.
func (b *Bot) recordCodes(r bounce.Record) Reply {
	q := b.recordReply(r.Diagnostic)
	rep := *q.Reply
	if rep.Basic == 0 && r.ReplyCode != "" {
		if c, err := catalog.ParseReply(r.ReplyCode); err == nil && c.Valid() {
			rep.Basic = c
		}
	}
	if !rep.HasEnh {
		// A diagnostic opening with the enhanced code and no reply code
		// ("5.2.1 The email account … is disabled", as some reports
		// write their Diagnostic-Code): in a report the opening code is
		// the status of this delivery, not a number in a sentence.
		if st, ok := openingStatus(r.Diagnostic); ok {
			rep.Enhanced, rep.HasEnh = st, true
		}
	}
	if rep.Basic == 0 {
		// A Status field holding the reply code instead of an enhanced
		// code ("Status: 550") still gives the reply code.
		if c, err := catalog.ParseReply(strings.TrimSpace(r.Status)); err == nil && c.Valid() {
			rep.Basic = c
		}
	}
	if st, err := catalog.ParseEnhanced(r.Status); err == nil && st.Class != 0 {
		generic := rep.HasEnh && rep.Enhanced.Subject == 0 && rep.Enhanced.Detail == 0
		// A delay notice's status is temporary whatever the quoted reply
		// says (RFC 3464 2.3.3: the sending server will retry, so the
		// "554 5.7.1" it got is a 4.7.1 for this delivery).
		delayedStatus := strings.EqualFold(r.Action, "delayed") && st.Class == 4 && rep.Enhanced.Class == 5
		if !rep.HasEnh || generic || delayedStatus || rep.Enhanced.Class != st.Class && rep.Basic == 0 {
			rep.Enhanced, rep.HasEnh = st, true
		}
	}
	if rep.Basic == 0 && !rep.HasEnh {
		// No code anywhere: the report's action still says permanent or
		// temporary (RFC 3463 X.0.0, "other undefined status").
		// "expired" (not in RFC 3464, but some senders write it) is a
		// temporary trouble the sending server gave up on.
		cls := 5
		if a := strings.ToLower(r.Action); a == "delayed" || a == "expired" {
			cls = 4
		}
		rep.Enhanced, rep.HasEnh = catalog.EnhancedCode{Class: cls}, true
	}
	return rep
}

// recordContext is what the report says around a recipient's reply: its
// own words, the host, the Diagnostic-Code's type, failed or delayed.
func (b *Bot) recordContext(r bounce.Record) replyContext {
	own := r.Diagnostic // what the report says of this recipient alone
	if r.LeadOnly {
		own = ""
	}
	rc := replyContext{report: true, worded: worded(own, r.Recipient, b.cat.Bounce().Framing), host: r.RemoteMTA}
	if rc.host == "" {
		rc.host = r.ReportingMTA
	}
	rc.local = r.DiagnosticType != "" && r.DiagnosticType != "smtp"
	rc.remote = r.Remote
	if name := b.cat.Bounce().DiagnosticTypeReason(r.DiagnosticType); name != "" {
		rc.origin = b.cat.Reason(name)
	}
	switch strings.ToLower(r.Action) {
	case "failed", "expired":
		rc.failed = true
	case "delayed":
		rc.delayed = true
	}
	return rc
}

// attributeMTA names the software that wrote a whole report (its id in
// bounce.json, the same as its provider id where providers.json has it):
// as the provider when the reply named nobody, as the MTA beside the
// provider that refused otherwise.
func (b *Bot) attributeMTA(d *Diagnosis, mta string) {
	if mta == "" || mta == d.Provider || d.MTA != "" {
		return
	}
	name := mta
	for p := range b.cat.Providers() {
		if p.ID != mta {
			continue
		}
		if d.Provider == "" {
			d.nameProvider(&p)
			return
		}
		name = p.Name
		break
	}
	if d.Provider != "" {
		d.MTA, d.MTAName = mta, name
	}
}

// worded reports whether a recipient's diagnostic says something beyond
// the address itself and the MTA's framing (bounce.json framing: "I'm
// sorry to have to inform you …", which every report of that MTA holds):
// a word of three letters or more. Host names and addresses are names,
// not words.
func worded(diag, addr string, framing []string) bool {
	// Lowered, with a sentence wrapped over lines read as one.
	var b strings.Builder
	b.Grow(len(diag))
	for tok := range strings.FieldsSeq(diag) {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(tok)
	}
	lower := strings.ToLower(b.String())
	if addr != "" {
		lower = strings.ReplaceAll(lower, strings.ToLower(addr), " ")
	}
	lower = withoutFraming(lower, framing)
	for tok := range strings.FieldsSeq(lower) {
		if name := strings.Trim(tok, ".,;:()<>[]\"'"); strings.ContainsAny(name, ".@") {
			continue // a host name, an IP or an address
		}
		run := 0
		for _, c := range tok {
			if !unicode.IsLetter(c) {
				run = 0
				continue
			}
			if run++; run >= 3 {
				return true
			}
		}
	}
	return false
}

// withoutFraming is s without the MTA's framing sentences (bounce.json
// framing, lower-case) it holds, matched without case; s as it is when
// lowering it would move its bytes.
func withoutFraming(s string, framing []string) string {
	lower := strings.ToLower(s)
	if len(lower) != len(s) {
		return s
	}
	for _, f := range framing {
		for k := strings.Index(lower, f); k >= 0; k = strings.Index(lower, f) {
			s = s[:k] + " " + s[k+len(f):]
			lower = lower[:k] + " " + lower[k+len(f):]
		}
	}
	return s
}

// recordReply finds the server reply in a recipient's diagnostic text the
// way Parse finds a pasted one, without Parse's other readings (questions,
// names, suggestions): the text is known to be a server's.
func (b *Bot) recordReply(text string) Query {
	lx := b.lex()
	m := lx.newMessage(text)
	q := Query{Intent: IntentDiagnose, Text: m.text}
	ndr, hasNDR := lx.findNDR(m.lower)
	if r, ok := bestReply(lx.findReplies(m.body)); ok {
		if hasNDR {
			r.fillFrom(ndr.name)
		}
		b.setReply(&q, r, m.body)
		return q
	}
	// Codes outside the usual places ("error 550 (user unknown)").
	var codes []catalog.Code
	for _, t := range m.toks {
		if t.kind == tokCode {
			codes = append(codes, t.code)
		}
	}
	if r, ok := looseReply(codes, m.body); ok {
		b.setReply(&q, r, m.body)
		return q
	}
	if hasNDR {
		// An Exchange NDR name without codes: its name gives them.
		r := replyCand{text: excerpt(m.body), at: len(m.body)}
		r.fillFrom(ndr.name)
		b.setReply(&q, r, m.body)
		return q
	}
	q.Reply = &Reply{Text: excerpt(m.body), Stage: lx.stageOf(m.body, "", "")}
	return q
}

// unwrapPaste removes what a chat puts around a pasted message: a leading
// mention of the bot ("<@U123>") and a code block fence with its language tag.
func unwrapPaste(s string) string {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "<@") {
		if i := strings.IndexByte(s, '>'); i > 0 {
			s = strings.TrimSpace(s[i+1:])
		}
	}
	if rest, ok := strings.CutPrefix(s, "```"); ok {
		s = strings.TrimSuffix(strings.TrimSpace(rest), "```")
		if first, body, ok := strings.Cut(s, "\n"); ok && !strings.ContainsAny(first, ": ") {
			s = body // "```text" or "```eml"
		}
	}
	return s
}

// looksLikeMessage reports whether pasted text is a whole message rather
// than a line or a question: it starts with a header block, or holds a
// recipient's delivery-status fields.
func looksLikeMessage(text string) bool {
	return strings.Count(text, "\n") >= 3 && bounce.LooksLikeMessage(text)
}

// MaxMessageSize is how much of a message DiagnoseMessage reads; callers
// reading a message from a file or a request need read no more.
const MaxMessageSize = bounce.MaxSize

// openingStatus is the enhanced code a diagnostic text opens with, when it
// is a failure or delay class (RFC 3463: 4 or 5).
func openingStatus(diag string) (catalog.EnhancedCode, bool) {
	f := strings.Fields(diag)
	if len(f) == 0 {
		return catalog.EnhancedCode{}, false
	}
	st, err := catalog.ParseEnhanced(strings.TrimRight(f[0], ":;,"))
	if err != nil || st.Class != 4 && st.Class != 5 {
		return catalog.EnhancedCode{}, false
	}
	return st, true
}
