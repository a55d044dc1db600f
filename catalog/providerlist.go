package catalog

import (
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// CodePattern is what a list of a provider's codes is filtered by: a class
// ("4xx"), a class and subject ("5.7.x", "x.7.x"), the first digits of a
// detail ("5.7.7xx": details 700 to 799), one detail ("5.7.509"), or a
// range ("5.7.500-5.7.599", "550-554"). The zero pattern matches every
// code.
type CodePattern struct {
	Class   int  // 2, 4 or 5; 0 for any
	Basic   bool // only basic codes, numbered Lo to Hi
	Subject int  // enhanced codes of this subject; -1 for any
	Lo, Hi  int  // details (or basic numbers) from Lo to Hi; Hi < 0 for any
}

// AnyCode is the pattern that matches every code.
var AnyCode = CodePattern{Subject: -1, Hi: -1}

// ParseCodePattern reads a list filter as a pattern of codes; ok is false
// for text that is none ("" is AnyCode).
func ParseCodePattern(s string) (CodePattern, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	p := AnyCode
	switch {
	case s == "":
		return p, true
	case len(s) == 3 && strings.HasSuffix(s, "xx") && strings.ContainsRune("245", rune(s[0])):
		p.Class = int(s[0] - '0')
		return p, true
	case strings.Contains(s, "-"):
		a, z, _ := strings.Cut(s, "-")
		lo, errLo := ParseCode(a)
		hi, errHi := ParseCode(z)
		if errLo != nil || errHi != nil || lo.Basic() != hi.Basic() {
			return p, false
		}
		if lo.Basic() {
			return CodePattern{Class: int(lo.Reply.Class()), Basic: true, Subject: -1, Lo: int(lo.Reply), Hi: int(hi.Reply)}, true
		}
		l, h := lo.Enhanced, hi.Enhanced
		if l.Class != h.Class || l.Subject != h.Subject || l.Detail > h.Detail {
			return p, false
		}
		return CodePattern{Class: l.Class, Subject: l.Subject, Lo: l.Detail, Hi: h.Detail}, true
	}
	parts := strings.Split(s, ".")
	if len(parts) < 2 || len(parts) > 3 || !slices.Contains([]string{"2", "4", "5", "x"}, parts[0]) || !isDigitsOnly(parts[1]) {
		return p, false
	}
	if parts[0] != "x" {
		p.Class = int(parts[0][0] - '0')
	}
	p.Subject, _ = strconv.Atoi(parts[1])
	if len(parts) == 2 || parts[2] == "x" {
		return p, true
	}
	digits := strings.TrimRight(parts[2], "x")
	wild := len(parts[2]) - len(digits)
	if digits == "" || !isDigitsOnly(digits) || len(parts[2]) > 3 {
		return p, false
	}
	p.Lo, _ = strconv.Atoi(digits)
	span := 1
	for range wild {
		p.Lo, span = p.Lo*10, span*10
	}
	p.Hi = p.Lo + span - 1
	return p, true
}

func isDigitsOnly(s string) bool {
	return s != "" && strings.Trim(s, "0123456789") == ""
}

// IsAny reports whether p matches every code.
func (p CodePattern) IsAny() bool { return p == AnyCode }

// covers reports whether p matches a code of a provider's entry, whose
// details (or basic numbers) run from lo to hi: a class X entry ("X.7.27")
// is of both classes, so any class matches it.
func (p CodePattern) covers(c Code, lo, hi int) bool {
	if c.Basic() {
		switch {
		case p.Basic:
			return hi >= p.Lo && lo <= p.Hi
		case p.Subject >= 0:
			return false
		}
		return p.Class == 0 || int(c.Reply.Class()) == p.Class
	}
	e := c.Enhanced
	switch {
	case p.Basic:
		return false
	case p.Class != 0 && e.Class != 0 && e.Class != p.Class:
		return false
	case p.Subject >= 0 && e.Subject != p.Subject:
		return false
	}
	return p.Hi < 0 || hi >= p.Lo && lo <= p.Hi
}

// ProviderListItem is one of a provider's own codes in a list: the code as
// the provider documents it ("5.7.700-749", "X.7.27"), its meaning cut
// short in the asked language (English when it has none) and its class key.
type ProviderListItem struct {
	Code    string
	Meaning string
	Class   string
	Source  string // the provider's page that gives the meaning
}

// maxShortMeaning bounds a meaning in a list, in characters.
const maxShortMeaning = 160

// ListCodes returns the provider's own codes (providers.json codes) that p
// matches, in registry order (basic codes first, then subject, detail and
// class), each with its short meaning in lang. f cuts a meaning to its
// first sentence. It does no I/O.
func (pr *Provider) ListCodes(p CodePattern, lang string, f *Frame) []ProviderListItem {
	type keyed struct {
		item ProviderListItem
		key  [4]int
	}
	var out []keyed
	for _, pc := range pr.Codes {
		low, top, ranged := strings.Cut(pc.Code, "-")
		c, err := ParseCode(low)
		if err != nil {
			continue
		}
		lo := int(c.Reply)
		if !c.Basic() {
			lo = c.Enhanced.Detail
		}
		hi := lo
		if ranged {
			if n, err := strconv.Atoi(top); err == nil {
				hi = n
			}
		}
		if !p.covers(c, lo, hi) {
			continue
		}
		it := ProviderListItem{Code: pc.Code, Meaning: ShortMeaning(pc.Meaning.In(lang), f), Source: pc.Source}
		key := [4]int{0, lo}
		if c.Basic() {
			it.Class = c.Reply.Class().Key()
		} else {
			it.Class = c.Enhanced.ClassKey()
			key = [4]int{1, c.Enhanced.Subject, lo, c.Enhanced.Class}
		}
		out = append(out, keyed{it, key})
	}
	slices.SortStableFunc(out, func(a, b keyed) int { return slices.Compare(a.key[:], b.key[:]) })
	items := make([]ProviderListItem, len(out))
	for i, k := range out {
		items[i] = k.item
	}
	return items
}

// ShortMeaning is a meaning cut for a list line: its first sentence (f
// knows the abbreviations a sentence does not end at), at most
// maxShortMeaning characters, cut at a word with "…" when longer.
func ShortMeaning(s string, f *Frame) string {
	if f != nil {
		s = f.FirstSentence(s)
	}
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) <= maxShortMeaning {
		return s
	}
	r := []rune(s)[:maxShortMeaning]
	cut := string(r)
	if i := strings.LastIndexByte(cut, ' '); i > maxShortMeaning/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,;:") + "…"
}

// ProviderNamed returns the provider of id, if the catalog has it.
func (c *Catalog) ProviderNamed(id string) (*Provider, bool) {
	for i := range c.providers {
		if c.providers[i].ID == id {
			return &c.providers[i], true
		}
	}
	return nil, false
}
