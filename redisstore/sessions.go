package redisstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/mspbot/mspbot/bot"
)

// claimScript marks an event as being handled, counts it against the
// user's and the conversation's rate limits, takes the conversation lock and
// loads the session, in one round trip.
//
// The event's mark (the seen key) holds the token of the claim handling it,
// then "1" once it was handled (releaseScript). A claim that finds "1" is a
// duplicate; one that finds another token whose holder has the lock (the
// same event delivered again while it runs, or retried right after its
// release failed) waits for that holder; one that finds a token whose
// holder is gone (killed, or its release failed while Redis was away, and
// its lease ran out) takes the event over, so that the redelivery runs.
//
//	KEYS[1] seen key   KEYS[2] lock key   KEYS[3] session key   KEYS[4] conversation's rate counter
//	KEYS[5] the user's rate counter (only when counted here, see Sessions.Claim)
//	ARGV[1] "1" to check and mark the event id, "0" to skip
//	ARGV[2] seen expiry in ms
//	ARGV[3] lock token   ARGV[4] lock expiry in ms
//	ARGV[5] "1" to count the event   ARGV[6] conversation limit (0: none)   ARGV[7] window in ms
//	ARGV[8] user limit (0: none; KEYS[5] must be given otherwise)
//
// The session key holds one string: the version, a colon, the session's
// JSON (a third of the memory of a hash of the two, which Redis keeps as a
// hash table once a value is longer than 64 bytes). A session an earlier
// version saved as a hash of v and d is read as it is, and replaced by a
// string on its next save (releaseScript).
//
// Returns {0} for a duplicate, {1} when the lock is held by another event,
// {5} when the event itself is being handled by the lock's holder, {3, n} when the event is the conversation's n-th in a window
// that allows fewer, {4, n} the same for the user (both mark the event
// handled), {2, version, json} when claimed (version "0" and json "" for a
// new session).
var claimScript = redis.NewScript(`
local mark = ARGV[1] == "1"
if mark then
  local s = redis.call("GET", KEYS[1])
  if s == "1" then return {0} end
  if s and s ~= ARGV[3] and redis.call("GET", KEYS[2]) == s then return {5} end
  if s ~= ARGV[3] then redis.call("SET", KEYS[1], ARGV[3], "PX", ARGV[2]) end
end
if ARGV[5] == "1" then
  local limits = {{KEYS[5], tonumber(ARGV[8]), 4}, {KEYS[4], tonumber(ARGV[6]), 3}}
  for _, l in ipairs(limits) do
    if l[1] and l[2] > 0 then
      local n = redis.call("INCR", l[1])
      if n == 1 then redis.call("PEXPIRE", l[1], ARGV[7]) end
      if n > l[2] then
        if mark then redis.call("SET", KEYS[1], "1", "PX", ARGV[2]) end
        return {l[3], n}
      end
    end
  end
end
if not redis.call("SET", KEYS[2], ARGV[3], "NX", "PX", ARGV[4]) then return {1} end
local s = redis.pcall("GET", KEYS[3])
if type(s) == "table" then
  local h = redis.call("HMGET", KEYS[3], "v", "d")
  return {2, h[1] or "0", h[2] or ""}
end
if not s then return {2, "0", ""} end
local v, d = string.match(s, "^(%d+):(.*)$")
return {2, v or "0", d or ""}
`)

// rateScript counts one event in a fixed window, in one round trip: the
// counter's first event sets its expiry to the window, later ones leave it.
// It counts a user's events on Redis Cluster, where the user's counter is in
// another slot than the conversation's keys and so cannot be counted in
// claimScript, and the web chat's events per client address (AddrCounts).
//
//	KEYS[1] the rate counter   ARGV[1] window in ms
//
// Returns the count in the current window.
var rateScript = redis.NewScript(`
local n = redis.call("INCR", KEYS[1])
if n == 1 then redis.call("PEXPIRE", KEYS[1], ARGV[1]) end
return n
`)

// renewScript extends the lock if the token still owns it.
//
//	KEYS[1] lock key   ARGV[1] lock token   ARGV[2] expiry in ms
//
// Returns 1 when renewed, 0 when the token no longer holds the lock.
var renewScript = redis.NewScript(`
if redis.call("GET", KEYS[1]) == ARGV[1] then
  redis.call("PEXPIRE", KEYS[1], ARGV[2])
  return 1
end
return 0
`)

// releaseScript saves the session if asked (compare-and-set on its version),
// refreshes its expiry (and, for a brief conversation, the transcript's),
// marks the event handled or forgets it, and releases the lock if the token
// still owns it. Running it twice (a retry after a lost answer) is harmless:
// a save of exactly the stored data is no conflict.
//
//	KEYS[1] lock key     KEYS[2] session key     KEYS[3] transcript key   KEYS[4] seen key
//	ARGV[1] lock token   ARGV[2] "1" to save, "0" to only touch
//	ARGV[3] expected version   ARGV[4] session JSON   ARGV[5] session expiry in ms, "0" to leave it
//	ARGV[6] transcript expiry in ms, "0" to leave it
//	ARGV[7] "1" to mark the event handled, "0" to forget it (it may run
//	again), "" when there is no event id; either only while the token holds it
//	ARGV[8] the transcript's length as a negative number ("-500": the newest
//	500 are kept)   ARGV[9] the transcript's expiry in ms
//	ARGV[10…] transcript entries to append (bot.Release.Transcript): not
//	when the transcript already ends with the last of them (a repeated
//	release)
//
// Returns the new version, or -1 when the stored version differs (nothing
// saved; the lock is released all the same).
var releaseScript = redis.NewScript(`
local res, data, hash = 0, nil, false
local s = redis.pcall("GET", KEYS[2])
if type(s) == "table" then
  hash = true
  local h = redis.call("HMGET", KEYS[2], "v", "d")
  res, data = tonumber(h[1] or "0"), h[2]
elseif s then
  local v, d = string.match(s, "^(%d+):(.*)$")
  res, data = tonumber(v or "0"), d
end
if ARGV[2] == "1" then
  if res ~= tonumber(ARGV[3]) then
    if data ~= ARGV[4] then res = -1 end
  else
    res = res + 1
    if hash then
      local ttl = redis.call("PTTL", KEYS[2])
      redis.call("DEL", KEYS[2])
      if ttl > 0 then
        redis.call("SET", KEYS[2], res .. ":" .. ARGV[4], "PX", ttl)
      else
        redis.call("SET", KEYS[2], res .. ":" .. ARGV[4])
      end
    else
      redis.call("SET", KEYS[2], res .. ":" .. ARGV[4], "KEEPTTL")
    end
  end
end
if res >= 0 and ARGV[5] ~= "0" and redis.call("EXISTS", KEYS[2]) == 1 then
  redis.call("PEXPIRE", KEYS[2], ARGV[5])
end
if #ARGV >= 10 and redis.call("LINDEX", KEYS[3], -1) ~= ARGV[#ARGV] then
  redis.call("RPUSH", KEYS[3], unpack(ARGV, 10))
  redis.call("LTRIM", KEYS[3], ARGV[8], -1)
  redis.call("PEXPIRE", KEYS[3], ARGV[9])
end
if ARGV[6] ~= "0" then redis.call("PEXPIRE", KEYS[3], ARGV[6]) end
if ARGV[7] ~= "" and redis.call("GET", KEYS[4]) == ARGV[1] then
  if ARGV[7] == "1" then redis.call("SET", KEYS[4], "1", "KEEPTTL") else redis.call("DEL", KEYS[4]) end
end
if redis.call("GET", KEYS[1]) == ARGV[1] then redis.call("DEL", KEYS[1]) end
return res
`)

// Sessions implements bot.Sessions on Redis.
type Sessions struct {
	rdb   redis.UniversalClient
	keys  Keys
	ttl   time.Duration
	brief time.Duration
	// briefOn are the platforms whose brief conversations expire early.
	briefOn []string
	// cluster: the user's rate counter cannot share claimScript's slot.
	cluster bool
	// tr: the transcripts a release appends to (see FoldsTranscripts).
	tr *Transcripts
}

// SessionOptions configure Sessions. Zero values mean the defaults.
type SessionOptions struct {
	// Keys names the keys (default prefix "mspbot").
	Keys Keys
	// IdleTTL is how long a session lives after its last event
	// (default 24h).
	IdleTTL time.Duration
	// BriefTTL, when set, is how long a brief conversation on one of
	// BriefPlatforms lives after its last event: one whose session has
	// seen at most one message (an anonymous web chat visitor who asked one
	// thing). Its session and its transcript then expire after BriefTTL
	// instead of IdleTTL and the transcript's TTL; a second message gives
	// them their usual expiry again.
	BriefTTL       time.Duration
	BriefPlatforms []string
	// Transcripts, when set, are the transcripts a turn's own entries
	// (bot.Release.Transcript) are appended to by its release, in the
	// same round trip (see FoldsTranscripts); their keys must be Keys.
	Transcripts *Transcripts
}

// NewSessions returns a session store on rdb.
func NewSessions(rdb redis.UniversalClient, opts SessionOptions) *Sessions {
	if opts.IdleTTL <= 0 {
		opts.IdleTTL = 24 * time.Hour
	}
	_, cluster := rdb.(*redis.ClusterClient)
	return &Sessions{rdb: rdb, keys: opts.Keys, ttl: opts.IdleTTL, brief: opts.BriefTTL, briefOn: slices.Clone(opts.BriefPlatforms),
		cluster: cluster, tr: opts.Transcripts}
}

// FoldsTranscripts implements bot.TranscriptFolder: with Transcripts set,
// Release appends the turn's transcript entries, trims the transcript and
// renews its expiry in its own script, as Transcripts.Append would in a
// round trip of its own.
func (s *Sessions) FoldsTranscripts() bool { return s.tr != nil }

// Claim implements bot.Sessions. The user's rate counter is counted in the
// same script as the rest (one round trip) on a single Redis or Sentinel;
// on Redis Cluster, where it lives in the user's slot, in a command of its
// own just before.
func (s *Sessions) Claim(ctx context.Context, c bot.Claim) (bot.ClaimStatus, bot.Session, error) {
	check := "0"
	if c.CheckSeen && c.EventID != "" {
		check = "1"
	}
	count := "0"
	convLimit, userLimit := 0, 0
	if c.Count {
		convLimit, userLimit = max(c.Limit, 0), max(c.UserLimit, 0)
		if convLimit > 0 || userLimit > 0 {
			count = "1"
		}
	}
	keys := []string{s.keys.Seen(c.Conversation, c.EventID), s.keys.Lock(c.Conversation), s.keys.Session(c.Conversation, c.User), s.keys.Rate(c.Conversation)}
	if userLimit > 0 {
		userKey := s.keys.UserRate(c.Conversation.Platform, c.User)
		if s.cluster {
			n, err := rateScript.Run(ctx, s.rdb, []string{userKey}, ms(c.Window)).Int64()
			if err != nil {
				return 0, bot.Session{}, fmt.Errorf("claim: count the user: %w", err)
			}
			if n > int64(userLimit) {
				return limited(n, userLimit), bot.Session{}, nil
			}
			userLimit = 0
			if convLimit == 0 {
				count = "0"
			}
		} else {
			keys = append(keys, userKey)
		}
	}
	res, err := claimScript.Run(ctx, s.rdb, keys, check, ms(c.SeenTTL), c.Token, ms(c.LockTTL), count, convLimit, ms(c.Window), userLimit).Slice()
	if err != nil {
		return 0, bot.Session{}, fmt.Errorf("claim: %w", err)
	}
	if len(res) == 0 {
		return 0, bot.Session{}, fmt.Errorf("claim: empty reply")
	}
	switch code, _ := res[0].(int64); code {
	case 0:
		return bot.Duplicate, bot.Session{}, nil
	case 1:
		return bot.Busy, bot.Session{}, nil
	case 5:
		return bot.Running, bot.Session{}, nil
	case 3, 4:
		n, _ := res[1].(int64)
		if code == 3 {
			return limited(n, convLimit), bot.Session{}, nil
		}
		return limited(n, userLimit), bot.Session{}, nil
	case 2:
	default:
		return 0, bot.Session{}, fmt.Errorf("claim: unexpected reply %v", res)
	}
	if len(res) != 3 {
		return 0, bot.Session{}, fmt.Errorf("claim: unexpected reply length %d", len(res))
	}
	verText, _ := res[1].(string)
	data, _ := res[2].(string)
	var sess bot.Session
	if data != "" {
		if err := json.Unmarshal([]byte(data), &sess); err != nil {
			// A session that cannot be read is dropped rather than blocking
			// the conversation forever; the version still guards the save.
			sess = bot.Session{}
		}
	}
	sess.Version, err = strconv.ParseInt(verText, 10, 64)
	if err != nil {
		return 0, bot.Session{}, fmt.Errorf("claim: session version %q: %w", verText, err)
	}
	return bot.Claimed, sess, nil
}

// limited is the claim status of the n-th event in a window allowing limit:
// the first one over it is told, the others not.
func limited(n int64, limit int) bot.ClaimStatus {
	if n == int64(limit)+1 {
		return bot.LimitReached
	}
	return bot.Limited
}

// Renew implements bot.Sessions.
func (s *Sessions) Renew(ctx context.Context, conv bot.Ref, token string, ttl time.Duration) (bool, error) {
	n, err := renewScript.Run(ctx, s.rdb, []string{s.keys.Lock(conv)}, token, ms(ttl)).Int64()
	if err != nil {
		return false, fmt.Errorf("renew lock: %w", err)
	}
	return n == 1, nil
}

// Release implements bot.Sessions.
func (s *Sessions) Release(ctx context.Context, r bot.Release) error {
	sess := r.Session
	ttl, transcriptTTL := ms(s.ttl), "0"
	switch {
	case sess == nil:
		// Giving up a claim: the session and the transcript are left as they are.
		sess, ttl = &bot.Session{}, "0"
	case s.brief > 0 && sess.Turns <= 1 && slices.Contains(s.briefOn, r.Conversation.Platform):
		ttl, transcriptTTL = ms(s.brief), ms(s.brief)
	}
	flag, data := "0", []byte("")
	if r.Save && r.Session != nil {
		var err error
		if data, err = json.Marshal(sess); err != nil {
			return fmt.Errorf("release: encode session: %w", err)
		}
		flag = "1"
	}
	event := ""
	if r.EventID != "" {
		event = "1"
		if r.Redeliver {
			event = "0"
		}
	}
	keys := []string{s.keys.Lock(r.Conversation), s.keys.Session(r.Conversation, r.User), s.keys.Transcript(r.Conversation),
		s.keys.Seen(r.Conversation, r.EventID)}
	args := []any{r.Token, flag, sess.Version, data, ttl, transcriptTTL, event}
	if len(r.Transcript) > 0 {
		if s.tr == nil {
			return errors.New("release: transcript entries given, but no transcripts configured")
		}
		args = append(args, -s.tr.max, ms(s.tr.ttl))
		for _, m := range r.Transcript {
			e, err := s.tr.entry(m)
			if err != nil {
				return fmt.Errorf("release: %w", err)
			}
			args = append(args, e)
		}
	}
	v, err := releaseScript.Run(ctx, s.rdb, keys, args...).Int64()
	if err != nil {
		return fmt.Errorf("release: %w", err)
	}
	if v < 0 {
		return fmt.Errorf("release: session version %d: %w", sess.Version, bot.ErrConflict)
	}
	sess.Version = v
	return nil
}

// Unavailable reports whether err means that Redis could not be reached or
// could not serve a command for the moment, so that the same step a little
// later can succeed: a refused, reset or timed-out connection, a closed
// client or an exhausted pool, no sentinel or cluster node to ask, or the
// server's LOADING, READONLY, MASTERDOWN, CLUSTERDOWN, TRYAGAIN or
// NOREPLICAS answer during a restart or failover, or its max-clients
// refusal. The engine answers a turn that meets one, in any of its steps
// (the web chat's replies are Redis writes too), "temporarily unavailable"
// (HTTP 503) rather than with an apology.
//
// An HTTP client's error (a platform's API, a webhook, a language model) is
// never Redis', even when it wraps a refused connection; the handlers return
// no other network errors (e-mail failures are answered where they happen).
func (s *Sessions) Unavailable(err error) bool { return Unavailable(err) }

// Unavailable is Sessions.Unavailable for any error of the project's Redis
// calls.
func Unavailable(err error) bool {
	var urlErr *url.Error
	if err == nil || errors.Is(err, redis.Nil) || errors.As(err, &urlErr) {
		// An HTTP client's error (a webhook, a language model) is not
		// Redis', even when it wraps a refused connection.
		return false
	}
	var netErr net.Error
	switch {
	case errors.As(err, &netErr), errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF),
		errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE),
		errors.Is(err, redis.ErrClosed), errors.Is(err, redis.ErrPoolTimeout), errors.Is(err, redis.ErrPoolExhausted):
		return true
	case redis.IsLoadingError(err), redis.IsReadOnlyError(err), redis.IsMasterDownError(err), redis.IsClusterDownError(err),
		redis.IsTryAgainError(err), redis.IsNoReplicasError(err), redis.IsMaxClientsError(err):
		return true
	}
	// The server's error codes, should a wrapper have flattened the error
	// to text on its way, and go-redis' own untyped errors.
	msg := err.Error()
	for _, code := range unavailableCodes {
		if strings.HasPrefix(msg, code) || strings.Contains(msg, ": "+code) {
			return true
		}
	}
	for _, text := range unavailableTexts {
		if strings.Contains(msg, text) {
			return true
		}
	}
	return false
}

// unavailableCodes are the Redis error codes of a server that cannot serve
// for the moment.
var unavailableCodes = []string{"LOADING ", "READONLY ", "MASTERDOWN ", "CLUSTERDOWN ", "TRYAGAIN ", "NOREPLICAS "}

// unavailableTexts are go-redis' errors (errors.New) when there is no node
// to ask for the moment.
var unavailableTexts = []string{"redis: all sentinels specified in configuration are unreachable", "redis: cluster has no nodes"}

// Load returns a user's session without locking, for inspection.
func (s *Sessions) Load(ctx context.Context, conv bot.Ref, user string) (bot.Session, error) {
	key := s.keys.Session(conv, user)
	var v, d string
	stored, err := s.rdb.Get(ctx, key).Result()
	switch {
	case err == nil:
		v, d, _ = strings.Cut(stored, ":")
	case errors.Is(err, redis.Nil):
	case strings.HasPrefix(err.Error(), "WRONGTYPE"):
		// a session saved as a hash (before sessions were strings)
		vals, err := s.rdb.HMGet(ctx, key, "v", "d").Result()
		if err != nil {
			return bot.Session{}, fmt.Errorf("load session: %w", err)
		}
		v, _ = vals[0].(string)
		d, _ = vals[1].(string)
	default:
		return bot.Session{}, fmt.Errorf("load session: %w", err)
	}
	var sess bot.Session
	if d != "" {
		if err := json.Unmarshal([]byte(d), &sess); err != nil {
			return bot.Session{}, fmt.Errorf("load session: decode: %w", err)
		}
	}
	if v != "" {
		sess.Version, _ = strconv.ParseInt(v, 10, 64)
	}
	return sess, nil
}

// ms renders d in whole milliseconds, at least 1.
func ms(d time.Duration) string {
	m := d.Milliseconds()
	if m < 1 {
		m = 1
	}
	return strconv.FormatInt(m, 10)
}
