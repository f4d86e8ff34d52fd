package bot

import (
	"context"
	"errors"
	"testing"
)

func named(name string, got *[]string, err error) Handler {
	return HandlerFunc(func(context.Context, Responder, *Request) error {
		*got = append(*got, name)
		return err
	})
}

func TestMuxRouting(t *testing.T) {
	var got []string
	m := NewMux()
	m.HandleMessages(named("router", &got, nil))
	m.HandleReaction(named("tickets", &got, ErrSkip))
	m.HandleReaction(named("approvals", &got, nil))
	m.HandleButton("ticket:", named("ticket-button", &got, nil))
	m.HandleButton("ticket:claim", named("claim-button", &got, nil))

	cases := []struct {
		req  Request
		want []string
	}{
		{Request{Event: Event{Kind: KindMessage}, Session: &Session{}}, []string{"router"}},
		{Request{Event: Event{Kind: KindReactionAdded}, Session: &Session{}}, []string{"tickets", "approvals"}},
		{Request{Event: Event{Kind: KindButton, Action: "ticket:claim"}, Session: &Session{}}, []string{"claim-button"}},
		{Request{Event: Event{Kind: KindButton, Action: "ticket:close"}, Session: &Session{}}, []string{"ticket-button"}},
	}
	for i, tc := range cases {
		got = nil
		if err := m.Handle(context.Background(), nil, &tc.req); err != nil {
			t.Fatalf("case %d: %v", i, err)
		}
		if len(got) != len(tc.want) {
			t.Fatalf("case %d: ran %v, want %v", i, got, tc.want)
		}
		for j := range got {
			if got[j] != tc.want[j] {
				t.Fatalf("case %d: ran %v, want %v", i, got, tc.want)
			}
		}
	}
	empty := NewMux()
	if err := empty.Handle(context.Background(), nil, &Request{Event: Event{Kind: KindMessage}, Session: &Session{}}); !errors.Is(err, ErrSkip) {
		t.Fatalf("no handler: %v, want ErrSkip", err)
	}
	if err := empty.Handle(context.Background(), nil, &Request{Event: Event{Kind: KindButton, Action: "x:y"}, Session: &Session{}}); !errors.Is(err, ErrSkip) {
		t.Fatalf("no button handler: %v, want ErrSkip", err)
	}
}

func TestNormalizeEmoji(t *testing.T) {
	cases := map[string]string{
		"✅": "white_check_mark", "✅\uFE0F": "white_check_mark", ":white_check_mark:": "white_check_mark",
		"white_check_mark": "white_check_mark", "❌": "x", ":x:": "x", "👀": "eyes", "eyes": "eyes",
		"👍🏽": "+1", "thumbsup": "+1", ":+1::skin-tone-3:": "+1", " EYES ": "eyes",
	}
	for in, want := range cases {
		if got := NormalizeEmoji(in); got != want {
			t.Errorf("NormalizeEmoji(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestConversationID(t *testing.T) {
	a := Ref{Platform: "slack", Workspace: "T1", Channel: "C/1", Thread: "1.2"}
	b := Ref{Platform: "slack", Workspace: "T1", Channel: "C", Thread: "1/1.2"}
	if a.ConversationID() == b.ConversationID() {
		t.Fatal("escaping does not keep conversations apart")
	}
	if !a.SameConversation(Ref{Platform: "slack", Workspace: "T1", Channel: "C/1", Thread: "1.2", User: "U", Message: "m"}) {
		t.Fatal("user and message must not change the conversation")
	}
}

func TestOrgMap(t *testing.T) {
	m, err := ParseOrgMap("acme=slack:T1, slack:TP/CSHARED ,web:@alice; beta=discord:G9")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		ref  Ref
		want string
	}{
		{Ref{Platform: "slack", Workspace: "T1", Channel: "C1", User: "U1"}, "acme"},
		{Ref{Platform: "slack", Workspace: "TP", Channel: "CSHARED", User: "U7"}, "acme"},
		{Ref{Platform: "slack", Workspace: "TP", Channel: "COTHER", User: "U7"}, "slack:TP"},
		{Ref{Platform: "web", Channel: "c-1", User: "alice"}, "acme"},
		{Ref{Platform: "web", Channel: "c-1", User: "bob"}, "web:@bob"},
		{Ref{Platform: "discord", Workspace: "G9", Channel: "1", User: "2"}, "beta"},
		{Ref{Platform: "discord", Channel: "dm", User: "2"}, "discord:@2"},
	}
	for _, tc := range cases {
		if got, _ := m.OrgOf(context.Background(), tc.ref); got != tc.want {
			t.Errorf("OrgOf(%+v) = %q, want %q", tc.ref, got, tc.want)
		}
	}
	for _, bad := range []string{"acme", "=slack:T1", "acme=slack", "a=slack:T1;b=slack:T1"} {
		if _, err := ParseOrgMap(bad); err == nil {
			t.Errorf("ParseOrgMap(%q) accepted", bad)
		}
	}
}
