package teams

import (
	"context"
	"strings"
	"testing"

	"github.com/mspbot/mspbot/bot"
	"github.com/mspbot/mspbot/internal/teamstest"
)

// TestSingleTenantToken: a single-tenant bot (the default, and since
// 31 July 2025 the only kind Azure creates with a secret: "Create an Azure
// Bot resource", https://learn.microsoft.com/en-us/azure/bot-service/abs-quickstart)
// asks its own tenant's token endpoint for the Bot Connector token
// (https://learn.microsoft.com/en-us/azure/bot-service/rest-api/bot-framework-rest-connector-authentication,
// "Authenticate requests from your bot to the Bot Connector service",
// single-tenant tab: POST https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token).
// The fake's token endpoint knows the app in its tenant only, as Entra does.
func TestSingleTenantToken(t *testing.T) {
	en := newEnv(t, nil, nil)
	if _, err := en.a.Send(context.Background(), bot.Ref{Platform: Platform, Channel: dmConv}, bot.Reply{Text: "Hallo"}); err != nil {
		t.Fatal(err)
	}
	if got := en.ms.TokenTenants(); len(got) != 1 || got[0] != en.ms.Tenant() {
		t.Fatalf("token requested from tenants %v, want only the app's own %s", got, en.ms.Tenant())
	}
	if en.a.opts.TokenURL != en.ms.TokenURL() {
		t.Errorf("token URL %q, want the tenant's %q", en.a.opts.TokenURL, en.ms.TokenURL())
	}
}

// TestWrongTenantRefused: the request of a single-tenant app at
// botframework.com (where every bot asked before July 2025) or at another
// tenant is refused by Entra with AADSTS700016 ("Application with
// identifier … was not found in the directory …", the fake answers the
// same; the tenant in the token URL is the bot's own, single-tenant tab of
// https://learn.microsoft.com/en-us/azure/bot-service/rest-api/bot-framework-rest-connector-authentication);
// the error says which setting to fix. Without a tenant the adapter does
// not start at all.
func TestWrongTenantRefused(t *testing.T) {
	// Without a tenant (as an old multi-tenant bot is configured), and with
	// a client's tenant instead of the app's own.
	for appType, tenant := range map[string]string{AppTypeMultiTenant: "", AppTypeSingleTenant: acmeTenant} {
		en := newEnv(t, nil, func(o *Options) { o.AppType, o.Tenant = appType, tenant })
		_, err := en.a.Send(context.Background(), bot.Ref{Platform: Platform, Channel: dmConv}, bot.Reply{Text: "Hallo"})
		if err == nil || !strings.Contains(err.Error(), "AADSTS700016") || !strings.Contains(err.Error(), "MSPBOT_TEAMS_TENANT") {
			t.Errorf("tenant %q: %v, want AADSTS700016 and a hint to set MSPBOT_TEAMS_TENANT", tenant, err)
		}
		want := tenant
		if want == "" {
			want = teamstest.BotFrameworkTenant
		}
		if got := en.ms.TokenTenants(); len(got) != 1 || got[0] != want {
			t.Errorf("tenant %q: token requested from %v, want %s", tenant, got, want)
		}
		if len(en.ms.Activities()) != 0 {
			t.Errorf("tenant %q: something reached the connector without a token", tenant)
		}
	}
	_, err := New(Options{AppID: testAppID, AppPassword: testPassword})
	if err == nil || !strings.Contains(err.Error(), "MSPBOT_TEAMS_TENANT: missing") || !strings.Contains(err.Error(), "MultiTenant") {
		t.Errorf("single-tenant bot without a tenant: %v, want a start-up error naming MSPBOT_TEAMS_TENANT", err)
	}
}

// TestMultiTenantBot: a bot registered multi-tenant before July 2025 still
// gets its token from botframework.com when configured so (multi-tenant tab
// of https://learn.microsoft.com/en-us/azure/bot-service/rest-api/bot-framework-rest-connector-authentication).
func TestMultiTenantBot(t *testing.T) {
	en := newEnvWith(t, nil, teamstest.Options{MultiTenant: true}, func(o *Options) {
		o.AppType, o.Tenant = "multitenant", ""
	})
	if _, err := en.a.Send(context.Background(), bot.Ref{Platform: Platform, Channel: dmConv}, bot.Reply{Text: "Hallo"}); err != nil {
		t.Fatal(err)
	}
	if got := en.ms.TokenTenants(); len(got) != 1 || got[0] != teamstest.BotFrameworkTenant {
		t.Errorf("token requested from %v, want botframework.com", got)
	}
}

// TestManagedIdentity: a bot whose identity is a user-assigned managed
// identity gets its token from Azure's identity endpoint for the resource
// https://api.botframework.com and the identity's client id, in the
// instance metadata service's protocol (header Metadata: true,
// api-version 2018-02-01: "How to use managed identities for Azure
// resources on an Azure VM to acquire an access token",
// https://learn.microsoft.com/en-us/entra/identity/managed-identities-azure-resources/how-to-use-vm-token)
// or App Service's (IDENTITY_ENDPOINT with the header X-IDENTITY-HEADER,
// api-version 2019-08-01: "How to use managed identities for App Service
// and Azure Functions",
// https://learn.microsoft.com/en-us/azure/app-service/overview-managed-identity).
// The fake answers numbers as strings, as Azure does. No secret is sent
// anywhere; a configured one is refused at start.
func TestManagedIdentity(t *testing.T) {
	for _, header := range []string{"", "app-service-identity-header"} {
		en := newEnvWith(t, nil, teamstest.Options{ManagedIdentity: testAppID, IdentityHeader: header}, func(o *Options) {
			o.AppType, o.AppPassword, o.IdentityHeader = AppTypeManagedIdentity, "", header
			o.IdentityEndpoint = strings.TrimSuffix(o.ServiceURL, "/") + "/msi/token"
		})
		for range 3 {
			if _, err := en.a.Send(context.Background(), bot.Ref{Platform: Platform, Channel: dmConv}, bot.Reply{Text: "Hallo"}); err != nil {
				t.Fatalf("identity header %q: %v", header, err)
			}
		}
		if en.ms.IdentityRequests() != 1 || len(en.ms.TokenTenants()) != 0 || en.ms.Rejected() != 0 {
			t.Errorf("identity header %q: %d identity requests, token requests %v, %d refused; want one token for three posts from the identity endpoint",
				header, en.ms.IdentityRequests(), en.ms.TokenTenants(), en.ms.Rejected())
		}
	}
	wrong := newEnvWith(t, nil, teamstest.Options{ManagedIdentity: "11111111-2222-4333-8444-555555555555"}, func(o *Options) {
		o.AppType, o.AppPassword = AppTypeManagedIdentity, ""
		o.IdentityEndpoint = strings.TrimSuffix(o.ServiceURL, "/") + "/msi/token"
	})
	if _, err := wrong.a.Send(context.Background(), bot.Ref{Platform: Platform, Channel: dmConv}, bot.Reply{Text: "Hallo"}); err == nil || !strings.Contains(err.Error(), "managed identity") {
		t.Errorf("an identity not assigned to the resource: %v", err)
	}
	_, err := New(Options{AppType: AppTypeManagedIdentity, AppID: testAppID, AppPassword: "secret"})
	if err == nil || !strings.Contains(err.Error(), "TEAMS_APP_PASSWORD") {
		t.Errorf("managed identity with a secret: %v", err)
	}
	if _, err := New(Options{AppType: AppTypeManagedIdentity, AppID: testAppID, IdentityEndpoint: "http://identity.example.com/token"}); err == nil ||
		!strings.Contains(err.Error(), "IDENTITY_ENDPOINT") {
		t.Errorf("an identity endpoint in clear over the network: %v", err)
	}
	a, err := New(Options{AppType: AppTypeManagedIdentity, AppID: testAppID})
	if err != nil || a.opts.IdentityEndpoint != DefaultIdentityEndpoint {
		t.Errorf("default identity endpoint: %v %q", err, a.opts.IdentityEndpoint)
	}
	if _, err := New(Options{AppType: "Personal", AppID: testAppID, AppPassword: "x", Tenant: acmeTenant}); err == nil ||
		!strings.Contains(err.Error(), "MSPBOT_TEAMS_APP_TYPE") {
		t.Errorf("unknown app type: %v", err)
	}
}
