package ref

import (
	"strings"
	"testing"
	"time"

	"github.com/smtpbot/smtpbot/adapters/state"
	"github.com/smtpbot/smtpbot/bot"
)

func TestInlineAndStored(t *testing.T) {
	mem := state.NewMemory(state.Rate{}, nil)
	slack := Form{Sep: "\n", Max: 100, Count: Bytes}
	r := New(mem, slack)
	ctx := t.Context()
	short := r.Make(ctx, "en", "252 vs 552")
	if short != "en\n252 vs 552" {
		t.Errorf("short question: ref %q, want it inline", short)
	}
	long := strings.Repeat("550 5.1.1 <bob@example.com> unknown ", 100)
	ref := r.Make(ctx, "vi", long)
	if len(ref) > 20 || !strings.HasPrefix(ref, "#") {
		t.Fatalf("long question: ref %q, want #key", ref)
	}
	public := r.Public(ctx, "en", "252 vs 552")
	if !Stored(public) {
		t.Errorf("public ref %q carries its question, want #key", public)
	}
	for _, tt := range []struct{ ref, lang, q string }{{short, "en", "252 vs 552"}, {ref, "vi", long}, {public, "en", "252 vs 552"}} {
		lang, q, ok := r.Get(ctx, tt.ref)
		if !ok || lang != tt.lang || q != tt.q {
			t.Errorf("Get(%.20q) = %q, %.20q, %v", tt.ref, lang, q, ok)
		}
	}
	// Another replica on the same store reads it.
	if _, q, ok := New(mem, slack).Get(ctx, ref); !ok || q != long {
		t.Error("a second Refs on the same store misses the question")
	}
	for _, bad := range []string{"", "#", "#unknownkey", "no separator", strings.Repeat("x", 20) + "\nq", "en\n"} {
		if _, _, ok := r.Get(ctx, bad); ok {
			t.Errorf("Get(%q) ok, want refused", bad)
		}
	}
}

func TestExpires(t *testing.T) {
	now := time.Unix(0, 0)
	mem := state.NewMemory(state.Rate{}, func() time.Time { return now })
	r := New(mem, Form{Sep: ":", Max: 84, Count: Runes})
	ref := r.Make(t.Context(), "en", strings.Repeat("5", 200))
	now = now.Add(TTL + time.Second)
	if _, _, ok := r.Get(t.Context(), ref); ok {
		t.Error("kept question still there after TTL")
	}
}

func TestStore(t *testing.T) {
	refs, dedup := state.NewMemory(state.Rate{}, nil), state.NewMemory(state.Rate{}, nil)
	if got := Store(refs, dedup, nil); got != state.Refs(refs) {
		t.Error("Store ignores the refs store it is given")
	}
	if got := Store(nil, dedup, nil); got != state.Refs(dedup) {
		t.Error("Store does not keep refs in a deduplication store that can keep them")
	}
	if got := Store(nil, nil, nil); got == nil || got == state.Refs(refs) || got == state.Refs(dedup) {
		t.Errorf("Store without stores = %v, want a new memory store", got)
	}
}

// A subcommand kept in a button comes back as the same intent and operands;
// a question kept as text (every ref made before subcommands were kept so)
// comes back as text.
func TestQuestionRoundTrip(t *testing.T) {
	h := bot.Hints{Lang: "vi", Platform: bot.Slack, Intent: bot.IntentCompare, Operands: []string{" user unknown ", "list\x1f5.7.x"}}
	text, got := Asked(Question("ignored", h), bot.Hints{Lang: "vi", Platform: bot.Slack})
	if got.Intent != bot.IntentCompare || strings.Join(got.Operands, "|") != "user unknown|list 5.7.x" || got.Lang != "vi" || text != "user unknown list 5.7.x" {
		t.Errorf("Asked(Question(%+v)) = %q, %+v", h, text, got)
	}
	for _, old := range []string{"252 vs 552", "explain 550", "list 4xx", ""} {
		if text, got := Asked(old, bot.Hints{Platform: bot.Discord}); text != old || got.Intent != "" || got.Operands != nil {
			t.Errorf("Asked(%q) = %q, %+v: want the text as it was", old, text, got)
		}
	}
	for _, h := range []bot.Hints{{}, {Intent: bot.IntentDiagnose, Operands: []string{"550 x"}}} {
		if q := Question("550 x", h); q != "550 x" {
			t.Errorf("Question(%+v) = %q, want the text", h, q)
		}
	}
}

// A chosen subcommand's control-character mark never goes into a
// platform's button, even when it would fit: it is kept in the store.
func TestChosenNeverInline(t *testing.T) {
	mem := state.NewMemory(state.Rate{}, nil)
	r := New(mem, Form{Sep: ":", Max: 100, Count: Runes})
	q := Question("252 552", bot.Hints{Intent: bot.IntentCompare, Operands: []string{"252", "552"}})
	ref := r.Make(t.Context(), "en", q)
	if !Stored(ref) || strings.ContainsRune(ref, 0x1f) {
		t.Fatalf("ref %q of a chosen subcommand, want a stored key", ref)
	}
	if lang, got, ok := r.Get(t.Context(), ref); !ok || lang != "en" || got != q {
		t.Errorf("Get = %q, %q, %v; want the kept question", lang, got, ok)
	}
}
