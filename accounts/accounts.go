// Package accounts is the vendor-account action: the step that enables a
// vendor's account in the provider's directory when an approved access
// window starts and disables it when the window ends. The provider connects
// it to its directory in one of three ways:
//
//   - Webhook: a signed JSON POST to a URL (MSPBOT_ACCOUNT_WEBHOOK_URL);
//   - Command: an executable run without a shell (MSPBOT_ACCOUNT_COMMAND);
//   - LogOnly: nothing is changed, the bot logs and records what it would
//     do (the default when neither is configured).
//
// Callers (the vendor-appointment jobs) retry a failed Disable until it
// succeeds; every implementation is safe to call again for the same request.
package accounts

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"
	"unicode"
)

// Request names the account to change and why.
type Request struct {
	// AppointmentID is the vendor appointment the change belongs to.
	AppointmentID string `json:"appointment_id"`
	// Vendor is the vendor's name ("DATEV eG").
	Vendor string `json:"vendor"`
	// Account is the vendor's account name in the directory.
	Account string `json:"account"`
	// System is the server or system the access is for.
	System string `json:"system"`
	// Admin reports whether the window grants admin rights.
	Admin bool `json:"admin"`
	// Until is the end of the access window (for Enable; the directory may
	// set it as the account's expiry as a second safeguard).
	Until time.Time `json:"until,omitzero"`
}

// Action enables and disables vendor accounts.
type Action interface {
	Enable(ctx context.Context, r Request) error
	Disable(ctx context.Context, r Request) error
}

// The two actions.
const (
	ActionEnable  = "enable"
	ActionDisable = "disable"
)

// ErrInvalid wraps a request that cannot be carried out as given.
var ErrInvalid = errors.New("accounts: invalid request")

// ErrRejected wraps a refusal that repeating will not change (the webhook
// answered 4xx other than 408 and 429). Callers that must not give up (the
// disable step) retry anyway and raise an alarm.
var ErrRejected = errors.New("accounts: request rejected")

// Validate checks r: an appointment id and an account are required; no field
// may hold control characters or start with "-" (so that no field is taken
// for an option by a command).
func (r Request) Validate() error {
	if strings.TrimSpace(r.AppointmentID) == "" {
		return fmt.Errorf("%w: no appointment id", ErrInvalid)
	}
	if strings.TrimSpace(r.Account) == "" {
		return fmt.Errorf("%w: no account name", ErrInvalid)
	}
	for name, v := range map[string]string{"appointment id": r.AppointmentID, "vendor": r.Vendor, "account": r.Account, "system": r.System} {
		if len(v) > 256 || strings.HasPrefix(v, "-") || strings.ContainsFunc(v, unicode.IsControl) {
			return fmt.Errorf("%w: %s %q", ErrInvalid, name, v)
		}
	}
	return nil
}

// Call is one action LogOnly was asked for.
type Call struct {
	// Action is ActionEnable or ActionDisable.
	Action  string
	Request Request
	// At is when it was asked.
	At time.Time
}

// LogOnly changes nothing: it logs each request and records it (Calls). It
// is the action when none is configured, so that the embedded mode and
// tests show what would happen.
type LogOnly struct {
	// Logger gets one warning per request (default slog.Default()).
	Logger *slog.Logger
	// Now is the clock (default time.Now).
	Now func() time.Time

	mu    sync.Mutex
	calls []Call
}

// Enable logs and records an enable request.
func (l *LogOnly) Enable(ctx context.Context, r Request) error { return l.do(ctx, ActionEnable, r) }

// Disable logs and records a disable request.
func (l *LogOnly) Disable(ctx context.Context, r Request) error { return l.do(ctx, ActionDisable, r) }

func (l *LogOnly) do(ctx context.Context, action string, r Request) error {
	if err := r.Validate(); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	now := time.Now
	if l.Now != nil {
		now = l.Now
	}
	log := l.Logger
	if log == nil {
		log = slog.Default()
	}
	log.Warn("vendor account action not configured (MSPBOT_ACCOUNT_WEBHOOK_URL or MSPBOT_ACCOUNT_COMMAND): do it by hand",
		"component", "accounts", "action", action, "appointment", r.AppointmentID, "vendor", r.Vendor,
		"account", r.Account, "system", r.System, "admin", r.Admin)
	l.mu.Lock()
	defer l.mu.Unlock()
	l.calls = append(l.calls, Call{Action: action, Request: r, At: now()})
	return nil
}

// Calls returns the requests so far, oldest first.
func (l *LogOnly) Calls() []Call {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]Call(nil), l.calls...)
}

// FromSettings returns the action the settings choose: a Webhook when
// webhookURL is set, a Command when command is, else a LogOnly. kind is
// "webhook", "command" or "log-only" for the start-up message.
func FromSettings(webhookURL, webhookSecret, command string, log *slog.Logger) (a Action, kind string, err error) {
	switch {
	case webhookURL != "" && command != "":
		return nil, "", fmt.Errorf("%w: set either MSPBOT_ACCOUNT_WEBHOOK_URL or MSPBOT_ACCOUNT_COMMAND, not both", ErrInvalid)
	case webhookURL != "":
		w, err := NewWebhook(WebhookOptions{URL: webhookURL, Secret: webhookSecret, Logger: log})
		return w, "webhook", err
	case command != "":
		c, err := NewCommand(CommandOptions{Path: command, Logger: log})
		return c, "command", err
	}
	return &LogOnly{Logger: log}, "log-only", nil
}

// truncate shortens s to n bytes (on a rune boundary) and marks the cut.
func truncate(s string, n int) string {
	s = strings.TrimSpace(s)
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !utf8Start(s[cut]) {
		cut--
	}
	return s[:cut] + "… (truncated)"
}

func utf8Start(b byte) bool { return b&0xC0 != 0x80 }
