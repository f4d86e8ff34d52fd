package slack

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"net/http/httptest"
	"net/url"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/mspbot/mspbot/bot"
	"github.com/mspbot/mspbot/config"
	"github.com/mspbot/mspbot/handlers"
	"github.com/mspbot/mspbot/knowledge"
	"github.com/mspbot/mspbot/mail"
	"github.com/mspbot/mspbot/nlu"
	"github.com/mspbot/mspbot/protocols"
	"github.com/mspbot/mspbot/redisstore"
)

// protocolWorld is mspbot as cmd/mspbot wires it for meeting protocols:
// the real message reader, handlers and engine on the embedded
// Redis-protocol store, with the adapter as the Slack sender and orgs as
// MSPBOT_ORGANIZATIONS.
func protocolWorld(t *testing.T, a *Adapter, orgs string) (*bot.Engine, *protocols.Service) {
	t.Helper()
	cfg, err := config.Load(func(string) (string, bool) { return "", false })
	if err != nil {
		t.Fatal(err)
	}
	cal, err := cfg.Calendar()
	if err != nil {
		t.Fatal(err)
	}
	base := knowledge.Embedded()
	reader := &nlu.Reader{Classifier: knowledge.NewClassifier(base, knowledge.Options{Threshold: cfg.Threshold}),
		Calendar: cal, Region: cfg.PhoneRegion}
	conn, err := redisstore.Open("", "")
	if err != nil {
		t.Fatalf("embedded store: %v", err)
	}
	t.Cleanup(func() { _ = conn.Close() })
	keys := redisstore.Keys{Prefix: "t" + bot.NewID(4)}
	svc, err := protocols.NewService(redisstore.NewProtocols(conn.Client, keys),
		protocols.Options{Key: ed25519.NewKeyFromSeed(bytes.Repeat([]byte{7}, 32))})
	if err != nil {
		t.Fatal(err)
	}
	log := testLogger(t)
	deps := handlers.Deps{Reader: reader, Knowledge: base, Logger: log,
		Protocols: &handlers.Protocols{Service: svc, Mailer: mail.Disabled{}, Location: cal.Location(), Logger: log}}
	e := bot.NewEngine(redisstore.NewSessions(conn.Client, redisstore.SessionOptions{Keys: keys}), handlers.NewMux(deps),
		bot.EngineOptions{Logger: log})
	e.Register(Platform, a)
	e.SetStaff(Platform, a.Staff())
	m, err := bot.ParseOrgMap(orgs)
	if err != nil {
		t.Fatal(err)
	}
	e.SetOrgs(m)
	return e, svc
}

var protocolID = regexp.MustCompile(`PR-\d+-\d+`)

// TestSlackConnectClientsCannotReadEachOthersProtocols is the attack of
// issue 14 (2) end to end, through the signed Events API, the real engine
// and handlers: in the provider's Slack Connect channel a user of the client
// Müller starts a protocol; a user of the client Bauer, in the same channel,
// asks for it by id and is told it does not exist, while Müller's colleague
// gets it. Without MSPBOT_ORGANIZATIONS both clients came from the envelope's
// team_id (the provider's) and were one organisation; a channel mapping
// cannot merge them either, and mapping each client's own team names the
// organisation.
func TestSlackConnectClientsCannotReadEachOthersProtocols(t *testing.T) {
	for _, tc := range []struct {
		name, orgs, mueller string
	}{
		{"unmapped", "", "slack:T0MUELLER"},
		{"shared channel mapped", "mueller=slack:T0TEAM/C0CONNECT", "slack:T0MUELLER"},
		{"client teams mapped", "mueller=slack:T0MUELLER,web:@mueller-portal;bauer=slack:T0BAUER", "mueller"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFakeSlack(t)
			a := newAdapter(t, f, nil)
			e, svc := protocolWorld(t, a, tc.orgs)
			srv := httptest.NewServer(a.EventsHandler(e))
			defer srv.Close()

			// say delivers a recorded mention (with PR-26-0001 replaced by
			// id) and returns the bot's answer.
			say := func(file, id string) url.Values {
				t.Helper()
				raw := readTestdata(t, file)
				if id != "" {
					raw = bytes.ReplaceAll(raw, []byte("PR-26-0001"), []byte(id))
				}
				before := len(f.Posts())
				if status, body := do(t, slackRequest(t, srv.URL, raw, false, testSecret, time.Now())); status != 200 {
					t.Fatalf("%s: status %d (%s)", file, status, body)
				}
				a.Wait()
				posts := f.Posts()
				if len(posts) != before+1 {
					t.Fatalf("%s: %d answers, want 1: %v", file, len(posts)-before, posts[before:])
				}
				return posts[before]
			}

			started := say("app_mention_connect.json", "")
			id := protocolID.FindString(started.Get("text"))
			if id == "" || started.Get("channel") != "C0CONNECT" || started.Get("thread_ts") != "1712350100.000100" {
				t.Fatalf("no protocol started: %v", started)
			}
			p, err := svc.Get(context.Background(), id)
			if err != nil {
				t.Fatal(err)
			}
			if p.Org != tc.mueller {
				t.Errorf("protocol %s of organisation %q, want %q", id, p.Org, tc.mueller)
			}

			other := say("app_mention_connect_other.json", id)
			if got, want := other.Get("text"), "Ein Protokoll "+id+" finde ich nicht."; got != want {
				t.Errorf("client Bauer asked for %s and got %q, want %q", id, got, want)
			}
			if other.Get("thread_ts") != "1712350200.000200" {
				t.Errorf("answer to Bauer in thread %q", other.Get("thread_ts"))
			}

			colleague := say("app_mention_connect_colleague.json", id)
			if text := colleague.Get("text"); !strings.Contains(text, id) || strings.Contains(text, "finde ich nicht") {
				t.Errorf("Müller's colleague asked for %s and got %q", id, text)
			}
		})
	}
}

// TestSlackConnectOrganisations runs recorded Slack Connect payloads
// through the adapter and the OrgMap: two external clients in the
// provider's shared channel are two organisations and neither is the
// provider's; a button press counts for the presser's own team; a reaction
// (which names no team) by someone never seen is an organisation of its
// own, and once that user has written, their reactions count for their
// team.
func TestSlackConnectOrganisations(t *testing.T) {
	f := newFakeSlack(t)
	a := newAdapter(t, f, nil)
	orgs, err := bot.ParseOrgMap("provider-guests=slack:T0TEAM/C0CONNECT")
	if err != nil {
		t.Fatal(err)
	}
	orgOf := func(file string, edit func([]byte) []byte) (bot.Event, string) {
		t.Helper()
		raw := readTestdata(t, file)
		if edit != nil {
			raw = edit(raw)
		}
		evs := translate(t, a, raw)
		if len(evs) != 1 {
			t.Fatalf("%s: %d events", file, len(evs))
		}
		org, err := orgs.OrgOf(context.Background(), evs[0].Ref)
		if err != nil {
			t.Fatal(err)
		}
		return evs[0], org
	}
	rename := func(from, to string) func([]byte) []byte {
		return func(b []byte) []byte { return bytes.ReplaceAll(b, []byte(from), []byte(to)) }
	}

	_, mueller := orgOf("app_mention_connect.json", nil)
	_, bauer := orgOf("app_mention_connect_other.json", nil)
	_, pressed := orgOf("block_actions_connect.json", nil)
	if mueller != "slack:T0MUELLER" || bauer != "slack:T0BAUER" || pressed != "slack:T0BAUER" {
		t.Errorf("Müller %q, Bauer %q, Bauer's button %q; want slack:T0MUELLER, slack:T0BAUER, slack:T0BAUER", mueller, bauer, pressed)
	}

	// The provider's own people in the same channel are the channel's
	// mapping (here: the provider's guests), never a client's team.
	_, member := orgOf("app_mention_connect.json", rename(`"T0MUELLER"`, `"T0TEAM"`))
	if member != "provider-guests" {
		t.Errorf("a member of the provider's workspace in C0CONNECT: %q, want the channel's mapping", member)
	}

	ev, stranger := orgOf("reaction_added_connect.json", nil)
	if ev.Ref.Home != bot.UnknownHome || stranger != "slack:@U0BAUER2" {
		t.Errorf("reaction by an unseen external user: home %q, organisation %q; want %q, slack:@U0BAUER2", ev.Ref.Home, stranger, bot.UnknownHome)
	}
	orgOf("app_mention_connect_other.json", rename("U0BAUER1", "U0BAUER2"))
	if ev, org := orgOf("reaction_added_connect.json", nil); ev.Ref.Home != "T0BAUER" || org != "slack:T0BAUER" {
		t.Errorf("reaction after the user wrote: home %q, organisation %q; want T0BAUER, slack:T0BAUER", ev.Ref.Home, org)
	}

	// Outside a shared channel an unnamed team is the workspace's.
	if ev, org := orgOf("reaction_added.json", nil); ev.Ref.Home != "" || org != "slack:T0TEAM" {
		t.Errorf("reaction in the provider's own channel: home %q, organisation %q", ev.Ref.Home, org)
	}
}

// TestSocketModeSlackConnect: over Socket Mode (the default) the recorded
// Slack Connect payloads reach the engine with the same homes as over HTTP:
// each client's own team for a mention and a button press, UnknownHome for
// the reaction of someone not seen writing.
func TestSocketModeSlackConnect(t *testing.T) {
	f := newFakeSlack(t)
	sock := newFakeSocket(t,
		socketEnvelope(t, "events_api", "env-c1", readTestdata(t, "app_mention_connect.json"), 0),
		socketEnvelope(t, "interactive", "env-c2", readTestdata(t, "block_actions_connect.json"), 0),
		socketEnvelope(t, "events_api", "env-c3", readTestdata(t, "reaction_added_connect.json"), 0),
	)
	f.mu.Lock()
	f.wsURL = sock.URL()
	f.mu.Unlock()
	a := newAdapter(t, f, func(o *Options) { o.SigningSecret = "" })
	rec := newRecorder()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.RunSocketMode(ctx, rec) }()
	homes := map[string]string{}
	for range 3 {
		ev := rec.next(t)
		homes[ev.Ref.User] = ev.Ref.Home
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("RunSocketMode: %v", err)
	}
	a.Wait()
	want := map[string]string{"U0MUELLER1": "T0MUELLER", "U0BAUER1": "T0BAUER", "U0BAUER2": bot.UnknownHome}
	if !reflect.DeepEqual(homes, want) {
		t.Errorf("homes %v, want %v", homes, want)
	}
}
