package bot

import (
	"strings"

	"github.com/smtpbot/smtpbot/catalog"
)

// Exchange and Microsoft 365 name the cause of a non-delivery in a word of
// their own ("RESOLVER.ADR.RecipNotFound", "STOREDRV.Deliver.Exception:
// QuotaExceededException.MapiExceptionShutoffQuotaExceeded"). The names and
// the codes they stand for are data (catalog/data/ndr.json).

// ndrFound is an NDR name found in a message.
type ndrFound struct {
	name       catalog.NDRName
	start, end int // byte span in the lower-case text, with any sub-name
}

// findNDR finds the first NDR name in lower-case text, the longest where
// several start at the same place.
func (lx *lexicon) findNDR(lower string) (ndrFound, bool) {
	best := ndrFound{start: -1}
	for _, n := range lx.ndr {
		for off := 0; off < len(lower); {
			i := strings.Index(lower[off:], n.lower)
			if i < 0 {
				break
			}
			i += off
			end := i + len(n.lower)
			startOK := i == 0 || !isNameByte(lower[i-1])
			// A longer name goes on with a dot or colon ("…Exception.Mapi…"),
			// never straight with a letter ("RecipNotFoundX").
			endOK := end == len(lower) || !isAlnumByte(lower[end])
			if startOK && endOK && (best.start < 0 || i < best.start) {
				for end < len(lower) && isNameByte(lower[end]) {
					end++
				}
				best = ndrFound{name: n.name, start: i, end: end}
			}
			off = i + 1
		}
	}
	return best, best.start >= 0
}

func isNameByte(c byte) bool { return isAlnumByte(c) || c == '.' || c == ':' || c == '_' }

// ndrAlone reports whether the message is the name and nothing else but
// question words: "what is RESOLVER.ADR.RecipLimit?".
func (lx *lexicon) ndrAlone(lower string, n ndrFound) bool {
	for _, t := range lx.tokenize(lower[:n.start] + " " + strings.TrimRight(lower[n.end:], ".")) {
		switch {
		case t.kind == tokPunct:
		case t.kind == tokWord && (lx.fillers.has(t) || lx.question.has(t)):
		default:
			return false
		}
	}
	return true
}

// ndrAsked reports whether a question names an NDR name in its own words
// ("users get RESOLVER.ADR.RecipNotFound when …, what does that mean"):
// no code beside it, not written as Exchange writes it in a reply (the
// name, a semicolon, its text), a question word, and nothing that reads
// like a bounce.
func (lx *lexicon) ndrAsked(m *message, n ndrFound) bool {
	if strings.HasPrefix(strings.TrimSpace(m.lower[n.end:]), ";") {
		return false
	}
	for _, t := range m.toks {
		if t.kind == tokCode || t.kind == tokBad {
			return false
		}
	}
	if !strings.Contains(m.body, "?") && !lx.hasQuestionWord(m.toks) {
		return false
	}
	return !lx.looksLikeBounce(m.body)
}

// ndrCompared finds the second NDR name of a question that compares two
// ("RESOLVER.ADR.RecipNotFound vs RESOLVER.ADR.RecipientNotFound — same
// thing?"): a comparison word, two names, no code typed beside them, and
// nothing that reads like a bounce. first is the first name, when found.
func (lx *lexicon) ndrCompared(m *message, first ndrFound, found bool) (ndrFound, bool) {
	if !found || !m.compare {
		return ndrFound{}, false
	}
	second, ok := lx.findNDR(m.lower[first.end:])
	if !ok {
		return ndrFound{}, false
	}
	for _, t := range m.toks {
		if t.kind == tokCode || t.kind == tokBad {
			return ndrFound{}, false
		}
	}
	return second, !lx.looksLikeBounce(m.body)
}

// fillFrom completes a reply with the codes an NDR name stands for, where
// the reply lacks them and the class agrees.
func (r *replyCand) fillFrom(n catalog.NDRName) {
	cls := replyClass(*r)
	if r.basic == 0 && (cls == 0 || cls == int(n.Reply.Class())) {
		r.basic = n.Reply
	}
	if !r.hasEnh && (cls == 0 || cls == n.Enhanced.Class) {
		r.enh, r.hasEnh = n.Enhanced, true
	}
}
