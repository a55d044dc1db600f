package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/smtpbot/smtpbot/adapters/internal/reqbody"
	"github.com/smtpbot/smtpbot/bot"
	"github.com/smtpbot/smtpbot/catalog"
	"github.com/smtpbot/smtpbot/responses"
)

// apiErrorBody is the JSON shape of every API error: a stable machine code
// and a sentence for people.
type apiErrorBody struct {
	Error apiError `json:"error"`
}

type apiError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// cors lets any web page read the API: it serves public, read-only data and
// never looks at cookies.
func cors(w http.ResponseWriter) {
	w.Header().Set("Access-Control-Allow-Origin", "*")
}

func (h *Handler) preflight(w http.ResponseWriter, r *http.Request) {
	cors(w)
	w.Header().Set("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
	w.Header().Set("Access-Control-Allow-Headers", "Content-Type")
	w.Header().Set("Access-Control-Max-Age", "86400")
	w.WriteHeader(http.StatusNoContent)
}

// apiQuery sets the CORS headers every API answer carries, then decodes
// the query string strictly: url.Values silently drops malformed pairs,
// which would turn a broken request into a wrong answer.
func (h *Handler) apiQuery(w http.ResponseWriter, r *http.Request) (url.Values, string, bool) {
	cors(w)
	v, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		h.apiFail(w, "", http.StatusBadRequest, "bad_query", "the query string is malformed")
		return nil, "", false
	}
	lang := v.Get("lang")
	if lang != "" && !h.cat.HasLanguage(lang) {
		h.apiFail(w, "", http.StatusBadRequest, "unknown_lang", fmt.Sprintf("lang must be one of %s", strings.Join(h.langs, ", ")))
		return nil, "", false
	}
	return v, lang, true
}

// apiCall is an API request that is counted under route once answered.
type apiCall struct {
	h     *Handler
	w     http.ResponseWriter
	r     *http.Request
	route string
	start time.Time
}

// apiStart begins an API call: it notes the time, sets the CORS headers
// and reads the query (apiQuery). A bad query has been answered and
// counted when ok is false.
func (h *Handler) apiStart(w http.ResponseWriter, r *http.Request, route string) (c apiCall, v url.Values, lang string, ok bool) {
	c = apiCall{h: h, w: w, r: r, route: route, start: time.Now()}
	if v, lang, ok = h.apiQuery(w, r); !ok {
		c.count(nil, outcomeBadRequest, http.StatusBadRequest)
	}
	return c, v, lang, ok
}

// count logs and counts the call's answer, a nil one for a refused call.
func (c apiCall) count(a *bot.Answer, out outcome, status int) {
	c.h.answered(c.r, c.route, a, c.start, out, status)
}

// fail answers the call with an error in format (apiFail) and counts it.
func (c apiCall) fail(format string, status int, out outcome, code, msg string) {
	c.h.apiFail(c.w, format, status, code, msg)
	c.count(nil, out, status)
}

// allowed applies the rate limit: a call over it has been answered 429,
// in format and in the language of f, and counted when it returns false.
func (c apiCall) allowed(format string, f *catalog.Frame) bool {
	if c.h.allow(c.r.Context(), c.r) {
		return true
	}
	c.w.Header().Set("Retry-After", c.h.retryAfter())
	c.fail(format, http.StatusTooManyRequests, outcomeRateLimited, "rate_limited", f.RateLimited)
	return false
}

// apiAsk answers a question with the JSON contract of `smtpbot ask --format
// json`, byte for byte. With format=html it returns the answer as the HTML
// fragment the page shows, which is how the page's script answers as you type
// without a second renderer in JavaScript.
func (h *Handler) apiAsk(w http.ResponseWriter, r *http.Request) {
	c, v, lang, ok := h.apiStart(w, r, "api_ask")
	if !ok {
		return
	}
	format := v.Get("format")
	if format != "" && format != "json" && format != "html" {
		c.fail("", http.StatusBadRequest, outcomeBadRequest, "bad_format", "format must be json or html")
		return
	}
	q := v.Get("q")
	f := h.cat.Frame(lang)
	var code, msg string
	switch {
	case strings.TrimSpace(q) == "":
		code, msg = "missing_query", "ask with q, for example /api/ask?q=252+vs+552"
	case len(q) > h.maxQ:
		code, msg = "query_too_long", catalog.Fill(f.TooLong, "max", fmt.Sprint(h.maxQ))
	case !utf8.ValidString(q):
		code, msg = "invalid_utf8", "q must be valid UTF-8"
	}
	if code != "" {
		c.fail(format, http.StatusBadRequest, outcomeBadRequest, code, msg)
		return
	}
	if !c.allowed(format, f) {
		return
	}
	a := h.ask(q, hints(lang))
	if format != "html" {
		c.writeAnswer(a, "public, max-age=300")
		return
	}
	setContent(w, "text/html; charset=utf-8", a.Lang, "public, max-age=300")
	_, _ = io.WriteString(w, h.answerHTML(a, h.linkBase()))
	c.count(&a, outcomeOK, http.StatusOK)
}

// writeAnswer sends an answer as the JSON contract and counts it; an
// answer that cannot be encoded is a 500 that says nothing more.
func (c apiCall) writeAnswer(a bot.Answer, cache string) {
	b, err := responses.JSON(a, responses.Options{BaseURL: c.h.base})
	if err != nil {
		c.h.log.Error("encode answer", "platform", platformName, "err", err)
		c.h.apiFail(c.w, "", http.StatusInternalServerError, "internal", "something went wrong on our side")
		c.count(&a, outcome("error"), http.StatusInternalServerError)
		return
	}
	setContent(c.w, "application/json; charset=utf-8", a.Lang, cache)
	_, _ = c.w.Write(append(b, '\n'))
	c.count(&a, outcomeOK, http.StatusOK)
}

// setContent sets the headers that say what a response's body is: its
// type, its language and how long a cache may keep it.
func setContent(w http.ResponseWriter, contentType, lang, cache string) {
	hd := w.Header()
	hd.Set("Content-Type", contentType)
	hd.Set("Content-Language", lang)
	hd.Set("Cache-Control", cache)
}

// MaxMessageBody is the largest message POST /api/diagnose accepts; larger
// bodies get 413. Bounces are rarely over a few hundred kilobytes.
const MaxMessageBody = 1 << 20

// apiDiagnose diagnoses a whole email sent as the request body, with the
// JSON of `smtpbot diagnose --format json`. The declared Content-Length is
// checked before anything is read, and reading is capped as well (a body
// sent chunked declares no length).
func (h *Handler) apiDiagnose(w http.ResponseWriter, r *http.Request) {
	c, _, lang, ok := h.apiStart(w, r, "api_diagnose")
	if !ok {
		return
	}
	f := h.cat.Frame(lang)
	raw, err := reqbody.ReadAll(w, r, MaxMessageBody)
	switch {
	case errors.Is(err, reqbody.ErrTooLarge):
		c.fail("", http.StatusRequestEntityTooLarge, outcomeBadRequest, "message_too_large", fmt.Sprintf("the message is over %d bytes", MaxMessageBody))
		return
	case err != nil:
		c.fail("", http.StatusBadRequest, outcomeBadRequest, "bad_body", "the request body could not be read")
		return
	case len(bytes.TrimSpace(raw)) == 0:
		c.fail("", http.StatusBadRequest, outcomeBadRequest, "missing_message", "send the whole message (headers and body) as the request body")
		return
	}
	if !c.allowed("", f) {
		return
	}
	c.writeAnswer(h.bot.DiagnoseMessage(raw, lang), "no-store")
}

// catalogQuery reads the language of a catalog request, English when none
// is asked for; a bad query has been answered when ok is false.
func (h *Handler) catalogQuery(w http.ResponseWriter, r *http.Request) (lang string, ok bool) {
	_, lang, ok = h.apiQuery(w, r)
	if lang == "" {
		lang = catalog.English
	}
	return lang, ok
}

func (h *Handler) apiCodes(w http.ResponseWriter, r *http.Request) {
	lang, ok := h.catalogQuery(w, r)
	if !ok {
		return
	}
	setContent(w, "application/json; charset=utf-8", lang, "public, max-age=300")
	writeGzipped(w, r, h.codes[lang])
}

// apiCode returns the catalog card of one code. A well-formed code the
// catalog does not list is a 404: it has no entry, only a reading by digits
// (which /api/ask gives).
func (h *Handler) apiCode(w http.ResponseWriter, r *http.Request) {
	lang, ok := h.catalogQuery(w, r)
	if !ok {
		return
	}
	raw := r.PathValue("code")
	f := h.cat.Frame(lang)
	c, err := catalog.ParseCode(raw)
	if err != nil {
		h.apiFail(w, "", http.StatusBadRequest, "bad_code", catalog.Fill(f.UnknownCode, "code", shorten(raw, 40)))
		return
	}
	card := h.cat.Card(c, lang)
	if !card.Registered {
		h.apiFail(w, "", http.StatusNotFound, "not_found", f.NotFound+": "+card.Code.String())
		return
	}
	b, err := json.Marshal(responses.ToJSONCard(card))
	if err != nil {
		h.log.Error("encode card", "platform", platformName, "err", err)
		h.apiFail(w, "", http.StatusInternalServerError, "internal", "something went wrong on our side")
		return
	}
	setContent(w, "application/json; charset=utf-8", lang, "public, max-age=300")
	_, _ = w.Write(append(b, '\n'))
}

// apiFail writes an error in the requested format: JSON by default, an
// alert paragraph for the page's script.
func (h *Handler) apiFail(w http.ResponseWriter, format string, status int, code, msg string) {
	w.Header().Set("Cache-Control", "no-store")
	if format == "html" {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(status)
		_, _ = w.Write([]byte(`<p class="notice" role="alert">` + esc(msg) + "</p>\n"))
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	b, _ := json.Marshal(apiErrorBody{Error: apiError{Code: code, Message: msg}}) // two strings: cannot fail
	_, _ = w.Write(append(b, '\n'))
}

// shorten cuts user text for echoing in a message: valid UTF-8 without
// control or format characters (a right-to-left override could make the
// echo read as something else), at most n runes.
func shorten(s string, n int) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			return -1
		}
		return r
	}, strings.ToValidUTF8(s, "�"))
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n]) + "…"
}

// answerHTML is the answer as the page shows it: the responses HTML with
// codes linked to their pages and the session diagram after the summary.
func (h *Handler) answerHTML(a bot.Answer, base string) string {
	prefix := langPrefix(a.Lang)
	return responses.HTML(a, responses.HTMLOptions{
		Options: responses.Options{BaseURL: base},
		CodeURL: func(code string) string { return prefix + "/code/" + code },
		AskURL:  func(q string) string { return prefix + "/?q=" + url.QueryEscape(q) },
		Figure:  diagram(marks(a), a.Frame),
	})
}

// linkBase is the base for "open the full page" links. responses.PageURL
// needs a non-empty base; "/" gives links relative to this host.
func (h *Handler) linkBase() string {
	if h.base != "" {
		return h.base
	}
	return "/"
}
