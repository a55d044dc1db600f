package catalog

import (
	"slices"
	"strings"
)

// ClassRef names a whole class of codes: the basic class 4xx, or the
// enhanced class 4.X.X.
type ClassRef struct {
	Class    Class
	Enhanced bool
}

// ParseClassRef reads "4xx" or "4.x.x" (any case). Classes the catalog
// does not describe (1xx, 3.X.X, X.X.X) are not ClassRefs.
func ParseClassRef(s string) (ClassRef, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	switch {
	case len(s) == 3 && s[1:] == "xx" && s[0] >= '2' && s[0] <= '5':
		return ClassRef{Class: Class(s[0] - '0')}, true
	case len(s) == 5 && s[1:] == ".x.x" && (s[0] == '2' || s[0] == '4' || s[0] == '5'):
		return ClassRef{Class: Class(s[0] - '0'), Enhanced: true}, true
	}
	return ClassRef{}, false
}

// String is the class as shown: "4xx", "4.X.X".
func (r ClassRef) String() string {
	if r.Enhanced {
		return EnhancedCode{Class: int(r.Class)}.ClassKey()
	}
	return r.Class.Key()
}

// complete reports whether a class says, in English, everything a card of
// the class shows.
func (ci ClassInfo) complete() bool {
	for _, t := range []Text{ci.Name, ci.Verdict, ci.Description, ci.Retry, ci.Sender, ci.SendWhen} {
		if !t.Has(English) {
			return false
		}
	}
	return true
}

// classExamples is how many of a class's most common codes its card names.
const classExamples = 4

// Operand is one side of a comparison that names a class: a whole class
// ("4xx", "5.X.X") when Code is zero, else one code ("550").
type Operand struct {
	Class ClassRef
	Code  Code
}

// IsClass reports whether the operand is a whole class.
func (o Operand) IsClass() bool { return o.Code == (Code{}) }

// ClassOperands are refs as operands.
func ClassOperands(refs []ClassRef) []Operand {
	ops := make([]Operand, len(refs))
	for i, r := range refs {
		ops[i] = Operand{Class: r}
	}
	return ops
}

// CompareClasses compares two to four classes of codes ("4xx vs 5xx",
// "4.X.X vs 5.X.X") side by side; see CompareOperands.
func (c *Catalog) CompareClasses(refs []ClassRef, lang string) Comparison {
	return c.CompareOperands(ClassOperands(refs), lang)
}

// side is what a comparison that names a class says of one operand.
type side struct {
	card    Card
	title   string // "4xx Transient Negative", "550 Mailbox unavailable"
	verdict string // what the class tells the client
	when    string // when a server sends it (classes only)
	reader  string // what the person who got it does
	meaning string // f.UseMeaning (codes only)
}

func (c *Catalog) side(o Operand, f *Frame, lang string) side {
	if o.IsClass() {
		ci := c.classInfo(o.Class)
		cd := c.classCard(o.Class, ci, f, lang)
		return side{card: cd, title: cd.ClassName, verdict: ci.Verdict.In(lang), when: ci.SendWhen.In(lang),
			reader: Fill(f.ItemColon, "code", cd.Key, "text", ci.Sender.In(lang))}
	}
	p := c.prepare(o.Code, lang)
	return side{card: p.card, title: p.title, verdict: p.verdict, reader: p.reader, meaning: p.meaning}
}

// CompareOperands compares two to four operands, classes or codes, side by
// side, in the shape of a comparison of codes: one card per class, from
// classes.json, with the class's most common codes as examples, and a code's
// own card ("4xx vs 550": may a server refuse for now, or for good?).
// Duplicates are dropped.
func (c *Catalog) CompareOperands(ops []Operand, lang string) Comparison {
	f := c.Frame(lang)
	var uniq []Operand
	for _, o := range ops {
		if len(uniq) < 4 && !slices.Contains(uniq, o) {
			uniq = append(uniq, o)
		}
	}
	sides := make([]side, len(uniq))
	cards := make([]Card, len(uniq))
	titles := make([]string, len(uniq))
	var meanings []string
	var transient, permanent []string
	for i, o := range uniq {
		sides[i] = c.side(o, f, lang)
		cards[i], titles[i] = sides[i].card, sides[i].title
		switch cards[i].Class {
		case ClassTransient:
			transient = append(transient, cards[i].Label())
		case ClassPermanent:
			permanent = append(permanent, cards[i].Label())
		}
		if sides[i].meaning != "" {
			meanings = append(meanings, sides[i].meaning)
		}
	}
	t := ComparisonText{}
	if len(meanings) > 0 && len(transient) > 0 && len(permanent) > 0 {
		t.Operator = append(t.Operator, Fill(f.UseTransientFirst, "transient", JoinList(transient, f), "permanent", JoinList(permanent, f)))
	}
	for i, s := range sides {
		if s.when != "" {
			t.Operator = append(t.Operator, s.when)
		}
		t.Reader = append(t.Reader, sides[i].reader)
	}
	if len(meanings) > 0 {
		t.Operator = append(t.Operator, Fill(f.UseMeanings, "items", capitalize(strings.Join(meanings, "; "))))
	}
	items := func(of func(s side) string) string {
		out := make([]string, len(sides))
		for i, s := range sides {
			label := s.card.Label()
			if !uniq[i].IsClass() {
				label = s.title
			}
			out[i] = Fill(f.ItemColon, "code", label, "text", strings.TrimSuffix(of(s), "."))
		}
		return strings.Join(out, "; ") + "."
	}
	t.Summary = capitalize(items(func(s side) string { return s.verdict }))
	if len(transient) > 0 && len(permanent) > 0 {
		t.Differences = append(t.Differences, c.classes.FailureRule.In(lang))
	}
	t.Differences = append(t.Differences,
		Fill(f.DiffRetry, "items", strings.TrimSuffix(items(func(s side) string { return lowerFirst(s.card.RetryLabel) }), ".")))
	t.LearnMore = learnMore(cards)
	return NewComparison(Fill(f.TitleCompare, "codes", strings.Join(titles, " "+f.Vs+" ")), cards, t)
}

func (c *Catalog) classInfo(r ClassRef) ClassInfo {
	if r.Enhanced {
		return c.EnhancedClass(r.Class)
	}
	return c.ReplyClass(r.Class)
}

// classCard is the card of a whole class: what it means, who retries, what
// the sender does, when a server sends one, and its most common codes.
func (c *Catalog) classCard(r ClassRef, ci ClassInfo, f *Frame, lang string) Card {
	key := r.String()
	cd := Card{Key: key, Basic: !r.Enhanced, Class: r.Class, Registered: true, ClassName: ci.Name.In(lang)}
	cd.Name = strings.TrimSpace(strings.TrimPrefix(cd.ClassName, key))
	cd.Description = ci.Description.In(lang)
	cd.When = ci.SendWhen.In(lang)
	cd.FixSender = ci.Sender.In(lang)
	cd.FixAdmin = cd.FixSender
	cd.Retry = classRetry(r.Class)
	cd.RetryLabel = f.RetryName(cd.Retry)
	cd.RetryNote = ci.Retry.In(lang)
	cd.Notes = []string{cd.RetryNote}
	cd.BasicCodes, cd.Enhanced = c.classExamples(r.Class)
	if r.Enhanced {
		cd.Refs = []Link{{Title: "RFC 3463 §3.1", URL: Source{RFC: 3463, Section: "3.1"}.URL()}}
	} else {
		cd.Refs = []Link{{Title: "RFC 5321 §4.2.1", URL: Source{RFC: 5321, Section: "4.2.1"}.URL()}}
		if r.Class.Failure() {
			cd.Refs = append(cd.Refs, Link{Title: "RFC 5321 §4.5.4.1", URL: Source{RFC: 5321, Section: "4.5.4.1"}.URL()})
		}
	}
	return cd
}

// classExamples are the class's most common basic codes, in catalog order,
// and the enhanced codes they usually carry, classExamples of each.
func (c *Catalog) classExamples(cl Class) ([]ReplyCode, []EnhancedCode) {
	var basic []ReplyCode
	var enh []EnhancedCode
	for _, freq := range []Frequency{VeryCommon, Common} {
		for _, r := range c.replyList {
			if r.Code.Class() != cl || r.Frequency != freq || len(basic) == classExamples {
				continue
			}
			basic = append(basic, r.Code)
			for _, e := range r.Enhanced {
				e.Class = int(cl)
				if len(enh) < classExamples && !slices.Contains(enh, e) && c.Enhanced(e) != nil {
					enh = append(enh, e)
				}
			}
		}
	}
	slices.Sort(basic)
	return basic, enh
}
