package slack

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/smtpbot/smtpbot/adapters/internal/memtest"
	"github.com/smtpbot/smtpbot/adapters/internal/ref"
	"github.com/smtpbot/smtpbot/adapters/state"
	"github.com/smtpbot/smtpbot/bot"
	"github.com/smtpbot/smtpbot/responses"
	"github.com/smtpbot/smtpbot/tests/golden"
)

// TestParseCommand: a subcommand reaches the core as its intent and the
// operands as typed (no "vs" or "list" of ours around them); anything else
// is the question as typed.
func TestParseCommand(t *testing.T) {
	// q is the text, or "intent:" and the operands joined by "|".
	for _, c := range []struct{ in, lang, q string }{
		{"", "", ""},
		{"help", "", "help:"},
		{"HELP", "", "help:"},
		{"compare 252 552", "", "compare:252|552"},
		{"compare 252, 552", "", "compare:252|552"},
		{"compare 252 552 5.7.1", "", "compare:252|552|5.7.1"},
		{"compare mailbox full vs user unknown", "", "compare:mailbox full vs user unknown"},
		{"compare hộp thư đầy, list unsubscribe", "", "compare:hộp thư đầy|list unsubscribe"},
		{"explain 550", "", "explain:550"},
		{"show   550", "", "explain:550"},
		{"diff 252 552", "", "compare:252|552"},
		{"explain", "", "explain:"},
		{"list 4xx", "", "list:4xx"},
		{"list", "", "list:"},
		{"252 vs 552", "", "252 vs 552"},
		{"--lang vi 252 552", "vi", "252 552"},
		{"--lang=vi compare 252 552", "vi", "compare:252|552"},
		{"--lang   VI explain 550", "vi", "explain:550"},
		{"252 vs 552 --lang vi", "vi", "252 vs 552"},
		{"compare --lang vi 252 552", "vi", "compare:252|552"},
		{"--lang", "", ""},
		{"252 --lang", "", "252"},
		{"x--lang vi 550", "", "x--lang vi 550"},
		{"--language vi 550", "", "--language vi 550"},
		{"550 5.7.26 This mail has been blocked because the sender is unauthenticated", "", "550 5.7.26 This mail has been blocked because the sender is unauthenticated"},
	} {
		lang, question := parseCommand(c.in)
		q, h := ref.Asked(question, bot.Hints{})
		if h.Intent != "" {
			q = string(h.Intent) + ":" + strings.Join(h.Operands, "|")
		}
		if lang != c.lang || q != c.q {
			t.Errorf("parseCommand(%q) = %q, %q; want %q, %q", c.in, lang, q, c.lang, c.q)
		}
	}
}

func TestShareValue(t *testing.T) {
	h := newHarness(t)
	ctx := t.Context()
	for _, c := range []struct{ lang, q string }{
		{"en", "252 vs 552"},
		{"vi", "explain 550"},
		{"", "list 4xx"},
		{"en", "line one\nline two"},
		// Long questions, multi-byte text: kept whole, under a short key.
		{"vi", strings.Repeat("a", 5000)},
		{"vi", strings.Repeat("ệ", 2000)},
		{"en", "550 " + strings.Repeat("🙂", 700)},
	} {
		v := h.a.refs.Make(ctx, c.lang, c.q)
		if len(v) > responses.SlackMaxButtonValue || !utf8.ValidString(v) {
			t.Errorf("share value of %d bytes, valid UTF-8 %v", len(v), utf8.ValidString(v))
		}
		lang, q, ok := h.a.refs.Get(ctx, v)
		if !ok || lang != c.lang || q != c.q {
			t.Errorf("round trip of %q/%.20q gave %q/%.20q (%v)", c.lang, c.q, lang, q, ok)
		}
	}
}

// TestGoldenSourceComparisons: the Block Kit of the two comparisons smtpbot
// grew out of, in English and Vietnamese, exactly as the slash command
// returns them.
func TestGoldenSourceComparisons(t *testing.T) {
	h := newHarness(t)
	for _, c := range []struct{ name, text string }{
		{"command-252-vs-455.en.golden", "compare 252 455"},
		{"command-252-vs-455.vi.golden", "--lang vi compare 252 455"},
		{"command-252-vs-552.en.golden", "compare 252 552"},
		{"command-252-vs-552.vi.golden", "--lang vi compare 252 552"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, raw := h.ephemeral(t, c.text)
			golden.Check(t, c.name, golden.Indent(t, raw))
		})
	}
}

// TestCommandForms: every documented form is answered, ephemeral, within
// Slack's limits, with a Share button only when there is something to share.
func TestCommandForms(t *testing.T) {
	h := newHarness(t)
	for _, c := range []struct {
		text  string
		want  []string // substrings of the rendered text
		share bool
	}{
		{"compare 252 552", []string{"252", "552"}, true},
		{"252 vs 552", []string{"252", "552"}, true},
		{"--lang vi 252 552", []string{"252", "552"}, true},
		{"explain 550", []string{"550"}, true},
		{"list 4xx", []string{"421", "450"}, true},
		{"550 5.7.26 This mail has been blocked because the sender is unauthenticated", []string{"5.7.26"}, true},
		{"help", nil, false},
		{"", nil, false},
		{"what is the weather", nil, false},
		{"999 vs 998", nil, false},
		{"\xff\xfe\x00 550", nil, true},
		{"<!channel> <!here> <@U999> 550", []string{"550"}, true},
		{strings.Repeat("550 5.1.1 user unknown ", 2500), []string{"550"}, true},
	} {
		name := c.text
		if len(name) > 40 {
			name = name[:40]
		}
		t.Run(name, func(t *testing.T) {
			out, raw := h.ephemeral(t, c.text)
			blocks, _ := out["blocks"].([]any)
			if len(blocks) == 0 || len(blocks) > responses.SlackMaxBlocks {
				t.Fatalf("%d blocks", len(blocks))
			}
			all := strings.Join(texts(out), "\n")
			for _, w := range c.want {
				if !strings.Contains(all, w) {
					t.Errorf("answer lacks %q", w)
				}
			}
			if hasShare := bytes.Contains(raw, []byte(responses.ShareActionID)); hasShare != c.share {
				t.Errorf("share button present %v, want %v", hasShare, c.share)
			}
			for _, ping := range []string{"<!channel>", "<!here>", "<@U999>", "<!everyone>"} {
				if strings.Contains(all, ping) {
					t.Errorf("answer echoes %s", ping)
				}
			}
			if !utf8.Valid(raw) {
				t.Error("answer is not valid UTF-8")
			}
		})
	}
	if got := h.metric(t, `smtpbot_questions_total{intent="compare",platform="slack"}`); got < 3 {
		t.Errorf("compare answers counted %v, want at least 3", got)
	}
	h.fake.None(t, 0) // slash commands answer in the response: no Web API call
}

func TestCommandVietnamese(t *testing.T) {
	h := newHarness(t)
	f := h.a.bot.Catalog().Frame("vi")
	_, out, _ := h.command(t, "--lang vi compare 252 552")
	if all := strings.Join(texts(out), "\n"); !strings.Contains(all, f.ShareButton) {
		t.Errorf("Vietnamese answer lacks the Vietnamese share label %q", f.ShareButton)
	}
}

func TestCommandRateLimited(t *testing.T) {
	h := newHarness(t, withLimiter(state.NewMemory(state.Rate{PerMinute: 1, Burst: 2}, nil)))
	f := h.a.bot.Catalog().Frame("en")
	for i := range 2 {
		if _, out, _ := h.command(t, "252 vs 552"); strings.Contains(strings.Join(texts(out), ""), f.RateLimited) {
			t.Fatalf("request %d rate limited within the burst", i)
		}
	}
	status, out, _ := h.command(t, "252 vs 552")
	if status != http.StatusOK || out["response_type"] != "ephemeral" || out["text"] != escape(f.RateLimited) {
		t.Fatalf("over the limit: %d %v, want the polite ephemeral notice", status, out)
	}
	if got := h.metric(t, `smtpbot_rate_limited_total{platform="slack",scope="user"}`); got != 1 {
		t.Errorf("rate_limited{scope=user} = %v, want 1", got)
	}
}

func TestCommandMalformed(t *testing.T) {
	h := newHarness(t)
	for _, body := range []string{"text=%zz&command=/smtp&user_id=U1", "text=550", "command=%2Fsmtp"} {
		rec := post(h.a.Commands, "/slack/commands", "", []byte(body))
		if rec.Code != http.StatusBadRequest {
			t.Errorf("%q: status %d, want 400", body, rec.Code)
		}
	}
}

// TestReplyJSON: the reply keeps its three fields whatever encoder runs it
// (Socket Mode acks go through slack-go's json.Marshal, HTTP through ours).
func TestReplyJSON(t *testing.T) {
	h := newHarness(t)
	r := h.a.command(t.Context(), slackCommand("compare 252 552"))
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	if m["response_type"] != "ephemeral" || m["text"] == "" || len(m["blocks"].([]any)) < 3 {
		t.Fatalf("reply encodes as %s", b)
	}
}

// FuzzParseCommand: any slash command text parses without panicking, the
// language is one word, and valid UTF-8 stays valid.
func FuzzParseCommand(f *testing.F) {
	for _, s := range []string{"", "--lang vi 252 552", "--lang=vi", "--lang", "compare 252,552", "explain", "list 4xx",
		"--lang --lang vi", "a--lang b", "--lang=--lang=vi 5", "compare --lang vi", "550 5.7.26 ệ --lang\tvi", "\xff--lang \xfe"} {
		f.Add(s)
	}
	fuzzHarness := newHarness(f)
	f.Fuzz(func(t *testing.T, in string) {
		lang, q := parseCommand(in)
		if strings.ContainsAny(lang, " \t\r\n") {
			t.Errorf("parseCommand(%q) lang %q has whitespace", in, lang)
		}
		if utf8.ValidString(in) && !utf8.ValidString(q) {
			t.Errorf("parseCommand(%q) broke UTF-8: %q", in, q)
		}
		v := fuzzHarness.a.refs.Make(t.Context(), lang, q)
		if len(v) > responses.SlackMaxButtonValue || (utf8.ValidString(in) && !utf8.ValidString(v)) {
			t.Errorf("share value of %d bytes, valid %v", len(v), utf8.ValidString(v))
		}
	})
}

func withAnswerCache(n int) harnessOption { return func(c *Config) { c.AnswerCache = n } }

// TestAnswerCache: a repeated question is answered from the cache with the
// same bytes, still counted, and still rate limited.
func TestAnswerCache(t *testing.T) {
	h := newHarness(t, withAnswerCache(64<<10), withLimiter(state.NewMemory(state.Rate{PerMinute: 1, Burst: 2}, nil)))
	_, _, first := h.command(t, "252 vs 552")
	_, _, second := h.command(t, "252 vs 552")
	if !bytes.Equal(first, second) || h.a.cache.Len() != 1 {
		t.Fatalf("cached answer differs or was not kept (len %d)", h.a.cache.Len())
	}
	if got := h.metric(t, `smtpbot_questions_total{intent="compare",platform="slack"}`); got != 2 {
		t.Errorf("questions counted %v, want 2 (cache hits count too)", got)
	}
	_, out, _ := h.command(t, "252 vs 552") // the burst of 2 is spent
	f := h.a.bot.Catalog().Frame("en")
	if !strings.Contains(strings.Join(texts(out), ""), f.RateLimited) {
		t.Error("a cache hit must not bypass the rate limit")
	}
	_, _, vi := h.command(t, "--lang vi 252 vs 552")
	if bytes.Equal(vi, first) {
		t.Error("the language is part of the cache key")
	}
}

// langFlagRE is "--lang" with what follows it: "=" or blanks (or the end
// of the text), then the value up to the next blank.
var langFlagRE = regexp.MustCompile(`--lang(=|[ \t\n\r]+|$)([^ \t\n\r]*)`)

// cutLangFlagSpec reads "--lang" as a regular expression states it: the
// reference cutLangFlag, which scans the text once, must agree with. A
// flag counts only as a word of its own; a bare "--lang" ending the text
// ends the reading, trimmed; each flag read is cut out and the search goes
// on where it stood.
func cutLangFlagSpec(text string) (lang, rest string) {
	for i := 0; ; {
		m := langFlagRE.FindStringSubmatchIndex(text[i:])
		if m == nil {
			return lang, text
		}
		j := i + m[0]
		if j > 0 && !isSpace(text[j-1]) {
			i = j + len("--lang")
			continue
		}
		if m[2] == m[3] { // "--lang" at the very end
			return lang, strings.TrimSpace(text[:j])
		}
		lang = strings.ToLower(text[i+m[4] : i+m[5]])
		text = text[:j] + text[i+m[1]:]
		i = j
	}
}

func FuzzCutLangFlag(f *testing.F) {
	for _, s := range []string{"", "--lang vi 552", "x --lang=VI y --lang en", "--lang--lang vi", "--lang=--lang vi",
		"a --lang", "--lang   ", " --lang\t\tvi\n--lang=ja 550", "--language vi", strings.Repeat("--lang x ", 50)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		gl, gr := cutLangFlag(s)
		wl, wr := cutLangFlagSpec(s)
		if gl != wl || gr != wr {
			t.Fatalf("cutLangFlag(%q) = %q, %q; want %q, %q", s, gl, gr, wl, wr)
		}
	})
}

// TestAnswerCacheBoundedInBytes: unique slash commands of 59 KB, the size
// that once grew the heap by a hundred megabytes, leave the heap within the
// cache's byte budget plus a fixed allowance.
func TestAnswerCacheBoundedInBytes(t *testing.T) {
	const budget = 1 << 20
	h := newHarness(t, withAnswerCache(budget))
	pad := strings.Repeat("mailbox unavailable ", 59<<10/20)
	// One command first: the catalog compiles its text rules on first use
	// (catalog.Reasons.compileOnce), a one-time cost that grows with
	// rules.json, not with the cache.
	h.a.commandBody(t.Context(), slackCommand("550 5.1.1 warm-up"))
	// The questions are long: the buttons name kept copies, bounded by the
	// state's own budget (state.DefaultBudget), which is allowed on top.
	memtest.Within(t, budget+state.DefaultBudget+(1<<20), func() {
		for i := range 400 {
			cmd := slackCommand("550 5.1.1 " + strconv.Itoa(i) + " " + pad)
			cmd.UserID = "U" + strconv.Itoa(i)
			h.a.commandBody(t.Context(), cmd)
		}
	}, h)
	if h.a.cache.Bytes() > budget || h.a.cache.Len() < 10 {
		t.Errorf("cache holds %d answers in %d bytes; want several, within %d", h.a.cache.Len(), h.a.cache.Bytes(), budget)
	}
}

// BenchmarkSlashCommand measures one signed /smtp request through the HTTP
// handler: verify the signature, parse the form and the command, answer,
// render Block Kit and encode the JSON reply.
func BenchmarkSlashCommand(b *testing.B) {
	h := newHarness(b)
	for _, c := range []struct{ name, text string }{
		{"compare", "compare 252 552"},
		{"explain", "explain 550"},
		{"bounce", "550 5.7.26 This mail has been blocked because the sender is unauthenticated"},
		{"vi", "--lang vi compare 252 455"},
		// 63 KB of flags: what runs before the rate limit must stay linear.
		{"flag-flood", strings.Repeat("--lang x ", 7000)},
	} {
		b.Run(c.name, func(b *testing.B) {
			body := commandForm(c.text, "U123", "C123")
			r := signed("POST", "/slack/commands", "application/x-www-form-urlencoded", body, time.Now())
			rd := bytes.NewReader(body)
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			for b.Loop() {
				rd.Reset(body)
				r.Body = io.NopCloser(rd)
				r.ContentLength = int64(len(body))
				rec := httptest.NewRecorder()
				h.a.Commands(rec, r)
				if rec.Code != http.StatusOK {
					b.Fatalf("status %d", rec.Code)
				}
			}
		})
	}
}

// BenchmarkCutLangFlag: reading "--lang" flags runs before the rate limit,
// so its cost must grow linearly with the text. The sizes grow 8 times at
// each step; so must ns/op, no more (a quadratic reading grows 64 times).
func BenchmarkCutLangFlag(b *testing.B) {
	for _, n := range []int{1 << 10, 8 << 10, 64 << 10} {
		text := strings.Repeat("--lang x ", n/9)
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			for b.Loop() {
				cutLangFlag(text)
			}
		})
	}
}
