package accounts

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"time"
)

// CommandOptions configure a Command. Zero values mean the defaults.
type CommandOptions struct {
	// Path is the executable (an absolute path, or a name looked up in
	// PATH at construction; required).
	Path string
	// Timeout limits one run (default 60 s); the process is killed then.
	Timeout time.Duration
	// Env are extra NAME=value entries for the command's environment.
	Env []string
	// Logger gets one line per call (default: discarded).
	Logger *slog.Logger
}

// Command runs an executable for each request, never through a shell:
//
//	<path> enable|disable <account> <system> <appointment id>
//
// with the environment holding only PATH, HOME, LANG, TZ (as the bot has
// them), CommandOptions.Env and the request: ACCOUNT_ACTION, ACCOUNT_NAME,
// ACCOUNT_SYSTEM, ACCOUNT_VENDOR, ACCOUNT_APPOINTMENT, ACCOUNT_ADMIN
// (true/false) and ACCOUNT_UNTIL (RFC 3339, empty when not set). The bot's
// own settings and secrets are not passed on. Exit status 0 means done; any
// other status or the timeout is an error quoting the (truncated) output.
type Command struct {
	opts CommandOptions
}

// NewCommand checks that the executable exists and returns a Command.
func NewCommand(opts CommandOptions) (*Command, error) {
	if opts.Path == "" {
		return nil, fmt.Errorf("%w: no account command", ErrInvalid)
	}
	p, err := exec.LookPath(opts.Path)
	if err != nil {
		return nil, fmt.Errorf("%w: account command %q: %w", ErrInvalid, opts.Path, err)
	}
	if p, err = filepath.Abs(p); err != nil {
		return nil, fmt.Errorf("%w: account command %q: %w", ErrInvalid, opts.Path, err)
	}
	opts.Path = p
	if opts.Timeout <= 0 {
		opts.Timeout = 60 * time.Second
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	return &Command{opts: opts}, nil
}

// Enable runs the command with "enable".
func (c *Command) Enable(ctx context.Context, r Request) error { return c.run(ctx, ActionEnable, r) }

// Disable runs the command with "disable".
func (c *Command) Disable(ctx context.Context, r Request) error { return c.run(ctx, ActionDisable, r) }

func (c *Command) run(ctx context.Context, action string, r Request) error {
	if err := r.Validate(); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, c.opts.Timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, c.opts.Path, action, r.Account, r.System, r.AppointmentID)
	cmd.Env = c.env(action, r)
	cmd.Dir = filepath.Dir(c.opts.Path)
	var out bytes.Buffer
	cmd.Stdout = &limitedBuffer{b: &out, max: 8192}
	cmd.Stderr = cmd.Stdout
	cmd.WaitDelay = 2 * time.Second
	start := time.Now()
	err := cmd.Run()
	if err != nil {
		if ctx.Err() != nil && errors.Is(ctx.Err(), context.DeadlineExceeded) {
			err = fmt.Errorf("no result within %s: %w", c.opts.Timeout, ctx.Err())
		}
		c.opts.Logger.Warn("vendor account command failed", "component", "accounts", "action", action,
			"appointment", r.AppointmentID, "err", err.Error())
		return fmt.Errorf("accounts: %s %s: %s: %w; output: %s", action, r.Account, filepath.Base(c.opts.Path), err, truncate(out.String(), 500))
	}
	c.opts.Logger.Info("vendor account changed", "component", "accounts", "via", "command", "action", action,
		"appointment", r.AppointmentID, "account", r.Account, "system", r.System, "took", time.Since(start).String())
	return nil
}

func (c *Command) env(action string, r Request) []string {
	var env []string
	for _, k := range []string{"PATH", "HOME", "LANG", "TZ"} {
		if v, ok := os.LookupEnv(k); ok {
			env = append(env, k+"="+v)
		}
	}
	env = append(env, c.opts.Env...)
	until := ""
	if !r.Until.IsZero() {
		until = r.Until.UTC().Format(time.RFC3339)
	}
	return append(env,
		"ACCOUNT_ACTION="+action,
		"ACCOUNT_NAME="+r.Account,
		"ACCOUNT_SYSTEM="+r.System,
		"ACCOUNT_VENDOR="+r.Vendor,
		"ACCOUNT_APPOINTMENT="+r.AppointmentID,
		"ACCOUNT_ADMIN="+strconv.FormatBool(r.Admin),
		"ACCOUNT_UNTIL="+until,
	)
}

// limitedBuffer keeps the first max bytes written and drops the rest, so a
// chatty command cannot fill the memory.
type limitedBuffer struct {
	b   *bytes.Buffer
	max int
}

func (l *limitedBuffer) Write(p []byte) (int, error) {
	if room := l.max - l.b.Len(); room > 0 {
		l.b.Write(p[:min(len(p), room)])
	}
	return len(p), nil
}
