package bot

import (
	"slices"
	"strconv"
	"strings"

	"github.com/smtpbot/smtpbot/catalog"
)

// chosen is the query of a subcommand the person chose (h.Intent), read
// from its operands as given: no words of the platform's are added around
// them, so none can be misread ("list", "vs" inside an operand, an operand
// in any content language). ok is false when the text is to be read as it
// is (no intent, or a diagnosis, whose operand is the pasted text).
func (b *Bot) chosen(h Hints) (q Query, ok bool) {
	ops := make([]string, 0, len(h.Operands))
	for _, o := range h.Operands {
		if o = Clean(h.read(o)); o != "" {
			ops = append(ops, o)
		}
	}
	switch h.Intent {
	case IntentCompare, IntentExplain:
		if len(ops) == 0 {
			// Nothing to compare or explain: how to ask.
			q = Query{Intent: IntentHelp}
		} else if h.Intent == IntentCompare {
			q = b.compareOperands(ops)
		} else {
			q = b.explainOperand(strings.Join(ops, " "))
		}
	case IntentList:
		q = Query{Intent: IntentList, Filter: b.listFilter(ops), Provider: b.listedProvider(strings.Join(ops, " "))}
	case IntentHelp:
		q = Query{Intent: IntentHelp}
	default:
		return Query{}, false
	}
	if len(ops) > 0 {
		q.Text = strings.Join(ops, " ")
		q.Lang = b.Parse(q.Text).Lang
	}
	return q, true
}

// compareOperands compares the codes of each operand, in order: a code
// typed, a code's name ("mailbox full", "help"), a pasted reply's codes.
// The rules are those of a typed comparison: a malformed code makes the
// question not understood, a single code found is explained, a code
// compared with itself is kept twice so the answer can say so, and names
// beside typed enhanced codes only are read as enhanced codes.
func (b *Bot) compareOperands(ops []string) Query {
	var q Query
	parsed := make([]Query, len(ops))
	for i, op := range ops {
		parsed[i] = b.Parse(op)
	}
	if sides := classOperands(ops, parsed); len(sides) >= 2 {
		q.Intent, q.Operands = IntentCompare, sides
		return q
	}
	typed, basic := 0, false
	for i := range ops {
		if p := parsed[i]; !p.Named {
			typed += len(p.Codes)
			basic = basic || slices.ContainsFunc(p.Codes, catalog.Code.Basic)
		}
	}
	preferEnhanced := typed > 0 && !basic
	var codes []catalog.Code
	for i, p := range parsed {
		q.Bad = append(q.Bad, p.Bad...)
		q.Suggest = append(q.Suggest, p.Suggest...)
		switch {
		case p.Intent == IntentDiagnose || (len(p.Codes) > 0 && !p.Named):
			codes = append(codes, p.Codes...)
		default:
			// Named, or words that alone would read as a command of
			// their own ("help", "list …"): here they name codes.
			for _, n := range b.findNames(b.lex().newMessage(ops[i]).toks, preferEnhanced) {
				codes = append(codes, n.code)
				q.Named = true
			}
		}
	}
	self := len(codes) >= 2 && len(uniqueCodes(codes)) == 1
	codes = uniqueCodes(codes)
	if self && len(q.Bad) == 0 {
		codes = append(codes, codes[0])
	}
	if !q.decideCodes(codes, true) {
		q.Intent = IntentUnknown
		q.Suggest = uniqueCodes(q.Suggest)
	}
	return q
}

// classOperands are the sides compared when an operand is a class ("4xx",
// "5.X.X") or a comparison that names one ("4xx vs 5xx"), and every other
// operand is a class or codes; nil otherwise.
func classOperands(ops []string, parsed []Query) []catalog.Operand {
	var sd sides
	for i, op := range ops {
		found := parsed[i].Operands
		if r, ok := catalog.ParseClassRef(op); ok {
			found = []catalog.Operand{{Class: r}}
		}
		if len(found) == 0 {
			if len(parsed[i].Bad) > 0 || len(parsed[i].Codes) == 0 || parsed[i].Intent == IntentDiagnose {
				return nil
			}
			for _, c := range parsed[i].Codes {
				found = append(found, catalog.Operand{Code: c})
			}
		}
		for _, o := range found {
			sd.add(o)
		}
	}
	return sd.list()
}

// explainOperand reads the code to explain. Words that would read as a
// command of their own ("list", "help") are not one here: the person asked
// to explain them, and is told they are not understood.
func (b *Bot) explainOperand(op string) Query {
	q := b.Parse(op)
	if q.Intent == IntentList || q.Intent == IntentHelp {
		q.Intent, q.Filter = IntentUnknown, ""
		lx := b.lex()
		q.Suggest = b.didYouMean(lx.contentText(lx.tokenize(lowerText(op))), 5)
	}
	return q
}

// listFilter is the class an operand names ("4xx", "5.7.x"), a range of
// codes it gives ("5.7.20 to 5.7.27", codeRange), the class of the first
// code it gives ("550" lists 5xx, "5.7.1" lists 5.7.x), or a subject it
// names ("5.7", "network and routing": subjectNamed), "" for the whole
// catalog.
func (b *Bot) listFilter(ops []string) string {
	for _, op := range ops {
		read := lowerText(op)
		toks := b.lex().tokenize(read)
		if r, ok := b.lex().codeRange(toks, read); ok {
			return r
		}
		if i := slices.IndexFunc(toks, func(t token) bool { return t.kind == tokFilter }); i >= 0 {
			return toks[i].text
		}
		if i := slices.IndexFunc(toks, func(t token) bool { return t.kind == tokCode }); i >= 0 {
			return classFilter(toks[i].code)
		}
		if f, _ := b.lex().subjectNamed(toks); f != "" {
			return f
		}
	}
	return ""
}

// classFilter is the list filter of c's class: "5xx" for 550, "5.7.x" for
// 5.7.1, "x.1.x" for X.1.1.
func classFilter(c catalog.Code) string {
	if c.Basic() {
		return strconv.Itoa(int(c.Class())) + "xx"
	}
	class := "x"
	if c.Enhanced.Class != 0 {
		class = strconv.Itoa(c.Enhanced.Class)
	}
	return class + "." + strconv.Itoa(c.Enhanced.Subject) + ".x"
}
