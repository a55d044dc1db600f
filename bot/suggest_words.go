package bot

import (
	"slices"
	"strings"

	"github.com/smtpbot/smtpbot/catalog"
)

// What autocomplete reads in codes and words typed together: a code with a
// word after it ("421 throttl", "535 gmail"), a provider named with a code
// begun ("mimecast 55") or alone among words that name nothing else
// ("bounce back from outl").

// maxLeadCodes is the most codes read before the words that follow them
// ("550 5.7.1 Serv").
const maxLeadCodes = 2

// codesThenWords reads codes typed whole followed by words ("421
// throttl", "5.7.1 Serv", "535 gmail"): the codes as typed first, then
// what the words choose among the codes that go with them (the codes a
// named provider's example gives with the typed one, then codes the words'
// names and rules give that the typed code's replies list), then the
// enhanced codes the typed basic code's replies give. A provider's name
// may come before the codes ("zoho 553 relay"). False when the input does
// not start with a code typed whole, or a provider's name and one,
// followed by a word.
func (b *Bot) codesThenWords(in string, n int) ([]catalog.Code, bool) {
	fields := strings.Fields(in)
	// A provider's name before the codes ("zoho 553 relay") is read with
	// the words after them.
	lead := 0
	for j, f := range fields {
		if f = codeWritten(f); codeLike(f) && completeCode(f) {
			if j > 0 && len(b.providersNamed(markText(strings.Join(fields[:j], " ")))) > 0 {
				lead = j
			}
			break
		}
	}
	name, fields := fields[:lead], fields[lead:]
	var typed []catalog.Code
	k := 0
	for ; k < len(fields) && k < maxLeadCodes; k++ {
		f := codeWritten(fields[k])
		if !codeLike(f) || !completeCode(f) || strings.Contains(f, "x") {
			break
		}
		c, err := catalog.ParseCode(f)
		if err != nil {
			break
		}
		typed = append(typed, c)
	}
	if k == 0 || k == len(fields) || !strings.ContainsFunc(fields[k], isLetterRune) {
		return nil, false
	}
	if !slices.ContainsFunc(typed, b.documented) {
		// Reply codes no one documents, then words ("404 not found",
		// "503 service unavailable" of HTTP): another protocol's status
		// line, no SMTP code to guess.
		return nil, true
	}
	words := strings.Join(fields[k:], " ")
	out := slices.Clone(typed)
	for _, pn := range b.providersNamed(markText(strings.Join(append(slices.Clone(name), words), " "))) {
		out = append(out, enhancedAfter(pn.codes, typed)...)
	}
	for _, c := range append(b.codesByName(words, n), b.ruleCodesFor(words)...) {
		if e, ok := b.goesWith(typed, c); ok {
			out = append(out, e)
		}
	}
	for _, t := range typed {
		if r := b.cat.Reply(t.Reply); t.Basic() && r != nil {
			for _, e := range r.Enhanced {
				e.Class = int(t.Reply.Class())
				out = append(out, catalog.Code{Enhanced: e})
			}
		}
	}
	return out, true
}

// goesWith reports whether c, a code words name, goes with the codes typed
// before them, written as they would write it: an enhanced code a typed
// basic code's replies list, in its class ("421 throttl" → 4.7.0 of
// X.7.0); a basic code whose replies list a typed enhanced code, or one
// typed.
func (b *Bot) goesWith(typed []catalog.Code, c catalog.Code) (catalog.Code, bool) {
	for _, t := range typed {
		switch {
		case c.Basic() && c == t:
			return c, true
		case c.Basic() && !t.Basic():
			if r := b.cat.Reply(c.Reply); r != nil && slices.Contains(r.Enhanced, t.Enhanced.Generic()) && int(c.Reply.Class()) == t.Enhanced.Class {
				return c, true
			}
		case !c.Basic() && t.Basic():
			if r := b.cat.Reply(t.Reply); r != nil && slices.Contains(r.Enhanced, c.Enhanced.Generic()) {
				e := c.Enhanced
				e.Class = int(t.Reply.Class())
				return catalog.Code{Enhanced: e}, true
			}
		}
	}
	return catalog.Code{}, false
}

// providerCodes reads words that name a provider, its name typed whole or
// begun as the last words ("bounce back from outl" of Microsoft's
// "outlook.com"), with a code begun after it or none ("mimecast 55"): the
// codes of the provider's example replies, in their order, those the code
// begun starts first, then the codes it starts. Nil when no provider is
// named.
func (b *Bot) providerCodes(in string) []catalog.Code {
	mark := markText(in)
	begun := ""
	if k := strings.LastIndexByte(mark, ' '); k > 0 && codeLike(mark[k+1:]) {
		mark, begun = mark[:k], mark[k+1:]
	}
	named := b.providersNamed(mark)
	if len(named) == 0 {
		return nil
	}
	var out []catalog.Code
	for _, pn := range named {
		for _, c := range pn.codes {
			if begun == "" || codePrefix(c.String(), begun) {
				out = append(out, c)
			}
		}
	}
	if begun != "" {
		out = append(out, b.codesByNumber(begun)...)
	}
	return uniqueCodes(out)
}

// providerName is a name people call a provider by, as a mark, with the
// codes of the provider's example replies in their order and the codes it
// gives its own meanings of.
type providerName struct {
	mark     string
	provider int // index in the catalog's providers
	codes    []catalog.Code
	// own are the codes of the provider's meanings, in their order; a
	// range by its first code ("4.7.650-651" is 4.7.650), an enhanced code
	// of both classes in the registry form ("X.7.27").
	own []catalog.Code
}

func newProviderNames(cat *catalog.Catalog) []providerName {
	var out []providerName
	i := 0
	for p := range cat.Providers() {
		var codes, own []catalog.Code
		for _, ex := range p.Examples {
			codes = append(codes, leadingCodes(ex.Text)...)
		}
		for _, pc := range p.Codes {
			first, _, _ := strings.Cut(pc.Code, "-")
			if c, err := catalog.ParseCode(strings.ToUpper(first)); err == nil {
				own = append(own, c)
			}
		}
		for _, name := range p.Names {
			if m := markText(name); m != "" {
				out = append(out, providerName{mark: m, provider: i, codes: codes, own: own})
			}
		}
		i++
	}
	return out
}

// codesAfterProvider reads a provider's name followed by a reply's codes,
// the last one whole or still being typed ("yahoo 421 4.7", "gmail 4.2.",
// "office 365 5.7.13", "zoho 554 5.1.8"): the codes typed whole before the
// last one first; then the codes the provider gives that the last one
// begins, those of its example replies (the ones that follow a typed basic
// code first) before those of its own meanings; the last code itself goes
// before them when the provider gives it or gives no longer code it begins
// ("hotmail 5.7.1" is 5.7.1, "microsoft 5.1.9" Microsoft's 5.1.90); then
// every code it begins. False when the input is no provider's name
// followed by codes.
func (b *Bot) codesAfterProvider(in string) ([]catalog.Code, bool) {
	fields := strings.Fields(in)
	n := len(fields)
	if n < 2 {
		return nil, false
	}
	for i, f := range fields {
		fields[i] = codeWritten(f)
	}
	begun := fields[n-1]
	if !codeLike(begun) {
		return nil, false
	}
	// The codes typed whole before the last one: a reply's basic code
	// and no more, each one the catalog knows ("365" of "office 365" is
	// part of the name).
	k := n - 1
	var typed []catalog.Code
	for k > 1 && n-k < maxLeadCodes {
		c, err := catalog.ParseCode(strings.ToUpper(fields[k-1]))
		if err != nil || !codeLike(fields[k-1]) || !completeCode(fields[k-1]) || !b.documented(c) {
			break
		}
		typed = append([]catalog.Code{c}, typed...)
		k--
	}
	named := b.providersNamed(markText(strings.Join(fields[:k], " ")))
	if len(named) == 0 {
		return nil, false
	}
	cls := byte(0)
	if strings.ContainsRune("245", rune(begun[0])) && (strings.Contains(begun, ".") || len(begun) == 1) {
		cls = begun[0] // an enhanced code's class, as typed
	}
	var gives []catalog.Code
	for _, pn := range named {
		gives = append(gives, enhancedAfter(pn.codes, typed)...)
		gives = append(gives, pn.codes...)
		for _, c := range pn.own {
			if !c.Basic() && c.Enhanced.Class == 0 && cls != 0 {
				c.Enhanced.Class = int(cls - '0') // both classes: the one typed
			}
			gives = append(gives, c)
		}
	}
	var starts []catalog.Code
	for _, c := range uniqueCodes(gives) {
		if codePrefix(c.String(), begun) {
			starts = append(starts, c)
		}
	}
	out := typed
	if last, err := catalog.ParseCode(strings.ToUpper(begun)); err == nil && completeCode(begun) {
		if len(starts) == 0 || slices.Contains(starts, last) || !codePrefix(starts[0].String(), begun) {
			out = append(out, last)
		}
	}
	out = append(out, starts...)
	return append(out, b.codesByNumber(begun)...), true
}

// minProviderBegun is the fewest letters of a provider's name begun that
// name it ("outl").
const minProviderBegun = 3

// providersNamed are the names of providers mark holds, one per provider:
// a name as whole words, or begun at the end ("bounce back from outl" of
// "outlook.com").
func (b *Bot) providersNamed(mark string) []providerName {
	if mark == "" {
		return nil
	}
	padded := " " + mark + " "
	var out []providerName
	for _, pn := range b.ix.providerNames {
		if len(out) > 0 && out[len(out)-1].provider == pn.provider {
			continue
		}
		if strings.Contains(padded, " "+pn.mark+" ") || begunAtEnd(mark, pn.mark) {
			out = append(out, pn)
		}
	}
	return out
}

// begunAtEnd reports whether mark ends with the start of name, from a word
// of mark on, of minProviderBegun letters or more.
func begunAtEnd(mark, name string) bool {
	for i := 0; i+minProviderBegun <= len(mark); i++ {
		if (i == 0 || mark[i-1] == ' ') && strings.HasPrefix(name, mark[i:]) {
			return true
		}
	}
	return false
}

func isLetterRune(r rune) bool { return r >= 0x80 || ('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z') }

// enhancedAfter returns the enhanced codes that follow each typed basic
// code in a provider's example codes: in its examples, a reply's enhanced
// code comes right after its basic one.
func enhancedAfter(codes, typed []catalog.Code) []catalog.Code {
	var out []catalog.Code
	for i, c := range codes {
		if !c.Basic() || !slices.Contains(typed, c) {
			continue
		}
		for _, e := range codes[i+1:] {
			if e.Basic() {
				break
			}
			out = append(out, e)
		}
	}
	return out
}
