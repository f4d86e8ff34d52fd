package teams

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"net/http"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/mspbot/mspbot/bot"
	"github.com/mspbot/mspbot/config"
	"github.com/mspbot/mspbot/handlers"
	"github.com/mspbot/mspbot/internal/redistest"
	"github.com/mspbot/mspbot/knowledge"
	"github.com/mspbot/mspbot/mail"
	"github.com/mspbot/mspbot/nlu"
	"github.com/mspbot/mspbot/protocols"
	"github.com/mspbot/mspbot/redisstore"
	"github.com/mspbot/mspbot/scheduling"
)

// The provider's tenant hosts the shared channel sharedChannel; the clients
// Müller and Bauer take part from tenants of their own (Teams Connect).
const (
	providerTenant = "9e8d7c6b-5a49-4382-b1a0-f1e2d3c4b5a6"
	muellerTenant  = "3a4b5c6d-7e8f-4a0b-9c1d-2e3f4a5b6c7d"
	bauerTenant    = "7e8f9a0b-1c2d-4e3f-8a4b-5c6d7e8f9a0b"
	sharedChannel  = "19:3c5e7a9b1d2f4a6c8e0b2d4f6a8c0e2b@thread.tacv2"
	maxAAD         = "2b4d6f80-1a3c-4e5f-8a7b-9c0d1e2f3a4b"
	jonasAAD       = "6c8e0a2b-4d6f-4810-a2c4-e6f8a0b2c4d6"
)

// TestSharedChannelEvents: a user of another tenant in the provider's
// shared channel comes with their own tenant as Ref.Home, whether Teams
// names it in channelData.tenant or in from.tenantId; the conversation stays
// the host's.
func TestSharedChannelEvents(t *testing.T) {
	thread := func(id, user, home string) bot.Ref {
		return bot.Ref{Platform: Platform, Workspace: providerTenant, Channel: sharedChannel, Thread: id, Message: id, User: user, Home: home}
	}
	for _, tc := range []struct {
		file string
		want bot.Event
	}{
		{"message_shared_channel_external.json", bot.Event{ID: "1732960100100", Kind: bot.KindMessage,
			Ref: thread("1732960100100", maxAAD, muellerTenant), Text: "Wir möchten das Planungsgespräch protokollieren",
			UserName: "Max Müller", Time: time.Date(2026, 11, 30, 9, 48, 20, 100000000, time.UTC)}},
		{"message_shared_channel_other_tenant.json", bot.Event{ID: "1732960200200", Kind: bot.KindMessage,
			Ref: thread("1732960200200", jonasAAD, bauerTenant), Text: "Protokoll PR-26-0001 zeigen",
			UserName: "Jonas Bauer", Time: time.Date(2026, 11, 30, 9, 50, 0, 200000000, time.UTC)}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			act := readActivity(t, tc.file)
			if got := act.events(); !reflect.DeepEqual(got, []bot.Event{tc.want}) {
				t.Errorf("events\n got %+v\nwant %+v", got, []bot.Event{tc.want})
			}
		})
	}

	// Reactions and buttons of the same user carry the same home.
	act := readActivity(t, "message_shared_channel_other_tenant.json")
	act.Type, act.ReplyToID, act.ReactionsAdded = "messageReaction", "1732960100100", []reaction{{Type: "like"}}
	if evs := act.events(); len(evs) != 1 || evs[0].Ref.Home != bauerTenant {
		t.Errorf("reaction: %+v", evs)
	}
	act = readActivity(t, "message_shared_channel_other_tenant.json")
	act.Value = []byte(`{"action":"protocol:sign","value":"PR-26-0001:3"}`)
	if evs := act.events(); len(evs) != 1 || evs[0].Kind != bot.KindButton || evs[0].Ref.Home != bauerTenant {
		t.Errorf("button: %+v", evs)
	}
	// A member of the host tenant has no home of another.
	act = readActivity(t, "message_shared_channel_other_tenant.json")
	act.From.TenantID = strings.ToUpper(providerTenant)
	if evs := act.events(); len(evs) != 1 || evs[0].Ref.Home != "" {
		t.Errorf("host member: %+v", evs)
	}
}

// TestSharedChannelOrganisations: through the OrgMap, users of two other
// tenants in the provider's shared channel are two organisations, neither
// the provider's nor the channel's mapping, while the provider's own people
// there are.
func TestSharedChannelOrganisations(t *testing.T) {
	orgs, err := bot.ParseOrgMap("provider-guests=teams:" + strings.ToUpper(providerTenant) + "/" + sharedChannel +
		";bauer=teams:" + strings.ToUpper(bauerTenant))
	if err != nil {
		t.Fatal(err)
	}
	orgOf := func(act activity) string {
		t.Helper()
		evs := act.events()
		if len(evs) != 1 {
			t.Fatalf("%d events", len(evs))
		}
		org, err := orgs.OrgOf(context.Background(), evs[0].Ref)
		if err != nil {
			t.Fatal(err)
		}
		return org
	}
	if got := orgOf(readActivity(t, "message_shared_channel_external.json")); got != "teams:"+muellerTenant {
		t.Errorf("Müller (unmapped tenant): %q, want teams:%s", got, muellerTenant)
	}
	if got := orgOf(readActivity(t, "message_shared_channel_other_tenant.json")); got != "bauer" {
		t.Errorf("Bauer (mapped tenant): %q, want bauer", got)
	}
	member := readActivity(t, "message_shared_channel_external.json")
	member.ChannelData.Tenant.ID = providerTenant
	if got := orgOf(member); got != "provider-guests" {
		t.Errorf("a member of the provider's tenant in the channel: %q, want the channel's mapping", got)
	}
}

// handlerEnv is what the real handlers need in a test: the test Redis
// with a key prefix of its own, the message reader and knowledge base of
// the default configuration, and its calendar.
type handlerEnv struct {
	client *redis.Client
	keys   redisstore.Keys
	reader *nlu.Reader
	base   *knowledge.Base
	cal    *scheduling.Calendar
	loc    *time.Location
	phone  string
}

func newHandlerEnv(t *testing.T) handlerEnv {
	t.Helper()
	cfg, err := config.Load(func(string) (string, bool) { return "", false })
	if err != nil {
		t.Fatal(err)
	}
	cal, err := cfg.Calendar()
	if err != nil {
		t.Fatal(err)
	}
	loc := cal.Location()
	base := knowledge.Embedded()
	reader := &nlu.Reader{Classifier: knowledge.NewClassifier(base, knowledge.Options{Threshold: cfg.Threshold}),
		Calendar: cal, Region: cfg.PhoneRegion}
	return handlerEnv{client: redistest.Open(t, redistest.DBTeams), keys: redisstore.Keys{Prefix: "t" + bot.NewID(4)},
		reader: reader, base: base, cal: cal, loc: loc, phone: cfg.PhoneRegion}
}

// protocolEngine is mspbot as cmd/mspbot wires it for meeting protocols:
// the real message reader, handlers and engine on the test Redis, orgs as
// MSPBOT_ORGANIZATIONS; bind it to the adapter.
func protocolEngine(t *testing.T, orgs string) (*realEngine, *protocols.Service) {
	t.Helper()
	env := newHandlerEnv(t)
	client, keys, reader, base, loc := env.client, env.keys, env.reader, env.base, env.loc
	svc, err := protocols.NewService(redisstore.NewProtocols(client, keys),
		protocols.Options{Key: ed25519.NewKeyFromSeed(bytes.Repeat([]byte{7}, 32))})
	if err != nil {
		t.Fatal(err)
	}
	log := testLogger(t)
	deps := handlers.Deps{Reader: reader, Knowledge: base, Logger: log,
		Protocols: &handlers.Protocols{Service: svc, Mailer: mail.Disabled{}, Location: loc, Logger: log}}
	e := bot.NewEngine(redisstore.NewSessions(client, redisstore.SessionOptions{Keys: keys}), handlers.NewMux(deps),
		bot.EngineOptions{Logger: log})
	m, err := bot.ParseOrgMap(orgs)
	if err != nil {
		t.Fatal(err)
	}
	e.SetOrgs(m)
	return &realEngine{Engine: e}, svc
}

// TestSharedChannelClientsCannotReadEachOthersProtocols: the Slack Connect
// attack of issue 14 (2) in Teams, end to end through the verified endpoint,
// the real engine and handlers on Redis. In the provider's shared channel a
// user of the client tenant Müller starts a protocol; a user of the tenant
// Bauer asks for it by id and is told it does not exist; Müller's colleague
// gets it. Without the user's own tenant both clients were the host tenant's
// organisation.
func TestSharedChannelClientsCannotReadEachOthersProtocols(t *testing.T) {
	eng, svc := protocolEngine(t, "")
	en := newEnv(t, eng, nil)
	eng.bind(en.a)
	n := 0
	say := func(file, id string) string {
		t.Helper()
		body := en.activity(t, file)
		if id != "" {
			body = bytes.ReplaceAll(body, []byte("PR-26-0001"), []byte(id))
		}
		if status, resp := en.post(t, body); status != http.StatusAccepted {
			t.Fatalf("%s: status %d (%s)", file, status, resp)
		}
		n++
		got := en.ms.WaitActivities(t, n)
		en.a.Wait()
		if len(en.ms.Activities()) != n {
			t.Fatalf("%s: more than one answer", file)
		}
		return got[n-1].Text()
	}

	id := regexp.MustCompile(`PR-\d+-\d+`).FindString(say("message_shared_channel_external.json", ""))
	if id == "" {
		t.Fatal("no protocol started")
	}
	p, err := svc.Get(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	if p.Org != "teams:"+muellerTenant {
		t.Errorf("protocol %s of organisation %q, want teams:%s", id, p.Org, muellerTenant)
	}
	if got, want := say("message_shared_channel_other_tenant.json", id), "Ein Protokoll "+id+" finde ich nicht."; got != want {
		t.Errorf("client Bauer asked for %s and got %q, want %q", id, got, want)
	}
	if got := say("message_shared_channel_colleague.json", id); !strings.Contains(got, id) || strings.Contains(got, "finde ich nicht") {
		t.Errorf("Müller's colleague asked for %s and got %q", id, got)
	}
}
