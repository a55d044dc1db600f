package bounce

import (
	"bytes"
	"errors"
	"html"
	"io"
	"slices"
	"strings"

	gomessage "github.com/emersion/go-message"
	// Registers the charsets (ISO-2022-JP, Shift_JIS, KOI8-R, Windows-125x,
	// …) real bounces come in; without it those parts stay undecoded.
	_ "github.com/emersion/go-message/charset"

	"github.com/smtpbot/smtpbot/catalog"
)

// message is what the parser reads off one message.
type message struct {
	hdr          gomessage.Header // top-level header
	lowerHeaders string           // top-level header fields, lower case, for marks
	subject      string
	from, to     string
	text         string   // the human-readable report: text parts outside attached messages
	html         string   // text of HTML parts, used when there is no plain text
	dsn          string   // delivery-status parts (and mislabelled ones)
	original     string   // headers of the returned original message
	feedback     bool     // has a message/feedback-report part
	attached     [][]byte // attached messages (message/rfc822), raw
	parts        int
	raw          string // the normalised message, for fields pasted without a header block
	mdn          bool   // has a message disposition notification part (RFC 8098)
	disposition  string // its disposition type, lower case ("displayed", "deleted"; RFC 8098 §3.2.6)
	// ownEnd, when forwards, is where a person's own words end in text:
	// the message they forward inline starts there.
	ownEnd   int
	forwards bool
}

// header returns a top-level header field's value, decoded.
func (m *message) header(name string) (string, bool) {
	if !m.hdr.Has(name) {
		return "", false
	}
	v, err := m.hdr.Text(name)
	if err != nil {
		v = m.hdr.Get(name)
	}
	return v, true
}

// hasHeader reports whether the message carries any of the named header
// fields at its top level, whatever their value.
func (m *message) hasHeader(names []string) bool {
	return slices.ContainsFunc(names, m.hdr.Has)
}

// headerValued reports whether one of the marks' header fields carries one
// of its mark's values, compared without case and surrounding spaces.
func (m *message) headerValued(marks []catalog.HeaderValues) bool {
	for _, h := range marks {
		if v, ok := m.header(h.Name); ok && slices.Contains(h.Values, strings.ToLower(strings.TrimSpace(v))) {
			return true
		}
	}
	return false
}

// normalise bounds the input and turns Mac (CR) and DOS (CRLF) line ends
// into LF, which both go-message and the text scanners expect. A leading
// mbox "From " line is dropped.
func normalise(raw []byte) []byte {
	raw = raw[:min(len(raw), MaxSize)]
	if bytes.IndexByte(raw, '\r') >= 0 {
		raw = bytes.ReplaceAll(raw, []byte("\r\n"), []byte("\n"))
		raw = bytes.ReplaceAll(raw, []byte("\r"), []byte("\n"))
	}
	raw = bytes.TrimLeft(raw, " \t\n")
	if bytes.HasPrefix(raw, []byte("From ")) {
		if i := bytes.IndexByte(raw, '\n'); i >= 0 {
			raw = raw[i+1:]
		}
	}
	return raw
}

// bodyOnlyHeader is the header block given to a text that has none.
const bodyOnlyHeader = "Content-Type: text/plain; charset=utf-8\n\n"

// startsWithField reports whether raw's first line is a header field: a
// name of printable characters other than the colon, then a colon
// (RFC 5322 §2.2).
func startsWithField(raw []byte) bool {
	line := raw[:min(len(raw), MaxHeaderSize)]
	if i := bytes.IndexByte(line, '\n'); i >= 0 {
		line = line[:i]
	}
	name, _, ok := bytes.Cut(line, []byte(":"))
	if !ok || len(name) == 0 {
		return false
	}
	for _, c := range name {
		if c <= ' ' || c > '~' {
			return false
		}
	}
	return true
}

// readMessage parses raw with go-message. A text whose first line is no
// header field is the body of a plain text message; ok is false when
// go-message cannot read it at all: it is then not mail.
func readMessage(raw []byte) (*message, bool) {
	raw = normalise(raw)
	if len(raw) > 0 && !startsWithField(raw) {
		// No header block: a pasted bounce body ("This is the mail system
		// at host …"). The whole text is the body of a plain text message.
		raw = append([]byte(bodyOnlyHeader), raw...)
	}
	e, err := readEntity(raw)
	if e == nil && err != nil {
		// A header block whose folded lines lost their leading white
		// space (a message kept in a source file or a text that trims
		// its lines): each line between two fields is the previous
		// field's continuation.
		if fixed, ok := refold(raw); ok {
			raw = fixed
			e, err = readEntity(raw)
		}
	}
	if e == nil || err != nil && !gomessage.IsUnknownCharset(err) && !gomessage.IsUnknownEncoding(err) {
		return nil, false
	}
	if e.Header.Len() == 0 {
		return nil, false
	}
	m := &message{hdr: e.Header, raw: string(raw[:min(len(raw), MaxPartText)])}
	var lh strings.Builder
	for f := e.Header.Fields(); f.Next(); {
		if lh.Len() > MaxHeaderSize {
			break
		}
		lh.WriteString(strings.ToLower(f.Key()))
		lh.WriteString(": ")
		lh.WriteString(strings.ToLower(f.Value()))
		lh.WriteByte('\n')
	}
	m.lowerHeaders = lh.String()
	m.subject, _ = m.header("Subject")
	m.from, _ = m.header("From")
	m.to, _ = m.header("To")
	var text, htm, dsn, orig strings.Builder
	w := walker{m: m, text: &text, html: &htm, dsn: &dsn, orig: &orig}
	w.walk(e, 0)
	m.text, m.html, m.dsn, m.original = text.String(), htm.String(), dsn.String(), orig.String()
	if m.text == "" {
		m.text = m.html
	}
	return m, true
}

// readEntity reads raw's top-level entity with go-message.
func readEntity(raw []byte) (*gomessage.Entity, error) {
	return gomessage.ReadWithOptions(bytes.NewReader(raw), &gomessage.ReadOptions{MaxHeaderBytes: MaxHeaderSize})
}

// refold makes each line of raw's header block that is no field, but
// comes before a later field of the block, a continuation line of the
// field before it (RFC 5322 §2.2.3: a folded line starts with white
// space). The header block ends at its first empty line, so such a line
// cannot be the body's; a line after the block's last field may be, and
// is left as it is. ok is false when no line was changed.
func refold(raw []byte) ([]byte, bool) {
	head, body, found := bytes.Cut(raw, []byte("\n\n"))
	if len(head) > MaxHeaderSize || !startsWithField(head) {
		return nil, false
	}
	lines := bytes.Split(head, []byte("\n"))
	last := -1 // the block's last field line
	for i, l := range lines {
		if startsWithField(l) {
			last = i
		}
	}
	changed := false
	for i := 1; i < last; i++ {
		if l := lines[i]; len(l) > 0 && l[0] != ' ' && l[0] != '\t' && !startsWithField(l) {
			lines[i] = append([]byte{' '}, l...)
			changed = true
		}
	}
	if !changed {
		return nil, false
	}
	out := bytes.Join(lines, []byte("\n"))
	if found {
		out = append(append(out, "\n\n"...), body...)
	}
	return out, true
}

type walker struct {
	m                     *message
	text, html, dsn, orig *strings.Builder
}

// walk visits one entity, bounded in depth and number of parts.
func (w walker) walk(e *gomessage.Entity, depth int) {
	w.m.parts++
	if w.m.parts > MaxParts || depth > MaxDepth {
		return
	}
	mt, _, err := e.Header.ContentType()
	if err != nil || mt == "" {
		mt = "text/plain"
	}
	switch {
	case strings.HasPrefix(mt, "multipart/"):
		w.multipart(e, depth)
	case mt == "message/delivery-status" || mt == "text/delivery-status" || mt == "message/global-delivery-status":
		// A part labelled delivery-status that holds no recipient's
		// fields and does not open with a field is the report's text
		// under the wrong label (InterMail writes its explanation so):
		// it is read as text.
		var b strings.Builder
		appendBody(&b, e.Body)
		dst := w.dsn
		if !hasDSNFields(b.String()) && !opensWithField(b.String()) {
			dst = w.text
		}
		if dst.Len() <= 4*MaxPartText {
			dst.WriteString(b.String())
		}
	case mt == "message/feedback-report":
		w.m.feedback = true
	case mt == "message/disposition-notification" || mt == "message/global-disposition-notification":
		// An MDN (RFC 8098, RFC 6533) reports what became of a message
		// that reached the recipient. Its fields are still read as a
		// report's when they hold a recipient's delivery status.
		var b strings.Builder
		appendBody(&b, io.LimitReader(e.Body, MaxHeaderSize))
		w.m.mdn = true
		if d := dispositionType(b.String()); d != "" && w.m.disposition == "" {
			w.m.disposition = d
		}
		if s := b.String(); hasDSNFields(s) {
			w.dsn.WriteString(s)
			w.dsn.WriteString("\n\n")
		}
	case mt == "message/rfc822" || mt == "message/global":
		// The returned original, or a forwarded bounce: its header gives
		// the recipient when the report names none, and the whole of it is
		// read as a message when the outer one holds no report.
		body, _ := io.ReadAll(io.LimitReader(e.Body, MaxSize))
		if len(w.m.attached) < maxAttached {
			w.m.attached = append(w.m.attached, body)
		}
		hdr, _, _ := bytes.Cut(body, []byte("\n\n"))
		w.orig.Write(hdr[:min(len(hdr), MaxHeaderSize)])
		w.orig.WriteString("\n\n")
	case mt == "text/rfc822-headers" || mt == "message/rfc822-headers":
		appendBody(w.orig, io.LimitReader(e.Body, MaxHeaderSize))
	case mt == "text/html":
		var b strings.Builder
		appendBody(&b, e.Body)
		w.html.WriteString(htmlText(b.String()))
	case strings.HasPrefix(mt, "text/"):
		appendBody(w.text, e.Body)
	default:
		// A delivery-status report labelled as something else.
		var b strings.Builder
		appendBody(&b, e.Body)
		if s := b.String(); hasDSNFields(s) {
			w.dsn.WriteString(s)
			w.dsn.WriteString("\n\n")
		}
	}
}

// multipart walks the parts of a multipart entity. When its boundary is
// wrong or its first part's header is broken (both happen in real bounces),
// no part can be read: its raw body is then read as text.
func (w walker) multipart(e *gomessage.Entity, depth int) {
	raw, _ := io.ReadAll(io.LimitReader(e.Body, MaxSize))
	e2, err := gomessage.New(e.Header, bytes.NewReader(raw))
	if e2 == nil || err != nil && !gomessage.IsUnknownCharset(err) && !gomessage.IsUnknownEncoding(err) {
		return
	}
	mr := e2.MultipartReader()
	if mr == nil {
		return
	}
	read := 0
	for w.m.parts <= MaxParts {
		p, err := mr.NextPart()
		if p != nil && (gomessage.IsUnknownCharset(err) || gomessage.IsUnknownEncoding(err)) {
			// A part in a charset go-message does not know (UTF-7) is
			// still read, as its bytes are: it is mostly ASCII.
			err = nil
		}
		if err != nil || p == nil {
			if read == 0 && !errors.Is(err, io.EOF) {
				text := strings.ToValidUTF8(string(raw[:min(len(raw), MaxPartText)]), "\uFFFD")
				w.text.WriteString(text)
				w.text.WriteString("\n\n")
				if hasDSNFields(text) {
					w.dsn.WriteString(text)
				}
			}
			return
		}
		read++
		w.walk(p, depth+1)
	}
}

// appendBody appends up to MaxPartText bytes of a decoded body, then a
// blank line. Decoding errors keep what was read.
func appendBody(b *strings.Builder, r io.Reader) {
	if b.Len() > 4*MaxPartText {
		return
	}
	data, _ := io.ReadAll(io.LimitReader(r, MaxPartText))
	if bytes.IndexByte(data, '\r') >= 0 { // decoded base64 keeps its own line ends
		data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
		data = bytes.ReplaceAll(data, []byte("\r"), []byte("\n"))
	}
	b.WriteString(strings.ToValidUTF8(string(data), "\uFFFD"))
	b.WriteString("\n\n")
}

// htmlText turns HTML into lines of text: block ends become line ends,
// tags are dropped, entities decoded. A "<" opens a tag only before a
// letter, "/", "!" or "?" (the HTML tag open state, WHATWG HTML
// §13.2.5.6); any other "<" is text, as a browser shows it: 21cn's
// notice writes the failed address as "< addr >".
func htmlText(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	unclosed := map[string]bool{} // raw text elements whose end tag is missing
	// broke is whether the last tag ended a line: the source's own line
	// end right after it ("<BR>\n") is white space a browser does not
	// show, not a second, empty line.
	broke := false
	for len(s) > 0 {
		if broke {
			s = strings.TrimPrefix(strings.TrimPrefix(s, "\r"), "\n")
			broke = false
		}
		i := strings.IndexByte(s, '<')
		if i < 0 {
			b.WriteString(s)
			break
		}
		b.WriteString(s[:i])
		if !opensTag(s[i+1:]) {
			b.WriteByte('<')
			s = s[i+1:]
			continue
		}
		j := strings.IndexByte(s[i:], '>')
		if j < 0 {
			break
		}
		tag := strings.ToLower(s[i+1 : i+j])
		if name, _, _ := strings.Cut(tag, " "); (name == "style" || name == "script") && !unclosed[name] {
			// Their content is no text a reader sees (raw text
			// elements): skip to the end tag.
			if k := indexASCIIFold(s[i+j:], "</"+name); k >= 0 {
				s = s[i+j+k:]
				continue
			}
			unclosed[name] = true // searched once: the rest is read as text
		}
		tag = strings.TrimPrefix(tag, "/")
		if name, _, _ := strings.Cut(tag, " "); name == "br" || name == "br/" || name == "p" || name == "div" || name == "tr" || name == "li" || name == "h1" || name == "h2" || name == "h3" || name == "table" {
			b.WriteByte('\n')
			broke = true
		} else if name == "td" {
			b.WriteByte(' ')
		}
		s = s[i+j+1:]
	}
	// A no-break space (&nbsp;, U+00A0) shows as a space: indents written
	// with it (Exchange 5.5's HTML report) indent the line as spaces do.
	return strings.ReplaceAll(html.UnescapeString(b.String()), "\u00a0", " ")
}

// indexASCIIFold is strings.Index for a lower-case ASCII sub, matching
// s in any case; offsets are s's own.
func indexASCIIFold(s, sub string) int {
	for off := 0; ; {
		k := strings.Index(s[off:], sub[:2]) // "</", no letters
		if k < 0 {
			return -1
		}
		off += k
		if len(s)-off >= len(sub) && strings.EqualFold(s[off:off+len(sub)], sub) {
			return off
		}
		off += 2
	}
}

// opensTag reports whether the text after a "<" makes it open a tag, a
// comment or a declaration: a letter, "/", "!" or "?" follows.
func opensTag(rest string) bool {
	if rest == "" {
		return false
	}
	c := rest[0] | 0x20 // ASCII lower case
	return c >= 'a' && c <= 'z' || rest[0] == '/' || rest[0] == '!' || rest[0] == '?'
}

// opensWithField reports whether the first non-blank line of s is a
// header-style field ("Reporting-MTA: dns; …"), as delivery-status
// fields are.
func opensWithField(s string) bool {
	for line := range strings.Lines(s) {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		name, _, ok := strings.Cut(line, ":")
		return ok && name != "" && strings.IndexFunc(name, func(r rune) bool {
			return !(r == '-' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9')
		}) < 0
	}
	return false
}

// dispositionType returns the disposition type of an MDN's Disposition
// field ("Disposition: manual-action/MDN-sent-manually; displayed" →
// "displayed"; RFC 8098 §3.2.6), lower case; "" when there is none.
func dispositionType(fields string) string {
	for line := range strings.SplitSeq(fields, "\n") {
		if !hasPrefixFold(line, "disposition:") {
			continue
		}
		_, typ, ok := strings.Cut(line[len("disposition:"):], ";")
		if !ok {
			return ""
		}
		typ, _, _ = strings.Cut(typ, "/")
		return strings.ToLower(strings.TrimSpace(typ))
	}
	return ""
}
