package discord

import (
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"
)

// Ids used by the recorded payloads in testdata.
const (
	testToken   = "test-token"
	botID       = "1100000000000000001"
	guildID     = "1200000000000000001"
	channelID   = "1300000000000000001"
	staffChanID = "1320000000000000001"
	dmChannelID = "1310000000000000001"
	annaID      = "1400000000000000001"
	berndID     = "1400000000000000002"
	carlaID     = "1400000000000000003"
	doraID      = "1400000000000000004"
	staffRoleID = "1290000000000000002"
	botRoleID   = "1290000000000000009"
)

// frame is a gateway payload as Discord sends it.
type frame struct {
	Op int             `json:"op"`
	S  int64           `json:"s,omitempty"`
	T  string          `json:"t,omitempty"`
	D  json.RawMessage `json:"d"`
}

func loadFrame(t *testing.T, name string) frame {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	var f frame
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return f
}

// decodeEvent unmarshals a recorded frame's data into discordgo's struct
// for its event type, as discordgo's gateway reader does.
func decodeEvent(t *testing.T, f frame) any {
	t.Helper()
	var v any
	switch f.T {
	case "MESSAGE_CREATE":
		v = &discordgo.MessageCreate{}
	case "MESSAGE_REACTION_ADD":
		v = &discordgo.MessageReactionAdd{}
	case "MESSAGE_REACTION_REMOVE":
		v = &discordgo.MessageReactionRemove{}
	case "INTERACTION_CREATE":
		v = &discordgo.InteractionCreate{}
	case "READY":
		v = &discordgo.Ready{}
	default:
		t.Fatalf("no struct for %s", f.T)
	}
	if err := json.Unmarshal(f.D, v); err != nil {
		t.Fatalf("%s: %v", f.T, err)
	}
	return v
}

// request is one REST call the fake server received.
type request struct {
	Method, Path, Auth, ContentType string
	Body                            []byte
}

func (r request) json(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.Body, &m); err != nil {
		t.Fatalf("%s %s: body is not JSON: %v: %s", r.Method, r.Path, err, r.Body)
	}
	return m
}

// fakeDiscord is Discord's REST API and gateway on a loopback port.
type fakeDiscord struct {
	t   *testing.T
	srv *httptest.Server

	mu       sync.Mutex
	requests []request
	nextID   int
	// members maps "guild/user" to a member object; others get 404.
	members map[string]string
	// roles maps a guild to its roles array.
	roles map[string]string
	// failChannels answer 403 Missing Access to posts.
	failChannels map[string]bool
	// posted receives every request as it arrives.
	posted chan request
	// gateway serves the n-th websocket connection (0-based).
	gateway func(n int, c *websocket.Conn)
	conns   int
}

func newFakeDiscord(t *testing.T) *fakeDiscord {
	f := &fakeDiscord{
		t:            t,
		nextID:       2000000000000000001,
		members:      map[string]string{},
		roles:        map[string]string{},
		failChannels: map[string]bool{},
		posted:       make(chan request, 100),
	}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeDiscord) serve(w http.ResponseWriter, r *http.Request) {
	if strings.TrimSuffix(r.URL.Path, "/") == "/gateway-ws" {
		f.serveGateway(w, r)
		return
	}
	body, _ := io.ReadAll(r.Body)
	req := request{Method: r.Method, Path: r.URL.Path, Auth: r.Header.Get("Authorization"), ContentType: r.Header.Get("Content-Type"), Body: body}
	f.mu.Lock()
	f.requests = append(f.requests, req)
	f.mu.Unlock()
	select {
	case f.posted <- req:
	default:
	}
	api := "/api/v" + discordgo.APIVersion + "/"
	path, ok := strings.CutPrefix(r.URL.Path, api)
	if !ok {
		http.NotFound(w, r)
		return
	}
	parts := strings.Split(path, "/")
	w.Header().Set("Content-Type", "application/json")
	switch {
	case r.Method == http.MethodGet && path == "gateway":
		fmt.Fprintf(w, `{"url": "ws://%s/gateway-ws"}`, f.srv.Listener.Addr())
	case r.Method == http.MethodPost && len(parts) == 3 && parts[0] == "channels" && parts[2] == "messages":
		if f.failChannels[parts[1]] {
			w.WriteHeader(http.StatusForbidden)
			_, _ = io.WriteString(w, `{"message": "Missing Access", "code": 50001}`)
			return
		}
		var in struct {
			Content string `json:"content"`
		}
		_ = json.Unmarshal(body, &in)
		f.mu.Lock()
		id := fmt.Sprint(f.nextID)
		f.nextID++
		f.mu.Unlock()
		_ = json.NewEncoder(w).Encode(map[string]any{
			"id": id, "channel_id": parts[1], "content": in.Content, "type": 0,
			"timestamp": "2025-03-04T09:30:00.000000+00:00",
			"author":    map[string]any{"id": botID, "username": "mspbot", "bot": true},
		})
	case r.Method == http.MethodPost && len(parts) == 4 && parts[0] == "interactions" && parts[3] == "callback":
		w.WriteHeader(http.StatusNoContent)
	case r.Method == http.MethodGet && len(parts) == 4 && parts[0] == "guilds" && parts[2] == "members":
		f.mu.Lock()
		m, ok := f.members[parts[1]+"/"+parts[3]]
		f.mu.Unlock()
		if !ok {
			w.WriteHeader(http.StatusNotFound)
			_, _ = io.WriteString(w, `{"message": "Unknown Member", "code": 10007}`)
			return
		}
		_, _ = io.WriteString(w, m)
	case r.Method == http.MethodGet && len(parts) == 3 && parts[0] == "guilds" && parts[2] == "roles":
		f.mu.Lock()
		roles, ok := f.roles[parts[1]]
		f.mu.Unlock()
		if !ok {
			roles = "[]"
		}
		_, _ = io.WriteString(w, roles)
	default:
		w.WriteHeader(http.StatusNotFound)
		_, _ = io.WriteString(w, `{"message": "404: Not Found", "code": 0}`)
	}
}

func (f *fakeDiscord) serveGateway(w http.ResponseWriter, r *http.Request) {
	up := websocket.Upgrader{}
	c, err := up.Upgrade(w, r, nil)
	if err != nil {
		f.t.Errorf("gateway upgrade: %v", err)
		return
	}
	defer c.Close()
	f.mu.Lock()
	n := f.conns
	f.conns++
	gw := f.gateway
	f.mu.Unlock()
	if gw == nil {
		return
	}
	gw(n, c)
}

// calls returns the requests received so far whose path ends with suffix.
func (f *fakeDiscord) calls(method, suffix string) []request {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []request
	for _, r := range f.requests {
		if r.Method == method && strings.HasSuffix(r.Path, suffix) {
			out = append(out, r)
		}
	}
	return out
}

// waitFor returns the next request whose path ends with suffix.
func (f *fakeDiscord) waitFor(t *testing.T, method, suffix string) request {
	t.Helper()
	timeout := time.After(10 * time.Second)
	for {
		select {
		case r := <-f.posted:
			if r.Method == method && strings.HasSuffix(r.Path, suffix) {
				return r
			}
		case <-timeout:
			t.Fatalf("no %s …%s within 10s", method, suffix)
		}
	}
}

// useFakeDiscord points discordgo's endpoint variables at f for the rest of
// the test. They are process-global: tests calling this must not run in
// parallel.
func useFakeDiscord(t *testing.T, f *fakeDiscord) {
	vars := []*string{
		&discordgo.EndpointDiscord, &discordgo.EndpointAPI, &discordgo.EndpointGuilds,
		&discordgo.EndpointChannels, &discordgo.EndpointUsers, &discordgo.EndpointGateway,
		&discordgo.EndpointGatewayBot, &discordgo.EndpointWebhooks,
	}
	saved := make([]string, len(vars))
	for i, v := range vars {
		saved[i] = *v
	}
	t.Cleanup(func() {
		for i, v := range vars {
			*v = saved[i]
		}
	})
	base := f.srv.URL + "/"
	api := base + "api/v" + discordgo.APIVersion + "/"
	discordgo.EndpointDiscord = base
	discordgo.EndpointAPI = api
	discordgo.EndpointGuilds = api + "guilds/"
	discordgo.EndpointChannels = api + "channels/"
	discordgo.EndpointUsers = api + "users/"
	discordgo.EndpointGateway = api + "gateway"
	discordgo.EndpointGatewayBot = discordgo.EndpointGateway + "/bot"
	discordgo.EndpointWebhooks = api + "webhooks/"
}

func quietLogger() *slog.Logger { return slog.New(slog.DiscardHandler) }

// newTestAdapter returns an adapter that knows itself as the bot of the
// recorded payloads, as after READY.
func newTestAdapter(t *testing.T, opts Options) *Adapter {
	t.Helper()
	if opts.Token == "" {
		opts.Token = testToken
	}
	if opts.Logger == nil {
		opts.Logger = quietLogger()
	}
	a, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	st := a.session.State
	st.Lock()
	st.User = &discordgo.User{ID: botID, Username: "mspbot", Bot: true}
	st.Unlock()
	return a
}
