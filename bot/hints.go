package bot

import (
	"strings"
	"unicode"

	"github.com/smtpbot/smtpbot/bot/bounce"
)

// Hints is what a platform knows about a question besides its words. Every
// adapter asks through Ask with its hints, so that the choice of language
// is made here, once, the same way on every platform.
type Hints struct {
	// Lang, when set, is the answer's language whatever the words say:
	// --lang, a /vi/ path, a button that carried the language of the
	// answer it came with.
	Lang string
	// Locale is the language of the person's client ("vi", "en-US",
	// "zh-CN"), when the platform tells it. It decides when the words do
	// not: "252" or a pasted reply is in no language.
	Locale string
	// Platform is where the question was asked. Every adapter sets it: it
	// decides how the text is read (Slack sends &, < and > as entities)
	// and names the platform in what is decided here for all of them.
	Platform Platform
	// Attachment is set when the text is a file's content (a bounce saved
	// as .eml) rather than a message typed on the platform: it is read as
	// it is, whatever the platform's conventions for message text.
	Attachment bool
	// Intent, when set, is what the person chose on the platform (a
	// subcommand of /smtp): the question is Operands, as given, not text
	// to read for a command word. IntentDiagnose and "" read the text.
	Intent Intent
	// Operands are the values the person gave the chosen Intent: the
	// codes or names to compare (one each), the code to explain, the
	// class to list.
	Operands []string
}

// Platform names a way people reach the bot. Its values are also the
// adapters' names in logs and metrics labels.
type Platform string

// The platforms.
const (
	Slack   Platform = "slack"
	Discord Platform = "discord"
	Web     Platform = "web"
	CLI     Platform = "cli"
)

// slackText reads Slack's message text back into what the person typed:
// Slack sends every "&", "<" and ">" a person typed as "&amp;", "&lt;" and
// "&gt;", keeping bare "<" and ">" for its own markup (mentions, links),
// which Clean removes. One pass, so "&amp;lt;" becomes "&lt;", as typed.
var slackText = strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&")

// read is the text as the person wrote it, from what the platform sent.
// Only Slack's message text is encoded; a file's content never is, nor is
// text from Discord, the web or the terminal, where "&lt;" is what was
// typed.
func (h Hints) read(text string) string {
	if h.Platform == Slack && !h.Attachment && strings.IndexByte(text, '&') >= 0 {
		return slackText.Replace(text)
	}
	return text
}

// Ask answers text. The answer is in the first language the catalog has
// of: h.Lang; the language the words are written in (a person writing
// Vietnamese wants Vietnamese whatever their client says); h.Locale; the
// bot's default. A whole bounce email pasted is diagnosed as a message.
func (b *Bot) Ask(text string, h Hints) Answer {
	if q, ok := b.chosen(h); ok {
		return b.Answer(q, b.pickLang(q.Lang, h))
	}
	text = h.read(text)
	msg := unwrapPaste(text)
	whole := looksLikeMessage(msg)
	own, handed := "", false
	if !whole {
		own, handed = b.bounces.HandedOn(msg)
	}
	if whole || handed {
		// A whole bounce pasted, or one a person forwarded or quoted
		// with their own words around it: those words, not the report's,
		// tell the language they write in. When no failed recipient can
		// be found in it (a header block and a Diagnostic-Code, no
		// report), the reply in it is still read the way a pasted line is.
		if a := b.DiagnoseMessage([]byte(msg), b.pickLang(b.writtenIn(own), h)); a.NotBounce != bounce.KindNotMail {
			return a
		}
	}
	q := b.Parse(text)
	if kind := b.pastedNotBounce(q, text); kind != "" {
		return b.notBounce(kind, b.pickLang(q.Lang, h))
	}
	return b.Answer(q, b.pickLang(q.Lang, h))
}

// writtenIn is the language a person's own words are written in, "" when
// there are none or it cannot be told.
func (b *Bot) writtenIn(own string) string {
	if strings.TrimSpace(own) == "" {
		return ""
	}
	lx := b.lex()
	m := lx.newMessage(own)
	return lx.detectLang(m.body, m.folded, m.toks)
}

// pastedNotBounce is what a text not understood says it is when it is a
// pasted auto-reply or abuse report without its headers (bounce.KindAutoreply,
// bounce.KindFeedback), else "": nothing failed, and saying so answers better
// than "not understood". A question, and a term typed alone ("auto-reply"),
// are asked about, not pasted, unless the term is a Subject line's tag
// ("Automatic reply: Meeting").
func (b *Bot) pastedNotBounce(q Query, text string) string {
	if q.Intent != IntentUnknown || len(q.Codes)+len(q.Bad) > 0 || b.asks(text) {
		return ""
	}
	if b.termSized(q.Text) && !b.bounces.TaggedAutoreply(text) {
		return ""
	}
	return b.bounces.SaysWhatItIs(text)
}

// termSized reports whether text, cleaned, is no longer than a term typed
// alone (termWords).
func (b *Bot) termSized(text string) bool {
	lx := b.lex()
	_, _, ok := lx.termWords(lx.tokenize(lowerText(text)))
	return ok
}

// asks reports whether text is a question of the asker's ("how do I set up
// an out-of-office reply?"), not a text pasted to be read.
func (b *Bot) asks(text string) bool {
	return strings.Contains(text, "?") || b.lex().opensQuestion(strings.TrimSpace(text))
}

// Language is the language Ask would answer text in under h, for a note
// given instead of an answer (rate limited, a mention with no question).
func (b *Bot) Language(text string, h Hints) string {
	if h.Lang != "" && b.cat.HasLanguage(h.Lang) {
		return h.Lang
	}
	if q, ok := b.chosen(h); ok {
		return b.pickLang(q.Lang, h)
	}
	return b.pickLang(b.Parse(h.read(text)).Lang, h)
}

// Notice is a one-line note given instead of an answer.
type Notice int

const (
	// NoticeRateLimited: the person asks faster than the rate limits
	// allow; they should wait a few seconds.
	NoticeRateLimited Notice = iota
	// NoticeAskAgain: there is nothing to answer (a bare mention, a file
	// that cannot be read, a button whose question has expired); it says
	// how to ask.
	NoticeAskAgain
)

// Note is the text of notice n in the language Ask would answer text in
// under h, the same on every platform; the platform only lays it out.
func (b *Bot) Note(n Notice, text string, h Hints) string {
	f := b.cat.Frame(b.Language(text, h))
	if n == NoticeAskAgain {
		return f.MentionHint
	}
	return f.RateLimited
}

// pickLang applies Ask's order; written is the language the text is
// written in, "" when it cannot be told.
func (b *Bot) pickLang(written string, h Hints) string {
	if h.Lang != "" && b.cat.HasLanguage(h.Lang) {
		return h.Lang
	}
	if written != "" && b.cat.HasLanguage(written) {
		return written
	}
	if l := b.localeLang(h.Locale); l != "" {
		return l
	}
	return b.defaultLang
}

// localeLang maps a client locale ("vi", "en-US", "pt-BR", "zh-CN") to a
// catalog language, or "" when the catalog has none for it. Chinese
// locales are named by region, the catalog's Chinese by script.
func (b *Bot) localeLang(locale string) string {
	if locale == "" {
		return ""
	}
	script := ""
	switch locale {
	case "zh-CN", "zh-SG":
		script = "zh-Hans"
	case "zh-TW", "zh-HK":
		script = "zh-Hant"
	}
	base, _, _ := strings.Cut(locale, "-")
	for _, l := range []string{locale, script, strings.ToLower(base)} {
		if l != "" && b.cat.HasLanguage(l) {
			return l
		}
	}
	return ""
}

// HasQuestion reports whether text holds anything to answer once chat
// markup (mentions, links) is removed: a bare mention gets a short hint
// rather than the whole help.
func HasQuestion(text string) bool {
	return strings.IndexFunc(Clean(text), func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0
}
