package redisstore

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/mspbot/mspbot/bot"
)

// claimScript marks an event seen, counts it against the conversation's
// rate limit, takes the conversation lock and loads the session, in one
// round trip.
//
//	KEYS[1] seen key     KEYS[2] lock key     KEYS[3] session key   KEYS[4] rate counter
//	ARGV[1] "1" to check and mark the event id, "0" to skip
//	ARGV[2] seen expiry in ms
//	ARGV[3] lock token   ARGV[4] lock expiry in ms
//	ARGV[5] "1" to count the event   ARGV[6] limit   ARGV[7] window in ms
//
// Returns {0} for a duplicate, {1} when the lock is held by someone else,
// {3, n} when the event is the n-th in a window that allows fewer,
// {2, version, json} when claimed (version "0" and json "" for a new session).
var claimScript = redis.NewScript(`
if ARGV[1] == "1" then
  if not redis.call("SET", KEYS[1], "1", "NX", "PX", ARGV[2]) then return {0} end
end
if ARGV[5] == "1" then
  local n = redis.call("INCR", KEYS[4])
  if n == 1 then redis.call("PEXPIRE", KEYS[4], ARGV[7]) end
  if n > tonumber(ARGV[6]) then return {3, n} end
end
if not redis.call("SET", KEYS[2], ARGV[3], "NX", "PX", ARGV[4]) then return {1} end
local s = redis.call("HMGET", KEYS[3], "v", "d")
return {2, s[1] or "0", s[2] or ""}
`)

// releaseScript saves the session if asked (compare-and-set on its version),
// refreshes its expiry (and, for a brief conversation, the transcript's) and
// releases the lock if the token still owns it.
//
//	KEYS[1] lock key     KEYS[2] session key     KEYS[3] transcript key
//	ARGV[1] lock token   ARGV[2] "1" to save, "0" to only touch
//	ARGV[3] expected version   ARGV[4] session JSON   ARGV[5] session expiry in ms
//	ARGV[6] transcript expiry in ms, "0" to leave it
//
// Returns the new version, or -1 when the stored version differs (nothing
// saved; the lock is released all the same).
var releaseScript = redis.NewScript(`
local res = tonumber(redis.call("HGET", KEYS[2], "v") or "0")
if ARGV[2] == "1" then
  if res ~= tonumber(ARGV[3]) then
    res = -1
  else
    res = res + 1
    redis.call("HSET", KEYS[2], "v", res, "d", ARGV[4])
  end
end
if res >= 0 and redis.call("EXISTS", KEYS[2]) == 1 then
  redis.call("PEXPIRE", KEYS[2], ARGV[5])
end
if ARGV[6] ~= "0" then redis.call("PEXPIRE", KEYS[3], ARGV[6]) end
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
}

// NewSessions returns a session store on rdb.
func NewSessions(rdb redis.UniversalClient, opts SessionOptions) *Sessions {
	if opts.IdleTTL <= 0 {
		opts.IdleTTL = 24 * time.Hour
	}
	return &Sessions{rdb: rdb, keys: opts.Keys, ttl: opts.IdleTTL, brief: opts.BriefTTL, briefOn: slices.Clone(opts.BriefPlatforms)}
}

// Claim implements bot.Sessions.
func (s *Sessions) Claim(ctx context.Context, c bot.Claim) (bot.ClaimStatus, bot.Session, error) {
	check := "0"
	if c.CheckSeen && c.EventID != "" {
		check = "1"
	}
	count := "0"
	if c.Count && c.Limit > 0 {
		count = "1"
	}
	keys := []string{s.keys.Seen(c.Conversation, c.EventID), s.keys.Lock(c.Conversation), s.keys.Session(c.Conversation, c.User), s.keys.Rate(c.Conversation)}
	res, err := claimScript.Run(ctx, s.rdb, keys, check, ms(c.SeenTTL), c.Token, ms(c.LockTTL), count, c.Limit, ms(c.Window)).Slice()
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
	case 3:
		if n, _ := res[1].(int64); n == int64(c.Limit)+1 {
			return bot.LimitReached, bot.Session{}, nil
		}
		return bot.Limited, bot.Session{}, nil
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

// Release implements bot.Sessions.
func (s *Sessions) Release(ctx context.Context, conv bot.Ref, user, token string, sess *bot.Session, save bool) error {
	flag, data := "0", []byte("")
	if save {
		var err error
		if data, err = json.Marshal(sess); err != nil {
			return fmt.Errorf("release: encode session: %w", err)
		}
		flag = "1"
	}
	ttl, transcriptTTL := ms(s.ttl), "0"
	if s.brief > 0 && sess.Turns <= 1 && slices.Contains(s.briefOn, conv.Platform) {
		ttl, transcriptTTL = ms(s.brief), ms(s.brief)
	}
	keys := []string{s.keys.Lock(conv), s.keys.Session(conv, user), s.keys.Transcript(conv)}
	v, err := releaseScript.Run(ctx, s.rdb, keys, token, flag, sess.Version, data, ttl, transcriptTTL).Int64()
	if err != nil {
		return fmt.Errorf("release: %w", err)
	}
	if v < 0 {
		return fmt.Errorf("release: session version %d: %w", sess.Version, bot.ErrConflict)
	}
	sess.Version = v
	return nil
}

// Unsee implements bot.Sessions.
func (s *Sessions) Unsee(ctx context.Context, conv bot.Ref, eventID string) error {
	if err := s.rdb.Del(ctx, s.keys.Seen(conv, eventID)).Err(); err != nil {
		return fmt.Errorf("unsee: %w", err)
	}
	return nil
}

// Load returns a user's session without locking, for inspection.
func (s *Sessions) Load(ctx context.Context, conv bot.Ref, user string) (bot.Session, error) {
	vals, err := s.rdb.HMGet(ctx, s.keys.Session(conv, user), "v", "d").Result()
	if err != nil {
		return bot.Session{}, fmt.Errorf("load session: %w", err)
	}
	var sess bot.Session
	if d, ok := vals[1].(string); ok && d != "" {
		if err := json.Unmarshal([]byte(d), &sess); err != nil {
			return bot.Session{}, fmt.Errorf("load session: decode: %w", err)
		}
	}
	if v, ok := vals[0].(string); ok {
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
