package teams

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/mspbot/mspbot/bot"
)

// Send implements bot.Sender through the Bot Connector: a reply to
// to.Message (POST {serviceUrl}/v3/conversations/{id}/activities/{replyToId})
// when it is set, which keeps a channel answer in its thread, else a new
// message in the conversation (POST …/activities), such as a post into the
// staff channel. The text goes as textFormat "xml" with &, < and > escaped
// and line breaks as <br>, so it is shown as written and can never mention
// anyone; buttons go as an Adaptive Card of Action.Execute buttons (with
// Action.Submit as fallback), whose data carries Button.Action and
// Button.Value. The serviceUrl is the conversation's own once an activity
// from it was seen, else Options.ServiceURL.
func (a *Adapter) Send(ctx context.Context, to bot.Ref, r bot.Reply) (bot.Sent, error) {
	if to.Platform != "" && to.Platform != Platform {
		return bot.Sent{}, fmt.Errorf("teams send: conversation of platform %q", to.Platform)
	}
	if to.Channel == "" {
		return bot.Sent{}, errors.New("teams send: no conversation")
	}
	if strings.TrimSpace(r.Text) == "" && len(r.Buttons) == 0 {
		return bot.Sent{}, errors.New("teams send: empty reply")
	}
	out := map[string]any{
		"type":       "message",
		"text":       FormatText(r.Text),
		"textFormat": "xml",
	}
	if len(r.Buttons) > 0 {
		card, err := buttonCard(r.Buttons)
		if err != nil {
			return bot.Sent{}, fmt.Errorf("teams send: %w", err)
		}
		out["attachments"] = []any{card}
	}
	path := "/v3/conversations/" + url.PathEscape(conversationID(to)) + "/activities"
	if to.Message != "" {
		path += "/" + url.PathEscape(to.Message)
		out["replyToId"] = to.Message
	}
	var res struct {
		ID string `json:"id"`
	}
	if err := a.call(ctx, http.MethodPost, a.serviceURL(to.Channel), path, out, &res); err != nil {
		return bot.Sent{}, fmt.Errorf("teams send: %w", err)
	}
	return bot.Sent{
		Ref:     bot.Ref{Platform: Platform, Workspace: to.Workspace, Channel: to.Channel, Thread: to.Thread, Message: res.ID},
		Text:    r.Text,
		Buttons: r.Buttons,
		Time:    a.opts.Now().UTC(),
	}, nil
}

// FormatText renders plain text for textFormat "xml": escaped, with line
// breaks as <br>.
func FormatText(s string) string {
	s = strings.ReplaceAll(strings.TrimSpace(s), "\r\n", "\n")
	return strings.ReplaceAll(html.EscapeString(s), "\n", "<br>")
}

// buttonCard renders buttons as an Adaptive Card attachment with actions
// only; the message text stays above it.
func buttonCard(buttons []bot.Button) (map[string]any, error) {
	var actions []any
	for _, b := range buttons {
		if b.Action == "" {
			return nil, fmt.Errorf("button %q without an action", b.Label)
		}
		label := strings.TrimSpace(b.Label)
		if label == "" {
			label = b.Action
		}
		data := map[string]string{"action": b.Action, "value": b.Value}
		style := "default"
		switch b.Style {
		case "primary":
			style = "positive"
		case "danger":
			style = "destructive"
		}
		actions = append(actions, map[string]any{
			"type": "Action.Execute", "title": label, "verb": b.Action, "data": data, "style": style,
			"fallback": map[string]any{"type": "Action.Submit", "title": label, "data": data, "style": style},
		})
	}
	return map[string]any{
		"contentType": "application/vnd.microsoft.card.adaptive",
		"content": map[string]any{
			"type":    "AdaptiveCard",
			"$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
			"version": "1.4",
			"body":    []any{},
			"actions": actions,
		},
	}, nil
}

// call makes one connector request with the bot's access token, and once
// more with a fresh token when the connector refuses the cached one.
func (a *Adapter) call(ctx context.Context, method, serviceURL, path string, in, out any) error {
	var body []byte
	if in != nil {
		var err error
		if body, err = json.Marshal(in); err != nil {
			return err
		}
	}
	endpoint := strings.TrimSuffix(serviceURL, "/") + path
	for attempt := 0; ; attempt++ {
		tok, err := a.tokens.Token(ctx)
		if err != nil {
			return err
		}
		var rd io.Reader
		if body != nil {
			rd = bytes.NewReader(body)
		}
		req, err := http.NewRequestWithContext(ctx, method, endpoint, rd)
		if err != nil {
			return err
		}
		req.Header.Set("Authorization", "Bearer "+tok)
		req.Header.Set("Accept", "application/json")
		if body != nil {
			req.Header.Set("Content-Type", "application/json; charset=utf-8")
		}
		res, err := a.client.Do(req)
		if err != nil {
			return fmt.Errorf("%s %s: %w", method, path, err)
		}
		data, err := io.ReadAll(io.LimitReader(res.Body, 4<<20))
		_ = res.Body.Close()
		if err != nil {
			return fmt.Errorf("%s %s: %w", method, path, err)
		}
		if res.StatusCode == http.StatusUnauthorized && attempt == 0 {
			a.tokens.Invalidate(tok)
			continue
		}
		if res.StatusCode < 200 || res.StatusCode > 299 {
			return fmt.Errorf("%s %s: HTTP %s: %s", method, path, res.Status, connectorError(data))
		}
		if out != nil && len(bytes.TrimSpace(data)) > 0 {
			if err := json.Unmarshal(data, out); err != nil {
				return fmt.Errorf("%s %s: unreadable answer: %w", method, path, err)
			}
		}
		return nil
	}
}

// connectorError extracts the connector's error message.
func connectorError(data []byte) string {
	var e struct {
		Error struct {
			Code    string `json:"code"`
			Message string `json:"message"`
		} `json:"error"`
	}
	if json.Unmarshal(data, &e) == nil && (e.Error.Code != "" || e.Error.Message != "") {
		return strings.TrimSpace(e.Error.Code + " " + e.Error.Message)
	}
	s := strings.TrimSpace(string(data))
	if len(s) > 200 {
		s = s[:200]
	}
	return s
}
