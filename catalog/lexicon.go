package catalog

import (
	"errors"
	"fmt"
	"io/fs"
	"iter"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Lexicon is the vocabulary the parser reads questions with, for one
// language: lexicon/<lang>.json (see data/README.md). Words and phrases are
// written as people type them, lower case, with their diacritics; the parser
// matches them with and without diacritics, but a word typed with other
// diacritics is another word ("khắc" is not "khác").
type Lexicon struct {
	Lang string `json:"-"`

	// Aliases are phrases people use for a code beyond the catalog's names
	// and keywords, or shared by several codes and meant for one.
	Aliases []Alias `json:"aliases"`
	// Fillers frame a question and never name a code ("what", "là").
	Fillers []string `json:"fillers"`
	// Compounds are word pairs read as one word, so that neither part is
	// read alone ("khắc phục", fix, is not "khác", different; "full of"
	// says what fills a thing, not that a mailbox holds no more).
	Compounds []string `json:"compounds"`
	// Passed are the verdicts a report or dashboard prints for a check
	// that passed ("Compliant", "pass"): a row "SPF, DKIM, DMARC:
	// Compliant", or a clause "SPF DKIM DMARC all pass", lists checks
	// that did not fail, and names no failure.
	Passed []string `json:"passed"`
	// Lookalike words and phrases doubt that a text the asker got comes
	// from a mail system at all ("legit or phishing?", "got an SMS",
	// "scam?"): without a report's evidence (a code, an address, a
	// report's layout) such a text is a look-alike, no bounce.
	Lookalike []string `json:"lookalike"`
	// Compare words and phrases ask for a comparison ("vs", "same as").
	Compare []string `json:"compare"`
	// CompareSigns are marks typed between two things compared, standing
	// for a comparison word ("421 ≠ 450?"): each one character, no letter
	// nor digit.
	CompareSigns []string `json:"compare_signs"`
	// Separators end a phrase: what stands on either side names different
	// codes ("or", "hay").
	Separators []string `json:"separators"`
	// Connectors may be glued to a code without a space ("252vs552").
	Connectors []string `json:"connectors"`
	// Question words show a person wrote around a pasted reply.
	Question []string `json:"question"`
	// QuestionTail opens a question after a pasted reply ("anyone seen
	// this", "what do I do"): the reply ends before it.
	QuestionTail []string `json:"question_tail"`
	// NotReply are first words after a code that make it a question, not a
	// server reply ("550 vs 552", "450 a hard bounce?").
	NotReply []string `json:"not_reply"`
	// SentenceAfter are words that, right after codes named inside the
	// asker's own sentence ("why do I get 554 5.7.1 from outlook"), carry
	// that sentence on: what follows is the asker's, not the server's.
	SentenceAfter []string `json:"sentence_after"`
	// ReplyIntro are words a pasted reply follows ("said", "says").
	ReplyIntro []string `json:"reply_intro"`
	// LibraryReplyLabels are what a mail library writes between its own
	// wording of a reply's code and the server's text, from which it drops
	// the digits (.NET's SmtpException "Mailbox unavailable. The server
	// response was: …"): a code named whole before one is the reply's.
	LibraryReplyLabels []string `json:"library_reply_labels"`
	// Help: whole messages that ask for help; the words a help question is
	// made of; and the words among them that make it one.
	HelpPhrases  []string `json:"help_phrases"`
	HelpWords    []string `json:"help_words"`
	HelpTriggers []string `json:"help_triggers"`
	// List: commands that list the catalog ("list"), openers of a question
	// about it ("show me all"), its nouns ("codes") and the words that make
	// such a question about the whole catalog ("know", "support").
	ListCommands []string `json:"list_commands"`
	ListOpeners  []string `json:"list_openers"`
	ListNouns    []string `json:"list_nouns"`
	ListScope    []string `json:"list_scope"`
	// ListExcept are words that set a code aside in a list question
	// ("which 3xx replies exist besides 354?"): the code after one is
	// known to the asker, not asked about.
	ListExcept []string `json:"list_except"`
	// ClassWords name a class of replies in words, by its filter ("4xx":
	// "deferred", "soft bounce"): a question about such words and no code
	// is answered by the class.
	ClassWords map[string][]string `json:"class_words"`
	// ReplyDigits name each digit of a reply code in words, for the
	// first, second and third digit ("first": {"permanentnegativecompletion":
	// "5"}): RFC 5321 §4.2.1 names the first two digits' meanings, and a
	// library may spell a code with them (Rust lettre's "Code { severity:
	// PermanentNegativeCompletion, category: MailSystem, detail: Four }"
	// is 554). Names are lower case, run together as one word.
	ReplyDigits []map[string]string `json:"reply_digits"`
	// CountQuestion asks how many ("how many", "bao nhiêu"): beside class
	// words, a threshold each sender sets for itself, which no class
	// answers ("how many soft bounces before I suppress?").
	CountQuestion []string `json:"count_question"`
	// ClassMeasures are measures of a stream of mail ("rate", "tỉ lệ"):
	// set right beside a class word ("hard bounce rate", "tỉ lệ soft
	// bounce") they make the class word the subject of a figure of
	// sending, a statistic each sender reads for itself, not a class of
	// replies asked about.
	ClassMeasures []string `json:"class_measures"`
	// CodeAsked asks which code a server should send or a situation gets
	// ("which reply", "what code should", "trả mã nào", "là mã nào"): the
	// message's words are the asker's
	// situation, never a server's text, and the code they name is asked
	// about.
	CodeAsked []string `json:"code_asked"`
	// WithdrawBefore are words right before a code that take it back ("not
	// 522", "chứ không phải 522"), WithdrawAfter words right after it
	// ("5.7.62 by mistake"): the asker withdraws a code typed, as a strike
	// through it does ("~550~ 553"), and corrects it with another.
	WithdrawBefore []string `json:"withdraw_before"`
	WithdrawAfter  []string `json:"withdraw_after"`
	// RangeWords stand between the two ends of a range of codes ("5.7.20
	// to 5.7.27", "từ 550 đến 554"): the codes between are asked for.
	RangeWords []string `json:"range_words"`
	// RangeSigns are marks typed between the two ends of a range with no
	// space around them ("450-459", "5.7.20–5.7.27"), standing for a
	// range word; each one character, no letter nor digit.
	RangeSigns []string `json:"range_signs"`
	// RangeChanges are verbs of changing one thing for another ("switching
	// our reply from 450 to 451"): before two ends, they make the ends the
	// old and the new code, compared, not a range to list.
	RangeChanges []string `json:"range_changes"`
	// Detect: letters only this language uses among those people write to
	// the bot in (lower case; combining marks of decomposed text count),
	// and phrases and words that show a message is in this language.
	DetectLetters string   `json:"detect_letters"`
	DetectPhrases []string `json:"detect_phrases"`
	DetectWords   []string `json:"detect_words"`
	// DetectParticles are words of this language that end a sentence in
	// another one ("… which one is more serious ạ?", a politeness
	// particle): their letters decide nothing, and they count as one word
	// of the language, which tells it only when no other language's word
	// is there. Written with their diacritics, matched as typed.
	DetectParticles []string `json:"detect_particles"`
	// Chatter is the context that makes a number something else than a code.
	Chatter Chatter `json:"chatter"`
	// Endings are the endings the language's words take ("retries",
	// "addresses", "queued"), each with what the listed form ends in
	// instead: a word of chatter.mail is read in these forms too.
	Endings []Ending `json:"endings"`
	// Shorthand maps the short forms people type in chat for whole words
	// ("ko" for "không", "dc" for "được", "mk" for "mật khẩu") to those
	// words: a word typed in lower case alone, between spaces, is read as
	// the words it stands for, in chat and autocomplete alike.
	Shorthand map[string]string `json:"shorthand"`
	// Synonyms are groups of words or phrases that say the same thing in
	// the names, keywords and aliases of codes ("refused", "rejected",
	// "denied"): each name is also found written with another word of a
	// group in place of one of its own, in chat and autocomplete alike,
	// after the names as the catalog writes them.
	Synonyms [][]string `json:"synonyms"`
	// SaidAs are words of names that may be said with narrower ones, one
	// way: a name that says "failed" ("login failed") is found said
	// "refused" too, while one that says "refused" ("connection refused")
	// is not found as "failed".
	SaidAs map[string][]string `json:"said_as"`
	// CodeEndings are marks glued to the end of a code that count it
	// ("a pile of 5.1.1s", "550's"): the code is still the code.
	CodeEndings []string `json:"code_endings"`
	// Bounce are patterns (case-insensitive RE2) of text that shows a
	// message is a bounce or a server's reply, not a question.
	Bounce []string `json:"bounce"`
	// SenderLeads are patterns (case-insensitive RE2) of what a log line
	// or a queue listing writes right before the envelope sender's address
	// in angle brackets: Postfix's and Sendmail's "from=<…>", Exim's
	// "F=<…>", an Exim queue listing's message id ("exim -bp": "2h 52K
	// 1eSVjc-0000GA-8b <…>"). The sender's address names no failed
	// recipient, so it is no mark of a bounce (Bounce's address pattern).
	SenderLeads []string `json:"sender_leads"`
	// Stages are patterns that tell which command a reply answered.
	Stages []StageMarks `json:"stages"`
	// Abbreviations end in a period that ends no sentence ("e.g."): a
	// short answer's first sentence runs past them (Frame.FirstSentence).
	// Every language's apply to every text, since a text may quote
	// another language's (the registry's English titles in any card).
	Abbreviations []string `json:"abbreviations"`

	bounce  *Pattern // every Bounce pattern in one
	senders *Pattern // every SenderLeads pattern in one
	stages  []StagePattern
}

// StageMarks are the patterns of bounce text that name a stage ("in reply
// to RCPT TO command").
type StageMarks struct {
	Stage    Stage    `json:"stage"`
	Patterns []string `json:"patterns"`
	// Reply: the patterns are the shape of a server's reply naming the
	// address its command carried ("550 5.1.1 <a@b>: …"), read on the
	// reply alone: an MTA writes its own lines about an address the same
	// way (Sendmail's "550 5.1.2 <a@b>... Host unknown" after a failed DNS
	// lookup), which answer no command.
	Reply bool `json:"reply,omitempty"`
}

// StagePattern is a compiled StageMarks.
type StagePattern struct {
	Stage   Stage
	Pattern *Pattern
	Reply   bool // StageMarks.Reply
}

// BouncePattern matches text that reads like a bounce, or is nil.
func (lx *Lexicon) BouncePattern() *Pattern { return lx.bounce }

// SenderLeadPattern matches what stands right before a sender's address
// in a log line or a queue listing (SenderLeads), or is nil.
func (lx *Lexicon) SenderLeadPattern() *Pattern { return lx.senders }

// StagePatterns return the stage patterns, in file order.
func (lx *Lexicon) StagePatterns() []StagePattern { return slices.Clone(lx.stages) }

// compile compiles the patterns of the lexicon.
func (lx *Lexicon) compile() error {
	var errs []error
	if len(lx.Bounce) > 0 {
		p, err := CompilePattern("(?:" + strings.Join(lx.Bounce, ")|(?:") + ")")
		if err != nil {
			errs = append(errs, fmt.Errorf("catalog: lexicon/%s.json: bounce: %w", lx.Lang, err))
		}
		lx.bounce = p
	}
	if len(lx.SenderLeads) > 0 {
		p, err := CompilePattern("(?:" + strings.Join(lx.SenderLeads, ")|(?:") + ")")
		if err != nil {
			errs = append(errs, fmt.Errorf("catalog: lexicon/%s.json: sender_leads: %w", lx.Lang, err))
		}
		lx.senders = p
	}
	for _, s := range lx.Stages {
		if !knownStages[s.Stage] || len(s.Patterns) == 0 {
			errs = append(errs, fmt.Errorf("catalog: lexicon/%s.json: stage %q unknown or without patterns", lx.Lang, s.Stage))
			continue
		}
		p, err := CompilePattern("(?:" + strings.Join(s.Patterns, ")|(?:") + ")")
		if err != nil {
			errs = append(errs, fmt.Errorf("catalog: lexicon/%s.json: stage %s: %w", lx.Lang, s.Stage, err))
			continue
		}
		lx.stages = append(lx.stages, StagePattern{Stage: s.Stage, Pattern: p, Reply: s.Reply})
	}
	return errors.Join(errs...)
}

// Ending is an ending of a word and what the word's listed form ends in
// instead: "ies" for "y" reads "retries" as "retry"; "es" for "" reads
// "addresses" as "address".
type Ending struct {
	Ending string `json:"ending"`
	Base   string `json:"base"`
}

// Alias is a code and phrases people use for it. A library's own names
// for reply codes (.NET's SmtpStatusCode "MailboxBusy" for 450) are
// aliases too, each with the documentation that gives its code.
type Alias struct {
	Code string `json:"code"`
	// Library, where set, names the program whose identifiers the phrases
	// are, written as it writes them run together and lower-cased
	// ("mailboxbusy"): matched whole, never shortened ("mailbox" is no
	// abbreviation of one). Source is then the documentation that gives
	// each its code.
	Library string   `json:"library,omitempty"`
	Source  string   `json:"source,omitempty"`
	Phrases []string `json:"phrases"`
}

// Chatter lists what shows a number in a message is not an SMTP code: "room
// 421", "$550", "555 1234", "version 4.2.2", "550 dollars".
type Chatter struct {
	// Before are nouns and words that a number following them belongs to.
	Before []string `json:"before"`
	// After are units and nouns that a number before them counts.
	After []string `json:"after"`
	// States are words of the state of the things a number counts, which
	// may stand between the number and its noun of After ("250 queued
	// mails", "40 deferred messages"): the number still counts the noun.
	States []string `json:"states"`
	// Currency are symbols written next to an amount.
	Currency []string `json:"currency"`
	// Mail are words that show a message is about mail: a number in a
	// sentence without any of them, a question or a code's name is chatter.
	Mail []string `json:"mail"`
	// Web are words of the web ("link", "url"): beside them a number no
	// reply of the catalog has ("a 404") is a web page's status.
	Web []string `json:"web"`
	// WebBefore are words of the web that a number right after them
	// belongs to, whatever the number ("HTTP 503"): an HTTP status, never
	// an SMTP reply, even one the catalog has.
	WebBefore []string `json:"web_before"`
	// Port are words of a connection's transport ("port", "starttls",
	// "submission"): a number beside them that no code can be ("587 with
	// STARTTLS", "465 for implicit TLS") is a port number.
	Port []string `json:"port"`
	// Signs are marks glued after a number that make it an amount ("150%"):
	// such a number is no code, whatever its digits.
	Signs []string `json:"signs"`
	// CiteSigns are marks written before the number of a part of a
	// document cited ("§4.5.3.2"): such a number is no code, and a
	// message citing one is about the document, its words the asker's.
	CiteSigns []string `json:"cite_signs"`
	// Devices are things other than mail that show error numbers on their
	// own ("printer", "usb"): in a message that names one, the words any
	// error number is told with (Generic: "error", "code") are no sign of
	// mail; only the other mail words are.
	Devices []string `json:"devices"`
	// Elsewhere are things other than mail that have passwords, limits,
	// lists and stores of their own ("wifi", "login page", "procurement"):
	// a message that names one, types no code and holds no mail word but
	// those of a code's name ("mật khẩu wifi bị sai", "blacklisted by
	// procurement") asks about that thing, not about a reply.
	Elsewhere []string `json:"elsewhere"`
	// Generic are the mail words any error number is told with ("error",
	// "code", "status"): see Devices.
	Generic []string `json:"generic"`
	// Games are words of games and sports played for a score ("bowling",
	// "scored", "rematch"): in a message that names one and says nothing
	// of mail, the numbers are scores ("I scored 221 vs his 250"), no
	// codes.
	Games []string `json:"games"`
	// Software are names of programs whose dotted numbers right after them
	// are versions ("dovecot 2.3.21"), never enhanced codes.
	Software []string `json:"software"`
	// AfterEnd are classifiers that count the number before them only
	// where the clause ends with them ("bounce 421 cái,": 421 of them);
	// followed by a word they open a question ("cái nào", which one).
	AfterEnd []string `json:"after_end"`
	// Libraries are nouns of a program's package ("sdk", "library"): a
	// dotted number followed by a word of Of and then, within a few words,
	// one of them is the package's version ("2.1.0 of the mailgun SDK").
	Libraries []string `json:"libraries"`
	// Of are the words that tie a version to its package ("of").
	Of []string `json:"of"`
	// WebStatuses are HTTP statuses with their reason phrases (RFC 9110
	// §15) that no SMTP reply is written with ("202 Accepted", "429 Too
	// Many Requests"): a number written so is a web API's answer, no code.
	WebStatuses []string `json:"web_statuses"`
	// Pages are words of a web page seen in a browser ("browser",
	// "chrome", "website"): in a message that names one, a code alone in
	// parentheses ("Temporary Error (500)") is the page's error, an HTTP
	// status.
	Pages []string `json:"pages"`
	// PageStatuses are HTTP statuses with their reason phrases that an
	// SMTP reply may be written with too ("503 Service Unavailable"): in
	// a message naming a page (Pages), a number written so is the page's
	// status, no code.
	PageStatuses []string `json:"page_statuses"`
	// ProtocolReplies are the marks of another mail protocol's answer, lower
	// case: IMAP's response codes in brackets ("[authenticationfailed]",
	// "[overquota]": RFC 3501 §7.1, RFC 5530) and POP3's status
	// indicators and response codes ("-err", "+ok", "[auth]": RFC 1939,
	// RFC 2449 §8, RFC 3206). A message holding one and no SMTP code asks
	// about that protocol's answer, which no reply of the catalog is.
	ProtocolReplies []string `json:"protocol_replies"`
	// Updates are the verbs of updating a program ("updating",
	// "upgraded"): a dotted number after a word of To in their clause is
	// the version it was updated to ("updating the mail app to 5.5.0"),
	// unless a word of Generic names it a code ("updated the code to").
	Updates []string `json:"updates"`
	// To are the words that tie an update to its version ("to").
	To []string `json:"to"`
	// Changes are the words a release's changelog entry opens with after
	// its version and a dash ("5.1.1 – fixed …", "2.0 - added …").
	Changes []string `json:"changes"`
}

// NDRName is a name Exchange and Microsoft 365 print in a non-delivery
// report ("RESOLVER.ADR.RecipNotFound") and the codes it stands for:
// ndr.json. The category of a failure it reports is its enhanced code's.
type NDRName struct {
	Name     string       `json:"name"`
	Reply    ReplyCode    `json:"reply"`
	Enhanced EnhancedCode `json:"enhanced"`
	Meaning  Text         `json:"meaning"`
}

// Lexicons yields the parser vocabularies, English first, then by
// language, each a copy.
func (c *Catalog) Lexicons() iter.Seq[Lexicon] {
	return func(yield func(Lexicon) bool) {
		for _, l := range c.lexicons {
			if !yield(*l) {
				return
			}
		}
	}
}

// NDRNames yields the Exchange NDR names, in file order, each a copy.
func (c *Catalog) NDRNames() iter.Seq[NDRName] { return slices.Values(c.ndrNames) }

// loadLexicons reads lexicon/*.json and ndr.json.
func (c *Catalog) loadLexicons(fsys fs.FS) error {
	files, err := fs.Glob(fsys, "lexicon/*.json")
	if err != nil {
		return fmt.Errorf("catalog: %w", err)
	}
	var errs []error
	for _, f := range files {
		lx := &Lexicon{Lang: fileLang(f)}
		if err := decodeFile(fsys, f, lx); err != nil {
			errs = append(errs, err)
			continue
		}
		if err := lx.compile(); err != nil {
			errs = append(errs, err)
			continue
		}
		c.lexicons = append(c.lexicons, lx)
	}
	slices.SortFunc(c.lexicons, func(a, b *Lexicon) int { return compareLangs(a.Lang, b.Lang) })
	if len(c.lexicons) == 0 || c.lexicons[0].Lang != English {
		errs = append(errs, errors.New("catalog: lexicon/en.json is missing"))
	}
	if err := decodeFile(fsys, "ndr.json", &c.ndrNames); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// validateLexicons checks what strict decoding cannot: every alias names a
// code of the catalog, every entry is trimmed lower-case text, nothing is
// listed twice, and every NDR name's codes exist and agree.
func (c *Catalog) validateLexicons() error {
	var errs []error
	for _, lx := range c.lexicons {
		bad := func(format string, args ...any) {
			errs = append(errs, fmt.Errorf("catalog: lexicon/%s.json: "+format, append([]any{lx.Lang}, args...)...))
		}
		c.checkAliases(lx, bad)
		for name, list := range lx.lists() {
			checkEntries(name, list, false, bad)
		}
		if n := len(lx.ReplyDigits); n != 0 && n != 3 {
			bad("reply_digits: %d digits named, want 3", n)
		}
		for i, names := range lx.ReplyDigits {
			for name, d := range names {
				if len(d) != 1 || d[0] < '0' || d[0] > '9' || (i == 0 && (d[0] < '2' || d[0] > '5')) || !lowerLetters(name, "0123456789") {
					bad("reply_digits: %q for %q is no digit %d of a code, or not one lower-case word", d, name, i+1)
				}
			}
		}
		for filter, words := range lx.ClassWords {
			if len(filter) != 3 || filter[0] < '2' || filter[0] > '5' || filter[1:] != "xx" {
				bad("class_words: %q is no class (\"4xx\")", filter)
			}
			checkEntries("class_words."+filter, words, false, bad)
		}
		checkWordShapes(lx, bad)
	}
	errs = append(errs, c.ndrNameErrors()...)
	return errors.Join(errs...)
}

// checkAliases checks a lexicon's aliases: each names a code of the
// catalog, has phrases, and a library's names come with their source and
// are single identifiers.
func (c *Catalog) checkAliases(lx *Lexicon, bad func(string, ...any)) {
	for _, a := range lx.Aliases {
		code, err := ParseCode(a.Code)
		switch {
		case err != nil:
			bad("alias code %q: %v", a.Code, err)
		case code.Basic() && c.Reply(code.Reply) == nil, !code.Basic() && c.Enhanced(code.Enhanced) == nil:
			bad("alias code %s is not in the catalog", a.Code)
		}
		if len(a.Phrases) == 0 {
			bad("alias %s has no phrases", a.Code)
		}
		if (a.Library == "") != (a.Source == "") {
			bad("alias %s: a library's names need their source, and a source its library", a.Code)
		}
		for _, p := range a.Phrases {
			if a.Library != "" && strings.ContainsAny(p, " .") {
				bad("alias %s: library name %q is not one identifier", a.Code, p)
			}
		}
		checkEntries(a.Code, a.Phrases, false, bad)
	}
}

// checkWordShapes checks the lists whose entries must have one shape:
// detection letters and particles, comparison signs, compounds,
// abbreviations and word endings.
func checkWordShapes(lx *Lexicon, bad func(string, ...any)) {
	if strings.IndexFunc(lx.DetectLetters, unicode.IsUpper) >= 0 {
		bad("detect_letters: upper case")
	}
	for _, p := range lx.DetectParticles {
		if strings.ContainsAny(p, " \t") || len(p) > 16 {
			bad("detect_particle %q is not one short word", p)
		}
	}
	for _, sign := range lx.CompareSigns {
		if r, n := utf8.DecodeRuneInString(sign); n != len(sign) || r == utf8.RuneError || unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsSpace(r) {
			bad("compare sign %q is not one mark", sign)
		}
	}
	for _, sign := range lx.RangeSigns {
		if r, n := utf8.DecodeRuneInString(sign); n != len(sign) || r == utf8.RuneError || unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsSpace(r) {
			bad("range sign %q is not one mark", sign)
		}
	}
	for _, p := range lx.Compounds {
		if len(strings.Fields(p)) != 2 {
			bad("compound %q is not two words", p)
		}
	}
	for _, a := range lx.Abbreviations {
		if !strings.HasSuffix(a, ".") || strings.ContainsAny(a, " \t") {
			bad("abbreviation %q is not one word ending in a period", a)
		}
	}
	seen := map[Ending]bool{}
	for _, e := range lx.Endings {
		if !lowerLetters(e.Ending, "") || (e.Base != "" && !lowerLetters(e.Base, "")) || e.Ending == e.Base || seen[e] {
			bad("ending %q for %q: an ending is lower-case letters, its base other letters or none, listed once", e.Ending, e.Base)
		}
		seen[e] = true
	}
	for _, e := range lx.CodeEndings {
		if !lowerLetters(e, "'") || !strings.ContainsFunc(e, unicode.IsLetter) {
			bad("code ending %q is not lower-case letters (an apostrophe allowed)", e)
		}
	}
}

// ndrNameErrors checks that every NDR name is one word and its codes
// exist and agree.
func (c *Catalog) ndrNameErrors() []error {
	var errs []error
	for _, n := range c.ndrNames {
		bad := func(format string, args ...any) {
			errs = append(errs, fmt.Errorf("catalog: ndr.json: %s: "+format, append([]any{n.Name}, args...)...))
		}
		if n.Name == "" || strings.ContainsAny(n.Name, " \t") {
			bad("a name is one word")
		}
		if c.Reply(n.Reply) == nil {
			bad("reply %s is not in the catalog", n.Reply)
		}
		if c.Enhanced(n.Enhanced) == nil || n.Enhanced.Class == 0 {
			bad("enhanced %s is not a full code of the catalog", n.Enhanced)
		}
		if n.Enhanced.Class != int(n.Reply.Class()) {
			bad("reply %s and enhanced %s differ in class", n.Reply, n.Enhanced)
		}
		for _, lang := range c.contentLangs {
			if !n.Meaning.Has(lang) {
				bad("meaning needs %s text", lang)
			}
		}
	}
	return errs
}

// lists returns the word lists of a lexicon by field name.
func (lx *Lexicon) lists() map[string][]string {
	return map[string][]string{
		"fillers": lx.Fillers, "compounds": lx.Compounds, "passed": lx.Passed, "lookalike": lx.Lookalike, "compare": lx.Compare, "compare_signs": lx.CompareSigns, "separators": lx.Separators,
		"connectors": lx.Connectors, "question": lx.Question, "question_tail": lx.QuestionTail,
		"not_reply": lx.NotReply, "sentence_after": lx.SentenceAfter, "reply_intro": lx.ReplyIntro, "library_reply_labels": lx.LibraryReplyLabels, "help_phrases": lx.HelpPhrases,
		"help_words": lx.HelpWords, "help_triggers": lx.HelpTriggers, "list_commands": lx.ListCommands,
		"list_openers": lx.ListOpeners, "list_nouns": lx.ListNouns, "list_scope": lx.ListScope, "list_except": lx.ListExcept, "count_question": lx.CountQuestion, "class_measures": lx.ClassMeasures, "code_asked": lx.CodeAsked,
		"withdraw_before": lx.WithdrawBefore, "withdraw_after": lx.WithdrawAfter, "range_words": lx.RangeWords, "range_signs": lx.RangeSigns, "range_changes": lx.RangeChanges,
		"detect_phrases": lx.DetectPhrases, "detect_words": lx.DetectWords, "detect_particles": lx.DetectParticles,
		"chatter.before": lx.Chatter.Before, "chatter.after": lx.Chatter.After, "chatter.states": lx.Chatter.States,
		"chatter.currency": lx.Chatter.Currency, "chatter.mail": lx.Chatter.Mail, "chatter.web": lx.Chatter.Web,
		"chatter.web_before": lx.Chatter.WebBefore, "chatter.port": lx.Chatter.Port, "chatter.signs": lx.Chatter.Signs, "chatter.cite_signs": lx.Chatter.CiteSigns,
		"chatter.devices": lx.Chatter.Devices, "chatter.elsewhere": lx.Chatter.Elsewhere, "chatter.generic": lx.Chatter.Generic, "chatter.games": lx.Chatter.Games, "chatter.software": lx.Chatter.Software, "chatter.after_end": lx.Chatter.AfterEnd, "chatter.libraries": lx.Chatter.Libraries, "chatter.of": lx.Chatter.Of, "chatter.web_statuses": lx.Chatter.WebStatuses, "chatter.pages": lx.Chatter.Pages, "chatter.page_statuses": lx.Chatter.PageStatuses, "chatter.protocol_replies": lx.Chatter.ProtocolReplies, "chatter.updates": lx.Chatter.Updates, "chatter.to": lx.Chatter.To, "chatter.changes": lx.Chatter.Changes, "bounce": lx.Bounce, "sender_leads": lx.SenderLeads,
		"abbreviations": lx.Abbreviations, "code_endings": lx.CodeEndings,
	}
}

// lowerLetters reports whether s is made of lower-case letters and the
// characters of extra only.
func lowerLetters(s, extra string) bool {
	return s != "" && strings.IndexFunc(s, func(r rune) bool { return !unicode.IsLower(r) && !strings.ContainsRune(extra, r) }) < 0
}

// checkEntries reports empty, padded, upper-case or repeated entries of a
// word list. Where trailing is set, a space at the end belongs to the entry
// (bounce.json's "exim " is not "eximious"): only a leading one is padding.
func checkEntries(name string, list []string, trailing bool, bad func(string, ...any)) {
	seen := map[string]bool{}
	for _, s := range list {
		padded := s != strings.TrimSpace(s) || strings.Contains(s, "  ")
		if trailing {
			padded = s != strings.TrimLeft(s, " \t")
		}
		switch {
		case strings.TrimSpace(s) == "" && name != "help_phrases":
			bad("%s: empty entry", name)
		case padded:
			bad("%s: %q has extra spaces", name, s)
		case strings.IndexFunc(s, unicode.IsUpper) >= 0:
			bad("%s: %q is not lower case", name, s)
		case seen[s]:
			bad("%s: %q is listed twice", name, s)
		}
		seen[s] = true
	}
}
