package slack

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/smtpbot/smtpbot/bot"
	"github.com/smtpbot/smtpbot/bot/bottest"
	"github.com/smtpbot/smtpbot/responses"
)

// Every way a question reaches the core from Slack says it comes from
// Slack (bot.Hints.Platform), and a file's content says it is one.
func TestAskNamesSlack(t *testing.T) {
	h := newHarness(t)
	var mu sync.Mutex
	var got []bot.Hints
	ask := h.a.ask
	h.a.ask = func(text string, hints bot.Hints) bot.Answer {
		mu.Lock()
		got = append(got, hints)
		mu.Unlock()
		return ask(text, hints)
	}
	value, _ := shareButtonValue(t, h, "compare user unknown, blocked 5.7.x") // slash command
	h.event(t, mentionPayload("EvP1", "U123", "C123", "<@"+testBotUser+"> 550", "1700000000.000500", ""))
	h.fake.Next(t)
	h.interaction(t, sharePayload(value, h.fake.HookURL("1"), "1700000000.000900"))
	h.fake.Next(t)
	h.fake.Next(t)
	h.interaction(t, buttonPayload(responses.DetailsActionID, value, h.fake.HookURL("2"), true))
	h.fake.Next(t)
	h.interaction(t, map[string]any{
		"type": "message_action", "callback_id": ShortcutCallbackID, "user": map[string]any{"id": "U123"},
		"channel": map[string]any{"id": "C123"}, "response_url": h.fake.HookURL("3"),
		"message": map[string]any{"type": "message", "ts": "1700000000.000100", "text": "550 5.7.26"},
	})
	h.fake.Next(t)
	files := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte(testDSN)) }))
	defer files.Close()
	h.event(t, fileEvent("EvP2", "im", files.URL+"/f.eml"))
	h.fake.Next(t)
	h.wg.Wait()
	mu.Lock()
	defer mu.Unlock()
	bottest.AskedAs(t, got, bot.Slack, "command", "mention", "share", "details", "shortcut", "file")
	// The subcommand reaches the core as chosen, with the operands as
	// typed, and the buttons ask it again the same way: no "vs" of ours
	// for the core to read back (joined so, "blocked 5.7.x" read as a list).
	ops := []string{"user unknown", "blocked 5.7.x"}
	bottest.Chose(t, got, []bot.Intent{bot.IntentCompare, "", bot.IntentCompare, bot.IntentCompare, "", ""}, map[int][]string{0: ops, 2: ops, 3: ops})
	for i, hints := range got {
		if file := i == len(got)-1; hints.Attachment != file {
			t.Errorf("question %d: Attachment %v, want %v", i, hints.Attachment, file)
		}
	}
}

// Slack sends "<" and ">" typed in a pasted reply as "&lt;" and "&gt;":
// the answer quotes the reply as typed, escaped once for Slack, not
// "&amp;lt;" (which Slack shows as "&lt;").
func TestPastedReplyQuotedAsTyped(t *testing.T) {
	h := newHarness(t)
	_, _, body := h.command(t, "550 5.1.1 &lt;bob@example.com&gt;: Recipient address rejected: User unknown in virtual mailbox table")
	if strings.Contains(string(body), "&amp;lt;") || !strings.Contains(string(body), "&lt;bob@example.com&gt;") {
		t.Errorf("the reply is not quoted as typed: %s", body)
	}
}

// A file's question kept behind a button comes back as the file said,
// when the button asks it again as Slack text.
func TestRefTextRoundTrip(t *testing.T) {
	b := bottest.New(t)
	file := "Diagnostic-Code: smtp; 550 5.1.1 <bob@example.com>... User unknown &lt;sic&gt; &amp; more"
	fromFile := b.Ask(file, bot.Hints{Platform: bot.Slack, Attachment: true})
	again := b.Ask(refText(file, bot.Hints{Attachment: true}), bot.Hints{Platform: bot.Slack})
	if fromFile.Diagnosis == nil || again.Diagnosis == nil || fromFile.Diagnosis.Excerpt != again.Diagnosis.Excerpt {
		t.Fatalf("asked again: %+v, want the file's answer %+v", again.Diagnosis, fromFile.Diagnosis)
	}
	if !strings.Contains(again.Diagnosis.Excerpt, "&lt;sic&gt;") {
		t.Errorf("excerpt %q lost the file's own entities", again.Diagnosis.Excerpt)
	}
}
