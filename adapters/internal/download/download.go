// Package download fetches a file a user gave a chat bot (a bounce saved as
// .eml or .txt), from the platform's own file hosts only, bounded in size.
// It never fetches an arbitrary URL: the host of the URL, and of every
// redirect, must be one the caller allows, over HTTPS.
package download

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"path"
	"strings"
)

// Errors Get returns; the adapters turn them into a hint, never into chat.
var (
	ErrHost     = errors.New("download: not a platform file host")
	ErrTooLarge = errors.New("download: file too large")
	ErrStatus   = errors.New("download: unexpected status")
)

// MaxSize is the largest file read: a bounce with its headers and a quoted
// original fits easily; an attachment-laden original is not needed.
const MaxSize = 512 << 10

// Source is where files may come from.
type Source struct {
	// Hosts are the allowed host names (no port), e.g. files.slack.com.
	Hosts map[string]bool
	// PlainHTTP allows http:// for these hosts too: a fake on loopback in
	// tests, never in production.
	PlainHTTP bool
	// Header is sent with the request (Slack wants the bot token).
	Header http.Header
}

// Allowed reports whether raw is a URL Get would fetch.
func (s Source) Allowed(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil || u.User != nil || !s.Hosts[u.Hostname()] {
		return false
	}
	return u.Scheme == "https" || (s.PlainHTTP && u.Scheme == "http")
}

// Get fetches raw with client and returns at most max bytes; a larger file
// is ErrTooLarge, refused on its declared length before reading when it
// declares one. Redirects are followed only to allowed hosts, without the
// header when the host changes.
func (s Source) Get(ctx context.Context, client *http.Client, raw string, max int64) ([]byte, error) {
	if !s.Allowed(raw) {
		return nil, ErrHost
	}
	c := *client
	c.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if len(via) >= 3 || !s.Allowed(req.URL.String()) {
			return ErrHost
		}
		if req.URL.Host != via[0].URL.Host {
			req.Header.Del("Authorization")
		}
		return nil
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, raw, nil)
	if err != nil {
		return nil, ErrHost
	}
	for k, v := range s.Header {
		req.Header[k] = v
	}
	res, err := c.Do(req)
	if err != nil {
		if errors.Is(err, ErrHost) {
			return nil, ErrHost
		}
		// The URL may carry a capability; keep only the cause.
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return nil, fmt.Errorf("download: %w", err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("%w: %d", ErrStatus, res.StatusCode)
	}
	if res.ContentLength > max {
		return nil, ErrTooLarge
	}
	b, err := io.ReadAll(io.LimitReader(res.Body, max+1))
	if err != nil {
		return nil, fmt.Errorf("download: %w", err)
	}
	if int64(len(b)) > max {
		return nil, ErrTooLarge
	}
	return b, nil
}

// Readable reports whether a file is one smtpbot reads: an email
// (message/rfc822, .eml) or plain text (.txt, .log, text/*), by its
// declared type or, when that is generic, by its name.
func Readable(name, contentType string) bool {
	mt, _, _ := mime.ParseMediaType(contentType)
	switch {
	case mt == "message/rfc822" || strings.HasPrefix(mt, "text/") && mt != "text/html":
		return true
	case mt != "" && mt != "application/octet-stream":
		return false
	}
	switch strings.ToLower(path.Ext(name)) {
	case ".eml", ".txt", ".log":
		return true
	}
	return false
}
