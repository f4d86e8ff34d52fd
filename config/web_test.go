package config

import (
	"net/netip"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestWebChatVisitorSettings: the visitor key, the brief TTL, the limits
// per address, the trusted proxies and the allowed hosts are read, checked
// with messages naming the setting, and the key is masked.
func TestWebChatVisitorSettings(t *testing.T) {
	c, err := Load(env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.VisitorBriefTTL != time.Hour || c.RateNewVisitors != 30 || c.RateAddress != 60 || c.VisitorKey != "" || len(c.TrustedProxies) != 0 || len(c.AllowedHosts) != 0 {
		t.Fatalf("defaults: brief %s, new visitors %d, address %d, key set %v, proxies %v, hosts %v",
			c.VisitorBriefTTL, c.RateNewVisitors, c.RateAddress, c.VisitorKey != "", c.TrustedProxies, c.AllowedHosts)
	}
	key := "visitor-key-" + strings.Repeat("z", 32)
	c, err = Load(env(map[string]string{"MSPBOT_VISITOR_KEY": key, "MSPBOT_TRUSTED_PROXIES": "10.0.0.0/8, 192.0.2.7, ::1, 2001:db8::/32",
		"MSPBOT_ALLOWED_HOSTS": "mspbot.internal, [fd00::1], 10.1.2.3", "MSPBOT_VISITOR_BRIEF_TTL": "15m", "MSPBOT_RATE_NEW_VISITORS": "0"}))
	if err != nil {
		t.Fatal(err)
	}
	want := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("192.0.2.7/32"), netip.MustParsePrefix("::1/128"), netip.MustParsePrefix("2001:db8::/32")}
	if got := c.TrustedProxyPrefixes(); !slices.Equal(got, want) || c.VisitorBriefTTL != 15*time.Minute || c.RateNewVisitors != 0 || len(c.AllowedHosts) != 3 {
		t.Fatalf("proxies %v, brief %s, new visitors %d, hosts %v", got, c.VisitorBriefTTL, c.RateNewVisitors, c.AllowedHosts)
	}
	var b strings.Builder
	_ = c.Print(&b)
	if strings.Contains(b.String(), key) || !strings.Contains(b.String(), "MSPBOT_VISITOR_KEY=") {
		t.Fatalf("the visitor key is not masked:\n%s", b.String())
	}
	cases := []struct{ env, value, want string }{
		{"MSPBOT_VISITOR_KEY", "short", "MSPBOT_VISITOR_KEY: is 5 characters long; use at least 32"},
		{"MSPBOT_VISITOR_BRIEF_TTL", "0s", "MSPBOT_VISITOR_BRIEF_TTL: must be longer than 0"},
		{"MSPBOT_VISITOR_BRIEF_TTL", "soon", "MSPBOT_VISITOR_BRIEF_TTL"},
		{"MSPBOT_RATE_NEW_VISITORS", "-1", "MSPBOT_RATE_NEW_VISITORS: -1"},
		{"MSPBOT_RATE_ADDRESS", "-1", "MSPBOT_RATE_ADDRESS: -1"},
		{"MSPBOT_TRUSTED_PROXIES", "10.0.0.0/8,proxy.example", `MSPBOT_TRUSTED_PROXIES: "proxy.example" is not a CIDR`},
		{"MSPBOT_TRUSTED_PROXIES", "10.0.0.0/33", `MSPBOT_TRUSTED_PROXIES: "10.0.0.0/33"`},
		{"MSPBOT_ALLOWED_HOSTS", "mspbot.internal:8080", `MSPBOT_ALLOWED_HOSTS: "mspbot.internal:8080": give the host name without a port`},
		{"MSPBOT_ALLOWED_HOSTS", "http://mspbot.internal", `MSPBOT_ALLOWED_HOSTS: "http://mspbot.internal" is not a host name`},
		{"MSPBOT_ALLOWED_HOSTS", "*.example", `MSPBOT_ALLOWED_HOSTS: "*.example" is not a host name`},
	}
	for _, tc := range cases {
		if _, err := Load(env(map[string]string{tc.env: tc.value})); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s=%s: %v, want %q", tc.env, tc.value, err, tc.want)
		}
	}
}
