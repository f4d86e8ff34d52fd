package teams

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/mspbot/mspbot/bot"
	"github.com/mspbot/mspbot/internal/redistest"
	"github.com/mspbot/mspbot/internal/teamstest"
	"github.com/mspbot/mspbot/redisstore"
)

// The bot and the tenants of the recorded activities.
const (
	testAppID    = "6b1f5d3e-3c1a-4b2e-9d7f-0a1b2c3d4e5f"
	testPassword = "test-client-secret~not-real"
	testBot      = "28:" + testAppID
	acmeTenant   = "0d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6"
	carlaAAD     = "5c3f2a1b-7d6e-4f80-9a1b-2c3d4e5f6a7b"
	benAAD       = "8e7d6c5b-4a39-4281-b0c1-d2e3f4a5b6c7"
	dmConv       = "a:1WfY3pK8sLq2ZrT6vB0nXcD4mH7jG9eA5uI1oP3yR_tQwE8zN6kS2dF0gJ4hL7xV"
	acmeChannel  = "19:8a2f4c6e0b1d4f3a9c7e5b2d1f0a3c6e@thread.tacv2"
	staffChannel = "19:5d4c3b2a19084f7e6d5c4b3a29180f7e@thread.tacv2"
	staffTeam    = "19:0f1e2d3c4b5a49687f6e5d4c3b2a1908@thread.tacv2"
	recordedURL  = "https://smba.trafficmanager.net/emea/"
)

// clock is a settable clock.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// env is a fake Microsoft, an adapter started against it and its
// messaging endpoint.
type env struct {
	ms    *teamstest.Server
	a     *Adapter
	clock *clock
	srv   *httptest.Server
}

// newEnv starts the fake and an adapter whose endpoint hands events to e
// (a recorder when e is nil): a single-tenant bot of the provider's tenant,
// as Azure creates them. edit may change the options.
func newEnv(t testing.TB, e Engine, edit func(*Options)) *env {
	t.Helper()
	return newEnvWith(t, e, teamstest.Options{}, edit)
}

// newEnvWith is newEnv with a fake configured by fake (its app id and
// password are the test's).
func newEnvWith(t testing.TB, e Engine, fake teamstest.Options, edit func(*Options)) *env {
	t.Helper()
	fake.AppID, fake.Password = testAppID, testPassword
	ms := teamstest.New(t, fake)
	c := &clock{now: time.Now()}
	opts := Options{
		AppID: testAppID, AppPassword: testPassword, Tenant: ms.Tenant(),
		OpenIDURL: ms.OpenIDURL(), TokenURL: ms.TokenURLTemplate(), ServiceURL: ms.ServiceURL(),
		Logger: testLogger(t), Now: c.Now,
	}
	if edit != nil {
		edit(&opts)
	}
	a, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	if err := a.Start(ctx); err != nil {
		t.Fatal(err)
	}
	if e == nil {
		e = newRecorder()
	}
	srv := httptest.NewServer(a.Handler(e))
	t.Cleanup(srv.Close)
	t.Cleanup(a.Wait)
	return &env{ms: ms, a: a, clock: c, srv: srv}
}

func testLogger(t testing.TB) *slog.Logger {
	if testing.Verbose() {
		return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	return slog.New(slog.NewTextHandler(io.Discard, nil))
}

// activity reads a recorded activity with its serviceUrl pointed at the
// fake connector.
func (en *env) activity(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return bytes.ReplaceAll(b, []byte(recordedURL), []byte(en.ms.ServiceURL()))
}

// post sends a recorded activity as the Bot Connector does and returns the
// status and body.
func (en *env) post(t *testing.T, body []byte) (int, string) {
	t.Helper()
	return do(t, en.ms.Request(t, en.srv.URL+"/teams/messages", body))
}

func do(t *testing.T, req *http.Request) (int, string) {
	t.Helper()
	c := &http.Client{Timeout: 10 * time.Second}
	res, err := c.Do(req)
	if err != nil {
		t.Fatalf("%s: %v", req.URL, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// recorder is an Engine that records the events it is given.
type recorder struct {
	mu  sync.Mutex
	evs []bot.Event
	got chan bot.Event
}

func newRecorder() *recorder { return &recorder{got: make(chan bot.Event, 64)} }

func (r *recorder) Handle(_ context.Context, ev bot.Event) (bot.Outcome, error) {
	r.mu.Lock()
	r.evs = append(r.evs, ev)
	r.mu.Unlock()
	r.got <- ev
	return bot.Outcome{}, nil
}

func (r *recorder) Events() []bot.Event {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]bot.Event(nil), r.evs...)
}

func (r *recorder) next(t *testing.T) bot.Event {
	t.Helper()
	select {
	case ev := <-r.got:
		return ev
	case <-time.After(10 * time.Second):
		t.Fatal("the engine was not called")
		return bot.Event{}
	}
}

// realEngine is a bot.Engine on the test Redis that sends through the
// adapter the env will have; set its adapter with bind.
type realEngine struct {
	*bot.Engine
}

func newRealEngine(t *testing.T, h bot.Handler) *realEngine {
	t.Helper()
	client := redistest.Open(t, redistest.DBTeams)
	e := bot.NewEngine(redisstore.NewSessions(client, redisstore.SessionOptions{}), h, bot.EngineOptions{Logger: testLogger(t)})
	return &realEngine{Engine: e}
}

func (e *realEngine) bind(a *Adapter) {
	e.Register(Platform, a)
	e.SetStaff(Platform, a.Staff())
}
