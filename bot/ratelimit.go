package bot

import (
	"sync"
	"time"
)

// maxTrackedUsers bounds the memory of the per-user limiter: when more users
// than this are counted in one window, the oldest window is dropped early.
const maxTrackedUsers = 200_000

// userLimiter counts events per user in fixed windows, in this process.
// The zero limit allows everything.
type userLimiter struct {
	limit  int
	window time.Duration

	mu    sync.Mutex
	start time.Time
	count map[string]int
}

func newUserLimiter(limit int, window time.Duration) *userLimiter {
	return &userLimiter{limit: limit, window: window, count: make(map[string]int)}
}

// allow counts one event of user at now. It reports whether the event is
// within the limit and, when it is not, whether it is the first over it in
// this window (the one the user is told about).
func (l *userLimiter) allow(user string, now time.Time) (ok, first bool) {
	if l == nil || l.limit <= 0 {
		return true, false
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if now.Sub(l.start) >= l.window || now.Before(l.start) || len(l.count) >= maxTrackedUsers {
		l.start = now
		clear(l.count)
	}
	n := l.count[user] + 1
	l.count[user] = n
	if n <= l.limit {
		return true, false
	}
	return false, n == l.limit+1
}
