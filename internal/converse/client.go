package converse

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

const (
	requestTimeout = 15 * time.Second // per HTTP request
	maxWait        = 60 * time.Second // longest {"wait_s": N} and longest 429 back-off
)

// botError is a request to the bot that failed; its text goes into the
// failure line.
type botError struct{ msg string }

func (e *botError) Error() string { return e.msg }

// client speaks the bot's JSON API.
type client struct {
	base  string
	token string
	http  *http.Client
}

func newClient(base, token string, hc *http.Client) *client {
	if hc == nil {
		hc = &http.Client{Timeout: requestTimeout}
	}
	return &client{base: strings.TrimRight(base, "/"), token: token, http: hc}
}

// sleep waits d or until ctx ends.
func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// retryAfter is how long a 429 asks to wait: Retry-After in seconds (or
// as a date), 5 s without one, at most maxWait.
func retryAfter(h string) time.Duration {
	wait := 5 * time.Second
	if h = strings.TrimSpace(h); h != "" {
		if f, err := strconv.ParseFloat(h, 64); err == nil {
			wait = time.Duration(f * float64(time.Second))
		} else if t, err := http.ParseTime(h); err == nil {
			wait = time.Until(t)
		}
	}
	return min(max(wait, 0), maxWait)
}

// do sends one request and decodes its JSON answer; a 429 is waited out
// once.
func (c *client) do(ctx context.Context, method, path string, body any) (any, error) {
	for attempt := 0; ; attempt++ {
		v, status, retry, err := c.once(ctx, method, path, body)
		if status == http.StatusTooManyRequests && attempt == 0 {
			if err := sleep(ctx, retry); err != nil {
				return nil, err
			}
			continue
		}
		return v, err
	}
}

func (c *client) once(ctx context.Context, method, path string, body any) (any, int, time.Duration, error) {
	var rd io.Reader
	if body != nil {
		data, err := json.Marshal(body)
		if err != nil {
			return nil, 0, 0, err
		}
		rd = bytes.NewReader(data)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, rd)
	if err != nil {
		return nil, 0, 0, &botError{fmt.Sprintf("%s %s: %v", method, path, err)}
	}
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	res, err := c.http.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return nil, 0, 0, ctx.Err()
		}
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return nil, 0, 0, &botError{fmt.Sprintf("%s %s: %v", method, path, err)}
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	if err != nil {
		return nil, 0, 0, &botError{fmt.Sprintf("%s %s: %v", method, path, err)}
	}
	if res.StatusCode < 200 || res.StatusCode > 299 {
		msg := string(bytes.ToValidUTF8(raw, []byte("\uFFFD")))
		if v, err := decodeJSON(raw); err == nil {
			if o := asObject(v); o != nil && o.has("error") {
				msg = pyStr(o.get("error"))
			}
		}
		return nil, res.StatusCode, retryAfter(res.Header.Get("Retry-After")),
			&botError{fmt.Sprintf("HTTP %d on %s %s: %s", res.StatusCode, method, path, shortN(msg, 120))}
	}
	if len(raw) == 0 {
		raw = []byte("{}")
	}
	v, err := decodeJSON(raw)
	if err != nil {
		return nil, res.StatusCode, 0, &botError{fmt.Sprintf("%s %s: answer is not JSON", method, path)}
	}
	return v, res.StatusCode, 0, nil
}

// list returns the answer's list under key (replies, messages).
func list(v any, key string) []any {
	l, _ := asObject(v).get(key).([]any)
	return l
}

func (c *client) message(ctx context.Context, conv, user, text string, userName any) ([]any, error) {
	body := map[string]any{"conversation": conv, "user": user, "text": text}
	if truthy(userName) {
		body["user_name"] = plain(userName)
	}
	v, err := c.do(ctx, http.MethodPost, "/api/messages", body)
	return list(v, "replies"), err
}

func (c *client) reaction(ctx context.Context, conv, user string, mid any, emoji string) ([]any, error) {
	body := map[string]any{"conversation": conv, "user": user, "message_id": plain(mid), "emoji": emoji}
	v, err := c.do(ctx, http.MethodPost, "/api/reactions", body)
	return list(v, "replies"), err
}

func (c *client) button(ctx context.Context, conv, user string, mid, action, value any) ([]any, error) {
	body := map[string]any{"conversation": conv, "user": user, "message_id": plain(mid), "action": plain(action)}
	if truthy(value) {
		body["value"] = plain(value)
	}
	v, err := c.do(ctx, http.MethodPost, "/api/buttons", body)
	return list(v, "replies"), err
}

func (c *client) history(ctx context.Context, conv string) ([]any, error) {
	v, err := c.do(ctx, http.MethodGet, "/api/conversations/"+quote(conv)+"/messages", nil)
	return list(v, "messages"), err
}

// quote is urllib's quote(s, safe=""): everything but letters, digits and
// _.-~ percent-encoded.
func quote(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || strings.IndexByte("_.-~", c) >= 0 {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

// plain turns a decoded JSON value back into one encoding/json writes.
func plain(v any) any {
	switch x := v.(type) {
	case *object:
		m := map[string]any{}
		if x != nil {
			for _, k := range x.keys {
				m[k] = plain(x.vals[k])
			}
		}
		return m
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = plain(e)
		}
		return out
	}
	return v
}
