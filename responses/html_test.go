package responses

import (
	"encoding/xml"
	"fmt"
	"io"
	"net/url"
	"strings"
	"testing"

	"github.com/smtpbot/smtpbot/bot"
	"github.com/smtpbot/smtpbot/tests/golden"
)

// htmlOpts links codes and examples the way the web pages do.
func htmlOpts(base string) HTMLOptions {
	return HTMLOptions{
		Options: Options{BaseURL: base},
		CodeURL: func(code string) string { return "/code/" + code },
		AskURL:  func(q string) string { return "/?q=" + url.QueryEscape(q) },
	}
}

func TestGoldenHTML(t *testing.T) {
	b := newBot(t)
	comparisons := []goldenQuestion{
		{"252-vs-552.en", "252 vs 552", "en"},
		{"252-vs-552.vi", "252 vs 552", "vi"},
		{"252-vs-455.en", "252 vs 455", "en"},
		{"252-vs-455.vi", "252 vs 455", "vi"},
		{"4xx-vs-5xx.en", "4xx vs 5xx", "en"},
		{"4xx-vs-5xx.vi", "4xx vs 5xx", "vi"},
		{"4xx-vs-550.en", "4xx vs 550", "en"},
	}
	for _, q := range append(comparisons, intentQuestions()...) {
		a := b.Ask(q.text, bot.Hints{Lang: q.lang})
		golden.Check(t, q.name+".html.golden", []byte(HTML(a, htmlOpts("https://smtpbot.example"))))
	}
}

// TestHTMLEveryAnswerWellFormed renders every answer that matters for size
// and checks that the fragment parses as XML (so no tag is left open or
// closed twice), holds no script or inline style, and carries the answer's
// language and title.
func TestHTMLEveryAnswerWellFormed(t *testing.T) {
	b := newBot(t)
	n := 0
	everyAnswer(t, b, func(name string, a bot.Answer) {
		n++
		out := HTML(a, htmlOpts("https://x.example"))
		if err := wellFormed(out); err != nil {
			t.Fatalf("%s: %v\n%s", name, err, out)
		}
		if !strings.Contains(out, `lang="`+a.Lang+`"`) || !strings.Contains(out, "<h1>"+esc(a.Title)+"</h1>") {
			t.Fatalf("%s: lang or title missing:\n%s", name, out)
		}
	})
	if n < 1000 {
		t.Fatalf("only %d answers checked", n)
	}
}

// wellFormed parses the fragment as XML and refuses what a strict
// Content-Security-Policy would block: script and style elements, inline
// styles and event handler attributes.
func wellFormed(fragment string) error {
	d := xml.NewDecoder(strings.NewReader("<root>" + fragment + "</root>"))
	d.Strict = true
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		el, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		if el.Name.Local == "script" || el.Name.Local == "style" {
			return fmt.Errorf("<%s> element", el.Name.Local)
		}
		for _, at := range el.Attr {
			if at.Name.Local == "style" || strings.HasPrefix(at.Name.Local, "on") {
				return fmt.Errorf("<%s %s=…> attribute", el.Name.Local, at.Name.Local)
			}
		}
	}
}

// TestHTMLComparisonHeadings checks the headings a reader looks for, in
// both languages, as they appear on the web page.
func TestHTMLComparisonHeadings(t *testing.T) {
	b := newBot(t)
	for _, lang := range []string{"en", "vi"} {
		f := b.Catalog().Frame(lang)
		out := HTML(b.Ask("252 vs 552", bot.Hints{Lang: lang}), HTMLOptions{})
		for _, w := range []string{"<dt>" + esc(f.Description), "<dt>" + esc(f.When), "<dt>" + esc(f.Fix), "<h2>" + esc(f.KeyDifferences), "<h2>" + esc(f.WhenToUse), "<h2>" + esc(f.LearnMore)} {
			if !strings.Contains(out, w) {
				t.Errorf("%s: no heading or label %q", lang, w)
			}
		}
		for _, c := range []string{`id="code-252" class="code c2"`, `id="code-552" class="code c5"`} {
			if !strings.Contains(out, c) {
				t.Errorf("%s: no section %s", lang, c)
			}
		}
	}
}

// TestHTMLEscapes feeds hostile text through every place the renderer
// writes text or attributes.
func TestHTMLEscapes(t *testing.T) {
	b := newBot(t)
	evil := `<script>alert("x")</script>&'`
	a := b.Ask("999", bot.Hints{Lang: "en"})
	a.Title = evil
	a.Unknown.Message = evil
	a.Unknown.Suggestions = append(a.Unknown.Suggestions, bot.ListItem{Code: `552"><x`, Name: evil})
	o := htmlOpts("")
	o.CodeURL = func(code string) string { return `/code/` + code }
	out := HTML(a, o)
	if strings.Contains(out, "<script") || strings.Contains(out, `"><x`) {
		t.Fatalf("unescaped text:\n%s", out)
	}
	if !strings.Contains(out, "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;&amp;&#39;") {
		t.Fatalf("escaped title missing:\n%s", out)
	}
	if err := wellFormed(out); err != nil {
		t.Fatal(err)
	}
}

func TestHTMLLinksCodes(t *testing.T) {
	b := newBot(t)
	out := HTML(b.Ask("552", bot.Hints{Lang: "en"}), htmlOpts(""))
	for _, want := range []string{`<a href="/code/5.2.2">5.2.2</a>`, `<a href="/code/452">452</a>`} {
		if !strings.Contains(out, want) {
			t.Errorf("explain 552 lacks link %s", want)
		}
	}
	out = HTML(b.Ask("list 4xx", bot.Hints{Lang: "en"}), htmlOpts(""))
	if !strings.Contains(out, `<li><a href="/code/421">421 `) {
		t.Errorf("list items are not linked:\n%s", out)
	}
	out = HTML(b.Ask("help", bot.Hints{Lang: "en"}), htmlOpts(""))
	if !strings.Contains(out, `<a href="/?q=252+vs+552">252 vs 552</a>`) {
		t.Errorf("help examples are not linked:\n%s", out)
	}
	// Without link functions, the same answers are plain text.
	if out := HTML(b.Ask("552", bot.Hints{Lang: "en"}), HTMLOptions{}); strings.Contains(out, `href="/code/`) {
		t.Error("links without CodeURL")
	}
	// Registry notes such as "5XX" are not codes and stay text.
	var w strings.Builder
	writeCodeList(&w, "5XX, 4.2.2", func(c string) string { return "/code/" + c })
	if got := w.String(); got != `5XX, <a href="/code/4.2.2">4.2.2</a>` {
		t.Errorf("writeCodeList = %s", got)
	}
}

func TestHTMLFigureAndPageLink(t *testing.T) {
	b := newBot(t)
	a := b.Ask("252 vs 552", bot.Hints{Lang: "vi"})
	o := htmlOpts("https://smtpbot.example")
	o.Figure = `<figure class="dg"></figure>` + "\n"
	out := HTML(a, o)
	intro := strings.Index(out, `<p class="intro">`)
	fig := strings.Index(out, `<figure class="dg">`)
	first := strings.Index(out, `<section id="code-252"`)
	if intro < 0 || fig < intro || first < fig {
		t.Errorf("figure not between intro (%d) and first card (%d): %d", intro, first, fig)
	}
	if !strings.Contains(out, `<a href="https://smtpbot.example/vi/compare/252-vs-552">`+a.Frame.OpenPage+`</a>`) {
		t.Errorf("no link to the page:\n%s", out)
	}
}

// TestHTMLRightToLeft: an Arabic frame sets dir="rtl", and text blocks,
// which may hold English code texts, find their own direction.
func TestHTMLRightToLeft(t *testing.T) {
	b := newBot(t)
	if !b.Catalog().HasLanguage("ar") {
		t.Skip("no Arabic frame in the catalog")
	}
	a := b.Ask("421", bot.Hints{Lang: "ar"})
	if a.Frame.Dir != "rtl" {
		t.Fatalf("ar frame dir = %q", a.Frame.Dir)
	}
	out := HTML(a, HTMLOptions{})
	if !strings.Contains(out, `lang="ar" dir="rtl"`) || !strings.Contains(out, `<dd dir="auto">`) {
		t.Errorf("rtl answer lacks dir attributes:\n%s", out)
	}
	if out := HTML(b.Ask("421", bot.Hints{Lang: "en"}), HTMLOptions{}); strings.Contains(out, `dir="auto"`) {
		t.Error("ltr answer has dir=auto")
	}
}

func BenchmarkHTML(b *testing.B) {
	bt := newBot(b)
	a := bt.Ask("252 vs 552", bot.Hints{Lang: "en"})
	o := htmlOpts("https://smtpbot.example")
	b.ReportAllocs()
	for b.Loop() {
		if len(HTML(a, o)) == 0 {
			b.Fatal("empty")
		}
	}
}
