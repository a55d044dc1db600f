package bot

import (
	"slices"
	"strings"

	"github.com/smtpbot/smtpbot/catalog"
)

// Suggestion is a code proposed for a partly typed input, as autocomplete
// shows it.
type Suggestion struct {
	Code  string // "550", "5.7.26", or "X.7.26" when no class was typed
	Name  string // the code's name in the language asked for
	Class string // "5xx", "5.X.X", "X.X.X"
}

// maxSuggestInput caps the input Suggest reads, in runes.
const maxSuggestInput = 100

// Suggest proposes up to n codes for what a person is typing, with the same
// index, aliases and typo tolerance as chat questions:
//
//   - nothing typed: the codes people ask about most; only characters no
//     code or word is made of (spaces, emoji, control characters): nothing;
//   - digits and dots: a complete code first, as typed, since chat answers
//     any well-formed code ("5.7.62", even where the registry lists none);
//     then codes that start that way, the most met first ("55" → 550,
//     "5.7." → 5.7.1, as net/textproto reads a digit prefix; an x for a
//     part not given, "5.x.1"), then codes only providers document
//     ("5.7.70" → 5.7.708; a range by its first code, "4.7.50" → 4.7.500
//     of 4.7.500-699), else codes one typo away ("525" → 552,
//     "5.7.62" → 5.7.26); a reply's codes as a server writes them, the
//     last one being typed ("554 5.7", "550-5.1"), after words that
//     frame it ("error 550"); in this box alone, a code's parts typed
//     with spaces or commas ("5 1 1", "5,7,1");
//   - words: names, keywords and aliases typed whole or begun ("mailbox
//     fu"), then what chat reads in them ("mailbx full", "RecipNotFound"),
//     then names with a later word begun, names servers print that are no
//     words ("STOREDRV", "[TSS04]", any text a tag's pattern matches,
//     "[TS01"; one typed as its words, "bare line fe"), names found with
//     typos or as an abbreviation in part of the input; then the rule of
//     reasons that reads the words, or one of its wordings begun ("virus
//     det", "relay not perm"), with its example reply's codes; the
//     closest phrases only when none of these found one and a word is
//     one of a name, begun, misspelt or typed in Telex or VNI ("asdf",
//     "lol" name nothing). Chat's "did you mean" is this list.
func (b *Bot) Suggest(prefix, lang string, n int) []Suggestion {
	if n <= 0 {
		return nil
	}
	if !b.cat.HasLanguage(lang) {
		lang = b.defaultLang
	}
	in := fold(b.lex().unshort(suggestInput(prefix)))
	var codes []catalog.Code
	switch {
	case in == "" && prefix != "":
		// Only what no code or word is made of: spaces, emoji, control
		// characters. Nothing typed at all asks for the common codes.
		return nil
	case in == "":
		codes = b.commonCodes()
	case slashCommand(prefix) || channelName(prefix):
		// A chat command's own name ("/smtp", "/help") or a channel's
		// ("#general") typed into the box asks for no code.
		return nil
	default:
		if cs, ok := b.codesTyped(spacedCode(in)); ok {
			codes = cs
		} else if cs, ok := b.codesAfterProvider(in); ok {
			codes = cs
		} else if cs, ok := b.codesThenWords(in, n); ok {
			codes = cs
		} else {
			codes = b.codesByName(in, n)
		}
	}
	var out []Suggestion
	seen := map[catalog.Code]bool{}
	for _, c := range codes {
		if len(out) == n {
			break
		}
		if seen[c] {
			continue
		}
		seen[c] = true
		if s, ok := b.suggestion(c, lang); ok {
			out = append(out, s)
		}
	}
	return out
}

// slashCommand reports whether s is a chat command's name alone: a slash,
// then letters ("/smtp").
func slashCommand(s string) bool {
	name, ok := strings.CutPrefix(strings.TrimSpace(s), "/")
	return ok && name != "" && !strings.ContainsFunc(name, func(r rune) bool { return !isLetterRune(r) })
}

// suggestion names c in lang. A code the catalog lacks is named by what its
// digits say: its class, or its subject for an enhanced code (its class
// when the subject is none RFC 3463 defines); a code nothing names is not
// suggested.
// suggestInput is what the matchers read of a typed input: cleaned, folded
// and capped, without the backticks chat apps mark inline code with
// ("`5.7.1`", "```550```").
func suggestInput(s string) string {
	return strings.TrimSpace(strings.Trim(strings.TrimSpace(fold(stripTags(capRunes(Clean(s), maxSuggestInput)))), "`"))
}

// channelName reports whether s is a chat channel's name alone: a '#',
// then a letter and letters, digits, hyphens or underscores ("#general",
// "#mail-ops"). A code after '#' ("#550", qmail's "#5.1.1")
// is no name.
func channelName(s string) bool {
	name, ok := strings.CutPrefix(strings.TrimSpace(s), "#")
	return ok && name != "" && isLetterRune([]rune(name)[0]) && !strings.ContainsFunc(name, func(r rune) bool {
		return !isLetterRune(r) && !('0' <= r && r <= '9') && r != '-' && r != '_'
	})
}

// stripTags removes HTML or XML tags ("<script>", "</b>", "<br/>"): markup
// names no code. An address in brackets ("<user@example.com>") stays.
func stripTags(s string) string {
	if strings.IndexByte(s, '<') < 0 {
		return s
	}
	var b strings.Builder
	for {
		i := strings.IndexByte(s, '<')
		if i < 0 {
			break
		}
		j := strings.IndexByte(s[i:], '>')
		if j < 0 {
			break
		}
		tag := strings.TrimPrefix(s[i+1:i+j], "/")
		b.WriteString(s[:i])
		if tag == "" || !isASCIILetter(tag[0]) || strings.ContainsAny(tag, "<@") {
			b.WriteByte('<') // no tag: read on after its bracket
			s = s[i+1:]
			continue
		}
		b.WriteByte(' ')
		s = s[i+j+1:]
	}
	b.WriteString(s)
	return b.String()
}

func (b *Bot) suggestion(c catalog.Code, lang string) (Suggestion, bool) {
	if c.Basic() {
		s := Suggestion{Code: c.String(), Class: c.Reply.Class().Key()}
		if r := b.cat.Reply(c.Reply); r != nil {
			s.Name = r.Name.In(lang)
		} else {
			s.Name = b.cat.ReplyClass(c.Reply.Class()).Name.In(lang)
		}
		return s, s.Name != ""
	}
	s := Suggestion{Code: c.String(), Class: c.Enhanced.ClassKey()}
	if e := b.cat.Enhanced(c.Enhanced); e != nil {
		s.Name = e.Title.In(lang)
	} else {
		s.Name = b.cat.Subject(c.Enhanced.Subject).Name.In(lang)
	}
	if s.Name == "" {
		// A subject RFC 3463 does not define ("2.10.0"): named by its class.
		s.Name = b.cat.EnhancedClass(catalog.Class(c.Enhanced.Class)).Name.In(lang)
	}
	return s, s.Name != ""
}

// Filters proposes up to n filters for a list of codes, as "list" reads
// them: the classes of basic codes ("4xx"), then the subjects of enhanced
// codes, in the class typed ("5.7" → "5.7.x") or else in the registry form
// ("X.7.x"). A filter is proposed when it starts with the input or its
// name contains it.
func (b *Bot) Filters(prefix, lang string, n int) []Suggestion {
	if !b.cat.HasLanguage(lang) {
		lang = b.defaultLang
	}
	in := suggestInput(prefix)
	var all []Suggestion
	for _, cl := range []catalog.Class{catalog.ClassSuccess, catalog.ClassIntermediate, catalog.ClassTransient, catalog.ClassPermanent} {
		all = append(all, Suggestion{Code: cl.Key(), Name: b.cat.ReplyClass(cl).Name.In(lang), Class: cl.Key()})
	}
	class := 0 // registry form
	if in != "" && strings.ContainsRune("245", rune(in[0])) {
		class = int(in[0] - '0')
	}
	seen := map[int]bool{}
	for _, e := range b.cat.EnhancedList() {
		if sub := e.Code.Subject; !seen[sub] {
			seen[sub] = true
			code := catalog.EnhancedCode{Class: class, Subject: sub}
			value := strings.TrimSuffix(code.String(), "0") + "x"
			all = append(all, Suggestion{Code: value, Name: b.cat.Subject(sub).Name.In(lang), Class: code.ClassKey()})
		}
	}
	var out []Suggestion
	for _, s := range all {
		if len(out) == n {
			break
		}
		if in == "" || strings.HasPrefix(strings.ToLower(s.Code), in) || strings.Contains(fold(s.Name), in) {
			out = append(out, s)
		}
	}
	return out
}

// commonCodes are the basic codes, the most asked about first.
func (b *Bot) commonCodes() []catalog.Code {
	replies := slices.Clone(b.cat.Replies())
	slices.SortStableFunc(replies, func(x, y *catalog.Reply) int { return freqRank[x.Frequency] - freqRank[y.Frequency] })
	out := make([]catalog.Code, len(replies))
	for i, r := range replies {
		out[i] = catalog.Code{Reply: r.Code}
	}
	return out
}

// codesTyped reads an input made of codes or their start: one ("55",
// "5.7.", "5.x.1"), or a reply's codes as a server writes them, the last
// one still being typed ("554 5.7", "550-5.1"). The codes typed whole come
// first, then those the last one starts.
func (b *Bot) codesTyped(in string) ([]catalog.Code, bool) {
	// Words that only frame a code, typed apart before it ("error 550",
	// "lỗi 550 5.7"), as chat reads them.
	for {
		w, rest, ok := strings.Cut(in, " ")
		if !ok || !b.lex().fillers.folded(w) {
			break
		}
		in = strings.TrimSpace(rest)
	}
	// Two codes compared ("550 vs 554", "421 or 45"): the word between
	// them is left out, as chat reads a comparison; the second code may
	// still be being typed.
	if w := strings.Fields(in); len(w) == 3 && b.lex().separators.folded(w[1]) {
		in = w[0] + " " + w[2]
	}
	fields := strings.FieldsFunc(in, func(r rune) bool { return r == ' ' || r == '-' })
	if len(fields) == 0 || len(fields) > 2 {
		return nil, false
	}
	for i, f := range fields {
		if f = codeWritten(f); !codeLike(f) {
			return nil, false
		}
		fields[i] = f
	}
	var codes []catalog.Code
	for _, f := range fields {
		if c, err := catalog.ParseCode(strings.ToUpper(f)); err == nil {
			codes = append(codes, c)
		}
	}
	last := fields[len(fields)-1]
	more := b.codesByNumber(last)
	if e, ok := b.undotted(last); ok {
		// An enhanced code typed without its dots ("571", "5726") where
		// no reply code documented has those digits: the enhanced code
		// first, then the digits as typed and what they begin.
		head, typed := codes, []catalog.Code(nil)
		if n := len(codes); n > 0 && codes[n-1].String() == last {
			head, typed = codes[:n-1:n-1], codes[n-1:]
		}
		return append(append(append(head, e), typed...), more...), true
	}
	if n := len(codes); n > 0 && len(more) > 0 && !b.documented(codes[n-1]) && codePrefix(more[0].String(), last) {
		// A code no one documents that documented codes begin with
		// ("5.7.70" of Microsoft's 5.7.708) is still being typed: those
		// come first.
		return append(append(codes[:n-1:n-1], more...), codes[n-1]), true
	}
	return append(codes, more...), true
}

// undotted reads digits typed without dots as the enhanced code they
// spell, when no reply code the catalog documents is those digits: a
// class (2, 4 or 5), a one-digit subject and a detail of one to three
// digits ("571" is 5.7.1, "5726" 5.7.26, "4728" Gmail's 4.7.28), and the
// catalog or a provider documents that code. "550" stays 550.
func (b *Bot) undotted(f string) (catalog.Code, bool) {
	if len(f) < 3 || len(f) > 5 || !isDigits(f) || !strings.ContainsRune("245", rune(f[0])) || (f[2] == '0' && len(f) > 3) {
		return catalog.Code{}, false
	}
	if r, err := catalog.ParseReply(f); err == nil && b.cat.Reply(r) != nil {
		return catalog.Code{}, false
	}
	e, err := catalog.ParseEnhanced(f[:1] + "." + f[1:2] + "." + f[2:])
	if err != nil {
		return catalog.Code{}, false
	}
	c := catalog.Code{Enhanced: e}
	return c, b.documented(c)
}

// spacedCode reads a code typed with spaces or commas between its parts,
// as a phone's keypad or a decimal-comma locale writes it, when that is
// all the box holds: "5 1 1" and "5,7,1" are 5.1.1 and 5.7.1, "550 5 1 1"
// is 550 5.1.1. An enhanced code's class is one digit; other input is
// returned as it is ("550 551" are two codes). Only the autocomplete box
// reads it so: in chat's prose "5 1 1" is no code.
func spacedCode(in string) string {
	if !strings.ContainsAny(in, " ,-") {
		return in
	}
	// A phone's space after each full stop ("5. 7. 1") and hyphens for
	// dots ("5-7-1") part an enhanced code as spaces do; a full stop
	// between other parts ("550 5.1.1") leaves them as they are.
	f := strings.FieldsFunc(in, func(r rune) bool { return r == ' ' || r == ',' || r == '-' || r == '.' })
	if strings.Contains(in, ".") && !strings.Contains(in, ". ") && !strings.Contains(in, "-") {
		return in
	}
	for _, x := range f {
		if !isDigits(x) || len(x) > 3 {
			return in
		}
	}
	basic := ""
	if len(f) > 0 && len(f[0]) == 3 {
		basic, f = f[0]+" ", f[1:]
	}
	if len(f) < 2 || len(f) > 3 || len(f[0]) != 1 {
		return in
	}
	return basic + strings.Join(f, ".")
}

// documented reports whether the catalog or a provider describes c.
func (b *Bot) documented(c catalog.Code) bool {
	if c.Basic() {
		return b.cat.Reply(c.Reply) != nil
	}
	return b.cat.Enhanced(c.Enhanced) != nil || slices.ContainsFunc(b.ix.use.provider, func(e catalog.EnhancedCode) bool {
		return e.Subject == c.Enhanced.Subject && e.Detail == c.Enhanced.Detail && (e.Class == 0 || c.Enhanced.Class == 0 || e.Class == c.Enhanced.Class)
	})
}

// codeWritten is a code as typed without the marks text writes around it:
// qmail's "(#5.1.1)", the full stop of a sentence ("550.", "5.1.1."). A
// dot that a longer code can follow stays ("5.7.").
func codeWritten(f string) string {
	f = strings.TrimLeft(f, "(#")
	f = strings.TrimRight(f, "),;:")
	if t := strings.TrimRight(f, "."); t != f && t != "" && completeCode(t) {
		return t
	}
	return f
}

// completeCode reports whether no longer code starts as s does: a basic
// code's three digits, or an enhanced code's three parts.
func completeCode(s string) bool {
	if strings.Count(s, ".") == 2 {
		return true
	}
	return len(s) == 3 && !strings.Contains(s, ".")
}

// codeLike reports whether the input is (the start of) a code: digits,
// dots and x for a digit or a part not given ("x.7.26", "5.x.1", "5xx").
func codeLike(s string) bool {
	digit := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !isDigitByte(c) && c != '.' && c != 'x' {
			return false
		}
		digit = digit || isDigitByte(c)
	}
	return (digit || s == "x") && s[0] != '.'
}

// codePrefix reports whether the code written form starts as typed: each
// part the same, the last one typed so far a prefix of its part, an x for
// any part ("5.x.1") or, in a basic code, for any digit ("5xx").
func codePrefix(form, typed string) bool {
	if !strings.Contains(form, ".") {
		return !strings.Contains(typed, ".") && digitsPrefix(form, typed)
	}
	for {
		f, fRest, fMore := strings.Cut(form, ".")
		p, pRest, pMore := strings.Cut(typed, ".")
		switch {
		case !pMore:
			// The last part typed, as far as it is typed.
			return p == "x" || hasPrefixFold(f, p)
		case !fMore:
			return false // more parts typed than the code has
		case p != "x" && !strings.EqualFold(f, p):
			return false
		}
		form, typed = fRest, pRest
	}
}

// digitsPrefix reports whether code starts with typed, an x standing for
// any digit.
func digitsPrefix(code, typed string) bool {
	if len(typed) > len(code) {
		return false
	}
	for i := 0; i < len(typed); i++ {
		if typed[i] != 'x' && typed[i] != code[i] {
			return false
		}
	}
	return true
}

// codesByNumber matches the start of a code, the codes most met first and
// then those only providers document, else codes one typo away.
func (b *Bot) codesByNumber(in string) []catalog.Code {
	var prefix, near, nearLen []catalog.Code
	wild := strings.Contains(in, "x")
	try := func(c catalog.Code, form string) {
		switch {
		case codePrefix(form, in):
			prefix = append(prefix, c)
		case !wild && len(in) >= 3 && editDistance(in, strings.ToLower(form), 1) <= 1:
			// Two digits swapped ("5.7.62") before a digit wrong, missing
			// or too many.
			if sameBytes(form, in) {
				near = append(near, c)
			} else {
				nearLen = append(nearLen, c)
			}
		}
	}
	dotted := strings.Contains(in, ".")
	if !dotted {
		for _, r := range b.ix.use.replies {
			try(catalog.Code{Reply: r}, r.String())
		}
	}
	// An enhanced code is written in the class typed ("5.7.26"), or in its
	// registry form for "x.".
	if cls := in[0]; cls == 'x' || ((cls == '2' || cls == '4' || cls == '5') && (dotted || len(in) == 1)) {
		enhanced := b.ix.use.enhanced
		if cls != 'x' {
			enhanced = b.ix.use.inClass[cls]
		}
		for _, code := range enhanced {
			try(catalog.Code{Enhanced: code}, code.String())
		}
		for _, code := range b.ix.use.provider {
			switch {
			case cls == 'x':
				code.Class = 0 // the registry form, as asked
			case code.Class == 0:
				code.Class = int(cls - '0')
			case code.Class != int(cls-'0'):
				continue
			}
			try(catalog.Code{Enhanced: code}, code.String())
		}
	}
	if len(prefix) > 0 {
		return prefix
	}
	return append(near, nearLen...)
}

// didYouMean proposes up to n codes for words chat did not understand, as
// autocomplete would for them: one matcher for both.
func (b *Bot) didYouMean(content string, n int) []catalog.Code {
	if content = strings.TrimSpace(content); content == "" {
		return nil
	}
	out := uniqueCodes(b.codesByName(content, n))
	return out[:min(n, len(out))]
}

// codesByName finds codes by their names, keywords and aliases, and by
// the names servers print that are no words (NDR names, providers' tags):
// a phrase typed whole or begun ("mailbox fu"), then what chat reads in the
// whole input ("mailbx full", "RecipNotFound"), then phrases with a later
// word begun, then names found with typos or as abbreviations in part of
// it; the closest phrases only when none of these found a name.
func (b *Bot) codesByName(in string, n int) []catalog.Code {
	hits := b.namesStarting(in)
	if len(hits) == 0 {
		hits = b.namesAfterWords(in)
	}
	var out []catalog.Code
	m := b.lex().newMessage(in)
	names := b.findNames(m.toks, false)
	whole := len(names) == 1 && b.covers(names[0], m.toks)
	if whole && !names[0].fuzzy {
		out = append(out, names[0].code) // a name typed whole, or with typos
	}
	k := 0
	for ; k < len(hits) && hits[k].at < 2; k++ {
		out = hits[k].appendCodes(out)
	}
	if whole && names[0].fuzzy {
		out = append(out, names[0].code) // an abbreviation
	}
	for _, h := range hits[k:] {
		out = h.appendCodes(out)
	}
	// Each step costs more, so it runs only when the ones before fall
	// short.
	if len(out) < n {
		for _, f := range names {
			out = append(out, f.code)
		}
	}
	// What the rules read in the words, then the closest phrases, a
	// guess, for an input no name was found in.
	if len(out) == 0 {
		out = b.providerCodes(in)
	}
	if len(out) == 0 {
		out = b.ruleCodesFor(in)
	}
	if q := b.lex().contentText(m.toks); len(out) == 0 && !b.ix.namesNothing(q) && !hasNumber(m.toks) {
		out = b.ix.suggest(q, n)
	}
	return out
}

// maxWordsBefore is the most words typed before a name begun that
// namesAfterWords leaves out.
const maxWordsBefore = 3

// namesAfterWords finds the names that the input's last words begin, at
// least three of them, the last one cut short, when no name starts with
// or has a word that starts with the whole input: words said before a
// name being typed ("dung lượng hộp thư đã h", the storage, then "hộp
// thư đã hết" begun). The fewest words left out first. Words typed whole
// are left to what chat reads in them.
func (b *Bot) namesAfterWords(in string) []nameHit {
	words := strings.Fields(in)
	for k := 1; k <= maxWordsBefore && len(words)-k >= 3; k++ {
		var hits []nameHit
		for _, h := range b.namesStarting(strings.Join(words[k:], " ")) {
			if h.at < 2 && !h.words {
				hits = append(hits, h)
			}
		}
		if len(hits) > 0 {
			return hits
		}
	}
	return nil
}

// hasNumber reports whether toks hold a number or a code: words typed with
// one that no step above read as a name, a provider's or a rule's are no
// guess ("release 4.2.", "5.15.0-91-generic": a version, not a code).
func hasNumber(toks []token) bool {
	return slices.ContainsFunc(toks, func(t token) bool { return t.kind != tokWord && t.kind != tokPunct })
}

// termCode is the code chat answers for a term typed alone ("spam",
// "dkim", "QuotaExceeded", "[TSS04]"): the first code autocomplete offers
// for it (codesByName, step by step in the same order), when the step is
// a sure one: one name read over every word ("mailbx full", "mbox full"),
// a name, keyword, alias or mark typed whole, the first words of names of
// one code or of a cause the rules know ("spam" of "spam detected"), or a
// whole part of a server's name. A word begun ("spa"), the first words of
// names of many codes ("domain") or a later word of a phrase is a
// suggestion, never an answer. whole says that the term is a whole name,
// not only its first words.
func (b *Bot) termCode(in string) (code catalog.Code, whole, ok bool) {
	m := b.lex().newMessage(in)
	names := b.findNames(m.toks, false)
	named := len(names) == 1 && b.covers(names[0], m.toks)
	if named && !names[0].fuzzy {
		return names[0].code, true, true
	}
	hits := b.namesStarting(in)
	if len(hits) > 0 && hits[0].wording && hits[0].at != 0 && b.textRule(in) != nil {
		// Words the rules of reasons read that begin a provider's
		// wording, or are part of it ("TLS required" of Gmail's "TLS
		// required for RCPT domain"): the provider's code is a
		// suggestion; chat reads the words as the rules do, or as the
		// abbreviation of a name they are.
		if named {
			return names[0].code, true, true
		}
		return catalog.Code{}, false, false
	}
	if len(hits) > 0 && hits[0].at < 2 {
		h := hits[0]
		switch {
		case !h.words && (h.at != 1 || !strings.Contains(in, " ")):
			// A word cut short ("spa") names nothing for sure; one that
			// begins a server's name is read whole as the abbreviation
			// it is too ("QuotaExceeded").
			if named && h.mark != nil {
				return names[0].code, true, true
			}
			return catalog.Code{}, false, false
		case !h.words:
			// Whole words, then the last one cut short, as autocomplete
			// reads them ("relay acc"): sure when every name they begin
			// stands for one code.
			if b.oneCode(hits, true) {
				return h.appendCodes(nil)[0], false, true
			}
			return catalog.Code{}, false, false
		case h.at == 0:
			return h.appendCodes(nil)[0], true, true
		}
		// The first words of names ("spam" of "spam detected"): sure when
		// they begin names of one code only, or when the rules read them
		// as a cause; "domain" or "gmail" begin names of many.
		if b.oneCode(hits, false) || b.strongText(in) {
			return h.appendCodes(nil)[0], false, true
		}
		return catalog.Code{}, false, false
	}
	if named {
		return names[0].code, true, true // an abbreviation ("mbox full")
	}
	// A whole part of a server's name ("SendSizeLimit" of
	// RESOLVER.RST.SendSizeLimit.Sender) names it; a later word of a
	// phrase ("relay" of "unable to relay") does not.
	if len(hits) > 0 && hits[0].mark != nil && hits[0].words {
		return hits[0].mark[0], false, true
	}
	// Words no name or mark was found in, typed as a whole wording of a
	// rule that reads a cause in them ("virus", not "restricted", which
	// says only that something was refused): the code autocomplete
	// offers first from that rule.
	if len(hits) == 0 && len(names) == 0 {
		if h, ok := b.ruleWording(in); ok && h.text == markText(in) {
			if rule := b.textRule(in); rule != nil && rule.Strong && !rule.Generic {
				if codes := ruleCodes(b.cat, *rule); len(codes) > 0 {
					return codes[0], true, true
				}
			}
		}
	}
	return catalog.Code{}, false, false
}

// oneCode reports whether the names a term begins, whole words (or, with
// cut, also where its last word is cut short), marks known by their
// reason's codes aside, stand for one code: the
// same code, or a basic code and its usual enhanced codes ("relay" begins
// "relay access denied", 554, and "relay bị từ chối", X.7.1).
func (b *Bot) oneCode(hits []nameHit, cut bool) bool {
	var basic, enh []catalog.Code
	for _, h := range hits {
		if h.at > 1 {
			break
		}
		if (!h.words && !cut) || h.rank == reasonRank {
			// A mark's codes known only by its reason are a guess.
			continue
		}
		for _, c := range h.appendCodes(nil) {
			if c.Basic() {
				if basic = uniqueCodes(append(basic, c)); len(basic) > 1 {
					return false
				}
			} else {
				enh = uniqueCodes(append(enh, catalog.Code{Enhanced: catalog.EnhancedCode{Subject: c.Enhanced.Subject, Detail: c.Enhanced.Detail}}))
			}
		}
	}
	switch {
	case len(basic) == 0:
		return len(enh) == 1
	case len(enh) == 0:
		return true
	}
	r := b.cat.Reply(basic[0].Reply)
	for _, e := range enh {
		if r == nil || !slices.Contains(r.Enhanced, e.Enhanced) {
			return false
		}
	}
	return true
}

// covers reports whether a name found spans every word of the input that
// is not a filler: the input is that name, as chat reads it.
func (b *Bot) covers(f nameMatch, toks []token) bool {
	lx := b.lex()
	for i, t := range toks {
		if t.kind == tokWord && (i < f.start || i >= f.end) && !lx.fillers.has(t) && !b.ix.stray(t) {
			return false
		}
	}
	return true
}

// nameHit is a phrase or mark that starts as typed, and how well.
type nameHit struct {
	code catalog.Code   // a phrase's code
	mark []catalog.Code // or a mark's codes
	at   int            // 0 the whole phrase, 1 its start, 2 the start of a later word
	src  phraseSource
	rank int // codeRank of its first code
	size int // bytes of the phrase: the shorter, the closer to what was typed
	// words is set when the input ends where a word of the phrase ends:
	// "spam" in "spam detected", not "spa".
	words bool
	// wording is set for a mark that is a provider's wording in words.
	wording bool
	// reason is set for a mark that is a reason's name.
	reason string
}

func (h nameHit) appendCodes(out []catalog.Code) []catalog.Code {
	if h.mark != nil {
		return append(out, h.mark...)
	}
	return append(out, h.code)
}

// namesStarting finds the phrases and marks that start with the input, or
// have a word that does, best first: the phrase typed whole, then one it
// starts, then a later word; then the more common code, aliases before
// names and keywords, the shorter phrase. A phrase of several codes gives
// the one chat would answer for it.
func (b *Bot) namesStarting(in string) []nameHit {
	var hits []nameHit
	typed := in
	in = b.lex().phraseForm(in)
	at := func(t, in string) int {
		switch {
		case t == in:
			return 0
		case strings.HasPrefix(t, in):
			return 1
		case strings.Contains(t, " "+in):
			return 2
		}
		return -1
	}
	// wordEnd reports whether in, found in t at k, ends where a word of t
	// ends.
	wordEnd := func(t, in string, k int) bool {
		switch k {
		case 0:
			return true
		case 1:
			return t[len(in)] == ' '
		}
		end := strings.Index(t, " "+in) + 1 + len(in)
		return end == len(t) || t[end] == ' '
	}
	for i, t := range b.ix.targets {
		if in == "" {
			break // only punctuation or symbols: no phrase starts with that
		}
		if k := at(t, in); k >= 0 {
			p := b.ix.phrases[b.ix.tgtIDs[i][0]]
			hits = append(hits, nameHit{code: p.code, at: k, src: p.src, rank: b.codeRank(p.code), size: len(t), words: wordEnd(t, in, k)})
		}
	}
	if mark := markText(typed); mark != "" {
		n := len(hits)
		b.appendMarks(&hits, mark, at, wordEnd)
		// A server's name typed as one word, its last part begun as
		// no name goes on ("STOREDRV.Subm"): the parts typed whole. A
		// number after a word ("smtp-451") is no part of a name.
		if k := strings.LastIndexByte(mark, ' '); len(hits) == n && k > 0 && !isDigits(mark[k+1:]) && !strings.ContainsAny(strings.TrimSpace(typed), " \t") {
			b.appendMarks(&hits, mark[:k+1], at, wordEnd)
		}
		// A server's name of one word typed as the words it is made of
		// ("bare line fe" of SMTPSEND.BareLinefeedsAreIllegal).
		if joined := strings.ReplaceAll(mark, " ", ""); len(hits) == n && len(joined) >= minJoinedMark && joined != mark {
			b.appendMarks(&hits, joined, at, wordEnd)
		}
	}
	b.reasonRuleFirst(hits, typed)
	slices.SortStableFunc(hits, func(x, y nameHit) int {
		switch {
		case x.at != y.at:
			return x.at - y.at
		case x.rank != y.rank:
			return x.rank - y.rank
		case x.src != y.src:
			return int(x.src) - int(y.src)
		}
		return x.size - y.size
	})
	return hits
}

// reasonRuleFirst puts, before a reason's codes for its name begun
// ("policyvio" of policyviolation), the codes of the example reply of the
// rule of reasons that reads the same reason in the words typed: a reply
// that shows the reason comes before the reason's list of codes, as a
// mark's reply codes come before its reason's.
func (b *Bot) reasonRuleFirst(hits []nameHit, typed string) {
	var rule *catalog.ReasonRule
	read := false
	for i, h := range hits {
		if h.reason == "" {
			continue
		}
		if !read {
			rule, read = b.textRule(typed), true
		}
		if rule == nil || rule.Reason != h.reason {
			continue
		}
		if codes := leadingCodes(rule.Example); len(codes) > 0 {
			hits[i].mark = append(ownCodeFirst(b.cat, codes), h.mark...)
		}
	}
}

// appendMarks adds the marks that start with mark, or have a word that
// does, to hits.
func (b *Bot) appendMarks(hits *[]nameHit, mark string, at func(t, in string) int, wordEnd func(t, in string, k int) bool) {
	for _, h := range b.ix.marks {
		if k := at(h.text, mark); k >= 0 {
			// Marks tie in the order of their files, the most met first.
			rank := b.codeRank(h.codes[0])
			if h.byReason {
				rank = reasonRank // after every name and mark a reply shows
			}
			*hits = append(*hits, nameHit{mark: h.codes, at: k, src: srcKeyword, rank: rank, words: wordEnd(h.text, mark, k), wording: h.wording, reason: h.reason})
		}
	}
}

// phraseForm writes a folded input as the index writes its phrases: its
// words and codes joined by single spaces, punctuation left out ("etrn:
// unable" is "etrn unable", "utf-8 rep" is "utf8 rep").
func (lx *lexicon) phraseForm(in string) string {
	if plainWords(in) {
		return in // the common case: nothing to rewrite
	}
	var sb strings.Builder
	for _, t := range lx.tokenize(in) {
		if t.kind == tokPunct {
			continue
		}
		if sb.Len() > 0 {
			sb.WriteByte(' ')
		}
		sb.WriteString(t.text)
	}
	return sb.String()
}

// minJoinedMark is the fewest letters of words typed apart that are read
// as one word of a server's name.
const minJoinedMark = 8

// reasonRank ranks a mark whose codes are its reason's, after every code.
const reasonRank = 11

// codeRank orders suggestions: basic codes before enhanced ones, the more
// common first.
func (b *Bot) codeRank(c catalog.Code) int {
	if c.Basic() {
		if r := b.cat.Reply(c.Reply); r != nil {
			return freqRank[r.Frequency]
		}
	}
	return 10
}

// sameBytes reports whether a and b are made of the same bytes in another
// order.
func sameBytes(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	var count [256]int
	for i := 0; i < len(a); i++ {
		count[a[i]]++
		count[b[i]]--
	}
	return count == [256]int{}
}
