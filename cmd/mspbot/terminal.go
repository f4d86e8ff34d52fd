package main

import (
	"io"
	"log/slog"
	"os"
	"path/filepath"

	"golang.org/x/term"

	"github.com/mspbot/mspbot/bot/console"
	"github.com/mspbot/mspbot/config"
)

// chatLogs decides where log messages go while the bot chats with a person
// in the terminal, so that they do not run through the conversation: with
// MSPBOT_LOG_LEVEL set, or stderr not a terminal, to stderr as always;
// otherwise appended to mspbot.log in dir (the user's cache directory), or,
// when that cannot be opened, to stderr at warning level. It returns the
// logger, what the console's greeting should say about it, and a func that
// closes the file.
func chatLogs(cfg *config.Config, stderr io.Writer, stderrTerminal bool, dir string) (*slog.Logger, console.Terminal, func()) {
	none := func() {}
	if !stderrTerminal || cfg.Source("MSPBOT_LOG_LEVEL") != "default" {
		return newLogger(cfg, stderr), console.Terminal{}, none
	}
	path := filepath.Join(dir, "mspbot.log")
	if err := os.MkdirAll(dir, 0o700); err == nil {
		if f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600); err == nil {
			return newLogger(cfg, f), console.Terminal{LogFile: path}, func() { _ = f.Close() }
		}
	}
	quiet := *cfg
	quiet.LogLevel = "warn"
	return newLogger(&quiet, stderr), console.Terminal{WarningsOnly: true}, none
}

// logDir is where chatLogs keeps mspbot.log: the user's cache directory,
// else the temporary one.
func logDir() string {
	if d, err := os.UserCacheDir(); err == nil {
		return filepath.Join(d, "mspbot")
	}
	return filepath.Join(os.TempDir(), "mspbot")
}

// terminalWidth is the width of out when it is a terminal, else 80.
func terminalWidth(out io.Writer) int {
	if f, ok := out.(*os.File); ok {
		if w, _, err := term.GetSize(int(f.Fd())); err == nil && w > 20 {
			return w
		}
	}
	return 80
}

// isTerminalWriter reports whether w is a terminal.
func isTerminalWriter(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// setUpConsole gives the console its greeting, language (LANG), width and
// the note on the logs.
func (a *app) setUpConsole(t console.Terminal, out io.Writer, getenv func(string) (string, bool), serving bool) {
	lang, ok := getenv("LC_ALL")
	if !ok || lang == "" {
		lang, _ = getenv("LANG")
	}
	t.Lang = console.LangFromEnv(lang)
	t.Width = terminalWidth(out)
	t.Greet = true
	t.Serving = serving
	a.console.SetTerminal(t)
}
