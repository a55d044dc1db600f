package bot

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/smtpbot/smtpbot/bot/bounce"
	"github.com/smtpbot/smtpbot/catalog"
)

// Finding the server reply in pasted text.
//
// Bounces wrap the reply they report in many ways; the code to explain is
// the one inside:
//
//	550-5.7.26 This mail has been blocked …            multi-line reply (RFC 5321 §4.2)
//	host mx.example.com[192.0.2.1] said: 550 5.1.1 … (in reply to RCPT TO command)   Postfix
//	Diagnostic-Code: smtp; 552 5.3.4 …                DSN (RFC 3464)
//	Remote Server returned '550 5.1.10 RESOLVER…'     Exchange
//	Sorry, no mailbox here by that name. (#5.1.1)     qmail
//	SMTP error from remote mail server after RCPT TO:<a@b>: 550 …   Exim
//
// A code counts only where a reply can start (the start of a line, or after
// "said:", "smtp;", a quote or a colon) or as a basic code directly followed
// by an enhanced one, so addresses, IP addresses ([192.0.2.1]), dates and
// host names are never read as codes.

// replyCand is a possible reply found in text.
type replyCand struct {
	basic  catalog.ReplyCode
	enh    catalog.EnhancedCode
	hasEnh bool
	at     int    // byte offset where the codes start
	text   string // the reply text after the codes, continuation lines joined
	origin origin
}

type origin uint8

const (
	originLine       origin = iota // a line that starts with a code
	originWrapped                  // after said:, smtp;, returned ', a colon or a quote
	originPair                     // a basic code followed by an enhanced one, anywhere
	originQmail                    // (#5.1.1)
	originStatus                   // DSN Status: field
	originEnhLine                  // a line that starts with an enhanced code and text
	originDiagnostic               // DSN Diagnostic-Code: field
)

// maxReplyCands bounds the reply candidates of one text. Each candidate
// reads the rest of its line, so a line made of codes ("550 550 550 …")
// would cost the square of its length; a real reply, a paste or a
// recipient's diagnostic, has far fewer codes than this.
const maxReplyCands = 64

// findReplies returns the reply candidates in text, in order, at most
// maxReplyCands.
func (lx *lexicon) findReplies(text string) []replyCand {
	var out []replyCand
	n := len(text)
	read := 0 // candidates read, continuations counted: each reads the rest of its line
	for i := 0; i < n && read < maxReplyCands; i++ {
		c := text[i]
		if !isDigitByte(c) {
			continue
		}
		if i > 0 && (isAlnumByte(text[i-1]) || text[i-1] == '.' && !strings.HasSuffix(text[:i], "..") || text[i-1] == '_') {
			// Inside a word or a dotted number: skip to its end. An
			// ellipsis ("...5.4.1") marks a text cut before the code.
			for i < n && (isAlnumByte(text[i]) || text[i] == '.') {
				i++
			}
			continue
		}
		if end := i + digitRun(text[i:]); lx.markupValue(text, i, end) || lx.numberOf(text, i) || insideFieldValue(text, i) || lx.changelogEntry(text, end) || syslogPID(text, i, end) {
			// "<count>452</count>": a field's value; "PR #421": an
			// issue's number; "X=TLS1.3:…_GCM:256", a part of a log
			// field's value; "5.1.1 – fixed …", a release's version;
			// "postfix/cleanup[442]:", a syslog line's process id.
			// None is a reply.
			i = end - 1
			continue
		}
		if cand, end, ok := lx.basicAt(text, i); ok {
			if cand.hasEnh && lx.ownNumber(cand.enh) {
				if cand.origin == originPair {
					read++
					i = end - 1
					continue // only the pair made it a reply
				}
				cand.enh, cand.hasEnh = catalog.EnhancedCode{}, false
			}
			if n := len(out); n == 0 || !continues(out[n-1], cand, text) {
				out = append(out, cand)
			}
			read++
			i = end - 1
			continue
		}
		if cand, end, ok := lx.damagedBasicAt(text, i); ok {
			out = append(out, cand)
			read++
			i = end - 1
			continue
		}
		if cand, end, ok := lx.enhancedAt(text, i); ok {
			if !lx.ownNumber(cand.enh) {
				out = append(out, cand)
			}
			read++
			i = end - 1
			continue
		}
		for i < n && (isAlnumByte(text[i]) || text[i] == '.') {
			i++
		}
	}
	return out
}

// maxFieldValue is how far back insideFieldValue looks for the field's
// name: a log field's value is one run without spaces.
const maxFieldValue = 128

// insideFieldValue reports whether the number at text[i] is inside the
// value of a log line's field, past its start: the run without spaces
// before it holds "name=" and more after the "=" ("X=TLS1.3:…_GCM:256",
// Exim's cipher and its key length). A field's value opening with the
// number ("reason=550 …"), quoted or not (logfmt's msg="550 …", as Go's
// logrus writes a message with spaces), may still be a reply.
func insideFieldValue(text string, i int) bool {
	for k := i - 1; k >= max(0, i-maxFieldValue); k-- {
		switch c := text[k]; {
		case c == ' ' || c == '\t' || c == '\n':
			return false
		case c == '=':
			opens := k == i-1 || k == i-2 && (text[i-1] == '"' || text[i-1] == '\'')
			return !opens && k > 0 && isAlnumByte(text[k-1])
		}
	}
	return false
}

// continues reports whether c, a reply found on the line of the reply
// prev, only goes on with it: the lines of a multi-line reply joined on one
// line ("550-Verification failed for <a@b> 550-The mail server could not
// … 550 Sender verify failed"), the same codes again and nothing new.
// prev's text already holds c's.
func continues(prev, c replyCand, text string) bool {
	return prev.basic != 0 && c.basic == prev.basic && (!c.hasEnh || prev.hasEnh && c.enh == prev.enh) &&
		strings.IndexByte(text[prev.at:c.at], '\n') < 0
}

// ownNumber reports whether e, read as an enhanced code, is a provider's
// own diagnostic number (providers.json numbers: Yahoo's "temporarily
// deferred - 4.16.50"), no status code.
func (lx *lexicon) ownNumber(e catalog.EnhancedCode) bool {
	for i := range lx.numbered {
		if lx.numbered[i].OwnNumber(e.String()) {
			return true
		}
	}
	return false
}

// digitRun is the length of the digits and dots that start s.
func digitRun(s string) int {
	n := 0
	for n < len(s) && (isDigitByte(s[n]) || s[n] == '.') {
		n++
	}
	return n
}

func isAlnumByte(c byte) bool {
	return isDigitByte(c) || ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z')
}

// readEnhanced reads an enhanced code at text[i:], returning its end.
func readEnhanced(text string, i int) (catalog.EnhancedCode, int, bool) {
	j := i
	for j < len(text) && (isDigitByte(text[j]) || text[j] == '.') {
		j++
	}
	// A trailing dot ends a sentence, not the code.
	for j > i && text[j-1] == '.' {
		j--
	}
	if j < len(text) && isAlnumByte(text[j]) {
		return catalog.EnhancedCode{}, 0, false
	}
	s := text[i:j]
	if strings.Count(s, ".") != 2 {
		return catalog.EnhancedCode{}, 0, false
	}
	e, err := catalog.ParseEnhanced(s)
	if err != nil || e.Class == 0 {
		return catalog.EnhancedCode{}, 0, false
	}
	return e, j, true
}

// basicAt reads a reply starting with a basic code at text[i:].
func (lx *lexicon) basicAt(text string, i int) (replyCand, int, bool) {
	if i+3 > len(text) || !isDigitByte(text[i+1]) || !isDigitByte(text[i+2]) {
		return replyCand{}, 0, false
	}
	j := i + 3
	dotted := dottedEnhanced(text, i, j)
	if j < len(text) && (isAlnumByte(text[j]) || (text[j] == '.' && j+1 < len(text) && isDigitByte(text[j+1]) && !dotted)) {
		return replyCand{}, 0, false
	}
	code, err := catalog.ParseReply(text[i:j])
	if err != nil || !code.Valid() {
		return replyCand{}, 0, false // maybe damaged: see damagedBasicAt
	}
	cand := replyCand{basic: code, at: i}
	ctx := lx.contextBefore(text, i)
	if (ctx == ctxWord || ctx == ctxOther) && diagnosticTypeAt(text, j) {
		ctx = ctxWrapped // "got 550 smtp; …": as for an enhanced code
	}
	// A code quoted by itself ("I got a \"550\" error") is named in a
	// sentence, and an amount ("550$") is no code: neither starts a reply.
	if i > 0 && j < len(text) && text[j] == text[i-1] && strings.IndexByte("\"'`", text[j]) >= 0 {
		return replyCand{}, 0, false
	}
	// Nor does one closed in its brackets ("Server Error (502)"): a reply
	// goes on with text after its code (RFC 5321 §4.2), as webmail writes
	// it after a colon ("SMTP Error (550): Failed to add recipient").
	if i > 0 && j < len(text) && text[i-1] == '(' && text[j] == ')' && (j+1 == len(text) || text[j+1] != ':') {
		return replyCand{}, 0, false
	}
	if r, n := utf8.DecodeRuneInString(text[j:]); n > 0 && lx.currency != "" && strings.ContainsRune(lx.currency, r) {
		return replyCand{}, 0, false
	}
	// Separator after the code: space or hyphen (multi-line), or ':'.
	k := j
	tagged := "" // a provider's tag between the codes, kept in the text
	if k < len(text) && (text[k] == ' ' || text[k] == '-' || text[k] == '\t' || dotted) {
		k, tagged = lx.pairedEnhanced(text, k+1, &cand)
	} else if e, end, ok := wrappedEnhanced(text, k, ctx); ok && e.Class == int(code.Class()) {
		// "said: 550\n    5.1.1 …": the reply wrapped after its code.
		cand.enh, cand.hasEnh = e, true
		k = end
	}
	cand.text = lx.cutQuestion(replyText(text, k, code.String(), lx.linePrefix(text, k, code.String())))
	if j < len(text) && text[j] == '-' {
		cand.text = inlineJoined(cand, cand.text)
	}
	if tagged != "" {
		cand.text = strings.TrimSpace(tagged + " " + cand.text)
	}
	if ctx == ctxWord && lx.sentenceGoesOn(cand.text) {
		// Codes named inside the asker's sentence, which carries on after
		// them ("why do I get 554 5.7.1 from outlook"): the words are the
		// asker's, not the server's.
		cand.text = ""
	}
	if (ctx == ctxWord || ctx == ctxOther) && !cand.hasEnh && lx.turnsToReply(text[:i], cand.text) {
		// "… thì bị 553 Relaying disallowed as …": the asker's sentence in
		// one language, the server's words in English after the code.
		ctx = ctxWrapped
	}
	switch {
	case cand.hasEnh && ctx != ctxWord:
		cand.origin = ctx.origin()
	case cand.hasEnh:
		cand.origin = originPair
	case ctx == ctxWord || ctx == ctxOther:
		return replyCand{}, 0, false
	case !lx.looksLikeReplyText(cand.text, ctx):
		return replyCand{}, 0, false
	default:
		cand.origin = ctx.origin()
	}
	return cand, k, true
}

// dottedEnhanced reports whether the basic code at text[i:j] is followed
// by a dot and then an enhanced code of its class, written where a space
// usually goes ("550.5.7.1 Message rejected as spam"): the pair is the
// reply's codes. Only a failure's classes, 4 and 5: a basic code of 400
// or more is no IP address's first number, which stops at 255, while
// "250.2.0.1" may be an address.
func dottedEnhanced(text string, i, j int) bool {
	if j+1 >= len(text) || text[j] != '.' || (text[i] != '4' && text[i] != '5') {
		return false
	}
	e, _, ok := readEnhanced(text, j+1)
	return ok && e.Class == int(text[i]-'0')
}

// pairedEnhanced reads the enhanced code that follows cand's basic code
// and its separator, from text[k:]: beside it, in parentheses, or after a
// provider's tag. It returns where the reply's text starts and the tag.
func (lx *lexicon) pairedEnhanced(text string, k int, cand *replyCand) (_ int, tagged string) {
	for k < len(text) && text[k] == ' ' {
		k++
	}
	if k < len(text) && text[k] == '#' {
		k++
	}
	// A quoted remote reply inside a wrapper's status ("5.1.0 - Unknown
	// address error 550-'5.2.2 … Mailbox Full'"): the quote opens the
	// enhanced code, and the pair outranks the wrapper's own status.
	if k+1 < len(text) && (text[k] == '\'' || text[k] == '"') && isDigitByte(text[k+1]) {
		if _, _, ok := readEnhanced(text, k+1); ok {
			k++
		}
	}
	if e, end, ok := readEnhanced(text, k); ok {
		cand.enh, cand.hasEnh = e, true
		k = end
	} else if e, end, ok := parenEnhanced(text, k); ok && e.Class == int(cand.basic.Class()) {
		// "with code 554 (5.7.1)": the enhanced code in parentheses.
		cand.enh, cand.hasEnh = e, true
		k = end
	} else if tag, e, end, ok := lx.taggedEnhanced(text, k); ok && e.Class == int(cand.basic.Class()) {
		// "550 cuda_nsu 5.1.1 …": a provider's tag between the codes.
		cand.enh, cand.hasEnh = e, true
		k, tagged = end, tag
	}
	return k, tagged
}

// trailingBasic reads a basic code of class cls in parentheses that ends s,
// the text of a reply led by its enhanced code ("Ratelimit exceeded
// (451)": some servers write the basic code last), and returns it with the
// text before it. Words must come before it, and nothing but spaces or a
// full stop after it.
func trailingBasic(s string, cls int) (catalog.ReplyCode, string, bool) {
	t := strings.TrimRight(s, " .")
	n := len(t)
	if n < 6 || t[n-1] != ')' || t[n-5] != '(' || t[n-6] != ' ' {
		return 0, "", false
	}
	code, err := catalog.ParseReply(t[n-4 : n-1])
	if err != nil || !code.Valid() || int(code.Class()) != cls {
		return 0, "", false
	}
	rest := strings.TrimSpace(t[:n-5])
	if !hasLetter(rest) {
		return 0, "", false
	}
	return code, rest, true
}

// maxTagLen bounds a provider's tag read between two codes.
const maxTagLen = 40

// taggedEnhanced reads, at text[k:], a provider's tag of one word and the
// enhanced code after it: Barracuda's "550 cuda_nsu 5.1.1 …" puts its
// verdict between the reply's codes. The tag is one of providers.json's
// (a mailbox provider's or a gateway's: an MTA's tags are ordinary words).
func (lx *lexicon) taggedEnhanced(text string, k int) (string, catalog.EnhancedCode, int, bool) {
	w := k
	for w < len(text) && w-k <= maxTagLen && text[w] != ' ' && text[w] != '\t' && text[w] != '\n' && text[w] != '\r' {
		w++
	}
	if w == k || w-k > maxTagLen || w >= len(text) || text[w] != ' ' {
		return "", catalog.EnhancedCode{}, 0, false
	}
	e := w
	for e < len(text) && text[e] == ' ' {
		e++
	}
	enh, end, ok := readEnhanced(text, e)
	if !ok || !lx.providerTag(strings.ToLower(text[k:w])) {
		return "", catalog.EnhancedCode{}, 0, false
	}
	return text[k:w], enh, end, true
}

// providerTag reports whether word, in lower case, is a provider's tag.
func (lx *lexicon) providerTag(word string) bool {
	for i := range lx.tagged {
		if len(lx.tagged[i].TagsInLower(word)) > 0 {
			return true
		}
	}
	return false
}

// turnsToReply reports whether the words after a code named in the
// asker's sentence are a server's reply because the language changes at
// the code: the word before it has letters only another language than
// English uses ("bị", "báo"), and the words after it are English, plain
// letters with a word of mail among the first few ("Relaying disallowed
// as …", "delivery error"), no words of that language typed without
// accents ("ko gui duoc").
func (lx *lexicon) turnsToReply(before, after string) bool {
	before = strings.TrimRight(before, " \t")
	k := strings.LastIndexAny(before, " \t\n") + 1
	if !lx.otherLetters(before[k:]) {
		return false
	}
	words := strings.Fields(capRunes(after, 60))
	if len(words) < 2 {
		return false
	}
	mail, n := false, 0
	for _, w := range words[:min(len(words), 4)] {
		w = strings.ToLower(strings.Trim(w, ".,;:!()[]'\""))
		if w == "" || !plainWords(w) {
			if hasLetter(w) && !isASCII(w) {
				return false // a word of the asker's language
			}
			break // an address, a host, a number: the server's
		}
		n++
		if lx.typedBare(w) {
			return false
		}
		mail = mail || lx.chatMail.hasWord(w, w) || lx.inflected(lx.chatMail, w)
	}
	return mail && n >= 2
}

// typedBare reports whether the plain word w is a word the lexicons list
// with diacritics, typed without them ("duoc" for "được", "gui" for
// "gửi"), or a word another language's detect_words list.
func (lx *lexicon) typedBare(w string) bool {
	for _, v := range []vocab{lx.fillers, lx.chatMail} {
		if len(v.words[w]) > 0 {
			return true
		}
	}
	for _, d := range lx.detect {
		if d.lang != catalog.English && d.words.hasWord(w, w) {
			return true
		}
	}
	return false
}

// wrappedEnhanced reads an enhanced code at the start of the next line,
// after a basic code that ends its line at text[k:]: Postfix wraps its
// bounce text at a line's width with an indent ("said: 550\n    5.1.1
// <a@b>: …"). The next line must be indented, or the code must follow a
// reply's intro ("said:"), which a copy may have stripped of its indent.
func wrappedEnhanced(text string, k int, ctx replyCtx) (catalog.EnhancedCode, int, bool) {
	i := k
	if i < len(text) && text[i] == '\r' {
		i++
	}
	if i >= len(text) || text[i] != '\n' {
		return catalog.EnhancedCode{}, 0, false
	}
	i++
	indent := i
	for i < len(text) && (text[i] == ' ' || text[i] == '\t') {
		i++
	}
	if i == indent && ctx != ctxWrapped && ctx != ctxDiagnostic {
		return catalog.EnhancedCode{}, 0, false
	}
	return readEnhanced(text, i)
}

// otherLetters reports whether w has a letter only a language other than
// English uses (detect_letters).
func (lx *lexicon) otherLetters(w string) bool {
	for _, r := range strings.ToLower(w) {
		if r < 0x80 {
			continue
		}
		for _, d := range lx.detect {
			if d.lang != catalog.English && d.letters != "" && strings.ContainsRune(d.letters, r) {
				return true
			}
		}
	}
	return false
}

// sentenceGoesOn reports whether the words after codes named in the
// asker's sentence carry that sentence on ("why do I get 554 5.7.1 from
// outlook"): they are the asker's, not the server's.
func (lx *lexicon) sentenceGoesOn(s string) bool {
	return lx.sentenceOn.mayStart(s) && lx.sentenceOn.startsWith(lx.tokenize(lowerText(capRunes(s, 40))))
}

// damagedBasicAt reads a reply whose basic code is damaged, at text[i:]: a
// number of two or three digits that is no reply code, of the class of the
// enhanced code right after it ("571 5.7.1 …" invented; "fails with 55
// 5.1.1 user unknown", a digit lost in a copy). The enhanced code is
// explained; the broken number means nothing. At the start of a line it is
// the reply; inside a sentence, as a pair of valid codes is, when a reply's
// words follow and not the asker's sentence.
func (lx *lexicon) damagedBasicAt(text string, i int) (replyCand, int, bool) {
	j := i
	for j < len(text) && isDigitByte(text[j]) {
		j++
	}
	if n := j - i; n < 2 || n > 3 || j+1 >= len(text) || text[j] != ' ' || text[i] < '2' || text[i] > '5' {
		return replyCand{}, 0, false
	}
	if code, err := catalog.ParseReply(text[i:j]); err == nil && code.Valid() {
		return replyCand{}, 0, false // a basic code: basicAt reads it
	}
	e, end, ok := readEnhanced(text, j+1)
	if !ok || e.Class != int(text[i]-'0') {
		return replyCand{}, 0, false
	}
	cand := replyCand{enh: e, hasEnh: true, at: j + 1, text: lx.cutQuestion(replyText(text, end, "", "")), origin: originEnhLine}
	switch ctx := lx.contextBefore(text, i); {
	case ctx == ctxLineStart:
	case !lx.looksLikeReplyText(cand.text, ctx) || lx.sentenceGoesOn(cand.text):
		return replyCand{}, 0, false
	default:
		cand.origin = originPair
	}
	return cand, end, true
}

// enhancedAt reads a reply that starts with an enhanced code: "(#5.1.1)",
// "Status: 5.1.1", or a line "5.7.1 Delivery not authorized".
func (lx *lexicon) enhancedAt(text string, i int) (replyCand, int, bool) {
	e, end, ok := readEnhanced(text, i)
	if !ok {
		return replyCand{}, 0, false
	}
	if quotedAlone(text, i, end) {
		return replyCand{}, 0, false // "explain `5.7.25` like I'm five": named
	}
	cand := replyCand{enh: e, hasEnh: true, at: i}
	if open, ok := trailingStatus(text, i, end); ok {
		// A status after the reply's words: qmail's "(#5.1.1)", or
		// "mailbox unavailable (5.1.1)", "Message not allowed - 5.7.1".
		cand.origin = originQmail
		cand.text = lineBefore(text, open)
		return cand, end, true
	}
	ctx := lx.contextBefore(text, i)
	if ctx == ctxStatus {
		cand.origin = originStatus
		return cand, end, true
	}
	if (ctx == ctxWord || ctx == ctxOther) && diagnosticTypeAt(text, end) {
		// "bị 5.7.57 SMTP; Client was not authenticated …": the code and a
		// DSN's diagnostic type after it are the server's, pasted into the
		// asker's sentence.
		ctx = ctxWrapped
	}
	if ctx == ctxWord || ctx == ctxOther {
		return replyCand{}, 0, false
	}
	cand.text = lx.cutQuestion(replyText(text, end, "", ""))
	if ctx == ctxWrapped && lx.introBefore(text, i) && lx.sentenceGoesOn(cand.text) {
		// "my milter returns 4.7.1 for greylisted senders": after a word a
		// reply follows, the asker's sentence carries on past the code
		// (sentence_after), so the code is named in it, as after any
		// other word, and no server's text comes with it.
		return replyCand{}, 0, false
	}
	// A string that opens with the code ("message": "5.2.2 The
	// recipient's inbox …" in a provider's event JSON) is the server's
	// text quoted whole, whatever word its sentence starts with.
	quoted := quoteOpens(text, i, end) && hasLetter(cand.text)
	if ctx == ctxDiagnostic || quoted || lx.looksLikeReplyText(cand.text, ctx) {
		if code, rest, ok := trailingBasic(cand.text, e.Class); ok {
			cand.basic, cand.text = code, rest
		}
		cand.origin = originEnhLine
		if ctx == ctxDiagnostic {
			cand.origin = originDiagnostic
		}
		return cand, end, true
	}
	return replyCand{}, 0, false
}

// quoteOpens reports whether the code at text[i:end] opens a string quoted
// whole: a double quote right before it and one after ("message": "5.2.2
// The recipient's inbox …"), or a quote of either kind before an ellipsis
// that marks the text cut there ('...5.4.1 Recipient address rejected:
// Access denied', read off a screenshot's edge), closed after it.
func quoteOpens(text string, i, end int) bool {
	before := text[:i]
	cut := withoutEllipsis(before)
	if len(cut) == 0 {
		return false
	}
	q := cut[len(cut)-1]
	switch {
	case q == '"' && len(cut) == len(before):
	case (q == '"' || q == '\'') && len(cut) < len(before):
		if len(cut) > 1 && isAlnumByte(cut[len(cut)-2]) {
			return false // an apostrophe inside a word ("it's") opens nothing
		}
	default:
		return false
	}
	return strings.IndexByte(text[end:], q) >= 0
}

// withoutEllipsis is s without the ellipsis that ends it ("...", "…"),
// the mark of a text cut there: what stands before the cut decides.
func withoutEllipsis(s string) string {
	if t, ok := strings.CutSuffix(s, "…"); ok {
		return t
	}
	if t := strings.TrimRight(s, "."); len(s)-len(t) >= 2 {
		return t
	}
	return s
}

// quotedAlone reports whether the code at text[i:end] is quoted by itself
// ("I got a \"550\"", "explain `5.7.25`"): a code named in a sentence,
// which starts no reply.
func quotedAlone(text string, i, end int) bool {
	return i > 0 && end < len(text) && text[end] == text[i-1] && strings.IndexByte("\"'`", text[end]) >= 0
}

// diagnosticTypeAt reports whether the text at i, after spaces, opens with
// a diagnostic type of a DSN and its semicolon (RFC 3464 §2.3.6: "smtp;",
// "X-Postfix;"), the mark that server text follows.
func diagnosticTypeAt(text string, i int) bool {
	rest := strings.TrimLeft(text[i:], " ")
	semi := strings.IndexByte(rest, ';')
	if semi <= 0 || semi > 16 {
		return false
	}
	typ := strings.ToLower(rest[:semi])
	if typ != "smtp" && !strings.HasPrefix(typ, "x-") {
		return false
	}
	for k := 0; k < len(typ); k++ {
		if !isAlnumByte(typ[k]) && typ[k] != '-' {
			return false
		}
	}
	return true
}

// parenEnhanced reads an enhanced code in parentheses at text[k:],
// "(5.7.1)" or "(#5.7.1)", returning the end after the closing one.
func parenEnhanced(text string, k int) (catalog.EnhancedCode, int, bool) {
	if k >= len(text) || text[k] != '(' {
		return catalog.EnhancedCode{}, 0, false
	}
	k++
	if k < len(text) && text[k] == '#' {
		k++
	}
	e, end, ok := readEnhanced(text, k)
	if !ok || end >= len(text) || text[end] != ')' {
		return catalog.EnhancedCode{}, 0, false
	}
	return e, end + 1, true
}

// trailingStatus reports whether the enhanced code at text[i:end] is the
// status a reply's words end with, and where the mark before it opens:
// in parentheses after words ("no mailbox here by that name. (#5.1.1)",
// "mailbox unavailable (5.1.1)"), or after a spaced dash at the end of
// the line ("Message not allowed - 5.7.1").
func trailingStatus(text string, i, end int) (int, bool) {
	open := i
	if open > 0 && text[open-1] == '#' {
		open--
	}
	lineEnd := func(k int) bool {
		for ; k < len(text) && text[k] != '\n'; k++ {
			if c := text[k]; c != ' ' && c != '\t' && c != '\r' && c != '.' && c != ')' && c != ']' {
				return false
			}
		}
		return true
	}
	switch {
	case open > 0 && text[open-1] == '(' && end < len(text) && text[end] == ')':
		open--
		if open == i-2 { // "(#5.1.1)": qmail's mark, wherever it stands
			return open, true
		}
	case open >= 3 && text[open-3:open] == " - " && lineEnd(end):
		open -= 3
	default:
		return 0, false
	}
	// Words must come before: a status alone in parentheses is no reply.
	return open, hasLetter(lineBefore(text, open))
}

// replyCtx is what precedes a code.
type replyCtx uint8

const (
	ctxLineStart  replyCtx = iota // start of text or line, maybe after quote marks
	ctxWrapped                    // after said:, returned ', a colon, a quote
	ctxDiagnostic                 // after Diagnostic-Code: smtp;
	ctxStatus                     // after Status:
	ctxWord                       // after an ordinary word: part of a sentence
	ctxOther                      // after anything else
)

func (c replyCtx) origin() origin {
	switch c {
	case ctxLineStart:
		return originLine
	case ctxDiagnostic:
		return originDiagnostic
	case ctxStatus:
		return originStatus
	}
	return originWrapped
}

// contextBefore classifies what precedes position i on its line.
// contextWindow is how far before a code contextBefore reads: room for
// "Diagnostic-Code: smtp; host mx.example.com[192.0.2.1] said:" and more.
const contextWindow = 256

func (lx *lexicon) contextBefore(text string, i int) replyCtx {
	// Only the end of the line before the code decides: reading all of it
	// would make a line of many codes quadratic.
	from := max(0, i-contextWindow)
	for from > 0 && !utf8.RuneStart(text[from]) {
		from++
	}
	ls := from + strings.LastIndexByte(text[from:i], '\n') + 1
	// An ellipsis glued to the code ("'...5.4.1 Recipient …") marks a
	// text cut there: what stands before the cut decides. (One a space
	// away is a code the asker took back, withdraw's.)
	before := strings.TrimRight(withoutEllipsis(text[ls:i]), " \t")
	if strings.TrimLeft(before, " \t>*#|`\"'(<[-") == "" {
		return ctxLineStart
	}
	lower := strings.ToLower(before)
	switch {
	case strings.HasSuffix(lower, "status:"), strings.HasSuffix(lower, "status code:"), strings.HasSuffix(lower, "status code ="):
		// "Status: 5.1.1", and a notice's "SMTP Status Code = 5.1.1".
		return ctxStatus
	case strings.Contains(lower, "diagnostic-code:"):
		return ctxDiagnostic
	}
	last := before[len(before)-1]
	if strings.IndexByte(":;'\"([<>#=|`", last) >= 0 {
		return ctxWrapped
	}
	// "said", "says", "returned": the lexicon's words a reply follows.
	if lx.endsWithIntro(lower) {
		return ctxWrapped
	}
	if isAlnumByte(last) {
		return ctxWord
	}
	return ctxOther
}

// endsWithIntro reports whether lower, the text of a line before a code
// in lower case, ends with a word of reply_intro ("said", "returned").
func (lx *lexicon) endsWithIntro(lower string) bool {
	folded := fold(lower)
	for _, w := range lx.replyIntro {
		if strings.HasSuffix(folded, w) && (len(folded) == len(w) || !isWordByte(folded[len(folded)-len(w)-1])) {
			return true
		}
	}
	return false
}

// introBefore reports whether the code at text[i] follows a word of
// reply_intro on its line, and no mark that wraps a reply (a colon, a
// quote): "returns 4.7.1", not "returns: 4.7.1".
func (lx *lexicon) introBefore(text string, i int) bool {
	ls := strings.LastIndexByte(text[:i], '\n') + 1
	before := strings.TrimRight(text[max(ls, i-contextWindow):i], " \t")
	return before != "" && isAlnumByte(before[len(before)-1]) && lx.endsWithIntro(strings.ToLower(before))
}

// replyText returns the text of a reply from position k to the end of its
// line, with the continuation lines of a multi-line reply ("550-5.7.26 …")
// or an indented wrapped line joined on. A log that writes each line the
// server sent after a prefix of its own (linePrefix: OpenSMTPD's debug
// "mta: 0x…: <<< 554-…") writes it before every continuation line too:
// the lines that open with lead, the first line's prefix, and then the
// code go on with the reply.
func replyText(text string, k int, code, lead string) string {
	if e, ok := enclosedEnd(text, k); ok {
		return strings.TrimSpace(text[k : k+e])
	}
	end := strings.IndexByte(text[k:], '\n')
	if end < 0 {
		return strings.TrimSpace(text[k:])
	}
	parts := []string{strings.TrimSpace(text[k : k+end])}
	rest := text[k+end+1:]
	for range 12 {
		nl := strings.IndexByte(rest, '\n')
		line := rest
		if nl >= 0 {
			line = rest[:nl]
		}
		if after, ok := strings.CutPrefix(line, lead); ok && lead != "" && strings.HasPrefix(after, code) {
			line = after
		}
		trimmed := strings.TrimSpace(line)
		switch {
		case code != "" && len(trimmed) >= 4 && strings.HasPrefix(trimmed, code) && (trimmed[3] == '-' || trimmed[3] == ' '):
			t := strings.TrimSpace(trimmed[4:])
			if e, endE, ok := readEnhanced(t, 0); ok && e.Class != 0 {
				t = strings.TrimSpace(t[endE:])
			}
			if prev := parts[len(parts)-1]; t != "" && (prev == t || strings.HasSuffix(prev, " "+t)) {
				// The same reply pasted twice says nothing more.
				break
			}
			parts = append(parts, t)
		case trimmed != "" && (strings.HasPrefix(line, " ") || strings.HasPrefix(line, "\t")) && (parts[len(parts)-1] != "" || len(parts) == 1):
			// A wrapped line of the reply; or its whole text, when the
			// report wrapped it right after the codes ("said: 550 5.1.1\n
			//     <a@b>: Recipient address rejected: …", Postfix).
			parts = append(parts, trimmed)
		default:
			return joinReply(parts)
		}
		if nl < 0 {
			break
		}
		rest = rest[nl+1:]
	}
	return joinReply(parts)
}

// linePrefix is what a log wrote before the reply's code on the line of
// text[k], the reply's text, when it ends with a mark of a line the
// server sent in a session log (bounce.json session_server_marks: "mta:
// 0xea6710: <<< "); "" otherwise.
func (lx *lexicon) linePrefix(text string, k int, code string) string {
	if code == "" {
		return ""
	}
	ls := strings.LastIndexByte(text[:k], '\n') + 1
	at := strings.LastIndex(text[ls:k], code)
	if at <= 0 {
		return ""
	}
	lead := text[ls : ls+at]
	t := strings.TrimRight(lead, " \t")
	for _, mark := range lx.serverMarks {
		if strings.HasSuffix(t, mark) {
			return lead
		}
	}
	return ""
}

// enclosedEnd finds where a reply that starts at k inside something its
// line opened before it ends: the closing backtick of inline code ("what
// does `550 …` mean?"), the bracket that closes one opened before it
// (Postfix's "status=bounced (host … said: 550 … (in reply to RCPT TO
// command))", Exchange's "[{LED=550 …};{MSG=};…]"). It returns the offset
// from k, and false when the reply is not enclosed or its closing mark is
// not on its line.
func enclosedEnd(text string, k int) (int, bool) {
	before := text[strings.LastIndexByte(text[:k], '\n')+1 : k]
	quote := openQuote(before)
	if quote == 0 && !strings.ContainsAny(before, "`([{") {
		return 0, false
	}
	line := text[k:]
	if nl := strings.IndexByte(line, '\n'); nl >= 0 {
		line = line[:nl]
	}
	end := -1
	if quote != 0 {
		// A reply in quotes ends at the closing quote: Exchange's "Remote
		// Server returned '550 4.4.7 QUEUE.Expired; message expired'". An
		// apostrophe inside a word ("doesn't") is no closing quote.
		// A quote escaped with a backslash (a JSON string's "smtp;550
		// \"a@b\": …") is inside the text, no closing quote.
		for i := 0; i < len(line); i++ {
			if line[i] == quote && (i == 0 || line[i-1] != '\\') && (i+1 == len(line) || !isAlnumByte(line[i+1])) {
				end = i
				break
			}
		}
	}
	closeAt := func(e int) {
		if e >= 0 && (end < 0 || e < end) {
			end = e
		}
	}
	if strings.Count(before, "`")%2 == 1 {
		closeAt(strings.IndexByte(line, '`'))
	}
	for _, br := range [...]string{"()", "[]", "{}"} {
		if strings.Count(before, br[:1]) <= strings.Count(before, br[1:]) {
			continue
		}
		depth := 0
		for i := 0; i < len(line); i++ {
			if line[i] == br[0] {
				depth++
			} else if line[i] == br[1] {
				if depth == 0 {
					closeAt(i)
					break
				}
				depth--
			}
		}
	}
	return end, end > 0
}

// openQuote returns the quote mark (' or ") that the text of a line before
// a reply opened and did not close, or 0. A quote opens after a space or a
// bracket, or at the line's start; an apostrophe inside a word ("it's")
// neither opens nor closes one.
func openQuote(before string) byte {
	for _, q := range [...]byte{'\'', '"'} {
		open := false
		for i := 0; i < len(before); i++ {
			if before[i] != q || i > 0 && before[i-1] == '\\' {
				continue
			}
			prevWord := i > 0 && isAlnumByte(before[i-1])
			nextWord := i+1 < len(before) && isAlnumByte(before[i+1])
			switch {
			case !open && !prevWord:
				open = true
			case open && !(prevWord && nextWord):
				open = false
			}
		}
		if open {
			return q
		}
	}
	return 0
}

// joinReply joins the parts that are not empty with single spaces.
func joinReply(parts []string) string {
	var b strings.Builder
	for _, p := range parts {
		if p == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(p)
	}
	return b.String()
}

// lineBefore returns the text of the line up to position i: the qmail reason
// before "(#5.1.1)".
func lineBefore(text string, i int) string {
	ls := strings.LastIndexByte(text[:i], '\n') + 1
	return strings.TrimSpace(text[ls:i])
}

// maxStageWords is the most words of a text after a code read as the
// asker's naming of the command it answered.
const maxStageWords = 4

// looksLikeReplyText tells server text from the rest of a question: "550
// user unknown" is a reply, "550 vs 552" and "450 a hard bounce?" are not.
func (lx *lexicon) looksLikeReplyText(s string, ctx replyCtx) bool {
	s = strings.TrimSpace(s)
	if s == "" || strings.HasSuffix(s, "?") {
		return false
	}
	if lx.namesStage(s) {
		return false
	}
	words := strings.Fields(strings.ToLower(s))
	letters := 0
	for _, w := range words {
		if hasLetter(w) {
			letters++
		}
	}
	if letters < 2 && !(ctx == ctxWrapped && letters == 1) {
		return false
	}
	first := strings.Trim(lowerText(words[0]), ".,:;!\"'()")
	// A word the asker would say after a code ("550 error") is a label of
	// the server's when a colon ends it and words follow: "554 Error:
	// transaction failed", Postfix's; not when a question follows ("550
	// error: what does it mean").
	label := len(words) > 1 && strings.HasSuffix(words[0], ":") && hasLetter(words[1]) &&
		!lx.opensQuestion(strings.Join(words[1:], " "))
	if !label && !serverSentence(s, words) && lx.notReply.hasWord(fold(first), first) || lx.compareSign(first) {
		return false
	}
	// A count of things ("550 tickets closed", "550 emails went out"): the
	// number is the amount of the noun or unit after it (chatter.after),
	// no reply's code, wherever it stands.
	if lower := lowerText(capRunes(s, 40)); lx.chatAfter.mayStart(lower) || lx.chatStates.mayStart(lower) {
		if lx.countedAt(lx.tokenize(lower), 0) {
			return false
		}
	}
	return true
}

// maxDashQuestionWords is the most words between a dash after a code and a
// question mark read as the asker's question about the code.
const maxDashQuestionWords = 3

// dashQuestion reports whether s, the text after a code, opens with a dash
// and a few words ended by a question mark: the asker's guess at the code's
// meaning ("5.7.30 — requiretls? what does that one mean"), no server's
// text, which states and does not ask.
func dashQuestion(s string) bool {
	rest := strings.TrimLeft(s, "-–— ")
	if len(rest) == len(s) {
		return false
	}
	q := strings.IndexByte(rest, '?')
	return q > 0 && fewWords(rest[:q], maxDashQuestionWords)
}

// minSentenceWords is the fewest words of a server's sentence read as such
// whatever word opens it (serverSentence).
const minSentenceWords = 6

// serverSentence reports whether s, the text after a code at a line's
// start or after a label, is a server's sentence whatever word opens it:
// capitalised, of several words, ended by a full stop ("5.1.1 The email
// account that you tried to reach does not exist."). An asker's words
// after a code are lower case or ask ("550 the worst one?"); words is s's
// fields in lower case.
func serverSentence(s string, words []string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r) && len(words) >= minSentenceWords && strings.HasSuffix(s, ".")
}

// namesStage reports whether s, the text after a code, is the asker's
// naming of the command the code answered: nothing but it ("503 right
// after RCPT TO", "550 after DATA, why?"), or a sentence of the asker's
// that opens with it ("5.5.6 after AUTH PLAIN with a huge oauth token"):
// when the code came, no text of the server's.
func (lx *lexicon) namesStage(s string) bool {
	if fewWords(s, maxStageWords) {
		return lx.stageOf(s, "", "") != ""
	}
	return lx.sentenceGoesOn(s) && lx.stageOf(firstWords(s, maxStageWords), "", "") != ""
}

// firstWords is s cut after its first n words.
func firstWords(s string, n int) string {
	f := strings.Fields(capRunes(s, 200))
	return strings.Join(f[:min(n, len(f))], " ")
}

// opensQuestion reports whether s opens with words that open a question
// (question_tail: "anyone seen this", "what", "là gì"); its first words are
// enough.
func (lx *lexicon) opensQuestion(s string) bool {
	return lx.questionTail.mayStart(s) && lx.questionTail.startsWith(lx.tokenize(lowerText(capRunes(s, 40))))
}

// cutQuestion ends a reply where a question about it begins: "user
// unknown, what do I do?", "Message not allowed - [299]. anyone seen
// this?". The question starts right after the codes or after a comma, a
// full stop or a dash, with a word of the lexicon's question_tail, and ends
// the text with a question mark or within a few words.
func (lx *lexicon) cutQuestion(s string) string {
	question := strings.HasSuffix(strings.TrimSpace(s), "?")
	if strings.TrimRight(s, "?!.,;: \t") == "" {
		// Only the question's own punctuation follows the codes: "… 5.7.708?".
		return ""
	}
	if dashQuestion(s) {
		// The asker's guess at the code after a dash: "— requiretls? what …".
		return ""
	}
	if lx.opensQuestion(s) && (question || fewWords(s, 6)) {
		// Nothing but the question follows the codes: "550 5.7.1 meaning?",
		// "550 5.7.1 là gì".
		return ""
	}
	if question && fewWords(s, 4) && lx.onlyFillers(s) {
		// The words of a question and nothing else: "451 4.7.1 permanent?".
		return ""
	}
	s = cutAskerSentences(s)
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != ',' && c != '.' && c != ';' && c != '!' && c != '?' && c != '-' && c != ')' && c != ']' && c != 0x94 && c != 0x93 {
			continue // the common case, kept inline: a long reply is read byte by byte
		}
		if !questionMark(s, i) {
			continue
		}
		tail := strings.TrimLeft(s[i+1:], "-\u2013\u2014 ")
		// The opening words are enough: a long reply with many commas
		// stays linear.
		if !lx.opensQuestion(tail) {
			continue
		}
		if question || fewWords(tail, 6) {
			end := i
			switch {
			case c == ')' || c == ']':
				end = i + 1 // the bracket is the server's
			case c >= 0x80:
				end = i - 2 // the dash's first byte
			}
			return strings.TrimRight(s[:end], "- \u2013\u2014")
		}
	}
	if strings.HasSuffix(strings.TrimSpace(s), "?") {
		// A server's sentence never ends with a question mark: the last
		// sentence that does is the asker's, whatever word opens it ("…
		// Authentication failed. she logs into webmail with the same
		// password, so how?"). The reply ends at the full stop before it.
		if i := lastSentenceEnd(s); i > 0 && hasLetter(s[:i]) {
			return strings.TrimSpace(s[:i])
		}
	}
	return s
}

// lastSentenceEnd is the index of the last full stop or '!' in s that ends
// a sentence, a space after it; -1 when none does.
func lastSentenceEnd(s string) int {
	for i := len(s) - 2; i > 0; i-- {
		if (s[i] == '.' || s[i] == '!') && s[i+1] == ' ' {
			return i
		}
	}
	return -1
}

// onlyFillers reports whether every word of s is a filler of the lexicon.
func (lx *lexicon) onlyFillers(s string) bool {
	words := 0
	for _, t := range lx.tokenize(lowerText(s)) {
		switch {
		case t.kind == tokPunct:
		case t.kind != tokWord || !lx.fillers.has(t):
			return false
		default:
			words++
		}
	}
	return words > 0
}

// cutAskerSentences ends a reply before the first sentence, after its
// first, that speaks in the first person singular ("… blocked using
// Spamhaus. SPF and DKIM pass, I checked twice."): a server's reply
// says "we" of itself, if anything, and a person's message goes on after
// the reply they pasted into it. Only the pronoun as typed, capital "I"
// alone or with its contraction ("I'm", "I've"), counts.
func cutAskerSentences(s string) string {
	start := -1 // where the current sentence starts, -1 in the first
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case (c == '.' || c == '!' || c == '?') && i+2 < len(s) && s[i+1] == ' ' && s[i+2] != ' ':
			start = i + 1
		case c == 'I' && start >= 0 && standaloneI(s, i):
			return strings.TrimSpace(s[:start])
		}
	}
	return s
}

// standaloneI reports whether the "I" at s[i] is the pronoun: a word of its
// own, or before an apostrophe ("I'm"), not a letter of a word or a name
// ("I/O", "IP").
func standaloneI(s string, i int) bool {
	if i > 0 && s[i-1] != ' ' && s[i-1] != ',' && s[i-1] != '(' {
		return false
	}
	if i+1 == len(s) {
		return true
	}
	switch s[i+1] {
	case ' ', ',', '\'', '.', '!', '?', ';', ':':
		return true
	}
	return strings.HasPrefix(s[i+1:], "’")
}

// questionMark reports whether s[i] can end a reply before a question
// about it: a comma, a full stop, a semicolon, '!' or '?' followed by a
// space; a spaced dash or a run of dashes ("… get lost -- what did I do
// wrong", "… — why?"); a closing bracket ending the server's last token
// ("[192.0.2.2] why?").
func questionMark(s string, i int) bool {
	if i+1 >= len(s) || s[i+1] != ' ' {
		return false
	}
	switch c := s[i]; c {
	case ',', '.', ';', '!', '?', ')', ']':
		return true
	case '-':
		return i > 0 && (s[i-1] == ' ' || s[i-1] == '-')
	case 0x94, 0x93: // last byte of "—" (U+2014) and "–" (U+2013)
		return i >= 2 && s[i-2] == 0xe2 && s[i-1] == 0x80 && i >= 3 && s[i-3] == ' '
	}
	return false
}

// fewWords reports whether s has at most n words, reading no further.
func fewWords(s string, n int) bool {
	words, in := 0, false
	for i := 0; i < len(s); i++ {
		space := s[i] == ' ' || s[i] == '\n' || s[i] == '\t'
		if !space && !in {
			if words++; words > n {
				return false
			}
		}
		in = !space
	}
	return true
}

func hasLetter(s string) bool {
	for i := 0; i < len(s); i++ {
		if ('a' <= s[i] && s[i] <= 'z') || ('A' <= s[i] && s[i] <= 'Z') || s[i] >= 0x80 {
			return true
		}
	}
	return false
}

// bestReply chooses the reply to explain from the candidates and fills in
// a missing basic or enhanced code from another candidate of the same class
// (a DSN gives "Status: 5.1.1" and "Diagnostic-Code: smtp; 550 …").
func bestReply(cands []replyCand) (replyCand, bool) {
	if len(cands) == 0 {
		return replyCand{}, false
	}
	best, bestScore := -1, -1<<31
	for i, c := range cands {
		if s := c.score(); s > bestScore {
			best, bestScore = i, s
		}
	}
	r := cands[best]
	cls := replyClass(r)
	for _, c := range cands {
		if !r.hasEnh && c.hasEnh && (cls == 0 || c.enh.Class == cls) {
			r.enh, r.hasEnh = c.enh, true
		}
		if r.basic == 0 && c.basic != 0 && (cls == 0 || int(c.basic.Class()) == cls) {
			r.basic = c.basic
			if c.text != "" && (r.text == "" || r.origin == originStatus) {
				r.text = c.text
			}
		}
		if r.text == "" && c.text != "" {
			r.text = c.text
		}
	}
	return r, true
}

func replyClass(r replyCand) int {
	if r.basic != 0 {
		return int(r.basic.Class())
	}
	if r.hasEnh {
		return r.enh.Class
	}
	return 0
}

func (c replyCand) score() int {
	s := 0
	switch cl := replyClass(c); cl {
	case 4, 5:
		s += 6
	case 2, 3:
		s -= 4
	}
	if c.basic != 0 {
		s += 3
	}
	if c.hasEnh {
		s += 3
	}
	switch c.origin {
	case originDiagnostic, originWrapped:
		s += 3
	case originQmail, originPair, originLine:
		s += 2
	case originStatus:
		s -= 2
	}
	if len(c.text) > 10 {
		s++
	}
	return s
}

// inlineJoined returns s, the text after the first line's prefix of the
// multi-line reply c ("421-4.7.28"), with the prefixes of its other lines
// taken out where the lines were pasted on one line ("an unusual rate of
// 421-4.7.28 unsolicited mail", RFC 5321 §4.2.1: "code-" starts every line
// but the last), so the reply's words read on (bounce.JoinReplies).
func inlineJoined(c replyCand, s string) string {
	code := c.basic.String()
	if !strings.Contains(s, code) {
		return s
	}
	first, head := code+"-", code
	if c.hasEnh {
		first += c.enh.String()
		head += " " + c.enh.String()
	}
	rest, ok := strings.CutPrefix(bounce.JoinReplies(first+" "+s), head)
	if !ok {
		return s
	}
	return strings.TrimSpace(rest)
}
