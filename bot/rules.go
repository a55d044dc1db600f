package bot

import (
	"strings"

	"github.com/smtpbot/smtpbot/catalog"
)

// Reading reply text.
//
// The words of a reply often say more than its codes: "550 5.7.1" is any
// policy refusal, "550 5.7.1 … blocked using zen.spamhaus.org" is a
// blocklist. The rules are data (catalog/data/rules.json): tried in order,
// the first that matches wins, so specific wordings come before general
// ones. A strong rule names its cause unambiguously and outranks a specific
// enhanced code; a weak one only decides when the codes say little (X.7.1,
// X.0.0, a basic code alone).

// textReason returns the reason of the first rule matching text, and
// whether the rule is strong; nil when none matches.
func (b *Bot) textReason(text string) (*catalog.Reason, bool) {
	if rule := b.textRule(text); rule != nil {
		return b.cat.Reason(rule.Reason), rule.Strong
	}
	return nil, false
}

// textRule returns the first rule matching text, or nil.
func (b *Bot) textRule(text string) *catalog.ReasonRule {
	// Prepared once: each rule's required literals are then ruled out by
	// their trigrams, without scanning the text again.
	lower := catalog.NewLowerText(ruleText(text)) // on the stack: built here, not returned
	for rule := range b.cat.ReasonRules() {
		if rule.MatchText(lower) {
			found := rule // one copy escapes, not every rule tried
			return &found
		}
	}
	return nil
}

// textReasonIn returns the reason of the first strong rule of category cat
// matching text, or nil.
func (b *Bot) textReasonIn(text string, cat catalog.Category) *catalog.Reason {
	lower := catalog.NewLowerText(ruleText(text))
	for rule := range b.cat.ReasonRules() {
		r := b.cat.Reason(rule.Reason)
		if rule.Strong && r.Category == cat && rule.MatchText(lower) {
			return r
		}
	}
	return nil
}

// ruleText is a reply's text as the rules read it: lowered and folded
// (catalog.Lower: full-width forms and typographic quotes), and the local
// part of every email address in it blanked out. An address is a name,
// not words of the reply: "<nouser@example.com>", "<policy@example.org>"
// or "<spam-reports@…>" say nothing about why the delivery failed.
func ruleText(text string) string {
	lower := catalog.Lower(text)
	if strings.IndexByte(lower, '@') < 0 {
		return lower
	}
	buf := []byte(lower)
	for i, c := range buf {
		if c != '@' || i+1 >= len(buf) || !isAlnumByte(buf[i+1]) {
			continue
		}
		for j := i - 1; j >= 0 && isLocalPartByte(buf[j]); j-- {
			buf[j] = 'x'
		}
	}
	return string(buf)
}

// isLocalPartByte reports whether c is one of the characters the local
// part of an address is usually written with (RFC 5322 atext, less the
// rare ones that also end words in sentences).
func isLocalPartByte(c byte) bool {
	return isAlnumByte(c) || strings.IndexByte(".-_+=%", c) >= 0
}

// retryHint returns what the text says about retrying, or "".
func (b *Bot) retryHint(text string) catalog.Retry {
	lower := catalog.Lower(text)
	for rule := range b.cat.RetryRules() {
		if rule.MatchLower(lower) {
			return rule.Retry
		}
	}
	return ""
}
