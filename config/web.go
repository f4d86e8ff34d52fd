package config

import (
	"net"
	"net/netip"
	"regexp"
	"strings"
)

// minVisitorKey is the shortest MSPBOT_VISITOR_KEY accepted.
const minVisitorKey = 32

var portRE = regexp.MustCompile(`^[0-9]{1,5}$`)

// hostNameRE matches a DNS host name, with an optional final dot.
var hostNameRE = regexp.MustCompile(`^[A-Za-z0-9]([A-Za-z0-9-]{0,62})(\.[A-Za-z0-9]([A-Za-z0-9-]{0,62}))*\.?$`)

// validateWeb checks the web chat's visitor settings and MSPBOT_ALLOWED_HOSTS.
func (c *Config) validateWeb(bad func(setting, format string, args ...any)) {
	if c.VisitorKey != "" && len(c.VisitorKey) < minVisitorKey {
		bad("MSPBOT_VISITOR_KEY", "is %d characters long; use at least %d random characters (e.g. openssl rand -base64 32)", len(c.VisitorKey), minVisitorKey)
	}
	if c.VisitorBriefTTL <= 0 {
		bad("MSPBOT_VISITOR_BRIEF_TTL", "must be longer than 0, got %s", c.VisitorBriefTTL)
	}
	if c.RateNewVisitors < 0 {
		bad("MSPBOT_RATE_NEW_VISITORS", "%d: want 0 (no limit) or more", c.RateNewVisitors)
	}
	if c.RateAddress < 0 {
		bad("MSPBOT_RATE_ADDRESS", "%d: want 0 (no limit) or more", c.RateAddress)
	}
	for _, p := range c.TrustedProxies {
		if _, ok := parseProxy(p); !ok {
			bad("MSPBOT_TRUSTED_PROXIES", "%q is not a CIDR (e.g. 10.0.0.0/8) or an address", p)
		}
	}
	for _, h := range c.AllowedHosts {
		name := strings.TrimSuffix(strings.TrimPrefix(h, "["), "]")
		if _, err := netip.ParseAddr(name); err == nil || hostNameRE.MatchString(h) {
			continue
		}
		if _, port, err := net.SplitHostPort(h); err == nil && portRE.MatchString(port) {
			bad("MSPBOT_ALLOWED_HOSTS", "%q: give the host name without a port (every port is accepted)", h)
		} else {
			bad("MSPBOT_ALLOWED_HOSTS", "%q is not a host name (e.g. mspbot.internal)", h)
		}
	}
}

// TrustedProxyPrefixes returns MSPBOT_TRUSTED_PROXIES as prefixes (an
// address is a prefix of its full length). Validate has checked them.
func (c *Config) TrustedProxyPrefixes() []netip.Prefix {
	out := make([]netip.Prefix, 0, len(c.TrustedProxies))
	for _, s := range c.TrustedProxies {
		if p, ok := parseProxy(s); ok {
			out = append(out, p)
		}
	}
	return out
}

func parseProxy(s string) (netip.Prefix, bool) {
	if p, err := netip.ParsePrefix(s); err == nil {
		return p.Masked(), true
	}
	if a, err := netip.ParseAddr(s); err == nil {
		a = a.Unmap()
		return netip.PrefixFrom(a, a.BitLen()), true
	}
	return netip.Prefix{}, false
}
