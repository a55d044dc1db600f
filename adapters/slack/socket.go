package slack

import (
	"context"
	"fmt"
	"log/slog"
	"strconv"
	"time"

	slackapi "github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"
)

// acker acknowledges a Socket Mode envelope, optionally with a response
// payload. *socketmode.Client satisfies it.
type acker interface {
	AckCtx(ctx context.Context, envelopeID string, payload any) error
}

// RunSocket serves Slack over Socket Mode (no public URL needed) until ctx
// ends, with the same handlers as HTTP. slack-go reconnects by itself; it
// returns only when ctx ends or Slack refuses the app token.
func (a *Adapter) RunSocket(ctx context.Context) error {
	if !a.socketOn {
		return fmt.Errorf("%w: SLACK_APP_TOKEN is empty", ErrConfig)
	}
	debugLog := slog.NewLogLogger(a.log.Handler(), slog.LevelDebug)
	api := slackapi.New(a.botToken,
		slackapi.OptionAppLevelToken(a.appToken),
		slackapi.OptionAPIURL(a.apiURL),
		slackapi.OptionHTTPClient(a.http),
		slackapi.OptionLog(debugLog))
	sm := socketmode.New(api, socketmode.OptionLog(debugLog))

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	defer a.setSocket(false)
	errc := make(chan error, 1)
	go func() { errc <- sm.RunContext(ctx) }()
	for {
		select {
		case err := <-errc:
			if ctx.Err() != nil {
				return ctx.Err()
			}
			return fmt.Errorf("slack: socket mode: %w", err)
		case evt := <-sm.Events:
			a.socketEvent(ctx, sm, evt)
		}
	}
}

func (a *Adapter) setSocket(up bool) {
	a.socketUp.Store(up)
	a.metrics.Connected(platform, up)
}

// socketEvent handles one Socket Mode event. Slack wants every envelope
// acknowledged within three seconds: events and button presses are acked
// first and answered later; a slash command is acked with its answer.
func (a *Adapter) socketEvent(ctx context.Context, ack acker, evt socketmode.Event) {
	if a.connectionEvent(evt) {
		return
	}
	req := evt.Request
	if req == nil || req.EnvelopeID == "" {
		return
	}
	switch evt.Type {
	case socketmode.EventTypeEventsAPI:
		if err := ack.AckCtx(ctx, req.EnvelopeID, nil); err != nil {
			a.log.Warn("slack socket mode ack failed", "err", err)
		}
		retryNum := ""
		if req.RetryAttempt > 0 {
			retryNum = strconv.Itoa(req.RetryAttempt)
		}
		if _, err := a.acceptEvent(ctx, req.Payload, retryNum); err != nil {
			a.log.Debug("slack event refused", "reason", err)
		}
	case socketmode.EventTypeSlashCommand:
		cmd, ok := evt.Data.(slackapi.SlashCommand)
		if !ok {
			_ = ack.AckCtx(ctx, req.EnvelopeID, nil)
			return
		}
		a.socketCommand(ctx, ack, req.EnvelopeID, cmd)
	case socketmode.EventTypeInteractive:
		if err := ack.AckCtx(ctx, req.EnvelopeID, nil); err != nil {
			a.log.Warn("slack socket mode ack failed", "err", err)
		}
		if cb, ok := evt.Data.(slackapi.InteractionCallback); ok {
			a.interaction(ctx, cb)
		}
	default:
		_ = ack.AckCtx(ctx, req.EnvelopeID, nil)
	}
}

// connectionEvent logs and records a change of the connection's state,
// and reports whether evt was one (and so needs no acknowledgement).
func (a *Adapter) connectionEvent(evt socketmode.Event) bool {
	switch evt.Type {
	case socketmode.EventTypeConnecting:
		a.log.Debug("slack socket mode connecting")
	case socketmode.EventTypeConnected:
		a.setSocket(true)
		a.log.Info("slack socket mode connected")
	case socketmode.EventTypeConnectionError:
		a.setSocket(false)
		attrs := []any{"event", string(evt.Type)}
		if e, ok := evt.Data.(*slackapi.ConnectionErrorEvent); ok {
			attrs = append(attrs, "attempt", e.Attempt, "backoff", e.Backoff, "err", safeErr(e.ErrorObj))
		}
		a.log.Warn("slack socket mode cannot connect; retrying", attrs...)
	case socketmode.EventTypeDisconnect, socketmode.EventTypeInvalidAuth, socketmode.EventTypeIncomingError:
		a.setSocket(false)
		a.log.Warn("slack socket mode connection lost", "event", string(evt.Type))
	case socketmode.EventTypeHello:
	case socketmode.EventTypeErrorBadMessage:
		a.log.Debug("slack socket mode message not understood")
	default:
		return false
	}
	return true
}

// socketCommand answers a slash command over the socket: with the
// acknowledgement when the answer is ready in time and small enough,
// through the response_url otherwise.
func (a *Adapter) socketCommand(ctx context.Context, ack acker, envelopeID string, cmd slackapi.SlashCommand) {
	// As over HTTP: an answer that is not ready within inlineWait is
	// acknowledged at once and posted to the response_url when ready.
	done := make(chan reply, 1)
	wait := a.inlineWait
	if len(cmd.Text) <= quickInput {
		done <- a.command(ctx, cmd) // microseconds
	} else {
		a.goAsync(func() { done <- a.command(context.WithoutCancel(ctx), cmd) })
	}
	t := time.NewTimer(wait)
	defer t.Stop()
	var r reply
	late := false
	select {
	case r = <-done:
		if err := ack.AckCtx(ctx, envelopeID, r); err == nil {
			return
		}
	case <-t.C:
		late = true
	}
	// Socket Mode drops responses of 20 KB or more; a long answer goes
	// through the response_url instead, still only to the caller.
	if err := ack.AckCtx(ctx, envelopeID, nil); err != nil {
		a.log.Warn("slack socket mode ack failed", "err", err)
	}
	if !a.validResponseURL(cmd.ResponseURL) {
		a.log.Warn("slack answer dropped", "reason", "too large or too slow for the socket, and no valid response_url")
		return
	}
	a.background(ctx, func(ctx context.Context) {
		if late {
			select {
			case r = <-done:
			case <-ctx.Done():
				a.log.Error("slack slow answer abandoned", "err", ctx.Err())
				return
			}
		}
		msg := &slackapi.WebhookMessage{ResponseType: r.ResponseType, Text: r.Text, Blocks: &slackapi.Blocks{BlockSet: r.Blocks}}
		if err := a.post(ctx, cmd.ResponseURL, msg); err != nil {
			a.log.Error("slack answer not posted", "event", "slash_command", "err", safeErr(err))
		}
	})
}
