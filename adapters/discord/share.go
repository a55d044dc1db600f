package discord

import (
	"crypto/sha256"
	"encoding/base64"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/smtpbot/smtpbot/adapters/internal/lru"
	"github.com/smtpbot/smtpbot/responses"
)

// sharePrefix starts the custom_id of the Share button. The rest is
// "<lang>:<question>" or, for a question too long for Discord's 100
// characters, "<lang>:#<key>" with the question kept in a shareStore.
const sharePrefix = "smtpbot_share:"

// shareID is the custom_id that lets the Share button ask the question
// again. The answer is recomputed rather than copied from the ephemeral
// message, which Discord may send back only partially.
func (a *Adapter) shareID(lang, text string) string {
	id := sharePrefix + lang + ":" + text
	if utf8.RuneCountInString(lang+":"+text) <= responses.DiscordMaxRef && !strings.HasPrefix(text, "#") {
		return id
	}
	return sharePrefix + lang + ":#" + a.shares.put(lang, text)
}

// parseShareID returns the language and question behind a Share button.
// ok is false when the custom_id is not ours or its question has expired.
func (a *Adapter) parseShareID(id string) (lang, text string, ok bool) {
	rest, found := strings.CutPrefix(id, sharePrefix)
	if !found {
		return "", "", false
	}
	lang, text, found = strings.Cut(rest, ":")
	if !found {
		return "", "", false
	}
	if key, stored := strings.CutPrefix(text, "#"); stored {
		text, ok = a.shares.get(key)
		return lang, text, ok
	}
	return lang, text, true
}

// shareTTL is how long a long question stays shareable. Ephemeral answers
// disappear when the client reloads; an hour covers their useful life.
// shareBudget bounds the memory of the questions kept: each is at most
// bot.MaxInput bytes once cleaned, so it holds several hundred of the
// longest, and thousands of ordinary ones.
const (
	shareTTL    = time.Hour
	shareBudget = 1 << 20
)

// shareStore keeps questions too long for a custom_id, bounded in bytes and
// time: expired questions leave first, then the least recently used. It is
// per process: a button pressed on another replica, after a restart, or
// once its question has left finds nothing, and the user is asked to ask
// again.
type shareStore struct {
	now  func() time.Time
	keys *lru.Cache[shareEntry]
}

type shareEntry struct {
	text string
	exp  time.Time
}

func newShareStore(now func() time.Time, budget int) *shareStore {
	return &shareStore{now: now, keys: lru.New(budget, func(e shareEntry) int { return len(e.text) })}
}

// put stores text under a key derived from it, so the same question gets
// the same button (and goldens stay stable).
func (s *shareStore) put(lang, text string) string {
	sum := sha256.Sum256([]byte(lang + "\x00" + text))
	key := base64.RawURLEncoding.EncodeToString(sum[:12])
	now := s.now()
	s.keys.Trim(func(_ string, e shareEntry) bool { return !now.Before(e.exp) })
	s.keys.Put(key, shareEntry{text: text, exp: now.Add(shareTTL)})
	return key
}

func (s *shareStore) get(key string) (string, bool) {
	e, ok := s.keys.Get(key)
	if !ok || !s.now().Before(e.exp) {
		return "", false
	}
	return e.text, true
}
