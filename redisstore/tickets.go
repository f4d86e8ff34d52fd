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

	"github.com/mspbot/mspbot/tickets"
)

// ticketStates lists the states in the order of their index keys in the
// scripts (KEYS[n..n+3]).
var ticketStates = []tickets.State{tickets.StateOpen, tickets.StateClaimed, tickets.StateCalled, tickets.StateClosed}

// createTicketScript stores a new ticket with its first history entry and
// indexes, and queues it in the outbox when asked. A request filed before
// (the same request id, e.g. a "ja" repeated after an outage) files nothing
// and names the ticket it filed.
//
//	KEYS[1] ticket hash   KEYS[2] history list   KEYS[3] client index (zset)
//	KEYS[4] open-state index (zset)   KEYS[5] outbox (zset)   KEYS[6] request key
//	ARGV[1] id   ARGV[2] ticket JSON   ARGV[3] created (ms)   ARGV[4] history entry JSON
//	ARGV[5] "1" to queue   ARGV[6] outbox member   ARGV[7] request id ("" for none)
//	ARGV[8] how long the request id is remembered (ms)
//
// Returns {1}, {0} when the id exists, or {2, id} when the request was filed
// as ticket id before.
var createTicketScript = redis.NewScript(`
if ARGV[7] ~= "" then
  local ex = redis.call("GET", KEYS[6])
  if ex then return {2, ex} end
end
if redis.call("EXISTS", KEYS[1]) == 1 then return {0} end
if ARGV[7] ~= "" then redis.call("SET", KEYS[6], ARGV[1], "PX", ARGV[8]) end
redis.call("HSET", KEYS[1], "d", ARGV[2], "state", "open", "owner", "", "updated", ARGV[3], "links", "")
redis.call("RPUSH", KEYS[2], ARGV[4])
redis.call("ZADD", KEYS[3], ARGV[3], ARGV[1])
redis.call("ZADD", KEYS[4], ARGV[3], ARGV[1])
if ARGV[5] == "1" then redis.call("ZADD", KEYS[5], ARGV[3], ARGV[6]) end
return {1}
`)

// transitionScript moves a ticket to a new state if its state allows it.
//
//	KEYS[1] ticket hash   KEYS[2] history list   KEYS[3] outbox (zset)
//	KEYS[4..7] state indexes: open, claimed, called, closed
//	ARGV[1] id   ARGV[2] allowed states, comma-separated   ARGV[3] new state
//	ARGV[4] actor id   ARGV[5] time (ms)   ARGV[6] "1" to claim
//	ARGV[7] history entry JSON   ARGV[8] "1" to queue   ARGV[9] outbox member prefix
//	ARGV[10] index (1-4) of the new state's key
//
// Returns {1} when done, {0} when the actor already owns the claimed ticket
// (nothing changes), {-1} not found, {-2, owner} claimed by another,
// {-3, state} state does not allow it.
var transitionScript = redis.NewScript(`
local st = redis.call("HGET", KEYS[1], "state")
if not st then return {-1} end
local owner = redis.call("HGET", KEYS[1], "owner") or ""
if ARGV[6] == "1" then
  if owner ~= "" and owner ~= ARGV[4] then return {-2, owner} end
  if owner == ARGV[4] and st == ARGV[3] then return {0} end
end
if not string.find("," .. ARGV[2] .. ",", "," .. st .. ",", 1, true) then return {-3, st} end
redis.call("HSET", KEYS[1], "state", ARGV[3], "updated", ARGV[5])
if ARGV[6] == "1" then redis.call("HSET", KEYS[1], "owner", ARGV[4]) end
for i = 4, 7 do redis.call("ZREM", KEYS[i], ARGV[1]) end
redis.call("ZADD", KEYS[3 + tonumber(ARGV[10])], ARGV[5], ARGV[1])
local n = redis.call("RPUSH", KEYS[2], ARGV[7])
if ARGV[8] == "1" then redis.call("ZADD", KEYS[3], ARGV[5], ARGV[9] .. n) end
return {1}
`)

// amendTicketScript stores a ticket's changed record when it is in one of
// the allowed states and was last updated when the caller read it.
//
//	KEYS[1] ticket hash   KEYS[2] history list   KEYS[3] webhook outbox
//	ARGV[1] allowed states (comma-separated)   ARGV[2] updated when read (ms)
//	ARGV[3] record (JSON)   ARGV[4] now (ms)   ARGV[5] history entry
//	ARGV[6] "1" to queue for the webhook   ARGV[7] outbox member prefix
//
// Returns {1}, {-1} when there is no such ticket, {-3, state} in another
// state, {-4} when it changed meanwhile.
var amendTicketScript = redis.NewScript(`
local st = redis.call("HGET", KEYS[1], "state")
if not st then return {-1} end
if not string.find("," .. ARGV[1] .. ",", "," .. st .. ",", 1, true) then return {-3, st} end
if (redis.call("HGET", KEYS[1], "updated") or "") ~= ARGV[2] then return {-4} end
redis.call("HSET", KEYS[1], "d", ARGV[3], "updated", ARGV[4])
local n = redis.call("RPUSH", KEYS[2], ARGV[5])
if ARGV[6] == "1" then redis.call("ZADD", KEYS[3], ARGV[4], ARGV[7] .. n) end
return {1}
`)

// deleteTicketScript removes a ticket, its history, its indexes and the
// links of its staff messages.
//
//	KEYS[1] ticket hash   KEYS[2] history list   KEYS[3] client index
//	KEYS[4..7] state indexes   KEYS[8] message links (hash)
//	ARGV[1] id
//
// Returns 1, or 0 when the ticket did not exist.
var deleteTicketScript = redis.NewScript(`
local links = redis.call("HGET", KEYS[1], "links")
if not links then return 0 end
for m in string.gmatch(links, "[^\n]+") do redis.call("HDEL", KEYS[8], m) end
redis.call("DEL", KEYS[1], KEYS[2])
redis.call("ZREM", KEYS[3], ARGV[1])
for i = 4, 7 do redis.call("ZREM", KEYS[i], ARGV[1]) end
return 1
`)

// linkScript links a staff message to a record (ticket or appointment) that
// exists and records the staff room it was posted in as told.
//
//	KEYS[1] record hash   KEYS[2] message links (hash)
//	ARGV[1] message key   ARGV[2] id   ARGV[3] staff room key ("" for none)
//
// Returns 1, or 0 when the record does not exist.
var linkScript = redis.NewScript(`
local links = redis.call("HGET", KEYS[1], "links")
if not links then return 0 end
redis.call("HSET", KEYS[1], "links", links .. ARGV[1] .. "\n")
redis.call("HSET", KEYS[2], ARGV[1], ARGV[2])
if ARGV[3] ~= "" then
  redis.call("HSET", KEYS[1], "told", (redis.call("HGET", KEYS[1], "told") or "") .. ARGV[3] .. "\n")
end
return 1
`)

// claimJobsScript leases due outbox jobs: each due member's score is moved
// to now + lease so that no other replica takes it meanwhile.
//
//	KEYS[1] outbox (zset)   ARGV[1] now (ms)   ARGV[2] lease (ms)   ARGV[3] limit
var claimJobsScript = redis.NewScript(`
local due = redis.call("ZRANGEBYSCORE", KEYS[1], "-inf", ARGV[1], "LIMIT", 0, tonumber(ARGV[3]))
for _, m in ipairs(due) do redis.call("ZADD", KEYS[1], tonumber(ARGV[1]) + tonumber(ARGV[2]), m) end
return due
`)

// Tickets implements tickets.Store and the webhook outbox on Redis. All its
// keys share the hash tag {tickets}, so its scripts also run on Cluster.
type Tickets struct {
	rdb  redis.UniversalClient
	keys Keys
}

// NewTickets returns the ticket store on rdb.
func NewTickets(rdb redis.UniversalClient, keys Keys) *Tickets {
	return &Tickets{rdb: rdb, keys: keys}
}

func (s *Tickets) stateKeys() []string {
	out := make([]string, len(ticketStates))
	for i, st := range ticketStates {
		out[i] = s.keys.TicketState(string(st))
	}
	return out
}

// NextID implements tickets.Store: "CB-<yy>-<nnnn>", counted per year.
func (s *Tickets) NextID(ctx context.Context, now time.Time) (string, error) {
	yy := now.Format("06")
	n, err := s.rdb.Incr(ctx, s.keys.TicketSeq(yy)).Result()
	if err != nil {
		return "", fmt.Errorf("next ticket id: %w", err)
	}
	return fmt.Sprintf("CB-%s-%04d", yy, n), nil
}

// requestTTL is how long a filing request's id is remembered.
const requestTTL = 7 * 24 * time.Hour

// Create implements tickets.Store.
func (s *Tickets) Create(ctx context.Context, t tickets.Ticket, outbox bool) (tickets.Ticket, error) {
	hist := t.History
	t.History = nil
	d, err := json.Marshal(t)
	if err != nil {
		return tickets.Ticket{}, fmt.Errorf("create ticket: %w", err)
	}
	if len(hist) == 0 {
		hist = []tickets.HistoryEntry{{Action: tickets.ActionCreated, At: t.Created}}
	}
	h, _ := json.Marshal(hist[0])
	keys := []string{s.keys.Ticket(t.ID), s.keys.TicketHistory(t.ID),
		s.keys.TicketClient(t.Client.Org, t.Client.Platform, t.Client.User), s.keys.TicketState(string(tickets.StateOpen)), s.keys.TicketOutbox()}
	keys = append(keys, s.keys.TicketRequest(t.Draft.RequestID))
	res, err := createTicketScript.Run(ctx, s.rdb, keys, t.ID, d, t.Created.UnixMilli(), h, flag(outbox), jobMember(t.ID, tickets.ActionCreated, 1),
		t.Draft.RequestID, requestTTL.Milliseconds()).Slice()
	if err != nil {
		return tickets.Ticket{}, fmt.Errorf("create ticket: %w", err)
	}
	switch code(res) {
	case 1:
		t.History = hist[:1]
		return t, nil
	case 2:
		return s.Get(ctx, str(res, 1))
	}
	return tickets.Ticket{}, fmt.Errorf("create ticket %s: id exists", t.ID)
}

// Get implements tickets.Store.
func (s *Tickets) Get(ctx context.Context, id string) (tickets.Ticket, error) {
	recs, err := readRecords(ctx, s.rdb, []string{id}, s.keys.Ticket, s.keys.TicketHistory)
	if err != nil {
		return tickets.Ticket{}, fmt.Errorf("get ticket %s: %w", id, err)
	}
	return decodeTicket(id, recs[0].hash, recs[0].history)
}

func decodeTicket(id string, h map[string]string, hist []string) (tickets.Ticket, error) {
	if len(h) == 0 || h["d"] == "" {
		return tickets.Ticket{}, fmt.Errorf("ticket %s: %w", id, tickets.ErrNotFound)
	}
	var t tickets.Ticket
	if err := json.Unmarshal([]byte(h["d"]), &t); err != nil {
		return tickets.Ticket{}, fmt.Errorf("ticket %s: decode: %w", id, err)
	}
	t.State = tickets.State(h["state"])
	t.Owner = h["owner"]
	t.Told = lines(h["told"])
	if ms, err := strconv.ParseInt(h["updated"], 10, 64); err == nil {
		t.Updated = time.UnixMilli(ms).UTC()
	}
	for _, e := range hist {
		var he tickets.HistoryEntry
		if json.Unmarshal([]byte(e), &he) == nil {
			t.History = append(t.History, he)
		}
	}
	return t, nil
}

// Transition implements tickets.Store.
func (s *Tickets) Transition(ctx context.Context, id string, from []tickets.State, to tickets.State, action tickets.Action, by string, at time.Time, claim, outbox bool) (tickets.Ticket, error) {
	idx := 0
	for i, st := range ticketStates {
		if st == to {
			idx = i + 1
		}
	}
	if idx == 0 {
		return tickets.Ticket{}, fmt.Errorf("transition %s: unknown state %q", id, to)
	}
	allowed := make([]string, len(from))
	for i, f := range from {
		allowed[i] = string(f)
	}
	h, _ := json.Marshal(tickets.HistoryEntry{Action: action, By: by, At: at.UTC()})
	keys := append([]string{s.keys.Ticket(id), s.keys.TicketHistory(id), s.keys.TicketOutbox()}, s.stateKeys()...)
	res, err := transitionScript.Run(ctx, s.rdb, keys, id, strings.Join(allowed, ","), string(to), by, at.UnixMilli(),
		flag(claim), h, flag(outbox), id+"|"+string(action)+"|", idx).Slice()
	if err != nil {
		return tickets.Ticket{}, fmt.Errorf("transition %s: %w", id, err)
	}
	code, _ := res[0].(int64)
	switch code {
	case 1, 0:
		return s.Get(ctx, id)
	case -1:
		return tickets.Ticket{}, tickets.ErrNotFound
	case -2:
		return tickets.Ticket{}, fmt.Errorf("owner %v: %w", res[1], tickets.ErrAlreadyClaimed)
	default:
		return tickets.Ticket{}, fmt.Errorf("state %v: %w", res[1], tickets.ErrInvalidTransition)
	}
}

// Amend implements tickets.Store.
func (s *Tickets) Amend(ctx context.Context, t tickets.Ticket, from []tickets.State, prev time.Time, entry tickets.HistoryEntry, outbox bool) (tickets.Ticket, error) {
	rec := t
	rec.History, rec.State, rec.Owner = nil, tickets.StateOpen, ""
	d, err := json.Marshal(rec)
	if err != nil {
		return tickets.Ticket{}, fmt.Errorf("amend %s: %w", t.ID, err)
	}
	allowed := make([]string, len(from))
	for i, f := range from {
		allowed[i] = string(f)
	}
	h, _ := json.Marshal(entry)
	keys := []string{s.keys.Ticket(t.ID), s.keys.TicketHistory(t.ID), s.keys.TicketOutbox()}
	res, err := amendTicketScript.Run(ctx, s.rdb, keys, strings.Join(allowed, ","), strconv.FormatInt(prev.UnixMilli(), 10), d,
		entry.At.UnixMilli(), h, flag(outbox), t.ID+"|"+string(entry.Action)+"|").Slice()
	if err != nil {
		return tickets.Ticket{}, fmt.Errorf("amend %s: %w", t.ID, err)
	}
	switch code(res) {
	case 1:
		return s.Get(ctx, t.ID)
	case -1:
		return tickets.Ticket{}, tickets.ErrNotFound
	case -4:
		return tickets.Ticket{}, tickets.ErrConflict
	default:
		return tickets.Ticket{}, fmt.Errorf("state %v: %w", res[1], tickets.ErrInvalidTransition)
	}
}

// ListByClient implements tickets.Store.
func (s *Tickets) ListByClient(ctx context.Context, org, platform, user string) ([]tickets.Ticket, error) {
	ids, recs, err := readNewest(ctx, s.rdb, s.keys.TicketClient(org, platform, user), 50, s.keys.Ticket, s.keys.TicketHistory)
	if err != nil {
		return nil, fmt.Errorf("list tickets: %w", err)
	}
	out := make([]tickets.Ticket, 0, len(ids))
	for i, id := range ids {
		t, err := decodeTicket(id, recs[i].hash, recs[i].history)
		if errors.Is(err, tickets.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, nil
}

func (s *Tickets) delete(ctx context.Context, t tickets.Ticket) (bool, error) {
	keys := append([]string{s.keys.Ticket(t.ID), s.keys.TicketHistory(t.ID),
		s.keys.TicketClient(t.Client.Org, t.Client.Platform, t.Client.User)}, s.stateKeys()...)
	keys = append(keys, s.keys.TicketLinks())
	n, err := deleteTicketScript.Run(ctx, s.rdb, keys, t.ID).Int()
	if err != nil {
		return false, fmt.Errorf("delete ticket %s: %w", t.ID, err)
	}
	return n == 1, nil
}

// DeleteByClient implements tickets.Store.
func (s *Tickets) DeleteByClient(ctx context.Context, org, platform, user string) (int, error) {
	ids, err := s.rdb.ZRange(ctx, s.keys.TicketClient(org, platform, user), 0, -1).Result()
	if err != nil {
		return 0, fmt.Errorf("delete tickets: %w", err)
	}
	n := 0
	for _, id := range ids {
		ok, err := s.delete(ctx, tickets.Ticket{ID: id, Client: tickets.Client{Org: org, Platform: platform, User: user}})
		if err != nil {
			return n, err
		}
		if ok {
			n++
		}
	}
	return n, nil
}

// PurgeClosed implements tickets.Store.
func (s *Tickets) PurgeClosed(ctx context.Context, before time.Time) (int, error) {
	ids, err := s.rdb.ZRangeByScore(ctx, s.keys.TicketState(string(tickets.StateClosed)),
		&redis.ZRangeBy{Min: "-inf", Max: strconv.FormatInt(before.UnixMilli(), 10)}).Result()
	if err != nil {
		return 0, fmt.Errorf("purge tickets: %w", err)
	}
	n := 0
	for _, id := range ids {
		t, err := s.Get(ctx, id)
		if errors.Is(err, tickets.ErrNotFound) {
			_ = s.rdb.ZRem(ctx, s.keys.TicketState(string(tickets.StateClosed)), id).Err()
			continue
		}
		if err != nil {
			return n, err
		}
		ok, err := s.delete(ctx, t)
		if err != nil {
			return n, err
		}
		if ok {
			n++
		}
	}
	return n, nil
}

// LinkMessage implements tickets.Store.
func (s *Tickets) LinkMessage(ctx context.Context, message, id, room string) error {
	return linkMessage(ctx, s.rdb, s.keys.Ticket(id), s.keys.TicketLinks(), message, id, room, tickets.ErrNotFound)
}

// ByMessage implements tickets.Store.
func (s *Tickets) ByMessage(ctx context.Context, message string) (string, error) {
	return recordByMessage(ctx, s.rdb, s.keys.TicketLinks(), message, tickets.ErrNotFound)
}

// ClaimJobs implements tickets.Outbox: it leases up to limit due jobs.
func (s *Tickets) ClaimJobs(ctx context.Context, now time.Time, lease time.Duration, limit int) ([]tickets.Job, error) {
	members, err := claimJobsScript.Run(ctx, s.rdb, []string{s.keys.TicketOutbox()}, now.UnixMilli(), lease.Milliseconds(), limit).StringSlice()
	if err != nil {
		return nil, fmt.Errorf("claim outbox jobs: %w", err)
	}
	if len(members) == 0 {
		return nil, nil
	}
	counts, err := s.rdb.HMGet(ctx, s.keys.TicketOutboxAttempts(), members...).Result()
	if err != nil {
		return nil, fmt.Errorf("claim outbox jobs: attempts: %w", err)
	}
	jobs := make([]tickets.Job, 0, len(members))
	for i, m := range members {
		parts := strings.SplitN(m, "|", 3)
		if len(parts) != 3 {
			_ = s.rdb.ZRem(ctx, s.keys.TicketOutbox(), m).Err()
			continue
		}
		attempts := 0
		if c, ok := counts[i].(string); ok {
			attempts, _ = strconv.Atoi(c)
		}
		jobs = append(jobs, tickets.Job{Key: m, TicketID: parts[0], Action: tickets.Action(parts[1]), Attempts: attempts})
	}
	return jobs, nil
}

// JobDone implements tickets.Outbox.
func (s *Tickets) JobDone(ctx context.Context, j tickets.Job) error {
	_, err := s.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.ZRem(ctx, s.keys.TicketOutbox(), j.Key)
		p.HDel(ctx, s.keys.TicketOutboxAttempts(), j.Key)
		return nil
	})
	if err != nil {
		return fmt.Errorf("outbox job done: %w", err)
	}
	return nil
}

// JobRetry implements tickets.Outbox.
func (s *Tickets) JobRetry(ctx context.Context, j tickets.Job, at time.Time) error {
	_, err := s.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.ZAdd(ctx, s.keys.TicketOutbox(), redis.Z{Score: float64(at.UnixMilli()), Member: j.Key})
		p.HIncrBy(ctx, s.keys.TicketOutboxAttempts(), j.Key, 1)
		return nil
	})
	if err != nil {
		return fmt.Errorf("outbox job retry: %w", err)
	}
	return nil
}

func jobMember(id string, a tickets.Action, n int) string {
	return id + "|" + string(a) + "|" + strconv.Itoa(n)
}

func flag(b bool) string {
	if b {
		return "1"
	}
	return "0"
}
