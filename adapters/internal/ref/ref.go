// Package ref names the question behind a chat button (Details, Short
// answer, Share). A short question travels in the button itself as
// "<lang><sep><question>"; a longer one is kept in the shared state
// (state.Refs: Redis when several replicas run, memory otherwise) under a
// short key derived from it, and the button carries "#<key>". Either way a
// button pressed on any replica, within TTL, finds the very question whose
// answer the user saw.
package ref

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/smtpbot/smtpbot/adapters/state"
	"github.com/smtpbot/smtpbot/bot"
)

// TTL is how long a kept question stays usable: a day, so that the buttons
// of a public answer still work the next morning.
const TTL = 24 * time.Hour

// storedPrefix starts a ref whose question is kept in the store. No
// language tag starts with it.
const storedPrefix = "#"

// Refs makes and reads refs. It is safe for concurrent use.
type Refs struct {
	store state.Refs
	form  Form
}

// Form is how a platform's buttons carry a question inline: Sep between the
// language and the question, in at most Max units counted by Count (bytes
// for Slack's button values, characters for Discord's custom_ids).
type Form struct {
	Sep   string
	Max   int
	Count func(string) int
}

// New returns refs kept in store, inline in form when they fit.
func New(store state.Refs, form Form) *Refs { return &Refs{store: store, form: form} }

// Store picks where an adapter keeps its refs: refs when it is set, else
// the deduplication store when it keeps refs too (Redis, memory), else a
// new memory store whose clock is now (nil: time.Now).
func Store(refs state.Refs, dedup state.Deduper, now func() time.Time) state.Refs {
	if refs != nil {
		return refs
	}
	if r, ok := dedup.(state.Refs); ok {
		return r
	}
	return state.NewMemory(state.Rate{}, now)
}

// Make returns the ref of question in lang: inline when it fits in the
// form's limit, otherwise stored under its key. A store failure is the
// store's to report; the ref is still returned, and the button may then
// find nothing.
func (r *Refs) Make(ctx context.Context, lang, question string) string {
	return r.make(ctx, lang, question, r.form.Max)
}

// Public is Make for the buttons of a message everyone sees: always a key,
// so that the question (which may hold addresses) does not travel in it.
func (r *Refs) Public(ctx context.Context, lang, question string) string {
	return r.make(ctx, lang, question, 0)
}

func (r *Refs) make(ctx context.Context, lang, question string, max int) string {
	// A chosen subcommand's mark is a control character: it never travels
	// inline in a platform's button, only in our store.
	inline := lang + r.form.Sep + question
	if !Chosen(question) && r.form.Count(inline) <= max {
		return inline
	}
	k := Key(lang, question)
	_ = r.store.Put(ctx, k, lang+"\n"+question, TTL)
	return storedPrefix + k
}

// Get returns the language and question behind a ref; ok is false for a
// malformed ref or a kept question that has expired or is unknown.
func (r *Refs) Get(ctx context.Context, ref string) (lang, question string, ok bool) {
	if k, stored := strings.CutPrefix(ref, storedPrefix); stored {
		v, found, err := r.store.Get(ctx, k)
		if err != nil || !found {
			return "", "", false
		}
		lang, question, ok = strings.Cut(v, "\n")
		return lang, question, ok
	}
	lang, question, ok = strings.Cut(ref, r.form.Sep)
	if !ok || len(lang) > 16 || question == "" {
		return "", "", false
	}
	return lang, question, true
}

// Stored reports whether ref names a kept question (which expires after
// TTL) rather than carrying it.
func Stored(ref string) bool { return strings.HasPrefix(ref, storedPrefix) }

// Key is the short key of a question: 16 URL-safe characters of its hash,
// the same for the same question so that goldens stay stable and asking
// twice keeps one copy.
func Key(lang, question string) string {
	sum := sha256.Sum256([]byte(lang + "\x00" + question))
	return base64.RawURLEncoding.EncodeToString(sum[:12])
}

// Bytes counts bytes (Slack's button values).
func Bytes(s string) int { return len(s) }

// Runes counts characters (Discord's custom_ids).
func Runes(s string) int { return utf8.RuneCountInString(s) }

// chosenMark starts a kept question that is a subcommand chosen on the
// platform rather than text: chosenMark, the intent, then each operand
// after chosenMark again. Text cleaned by bot.Clean never holds the mark
// (a control character), so an older ref, whose question is text, reads
// as it always did.
const chosenMark = "\x1f"

// Question is what a button keeps of a question asked as text under h:
// the text, or when h names a subcommand chosen (h.Intent), the intent and
// its operands, so that Details and Share ask the very same question.
func Question(text string, h bot.Hints) string {
	if h.Intent == "" || h.Intent == bot.IntentDiagnose {
		return text
	}
	var b strings.Builder
	b.WriteString(chosenMark + string(h.Intent))
	for _, o := range h.Operands {
		b.WriteString(chosenMark + bot.Clean(o)) // Clean leaves no mark in it
	}
	return b.String()
}

// Chosen reports whether question names a subcommand chosen (Question).
func Chosen(question string) bool { return strings.HasPrefix(question, chosenMark) }

// Asked reads a kept question back: the text to ask and h with the
// subcommand and operands it names, if any (the reverse of Question).
func Asked(question string, h bot.Hints) (string, bot.Hints) {
	if !Chosen(question) {
		return question, h
	}
	parts := strings.Split(question[len(chosenMark):], chosenMark)
	h.Intent, h.Operands = bot.Intent(parts[0]), parts[1:]
	return strings.Join(h.Operands, " "), h
}
