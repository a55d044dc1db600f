package slack

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"
)

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
