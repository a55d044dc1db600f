package web

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/smtpbot/smtpbot/adapters/internal/bodytest"
	"github.com/smtpbot/smtpbot/adapters/metrics"
	"github.com/smtpbot/smtpbot/adapters/state"
	"github.com/smtpbot/smtpbot/bot"
	"github.com/smtpbot/smtpbot/bot/bottest"
	"github.com/smtpbot/smtpbot/catalog"
	"github.com/smtpbot/smtpbot/internal/testlog"
	"github.com/smtpbot/smtpbot/responses"
	"github.com/smtpbot/smtpbot/tests/golden"
)

// fixture is a Handler on a mux with what the tests look at.
type fixture struct {
	h    *Handler
	mux  *http.ServeMux
	bot  *bot.Bot
	logs *testlog.Buffer
	m    *metrics.Metrics
}

func newFixture(t testing.TB, edit func(*Config)) *fixture {
	t.Helper()
	fx := &fixture{bot: bottest.New(t), logs: &testlog.Buffer{}, m: metrics.New(func(string) bool { return true })}
	c := Config{
		Bot:     fx.bot,
		Log:     slog.New(slog.NewJSONHandler(fx.logs, &slog.HandlerOptions{Level: slog.LevelInfo})),
		Metrics: fx.m,
	}
	if edit != nil {
		edit(&c)
	}
	var err error
	fx.h, err = New(c)
	if err != nil {
		t.Fatal(err)
	}
	fx.mux = http.NewServeMux()
	fx.h.Mount(fx.mux)
	return fx
}

func (fx *fixture) get(t testing.TB, target string) *httptest.ResponseRecorder {
	t.Helper()
	rec := httptest.NewRecorder()
	req := httptest.NewRequest(http.MethodGet, target, nil)
	fx.mux.ServeHTTP(rec, req)
	return rec
}

// assetVersion hides the content hashes of the assets, so that a change to
// the stylesheet does not rewrite every page golden.
var assetVersion = regexp.MustCompile(`\?v=[0-9a-f]{12}`)

func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	golden.Check(t, name, assetVersion.ReplaceAll(got, []byte("?v=HASH")))
}

func TestGoldenPages(t *testing.T) {
	fx := newFixture(t, func(c *Config) { c.BaseURL = "https://smtpbot.example" })
	for _, tc := range []struct {
		name, target string
		status       int
	}{
		{"home", "/", 200},
		{"home-vi", "/vi/", 200},
		{"ask-252-vs-552", "/?q=252+vs+552", 200},
		{"compare-252-vs-552", "/compare/252-vs-552", 200},
		{"compare-252-vs-552.vi", "/vi/compare/252-vs-552", 200},
		{"code-552", "/code/552", 200},
		{"code-5.2.2", "/code/5.2.2", 200},
		{"code-5.2.2.vi", "/code/5.2.2?lang=vi", 200},
		{"code-unregistered-259", "/code/259", 404},
		{"code-malformed", "/code/abc", 404},
		{"unknown-path", "/wp-admin/setup.php", 404},
		{"code-421.ar", "/ar/code/421", 200},
	} {
		rec := fx.get(t, tc.target)
		if rec.Code != tc.status {
			t.Errorf("%s: status %d, want %d", tc.target, rec.Code, tc.status)
		}
		if ct := rec.Header().Get("Content-Type"); ct != "text/html; charset=utf-8" {
			t.Errorf("%s: content type %q", tc.target, ct)
		}
		if rec.Header().Get("Content-Security-Policy") == "" {
			t.Errorf("%s: no CSP", tc.target)
		}
		checkGolden(t, "page-"+tc.name+".html.golden", rec.Body.Bytes())
	}
}

func TestGoldenDiagram(t *testing.T) {
	fx := newFixture(t, nil)
	for _, tc := range []struct{ name, q, lang string }{
		{"252-vs-552", "252 vs 552", "en"},
		{"421.vi", "421", "vi"},
		{"421.ar", "421", "ar"},
		{"diagnose-550", "RCPT TO:<bob@example.org> 550 5.1.1 user unknown", "en"},
	} {
		a := fx.bot.Ask(tc.q, bot.Hints{Lang: tc.lang})
		svg := diagram(marks(a), a.Frame)
		if svg == "" {
			t.Fatalf("%s: no diagram", tc.name)
		}
		checkGolden(t, "diagram-"+tc.name+".svg.golden", []byte(svg))
	}
	if d := diagram(marks(fx.bot.Ask("5.2.2", bot.Hints{Lang: "en"})), fx.bot.Catalog().Frame("en")); d != "" {
		t.Errorf("an enhanced code alone has no stage, yet got a diagram:\n%s", d)
	}
}

// TestDiagramHighlightsStages checks the picture against the catalog: for
// every basic code, each of its session stages is a highlighted row with
// the code's pill, and no other row is.
func TestDiagramHighlightsStages(t *testing.T) {
	fx := newFixture(t, nil)
	f := fx.bot.Catalog().Frame("en")
	row := regexp.MustCompile(`<g class="row( on)?( opt)?">.*?<text class="cmd"[^>]*>([^<]*)</text>(.*?)</g>\n`)
	for _, r := range fx.bot.Catalog().Replies() {
		code := r.Code.String()
		svg := diagram([]mark{{code: code, class: r.Code.Class(), stages: r.Stages}}, f)
		want := map[string]bool{}
		for _, s := range r.Stages {
			if s != catalog.StageAny {
				want[esc(f.StageName(s))] = true
			}
		}
		for _, m := range row.FindAllStringSubmatch(svg, -1) {
			on, name, rest := m[1] != "", m[3], m[4]
			if on != want[name] {
				t.Errorf("%s: row %q highlighted=%v, want %v", code, name, on, want[name])
			}
			if on != strings.Contains(rest, ">"+code+"</text>") {
				t.Errorf("%s: row %q pill mismatch", code, name)
			}
			delete(want, name)
		}
		if len(want) > 0 {
			t.Errorf("%s: stages without a row: %v", code, want)
		}
		hasAny := strings.Contains(svg, `<g class="any">`)
		if wantAny := slices.Contains(r.Stages, catalog.StageAny); hasAny != wantAny {
			t.Errorf("%s: any-command note %v, want %v", code, hasAny, wantAny)
		}
	}
}

func TestPageRedirects(t *testing.T) {
	fx := newFixture(t, nil)
	for target, want := range map[string]string{
		"/compare/552-vs-252":            "/compare/252-vs-552",
		"/vi/compare/552-vs-252":         "/vi/compare/252-vs-552",
		"/compare/552-vs-252?lang=vi":    "/compare/252-vs-552?lang=vi",
		"/compare/5.2.2-vs-552":          "/compare/552-vs-5.2.2",
		"/compare/x.2.2-vs-552":          "/compare/552-vs-X.2.2",
		"/compare/552-vs-552":            "/code/552",
		"/compare/552":                   "/code/552",
		"/compare/552-vs-252-vs-552":     "/compare/252-vs-552",
		"/code/x.2.2":                    "/code/X.2.2",
		"/vi/code/x.2.2":                 "/vi/code/X.2.2",
		"/code/552/":                     "/code/552",
		"/en/code/552":                   "/code/552",
		"/en":                            "/",
		"/vi":                            "/vi/",
		"/en/?q=552":                     "/?q=552",
		"/compare/252-vs-552/":           "/compare/252-vs-552",
		"/compare/4.2.2-vs-X.2.2-vs-452": "/compare/452-vs-X.2.2-vs-4.2.2",
	} {
		rec := fx.get(t, target)
		if rec.Code != http.StatusMovedPermanently || rec.Header().Get("Location") != want {
			t.Errorf("%s: %d → %q, want 301 → %q", target, rec.Code, rec.Header().Get("Location"), want)
		}
	}
	// The canonical forms are served, not redirected.
	for _, target := range []string{"/compare/252-vs-552", "/compare/552-vs-X.2.2", "/code/X.2.2", "/code/5.2.2", "/vi/", "/"} {
		if rec := fx.get(t, target); rec.Code != http.StatusOK {
			t.Errorf("%s: status %d, want 200", target, rec.Code)
		}
	}
}

// TestPageNotFoundIsHelpful: malformed and unknown codes get a 404 page with
// suggestions and the search box, never a 500.
func TestPageNotFoundIsHelpful(t *testing.T) {
	fx := newFixture(t, nil)
	for _, target := range []string{
		"/code/abc", "/code/999", "/code/5.02.2", "/code/", "/code/552.", "/compare/abc-vs-552",
		"/compare/252-vs-", "/compare/-vs-", "/compare/211-vs-214-vs-220-vs-221-vs-250", "/vi/code/600",
		"/xx/code/552", "/code/%00", "/code/%E2%80%AE552", "/compare/" + strings.Repeat("552-vs-", 500) + "252",
		"/code/299", "/compare/252-vs-299", "/code/5.9.99",
	} {
		rec := fx.get(t, target)
		body := rec.Body.String()
		if rec.Code != http.StatusNotFound {
			t.Errorf("%s: status %d, want 404", target, rec.Code)
			continue
		}
		for _, want := range []string{`<meta name="robots" content="noindex">`, `<input id="q"`, `<a href="`} {
			if !strings.Contains(body, want) {
				t.Errorf("%s: 404 page lacks %s", target, want)
			}
		}
		if !strings.Contains(body, "/code/5") && !strings.Contains(body, "/code/4") && !strings.Contains(body, "/code/2") {
			t.Errorf("%s: 404 page suggests no code", target)
		}
	}
}

// FuzzPagePath: whatever the path, a page is a redirect, a page or a 404,
// never a 500 or a panic, and a redirect never leaves the site.
func FuzzPagePath(f *testing.F) {
	for _, s := range []string{"/", "/compare/252-vs-552", "/code/5.2.2", "/vi/code/x.2.2", "/code/\xff", "/compare/-vs--vs-", "//", "/vi//code",
		"/en//evil.example", "/en/\\evil.example", "/en/\t/evil.example", "/vi/code/\\/x.2.2"} {
		f.Add(s)
	}
	for _, s := range hostilePaths {
		if p, err := url.PathUnescape(s); err == nil {
			f.Add(p)
		}
	}
	fx := newFixture(f, nil)
	f.Fuzz(func(t *testing.T, p string) {
		req := httptest.NewRequest(http.MethodGet, "/", nil)
		req.URL.Path = "/" + strings.TrimPrefix(p, "/")
		rec := httptest.NewRecorder()
		fx.mux.ServeHTTP(rec, req)
		switch rec.Code {
		case 200, 301, 307, 404, 405: // 307: the mux cleaning "//"
		default:
			t.Fatalf("%q: status %d", p, rec.Code)
		}
		if why := offSite(rec.Header().Get("Location")); why != "" {
			t.Fatalf("%q: Location %q %s", p, rec.Header().Get("Location"), why)
		}
	})
}

func TestPageLanguages(t *testing.T) {
	fx := newFixture(t, func(c *Config) { c.BaseURL = "https://smtpbot.example" })
	body := fx.get(t, "/vi/compare/252-vs-552").Body.String()
	vi := fx.bot.Catalog().Frame("vi")
	for _, want := range []string{
		`<html lang="vi" dir="ltr">`,
		`<link rel="canonical" href="https://smtpbot.example/vi/compare/252-vs-552">`,
		`<link rel="alternate" hreflang="en" href="https://smtpbot.example/compare/252-vs-552">`,
		`<link rel="alternate" hreflang="vi" href="https://smtpbot.example/vi/compare/252-vs-552">`,
		`<link rel="alternate" hreflang="x-default" href="https://smtpbot.example/compare/252-vs-552">`,
		`hreflang="vi" lang="vi" aria-current="page">Tiếng Việt</a>`,
		"<h2>" + vi.KeyDifferences + "</h2>", "<h2>" + vi.WhenToUse + "</h2>", "<h2>" + vi.LearnMore + "</h2>",
		"<dt>" + vi.Description + "</dt>", "<dt>" + vi.When + "</dt>", "<dt>" + vi.Fix,
		`<title>SMTP 252`, `<meta name="description" content="`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("vi page lacks %s", want)
		}
	}
	// ?lang= is the same page; its canonical is the prefixed one.
	body = fx.get(t, "/compare/252-vs-552?lang=vi").Body.String()
	if !strings.Contains(body, `<html lang="vi"`) || !strings.Contains(body, `rel="canonical" href="https://smtpbot.example/vi/compare/252-vs-552"`) {
		t.Error("?lang=vi does not give the Vietnamese page with its canonical link")
	}
	// Right-to-left languages set dir on <html>.
	if fx.bot.Catalog().HasLanguage("ar") {
		if body := fx.get(t, "/ar/code/421").Body.String(); !strings.Contains(body, `<html lang="ar" dir="rtl">`) {
			t.Error("Arabic page is not rtl")
		}
	}
	// A question on the home page is answered in its own language unless
	// the page chose one, and the language links keep the question.
	body = fx.get(t, "/?q=h%E1%BB%99p+th%C6%B0+%C4%91%E1%BA%A7y").Body.String()
	if !strings.Contains(body, `<html lang="vi"`) {
		t.Error("a Vietnamese question on / is not answered in Vietnamese")
	}
	// html/template writes "+" in URLs as &#43;, which browsers read back.
	if !strings.Contains(body, `href="/?lang=en&amp;q=h%E1%BB%99p&#43;th%C6%B0&#43;%C4%91%E1%BA%A7y"`) {
		t.Errorf("English link does not keep the question:\n%s", body)
	}
	if body := fx.get(t, "/?q=552&lang=en").Body.String(); !strings.Contains(body, `<html lang="en"`) {
		t.Error("?lang=en is not honoured")
	}
}

func TestPageWorksWithoutScript(t *testing.T) {
	fx := newFixture(t, nil)
	body := fx.get(t, "/?q=252+vs+552").Body.String()
	for _, want := range []string{
		`<form class="search" role="search" action="/" method="get">`,
		`value="252 vs 552"`,
		`<h1>SMTP 252 Cannot verify user vs 552 Exceeded storage allocation</h1>`,
		`<figure class="dg">`, `<a href="/compare/252-vs-552">`,
		`<meta name="robots" content="noindex">`, `<link rel="canonical" href="/compare/252-vs-552">`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("server-rendered answer lacks %s", want)
		}
	}
}

func TestAPIAskMatchesJSONContract(t *testing.T) {
	fx := newFixture(t, func(c *Config) { c.BaseURL = "https://smtpbot.example" })
	for _, tc := range []struct{ q, lang string }{
		{"252 vs 552", ""}, {"252 vs 552", "vi"}, {"550 5.1.1 user unknown", ""}, {"list 4xx", "en"}, {"help", ""}, {"999", ""},
	} {
		target := "/api/ask?q=" + urlQuery(tc.q)
		if tc.lang != "" {
			target += "&lang=" + tc.lang
		}
		rec := fx.get(t, target)
		if rec.Code != 200 {
			t.Fatalf("%s: status %d: %s", target, rec.Code, rec.Body)
		}
		want, err := responses.JSON(fx.bot.Ask(tc.q, bot.Hints{Lang: tc.lang}), responses.Options{BaseURL: "https://smtpbot.example"})
		if err != nil {
			t.Fatal(err)
		}
		if got := rec.Body.Bytes(); !bytes.Equal(got, append(want, '\n')) {
			t.Errorf("%s: body differs from responses.JSON:\n got %s\nwant %s", target, got, want)
		}
		if rec.Header().Get("Access-Control-Allow-Origin") != "*" || rec.Header().Get("Content-Type") != "application/json; charset=utf-8" {
			t.Errorf("%s: headers %v", target, rec.Header())
		}
	}
}

func urlQuery(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "%", "%25"), " ", "+")
}

func TestAPIAskHTMLFragment(t *testing.T) {
	fx := newFixture(t, nil)
	rec := fx.get(t, "/api/ask?q=252+vs+552&lang=vi&format=html")
	body := rec.Body.String()
	if rec.Code != 200 || !strings.HasPrefix(body, `<article class="answer c5" lang="vi" dir="ltr">`) ||
		!strings.Contains(body, `<figure class="dg">`) || !strings.Contains(body, fx.bot.Catalog().Frame("vi").KeyDifferences) {
		t.Fatalf("status %d body:\n%s", rec.Code, body)
	}
}

func TestAPIErrors(t *testing.T) {
	fx := newFixture(t, func(c *Config) { c.MaxQuestion = 100 })
	for _, tc := range []struct {
		target string
		status int
		code   string
	}{
		{"/api/ask", 400, "missing_query"},
		{"/api/ask?q=+++", 400, "missing_query"},
		{"/api/ask?q=" + strings.Repeat("5", 101), 400, "query_too_long"},
		{"/api/ask?q=%FF%FE", 400, "invalid_utf8"},
		{"/api/ask?q=552&lang=xx", 400, "unknown_lang"},
		{"/api/ask?q=552&format=xml", 400, "bad_format"},
		{"/api/ask?q=%zz", 400, "bad_query"},
		{"/api/codes?lang=klingon", 400, "unknown_lang"},
		{"/api/codes/abc", 400, "bad_code"},
		{"/api/codes/259", 404, "not_found"},
		{"/api/codes/5.9.99", 404, "not_found"},
	} {
		rec := fx.get(t, tc.target)
		var body apiErrorBody
		if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
			t.Errorf("%s: not JSON: %v: %s", tc.target, err, rec.Body)
			continue
		}
		if rec.Code != tc.status || body.Error.Code != tc.code || body.Error.Message == "" {
			t.Errorf("%s: %d %+v, want %d %s", tc.target, rec.Code, body, tc.status, tc.code)
		}
		if rec.Header().Get("Access-Control-Allow-Origin") != "*" {
			t.Errorf("%s: no CORS header on an error", tc.target)
		}
	}
	// The page refuses an over-long question politely too.
	rec := fx.get(t, "/?q="+strings.Repeat("5", 101))
	if rec.Code != 400 || !strings.Contains(rec.Body.String(), `role="alert"`) {
		t.Errorf("long question page: %d", rec.Code)
	}
}

// The API's answers say what their body is: its type, its language, and
// how long a cache may keep it (TestAPIDiagnose: a diagnosed message is
// never kept).
func TestAPIContentHeaders(t *testing.T) {
	fx := newFixture(t, nil)
	for _, c := range []struct{ target, ctype, lang, cache string }{
		{"/api/ask?q=552&lang=vi", "application/json; charset=utf-8", "vi", "public, max-age=300"},
		{"/api/ask?q=552&lang=vi&format=html", "text/html; charset=utf-8", "vi", "public, max-age=300"},
		{"/api/codes?lang=vi", "application/json; charset=utf-8", "vi", "public, max-age=300"},
		{"/api/codes/5.2.2?lang=vi", "application/json; charset=utf-8", "vi", "public, max-age=300"},
	} {
		h := fx.get(t, c.target).Header()
		if h.Get("Content-Type") != c.ctype || h.Get("Content-Language") != c.lang || h.Get("Cache-Control") != c.cache {
			t.Errorf("%s: type %q, language %q, cache %q; want %q, %q, %q", c.target, h.Get("Content-Type"), h.Get("Content-Language"), h.Get("Cache-Control"), c.ctype, c.lang, c.cache)
		}
	}
}

func TestAPICodes(t *testing.T) {
	fx := newFixture(t, nil)
	var list responses.JSONCatalog
	rec := fx.get(t, "/api/codes?lang=vi")
	if err := json.Unmarshal(rec.Body.Bytes(), &list); err != nil {
		t.Fatal(err)
	}
	cat := fx.bot.Catalog()
	if list.Lang != "vi" || len(list.Replies) != len(cat.Replies()) || len(list.Enhanced) != len(cat.EnhancedList()) {
		t.Fatalf("lang %s, %d replies, %d enhanced", list.Lang, len(list.Replies), len(list.Enhanced))
	}
	var card responses.JSONCard
	rec = fx.get(t, "/api/codes/5.2.2?lang=vi")
	if err := json.Unmarshal(rec.Body.Bytes(), &card); err != nil {
		t.Fatal(err)
	}
	if want := cat.Card(catalog.Code{Enhanced: catalog.EnhancedCode{Class: 5, Subject: 2, Detail: 2}}, "vi"); card.Code != "5.2.2" || card.Name != want.Name || !card.Registered {
		t.Errorf("card %+v", card)
	}
	if rec.Header().Get("Access-Control-Allow-Origin") != "*" {
		t.Error("no CORS header")
	}
}

func TestAPIPreflight(t *testing.T) {
	fx := newFixture(t, nil)
	req := httptest.NewRequest(http.MethodOptions, "/api/ask?q=552", nil)
	req.Header.Set("Origin", "https://elsewhere.example")
	req.Header.Set("Access-Control-Request-Method", "GET")
	rec := httptest.NewRecorder()
	fx.mux.ServeHTTP(rec, req)
	if rec.Code != http.StatusNoContent || rec.Header().Get("Access-Control-Allow-Methods") != "GET, POST, OPTIONS" {
		t.Errorf("preflight: %d %v", rec.Code, rec.Header())
	}
	// Writing is not offered.
	rec = httptest.NewRecorder()
	fx.mux.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/api/ask?q=552", strings.NewReader("x")))
	if rec.Code != http.StatusMethodNotAllowed {
		t.Errorf("POST /api/ask: %d", rec.Code)
	}
}

// TestRateLimit: a client over its bucket gets a polite 429 with
// Retry-After on pages and the API, and another client is not affected.
func TestRateLimit(t *testing.T) {
	clock := time.Unix(1000, 0)
	mem := state.NewMemory(state.Rate{PerMinute: 1, Burst: 2}, func() time.Time { return clock })
	fx := newFixture(t, func(c *Config) { c.Limiter = mem; c.RetryAfter = 60 * time.Second })
	ask := func(addr, target string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodGet, target, nil)
		req.RemoteAddr = addr
		rec := httptest.NewRecorder()
		fx.mux.ServeHTTP(rec, req)
		return rec
	}
	for i := range 2 {
		if rec := ask("192.0.2.1:1000", "/api/ask?q=552"); rec.Code != 200 {
			t.Fatalf("request %d: %d", i, rec.Code)
		}
	}
	rec := ask("192.0.2.1:1001", "/api/ask?q=552")
	var body apiErrorBody
	_ = json.Unmarshal(rec.Body.Bytes(), &body)
	f := fx.bot.Catalog().Frame("en")
	if rec.Code != 429 || rec.Header().Get("Retry-After") != "60" || body.Error.Code != "rate_limited" || body.Error.Message != f.RateLimited {
		t.Errorf("limited API: %d %q %+v", rec.Code, rec.Header().Get("Retry-After"), body)
	}
	rec = ask("192.0.2.1:1002", "/vi/?q=552")
	if rec.Code != 429 || !strings.Contains(rec.Body.String(), fx.bot.Catalog().Frame("vi").RateLimited) || !strings.Contains(rec.Body.String(), `value="552"`) {
		t.Errorf("limited page: %d", rec.Code)
	}
	// The limited page's search box asks in the page's language, English
	// when the address names none.
	for target, lang := range map[string]string{"/vi/?q=552": "vi", "/?q=552": "en"} {
		if rec := ask("192.0.2.1:1005", target); rec.Code != 429 || !strings.Contains(rec.Body.String(), `data-lang="`+lang+`"`) {
			t.Errorf("limited page %s: %d, want its search box in %s", target, rec.Code, lang)
		}
	}
	// Permalinks are fixed pages, not questions: never limited.
	if rec := ask("192.0.2.1:1004", "/code/552"); rec.Code != 200 {
		t.Errorf("permalink limited: %d", rec.Code)
	}
	if rec := ask("192.0.2.2:1000", "/api/ask?q=552"); rec.Code != 200 {
		t.Errorf("another client was limited: %d", rec.Code)
	}
	// Static files and health are never limited.
	if rec := ask("192.0.2.1:1003", fx.h.assetURL["app.css"]); rec.Code != 200 {
		t.Errorf("static file limited: %d", rec.Code)
	}
	if !strings.Contains(fx.logs.String(), `"outcome":"rate_limited"`) {
		t.Error("no rate_limited log line")
	}
}

type failingLimiter struct{}

func (failingLimiter) Allow(context.Context, string) (bool, error) {
	return false, errors.New("redis: connection refused")
}

func TestRateLimitFailsOpen(t *testing.T) {
	fx := newFixture(t, func(c *Config) { c.Limiter = failingLimiter{} })
	if rec := fx.get(t, "/api/ask?q=552"); rec.Code != 200 {
		t.Errorf("status %d with a failing limiter", rec.Code)
	}
	if !strings.Contains(fx.logs.String(), "rate limiter failed") {
		t.Error("failure not logged")
	}
}

func TestClientKey(t *testing.T) {
	for _, tc := range []struct {
		remote, xff string
		proxy       bool
		want        string
	}{
		{"192.0.2.1:5000", "", false, "web:user:192.0.2.1"},
		{"192.0.2.1:5000", "203.0.113.9", false, "web:user:192.0.2.1"},
		{"192.0.2.1:5000", "10.0.0.1, 203.0.113.9", true, "web:user:203.0.113.9"},
		{"[2001:db8:1:2:3:4:5:6]:443", "", false, "web:user:2001:db8:1:2::/64"},
		{"[::ffff:192.0.2.7]:443", "", false, "web:user:192.0.2.7"},
	} {
		h := &Handler{proxy: tc.proxy}
		req := httptest.NewRequest(http.MethodGet, "/", nil)
		req.RemoteAddr = tc.remote
		if tc.xff != "" {
			req.Header.Set("X-Forwarded-For", tc.xff)
		}
		if got := h.clientKey(req); got != tc.want {
			t.Errorf("%s %q proxy=%v: %s, want %s", tc.remote, tc.xff, tc.proxy, got, tc.want)
		}
	}
}

// TestLogLines: one info line per answered request with platform, intent,
// latency and outcome, and never the question.
func TestLogLines(t *testing.T) {
	fx := newFixture(t, nil)
	secret := "550 5.1.1 <alice.secret@example.org> user unknown"
	fx.get(t, "/api/ask?q="+urlQuery(secret))
	fx.get(t, "/?q="+urlQuery(secret))
	fx.get(t, "/compare/252-vs-552")
	fx.get(t, fx.h.assetURL["app.js"])
	logs := fx.logs.String()
	if strings.Contains(logs, "alice") {
		t.Fatalf("question text logged:\n%s", logs)
	}
	lines := strings.Split(strings.TrimSpace(logs), "\n")
	if len(lines) != 3 {
		t.Fatalf("%d log lines, want 3 (static files are not logged):\n%s", len(lines), logs)
	}
	for _, l := range lines {
		var e map[string]any
		if err := json.Unmarshal([]byte(l), &e); err != nil {
			t.Fatal(err)
		}
		for _, k := range []string{"platform", "intent", "latency", "outcome", "status"} {
			if _, ok := e[k]; !ok {
				t.Errorf("log line lacks %s: %s", k, l)
			}
		}
		if e["level"] != "INFO" || e["msg"] != "answered" || e["platform"] != "web" {
			t.Errorf("log line %s", l)
		}
	}
}

func TestMetricsCounted(t *testing.T) {
	fx := newFixture(t, nil)
	fx.get(t, "/api/ask?q=252+vs+552")
	fx.get(t, "/code/abc")
	rec := httptest.NewRecorder()
	fx.m.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	body, _ := io.ReadAll(rec.Body)
	for _, want := range []string{
		`smtpbot_questions_total{intent="compare",platform="web"} 1`,
		`smtpbot_codes_asked_total{code="552"} 1`,
		`smtpbot_http_requests_total{code="200",route="api_ask"} 1`,
		`smtpbot_http_requests_total{code="404",route="page"} 1`,
	} {
		if !strings.Contains(string(body), want) {
			t.Errorf("metrics lack %s", want)
		}
	}
}

func TestStaticAssets(t *testing.T) {
	fx := newFixture(t, nil)
	for name, ctype := range map[string]string{"app.css": "text/css; charset=utf-8", "app.js": "text/javascript; charset=utf-8", "favicon.svg": "image/svg+xml"} {
		u := fx.h.assetURL[name]
		rec := fx.get(t, u)
		if rec.Code != 200 || rec.Header().Get("Content-Type") != ctype || !strings.Contains(rec.Header().Get("Cache-Control"), "immutable") {
			t.Errorf("%s: %d %v", u, rec.Code, rec.Header())
		}
		req := httptest.NewRequest(http.MethodGet, u, nil)
		req.Header.Set("If-None-Match", rec.Header().Get("ETag"))
		rec = httptest.NewRecorder()
		fx.mux.ServeHTTP(rec, req)
		if rec.Code != http.StatusNotModified {
			t.Errorf("%s: revalidation gave %d", u, rec.Code)
		}
	}
	// An old version in the URL is served, but not cached for long.
	if rec := fx.get(t, "/static/app.css?v=old"); rec.Code != 200 || strings.Contains(rec.Header().Get("Cache-Control"), "immutable") {
		t.Errorf("stale version: %d %v", rec.Code, rec.Header())
	}
	if rec := fx.get(t, "/static/nope.css"); rec.Code != 404 {
		t.Errorf("missing asset: %d", rec.Code)
	}
	css := fx.get(t, fx.h.assetURL["app.css"]).Body.Len()
	js := fx.get(t, fx.h.assetURL["app.js"]).Body.Len()
	// Small enough to stay fast on a slow phone: no framework creeps in.
	if css > 12<<10 || js > 6<<10 {
		t.Errorf("assets grew: css %d bytes, js %d bytes", css, js)
	}
}

func TestHeadAndSitemap(t *testing.T) {
	fx := newFixture(t, func(c *Config) { c.BaseURL = "https://smtpbot.example" })
	rec := httptest.NewRecorder()
	fx.mux.ServeHTTP(rec, httptest.NewRequest(http.MethodHead, "/code/552", nil))
	if rec.Code != 200 {
		t.Errorf("HEAD: %d", rec.Code)
	}
	body := fx.get(t, "/sitemap.xml").Body.String()
	for _, want := range []string{"<loc>https://smtpbot.example/code/552</loc>", "<loc>https://smtpbot.example/vi/code/X.2.2</loc>"} {
		if !strings.Contains(body, want) {
			t.Errorf("sitemap lacks %s", want)
		}
	}
	if !strings.Contains(fx.get(t, "/robots.txt").Body.String(), "Sitemap: https://smtpbot.example/sitemap.xml") {
		t.Error("robots.txt does not point at the sitemap")
	}
	// Without a public URL there is no absolute address to list.
	if rec := newFixture(t, nil).get(t, "/sitemap.xml"); rec.Code != 404 {
		t.Errorf("sitemap without public URL: %d", rec.Code)
	}
}

func BenchmarkAPIAsk(b *testing.B) { benchmarkGet(b, "/api/ask?q=252+vs+552") }

func BenchmarkPage(b *testing.B) { benchmarkGet(b, "/compare/252-vs-552") }

// benchmarkGet measures GET target through every route and header.
func benchmarkGet(b *testing.B, target string) {
	fx := newFixture(b, func(c *Config) { c.Log = slog.New(slog.DiscardHandler) })
	req := httptest.NewRequest(http.MethodGet, target, nil)
	b.ReportAllocs()
	for b.Loop() {
		rec := httptest.NewRecorder()
		fx.mux.ServeHTTP(rec, req)
		if rec.Code != 200 {
			b.Fatal(rec.Code)
		}
	}
}

// hostilePaths try to turn the site's own redirects into redirects to
// another site: a doubled slash, a backslash, a tab or a newline that a
// browser reads as "//", encoded once or twice, behind any prefix.
var hostilePaths = []string{
	"/en/%2fevil.example", "/en/%2f%2fevil.example", "/en/%5cevil.example", "/en/%5c%5cevil.example",
	"/en/%09/evil.example", "/en/%0a/evil.example", "/en/%0d/evil.example", "/en/%2f%5cevil.example",
	"/en/%5c%2fevil.example", "/en/%252fevil.example", "/en/%255cevil.example", "/en//evil.example",
	"/en/%09%09/evil.example", "/en/%20/evil.example", "/en/%2F%2Fevil.example/code/552",
	"/en/https:%2f%2fevil.example", "/en/%2fevil.example?q=552", "/vi/code/%2f%2fevil.example/",
	"/en/%5c/evil.example", "/en/%00/evil.example", "/en/\\evil.example", "/en/%e3%80%80/evil.example",
	"/vi%2f%2fevil.example", "/en/code/x.2.2%2f%2fevil.example", "/en/%2fevil.example/", "/en/./%2fevil.example",
	"/vi/compare/552-vs-252/%2f%2fevil.example/",
}

// offSite reports why a Location header could leave the site, or "".
func offSite(loc string) string {
	switch {
	case loc == "":
		return ""
	case !strings.HasPrefix(loc, "/"):
		return "does not start with /"
	case strings.HasPrefix(loc, "//"), strings.HasPrefix(loc, `/\`):
		return "starts with // or /\\"
	}
	for _, r := range loc {
		if r < 0x20 || r == 0x7f || r == '\\' {
			return "holds a control character or a backslash"
		}
	}
	u, err := url.Parse(loc)
	if err != nil {
		return "does not parse"
	}
	if u.Scheme != "" || u.Host != "" || u.User != nil {
		return "names a scheme or a host"
	}
	site, _ := url.Parse("https://smtpbot.example/en/code/552")
	if to := site.ResolveReference(u); to.Host != site.Host {
		return "resolves to host " + to.Host
	}
	return ""
}

func TestRedirectsStayOnSite(t *testing.T) {
	fx := newFixture(t, nil)
	for _, target := range hostilePaths {
		req := httptest.NewRequest(http.MethodGet, "/", nil)
		u, err := url.Parse(target)
		if err != nil {
			// Paths a client can still send raw: set them as decoded.
			req.URL.Path = target
		} else {
			req.URL = u
		}
		rec := httptest.NewRecorder()
		fx.mux.ServeHTTP(rec, req)
		if why := offSite(rec.Header().Get("Location")); why != "" {
			t.Errorf("%s: %d → Location %q %s", target, rec.Code, rec.Header().Get("Location"), why)
		}
	}
}

// TestDeclaredTooLarge: whatever the route, a request declaring 100 MiB and
// sending 1 KiB is answered 413 at once.
func TestDeclaredTooLarge(t *testing.T) {
	fx := newFixture(t, nil)
	for _, target := range []string{"/api/ask?q=552", "/", "/code/552"} {
		for _, method := range []string{http.MethodGet, http.MethodPost} {
			if got := bodytest.Probe(t, fx.mux, method, target, nil); got != http.StatusRequestEntityTooLarge && got != http.StatusMethodNotAllowed {
				t.Errorf("%s %s: status %d, want 413 (or 405 for a method the route does not take)", method, target, got)
			}
		}
	}
}

// TestAPICodesGzip: the catalog is kept compressed; a client that takes
// gzip gets it as is, any other the same bytes decompressed.
func TestAPICodesGzip(t *testing.T) {
	fx := newFixture(t, nil)
	plain := fx.get(t, "/api/codes?lang=vi")
	for _, ae := range []string{"gzip", "br, gzip;q=0.8", "GZIP"} {
		req := httptest.NewRequest(http.MethodGet, "/api/codes?lang=vi", nil)
		req.Header.Set("Accept-Encoding", ae)
		rec := httptest.NewRecorder()
		fx.mux.ServeHTTP(rec, req)
		if rec.Header().Get("Content-Encoding") != "gzip" {
			t.Fatalf("Accept-Encoding %q: Content-Encoding %q", ae, rec.Header().Get("Content-Encoding"))
		}
		zr, err := gzip.NewReader(rec.Body)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := io.ReadAll(zr)
		if !bytes.Equal(got, plain.Body.Bytes()) {
			t.Errorf("Accept-Encoding %q: decompressed body differs from the plain one", ae)
		}
	}
	for _, ae := range []string{"", "br", "gzip;q=0"} {
		req := httptest.NewRequest(http.MethodGet, "/api/codes?lang=vi", nil)
		req.Header.Set("Accept-Encoding", ae)
		rec := httptest.NewRecorder()
		fx.mux.ServeHTTP(rec, req)
		if rec.Header().Get("Content-Encoding") != "" || !json.Valid(rec.Body.Bytes()) {
			t.Errorf("Accept-Encoding %q: sent %q encoded, valid JSON %v", ae, rec.Header().Get("Content-Encoding"), json.Valid(rec.Body.Bytes()))
		}
	}
}
