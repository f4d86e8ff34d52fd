package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/mspbot/mspbot/bot"
	"github.com/mspbot/mspbot/bot/console"
	"github.com/mspbot/mspbot/bot/discord"
	"github.com/mspbot/mspbot/bot/slack"
	"github.com/mspbot/mspbot/bot/teams"
	"github.com/mspbot/mspbot/bot/web"
	"github.com/mspbot/mspbot/config"
	"github.com/mspbot/mspbot/handlers"
	"github.com/mspbot/mspbot/internal/redact"
	"github.com/mspbot/mspbot/jobs"
	"github.com/mspbot/mspbot/knowledge"
	"github.com/mspbot/mspbot/metrics"
	"github.com/mspbot/mspbot/nlu"
	"github.com/mspbot/mspbot/redisstore"
	"github.com/mspbot/mspbot/scheduling"
	"github.com/mspbot/mspbot/tickets"
)

// app is the wired program: one Redis client, the stores, the engine and
// the adapters.
type app struct {
	cfg     *config.Config
	log     *slog.Logger
	conn    *redisstore.Connection
	metrics *metrics.Metrics
	engine  *bot.Engine
	web     *web.Adapter
	console *console.Adapter
	slack   *slack.Adapter
	discord *discord.Adapter
	teams   *teams.Adapter
	tickets *tickets.Service
	store   *redisstore.Tickets
	// Vendor appointments (see vendors.go): their store, the durable job
	// queue and runner, and the account steps the jobs run.
	appointments *scheduling.Appointments
	// vendors is the vendor dialogue, for the hourly expiry of holds.
	vendors      *handlers.Vendors
	jobQueue     *jobs.Queue
	jobRunner    *jobs.Runner
	vendorAccess *handlers.VendorAccess
	// protocols is the meeting-protocol conversation (see protocol.go).
	protocols *handlers.Protocols
}

// newLogger returns the program's logger, text or JSON on w. Every string,
// error and URL it is given has the secrets of the URLs in it masked
// (internal/redact), whichever package logs it: Go's HTTP client, go-redis
// and the platform SDKs quote URLs in their errors. Packages name their
// component on each line themselves, so hand them this logger as it is: a
// With("component", …) on top would give the line the key twice.
func newLogger(cfg *config.Config, w io.Writer) *slog.Logger {
	var level slog.Level
	_ = level.UnmarshalText([]byte(cfg.LogLevel))
	opts := &slog.HandlerOptions{Level: level, ReplaceAttr: redactAttr}
	if cfg.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// redactAttr masks the URL secrets in a log record's message and values.
func redactAttr(_ []string, a slog.Attr) slog.Attr {
	switch a.Value.Kind() {
	case slog.KindString:
		if s := a.Value.String(); strings.Contains(s, "://") {
			a.Value = slog.StringValue(redact.Text(s))
		}
	case slog.KindAny:
		switch v := a.Value.Any().(type) {
		case *url.URL:
			if v != nil {
				a.Value = slog.StringValue(redact.URL(v.String()))
			}
		case error:
			if msg := v.Error(); strings.Contains(msg, "://") {
				a.Value = slog.StringValue(redact.Text(msg))
			}
		}
	}
	return a
}

func loadConfig(stderr io.Writer, getenv func(string) (string, bool)) (*config.Config, bool) {
	cfg, err := config.Load(getenv)
	if err != nil {
		fmt.Fprintf(stderr, "mspbot: the configuration is not valid:\n%v\n", err)
		return nil, false
	}
	return cfg, true
}

// build wires everything from cfg. consoleOut, when set, gets a console
// adapter.
func build(cfg *config.Config, log *slog.Logger, consoleOut io.Writer) (*app, error) {
	conn, err := redisstore.Open(cfg.RedisURL, cfg.RedisMode)
	if err != nil {
		return nil, err
	}
	a := &app{cfg: cfg, log: log, conn: conn, metrics: metrics.New()}
	conn.Client.AddHook(a.metrics.RedisHook())
	if conn.Embedded {
		log.Warn("REDIS_URL is not set: using the embedded in-memory store; conversations and tickets live in this process only and are lost when it stops",
			"component", "redis")
	} else {
		log.Info("using Redis", "component", "redis", "mode", conn.Mode, "url", redact.URL(cfg.RedisURL))
	}
	keys := redisstore.Keys{Prefix: cfg.RedisPrefix}
	// A web chat visitor who sent one message and left is kept briefly.
	transcripts := redisstore.NewTranscripts(conn.Client, redisstore.TranscriptOptions{Keys: keys, Max: cfg.HistoryMax, TTL: cfg.HistoryTTL})
	// The web chat's replies are transcript entries: each turn's are
	// written by its release (one round trip less per message).
	sessions := redisstore.NewSessions(conn.Client, redisstore.SessionOptions{Keys: keys, IdleTTL: cfg.SessionTTL,
		BriefTTL: min(cfg.VisitorBriefTTL, cfg.SessionTTL), BriefPlatforms: []string{web.PlatformChat}, Transcripts: transcripts})

	base, err := loadKnowledge(cfg)
	if err != nil {
		_ = conn.Close()
		return nil, err
	}
	deps := handlers.Deps{
		Knowledge: base,
		Logger:    log,
	}
	if cfg.OpenAIKey != "" {
		if deps.Grounder, err = newGrounder(cfg, base, log); err != nil {
			_ = conn.Close()
			return nil, err
		}
		log.Info("language model on for unsure messages", "component", "llm", "model", cfg.OpenAIModel)
	}
	calendar, err := cfg.Calendar()
	if err != nil {
		_ = conn.Close()
		return nil, err
	}
	a.store = redisstore.NewTickets(conn.Client, keys)
	a.tickets = tickets.NewService(a.store, cfg.WebhookURL != "")
	rooms := []bot.Ref{{Platform: web.PlatformAPI, Channel: cfg.StaffChannel}}
	if cfg.SlackBotToken != "" && cfg.SlackStaffChan != "" {
		rooms = append(rooms, bot.Ref{Platform: slack.Platform, Channel: cfg.SlackStaffChan})
	}
	if cfg.DiscordToken != "" && cfg.DiscordStaffCh != "" {
		rooms = append(rooms, bot.Ref{Platform: discord.Platform, Channel: cfg.DiscordStaffCh})
	}
	rooms = append(rooms, teamsStaffRooms(cfg)...)
	deps.Reader = &nlu.Reader{Classifier: knowledge.NewClassifier(base, knowledge.Options{Threshold: cfg.Threshold}),
		Calendar: calendar, Region: cfg.PhoneRegion}
	deps.Callbacks = &handlers.Callbacks{Tickets: a.tickets, Calendar: calendar, Region: cfg.PhoneRegion,
		StaffRooms: rooms, StaffLang: cfg.DefaultLang, Logger: log}
	deps.Transcripts = transcripts
	sender, err := a.buildMail()
	if err != nil {
		_ = conn.Close()
		return nil, err
	}
	if deps.Vendors, err = a.buildVendors(keys, calendar, rooms, sender); err != nil {
		_ = conn.Close()
		return nil, err
	}
	a.vendors = deps.Vendors
	if deps.Protocols, err = a.buildProtocols(keys, sender); err != nil {
		_ = conn.Close()
		return nil, err
	}
	mux := handlers.NewMux(deps)
	a.engine = bot.NewEngine(sessions, mux, bot.EngineOptions{
		LockWait:          cfg.LockWait,
		LockTTL:           cfg.LockTTL,
		EventTimeout:      cfg.EventTimeout,
		SeenTTL:           cfg.DedupeTTL,
		UserLimit:         cfg.RateUser,
		ConversationLimit: cfg.RateConv,
		RateWindow:        cfg.RateWindow,
		MaxTextChars:      cfg.MaxMessageChars,
		Logger:            log,
		Observer:          a.metrics,
	})
	// The vendor jobs post reminders and alarms outside of any chat event.
	a.vendorAccess.Poster = a.engine
	routes := map[string]http.Handler{}
	if cfg.SlackBotToken != "" {
		lang := cfg.SlackLang
		if lang == "" {
			lang = cfg.DefaultLang
		}
		a.slack, err = slack.New(slack.Options{
			BotToken: cfg.SlackBotToken, AppToken: cfg.SlackAppToken, SigningSecret: cfg.SlackSigning,
			APIURL: cfg.SlackAPIURL, StaffUsers: cfg.SlackStaffUsers, StaffGroup: cfg.SlackStaffGroup,
			// The threads the bot answered in and the users it welcomed,
			// on the bot's Redis: the same on every replica, kept across
			// restarts.
			Marks: redisstore.NewMarks(conn.Client, keys), ThreadTTL: cfg.SlackThreadTTL, Lang: lang,
			Logger: log, // the adapter names its component itself
		})
		if err != nil {
			_ = conn.Close()
			return nil, err
		}
		a.engine.Register(slack.Platform, a.slack)
		a.engine.SetStaff(slack.Platform, a.slack.Staff())
		if cfg.SlackSigning != "" {
			routes["POST /slack/events"] = a.slack.EventsHandler(a.engine)
		}
	}
	if cfg.DiscordToken != "" {
		a.discord, err = discord.New(discord.Options{
			Token: cfg.DiscordToken, StaffRoles: cfg.DiscordRoles, StaffUsers: cfg.DiscordStaff,
			Commands: cfg.DiscordCommands, WithoutMessageContent: !cfg.DiscordContent, NoThreads: !cfg.DiscordThreads,
			Logger: log, // the adapter names its component itself
		})
		if err != nil {
			_ = conn.Close()
			return nil, err
		}
		a.engine.Register(discord.Platform, a.discord)
		a.engine.SetStaff(discord.Platform, a.discord.Staff())
	}
	if err := a.buildTeams(routes); err != nil {
		_ = conn.Close()
		return nil, err
	}
	vkey, err := visitorKey(cfg, log)
	if err != nil {
		_ = conn.Close()
		return nil, err
	}
	a.buildStaffPage(routes, vkey, transcripts) // /staff (staff.go)
	// The limits per client address are counted in Redis (or the embedded
	// store), so that every replica counts against the same limits.
	a.web = web.New(transcripts, web.Options{
		APIToken:        cfg.APIToken,
		RequireToken:    cfg.APIRequiresToken(),
		AllowedHosts:    cfg.AllowedHosts,
		MaxTextChars:    cfg.MaxMessageChars,
		CookieSecure:    cfg.CookieSecure,
		VisitorKey:      vkey,
		NewVisitorLimit: cfg.RateNewVisitors,
		AddressLimit:    cfg.RateAddress,
		AddressWindow:   cfg.RateWindow,
		AddrCounter:     redisstore.NewAddrCounts(conn.Client, keys),
		TrustedProxies:  cfg.TrustedProxyPrefixes(),
		Ready:           func(ctx context.Context) error { return conn.Client.Ping(ctx).Err() },
		Metrics:         a.metrics.Handler(),
		Routes:          routes,
		Logger:          log,
	})
	orgs, err := bot.ParseOrgMap(cfg.Organizations)
	if err != nil { // Validate has checked it; kept for safety.
		_ = conn.Close()
		return nil, fmt.Errorf("MSPBOT_ORGANIZATIONS: %w", err)
	}
	a.engine.SetOrgs(orgs)
	a.engine.Register(web.PlatformAPI, a.web)
	a.engine.Register(web.PlatformChat, a.web)
	a.engine.SetStaff(web.PlatformAPI, staffDirectory(web.Staff(cfg.StaffUsers))) // + staff page grants (staff.go)
	if consoleOut != nil {
		a.console = console.New(consoleOut, "console")
		a.engine.Register(console.Platform, a.console)
	}
	return a, nil
}

func (a *app) close() {
	if err := a.conn.Close(); err != nil {
		a.log.Warn("closing redis", "component", "redis", "err", err)
	}
}

// waitRedis logs until Redis answers; requests meanwhile get a clear
// "temporarily unavailable" and /readyz says not ready.
func (a *app) waitRedis(ctx context.Context) {
	_ = a.awaitRedis(ctx) // redisup.go
}

func serve(ctx context.Context, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) (string, bool), terminal bool) int {
	cfg, ok := loadConfig(stderr, getenv)
	if !ok {
		return 2
	}
	log, chatNote, closeLog := newLogger(cfg, stderr), console.Terminal{}, func() {}
	var consoleOut io.Writer
	if terminal {
		consoleOut = stdout
		// Logs away from the conversation (terminal.go).
		log, chatNote, closeLog = chatLogs(cfg, stderr, isTerminalWriter(stderr), logDir())
	}
	defer closeLog()
	a, err := build(cfg, log, consoleOut)
	if err != nil {
		log.Error("cannot start", "err", err)
		return 1
	}
	defer a.close()

	ln, err := net.Listen("tcp", cfg.HTTPAddr)
	if err != nil {
		log.Error("cannot listen", "component", "http", "addr", cfg.HTTPAddr, "err", err)
		return 1
	}
	srv := &http.Server{
		Handler:           a.web.Handler(a.engine),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      cfg.LockWait + cfg.LockTTL + cfg.EventTimeout + 10*time.Second,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	fmt.Fprintf(stdout, "mspbot web chat: http://%s/\n", ln.Addr())
	if a.conn.Embedded {
		fmt.Fprintln(stdout, "mspbot: no REDIS_URL set, so all data lives in memory and is gone when mspbot stops.")
	}

	var wg sync.WaitGroup
	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	srvErr := make(chan error, 1)
	go func() { srvErr <- srv.Serve(ln) }()
	a.startPlatforms(runCtx, &wg)
	a.startDebug(runCtx, &wg)
	a.startWhenRedisAnswers(runCtx, &wg) // jobs, retention, webhook, reminders (redisup.go)
	if a.console != nil {
		a.setUpConsole(chatNote, stdout, getenv, true)
		wg.Go(func() {
			if err := a.console.Run(runCtx, stdin, a.engine); err != nil {
				log.Warn("console stopped", "err", err)
			}
		})
	}

	code := 0
	select {
	case <-ctx.Done():
		log.Info("shutting down: finishing requests in flight", "component", "http")
	case err := <-srvErr:
		if !errors.Is(err, http.ErrServerClosed) {
			log.Error("web server failed", "component", "http", "err", err)
			code = 1
		}
	}
	shutCtx, shutCancel := context.WithTimeout(context.Background(), cfg.LockWait+cfg.LockTTL+5*time.Second)
	defer shutCancel()
	if err := srv.Shutdown(shutCtx); err != nil {
		log.Warn("shutdown did not finish in time", "component", "http", "err", err)
	}
	cancel()
	wg.Wait()
	if a.slack != nil {
		a.slack.Wait()
	}
	if a.discord != nil {
		a.discord.Wait()
	}
	if a.teams != nil {
		a.teams.Wait()
	}
	log.Info("stopped")
	return code
}

func chat(ctx context.Context, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) (string, bool)) int {
	cfg, ok := loadConfig(stderr, getenv)
	if !ok {
		return 2
	}
	log, chatNote, closeLog := chatLogs(cfg, stderr, isTerminalWriter(stderr), logDir()) // terminal.go
	defer closeLog()
	a, err := build(cfg, log, stdout)
	if err != nil {
		log.Error("cannot start", "err", err)
		return 1
	}
	defer a.close()
	a.setUpConsole(chatNote, stdout, getenv, false)
	if err := a.console.Run(ctx, stdin, a.engine); err != nil {
		log.Error("chat stopped", "err", err)
		return 1
	}
	return 0
}

func configCheck(stdout, stderr io.Writer, getenv func(string) (string, bool)) int {
	cfg, ok := loadConfig(stderr, getenv)
	if !ok {
		return 2
	}
	if err := cfg.Print(stdout); err != nil {
		return 1
	}
	fmt.Fprintln(stdout, "# configuration is valid")
	return 0
}

// healthcheck asks the bot listening on MSPBOT_HTTP_ADDR whether it is ready.
func healthcheck(ctx context.Context, stderr io.Writer, getenv func(string) (string, bool)) int {
	cfg, ok := loadConfig(stderr, getenv)
	if !ok {
		return 2
	}
	host, port, _ := net.SplitHostPort(cfg.HTTPAddr)
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		host = "127.0.0.1"
	}
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+net.JoinHostPort(host, port)+"/readyz", nil)
	if err != nil {
		fmt.Fprintf(stderr, "healthcheck: %v\n", err)
		return 1
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		fmt.Fprintf(stderr, "healthcheck: %v\n", err)
		return 1
	}
	_ = res.Body.Close()
	if res.StatusCode != http.StatusOK {
		fmt.Fprintf(stderr, "healthcheck: /readyz answered %s\n", res.Status)
		return 1
	}
	return 0
}

// startPlatforms connects the chat platforms that have tokens and says once
// which stay off.
func (a *app) startPlatforms(ctx context.Context, wg *sync.WaitGroup) {
	if a.slack == nil {
		a.log.Info("Slack is off: SLACK_BOT_TOKEN is not set", "component", "slack")
	} else {
		mode := "Events API at POST /slack/events"
		if a.cfg.SlackAppToken != "" {
			mode = "Socket Mode"
		}
		a.log.Info("Slack is on", "component", "slack", "mode", mode)
		wg.Go(func() { a.runSlack(ctx) })
	}
	if a.discord == nil {
		a.log.Info("Discord is off: DISCORD_BOT_TOKEN is not set", "component", "discord")
	} else {
		a.log.Info("Discord is on", "component", "discord")
		wg.Go(func() { a.runDiscord(ctx) })
	}
	a.startTeams(ctx, wg)
}

// runDiscord keeps the gateway connection, reconnecting with backoff when
// it cannot be opened (discordgo resumes a dropped connection itself).
func (a *app) runDiscord(ctx context.Context) {
	backoff := time.Second
	for {
		err := a.discord.Run(ctx, a.engine)
		if ctx.Err() != nil {
			return
		}
		a.log.Warn("Discord connection failed; retrying", "component", "discord", "retry_in", backoff.String(), "err", err)
		select {
		case <-ctx.Done():
			return
		case <-time.After(backoff):
		}
		backoff = min(2*backoff, time.Minute)
	}
}

// runSlack learns the bot's identity (retrying with backoff while Slack
// cannot be reached) and then, with an app token, runs Socket Mode.
func (a *app) runSlack(ctx context.Context) {
	backoff := time.Second
	for {
		sctx, cancel := context.WithTimeout(ctx, 15*time.Second)
		err := a.slack.Start(sctx)
		cancel()
		if err == nil {
			break
		}
		if ctx.Err() != nil {
			return
		}
		a.log.Warn("cannot reach Slack yet; retrying", "component", "slack", "retry_in", backoff.String(), "err", err)
		select {
		case <-ctx.Done():
			return
		case <-time.After(backoff):
		}
		backoff = min(2*backoff, time.Minute)
	}
	if a.cfg.SlackAppToken == "" {
		return
	}
	if err := a.slack.RunSocketMode(ctx, a.engine); err != nil && ctx.Err() == nil {
		a.log.Error("Slack Socket Mode stopped", "component", "slack", "err", err)
	}
}

// startJobs runs the background work: deleting closed tickets after their
// retention, and delivering ticket changes to the PSA webhook.
func (a *app) startJobs(ctx context.Context, wg *sync.WaitGroup) {
	wg.Go(func() {
		t := time.NewTicker(time.Hour)
		defer t.Stop()
		for {
			n, err := a.tickets.Purge(ctx, a.cfg.TicketRetention, time.Now())
			switch {
			case err != nil && ctx.Err() == nil:
				a.log.Warn("deleting old tickets failed", "component", "tickets", "err", err)
			case n > 0:
				a.log.Info("deleted closed tickets past retention", "component", "tickets", "count", n)
			}
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	})
	if a.cfg.WebhookURL != "" {
		wh := tickets.NewWebhook(a.store, a.store, tickets.WebhookOptions{URL: a.cfg.WebhookURL, Secret: a.cfg.WebhookSecret,
			Logger: a.log})
		wg.Go(func() { wh.Run(ctx) })
	}
}
