package bot

import (
	"slices"
	"strings"

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

// diagnose explains a pasted reply: which category of failure it is,
// whether retrying helps, who has to act and how. The evidence is weighed
// in this order, most specific first:
//
//  1. a provider's tag in the text ("[TSS04]", "RP-001", "(S3150)");
//  2. a provider's own meaning of the code (Gmail 5.7.27 is SPF, not null MX);
//  3. a strong wording in the text ("blocked using zen.spamhaus.org");
//  4. a specific enhanced code (5.1.1, 5.2.2, 5.7.26);
//  5. a weaker wording ("access denied", "try again later");
//  6. a generic enhanced code (5.7.1, 4.0.0), then the basic code.
func (b *Bot) diagnose(q Query, lang string) Diagnosis {
	r := q.Reply
	f := b.cat.Frame(lang)
	text := relevantText(q.Text)
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

	ev := b.providerEvidence(&d, r, text, lang)
	d.Category = b.categorize(r, text, cls, ev, basic, enh)
	if d.Category != catalog.CatNone {
		d.CategoryName = b.cat.CategoryName(d.Category).In(lang)
	}
	retry := b.judgeRetry(r, text, cls, d.Category, ev)
	d.Retry = retry == catalog.RetryAutomatic || retry == catalog.RetryMayClear
	d.RetryText = f.RetryName(retry)
	b.nextStep(&d, cls, ev, enh, specificCode(r, enh), lang)
	return d
}

// providerEvidence finds the providers the text shows, notes what they say
// about the codes and tags in it, and returns it as evidence.
func (b *Bot) providerEvidence(d *Diagnosis, r *Reply, text, lang string) evidence {
	f := b.cat.Frame(lang)
	var ev evidence
	lower := strings.ToLower(text)
	provs := b.providersIn(lower)
	if len(provs) > 0 {
		d.Provider, d.ProviderName = provs[0].ID, provs[0].Name
	}
	for _, p := range provs {
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
			}
			ev.code(pc)
		}
	}
	for _, p := range provs {
		for _, t := range p.TagsInLower(lower) {
			d.ProviderNote = append(d.ProviderNote, t.Tag+": "+t.Meaning.In(lang))
			ev.tag(t)
		}
	}
	return ev
}

// specificCode reports whether the enhanced code names a cause by itself:
// registered, with a detail, and not X.7.1, which any policy refusal uses.
func specificCode(r *Reply, enh *catalog.Card) bool {
	return enh != nil && enh.Registered && r.Enhanced.Detail != 0 && !(r.Enhanced.Subject == 7 && r.Enhanced.Detail == 1)
}

// categorize weighs the evidence in the order diagnose's doc gives.
func (b *Bot) categorize(r *Reply, text string, cls int, ev evidence, basic, enh *catalog.Card) catalog.Category {
	if cls == 2 || cls == 3 {
		return catalog.CatNone // not a failure
	}
	textCat, strong := b.textRules().classify(r.Text)
	if textCat == "" {
		textCat, strong = b.textRules().classify(text)
	}
	if !strong && textCat == catalog.CatRecipientUnknown && cls == 4 {
		// "450 mailbox unavailable" is a busy or locked mailbox: a temporary
		// reply cannot tell that the recipient does not exist.
		textCat = ""
	}
	var enhCat, basicCat catalog.Category
	if enh != nil {
		enhCat = enh.Category
	}
	if basic != nil {
		basicCat = basic.Category
	}
	usable := func(c catalog.Category) bool { return c != catalog.CatNone && c != catalog.CatUnknown }
	switch {
	case usable(ev.tagCat):
		return ev.tagCat
	case usable(ev.codeCat):
		return ev.codeCat
	case strong && usable(textCat):
		return textCat
	case specificCode(r, enh) && usable(enhCat):
		return enhCat
	case usable(textCat):
		return textCat
	case usable(enhCat):
		return enhCat
	case usable(basicCat):
		return basicCat
	}
	return catalog.CatUnknown
}

// judgeRetry says whether sending again can help: what the provider says,
// else what the text says, else what the category and class imply.
func (b *Bot) judgeRetry(r *Reply, text string, cls int, cat catalog.Category, ev evidence) catalog.Retry {
	if ev.retry != "" {
		return ev.retry
	}
	hint := b.textRules().retryHint(r.Text)
	if hint == "" {
		hint = b.textRules().retryHint(text)
	}
	switch {
	case hint == catalog.RetryAfterChange, hint == catalog.RetryMayClear:
		return hint
	case hint == catalog.RetryAutomatic && (cls == 4 || (cls == 0 && cat != catalog.CatRecipientUnknown)):
		// "try again later" on a 5xx is the server's politeness, not a promise.
		return hint
	}
	return defaultRetry(cat, cls)
}

// nextStep fills who has to act and the concrete next step.
func (b *Bot) nextStep(d *Diagnosis, cls int, ev evidence, enh *catalog.Card, specific bool, lang string) {
	f := b.cat.Frame(lang)
	adv, hasAdv := b.cat.Advice(d.Category)
	switch {
	case d.Category == catalog.CatNone:
		d.Actors = []catalog.Actor{catalog.ActorNone}
	case hasAdv:
		d.Actors = adv.Actors
	case len(d.Cards) > 0:
		d.Actors = d.Cards[len(d.Cards)-1].Actors
	}
	for _, a := range d.Actors {
		d.ActorNames = append(d.ActorNames, f.ActorName(a))
	}
	switch {
	case ev.action.Has(catalog.English):
		d.Action = ev.action.In(lang)
	case d.Category == catalog.CatNone && len(d.Cards) > 0:
		d.Action = d.Cards[0].FixSender
	case specific && enh.Category == d.Category && enh.FixSender != "" && cls == 5:
		// The code's own advice is the most precise when it agrees.
		d.Action = enh.FixSender
	case hasAdv && cls == 4 && d.Retry && adv.ActionTemporary.Has(catalog.English):
		d.Action = adv.ActionTemporary.In(lang)
	case hasAdv:
		d.Action = adv.Action.In(lang)
	case len(d.Cards) > 0:
		d.Action = d.Cards[len(d.Cards)-1].FixSender
	}
}

// evidence is what providers say about a reply; the first tag or code
// meaning found wins.
type evidence struct {
	tagCat, codeCat catalog.Category
	retry           catalog.Retry
	action          catalog.Text
	tagged          bool
}

func (e *evidence) tag(t catalog.ProviderTag) {
	if e.tagged || t.Category == catalog.CatNone {
		return
	}
	e.tagged = true
	e.tagCat = t.Category
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
	e.codeCat = pc.Category
	if pc.Retry != "" && !e.tagged {
		e.retry = pc.Retry
	}
	if pc.Action.Has(catalog.English) && !e.tagged {
		e.action = pc.Action
	}
}

// providersIn returns the providers a lower-case text shows: mailbox
// providers and gateways first (the reply is theirs), then MTA software
// that wraps it.
func (b *Bot) providersIn(lower string) []*catalog.Provider {
	var first, rest []*catalog.Provider
	ps := b.cat.Providers()
	for i := range ps {
		p := &ps[i]
		if !p.MatchesLower(lower) {
			continue
		}
		if p.Kind == catalog.KindMTA {
			rest = append(rest, p)
		} else {
			first = append(first, p)
		}
	}
	return append(first, rest...)
}

// defaultRetry judges retrying from the category and the class when
// neither the provider nor the text says. A 4xx reply is retried by the
// sending server, but a block, a policy refusal or a failed authentication
// will not pass until someone fixes it; a 5xx for a full mailbox, a limit or
// a queue timeout may pass later.
func defaultRetry(cat catalog.Category, cls int) catalog.Retry {
	switch {
	case cls == 2 || cls == 3:
		return catalog.RetryNone
	case cls == 4:
		switch cat {
		case catalog.CatBlocked, catalog.CatSpamVirus, catalog.CatSenderAuth, catalog.CatPolicy, catalog.CatMessage:
			// Refused on purpose: the sending server retries, but the same
			// message fails until someone fixes the cause. Greylisting and
			// other deliberate deferrals say so in their text.
			return catalog.RetryAfterChange
		}
		return catalog.RetryAutomatic
	}
	switch cat {
	case catalog.CatMailboxFull, catalog.CatRateLimit, catalog.CatTransient:
		return catalog.RetryMayClear
	}
	return catalog.RetryAfterChange
}
