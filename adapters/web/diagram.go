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
	on := map[catalog.Stage][]mark{}
	var anyStage []mark
	extra := map[catalog.Stage]bool{}
	for _, m := range ms {
		for _, s := range m.stages {
			switch {
			case s == catalog.StageAny:
				anyStage = append(anyStage, m)
			case !slices.Contains(catalog.SessionStages(), s):
				extra[s] = true
				on[s] = append(on[s], m)
			default:
				on[s] = append(on[s], m)
			}
		}
	}
	// The session rows, with the optional commands just before QUIT.
	var rows []catalog.Stage
	for _, s := range catalog.SessionStages() {
		if s == catalog.StageQUIT {
			for _, x := range []catalog.Stage{catalog.StageVRFY, catalog.StageHELP, catalog.StageETRN, catalog.StageATRN} {
				if extra[x] {
					rows = append(rows, x)
				}
			}
		}
		rows = append(rows, s)
	}

	rtl := f.Dir == "rtl"
	// mx mirrors an x coordinate in right-to-left languages; shapes are
	// placed by their centre so that mirroring keeps them whole.
	mx := func(v int) int {
		if rtl {
			return dgWidth - v
		}
		return v
	}
	x := func(v int) string { return strconv.Itoa(mx(v)) }
	height := dgTop + len(rows)*dgRow + 12
	if len(anyStage) > 0 {
		height += 26
	}

	var b strings.Builder
	b.Grow(6 << 10)
	title := f.SessionDiagram
	b.WriteString(`<figure class="dg">` + "\n")
	b.WriteString(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ` + strconv.Itoa(dgWidth) + " " + strconv.Itoa(height) +
		`" width="` + strconv.Itoa(dgWidth) + `" height="` + strconv.Itoa(height) + `" role="img" aria-labelledby="dg-title dg-desc">` + "\n")
	b.WriteString(`<title id="dg-title">` + esc(title) + "</title>\n")
	b.WriteString(`<desc id="dg-desc">` + esc(describe(ms, f)) + "</desc>\n")
	b.WriteString("<defs>")
	for _, c := range []string{"", "2", "3", "4", "5"} {
		cls := ""
		if c != "" {
			cls = ` class="c` + c + `"`
		}
		b.WriteString(`<marker id="dg-a` + c + `"` + cls + ` viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="9" markerHeight="9" orient="auto"><path class="head" d="M0 0L10 5L0 10z"/></marker>`)
	}
	b.WriteString("</defs>\n")

	// Bands behind the highlighted rows first, so lifelines stay on top.
	for i, s := range rows {
		if len(on[s]) > 0 {
			b.WriteString(`<rect class="band" x="0" y="` + strconv.Itoa(dgTop+i*dgRow) + `" width="` + strconv.Itoa(dgWidth) + `" height="` + strconv.Itoa(dgRow) + `"/>` + "\n")
		}
	}
	// Lanes: a box with the party's name and a lifeline down the rows.
	bottom := dgTop + len(rows)*dgRow
	for _, lane := range []struct {
		x    int
		name string
	}{{dgClient, f.StageClient}, {dgServer, f.StageServer}} {
		b.WriteString(`<g class="lane"><rect x="` + strconv.Itoa(mx(lane.x)-60) + `" y="8" width="120" height="30" rx="6"/><text x="` + x(lane.x) + `" y="28">` + esc(lane.name) + "</text>")
		b.WriteString(`<line x1="` + x(lane.x) + `" y1="38" x2="` + x(lane.x) + `" y2="` + strconv.Itoa(bottom) + `"/></g>` + "\n")
	}

	for i, s := range rows {
		top := dgTop + i*dgRow
		here := on[s]
		cls := "row"
		if len(here) > 0 {
			cls += " on"
		}
		if extra[s] {
			cls += " opt"
		}
		b.WriteString(`<g class="` + cls + `">`)
		cmdY, replyY := top+19, top+33
		b.WriteString(`<text class="cmd" x="` + x(dgWidth/2) + `" y="` + strconv.Itoa(cmdY-5) + `">` + esc(f.StageName(s)) + "</text>")
		b.WriteString(`<line class="send" x1="` + x(dgClient) + `" y1="` + strconv.Itoa(cmdY) + `" x2="` + x(dgServer-2) + `" y2="` + strconv.Itoa(cmdY) + `" marker-end="url(#dg-a)"/>`)
		replyClass, marker := "reply", "dg-a"
		if len(here) > 0 {
			w := worstClass(here)
			replyClass += " c" + strconv.Itoa(int(w))
			marker += strconv.Itoa(int(w))
		}
		b.WriteString(`<line class="` + replyClass + `" x1="` + x(dgServer) + `" y1="` + strconv.Itoa(replyY) + `" x2="` + x(dgClient+2) + `" y2="` + strconv.Itoa(replyY) + `" marker-end="url(#` + marker + `)"/>`)
		writePills(&b, here, dgWidth/2, replyY, mx)
		b.WriteString("</g>\n")
	}
	if len(anyStage) > 0 {
		y := bottom + 26
		b.WriteString(`<g class="any">`)
		writePills(&b, anyStage, dgWidth/2-60, y-4, mx)
		b.WriteString(`<text class="note" x="` + x(dgWidth/2-60+pillsWidth(anyStage)/2+10) + `" y="` + strconv.Itoa(y) + `">` + esc(f.StageAny) + "</text></g>\n")
	}
	b.WriteString("</svg>\n<figcaption>" + esc(title) + "</figcaption>\n</figure>\n")
	return b.String()
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
