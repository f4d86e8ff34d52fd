package discordtest

import (
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"
)

// InteractionDeadline is how long Discord waits for the answer to an
// interaction at its callback: "you must send an initial response within
// 3 seconds of receiving the event"
// (https://discord.com/developers/docs/interactions/receiving-and-responding#responding-to-an-interaction).
const InteractionDeadline = 3 * time.Second

// TokenLifetime is how long an interaction token serves the webhook
// endpoints (edit the original response, follow-ups) after the
// interaction: 15 minutes.
const TokenLifetime = 15 * time.Minute

// Rate-limit scopes of the X-RateLimit-Scope header
// (https://discord.com/developers/docs/topics/rate-limits#header-format).
const (
	ScopeUser   = "user"   // the bot's own per-route limit
	ScopeGlobal = "global" // the bot's global limit (50 requests a second)
	ScopeShared = "shared" // a limit of the resource (a channel, a guild)
)

// restState is what the REST side of the fake keeps besides messages and
// member lookups; guarded by Server.mu.
type restState struct {
	limits       []*limit
	interactions map[string]*interaction // by interaction id
	byToken      map[string]*interaction // by token
	imsgs        []InteractionMessage
	commands     map[string][]*discordgo.ApplicationCommand // "" (global) or guild id
	threads      map[string]*Thread                         // by id
	noThreads    map[string]bool                            // channels
	channels     map[string]channelInfo                     // see SetChannel
	members      []ThreadMember
	reactions    []Reaction
}

func newRestState() restState {
	return restState{
		interactions: map[string]*interaction{},
		byToken:      map[string]*interaction{},
		commands:     map[string][]*discordgo.ApplicationCommand{},
		threads:      map[string]*Thread{},
		noThreads:    map[string]bool{},
		channels:     map[string]channelInfo{},
	}
}

// limit is one RateLimit rule.
type limit struct {
	method, suffix string
	left           int
	retryAfter     time.Duration
	scope          string
}

// RateLimit makes the next n requests whose method is method (any when "")
// and whose path ends with suffix fail as Discord fails a request over a
// rate limit
// (https://discord.com/developers/docs/topics/rate-limits#exceeding-a-rate-limit):
// status 429 with the headers Retry-After (whole seconds, rounded up),
// X-RateLimit-Limit, -Remaining (0), -Reset, -Reset-After, -Bucket and
// -Scope (and X-RateLimit-Global for ScopeGlobal), and the JSON body
// {"message", "retry_after" (seconds, with fractions), "global"}. scope is
// ScopeUser, ScopeGlobal or ScopeShared (default ScopeUser). Requests it
// refuses are in Requests with Limited set. Rules apply in the order
// given; a later call adds a rule.
func (s *Server) RateLimit(method, suffix string, n int, retryAfter time.Duration, scope string) {
	if scope == "" {
		scope = ScopeUser
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rest.limits = append(s.rest.limits, &limit{method: method, suffix: suffix, left: n, retryAfter: retryAfter, scope: scope})
}

// limitLocked returns the rule that refuses req, counting it, or nil.
func (s *Server) limitLocked(req Request) *limit {
	path, _ := strings.CutPrefix(req.Path, "/api/v"+discordgo.APIVersion)
	for _, l := range s.rest.limits {
		if l.left > 0 && (l.method == "" || l.method == req.Method) && strings.HasSuffix(path, l.suffix) {
			l.left--
			return l
		}
	}
	return nil
}

// Limited returns how many requests the fake answered 429 so far.
func (s *Server) Limited() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, r := range s.requests {
		if r.Limited {
			n++
		}
	}
	return n
}

func writeRateLimit(w http.ResponseWriter, l *limit) {
	secs := l.retryAfter.Seconds()
	h := w.Header()
	h.Set("Retry-After", strconv.Itoa(int(math.Ceil(secs))))
	h.Set("X-RateLimit-Limit", "5")
	h.Set("X-RateLimit-Remaining", "0")
	h.Set("X-RateLimit-Reset", fmt.Sprintf("%.3f", float64(time.Now().Add(l.retryAfter).UnixMilli())/1000))
	h.Set("X-RateLimit-Reset-After", fmt.Sprintf("%.3f", secs))
	h.Set("X-RateLimit-Bucket", "discordtest-"+strconv.Itoa(len(l.suffix)))
	h.Set("X-RateLimit-Scope", l.scope)
	global := l.scope == ScopeGlobal
	if global {
		h.Set("X-RateLimit-Global", "true")
	}
	message := "You are being rate limited."
	if l.scope == ScopeShared {
		message = "The resource is being rate limited."
	}
	w.WriteHeader(http.StatusTooManyRequests)
	_ = json.NewEncoder(w).Encode(map[string]any{"message": message, "retry_after": secs, "global": global})
}
