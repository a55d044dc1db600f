// Package web serves smtpbot on the web: server-rendered pages with a search
// box and a permalink for every comparison and code (/compare/252-vs-552,
// /code/552, /code/5.2.2, and the same under /vi/…), and a small JSON API
// (/api/ask, /api/diagnose, /api/codes, /api/codes/{code}).
//
// Like the chat adapters it only decodes the request, asks the core (package
// bot) and renders with package responses; the one picture of its own is the
// SMTP session diagram. Pages work without JavaScript: the embedded script
// only fetches answers as you type. It does not listen, read configuration
// or keep global state: package main builds a Handler and mounts it.
package web

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/smtpbot/smtpbot/adapters/internal/reqbody"
	"github.com/smtpbot/smtpbot/adapters/metrics"
	"github.com/smtpbot/smtpbot/adapters/state"
	"github.com/smtpbot/smtpbot/bot"
	"github.com/smtpbot/smtpbot/catalog"
	"github.com/smtpbot/smtpbot/responses"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed assets
var assetFS embed.FS

// DefaultMaxQuestion caps a question's length in bytes when Config leaves it
// zero: a pasted bounce line fits well within it, a flood does not.
const DefaultMaxQuestion = 2000

// platformName names the web in logs and metrics labels, as bot.Hints does.
const platformName = string(bot.Web)

// MaxBody caps a request body on every route, declared or sent: pages and
// the API are asked with GET, and a route that takes a body (a pasted
// email) reads it with a cap of its own within this one (reqbody.Read).
// A request declaring more is answered 413 before its body is read.
const MaxBody = 1 << 20

// Config is what a Handler needs.
type Config struct {
	Bot     *bot.Bot
	Log     *slog.Logger     // nil: discard
	Metrics *metrics.Metrics // nil: not counted
	// Limiter is the per-client token bucket, asked with keys of the form
	// "web:user:<address>". Nil means no limit.
	Limiter state.Limiter
	// RetryAfter is sent with 429 answers: about how long one token takes to
	// come back.
	RetryAfter time.Duration
	// BaseURL is the public address ("https://smtp.example.org"), used for
	// canonical and alternate links. Empty means links relative to the host.
	BaseURL string
	// MaxQuestion caps a question in bytes; 0 means DefaultMaxQuestion.
	MaxQuestion int
	// TrustProxy takes the client address from the last X-Forwarded-For hop,
	// for rate limiting behind a reverse proxy. Only set it behind one.
	TrustProxy bool
}

// Handler serves the pages and the API.
type Handler struct {
	bot      *bot.Bot
	ask      func(text string, h bot.Hints) bot.Answer // the core; tests watch it
	cat      *catalog.Catalog
	log      *slog.Logger
	metrics  *metrics.Metrics
	limiter  state.Limiter
	retry    time.Duration
	base     string
	maxQ     int
	proxy    bool
	langs    []string // frame languages, English first
	page     *template.Template
	assets   map[string]asset
	codes    map[string][]byte // /api/codes body per language, encoded once, gzipped
	assetURL map[string]string // "app.css" → "/static/app.css?v=hash"
}

type asset struct {
	body  []byte
	ctype string
	etag  string
}

// New builds a Handler. It fails only when the embedded templates or assets
// are broken, which the tests catch before a release.
func New(c Config) (*Handler, error) {
	if c.Bot == nil {
		return nil, errors.New("web: no bot")
	}
	h := &Handler{
		bot:     c.Bot,
		ask:     c.Bot.Ask,
		cat:     c.Bot.Catalog(),
		log:     c.Log,
		metrics: c.Metrics,
		limiter: c.Limiter,
		retry:   c.RetryAfter,
		base:    strings.TrimRight(c.BaseURL, "/"),
		maxQ:    c.MaxQuestion,
		proxy:   c.TrustProxy,
	}
	if h.log == nil {
		h.log = slog.New(slog.DiscardHandler)
	}
	if h.maxQ <= 0 {
		h.maxQ = DefaultMaxQuestion
	}
	if h.retry <= 0 {
		h.retry = 5 * time.Second
	}
	h.langs = []string{catalog.English}
	for _, l := range h.cat.FrameLanguages() {
		if l != catalog.English {
			h.langs = append(h.langs, l)
		}
	}
	if err := h.loadAssets(); err != nil {
		return nil, err
	}
	t, err := template.New("page.html").Funcs(template.FuncMap{"asset": func(name string) string { return h.assetURL[name] }}).
		ParseFS(templateFS, "templates/*.html")
	if err != nil {
		return nil, fmt.Errorf("web: templates: %w", err)
	}
	h.page = t
	h.codes = map[string][]byte{}
	for _, l := range h.langs {
		b, err := json.Marshal(responses.ToJSONCatalog(h.cat, l)) // the shape of `smtpbot catalog`
		if err != nil {
			return nil, fmt.Errorf("web: encode codes: %w", err)
		}
		if h.codes[l], err = gzipped(append(b, '\n')); err != nil {
			return nil, fmt.Errorf("web: compress codes: %w", err)
		}
	}
	return h, nil
}

func (h *Handler) loadAssets() error {
	h.assets = map[string]asset{}
	h.assetURL = map[string]string{}
	return fs.WalkDir(assetFS, "assets", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := assetFS.ReadFile(p)
		if err != nil {
			return fmt.Errorf("web: asset: %w", err)
		}
		sum := sha256.Sum256(b)
		tag := hex.EncodeToString(sum[:6])
		name := path.Base(p)
		ctype := map[string]string{".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".svg": "image/svg+xml"}[path.Ext(name)]
		if ctype == "" {
			ctype = "application/octet-stream"
		}
		h.assets[name] = asset{body: b, ctype: ctype, etag: `"` + tag + `"`}
		// The version in the URL lets browsers keep the file for a year and
		// still fetch a new one the moment it changes.
		h.assetURL[name] = "/static/" + name + "?v=" + tag
		return nil
	})
}

// Mount registers every route on mux. Pages take every GET path nobody else
// claimed, so an unknown path gets the helpful 404 page.
func (h *Handler) Mount(mux *http.ServeMux) {
	mux.Handle("GET /api/ask", h.instrument("api_ask", h.apiAsk))
	mux.Handle("POST /api/diagnose", h.instrument("api_diagnose", h.apiDiagnose))
	mux.Handle("GET /api/codes", h.instrument("api_codes", h.apiCodes))
	mux.Handle("GET /api/codes/{code}", h.instrument("api_code", h.apiCode))
	mux.Handle("OPTIONS /api/", h.instrument("api_preflight", h.preflight))
	mux.Handle("GET /static/{name}", h.instrument("static", h.static))
	mux.Handle("GET /robots.txt", h.instrument("static", h.robots))
	mux.Handle("GET /sitemap.xml", h.instrument("static", h.sitemap))
	mux.Handle("GET /", h.instrument("page", h.pages))
}

// Name is the platform's name in logs and on /readyz.
func (h *Handler) Name() string { return string(bot.Web) }

// hints are what the web tells the core besides the words: the language
// of the path (/vi/) or the lang parameter.
func hints(lang string) bot.Hints { return bot.Hints{Lang: lang, Platform: bot.Web} }

// Run returns at once: the web has no long-lived connections.
func (h *Handler) Run(context.Context) error { return nil }

// Ready is always nil: the pages need nothing but the catalog.
func (h *Handler) Ready() error { return nil }

// instrument counts requests by route and status, and sets the headers
// every response shares.
func (h *Handler) instrument(route string, f http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		hd := w.Header()
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("Referrer-Policy", "strict-origin-when-cross-origin")
		if strings.HasPrefix(route, "api") && reqbody.TooLarge(r, MaxBody) {
			// The API answers in JSON, refusals too; the body is never read.
			sw.Header().Set("Connection", "close")
			h.apiFail(sw, "", http.StatusRequestEntityTooLarge, "message_too_large", fmt.Sprintf("the request body is over %d bytes", MaxBody))
			h.metrics.HTTPRequest(route, sw.status, time.Since(start))
			return
		}
		if !reqbody.Limit(sw, r, MaxBody) {
			h.metrics.HTTPRequest(route, sw.status, time.Since(start))
			return
		}
		f(sw, r)
		h.metrics.HTTPRequest(route, sw.status, time.Since(start))
	})
}

type statusWriter struct {
	http.ResponseWriter
	status int
	wrote  bool
}

func (w *statusWriter) WriteHeader(code int) {
	if !w.wrote {
		w.status, w.wrote = code, true
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	w.wrote = true
	return w.ResponseWriter.Write(b)
}

func (h *Handler) static(w http.ResponseWriter, r *http.Request) {
	a, ok := h.assets[r.PathValue("name")]
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", a.ctype)
	w.Header().Set("ETag", a.etag)
	if r.URL.Query().Get("v") == strings.Trim(a.etag, `"`) {
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		w.Header().Set("Cache-Control", "public, max-age=300")
	}
	if r.Header.Get("If-None-Match") == a.etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	_, _ = w.Write(a.body)
}

func (h *Handler) robots(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	body := "User-agent: *\nDisallow: /api/\n"
	if h.base != "" {
		body += "Sitemap: " + h.base + "/sitemap.xml\n"
	}
	_, _ = w.Write([]byte(body))
}

// sitemap lists the page of every catalog code in every language, so search
// engines find the permalinks without following the search box.
func (h *Handler) sitemap(w http.ResponseWriter, r *http.Request) {
	if h.base == "" {
		// A sitemap lists absolute addresses; without the public URL there
		// are none to give.
		http.NotFound(w, r)
		return
	}
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	codes := h.allCodes()
	for _, l := range h.langs {
		b.WriteString("<url><loc>" + esc(h.abs(langPrefix(l)+"/")) + "</loc></url>\n")
		for _, c := range codes {
			b.WriteString("<url><loc>" + esc(h.abs(langPrefix(l)+"/code/"+c)) + "</loc></url>\n")
		}
	}
	b.WriteString("</urlset>\n")
	w.Header().Set("Content-Type", "application/xml; charset=utf-8")
	_, _ = w.Write(b.Bytes())
}

// allCodes lists every catalog code in catalog order, enhanced codes in
// registry form.
func (h *Handler) allCodes() []string {
	var out []string
	for _, r := range h.cat.Replies() {
		out = append(out, r.Code.String())
	}
	for _, e := range h.cat.EnhancedList() {
		out = append(out, e.Code.String())
	}
	return out
}

// gzipped compresses b. The whole catalog in every language is the largest
// thing the server keeps (megabytes as JSON); compressed, it is a tenth.
func gzipped(b []byte) ([]byte, error) {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression) // a valid level: no error
	if _, err := zw.Write(b); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// writeGzipped sends a gzipped body as it is to a client that takes gzip,
// and decompressed to one that does not.
func writeGzipped(w http.ResponseWriter, r *http.Request, gz []byte) {
	w.Header().Add("Vary", "Accept-Encoding")
	if acceptsGzip(r) {
		w.Header().Set("Content-Encoding", "gzip")
		_, _ = w.Write(gz)
		return
	}
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil { // compressed by New: cannot happen
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	_, _ = io.Copy(w, zr)
}

// acceptsGzip reads Accept-Encoding: gzip listed, and not with q=0.
func acceptsGzip(r *http.Request) bool {
	for _, v := range r.Header.Values("Accept-Encoding") {
		for _, part := range strings.Split(v, ",") {
			name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
			if strings.EqualFold(strings.TrimSpace(name), "gzip") {
				q := strings.ReplaceAll(strings.TrimSpace(params), " ", "")
				return q != "q=0" && q != "q=0.0" && q != "q=0.00" && q != "q=0.000"
			}
		}
	}
	return false
}

// abs makes a site path absolute with the public URL, when there is one.
func (h *Handler) abs(p string) string { return h.base + p }

// langPrefix is the path prefix of a language: none for English.
func langPrefix(lang string) string {
	if lang == catalog.English {
		return ""
	}
	return "/" + lang
}
