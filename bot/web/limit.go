package web

import (
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"time"
)

// maxTrackedAddrs bounds the memory of an address limiter: when more
// addresses than this are counted in one window, the window starts over.
const maxTrackedAddrs = 100_000

// addrLimiter counts events per client address in fixed windows, in this
// process. A zero limit allows everything.
type addrLimiter struct {
	limit  int
	window time.Duration

	mu    sync.Mutex
	start time.Time
	count map[netip.Addr]int
}

func newAddrLimiter(limit int, window time.Duration) *addrLimiter {
	return &addrLimiter{limit: limit, window: window, count: make(map[netip.Addr]int)}
}

// allow counts one event of addr at now and reports whether it is within
// the limit and, when it is not, whether it is the first over it in this
// window (the one worth a log line).
func (l *addrLimiter) allow(addr netip.Addr, now time.Time) (ok, first bool) {
	if l.limit <= 0 {
		return true, false
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if now.Sub(l.start) >= l.window || now.Before(l.start) || len(l.count) >= maxTrackedAddrs {
		l.start = now
		clear(l.count)
	}
	n := l.count[addr] + 1
	l.count[addr] = n
	return n <= l.limit, n == l.limit+1
}

// retryAfter is the Retry-After header value for the limiter's window.
func (l *addrLimiter) retryAfter() string {
	return formatSeconds(l.window)
}

func formatSeconds(d time.Duration) string {
	return strconv.FormatInt(max(int64(d/time.Second), 1), 10)
}

// clientAddr is the address a request is counted under: the peer's
// address, or, when the peer is a trusted proxy, the nearest address in
// X-Forwarded-For that is not one. IPv6 clients are counted per /64 (the
// network one subscriber gets), IPv4 per address.
func (a *Adapter) clientAddr(r *http.Request) netip.Addr {
	addr := peerAddr(r.RemoteAddr)
	if a.trustedProxy(addr) {
		hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
		for i := len(hops) - 1; i >= 0; i-- {
			hop, ok := parseHop(hops[i])
			if !ok {
				// A malformed entry ends the chain: what is left of it
				// cannot be trusted, so the last trusted hop is counted.
				break
			}
			addr = hop
			if !a.trustedProxy(hop) {
				break
			}
		}
	}
	if addr = addr.WithZone(""); addr.Is6() {
		p, _ := addr.Prefix(64)
		return p.Addr()
	}
	return addr
}

func (a *Adapter) trustedProxy(addr netip.Addr) bool {
	for _, p := range a.opts.TrustedProxies {
		if p.Contains(addr) {
			return true
		}
	}
	return false
}

// peerAddr parses the connection's remote address; an unparsable one is
// counted as the unspecified address.
func peerAddr(remote string) netip.Addr {
	host, _, err := net.SplitHostPort(remote)
	if err != nil {
		host = remote
	}
	addr, err := netip.ParseAddr(host)
	if err != nil {
		return netip.IPv6Unspecified()
	}
	return addr.Unmap()
}

// parseHop reads one X-Forwarded-For entry: an address, possibly with a
// port ("192.0.2.1:4711", "[2001:db8::1]:4711").
func parseHop(s string) (netip.Addr, bool) {
	s = strings.TrimSpace(s)
	if addr, err := netip.ParseAddr(s); err == nil {
		return addr.Unmap(), true
	}
	if ap, err := netip.ParseAddrPort(s); err == nil {
		return ap.Addr().Unmap(), true
	}
	return netip.Addr{}, false
}
