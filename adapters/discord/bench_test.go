package discord_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
)

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
