package teams

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"

	"github.com/mspbot/mspbot/bot"
)

// Handler returns the messaging endpoint, to be mounted at
// POST /teams/messages (the Azure Bot's "Messaging endpoint").
//
// The Authorization header's token is verified before the body is read
// (401: missing, forged, expired, for another app, or not endorsed for
// Teams); then the body is read (at most MaxBody bytes, else 413) and parsed
// (400 when it is not an activity), and the token's serviceurl claim must
// equal the activity's serviceUrl (401). A message, reaction or button
// activity is acknowledged at once (202; an adaptiveCard/action invoke with
// its invoke response, 200) and handed to e in the background (see Wait);
// a reply without a mention in a channel thread only when the bot answered
// in that thread (Threads). Redeliveries carry the same activity id, which
// the engine runs once. An installation of the bot (installationUpdate
// "add", or the bot among a conversationUpdate's membersAdded) is answered
// 202 and welcomed once, in the background.
func (a *Adapter) Handler(e Engine) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", http.MethodPost)
			writeError(w, http.StatusMethodNotAllowed, "use POST")
			return
		}
		v := a.currentVerifier()
		if v == nil {
			w.Header().Set("Retry-After", "5")
			writeError(w, http.StatusServiceUnavailable, "starting: the Teams signing keys are not loaded yet")
			return
		}
		claims, err := v.verify(r.Context(), r.Header.Get("Authorization"))
		if err != nil {
			a.refuse(r, err)
			writeError(w, http.StatusUnauthorized, "token missing, invalid or expired")
			return
		}
		if r.ContentLength > MaxBody {
			writeError(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("request body over %d bytes", MaxBody))
			return
		}
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBody))
		if err != nil {
			var tooBig *http.MaxBytesError
			if errors.As(err, &tooBig) {
				writeError(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("request body over %d bytes", MaxBody))
			} else {
				writeError(w, http.StatusBadRequest, "could not read the request body")
			}
			return
		}
		var act activity
		if err := json.Unmarshal(body, &act); err != nil {
			writeError(w, http.StatusBadRequest, "malformed JSON: not an activity")
			return
		}
		if act.Type == "" || act.ServiceURL == "" {
			writeError(w, http.StatusBadRequest, "not an activity: type and serviceUrl are required")
			return
		}
		if err := checkServiceURL(claims, act.ServiceURL); err != nil {
			a.refuse(r, err)
			writeError(w, http.StatusUnauthorized, "token is not valid for this serviceUrl")
			return
		}
		if act.ChannelID != ChannelID {
			a.log.LogAttrs(r.Context(), slog.LevelDebug, "activity of another channel ignored", slog.String("channel", act.ChannelID))
			w.WriteHeader(http.StatusAccepted)
			return
		}
		// The serviceUrl is now known to be the connector's own.
		place := act.place()
		a.learn(act.ServiceURL, place.Channel, act.ChannelData.Team.ID)

		a.greet(r.Context(), &act)
		evs := act.events()
		invoke := act.Type == "invoke"
		var h bot.EventHandler = e
		if len(evs) == 0 && !invoke {
			if ev, ok := act.threadReply(); ok {
				evs, h = []bot.Event{ev}, followUp{a: a, e: e}
			}
		}
		if invoke && len(evs) == 0 {
			writeJSON(w, http.StatusNotImplemented, map[string]any{"statusCode": http.StatusNotImplemented})
			return
		}
		if len(evs) == 0 {
			w.WriteHeader(http.StatusAccepted)
			return
		}
		if !a.disp.TryAcquire() {
			a.log.LogAttrs(r.Context(), slog.LevelWarn, "too many Teams activities in flight; asking the connector to retry",
				slog.String("event_id", evs[0].ID))
			w.Header().Set("Retry-After", "5")
			writeError(w, http.StatusServiceUnavailable, "busy, retry later")
			return
		}
		a.disp.Dispatch(r.Context(), h, evs)
		if invoke {
			// The answer comes as a message of its own; the card stays.
			writeJSON(w, http.StatusOK, invokeResponse)
			return
		}
		w.WriteHeader(http.StatusAccepted)
	})
}

// invokeResponse answers an adaptiveCard/action invoke: accepted, with a
// short message Teams shows on the card.
var invokeResponse = map[string]any{
	"statusCode": http.StatusOK,
	"type":       "application/vnd.microsoft.activity.message",
	"value":      "OK",
}

func (a *Adapter) refuse(r *http.Request, err error) {
	reason := err.Error()
	if i := strings.Index(reason, "\n"); i >= 0 {
		reason = reason[:i]
	}
	a.log.LogAttrs(r.Context(), slog.LevelWarn, "refused Teams request",
		slog.String("platform", Platform), slog.String("remote", r.RemoteAddr), slog.String("reason", reason))
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
