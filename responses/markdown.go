package responses

import (
	"strings"

	"github.com/smtpbot/smtpbot/bot"
)

// Markdown renders the answer as CommonMark.
func Markdown(a bot.Answer, o Options) string {
	d := build(a, o)
	var b strings.Builder
	b.WriteString("# " + mdEscape(d.Title) + "\n")
	for _, p := range d.Intro {
		b.WriteString("\n" + mdEscape(p) + "\n")
	}
	// block writes items as one block of lines, each led by mark.
	block := func(mark string, items []string) {
		if len(items) == 0 {
			return
		}
		b.WriteString("\n")
		for _, it := range items {
			b.WriteString(mark + mdEscape(it) + "\n")
		}
	}
	var writeSection func(s section, level int)
	writeSection = func(s section, level int) {
		if s.Heading != "" {
			b.WriteString("\n" + strings.Repeat("#", level) + " " + badge(s.Class) + mdEscape(s.Heading) + "\n")
		}
		block("> ", s.Quote)
		for _, p := range s.Paras {
			b.WriteString("\n" + mdEscape(p) + "\n")
		}
		for _, f := range s.Fields {
			b.WriteString("\n**" + mdEscape(f.Name) + "**: " + strings.ReplaceAll(mdEscape(f.Value), "\n", "  \n") + "\n")
		}
		block("- ", s.Bullets)
		for _, sub := range s.Sub {
			writeSection(sub, level+1)
		}
	}
	for _, s := range d.Sections {
		writeSection(s, 2)
	}
	if len(d.Links) > 0 {
		b.WriteString("\n## " + mdEscape(a.Frame.LearnMore) + "\n\n")
		for _, l := range d.Links {
			b.WriteString("- [" + mdEscape(l.Title) + "](" + l.URL + ")\n")
		}
	}
	if d.Note != "" {
		b.WriteString("\n_" + mdEscape(d.Note) + "_\n")
	}
	return b.String()
}

var mdReplacer = strings.NewReplacer(`\`, `\\`, "*", `\*`, "_", `\_`, "`", "\\`", "[", `\[`, "]", `\]`, "<", "&lt;", ">", "&gt;")

func mdEscape(s string) string { return mdReplacer.Replace(s) }
