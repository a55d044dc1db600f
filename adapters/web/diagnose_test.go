package web

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/smtpbot/smtpbot/responses"
)

func (fx *fixture) post(t testing.TB, target string, body io.Reader, length int64) *httptest.ResponseRecorder {
	t.Helper()
	rec := httptest.NewRecorder()
	req := httptest.NewRequest(http.MethodPost, target, body)
	req.ContentLength = length
	fx.mux.ServeHTTP(rec, req)
	return rec
}

// POST /api/diagnose answers with the JSON of `smtpbot diagnose --format json`.
func TestAPIDiagnose(t *testing.T) {
	fx := newFixture(t, nil)
	raw, err := os.ReadFile("../../responses/testdata/bounce-multi.eml")
	if err != nil {
		t.Fatal(err)
	}
	rec := fx.post(t, "/api/diagnose?lang=vi", bytes.NewReader(raw), int64(len(raw)))
	if rec.Code != http.StatusOK || !strings.HasPrefix(rec.Header().Get("Content-Type"), "application/json") {
		t.Fatalf("status %d %s", rec.Code, rec.Body)
	}
	if h := rec.Header(); h.Get("Content-Language") != "vi" || h.Get("Cache-Control") != "no-store" {
		t.Errorf("language %q, cache %q; want vi, no-store", h.Get("Content-Language"), h.Get("Cache-Control"))
	}
	want, err := responses.JSON(fx.bot.DiagnoseMessage(raw, "vi"), responses.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := bytes.TrimSpace(rec.Body.Bytes()); !bytes.Equal(got, want) {
		t.Errorf("body differs from the CLI's JSON:\n got %s\nwant %s", got, want)
	}
	var j struct {
		Diagnoses []struct {
			Recipient string `json:"recipient"`
		} `json:"diagnoses"`
		NotBounce *string `json:"not_bounce"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &j); err != nil || len(j.Diagnoses) != 3 || j.NotBounce == nil {
		t.Errorf("decoded %+v (%v)", j, err)
	}
	// Not a bounce: a 200 that says what it is.
	rec = fx.post(t, "/api/diagnose", strings.NewReader("From: a@b.example\nSubject: Out of office\n\naway\n"), -1)
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `"not_bounce":"autoreply"`) {
		t.Errorf("autoreply: %d %s", rec.Code, rec.Body)
	}
}

// endless is a body that never ends: reading it all would never return.
type endless struct{}

func (endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 'x'
	}
	return len(p), nil
}

func TestAPIDiagnoseErrors(t *testing.T) {
	fx := newFixture(t, nil)
	for _, tc := range []struct {
		name   string
		target string
		body   io.Reader
		length int64
		status int
		code   string
	}{
		// Refused on the declared length, before reading: the body never ends.
		{"declared too large", "/api/diagnose", endless{}, MaxMessageBody + 1, http.StatusRequestEntityTooLarge, "message_too_large"},
		// No length declared (chunked): reading stops at the cap.
		{"read too large", "/api/diagnose", io.LimitReader(endless{}, MaxMessageBody+10), -1, http.StatusRequestEntityTooLarge, "message_too_large"},
		{"empty", "/api/diagnose", strings.NewReader("  \n"), 3, http.StatusBadRequest, "missing_message"},
		{"unknown lang", "/api/diagnose?lang=xx", strings.NewReader("From: a@b.example\n\nx"), -1, http.StatusBadRequest, "unknown_lang"},
	} {
		rec := fx.post(t, tc.target, tc.body, tc.length)
		var e apiErrorBody
		if rec.Code != tc.status || json.Unmarshal(rec.Body.Bytes(), &e) != nil || e.Error.Code != tc.code {
			t.Errorf("%s: %d %s, want %d %s", tc.name, rec.Code, rec.Body, tc.status, tc.code)
		}
	}
	rec := httptest.NewRecorder()
	fx.mux.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/diagnose", nil))
	if rec.Code < 400 { // the pages' catch-all answers 404
		t.Errorf("GET /api/diagnose: %d", rec.Code)
	}
}
