package slack

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"sync"
	"testing"
	"time"

	slackapi "github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"
	"github.com/smtpbot/smtpbot/responses"
)

func waitReady(t *testing.T, a *Adapter) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for a.Ready() != nil {
		if time.Now().After(deadline) {
			t.Fatalf("not ready after 5s: %v", a.Ready())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestSocketMode runs the real slack-go Socket Mode client against a fake
// websocket: events, slash commands and button presses work as over HTTP.
func TestSocketMode(t *testing.T) {
	h := newHarness(t, withoutSecret(), withAppToken("xapp-1-test"))
	sock := h.fake.Socket()
	if err := h.a.Identify(t.Context()); err != nil {
		t.Fatal(err)
	}
	if h.a.Ready() == nil {
		t.Fatal("ready before the socket connected")
	}
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- h.a.RunSocket(ctx) }()
	waitReady(t, h.a)
	if got := h.metric(t, `smtpbot_connected{platform="slack"}`); got != 1 {
		t.Errorf("connected gauge %v, want 1", got)
	}

	// An app_mention: acked, answered in the thread, a redelivery dropped.
	ev := json.RawMessage(mentionPayload("EvS1", "U123", "C123", "<@"+testBotUser+"> 252 vs 552", "1700000000.000100", ""))
	sock.Send(map[string]any{"envelope_id": "env1", "type": "events_api", "payload": ev, "accepts_response_payload": false, "retry_attempt": 0})
	sock.Ack(t, "env1")
	if c := h.fake.Next(t); c.Method != "chat.postMessage" || c.Form.Get("thread_ts") != "1700000000.000100" {
		t.Fatalf("got %s thread_ts=%q", c.Method, c.Form.Get("thread_ts"))
	}
	sock.Send(map[string]any{"envelope_id": "env1b", "type": "events_api", "payload": ev, "retry_attempt": 1, "retry_reason": "timeout"})
	sock.Ack(t, "env1b")

	// A slash command: acked with the answer itself.
	sock.Send(map[string]any{"envelope_id": "env2", "type": "slash_commands", "accepts_response_payload": true, "payload": map[string]any{
		"command": "/smtp", "text": "compare 252 552", "user_id": "U123", "channel_id": "C123", "team_id": "T1",
		"response_url": h.fake.HookURL("s1"),
	}})
	ack := sock.Ack(t, "env2")
	payload, _ := ack["payload"].(map[string]any)
	if payload["response_type"] != "ephemeral" || len(payload["blocks"].([]any)) < 3 {
		t.Fatalf("slash command ack payload %v", payload)
	}
	value := buttons(t, payload["blocks"])[responses.ShareActionID]

	// The Share button: acked, posted in the channel through the response_url.
	sock.Send(map[string]any{"envelope_id": "env3", "type": "interactive", "payload": sharePayload(value, h.fake.HookURL("s2"), "1700000000.000900")})
	sock.Ack(t, "env3")
	if c := h.fake.Next(t); c.Method != "hook" || c.JSON["response_type"] != "in_channel" {
		t.Fatalf("share: %s %v", c.Method, c.JSON)
	}
	if c := h.fake.Next(t); c.JSON["delete_original"] != true {
		t.Fatalf("share preview not deleted: %v", c.JSON)
	}

	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("RunSocket returned %v, want context.Canceled", err)
	}
	if !errors.Is(h.a.Ready(), errSocketDown) {
		t.Errorf("Ready after stop = %v, want errSocketDown", h.a.Ready())
	}
	h.quiet(t)
	if got := h.metric(t, `smtpbot_duplicates_total{platform="slack"}`); got != 1 {
		t.Errorf("duplicates %v, want 1", got)
	}
}

// TestSocketModeRejectedToken: a revoked app token stops the runner with an
// error instead of retrying forever.
func TestSocketModeRejectedToken(t *testing.T) {
	h := newHarness(t, withoutSecret(), withAppToken("xapp-1-revoked"))
	h.fake.FailNext("apps.connections.open", http.StatusNotFound, "")
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	if err := h.a.RunSocket(ctx); err == nil || errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("RunSocket = %v, want a prompt error", err)
	}
}

// fakeAcker records acks and refuses payloads, as Socket Mode does with
// responses of 20 KB or more.
type fakeAcker struct {
	mu   sync.Mutex
	acks []any
}

func (f *fakeAcker) AckCtx(_ context.Context, _ string, payload any) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.acks = append(f.acks, payload)
	if payload != nil {
		return errors.New("socket mode response too large")
	}
	return nil
}

// TestSocketSlashTooLarge: an answer the socket cannot carry still reaches
// the caller, through the response_url and still ephemeral.
func TestSocketSlashTooLarge(t *testing.T) {
	h := newHarness(t, withoutSecret(), withAppToken("xapp-1-test"))
	ack := &fakeAcker{}
	cmd := slackapi.SlashCommand{Command: "/smtp", Text: "compare 252 552", UserID: "U123", ChannelID: "C123", ResponseURL: h.fake.HookURL("big")}
	h.a.socketEvent(t.Context(), ack, socketmode.Event{Type: socketmode.EventTypeSlashCommand, Data: cmd, Request: &socketmode.Request{EnvelopeID: "e"}})
	c := h.fake.Next(t)
	if c.Method != "hook" || c.JSON["response_type"] != "ephemeral" || c.JSON["blocks"] == nil {
		t.Fatalf("got %s %v, want the answer through the response_url", c.Method, c.JSON)
	}
	ack.mu.Lock()
	defer ack.mu.Unlock()
	if len(ack.acks) != 2 || ack.acks[1] != nil {
		t.Errorf("acks %v, want the refused answer then a bare ack", ack.acks)
	}
}
