package slack

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"time"

	slackapi "github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"github.com/mspbot/mspbot/bot"
)

// EventsHandler returns the handler of the HTTP Events API, of
// interactivity payloads and of the slash command, to be mounted at POST
// /slack/events (the event subscription, the interactivity request URL and
// the slash command's URL all point there).
//
// Every request is checked before anything in it is parsed: at most MaxBody
// bytes (413), signed with the signing secret and timestamped within five
// minutes of now (401). A url_verification challenge is answered; an event,
// a button press or a slash command is answered 200 at once and handed to e
// in the background (see Wait). Redeliveries (X-Slack-Retry-Num) are passed
// on like first deliveries: the engine handles each event_id once.
func (a *Adapter) EventsHandler(e Engine) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", http.MethodPost)
			writeError(w, http.StatusMethodNotAllowed, "use POST")
			return
		}
		if a.opts.SigningSecret == "" {
			writeError(w, http.StatusServiceUnavailable, "the Events API is off: SLACK_SIGNING_SECRET is not set")
			return
		}
		body, ok := a.readBody(w, r)
		if !ok {
			return
		}
		if err := a.verify(r.Header, body); err != nil {
			a.log.LogAttrs(r.Context(), slog.LevelWarn, "refused unsigned or stale Events API request",
				slog.String("platform", Platform), slog.String("remote", r.RemoteAddr), slog.String("reason", err.Error()))
			writeError(w, http.StatusUnauthorized, "request signature missing, wrong or expired")
			return
		}
		if n := r.Header.Get("X-Slack-Retry-Num"); n != "" {
			a.log.LogAttrs(r.Context(), slog.LevelDebug, "Slack redelivery",
				slog.String("retry", n), slog.String("reason", r.Header.Get("X-Slack-Retry-Reason")))
		}
		mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
		if mt == "application/x-www-form-urlencoded" {
			a.serveForm(w, r, e, body)
			return
		}
		a.serveEvent(w, r, e, body)
	})
}

// readBody reads at most MaxBody bytes, answering 413 beyond.
func (a *Adapter) readBody(w http.ResponseWriter, r *http.Request) ([]byte, bool) {
	if r.ContentLength > MaxBody {
		writeError(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("request body over %d bytes", MaxBody))
		return nil, false
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBody))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			writeError(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("request body over %d bytes", MaxBody))
		} else {
			writeError(w, http.StatusBadRequest, "could not read the request body")
		}
		return nil, false
	}
	return body, true
}

// verify checks the request's timestamp against the adapter's clock and its
// v0 signature with slack-go's SecretsVerifier (which also checks the
// timestamp against the wall clock).
func (a *Adapter) verify(h http.Header, body []byte) error {
	ts := h.Get("X-Slack-Request-Timestamp")
	if ts == "" || h.Get("X-Slack-Signature") == "" {
		return slackapi.ErrMissingHeaders
	}
	secs, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return fmt.Errorf("timestamp %q: %w", ts, err)
	}
	if a.opts.Now().Sub(time.Unix(secs, 0)).Abs() > maxSkew {
		return slackapi.ErrExpiredTimestamp
	}
	sv, err := slackapi.NewSecretsVerifier(h, a.opts.SigningSecret)
	if err != nil {
		return fmt.Errorf("signature: %w", err)
	}
	if _, err := sv.Write(body); err != nil {
		return fmt.Errorf("signature: %w", err)
	}
	if err := sv.Ensure(); err != nil {
		return fmt.Errorf("signature: %w", err)
	}
	return nil
}

// envelope is the outer shape every Events API request shares.
type envelope struct {
	Type      string          `json:"type"`
	Challenge string          `json:"challenge"`
	EventID   string          `json:"event_id"`
	Event     json.RawMessage `json:"event"`
}

func (a *Adapter) serveEvent(w http.ResponseWriter, r *http.Request, e Engine, body []byte) {
	var env envelope
	if err := json.Unmarshal(body, &env); err != nil {
		writeError(w, http.StatusBadRequest, "malformed JSON")
		return
	}
	switch env.Type {
	case slackevents.URLVerification:
		writeJSON(w, http.StatusOK, map[string]string{"challenge": env.Challenge})
		return
	case slackevents.CallbackEvent:
	case slackevents.AppRateLimited:
		a.log.LogAttrs(r.Context(), slog.LevelWarn, "Slack is rate limiting this app's events")
		writeJSON(w, http.StatusOK, map[string]bool{"ok": true})
		return
	default:
		writeError(w, http.StatusBadRequest, fmt.Sprintf("unsupported request type %q", env.Type))
		return
	}
	if len(env.Event) == 0 || string(env.Event) == "null" {
		writeError(w, http.StatusBadRequest, "event_callback without an event")
		return
	}
	parsed, err := slackevents.ParseEvent(body, slackevents.OptionNoVerifyToken())
	if err != nil {
		// Valid JSON of an event type the adapter does not know: nothing
		// to do, and nothing for Slack to retry.
		a.log.LogAttrs(r.Context(), slog.LevelDebug, "event ignored", slog.String("event_id", env.EventID), slog.Any("err", err))
		writeJSON(w, http.StatusOK, map[string]bool{"ok": true})
		return
	}
	evs, wrap := a.inbound(parsed)
	if len(evs) == 0 {
		writeJSON(w, http.StatusOK, map[string]bool{"ok": true})
		return
	}
	a.accept(w, r, wrap(e), evs)
}

// serveForm takes the two kinds of form POSTs: interactivity (the field
// payload) and slash commands (the field command).
func (a *Adapter) serveForm(w http.ResponseWriter, r *http.Request, e Engine, body []byte) {
	form, err := url.ParseQuery(string(body))
	if err != nil {
		writeError(w, http.StatusBadRequest, "malformed form body")
		return
	}
	if form.Get("payload") == "" && form.Get("command") != "" {
		a.serveSlash(w, r, e, form)
		return
	}
	a.serveInteraction(w, r, e, form)
}

// serveSlash acknowledges a slash command with an empty 200, which Slack
// shows as nothing, and answers it in the background (see fromSlash).
func (a *Adapter) serveSlash(w http.ResponseWriter, r *http.Request, e Engine, form url.Values) {
	evs, wrap := a.fromSlash(slashFromForm(form))
	if len(evs) == 0 {
		w.WriteHeader(http.StatusOK)
		return
	}
	if !a.disp.TryAcquire() {
		// A slash command is not redelivered: say so instead of 503.
		a.log.LogAttrs(r.Context(), slog.LevelWarn, "too many Slack events in flight; slash command refused")
		writeJSON(w, http.StatusOK, map[string]string{"response_type": "ephemeral", "text": text(a.opts.Lang, txtSlashUnanswered)})
		return
	}
	a.disp.Dispatch(r.Context(), wrap(e), evs)
	w.WriteHeader(http.StatusOK)
}

// slashFromForm reads the fields of a slash command's form.
func slashFromForm(f url.Values) slackapi.SlashCommand {
	return slackapi.SlashCommand{
		TeamID: f.Get("team_id"), TeamDomain: f.Get("team_domain"), EnterpriseID: f.Get("enterprise_id"),
		ChannelID: f.Get("channel_id"), ChannelName: f.Get("channel_name"),
		UserID: f.Get("user_id"), UserName: f.Get("user_name"),
		Command: f.Get("command"), Text: f.Get("text"), ResponseURL: f.Get("response_url"),
		TriggerID: f.Get("trigger_id"), APIAppID: f.Get("api_app_id"),
	}
}

func (a *Adapter) serveInteraction(w http.ResponseWriter, r *http.Request, e Engine, form url.Values) {
	payload := form.Get("payload")
	if payload == "" {
		writeError(w, http.StatusBadRequest, "form field payload missing")
		return
	}
	var cb slackapi.InteractionCallback
	if err := json.Unmarshal([]byte(payload), &cb); err != nil {
		writeError(w, http.StatusBadRequest, "malformed JSON in payload")
		return
	}
	evs := a.fromInteraction(&cb)
	if len(evs) == 0 {
		w.WriteHeader(http.StatusOK)
		return
	}
	a.accept(w, r, e, evs)
}

// accept answers 200 and hands evs to the engine in the background, or
// answers 503 when too many deliveries are in flight, so that Slack retries.
func (a *Adapter) accept(w http.ResponseWriter, r *http.Request, e Engine, evs []bot.Event) {
	if !a.disp.TryAcquire() {
		a.log.LogAttrs(r.Context(), slog.LevelWarn, "too many Slack events in flight; asking Slack to retry",
			slog.String("event_id", evs[0].ID))
		w.Header().Set("Retry-After", "5")
		writeError(w, http.StatusServiceUnavailable, "busy, retry later")
		return
	}
	a.disp.Dispatch(r.Context(), e, evs)
	w.WriteHeader(http.StatusOK)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func writeError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"error": msg})
}
