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

// CompareClasses compares two to four classes of codes ("4xx vs 5xx",
// "4.X.X vs 5.X.X") side by side, in the shape of a comparison of codes:
// one card per class, from classes.json, with the class's most common
// codes as examples. Duplicates are dropped.
func (c *Catalog) CompareClasses(refs []ClassRef, lang string) Comparison {
	f := c.Frame(lang)
	var uniq []ClassRef
	for _, r := range refs {
		if len(uniq) < 4 && !slices.Contains(uniq, r) {
			uniq = append(uniq, r)
		}
	}
	cards := make([]Card, len(uniq))
	infos := make([]ClassInfo, len(uniq))
	titles := make([]string, len(uniq))
	for i, r := range uniq {
		infos[i] = c.classInfo(r)
		cards[i] = c.classCard(r, infos[i], f, lang)
		titles[i] = cards[i].ClassName
	}
	t := ComparisonText{}
	failures := map[Class]bool{}
	for i, cd := range cards {
		t.Operator = append(t.Operator, infos[i].SendWhen.In(lang))
		t.Reader = append(t.Reader, Fill(f.ItemColon, "code", cd.Key, "text", infos[i].Sender.In(lang)))
		failures[cd.Class] = failures[cd.Class] || cd.Class.Failure()
	}
	t.Summary = capitalize(classItems(cards, func(i int) string { return infos[i].Verdict.In(lang) }, f))
	if failures[ClassTransient] && failures[ClassPermanent] {
		t.Differences = append(t.Differences, c.classes.FailureRule.In(lang))
	}
	t.Differences = append(t.Differences,
		Fill(f.DiffRetry, "items", strings.TrimSuffix(classItems(cards, func(i int) string { return lowerFirst(cards[i].RetryLabel) }, f), ".")))
	t.LearnMore = learnMore(cards)
	cmp := NewComparison(Fill(f.TitleCompare, "codes", strings.Join(titles, " "+f.Vs+" ")), cards, t)
	return cmp
}

// classItems is one line saying one thing of each class: "4xx: …; 5xx: …".
func classItems(cards []Card, of func(i int) string, f *Frame) string {
	items := make([]string, len(cards))
	for i, cd := range cards {
		items[i] = Fill(f.ItemColon, "code", cd.Key, "text", strings.TrimSuffix(of(i), "."))
	}
	return strings.Join(items, "; ") + "."
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
