package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/mspbot/mspbot/internal/converse"
)

const converseUsage = `usage: mspbot converse [flags] FILE…

Plays the scripted conversations of FILE (JSON Lines, see docs/conversations.md)
against a bot and checks every turn and the end result. Prints one line per
conversation (PASS id, or FAIL id turn N: check — what the bot said) and a summary.
Without --url the conversations are played against the bot this program builds
from the environment, as serve would, on a loopback port of its own.
Exit status: 0 all passed, 1 any failed, 2 usage or file error.

flags:
`

// chatPlatformSettings are switched off for the built-in bot: a test run
// must neither post to the provider's real staff rooms nor take events
// from a platform connection the running bot holds.
var chatPlatformSettings = []string{"SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET",
	"DISCORD_BOT_TOKEN", "TEAMS_APP_ID", "TEAMS_APP_PASSWORD", "MSPBOT_DEBUG_ADDR"}

// listFlag is a flag that may be given several times.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

// converseCommand is `mspbot converse`: it plays conversation files against
// the bot at --url, or against a bot of its own.
func converseCommand(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) (string, bool)) int {
	fs := flag.NewFlagSet("converse", flag.ContinueOnError)
	fs.SetOutput(stderr)
	url := fs.String("url", "", "the running bot's base URL, e.g. http://127.0.0.1:8080 (default: a bot of its own)")
	token := fs.String("token", "", "bearer token of the JSON API (default: MSPBOT_API_TOKEN)")
	staffConv := fs.String("staff-conv", "staff", "the staff conversation (MSPBOT_STAFF_CHANNEL)")
	staffUsers := fs.String("staff-users", "alice,bob", "staff user ids, comma-separated (MSPBOT_STAFF_USERS)")
	prefix := fs.String("prefix", "", "conversation and user id prefix (default: a fresh random one per run)")
	var only listFlag
	fs.Var(&only, "only", "play only this conversation id (repeatable, or comma-separated)")
	verbose := fs.Bool("v", false, "print every turn and reply (and the built-in bot's info logs)")
	fs.BoolVar(verbose, "verbose", false, "the same as -v")
	today := fs.String("today", "", "pretend today is YYYY-MM-DD for the date placeholders (testing only)")
	fs.Usage = func() {
		fmt.Fprint(stderr, converseUsage)
		fs.PrintDefaults()
	}
	files, err := parseInterspersed(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		return 2
	}
	if len(files) == 0 {
		fmt.Fprintln(stderr, "mspbot converse: give the conversations file")
		fs.Usage()
		return 2
	}
	opts := converse.Options{URL: *url, Token: *token, StaffConv: *staffConv, Prefix: *prefix, Only: only,
		Verbose: *verbose, Out: stdout, Err: stderr}
	for _, u := range strings.Split(*staffUsers, ",") {
		if u = strings.TrimSpace(u); u != "" {
			opts.StaffUsers = append(opts.StaffUsers, u)
		}
	}
	if opts.StaffUsers == nil {
		opts.StaffUsers = []string{}
	}
	if *today != "" {
		if opts.Today, err = time.Parse(time.DateOnly, *today); err != nil {
			fmt.Fprintf(stderr, "mspbot converse: --today %q: want YYYY-MM-DD\n", *today)
			return 2
		}
	}
	if opts.Token == "" {
		opts.Token, _ = getenv("MSPBOT_API_TOKEN")
	}
	if opts.URL == "" {
		b, code := startBuiltIn(ctx, stderr, getenv, *staffUsers, *staffConv, *verbose)
		if b == nil {
			return code
		}
		defer b.stop()
		opts.URL, opts.Token = b.url, b.token
		// The bot's own staff, where the environment named others than the flags.
		set := map[string]bool{}
		fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
		if !set["staff-conv"] {
			opts.StaffConv = b.staffConv
		}
		if !set["staff-users"] {
			opts.StaffUsers = b.staffUsers
		}
	}
	sum, err := converse.Run(ctx, opts, files...)
	if err != nil {
		fmt.Fprintf(stderr, "mspbot converse: %v\n", err)
		return 2
	}
	if sum.Failed > 0 {
		return 1
	}
	return 0
}

// parseInterspersed parses flags before, between and after the files, as
// converse.py's argparse does.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var files []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return files, nil
		}
		if args[0] == "--" {
			return append(files, args[1:]...), nil
		}
		files = append(files, args[0])
		args = args[1:]
	}
}

// builtIn is the bot serve builds, serving the JSON API on a loopback port
// of its own while the conversations play.
type builtIn struct {
	url, token string
	staffConv  string
	staffUsers []string
	stop       func()
}

// startBuiltIn builds the program from the environment (REDIS_URL picks a
// real Redis, otherwise the embedded store), with the runner's staff users
// and staff conversation where the environment names none and the chat
// platforms switched off, and serves it on 127.0.0.1. On failure it
// returns nil and the exit code.
func startBuiltIn(ctx context.Context, stderr io.Writer, getenv func(string) (string, bool), staffUsers, staffConv string, verbose bool) (*builtIn, int) {
	env := func(k string) (string, bool) {
		switch {
		case k == "MSPBOT_HTTP_ADDR":
			return "127.0.0.1:0", true
		case slices.Contains(chatPlatformSettings, k):
			return "", true
		}
		if v, ok := getenv(k); ok {
			return v, true
		}
		switch k {
		case "MSPBOT_STAFF_USERS":
			return staffUsers, true
		case "MSPBOT_STAFF_CHANNEL":
			return staffConv, true
		}
		return "", false
	}
	cfg, ok := loadConfig(stderr, env)
	if !ok {
		return nil, 2
	}
	if !verbose {
		cfg.LogLevel = "warn"
	}
	log := newLogger(cfg, stderr)
	a, err := build(cfg, log, nil)
	if err != nil {
		log.Error("cannot start", "err", err)
		return nil, 1
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		a.close()
		log.Error("cannot listen", "component", "http", "err", err)
		return nil, 1
	}
	srv := &http.Server{
		Handler:           a.web.Handler(a.engine),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      cfg.LockWait + cfg.LockTTL + cfg.EventTimeout + 10*time.Second,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	runCtx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Go(func() { a.waitRedis(runCtx) })
	wg.Go(func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Error("web server failed", "component", "http", "err", err)
		}
	})
	a.startJobs(runCtx, &wg)
	a.startVendorJobs(runCtx, &wg)
	a.startProtocols(runCtx, &wg)
	stop := func() {
		shutCtx, shutCancel := context.WithTimeout(context.Background(), cfg.LockWait+cfg.LockTTL+5*time.Second)
		defer shutCancel()
		if err := srv.Shutdown(shutCtx); err != nil {
			log.Warn("shutdown did not finish in time", "component", "http", "err", err)
		}
		cancel()
		wg.Wait()
		a.close()
	}
	return &builtIn{url: "http://" + ln.Addr().String(), token: cfg.APIToken,
		staffConv: cfg.StaffChannel, staffUsers: append([]string{}, cfg.StaffUsers...), stop: stop}, 0
}
