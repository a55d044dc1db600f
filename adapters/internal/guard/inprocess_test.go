package guard

import (
	"context"
	"testing"
	"time"

	"github.com/smtpbot/smtpbot/adapters/state"
)

// local is an in-process store that records whether it got a deadline.
type local struct{ deadline bool }

func (l *local) InProcess() bool { return true }

func (l *local) First(ctx context.Context, _ string, _ time.Duration) (bool, error) {
	_, l.deadline = ctx.Deadline()
	return true, nil
}

func (l *local) Forget(ctx context.Context, _ string) error {
	_, l.deadline = ctx.Deadline()
	return nil
}

func (l *local) Allow(ctx context.Context, _ string) (bool, error) {
	_, l.deadline = ctx.Deadline()
	return true, nil
}

func TestInProcessStoreGetsNoTimer(t *testing.T) {
	l := &local{}
	g := Guard{Platform: "slack", Dedup: l, Limiter: l}
	if !g.First(t.Context(), "k", time.Minute) || l.deadline {
		t.Errorf("First: deadline %v for an in-process store", l.deadline)
	}
	if g.Refused(t.Context(), "U1", "C1") != "" || l.deadline {
		t.Errorf("Refused: deadline %v for an in-process store", l.deadline)
	}
	if !state.IsInProcess(state.NewMemory(state.Rate{}, nil)) || state.IsInProcess(&failing{}) {
		t.Error("IsInProcess: want true for Memory, false for a store that does not say")
	}
}
