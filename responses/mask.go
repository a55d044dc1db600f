package responses

import (
	"strings"
	"unicode/utf8"

	"github.com/smtpbot/smtpbot/bot/bounce"
)

// maskEmails hides the people in s: every email address keeps the first
// character of its local part and its domain ("bob@example.com" becomes
// "b…@example.com"). IP addresses, host names and codes stay: they are
// what a public diagnosis is about. It masks more rather than less: any
// run of address characters around an "@" followed by a dotted domain is
// taken for an address.
func maskEmails(s string) string {
	if !strings.Contains(s, "@") {
		return s
	}
	var b strings.Builder
	from := 0 // s[from:] is not copied yet
	for i := 0; i < len(s); i++ {
		if s[i] != '@' {
			continue
		}
		start := i
		for start > from && isLocalByte(s[start-1]) {
			start--
		}
		end := bounce.DomainEnd(s, i)
		domain := s[i+1 : end]
		// A domain starts with a letter or digit and has a dot after it.
		if start == i || domain == "" || domain[0] == '.' || domain[0] == '-' || !strings.Contains(domain[1:], ".") {
			continue
		}
		_, n := utf8.DecodeRuneInString(s[start:i])
		b.WriteString(s[from:start])
		b.WriteString(s[start : start+n])
		b.WriteString("…@")
		b.WriteString(domain)
		from = end
		i = end - 1
	}
	if from == 0 {
		return s
	}
	b.WriteString(s[from:])
	return b.String()
}

// isLocalByte is a byte of an address's local part (RFC 5322 atext and
// dots), UTF-8 included for internationalised addresses (RFC 6531).
func isLocalByte(c byte) bool {
	return c >= 0x80 || isAlnum(c) || c == '.' || strings.IndexByte("!#$%&'*+/=?^_`{|}~-", c) >= 0
}

func isAlnum(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// The masks copy every slice they change (mapSlice): they may be the
// catalog's own.

func maskAll(in []string) []string { return mapSlice(in, maskEmails) }

func maskField(f field) field { return field{Name: maskEmails(f.Name), Value: maskEmails(f.Value)} }

// mask hides email addresses in every string of the doc a user sees. It
// copies every slice it changes: they may be the catalog's own.
func (d *doc) mask() {
	d.Title = maskEmails(d.Title)
	d.Intro = maskAll(d.Intro)
	d.Note = maskEmails(d.Note)
	d.Sections = maskSections(d.Sections)
}

func maskSections(in []section) []section { return mapSlice(in, maskSection) }

func maskSection(s section) section {
	s.Heading = maskEmails(s.Heading)
	s.Quote = maskAll(s.Quote)
	s.Paras = maskAll(s.Paras)
	s.Fields = mapSlice(s.Fields, maskField)
	s.Bullets = maskAll(s.Bullets)
	s.Sub = maskSections(s.Sub)
	return s
}

// mask hides email addresses in every string of the card a user sees.
func (c *card) mask() {
	c.Title = maskEmails(c.Title)
	c.Sentence = maskEmails(c.Sentence)
	c.Quote = maskEmails(c.Quote)
	c.PointsHeading = maskEmails(c.PointsHeading)
	c.Points = maskAll(c.Points)
	c.Note = maskEmails(c.Note)
	c.Columns = mapSlice(c.Columns, func(col column) column {
		col.Heading = maskEmails(col.Heading)
		col.Fields = mapSlice(col.Fields, maskField)
		return col
	})
}
