package slack

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/smtpbot/smtpbot/adapters/internal/reqbody"
	"github.com/smtpbot/smtpbot/adapters/internal/reqtime"
)

// MaxBody is the largest request body accepted. Slack's own payloads are far
// smaller; the cap bounds what an unauthenticated client can make us read
// and hash.
const MaxBody = 64 << 10

// MaxSkew is how far a request's timestamp may be from our clock before it
// is refused as a possible replay (Slack's recommendation: five minutes).
const MaxSkew = 5 * time.Minute

// Verification failures. They are logged at debug level only and never
// described to the client, which gets a bare 401.
var (
	errNoSignature  = errors.New("slack: missing signature headers")
	errStale        = errors.New("slack: request timestamp outside the allowed window")
	errBadSignature = errors.New("slack: signature mismatch")
	errTooLarge     = errors.New("slack: request body too large")
)

// Sign returns the X-Slack-Signature value for body sent at timestamp ts
// (Unix seconds): "v0=" and the hex HMAC-SHA256 of "v0:ts:body".
func Sign(secret []byte, ts string, body []byte) string {
	return "v0=" + hex.EncodeToString(mac(secret, ts, body))
}

// mac is the raw HMAC-SHA256 of "v0:ts:body", shared by Sign and the check.
func mac(secret []byte, ts string, body []byte) []byte {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte("v0:" + ts + ":"))
	m.Write(body)
	return m.Sum(nil)
}

// checkTimestamp refuses missing, malformed and stale timestamps before the
// body is read.
func checkTimestamp(ts, sig string, now time.Time) error {
	if ts == "" || sig == "" {
		return errNoSignature
	}
	switch err := reqtime.Check(ts, now, MaxSkew); {
	case errors.Is(err, reqtime.ErrNotNumber):
		return fmt.Errorf("%w: %q is not a number", errStale, ts)
	case err != nil:
		return errStale
	}
	return nil
}

// checkSignature compares in constant time.
func checkSignature(secret []byte, ts, sig string, body []byte) error {
	return checkSignatureWith(hmac.New(sha256.New, secret), ts, sig, body)
}

// checkSignatureWith is checkSignature with a keyed HMAC-SHA256 state,
// which it resets first: the adapter keeps a few in a pool, because keying
// one costs two SHA-256 blocks and six allocations per request.
func checkSignatureWith(m hash.Hash, ts, sig string, body []byte) error {
	hexSig, ok := strings.CutPrefix(sig, "v0=")
	if !ok {
		return fmt.Errorf("%w: unknown version", errBadSignature)
	}
	var got [sha256.Size]byte
	if !decodeHex(got[:], hexSig) {
		// Not 64 hex digits: refused either way, and said which way in
		// the debug log exactly as hex.DecodeString would.
		if _, err := hex.DecodeString(hexSig); err != nil {
			return fmt.Errorf("%w: not hex", errBadSignature)
		}
		return errBadSignature
	}
	m.Reset()
	m.Write([]byte("v0:" + ts + ":"))
	m.Write(body)
	if !hmac.Equal(got[:], m.Sum(nil)) {
		return errBadSignature
	}
	return nil
}

// readVerified reads and authenticates a request from Slack. On failure it
// has already answered: 401 without detail for anything about the
// signature, 413 for an oversized body, 400 when the body cannot be read.
func (a *Adapter) readVerified(w http.ResponseWriter, r *http.Request) ([]byte, bool) {
	ts, sig := r.Header.Get("X-Slack-Request-Timestamp"), r.Header.Get("X-Slack-Signature")
	// The declared length first: a client declaring more than the cap is
	// answered at once, before anything else is looked at.
	if reqbody.TooLarge(r, MaxBody) {
		a.log.Debug("slack request refused", "reason", errTooLarge, "bytes", r.ContentLength)
		w.Header().Set("Connection", "close")
		w.WriteHeader(http.StatusRequestEntityTooLarge)
		return nil, false
	}
	if len(a.secret) == 0 {
		// Socket Mode only: nothing arriving over HTTP can be trusted.
		a.log.Debug("slack request refused", "reason", "no signing secret configured")
		w.WriteHeader(http.StatusUnauthorized)
		return nil, false
	}
	if err := checkTimestamp(ts, sig, a.now()); err != nil {
		a.log.Debug("slack request refused", "reason", err)
		w.WriteHeader(http.StatusUnauthorized)
		return nil, false
	}
	// The signature covers the body, so the body must be read before it can
	// be checked; the cap keeps that read small.
	body, err := readBody(r, MaxBody+1)
	if err != nil {
		a.log.Debug("slack request refused", "reason", "reading body", "err", err)
		w.WriteHeader(http.StatusBadRequest)
		return nil, false
	}
	if len(body) > MaxBody {
		a.log.Debug("slack request refused", "reason", errTooLarge)
		w.WriteHeader(http.StatusRequestEntityTooLarge)
		return nil, false
	}
	m, _ := a.macs.Get().(hash.Hash)
	if m == nil {
		m = hmac.New(sha256.New, a.secret)
	}
	err = checkSignatureWith(m, ts, sig, body)
	a.macs.Put(m)
	if err != nil {
		a.log.Debug("slack request refused", "reason", err)
		w.WriteHeader(http.StatusUnauthorized)
		return nil, false
	}
	return body, true
}

// decodeHex fills dst from exactly 2*len(dst) hex digits, without
// allocating; it reports false for any other s.
func decodeHex(dst []byte, s string) bool {
	if len(s) != 2*len(dst) {
		return false
	}
	for i := range dst {
		hi, ok1 := fromHex(s[2*i])
		lo, ok2 := fromHex(s[2*i+1])
		if !ok1 || !ok2 {
			return false
		}
		dst[i] = hi<<4 | lo
	}
	return true
}

func fromHex(c byte) (byte, bool) {
	switch {
	case '0' <= c && c <= '9':
		return c - '0', true
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10, true
	case 'A' <= c && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// readBody reads at most limit bytes of the body like io.ReadAll, into a
// buffer sized from the declared length when there is one, so that a
// normal request is read with one allocation instead of a growing series.
func readBody(r *http.Request, limit int64) ([]byte, error) {
	size := int64(512)
	if r.ContentLength > 0 {
		size = min(r.ContentLength, limit) + 1 // +1: room to see EOF without growing
	}
	b := make([]byte, 0, size)
	lr := io.LimitReader(r.Body, limit)
	for {
		n, err := lr.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return b, err
		}
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
	}
}
