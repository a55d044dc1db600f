package responses

import (
	"strings"
	"unicode/utf8"

	"github.com/smtpbot/smtpbot/catalog"
)

// Platform limits (DEVELOPERS.md). Slack counts characters; Discord counts
// characters too (Unicode code points), so both are measured in runes here.
const (
	SlackMaxBlocks       = 50
	SlackMaxHeader       = 150
	SlackMaxSectionText  = 3000
	SlackMaxFields       = 10
	SlackMaxFieldText    = 2000
	SlackMaxContextItems = 10
	SlackMaxButtonValue  = 2000
	SlackMaxFallbackText = 3000 // our own cap for the notification text

	DiscordMaxEmbeds      = 10
	DiscordMaxTitle       = 256
	DiscordMaxDescription = 4096
	DiscordMaxFields      = 25
	DiscordMaxFieldName   = 256
	DiscordMaxFieldValue  = 1024
	DiscordMaxFooter      = 2048
	DiscordMaxTotal       = 6000
	DiscordMaxContent     = 2000
)

// truncate shortens s to at most n runes. It cuts at the end of a sentence
// when one ends late enough, else at a word boundary, and marks the cut with
// "…" so a reader never meets a broken word without warning.
func truncate(s string, n int) string {
	if len(s) <= n || utf8.RuneCountInString(s) <= n { // bytes bound runes
		return s
	}
	if n <= 0 {
		return ""
	}
	if !utf8.ValidString(s) {
		// Never cut out half a rune nor pass invalid bytes on.
		s = strings.ToValidUTF8(s, "\ufffd")
		if utf8.RuneCountInString(s) <= n {
			return s
		}
	}
	if n < 3 {
		return s[:runeOffset(s, n-1)] + "…"
	}
	cut := s[:runeOffset(s, n-2)] // room for " …"
	// Prefer the end of a sentence in the last third.
	if i := strings.LastIndexAny(cut, ".!?"); i > 0 && utf8.RuneCountInString(cut[:i]) > (n*2)/3 && (i+1 == len(cut) || cut[i+1] == ' ' || cut[i+1] == '\n') {
		return cut[:i+1] + " …"
	}
	if i := strings.LastIndexAny(cut, " \n"); i > n/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,;:\n") + "…"
}

func runeLen(s string) int { return utf8.RuneCountInString(s) }

// runeOffset is the byte offset of the n-th rune of s (len(s) when s is
// shorter). Invalid bytes count as one rune each, as in []rune(s).
func runeOffset(s string, n int) int {
	for i := range s {
		if n == 0 {
			return i
		}
		n--
	}
	return len(s)
}

// badge is a coloured marker for a class, for formats without colour.
func badge(c catalog.Class) string { return styleOf(c).badge }

// classStyle is how each format marks a class: 2xx green, 3xx blue, 4xx
// amber, 5xx red, and the word the short card uses for it.
type classStyle struct {
	badge   string                      // a coloured marker, for formats without colour
	ansi    string                      // the terminal's colour
	discord int                         // an embed's colour
	kind    func(*catalog.Frame) string // the card's word: "a permanent failure"
}

var classStyles = [...]classStyle{
	catalog.ClassSuccess:      {"🟢 ", "\x1b[32m", 0x2EA043, func(f *catalog.Frame) string { return f.CardSuccess }},
	catalog.ClassIntermediate: {"🔵 ", "\x1b[34m", 0x1F6FEB, func(f *catalog.Frame) string { return f.CardIntermediate }},
	catalog.ClassTransient:    {"🟠 ", "\x1b[33m", 0xD29922, func(f *catalog.Frame) string { return f.CardTransient }},
	catalog.ClassPermanent:    {"🔴 ", "\x1b[31m", 0xCF222E, func(f *catalog.Frame) string { return f.CardPermanent }},
}

// styleOf is the class's style; grey, with no badge or colour code, for
// an answer without a class, which the card calls either kind (X.x.x).
func styleOf(c catalog.Class) classStyle {
	if c >= catalog.ClassSuccess && int(c) < len(classStyles) {
		return classStyles[c]
	}
	return classStyle{discord: 0x6E7681, kind: func(f *catalog.Frame) string { return f.CardEither }}
}
