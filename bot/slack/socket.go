package slack

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"

	slackapi "github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"

	"github.com/mspbot/mspbot/bot"
)

// RunSocketMode receives events over Socket Mode until ctx ends, then
// returns nil; it returns an error when the app token is missing or
// rejected. slack-go's socketmode client opens the connection with
// apps.connections.open and reconnects when Slack asks it to or the
// connection drops. Every envelope is acknowledged at once; its events are
// handed to e in the background (see Wait). Redelivered envelopes carry the
// same event_id (events) or action_ts (buttons), so the engine handles them
// once.
func (a *Adapter) RunSocketMode(ctx context.Context, e Engine) error {
	if a.opts.AppToken == "" {
		return errors.New("slack socket mode: SLACK_APP_TOKEN is not set")
	}
	client := socketmode.New(a.api,
		socketmode.OptionLog(slog.NewLogLogger(a.log.Handler(), slog.LevelDebug)),
		// Bound a single envelope; Slack's are far smaller.
		socketmode.OptionReadLimit(4*MaxBody),
	)
	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- client.RunContext(runCtx) }()
	for {
		select {
		case <-ctx.Done():
			cancel()
			select {
			case <-done:
			case <-time.After(10 * time.Second):
				a.log.Warn("socket mode connection did not close in time")
			}
			return nil
		case err := <-done:
			if ctx.Err() != nil {
				return nil
			}
			return fmt.Errorf("slack socket mode: %w", err)
		case evt := <-client.Events:
			a.socketEvent(runCtx, client, e, evt)
		}
	}
}

// socketEvent acknowledges and dispatches one Socket Mode event.
func (a *Adapter) socketEvent(ctx context.Context, client *socketmode.Client, e Engine, evt socketmode.Event) {
	switch evt.Type {
	case socketmode.EventTypeConnecting:
		a.log.LogAttrs(ctx, slog.LevelDebug, "socket mode connecting")
	case socketmode.EventTypeConnected:
		a.log.LogAttrs(ctx, slog.LevelInfo, "socket mode connected")
	case socketmode.EventTypeHello:
		a.log.LogAttrs(ctx, slog.LevelDebug, "socket mode hello")
	case socketmode.EventTypeConnectionError:
		attrs := []slog.Attr{}
		if ce, ok := evt.Data.(*slackapi.ConnectionErrorEvent); ok {
			attrs = append(attrs, slog.Int("attempt", ce.Attempt), slog.Duration("backoff", ce.Backoff), slog.Any("err", ce.ErrorObj))
		}
		a.log.LogAttrs(ctx, slog.LevelWarn, "socket mode connection failed; retrying", attrs...)
	case socketmode.EventTypeInvalidAuth:
		a.log.LogAttrs(ctx, slog.LevelError, "socket mode: Slack refused SLACK_APP_TOKEN")
	case socketmode.EventTypeIncomingError, socketmode.EventTypeErrorWriteFailed:
		a.log.LogAttrs(ctx, slog.LevelWarn, "socket mode connection problem", slog.String("type", string(evt.Type)))
	case socketmode.EventTypeErrorBadMessage:
		// An envelope slack-go cannot parse, such as an event type it does
		// not know: acknowledge it anyway, so that Slack does not redeliver
		// what can never be handled.
		if bad, ok := evt.Data.(*socketmode.ErrorBadMessage); ok {
			var env struct {
				EnvelopeID string `json:"envelope_id"`
			}
			if json.Unmarshal(bad.Message, &env) == nil && env.EnvelopeID != "" {
				a.ack(ctx, client, env.EnvelopeID)
			}
			a.log.LogAttrs(ctx, slog.LevelDebug, "socket mode envelope ignored", slog.Any("err", bad.Cause))
		}
	case socketmode.EventTypeEventsAPI:
		if evt.Request == nil {
			return
		}
		a.ack(ctx, client, evt.Request.EnvelopeID)
		if evt.Request.RetryAttempt > 0 {
			a.log.LogAttrs(ctx, slog.LevelDebug, "Slack redelivery",
				slog.Int("retry", evt.Request.RetryAttempt), slog.String("reason", evt.Request.RetryReason))
		}
		api, ok := evt.Data.(slackevents.EventsAPIEvent)
		if !ok {
			return
		}
		if evs, wrap := a.inbound(api); len(evs) > 0 {
			a.dispatchSocket(ctx, wrap(e), evs)
		}
	case socketmode.EventTypeInteractive:
		if evt.Request == nil {
			return
		}
		a.ack(ctx, client, evt.Request.EnvelopeID)
		cb, ok := evt.Data.(slackapi.InteractionCallback)
		if !ok {
			return
		}
		if evs := a.fromInteraction(&cb); len(evs) > 0 {
			a.dispatchSocket(ctx, e, evs)
		}
	case socketmode.EventTypeSlashCommand:
		if evt.Request == nil {
			return
		}
		// An empty acknowledgement shows nothing; the answer follows
		// through the command's response_url (see fromSlash).
		a.ack(ctx, client, evt.Request.EnvelopeID)
		sc, ok := evt.Data.(slackapi.SlashCommand)
		if !ok {
			return
		}
		if evs, wrap := a.fromSlash(sc); len(evs) > 0 {
			a.dispatchSocket(ctx, wrap(e), evs)
		}
	}
}

func (a *Adapter) ack(ctx context.Context, client *socketmode.Client, envelopeID string) {
	if envelopeID == "" {
		return
	}
	if err := client.AckCtx(ctx, envelopeID, nil); err != nil {
		a.log.LogAttrs(ctx, slog.LevelWarn, "socket mode acknowledgement failed", slog.Any("err", err))
	}
}

// dispatchSocket waits for a handling slot (slowing the read loop down when
// the engine falls behind; the envelope is acknowledged already) and
// dispatches evs.
func (a *Adapter) dispatchSocket(ctx context.Context, e Engine, evs []bot.Event) {
	if !a.disp.Acquire(ctx) {
		a.log.LogAttrs(ctx, slog.LevelWarn, "stopping: event not handled", slog.String("event_id", evs[0].ID))
		return
	}
	a.disp.Dispatch(ctx, e, evs)
}
