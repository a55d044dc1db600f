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
	w := &htmlWriter{
		codeField: map[string]bool{f.UsualEnhanced: true, f.UsualBasic: true, f.Related: true},
		codeURL:   o.CodeURL,
		bulletURL: bulletLinks(a, o),
	}
	// In a right-to-left page, text blocks take their direction from their
	// own first letters, so English code texts (not yet translated) and
	// pasted replies read left to right instead of with their punctuation
	// thrown to the wrong end.
	if dir(f) == "rtl" {
		w.auto = ` dir="auto"`
	}
	w.b.Grow(8 << 10)
	w.header(a, d, o.Figure)
	for _, s := range d.Sections {
		w.section(s, 2, true)
	}
	w.links(f.LearnMore, d.Links)
	if d.Note != "" {
		w.b.WriteString(`<p class="note"` + w.auto + `>`)
		w.b.WriteString(esc(d.Note))
		w.b.WriteString("</p>\n")
	}
	w.b.WriteString("</article>\n")
	return w.b.String()
}

// htmlWriter writes one answer's fragment.
type htmlWriter struct {
	b         strings.Builder
	auto      string          // ` dir="auto"` on text blocks in a right-to-left page
	codeField map[string]bool // field names whose values are code lists
	codeURL   func(code string) string
	bulletURL func(i int, text string) string // links the top-level bullets, or nil
}

// bulletLinks links the bullets that are "code name" lines of the
// registry to the code, and help examples to asking them; nil when nothing
// links.
func bulletLinks(a bot.Answer, o HTMLOptions) func(i int, text string) string {
	switch {
	case a.List != nil && a.List.Provider != "":
		// A provider's meanings, some of ranges ("5.7.700-749"): a code's
		// page gives the registry's, so the lines link nowhere.
		return nil
	case a.List != nil && o.CodeURL != nil:
		return func(i int, _ string) string { return o.CodeURL(a.List.Items[i].Code) }
	case a.Unknown != nil && o.CodeURL != nil:
		return func(i int, _ string) string { return o.CodeURL(a.Unknown.Suggestions[i].Code) }
	case a.Help != nil && o.AskURL != nil:
		return func(_ int, text string) string { return o.AskURL(text) }
	}
	return nil
}

// header opens the article and writes the title, the introduction and the
// figure.
func (w *htmlWriter) header(a bot.Answer, d doc, figure string) {
	b := &w.b
	b.WriteString(`<article class="answer`)
	writeClass(b, d.Class)
	b.WriteString(`" lang="`)
	b.WriteString(esc(a.Lang))
	b.WriteString(`" dir="`)
	b.WriteString(esc(dir(a.Frame)))
	b.WriteString("\">\n<h1>")
	b.WriteString(esc(d.Title))
	b.WriteString("</h1>\n")
	for _, p := range d.Intro {
		b.WriteString(`<p class="intro"` + w.auto + `>`)
		b.WriteString(esc(p))
		b.WriteString("</p>\n")
	}
	b.WriteString(figure)
}

// section writes one part of the answer at heading level, with its
// subsections one level down; top marks the answer's own sections.
func (w *htmlWriter) section(s section, level int, top bool) {
	b := &w.b
	b.WriteString("<section")
	if s.Code != "" {
		b.WriteString(` id="code-`)
		b.WriteString(esc(s.Code))
		b.WriteString(`" class="code`)
		writeClass(b, s.Class)
		b.WriteString(`"`)
	}
	b.WriteString(">\n")
	w.heading(s, level)
	if len(s.Quote) > 0 {
		b.WriteString("<blockquote>")
		for _, q := range s.Quote {
			b.WriteString("<p" + w.auto + ">")
			b.WriteString(esc(q))
			b.WriteString("</p>")
		}
		b.WriteString("</blockquote>\n")
	}
	for _, p := range s.Paras {
		b.WriteString("<p" + w.auto + ">")
		b.WriteString(esc(p))
		b.WriteString("</p>\n")
	}
	w.fields(s.Fields)
	w.bullets(s.Bullets, top)
	for _, sub := range s.Sub {
		w.section(sub, min(level+1, 6), false)
	}
	b.WriteString("</section>\n")
}

// heading writes a section's heading, with the code as a badge when the
// heading starts with it.
func (w *htmlWriter) heading(s section, level int) {
	if s.Heading == "" {
		return
	}
	b := &w.b
	h := "h" + strconv.Itoa(level)
	b.WriteString("<" + h + ">")
	if name, ok := strings.CutPrefix(s.Heading, s.Code+" "); ok && s.Code != "" {
		b.WriteString(`<span class="badge`)
		writeClass(b, s.Class)
		b.WriteString(`">`)
		b.WriteString(esc(s.Code))
		b.WriteString("</span> ")
		b.WriteString(esc(name))
	} else {
		b.WriteString(esc(s.Heading))
	}
	b.WriteString("</" + h + ">\n")
}

// fields writes a code's fields as a description list; code lists link.
func (w *htmlWriter) fields(fields []field) {
	if len(fields) == 0 {
		return
	}
	b := &w.b
	b.WriteString("<dl>\n")
	for _, fl := range fields {
		b.WriteString("<div><dt>")
		b.WriteString(esc(fl.Name))
		b.WriteString("</dt><dd" + w.auto + ">")
		if w.codeField[fl.Name] && w.codeURL != nil {
			writeCodeList(b, fl.Value, w.codeURL)
		} else {
			b.WriteString(strings.ReplaceAll(esc(fl.Value), "\n", "<br/>"))
		}
		b.WriteString("</dd></div>\n")
	}
	b.WriteString("</dl>\n")
}

// bullets writes a list; the answer's own bullets link when they can.
func (w *htmlWriter) bullets(items []string, top bool) {
	if len(items) == 0 {
		return
	}
	b := &w.b
	b.WriteString("<ul>\n")
	for i, it := range items {
		b.WriteString("<li" + w.auto + ">")
		if top && w.bulletURL != nil {
			writeLink(b, w.bulletURL(i, it), it)
		} else {
			b.WriteString(esc(it))
		}
		b.WriteString("</li>\n")
	}
	b.WriteString("</ul>\n")
}

// links writes the "learn more" section.
func (w *htmlWriter) links(heading string, links []catalog.Link) {
	if len(links) == 0 {
		return
	}
	b := &w.b
	b.WriteString("<section class=\"links\">\n<h2>")
	b.WriteString(esc(heading))
	b.WriteString("</h2>\n<ul>\n")
	for _, l := range links {
		b.WriteString("<li" + w.auto + ">")
		writeLink(b, l.URL, l.Title)
		b.WriteString("</li>\n")
	}
	b.WriteString("</ul>\n</section>\n")
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
