package responses

import (
	"html"
	"strconv"
	"strings"

	"github.com/smtpbot/smtpbot/bot"
	"github.com/smtpbot/smtpbot/catalog"
)

// HTMLOptions configure the HTML renderer.
type HTMLOptions struct {
	Options
	// CodeURL, when set, turns the codes in code lists (usual enhanced and
	// basic codes, related codes, list items, suggestions) into links.
	CodeURL func(code string) string
	// AskURL, when set, turns help examples into links that ask them.
	AskURL func(question string) string
	// Figure is trusted HTML placed right after the introduction. The web
	// adapter puts its session diagram there; it is never escaped, so it must
	// never carry user text that was not escaped by its producer.
	Figure string
}

// HTML renders the answer as an HTML fragment: one <article>, with the title
// as <h1>, one <section> per part and the fields of a code as a <dl>. It
// carries lang and dir so it reads correctly inside a page of another
// language. The output is well-formed XML (void elements are self-closed),
// holds no script and no inline style; classes c2…c5 mark the reply class
// for the page's stylesheet.
func HTML(a bot.Answer, o HTMLOptions) string {
	d := build(a, o.Options)
	f := a.Frame
	var b strings.Builder
	b.Grow(8 << 10)
	// In a right-to-left page, text blocks take their direction from their
	// own first letters, so English code texts (not yet translated) and
	// pasted replies read left to right instead of with their punctuation
	// thrown to the wrong end.
	auto := ""
	if dir(f) == "rtl" {
		auto = ` dir="auto"`
	}
	b.WriteString(`<article class="answer`)
	writeClass(&b, d.Class)
	b.WriteString(`" lang="`)
	b.WriteString(esc(a.Lang))
	b.WriteString(`" dir="`)
	b.WriteString(esc(dir(f)))
	b.WriteString("\">\n<h1>")
	b.WriteString(esc(d.Title))
	b.WriteString("</h1>\n")
	for _, p := range d.Intro {
		b.WriteString(`<p class="intro"` + auto + `>`)
		b.WriteString(esc(p))
		b.WriteString("</p>\n")
	}
	b.WriteString(o.Figure)

	codeField := map[string]bool{f.UsualEnhanced: true, f.UsualBasic: true, f.Related: true}
	// Bullets that are "code name" lines link to the code; help examples ask.
	var bulletURL func(i int, text string) string
	switch {
	case a.List != nil && o.CodeURL != nil:
		bulletURL = func(i int, _ string) string { return o.CodeURL(a.List.Items[i].Code) }
	case a.Unknown != nil && o.CodeURL != nil:
		bulletURL = func(i int, _ string) string { return o.CodeURL(a.Unknown.Suggestions[i].Code) }
	case a.Help != nil && o.AskURL != nil:
		bulletURL = func(_ int, text string) string { return o.AskURL(text) }
	}

	var writeSection func(s section, level int, top bool)
	writeSection = func(s section, level int, top bool) {
		b.WriteString("<section")
		if s.Code != "" {
			b.WriteString(` id="code-`)
			b.WriteString(esc(s.Code))
			b.WriteString(`" class="code`)
			writeClass(&b, s.Class)
			b.WriteString(`"`)
		}
		b.WriteString(">\n")
		if s.Heading != "" {
			h := "h" + strconv.Itoa(level)
			b.WriteString("<" + h + ">")
			if name, ok := strings.CutPrefix(s.Heading, s.Code+" "); ok && s.Code != "" {
				b.WriteString(`<span class="badge`)
				writeClass(&b, s.Class)
				b.WriteString(`">`)
				b.WriteString(esc(s.Code))
				b.WriteString("</span> ")
				b.WriteString(esc(name))
			} else {
				b.WriteString(esc(s.Heading))
			}
			b.WriteString("</" + h + ">\n")
		}
		if len(s.Quote) > 0 {
			b.WriteString("<blockquote>")
			for _, q := range s.Quote {
				b.WriteString("<p" + auto + ">")
				b.WriteString(esc(q))
				b.WriteString("</p>")
			}
			b.WriteString("</blockquote>\n")
		}
		for _, p := range s.Paras {
			b.WriteString("<p" + auto + ">")
			b.WriteString(esc(p))
			b.WriteString("</p>\n")
		}
		if len(s.Fields) > 0 {
			b.WriteString("<dl>\n")
			for _, fl := range s.Fields {
				b.WriteString("<div><dt>")
				b.WriteString(esc(fl.Name))
				b.WriteString("</dt><dd" + auto + ">")
				if codeField[fl.Name] && o.CodeURL != nil {
					writeCodeList(&b, fl.Value, o.CodeURL)
				} else {
					b.WriteString(strings.ReplaceAll(esc(fl.Value), "\n", "<br/>"))
				}
				b.WriteString("</dd></div>\n")
			}
			b.WriteString("</dl>\n")
		}
		if len(s.Bullets) > 0 {
			b.WriteString("<ul>\n")
			for i, it := range s.Bullets {
				b.WriteString("<li" + auto + ">")
				if top && bulletURL != nil {
					writeLink(&b, bulletURL(i, it), it)
				} else {
					b.WriteString(esc(it))
				}
				b.WriteString("</li>\n")
			}
			b.WriteString("</ul>\n")
		}
		for _, sub := range s.Sub {
			writeSection(sub, min(level+1, 6), false)
		}
		b.WriteString("</section>\n")
	}
	for _, s := range d.Sections {
		writeSection(s, 2, true)
	}
	if len(d.Links) > 0 {
		b.WriteString("<section class=\"links\">\n<h2>")
		b.WriteString(esc(f.LearnMore))
		b.WriteString("</h2>\n<ul>\n")
		for _, l := range d.Links {
			b.WriteString("<li" + auto + ">")
			writeLink(&b, l.URL, l.Title)
			b.WriteString("</li>\n")
		}
		b.WriteString("</ul>\n</section>\n")
	}
	if d.Note != "" {
		b.WriteString(`<p class="note"` + auto + `>`)
		b.WriteString(esc(d.Note))
		b.WriteString("</p>\n")
	}
	b.WriteString("</article>\n")
	return b.String()
}

// writeCodeList links each code of a ", "-joined list; entries that are not
// codes (a registry note such as "5XX") stay text.
func writeCodeList(b *strings.Builder, list string, codeURL func(string) string) {
	for i, item := range strings.Split(list, ", ") {
		if i > 0 {
			b.WriteString(", ")
		}
		if _, err := catalog.ParseCode(item); err == nil {
			writeLink(b, codeURL(item), item)
		} else {
			b.WriteString(esc(item))
		}
	}
}

func writeLink(b *strings.Builder, url, text string) {
	if url == "" {
		b.WriteString(esc(text))
		return
	}
	b.WriteString(`<a href="`)
	b.WriteString(esc(url))
	b.WriteString(`">`)
	b.WriteString(esc(text))
	b.WriteString("</a>")
}

// writeClass appends " cN" for a reply class, so the stylesheet can colour
// by class; codes written with X have none.
func writeClass(b *strings.Builder, c catalog.Class) {
	if c >= catalog.ClassSuccess && c <= catalog.ClassPermanent {
		b.WriteString(" c")
		b.WriteString(strconv.Itoa(int(c)))
	}
}

func dir(f *catalog.Frame) string {
	if f.Dir == "rtl" {
		return "rtl"
	}
	return "ltr"
}

// esc escapes text for element content and quoted attributes.
func esc(s string) string { return html.EscapeString(s) }
