package bot

import (
	"strings"

	"github.com/smtpbot/smtpbot/catalog"
)

// Classifying reply text.
//
// The words of a reply often say more than its codes: "550 5.7.1" is any
// policy refusal, "550 5.7.1 … blocked using zen.spamhaus.org" is a
// blocklist. Rules are tried in order and the first that matches wins, so
// specific wordings come before general ones ("spamhaus" before "spam",
// "sending quota" before "quota"). A strong rule names its cause
// unambiguously and outranks a specific enhanced code; a weak one only
// decides when the codes say little (X.7.1, X.0.0, a basic code alone).

type textRule struct {
	pattern string
	cat     catalog.Category
	strong  bool
}

var textRules = []textRule{
	// Sender authentication: SPF, DKIM, DMARC, ARC, spoofing.
	{`\bdmarc\b|\bspf\b|\bdkim\b|sender policy framework|domainkeys|\barc (?:validation|check)|unauthenticated (?:email|mail|sender)|sender is unauthenticated|not (?:pass|passing) authentication|fails? to pass authentication|authentication checks|anti-?spoofing|spoof`, catalog.CatSenderAuth, true},

	// DNS trouble, before "malformed" below ("Malformed or unexpected name
	// server reply" is a DNS failure, not a bad message).
	{`name service error|name server reply|dns (?:query|lookup) failed|lookup failure|temporary failure in name resolution|servfail`, catalog.CatTransient, true},

	// Named blocklists and explicit blocks of the sending host.
	{`spamhaus|spamcop|barracuda|\bsorbs\b|\bdnsbl\b|\brbl\b|\buribl\b|\bsurbl\b|\bcbl\b|cloudmark|blocked using|listed (?:at|on|in) |block ?list|black ?list|blocklisted|ip (?:address )?(?:is |has been )?(?:temporarily )?(?:blocked|banned|blacklisted|listed)|your ip (?:address )?is in|banned sending ip|banned sender|network is on our block list|traffic not accepted from this ip|open proxy|client host (?:\[[^\]]*\] )?blocked|spam (?:site|source)|known spammer`, catalog.CatBlocked, true},

	// Message format, before "spam": Gmail says "not RFC 5322 compliant … to
	// reduce the amount of spam".
	{`rfc ?5322 compliant|not rfc ?5322|duplicate headers?|missing a valid|blank from|from: addresses? (?:is |are )?not allowed|stray linefeeds|malformed|message-id: header|disallowed header|encoded-word syntax|bare ?line ?feeds?|bare lf`, catalog.CatMessage, true},

	// Sending limits and throttling, before "quota" and "limit" below.
	{`rate limit|ratelimit|rate-limit|too many (?:connections|messages|recipients|mails|emails|concurrent|sessions|invalid recipients|errors|commands|rcpt|login attempts)|too fast|too quickly|receiving (?:mail|email) (?:too quickly|at a rate)|sending (?:quota|limit)|daily (?:user )?(?:sending )?(?:quota|limit)|hourly (?:quota|limit)|(?:message|recipient|connection|submission) (?:rate|limit|quota) (?:exceeded|reached)|recipient (?:rate )?limit|(?:per hour|per day)\b.*\b(?:limit|exceeded)|exceeded (?:their|its|the|your) limit|throttl|slow down|unexpected volume|excessive volume|peak smtp relay limit|relay limit|concurrent connections|connection limit|max(?:imum)? (?:number of )?(?:connections|recipients)|max(?:imum)? (?:number of )?(?:messages?|mails?) per|try again later,? closing connection|login attempts`, catalog.CatRateLimit, true},

	// Mailbox full.
	{`mail ?box (?:is )?full|inbox (?:is )?full|full mailbox|(?:mail ?box|inbox|user|account|recipient)(?:'s)? (?:is )?over (?:the )?(?:allowed )?(?:quota|limit|storage)|over ?quota|quota (?:exceeded|exceed|full|reached)|exceeded (?:its |their |the |his |her )?(?:storage|quota|mailbox)|(?:mailbox|storage|disk) (?:quota|size limit)|out of storage|storage space|insufficient (?:storage|space) (?:for|in) (?:the )?(?:mailbox|user)|mailfolder is over|storage allocation|no room|hộp thư đầy`, catalog.CatMailboxFull, true},

	// Message size, before the general limits.
	{`too (?:big|large)|size (?:limit|exceeds|exceeded)|exceeds (?:the )?(?:fixed |maximum |max |allowed )?(?:message )?(?:size|limit)|message size|maximum (?:message |email )?size|email size|databytes|line (?:is )?too long|line length exceeded|header (?:is )?too (?:long|large)|headers? size`, catalog.CatMessage, true},

	// Reputation, reverse DNS, dynamic addresses, hosts refused outright.
	{`poor reputation|low reputation|bad reputation|(?:ip|sender|sending|domain) reputation|reputation (?:of|is)|dynamic ip|residential|dynamic (?:or )?(?:residential )?(?:address|pool|range)|reverse dns|\bptr\b|\brdns\b|cannot find your (?:reverse )?hostname|client host rejected|not allowed to send from|unusual rate of unsolicited|originating from your ip|send(?:ing)? (?:email|mail) directly|access denied, banned|hostname does not resolve|helo (?:name|host) .*(?:rejected|blocked)|bad outbound sender|spam abuse`, catalog.CatBlocked, true},

	// Spam and malware judged from the content.
	{`\bvirus|malware|message filtered|filtered as spam|infected|phishing|\bspam\b|likely unsolicited|unsolicited (?:mail|message|email|bulk)|suspicious|security issue|illegal attachment|content (?:filter|rejected)|spam-like|junk ?mail|\buce\b|bulk mail|spam score|dangerous|banned attachment|attachment (?:type )?(?:is )?(?:not allowed|blocked|prohibited)|executable`, catalog.CatSpamVirus, true},

	// Account disabled or inactive.
	{`(?:account|mail ?box|user|address|recipient)\b[^.;:]{0,40}\b(?:disabled|deactivated|inactive|suspended|locked|frozen|closed|expired)|(?:disabled|deactivated|inactive|suspended|locked) (?:account|mail ?box|user|recipient|(?:e-?mail )?address)|no longer (?:active|valid)|not accepting (?:messages|mail)|archived (?:recipient|mailbox|account)|(?:recipient|user)(?:'s)? account (?:is |has been )?blocked`, catalog.CatAccountDisabled, true},

	// Recipient unknown.
	{`user unknown|unknown user|unknown (?:recipient|mailbox|address|local part|alias)|addressee unknown|no such (?:user|recipient|mailbox|address|person|account|domain)|(?:user|recipient|mailbox|address|account|addressee|domain)\b[^.;:]{0,40}\b(?:does not|doesn't|doesnt|did not) exist|(?:user|recipient|mailbox|address|account) (?:was )?not found|not found (?:by smtp address lookup|in (?:the )?directory)|recipientnotfound|recipnotfound|unroutable|unrouteable|no mailbox here|not a (?:valid|registered) (?:recipient|mailbox|user|address|gateway user)|is not a registered|bad destination (?:mailbox|address)|doesn't have (?:a|an) .*account|does not have (?:a|an) .*account|couldn't be found|could not be found|wasn't found|isn't a known|is not a known|unknown or illegal alias|nxdomain|null mx|does not accept mail|accepts no mail|no longer (?:with|works|employed|on (?:this |the )?server)|has moved|mailbox (?:has )?moved|invalid (?:recipient|mailbox|user)|recipient (?:address )?rejected: (?:not found|user)|domain not found|(?:find|locate) the recipient domain|(?:recipient )?mailbox (?:name )?(?:is )?not allowed|host not found|couldn't find any host|name or service not known`, catalog.CatRecipientUnknown, true},

	// Relay, authentication and TLS requirements, refused senders: site policy.
	{`relay(?:ing)? (?:access )?(?:denied|not permitted|not allowed|disallowed|prohibited)|not permitted to relay|unable to relay|relay access|forwarding to remote hosts|not (?:allowed|authorized|permitted) to (?:send|relay)|authentication (?:is )?required|must (?:authenticate|issue a starttls)|turn on smtp authentication|starttls|\btls\b|encryption required|requires encryption|requiretls|auth(?:entication)? (?:failed|unsuccessful|credentials)|incorrect authentication|invalid credentials|username and password|password (?:required|not accepted)|not (?:owned|authorized) by user|send ?as|on behalf|sender (?:address )?(?:rejected|refused|denied|not allowed|blocked)|sender verify failed|verification failed for|invalid sender|unresolvable|policy violation|rejected by (?:the )?(?:destination|recipient|receiving)|as a relay|invalid dns|administrative prohibition|envelope blocked|blocked senders?|not in (?:the )?(?:whitelist|allowlist|allow list)|access denied|greylist|graylist|grey-list|gray-list`, catalog.CatPolicy, true},

	// Temporary trouble: server, network, DNS, queues.
	{`server busy|system (?:is )?busy|temporary (?:system|server|local) (?:problem|error|failure)|temporarily rejected|insufficient (?:system )?(?:storage|resources|disk space)|disk space|connection (?:timed out|refused|reset|lost|dropped)|timed out|timeout|no route to host|network (?:error|unreachable)|name service error|name server reply|dns (?:query|lookup) failed|lookup failure|temporary failure in name resolution|local error|error in processing|read error|write error|expired|in the queue too long|delivery time|could not be delivered for|could not send message for|unable to process|resources? (?:are |is )?temporarily unavailable|service (?:not available|unavailable|currently unavailable)|try again later|try later`, catalog.CatTransient, true},

	// Message format and commands.
	{`\bmime\b|rfc ?2822|syntax|bad sequence|command (?:unrecognized|not recognized|not implemented)|unrecognized command|protocol (?:error|violation)|invalid (?:command|argument|parameter|header)|missing (?:header|from|date|message-id)|\bloop|hop count|too many hops|pipelining|8bit`, catalog.CatMessage, false},

	// Weak recipient signals: the RFC texts of 550, addresses refused.
	{`mailbox unavailable|mailbox not available|invalid address|address rejected|recipient rejected|moved`, catalog.CatRecipientUnknown, false},

	// Other policy refusals.
	{`polic(?:y|ies)|prohibited|not allowed|denied|restricted|not authorized|unauthorized|rejected by|refused|blocked|rejected`, catalog.CatPolicy, false},

	// Temporary trouble, weaker words.
	{`temporar(?:y|ily)|try again|retry|could not connect|can't connect|unable to connect|deferred|busy|internal (?:error|server)|queue|unavailable`, catalog.CatTransient, false},
}

// retryRule says when the text itself tells whether retrying helps.
type retryRule struct {
	pattern string
	retry   catalog.Retry
}

var retryRules = []retryRule{
	{`retrying will not succeed|will not succeed|permanently (?:deferred|blocked|rejected)|do not (?:retry|resend)|don't (?:retry|resend)|not going to try again|giving up`, catalog.RetryAfterChange},
	{`temporarily (?:blocked|banned|blacklisted) for|blocked for the (?:day|hour)|for the remainder of the day|for an hour`, catalog.RetryMayClear},
	{`temporarily (?:deferred|blocked|rate limited|rejected|unavailable|suspended)|try again later|retry later|please try again|resend (?:your message|it) (?:at a )?later|come back later|greylist|graylist|grey-list|gray-list|will keep trying|will be retried`, catalog.RetryAutomatic},
}

// compiledRules are the rules ready to use, built once by New.
type compiledRules struct {
	text  []compiledText
	retry []compiledRetry
}

type compiledText struct {
	re     *catalog.Pattern
	cat    catalog.Category
	strong bool
}

type compiledRetry struct {
	re    *catalog.Pattern
	retry catalog.Retry
}

func compileRules() compiledRules {
	var c compiledRules
	for _, r := range textRules {
		c.text = append(c.text, compiledText{re: mustPattern(r.pattern), cat: r.cat, strong: r.strong})
	}
	for _, r := range retryRules {
		c.retry = append(c.retry, compiledRetry{re: mustPattern(r.pattern), retry: r.retry})
	}
	return c
}

// mustPattern compiles a pattern written in this package; TestRules
// compiles every one, so a typo fails the tests, not a running bot.
func mustPattern(expr string) *catalog.Pattern {
	p, err := catalog.CompilePattern(expr)
	if err != nil {
		panic("bot: bad pattern " + expr + ": " + err.Error())
	}
	return p
}

// classify returns the first rule's category matching text, and whether the
// rule is strong.
func (c compiledRules) classify(text string) (catalog.Category, bool) {
	lower := strings.ToLower(text)
	for _, r := range c.text {
		if r.re.MatchLower(lower) {
			return r.cat, r.strong
		}
	}
	return "", false
}

// retryHint returns what the text says about retrying, or "".
func (c compiledRules) retryHint(text string) catalog.Retry {
	lower := strings.ToLower(text)
	for _, r := range c.retry {
		if r.re.MatchLower(lower) {
			return r.retry
		}
	}
	return ""
}
