package bot

import (
	"slices"
	"strings"

	"github.com/smtpbot/smtpbot/bot/bounce"
	"github.com/smtpbot/smtpbot/catalog"
)

// Reply is a server reply found in pasted text.
type Reply struct {
	Basic    catalog.ReplyCode    // 0 when the text has none
	Enhanced catalog.EnhancedCode // zero when the text has none
	HasEnh   bool
	Stage    catalog.Stage // the command it answered, when the text says
	Text     string        // the reply line, cleaned
}

// diagnose explains a pasted reply: which reason of failure it is (and its
// coarse category), whether the address is bad, whether retrying happens
// and helps, who has to act and how. The evidence is weighed in this order,
// most specific first:
//
//  1. a provider's tag in the text ("[TSS04]", "RP-001", "(S3150)");
//  2. a provider's own meaning of the code (Gmail 5.7.27 is SPF, not null MX);
//  3. a strong wording in the text ("blocked using zen.spamhaus.org");
//  4. a specific enhanced code (5.1.1, 5.2.2, 5.7.26);
//  5. a weaker wording ("mailbox unavailable", "try again later");
//  6. a generic enhanced code (5.7.1, 4.0.0), then the basic code.
//
// The SMTP stage refines the reason: a "user unknown" refused at MAIL FROM
// is about the sender, after DATA it is the recipient's filter.
func (b *Bot) diagnose(q Query, lang string) Diagnosis {
	// A pasted multi-line reply reads as the one reply it is.
	// The asker's own words may name who refused ("gmail says …"): a
	// weaker mark than the reply's, read only in a chat question.
	text := q.Text
	if q.scope != "" {
		text = q.scope
	}
	return b.diagnoseReply(q.Reply, bounce.JoinReplies(b.bounces.Excerpt(text)), replyContext{asked: q.Text}, lang)
}

// replyContext is what a whole bounce email says around one reply.
type replyContext struct {
	// failed: the report says the delivery failed for good (a DSN Action
	// of "failed" or "expired"): a temporary reply then means the sending
	// server gave up retrying.
	failed bool
	// report: the reply comes from a whole report, whose transcript or
	// fields say when a refusal answered RCPT TO; a reply not placed
	// there came after the address was accepted.
	report bool
	// worded: the report's diagnostic says something beyond the address.
	worded bool
	// delayed: the report says the delivery is only delayed (a DSN
	// Action of "delayed"): the sending server is still retrying.
	delayed bool
	// host: the host the report names for the reply (its Remote-MTA, else
	// its Reporting-MTA): who refused, when the words name no provider.
	host string
	// operator: a mailbox provider or a filtering gateway was recognised
	// as who refused (set by diagnoseReply from the evidence).
	operator bool
	// tagged: a provider's tag named the reason (set by classify).
	tagged bool
	// asked is the whole chat question around a pasted reply, whose
	// words may name the provider ("sending to hotmail gives …"); empty
	// for a whole bounce email, where the report's own marks decide.
	asked string
	// origin is the reason the Diagnostic-Code's type gives where nothing
	// names a cause (bounce.json diagnostic_types: "x-unix" is a local
	// delivery program's failure, mailererror); nil for most types.
	origin *catalog.Reason
	// local: the Diagnostic-Code is typed as other than a remote SMTP
	// reply (RFC 3464 §2.3.6: "smtp"), the reporting MTA's own text.
	local bool
	// remote: the report's layout labels the text the remote server's
	// reply, though it dropped the reply's code (bounce.Record.Remote).
	remote bool
}

// DiagnoseReply explains one server reply found in a whole bounce email:
// r holds its codes, its text (the Diagnostic-Code or the MTA's own words)
// and the stage when known. failed is true when the report says the
// delivery failed for good (a DSN Action of "failed"): a temporary reply
// then means the sending server gave up retrying.
func (b *Bot) DiagnoseReply(r Reply, failed bool, lang string) Diagnosis {
	lang = b.Lang(Query{}, lang)
	return b.diagnoseReply(&r, r.Text, replyContext{failed: failed}, lang)
}

func (b *Bot) diagnoseReply(r *Reply, text string, rc replyContext, lang string) Diagnosis {
	f := b.cat.Frame(lang)
	d := Diagnosis{Stage: r.Stage, Excerpt: r.Text}

	// The codes, explained. Class 0 is a bounce without any code.
	var basic, enh *catalog.Card
	cls := 0
	if r.Basic != 0 {
		d.ReplyCode = r.Basic
		d.Cards = append(d.Cards, b.cat.Card(catalog.Code{Reply: r.Basic}, lang))
		cls = int(r.Basic.Class())
	}
	if r.HasEnh {
		d.EnhancedCode = r.Enhanced
		d.Cards = append(d.Cards, b.cat.Card(catalog.Code{Enhanced: r.Enhanced}, lang))
		if cls == 0 {
			cls = r.Enhanced.Class
		}
		enh = &d.Cards[len(d.Cards)-1]
	}
	if r.Basic != 0 {
		basic = &d.Cards[0]
	}
	// 3xx replies carry no enhanced code (RFC 2034), so there is no class to disagree with.
	if r.Basic != 0 && r.HasEnh && r.Basic.Class() != catalog.ClassIntermediate && r.Enhanced.Class != int(r.Basic.Class()) {
		d.Notes = append(d.Notes, catalog.Fill(f.ClassMismatch, "basic", d.ReplyCode.String(), "enhanced", d.EnhancedCode.String()))
	}

	ev := b.providerEvidence(&d, r, text, rc, cls, lang)
	rc.operator = ev.operator
	cr, cenh := b.taggedVerdict(r, enh, lang)
	reason := b.classify(cr, text, cls, &ev, basic, cenh, rc)
	if reason != nil {
		d.Reason = reason.Name
		d.ReasonName = reason.Title.In(lang)
		// The category always follows the reason: a provider's tag or code
		// that names a reason names one of its own grouping
		// (providers.json, checked when the catalog loads).
		d.Category = reason.Category
	}
	if d.Category != catalog.CatNone {
		d.CategoryName = b.cat.CategoryName(d.Category).In(lang)
	}
	d.Bounce = bounceOf(reason, cls)
	if rc.delayed && d.Bounce == catalog.BounceHard {
		// A delay notice: the sending server is still trying, so nothing
		// has proved the address bad yet, whatever code the report quotes.
		d.Bounce = catalog.BounceSoft
	}
	switch d.Bounce {
	case catalog.BounceHard:
		d.BounceText = f.BounceHard
	case catalog.BounceSoft:
		d.BounceText = f.BounceSoft
	}
	b.judgeRetry(&d, r, text, cls, reason, ev, rc.report && rc.failed, f)
	b.nextStep(&d, cls, ev, enh, specificCode(r, enh), lang)
	return d
}

// taggedVerdict is the reply and enhanced card classify weighs: the
// reply's own, or where its enhanced code names only an area (X.4.0) or
// it has none, the same reply with the specific code it tags for the
// recipient inside it (bounce.TaggedStatus: "554 5.4.0 <mx.example.com
// #4.4.1>", the relaying server's wrapper code, then the code of the
// failure it met, no answer from the host). The reply's own codes are
// still the ones shown.
func (b *Bot) taggedVerdict(r *Reply, enh *catalog.Card, lang string) (*Reply, *catalog.Card) {
	if r.HasEnh && r.Enhanced.Detail != 0 {
		return r, enh
	}
	tag, err := catalog.ParseEnhanced(bounce.TaggedStatus(r.Text))
	if err != nil || tag.Detail == 0 {
		return r, enh
	}
	t := *r
	t.Enhanced, t.HasEnh = tag, true
	card := b.cat.Card(catalog.Code{Enhanced: tag}, lang)
	return &t, &card
}

// providerEvidence finds the providers the text shows, notes what they say
// about the codes and tags in it, and returns it as evidence. The first
// provider found is who refused; MTA software found beside it is only what
// wrote the bounce (Postfix relaying a Titan refusal), and is named as such.
//
// The marks, strongest first: the reply's own text (host names, domains,
// tags), the host a report names, a code only one provider documents
// (catalog.CodeOwner), and last, in a chat question only and when the
// server's text shows nothing else, a provider the asker names
// (providers.json names), when exactly one is named.
func (b *Bot) providerEvidence(d *Diagnosis, r *Reply, text string, rc replyContext, cls int, lang string) evidence {
	var ev evidence
	lower := b.serverText(text)
	provs := b.providersIn(lower)
	if len(provs) > 1 && r.Text != "" {
		// Who refused is who marks the reply's own words by more than a
		// name (a host, a URL, a tag): a provider only named, or named
		// only around the reply (the asker's "our yahoo.com From", the
		// reply's "for all yahoo recipients"), comes after it.
		reply := b.serverText(r.Text)
		slices.SortStableFunc(provs, func(x, y catalog.Provider) int {
			return marksReply(&y, reply) - marksReply(&x, reply)
		})
	}
	if len(provs) == 0 && rc.host != "" {
		// The words name nobody: the host that gave the reply may.
		provs = b.providersIn(catalog.NewLowerText(strings.ToLower(rc.host)))
	}
	if !refuserIn(provs) && r.HasEnh {
		// Only MTA software, or nobody: a code no registry has and one
		// provider documents is that provider's own mark.
		if p, ok := b.cat.CodeOwner(r.Enhanced); ok {
			provs = slices.Insert(provs, 0, *p)
		} else if p, ok := b.cat.WordingOwner(r.Enhanced, lower); ok {
			// A registry code with the wording one provider documents
			// for it is that provider's reply.
			provs = slices.Insert(provs, 0, *p)
		}
	}
	if rc.asked != "" && !refuserIn(provs) {
		// No mark at all in the server's text, not even the MTA
		// software's (a pasted bounce's own marks decide, and the names
		// in it may be the sender's: "the mail system at host …free.fr"),
		// or only MTA software the asker's own words name ("will postfix
		// retry?"). A sending service the asker names ("SES bounce, …")
		// outranks MTA software the reply shows: the service reported
		// the bounce, the software only wrote its line.
		//
		// A receiving server's own log line of the client it refused
		// ("postscreen…: reject: RCPT from [192.0.2.71]:…") shows who
		// refused, the server writing the log: a provider the asker
		// names there is a client's ("even gmail"), none who refused.
		p, ok := b.namedIn(rc.asked)
		ok = ok && !b.cat.Bounce().ClientLine(strings.ToLower(rc.asked))
		if ok && (len(provs) == 0 || b.unmarked(r.Text) || p.Kind == catalog.KindSending) {
			provs = slices.Insert(provs, 0, p)
			ev.weak = true
		}
	}
	if len(provs) > 0 {
		ev.operator = nameRefuser(d, provs)
	}
	b.noteProviders(d, r, provs, lower, cls, lang, &ev)
	return ev
}

// noteProviders notes on d what each provider found says of the codes
// and tags in the text, both its meaning and the registry's where it
// owns the enhanced code, and adds them to ev.
func (b *Bot) noteProviders(d *Diagnosis, r *Reply, provs []catalog.Provider, lower *catalog.LowerText, cls int, lang string, ev *evidence) {
	f := b.cat.Frame(lang)
	for i := range provs {
		p := &provs[i]
		for _, code := range slices.Backward(d.Codes()) {
			pc, ok := p.Code(code)
			if !ok {
				continue
			}
			d.ProviderNote = append(d.ProviderNote, catalog.Fill(f.ProviderUses, "provider", p.Name, "code", code, "meaning", pc.Meaning.In(lang)))
			if !d.EnhancedCode.IsZero() && code == d.EnhancedCode.String() {
				if e := b.cat.Enhanced(r.Enhanced); e != nil {
					d.ProviderNote = append(d.ProviderNote, catalog.Fill(f.RegistrySays, "code", e.Code.String(), "meaning", e.Official))
				}
				// The provider's own use of the enhanced code replaces the
				// registry's when weighing, even when it has several and
				// names no category (the words then decide).
				ev.ownsEnhanced = true
			}
			ev.code(pc)
		}
	}
	for i := range provs {
		for _, t := range provs[i].TagsInText(lower, cls) {
			d.ProviderNote = append(d.ProviderNote, t.Tag+": "+t.Meaning.In(lang))
			ev.tag(t)
		}
	}
}

// nameProvider names p as the provider of the diagnosis, with a copy of
// its postmaster link: the diagnosis may be changed, the catalog not.
func (d *Diagnosis) nameProvider(p *catalog.Provider) {
	d.Provider, d.ProviderName = p.ID, p.Name
	if p.Postmaster != nil {
		link := *p.Postmaster
		d.Postmaster = &link
	}
}

// nameRefuser names on d the first of provs, who refused, and MTA
// software found beside it as what wrote the bounce; it reports whether
// who refused runs mailboxes or a gateway.
func nameRefuser(d *Diagnosis, provs []catalog.Provider) (operator bool) {
	p := &provs[0]
	d.nameProvider(p)
	if p.Kind != catalog.KindMTA && d.MTA == "" {
		for i := range provs[1:] {
			if m := &provs[1+i]; m.Kind == catalog.KindMTA {
				d.MTA, d.MTAName = m.ID, m.Name
				break
			}
		}
	}
	return p.Kind == catalog.KindMailbox || p.Kind == catalog.KindGateway
}

// specificCode reports whether the enhanced code names a cause by itself:
// registered, with a detail, and not X.7.1, which any policy refusal uses.
func specificCode(r *Reply, enh *catalog.Card) bool {
	return enh != nil && enh.Registered && r.Enhanced.Detail != 0 && !(r.Enhanced.Subject == 7 && r.Enhanced.Detail == 1)
}

// classify weighs the evidence in the order diagnose's doc gives and
// returns the reason; nil for a 3xx reply, which is no failure and no
// delivery either.
func (b *Bot) classify(r *Reply, text string, cls int, ev *evidence, basic, enh *catalog.Card, rc replyContext) *catalog.Reason {
	switch cls {
	case 2:
		return b.cat.Reason("delivered")
	case 3:
		return nil
	}
	s := b.wordsSay(r, text, cls, rc)
	if ev.weak && s.strong && s.textR != nil {
		// The server's own strong words outweigh a provider the asker
		// only named: its meaning of the code is said, not followed (the
		// registry's, which it does not share, is not followed either).
		ev.codeCat, ev.codeReason, ev.retry, ev.action = "", "", "", catalog.Text{}
	}
	if ev.ownsEnhanced && (usable(ev.codeCat) || s.textR != nil) {
		// The registry's meaning of a code the provider uses its own way
		// says nothing here (Gmail's 4.7.28 for a flood of spam from an
		// IP, a domain or a URL; the registry's "mail flood detected").
		// When the provider names no category and no words decide, the
		// registry's meaning is still closer than the basic code's.
		enh = nil
	}
	b.codesSay(&s, r, basic, enh)
	reason, generic := b.weigh(r, text, *ev, enh, s, &rc)
	if rc.origin != nil && (generic || b.weakOnly(reason, r, enh, *ev, s)) {
		// Only a category's default or weak words ("temporary failure",
		// "service unavailable"), and the report says where the text came
		// from: a local program's words are about its own failure.
		return b.refine(rc.origin, r, cls, rc)
	}
	reason = b.placeByStage(reason, generic, cls, r, s, rc)
	return b.refine(reason, r, cls, rc)
}

// signals is what a reply's words and codes say, for classify to weigh.
type signals struct {
	rule             *catalog.ReasonRule // the text rule the words match
	textR            *catalog.Reason     // its reason
	strong           bool                // the rule is a strong one
	enhR, basicR     *catalog.Reason     // the reasons the codes usually indicate
	enhCat, basicCat catalog.Category    // the codes' categories
}

// wordsSay finds the text rule the reply's words match.
func (b *Bot) wordsSay(r *Reply, text string, cls int, rc replyContext) signals {
	// A pasted reply's own line first: the words around it may be
	// anyone's. A report's diagnostic is all the servers' words, and the
	// MTA's framing around the reply ("but my name was rejected") counts.
	first := r.Text
	if rc.report {
		first = text
	}
	if rc.asked != "" {
		// In chat, checks the asker gives the verdict they passed ("SPF
		// DKIM DMARC all pass") name no cause, as Parse reads them.
		first, text = b.lex().blankPassed(lowerText(first)), b.lex().blankPassed(lowerText(text))
	}
	var s signals
	s.rule = b.textRule(first)
	if s.rule == nil && first != text {
		s.rule = b.textRule(text)
	}
	if s.rule != nil {
		s.textR, s.strong = b.cat.Reason(s.rule.Reason), s.rule.Strong
	}
	if s.textR != nil && !s.strong && s.textR.Category == catalog.CatRecipientUnknown && cls == 4 {
		// "450 mailbox unavailable" is a busy or locked mailbox: a temporary
		// reply cannot tell that the recipient does not exist.
		s.textR, s.rule = nil, nil
	}
	return s
}

// codesSay adds the reasons and categories of the reply's codes.
func (b *Bot) codesSay(s *signals, r *Reply, basic, enh *catalog.Card) {
	if enh != nil {
		s.enhCat = enh.Category
		s.enhR = b.cat.ReasonForEnhanced(r.Enhanced)
		if s.enhR != nil && s.enhCat == catalog.CatUnknown {
			// A code of no category of its own takes its reason's.
			s.enhCat = s.enhR.Category
		}
	}
	if basic != nil {
		s.basicCat = basic.Category
		s.basicR = b.cat.ReasonForBasic(r.Basic)
	}
}

func usable(c catalog.Category) bool { return c != catalog.CatNone && c != catalog.CatUnknown }

// weigh picks the reason from the most specific evidence: a provider's
// tag or code, strong words, a decisive basic code, a specific enhanced
// code, weaker words, then the codes' categories. generic is true when
// the reason is only a category's default: no words or code named it. A
// provider's tag naming the reason sets rc.tagged.
func (b *Bot) weigh(r *Reply, text string, ev evidence, enh *catalog.Card, s signals, rc *replyContext) (reason *catalog.Reason, generic bool) {
	textR, enhR, basicR := s.textR, s.enhR, s.basicR
	switch {
	case usable(ev.tagCat):
		reason = b.cat.Reason(ev.tagReason)
		if reason == nil {
			// The tag names a category only: words that name a reason of
			// it say which, before a code's usual reason ("450 4.7.1 …:
			// Client host rejected: Greylisted", Postfix's greylisting
			// tag, policy: the words' greylisting, not X.7.1's).
			return b.within(ev.tagCat, b.wordsIn(text, ev.tagCat, textR), enhR, basicR), false
		}
		// A provider's own tag names the reason whatever the stage:
		// the provider knows when it says what.
		rc.tagged = true
		return reason, false
	case usable(ev.codeCat):
		if reason = b.cat.Reason(ev.codeReason); reason == nil {
			reason = b.within(ev.codeCat, b.wordsIn(text, ev.codeCat, textR), enhR, basicR)
		}
		return reason, false
	case s.strong && textR != nil && s.rule.Decisive:
		return textR, false
	case s.strong && textR != nil:
		// A specific code of the same category is more precise than the
		// words: "552 5.2.3 message size exceeds" is the mailbox's own limit.
		if !specificCode(r, enh) {
			enhR = nil
		} else if usable(s.enhCat) && s.enhCat != textR.Category {
			// The words may name the code's cause too ("fails to pass SPF
			// checks … to protect our users from spam"): the code breaks the tie.
			if alt := b.textReasonIn(text, s.enhCat); alt != nil {
				textR = alt
			}
		}
		return b.within(textR.Category, enhR, textR), false
	case basicR != nil && slices.Contains(basicR.Decisive, r.Basic):
		return basicR, false
	case specificCode(r, enh) && usable(s.enhCat):
		return b.within(s.enhCat, enhR, textR, basicR), false
	case textR != nil && s.rule.Generic && enhR != nil && usable(s.enhCat):
		// Words that name no cause: the code's reason says more.
		return enhR, !specificCode(r, enh)
	case textR != nil && s.rule.Generic && !usable(s.enhCat) && (rc.report || r.Basic == 0 && !r.HasEnh):
		// Words that name no cause and a code that names none either, in a
		// whole report; or no code at all, a failure told without its
		// reply (an end-user notice's "Your message to … has been
		// blocked"): it says that something was refused, never why.
		return b.cat.ReasonForCategory(catalog.CatUnknown), true
	case textR != nil:
		return b.within(textR.Category, textR), false
	case usable(s.enhCat):
		reason = b.within(s.enhCat, enhR, basicR)
		return reason, reason != enhR && reason != basicR || reason == enhR && !specificCode(r, enh)
	case usable(s.basicCat):
		reason = b.within(s.basicCat, basicR)
		if reason != basicR && (rc.report || b.framedOnly(r.Text)) {
			// In a whole report a basic code of many meanings (550, 554)
			// names no cause by itself: the report's words, or the stage,
			// say what is known (reasons.json at_stage, worded). So does a
			// pasted reply whose words only frame the failure ("554 Error
			// sending message for delivery.", bounce.json framing).
			return b.cat.ReasonForCategory(catalog.CatUnknown), true
		}
		return reason, reason != basicR
	}
	return b.cat.ReasonForCategory(catalog.CatUnknown), false
}

// framedOnly reports whether the reply text has words and all of them
// are an MTA's framing of a failure (bounce.json framing): it says that
// sending failed, never why.
func (b *Bot) framedOnly(text string) bool {
	return hasLetter(text) && !hasLetter(withoutFraming(text, b.cat.Bounce().Framing))
}

// weakOnly reports whether the reason rests on weak words alone: no
// provider's tag or code, no strong wording, no specific enhanced code.
func (b *Bot) weakOnly(reason *catalog.Reason, r *Reply, enh *catalog.Card, ev evidence, s signals) bool {
	return s.rule != nil && !s.strong && reason == s.textR && !specificCode(r, enh) && !usable(ev.tagCat) && !usable(ev.codeCat)
}

// placeByStage lets the SMTP stage name what was refused when the
// evidence did not.
func (b *Bot) placeByStage(reason *catalog.Reason, generic bool, cls int, r *Reply, s signals, rc replyContext) *catalog.Reason {
	if generic && cls == 5 && r.Stage != "" && !rc.tagged && !(reason.Category == catalog.CatMessage && afterData(r.Stage)) {
		// Only a category's default from a permanent code that names no
		// cause ("554", "5.7.1"): the stage names what was refused, as it
		// does for a failure whose cause is not stated (reasons.json
		// at_stage of the unknown category's reason: the sender at MAIL
		// FROM, the host at the greeting). A temporary one at MAIL FROM is
		// as often the receiver's own trouble or a deferral. A code whose
		// area is the message itself (X.6, media and content: "554 5.6.0")
		// already says what a refusal after DATA was of, and which kind:
		// the stage adds nothing, and the recipient's filter is no closer.
		if to, ok := b.cat.ReasonForCategory(catalog.CatUnknown).AtStage[r.Stage]; ok {
			reason = b.cat.Reason(to)
		}
	}
	if s.rule != nil && reason == s.textR && r.Stage != "" && !rc.tagged {
		// Words that say something was refused but not what: the stage
		// names the refused object (rules.json at_stage).
		if to, ok := s.rule.AtStage[r.Stage]; ok {
			reason = b.cat.Reason(to)
		}
	}
	return reason
}

// afterData reports whether a reply at stage s answered DATA or the end of
// the message's data: what it refused is the message.
func afterData(s catalog.Stage) bool { return s == catalog.StageDATA || s == catalog.StageEOD }

// wordsIn returns the reason the words name within category cat: textR,
// the first rule's, when it is of cat, else the first strong rule of cat
// the text matches (the words may name several causes: "Client host
// rejected: Greylisted"); textR when none does.
func (b *Bot) wordsIn(text string, cat catalog.Category, textR *catalog.Reason) *catalog.Reason {
	if textR != nil && textR.Category == cat {
		return textR
	}
	if alt := b.textReasonIn(text, cat); alt != nil {
		return alt
	}
	return textR
}

// within returns the first candidate of category cat, else the category's
// default reason.
func (b *Bot) within(cat catalog.Category, candidates ...*catalog.Reason) *catalog.Reason {
	for _, c := range candidates {
		if c != nil && c.Category == cat {
			return c
		}
	}
	return b.cat.ReasonForCategory(cat)
}

// refine applies what the stage, the report and the class say about a
// reason, in this order: the reason a stage gives it (reasons.json
// at_stage, for either class: a generic failure at the greeting, before
// any command, is a refusal of the client), the reason a refusal of a
// whole report gets when nothing places it at RCPT TO (unconfirmed), the
// reason of a report whose words name no cause (worded), the temporary
// form of a hard reason for a 4xx, and "expired" for a temporary trouble
// the sending server gave up on (gave_up).
func (b *Bot) refine(r *catalog.Reason, rep *Reply, cls int, rc replyContext) *catalog.Reason {
	if r == nil {
		return nil
	}
	stage := rep.Stage
	// One of the reason's own enhanced codes (5.1.1 for an unknown user)
	// confirms it after RCPT TO too: a pipelining client's transcript
	// shows a refused RCPT TO after DATA. At MAIL FROM no recipient has
	// been named yet, so the refusal is about the sender whatever the code.
	confirmed := rep.HasEnh && slices.Contains(r.Enhanced, rep.Enhanced.Generic())
	if to, ok := r.AtStage[stage]; ok && stage != "" && (!confirmed || stage == catalog.StageMAIL) && !rc.tagged {
		r = b.cat.Reason(to)
	}
	if r.Unconfirmed != "" && rc.report && stage == "" && (rep.Basic != 0 || rc.remote) && cls != 4 && !confirmed && !rc.operator && !rc.tagged && !rc.local {
		// A remote server's reply, and neither the stage nor the enhanced
		// code says the address was refused: the server took it and
		// refused the message later. (An MTA's own words about an address
		// it could not find answer no command. A mailbox provider or a
		// filtering gateway checks recipients at RCPT TO: its refusal of an
		// address is about the address.)
		r = b.cat.Reason(r.Unconfirmed)
	}
	if r.Worded != "" && rc.report && rc.worded && !rc.tagged {
		// The report has words, none of which we could read as a cause.
		r = b.cat.Reason(r.Worded)
	}
	failed := rc.failed
	softened := false
	if cls == 4 && r.Temporary != "" {
		r, softened = b.cat.Reason(r.Temporary), true
	}
	if failed && cls == 4 && r.GaveUp != "" && !softened && !(rep.HasEnh && slices.Contains(r.GaveUpExcept, rep.Enhanced.Generic())) {
		// A failed delivery after temporary trouble: the queue lifetime
		// ran out. Not when the trouble has a cause of its own: a domain
		// that does not resolve (the temporary form of an unknown host),
		// or a code naming it (reasons.json gave_up_except).
		r = b.cat.Reason(r.GaveUp)
	}
	if rc.delayed && r.Delayed != "" {
		// A delay notice that names no cause says only that the delivery
		// is late and expiring (reasons.json delayed).
		r = b.cat.Reason(r.Delayed)
	}
	return r
}

// bounceOf is hard only for a permanent failure of a hard reason: a
// temporary reply never proves the address bad.
func bounceOf(r *catalog.Reason, cls int) string {
	switch {
	case r == nil || !r.Failure():
		return ""
	case cls == 4 || r.Bounce == catalog.BounceSoft:
		return catalog.BounceSoft
	}
	return catalog.BounceHard
}

// judgeRetry fills Retry, RetryBy, RetryHelps, RetryText and RetryWindow.
// Whether retrying helps comes from what the provider says, else what the
// text says, else the reason's default for the class. Retry itself never
// contradicts the class: the sending server retries every 4xx by itself; a
// 5xx is not retried, and only a later resend by the sender can work; nor
// is a 4xx that a report says failed (RFC 3464 Action "failed", gaveUp):
// the sending server has already retried it and given up.
func (b *Bot) judgeRetry(d *Diagnosis, r *Reply, text string, cls int, reason *catalog.Reason, ev evidence, gaveUp bool, f *catalog.Frame) {
	if cls == 2 || cls == 3 || reason == nil || !reason.Failure() {
		d.RetryText = f.RetryName(catalog.RetryNone)
		return
	}
	retry := ev.retry
	if retry == "" {
		retry = b.textRetry(r, text, cls, reason)
	}
	if retry == "" {
		retry = reason.RetryPermanent
		if cls == 4 {
			retry = reason.RetryTemporary
		}
	}
	d.RetryHelps = retry == catalog.RetryAutomatic || retry == catalog.RetryMayClear
	switch {
	case cls == 4 && gaveUp:
		d.Retry = d.RetryHelps
		d.RetryText = f.RetryGaveUpFails
		if d.Retry {
			d.RetryBy, d.RetryText = "sender", f.RetryGaveUpHelps
		}
	case cls == 4:
		d.Retry, d.RetryBy = true, "server"
		d.RetryText = f.RetryServerFails
		if d.RetryHelps {
			d.RetryText = f.RetryServerHelps
		}
		d.RetryWindow = b.cat.RetryWindow(f)
	case cls == 5:
		d.Retry = d.RetryHelps
		d.RetryText = f.RetrySenderFails
		if d.Retry {
			d.RetryBy, d.RetryText = "sender", f.RetrySenderHelps
		}
	default:
		// No code: whether the server still retries is not known.
		d.Retry = d.RetryHelps
		if d.Retry {
			d.RetryBy = "sender"
		}
		d.RetryText = f.RetryName(retry)
	}
}

// textRetry is what the words say about retrying, or "".
func (b *Bot) textRetry(r *Reply, text string, cls int, reason *catalog.Reason) catalog.Retry {
	hint := b.retryHint(r.Text)
	if hint == "" {
		hint = b.retryHint(text)
	}
	switch {
	case hint == catalog.RetryAfterChange, hint == catalog.RetryMayClear:
		return hint
	case hint == catalog.RetryAutomatic && (cls == 4 || (cls == 0 && reason.Category != catalog.CatRecipientUnknown)):
		// "try again later" on a 5xx is the server's politeness, not a promise.
		return hint
	}
	return ""
}

// nextStep fills who has to act and the concrete next step. Who acts
// follows the step: the reason's actors (reasons.json) with one of the
// reason's own steps, the category's otherwise.
func (b *Bot) nextStep(d *Diagnosis, cls int, ev evidence, enh *catalog.Card, specific bool, lang string) {
	adv, hasAdv := b.cat.Advice(d.Category)
	switch {
	case d.Category == catalog.CatNone:
		d.Actors = []catalog.Actor{catalog.ActorNone}
	case hasAdv:
		d.Actors = adv.Actors
	case len(d.Cards) > 0:
		d.Actors = d.Cards[len(d.Cards)-1].Actors
	}
	rsn := b.cat.Reason(d.Reason)
	retrying := d.RetryBy == "server" && d.RetryHelps
	switch {
	case ev.action.Has(catalog.English):
		d.Action = ev.action.In(lang)
	case d.Category == catalog.CatNone && len(d.Cards) > 0:
		d.Action = d.Cards[0].FixSender
	case specific && !ev.ownsEnhanced && enh.Category == d.Category && enh.FixSender != "" && cls == 5:
		// The code's own advice is the most precise when it agrees, unless
		// a provider uses the code in its own sense (Microsoft's 5.1.10 is
		// an unknown recipient, not the registry's null MX).
		d.Action = enh.FixSender
	case retrying && rsn != nil && rsn.ActionTemporary.Has(catalog.English):
		// A 4xx the server still retries (not one a report says it gave
		// up on): the reason's own step, then its category's.
		d.Action = rsn.ActionTemporary.In(lang)
		d.Actors = reasonActors(rsn, d.Actors)
	case retrying && hasAdv && adv.ActionTemporary.Has(catalog.English):
		d.Action = adv.ActionTemporary.In(lang)
	case rsn != nil && rsn.Action.Has(catalog.English):
		// The reason's own step is finer than its category's: relaying
		// denied and TLS required are both policy refusals.
		d.Action = rsn.Action.In(lang)
		d.Actors = reasonActors(rsn, d.Actors)
	case hasAdv:
		d.Action = adv.Action.In(lang)
	case len(d.Cards) > 0:
		d.Action = d.Cards[len(d.Cards)-1].FixSender
	}
	f := b.cat.Frame(lang)
	for _, a := range d.Actors {
		d.ActorNames = append(d.ActorNames, f.ActorName(a))
	}
}

// reasonActors returns who acts on a reason's own step: its actors when it
// names them, the category's otherwise.
func reasonActors(r *catalog.Reason, category []catalog.Actor) []catalog.Actor {
	if len(r.Actors) > 0 {
		return r.Actors
	}
	return category
}

// evidence is what providers say about a reply; the first tag or code
// meaning found wins.
type evidence struct {
	tagCat, codeCat       catalog.Category
	tagReason, codeReason string
	retry                 catalog.Retry
	action                catalog.Text
	tagged                bool
	// ownsEnhanced: a provider in the text gives its own meaning of the
	// reply's enhanced code (providers.json codes), with or without a
	// category.
	ownsEnhanced bool
	// operator: who refused is a mailbox provider or a filtering gateway,
	// which check recipients when the address is given (RCPT TO).
	operator bool
	// weak: the provider is known only because the asker named it.
	weak bool
}

func (e *evidence) tag(t catalog.ProviderTag) {
	if e.tagged || t.Category == catalog.CatNone {
		return
	}
	e.tagged = true
	e.tagCat, e.tagReason = t.Category, t.Reason
	if t.Retry != "" {
		e.retry = t.Retry
	}
	if t.Action.Has(catalog.English) {
		e.action = t.Action
	}
}

func (e *evidence) code(pc catalog.ProviderCode) {
	if e.codeCat != "" || pc.Category == catalog.CatNone {
		return
	}
	e.codeCat, e.codeReason = pc.Category, pc.Reason
	if pc.Retry != "" && !e.tagged {
		e.retry = pc.Retry
	}
	if pc.Action.Has(catalog.English) && !e.tagged {
		e.action = pc.Action
	}
}

// providersIn returns the providers a lower-case text shows, in order of
// who refused: mailbox providers first (the refusal is theirs even when a
// gateway or a sending service relayed it), then gateways, then sending
// services, then the MTA software that merely wrote the bounce. Within a
// kind, file order decides.
func (b *Bot) providersIn(lower *catalog.LowerText) []catalog.Provider {
	var found []catalog.Provider
	for p := range b.cat.Providers() {
		if p.MatchesText(lower) {
			found = append(found, p)
		}
	}
	slices.SortStableFunc(found, func(x, y catalog.Provider) int { return kindRank(x.Kind) - kindRank(y.Kind) })
	return found
}

// marksReply is 1 when p, not MTA software, marks a reply's own text by
// more than its name, else 0.
func marksReply(p *catalog.Provider, reply *catalog.LowerText) int {
	if p.Kind != catalog.KindMTA && p.MarkedBeyondName(reply) {
		return 1
	}
	return 0
}

// unmarked reports whether a reply's own text shows no provider, not even
// MTA software.
func (b *Bot) unmarked(reply string) bool {
	return len(b.providersIn(b.serverText(reply))) == 0
}

// serverText is text in lower case, prepared for finding the providers it
// shows, without the host names a receiving server's log line gives the
// connecting client (bounce.json client_leads): the client sent the
// message, it did not refuse it.
//
// Its lines are joined into one, without the quote marks a mail client
// sets at their starts ("> ") and the indentation of a wrapped line: a
// provider's marks are phrases ("(in reply to RCPT TO command)",
// "Recipient address rejected"), and a bounce wrapped or quoted for
// reading splits them across lines where the server wrote them on one.
func (b *Bot) serverText(text string) *catalog.LowerText {
	return catalog.NewLowerText(joinLines(b.cat.Bounce().WithoutClients(strings.ToLower(text))))
}

// joinLines joins the lines of s with single spaces, each without the
// spaces it opens with and the quote marks ("> ", "> > ") of a mail
// client. A run of marks glued together (">>> RCPT TO:", a session
// transcript's) is text and stays.
func joinLines(s string) string {
	if !strings.Contains(s, "\n") {
		return s
	}
	var lines []string
	for line := range strings.Lines(s) {
		line = strings.TrimSpace(line)
		for line == ">" || strings.HasPrefix(line, "> ") {
			line = strings.TrimSpace(line[1:])
		}
		lines = append(lines, line)
	}
	return joinReply(lines)
}

// refuserIn reports whether provs holds who refused: a provider other than
// MTA software, which only wrote the bounce.
func refuserIn(provs []catalog.Provider) bool {
	return slices.ContainsFunc(provs, func(p catalog.Provider) bool { return p.Kind != catalog.KindMTA })
}

// namedIn returns the provider a chat question names in its own words
// (providers.json names), when it names exactly one: "moving from gmail to
// outlook.com" names no single one who refused.
func (b *Bot) namedIn(asked string) (catalog.Provider, bool) {
	t := catalog.NewLowerText(strings.ToLower(asked))
	var found catalog.Provider
	n := 0
	for p := range b.cat.Providers() {
		if p.NamedIn(t) {
			found, n = p, n+1
		}
	}
	return found, n == 1
}

// providerTagged reports whether lower, a text in lower case, holds one of
// a provider's own tags (providers.json tags). An MTA's tags are its usual
// words ("greylisted", "relay access denied"), which a question names too:
// they do not count.
func (b *Bot) providerTagged(lower string) bool {
	for p := range b.cat.Providers() {
		if p.Kind != catalog.KindMTA && len(p.TagsInLower(lower)) > 0 {
			return true
		}
	}
	return false
}

// kindRank orders provider kinds by how likely a reply is theirs.
func kindRank(k catalog.ProviderKind) int {
	switch k {
	case catalog.KindMailbox:
		return 0
	case catalog.KindGateway:
		return 1
	case catalog.KindSending:
		return 2
	}
	return 3
}
