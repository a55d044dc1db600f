package bot

import (
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/smtpbot/smtpbot/bot/bounce"
	"github.com/smtpbot/smtpbot/catalog"
)

// Query is a parsed message.
type Query struct {
	Intent Intent
	// Codes are the codes understood, in the order given. For a diagnosis:
	// the basic code, then the enhanced code.
	Codes []catalog.Code
	// Bad holds code-like tokens that are not valid codes ("999", "9.9.9").
	Bad []string
	// Filter is the list filter: "", "4xx", "5.7.x", "5.7.7xx".
	Filter string
	// Provider is the provider whose own codes a list asks for (a
	// providers.json id: "gmail"), "" for the registry's codes.
	Provider string
	// Lang is the language the message is written in, when it can be told.
	Lang string
	// Text is the cleaned message: markup removed, capped, valid UTF-8.
	Text string
	// Reply is the server reply found in a pasted bounce, for IntentDiagnose.
	Reply *Reply
	// Suggest holds codes whose names come close to what was asked, for
	// "did you mean" when nothing was understood for sure.
	Suggest []catalog.Code
	// Named is set when codes were found by their names, not typed.
	Named bool
	// Operands are the sides of a comparison that names a whole class
	// ("4xx vs 5xx", "4xx vs 550"), in the order typed, for IntentCompare
	// without Codes.
	Operands []catalog.Operand
	// scope is the part of a paste that belongs to Reply when the paste
	// holds other replies too (two log lines): read for the diagnosis
	// instead of Text. "" when the whole paste is the reply's.
	scope string
}

// Parse turns a message into a Query. It never fails and never panics;
// whatever cannot be understood becomes IntentUnknown.
//
// The steps, first match wins: help; a list request; a pasted server reply
// (the codes where a reply puts them); a term typed alone ("spam",
// "QuotaExceeded"), read as autocomplete reads it; codes typed in a
// question, with names and keywords ("mailbox full") beside them; a bounce
// that has no code at all; names and keywords alone; else "unknown" with
// suggestions.
func (b *Bot) Parse(text string) Query {
	lx := b.lex()
	m := lx.newMessage(text)
	q := Query{Text: m.text, Lang: lx.detectLang(m.body, m.folded, m.toks)}
	if b.formIntent(&q, &m) {
		return q
	}
	if code, _, ok := b.term(&m); ok {
		// A term typed alone ("spam", "dkim", "QuotaExceeded"): the code
		// autocomplete offers first for it, so chat and autocomplete agree.
		q.Intent, q.Codes, q.Named = IntentExplain, []catalog.Code{code}, true
		return q
	}
	codes, done := b.readCodes(&q, &m)
	if done {
		return q
	}
	if len(codes)+len(q.Bad) == 1 && b.chatterNumber(&m, codes) {
		codes, q.Bad = nil, nil
		m.chatter = true
	}
	// A message only about the bot ("hey smtpbot, help", "hello, what can
	// you do?"), or ending or opening by asking what the bot does ("hi,
	// I'm from accounts, not IT. what can you help me with?"), asks for
	// help before any word of it is read as a code's name ("help" is also
	// the name of 214).
	if len(codes)+len(q.Bad) == 0 && !m.compare && (!m.bounce && (lx.isHelpWords(m.toks) || lx.endsAskingHelp(m.toks)) || lx.opensAskingHelp(m.toks, m.body)) {
		q.Intent = IntentHelp
		return q
	}
	if b.replyElsewhere(&q, &m, codes) {
		return q
	}
	if len(codes)+len(q.Bad) == 0 && !m.bounce && !m.compare && b.elsewhereTold(&m) {
		// "mật khẩu wifi bị sai", "rate limiting on our login page": a
		// code's name or a cause's words said of a thing other than mail.
		q.Intent = IntentUnknown
		return q
	}
	// A long sentence without a question or a comparison, whose words name a
	// cause ("Host or domain name not found. Name service error …"), is
	// server text, not a question that names codes; a web page's title
	// ("503 Service Unavailable" in a browser) is none.
	strongKnown := false // classifying a long text costs: do it once
	if !m.bounce && !m.compare && !m.webPage && !m.asksCode && len(codes) == 0 && len(m.words) > 8 && !strings.Contains(m.body, "?") && !lx.hasQuestionWord(m.toks) {
		strongKnown = true
		m.bounce = b.strongText(m.withoutCompounds())
	}
	// "550 vs 550" asks for a comparison of a code with itself: keep both so
	// the answer can say so instead of silently explaining one code. A code
	// typed twice with words of a side between ("421 at connect vs 421
	// mid-session") is one code asked about in two settings: a comparison
	// needs two codes, and the code is explained once.
	self := m.compare && len(codes) >= 2 && len(uniqueCodes(codes)) == 1 && len(q.Bad) == 0 && !lx.wordsBetween(m.toks, codes[0])
	if !m.bounce || len(codes) > 0 {
		codes = b.withNames(&q, m, codes)
	}
	if m.asksCode && len(codes) == 0 {
		if c, ok := b.situationCode(&m); ok {
			codes, q.Named = []catalog.Code{c}, true
		}
	}
	if self && len(codes) == 1 {
		codes = append(codes, codes[0])
	}
	if m.bounce && !m.compare && len(codes) == 0 {
		// Server text without a valid code: its malformed numbers are its
		// own (Exim's "defer (113): No route to host" gives an errno), not
		// codes asked about, and its words are the diagnosis.
		q.Bad = nil
	}
	b.decide(&q, &m, codes, strongKnown)
	return q
}

// replyElsewhere reads a reply the message holds outside the usual
// places: a bounce naming its codes in its own words, or a library's
// wording of a reply whose digits it dropped; it reports whether q is set.
func (b *Bot) replyElsewhere(q *Query, m *message, codes []catalog.Code) bool {
	// A bounce that names its codes outside the usual places ("Delivery
	// failed: error 550 (user unknown)") is still a bounce.
	if m.bounce && !m.compare && len(q.Bad) == 0 {
		if r, ok := looseReply(codes, m.body); ok {
			b.setReply(q, r, m.body)
			return true
		}
	}
	// A library's wording of a reply whose digits it dropped (.NET's
	// "Mailbox unavailable. The server response was: …") names its code.
	if !m.compare && len(codes)+len(q.Bad) == 0 {
		if r, ok := b.libraryReply(m); ok {
			b.setReply(q, r, m.body)
			return true
		}
	}
	return false
}

// readCodes reads where the message stands (a bounce, server text, a web
// page, another protocol's answer) and the codes it holds; done when the
// message is a look-alike answered as not understood (q is then set).
func (b *Bot) readCodes(q *Query, m *message) (codes []catalog.Code, done bool) {
	lx := b.lex()
	m.checkBounce(lx)
	evidence := b.markedServerText(m)
	codes = lx.codesIn(q, m)
	if len(codes)+len(q.Bad) == 0 {
		if c, ok := lx.spelledCode(m.toks); ok {
			codes = []catalog.Code{c}
		}
	}
	if m.webPage && len(codes)+len(q.Bad) == 0 {
		m.bounce = false
	}
	if b.serviceRefusal(m.lower) {
		codes = slices.DeleteFunc(codes, func(c catalog.Code) bool { return c.Basic() && !b.smtpReply(c.Reply) })
	}
	// A text the asker doubts comes from a mail system at all ("legit or
	// phishing?", "got an SMS: …") is a look-alike, no bounce, unless it
	// shows what a report has beyond a bounce's words ("delivery failed",
	// "mailbox exceeded its storage"): a code, an address, a recipient
	// laid out as a report, a provider's tag. Another protocol's answer
	// with no SMTP code beside it (an IMAP "NO [AUTHENTICATIONFAILED]",
	// POP3's "-ERR", an HTTP "413 Request Entity Too Large") is about
	// that protocol: no reply of the catalog answers it, whatever words of
	// mail it holds.
	m.otherReply = m.otherReply || lx.protocolReply(m.lower)
	lookalike := !evidence && lx.lookalike.in(m.toks) && !bounce.HasAddress(m.body)
	if len(codes)+len(q.Bad) == 0 && !m.compare && (lookalike || m.otherReply) {
		q.Intent = IntentUnknown
		q.Suggest = b.didYouMean(lx.contentText(m.toks), 5)
		return nil, true
	}
	return codes, false
}

// maxSituationWords is the most words situationCode reads one by one.
const maxSituationWords = 40

// situationCode returns the code a question asking which code to send
// (code_asked) names when no name of a code is spelled out in it: its
// words name a cause the rules know ("TLS is mandatory … without doing
// STARTTLS first": failedstarttls), and a word among them that names the
// same cause alone, and that chat answers alone with a code of the
// cause's category (term: "starttls", 530, policy), names the code; the
// first such word. A word of the cause naming a code of another category
// ("tls", 454, transient), or a word of another cause ("relay"), does not.
func (b *Bot) situationCode(m *message) (catalog.Code, bool) {
	r, _ := b.textReason(m.withoutCompounds())
	if r == nil || len(m.words) > maxSituationWords {
		return catalog.Code{}, false
	}
	lx := b.lex()
	for _, t := range m.toks {
		if t.kind != tokWord || lx.fillers.has(t) {
			continue
		}
		if wr, _ := b.textReason(t.text); wr == nil || wr.Name != r.Name {
			continue
		}
		if c, _, ok := b.termCode(t.text); ok && b.codeCategory(c) == r.Category {
			return c, true
		}
	}
	return catalog.Code{}, false
}

// codeCategory is the diagnosis category the catalog gives code,
// CatNone for a code it lacks.
func (b *Bot) codeCategory(c catalog.Code) catalog.Category {
	if c.Basic() {
		if r := b.cat.Reply(c.Reply); r != nil {
			return r.Category
		}
	} else if e := b.cat.Enhanced(c.Enhanced); e != nil {
		return e.Category
	}
	return catalog.CatNone
}

// serviceRefusal reports whether lower, a message in lower case, holds a
// sending service's own refusal: a tag of a provider of kind sending
// (Postmark's "marked as inactive"), said by the service's API before any
// SMTP conversation. The numbers around it that no SMTP RFC defines as a
// reply (smtpReply: Postmark's API error code 406, the HTTP status 422)
// are the API's, no codes.
func (b *Bot) serviceRefusal(lower string) bool {
	for p := range b.cat.Providers() {
		if p.Kind == catalog.KindSending && len(p.TagsInLower(lower)) > 0 {
			return true
		}
	}
	return false
}

// smtpReply reports whether code is a reply an SMTP RFC defines: one of
// the catalog, and not only in the registry's associated basic codes.
func (b *Bot) smtpReply(code catalog.ReplyCode) bool {
	r := b.cat.Reply(code)
	return r != nil && !r.RegistryOnly
}

// markedServerText marks m as server text when it shows more than a
// bounce's words do, a report's layout or a provider's tag, and reports
// whether it did.
func (b *Bot) markedServerText(m *message) bool {
	if !m.bounce && bounce.RecipientBlock(m.body) {
		// A failed recipient laid out as a report does it ("  user@…" and
		// the reason indented under it): a part of a report pasted, even
		// with no code and the asker's question around it.
		m.bounce = true
		return true
	}
	if !m.bounce && !m.compare && b.providerTagged(m.lower) {
		// A provider's own tag ("HL:IFC", "(G1F)", "Message rejected under
		// suspicion of SPAM") marks server text, however short: the number
		// beside it is its reply code, not chatter.
		m.bounce = true
		return true
	}
	return false
}

// chatterNumber reports whether the one number in m is chatter. A lone
// number in a sentence that says nothing of mail ("see you at 421
// tomorrow") is not a question about a code, unless a code's name is
// there too. Nor is a number no reply of the catalog has beside words of
// the web ("the link gives me a 404"): a web page's status. A sentence
// that names the command a code answered ("503 after DATA") is about mail.
func (b *Bot) chatterNumber(m *message, codes []catalog.Code) bool {
	lx := b.lex()
	return !m.bounce && !m.withdrew && (lx.proseWithoutMail(m.toks) && lx.stageOf(m.body, "", "") == "" || b.webStatus(m, codes)) && len(b.findNames(m.toks, false)) == 0
}

// wordsBetween reports whether a word of the asker's own stands between the
// first and the last time code is typed: a word that is none of the
// lexicon's words of a comparison, separators, connectors or fillers ("at
// connect" in "421 at connect vs 421 mid-session"; nothing in "550 vs 550").
func (lx *lexicon) wordsBetween(toks []token, code catalog.Code) bool {
	first, last := -1, -1
	for i, t := range toks {
		if t.kind == tokCode && t.code == code {
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	for j := first + 1; first >= 0 && j < last; {
		if toks[j].kind != tokWord {
			j++
			continue
		}
		n := 0
		for _, v := range [...]vocab{lx.compare, lx.separators, lx.connectors, lx.fillers} {
			n = max(n, v.at(toks, j))
		}
		if n == 0 {
			return true
		}
		j += n
	}
	return false
}

// webStatus reports whether the one code of a message is a basic code the
// catalog has no reply for, in a message with a word of the web.
func (b *Bot) webStatus(m *message, codes []catalog.Code) bool {
	if len(codes) != 1 || !codes[0].Basic() || b.cat.Reply(codes[0].Reply) != nil {
		return false
	}
	for i := range m.toks {
		if b.lex().chatWeb.at(m.toks, i) > 0 {
			return true
		}
	}
	return false
}

// formIntent decides the messages whose form alone says what they ask, before
// any word is read as a code: help, a comparison of two operands, a list, an
// Exchange NDR name asked about, a pasted server reply.
func (b *Bot) formIntent(q *Query, m *message) bool {
	lx := b.lex()
	if lx.isHelp(m.trimmed) {
		q.Intent = IntentHelp
		return true
	}
	if m.compare {
		if ops := operandsIn(m.toks); len(ops) >= 2 {
			q.Intent = IntentCompare
			q.Operands = ops
			return true
		}
	}
	// "danh sách đen" (blocklist) starts like "danh sách" (list) but is a
	// name as a whole: a name typed whole is no command.
	if filter, ok := lx.listRequest(m.trimmed, m.read, m.toks); ok && (filter != "" || !b.wholeName(m)) {
		q.Intent = IntentList
		q.Filter = filter
		q.Provider = b.listedProvider(m.lower)
		return true
	}
	if id, filter, ok := b.providerListRequest(m); ok {
		q.Intent, q.Filter, q.Provider = IntentList, filter, id
		return true
	}
	ndr, hasNDR := lx.findNDR(m.lower)
	if other, ok := lx.ndrCompared(m, ndr, hasNDR); ok {
		// "RESOLVER.ADR.RecipNotFound vs …RecipientNotFound": the codes
		// the names stand for, compared.
		q.Intent = IntentCompare
		q.Codes = []catalog.Code{{Enhanced: ndr.name.Enhanced}, {Enhanced: other.name.Enhanced}}
		return true
	}
	if hasNDR && (lx.ndrAlone(m.lower, ndr) || lx.ndrAsked(m, ndr)) {
		// "what is RESOLVER.RST.NotAuthorized": the code the name stands for.
		q.Intent = IntentExplain
		q.Codes = []catalog.Code{{Enhanced: ndr.name.Enhanced}}
		return true
	}
	if (!m.compare || oneReplyTyped(m.toks, m.read)) && b.pastedReply(q, m, ndr, hasNDR) {
		// A comparison word beside one reply alone ("… 550 5.7.23 …, do it
		// via another server?": Vietnamese "khác" is both "different" and
		// "other") has nothing to compare it with: the reply is pasted.
		return true
	}
	return false
}

// oneReplyTyped reports whether the codes of a message are one reply: a
// code alone, or a basic code with the enhanced code of its class after
// it, and no class nor malformed code. A reply of several lines repeats
// its codes on each, every line but the last with a hyphen glued after
// the basic code (RFC 5321 §4.2.1: "554-No SMTP service", then "554 For
// explanation visit …"), whatever a log writes before each line: the
// codes after such a hyphen are the same reply's. read is the text the
// tokens were read from.
func oneReplyTyped(toks []token, read string) bool {
	var codes []catalog.Code
	prev := -1
	continued := false
	for i, t := range toks {
		switch t.kind {
		case tokBad, tokFilter:
			return false
		case tokCode:
			if continued && slices.Contains(codes, t.code) {
				prev = i
				continue
			}
			if len(codes) == 1 && prev != i-1 {
				return false
			}
			codes = append(codes, t.code)
			prev = i
			if t.code.Basic() {
				continued = t.end < len(read) && read[t.end] == '-'
			}
		}
	}
	switch len(codes) {
	case 1:
		return true
	case 2:
		return isPair(codes[0], codes[1])
	}
	return false
}

// maxTermWords is the most words, fillers aside, a term typed alone has:
// "spam", "QuotaExceeded", "danh sách đen" (Vietnamese writes a word in
// syllables).
const maxTermWords = 4

// term reads a message that is a term alone, a name, keyword, alias or
// mark of the catalog and no code or comparison, as autocomplete reads it
// (termCode); ok is false for anything else.
func (b *Bot) term(m *message) (code catalog.Code, whole, ok bool) {
	lx := b.lex()
	if m.compare || lx.isHelpWords(m.toks) {
		// "hey smtpbot, help" asks for help before "help" names 214.
		return catalog.Code{}, false, false
	}
	all, words, ok := lx.termWords(m.toks)
	if !ok || len(all) > maxSuggestInput {
		// Longer than autocomplete reads: a word that long is no term.
		return catalog.Code{}, false, false
	}
	// The words as typed first, as autocomplete reads them ("không" is a
	// filler, and a word of "người nhận không tồn tại"), then without
	// the fillers around the term ("spam là lỗi mấy").
	// Chat's short forms are read as the words they stand for ("ko gui
	// dc mail" as "không gui được mail"), as autocomplete reads them.
	all = lx.unshort(all)
	if code, whole, ok = b.termCode(all); ok || len(words) == strings.Count(all, " ")+1 {
		return code, whole, ok
	}
	return b.termCode(strings.Join(words, " "))
}

// termWords reads a message short enough to be a term alone: all its
// words as typed, and those that are no fillers, with marks of letters and
// digits ("TSS04", "S3150"); ok is false for a longer message, one with no
// word but fillers, or one with a code, a number or a class.
func (lx *lexicon) termWords(toks []token) (all string, words []string, ok bool) {
	var typed []string
	for _, t := range toks {
		switch {
		case t.kind == tokWord && !lx.fillers.has(t):
		case t.kind == tokNumber && hasLetterAndDigit(t.text):
		case t.kind == tokWord:
			if typed = append(typed, t.text); len(typed) > 4*maxTermWords {
				return "", nil, false // a sentence of fillers
			}
			continue
		case t.kind == tokPunct:
			continue
		default:
			return "", nil, false
		}
		typed = append(typed, t.text)
		if words = append(words, t.text); len(words) > maxTermWords {
			return "", nil, false
		}
	}
	return strings.Join(typed, " "), words, len(words) > 0
}

// wholeName reports whether a message is a name typed whole, a term alone.
func (b *Bot) wholeName(m *message) bool {
	_, whole, ok := b.term(m)
	return ok && whole
}

// decide sets the intent from the codes found and what the message is.
// strongKnown says whether the text was already classified as server text.
func (b *Bot) decide(q *Query, m *message, codes []catalog.Code, strongKnown bool) {
	lx := b.lex()
	switch {
	case q.decideCodes(codes, m.compare):
	case m.bounce || (!strongKnown && (!m.chatter || m.endpoint) && b.strongText(m.withoutCompounds())):
		// Server text without any code: its words are the diagnosis. A
		// question whose numbers are told as no codes ("587 with STARTTLS",
		// "HTTP 503 Service Unavailable") is about something else than a
		// reply: its words are the asker's. So are those of a question
		// asking which code to send (code_asked) that names none: the
		// cause they name is said. A program's error naming the host and
		// port it connected to ("connect ETIMEDOUT 192.0.2.50:465") is
		// pasted output, diagnosed beside such numbers all the same.
		q.Intent = IntentDiagnose
		q.Reply = &Reply{Text: excerpt(m.body), Stage: lx.stageOf(m.body, "", "")}
		if q.Lang != catalog.Vietnamese {
			q.Lang = ""
		}
	case lx.isHelpWords(m.toks):
		q.Intent = IntentHelp
	case !hasSetting(m.lower) && lx.classNamed(q, m.toks):
	default:
		q.Intent = IntentUnknown
		q.Suggest = b.didYouMean(lx.contentText(m.toks), 5)
	}
}

// classNamed reads a question that names a class of replies in words and
// no code ("what does deferred mean?", "should I worry about soft
// bounces?"): one class is listed, two are compared ("hard bounce vs soft
// bounce", and "hard vs soft bounce", the noun said once). It reports
// whether it set the intent.
//
// A class word with a figure beside it is a row of a report ("hard bounces
// 2.1%", "300 soft bounces"), and a question of how many (count_question:
// "how many soft bounces before I suppress?") asks for a threshold each
// sender sets for itself: neither is answered by the class. Nor is a
// question beside settings pasted ("maximal_backoff_time = 4000s … why
// does a deferred mail wait an hour?"): it asks how the software behaves
// under them (Parse's decide leaves it out).
func (lx *lexicon) classNamed(q *Query, toks []token) bool {
	if lx.countQuestion.in(toks) {
		return false
	}
	var sd sides
	add := func(filter string) {
		if r, ok := catalog.ParseClassRef(filter); ok {
			sd.add(catalog.Operand{Class: r})
		}
	}
	for i := range toks {
		for _, c := range lx.classWords {
			n := c.words.at(toks, i)
			if n == 0 || lx.classFigure(toks, i, n) || lx.classMeasured(toks, i, n) {
				continue
			}
			before, after := lx.elided(toks, i, n)
			if before != "" {
				add(before)
			}
			add(c.filter)
			if after != "" {
				add(after)
			}
		}
	}
	switch ops := sd.list(); len(ops) {
	case 0:
		return false
	case 1:
		q.Intent, q.Filter = IntentList, ops[0].Class.String()
	default:
		q.Intent, q.Operands = IntentCompare, ops
	}
	return true
}

// classFigure reports whether the class word of n tokens at toks[i] has a
// figure beside it: a number right after it ("hard bounces 2.1%") or a
// count right before it ("300 hard bounces", and "450 deferred messages",
// where the class word is the state of the things counted: countedAt).
func (lx *lexicon) classFigure(toks []token, i, n int) bool {
	number := func(t token) bool { return t.kind == tokNumber || t.kind == tokCode || t.kind == tokBad }
	return i+n < len(toks) && number(toks[i+n]) || i > 0 && (toks[i-1].kind == tokNumber || number(toks[i-1]) && lx.countedAt(toks, i))
}

// classMeasured reports whether the class word of n tokens at toks[i] is
// the subject of a measure of sending (class_measures): a measure right
// after it ("hard bounce rate", "soft bounce ratio") or right before it
// ("tỉ lệ soft bounce"). Such a figure is each sender's own statistic,
// no class of replies asked about.
func (lx *lexicon) classMeasured(toks []token, i, n int) bool {
	return i+n < len(toks) && lx.classMeasure.at(toks, i+n) > 0 || lx.classMeasure.endsAt(toks, i) > 0
}

// elided returns the filters of the class words said with the noun of
// the class word of n tokens at toks[i] left out: "hard vs soft bounce"
// is "hard bounce vs soft bounce", "bounce cứng hay mềm" is "bounce cứng
// hay bounce mềm". A word set beside the class word's first word (its
// last one) by a separator ("vs", "or", "/") stands for it: before is the
// class the word before makes, after the class the word after makes.
func (lx *lexicon) elided(toks []token, i, n int) (before, after string) {
	if n < 2 {
		return "", ""
	}
	sep := func(t token) bool {
		return t.kind == tokPunct && t.text == "/" || t.kind == tokWord && lx.separators.has(t)
	}
	classOf := func(phrase []token) string {
		for _, c := range lx.classWords {
			if c.words.at(phrase, 0) == len(phrase) {
				return c.filter
			}
		}
		return ""
	}
	if i >= 2 && sep(toks[i-1]) && toks[i-2].kind == tokWord {
		before = classOf(append([]token{toks[i-2]}, toks[i+1:i+n]...))
	}
	if j := i + n; j+1 < len(toks) && sep(toks[j]) && toks[j+1].kind == tokWord {
		after = classOf(append(slices.Clone(toks[i:j-1]), toks[j+1]))
	}
	return before, after
}

// decideCodes sets the intent from the codes asked about, and reports
// whether they decide it: a comparison of two to four, an explanation of
// one, or, with a malformed code in a comparison or beside other codes, not
// understood ("999 vs 123", "550 vs 999": never guess the missing half).
func (q *Query) decideCodes(codes []catalog.Code, compare bool) bool {
	switch {
	case len(q.Bad) > 0 && (compare || len(codes) != 1):
		q.Intent = IntentUnknown
		q.Suggest = codes
	case len(codes) >= 2:
		q.Intent = IntentCompare
		q.Codes = codes[:min(len(codes), 4)]
	case len(codes) == 1:
		q.Intent = IntentExplain
		q.Codes = codes
	default:
		return false
	}
	return true
}

// operandsIn are the sides of a comparison that names a whole class ("4xx",
// "5.X.X"), each once, at most four, in the order typed: classes, and the
// codes beside them ("4xx vs 550"). nil when no class is named or a code is
// malformed (never guess the missing half).
func operandsIn(toks []token) []catalog.Operand {
	var sd sides
	for _, t := range toks {
		switch t.kind {
		case tokBad:
			return nil
		case tokCode:
			sd.add(catalog.Operand{Code: t.code})
		case tokFilter:
			if r, ok := catalog.ParseClassRef(t.text); ok {
				sd.add(catalog.Operand{Class: r})
			}
		}
	}
	return sd.list()
}

// sides collects the sides of a comparison that names a class: each once,
// at most four, in the order given, counting the classes among them.
type sides struct {
	ops     []catalog.Operand
	classes int
}

func (s *sides) add(o catalog.Operand) {
	if o.IsClass() {
		s.classes++
	}
	if !slices.Contains(s.ops, o) && len(s.ops) < 4 {
		s.ops = append(s.ops, o)
	}
}

// list returns the sides, nil when none of them is a class.
func (s *sides) list() []catalog.Operand {
	if s.classes == 0 {
		return nil
	}
	return s.ops
}

// pastedReply reads a pasted server reply ("550 5.1.1 <x@y>: user
// unknown"), or an Exchange line named without codes, into q.
func (b *Bot) pastedReply(q *Query, m *message, ndr ndrFound, hasNDR bool) bool {
	cands := b.lex().findReplies(m.body)
	if b.serviceRefusal(m.lower) {
		cands = slices.DeleteFunc(cands, func(c replyCand) bool { return !c.hasEnh && !b.smtpReply(c.basic) })
	}
	if r, ok := bestReply(b.firstRecipient(cands, m.body)); ok {
		if hasNDR {
			r.fillFrom(ndr.name)
		}
		b.setReply(q, r, m.body)
		if q.scope = replyScope(cands, r, m.body); q.scope != "" {
			q.Reply.Stage = b.lex().stageOf(q.scope, "", "")
		}
		return true
	}
	if hasNDR {
		// A pasted Exchange line without codes: its name gives them.
		r := replyCand{text: excerpt(m.body), at: len(m.body)}
		r.fillFrom(ndr.name)
		b.setReply(q, r, m.body)
		return true
	}
	return false
}

// firstRecipient narrows the reply candidates of a pasted report that
// lists several failed recipients, with different failures, to the first
// recipient's: the answer leads with the first failed recipient in the
// report's order, as the whole-message path does (DiagnoseMessage), not
// with whichever reply reads best. Other texts keep all candidates.
func (b *Bot) firstRecipient(cands []replyCand, text string) []replyCand {
	if !severalFailures(cands) {
		return cands // most texts: no report is read
	}
	rep := b.bounces.Parse([]byte(text))
	if rep.Kind != bounce.KindBounce {
		return cands
	}
	var failed []bounce.Record
	for _, r := range rep.Records {
		if r.Recipient != "" && r.Diagnostic != "" && !strings.EqualFold(r.Action, "delivered") {
			failed = append(failed, r)
		}
	}
	if len(failed) < 2 {
		return cands
	}
	first, ok := bestReply(b.lex().findReplies(failed[0].Diagnostic))
	if !ok {
		return cands
	}
	var out []replyCand
	for _, c := range cands {
		basic := first.basic == 0 || c.basic == 0 || c.basic == first.basic
		enh := !first.hasEnh || !c.hasEnh || c.enh == first.enh
		if basic && enh && replyClass(c) == replyClass(first) {
			out = append(out, c)
		}
	}
	if len(out) == 0 {
		return cands
	}
	return out
}

// severalFailures reports whether the candidates give two failures
// (class 4 or 5) with different codes.
func severalFailures(cands []replyCand) bool {
	var seen *replyCand
	for i, c := range cands {
		if cl := replyClass(c); cl != 4 && cl != 5 {
			continue
		}
		if seen == nil {
			seen = &cands[i]
		} else if !sameCodes(c, *seen) || c.basic != 0 && seen.basic != 0 && c.basic != seen.basic {
			return true
		}
	}
	return false
}

// replyScope is the part of text that belongs to the reply r when other
// replies, with other codes, stand on lines of their own before or after
// it (a log pasted with one line per delivery): from r's line, or the
// start when no other reply comes before it, to the line of the next
// other reply. "" when no other reply is there: all text is r's.
//
// A session's transcript is one server's: its greeting ("220 mx.example.org
// ESMTP Postfix", the last one before r; a greeting has no enhanced code,
// RFC 2034 §3, unlike "220 2.0.0 Ready to start TLS") names the software
// that gave r, and stays in the scope, on a line before r's.
func replyScope(cands []replyCand, r replyCand, text string) string {
	start, end := 0, len(text)
	greeting := -1
	lineStart := func(at int) int { return strings.LastIndexByte(text[:at], '\n') + 1 }
	for _, c := range cands {
		if sameCodes(c, r) || lineStart(c.at) == lineStart(r.at) {
			continue
		}
		if c.at < r.at {
			start = lineStart(r.at)
			if c.basic == greetingCode && !c.hasEnh && (c.origin == originLine || sideLabel(text[lineStart(c.at):c.at])) {
				greeting = lineStart(c.at)
			}
		} else if at := lineStart(c.at); at < end {
			end = at
		}
	}
	if start == 0 && end == len(text) {
		return ""
	}
	if greeting >= 0 && greeting < start {
		line, _, _ := strings.Cut(text[greeting:], "\n")
		return line + "\n" + text[start:end]
	}
	return text[start:end]
}

// maxSideLabel bounds the label of a transcript's side read before a reply.
const maxSideLabel = 8

// sideLabel reports whether before, what stands before a reply on its
// line, is only the label a session transcript gives the server's side:
// one word and a colon ("S:" in RFC 5321's examples, "Out:", "Server:").
func sideLabel(before string) bool {
	w, ok := strings.CutSuffix(strings.TrimSpace(before), ":")
	if !ok || w == "" || len(w) > maxSideLabel {
		return false
	}
	for i := 0; i < len(w); i++ {
		if !isASCIILetter(w[i]) {
			return false
		}
	}
	return true
}

// greetingCode is a server's greeting (RFC 5321 §4.2: "220 <domain>
// Service ready"), which opens a session and names its server.
const greetingCode catalog.ReplyCode = 220

// sameCodes reports whether c gives no code other than r's: a continuation
// line, or the DSN's Status for the reply.
func sameCodes(c, r replyCand) bool {
	return (c.basic == 0 || c.basic == r.basic) && (!c.hasEnh || !r.hasEnh || c.enh == r.enh)
}

// codesIn collects the codes of the message, and the malformed ones into
// q.Bad, skipping numbers that are not codes ("room 421", "$550"). A
// number told as another protocol's status (otherStatus: "440 Login
// Timeout") is that status wherever the message names it again ("… is
// 440 a mail error?"), and marks the message as holding another
// protocol's answer (otherReply).
func (lx *lexicon) codesIn(q *Query, m *message) []catalog.Code {
	var codes []catalog.Code
	var statuses, others []string
	kept := make([]int, 0, 4)
	scores := lx.scoresTold(m.toks)
	for i, t := range m.toks {
		if t.kind == tokWord && lx.measure(t) {
			m.chatter = true // "450MiB", "550ms": a figure and its unit
			continue
		}
		if t.kind == tokNumber && lx.cited(m.lower, t.at) {
			m.chatter = true // "§4.5.3.2": a part of a document cited
			continue
		}
		if t.kind != tokCode && t.kind != tokBad {
			continue
		}
		if lx.cited(m.lower, t.at) {
			m.chatter = true // "§4.2": a section's number, no code
			others = append(others, t.text)
			continue
		}
		if hostPort(m.lower, m.toks, i) || negative(m.lower, t.at) {
			m.endpoint = m.endpoint || hostPort(m.lower, m.toks, i)
			// A host's port ("192.0.2.10:587") is part of where a
			// connection went, and a negative number ("errno: -111") no
			// reply, as a program's error writes them: no code, and no
			// chatter either (the message may well be about mail).
			others = append(others, t.text)
			continue
		}
		if scores || lx.chatterNumber(m, i) {
			m.chatter = true // "room 421", "$550", "555 1234", "version 4.2.2"
			others = append(others, t.text)
			if status, _ := lx.otherStatus(m, i); status {
				statuses = append(statuses, t.text)
			}
			continue
		}
		kept = append(kept, i)
	}
	m.otherReply = m.otherReply || len(statuses) > 0
	for _, i := range kept {
		switch t := m.toks[i]; {
		case slices.Contains(others, t.text):
			// The same number typed again is the same thing: the port
			// a connection went to ("port: 587"), the line of a
			// traceback the asker wonders about ("line 554 … is 554
			// the server refusing us?"), an HTTP status.
		case t.kind == tokCode:
			codes = append(codes, t.code)
		default:
			q.Bad = append(q.Bad, t.text)
		}
	}
	return codes
}

// cited reports whether the number at lower[at:] follows a sign of a
// part of a document cited (chatter.cite_signs: "§4.5.3.2", "§ 4.2").
func (lx *lexicon) cited(lower string, at int) bool {
	if lx.citeSigns == "" {
		return false
	}
	r, n := utf8.DecodeLastRuneInString(strings.TrimRight(lower[:at], " "))
	return n > 0 && strings.ContainsRune(lx.citeSigns, r)
}

// scoresTold reports whether a message names a game or a sport played for a
// score (chatter.games: "bowling", "scored", "rematch") and says nothing
// of mail: its numbers are scores ("I scored 221 vs his 250"), none a code.
func (lx *lexicon) scoresTold(toks []token) bool {
	return lx.chatGames.in(toks) && lx.proseWithoutMail(toks)
}

// libraryReply reads a reply a mail library wrote in its own words: a
// label of library_reply_labels ("the server response was:"), the
// server's text after it without its code, and before it on its line the
// library's wording of that code, a name or alias spelled out whole that
// stands for one failure reply ("Mailbox unavailable." for 550).
func (b *Bot) libraryReply(m *message) (replyCand, bool) {
	lx := b.lex()
	for _, label := range lx.libraryLabels {
		k := strings.Index(m.lower, label)
		if k < 0 {
			continue
		}
		start := strings.LastIndexByte(m.lower[:k], '\n') + 1
		var code catalog.ReplyCode
		for _, n := range b.findNames(lx.tokenize(m.lower[start:k]), false) {
			if n.fuzzy || !n.code.Basic() || n.code.Reply.Class() < 4 || code != 0 && code != n.code.Reply {
				return replyCand{}, false
			}
			code = n.code.Reply
		}
		if code == 0 {
			return replyCand{}, false
		}
		text := m.lower
		if len(m.body) == len(m.lower) {
			text = m.body
		}
		end := k + len(label)
		if nl := strings.IndexByte(text[end:], '\n'); nl >= 0 {
			text = text[:end+nl]
		}
		return replyCand{basic: code, at: end, text: strings.TrimSpace(text[end:])}, true
	}
	return replyCand{}, false
}

// spelledCode reads a reply code spelled with the names of its digits
// (reply_digits), in order, each right after the one before or with one
// word between, a field's name ("severity: PermanentNegativeCompletion,
// category: MailSystem, detail: Four" is 554).
func (lx *lexicon) spelledCode(toks []token) (catalog.Code, bool) {
	if lx.replyDigits[0] == nil {
		return catalog.Code{}, false
	}
	for i, t := range toks {
		d, ok := lx.replyDigits[0][t.text]
		if t.kind != tokWord || !ok {
			continue
		}
		digits, j := []byte{d}, i
		for k := 1; k < len(lx.replyDigits) && j >= 0; k++ {
			j = lx.digitAfter(toks, j, k)
			if j >= 0 {
				digits = append(digits, lx.replyDigits[k][toks[j].text])
			}
		}
		if j < 0 {
			continue
		}
		if c, err := catalog.ParseCode(string(digits)); err == nil && c.Basic() {
			return c, true
		}
	}
	return catalog.Code{}, false
}

// digitAfter returns the index of the word after toks[j] naming digit k
// of a code, with punctuation and at most one other word between, or -1.
func (lx *lexicon) digitAfter(toks []token, j, k int) int {
	words := 0
	for i := j + 1; i < len(toks); i++ {
		t := toks[i]
		if t.kind == tokPunct {
			continue
		}
		if _, ok := lx.replyDigits[k][t.text]; ok && t.kind == tokWord {
			return i
		}
		if words++; t.kind != tokWord || words > 1 {
			return -1
		}
	}
	return -1
}

// negative reports whether the number at lower[at:] has a minus sign
// glued before it, standing apart from what precedes it ("errno: -111"):
// a negative number, no reply code. A dash joining two numbers
// ("421-5550") or ending a word is none.
func negative(lower string, at int) bool {
	if at == 0 || lower[at-1] != '-' {
		return false
	}
	return at == 1 || !isWordByte(lower[at-2])
}

// lex returns the parser's vocabulary.
func (b *Bot) lex() *lexicon { return b.ix.lex }

// message is a cleaned message and what is read off it once.
type message struct {
	text    string  // cleaned
	body    string  // text without the returned original message and header noise
	folded  string  // lower case, no diacritics
	lower   string  // lower case with diacritics, as typed
	read    string  // lower with what names nothing blanked: markup tags, rows of checks passed
	toks    []token // words, codes and separators of lower
	words   []string
	trimmed string // folded, spaces collapsed, without end punctuation
	compare bool   // asks for a comparison
	// asksCode says the message asks which code a server should send
	// (code_asked: "which reply", "what code should"): its words are the
	// asker's situation, no server's text, and the code they name is asked
	// about, a guess from an abbreviation too (situationCode).
	asksCode bool
	bounce   bool // reads like a bounce or server reply; set by checkBounce
	chatter  bool // has numbers that are not codes ("room 421"); set by Parse
	// withdrew says the asker took a code back in words ("552, not 522"):
	// the one kept is a code typed, never chatter, even in a sentence
	// that says nothing of mail ("typo above, it's 4.2.2 not 4.2.1").
	withdrew bool
	endpoint bool // names a host and its port ("192.0.2.10:587"); set by codesIn
	// webPage says a code stood as a web page's error ("Temporary Error
	// (500)" in a browser): the words of its title mark no bounce.
	webPage bool
	// otherReply says the message holds another protocol's answer: an
	// HTTP status (otherStatus), an IMAP or POP3 reply's mark
	// (chatter.protocol_replies). Set by Parse.
	otherReply bool

	phone     []bool // tokens that are groups of a phone number, nil if none
	phoneRead bool   // phone is set
}

// checkBounce sets m.bounce. It is done only when needed: a pasted reply
// is found without it, and the check costs most on the longest pastes.
func (m *message) checkBounce(lx *lexicon) { m.bounce = lx.looksLikeBounce(m.body) }

func (lx *lexicon) newMessage(text string) message {
	m, whole := lx.readMessage(lx.untelex(Clean(text)))
	offs := lx.withdrawnAt(m.toks)
	if offs == nil {
		return m
	}
	if !whole {
		// The words read are an excerpt of a paste: the text's own words
		// say where the codes taken back sit in it.
		if offs = lx.withdrawnAt(lx.tokenize(lowerText(m.text))); offs == nil {
			return m
		}
	}
	lowerOffsets(m.text, offs)
	spans := make([][2]int, 0, len(offs)/2)
	for k := 0; k+1 < len(offs); k += 2 {
		spans = append(spans, [2]int{offs[k], offs[k+1]})
	}
	m, _ = lx.readMessage(withdraw(m.text, spans))
	m.withdrew = true
	return m
}

// readMessage reads a cleaned text once; whole says the words read are the
// whole text's, no excerpt of a paste, at the offsets of lowerText(text).
func (lx *lexicon) readMessage(text string) (m message, whole bool) {
	m.text = text
	excerpt := lx.bounces.Excerpt(m.text)
	m.body = blankShortcodes(excerpt)
	m.folded = fold(m.body)
	m.lower = lowerText(m.body)
	m.read = lx.blankPassed(blankTags(m.lower))
	m.toks = lx.tokenize(m.read)
	if len(m.read) == len(m.body) {
		m.toks = lx.splitQualified(m.toks, m.body)
	}
	m.toks = lx.joinCompounds(m.toks)
	for _, t := range m.toks {
		if t.kind == tokWord {
			m.words = append(m.words, t.text)
		}
	}
	m.trimmed = trimQuestion(m.folded)
	if m.trimmed == "" && len(excerpt) > 0 && m.body != excerpt {
		// Emoji shortcodes alone (":pray: :pray:") are no empty message,
		// which asks for help: they are read as typed, as an emoji is.
		m.trimmed = trimQuestion(fold(excerpt))
	}
	m.compare = len(m.text) < maxCompareText && (lx.hasCompareWord(m.toks) || lx.joinedPairs(m.toks) || lx.joinedClasses(m.toks) || lx.bareReplies(m.body))
	m.asksCode = lx.codeAsked.in(m.toks)
	return m, excerpt == text
}

// withdrawnAt finds the codes the asker takes back in words, to be
// replaced with an ellipsis each, as a strike through them is (withdraw):
// a code right after a word of withdraw_before ("not 522", "chứ không phải
// 522") or right before one of withdraw_after ("5.7.62 by mistake"), with
// the enhanced code of its reply after it ("not 554 5.7.1"), and those
// words. The code meant is another one typed ("oops, 552 is what I meant,
// not 522"): a message whose every code would go keeps them all ("not
// 550?"). It returns the start and end of each span, at the offsets of
// toks, nil for none.
func (lx *lexicon) withdrawnAt(toks []token) []int {
	var offs []int
	kept := false
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if t.kind != tokCode && t.kind != tokBad {
			continue
		}
		last := i
		if i+1 < len(toks) && toks[i+1].kind == tokCode && isPair(t.code, toks[i+1].code) {
			last = i + 1
		}
		after := 0
		if last+1 < len(toks) {
			after = lx.withdrawAfter.at(toks, last+1)
		}
		switch before := lx.withdrawFore.endsAt(toks, i); {
		case before > 0:
			from := toks[i-before].at
			if n := len(offs); n > 0 {
				from = max(from, offs[n-1]) // no span overlaps the one before
			}
			offs = append(offs, from, toks[last].end)
		case after > 0:
			offs = append(offs, t.at, toks[last+after].end)
		default:
			kept = kept || t.kind == tokCode
		}
		i = last
	}
	if !kept {
		return nil
	}
	return offs
}

// trimQuestion is folded text with its spaces collapsed and without the
// punctuation around it.
func trimQuestion(folded string) string {
	return strings.Trim(strings.Join(strings.Fields(folded), " "), " ?!.,:;")
}

// withoutCompounds is the message as its words are read for a cause: the
// lexicon's compounds blanked out, since neither of their words is read
// alone ("spam rate" is a measure of the sender's mail, no spam refusal;
// "password reset" a kind of mail, no failed login).
func (m *message) withoutCompounds() string {
	var buf []byte
	for _, t := range m.toks {
		if t.kind != tokWord || !strings.Contains(t.text, " ") {
			continue
		}
		if buf == nil {
			buf = []byte(m.read)
		}
		for k := t.at; k < t.end; k++ {
			buf[k] = ' '
		}
	}
	switch {
	case buf != nil:
		return string(buf)
	case m.read != m.lower:
		return m.read
	}
	return m.body
}

// withNames adds the codes named by their names or keywords to the typed
// ones. Typed codes and names go together only in a comparison ("550 vs
// mailbox full"); in "is 450 a hard bounce?" the words are the question.
func (b *Bot) withNames(q *Query, m message, codes []catalog.Code) []catalog.Code {
	preferEnhanced := len(codes) > 0
	for _, c := range codes {
		if c.Basic() {
			preferEnhanced = false
		}
	}
	named := b.findNamesIn(m.toks, preferEnhanced, m.compare)
	// A name typed as one word in lower camel case ("requireTLS",
	// nodemailer's option) is a program's identifier, an option or a
	// variable, in a message about code: not the term it spells.
	named = slices.DeleteFunc(named, func(n nameMatch) bool { return n.end-n.start == 1 && lowerCamel(m, m.toks[n.start]) })
	if m.chatter && len(codes) == 0 {
		// "call me at 555 1234" is chatter: only a name spelled out counts
		// there, not a guess from an abbreviation.
		named = slices.DeleteFunc(named, func(n nameMatch) bool { return n.fuzzy })
	}
	switch {
	case len(named) == 0:
	case len(codes) == 0 && !m.compare && !m.asksCode && len(named) == 1 && named[0].fuzzy && b.strongText(m.withoutCompounds()),
		len(codes) == 0 && !m.compare && !m.asksCode && len(named) == 1 && b.guessBeside(m, named[0]):
		// One guess from an abbreviation ("address" read as a name), and
		// words that name a cause outright ("all relevant MX records point
		// to non-existent hosts", quoted from a log): the words say more
		// than the guess, and are diagnosed. So do they beside one word
		// that names a code alone, when other words name the cause ("Error:
		// Invalid login … password or something else?"): the word is the
		// asker's guess.
	case len(codes) == 0:
		if !m.compare && slices.ContainsFunc(named, func(n nameMatch) bool { return !n.fuzzy }) {
			// A name spelled out ("message expired") is what is asked
			// about: a guess from an abbreviation beside it ("server
			// says" read as "service ready") is no second code to compare.
			named = slices.DeleteFunc(named, func(n nameMatch) bool { return n.fuzzy })
		}
		for _, n := range named {
			codes = append(codes, n.code)
		}
		q.Named = true
	case m.compare:
		if len(codes) >= 2 {
			// The typed codes are the sides: a name guessed from an
			// abbreviation ("check", "recipient") is no third side, nor
			// one that names a side typed ("5.2.1 vs 5.2.2, which is the
			// over-quota one?": X.2.2 is 5.2.2).
			// Nor is a name that no separator sets beside a side: the
			// topic the sides are compared for ("4.7.0 vs 4.7.1 for
			// greylisting") or the asker's words for a side ("5.4.1 vs
			// 5.4.14 — one's 'access denied' and the other's a routing
			// loop"), where "550 vs 552 vs mailbox full" names a third.
			named = slices.DeleteFunc(named, func(n nameMatch) bool {
				return n.fuzzy || slices.ContainsFunc(codes, func(c catalog.Code) bool { return sameSide(n.code, c) }) || !b.lex().setBeside(m.toks, n, named)
			})
		}
		codes = mergeByPosition(m.toks, named)
		q.Named = true
	}
	if m.compare {
		return uniqueReplies(codes)
	}
	return uniqueCodes(codes)
}

// setBeside reports whether the name n stands as a side of a comparison: a
// separator or a word of a comparison ("vs", "or", "same as", "/") between
// it and a code or another name, punctuation aside.
func (lx *lexicon) setBeside(toks []token, n nameMatch, named []nameMatch) bool {
	side := func(i int, first bool) bool {
		if i < 0 || i >= len(toks) {
			return false
		}
		return toks[i].kind == tokCode || slices.ContainsFunc(named, func(o nameMatch) bool {
			return o != n && (first && o.start == i || !first && o.end == i+1)
		})
	}
	joiner := func(i int) bool { return toks[i].kind == tokPunct && toks[i].text == "/" }
	skip := func(i, dir int) int {
		for i >= 0 && i < len(toks) && toks[i].kind == tokPunct && !joiner(i) {
			i += dir
		}
		return i
	}
	if i := skip(n.end, 1); i < len(toks) {
		k := max(lx.separators.at(toks, i), lx.compare.at(toks, i))
		if joiner(i) {
			k = 1
		}
		if k > 0 && side(skip(i+k, 1), true) {
			return true
		}
	}
	if i := skip(n.start-1, -1); i >= 0 {
		k := max(lx.separators.endsAt(toks, i+1), lx.compare.endsAt(toks, i+1))
		if joiner(i) {
			k = 1
		}
		if k > 0 && side(skip(i-k, -1), false) {
			return true
		}
	}
	return false
}

// lowerCamel reports whether the word t was typed in lower camel case, a
// lower-case letter first and a capital after a lower-case letter inside
// ("requireTLS", "ignoreTLS"): how programs name options and variables.
// Protocol terms are typed in capitals ("REQUIRETLS") or lower case.
func lowerCamel(m message, t token) bool {
	if len(m.body) != len(m.lower) || t.end > len(m.body) || t.at >= t.end {
		return false
	}
	w := m.body[t.at:t.end]
	if w[0] < 'a' || w[0] > 'z' {
		return false
	}
	for k := 1; k < len(w); k++ {
		if w[k] >= 'A' && w[k] <= 'Z' && w[k-1] >= 'a' && w[k-1] <= 'z' {
			return true
		}
	}
	return false
}

// guessBeside reports whether n, a name of one word, stands in a message
// whose other words name a cause outright: with the word left out, the
// text is still strong ("Error: Invalid login" beside the asker's
// "password?"). A word that is itself the cause ("blocklisted") is no
// guess.
func (b *Bot) guessBeside(m message, n nameMatch) bool {
	if n.end-n.start != 1 || n.src != srcAlias || n.start >= len(m.toks) {
		return false
	}
	t := m.toks[n.start]
	return b.strongText(m.lower[:t.at] + " " + m.lower[t.end:])
}

// sameSide reports whether the named code n stands for the typed code c:
// the same code, or the enhanced code of any class ("X.2.2") of it.
func sameSide(n, c catalog.Code) bool {
	if n == c {
		return true
	}
	return !n.Basic() && !c.Basic() && n.Enhanced.Class == 0 && n.Enhanced.Subject == c.Enhanced.Subject && n.Enhanced.Detail == c.Enhanced.Detail
}

// strongText reports whether text states a cause unambiguously.
func (b *Bot) strongText(text string) bool {
	r, strong := b.textReason(text)
	return r != nil && strong
}

// setReply makes q a diagnosis of r.
func (b *Bot) setReply(q *Query, r replyCand, text string) {
	q.Intent = IntentDiagnose
	rep := &Reply{Basic: r.basic, Enhanced: r.enh, HasEnh: r.hasEnh, Text: r.excerpt(text), Stage: b.lex().stageOf(text, "", "")}
	q.Reply = rep
	q.Codes = nil
	if r.basic != 0 {
		q.Codes = append(q.Codes, catalog.Code{Reply: r.basic})
	}
	if r.hasEnh {
		q.Codes = append(q.Codes, catalog.Code{Enhanced: r.enh})
	}
	// The language of a pasted reply is the server's; the person's is in
	// the words around it.
	if q.Lang == catalog.English {
		q.Lang = ""
		lx := b.lex()
		if lx.hasQuestionWord(lx.tokenize(lowerText(text[:min(r.at, len(text))]))) {
			q.Lang = catalog.English
		}
	}
}

// hasQuestionWord reports whether a person wrote the words: "what", "my".
func (lx *lexicon) hasQuestionWord(toks []token) bool {
	for _, t := range toks {
		if t.kind == tokWord && lx.question.has(t) {
			return true
		}
	}
	return false
}

// excerpt returns the first lines of a codeless bounce, for display.
func (r replyCand) excerpt(text string) string {
	line := r.text
	codes := ""
	if r.basic != 0 {
		codes = r.basic.String()
	}
	if r.hasEnh {
		codes = strings.TrimSpace(codes + " " + r.enh.String())
	}
	line = trimWrapping(line)
	if r.origin == originQmail && line != "" {
		return capRunes(line+" (#"+r.enh.String()+")", 500)
	}
	return capRunes(strings.TrimSpace(codes+" "+line), 500)
}

// trimWrapping drops what the paste wrapped around a reply from its end:
// chat emphasis (*, _, ~, `), an unpaired closing quote (Exchange's
// "Remote Server returned '550 …'") and the closing brackets of a log line's own
// parentheses ("status=bounced (host … said: … (in reply to RCPT TO
// command))") that nothing in the reply opened.
func trimWrapping(s string) string {
	s = cutLogFields(s)
	for s != "" {
		c := s[len(s)-1]
		switch {
		case c == '*' || c == '_' || c == '~' || c == '`':
		case c == ')' && strings.Count(s, ")") > strings.Count(s, "("):
		case c == ']' && strings.Count(s, "]") > strings.Count(s, "["):
		case (c == '\'' || c == '"') && strings.Count(s, s[len(s)-1:])%2 == 1:
		default:
			return s
		}
		s = strings.TrimSpace(s[:len(s)-1])
	}
	return s
}

// cutLogFields drops the fields a log line appends after a reply it
// records, Postfix's "…; from=<a@example.com> to=<b@example.com>
// proto=ESMTP helo=<pc1>": from the first "; " after which every word is
// a lower-case key=value pair.
func cutLogFields(s string) string {
	at := 0
	for range 8 { // a reply has few; a hostile one many
		i := strings.Index(s[at:], "; ")
		if i < 0 {
			break
		}
		i += at
		if onlyLogFields(s[i+2:]) {
			return strings.TrimSpace(s[:i])
		}
		at = i + 2
	}
	return s
}

// onlyLogFields reports whether s is one or more space-separated words
// that each start with a lower-case key and "=".
func onlyLogFields(s string) bool {
	words := 0
	for s != "" {
		s = strings.TrimLeft(s, " ")
		if s == "" {
			break
		}
		k := 0
		for k < len(s) && ('a' <= s[k] && s[k] <= 'z' || s[k] == '_') {
			k++
		}
		if k == 0 || k == len(s) || s[k] != '=' {
			return false
		}
		words++
		if sp := strings.IndexByte(s, ' '); sp >= 0 {
			s = s[sp:]
		} else {
			s = ""
		}
	}
	return words > 0
}

func excerpt(text string) string {
	lines := strings.Split(text, "\n")
	var keep []string
	for _, l := range lines {
		if l = strings.TrimSpace(l); l != "" {
			keep = append(keep, l)
		}
		if len(keep) == 3 {
			break
		}
	}
	return capRunes(strings.Join(keep, " "), 500)
}

// looseReply builds a reply from the codes of a bounce that has them
// outside reply positions: one failure basic code and at most one enhanced.
func looseReply(codes []catalog.Code, text string) (replyCand, bool) {
	var r replyCand
	for _, c := range codes {
		switch {
		case c.Basic() && r.basic == 0 && c.Class().Failure():
			r.basic = c.Reply
		case !c.Basic() && !r.hasEnh && c.Enhanced.Class != 0:
			r.enh, r.hasEnh = c.Enhanced, true
		default:
			return replyCand{}, false
		}
	}
	if r.basic == 0 && !r.hasEnh {
		return replyCand{}, false
	}
	r.text = excerpt(text)
	r.at = len(text)
	return r, true
}

// findNames spots names, keywords and aliases in the words of a question,
// then tries what is left as an abbreviation.
func (b *Bot) findNames(toks []token, preferEnhanced bool) []nameMatch {
	return b.findNamesIn(toks, preferEnhanced, false)
}

// findNamesIn is findNames, reading a word in another form of a name's
// word too when forms is set (index.otherForms: the sides of a
// comparison).
func (b *Bot) findNamesIn(toks []token, preferEnhanced, forms bool) []nameMatch {
	lx := b.lex()
	words := messageWords(toks)
	if len(words) == 0 {
		return nil
	}
	found := b.ix.spot(words, preferEnhanced, forms)
	// Leftover runs of content words, split at separators and codes.
	used := map[int]bool{}
	for _, m := range found {
		for p := m.start; p < m.end; p++ {
			used[p] = true
		}
	}
	var run []string
	runStart := -1
	// A run repeated in one message is looked up once.
	type abbrevResult struct {
		code catalog.Code
		ok   bool
	}
	seen := map[string]abbrevResult{}
	flush := func(end int) {
		if len(run) > 0 {
			q := strings.Join(run, " ")
			r, done := seen[q]
			if !done {
				r.code, r.ok = b.ix.abbrev(q, preferEnhanced)
				if fixed := b.ix.correctWords(run); !r.ok && fixed != q {
					// Abbreviated and misspelt ("reley denied").
					r.code, r.ok = b.ix.abbrev(fixed, preferEnhanced)
				}
				seen[q] = r
			}
			if r.ok {
				found = append(found, nameMatch{start: runStart, end: end, code: r.code, fuzzy: true})
			}
		}
		run, runStart = nil, -1
	}
	for i, t := range toks {
		filler := t.kind == tokWord && lx.fillers.has(t)
		// A word typed with diacritics is a whole word of its own, never a
		// shortened one: "trả" (return) abbreviates no "transid".
		content := t.kind == tokWord && !used[i] && !filler && !b.ix.stray(t) && t.raw == t.text
		if content {
			if runStart < 0 {
				runStart = i
			}
			run = append(run, t.text)
			continue
		}
		if filler && !lx.separators.has(t) && len(run) > 0 {
			continue // "mailbox is full": a filler inside a run stays out of it
		}
		flush(i)
	}
	flush(len(toks))
	slices.SortFunc(found, func(a, c nameMatch) int { return a.start - c.start })
	return found
}

// messageWords are the words of a message, each with what stands between
// it and the word before: nothing, punctuation only, or anything else.
func messageWords(toks []token) []wordAt {
	var words []wordAt
	gap := gapNone
	for i, t := range toks {
		switch {
		case t.kind == tokWord:
			words = append(words, wordAt{text: t.text, raw: t.raw, pos: int32(i), gap: gap})
			gap = gapNone
		case t.kind == tokPunct && gap == gapNone && (t.text == ":" || t.text == "="):
			gap = gapField
		case t.kind == tokPunct && gap != gapOther:
			gap = gapPunct
		default:
			gap = gapOther
		}
	}
	return words
}

// mergeByPosition orders typed codes and named codes as they appear.
func mergeByPosition(toks []token, named []nameMatch) []catalog.Code {
	type at struct {
		pos  int
		code catalog.Code
	}
	var all []at
	for i, t := range toks {
		if t.kind == tokCode {
			all = append(all, at{i, t.code})
		}
	}
	for _, m := range named {
		all = append(all, at{m.start, m.code})
	}
	slices.SortStableFunc(all, func(a, b at) int { return a.pos - b.pos })
	out := make([]catalog.Code, len(all))
	for i, a := range all {
		out[i] = a.code
	}
	return out
}

// uniqueReplies drops the replies given twice, a reply being a basic code
// with the enhanced code of its class that follows it, or a code alone:
// "451 4.7.1 vs 450 4.7.1" compares two replies that share their enhanced
// code, and keeps it on each side.
func uniqueReplies(codes []catalog.Code) []catalog.Code {
	var out []catalog.Code
	var seen [][]catalog.Code
	for i := 0; i < len(codes); i++ {
		reply := codes[i : i+1]
		if i+1 < len(codes) && isPair(codes[i], codes[i+1]) {
			reply = codes[i : i+2]
			i++
		}
		if !slices.ContainsFunc(seen, func(r []catalog.Code) bool { return slices.Equal(r, reply) }) {
			seen = append(seen, reply)
			out = append(out, reply...)
		}
	}
	return out
}

func uniqueCodes(codes []catalog.Code) []catalog.Code {
	var out []catalog.Code
	for _, c := range codes {
		if !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	return out
}

// contentText is the words of a message that are not fillers.
func (lx *lexicon) contentText(toks []token) string {
	var w []string
	for _, t := range toks {
		if t.kind == tokWord && !lx.fillers.has(t) {
			w = append(w, t.text)
		}
	}
	return strings.Join(w, " ")
}

// hasCompareWord reports whether a message asks for a comparison: "vs",
// "same as", "worse than", "so sánh", "khác gì", a sign of a comparison
// ("421 ≠ 450"), or codes joined by a slash ("252/552").
func (lx *lexicon) hasCompareWord(toks []token) bool {
	for i, t := range toks {
		if t.kind == tokWord && lx.compare.at(toks, i) > 0 || t.kind == tokPunct && lx.compareSign(t.text) {
			return true
		}
		if t.kind == tokPunct && t.text == "/" && i > 0 && i+1 < len(toks) && toks[i-1].kind == tokCode && toks[i+1].kind == tokCode {
			return true
		}
	}
	return false
}

// compareSign reports whether s is a sign of a comparison (compare_signs).
func (lx *lexicon) compareSign(s string) bool {
	r, n := utf8.DecodeRuneInString(s)
	return n == len(s) && n > 0 && lx.compareSigns != "" && strings.ContainsRune(lx.compareSigns, r)
}

// joinedPairs reports whether a basic code with its enhanced code stands
// on one side of a separator and codes on the other: "452 4.2.2 or 552
// 5.2.2" compares two replies, each given as a pair.
func (lx *lexicon) joinedPairs(toks []token) bool {
	pairAt := func(i int) int { // tokens in the code group at i: 0, 1 or 2
		if i >= len(toks) || toks[i].kind != tokCode {
			return 0
		}
		if i+1 < len(toks) && toks[i+1].kind == tokCode && isPair(toks[i].code, toks[i+1].code) {
			return 2
		}
		return 1
	}
	for i := range toks {
		n := pairAt(i)
		if n == 0 || i+n >= len(toks) {
			continue
		}
		at := i + n
		if n == 2 {
			at = asideEnd(toks, at)
		}
		sep := toks[at]
		if sep.kind != tokWord || !lx.separators.has(sep) {
			continue
		}
		if m := pairAt(at + 1); m > 0 && (n == 2 || m == 2) && (at == i+n || m == 2) {
			return true
		}
	}
	return false
}

// maxAsideWords is the most words and numbers of an aside read between a
// reply's pair of codes and the separator after it.
const maxAsideWords = 4

// asideEnd returns where the separator stands after the pair of codes that
// ends before toks[at]: at itself, or past an aside of the asker's that a
// comma closes ("451 4.4.3 like rfc 7208 says, or 451 4.7.24": where the
// first reply comes from), of a few words and numbers and no code. Both
// sides must then be whole pairs (joinedPairs).
func asideEnd(toks []token, at int) int {
	for j := at; j < len(toks) && j-at <= maxAsideWords; j++ {
		switch t := toks[j]; {
		case t.kind == tokPunct && t.text == ",":
			if j > at && j+1 < len(toks) {
				return j + 1
			}
			return at
		case t.kind != tokWord && t.kind != tokNumber:
			return at
		}
	}
	return at
}

// maxCompareText is the longest text read as asking for a comparison.
const maxCompareText = 400

// bareReplies reports whether text holds two different replies or more,
// each typed whole and bare: a basic code with the enhanced code of its
// class, and nothing of a server's after them, the line or the asker's
// clause ending there ("• 451 4.3.0\n• 451 4.7.1", "I said 550 5.1.8,
// someone else said 553 5.1.10."). The asker sets them side by side, as a
// separator between them says (joinedPairs): they are compared. One reply
// alone with no text is a reply pasted, and replies with words of their
// own are a paste of several (a log).
func (lx *lexicon) bareReplies(text string) bool {
	cands := lx.findReplies(text)
	if len(cands) < 2 {
		return false
	}
	for _, c := range cands {
		if c.basic == 0 || !c.hasEnh || !bareText(c.text) {
			return false
		}
	}
	return slices.ContainsFunc(cands[1:], func(c replyCand) bool { return !sameCodes(c, cands[0]) })
}

// bareText reports whether the text read after a reply's codes is none of
// a server's: nothing, or a mark ending the clause and the asker's words
// after it.
func bareText(s string) bool {
	s = strings.TrimLeft(s, " \t")
	return s == "" || strings.IndexByte(",.;", s[0]) >= 0
}

// joinedClasses reports whether a class stands on one side of a separator
// and a class or a code on the other ("4xx or 5xx", "4xx hay 5xx",
// "4xx/550"), every code of the message such a side: the sides of a
// comparison, as two codes are wherever they stand ("550 or 552"). A code
// set apart from them ("is 550 a 4xx or 5xx?") is what is asked about,
// the classes what is asked of it.
func (lx *lexicon) joinedClasses(toks []token) bool {
	class := func(i int) bool {
		if i < 0 || i >= len(toks) || toks[i].kind != tokFilter {
			return false
		}
		_, ok := catalog.ParseClassRef(toks[i].text)
		return ok
	}
	side := func(i int) bool { return class(i) || i >= 0 && i < len(toks) && toks[i].kind == tokCode }
	joined, codes, sides, last := false, 0, 0, -1 // last: the code last read as a side
	for i, t := range toks {
		switch {
		case t.kind == tokBad:
			return false
		case t.kind == tokCode:
			codes++
		case (class(i-1) || class(i+1)) && side(i-1) && side(i+1) && (t.kind == tokWord && lx.separators.has(t) || t.kind == tokPunct && t.text == "/"):
			joined = true
			for _, j := range [...]int{i - 1, i + 1} {
				if toks[j].kind == tokCode && j != last {
					sides, last = sides+1, j
				}
			}
		}
	}
	return joined && sides == codes
}

// isPair reports whether enh can be the enhanced code of the reply basic.
func isPair(basic, enh catalog.Code) bool {
	return basic.Basic() && !enh.Basic() && enh.Enhanced.Class == int(basic.Reply.Class())
}

// joinCompounds makes one word of the lexicon's compounds, so that no part
// is read alone: "khắc phục" (fix) holds no "khác" (different).
func (lx *lexicon) joinCompounds(toks []token) []token {
	if len(lx.compounds.phrases) == 0 {
		return toks
	}
	for i := 0; i+1 < len(toks); i++ {
		if toks[i].kind != tokWord || len(lx.compounds.phrases[toks[i].text]) == 0 || lx.compounds.at(toks, i) != 2 {
			continue
		}
		a, b := toks[i], toks[i+1]
		toks[i] = token{kind: tokWord, text: a.text + " " + b.text, raw: a.raw + " " + b.raw, at: a.at, end: b.end}
		toks = append(toks[:i+1], toks[i+2:]...)
	}
	return toks
}

// isHelp reports whether the whole message asks for help.
func (lx *lexicon) isHelp(trimmed string) bool { return trimmed == "" || lx.helpPhrases[trimmed] }

// isHelpWords reports whether a message is only about the bot itself
// ("how do I use this bot please"): its words are all help words, one of
// them a trigger or some of them a help phrase ("bot này làm được gì
// vậy"), the phrase's words in order with other help words between ("what
// else can u do"). A chat command typed with its slash ("/smtp") is a word
// about the bot (typedCommand). At most eight words count, fillers aside
// ("bot", "ơi", "vậy" address the bot or the group, and ask nothing).
func (lx *lexicon) isHelpWords(toks []token) bool {
	n, hasHelp := 0, false
	var words []string
	for i, t := range toks {
		if t.kind != tokWord {
			continue
		}
		if !lx.helpWords.has(t) && !typedCommand(toks, i) {
			return false
		}
		if !lx.fillers.has(t) {
			if n++; n > 8 {
				return false
			}
		}
		if lx.helpTriggers.has(t) {
			hasHelp = true
		}
		words = append(words, t.text)
	}
	for _, p := range lx.helpAsks {
		hasHelp = hasHelp || inOrder(words, strings.Fields(p))
	}
	return hasHelp
}

// inOrder reports whether the words of phrase stand in words in their
// order, other words between them allowed.
func inOrder(words, phrase []string) bool {
	k := 0
	for _, w := range words {
		if k < len(phrase) && w == phrase[k] {
			k++
		}
	}
	return k == len(phrase)
}

// typedCommand reports whether toks[i] is a chat command typed with its
// slash ("/smtp", "/help"): a "/" glued before the word and to no word
// before it, and no "/" glued after it, which a path has ("/var/log").
func typedCommand(toks []token, i int) bool {
	if i == 0 || toks[i-1].kind != tokPunct || toks[i-1].text != "/" || toks[i-1].end != toks[i].at {
		return false
	}
	if i >= 2 && toks[i-2].end == toks[i-1].at {
		return false
	}
	return i+1 >= len(toks) || toks[i+1].text != "/" || toks[i+1].at != toks[i].end
}

// endsAskingHelp reports whether a message ends by asking what the bot
// does, a help phrase of several words closing it, after words that say
// nothing of mail (no word of chatter.mail): "hey, new here from the mox
// channel — what can you do?" only introduces the asker; "gmail keeps
// bouncing my mail — what can you do?" asks about mail.
func (lx *lexicon) endsAskingHelp(toks []token) bool {
	longest := 0 // words of the longest help phrase: no more are read
	for _, p := range lx.helpAsks {
		longest = max(longest, strings.Count(p, " ")-1)
	}
	// The last words, read from the end: only those a phrase may cover,
	// so a long message costs no copy of its words.
	words := make([]token, 0, longest+1)
	at := len(toks) // where the words kept start in toks
	for i := len(toks) - 1; i >= 0 && len(words) < longest; i-- {
		if t := toks[i]; t.kind == tokWord {
			if len(words) == 0 && lx.particle(t) {
				// A particle of politeness after the phrase ("bot giúp
				// được gì ạ") asks nothing of its own.
				continue
			}
			words = append(words, t)
			at = i
		}
	}
	slices.Reverse(words)
	for n := 3; n <= len(words); n++ {
		if lx.helpAt(words, len(words)-n) != n {
			continue
		}
		for _, t := range toks[:at] {
			if t.kind == tokWord && lx.chatMail.has(t) {
				return false
			}
		}
		for _, t := range words[:len(words)-n] {
			if lx.chatMail.has(t) {
				return false
			}
		}
		return true
	}
	return false
}

// opensAskingHelp reports whether a message opens by asking what the bot
// does, a sentence ending in a question mark whose words are all help words
// and hold a help phrase of several words ("hello! can you explain what you
// do?"), and goes on in one line of the asker's own that holds no address
// ("I keep getting these undeliverable emails and I'm not technical"): it
// says why they ask, no text pasted to diagnose. Parse reads it only in a
// message with no code.
func (lx *lexicon) opensAskingHelp(toks []token, body string) bool {
	q := slices.IndexFunc(toks, func(t token) bool { return t.kind == tokPunct && t.text == "?" })
	if q < 0 || q == len(toks)-1 || strings.Contains(strings.TrimSpace(body), "\n") || bounce.HasAddress(body) {
		return false
	}
	words := " "
	for _, t := range toks[:q] {
		if t.kind == tokWord {
			words += t.text + " "
		}
	}
	return lx.isHelpWords(toks[:q]) && slices.ContainsFunc(lx.helpAsks, func(p string) bool { return strings.Contains(words, p) })
}

// particle reports whether t is a particle of politeness or tone, a word
// that decides no language (detect_particles: "ạ", "nhé").
func (lx *lexicon) particle(t token) bool {
	for _, d := range lx.detect {
		if slices.Contains(d.particles, t.raw) {
			return true
		}
	}
	return false
}

// helpAt returns how many words from words[i] a help phrase covers, or 0.
func (lx *lexicon) helpAt(words []token, i int) int {
	phrase := " "
	for _, t := range words[i:] {
		phrase += t.text + " "
	}
	for _, p := range lx.helpAsks {
		if p == phrase {
			return len(words) - i
		}
	}
	return 0
}

// listRequest recognises "list", "list 4xx", "list 5.7.x", "what codes do
// you know", "liệt kê mã 4xx". A code after a word that sets it aside
// (list_except: "which 3xx replies exist besides 354?") is one the asker
// knows, not one asked about. A subject of enhanced codes named by its
// class and subject alone ("5.7") or in the registry's words ("security
// or policy", subjectNamed) is listed, after a list command anywhere, and
// in a question about codes right before their noun ("show me the
// security/policy codes", "có những mã 5.7 nào").
func (lx *lexicon) listRequest(trimmed, read string, toks []token) (string, bool) {
	filter := ""
	codes := 0
	for i, t := range toks {
		switch t.kind {
		case tokFilter:
			if filter == "" {
				filter = t.text
			}
		case tokCode, tokBad:
			if lx.listExcept.endsAt(toks, i) == 0 {
				codes++
			}
		}
	}
	if codes > 0 {
		// A range of codes asked for alone ("list 5.7.20 to 5.7.27"): the
		// codes between its ends.
		if r, ok := lx.codeRange(toks, read); ok && codes == 2 {
			return r, true
		}
		return "", false
	}
	if filter != "" {
		return filter, true
	}
	subject, beforeNoun := lx.subjectNamed(toks)
	for _, c := range lx.listCommands {
		if hasPrefixWords(trimmed, c) {
			return subject, true
		}
	}
	opened := false
	for _, o := range lx.listOpeners {
		if hasPrefixWords(trimmed, o) || (strings.Count(o, " ") >= 2 && containsWords(trimmed, o)) {
			opened = true
			break
		}
	}
	if !opened {
		return "", false
	}
	if beforeNoun {
		return subject, true
	}
	// "show all codes", "what codes do you know", "which codes do you
	// support", "tất cả các mã": a question about the catalog as a whole.
	// Scope words are stems opening a word ("support" in "supported"; no
	// "know" in "unknown", no "all" in "small").
	for _, n := range lx.listNouns {
		if !containsWords(trimmed, n) {
			continue
		}
		for _, sc := range lx.listScope {
			if containsStem(trimmed, sc) {
				return "", true
			}
		}
	}
	return "", false
}

// subjectNamed reads a subject of enhanced codes a message names: a class
// and subject typed without a detail ("5.7", "x.2"), as the filter
// "5.7.x" (a list noun before it counts too: "mã 5.7"), or a subject's name in the registry (classes.json
// enhanced_subjects, in any language: "security or policy", "mạng và
// định tuyến") as "x.7.x", its words in order, fillers ("or", "status")
// and marks ("/") between them aside, or its last two words or more
// ("content or media" for "message content or media"). beforeNoun says
// whether a list noun ("codes", "mã") follows it, fillers between.
func (lx *lexicon) subjectNamed(toks []token) (filter string, beforeNoun bool) {
	var words []int // the message's words that are no fillers
	for i, t := range toks {
		if t.kind == tokNumber && filter == "" {
			if c, s, ok := strings.Cut(t.text, "."); ok && len(s) == 1 && s[0] <= '7' && isDigits(s) && (c == "x" || c == "2" || c == "4" || c == "5") {
				filter = t.text + ".x"
				beforeNoun = lx.listNounAfter(toks, i+1) || lx.listNounBefore(toks, i-1)
			}
		}
		if t.kind == tokWord && !lx.fillers.has(t) {
			words = append(words, i)
		}
	}
	if filter != "" {
		return filter, beforeNoun
	}
	for _, sn := range lx.subjects {
		for k := range words {
			n := matchWords(toks, words[k:], sn.words)
			if n == 0 {
				continue
			}
			return "x." + strconv.Itoa(sn.subject) + ".x", lx.listNounAfter(toks, words[k+n-1]+1)
		}
	}
	return "", false
}

// matchWords returns how many of the words at idx a subject's name covers
// (its words in order, or its last two words or more), 0 for none.
func matchWords(toks []token, idx []int, name []string) int {
	for from := 0; from < len(name) && (from == 0 || len(name)-from >= 2); from++ {
		want := name[from:]
		if len(want) > len(idx) {
			continue
		}
		ok := true
		for j, w := range want {
			if toks[idx[j]].text != w {
				ok = false
				break
			}
		}
		if ok {
			return len(want)
		}
	}
	return 0
}

// listNounAfter reports whether a list noun ("codes", "mã") stands at
// toks[i] or after it with fillers and marks only between.
func (lx *lexicon) listNounAfter(toks []token, i int) bool {
	for ; i < len(toks); i++ {
		t := toks[i]
		if t.kind == tokWord && slices.ContainsFunc(lx.listNouns, func(n string) bool { return n == t.text || strings.HasPrefix(n, t.text+" ") }) {
			return true
		}
		if t.kind != tokPunct && !(t.kind == tokWord && lx.fillers.has(t)) {
			return false
		}
	}
	return false
}

// listNounBefore reports whether a list noun stands at toks[i] or before
// it with fillers and marks only between.
func (lx *lexicon) listNounBefore(toks []token, i int) bool {
	for ; i >= 0; i-- {
		t := toks[i]
		if t.kind == tokWord && slices.ContainsFunc(lx.listNouns, func(n string) bool { return n == t.text || strings.HasSuffix(n, " "+t.text) }) {
			return true
		}
		if t.kind != tokPunct && !(t.kind == tokWord && lx.fillers.has(t)) {
			return false
		}
	}
	return false
}

// codeRange reads a range of codes typed as its two ends with a word of
// range_words between them ("5.7.20 to 5.7.27", "từ 550 đến 554"), or a
// mark of range_signs glued to both ("450-459"), ends that make a range
// (isRange), as the list filter of the codes between: "5.7.20-5.7.27".
// read is the text toks were read from. Ends after a verb of changing one
// thing for another (range_changes: "switching our reply from 450 to
// 451") are the old code and the new one, no range.
func (lx *lexicon) codeRange(toks []token, read string) (string, bool) {
	for i, t := range toks {
		if t.kind != tokCode || i+1 >= len(toks) {
			continue
		}
		n := 0
		if i+2 < len(toks) {
			n = lx.rangeWords.at(toks, i+1)
		}
		if i+1+n >= len(toks) {
			continue
		}
		end := toks[i+1+n]
		if n == 0 && !lx.rangeSignBetween(t, end, read) {
			continue
		}
		if end.kind == tokCode && isRange(t.code, end.code) && !lx.rangeChanges.in(toks[:i]) {
			return t.code.String() + "-" + end.code.String(), true
		}
	}
	return "", false
}

// rangeSignBetween reports whether the text between tokens a and b is one
// mark of range_signs alone, glued to both ("450-459").
func (lx *lexicon) rangeSignBetween(a, b token, read string) bool {
	if lx.rangeSigns == "" || a.end >= b.at || b.at > len(read) {
		return false
	}
	r, n := utf8.DecodeRuneInString(read[a.end:b.at])
	return n == b.at-a.end && strings.ContainsRune(lx.rangeSigns, r)
}

// hasPrefixWords reports whether s starts with the words of prefix.
func hasPrefixWords(s, prefix string) bool {
	return strings.HasPrefix(s, prefix) && (len(s) == len(prefix) || !isWordByte(s[len(prefix)]))
}

// looksLikeBounce reports whether text reads like a bounce or a server
// reply rather than a question: the lexicons' bounce patterns.
func (lx *lexicon) looksLikeBounce(text string) bool {
	if len(lx.bounce) == 0 {
		return false
	}
	lower := lx.withoutHeaderValues(strings.ToLower(text))
	for _, p := range lx.bounce {
		if p.MatchLower(lower) {
			return true
		}
	}
	return false
}

// withoutHeaderValues blanks the <…> value that follows a noise header's
// name (bounce.json noise_headers: "Message-ID <1.2@host>", with or
// without its colon): an identifier of the message, not a recipient's
// address, so no mark of a bounce. So is the envelope sender's address
// where a log line or a queue listing names it (lexicon sender_leads:
// "from=<…>", Exim's "F=<…>" and its queue listing's "<id> <…>").
func (lx *lexicon) withoutHeaderValues(lower string) string {
	for _, p := range lx.senderLeads {
		for _, at := range p.MatchEnds(lower) {
			lower = blankBracketed(lower, at)
		}
	}
	for _, h := range lx.idHeaders {
		for off := 0; ; {
			i := strings.Index(lower[off:], h)
			if i < 0 {
				break
			}
			i += off + len(h)
			off = i
			j := i
			for j < len(lower) && (lower[j] == ':' || lower[j] == ' ' || lower[j] == '\t') {
				j++
			}
			if j == len(lower) || lower[j] != '<' {
				continue
			}
			if strings.IndexByte(lower[j:], '>') < 0 {
				break
			}
			lower = blankBracketed(lower, j)
		}
	}
	return lower
}

// blankBracketed blanks the <…> that opens lower at i, when one does: its
// length kept, so the places of the rest stay.
func blankBracketed(lower string, i int) string {
	if i >= len(lower) || lower[i] != '<' {
		return lower
	}
	k := strings.IndexByte(lower[i:], '>')
	if k < 0 {
		return lower
	}
	return lower[:i] + strings.Repeat(" ", k+1) + lower[i+k+1:]
}

// stageOf tells the command a reply answered, when the bounce says: the
// lexicons' stage patterns, in file order, on the reply and the report's
// text around it. A pattern of a reply's own shape (catalog.StageMarks
// Reply) is read on the reply alone and, when the recipient is known,
// only where the reply names the recipient's address: an address of
// another (the sender's) is no sign of RCPT TO.
func (lx *lexicon) stageOf(reply, around, recipient string) catalog.Stage {
	// Lowered once here rather than by each pattern's Match.
	lowerReply := strings.ToLower(strings.Join(strings.Fields(reply), " "))
	lowerAll := lowerReply
	if around != "" {
		lowerAll = strings.ToLower(strings.Join(strings.Fields(reply+"\n"+around), " "))
	}
	named := recipient == "" || strings.Contains(lowerReply, "<"+strings.ToLower(recipient)+">")
	for _, s := range lx.stages {
		hay := lowerAll
		if s.Reply {
			if !named {
				continue
			}
			hay = lowerReply
		}
		if s.Pattern.MatchLower(hay) {
			return s.Stage
		}
	}
	return ""
}
