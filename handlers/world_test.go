package handlers

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"fmt"
	"log/slog"
	"net/mail"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/mspbot/mspbot/accounts"
	"github.com/mspbot/mspbot/bot"
	"github.com/mspbot/mspbot/config"
	"github.com/mspbot/mspbot/internal/redistest"
	"github.com/mspbot/mspbot/internal/smtptest"
	"github.com/mspbot/mspbot/jobs"
	"github.com/mspbot/mspbot/knowledge"
	mspmail "github.com/mspbot/mspbot/mail"
	"github.com/mspbot/mspbot/nlu"
	"github.com/mspbot/mspbot/protocols"
	"github.com/mspbot/mspbot/redisstore"
	"github.com/mspbot/mspbot/scheduling"
	"github.com/mspbot/mspbot/tickets"
)

// The tests talk to the bot the way cmd/mspbot wires it: the default
// configuration, the embedded knowledge base, a real Redis (sessions,
// tickets, appointments, jobs, protocols) behind the real bot.Engine, and,
// where e-mail matters, a real SMTP server. Only the clock is fixed.

// berlin is the provider's time zone (the default MSPBOT_TIMEZONE).
var berlin, _ = time.LoadLocation("Europe/Berlin")

// monday is the tests' "now": Monday, 23 November 2026, 10:00 in Berlin.
var monday = time.Date(2026, 11, 23, 10, 0, 0, 0, berlin)

// defaults is the configuration mspbot runs with when nothing is set.
var defaults = sync.OnceValue(func() *config.Config {
	cfg, err := config.Load(func(string) (string, bool) { return "", false })
	if err != nil {
		panic("default configuration: " + err.Error())
	}
	return cfg
})

// shared is the knowledge base and the message reader, built once as
// cmd/mspbot/app.go builds them (they are read-only once built).
var shared = sync.OnceValues(func() (*knowledge.Base, *nlu.Reader) {
	cfg := defaults()
	base := knowledge.Embedded()
	return base, &nlu.Reader{Classifier: knowledge.NewClassifier(base, knowledge.Options{Threshold: cfg.Threshold}),
		Calendar: calendarOf(cfg), Region: cfg.PhoneRegion}
})

// calendarOf is the provider's calendar of cfg, as app.go builds it.
func calendarOf(cfg *config.Config) *scheduling.Calendar {
	cal, err := cfg.Calendar()
	if err != nil {
		panic(err)
	}
	return cal
}

// clock is the tests' settable clock.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
}

// outbox is the platform: it records every message the bot sends and
// gives each an id, as an adapter does, so that reactions can name it.
type outbox struct {
	mu   sync.Mutex
	sent []bot.Sent
}

func (o *outbox) Send(_ context.Context, to bot.Ref, r bot.Reply) (bot.Sent, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	ref := to.Conversation()
	ref.Message = fmt.Sprintf("m%d", len(o.sent)+1)
	s := bot.Sent{Ref: ref, Text: r.Text, Buttons: r.Buttons, Meta: r.Meta}
	o.sent = append(o.sent, s)
	return s, nil
}

// in returns what was sent to channel, oldest first.
func (o *outbox) in(channel string) []bot.Sent {
	o.mu.Lock()
	defer o.mu.Unlock()
	var out []bot.Sent
	for _, s := range o.sent {
		if s.Ref.Channel == channel {
			out = append(out, s)
		}
	}
	return out
}

// count is the number of messages sent so far.
func (o *outbox) count() int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return len(o.sent)
}

// since returns what was sent to channel after the first n messages.
func (o *outbox) since(n int, channel string) []bot.Sent {
	o.mu.Lock()
	defer o.mu.Unlock()
	var out []bot.Sent
	for _, s := range o.sent[n:] {
		if s.Ref.Channel == channel {
			out = append(out, s)
		}
	}
	return out
}

// syncBuffer is a log sink safe for the engine's and the jobs' goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// worldOptions change how the world is built.
type worldOptions struct {
	// mail starts a real SMTP server for confirmations and protocols;
	// without it e-mail is off (mail.Disabled), as without MSPBOT_SMTP_HOST.
	mail bool
	// orgs is MSPBOT_ORGANIZATIONS.
	orgs string
	// grounder is the optional language model.
	grounder Grounder
	// threshold, when set, is MSPBOT_CONFIDENCE_THRESHOLD.
	threshold float64
	// ticketsRedis, when set, keeps the tickets on another Redis than the
	// conversations, as on a Redis Cluster where they live on another
	// master.
	ticketsRedis *redis.Client
}

// staffUsers are the provider's staff on the JSON API (MSPBOT_STAFF_USERS).
var staffUsers = []string{"alice", "bob"}

// world is one mspbot: its stores in a Redis database of the tests' own,
// the engine and the platform it talks to.
type world struct {
	t       *testing.T
	cfg     *config.Config
	rdb     *redis.Client
	keys    redisstore.Keys
	clock   *clock
	out     *outbox
	logs    *syncBuffer
	engine  *bot.Engine
	base    *knowledge.Base
	reader  *nlu.Reader
	cal     *scheduling.Calendar
	tickets *tickets.Service
	// ticketStore, appts and protoStore are the records in Redis.
	ticketStore *redisstore.Tickets
	appts       *scheduling.Appointments
	queue       *jobs.Queue
	access      *VendorAccess
	vendors     *Vendors
	protos      *Protocols
	protoStore  *redisstore.Protocols
	smtp        *smtptest.Server
	// sessions, mux, log and orgs make further replicas (replica).
	sessions *redisstore.Sessions
	mux      bot.Handler
	log      *slog.Logger
	orgs     bot.OrgMap
}

// newWorld wires mspbot as cmd/mspbot/app.go does, on a flushed Redis
// database of this package.
func newWorld(t *testing.T, o worldOptions) *world {
	t.Helper()
	cfg := defaults()
	base, reader := shared()
	if o.threshold > 0 {
		reader = &nlu.Reader{Classifier: knowledge.NewClassifier(base, knowledge.Options{Threshold: o.threshold}),
			Calendar: calendarOf(cfg), Region: cfg.PhoneRegion}
	}
	rdb := redistest.Open(t, redistest.DBHandlers)
	keys := redisstore.Keys{Prefix: "t" + bot.NewID(4)}
	w := &world{t: t, cfg: cfg, rdb: rdb, keys: keys, clock: &clock{now: monday}, out: &outbox{}, logs: &syncBuffer{},
		base: base, reader: reader, cal: calendarOf(cfg)}
	log := slog.New(slog.NewTextHandler(w.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	rooms := []bot.Ref{{Platform: "web", Channel: cfg.StaffChannel}}

	w.ticketStore = redisstore.NewTickets(rdb, keys)
	if o.ticketsRedis != nil {
		w.ticketStore = redisstore.NewTickets(o.ticketsRedis, keys)
	}
	w.tickets = tickets.NewService(w.ticketStore, false)
	deps := Deps{Reader: reader, Knowledge: base, Grounder: o.grounder, Now: w.clock.Now, Logger: log,
		Transcripts: redisstore.NewTranscripts(rdb, redisstore.TranscriptOptions{Keys: keys, Max: cfg.HistoryMax, TTL: cfg.HistoryTTL})}
	deps.Callbacks = &Callbacks{Tickets: w.tickets, Calendar: w.cal, Region: cfg.PhoneRegion, StaffRooms: rooms,
		StaffLang: cfg.DefaultLang, Now: w.clock.Now, Logger: log}

	var sender MailSender = mspmail.Disabled{}
	from := "MSP Helpdesk <helpdesk@msp.example>"
	if o.mail {
		w.smtp = smtptest.Start(t, smtptest.Options{})
		s, err := mspmail.NewSMTP(mspmail.Options{Host: w.smtp.Host, Port: w.smtp.Port, From: from, TLS: mspmail.TLSNone,
			Timeout: 10 * time.Second, Now: w.clock.Now})
		if err != nil {
			t.Fatal(err)
		}
		sender = s
	}

	// Vendor appointments, as cmd/mspbot/vendors.go builds them.
	days, open, cls, err := config.ParseBusinessHours(cfg.VendorHours)
	if err != nil {
		t.Fatal(err)
	}
	policy := scheduling.VendorPolicy{Calendar: w.cal, LeadTime: cfg.VendorLeadTime,
		Hours: scheduling.BusinessHours{Open: open, Close: cls, Days: days}, MaxDuration: cfg.VendorMaxDur}
	if err := policy.Validate(); err != nil {
		t.Fatal(err)
	}
	w.appts = scheduling.NewAppointments(redisstore.NewAppointments(rdb, keys))
	w.queue = jobs.NewQueue(rdb, jobs.QueueOptions{Name: keys.JobQueue()})
	w.access = &VendorAccess{Appointments: w.appts, Queue: w.queue, Accounts: &directory{}, StaffRooms: rooms,
		StaffLang: cfg.DefaultLang, Remind: cfg.VendorReminder, Location: w.cal.Location(), Now: w.clock.Now, Logger: log}
	organizer := scheduling.Person{Name: "mspbot", Email: from}
	if addr, err := mail.ParseAddress(from); err == nil {
		organizer = scheduling.Person{Name: addr.Name, Email: addr.Address}
	}
	w.vendors = &Vendors{Appointments: w.appts, Policy: policy, Calendar: w.cal, StaffRooms: rooms, StaffLang: cfg.DefaultLang,
		Confirm: &VendorMail{Sender: sender, Organizer: organizer, Location: w.cal.Location(), Now: w.clock.Now},
		Access:  w.access, Now: w.clock.Now, Logger: log}
	deps.Vendors = w.vendors

	// Meeting protocols, as cmd/mspbot/protocol.go builds them.
	w.protoStore = redisstore.NewProtocols(rdb, keys)
	svc, err := protocols.NewService(w.protoStore, protocols.Options{Key: ed25519.NewKeyFromSeed(bytes.Repeat([]byte{7}, 32))})
	if err != nil {
		t.Fatal(err)
	}
	w.protos = &Protocols{Service: svc, Mailer: sender, Location: w.cal.Location(), Now: w.clock.Now, Logger: log}
	deps.Protocols = w.protos

	w.sessions = redisstore.NewSessions(rdb, redisstore.SessionOptions{Keys: keys, IdleTTL: cfg.SessionTTL})
	w.mux, w.log = NewMux(deps), log
	if w.orgs, err = bot.ParseOrgMap(o.orgs); err != nil {
		t.Fatal(err)
	}
	w.engine = w.replica(w.sessions)
	w.access.Poster = w.engine
	return w
}

// replica is another mspbot process on the same Redis: an engine of its
// own with the same handlers and platform, its sessions in store.
func (w *world) replica(store bot.Sessions) *bot.Engine {
	cfg := w.cfg
	e := bot.NewEngine(store, w.mux, bot.EngineOptions{LockWait: cfg.LockWait, LockTTL: cfg.LockTTL,
		EventTimeout: cfg.EventTimeout, SeenTTL: cfg.DedupeTTL, Logger: w.log})
	e.Register("web", w.out)
	e.Register("webchat", w.out)
	e.SetStaff("web", bot.StaffFunc(func(_ context.Context, u bot.Ref) (bool, error) {
		return u.Platform == "web" && slices.Contains(staffUsers, u.User), nil
	}))
	e.SetOrgs(w.orgs)
	return e
}

// directory is the client's directory behind the vendor account steps.
type directory struct {
	mu      sync.Mutex
	calls   []string
	failOff int // refuse the next failOff disables
}

func (d *directory) Enable(_ context.Context, r accounts.Request) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.calls = append(d.calls, "enable "+r.Account)
	return nil
}

func (d *directory) Disable(_ context.Context, r accounts.Request) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.calls = append(d.calls, "disable "+r.Account)
	if d.failOff > 0 {
		d.failOff--
		return fmt.Errorf("directory unreachable")
	}
	return nil
}

func (d *directory) log() []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return slices.Clone(d.calls)
}

// person is one user writing in one conversation of the web platform.
type person struct {
	w    *world
	user string
	ref  bot.Ref
}

// client returns user writing in their own conversation.
func (w *world) client(user string) *person {
	return &person{w: w, user: user, ref: bot.Ref{Platform: "web", Channel: "c-" + user, User: user}}
}

// visitor returns a web chat page visitor, whose conversation is their own.
func (w *world) visitor(id string) *person {
	return &person{w: w, user: id, ref: bot.Ref{Platform: "webchat", Channel: id, User: id}}
}

// in returns user writing in the conversation channel.
func (w *world) in(channel, user string) *person {
	return &person{w: w, user: user, ref: bot.Ref{Platform: "web", Channel: channel, User: user}}
}

// reply is what the bot answered to one event in its conversation.
type reply struct {
	text string
	all  []bot.Sent
}

// meta is the meta of the last message of the reply.
func (r reply) meta() *bot.Meta {
	if len(r.all) == 0 {
		return &bot.Meta{}
	}
	if m := r.all[len(r.all)-1].Meta; m != nil {
		return m
	}
	return &bot.Meta{}
}

// record is the record any message of the reply names.
func (r reply) record() *bot.Record {
	for i := len(r.all) - 1; i >= 0; i-- {
		if m := r.all[i].Meta; m != nil && m.Record != nil {
			return m.Record
		}
	}
	return nil
}

// run hands ev to the engine and fails the test when the bot could not
// handle it.
func (w *world) run(ev bot.Event) reply {
	w.t.Helper()
	before := w.out.count()
	out, err := w.engine.Handle(context.Background(), ev)
	w.out.mu.Lock()
	sent := slices.Clone(w.out.sent[before:])
	w.out.mu.Unlock()
	for _, s := range sent {
		w.checkMeta(s)
	}
	if err != nil {
		w.t.Fatalf("%s %q: %v", ev.Kind, ev.Text, err)
	}
	if out.Failed {
		w.t.Fatalf("%s %q: the handler failed (ref %s); log:\n%s", ev.Kind, ev.Text, out.Reference, w.logs)
	}
	var texts []string
	for _, s := range out.Replies {
		texts = append(texts, s.Text)
	}
	return reply{text: strings.Join(texts, "\n"), all: out.Replies}
}

// checkMeta holds what every message the bot sends must say about itself:
// there is a meta, in the message's language, its verdict is one it lists,
// its sources are entries of the knowledge base and its record is named
// in the text.
func (w *world) checkMeta(s bot.Sent) {
	w.t.Helper()
	m := s.Meta
	if m == nil {
		w.t.Errorf("a message without meta: %q", s.Text)
		return
	}
	if m.Lang != "de" && m.Lang != "en" {
		w.t.Errorf("meta language %q: %q", m.Lang, s.Text)
	}
	if m.Verdict != "" && !slices.Contains(m.Verdicts, m.Verdict) {
		w.t.Errorf("meta verdict %q is not among its verdicts %v: %q", m.Verdict, m.Verdicts, s.Text)
	}
	for _, v := range m.Verdicts {
		if !knowledge.Verdict(v).Valid() {
			w.t.Errorf("meta names an unknown verdict %q: %q", v, s.Text)
		}
	}
	for _, id := range m.Sources {
		if _, ok := w.base.Entry(id); !ok && !slices.ContainsFunc(w.base.FollowUps(), func(f knowledge.FollowUp) bool { return f.ID == id }) {
			w.t.Errorf("meta source %q is not in the knowledge base: %q", id, s.Text)
		}
	}
	if r := m.Record; r != nil && (r.ID == "" || r.State == "" || !strings.Contains(s.Text, r.ID)) {
		w.t.Errorf("meta record %+v is not the one the message names: %q", r, s.Text)
	}
}

// say sends a message and returns the answer; every message gets one.
func (p *person) say(text string) reply {
	p.w.t.Helper()
	r := p.w.run(bot.Event{Kind: bot.KindMessage, Ref: p.ref, Text: text})
	if len(r.all) == 0 {
		p.w.t.Fatalf("%s: %q got no answer", p.user, text)
	}
	p.w.t.Logf("%s> %s\nbot> %s", p.user, text, r.text)
	return r
}

// react reacts with emoji to the message target, as user in target's
// conversation.
func (w *world) react(user string, target bot.Ref, emoji string) reply {
	w.t.Helper()
	where := target.Conversation()
	where.User = user
	return w.run(bot.Event{Kind: bot.KindReactionAdded, Ref: where, Target: target, Emoji: bot.NormalizeEmoji(emoji)})
}

// press presses a button of the message target as user.
func (w *world) press(user string, target bot.Ref, b bot.Button) reply {
	w.t.Helper()
	where := target.Conversation()
	where.User = user
	return w.run(bot.Event{Kind: bot.KindButton, Ref: where, Target: target, Action: b.Action, Value: b.Value})
}

// contains fails the test unless s contains every want.
func contains(t *testing.T, s string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(s, w) {
			t.Errorf("the answer lacks %q:\n%s", w, s)
		}
	}
}

// lacks fails the test if s contains any of bad.
func lacks(t *testing.T, s string, bad ...string) {
	t.Helper()
	for _, b := range bad {
		if strings.Contains(s, b) {
			t.Errorf("the answer must not contain %q:\n%s", b, s)
		}
	}
}

// asks reports whether the meta asks for slot.
func asks(m *bot.Meta, slot string) bool { return slices.Contains(m.Asks, slot) }

// dialogueOf is the dialogue the meta says is open, "" for none.
func dialogueOf(m *bot.Meta) string {
	if m.Dialogue == nil {
		return ""
	}
	return *m.Dialogue
}
