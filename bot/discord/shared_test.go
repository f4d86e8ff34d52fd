package discord

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"regexp"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/mspbot/mspbot/bot"
	"github.com/mspbot/mspbot/config"
	"github.com/mspbot/mspbot/handlers"
	"github.com/mspbot/mspbot/internal/discordtest"
	"github.com/mspbot/mspbot/knowledge"
	"github.com/mspbot/mspbot/mail"
	"github.com/mspbot/mspbot/nlu"
	"github.com/mspbot/mspbot/protocols"
	"github.com/mspbot/mspbot/redisstore"
	"github.com/mspbot/mspbot/tickets"
)

// The provider's community server guildID is shared by the clients Müller
// (Max, Mia) and Bauer (Jonas), in channelID and otherChannelID.
const (
	otherChannelID = "1300000000000000002"
	maxID          = "1400000000000000021"
	jonasID        = "1400000000000000022"
	miaID          = "1400000000000000023"
)

// TestSharedGuildOrganisations runs recorded messages of two clients in one
// Discord server through the adapter and the OrgMap: unmapped, each user is
// an organisation of their own (a server is no company); a server mapped as
// a whole is one organisation; mapped by channel or by user, each client is
// its own.
func TestSharedGuildOrganisations(t *testing.T) {
	a := newTestAdapter(t, Options{})
	refOf := func(file string) bot.Ref {
		t.Helper()
		ev, ok := a.messageEvent(decodeEvent(t, loadFrame(t, file)).(*discordgo.MessageCreate))
		if !ok {
			t.Fatalf("%s: no event", file)
		}
		return ev.Ref
	}
	maxRef := refOf("message_create_shared_guild_protocol.json")
	jonasRef := refOf("message_create_shared_guild_other_client.json")
	miaRef := refOf("message_create_shared_guild_colleague.json")
	g := "discord:" + guildID
	for _, tc := range []struct {
		name, orgs      string
		max, jonas, mia string
	}{
		{"unmapped", "", "discord:@" + maxID, "discord:@" + jonasID, "discord:@" + miaID},
		{"server mapped as a whole", "acme=" + g, "acme", "acme", "acme"},
		{"channels mapped", "mueller=" + g + "/" + channelID + ";bauer=" + g + "/" + otherChannelID, "mueller", "bauer", "bauer"},
		{"users mapped", "mueller=discord:@" + maxID + ",discord:@" + miaID + ";bauer=discord:@" + jonasID, "mueller", "bauer", "mueller"},
		{"only one client mapped", "mueller=discord:@" + maxID + ",discord:@" + miaID, "mueller", "discord:@" + jonasID, "mueller"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, err := bot.ParseOrgMap(tc.orgs)
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range []struct {
				who  string
				ref  bot.Ref
				want string
			}{{"Max", maxRef, tc.max}, {"Jonas", jonasRef, tc.jonas}, {"Mia", miaRef, tc.mia}} {
				if got, _ := m.OrgOf(context.Background(), c.ref); got != c.want {
					t.Errorf("%s: %q, want %q", c.who, got, c.want)
				}
			}
		})
	}
}

// protocolEngine is mspbot as cmd/mspbot wires it (see realEngine), for
// meeting protocols.
func protocolEngine(t *testing.T, a *Adapter, orgs string) (*bot.Engine, *protocols.Service) {
	t.Helper()
	w := realEngine(t, a, orgs)
	return w.engine, w.protocols
}

// wired is mspbot as realEngine wires it.
type wired struct {
	engine    *bot.Engine
	protocols *protocols.Service
	tickets   *tickets.Service
}

// realEngine is mspbot as cmd/mspbot wires it for knowledge answers,
// callbacks and meeting protocols: the real message reader, handlers and
// engine on the embedded Redis-protocol store, with a as the Discord sender
// and staff directory, staffChanID as the staff room and orgs as
// MSPBOT_ORGANIZATIONS.
func realEngine(t *testing.T, a *Adapter, orgs string) wired {
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
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = conn.Close() })
	keys := redisstore.Keys{Prefix: "t" + bot.NewID(4)}
	svc, err := protocols.NewService(redisstore.NewProtocols(conn.Client, keys),
		protocols.Options{Key: ed25519.NewKeyFromSeed(bytes.Repeat([]byte{7}, 32))})
	if err != nil {
		t.Fatal(err)
	}
	tk := tickets.NewService(redisstore.NewTickets(conn.Client, keys), false)
	log := quietLogger()
	deps := handlers.Deps{Reader: reader, Knowledge: base, Logger: log,
		Callbacks: &handlers.Callbacks{Tickets: tk, Calendar: cal, Region: cfg.PhoneRegion,
			StaffRooms: []bot.Ref{{Platform: Platform, Channel: staffChanID}}, StaffLang: "de", Logger: log},
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
	return wired{engine: e, protocols: svc, tickets: tk}
}

// TestSharedGuildClientsCannotReadEachOthersProtocols: the attack of issue
// 14 (2) on a Discord server several clients share, end to end through the
// gateway, the real engine and handlers. Max of the client Müller starts a
// protocol in one channel; Jonas of the client Bauer asks for it by id in
// another channel of the same server and is told it does not exist. Without
// MSPBOT_ORGANIZATIONS both were the server's one organisation. Mapped by
// user, Max's colleague Mia gets it; unmapped she does not either (each
// user is their own organisation until the provider says who belongs
// together).
func TestSharedGuildClientsCannotReadEachOthersProtocols(t *testing.T) {
	for _, tc := range []struct {
		name, orgs, maxOrg string
		miaSees            bool
	}{
		{"unmapped", "", "discord:@" + maxID, false},
		{"users mapped", "mueller=discord:@" + maxID + ",discord:@" + miaID + ";bauer=discord:@" + jonasID, "mueller", true},
		{"channels mapped", "mueller=discord:" + guildID + "/" + channelID + ";bauer=discord:" + guildID + "/" + otherChannelID, "mueller", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFakeDiscord(t, discordtest.Options{})
			a, err := New(Options{Token: testToken, Logger: quietLogger()})
			if err != nil {
				t.Fatal(err)
			}
			eng, svc := protocolEngine(t, a, tc.orgs)
			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan error, 1)
			go func() { done <- a.Run(ctx, eng) }()
			defer func() {
				cancel()
				<-done
				a.Wait()
			}()
			f.WaitHandshake(t, 1)

			say := func(file, id string) string {
				t.Helper()
				frame := loadFrame(t, file)
				if id != "" {
					frame.D = bytes.ReplaceAll(frame.D, []byte("PR-26-0001"), []byte(id))
				}
				// A mention in a text channel is answered in a thread
				// started from it, which has the message's id.
				thread := decodeEvent(t, frame).(*discordgo.MessageCreate).ID
				f.Dispatch(t, frame.T, frame.D)
				return f.WaitMessages(t, thread, 1)[0].Content
			}

			id := regexp.MustCompile(`PR-\d+-\d+`).FindString(say("message_create_shared_guild_protocol.json", ""))
			if id == "" {
				t.Fatal("no protocol started")
			}
			p, err := svc.Get(context.Background(), id)
			if err != nil {
				t.Fatal(err)
			}
			if p.Org != tc.maxOrg {
				t.Errorf("protocol %s of organisation %q, want %q", id, p.Org, tc.maxOrg)
			}
			if got := say("message_create_shared_guild_other_client.json", id); !strings.Contains(got, "Ein Protokoll "+id+" finde ich nicht.") {
				t.Errorf("client Bauer asked for %s and got %q", id, got)
			}
			got := say("message_create_shared_guild_colleague.json", id)
			if sees := strings.Contains(got, id) && !strings.Contains(got, "finde ich nicht"); sees != tc.miaSees {
				t.Errorf("Müller's colleague asked for %s and got %q; want seen: %v", id, got, tc.miaSees)
			}
		})
	}
}
