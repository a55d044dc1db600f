package guard

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/smtpbot/smtpbot/adapters/state"
)

type failing struct{ deadline bool }

func (f *failing) First(ctx context.Context, _ string, _ time.Duration) (bool, error) {
	_, f.deadline = ctx.Deadline()
	return false, errors.New("store down")
}

func (f *failing) Forget(ctx context.Context, _ string) error {
	_, f.deadline = ctx.Deadline()
	return errors.New("store down")
}

func (f *failing) Allow(ctx context.Context, _ string) (bool, error) {
	_, f.deadline = ctx.Deadline()
	return false, errors.New("store down")
}

func TestFailingStoreLetsThrough(t *testing.T) {
	f := &failing{}
	g := Guard{Platform: "slack", Dedup: f, Limiter: f}
	if !g.First(t.Context(), "k", time.Minute) {
		t.Error("First with a failing store = false, want true (fail open)")
	}
	if !f.deadline {
		t.Error("First called the store without a deadline")
	}
	f.deadline = false
	if got := g.Refused(t.Context(), "U1", "C1"); got != "" {
		t.Errorf("Refused with a failing store = %q, want \"\" (fail open)", got)
	}
	if !f.deadline {
		t.Error("Refused called the store without a deadline")
	}
}

func TestRefusedNamesTheScope(t *testing.T) {
	user := state.NewMemory(state.Rate{PerMinute: 1, Burst: 1}, nil)
	g := Guard{Platform: "discord", Limiter: user}
	if got := g.Refused(t.Context(), "U1", ""); got != "" {
		t.Fatalf("first question refused by %q", got)
	}
	if got := g.Refused(t.Context(), "U1", ""); got != "user" {
		t.Errorf("second question refused by %q, want user", got)
	}
	if got := g.Refused(t.Context(), "U2", "C1"); got != "" {
		t.Errorf("another user refused by %q", got)
	}
	if got := g.Refused(t.Context(), "U3", "C1"); got != "channel" {
		t.Errorf("same channel again refused by %q, want channel", got)
	}
}

func TestZeroGuardAllowsAll(t *testing.T) {
	var g Guard
	for range 2 {
		if !g.First(t.Context(), "k", time.Minute) {
			t.Error("a Guard without Dedup must treat every key as new")
		}
	}
	if got := g.Refused(t.Context(), "U", "C"); got != "" {
		t.Errorf("a Guard without Limiter refused by %q", got)
	}
}

func TestDedup(t *testing.T) {
	g := Guard{Platform: "slack", Dedup: state.NewMemory(state.Rate{}, nil)}
	if !g.First(t.Context(), "e1", time.Minute) {
		t.Fatal("first sight of e1 reported as a duplicate")
	}
	if g.First(t.Context(), "e1", time.Minute) {
		t.Error("second sight of e1 reported as new")
	}
}

// TestNewNilDedup: a nil dedup means the same on every platform: events are
// still answered once.
func TestNewNilDedup(t *testing.T) {
	for _, platform := range []string{"slack", "discord"} {
		g := New(platform, nil, nil, nil, nil)
		if !g.First(t.Context(), platform+":event:1", time.Minute) || g.First(t.Context(), platform+":event:1", time.Minute) {
			t.Errorf("%s: a nil dedup does not answer each event once", platform)
		}
	}
}

// Notes to a refused user are spaced per user and per platform: one per
// NoticeSpacing, whoever else is told meanwhile.
func TestNoticeDue(t *testing.T) {
	now := time.Unix(1700000000, 0)
	mem := state.NewMemory(state.Rate{}, func() time.Time { return now })
	slack, discord := Guard{Platform: "slack", Dedup: mem}, Guard{Platform: "discord", Dedup: mem}
	ctx := t.Context()
	if !slack.NoticeDue(ctx, "U1") || slack.NoticeDue(ctx, "U1") {
		t.Error("U1 told twice in a row, or not at all")
	}
	if !slack.NoticeDue(ctx, "U2") || !discord.NoticeDue(ctx, "U1") {
		t.Error("another user, or the same ID on another platform, was not told")
	}
	now = now.Add(NoticeSpacing + time.Second)
	if !slack.NoticeDue(ctx, "U1") {
		t.Error("U1 not told again after NoticeSpacing")
	}
}
