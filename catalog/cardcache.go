package catalog

import (
	"strings"
	"sync/atomic"
	"unsafe"
)

// CardCacheBytes bounds the memory a catalog spends on prepared cards, as
// weigh counts it (an upper bound: about 1.7 times the heap they really
// take). Every registered code in every frame language (126 codes,
// enhanced ones in each of their classes, 15 languages) would come to
// about 19 MiB by that count (12 MiB of heap); a basic code's card weighs
// about 4 KiB, so the bound holds some 250 cards, and the codes people ask
// about are far fewer. A card is kept only once it is asked for a second
// time, so that a listing of the whole catalog (the web page's codes,
// `smtpbot catalog`) does not fill the cache with cards nobody asks for.
// Past the bound, cards are built for each request as they were before.
const CardCacheBytes = 1 << 20

// prepared is one code's card in one language, with what a comparison says
// of that code alone: built once, shared by every answer that shows it.
type prepared struct {
	card    Card
	title   string // "552 Exceeded storage allocation"
	summary string // codeSummary
	reader  string // when to use which, for someone who received it
	meaning string // f.UseMeaning for the operator advice
	verdict string // what the class tells the client
	// "code: text" items of the differences.
	classItem, retryItem, stageItem, actorItem, subjectItem string
	stages                                                  string   // stage names, comma-separated
	notes                                                   []string // the first two traps
}

// cardCache holds prepared cards of registered codes, one slot per code,
// class (for enhanced codes) and frame language. A slot goes from empty to
// seen (the first build, not kept) to the card (the second build), and
// never changes after; two requests racing for a slot build the same card
// and one of them keeps it.
type cardCache struct {
	langs map[string]int
	reply map[ReplyCode]int
	enh   map[EnhancedCode]int // registry form (class 0)
	slots []atomic.Pointer[prepared]
	used  atomic.Int64 // bytes held, as weigh counts them
	limit int64
	seen  *prepared // the mark of a slot built once
}

// enhancedClasses is how many classes an enhanced code is cached in:
// the registry form and the three classes RFC 3463 defines.
const enhancedClasses = 4

// enhancedClassSlot numbers those classes, -1 for any other.
func enhancedClassSlot(cl int) int {
	switch cl {
	case 0:
		return 0
	case int(ClassSuccess):
		return 1
	case int(ClassTransient):
		return 2
	case int(ClassPermanent):
		return 3
	}
	return -1
}

func newCardCache(c *Catalog, limit int64) *cardCache {
	cc := &cardCache{langs: map[string]int{}, reply: map[ReplyCode]int{}, enh: map[EnhancedCode]int{}, limit: limit, seen: &prepared{}}
	for i, l := range c.frameLangs {
		cc.langs[l] = i
	}
	n := 0
	for _, r := range c.replyList {
		cc.reply[r.Code] = n
		n++
	}
	for _, e := range c.enhList {
		cc.enh[e.Code.Generic()] = n
		n += enhancedClasses
	}
	cc.slots = make([]atomic.Pointer[prepared], n*len(c.frameLangs))
	return cc
}

// slot returns the slot of code in lang, or nil for codes and languages
// the catalog does not have.
func (cc *cardCache) slot(code Code, lang string) *atomic.Pointer[prepared] {
	if cc == nil {
		return nil
	}
	li, ok := cc.langs[lang]
	if !ok {
		return nil
	}
	var i int
	if code.Basic() {
		if i, ok = cc.reply[code.Reply]; !ok {
			return nil
		}
	} else {
		if i, ok = cc.enh[code.Enhanced.Generic()]; !ok {
			return nil
		}
		ci := enhancedClassSlot(code.Enhanced.Class)
		if ci < 0 {
			return nil
		}
		i += ci
	}
	return &cc.slots[i*len(cc.langs)+li]
}

// prepare returns code's prepared card in lang: from the cache when it has
// it, else built, and kept when it is asked for the second time and the
// cache is within its bound.
func (c *Catalog) prepare(code Code, lang string) *prepared {
	s := c.cards.slot(code, lang)
	if s == nil {
		return c.buildPrepared(code, lang)
	}
	old := s.Load()
	if old != nil && old != c.cards.seen {
		return old
	}
	p := c.buildPrepared(code, lang)
	if old == nil {
		s.CompareAndSwap(nil, c.cards.seen)
		return p
	}
	w := p.weigh()
	if c.cards.used.Add(w) <= c.cards.limit && s.CompareAndSwap(c.cards.seen, p) {
		return p
	}
	c.cards.used.Add(-w)
	if q := s.Load(); q != nil && q != c.cards.seen {
		return q
	}
	return p
}

func (c *Catalog) buildPrepared(code Code, lang string) *prepared {
	f := c.Frame(lang)
	cd := c.card(code, f, lang)
	p := &prepared{card: cd, title: cd.Code.String() + " " + cd.Name}
	cs := cd.Code.String()
	p.summary = c.codeSummary(cd, f)
	p.reader = Fill(f.ReaderLine, "code", cs, "retry", f.FirstSentence(cd.RetryNote))
	p.meaning = Fill(f.UseMeaning, "code", cs, "name", lowerFirst(cd.Name))
	p.verdict = c.verdict(cd, lang)
	p.classItem = Fill(f.ItemColon, "code", cs, "text", cd.ClassName+" ("+p.verdict+")")
	p.retryItem = Fill(f.ItemColon, "code", cs, "text", cd.RetryLabel)
	if len(cd.Stages) > 0 {
		p.stages = strings.Join(cd.StageNames, ", ")
		p.stageItem = Fill(f.ItemColon, "code", cs, "text", p.stages)
	}
	p.actorItem = Fill(f.ItemColon, "code", cs, "text", JoinList(cd.ActorNames, f))
	if !cd.Basic {
		name := c.Subject(cd.Code.Enhanced.Subject).Name.In(lang)
		if name == "" {
			name = f.NotRegistered
		}
		p.subjectItem = Fill(f.ItemColon, "code", cs, "text", name)
	}
	for _, n := range cd.Notes[:min(len(cd.Notes), 2)] {
		p.notes = append(p.notes, Fill(f.ItemColon, "code", cs, "text", n))
	}
	return p
}

// weigh is an upper bound of the bytes p holds: every string is counted
// as its own copy, although most share the catalog's.
func (p *prepared) weigh() int64 {
	n := int(unsafe.Sizeof(*p))
	str := func(ss ...string) {
		for _, s := range ss {
			n += len(s)
		}
	}
	cd := &p.card
	str(cd.ClassName, cd.Name, cd.Description, cd.When, cd.FixSender, cd.FixAdmin, cd.RetryLabel, cd.RetryNote,
		cd.FrequencyName, cd.BasicNote, p.title, p.summary, p.reader, p.meaning, p.verdict,
		p.classItem, p.retryItem, p.stageItem, p.actorItem, p.subjectItem, p.stages)
	for _, o := range cd.Official {
		n += int(unsafe.Sizeof(o))
		str(o.Text, o.Source, o.URL, o.Context)
	}
	for _, l := range cd.Refs {
		n += int(unsafe.Sizeof(l))
		str(l.Title, l.URL)
	}
	n += 16 * (cap(cd.StageNames) + cap(cd.ActorNames) + cap(cd.Notes) + cap(p.notes))
	str(cd.StageNames...)
	str(cd.ActorNames...)
	str(cd.Notes...)
	str(p.notes...)
	n += int(unsafe.Sizeof(Stage(""))) * cap(cd.Stages)
	n += int(unsafe.Sizeof(Actor(""))) * cap(cd.Actors)
	n += int(unsafe.Sizeof(EnhancedCode{})) * cap(cd.Enhanced)
	n += int(unsafe.Sizeof(ReplyCode(0))) * (cap(cd.BasicCodes) + cap(cd.Related))
	return int64(n)
}
