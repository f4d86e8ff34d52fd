package bot

import (
	"context"
	"testing"
)

// TestOrgMapSharedPlaces: the rules of OrgMap for places several clients
// share (issue 14, 2). A user from another workspace or tenant is their own
// workspace's organisation, never the host's or its channel's; one from an
// unnamed elsewhere is their own; a Discord server is no company; a user
// mapped by name keeps their organisation everywhere.
func TestOrgMapSharedPlaces(t *testing.T) {
	m, err := ParseOrgMap("provider-guests=slack:TPROV/CCONNECT,teams:9E8D7C6B-5A49-4382-B1A0-F1E2D3C4B5A6/19:shared@thread.tacv2;" +
		"bauer=slack:TBAUER,teams:7E8F9A0B-1C2D-4E3F-8A4B-5C6D7E8F9A0B,discord:@22;" +
		"mueller=slack:@UMUELLERCEO,discord:G1/C1,teams:@2B4D6F80-1A3C-4E5F-8A7B-9C0D1E2F3A4B,teams:@29:1Teams-Id;community=discord:G2")
	if err != nil {
		t.Fatal(err)
	}
	const provider = "9e8d7c6b-5a49-4382-b1a0-f1e2d3c4b5a6"
	connect := func(user, home string) Ref {
		return Ref{Platform: "slack", Workspace: "TPROV", Channel: "CCONNECT", Thread: "1.2", User: user, Home: home}
	}
	shared := func(user, home string) Ref {
		return Ref{Platform: "teams", Workspace: provider, Channel: "19:shared@thread.tacv2", User: user, Home: home}
	}
	guild := func(g, channel, user string) Ref {
		return Ref{Platform: "discord", Workspace: g, Channel: channel, User: user}
	}
	for _, tc := range []struct {
		name string
		ref  Ref
		want string
	}{
		// Slack Connect in the provider's channel CCONNECT (mapped to the
		// provider's guests).
		{"external, unmapped team", connect("UMUELLER1", "TMUELLER"), "slack:TMUELLER"},
		{"external colleague, same team", connect("UMUELLER2", "TMUELLER"), "slack:TMUELLER"},
		{"external, mapped team", connect("UBAUER1", "TBAUER"), "bauer"},
		{"external, mapped by name", connect("UMUELLERCEO", "TMUELLER"), "mueller"},
		{"external, team unnamed", connect("UBAUER2", UnknownHome), "slack:@UBAUER2"},
		{"member of the host", connect("UPROV1", ""), "provider-guests"},
		{"member, home named as the host", connect("UPROV1", "TPROV"), "provider-guests"},
		{"member elsewhere in the host", Ref{Platform: "slack", Workspace: "TPROV", Channel: "D1", User: "UPROV1"}, "slack:TPROV"},
		{"external in a DM", Ref{Platform: "slack", Workspace: "TPROV", Channel: "D2", User: "UX", Home: "TX"}, "slack:TX"},
		// Teams: users of other tenants in the provider's shared channel.
		{"other tenant, unmapped", shared("a1", "3a4b5c6d-7e8f-4a0b-9c1d-2e3f4a5b6c7d"), "teams:3a4b5c6d-7e8f-4a0b-9c1d-2e3f4a5b6c7d"},
		{"other tenant, mapped", shared("b1", "7e8f9a0b-1c2d-4e3f-8a4b-5c6d7e8f9a0b"), "bauer"},
		{"host tenant member", shared("p1", ""), "provider-guests"},
		{"mapped by object id in any case", shared("2b4d6f80-1a3c-4e5f-8a7b-9c0d1e2f3a4b", "3a4b5c6d-7e8f-4a0b-9c1d-2e3f4a5b6c7d"), "mueller"},
		{"mapped by Teams user id, case kept", shared("29:1Teams-Id", "3a4b5c6d-7e8f-4a0b-9c1d-2e3f4a5b6c7d"), "mueller"},
		// Discord: a server is a community.
		{"unmapped server", guild("G9", "C9", "21"), "discord:@21"},
		{"another user there", guild("G9", "C9", "23"), "discord:@23"},
		{"mapped by name", guild("G9", "C9", "22"), "bauer"},
		{"mapped channel", guild("G1", "C1", "21"), "mueller"},
		{"unmapped channel of that server", guild("G1", "C2", "21"), "discord:@21"},
		{"server mapped as a whole", guild("G2", "C7", "21"), "community"},
		{"direct message", Ref{Platform: "discord", Channel: "dm", User: "21"}, "discord:@21"},
		// Places without workspaces are unchanged.
		{"web visitor", Ref{Platform: "web", Channel: "c", User: "v1"}, "web:@v1"},
	} {
		if got, err := m.OrgOf(context.Background(), tc.ref); err != nil || got != tc.want {
			t.Errorf("%s: OrgOf(%+v) = %q, %v; want %q", tc.name, tc.ref, got, err, tc.want)
		}
	}
}

// TestHomeIsNotTheConversation: who acted does not change the conversation.
func TestHomeIsNotTheConversation(t *testing.T) {
	a := Ref{Platform: "slack", Workspace: "TPROV", Channel: "C1", Thread: "1.2", User: "U1", Home: "TMUELLER"}
	b := Ref{Platform: "slack", Workspace: "TPROV", Channel: "C1", Thread: "1.2", User: "U2"}
	if !a.SameConversation(b) || a.ConversationID() != b.ConversationID() || a.Conversation().Home != "" {
		t.Errorf("Home leaks into the conversation: %+v / %q", a.Conversation(), a.ConversationID())
	}
	if !a.FromElsewhere() || b.FromElsewhere() || (Ref{Workspace: "T", Home: "T"}).FromElsewhere() {
		t.Error("FromElsewhere")
	}
}
