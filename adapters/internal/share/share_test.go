package share

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/smtpbot/smtpbot/adapters/internal/guard"
	"github.com/smtpbot/smtpbot/adapters/internal/ref"
	"github.com/smtpbot/smtpbot/adapters/internal/retry"
	"github.com/smtpbot/smtpbot/adapters/state"
	"github.com/smtpbot/smtpbot/bot"
	"github.com/smtpbot/smtpbot/bot/bottest"
)

// fake is a platform that records its calls and fails as told.
type fake struct {
	calls   []string // "notify", "post", "replace", in order
	notes   []string
	posted  []bot.Answer
	refs    []string
	postErr []error // one per attempt, then success
	replErr error
}

func (f *fake) Notify(_ context.Context, text string) error {
	f.calls = append(f.calls, "notify")
	f.notes = append(f.notes, text)
	return nil
}

func (f *fake) Post(_ context.Context, ans bot.Answer, r string) error {
	f.calls = append(f.calls, "post")
	if len(f.postErr) > 0 {
		err := f.postErr[0]
		f.postErr = f.postErr[1:]
		return err
	}
	f.posted = append(f.posted, ans)
	f.refs = append(f.refs, r)
	return nil
}

func (f *fake) Replace(context.Context, bot.Answer) error {
	f.calls = append(f.calls, "replace")
	return f.replErr
}

// fixture is a flow over memory state with a clock the test moves.
type fixture struct {
	flow Flow
	refs *ref.Refs
	logs *bytes.Buffer
	mu   sync.Mutex
	now  time.Time
}

func newFixture(t *testing.T, rate state.Rate) *fixture {
	t.Helper()
	fx := &fixture{now: time.Unix(1700000000, 0), logs: new(bytes.Buffer)}
	clock := func() time.Time { fx.mu.Lock(); defer fx.mu.Unlock(); return fx.now }
	b := bottest.New(t)
	var limiter state.Limiter
	if rate.PerMinute > 0 {
		limiter = state.NewMemory(rate, clock)
	}
	mem := state.NewMemory(state.Rate{}, clock)
	fx.refs = ref.New(mem, ref.Form{Sep: "\n", Max: 100, Count: ref.Bytes})
	fx.flow = Flow{
		Guard: guard.New("test", mem, limiter, nil, nil),
		Refs:  fx.refs,
		Ask:   b.Ask,
		Note:  b.Note,
		TTL:   time.Hour,
		Retry: retry.Policy{Attempts: 3, Base: time.Millisecond, Max: 5 * time.Millisecond},
		Log:   slog.New(slog.NewTextHandler(fx.logs, nil)),
	}
	return fx
}

func (fx *fixture) advance(d time.Duration) { fx.mu.Lock(); fx.now = fx.now.Add(d); fx.mu.Unlock() }

// press is a press of a Share button on message m carrying the question.
func (fx *fixture) press(t *testing.T, id, m, lang, question string) Press {
	t.Helper()
	return Press{
		Ref: fx.refs.Make(t.Context(), lang, question), User: "U1", Channel: "C1",
		ID: id, Message: m, Hints: bot.Hints{Platform: bot.Slack},
	}
}

func TestShareOnce(t *testing.T) {
	fx := newFixture(t, state.Rate{})
	p := &fake{}
	pr := fx.press(t, "P1", "M1", "vi", "252 vs 552")
	if got := fx.flow.Press(t.Context(), pr, p); got != Shared {
		t.Fatalf("outcome %d, want Shared", got)
	}
	if strings.Join(p.calls, " ") != "post replace" {
		t.Fatalf("calls %v, want the post, then the private copy replaced", p.calls)
	}
	ans := p.posted[0]
	if ans.Intent != bot.IntentCompare || ans.Lang != "vi" || strings.Join(ans.Codes, " ") != "252 552" {
		t.Errorf("posted %s %s %v, want the comparison the presser saw, in Vietnamese", ans.Intent, ans.Lang, ans.Codes)
	}
	if !ref.Stored(p.refs[0]) {
		t.Errorf("public ref %q carries the question; want a stored key", p.refs[0])
	}
	if lang, q, ok := fx.refs.Get(t.Context(), p.refs[0]); !ok || lang != "vi" || q != "252 vs 552" {
		t.Errorf("public ref leads to %q %q %v", lang, q, ok)
	}
	// Another press on the same message posts nothing.
	if got := fx.flow.Press(t.Context(), fx.press(t, "P2", "M1", "vi", "252 vs 552"), p); got != AlreadyShared || len(p.posted) != 1 {
		t.Errorf("second press: outcome %d, %d posts; want AlreadyShared and 1", got, len(p.posted))
	}
}

// A replayed press is dropped before it can use up the rate or earn a
// note, even when the user is over the limit.
func TestReplayDroppedFirst(t *testing.T) {
	fx := newFixture(t, state.Rate{PerMinute: 1, Burst: 1})
	p := &fake{}
	pr := fx.press(t, "P1", "M1", "en", "550")
	if got := fx.flow.Press(t.Context(), pr, p); got != Shared {
		t.Fatalf("first press: %d", got)
	}
	for range 5 {
		if got := fx.flow.Press(t.Context(), pr, p); got != Replayed {
			t.Fatalf("replay: outcome %d, want Replayed", got)
		}
	}
	if strings.Join(p.calls, " ") != "post replace" {
		t.Errorf("calls %v after replays, want only the first press's", p.calls)
	}
}

// A press refused by the rate limit is told once per spacing, in the
// question's language, and leaves the message shareable.
func TestLimitedThenShared(t *testing.T) {
	fx := newFixture(t, state.Rate{PerMinute: 1, Burst: 1})
	if fx.flow.Guard.Refused(t.Context(), "U1", "") != "" {
		t.Fatal("the first question was refused")
	}
	p := &fake{}
	b := bottest.New(t)
	want := b.Catalog().Frame("vi").RateLimited
	for i, id := range []string{"P1", "P2", "P3"} {
		if got := fx.flow.Press(t.Context(), fx.press(t, id, "M1", "vi", "hộp thư đầy"), p); got != Limited {
			t.Fatalf("press %d: outcome %d, want Limited", i, got)
		}
	}
	if len(p.notes) != 1 || p.notes[0] != want {
		t.Fatalf("notes %q, want one, the Vietnamese rate-limit note %q", p.notes, want)
	}
	fx.advance(2 * time.Minute)
	if got := fx.flow.Press(t.Context(), fx.press(t, "P4", "M1", "vi", "hộp thư đầy"), p); got != Shared {
		t.Errorf("press after the limit: outcome %d, want Shared", got)
	}
}

// A button whose question is gone asks the presser, in their language, to
// ask again.
func TestExpired(t *testing.T) {
	fx := newFixture(t, state.Rate{})
	p := &fake{}
	pr := Press{Ref: "#doesnotexist", User: "U1", ID: "P1", Message: "M1", Hints: bot.Hints{Platform: bot.Discord, Locale: "vi"}}
	if got := fx.flow.Press(t.Context(), pr, p); got != Expired {
		t.Fatalf("outcome %d, want Expired", got)
	}
	if want := bottest.New(t).Catalog().Frame("vi").MentionHint; len(p.notes) != 1 || p.notes[0] != want || len(p.posted) != 0 {
		t.Errorf("notes %q posts %d, want the Vietnamese hint %q and no post", p.notes, len(p.posted), want)
	}
}

// A post that fails for a while is tried again within the policy; one that
// fails for good is logged and leaves the private copy.
func TestPostRetriedThenFailed(t *testing.T) {
	fx := newFixture(t, state.Rate{})
	busy := retry.Temporary(errors.New("502 bad gateway"), 0)
	p := &fake{postErr: []error{busy, busy}}
	if got := fx.flow.Press(t.Context(), fx.press(t, "P1", "M1", "en", "550"), p); got != Shared {
		t.Fatalf("outcome %d, want Shared after two temporary failures", got)
	}
	if strings.Join(p.calls, " ") != "post post post replace" {
		t.Errorf("calls %v, want three attempts, then the replace", p.calls)
	}
	if n := strings.Count(fx.logs.String(), "share call retried"); n != 2 {
		t.Errorf("%d retries logged, want 2:\n%s", n, fx.logs)
	}

	p = &fake{postErr: []error{busy, busy, busy, busy}}
	if got := fx.flow.Press(t.Context(), fx.press(t, "P2", "M2", "en", "550"), p); got != Failed {
		t.Fatalf("outcome %d, want Failed once the attempts run out", got)
	}
	if strings.Join(p.calls, " ") != "post post post" {
		t.Errorf("calls %v, want three attempts and no replace", p.calls)
	}
	p = &fake{postErr: []error{errors.New("403 channel_not_found")}}
	if got := fx.flow.Press(t.Context(), fx.press(t, "P3", "M3", "en", "550"), p); got != Failed || len(p.calls) != 1 {
		t.Errorf("permanent failure: outcome %d, calls %v; want Failed after one attempt", got, p.calls)
	}
	if !strings.Contains(fx.logs.String(), "share not posted") || !strings.Contains(fx.logs.String(), "channel_not_found") {
		t.Errorf("failed post not logged:\n%s", fx.logs)
	}
	// Nothing went out, so the same message can be shared by a later press.
	p = &fake{}
	if got := fx.flow.Press(t.Context(), fx.press(t, "P4", "M3", "en", "550"), p); got != Shared || len(p.posted) != 1 {
		t.Errorf("press after a failed post: outcome %d, posts %d; want Shared once", got, len(p.posted))
	}
}

// The answer is out even when the private copy cannot be replaced; that
// is logged, not retried forever.
func TestReplaceFailureLogged(t *testing.T) {
	fx := newFixture(t, state.Rate{})
	p := &fake{replErr: errors.New("404 unknown message")}
	if got := fx.flow.Press(t.Context(), fx.press(t, "P1", "M1", "en", "550"), p); got != Shared {
		t.Fatalf("outcome %d, want Shared", got)
	}
	if !strings.Contains(fx.logs.String(), "private copy not replaced") || !strings.Contains(fx.logs.String(), "unknown message") {
		t.Errorf("replace failure not logged:\n%s", fx.logs)
	}
}

// Without a press ID or a message, nothing can be told apart: every press
// is answered.
func TestNoIDs(t *testing.T) {
	fx := newFixture(t, state.Rate{})
	p := &fake{}
	pr := fx.press(t, "", "", "en", "550")
	for range 2 {
		if got := fx.flow.Press(t.Context(), pr, p); got != Shared {
			t.Fatalf("outcome %d, want Shared", got)
		}
	}
}

func TestWorth(t *testing.T) {
	b := bottest.New(t)
	for text, want := range map[string]bool{"252 vs 552": true, "550": true, "list 4xx": true, "help": false, "zzzz qqqq": false} {
		if got := Worth(b.Ask(text, bot.Hints{})); got != want {
			t.Errorf("Worth(%q) = %v, want %v", text, got, want)
		}
	}
}
