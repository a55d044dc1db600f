package catalog

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Provider describes a mail provider or MTA that shows itself in reply text
// and may use codes differently from the IANA registry.
type Provider struct {
	ID    string         `json:"id"`    // stable identifier: "gmail", "microsoft", …
	Name  string         `json:"name"`  // display name
	Kind  ProviderKind   `json:"kind"`  // mailbox provider, filtering gateway or MTA software
	Match []string       `json:"match"` // case-insensitive regular expressions that identify it in a reply
	Codes []ProviderCode `json:"codes"` // its own meanings of codes
	Tags  []ProviderTag  `json:"tags"`  // tags in its reply text and what they mean
	Refs  []Link         `json:"refs"`  // the provider's own public pages these meanings come from

	match []*regexp.Regexp
}

// ProviderKind says what a provider is. A reply is attributed to a mailbox
// provider or gateway before the MTA software that merely wraps it.
type ProviderKind string

// Provider kinds.
const (
	KindMailbox ProviderKind = "mailbox" // hosts mailboxes: Gmail, Microsoft 365, Yahoo …
	KindGateway ProviderKind = "gateway" // filters mail for others: Mimecast, Proofpoint …
	KindMTA     ProviderKind = "mta"     // mail server software: Postfix, Exim, Sendmail, qmail
)

// ProviderCode is a provider's own meaning for an enhanced (or basic) code.
type ProviderCode struct {
	Code     string   `json:"code"` // "5.7.27", "X.7.27" (both classes) or "550"
	Meaning  Text     `json:"meaning"`
	Category Category `json:"category"`
	Retry    Retry    `json:"retry"`
	Action   Text     `json:"action"` // the concrete next step, when the provider's meaning calls for one
}

// ProviderTag is a tag in reply text ("[TSS04]", "RP-001") and its meaning.
type ProviderTag struct {
	Tag      string   `json:"tag"`     // the tag as shown to people: "[TSS04]", "RP-001"
	Pattern  string   `json:"pattern"` // case-insensitive regular expression
	Meaning  Text     `json:"meaning"`
	Category Category `json:"category"`
	Retry    Retry    `json:"retry"`
	Action   Text     `json:"action"` // the concrete next step, when the tag calls for one

	re *regexp.Regexp
}

// UnmarshalJSON decodes a provider strictly and compiles its patterns, so a
// decoded Provider is ready to use wherever it is copied to.
func (p *Provider) UnmarshalJSON(b []byte) error {
	type plain Provider
	var v plain
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&v); err != nil {
		return err
	}
	*p = Provider(v)
	return p.compile()
}

func (p *Provider) compile() error {
	if p.ID == "" || p.Name == "" || len(p.Match) == 0 {
		return fmt.Errorf("catalog: providers.json: provider %q needs id, name and match", p.ID)
	}
	switch p.Kind {
	case KindMailbox, KindGateway, KindMTA:
	default:
		return fmt.Errorf("catalog: providers.json: %s: unknown kind %q", p.ID, p.Kind)
	}
	match := make([]*regexp.Regexp, 0, len(p.Match))
	for _, m := range p.Match {
		re, err := regexp.Compile("(?i)" + m)
		if err != nil {
			return fmt.Errorf("catalog: providers.json: %s: %w", p.ID, err)
		}
		match = append(match, re)
	}
	p.match = match
	for i := range p.Tags {
		t := &p.Tags[i]
		re, err := regexp.Compile("(?i)" + t.Pattern)
		if err != nil {
			return fmt.Errorf("catalog: providers.json: %s tag: %w", p.ID, err)
		}
		t.re = re
		if t.Tag == "" || t.Meaning[English] == "" {
			return fmt.Errorf("catalog: providers.json: %s tag %q: needs tag and an English meaning", p.ID, t.Pattern)
		}
		if !knownCategory(t.Category) || (t.Retry != "" && !knownRetry[t.Retry]) {
			return fmt.Errorf("catalog: providers.json: %s tag %s: bad category or retry", p.ID, t.Tag)
		}
	}
	for _, pc := range p.Codes {
		low, _, _ := strings.Cut(pc.Code, "-")
		if _, err := ParseCode(low); err != nil {
			return fmt.Errorf("catalog: providers.json: %s: %w", p.ID, err)
		}
		if !knownCategory(pc.Category) || (pc.Retry != "" && !knownRetry[pc.Retry]) {
			return fmt.Errorf("catalog: providers.json: %s %s: bad category or retry", p.ID, pc.Code)
		}
		if pc.Meaning[English] == "" {
			return fmt.Errorf("catalog: providers.json: %s %s: no English meaning", p.ID, pc.Code)
		}
	}
	return nil
}

// Matches reports whether text shows this provider.
func (p *Provider) Matches(text string) bool {
	for _, re := range p.match {
		if re.MatchString(text) {
			return true
		}
	}
	return false
}

// TagsIn returns the provider's tags found in text, in declaration order.
func (p *Provider) TagsIn(text string) []ProviderTag {
	var out []ProviderTag
	for _, t := range p.Tags {
		if t.re != nil && t.re.MatchString(text) {
			out = append(out, t)
		}
	}
	return out
}

// Code returns the provider's own meaning of code ("5.7.27"), if it has one.
// An entry may name the code exactly ("4.7.650"), with class X for both 4
// and 5 ("X.7.27"), or as a range of details ("5.7.606-649", as Microsoft
// documents them). An exact entry wins over the others.
func (p *Provider) Code(code string) (ProviderCode, bool) {
	var loose ProviderCode
	found := false
	for _, pc := range p.Codes {
		if pc.Code == code {
			return pc, true
		}
		if !found && codeCovers(pc.Code, code) {
			loose, found = pc, true
		}
	}
	return loose, found
}

// codeCovers reports whether pattern ("X.7.27", "5.7.606-649") covers code.
func codeCovers(pattern, code string) bool {
	pat, hi, isRange := strings.Cut(pattern, "-")
	if len(pat) < 5 || len(code) < 5 {
		return false
	}
	if pat[0] != code[0] && pat[0] != 'X' && pat[0] != 'x' {
		return false
	}
	if !isRange {
		return strings.EqualFold(pat[1:], code[1:])
	}
	// Same class and subject, detail within [low, hi].
	pe, err := ParseEnhanced("5" + pat[1:])
	if err != nil {
		return false
	}
	ce, err := ParseEnhanced("5" + code[1:])
	if err != nil || ce.Subject != pe.Subject {
		return false
	}
	top, err := strconv.Atoi(hi)
	return err == nil && ce.Detail >= pe.Detail && ce.Detail <= top
}
