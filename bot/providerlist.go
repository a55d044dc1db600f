package bot

import (
	"strings"

	"github.com/smtpbot/smtpbot/catalog"
)

// listedProvider is the id of the provider a list question names in the
// asker's words (providers.json names, exactly one, no MTA software), ""
// when it names none.
func (b *Bot) listedProvider(asked string) string {
	if p, ok := b.namedIn(asked); ok && p.Kind != catalog.KindMTA {
		return p.ID
	}
	return ""
}

// providerListRequest recognises a question for a provider's own codes
// that reads as no list of the registry's: a provider named (listedProvider)
// and a list noun ("codes", "mã lỗi") after a list opener, either opening
// the message or right before the noun ("which codes does yahoo send?",
// "gmail có những mã lỗi nào"). No code is typed (a code would be asked
// about) nor named ("what gmail code means a full mailbox" asks for one
// code). filter is the pattern of codes typed with it ("5.7", a range), ""
// for all.
func (b *Bot) providerListRequest(m *message) (id, filter string, ok bool) {
	lx := b.lex()
	if id = b.listedProvider(m.lower); id == "" {
		return "", "", false
	}
	for i, t := range m.toks {
		if t.kind == tokCode && lx.listExcept.endsAt(m.toks, i) == 0 {
			return "", "", false
		}
	}
	asked := false
	for _, o := range lx.listOpeners {
		for _, n := range lx.listNouns {
			if containsWords(m.trimmed, o+" "+n) || hasPrefixWords(m.trimmed, o) && containsWords(m.trimmed, n) {
				asked = true
			}
		}
	}
	if !asked || len(b.findNames(m.toks, false)) > 0 {
		return "", "", false
	}
	if r, ok := lx.codeRange(m.toks, m.read); ok {
		return id, r, true
	}
	filter, _ = lx.subjectNamed(m.toks)
	return id, filter, true
}

// providerList answers a list of a provider's own codes (providers.json
// codes), filtered by a pattern of codes ("5.7.7xx", "4xx"), each with its
// meaning cut short in lang; ok is false for an unknown provider or a
// filter that is no pattern.
func (b *Bot) providerList(id, filter, lang string) (List, bool) {
	p, ok := b.cat.ProviderNamed(id)
	if !ok {
		return List{}, false
	}
	filter = strings.ToLower(strings.TrimSpace(filter))
	pat, ok := catalog.ParseCodePattern(filter)
	if !ok {
		pat, filter = catalog.AnyCode, ""
	}
	l := List{Filter: filter, Provider: p.ID, ProviderName: p.Name}
	sources := map[string]bool{}
	for _, it := range p.ListCodes(pat, lang, b.cat.Frame(lang)) {
		l.Items = append(l.Items, ListItem{Code: it.Code, Name: it.Meaning, Class: it.Class})
		sources[it.Source] = true
	}
	if p.Postmaster != nil {
		l.Refs = append(l.Refs, *p.Postmaster)
	}
	// The provider's own pages its listed meanings come from, with their
	// titles.
	for _, r := range p.Refs {
		if sources[r.URL] && (p.Postmaster == nil || r.URL != p.Postmaster.URL) {
			l.Refs = append(l.Refs, r)
		}
	}
	return l, true
}
