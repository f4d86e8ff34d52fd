package main

import (
	"bytes"
	"context"
	"encoding/json"
	"image/png"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/mspbot/mspbot/config"
	"github.com/mspbot/mspbot/internal/redistest"
	"github.com/mspbot/mspbot/internal/teamstest"
)

// The Teams places of the ticket test: the client's personal chat in the
// Acme tenant, and the staff channel of the provider's support team.
const (
	acmeTenant    = "0d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6"
	providerTen   = "9e8d7c6b-5a49-4382-b1a0-f1e2d3c4b5a6"
	teamsStaffCh  = "19:5d4c3b2a19084f7e6d5c4b3a29180f7e@thread.tacv2"
	teamsStaffTm  = "19:0f1e2d3c4b5a49687f6e5d4c3b2a1908@thread.tacv2"
	benAAD        = "8e7d6c5b-4a39-4281-b0c1-d2e3f4a5b6c7"
	strangerAAD   = "2f2f2f2f-1e1e-4d4d-8c8c-0b0b0b0b0b0b"
	carlaAADInCmd = "5c3f2a1b-7d6e-4f80-9a1b-2c3d4e5f6a7b"
)

// teamsActivity returns an activity as Teams sends it, from fields of
// the kind.
func teamsActivity(serviceURL string, fields map[string]any) []byte {
	a := map[string]any{
		"channelId": "msteams", "serviceUrl": serviceURL, "timestamp": time.Now().UTC().Format(time.RFC3339Nano),
		"recipient": map[string]any{"id": "28:" + teamsAppID, "name": "mspbot"},
	}
	for k, v := range fields {
		a[k] = v
	}
	b, _ := json.Marshal(a)
	return b
}

func carlaDM() (map[string]any, map[string]any) {
	return map[string]any{"id": "29:carla", "name": "Carla Kunde", "aadObjectId": carlaAADInCmd},
		map[string]any{"conversationType": "personal", "tenantId": acmeTenant, "id": teamsDM}
}

func staffThread(user, post string) (map[string]any, map[string]any) {
	return map[string]any{"id": "29:" + user, "name": "Staff", "aadObjectId": user},
		map[string]any{"conversationType": "channel", "isGroup": true, "tenantId": providerTen, "id": teamsStaffCh + ";messageid=" + post}
}

// TestTeamsTicketFlow: a client files a callback in a Teams chat (confirmed
// with the card's button), the ticket reaches the Teams staff channel, a
// stranger's ✅ changes nothing, and staff claim it with 👀; the client is
// told in their chat. State is kept in the test Redis.
func TestTeamsTicketFlow(t *testing.T) {
	redistest.Open(t, redistest.DBCmd)
	ms := teamstest.New(t, teamstest.Options{AppID: teamsAppID, Password: teamsPassword})
	env := map[string]string{
		"REDIS_URL": redistest.DBURL(t, redistest.DBCmd), "MSPBOT_LOG_LEVEL": "error",
		"TEAMS_APP_ID": teamsAppID, "TEAMS_APP_PASSWORD": teamsPassword,
		"MSPBOT_TEAMS_OPENID_URL": ms.OpenIDURL(), "MSPBOT_TEAMS_TOKEN_URL": ms.TokenURLTemplate(), "MSPBOT_TEAMS_SERVICE_URL": ms.ServiceURL(),
		"MSPBOT_TEAMS_TENANT":      ms.Tenant(),
		"MSPBOT_TEAMS_STAFF_USERS": benAAD, "MSPBOT_TEAMS_STAFF_CHANNEL": teamsStaffCh,
		"MSPBOT_ORGANIZATIONS": "acme=teams:" + strings.ToUpper(acmeTenant),
	}
	cfg, err := config.Load(func(k string) (string, bool) { v, ok := env[k]; return v, ok })
	if err != nil {
		t.Fatal(err)
	}
	a, err := build(cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer a.close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if err := a.teams.Start(ctx); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(a.web.Handler(a.engine))
	defer srv.Close()

	seq := 0
	deliver := func(fields map[string]any) []teamstest.Activity {
		t.Helper()
		seq++
		if _, ok := fields["id"]; !ok {
			fields["id"] = "1733000000" + string(rune('0'+seq/10)) + string(rune('0'+seq%10))
		}
		before := len(ms.Activities())
		res, err := http.DefaultClient.Do(ms.Request(t, srv.URL+"/teams/messages", teamsActivity(ms.ServiceURL(), fields)))
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusAccepted && res.StatusCode != http.StatusOK {
			t.Fatalf("POST /teams/messages = %d", res.StatusCode)
		}
		a.teams.Wait()
		return ms.Activities()[before:]
	}
	say := func(text string) teamstest.Activity {
		t.Helper()
		from, conv := carlaDM()
		got := deliver(map[string]any{"type": "message", "text": text, "from": from, "conversation": conv})
		if len(got) != 1 {
			t.Fatalf("%q: %d answers, want 1", text, len(got))
		}
		return got[0]
	}

	say("Bitte rufen Sie mich zurück, unser Drucker druckt nicht")
	say("Anna Schmidt")
	say("040 696 450 99")
	summary := say("so schnell wie möglich")
	if !strings.Contains(summary.Text(), "Soll ich das so aufnehmen?") || summary.Body["attachments"] == nil {
		t.Fatalf("summary %q without its buttons", summary.Text())
	}
	from, conv := carlaDM()
	filed := deliver(map[string]any{"type": "invoke", "name": "adaptiveCard/action", "from": from, "conversation": conv,
		"replyToId": summary.ID, "value": map[string]any{"action": map[string]any{"type": "Action.Execute", "verb": "callback:yes",
			"data": map[string]any{"action": "callback:yes", "value": ""}}, "trigger": "manual"}})
	if len(filed) != 2 {
		t.Fatalf("pressing Ja: %d messages, want the staff post and the confirmation", len(filed))
	}
	post, confirm := filed[0], filed[1]
	if post.Conversation != teamsStaffCh || post.ReplyTo != "" {
		t.Fatalf("the ticket went to %q (reply to %q), want a new post in the staff channel", post.Conversation, post.ReplyTo)
	}
	id := regexp.MustCompile(`CB-\d+-\d+`).FindString(confirm.Text())
	if id == "" || confirm.Conversation != teamsDM || !strings.Contains(post.Text(), id) {
		t.Fatalf("confirmation %q in %q, staff post %q", confirm.Text(), confirm.Conversation, post.Text())
	}

	react := func(user, emoji string) []teamstest.Activity {
		from, conv := staffThread(user, post.ID)
		return deliver(map[string]any{"type": "messageReaction", "from": from, "conversation": conv,
			"replyToId": post.ID, "reactionsAdded": []any{map[string]any{"type": emoji}}})
	}
	if got := react(strangerAAD, "2705_whiteheavycheckmark"); len(got) != 0 {
		t.Fatalf("a stranger's ✅ was answered: %q", got[0].Text())
	}
	claimed := react(benAAD, "1f440_eyes")
	if len(claimed) != 2 {
		t.Fatalf("staff 👀: %d messages, want the staff note and the client's notice", len(claimed))
	}
	if claimed[0].Conversation != teamsStaffCh+";messageid="+post.ID || !strings.Contains(claimed[0].Text(), id) {
		t.Errorf("staff note %q in %q, want it in the ticket's thread", claimed[0].Text(), claimed[0].Conversation)
	}
	if claimed[1].Conversation != teamsDM || !strings.Contains(claimed[1].Text(), "übernommen") {
		t.Errorf("client notice %q in %q", claimed[1].Text(), claimed[1].Conversation)
	}
	tk, err := a.tickets.ByMessage(context.Background(), "teams/"+teamsStaffCh+"/"+post.ID)
	if err != nil || tk.ID != id || tk.Owner == "" || tk.Client.Org != "acme" {
		t.Errorf("ticket %+v (%v): want %s claimed, of organisation acme", tk, err, id)
	}
	if ms.Rejected() != 0 {
		t.Errorf("the connector refused %d requests", ms.Rejected())
	}
}

// TestTeamsManifest: the app package is a manifest of the current schema
// (1.30, "Microsoft 365 app manifest schema reference",
// https://learn.microsoft.com/en-us/microsoft-365/extensibility/schema/)
// with placeholder ids, a bot in every scope, the resource-specific consent
// ChannelMessage.Read.Group that lets Teams deliver replies in the bot's
// threads without a mention ("Receive all conversation messages",
// https://learn.microsoft.com/en-us/microsoftteams/platform/bots/how-to/conversations/channel-messages-with-rsc),
// shared and private channels, and icons of the sizes Teams demands.
func TestTeamsManifest(t *testing.T) {
	dir := filepath.Join("..", "..", "deploy", "teams")
	b, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		Schema          string `json:"$schema"`
		ManifestVersion string `json:"manifestVersion"`
		ID              string `json:"id"`
		Name            struct{ Short, Full string }
		Description     struct{ Short, Full string }
		Icons           struct{ Color, Outline string }
		Bots            []struct {
			BotID  string   `json:"botId"`
			Scopes []string `json:"scopes"`
		}
		WebApplicationInfo struct{ ID, Resource string } `json:"webApplicationInfo"`
		Authorization      struct {
			Permissions struct {
				ResourceSpecific []struct{ Name, Type string } `json:"resourceSpecific"`
			} `json:"permissions"`
		} `json:"authorization"`
		SupportsChannelFeatures string `json:"supportsChannelFeatures"`
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	if err := dec.Decode(&m); err != nil {
		t.Fatalf("manifest.json: %v", err)
	}
	placeholder := "00000000-0000-0000-0000-000000000000"
	if m.ID != placeholder || len(m.Bots) != 1 || m.Bots[0].BotID != placeholder {
		t.Errorf("ids %q / %+v: want the placeholder the README tells to replace", m.ID, m.Bots)
	}
	if !strings.Contains(m.Schema, "v"+m.ManifestVersion+"/") || len([]rune(m.Name.Short)) > 30 ||
		len([]rune(m.Description.Short)) > 80 || len([]rune(m.Description.Full)) > 4000 {
		t.Errorf("manifest limits: %+v", m)
	}
	if strings.Join(m.Bots[0].Scopes, ",") != "personal,team,groupChat" {
		t.Errorf("bot scopes %v", m.Bots[0].Scopes)
	}
	if m.ManifestVersion != "1.30" || m.Schema != "https://developer.microsoft.com/json-schemas/teams/v1.30/MicrosoftTeams.schema.json" {
		t.Errorf("manifest version %s (%s), want the current 1.30", m.ManifestVersion, m.Schema)
	}
	rsc := m.Authorization.Permissions.ResourceSpecific
	if len(rsc) != 1 || rsc[0].Name != "ChannelMessage.Read.Group" || rsc[0].Type != "Application" ||
		m.WebApplicationInfo.ID != placeholder || m.WebApplicationInfo.Resource == "" {
		t.Errorf("RSC %+v for app %+v: want ChannelMessage.Read.Group (Application) only, for the placeholder app id", rsc, m.WebApplicationInfo)
	}
	if m.SupportsChannelFeatures != "tier1" {
		t.Errorf("supportsChannelFeatures %q, want tier1 (shared and private channels)", m.SupportsChannelFeatures)
	}
	for name, size := range map[string]int{m.Icons.Color: 192, m.Icons.Outline: 32} {
		f, err := os.Open(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(f)
		f.Close()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if r := img.Bounds(); r.Dx() != size || r.Dy() != size {
			t.Errorf("%s is %dx%d, want %dx%d", name, r.Dx(), r.Dy(), size, size)
		}
	}
}
