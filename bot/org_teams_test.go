package bot

import (
	"context"
	"testing"
)

// TestOrgMapTeams: a client's Entra tenant, written in any case, is its
// organisation in Teams; a shared channel of the provider's tenant can be
// mapped on its own.
func TestOrgMapTeams(t *testing.T) {
	m, err := ParseOrgMap("acme=teams:0D1E2F3A-4B5C-4D6E-8F70-8192A3B4C5D6,slack:T1;beta=teams:9e8d7c6b-5a49-4382-b1a0-f1e2d3c4b5a6/19:beta@thread.tacv2")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		ref  Ref
		want string
	}{
		{Ref{Platform: "teams", Workspace: "0d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6", Channel: "a:1dm", User: "u1"}, "acme"},
		{Ref{Platform: "teams", Workspace: "9e8d7c6b-5a49-4382-b1a0-f1e2d3c4b5a6", Channel: "19:beta@thread.tacv2", Thread: "17", User: "u2"}, "beta"},
		{Ref{Platform: "teams", Workspace: "9e8d7c6b-5a49-4382-b1a0-f1e2d3c4b5a6", Channel: "19:other@thread.tacv2", User: "u2"}, "teams:9e8d7c6b-5a49-4382-b1a0-f1e2d3c4b5a6"},
		{Ref{Platform: "teams", Workspace: "11111111-2222-4333-8444-555555555555", Channel: "a:1x", User: "u3"}, "teams:11111111-2222-4333-8444-555555555555"},
	}
	for _, tc := range cases {
		if got, _ := m.OrgOf(context.Background(), tc.ref); got != tc.want {
			t.Errorf("OrgOf(%+v) = %q, want %q", tc.ref, got, tc.want)
		}
	}
	if _, err := ParseOrgMap("a=teams:ABC;b=teams:abc"); err == nil {
		t.Error("one tenant in two organisations (differing in case) was accepted")
	}
}
