package responses

import (
	"strings"
	"unicode/utf8"

	"github.com/smtpbot/smtpbot/bot"
	"github.com/smtpbot/smtpbot/catalog"
)

// TextOptions configure the terminal renderer.
type TextOptions struct {
	Options
	Width int  // wrap width in columns; 0 means 80
	Color bool // ANSI colours (only on a terminal without NO_COLOR)
}

const (
	ansiReset = "\x1b[0m"
	ansiBold  = "\x1b[1m"
	ansiDim   = "\x1b[2m"
)

func ansiClass(c catalog.Class) string { return styleOf(c).ansi }

// Text renders the answer for a terminal.
func Text(a bot.Answer, o TextOptions) string {
	if o.Width <= 20 {
		o.Width = 80
	}
	d := build(a, o.Options)
	var b strings.Builder
	style := func(s, code string) string {
		if !o.Color || code == "" {
			return s
		}
		return code + s + ansiReset
	}
	b.WriteString(style(d.Title, ansiBold+ansiClass(d.Class)))
	b.WriteString("\n")
	b.WriteString(strings.Repeat("=", min(o.Width, max(utf8.RuneCountInString(d.Title), 3))))
	b.WriteString("\n")
	for _, p := range d.Intro {
		b.WriteString("\n")
		b.WriteString(wrap(p, o.Width, ""))
	}
	var writeSection func(s section, depth int)
	writeSection = func(s section, depth int) {
		b.WriteString("\n")
		if s.Heading != "" {
			h := s.Heading
			if depth == 0 {
				b.WriteString(style(h, ansiBold+ansiClass(s.Class)))
				b.WriteString("\n")
				b.WriteString(strings.Repeat("-", min(o.Width, max(utf8.RuneCountInString(h), 3))))
			} else {
				b.WriteString(style(h+":", ansiBold))
			}
			b.WriteString("\n")
		}
		for _, q := range s.Quote {
			b.WriteString(style(wrap("“"+q+"”", o.Width, "  "), ansiDim))
		}
		for _, p := range s.Paras {
			b.WriteString(wrap(p, o.Width, ""))
		}
		for _, f := range s.Fields {
			b.WriteString(style(f.Name, ansiBold))
			b.WriteString("\n")
			for _, line := range strings.Split(f.Value, "\n") {
				b.WriteString(wrap(line, o.Width, "  "))
			}
		}
		for _, it := range s.Bullets {
			b.WriteString(wrapBullet(it, o.Width))
		}
		for _, sub := range s.Sub {
			writeSection(sub, depth+1)
		}
	}
	for _, s := range d.Sections {
		writeSection(s, 0)
	}
	if len(d.Links) > 0 {
		b.WriteString("\n")
		b.WriteString(style(a.Frame.LearnMore, ansiBold))
		b.WriteString("\n")
		for _, l := range d.Links {
			b.WriteString(wrapBullet(l.Title+": "+l.URL, o.Width))
		}
	}
	if d.Note != "" {
		b.WriteString("\n")
		b.WriteString(style(wrap(d.Note, o.Width, ""), ansiDim))
	}
	return b.String()
}

// wrap breaks s into lines of at most width columns, each prefixed with
// indent, ending with a newline. Words longer than a line stay whole.
func wrap(s string, width int, indent string) string {
	words := strings.Fields(s)
	if len(words) == 0 {
		return "\n"
	}
	var b strings.Builder
	col := 0
	limit := width - utf8.RuneCountInString(indent)
	for _, w := range words {
		n := utf8.RuneCountInString(w)
		switch {
		case col == 0:
			b.WriteString(indent)
		case col+1+n > limit:
			b.WriteString("\n")
			b.WriteString(indent)
			col = 0
		default:
			b.WriteString(" ")
			col++
		}
		b.WriteString(w)
		col += n
	}
	b.WriteString("\n")
	return b.String()
}

func wrapBullet(s string, width int) string {
	w := wrap(s, width, "    ")
	return "  - " + strings.TrimPrefix(w, "    ")
}
