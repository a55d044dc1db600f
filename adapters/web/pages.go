package web

import (
	"bytes"
	"cmp"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/smtpbot/smtpbot/bot"
	"github.com/smtpbot/smtpbot/catalog"
)

// maxCompare is how many codes one comparison page holds, as in chat.
const maxCompare = 4

// maxComparePath bounds the path of a comparison: four of the longest codes
// fit with room to spare, so anything longer is not a comparison.
const maxComparePath = 64

// pageData is what templates/page.html shows.
type pageData struct {
	Lang, Dir   string
	F           *catalog.Frame
	Title       string
	Description string
	Canonical   string
	NoIndex     bool
	Alternates  []alternate
	Home        string // the home page in this language: "/" or "/vi/"
	// AskLang is the lang the search box asks in; empty lets the bot tell
	// the language from the question.
	AskLang     string
	Q           string
	MaxLen      int
	Notice      string        // an alert above the answer: rate limit, too long
	Answer      template.HTML // responses.HTML output, escaped by its renderer
	Suggestions []suggestion  // "did you mean" under a 404 answer
	Intro       *intro        // the home page without a question
}

type alternate struct {
	Lang, Name, URL string
	Current         bool
}

type suggestion struct {
	Code, Name, Class, URL string
}

type intro struct {
	Examples []suggestion // URL asks the example
	Codes    []suggestion // every basic code, to browse
}

// route is a page path split into its parts.
type route struct {
	lang     string // from the /xx/ prefix, "" without one
	rest     string // the path after the prefix: "/", "/code/552"
	explicit string // the language chosen by prefix or ?lang=, "" when none
}

// pages routes every GET that no other handler took. Language comes from a
// path prefix (/vi/code/552) or ?lang=; without either a permalink is in
// English, and a question on the home page is answered in its own language.
func (h *Handler) pages(w http.ResponseWriter, r *http.Request) {
	rt, ok := h.splitLang(r.URL.Path)
	if !ok {
		h.notFound(w, r, catalog.English, "")
		return
	}
	if rt.lang == catalog.English {
		// English has no prefix: one URL per page.
		h.redirect(w, r, cmp.Or(rt.rest, "/"), r.URL.RawQuery)
		return
	}
	if rt.rest == "" {
		h.redirect(w, r, "/"+rt.lang+"/", r.URL.RawQuery)
		return
	}
	if l := r.URL.Query().Get("lang"); l != "" && h.cat.HasLanguage(l) {
		rt.explicit = l
	}
	lang := rt.explicit
	if lang == "" {
		lang = catalog.English
	}
	switch {
	case rt.rest == "/":
		h.home(w, r, rt)
	case strings.HasSuffix(rt.rest, "/") && (strings.HasPrefix(rt.rest, "/code/") || strings.HasPrefix(rt.rest, "/compare/")) &&
		strings.Count(strings.TrimRight(rt.rest, "/"), "/") == 2:
		h.redirect(w, r, rt.prefix()+strings.TrimRight(rt.rest, "/"), r.URL.RawQuery)
	case strings.HasPrefix(rt.rest, "/compare/"):
		h.compare(w, r, rt, lang, strings.TrimPrefix(rt.rest, "/compare/"))
	case strings.HasPrefix(rt.rest, "/code/"):
		h.code(w, r, rt, lang, strings.TrimPrefix(rt.rest, "/code/"))
	default:
		h.notFound(w, r, lang, "")
	}
}

// prefix is the path's own language prefix, kept by redirects.
func (rt route) prefix() string {
	if rt.lang == "" {
		return ""
	}
	return "/" + rt.lang
}

// splitLang takes a known language prefix off the path.
func (h *Handler) splitLang(p string) (route, bool) {
	if !strings.HasPrefix(p, "/") {
		return route{}, false
	}
	seg, rest, _ := strings.Cut(p[1:], "/")
	if seg != "" && slices.Contains(h.langs, seg) {
		if rest == "" && !strings.HasSuffix(p, "/") {
			return route{lang: seg, explicit: seg}, true
		}
		return route{lang: seg, rest: "/" + rest, explicit: seg}, true
	}
	return route{rest: p}, true
}

// redirect sends a permanent redirect to the canonical form of a page,
// keeping the query string. The target is always a path on this site (see
// sitePath), whatever the request's path decoded to.
func (h *Handler) redirect(w http.ResponseWriter, r *http.Request, p, rawQuery string) {
	p = sitePath(p)
	if q := siteQuery(rawQuery); q != "" {
		p += "?" + q
	}
	start := time.Now()
	http.Redirect(w, r, p, http.StatusMovedPermanently)
	h.answered(r, "page", nil, start, outcomeRedirect, http.StatusMovedPermanently)
}

// sitePath makes a decoded path safe as a Location on this site: one
// leading slash and never a second one or a backslash after it (browsers
// read "//host", "/\\host" and "/<tab>/host" as another site), and every
// byte that is not plain path text percent-encoded, so a control character
// or a backslash further on cannot be read as anything but a path.
func sitePath(p string) string {
	p = "/" + strings.TrimLeft(p, "/\\")
	return (&url.URL{Path: p}).EscapedPath()
}

// siteQuery keeps a query string as sent when it is plain text, and encodes
// it again otherwise: no raw control character or space reaches a header.
func siteQuery(raw string) string {
	if !strings.ContainsFunc(raw, func(r rune) bool { return r <= ' ' || r == 0x7f || r == '\\' }) {
		return raw
	}
	v, _ := url.ParseQuery(raw) // what parses, re-encoded; the rest is dropped
	return v.Encode()
}

func (h *Handler) home(w http.ResponseWriter, r *http.Request, rt route) {
	start := time.Now()
	q := r.URL.Query().Get("q")
	lang := rt.explicit
	if strings.TrimSpace(q) == "" {
		p := h.searchPage(lang, "/")
		p.AskLang = rt.explicit
		p.Description = p.F.HelpIntro
		p.Intro = h.intro(p.Lang)
		h.render(w, r, http.StatusOK, p)
		return
	}
	if len(q) > h.maxQ {
		p := h.searchPage(lang, "/")
		p.AskLang = rt.explicit
		p.Q = shorten(q, h.maxQ)
		p.Notice = catalog.Fill(p.F.TooLong, "max", fmt.Sprint(h.maxQ))
		p.NoIndex = true
		h.render(w, r, http.StatusBadRequest, p)
		h.answered(r, "page", nil, start, outcomeBadRequest, http.StatusBadRequest)
		return
	}
	q = strings.ToValidUTF8(q, "")
	if !h.allow(r.Context(), r) {
		h.rateLimited(w, r, lang, "/", q, start)
		return
	}
	a := h.ask(q, hints(lang))
	p := h.newPage(a.Lang, "/")
	p.AskLang = rt.explicit
	p.Q = q
	p.Title = a.Title + " · smtpbot"
	p.Description = describeAnswer(a)
	// The answer's own page is the one to index; the search result is not.
	p.NoIndex = true
	if a.Path != "" {
		p.Canonical = h.abs(langPrefix(a.Lang) + a.Path)
	}
	// Alternates keep the question; English needs ?lang=en, since without a
	// prefix the question's own language would win.
	for i := range p.Alternates {
		alt := &p.Alternates[i]
		v := url.Values{"q": {q}}
		if alt.Lang == catalog.English {
			v.Set("lang", catalog.English)
		}
		alt.URL = langPrefix(alt.Lang) + "/?" + v.Encode()
	}
	p.Answer = template.HTML(h.answerHTML(a, h.linkBase()))
	h.render(w, r, http.StatusOK, p)
	h.answered(r, "page", &a, start, outcomeOK, http.StatusOK)
}

// compare serves /compare/A-vs-B[-vs-C…] in canonical order; any other
// order, spelling or a repeated code redirects to the canonical page.
func (h *Handler) compare(w http.ResponseWriter, r *http.Request, rt route, lang, arg string) {
	start := time.Now()
	if len(arg) > maxComparePath {
		h.notFound(w, r, lang, "")
		return
	}
	parts := strings.Split(arg, "-vs-")
	var codes []catalog.Code
	for _, p := range parts {
		c, err := catalog.ParseCode(p)
		if err != nil {
			h.notFound(w, r, lang, p)
			return
		}
		if !slices.Contains(codes, c) {
			codes = append(codes, c)
		}
	}
	if len(codes) > maxCompare {
		h.notFound(w, r, lang, "")
		return
	}
	names := make([]string, len(codes))
	for i, c := range codes {
		names[i] = c.String()
	}
	names = bot.CanonicalOrder(names)
	prefix := rt.prefix()
	if len(names) == 1 {
		h.redirect(w, r, prefix+"/code/"+names[0], r.URL.RawQuery)
		return
	}
	if canon := strings.Join(names, "-vs-"); canon != arg {
		h.redirect(w, r, prefix+"/compare/"+canon, r.URL.RawQuery)
		return
	}
	ordered := make([]catalog.Code, len(names))
	for i, n := range names {
		ordered[i], _ = catalog.ParseCode(n) // parsed above
	}
	a := h.bot.Answer(bot.Query{Intent: bot.IntentCompare, Codes: ordered}, lang)
	h.permalink(w, r, a, "/compare/"+arg, start)
}

// code serves /code/552, /code/5.2.2 and /code/X.2.2; other spellings of the
// same code (x.2.2) redirect to the canonical one.
func (h *Handler) code(w http.ResponseWriter, r *http.Request, rt route, lang, arg string) {
	start := time.Now()
	c, err := catalog.ParseCode(arg)
	if err != nil {
		h.notFound(w, r, lang, arg)
		return
	}
	if canon := c.String(); canon != arg {
		h.redirect(w, r, rt.prefix()+"/code/"+canon, r.URL.RawQuery)
		return
	}
	a := h.bot.Answer(bot.Query{Intent: bot.IntentExplain, Codes: []catalog.Code{c}}, lang)
	h.permalink(w, r, a, "/code/"+arg, start)
}

// permalink renders the page of a comparison or a code. Permalinks are not
// rate limited, unlike questions: each is a fixed, cacheable page that costs
// a fraction of a millisecond, and limiting them would turn away search
// engine crawlers and people browsing the code list.
//
// A permalink to a code the catalog does not list still gets its reading by
// digits, under a 404 so that search engines do not index invented codes,
// with suggestions of real ones.
func (h *Handler) permalink(w http.ResponseWriter, r *http.Request, a bot.Answer, p string, start time.Time) {
	pg := h.newPage(a.Lang, p)
	pg.AskLang = a.Lang
	pg.Title = a.Title + " · smtpbot"
	pg.Description = describeAnswer(a)
	pg.Answer = template.HTML(h.answerHTML(a, ""))
	status, out := http.StatusOK, outcomeOK
	var unknown []string
	for _, c := range answerCards(a) {
		if !c.Registered {
			unknown = append(unknown, c.Code.String())
		}
	}
	if len(unknown) > 0 {
		status, out = http.StatusNotFound, outcomeNotFound
		pg.NoIndex = true
		pg.Suggestions = h.suggestions(a.Lang, unknown)
	}
	h.render(w, r, status, pg)
	h.answered(r, "page", &a, start, out, status)
}

// notFound is the helpful 404: what was wrong, how to ask, codes it might
// have been, and the search box.
func (h *Handler) notFound(w http.ResponseWriter, r *http.Request, lang, bad string) {
	start := time.Now()
	q := bot.Query{Intent: bot.IntentUnknown}
	if bad != "" {
		q.Bad = []string{shorten(bad, 40)}
	}
	a := h.bot.Answer(q, lang)
	a.Title = a.Frame.NotFound
	p := h.newPage(a.Lang, "/")
	p.AskLang = a.Lang
	p.Title = a.Frame.NotFound + " · smtpbot"
	p.Description = a.Frame.UnknownHint
	p.NoIndex = true
	p.Canonical = ""
	for i := range p.Alternates {
		p.Alternates[i].URL = langPrefix(p.Alternates[i].Lang) + "/"
	}
	p.Answer = template.HTML(h.answerHTML(a, ""))
	h.render(w, r, http.StatusNotFound, p)
	h.answered(r, "page", &a, start, outcomeNotFound, http.StatusNotFound)
}

func (h *Handler) rateLimited(w http.ResponseWriter, r *http.Request, lang, p, q string, start time.Time) {
	pg := h.searchPage(lang, p)
	pg.Q = q
	pg.AskLang = pg.Lang
	pg.Notice = pg.F.RateLimited
	pg.NoIndex = true
	w.Header().Set("Retry-After", h.retryAfter())
	h.render(w, r, http.StatusTooManyRequests, pg)
	h.answered(r, "page", nil, start, outcomeRateLimited, http.StatusTooManyRequests)
}

// searchPage is the search page at path p in lang, English when lang is
// "": a page of its own, or the one a question refused is answered with.
func (h *Handler) searchPage(lang, p string) *pageData {
	if lang == "" {
		lang = catalog.English
	}
	pg := h.newPage(lang, p)
	pg.Title = "smtpbot · " + pg.F.SearchLabel
	return pg
}

// newPage fills what every page has: language, frame, canonical link and
// the alternates of the same path in every language.
func (h *Handler) newPage(lang, p string) *pageData {
	f := h.cat.Frame(lang)
	pg := &pageData{
		Lang:      lang,
		Dir:       "ltr",
		F:         f,
		Canonical: h.abs(langPrefix(lang) + p),
		Home:      langPrefix(lang) + "/",
		MaxLen:    h.maxQ,
	}
	if f.Dir == "rtl" {
		pg.Dir = "rtl"
	}
	for _, l := range h.langs {
		pg.Alternates = append(pg.Alternates, alternate{
			Lang: l, Name: h.cat.Frame(l).LanguageName, URL: h.abs(langPrefix(l) + p), Current: l == lang,
		})
	}
	return pg
}

func (h *Handler) intro(lang string) *intro {
	f := h.cat.Frame(lang)
	in := &intro{}
	for _, ex := range strings.Split(f.HelpExamples, "\n") {
		if ex = strings.TrimSpace(ex); ex != "" {
			in.Examples = append(in.Examples, suggestion{Name: ex, URL: langPrefix(lang) + "/?q=" + url.QueryEscape(ex)})
		}
	}
	for _, rp := range h.cat.Replies() {
		c := rp.Code.String()
		in.Codes = append(in.Codes, suggestion{Code: c, Name: rp.Name.In(lang), Class: fmt.Sprint(int(rp.Code.Class())), URL: langPrefix(lang) + "/code/" + c})
	}
	return in
}

// suggestions are catalog codes close to the unknown ones, linked.
func (h *Handler) suggestions(lang string, unknown []string) []suggestion {
	a := h.bot.Answer(bot.Query{Intent: bot.IntentUnknown, Bad: unknown}, lang)
	if a.Unknown == nil {
		return nil
	}
	var out []suggestion
	for _, s := range a.Unknown.Suggestions {
		out = append(out, suggestion{Code: s.Code, Name: s.Name, Class: strings.TrimSuffix(s.Class, "xx"), URL: langPrefix(lang) + "/code/" + s.Code})
	}
	return out
}

func answerCards(a bot.Answer) []catalog.Card {
	switch {
	case a.Compare != nil:
		return a.Compare.Cards
	case a.Card != nil:
		return []catalog.Card{*a.Card}
	}
	return nil
}

// describeAnswer is the meta description: the summary, or the code's
// description, cut to what search results show.
func describeAnswer(a bot.Answer) string {
	s := a.Title
	switch {
	case a.Compare != nil && a.Compare.Summary() != "":
		s = a.Compare.Summary()
	case a.Card != nil && a.Card.Description != "":
		s = a.Card.Description
	case a.Unknown != nil:
		s = a.Frame.UnknownHint
	}
	return cutWords(s, 160)
}

// cutWords shortens s to at most n runes, at a word boundary.
func cutWords(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)[:n-1]
	if i := strings.LastIndexByte(string(r), ' '); i > 0 {
		return strings.TrimRight(string(r)[:i], " ,;:") + "…"
	}
	return string(r) + "…"
}

// csp allows nothing inline: the pages' script and style are files of this
// site, and the diagram is styled by class.
const csp = "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; connect-src 'self'; " +
	"form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

func (h *Handler) render(w http.ResponseWriter, r *http.Request, status int, p *pageData) {
	var buf bytes.Buffer
	buf.Grow(32 << 10)
	if err := h.page.Execute(&buf, p); err != nil {
		// Templates are tested with every kind of answer; reaching this is a
		// bug, so say little to the user and log the cause.
		h.log.Error("render page", "platform", platformName, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	hd := w.Header()
	hd.Set("Content-Type", "text/html; charset=utf-8")
	hd.Set("Content-Language", p.Lang)
	hd.Set("Content-Security-Policy", csp)
	if status == http.StatusOK && p.Q == "" {
		hd.Set("Cache-Control", "public, max-age=300")
	} else {
		hd.Set("Cache-Control", "no-store")
	}
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}
