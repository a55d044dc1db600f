package catalog

import (
	"fmt"
	"regexp"
)

// Provider describes a mail provider or MTA that shows itself in reply text
// and may use codes differently from the IANA registry.
type Provider struct {
	ID    string         `json:"id"`    // stable identifier: "gmail", "microsoft", …
	Name  string         `json:"name"`  // display name
	Match []string       `json:"match"` // case-insensitive regular expressions that identify it in a reply
	Codes []ProviderCode `json:"codes"` // its own meanings of codes
	Tags  []ProviderTag  `json:"tags"`  // tags in its reply text and what they mean

	match []*regexp.Regexp
}

// ProviderCode is a provider's own meaning for an enhanced (or basic) code.
type ProviderCode struct {
	Code     string   `json:"code"` // "5.7.27", "X.7.27" (both classes) or "550"
	Meaning  Text     `json:"meaning"`
	Category Category `json:"category"`
	Retry    Retry    `json:"retry"`
}

// ProviderTag is a tag in reply text ("[TSS04]", "RP-001") and its meaning.
type ProviderTag struct {
	Pattern  string   `json:"pattern"` // case-insensitive regular expression
	Meaning  Text     `json:"meaning"`
	Category Category `json:"category"`
	Retry    Retry    `json:"retry"`

	re *regexp.Regexp
}

func (p *Provider) compile() error {
	if p.ID == "" || p.Name == "" || len(p.Match) == 0 {
		return fmt.Errorf("catalog: providers.json: provider %q needs id, name and match", p.ID)
	}
	p.match = p.match[:0]
	for _, m := range p.Match {
		re, err := regexp.Compile("(?i)" + m)
		if err != nil {
			return fmt.Errorf("catalog: providers.json: %s: %w", p.ID, err)
		}
		p.match = append(p.match, re)
	}
	for i := range p.Tags {
		re, err := regexp.Compile("(?i)" + p.Tags[i].Pattern)
		if err != nil {
			return fmt.Errorf("catalog: providers.json: %s tag: %w", p.ID, err)
		}
		p.Tags[i].re = re
	}
	for _, pc := range p.Codes {
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
// An entry written with class X matches both 4 and 5.
func (p *Provider) Code(code string) (ProviderCode, bool) {
	for _, pc := range p.Codes {
		if pc.Code == code {
			return pc, true
		}
		if len(pc.Code) > 2 && (pc.Code[0] == 'X' || pc.Code[0] == 'x') && len(code) > 2 && code[1:] == pc.Code[1:] {
			return pc, true
		}
	}
	return ProviderCode{}, false
}
