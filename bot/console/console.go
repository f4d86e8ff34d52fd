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
	"unicode/utf8"

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
	term    Terminal
}

// Terminal says how the console talks to a person at a terminal. The zero
// value prints replies as they are, without a greeting (for scripts and
// tests).
type Terminal struct {
	// Lang is the greeting's language, "de" or "en" (see LangFromEnv).
	Lang string
	// Width wraps replies at word boundaries to this many columns; 0 does
	// not wrap.
	Width int
	// Greet prints a greeting, how to answer buttons and how to leave when
	// Run starts.
	Greet bool
	// Serving says the web chat runs beside the console: leaving the chat
	// does not stop the program.
	Serving bool
	// LogFile, when set, is where the program's log messages go while it
	// chats here; the greeting names it.
	LogFile string
	// WarningsOnly says only warnings are logged here while chatting; the
	// greeting says so.
	WarningsOnly bool
}

// LangFromEnv is the greeting's language for the LANG (or LC_ALL)
// environment value: "de" for German locales, otherwise "en".
func LangFromEnv(lang string) string {
	if strings.HasPrefix(strings.ToLower(lang), "de") {
		return "de"
	}
	return "en"
}

// SetTerminal sets how the console talks to a person; call it before Run.
func (a *Adapter) SetTerminal(t Terminal) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.term = t
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
	a.mu.Lock()
	defer a.mu.Unlock()
	var b strings.Builder
	b.WriteString("bot: ")
	b.WriteString(strings.ReplaceAll(Wrap(r.Text, a.term.Width-len(indent)), "\n", "\n"+indent))
	for i, btn := range r.Buttons {
		fmt.Fprintf(&b, "\n%s[%d] %s", indent, i+1, btn.Label)
	}
	b.WriteString("\n")
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
	a.greet()
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

// indent is what lines of a reply after its first start with, under "bot: ".
const indent = "     "

// greet prints the greeting of the terminal settings, if any.
func (a *Adapter) greet() {
	a.mu.Lock()
	defer a.mu.Unlock()
	t := a.term
	if !t.Greet {
		return
	}
	g := greetings["en"]
	if t.Lang == "de" {
		g = greetings["de"]
	}
	lines := []string{g.intro, g.leave}
	if t.Serving {
		lines[1] = g.leaveServing
	}
	switch {
	case t.LogFile != "":
		lines = append(lines, g.logFile+t.LogFile+".")
	case t.WarningsOnly:
		lines = append(lines, g.warningsOnly)
	}
	for _, l := range lines {
		_, _ = io.WriteString(a.out, Wrap(l, a.term.Width)+"\n")
	}
}

// Wrap breaks text into lines of at most width columns at spaces, keeping
// its own line breaks and the lines that fit as they are; a word longer
// than width (a URL) stands on a line of its own, unbroken. width < 1
// returns text as it is.
func Wrap(text string, width int) string {
	if width < 1 {
		return text
	}
	var b strings.Builder
	for i, para := range strings.Split(text, "\n") {
		if i > 0 {
			b.WriteByte('\n')
		}
		if utf8.RuneCountInString(para) <= width {
			b.WriteString(para) // fits: kept as written, spaces and all
			continue
		}
		lead := len(para) - len(strings.TrimLeft(para, " "))
		col := 0
		for j, w := range strings.Fields(para) {
			n := utf8.RuneCountInString(w)
			switch {
			case j == 0:
				b.WriteString(para[:lead])
				col = lead
			case col+1+n > width:
				b.WriteByte('\n')
				col = 0
			default:
				b.WriteByte(' ')
				col++
			}
			b.WriteString(w)
			col += n
		}
	}
	return b.String()
}

func (a *Adapter) printPrompt() {
	a.mu.Lock()
	defer a.mu.Unlock()
	_, _ = io.WriteString(a.out, a.prompt)
}

// greeting is the console's greeting in one language.
type greeting struct {
	intro, leave, leaveServing, logFile, warningsOnly string
}

// greetings are the console's greetings by language.
var greetings = map[string]greeting{
	"de": {
		intro:        "mspbot im Terminal: Schreiben Sie Ihre Nachricht und drücken Sie Enter. Bei Knöpfen wie [1] Ja genügt die Zahl.",
		leave:        "Beenden mit exit oder Strg-D.",
		leaveServing: "exit oder Strg-D beendet den Chat hier (der Web-Chat läuft weiter); Strg-C beendet mspbot.",
		logFile:      "Die Protokollmeldungen des Programms stehen in ",
		warningsOnly: "Protokollmeldungen: hier nur Warnungen (alle mit MSPBOT_LOG_LEVEL=info).",
	},
	"en": {
		intro:        "mspbot in the terminal: type your message and press Enter. For buttons like [1] Yes, type the number.",
		leave:        "Leave with exit or Ctrl-D.",
		leaveServing: "exit or Ctrl-D leaves the chat here (the web chat keeps running); Ctrl-C stops mspbot.",
		logFile:      "The program's log messages go to ",
		warningsOnly: "Log messages: only warnings here (all with MSPBOT_LOG_LEVEL=info).",
	},
}
