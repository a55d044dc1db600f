package bot

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Numbers that are not codes.
//
// A three-digit number or a dotted triple in chat is often something else:
// "see you in room 421", "$550 for the license", "call me at 555 1234",
// "version 4.2.2 is out". What tells them apart is the number's context,
// listed per language in the lexicon's "chatter" words: a noun it belongs
// to before it, a unit after it, a currency sign beside it, the shape of a
// phone number; and, for a lone number, a sentence that says nothing of
// mail at all.

// chatterNumber reports whether the code-like token toks[i] is something
// else than a code by its context.
func (lx *lexicon) chatterNumber(m *message, i int) bool {
	if lx.chatterOwn(m, i) {
		return true
	}
	// Numbers set side by side, as alternatives or the sides of a
	// comparison ("500? 5000?", "dovecot 2.3.21 vs 2.4.1"), are one kind
	// of thing: beside one that is no code, neither is this one.
	for _, j := range lx.besides(m.toks, i) {
		if t := m.toks[j]; t.kind == tokNumber && isDigits(t.text) && len(t.text) > 3 || (t.kind == tokCode || t.kind == tokBad) && lx.chatterOwn(m, j) || noClassTriple(t) {
			return true
		}
	}
	return false
}

// noClassTriple reports whether t is a dotted triple whose first number is
// no class of an enhanced code (RFC 3463 §3.1: 2, 4 or 5): "6.4.2" is a
// version, and so is a dotted number set beside it ("from 5.4.21 to 6.4.2").
func noClassTriple(t token) bool {
	if t.kind != tokBad || strings.Count(t.text, ".") != 2 {
		return false
	}
	return !strings.ContainsRune("245", rune(t.text[0]))
}

// besides returns the numbers set beside toks[i]: the nearest number
// before and after it with only punctuation of a list ("?", ",", "/"), a
// separator word ("vs", "or") or a word of a range's ends (range_words:
// "from 5.4.21 to 6.4.2") between. Numbers with nothing between are
// parts of one thing (a reply's codes, a phone number), not alternatives.
func (lx *lexicon) besides(toks []token, i int) []int {
	var out []int
	for _, dir := range [...]int{-1, 1} {
		for j := i + dir; j >= 0 && j < len(toks); j += dir {
			t := toks[j]
			if t.kind == tokCode || t.kind == tokBad || t.kind == tokNumber {
				if j != i+dir {
					out = append(out, j)
				}
				break
			}
			if t.kind == tokPunct && strings.Contains("?,/", t.text) || t.kind == tokWord && (lx.separators.has(t) || lx.rangeWords.has(t)) {
				continue
			}
			break
		}
	}
	return out
}

// chatterOwn reports whether the code-like token toks[i] is something
// else than a code by its own context.
func (lx *lexicon) chatterOwn(m *message, i int) bool {
	toks := m.toks
	t := toks[i]
	if lx.currency != "" {
		before := strings.TrimRight(m.lower[:t.at], " ")
		after := strings.TrimLeft(m.lower[t.end:], " ")
		if r, n := utf8.DecodeLastRuneInString(before); n > 0 && strings.ContainsRune(lx.currency, r) {
			return true
		}
		if r, n := utf8.DecodeRuneInString(after); n > 0 && strings.ContainsRune(lx.currency, r) {
			return true
		}
	}
	// A noun before it, of one word or several ("phiên bản 4.2").
	for j := max(0, i-3); j < i; j++ {
		if lx.chatBefore.at(toks, j) == i-j && !lx.commandOpening(toks, j) {
			return true
		}
		// A dotted number right after a program's name is its version
		// ("dovecot 2.3.21").
		if strings.Contains(t.text, ".") && lx.chatSoftware.at(toks, j) == i-j {
			return true
		}
	}
	if lx.markupValue(m.lower, t.at, t.end) || lx.settingValue(m.lower, t.at) {
		return true
	}
	if t.kind == tokBad && lx.portNumber(toks, i) {
		return true
	}
	if lx.countedAt(toks, i+1) {
		return true
	}
	// An amount with cents after a decimal comma ("552,00 EUR").
	if k := i + 3; k < len(toks) && decimalCents(m.lower, toks, i) && lx.chatAfter.at(toks, k) > 0 {
		return true
	}
	if i+1 < len(toks) {
		if n := lx.chatAfterEnd.at(toks, i+1); n > 0 && (i+1+n == len(toks) || toks[i+1+n].kind != tokWord) {
			return true
		}
	}
	if strings.Contains(t.text, ".") && (lx.versionOf(toks, i) || lx.updatedTo(toks, i) || lx.changelogEntry(m.lower, t.end)) {
		return true
	}
	if lx.identifierPart(m.body, m.lower, t.at, t.end) {
		return true
	}
	if status, page := lx.otherStatus(m, i); status {
		m.webPage = m.webPage || page
		return true
	}
	if m.phone == nil && !m.phoneRead {
		m.phone, m.phoneRead = phoneNumbers(toks), true
	}
	return m.phone != nil && m.phone[i]
}

// otherStatus reports whether the code-like token toks[i] is another
// protocol's status, an HTTP status: a number right after a word of the
// web whose status it is (chatter.web_before: "HTTP 503"), one written
// with its reason phrase (chatter.web_statuses: "202 Accepted"; in a
// message naming a web page, chatter.page_statuses: "503 Service
// Unavailable"), or a code alone in parentheses in such a message
// ("Temporary Error (500)"). page says the status is a web page's.
func (lx *lexicon) otherStatus(m *message, i int) (status, page bool) {
	toks := m.toks
	for j := max(0, i-3); j < i; j++ {
		if lx.chatWebNum.at(toks, j) == i-j {
			return true, false
		}
	}
	at := m.lower[toks[i].at:]
	switch {
	case statusAt(lx.webStatuses, at):
		return true, false
	case statusAt(lx.pageStatuses, at) && lx.chatPages.in(toks), lx.parenStatus(m, i):
		return true, true
	}
	return false, false
}

// protocolReply reports whether lower, a message in lower case, holds a
// mark of another mail protocol's answer (chatter.protocol_replies:
// IMAP's "[overquota]", POP3's "-err") standing apart from the words
// around it.
func (lx *lexicon) protocolReply(lower string) bool {
	for _, p := range lx.protoReplies {
		if containsWords(lower, p) {
			return true
		}
	}
	return false
}

// statusAt reports whether text opens with one of statuses, an HTTP
// status and its reason phrase, the phrase ending there: one of
// chatter.web_statuses ("202 Accepted") is a web API's answer, no SMTP
// reply; one of chatter.page_statuses ("503 Service Unavailable"), which
// a server's reply may be written with too, is so in a message naming a
// web page (chatter.pages: "in the browser").
func statusAt(statuses []string, text string) bool {
	for _, s := range statuses {
		if rest, ok := strings.CutPrefix(text, s); ok && (rest == "" || !isWordByte(rest[0])) {
			return true
		}
	}
	return false
}

// libraryReach is how many words may stand between a version's "of" and
// its package's noun: "2.1.0 of the mailgun node SDK".
const libraryReach = 4

// versionOf reports whether the dotted number toks[i] is a package's
// version: a word of chatter.of right after it, then, within libraryReach
// words and in the same clause, a package's noun of chatter.libraries
// ("on 2.1.0 of the mailgun SDK"). An enhanced code is told with its
// source after "from" ("5.7.1 from the SDK"), never with "of".
func (lx *lexicon) versionOf(toks []token, i int) bool {
	if i+1 >= len(toks) {
		return false
	}
	n := lx.chatOf.at(toks, i+1)
	if n == 0 {
		return false
	}
	return wordWithin(toks, i+1+n, 1, lx.chatLibrary, vocab{})
}

// maxCommandWords is the most words a list command has ("liệt kê").
const maxCommandWords = 3

// commandOpening reports whether toks[j], a noun a number after it may
// belong to, opens the message as a command to the bot (list_commands):
// "list 452 and 550" asks for codes, while "hubspot list 452" names a
// list by its number.
func (lx *lexicon) commandOpening(toks []token, j int) bool {
	for _, t := range toks[:j] {
		if t.kind == tokWord {
			return false
		}
	}
	var words []string
	for k := j; k < len(toks) && len(words) < maxCommandWords && toks[k].kind == tokWord; k++ {
		words = append(words, toks[k].text)
	}
	opening := strings.Join(words, " ")
	for _, c := range lx.listCommands {
		if hasPrefixWords(opening, c) {
			return true
		}
	}
	return false
}

// wordWithin reports whether a word of want stands within libraryReach
// words of toks[from], walking in direction dir (1 or -1) in the same
// clause: anything but a word, or a word of stop, ends the walk.
func wordWithin(toks []token, from, dir int, want, stop vocab) bool {
	for j, words := from, 0; j >= 0 && j < len(toks) && words <= libraryReach; j += dir {
		if toks[j].kind != tokWord || stop.at(toks, j) > 0 {
			return false
		}
		if want.at(toks, j) > 0 {
			return true
		}
		words++
	}
	return false
}

// numberOf reports whether the number at text[i:] belongs to the word
// right before it, a noun of chatter.before, with only spaces or a '#'
// between ("PR #421", "ticket 552"): an issue's or a ticket's number, no
// reply, even where a '#' could open one ("(#5.1.1)"). A noun of several
// words counts whole ("đơn hàng #553", an order's number), up to
// maxNounWords of them.
func (lx *lexicon) numberOf(text string, i int) bool {
	before := strings.TrimRight(text[max(0, i-maxTagName):i], " #")
	k := len(before)
	for n := 0; n < maxNounWords; n++ {
		end := k
		for k > 0 && isWordByte(before[k-1]) {
			k--
		}
		if k == end {
			return false
		}
		// As typed, diacritics and all: "trả ve 550" (returned) is no "vé
		// 550" (ticket), though a question typed without them reads so.
		raw := lowerText(before[k:])
		forms, ok := lx.chatBefore.words[fold(raw)]
		if ok && (len(forms) == 0 && plainWords(raw) || slices.Contains(forms, raw)) {
			return true
		}
		if k == 0 || before[k-1] != ' ' {
			return false
		}
		k--
	}
	return false
}

// maxNounWords is the most words of a noun numberOf reads before a number.
const maxNounWords = 3

// maxTagName is the longest markup element name markupValue reads.
const maxTagName = 64

// markupValue reports whether text[i:j], a number, is the whole value of
// a markup element: "<count>452</count>" in a DMARC aggregate report (RFC
// 7489 Appendix C) counts messages, it is no reply. An element whose name
// is a mail word of the lexicon ("<code>550</code>", "<status>…") holds a
// code all the same.
func (lx *lexicon) markupValue(text string, i, j int) bool {
	// An element's name is short: look no further back for its '<'.
	before := text[max(0, i-maxTagName-2):i]
	if !strings.HasSuffix(before, ">") {
		return false
	}
	open := strings.LastIndexByte(before, '<')
	if open < 0 {
		return false
	}
	name := before[open+1 : len(before)-1]
	if name == "" || !strings.HasPrefix(text[j:], "</"+name+">") {
		return false
	}
	for _, part := range strings.FieldsFunc(strings.ToLower(name), func(r rune) bool { return !isWordRune(r) }) {
		if lx.chatMail.folded(part) {
			return false
		}
	}
	return tagName(name)
}

// settingValue reports whether the number at text[i:] is the value of a
// setting written "key = value" as configuration files write it
// ("queue_run_delay = 300s", "smtp_data_done_timeout = 421s"): a key of
// words joined by underscores, none of them a word of chatter.generic. A
// key that names a code ("unknown_address_reject_code = 450") sets one,
// and a log's fields ("dsn=4.4.1") have no underscore.
func (lx *lexicon) settingValue(text string, i int) bool {
	before, ok := strings.CutSuffix(strings.TrimRight(text[max(0, i-maxTagName):i], " \t"), "=")
	if !ok {
		return false
	}
	key := settingKey(before)
	if key == "" {
		return false
	}
	for _, part := range strings.Split(key, "_") {
		if lx.chatGeneric.folded(part) {
			return false
		}
	}
	return true
}

// hasSetting reports whether text sets a setting ("maximal_backoff_time =
// 4000s"): a key of words joined by underscores before an '='.
func hasSetting(text string) bool {
	for off := 0; ; {
		i := strings.IndexByte(text[off:], '=')
		if i < 0 {
			return false
		}
		if settingKey(text[max(0, off+i-maxTagName):off+i]) != "" {
			return true
		}
		off += i + 1
	}
}

// settingKey returns the setting's key that ends before, spaces aside: a
// run of words joined by underscores ("queue_run_delay"), "" if none.
func settingKey(before string) string {
	before = strings.TrimRight(before, " \t")
	k := len(before)
	for k > 0 && (isWordByte(before[k-1]) || before[k-1] == '_') {
		k--
	}
	key := before[k:]
	if !strings.Contains(key, "_") || !hasLetter(key) {
		return ""
	}
	return key
}

// blankTags blanks out the tags of markup pasted in a message (an XML
// record, HTML), keeping every other byte where it is: "<dkim>fail</dkim>"
// holds the value "fail", and the element's name is a field's, no word of
// the asker's ("dkim" names no failed check). A tag counts only when its
// element is closed in the text ("</dkim>"): a lone "<recipient>" is a
// placeholder in a reply, an address "<a@b>" no tag at all.
func blankTags(s string) string {
	if !strings.Contains(s, "</") {
		return s
	}
	// Each tag is read once, from the innermost '<' before its '>'.
	type tag struct {
		open, end int
		name      string
		closing   bool
	}
	var tags []tag
	closed := map[string]bool{}
	for from := 0; from < len(s); {
		k := strings.IndexByte(s[from:], '>')
		if k < 0 {
			break
		}
		k += from
		if open := strings.LastIndexByte(s[from:k], '<'); open >= 0 {
			open += from
			inner := s[open+1 : k]
			name, closing := strings.CutPrefix(inner, "/")
			name = strings.TrimSuffix(name, "/")
			if tagName(name) {
				tags = append(tags, tag{open, k, name, closing})
				closed[name] = closed[name] || closing
			}
		}
		from = k + 1
	}
	var buf []byte
	for _, t := range tags {
		if !closed[t.name] {
			continue
		}
		if buf == nil {
			buf = []byte(s)
		}
		for k := t.open; k <= t.end; k++ {
			buf[k] = ' '
		}
	}
	if buf == nil {
		return s
	}
	return string(buf)
}

// blankPassed blanks out the rows of a report or dashboard that give a
// check the verdict it passed: a line whose text after its last colon is
// one of the lexicon's "passed" words ("- SPF, DKIM, DMARC: Compliant").
// Those checks did not fail: their names ask about no code, and their
// words name no cause. Other bytes stay where they are.
func (lx *lexicon) blankPassed(s string) string {
	if len(lx.passed.words) == 0 {
		return s
	}
	var buf []byte
	for start := 0; start < len(s); {
		end := strings.IndexByte(s[start:], '\n')
		if end < 0 {
			end = len(s)
		} else {
			end += start
		}
		line := s[start:end]
		if c := strings.LastIndexByte(line, ':'); c >= 0 {
			verdict := strings.Join(strings.Fields(strings.Trim(line[c+1:], " \t.!")), " ")
			if verdict != "" && lx.passed.hasWord(fold(verdict), verdict) {
				buf = blankRange(buf, s, start, end)
			}
		}
		for _, c := range clauses(line) {
			if lx.passedClause(line[c[0]:c[1]]) {
				buf = blankRange(buf, s, start+c[0], start+c[1])
			}
		}
		start = end + 1
	}
	if buf == nil {
		return s
	}
	return string(buf)
}

// passedClause reports whether a clause of a sentence gives checks the
// verdict they passed: the names of checks, words of mail (chatter.mail:
// "spf", "dkim", "ptr"), then a "passed" entry ending it ("SPF DKIM DMARC
// all pass", "PTR matches", "spf dkim dmarc pass hết"). A negation is no
// word of mail, or a filler ("not", "không"), so "dkim didn't pass" and
// "email không hợp lệ" (not valid) are none. The checks did not fail:
// their names name no cause.
func (lx *lexicon) passedClause(clause string) bool {
	if len(clause) > maxPassedClause {
		return false
	}
	toks := lx.tokenize(clause)
	n := 0
	if len(toks) > 0 {
		n = lx.passed.endsAt(toks, len(toks))
	}
	if n == 0 || n == len(toks) {
		return false
	}
	for _, t := range toks[:len(toks)-n] {
		if t.kind != tokWord || !lx.chatMail.has(t) || lx.fillers.has(t) {
			return false
		}
	}
	return true
}

// maxPassedClause is the most bytes of a clause giving checks their
// verdict that passedClause reads: the checks' names and the verdict.
const maxPassedClause = 80

// clauses returns the byte ranges of line's clauses, the parts between
// commas, semicolons and a sentence's end (". ").
func clauses(line string) [][2]int {
	var out [][2]int
	from := 0
	for i := 0; i <= len(line); i++ {
		if i < len(line) && line[i] != ',' && line[i] != ';' && !(line[i] == '.' && (i+1 == len(line) || line[i+1] == ' ')) {
			continue
		}
		out = append(out, [2]int{from, i})
		from = i + 1
	}
	return out
}

// blankRange blanks s[from:to] in buf, a copy of s made on first use.
func blankRange(buf []byte, s string, from, to int) []byte {
	if buf == nil {
		buf = []byte(s)
	}
	for k := from; k < to; k++ {
		buf[k] = ' '
	}
	return buf
}

// tagName reports whether s is the name of a markup element: letters,
// digits, "_", "-", ":" and ".", starting with a letter.
func tagName(s string) bool {
	if s == "" || !('a' <= s[0] && s[0] <= 'z' || 'A' <= s[0] && s[0] <= 'Z') {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isAlnumByte(s[i]) && strings.IndexByte("_-:.", s[i]) < 0 {
			return false
		}
	}
	return true
}

// isWordRune reports whether r is a letter or digit of ASCII.
func isWordRune(r rune) bool {
	return r < utf8.RuneSelf && isAlnumByte(byte(r))
}

// portReach is how many words away from a number a word of transport
// makes it a port number: "587 with STARTTLS", "TLS on port 465".
const portReach = 3

// portNumber reports whether the malformed code toks[i] is a port number:
// a word of transport (chatter.port) stands within portReach words of it
// in the same clause ("587 with STARTTLS or 465 with implicit TLS"). Only
// a number no code can be: "530 STARTTLS required" and "454 TLS not
// available" are replies, and the ports mail uses (25, 465, 587, 2525)
// are never valid codes.
func (lx *lexicon) portNumber(toks []token, i int) bool {
	for _, dir := range [...]int{-1, 1} {
		words := 0
		for j := i + dir; j >= 0 && j < len(toks) && words < portReach; j += dir {
			t := toks[j]
			if t.kind == tokPunct && !strings.Contains("/()-", t.text) {
				break // the clause ends
			}
			if t.kind != tokWord {
				continue
			}
			if lx.chatPort.at(toks, j) > 0 {
				return true
			}
			words++
		}
	}
	return false
}

// hostPort reports whether toks[i] is the port of the address or host
// name glued before it by a colon ("192.0.2.10:587",
// "smtp.example.com:465"), as network errors write where they connected.
func hostPort(lower string, toks []token, i int) bool {
	if i < 2 || toks[i].at == 0 || lower[toks[i].at-1] != ':' {
		return false
	}
	h := toks[i-2]
	if h.end != toks[i].at-1 || strings.Count(h.text, ".") < 1 || h.kind == tokCode {
		return false
	}
	return h.kind == tokNumber && strings.Count(h.text, ".") == 3 || h.kind == tokWord && strings.IndexFunc(h.text, func(r rune) bool { return !isWordRune(r) && r != '.' }) < 0
}

// minIntlDigits is the fewest digits of a phone number in international
// form, its country code included: shorter runs after a "+" are not read
// as one.
const minIntlDigits = 7

// phoneNumbers marks the tokens that are groups of a phone number: a run
// of digit groups, apart only by spaces, dashes or brackets, with a group of
// four digits or more ("555 1234", "(555) 123-4567", "421-5550"), or
// opened by "+" and a country code ("+44 20 7946 0958"). Each run is read
// once.
func phoneNumbers(toks []token) []bool {
	digits := func(t token) bool {
		return (t.kind == tokCode || t.kind == tokBad || t.kind == tokNumber) && isDigits(t.text)
	}
	inRun := func(t token) bool { return digits(t) || (t.kind == tokPunct && strings.Contains("()+", t.text)) }
	var phone []bool
	for i := 0; i < len(toks); {
		if !inRun(toks[i]) {
			i++
			continue
		}
		j, long, total := i, false, 0
		for ; j < len(toks) && inRun(toks[j]); j++ {
			long = long || (toks[j].kind == tokNumber && isDigits(toks[j].text) && len(toks[j].text) >= 4)
			if digits(toks[j]) {
				total += len(toks[j].text)
			}
		}
		// A number in international form (ITU-T E.123): "+", the
		// country code glued to it, and the groups of the number,
		// however short each group is ("+1 555 421 550").
		intl := toks[i].kind == tokPunct && toks[i].text == "+" && i+1 < j && toks[i+1].at == toks[i].end && digits(toks[i+1])
		long = long || intl && total >= minIntlDigits
		if long {
			if phone == nil {
				phone = make([]bool, len(toks))
			}
			for k := i; k < j; k++ {
				phone[k] = digits(toks[k])
			}
		}
		i = j
	}
	return phone
}

// proseWithoutMail reports whether the words around a number make a
// sentence that says nothing of mail, codes or a question about them: two
// words or more beside the fillers of a question ("tell me about"), none of
// them a mail word of the lexicon. A word typed with one slip of the
// keyboard is still the word meant ("waht dose 5.7.1 mean", "smpt eror
// 451"): see typos.
//
// A mail word that is the noun a number counts ("550 emails a day") is
// not one: a plan's quota told in emails says nothing of a reply.
//
// In a message that names a thing other than mail that shows error numbers
// of its own (chatter.devices: "the printer shows error 552 on its
// panel"), the words any error number is told with (chatter.generic:
// "error", "code") say nothing of mail: only the other mail words do.
func (lx *lexicon) proseWithoutMail(toks []token) bool {
	device := lx.chatDevice.in(toks)
	content := 0
	for i, t := range toks {
		if t.kind != tokWord {
			continue
		}
		if device && lx.chatGeneric.at(toks, i) > 0 {
			continue
		}
		if i > 0 && toks[i-1].kind != tokWord && toks[i-1].kind != tokPunct && lx.chatAfter.at(toks, i) > 0 {
			// The noun a number counts ("550 emails a day") names the
			// things counted, no question about mail or its codes.
			continue
		}
		if lx.chatMail.at(toks, i) > 0 || lx.typos.mail(t.text) || lx.inflected(lx.chatMail, t.text) {
			return false
		}
		if !lx.fillers.has(t) && !lx.typos.filler[t.text] {
			content++
		}
	}
	return content >= 2
}

// elsewhereTold reports whether a message is about a thing other than
// mail that has passwords, limits, lists or stores of its own
// (chatter.elsewhere: "the wifi password", "rate limiting on our login
// page", "blacklisted by procurement"): it names one, and no word of it
// is a mail word (as listed, or with an ending) but those of a code's
// name said of the thing, at most elsewhereGap words from it ("mật khẩu
// wifi", "blacklisted by procurement"), the question's own words
// (question: "what", "get") and the words any error is told with
// (chatter.generic). A name further off ("smtp
// password wrong, even on the office wifi") is about mail. A code's name there
// says what happened to that thing, not to mail. The caller checks that
// no code is typed and no server text pasted.
func (b *Bot) elsewhereTold(m *message) bool {
	lx := b.lex()
	if !lx.chatElsewhere.in(m.toks) {
		return false
	}
	var things []int // where the things elsewhere stand, first tokens
	for i := range m.toks {
		if n := lx.chatElsewhere.at(m.toks, i); n > 0 {
			things = append(things, i, i+n-1)
		}
	}
	beside := func(n nameMatch) bool {
		for _, p := range things {
			if p >= n.start-elsewhereGap-1 && p <= n.end+elsewhereGap {
				return true
			}
		}
		return false
	}
	named := make([]bool, len(m.toks))
	for _, n := range b.findNames(m.toks, false) {
		for p := n.start; p < n.end && p < len(named) && beside(n); p++ {
			named[p] = true
		}
	}
	for i, t := range m.toks {
		// A question's own words ("what's", "get") say nothing of mail;
		// a filler that is a mail word ("smtp", "email") does.
		base, _, _ := strings.Cut(t.text, "'")
		if t.kind != tokWord || named[i] || lx.question.hasWord(base, base) || lx.chatGeneric.at(m.toks, i) > 0 {
			continue
		}
		// Words as typed: a slip of a mail word is often another word
		// beside such things ("locked out" is no "blocked").
		if lx.chatMail.at(m.toks, i) > 0 || lx.inflected(lx.chatMail, t.text) {
			return false
		}
	}
	return true
}

// elsewhereGap is the most words between a code's name and the thing
// elsewhere it is said of.
const elsewhereGap = 2

// minStemLen is the shortest listed word read with an ending: "is" is no
// form of "i", nor "mxs" of "mx".
const minStemLen = 3

// inflected reports whether w is a word of v with one of the lexicon's
// endings: "retries" of "retry", "addresses" of "address", "queued" of
// "queue". A word is read in its listed forms only: an ending that makes
// no listed word ("reading", "blocks") reads nothing.
func (lx *lexicon) inflected(v vocab, w string) bool {
	for _, e := range lx.endings {
		stem, ok := strings.CutSuffix(w, e.Ending)
		if !ok || len(stem)+len(e.Base) < minStemLen {
			continue
		}
		if base := stem + e.Base; plainWords(base) && v.hasWord(base, base) {
			return true
		}
	}
	return false
}

// typos are the forms of the lexicon's mail words and fillers typed with
// one slip: two neighbouring letters swapped ("waht", "smpt", "retyr"),
// and, for mail words, one letter left out ("eror", "adress") or one
// typed twice ("errror"). Words of four letters or more only: shorter
// ones are too close to other words. A swap seldom makes another word;
// a letter left out of a short filler often does ("could" → "cold"), so
// fillers keep only swaps.
type typos struct {
	filler   map[string]bool // swaps of fillers
	mailForm map[string]bool // swaps and omissions of mail words
	mailWord map[string]bool // the mail words themselves, for a letter too many
}

// minTypoLen is the shortest word read with a slip.
const minTypoLen = 4

func newTypos(fillers, mail vocab) typos {
	ty := typos{filler: map[string]bool{}, mailForm: map[string]bool{}, mailWord: map[string]bool{}}
	for w := range fillers.words {
		addSwaps(ty.filler, w)
	}
	for w := range mail.words {
		if !plainWords(w) || strings.Contains(w, " ") {
			continue
		}
		ty.mailWord[w] = true
		addSwaps(ty.mailForm, w)
		if len(w) > minTypoLen {
			for i := range len(w) {
				ty.mailForm[w[:i]+w[i+1:]] = true
			}
		}
	}
	// A listed word is never a slip of another one.
	for w := range fillers.words {
		delete(ty.filler, w)
		delete(ty.mailForm, w)
	}
	for w := range mail.words {
		delete(ty.filler, w)
		delete(ty.mailForm, w)
	}
	return ty
}

// addSwaps adds w with each pair of neighbouring letters swapped.
func addSwaps(set map[string]bool, w string) {
	if len(w) < minTypoLen || !plainWords(w) || strings.Contains(w, " ") {
		return
	}
	b := []byte(w)
	for i := 0; i+1 < len(b); i++ {
		if b[i] == b[i+1] {
			continue
		}
		b[i], b[i+1] = b[i+1], b[i]
		set[string(b)] = true
		b[i], b[i+1] = b[i+1], b[i]
	}
}

// mail reports whether w is a mail word typed with one slip.
func (ty typos) mail(w string) bool {
	if len(w) < minTypoLen {
		return false
	}
	if ty.mailForm[w] {
		return true
	}
	// A letter typed twice ("errror", "emaill").
	for i := 1; i < len(w); i++ {
		if w[i] == w[i-1] && ty.mailWord[w[:i]+w[i+1:]] {
			return true
		}
	}
	return false
}

// countedAt reports whether toks[k:] opens with what a number right before
// it counts: a noun or unit of chatter.after ("550 emails"), maybe after a
// plan's or model's name of letters and digits ("550 E3 licences", "40
// M365 seats") or a word of the counted things' state (chatter.states:
// "250 queued mails").
func (lx *lexicon) countedAt(toks []token, k int) bool {
	if k >= len(toks) {
		return false
	}
	if lx.chatAfter.at(toks, k) > 0 {
		return true
	}
	n := lx.chatStates.at(toks, k)
	if n == 0 && modelName(toks[k]) {
		n = 1
	}
	return n > 0 && k+n < len(toks) && lx.chatAfter.at(toks, k+n) > 0
}

// measure reports whether the word t is a number shaped like a code with a
// unit of chatter.after glued to it ("450MiB", "550ms", "4.2.1gb"): a
// figure told with its unit, as "450 MiB" is, no code.
func (lx *lexicon) measure(t token) bool {
	k := strings.IndexFunc(t.text, func(r rune) bool { return !('0' <= r && r <= '9' || r == '.') })
	if k <= 0 {
		return false
	}
	if c, ok := classify(t.text[:k]); !ok || c.kind != tokCode && c.kind != tokBad {
		return false
	}
	return lx.chatAfter.folded(t.text[k:])
}

// modelName reports whether t is a word of letters and digits, both, as a
// product's plan or model is named ("E3", "M365", "P2"): no word of a
// reply's text.
func modelName(t token) bool {
	if t.kind != tokWord || !hasDigit(t.text) {
		return false
	}
	for _, r := range t.text {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			return false
		}
	}
	return strings.IndexFunc(t.text, unicode.IsLetter) >= 0
}

// parenStatus reports whether the basic code toks[i] stands alone in
// parentheses, as a web page titles its error ("Temporary Error (500)"),
// in a message with a word of a page seen in a browser (chatter.pages:
// "browser", "chrome"):
// an HTTP status, no SMTP reply, which opens its line with the code and
// goes on with text (RFC 5321 §4.2).
func (lx *lexicon) parenStatus(m *message, i int) bool {
	toks := m.toks
	if i == 0 || i+1 >= len(toks) || toks[i].kind != tokCode || !toks[i].code.Basic() ||
		toks[i-1].text != "(" || toks[i+1].text != ")" {
		return false
	}
	// Webmail's "SMTP Error (550): Failed to add recipient" (Roundcube)
	// gives the reply's text after a colon: a reply, in a browser or not.
	if i+2 < len(toks) && toks[i+2].text == ":" {
		return false
	}
	for j := range toks {
		if lx.chatPages.at(toks, j) > 0 {
			return true
		}
	}
	return false
}

// decimalCents reports whether the number toks[i] is followed by a
// decimal comma and two digits glued to it ("552,00"): an amount's
// cents, as prices are written in much of Europe.
func decimalCents(lower string, toks []token, i int) bool {
	if i+2 >= len(toks) || toks[i+1].text != "," || toks[i+1].at != toks[i].end {
		return false
	}
	c := toks[i+2]
	return c.at == toks[i+1].end && len(c.text) == 2 && isDigits(c.text) && c.end == c.at+2 &&
		(c.end == len(lower) || !isWordByte(lower[c.end]) && lower[c.end] != ',' && lower[c.end] != '.')
}

// updatedTo reports whether the dotted number toks[i] is the version a
// program was updated to: right after a word of chatter.to, in a clause
// with a verb of chatter.updates at most libraryReach words before it
// ("after updating the mail app to 5.5.0"). A word of chatter.generic
// between names a code set ("updated the reject code to 5.7.1").
func (lx *lexicon) updatedTo(toks []token, i int) bool {
	for n := 1; n <= 2 && i-n >= 0; n++ {
		if lx.chatTo.at(toks, i-n) != n {
			continue
		}
		return wordWithin(toks, i-n-1, -1, lx.chatUpdates, lx.chatGeneric)
	}
	return false
}

// changelogEntry reports whether the dotted number ending at text[end:]
// opens a release's changelog entry: a dash after it, then a word of
// chatter.changes ("5.1.1 – fixed inbox not refreshing"). A reply's
// enhanced code is followed by its description ("5.1.1 - Bad destination
// mailbox address"), never by what a release changed.
func (lx *lexicon) changelogEntry(text string, end int) bool {
	rest := strings.TrimLeft(text[end:], " ")
	if len(rest) == len(text[end:]) {
		return false // a dash glued to the number joins it ("5.1.1-beta")
	}
	for _, dash := range [...]string{"-", "–", "—"} {
		if after, ok := strings.CutPrefix(rest, dash); ok && strings.HasPrefix(after, " ") {
			toks := lx.tokenize(lowerText(capRunes(after, 40)))
			return len(toks) > 0 && toks[0].kind == tokWord && lx.chatChanges.at(toks, 0) > 0
		}
	}
	return false
}

// identifierPart reports whether the number at lower[i:j] is a part of
// an identifier: an order's or a parcel's number of a letter prefix and
// digit groups, "SO-550-117" (joined by hyphens) or "VN 550 511" (a
// prefix in capitals as typed, no word of mail, apart by spaces: "NDR
// 550 554" lists codes). Two digit groups with no
// dot and a prefix of letters make one: a reply's codes are a basic code
// and an enhanced one with dots ("550-5.7.1"), or a list of codes without
// a prefix ("550 551").
func (lx *lexicon) identifierPart(text, lower string, i, j int) bool {
	if snakePart(lower, i, j) || syslogPID(lower, i, j) {
		return true
	}
	a, b := i, j
	for a > 0 && (isAlnumByte(lower[a-1]) || lower[a-1] == '-' || lower[a-1] == '.') {
		a--
	}
	for b < len(lower) && (isAlnumByte(lower[b]) || lower[b] == '-' || lower[b] == '.') {
		b++
	}
	run := strings.TrimRight(lower[a:b], ".")
	if strings.Count(run, "-") >= 2 {
		return idParts(strings.Split(run, "-"))
	}
	if run != lower[i:j] || len(text) != len(lower) {
		return false
	}
	// Apart by spaces: groups of digits after a prefix in capitals.
	start, groups := i, 1
	for start >= 2 && lower[start-1] == ' ' && isDigitByte(lower[start-2]) {
		k := start - 2
		for k > 0 && isDigitByte(lower[k-1]) {
			k--
		}
		start, groups = k, groups+1
	}
	p := start - 1
	if p < 1 || lower[p] != ' ' {
		return false
	}
	for p > 0 && isAlnumByte(lower[p-1]) {
		p--
	}
	prefix := text[p : start-1]
	if len(prefix) < 2 || len(prefix) > 3 || strings.ToUpper(prefix) != prefix || !hasLetter(prefix) || hasDigit(prefix) || p > 0 && lower[p-1] != ' ' ||
		lx.chatMail.folded(fold(prefix)) || lx.separators.folded(fold(prefix)) || lx.connectors.folded(fold(prefix)) {
		return false
	}
	for q := j; q < len(lower) && lower[q] == ' '; {
		e := q + 1
		for e < len(lower) && isDigitByte(lower[e]) {
			e++
		}
		if e == q+1 || e < len(lower) && (isAlnumByte(lower[e]) || lower[e] == '.' && e+1 < len(lower) && isDigitByte(lower[e+1])) {
			break
		}
		groups++
		q = e
	}
	return groups >= 2
}

// snakePart reports whether the number at lower[i:j] is glued by an
// underscore to a name written in snake_case, a run of letters, digits and
// underscores holding a letter: a test's, a constant's or a function's
// name ("test_error_421_requeues_message", "ERR_550"), no code typed.
// Underscores with no letter in their run are Markdown's emphasis ("_550_").
func snakePart(lower string, i, j int) bool {
	if !(i > 0 && lower[i-1] == '_') && !(j < len(lower) && lower[j] == '_') {
		return false
	}
	a, b := i, j
	for a > 0 && (isAlnumByte(lower[a-1]) || lower[a-1] == '_') {
		a--
	}
	for b < len(lower) && (isAlnumByte(lower[b]) || lower[b] == '_') {
		b++
	}
	return hasLetter(lower[a:i] + lower[j:b])
}

// syslogPID reports whether the number at lower[i:j] is the process id a
// syslog line gives its program, in brackets glued to the program's name
// and followed by a colon (RFC 3164's TAG[PID]: "postfix/cleanup[442]:"):
// no code.
func syslogPID(lower string, i, j int) bool {
	return i >= 2 && lower[i-1] == '[' && (isAlnumByte(lower[i-2]) || lower[i-2] == '-' || lower[i-2] == '_') &&
		j+1 < len(lower) && lower[j] == ']' && lower[j+1] == ':'
}

// idParts reports whether parts make an identifier: a first part with a
// letter and at least two groups of digits, none with a dot.
func idParts(parts []string) bool {
	if len(parts) < 3 || !hasLetter(parts[0]) {
		return false
	}
	groups := 0
	for _, p := range parts {
		if p == "" || strings.Contains(p, ".") {
			return false
		}
		if isDigits(p) {
			groups++
		}
	}
	return groups >= 2
}
