package tests

// A browser test: headless Chromium, driven with chromedp, uses the page of
// a real `smtpbot serve` on loopback as a person would: types a question,
// reads the comparison, switches to Vietnamese. It saves screenshots in the
// test's artifact directory (go test -artifacts -outputdir DIR keeps them).

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// webChromium finds the browser. Locally a missing browser skips the test
// with the command that installs it; where SMTPBOT_REQUIRE_BROWSER is set
// (.ci/run sets it after installing the browser) it fails, because a skip
// there would hide a broken setup.
func webChromium(t *testing.T) string {
	t.Helper()
	candidates := []string{os.Getenv("SMTPBOT_CHROMIUM"), "chromium", "/usr/bin/chromium", "chromium-browser", "google-chrome"}
	for _, c := range candidates {
		if c == "" {
			continue
		}
		if p, err := exec.LookPath(c); err == nil {
			return p
		}
	}
	const msg = "no Chromium found (looked for $SMTPBOT_CHROMIUM, chromium, chromium-browser, google-chrome); " +
		"install it with: apt-get install -y chromium chromium-driver"
	if os.Getenv("SMTPBOT_REQUIRE_BROWSER") != "" {
		t.Fatal(msg)
	}
	t.Skip(msg)
	return ""
}

// webBrowser starts headless Chromium with a fresh profile and no network
// beyond loopback, and returns its context. Console errors and uncaught
// exceptions of the page are collected for the test to check.
func webBrowser(t *testing.T, path string) (context.Context, func() []string) {
	t.Helper()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox, // containers and CI runners have no user namespaces for the sandbox
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1024, 900),
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(t.Context(), opts...)
	ctx, cancel := chromedp.NewContext(allocCtx)
	t.Cleanup(func() {
		cancel()
		cancelAlloc()
	})
	// The first Run starts the browser and binds it to ctx: no timeout here.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	var mu sync.Mutex
	var problems []string
	messages := chromedp.Console(ctx)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			if m.IsException() || m.Type == "error" {
				mu.Lock()
				problems = append(problems, string(m.Type)+": "+m.Text+" ("+m.URL+")")
				mu.Unlock()
			}
		}
	}()
	return ctx, func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), problems...)
	}
}

func TestBrowserCompareThenVietnamese(t *testing.T) {
	chromium := webChromium(t)
	s := startServe(t)
	browser, problems := webBrowser(t, chromium)
	ctx, cancel := context.WithTimeout(browser, 60*time.Second)
	defer cancel()
	dir := t.ArtifactDir()

	// Type the question; the page's script answers as you type.
	if err := chromedp.Do(ctx,
		chromedp.Navigate(s.URL+"/"),
		chromedp.WaitVisible(chromedp.CSS("#q")),
		chromedp.SendKeys(chromedp.CSS("#q"), "252 vs 552"),
		chromedp.WaitVisible(chromedp.CSS("#answer #code-552")),
		chromedp.WaitVisible(chromedp.CSS("#answer figure.dg svg")),
	); err != nil {
		t.Fatalf("ask 252 vs 552: %v", err)
	}
	title := run(t, ctx, chromedp.Text(chromedp.CSS("#answer h1")))
	if !strings.Contains(title, "252") || !strings.Contains(title, "552") {
		t.Errorf("answer title %q", title)
	}
	answer := run(t, ctx, chromedp.Text(chromedp.CSS("#answer")))
	for _, want := range []string{"Key differences", "When to use which", "Description", "How to fix", "Learn more"} {
		if !strings.Contains(answer, want) {
			t.Errorf("English answer lacks %q", want)
		}
	}
	if loc := run(t, ctx, chromedp.Location()); !strings.HasSuffix(loc, "/?q=252+vs+552") {
		t.Errorf("address bar %q does not hold the question", loc)
	}
	screenshot(t, ctx, filepath.Join(dir, "252-vs-552.en.png"))

	// Switch language: the link keeps the question, the server renders the
	// Vietnamese page.
	if _, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(`nav.langs a[hreflang="vi"]`))); err != nil {
		t.Fatalf("switch to Vietnamese: %v", err)
	}
	if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS(`html[lang="vi"] #answer #code-552`))); err != nil {
		t.Fatalf("Vietnamese page: %v", err)
	}
	answer = run(t, ctx, chromedp.Text(chromedp.CSS("#answer")))
	for _, want := range webViHeadings {
		if !strings.Contains(answer, want) {
			t.Errorf("Vietnamese answer lacks %q", want)
		}
	}
	if v := run(t, ctx, chromedp.Value(chromedp.CSS("#q"))); v != "252 vs 552" {
		t.Errorf("search box holds %q after switching language", v)
	}
	screenshot(t, ctx, filepath.Join(dir, "252-vs-552.vi.png"))

	// Submitting the form (Enter) answers too, and the page's script keeps
	// to the page's language.
	if err := chromedp.Do(ctx,
		chromedp.Clear(chromedp.CSS("#q")),
		chromedp.SendKeys(chromedp.CSS("#q"), "hộp thư đầy\r"),
		chromedp.WaitNotPresent(chromedp.CSS("#answer #code-252")),
	); err != nil {
		t.Fatalf("submit: %v", err)
	}
	if lang := run(t, ctx, chromedp.AttributeValue(chromedp.CSS("#answer article"), "lang")); lang.Value != "vi" {
		t.Errorf("answer language %q after submitting on the Vietnamese page", lang.Value)
	}

	if p := problems(); len(p) > 0 {
		t.Errorf("the page logged errors (a blocked script or style shows up here):\n%s", strings.Join(p, "\n"))
	}
	t.Logf("screenshots in %s", dir)
}

func run[T any](t *testing.T, ctx context.Context, a chromedp.Action[T]) T {
	t.Helper()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func screenshot(t *testing.T, ctx context.Context, path string) {
	t.Helper()
	png := run(t, ctx, chromedp.FullScreenshot(100))
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatal(err)
	}
}
