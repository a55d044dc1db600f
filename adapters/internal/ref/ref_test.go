package ref

import (
	"strings"
	"testing"
	"time"

	"github.com/smtpbot/smtpbot/adapters/state"
)

func TestInlineAndStored(t *testing.T) {
	mem := state.NewMemory(state.Rate{}, nil)
	r := New(mem, "\n")
	ctx := t.Context()
	short := r.Make(ctx, "en", "252 vs 552", 100, Bytes)
	if short != "en\n252 vs 552" {
		t.Errorf("short question: ref %q, want it inline", short)
	}
	long := strings.Repeat("550 5.1.1 <bob@example.com> unknown ", 100)
	ref := r.Make(ctx, "vi", long, 100, Bytes)
	if len(ref) > 20 || !strings.HasPrefix(ref, "#") {
		t.Fatalf("long question: ref %q, want #key", ref)
	}
	for _, tt := range []struct{ ref, lang, q string }{{short, "en", "252 vs 552"}, {ref, "vi", long}} {
		lang, q, ok := r.Get(ctx, tt.ref)
		if !ok || lang != tt.lang || q != tt.q {
			t.Errorf("Get(%.20q) = %q, %.20q, %v", tt.ref, lang, q, ok)
		}
	}
	// Another replica on the same store reads it.
	if _, q, ok := New(mem, "\n").Get(ctx, ref); !ok || q != long {
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
	r := New(mem, ":")
	ref := r.Make(t.Context(), "en", strings.Repeat("5", 200), 84, Runes)
	now = now.Add(TTL + time.Second)
	if _, _, ok := r.Get(t.Context(), ref); ok {
		t.Error("kept question still there after TTL")
	}
}
