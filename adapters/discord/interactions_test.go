package discord_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/smtpbot/smtpbot/adapters/discord"
	"github.com/smtpbot/smtpbot/adapters/internal/bodytest"
	"github.com/smtpbot/smtpbot/adapters/state"
	"github.com/smtpbot/smtpbot/catalog"
	"github.com/smtpbot/smtpbot/responses"
)

func TestPingPong(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	code, body := f.post(t, map[string]any{"id": "1", "application_id": "A1", "type": 1, "token": "t", "version": 1})
	if code != http.StatusOK {
		t.Fatalf("status %d: %s", code, body)
	}
	if got := decode(t, body).Type; got != 1 {
		t.Errorf("PING answered with type %d, want 1 (PONG)", got)
	}
}

func TestRefusedRequests(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ping := []byte(`{"id":"1","application_id":"A1","type":1,"token":"t","version":1}`)
	otherKey := ed25519.NewKeyFromSeed(bytes.Repeat([]byte{9}, ed25519.SeedSize))
	tests := []struct {
		name string
		req  func() *http.Request
		want int
	}{
		{"forged: other key", func() *http.Request { return sign(otherKey, ping, testNow) }, http.StatusUnauthorized},
		{"forged: body changed after signing", func() *http.Request {
			r := sign(f.key, ping, testNow)
			r.Body = ioNop(bytes.Replace(ping, []byte(`"type":1`), []byte(`"type":2`), 1))
			return r
		}, http.StatusUnauthorized},
		{"missing signature", func() *http.Request {
			r := sign(f.key, ping, testNow)
			r.Header.Del("X-Signature-Ed25519")
			return r
		}, http.StatusUnauthorized},
		{"missing timestamp", func() *http.Request {
			r := sign(f.key, ping, testNow)
			r.Header.Del("X-Signature-Timestamp")
			return r
		}, http.StatusUnauthorized},
		{"signature not hex", func() *http.Request {
			r := sign(f.key, ping, testNow)
			r.Header.Set("X-Signature-Ed25519", "zz")
			return r
		}, http.StatusUnauthorized},
		{"stale: signed six minutes ago", func() *http.Request { return sign(f.key, ping, testNow.Add(-6*time.Minute)) }, http.StatusUnauthorized},
		{"future: signed six minutes ahead", func() *http.Request { return sign(f.key, ping, testNow.Add(6*time.Minute)) }, http.StatusUnauthorized},
		{"recent: signed four minutes ago", func() *http.Request { return sign(f.key, ping, testNow.Add(-4*time.Minute)) }, http.StatusOK},
		{"oversized body", func() *http.Request {
			big := append([]byte(`{"type":1,"pad":"`), bytes.Repeat([]byte("a"), discord.MaxBody)...)
			return sign(f.key, append(big, `"}`...), testNow)
		}, http.StatusRequestEntityTooLarge},
		{"malformed JSON", func() *http.Request { return sign(f.key, []byte(`{"type":`), testNow) }, http.StatusBadRequest},
		{"not an interaction", func() *http.Request { return sign(f.key, []byte(`[1,2,3]`), testNow) }, http.StatusBadRequest},
		{"no type", func() *http.Request { return sign(f.key, []byte(`{"id":"1"}`), testNow) }, http.StatusBadRequest},
		{"unsupported type (modal submit)", func() *http.Request {
			return sign(f.key, []byte(`{"id":"1","type":5,"data":{"custom_id":"x","components":[]}}`), testNow)
		}, http.StatusBadRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, body := f.do(tt.req())
			if code != tt.want {
				t.Errorf("status %d, want %d (%s)", code, tt.want, body)
			}
		})
	}
}

func ioNop(b []byte) *nopCloser { return &nopCloser{bytes.NewReader(b)} }

type nopCloser struct{ *bytes.Reader }

func (nopCloser) Close() error { return nil }

func TestCompareCommand(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	code, body := f.post(t, command(2, "en-US", "compare", opt("code1", "252"), opt("code2", "552")))
	if code != http.StatusOK {
		t.Fatalf("status %d: %s", code, body)
	}
	r := decode(t, body)
	if r.Type != 4 {
		t.Errorf("type %d, want 4 (channel message with source)", r.Type)
	}
	if r.Data.Flags != 64 {
		t.Errorf("flags %d, want 64 (ephemeral)", r.Data.Flags)
	}
	if len(r.Data.Embeds) == 0 || !strings.Contains(r.Data.Embeds[0].Title, "252") || !strings.Contains(r.Data.Embeds[0].Title, "552") {
		t.Fatalf("first embed does not compare 252 and 552: %+v", r.Data.Embeds)
	}
	if r.Data.Embeds[0].URL != "https://smtpbot.example/compare/252-vs-552" {
		t.Errorf("embed URL %q", r.Data.Embeds[0].URL)
	}
	if !bytes.Contains(body, []byte(`"allowed_mentions":{"parse":[]`)) {
		t.Errorf("allowed_mentions must parse an explicitly empty list: %s", body)
	}
	id := r.Button(responses.ShareActionID).CustomID
	if !strings.HasPrefix(id, "smtpbot_share:") || len([]rune(id)) > 100 {
		t.Errorf("share custom_id %q", id)
	}
	en := testBot(t).Catalog().Frame(catalog.English)
	if got := r.Button(responses.ShareActionID).Label; got != en.ShareButton {
		t.Errorf("share label %q, want %q", got, en.ShareButton)
	}
}

func TestLanguage(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	vi := testBot(t).Catalog().Frame(catalog.Vietnamese)
	en := testBot(t).Catalog().Frame(catalog.English)
	if testBot(t).Catalog().HasLanguage("sv") {
		t.Fatal("the test needs a locale the catalog lacks; pick another than sv-SE")
	}
	tests := []struct {
		name, locale, sub string
		opts              []map[string]any
		want              *catalog.Frame
	}{
		{"locale vi", "vi", "compare", []map[string]any{opt("code1", "252"), opt("code2", "552")}, vi},
		{"locale en-GB", "en-GB", "compare", []map[string]any{opt("code1", "252"), opt("code2", "552")}, en},
		{"locale without a catalog language", "sv-SE", "compare", []map[string]any{opt("code1", "252"), opt("code2", "552")}, en},
		{"region locale to language", "pt-BR", "compare", []map[string]any{opt("code1", "252"), opt("code2", "552")}, frameOr(t, "pt")},
		{"Chinese by script", "zh-CN", "compare", []map[string]any{opt("code1", "252"), opt("code2", "552")}, frameOr(t, "zh-Hans")},
		{"Vietnamese words beat an English client", "en-US", "diagnose", []map[string]any{opt("text", "hộp thư đầy 552")}, vi},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.want != en && tt.want.ShareButton == en.ShareButton {
				t.Fatalf("the %s frame's share button is the English one: the test cannot tell them apart", tt.want.LanguageName)
			}
			_, body := f.post(t, command(2, tt.locale, tt.sub, tt.opts...))
			r := decode(t, body)
			if len(r.Data.Components) == 0 {
				t.Fatalf("no share button: %s", body)
			}
			if got := r.Button(responses.ShareActionID).Label; got != tt.want.ShareButton {
				t.Errorf("share button %q, want %q (%s)", got, tt.want.ShareButton, tt.want.LanguageName)
			}
		})
	}
}

// frameOr is the catalog's frame for lang; the test needs it to exist.
func frameOr(t *testing.T, lang string) *catalog.Frame {
	t.Helper()
	cat := testBot(t).Catalog()
	if !cat.HasLanguage(lang) {
		t.Fatalf("catalog has no %s frame", lang)
	}
	return cat.Frame(lang)
}

func TestSubcommands(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	en := testBot(t).Catalog().Frame(catalog.English)
	tests := []struct {
		name  string
		sub   string
		opts  []map[string]any
		title string // substring of the first embed's title
	}{
		{"explain", "explain", []map[string]any{opt("code", "5.7.26")}, "5.7.26"},
		{"compare four", "compare", []map[string]any{opt("code1", "421"), opt("code2", "450"), opt("code3", "550"), opt("code4", "5.1.1")}, "5.1.1"},
		{"diagnose", "diagnose", []map[string]any{opt("text", "550-5.1.1 The email account that you tried to reach does not exist.")}, "5.1.1"},
		{"list", "list", []map[string]any{opt("class", "4xx")}, en.ListTitle},
		{"list all", "list", nil, en.ListTitle},
		{"help", "help", nil, en.HelpTitle},
		{"unknown subcommand", "frobnicate", nil, en.HelpTitle},
		{"garbage", "explain", []map[string]any{opt("code", "\xff\xfe<@&123> @everyone")}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, body := f.post(t, command(2, "en-US", tt.sub, tt.opts...))
			if code != http.StatusOK {
				t.Fatalf("status %d: %s", code, body)
			}
			r := decode(t, body)
			if len(r.Data.Embeds) == 0 {
				t.Fatalf("no embeds: %s", body)
			}
			if !strings.Contains(r.Data.Embeds[0].Title, tt.title) {
				t.Errorf("title %q does not contain %q", r.Data.Embeds[0].Title, tt.title)
			}
			if strings.Contains(r.Text(), "@everyone") || strings.Contains(r.Text(), "<@") {
				t.Errorf("answer echoes a mention: %q", r.Text())
			}
		})
	}
}

// sharedPost waits for the public follow-up of a Share press.
func (f *fixture) sharedPost(t *testing.T, n int) response {
	t.Helper()
	req, err := f.api.Wait(t.Context(), http.MethodPost, "/webhooks/A1/interaction-token-2", n)
	if err != nil {
		t.Fatal(err)
	}
	var r response
	if err := json.Unmarshal(req.Body, &r.Data); err != nil {
		t.Fatal(err)
	}
	if req.Version != "10" {
		t.Errorf("follow-up on API v%s, want v10", req.Version)
	}
	return r
}

// Share replaces the private answer with a credit line and posts the
// answer publicly, once however often it is pressed.
func TestShareButton(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	_, body := f.post(t, command(2, "vi", "compare", opt("code1", "252"), opt("code2", "552")))
	private := decode(t, body)
	id := private.Button(responses.ShareActionID).CustomID
	code, body := f.post(t, button(id, "en-US"))
	if code != http.StatusOK {
		t.Fatalf("status %d: %s", code, body)
	}
	vi := testBot(t).Catalog().Frame(catalog.Vietnamese)
	wantCredit := catalog.Fill(vi.SharedBy, "user", "Bình")
	update := decode(t, body)
	if update.Type != 7 || !strings.Contains(update.Data.Content, wantCredit) || !strings.Contains(string(body), `"components":[]`) || !strings.Contains(string(body), `"embeds":[]`) {
		t.Errorf("private copy not replaced by the credit: %s", body)
	}
	public := f.sharedPost(t, 1)
	post := f.api.Matching(http.MethodPost, "/webhooks/")[0]
	if bytes.Contains(post.Body, []byte("null")) || bytes.Contains(post.Body, []byte(`"tts"`)) {
		t.Errorf("follow-up carries fields Discord's type does not define: %s", post.Body)
	}
	if public.Data.Flags&64 != 0 {
		t.Errorf("shared answer flags %d, want a public message", public.Data.Flags)
	}
	if public.Button(responses.ShareActionID).CustomID != "" {
		t.Errorf("shared answer keeps a Share button: %+v", public.Data.Components)
	}
	last := public.Data.Embeds[len(public.Data.Embeds)-1]
	if last.Footer == nil || !strings.Contains(last.Footer.Text, wantCredit) {
		t.Errorf("footer %+v, want it to credit %q", last.Footer, wantCredit)
	}
	// The shared answer is the private one, in its language, plus the credit.
	if public.Data.Embeds[0].Title != private.Data.Embeds[0].Title {
		t.Errorf("shared title %q, private title %q", public.Data.Embeds[0].Title, private.Data.Embeds[0].Title)
	}
	// A second press on the same message (a new interaction) posts nothing.
	again := button(id, "en-US")
	again["id"] = "I3"
	_, body = f.post(t, again)
	if r := decode(t, body); r.Type != 6 {
		t.Errorf("second press answered %s, want a bare acknowledgement (type 6)", body)
	}
	f.wg.Wait()
	if n := len(f.api.Matching(http.MethodPost, "/webhooks/")); n != 1 {
		t.Errorf("%d public posts for two presses, want 1", n)
	}
}

// A long pasted bounce is shared whole, with its addresses masked.
func TestShareLongQuestion(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	text := "550-5.7.26 This mail has been blocked because the sender is unauthenticated. Gmail requires all senders to authenticate with either SPF or DKIM. <bob.smith@example.com>"
	_, body := f.post(t, command(2, "en-US", "diagnose", opt("text", text)))
	id := decode(t, body).Button(responses.ShareActionID).CustomID
	if id == "" || len([]rune(id)) > 100 {
		t.Fatalf("custom_id %q (%d characters)", id, len([]rune(id)))
	}
	f.post(t, button(id, "en-US"))
	public := f.sharedPost(t, 1)
	if len(public.Data.Embeds) == 0 || !strings.Contains(public.Data.Embeds[0].Title, "5.7.26") {
		t.Errorf("long question not shared: %+v", public)
	}
	req := f.api.Matching(http.MethodPost, "/webhooks/")[0]
	if strings.Contains(string(req.Body), "bob.smith@") {
		t.Errorf("public post shows the address: %s", req.Body)
	}
}

func TestShareUnknownButton(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	en := testBot(t).Catalog().Frame(catalog.English)
	for _, id := range []string{"smtpbot_share:#doesnotexist", "someone_elses_button", "smtpbot_share:", "smtpbot_details:#nope"} {
		code, body := f.post(t, button(id, "en-US"))
		r := decode(t, body)
		if code != http.StatusOK || r.Data.Flags != 64 || !strings.Contains(r.Data.Content, firstWords(en.MentionHint)) {
			t.Errorf("%q: status %d, answer %s; want a private hint", id, code, body)
		}
	}
}

// firstWords is the start of a frame text, before any quoting changes.
func firstWords(s string) string { return strings.Fields(s)[0] + " " + strings.Fields(s)[1] }

func TestRateLimitedCommand(t *testing.T) {
	t.Parallel()
	mem := state.NewMemory(state.Rate{PerMinute: 1, Burst: 1}, func() time.Time { return testNow })
	f := newFixture(t, withLimiter(mem))
	en := testBot(t).Catalog().Frame(catalog.English)
	_, body := f.post(t, command(2, "en-US", "explain", opt("code", "550")))
	if r := decode(t, body); len(r.Data.Embeds) == 0 {
		t.Fatalf("first question not answered: %s", body)
	}
	_, body = f.post(t, command(2, "en-US", "explain", opt("code", "550")))
	r := decode(t, body)
	if r.Data.Flags != 64 || len(r.Data.Embeds) != 0 || !strings.Contains(r.Data.Content, firstWords(en.RateLimited)) {
		t.Errorf("second question: %s; want the private rate-limit notice", body)
	}
	if got := counter(t, f.metrics, "smtpbot_rate_limited_total", "platform", "discord", "scope", "user"); got != 1 {
		t.Errorf("rate limited counter %v, want 1", got)
	}
}

func TestAutocompleteInteraction(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	tests := []struct {
		name   string
		locale string
		opts   []map[string]any
		sub    string
		check  func(t *testing.T, choices []string, names []string)
	}{
		{"number prefix", "en-US", []map[string]any{focusedOpt("code1", "55")}, "compare", func(t *testing.T, c, _ []string) {
			if len(c) == 0 {
				t.Fatal("no choices")
			}
			for _, v := range c {
				if !strings.HasPrefix(v, "55") {
					t.Errorf("choice %q does not start with 55", v)
				}
			}
		}},
		{"second option focused", "en-US", []map[string]any{opt("code1", "252"), focusedOpt("code2", "5.7.2")}, "compare", func(t *testing.T, c, _ []string) {
			if len(c) == 0 || !slices.Contains(c, "5.7.26") {
				t.Errorf("choices %v, want 5.7.26 among them", c)
			}
		}},
		{"name", "en-US", []map[string]any{focusedOpt("code", "storage")}, "explain", func(t *testing.T, c, _ []string) {
			if !slices.Contains(c, "552") {
				t.Errorf("choices %v, want 552 (exceeded storage allocation)", c)
			}
		}},
		{"names in the locale", "vi", []map[string]any{focusedOpt("code", "552")}, "explain", func(t *testing.T, _, n []string) {
			want := testBot(t).Catalog().Reply(552).Name.In(catalog.Vietnamese)
			if len(n) == 0 || !strings.Contains(n[0], want) {
				t.Errorf("names %v, want the Vietnamese name %q", n, want)
			}
		}},
		{"nothing matches", "en-US", []map[string]any{focusedOpt("code", "qqqqzzzz")}, "explain", func(t *testing.T, c, _ []string) {
			if len(c) != 1 || c[0] != "qqqqzzzz" {
				t.Errorf("choices %v, want only what was typed", c)
			}
		}},
		{"class filter", "en-US", []map[string]any{focusedOpt("class", "4")}, "list", func(t *testing.T, c, _ []string) {
			if len(c) == 0 || c[0] != "4xx" {
				t.Errorf("choices %v, want 4xx first", c)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, body := f.post(t, command(4, tt.locale, tt.sub, tt.opts...))
			if code != http.StatusOK {
				t.Fatalf("status %d: %s", code, body)
			}
			r := decode(t, body)
			if r.Type != 8 {
				t.Errorf("type %d, want 8 (autocomplete result)", r.Type)
			}
			if len(r.Data.Choices) > 25 {
				t.Errorf("%d choices, Discord allows 25", len(r.Data.Choices))
			}
			var values, names []string
			for _, c := range r.Data.Choices {
				if len([]rune(c.Name)) > 100 || len([]rune(c.Value)) > 100 || c.Name == "" || c.Value == "" {
					t.Errorf("choice %+v breaks Discord's limits", c)
				}
				values = append(values, c.Value)
				names = append(names, c.Name)
			}
			tt.check(t, values, names)
		})
	}
}

// TestAnswerMetrics checks that answers are counted under platform discord.
func TestAnswerMetrics(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.post(t, command(2, "en-US", "compare", opt("code1", "252"), opt("code2", "552")))
	if got := counter(t, f.metrics, "smtpbot_questions_total", "platform", "discord", "intent", "compare"); got != 1 {
		t.Errorf("questions counter %v, want 1", got)
	}
}

// TestEndpointNeverLogsSecrets checks that neither the interaction token
// nor the question text reach the logs at info level or above.
func TestEndpointNeverLogsSecrets(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.post(t, command(2, "en-US", "diagnose", opt("text", "550 secret-question-text")))
	f.do(sign(testKey(), []byte(`{"type":`), testNow))
	for _, line := range strings.Split(f.logs.String(), "\n") {
		if strings.Contains(line, "level=DEBUG") {
			continue
		}
		if strings.Contains(line, "interaction-token") || strings.Contains(line, "secret-question-text") {
			t.Errorf("log line leaks: %s", line)
		}
	}
}

func TestRespondWithinContext(t *testing.T) {
	t.Parallel()
	// A cancelled request context must not stop an answer that needs no I/O.
	f := newFixture(t)
	body, _ := json.Marshal(command(2, "en-US", "explain", opt("code", "421")))
	r := sign(f.key, body, testNow)
	ctx, cancel := context.WithCancel(r.Context())
	cancel()
	code, out := f.do(r.WithContext(ctx))
	if code != http.StatusOK || len(decode(t, out).Data.Embeds) == 0 {
		t.Errorf("status %d: %s", code, out)
	}
}

// TestDeclaredTooLarge: a request declaring 100 MiB and sending 1 KiB is
// refused on its declared length at once, not held waiting for the rest.
func TestDeclaredTooLarge(t *testing.T) {
	f := newFixture(t)
	r := sign(f.key, []byte(`{"type":1}`), testNow)
	if got := bodytest.Probe(t, f.h, http.MethodPost, "/discord/interactions", r.Header); got != http.StatusRequestEntityTooLarge {
		t.Fatalf("status %d, want 413", got)
	}
}

// BenchmarkInteraction measures one interaction through the endpoint:
// signature verification, decoding, the core's answer, rendering and
// encoding the response. Discord allows 3 seconds.
func BenchmarkInteraction(b *testing.B) {
	f := newFixture(b)
	cases := []struct {
		name        string
		interaction map[string]any
	}{
		{"ping", map[string]any{"id": "1", "application_id": "A1", "type": 1, "token": "t", "version": 1}},
		{"compare-252-vs-552", command(2, "en-US", "compare", opt("code1", "252"), opt("code2", "552"))},
		{"compare-four-vi", command(2, "vi", "compare", opt("code1", "421"), opt("code2", "450"), opt("code3", "550"), opt("code4", "5.7.1"))},
		{"explain-5.7.26", command(2, "en-US", "explain", opt("code", "5.7.26"))},
		{"diagnose", command(2, "en-US", "diagnose", opt("text", "550-5.7.26 This mail has been blocked because the sender is unauthenticated. Gmail requires all senders to authenticate with either SPF or DKIM."))},
		{"autocomplete-number", command(4, "en-US", "compare", focusedOpt("code1", "5.7.2"))},
		{"autocomplete-name", command(4, "en-US", "explain", focusedOpt("code", "mailbx ful"))},
	}
	for _, c := range cases {
		body, err := json.Marshal(c.interaction)
		if err != nil {
			b.Fatal(err)
		}
		signed := sign(f.key, body, testNow)
		headers := signed.Header
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				r := httptest.NewRequest(http.MethodPost, "/discord/interactions", bytes.NewReader(body))
				r.Header = headers
				w := httptest.NewRecorder()
				f.h.ServeHTTP(w, r)
				if w.Code != http.StatusOK {
					b.Fatalf("status %d: %s", w.Code, w.Body)
				}
			}
		})
	}
}
