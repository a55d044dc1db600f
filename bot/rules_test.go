package bot

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/smtpbot/smtpbot/catalog"
)

func TestAdvice(t *testing.T) {
	cat := newTestBot(t).Catalog()
	for _, c := range catalog.Categories() {
		a, _ := cat.Advice(c)
		for _, lang := range cat.ContentLanguages() {
			if len(a.Action.In(lang)) > 600 || len(a.ActionTemporary.In(lang)) > 600 {
				t.Errorf("advice %s %s: keep actions under 600 characters", c, lang)
			}
		}
	}
}

// The text rules (catalog/data/rules.json) name the reasons of their
// wordings; Load has compiled them and checked that each reason exists.
func TestRules(t *testing.T) {
	b := newTestBot(t)
	for _, tt := range []struct {
		text string
		want string
	}{
		{"Recipient address rejected: User unknown in local recipient table", "userunknown"},
		{"The email account that you tried to reach does not exist.", "userunknown"},
		{"Client host [192.0.2.1] blocked using zen.spamhaus.org", "blocked"},
		{"This message is not RFC 5322 compliant because it has duplicate headers. To reduce the amount of spam sent to Gmail", "notcompliantrfc"},
		{"Daily user sending quota exceeded", "ratelimited"},
		{"mailbox is full: retry timeout exceeded", "mailboxfull"},
		{"551 5.7.1 Forwarding to remote hosts disabled", "norelaying"},
		{"The email account that you tried to reach is disabled.", "suspend"},
		{"Host or domain name not found. Name service error for name=aol.com type=MX: Malformed or unexpected name server reply", "networkerror"},
		{"Host or domain name not found. Name service error for name=example.com type=A: Host not found", "hostunknown"},
		{"SPF fail - not authorized", "authfailure"},
		{"Reverse DNS validation failed", "requireptr"},
		{"Relay access denied", "norelaying"},
		{"Must issue a STARTTLS command first", "failedstarttls"},
		// The words of the cause outrank the limit's: a throttle for the
		// spam a host sends is its reputation; a missing login is no block.
		{"Client host rejected: Throttled - Too much spam from your mail server. Try again later.", "badreputation"},
		{"Client was not authenticated (at FROM)", "securityerror"},
		// A null MX of the sender's domain refuses the sender (RFC 7505
		// §4.2), not the recipient's domain.
		{"Sender address rejected: Domain example.net does not accept mail (nullMX)", "rejected"},
		{"Recipient address rejected: Domain example.net does not accept mail (nullMX)", "notaccept"},
		{"Message rejected because it exceeded the allowed size.", "mesgtoobig"},
		// An address is a name, not words of the reply.
		{"550 5.1.1 <spam.reports@example.com>: Recipient address rejected: User unknown", "userunknown"},
		{"550 5.2.2 <virus-alerts@example.com>... Mailbox full", "mailboxfull"},
		// A sending system's own list holding the recipient's address is
		// its suppression list, though it calls it a blacklist; the
		// sender's own address on a receiving server's list is not.
		{"Thất bại, lý do: Email nằm trong blacklist của hệ thống", "suppressed"},
		{"Email của bạn nằm trong blacklist của hệ thống", "blocked"},
	} {
		got, _ := b.textReason(tt.text)
		if got == nil || got.Name != tt.want {
			t.Errorf("textReason(%q) = %v, want %s", tt.text, got, tt.want)
		}
	}
}

// Every rule can win: its example (rules.json) is matched by that rule and
// by no earlier one, so no rule is hidden behind another.
func TestRulesReachable(t *testing.T) {
	rules := slices.Collect(newTestBot(t).Catalog().ReasonRules())
	for i, r := range rules {
		lower := strings.ToLower(r.Example)
		first := -1
		for j := range rules {
			if rules[j].MatchLower(lower) {
				first = j
				break
			}
		}
		if first != i {
			t.Errorf("rule %d (%s): its example %q is taken by rule %d", i, r.Reason, r.Example, first)
		}
	}
}

// The literal prefilter of catalog.Pattern must never hide a match: over
// every input of the evaluation set, each rule and provider pattern agrees
// with its plain regular expression.
func TestPatternPrefilter(t *testing.T) {
	inputs := evalInputs(t)
	var exprs []string
	for r := range newTestBot(t).Catalog().ReasonRules() {
		exprs = append(exprs, r.Patterns...)
	}
	for r := range newTestBot(t).Catalog().RetryRules() {
		exprs = append(exprs, r.Patterns...)
	}
	for p := range newTestBot(t).Catalog().Providers() {
		exprs = append(exprs, p.Match...)
		for _, tag := range p.Tags {
			exprs = append(exprs, tag.Pattern)
		}
	}
	agreeWithRegexp(t, exprs, inputs, func(p *catalog.Pattern, i int) bool { return p.Match(inputs[i]) })
}

// agreeWithRegexp checks, for every pattern and input, that match (the
// compiled pattern with its fast path) says what the plain
// case-insensitive regular expression says. It returns how many pairs
// matched.
func agreeWithRegexp(t *testing.T, exprs, inputs []string, match func(p *catalog.Pattern, i int) bool) (hits int) {
	t.Helper()
	for _, e := range exprs {
		p, err := catalog.CompilePattern(e)
		if err != nil {
			t.Fatal(err)
		}
		plain := regexp.MustCompile("(?i)" + e)
		for i, in := range inputs {
			got, want := match(p, i), plain.MatchString(in)
			if got != want {
				t.Errorf("pattern %q on %q: fast path %v, regexp %v", e, in, got, want)
			}
			if want {
				hits++
			}
		}
	}
	return hits
}

// The reason rules' fast path (no case folding on a lowered text, a
// trigram prefilter) must agree with the plain case-insensitive expression
// on every input of the evaluation set and every rule's example.
func TestRuleMatchTextAgrees(t *testing.T) {
	rules := slices.Collect(newTestBot(t).Catalog().ReasonRules())
	inputs := evalInputs(t)
	for _, r := range rules {
		inputs = append(inputs, r.Example, strings.ToUpper(r.Example))
	}
	for _, r := range rules {
		plain := regexp.MustCompile("(?i)(?:" + strings.Join(r.Patterns, ")|(?:") + ")")
		for _, in := range inputs {
			lower := strings.ToLower(in)
			want := plain.MatchString(lower)
			if got := r.MatchText(catalog.NewLowerText(lower)); got != want {
				t.Errorf("rule %s %q on %q: MatchText %v, the plain expression %v", r.Reason, r.Example, in, got, want)
			}
		}
	}
}
