package teams

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/mspbot/mspbot/internal/teamstest"
)

// installActivity is an installationUpdate or conversationUpdate as Teams
// sends it when the bot is installed ("Event-driven conversations with
// activity handlers", Installation events and Members events,
// https://learn.microsoft.com/en-us/microsoftteams/platform/bots/how-to/conversations/bot-events):
// conversation.id is the channel the installing user picked, team.id the
// team.
func installActivity(serviceURL, typ, id, tenant string, conv map[string]any, team string, fields map[string]any) []byte {
	a := map[string]any{
		"type": typ, "id": id, "timestamp": time.Now().UTC().Format(time.RFC3339Nano), "channelId": "msteams", "serviceUrl": serviceURL,
		"from":         map[string]any{"id": "29:installer", "aadObjectId": benAAD},
		"recipient":    map[string]any{"id": testBot, "name": "mspbot"},
		"conversation": conv, "locale": "de-DE",
		"channelData": map[string]any{"tenant": map[string]any{"id": tenant}},
	}
	if team != "" {
		a["channelData"].(map[string]any)["team"] = map[string]any{"id": team, "name": "Support"}
		a["channelData"].(map[string]any)["settings"] = map[string]any{"selectedChannel": map[string]any{"id": conv["id"]}}
	}
	for k, v := range fields {
		a[k] = v
	}
	b, _ := json.Marshal(a)
	return b
}

// TestWelcomeOnInstall: installed in a personal chat, the bot says once
// what it can do, in German by default; added to a team (Teams sends both
// conversationUpdate and installationUpdate) it says so once in the
// channel the installer picked, in the tenant's configured language, and
// how to talk to it there. Uninstalling, or other members joining, says
// nothing.
func TestWelcomeOnInstall(t *testing.T) {
	const clientTenant = "3a4b5c6d-7e8f-4a0b-9c1d-2e3f4a5b6c7d"
	en := newEnv(t, nil, func(o *Options) { o.TenantLangs = map[string]string{strings.ToUpper(clientTenant): "en"} })
	su := en.ms.ServiceURL()
	deliver := func(body []byte) []teamstest.Activity {
		t.Helper()
		before := len(en.ms.Activities())
		if status, resp := en.post(t, body); status != http.StatusAccepted {
			t.Fatalf("status %d (%s)", status, resp)
		}
		en.a.Wait()
		return en.ms.Activities()[before:]
	}
	personal := map[string]any{"conversationType": "personal", "tenantId": acmeTenant, "id": dmConv}
	botAdded := map[string]any{"membersAdded": []any{map[string]any{"id": testBot}}}

	got := deliver(installActivity(su, "installationUpdate", "f:1", acmeTenant, personal, "", map[string]any{"action": "add"}))
	got = append(got, deliver(installActivity(su, "conversationUpdate", "f:2", acmeTenant, personal, "", botAdded))...)
	if len(got) != 1 || got[0].Conversation != dmConv || got[0].ReplyTo != "" {
		t.Fatalf("personal install: %d messages, want one welcome in the chat", len(got))
	}
	for _, want := range []string{"Hallo, ich bin mspbot", "Rückrufwünsche", "Zugriffstermine", "Besprechungsprotokolle", "hier im Chat"} {
		if !strings.Contains(got[0].Text(), want) {
			t.Errorf("German welcome %q lacks %q", got[0].Text(), want)
		}
	}

	channel := "19:c1c2c3c4c5c6c7c8c9c0c1c2c3c4c5c6@thread.tacv2"
	team := "19:t1t2t3t4t5t6t7t8t9t0t1t2t3t4t5t6@thread.tacv2"
	inTeam := map[string]any{"isGroup": true, "conversationType": "channel", "tenantId": clientTenant, "id": channel}
	got = deliver(installActivity(su, "conversationUpdate", "f:3", clientTenant, inTeam, team, botAdded))
	got = append(got, deliver(installActivity(su, "installationUpdate", "f:4", clientTenant, inTeam, team, map[string]any{"action": "add"}))...)
	if len(got) != 1 || got[0].Conversation != channel {
		t.Fatalf("team install: %d messages, want one welcome in the picked channel", len(got))
	}
	for _, want := range []string{"Hello, I am mspbot", "callback requests", "@mspbot", "without mentioning me again"} {
		if !strings.Contains(got[0].Text(), want) {
			t.Errorf("English welcome %q lacks %q", got[0].Text(), want)
		}
	}

	for _, body := range [][]byte{
		installActivity(su, "installationUpdate", "f:5", acmeTenant, personal, "", map[string]any{"action": "remove"}),
		installActivity(su, "conversationUpdate", "f:6", clientTenant, inTeam, team,
			map[string]any{"membersAdded": []any{map[string]any{"id": "29:new-colleague"}}}),
	} {
		if got := deliver(body); len(got) != 0 {
			t.Errorf("%s was answered with %q", body, got[0].Text())
		}
	}
}

// TestWelcomeTexts: both languages say the same things with the same
// placeholders.
func TestWelcomeTexts(t *testing.T) {
	de, en := welcomeTexts["de"], welcomeTexts["en"]
	if len(de) != len(en) {
		t.Fatalf("%d German and %d English texts", len(de), len(en))
	}
	for k, v := range de {
		if w, ok := en[k]; !ok || strings.Count(v, "%s") != strings.Count(w, "%s") {
			t.Errorf("text %q: German %q, English %q", k, v, w)
		}
	}
}
