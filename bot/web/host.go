package web

import (
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"slices"
	"strings"
)

// HostAllowed reports whether host (a request's Host, with or without a
// port) names this machine's loopback (localhost, 127.0.0.0/8, ::1) or one
// of allowed (host names without port, compared case-insensitively). A
// page that a DNS-rebinding attack brings to a loopback server is sent
// with its own host name, which is neither.
func HostAllowed(host string, allowed []string) bool {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	name := hostName(host)
	if name == "" {
		return false
	}
	if name == "localhost" {
		return true
	}
	if addr, err := netip.ParseAddr(name); err == nil && addr.Unmap().IsLoopback() {
		return true
	}
	return slices.ContainsFunc(allowed, func(a string) bool { return hostName(a) == name })
}

// hostName is the comparable form of a host without port: lower case,
// without brackets or a final dot, addresses in their canonical form.
func hostName(h string) string {
	h = strings.TrimSuffix(strings.ToLower(strings.TrimSuffix(strings.TrimPrefix(h, "["), "]")), ".")
	if addr, err := netip.ParseAddr(h); err == nil {
		return addr.Unmap().String()
	}
	return h
}

// LoopbackHosts refuses, with 421 and a message, every request whose Host
// is not allowed by HostAllowed. It guards what has no other
// authentication: the JSON API without a token, the profiles.
func LoopbackHosts(allowed []string, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !HostAllowed(r.Host, allowed) {
			writeError(w, http.StatusMisdirectedRequest, hostRefusal(r.Host))
			return
		}
		h.ServeHTTP(w, r)
	})
}

// hostRefusal says why a host name was refused and what to do about it.
func hostRefusal(host string) string {
	if len(host) > 100 {
		host = host[:100] + "…"
	}
	return fmt.Sprintf("host %q is not served: without a bearer token only localhost, 127.0.0.1 and [::1] (any port) and the names in MSPBOT_ALLOWED_HOSTS are answered, so that a page reaching this server under another name (DNS rebinding) cannot use it; set MSPBOT_API_TOKEN or add the name to MSPBOT_ALLOWED_HOSTS", host)
}
