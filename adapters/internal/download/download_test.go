package download

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/smtpbot/smtpbot/internal/tabletest"
)

func TestGet(t *testing.T) {
	var auth string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		auth = r.Header.Get("Authorization")
		switch r.URL.Path {
		case "/ok.eml":
			_, _ = w.Write([]byte("From: MAILER-DAEMON\r\n\r\n550 5.1.1 unknown"))
		case "/big":
			_, _ = w.Write([]byte(strings.Repeat("x", 2000)))
		case "/away":
			http.Redirect(w, r, "http://elsewhere.example/x", http.StatusFound)
		case "/missing":
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	u, _ := url.Parse(srv.URL)
	s := Source{Hosts: map[string]bool{u.Hostname(): true}, PlainHTTP: true, Header: http.Header{"Authorization": {"Bearer x"}}}
	b, err := s.Get(t.Context(), srv.Client(), srv.URL+"/ok.eml", 1000)
	if err != nil || !strings.Contains(string(b), "550 5.1.1") || auth != "Bearer x" {
		t.Fatalf("Get = %q, %v (auth %q)", b, err, auth)
	}
	if _, err := s.Get(t.Context(), srv.Client(), srv.URL+"/big", 1000); !errors.Is(err, ErrTooLarge) {
		t.Errorf("big file: %v, want ErrTooLarge", err)
	}
	if _, err := s.Get(t.Context(), srv.Client(), srv.URL+"/away", 1000); !errors.Is(err, ErrHost) {
		t.Errorf("redirect elsewhere: %v, want ErrHost", err)
	}
	if _, err := s.Get(t.Context(), srv.Client(), srv.URL+"/missing", 1000); !errors.Is(err, ErrStatus) {
		t.Errorf("missing: %v, want ErrStatus", err)
	}
	for _, bad := range []string{"http://evil.example/x.eml", "https://user@" + u.Host + "/ok.eml", "ftp://" + u.Host + "/x", "::"} {
		if _, err := s.Get(t.Context(), srv.Client(), bad, 1000); !errors.Is(err, ErrHost) {
			t.Errorf("Get(%q) = %v, want ErrHost", bad, err)
		}
	}
	if (Source{Hosts: s.Hosts}).Allowed(srv.URL + "/ok.eml") {
		t.Error("plain HTTP allowed without PlainHTTP")
	}
}

func TestReadable(t *testing.T) {
	tabletest.Check2(t, "Readable", Readable, []struct {
		A, B string
		Want bool
	}{
		{"bounce.eml", "message/rfc822", true},
		{"bounce.eml", "", true},
		{"bounce.eml", "application/octet-stream", true},
		{"log.txt", "text/plain; charset=utf-8", true},
		{"x", "text/plain", true},
		{"page.html", "text/html", false},
		{"photo.png", "image/png", false},
		{"archive.zip", "application/zip", false},
		{"noext", "application/octet-stream", false},
	})
}
