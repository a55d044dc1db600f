package discord_test

import (
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/smtpbot/smtpbot/adapters/discord"
	"github.com/smtpbot/smtpbot/adapters/state"
	"github.com/smtpbot/smtpbot/bot"
	"github.com/smtpbot/smtpbot/bot/bottest"
	"github.com/smtpbot/smtpbot/catalog"
	"github.com/smtpbot/smtpbot/responses"
)

// recordHints makes a's core record the hints of every question.
func recordHints(a *discord.Adapter) func() []bot.Hints {
	var mu sync.Mutex
	var got []bot.Hints
	discord.SlowDown(a, func(_ string, h bot.Hints) { mu.Lock(); got = append(got, h); mu.Unlock() }, time.Minute)
	return func() []bot.Hints { mu.Lock(); defer mu.Unlock(); return append([]bot.Hints(nil), got...) }
}

// Every way a question reaches the core from Discord says it comes from
// Discord (bot.Hints.Platform): the command, its buttons, Share and a
// message over the gateway.
func TestAskNamesDiscord(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	hints := recordHints(f.a)
	_, body := f.post(t, command(2, "vi", "compare", opt("code1", "user unknown"), opt("code2", "blocked 5.7.x")))
	private := decode(t, body)
	f.post(t, button(private.Button(responses.DetailsActionID).CustomID, "vi"))
	f.post(t, button(private.Button(responses.ShareActionID).CustomID, "vi"))
	f.wg.Wait()

	g := startGateway(t)
	gwHints := recordHints(discord.AdapterOf(g.g))
	m := message("71", "G1", "U7", false, "<@"+botID+"> 550", botID)
	m["channel_id"] = "C7"
	g.post(t, m)
	g.waitSent(t, "C7", 1)

	got := append(hints(), gwHints()...)
	bottest.AskedAs(t, got, bot.Discord, "command", "Details", "Share", "message")
	// The subcommand reaches the core as chosen, with the options as
	// typed, and the buttons ask it again the same way: no "vs" of ours
	// for the core to read back (joined so, "blocked 5.7.x" read as a list).
	ops := []string{"user unknown", "blocked 5.7.x"}
	bottest.Chose(t, got, []bot.Intent{bot.IntentCompare, bot.IntentCompare, bot.IntentCompare, ""}, map[int][]string{0: ops, 1: ops, 2: ops})
	if len(private.Data.Embeds) == 0 || !strings.Contains(private.Data.Embeds[0].Title, "550") || !strings.Contains(private.Data.Embeds[0].Title, "554") {
		t.Errorf("answer %q, want a comparison of 550 and 554", private.Data.Embeds[0].Title)
	}
	if got[0].Locale != "vi" {
		t.Errorf("command asked with %+v, want the client's locale", got[0])
	}
}

// A user over the limit who presses buttons is told once per spacing, as
// on every platform (guard.NoticeDue); the other presses are acknowledged
// without a change.
func TestLimitedPressesToldOnce(t *testing.T) {
	t.Parallel()
	mem := state.NewMemory(state.Rate{PerMinute: 1, Burst: 1}, func() time.Time { return testNow })
	f := newFixture(t, withLimiter(mem))
	_, body := f.post(t, command(2, "en-US", "explain", opt("code", "552"))) // uses U1's token
	id := decode(t, body).Button(responses.DetailsActionID).CustomID
	en := testBot(t).Catalog().Frame(catalog.English)
	var types []int
	notes := 0
	for range 3 {
		press := button(id, "en-US")
		press["member"] = map[string]any{"user": map[string]any{"id": "U1", "username": "ana"}}
		_, body := f.post(t, press)
		r := decode(t, body)
		types = append(types, r.Type)
		if strings.Contains(r.Data.Content, firstWords(en.RateLimited)) {
			notes++
		}
	}
	if notes != 1 || types[0] != 4 || types[1] != 6 || types[2] != 6 {
		t.Errorf("responses %v with %d notes, want one note (type 4), then bare acknowledgements (type 6)", types, notes)
	}
}
