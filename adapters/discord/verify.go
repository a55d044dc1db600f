package discord

import (
	"crypto/ed25519"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/smtpbot/smtpbot/adapters/internal/reqtime"
)

// Errors of request verification. All of them mean 401.
var (
	ErrNoSignature    = errors.New("discord: missing signature headers")
	ErrBadSignature   = errors.New("discord: bad signature")
	ErrStaleTimestamp = errors.New("discord: stale or future timestamp")
)

// MaxSkew is how far a request's timestamp may be from now. Discord sends
// at once; an older request is a replay.
const MaxSkew = 5 * time.Minute

// ParsePublicKey decodes the application's public key as the developer
// portal shows it (64 hex digits).
func ParsePublicKey(s string) (ed25519.PublicKey, error) {
	b, err := hex.DecodeString(strings.TrimSpace(s))
	if err != nil || len(b) != ed25519.PublicKeySize {
		return nil, fmt.Errorf("%w: public key must be %d hex digits", ErrConfig, 2*ed25519.PublicKeySize)
	}
	return ed25519.PublicKey(b), nil
}

// Verify checks Discord's Ed25519 signature over timestamp + body and that
// the timestamp is within MaxSkew of now
// (https://discord.com/developers/docs/interactions/overview#setting-up-an-endpoint-validating-security-request-headers).
func Verify(key ed25519.PublicKey, signature, timestamp string, body []byte, now time.Time) error {
	if signature == "" || timestamp == "" {
		return ErrNoSignature
	}
	sig, err := hex.DecodeString(signature)
	if err != nil || len(sig) != ed25519.SignatureSize {
		return ErrBadSignature
	}
	msg := make([]byte, 0, len(timestamp)+len(body))
	msg = append(append(msg, timestamp...), body...)
	if !ed25519.Verify(key, msg, sig) {
		return ErrBadSignature
	}
	// The timestamp is signed too, so it is only worth reading once the
	// signature holds: a forged request is logged as forged, not as stale.
	if reqtime.Check(timestamp, now, MaxSkew) != nil {
		return ErrStaleTimestamp
	}
	return nil
}
