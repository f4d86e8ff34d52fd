package redisstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/mspbot/mspbot/protocols"
)

// createProtocolScript stores a new protocol with its first log entry and
// indexes, and makes it its conversation's latest protocol.
//
//	KEYS[1] protocol hash   KEYS[2] log list   KEYS[3] all (zset)   KEYS[4] org index (zset)
//	KEYS[5] conversations (hash)
//	ARGV[1] id   ARGV[2] protocol JSON   ARGV[3] head   ARGV[4] seq   ARGV[5] created (ms)
//	ARGV[6] first entry JSON   ARGV[7] conversation id
//
// Returns 1, or 0 when the id exists.
var createProtocolScript = redis.NewScript(`
if redis.call("EXISTS", KEYS[1]) == 1 then return 0 end
redis.call("HSET", KEYS[1], "d", ARGV[2], "head", ARGV[3], "seq", ARGV[4])
redis.call("RPUSH", KEYS[2], ARGV[6])
redis.call("ZADD", KEYS[3], ARGV[5], ARGV[1])
redis.call("ZADD", KEYS[4], ARGV[5], ARGV[1])
redis.call("HSET", KEYS[5], ARGV[7], ARGV[1])
return 1
`)

// applyProtocolScript is the compare-and-set of every change: it stores the
// protocol and appends its log entries only if the log still ends at the
// head the change was computed from, so two concurrent changes (two
// signatures at once) can never overwrite each other: one wins, the other
// re-reads and tries again.
//
//	KEYS[1] protocol hash   KEYS[2] log list   KEYS[3] signing set
//	ARGV[1] id   ARGV[2] expected head   ARGV[3] protocol JSON   ARGV[4] new head
//	ARGV[5] new seq   ARGV[6] new state   ARGV[7..] entries JSON, in order
//
// Returns 1 when applied, 0 when the head moved, -1 when there is no such
// protocol.
var applyProtocolScript = redis.NewScript(`
local head = redis.call("HGET", KEYS[1], "head")
if not head then return -1 end
if head ~= ARGV[2] then return 0 end
redis.call("HSET", KEYS[1], "d", ARGV[3], "head", ARGV[4], "seq", ARGV[5])
for i = 7, #ARGV do redis.call("RPUSH", KEYS[2], ARGV[i]) end
if ARGV[6] == "signing" then redis.call("SADD", KEYS[3], ARGV[1]) else redis.call("SREM", KEYS[3], ARGV[1]) end
return 1
`)

// linkProtocolScript links a posted message to a protocol that exists and
// records where a version was posted for signing.
//
//	KEYS[1] protocol hash   KEYS[2] links (hash)
//	ARGV[1] message key   ARGV[2] "id|version"   ARGV[3] posted marker ("" for none)
//
// Returns 1, or 0 when there is no such protocol.
var linkProtocolScript = redis.NewScript(`
if redis.call("EXISTS", KEYS[1]) == 0 then return 0 end
redis.call("HSET", KEYS[2], ARGV[1], ARGV[2])
if ARGV[3] ~= "" then
  redis.call("HSET", KEYS[1], "posted", (redis.call("HGET", KEYS[1], "posted") or "") .. ARGV[3] .. "\n")
end
return 1
`)

// Protocols implements protocols.Store on Redis. All its keys share the
// hash tag {protocols}, so its scripts also run on Cluster.
type Protocols struct {
	rdb  redis.UniversalClient
	keys Keys
}

// NewProtocols returns the protocol store on rdb.
func NewProtocols(rdb redis.UniversalClient, keys Keys) *Protocols {
	return &Protocols{rdb: rdb, keys: keys}
}

// NextID implements protocols.Store: "PR-<yy>-<nnnn>", counted per year.
func (s *Protocols) NextID(ctx context.Context, now time.Time) (string, error) {
	yy := now.UTC().Format("06")
	n, err := s.rdb.Incr(ctx, s.keys.ProtocolSeq(yy)).Result()
	if err != nil {
		return "", fmt.Errorf("next protocol id: %w", err)
	}
	return fmt.Sprintf("PR-%s-%04d", yy, n), nil
}

// Create implements protocols.Store.
func (s *Protocols) Create(ctx context.Context, p protocols.Protocol, first protocols.Entry) error {
	d, err := json.Marshal(p)
	if err != nil {
		return fmt.Errorf("create protocol: %w", err)
	}
	e, err := json.Marshal(first)
	if err != nil {
		return fmt.Errorf("create protocol: %w", err)
	}
	keys := []string{s.keys.Protocol(p.ID), s.keys.ProtocolLog(p.ID), s.keys.ProtocolAll(), s.keys.ProtocolOrg(p.Org), s.keys.ProtocolConversations()}
	ok, err := createProtocolScript.Run(ctx, s.rdb, keys, p.ID, d, p.Head, p.Seq, p.Created.UnixMilli(), e, p.Conv.Key()).Int()
	if err != nil {
		return fmt.Errorf("create protocol: %w", err)
	}
	if ok == 0 {
		return fmt.Errorf("create protocol %s: id exists", p.ID)
	}
	return nil
}

// Apply implements protocols.Store.
func (s *Protocols) Apply(ctx context.Context, p protocols.Protocol, prevHead string, entries []protocols.Entry) error {
	d, err := json.Marshal(p)
	if err != nil {
		return fmt.Errorf("apply to protocol: %w", err)
	}
	args := []any{p.ID, prevHead, d, p.Head, p.Seq, string(p.State)}
	for _, e := range entries {
		b, err := json.Marshal(e)
		if err != nil {
			return fmt.Errorf("apply to protocol: %w", err)
		}
		args = append(args, b)
	}
	keys := []string{s.keys.Protocol(p.ID), s.keys.ProtocolLog(p.ID), s.keys.ProtocolSigning()}
	n, err := applyProtocolScript.Run(ctx, s.rdb, keys, args...).Int()
	switch {
	case err != nil:
		return fmt.Errorf("apply to protocol %s: %w", p.ID, err)
	case n == 0:
		return fmt.Errorf("protocol %s: %w", p.ID, protocols.ErrConflict)
	case n < 0:
		return fmt.Errorf("protocol %s: %w", p.ID, protocols.ErrNotFound)
	}
	return nil
}

// Get implements protocols.Store. Head and Seq come from the hash fields
// the scripts compare, not from the JSON.
func (s *Protocols) Get(ctx context.Context, id string) (protocols.Protocol, error) {
	h, err := s.rdb.HGetAll(ctx, s.keys.Protocol(id)).Result()
	if err != nil {
		return protocols.Protocol{}, fmt.Errorf("get protocol %s: %w", id, err)
	}
	if len(h) == 0 || h["d"] == "" {
		return protocols.Protocol{}, fmt.Errorf("protocol %s: %w", id, protocols.ErrNotFound)
	}
	var p protocols.Protocol
	if err := json.Unmarshal([]byte(h["d"]), &p); err != nil {
		return protocols.Protocol{}, fmt.Errorf("protocol %s: %w: %v", id, protocols.ErrCorrupt, err)
	}
	p.Head = h["head"]
	p.Seq, _ = strconv.Atoi(h["seq"])
	p.Posted = lines(h["posted"])
	return p, nil
}

// Log implements protocols.Store. An entry that is not valid JSON comes
// back marked Unreadable so that verification names it.
func (s *Protocols) Log(ctx context.Context, id string) ([]protocols.Entry, error) {
	raw, err := s.rdb.LRange(ctx, s.keys.ProtocolLog(id), 0, -1).Result()
	if err != nil {
		return nil, fmt.Errorf("protocol %s log: %w", id, err)
	}
	out := make([]protocols.Entry, 0, len(raw))
	for _, r := range raw {
		var e protocols.Entry
		if err := json.Unmarshal([]byte(r), &e); err != nil {
			e = protocols.Entry{Unreadable: err.Error()}
		}
		out = append(out, e)
	}
	return out, nil
}

// IDs implements protocols.Store.
func (s *Protocols) IDs(ctx context.Context) ([]string, error) {
	ids, err := s.rdb.ZRange(ctx, s.keys.ProtocolAll(), 0, -1).Result()
	if err != nil {
		return nil, fmt.Errorf("list protocols: %w", err)
	}
	return ids, nil
}

// ByOrg implements protocols.Store.
func (s *Protocols) ByOrg(ctx context.Context, org string) ([]string, error) {
	ids, err := s.rdb.ZRevRange(ctx, s.keys.ProtocolOrg(org), 0, 99).Result()
	if err != nil {
		return nil, fmt.Errorf("protocols of %s: %w", org, err)
	}
	return ids, nil
}

// Signing implements protocols.Store.
func (s *Protocols) Signing(ctx context.Context) ([]string, error) {
	ids, err := s.rdb.SMembers(ctx, s.keys.ProtocolSigning()).Result()
	if err != nil {
		return nil, fmt.Errorf("protocols waiting for signatures: %w", err)
	}
	return ids, nil
}

// Active implements protocols.Store.
func (s *Protocols) Active(ctx context.Context, conv string) (string, error) {
	id, err := s.rdb.HGet(ctx, s.keys.ProtocolConversations(), conv).Result()
	if errors.Is(err, redis.Nil) {
		return "", fmt.Errorf("conversation's protocol: %w", protocols.ErrNotFound)
	}
	if err != nil {
		return "", fmt.Errorf("conversation's protocol: %w", err)
	}
	return id, nil
}

// LinkMessage implements protocols.Store.
func (s *Protocols) LinkMessage(ctx context.Context, message, id string, version int, posted string) error {
	ok, err := linkProtocolScript.Run(ctx, s.rdb, []string{s.keys.Protocol(id), s.keys.ProtocolLinks()}, message, id+"|"+strconv.Itoa(version), posted).Int()
	if err != nil {
		return fmt.Errorf("link message to protocol %s: %w", id, err)
	}
	if ok == 0 {
		return fmt.Errorf("link message to protocol %s: %w", id, protocols.ErrNotFound)
	}
	return nil
}

// ByMessage implements protocols.Store.
func (s *Protocols) ByMessage(ctx context.Context, message string) (string, int, error) {
	v, err := s.rdb.HGet(ctx, s.keys.ProtocolLinks(), message).Result()
	if errors.Is(err, redis.Nil) {
		return "", 0, fmt.Errorf("message %s: %w", message, protocols.ErrNotFound)
	}
	if err != nil {
		return "", 0, fmt.Errorf("protocol of message: %w", err)
	}
	id, ver, _ := strings.Cut(v, "|")
	n, _ := strconv.Atoi(ver)
	return id, n, nil
}
