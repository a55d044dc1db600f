package catalog

import (
	"errors"
	"fmt"
	"io/fs"
	"iter"
	"path"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/go-json-experiment/json"
)

// Catalog is the loaded, validated content. It is read-only after Load and
// safe for concurrent use.
type Catalog struct {
	replies    map[ReplyCode]*Reply
	replyList  []*Reply
	enhanced   map[EnhancedCode]*Enhanced // keyed by registry form (class 0)
	enhList    []*Enhanced
	classes    Classes
	frames     map[string]*Frame
	frameLangs []string
	providers  []Provider
	advice     map[Category]Advice
	reasons    *reasons
	bounce     BounceVocabulary
	lexicons   []*Lexicon
	ndrNames   []NDRName
	// contentLangs are the languages every entry is written in, English
	// first (contentLanguages).
	contentLangs []string
	// cards are the prepared cards of registered codes, filled on first
	// use and bounded by CardCacheBytes.
	cards *cardCache
}

// Load reads and validates the catalog from fsys, laid out as catalog/data
// (see data/README.md). Every problem found is reported, joined.
func Load(fsys fs.FS) (*Catalog, error) {
	c := &Catalog{
		replies:  map[ReplyCode]*Reply{},
		enhanced: map[EnhancedCode]*Enhanced{},
		frames:   map[string]*Frame{},
	}
	d := c.decodeFiles(fsys)
	errs := d.errs
	errs = append(errs, c.addReplies(d)...)
	errs = append(errs, c.addEnhanced(d)...)
	if err := decodeFile(fsys, "classes.json", &c.classes); err != nil {
		errs = append(errs, err)
	}
	errs = append(errs, c.addFrames(d)...)
	c.contentLangs = c.contentLanguages()
	if err := c.loadAdvice(fsys); err != nil {
		errs = append(errs, err)
	}
	if err := decodeFile(fsys, "bounce.json", &c.bounce); err != nil {
		errs = append(errs, err)
	} else if err := c.bounce.validate(); err != nil {
		errs = append(errs, err)
	}
	if err := c.validate(); err != nil {
		errs = append(errs, err)
	}
	if err := c.buildReasons(d.reasonList, d.rules, d.horizons); err != nil {
		errs = append(errs, err)
	}
	if err := c.validateLexicons(); err != nil {
		errs = append(errs, err)
	}
	if len(errs) == 0 {
		if err := c.checkBounceReasons(); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	c.cards = newCardCache(c, CardCacheBytes)
	return c, nil
}

// decoded holds the files of the catalog's lists, decoded, with an error
// per file.
type decoded struct {
	replyFiles, enhFiles, frameFiles []string
	replies                          [][]*Reply
	enhanced                         [][]*Enhanced
	frames                           []Frame
	replyErrs, enhErrs, frameErrs    []error
	// The bounce reasons, their text rules (compiled on first use) and the
	// retry horizons.
	reasonList []Reason
	rules      rulesFile
	horizons   []RetryHorizon
	errs       []error // listing the files, the providers, the reasons and the lexicons
}

// decodeFiles decodes every file at once: JSON decoding is most of the
// start-up time and the files are independent. Providers carry regular
// expressions: compiling them is a sixth of the load, so it runs alongside
// the decoding too, straight into c.
func (c *Catalog) decodeFiles(fsys fs.FS) decoded {
	var d decoded
	glob := func(pattern string) []string {
		files, err := fs.Glob(fsys, pattern)
		if err != nil {
			d.errs = append(d.errs, err)
		}
		return files
	}
	d.replyFiles, d.enhFiles, d.frameFiles = glob("replies/*.json"), glob("enhanced/*.json"), glob("frame/*.json")
	var wg sync.WaitGroup
	d.replies, d.replyErrs = decodeMany[[]*Reply](&wg, fsys, d.replyFiles)
	d.enhanced, d.enhErrs = decodeMany[[]*Enhanced](&wg, fsys, d.enhFiles)
	d.frames, d.frameErrs = decodeMany[Frame](&wg, fsys, d.frameFiles)
	var provErrs []error
	wg.Go(func() {
		if err := decodeFile(fsys, "providers.json", &c.providers); err != nil {
			provErrs = append(provErrs, err)
			return
		}
		seen := make(map[string]bool, len(c.providers))
		for i := range c.providers {
			if err := c.providers[i].compile(); err != nil {
				provErrs = append(provErrs, err)
			}
			if id := c.providers[i].ID; seen[id] {
				provErrs = append(provErrs, fmt.Errorf("catalog: providers.json: duplicate id %q", id))
			} else {
				seen[id] = true
			}
		}
	})
	var reasonErrs [3]error
	wg.Go(func() {
		reasonErrs[0] = decodeFile(fsys, "reasons.json", &d.reasonList)
		reasonErrs[1] = decodeFile(fsys, "retry.json", &d.horizons)
		reasonErrs[2] = decodeFile(fsys, "rules.json", &d.rules)
	})
	var lexErr error
	wg.Go(func() { lexErr = c.loadLexicons(fsys) })
	wg.Wait()
	d.errs = append(d.errs, provErrs...)
	for _, err := range reasonErrs {
		if err != nil {
			d.errs = append(d.errs, err)
		}
	}
	if lexErr != nil {
		d.errs = append(d.errs, lexErr)
	}
	return d
}

// addReplies indexes the basic codes, each file sorted, no code twice.
func (c *Catalog) addReplies(d decoded) []error {
	return indexFiles(d.replyFiles, d.replies, d.replyErrs, func(r *Reply) ReplyCode { return r.Code },
		func(a, b ReplyCode) bool { return a < b }, nil, c.replies, &c.replyList)
}

// addEnhanced indexes the enhanced codes, in registry form, each file
// sorted, no code twice.
func (c *Catalog) addEnhanced(d decoded) []error {
	registryForm := func(f string, e *Enhanced) error {
		if e.Code.Class != 0 {
			return fmt.Errorf("catalog: %s: %s must be in registry form (X.s.d)", f, e.Code)
		}
		return nil
	}
	return indexFiles(d.enhFiles, d.enhanced, d.enhErrs, func(e *Enhanced) EnhancedCode { return e.Code },
		enhancedLess, registryForm, c.enhanced, &c.enhList)
}

// indexFiles adds the entries of each decoded file (files[k], lists[k], or
// the error decoding it) to index and list, which it sorts: each file sorted
// by less, no key twice. check, when set, reports what else is wrong with
// an entry.
func indexFiles[K comparable, E any](files []string, lists [][]E, fileErrs []error, key func(E) K, less func(a, b K) bool,
	check func(file string, e E) error, index map[K]E, list *[]E) []error {
	var errs []error
	for k, f := range files {
		if fileErrs[k] != nil {
			errs = append(errs, fileErrs[k])
			continue
		}
		entries := lists[k]
		for i, e := range entries {
			if check != nil {
				if err := check(f, e); err != nil {
					errs = append(errs, err)
				}
			}
			if i > 0 && !less(key(entries[i-1]), key(e)) {
				errs = append(errs, fmt.Errorf("catalog: %s: %v is not sorted after %v", f, key(e), key(entries[i-1])))
			}
			if _, dup := index[key(e)]; dup {
				errs = append(errs, fmt.Errorf("catalog: %s: duplicate code %v", f, key(e)))
				continue
			}
			index[key(e)] = e
			*list = append(*list, e)
		}
	}
	sort.Slice(*list, func(i, j int) bool { return less(key((*list)[i]), key((*list)[j])) })
	return errs
}

// fileLang is the language a per-language data file is for: "vi" for
// frame/vi.json and lexicon/vi.json.
func fileLang(name string) string { return strings.TrimSuffix(path.Base(name), ".json") }

// addFrames keys the frames by language. English must be complete; the
// others fall back to it string by string.
func (c *Catalog) addFrames(d decoded) []error {
	var errs []error
	for k, f := range d.frameFiles {
		lang := fileLang(f)
		if d.frameErrs[k] != nil {
			errs = append(errs, d.frameErrs[k])
			continue
		}
		c.frames[lang] = &d.frames[k]
		c.frameLangs = append(c.frameLangs, lang)
	}
	sort.Strings(c.frameLangs)
	en, ok := c.frames[English]
	if !ok {
		return append(errs, errors.New("catalog: frame/en.json is missing"))
	}
	if missing := en.MissingFields(); len(missing) > 0 {
		errs = append(errs, fmt.Errorf("catalog: frame/en.json lacks %s", strings.Join(missing, ", ")))
	}
	var abbrev []string
	for _, lx := range c.lexicons {
		for _, a := range lx.Abbreviations {
			if !slices.Contains(abbrev, a) {
				abbrev = append(abbrev, a)
			}
		}
	}
	for lang, fr := range c.frames {
		if lang != English {
			fr.merge(en)
		}
		fr.abbreviations = abbrev
	}
	return errs
}

// loadAdvice reads the next steps per category, required in every content
// language.
func (c *Catalog) loadAdvice(fsys fs.FS) error {
	var advice []Advice
	if err := decodeFile(fsys, "advice.json", &advice); err != nil {
		return err
	}
	var err error
	c.advice, err = validateAdvice(advice, c.contentLangs)
	return err
}

// decodeMany starts decoding each file into its own slot; wait on wg.
func decodeMany[T any](wg *sync.WaitGroup, fsys fs.FS, files []string) ([]T, []error) {
	out := make([]T, len(files))
	errs := make([]error, len(files))
	for i, f := range files {
		wg.Go(func() { errs[i] = decodeFile(fsys, f, &out[i]) })
	}
	return out, errs
}

func decodeFile(fsys fs.FS, name string, v any) error {
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		return fmt.Errorf("catalog: %w", err)
	}
	// json v2 (the experiment that became encoding/json/v2) decodes the
	// catalog about three times faster than encoding/json, which keeps
	// start-up under the 5 ms budget; it rejects unknown fields and trailing
	// data, as strict decoding needs.
	if err := json.Unmarshal(b, v, json.RejectUnknownMembers(true)); err != nil {
		return fmt.Errorf("catalog: %s: %w", name, err)
	}
	return nil
}

func enhancedLess(a, b EnhancedCode) bool {
	if a.Subject != b.Subject {
		return a.Subject < b.Subject
	}
	if a.Detail != b.Detail {
		return a.Detail < b.Detail
	}
	return a.Class < b.Class
}

// validate checks what strict decoding cannot: enumerations, required
// English text, and cross-references.
func (c *Catalog) validate() error {
	var p problems
	for _, r := range c.replyList {
		c.validateReply(&p, r)
	}
	for _, e := range c.enhList {
		c.validateEnhanced(&p, e)
	}
	c.validateClasses(&p)
	return errors.Join(p...)
}

// problems collects what validation finds.
type problems []error

func (p *problems) add(err error) { *p = append(*p, err) }

func (p *problems) bad(code fmt.Stringer, format string, args ...any) {
	p.add(fmt.Errorf("catalog: %s: "+format, append([]any{code}, args...)...))
}

// need reports a text without English, the language every other falls
// back to.
func (p *problems) need(code fmt.Stringer, field string, t Text) {
	if !t.Has(English) {
		p.bad(code, "%s has no English text", field)
	}
}

// explains checks the part every entry explains: English texts, a known
// category, at least one reference.
func (p *problems) explains(code fmt.Stringer, e Explanation) {
	p.need(code, "description", e.Description)
	p.need(code, "when", e.When)
	p.need(code, "fix_sender", e.FixSender)
	p.need(code, "fix_admin", e.FixAdmin)
	for i, n := range e.Notes {
		p.need(code, fmt.Sprintf("note %d", i), n)
	}
	if !knownCategories[e.Category] {
		p.bad(code, "unknown category %q", e.Category)
	}
	if len(e.Refs) == 0 {
		p.bad(code, "has no refs")
	}
}

// validateReply checks a basic code's enumerations, texts and references.
func (c *Catalog) validateReply(p *problems, r *Reply) {
	if !r.Code.Valid() {
		p.bad(r.Code, "not a valid reply code")
	}
	p.need(r.Code, "name", r.Name)
	p.explains(r.Code, r.Explanation)
	p.need(r.Code, "retry_note", r.RetryNote)
	if len(r.Meanings) == 0 {
		p.bad(r.Code, "has no meanings")
	}
	for i, m := range r.Meanings {
		if m.Text == "" {
			p.bad(r.Code, "meaning %d has no text", i)
		}
		if len(r.Meanings) > 1 {
			p.need(r.Code, fmt.Sprintf("meaning %d context", i), m.Context)
		}
	}
	if len(r.Stages) == 0 {
		p.bad(r.Code, "has no stages")
	}
	for _, s := range r.Stages {
		if !knownStages[s] {
			p.bad(r.Code, "unknown stage %q", s)
		}
	}
	if !knownFrequency[r.Frequency] {
		p.bad(r.Code, "unknown frequency %q", r.Frequency)
	}
	if r.Code.Class().Failure() != (r.Category != CatNone) {
		p.bad(r.Code, "category %q does not fit class %s", r.Category, r.Code.Class().Key())
	}
	if !knownRetry[r.Retry] {
		p.bad(r.Code, "unknown retry %q", r.Retry)
	}
	if r.Code.Class().Failure() == (r.Retry == RetryNone) {
		p.bad(r.Code, "retry %q does not fit class %s", r.Retry, r.Code.Class().Key())
	}
	if len(r.Actors) == 0 {
		p.bad(r.Code, "has no actors")
	}
	for _, a := range r.Actors {
		if !knownActors[a] {
			p.bad(r.Code, "unknown actor %q", a)
		}
	}
	for _, e := range r.Enhanced {
		if e.Class != 0 {
			p.bad(r.Code, "enhanced %s must be in registry form", e)
		} else if c.enhanced[e] == nil {
			p.bad(r.Code, "enhanced %s is not in the catalog", e)
		}
	}
	for _, rel := range r.Related {
		if rel == r.Code || c.replies[rel] == nil {
			p.bad(r.Code, "related %s is not another code in the catalog", rel)
		}
	}
}

// validateEnhanced checks an enhanced code's texts and references.
func (c *Catalog) validateEnhanced(p *problems, e *Enhanced) {
	if e.Official == "" {
		p.bad(e.Code, "has no official title")
	}
	p.need(e.Code, "title", e.Title)
	p.explains(e.Code, e.Explanation)
	if !e.BasicNote.Valid() {
		p.bad(e.Code, "unknown basic_note %q (want \"\", \"any\", \"others\", \"4XX\" or \"5XX\")", e.BasicNote)
	}
	for _, b := range e.Basic {
		if c.replies[b] == nil {
			p.bad(e.Code, "basic %s is not in the catalog", b)
		}
	}
}

// validateClasses checks that classes.json describes every class and
// subject a card can show.
func (c *Catalog) validateClasses(p *problems) {
	for _, cl := range []Class{2, 3, 4, 5} {
		if ci := c.ReplyClass(cl); !ci.complete() {
			p.add(fmt.Errorf("catalog: classes.json: reply class %d missing or incomplete", cl))
		}
	}
	for _, cl := range []Class{2, 4, 5} {
		if ci := c.EnhancedClass(cl); !ci.complete() {
			p.add(fmt.Errorf("catalog: classes.json: enhanced class %d missing or incomplete", cl))
		}
	}
	if !c.classes.FailureRule.Has(English) {
		p.add(fmt.Errorf("catalog: classes.json: failure_rule missing"))
	}
	for s := 0; s <= 7; s++ {
		if !c.Subject(s).Name.Has(English) {
			p.add(fmt.Errorf("catalog: classes.json: subject %d missing", s))
		}
	}
}

// Reply returns the entry of a basic code, or nil.
func (c *Catalog) Reply(code ReplyCode) *Reply { return c.replies[code] }

// Replies returns every basic code entry in code order, in a slice the
// caller owns.
func (c *Catalog) Replies() []*Reply { return slices.Clone(c.replyList) }

// Enhanced returns the registry entry that covers e (5.2.2 → X.2.2), or nil
// when the registry does not enumerate it.
func (c *Catalog) Enhanced(e EnhancedCode) *Enhanced { return c.enhanced[e.Generic()] }

// EnhancedList returns every enhanced entry in registry order, in a slice
// the caller owns.
func (c *Catalog) EnhancedList() []*Enhanced { return slices.Clone(c.enhList) }

// ReplyClass returns the description of a basic code class.
func (c *Catalog) ReplyClass(cl Class) ClassInfo { return entryIn(c.classes.Reply, cl) }

// EnhancedClass returns the description of an enhanced code class.
func (c *Catalog) EnhancedClass(cl Class) ClassInfo { return entryIn(c.classes.Enhanced, cl) }

// Subject returns the description of an enhanced code subject.
func (c *Catalog) Subject(s int) SubjectInfo { return entryIn(c.classes.Subjects, s) }

// SecondDigit returns the meaning of the second digit of a basic code.
func (c *Catalog) SecondDigit(d int) SubjectInfo { return entryIn(c.classes.ReplySecond, d) }

// entryIn looks an entry up by its key (a class, a subject) in one of the
// short lists of classes.json; the zero value means "not described".
func entryIn[K comparable, E interface{ key() K }](list []E, k K) E {
	for _, e := range list {
		if e.key() == k {
			return e
		}
	}
	var none E
	return none
}

func (ci ClassInfo) key() Class { return ci.Class }

func (si SubjectInfo) key() int { return si.Subject }

// CategoryName returns the human name of a diagnosis category.
func (c *Catalog) CategoryName(cat Category) Text {
	for _, cn := range c.classes.CategoryNames {
		if cn.Category == cat {
			return cn.Name
		}
	}
	return NewText(map[string]string{English: string(cat)})
}

// contentLanguages finds the languages in which every entry has its name:
// the data decide which languages the code texts are written in.
func (c *Catalog) contentLanguages() []string {
	var names []Text
	for _, r := range c.replyList {
		names = append(names, r.Name)
	}
	for _, e := range c.enhList {
		names = append(names, e.Title)
	}
	if len(names) == 0 {
		return []string{English}
	}
	langs := names[0].Languages()
	for _, n := range names[1:] {
		langs = slices.DeleteFunc(langs, func(l string) bool { return !n.Has(l) })
	}
	return langs
}

// ContentLanguages lists the languages in which the code texts are written,
// English first: those every entry of the data carries. Other languages
// get English texts inside their own frame.
func (c *Catalog) ContentLanguages() []string { return slices.Clone(c.contentLangs) }

// HasContent reports whether the code texts are written in lang.
func (c *Catalog) HasContent(lang string) bool { return slices.Contains(c.contentLangs, lang) }

// Frame returns the frame strings for lang, falling back to English per
// string. The frame is the catalog's own, shared by every answer in lang and
// not copied (it is read on every answer): callers must not write to it,
// which tests/frame_test.go checks across the module.
func (c *Catalog) Frame(lang string) *Frame {
	if f, ok := c.frames[lang]; ok {
		return f
	}
	return c.frames[English]
}

// FrameLanguages lists the languages that have a frame file, sorted.
func (c *Catalog) FrameLanguages() []string { return slices.Clone(c.frameLangs) }

// HasLanguage reports whether lang has a frame.
func (c *Catalog) HasLanguage(lang string) bool { _, ok := c.frames[lang]; return ok }

// Providers yields the provider rules in file order, each a copy: callers
// cannot change the catalog's own.
func (c *Catalog) Providers() iter.Seq[Provider] { return slices.Values(c.providers) }
