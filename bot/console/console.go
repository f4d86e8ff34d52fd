// Package console is a terminal adapter: a REPL that reads the user's
// messages from a reader, one per line, and prints the bot's replies.
package console

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/mspbot/mspbot/bot"
)

// Platform is the console's platform name.
const Platform = "console"

// Engine runs events; *bot.Engine implements it.
type Engine interface {
	Handle(ctx context.Context, ev bot.Event) (bot.Outcome, error)
}

// Adapter is the REPL. Replies the bot sends to the console conversation,
// also outside of a message (reminders), are printed as they come.
type Adapter struct {
	out    io.Writer
	user   string
	prompt string
	mu     sync.Mutex
	// buttons are those of the last reply that had any, and the message
	// they belong to: typing a button's number presses it.
	buttons []bot.Button
	on      bot.Ref
}

// New returns a console that prints to out and speaks as user.
func New(out io.Writer, user string) *Adapter {
	if user == "" {
		user = "console"
	}
	return &Adapter{out: out, user: user, prompt: "> "}
}

// Send implements bot.Sender by printing the reply.
func (a *Adapter) Send(_ context.Context, to bot.Ref, r bot.Reply) (bot.Sent, error) {
	ref := to.Conversation()
	ref.Message = "m-" + bot.NewID(6)
	var b strings.Builder
	b.WriteString("bot: ")
	b.WriteString(strings.ReplaceAll(r.Text, "\n", "\n     "))
	for i, btn := range r.Buttons {
		fmt.Fprintf(&b, "\n     [%d] %s", i+1, btn.Label)
	}
	b.WriteString("\n")
	a.mu.Lock()
	defer a.mu.Unlock()
	if len(r.Buttons) > 0 {
		a.buttons, a.on = r.Buttons, ref
	}
	if _, err := io.WriteString(a.out, b.String()); err != nil {
		return bot.Sent{}, fmt.Errorf("console send: %w", err)
	}
	return bot.Sent{Ref: ref, Text: r.Text, Buttons: r.Buttons, Time: time.Now().UTC()}, nil
}

// Run reads lines from in until EOF, "exit" / "quit", or ctx ends, and
// hands each non-empty line to e as a message.
func (a *Adapter) Run(ctx context.Context, in io.Reader, e Engine) error {
	lines := make(chan string)
	errc := make(chan error, 1)
	go func() {
		sc := bufio.NewScanner(in)
		sc.Buffer(make([]byte, 64<<10), 64<<10)
		for sc.Scan() {
			select {
			case lines <- sc.Text():
			case <-ctx.Done():
				return
			}
		}
		errc <- sc.Err()
		close(lines)
	}()
	a.printPrompt()
	for {
		select {
		case <-ctx.Done():
			return nil
		case line, ok := <-lines:
			if !ok {
				if err := <-errc; err != nil {
					return fmt.Errorf("console: reading input: %w", err)
				}
				return nil
			}
			line = strings.TrimSpace(line)
			switch strings.ToLower(line) {
			case "":
				a.printPrompt()
				continue
			case "exit", "quit", "/exit", "/quit":
				return nil
			}
			ev := a.event(line)
			if _, err := e.Handle(ctx, ev); err != nil && !errors.Is(err, bot.ErrUnavailable) && ctx.Err() == nil {
				a.mu.Lock()
				fmt.Fprintf(a.out, "error: %v\n", err)
				a.mu.Unlock()
			}
			a.printPrompt()
		}
	}
}

// event is what a typed line means: the number of a button shown last
// presses it ("1" for "[1] Ja"); anything else is a message.
func (a *Adapter) event(line string) bot.Event {
	ref := bot.Ref{Platform: Platform, Channel: "console", User: a.user, Message: "u-" + bot.NewID(6)}
	a.mu.Lock()
	defer a.mu.Unlock()
	shown := a.buttons
	a.buttons = nil // only the buttons shown since the last line count
	if n, err := strconv.Atoi(strings.Trim(line, " .)]([")); err == nil && n >= 1 && n <= len(shown) {
		btn := shown[n-1]
		return bot.Event{Kind: bot.KindButton, Ref: ref, Target: a.on, Action: btn.Action, Value: btn.Value}
	}
	return bot.Event{Kind: bot.KindMessage, Text: line, Ref: ref}
}

func (a *Adapter) printPrompt() {
	a.mu.Lock()
	defer a.mu.Unlock()
	_, _ = io.WriteString(a.out, a.prompt)
}
