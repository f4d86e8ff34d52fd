package web

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"time"
)

// AddrCounter counts events per key in fixed windows shared by every
// replica; redisstore.AddrCounts implements it. Hit counts one event of key
// and returns the count in key's current window, which begins with its
// first event and lasts window.
type AddrCounter interface {
	Hit(ctx context.Context, key string, window time.Duration) (n int64, err error)
}

// addrKeyContext separates the HMAC of a client address from the visitor
// cookies' HMACs made with the same key.
const addrKeyContext = "mspbot-addr-v1"

// addrLimit is one limit per client address: counted in the adapter's
// AddrCounter, shared by every replica, when it has one, else in this
// process (local).
type addrLimit struct {
	// name starts the counter's key: "visitors" or "chat".
	name   string
	limit  int
	window time.Duration
	local  *addrLimiter
}

func newAddrLimit(name string, limit int, window time.Duration) *addrLimit {
	return &addrLimit{name: name, limit: limit, window: window, local: newAddrLimiter(limit, window)}
}

// retryAfter is the Retry-After header value for the limit's window.
func (l *addrLimit) retryAfter() string { return formatSeconds(l.window) }

// allowAddr counts one event of addr against l and reports whether it is
// within the limit and, when it is not, whether it is the first over it in
// the window (the one worth a log line).
//
// A count the AddrCounter could not make allows the event: the chat is
// never blocked because a counter could not be written (a turn that needs
// Redis meets the outage itself and answers 503). The first failure of a
// streak is logged at warning, and the end of the streak.
func (a *Adapter) allowAddr(ctx context.Context, l *addrLimit, addr netip.Addr) (ok, first bool) {
	if l.limit <= 0 {
		return true, false
	}
	if a.opts.AddrCounter == nil {
		return l.local.allow(addr, a.opts.Now())
	}
	n, err := a.opts.AddrCounter.Hit(ctx, l.name+":"+a.addrKey(addr), l.window)
	if err != nil {
		if ctx.Err() != nil {
			// The client went away: no answer is needed, and it says
			// nothing about the counter.
			return true, false
		}
		if !a.countFailing.Swap(true) {
			a.opts.Logger.Warn("counting per client address failed; the web chat's limits per address are not enforced until it works again",
				"component", "web", "limit", l.name, "err", err)
		}
		return true, false
	}
	if a.countFailing.Load() && a.countFailing.Swap(false) {
		a.opts.Logger.Info("counting per client address works again", "component", "web")
	}
	return n <= int64(l.limit), n == int64(l.limit)+1
}

// addrKey names a client address in the shared counters without revealing
// it: an HMAC-SHA256 of the address with the visitor key, 128 bits of it in
// base64url. A plain hash of an IPv4 address (or an IPv6 /64) would be
// reversed by trying them all; the HMAC cannot be without the key, and
// replicas sharing the key name an address alike.
func (a *Adapter) addrKey(addr netip.Addr) string {
	m := hmac.New(sha256.New, a.opts.VisitorKey)
	m.Write([]byte(addrKeyContext + "\x00" + addr.String()))
	return b64.EncodeToString(m.Sum(nil)[:16])
}

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
