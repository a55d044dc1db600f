package web

import (
	"html"
	"slices"
	"strconv"
	"strings"

	"github.com/smtpbot/smtpbot/bot"
	"github.com/smtpbot/smtpbot/catalog"
)

// mark is one code to highlight in the session diagram.
type mark struct {
	code   string
	class  catalog.Class
	stages []catalog.Stage
}

// marks lists the codes of an answer that say at which stage they are sent.
// Enhanced codes have no stage of their own (they ride on a basic reply), so
// they are left out. A diagnosis that read the stage from the pasted text
// shows that stage rather than every stage the code can occur at.
func marks(a bot.Answer) []mark {
	var cards []catalog.Card
	switch {
	case a.Compare != nil:
		cards = a.Compare.Cards
	case a.Card != nil:
		cards = []catalog.Card{*a.Card}
	case a.Diagnosis != nil:
		cards = a.Diagnosis.Cards
	}
	var out []mark
	for _, c := range cards {
		if !c.Basic || len(c.Stages) == 0 {
			continue
		}
		m := mark{code: c.Code.String(), class: c.Class, stages: c.Stages}
		if a.Diagnosis != nil && a.Diagnosis.Stage != "" && c.Code.Reply == a.Diagnosis.ReplyCode {
			m.stages = []catalog.Stage{a.Diagnosis.Stage}
		}
		out = append(out, m)
	}
	return out
}

// Diagram geometry, in SVG user units; the stylesheet scales the picture to
// the column width.
const (
	dgWidth   = 480 // narrow enough that a phone shows the text at a readable size
	dgClient  = 70  // x of the client lifeline
	dgServer  = 410 // x of the server lifeline
	dgTop     = 56  // y of the first row
	dgRow     = 44  // height of one command/reply row: label, command, reply pill
	dgPillPad = 14
	dgCharW   = 8 // rough width of one bold 12px digit, to size the code pills
)

// diagram draws an SMTP session as a sequence diagram: the client and server
// lifelines, one row per stage with the command going right and the reply
// coming back, and each code of the page as a pill on the reply of the
// stage(s) where it is sent (RFC 5321 §4.3.2 lists which replies each
// command can get). Stages outside the usual session (VRFY, ETRN, HELP,
// ATRN) get a row only when a code on the page is sent there; a code that
// can answer any command is noted under the rows. In a right-to-left
// language the client stands on the right.
//
// It returns "" when no code has a stage. The SVG carries a <title> and a
// <desc> that says the same in words, for screen readers. Styling is by
// class only, so a strict Content-Security-Policy needs no inline styles.
func diagram(ms []mark, f *catalog.Frame) string {
	if len(ms) == 0 {
		return ""
	}
	l := placeMarks(ms)
	c := &canvas{rtl: f.Dir == "rtl"}
	bottom := dgTop + len(l.rows)*dgRow
	height := bottom + 12
	if len(l.any) > 0 {
		height += 26
	}
	c.b.Grow(6 << 10)
	c.open(f.SessionDiagram, describe(ms, f), height)
	// Bands behind the highlighted rows first, so lifelines stay on top.
	for i, s := range l.rows {
		if len(l.on[s]) > 0 {
			c.b.WriteString(`<rect class="band" x="0" y="` + strconv.Itoa(dgTop+i*dgRow) + `" width="` + strconv.Itoa(dgWidth) + `" height="` + strconv.Itoa(dgRow) + `"/>` + "\n")
		}
	}
	c.lane(dgClient, f.StageClient, bottom)
	c.lane(dgServer, f.StageServer, bottom)
	for i, s := range l.rows {
		c.row(dgTop+i*dgRow, f.StageName(s), l.on[s], l.extra[s])
	}
	if len(l.any) > 0 {
		y := bottom + 26
		c.b.WriteString(`<g class="any">`)
		writePills(&c.b, l.any, dgWidth/2-60, y-4, c.mx)
		c.b.WriteString(`<text class="note" x="` + c.x(dgWidth/2-60+pillsWidth(l.any)/2+10) + `" y="` + strconv.Itoa(y) + `">` + esc(f.StageAny) + "</text></g>\n")
	}
	c.b.WriteString("</svg>\n<figcaption>" + esc(f.SessionDiagram) + "</figcaption>\n</figure>\n")
	return c.b.String()
}

// placement is where the marks go: the rows of the session, the marks on
// each stage, the optional stages shown, and the marks of any stage.
type placement struct {
	rows  []catalog.Stage
	on    map[catalog.Stage][]mark
	extra map[catalog.Stage]bool
	any   []mark
}

// placeMarks puts each mark on its stages. The session rows come in order,
// with the optional commands that have a mark just before QUIT.
func placeMarks(ms []mark) placement {
	l := placement{on: map[catalog.Stage][]mark{}, extra: map[catalog.Stage]bool{}}
	session := catalog.SessionStages()
	for _, m := range ms {
		for _, s := range m.stages {
			switch {
			case s == catalog.StageAny:
				l.any = append(l.any, m)
			case !slices.Contains(session, s):
				l.extra[s] = true
				l.on[s] = append(l.on[s], m)
			default:
				l.on[s] = append(l.on[s], m)
			}
		}
	}
	for _, s := range session {
		if s == catalog.StageQUIT {
			for _, x := range []catalog.Stage{catalog.StageVRFY, catalog.StageHELP, catalog.StageETRN, catalog.StageATRN} {
				if l.extra[x] {
					l.rows = append(l.rows, x)
				}
			}
		}
		l.rows = append(l.rows, s)
	}
	return l
}

// canvas writes the SVG, mirrored in right-to-left languages.
type canvas struct {
	b   strings.Builder
	rtl bool
}

// mx mirrors an x coordinate in right-to-left languages; shapes are placed
// by their centre so that mirroring keeps them whole.
func (c *canvas) mx(v int) int {
	if c.rtl {
		return dgWidth - v
	}
	return v
}

func (c *canvas) x(v int) string { return strconv.Itoa(c.mx(v)) }

// open starts the figure: the SVG element, its title and description for
// screen readers, and the arrow heads in each class colour.
func (c *canvas) open(title, desc string, height int) {
	b := &c.b
	b.WriteString(`<figure class="dg">` + "\n")
	b.WriteString(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ` + strconv.Itoa(dgWidth) + " " + strconv.Itoa(height) +
		`" width="` + strconv.Itoa(dgWidth) + `" height="` + strconv.Itoa(height) + `" role="img" aria-labelledby="dg-title dg-desc">` + "\n")
	b.WriteString(`<title id="dg-title">` + esc(title) + "</title>\n")
	b.WriteString(`<desc id="dg-desc">` + esc(desc) + "</desc>\n")
	b.WriteString("<defs>")
	for _, cl := range []string{"", "2", "3", "4", "5"} {
		attr := ""
		if cl != "" {
			attr = ` class="c` + cl + `"`
		}
		b.WriteString(`<marker id="dg-a` + cl + `"` + attr + ` viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="9" markerHeight="9" orient="auto"><path class="head" d="M0 0L10 5L0 10z"/></marker>`)
	}
	b.WriteString("</defs>\n")
}

// lane draws a party: a box with its name and a lifeline down the rows.
func (c *canvas) lane(at int, name string, bottom int) {
	c.b.WriteString(`<g class="lane"><rect x="` + strconv.Itoa(c.mx(at)-60) + `" y="8" width="120" height="30" rx="6"/><text x="` + c.x(at) + `" y="28">` + esc(name) + "</text>")
	c.b.WriteString(`<line x1="` + c.x(at) + `" y1="38" x2="` + c.x(at) + `" y2="` + strconv.Itoa(bottom) + `"/></g>` + "\n")
}

// row draws one stage at top: the command going right, the reply coming
// back in the colour of the worst class on it, and the pills of its codes.
func (c *canvas) row(top int, name string, here []mark, optional bool) {
	b := &c.b
	cls := "row"
	if len(here) > 0 {
		cls += " on"
	}
	if optional {
		cls += " opt"
	}
	b.WriteString(`<g class="` + cls + `">`)
	cmdY, replyY := top+19, top+33
	b.WriteString(`<text class="cmd" x="` + c.x(dgWidth/2) + `" y="` + strconv.Itoa(cmdY-5) + `">` + esc(name) + "</text>")
	b.WriteString(`<line class="send" x1="` + c.x(dgClient) + `" y1="` + strconv.Itoa(cmdY) + `" x2="` + c.x(dgServer-2) + `" y2="` + strconv.Itoa(cmdY) + `" marker-end="url(#dg-a)"/>`)
	replyClass, marker := "reply", "dg-a"
	if len(here) > 0 {
		w := worstClass(here)
		replyClass += " c" + strconv.Itoa(int(w))
		marker += strconv.Itoa(int(w))
	}
	b.WriteString(`<line class="` + replyClass + `" x1="` + c.x(dgServer) + `" y1="` + strconv.Itoa(replyY) + `" x2="` + c.x(dgClient+2) + `" y2="` + strconv.Itoa(replyY) + `" marker-end="url(#` + marker + `)"/>`)
	writePills(b, here, dgWidth/2, replyY, c.mx)
	b.WriteString("</g>\n")
}

// writePills draws one coloured pill per code, centred on cx at line y.
func writePills(b *strings.Builder, ms []mark, cx, y int, mx func(int) int) {
	left := cx - pillsWidth(ms)/2
	for _, m := range ms {
		w := pillWidth(m.code)
		c := strconv.Itoa(int(m.class))
		mid := mx(left + w/2)
		b.WriteString(`<g class="pill c` + c + `"><rect x="` + strconv.Itoa(mid-w/2) + `" y="` + strconv.Itoa(y-10) +
			`" width="` + strconv.Itoa(w) + `" height="20" rx="10"/><text x="` + strconv.Itoa(mid) + `" y="` + strconv.Itoa(y+4) + `">` + esc(m.code) + "</text></g>")
		left += w + 6
	}
}

func pillWidth(code string) int { return len(code)*dgCharW + dgPillPad }

func pillsWidth(ms []mark) int {
	w := 0
	for i, m := range ms {
		if i > 0 {
			w += 6
		}
		w += pillWidth(m.code)
	}
	return w
}

func worstClass(ms []mark) catalog.Class {
	var w catalog.Class
	for _, m := range ms {
		w = max(w, m.class)
	}
	return w
}

// describe says in words what the diagram shows: "552: RCPT TO, end of data".
func describe(ms []mark, f *catalog.Frame) string {
	var parts []string
	for _, m := range ms {
		names := make([]string, 0, len(m.stages))
		for _, s := range m.stages {
			names = append(names, f.StageName(s))
		}
		parts = append(parts, m.code+": "+strings.Join(names, ", "))
	}
	return strings.Join(parts, ". ") + "."
}

func esc(s string) string { return html.EscapeString(s) }
