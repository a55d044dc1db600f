// Package reqbody reads request bodies within a cap, refusing on the declared
// length first: a client that declares more than the cap is answered 413 at
// once, before a byte of the body is read, instead of being waited for
// until the read timeout. Every endpoint that reads a body goes through it.
package reqbody

import (
	"errors"
	"io"
	"net/http"
)

// ErrTooLarge is a body over the cap, declared or sent.
var ErrTooLarge = errors.New("request body too large")

// TooLarge reports whether r declares a body longer than max. A request
// that declares nothing (chunked) is capped while it is read.
func TooLarge(r *http.Request, max int64) bool { return r.ContentLength > max }

// Limit refuses r when it declares more than max bytes, answering 413 with
// the connection closed (the rest of the body is never read), and
// otherwise caps what the handler can read from it. It reports whether the
// handler may go on.
func Limit(w http.ResponseWriter, r *http.Request, max int64) bool {
	if TooLarge(r, max) {
		refuse(w)
		return false
	}
	if r.Body != nil && r.Body != http.NoBody {
		r.Body = http.MaxBytesReader(w, r.Body, max)
	}
	return true
}

// Read returns r's body, at most max bytes. On ErrTooLarge it has answered
// 413; on any other error it has answered 400.
func Read(w http.ResponseWriter, r *http.Request, max int64) ([]byte, error) {
	b, err := ReadAll(w, r, max)
	switch {
	case errors.Is(err, ErrTooLarge):
		refuse(w)
	case err != nil:
		http.Error(w, "cannot read request body", http.StatusBadRequest)
	}
	return b, err
}

// ReadAll is Read for an endpoint that answers errors in a format of its
// own: it returns the body, ErrTooLarge (declared or sent over max) or the
// read error, and writes nothing.
func ReadAll(w http.ResponseWriter, r *http.Request, max int64) ([]byte, error) {
	if TooLarge(r, max) {
		return nil, ErrTooLarge
	}
	b, err := io.ReadAll(http.MaxBytesReader(w, r.Body, max))
	if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
		return nil, ErrTooLarge
	}
	if err != nil {
		return nil, err
	}
	return b, nil
}

func refuse(w http.ResponseWriter) {
	// The body is left unread: tell the client the connection ends here.
	w.Header().Set("Connection", "close")
	http.Error(w, ErrTooLarge.Error(), http.StatusRequestEntityTooLarge)
}
