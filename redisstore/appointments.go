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

	"github.com/mspbot/mspbot/scheduling"
)

// maxSlotMS bounds how far back an overlap search looks: no slot is longer.
var maxSlotMS = scheduling.MaxSlotLength.Milliseconds()

// overlapLua finds a busy member of KEYS[busy] other than those of id that
// overlaps [s, e): members are "<id>|<start>|<end>" scored by start.
const overlapLua = `
local function overlap(busy, id, s, e, maxlen)
  local cands = redis.call("ZRANGEBYSCORE", busy, string.format("%d", s - maxlen), "(" .. string.format("%d", e))
  for _, m in ipairs(cands) do
    local mid, ms, me = string.match(m, "^(.*)|(%d+)|(%d+)$")
    if mid ~= id and tonumber(me) > s and tonumber(ms) < e then return m end
  end
  return nil
end
`

// holdScript stores a pending appointment and holds its slots, unless one
// overlaps a blocking slot on the same system. A request held before (the
// same request id, e.g. a pick repeated after a crash or an outage) holds
// nothing and names the appointment it held.
//
//	KEYS[1] appointment hash   KEYS[2] history list   KEYS[3] busy zset of the system
//	KEYS[4] client index (zset)   KEYS[5] ends (zset)   KEYS[6] request key
//	ARGV[1] id   ARGV[2] request JSON   ARGV[3] created (ms)   ARGV[4] history entry JSON
//	ARGV[5] longest slot (ms)   ARGV[6] end of the last slot (ms)
//	ARGV[7] how long the request id is remembered (ms), "0" for no request id
//	ARGV[8..] slot start, end (ms) pairs
//
// Returns {1}, {0} when the id exists, {-1, member} for the overlapping slot,
// or {2, id} when the request held appointment id before.
var holdScript = redis.NewScript(overlapLua + `
if ARGV[7] ~= "0" then
  local ex = redis.call("GET", KEYS[6])
  if ex then return {2, ex} end
end
if redis.call("EXISTS", KEYS[1]) == 1 then return {0} end
local id, maxlen = ARGV[1], tonumber(ARGV[5])
local members = {}
for i = 8, #ARGV, 2 do
  local s, e = tonumber(ARGV[i]), tonumber(ARGV[i + 1])
  local m = overlap(KEYS[3], id, s, e, maxlen)
  if m then return {-1, m} end
  members[#members + 1] = id .. "|" .. ARGV[i] .. "|" .. ARGV[i + 1]
end
for _, m in ipairs(members) do
  local s = string.match(m, "|(%d+)|")
  redis.call("ZADD", KEYS[3], s, m)
end
redis.call("HSET", KEYS[1], "d", ARGV[2], "state", "pending", "admin", "0", "by", "", "at", "0",
  "exdates", "", "seq", "0", "updated", ARGV[3], "slots", table.concat(members, "\n"), "links", "")
redis.call("RPUSH", KEYS[2], ARGV[4])
redis.call("ZADD", KEYS[4], ARGV[3], id)
redis.call("ZADD", KEYS[5], ARGV[6], id)
if ARGV[7] ~= "0" then redis.call("SET", KEYS[6], id, "PX", ARGV[7]) end
return {1}
`)

// decideScript approves or rejects a pending appointment, once. Approval
// re-checks every slot for overlaps; rejection releases the slots.
//
//	KEYS[1] appointment hash   KEYS[2] history list   KEYS[3] busy zset   KEYS[4] ends (zset)
//	ARGV[1] id   ARGV[2] "approved" or "rejected"   ARGV[3] admin granted "1"/"0"
//	ARGV[4] decider   ARGV[5] time (ms)   ARGV[6] history entry JSON   ARGV[7] longest slot (ms)
//
// Returns {1}, {-1} not found, {-2, state, by} already decided, {-3, member} overlap.
var decideScript = redis.NewScript(overlapLua + `
local st = redis.call("HGET", KEYS[1], "state")
if not st then return {-1} end
if st ~= "pending" then return {-2, st, redis.call("HGET", KEYS[1], "by") or ""} end
local slots = redis.call("HGET", KEYS[1], "slots") or ""
if ARGV[2] == "approved" then
  for m in string.gmatch(slots, "[^\n]+") do
    local s, e = string.match(m, "|(%d+)|(%d+)$")
    local o = overlap(KEYS[3], ARGV[1], tonumber(s), tonumber(e), tonumber(ARGV[7]))
    if o then return {-3, o} end
  end
else
  for m in string.gmatch(slots, "[^\n]+") do redis.call("ZREM", KEYS[3], m) end
  redis.call("HSET", KEYS[1], "slots", "")
  redis.call("ZADD", KEYS[4], ARGV[5], ARGV[1])
end
redis.call("HSET", KEYS[1], "state", ARGV[2], "admin", ARGV[3], "by", ARGV[4], "at", ARGV[5], "updated", ARGV[5])
redis.call("RPUSH", KEYS[2], ARGV[6])
return {1}
`)

// cancelScript cancels a pending or approved appointment and releases its
// slots.
//
//	KEYS[1] appointment hash   KEYS[2] history list   KEYS[3] busy zset   KEYS[4] ends (zset)
//	ARGV[1] id   ARGV[2] actor   ARGV[3] time (ms)   ARGV[4] history entry JSON
//
// Returns {1}, {-1} not found, {-2, state, by} when it is no longer open.
var cancelScript = redis.NewScript(`
local st = redis.call("HGET", KEYS[1], "state")
if not st then return {-1} end
if st ~= "pending" and st ~= "approved" then return {-2, st, redis.call("HGET", KEYS[1], "by") or ""} end
for m in string.gmatch(redis.call("HGET", KEYS[1], "slots") or "", "[^\n]+") do redis.call("ZREM", KEYS[3], m) end
local seq = redis.call("HINCRBY", KEYS[1], "seq", 1)
redis.call("HSET", KEYS[1], "state", "cancelled", "slots", "", "updated", ARGV[3])
if st == "pending" then redis.call("HSET", KEYS[1], "by", ARGV[2], "at", ARGV[3]) end
redis.call("ZADD", KEYS[4], ARGV[3], ARGV[1])
redis.call("RPUSH", KEYS[2], ARGV[4])
return {1}
`)

// cancelOccurrenceScript cancels one slot (by its start) of a pending or
// approved appointment.
//
//	KEYS[1] appointment hash   KEYS[2] history list   KEYS[3] busy zset
//	ARGV[1] id   ARGV[2] start (ms)   ARGV[3] time (ms)   ARGV[4] history entry JSON
//
// Returns {1}, {-1} not found, {-2, state, by} not open, {-4} no such active slot.
var cancelOccurrenceScript = redis.NewScript(`
local st = redis.call("HGET", KEYS[1], "state")
if not st then return {-1} end
if st ~= "pending" and st ~= "approved" then return {-2, st, redis.call("HGET", KEYS[1], "by") or ""} end
local keep, found = {}, false
local prefix = ARGV[1] .. "|" .. ARGV[2] .. "|"
for m in string.gmatch(redis.call("HGET", KEYS[1], "slots") or "", "[^\n]+") do
  if string.sub(m, 1, #prefix) == prefix then
    found = true
    redis.call("ZREM", KEYS[3], m)
  else
    keep[#keep + 1] = m
  end
end
if not found then return {-4} end
local ex = redis.call("HGET", KEYS[1], "exdates") or ""
if ex ~= "" then ex = ex .. "," end
redis.call("HSET", KEYS[1], "slots", table.concat(keep, "\n"), "exdates", ex .. ARGV[2], "updated", ARGV[3])
redis.call("HINCRBY", KEYS[1], "seq", 1)
redis.call("RPUSH", KEYS[2], ARGV[4])
return {1}
`)

// appendIfExistsScript appends a history entry to an existing appointment.
//
//	KEYS[1] appointment hash   KEYS[2] history list   ARGV[1] entry JSON
var appendIfExistsScript = redis.NewScript(`
if redis.call("EXISTS", KEYS[1]) == 0 then return 0 end
redis.call("RPUSH", KEYS[2], ARGV[1])
return 1
`)

// deleteAppointmentScript removes an appointment with its history, slots,
// index entries and message links.
//
//	KEYS[1] appointment hash   KEYS[2] history list   KEYS[3] busy zset   KEYS[4] client index
//	KEYS[5] ends (zset)   KEYS[6] message links (hash)   ARGV[1] id
var deleteAppointmentScript = redis.NewScript(`
if redis.call("EXISTS", KEYS[1]) == 0 then redis.call("ZREM", KEYS[5], ARGV[1]) return 0 end
for m in string.gmatch(redis.call("HGET", KEYS[1], "slots") or "", "[^\n]+") do redis.call("ZREM", KEYS[3], m) end
for m in string.gmatch(redis.call("HGET", KEYS[1], "links") or "", "[^\n]+") do redis.call("HDEL", KEYS[6], m) end
redis.call("DEL", KEYS[1], KEYS[2])
redis.call("ZREM", KEYS[4], ARGV[1])
redis.call("ZREM", KEYS[5], ARGV[1])
return 1
`)

// Appointments implements scheduling.AppointmentStore on Redis. All its keys
// share the hash tag {appointments}, so its scripts also run on Cluster.
type Appointments struct {
	rdb  redis.UniversalClient
	keys Keys
}

// NewAppointments returns the appointment store on rdb.
func NewAppointments(rdb redis.UniversalClient, keys Keys) *Appointments {
	return &Appointments{rdb: rdb, keys: keys}
}

// stored is the part of an appointment kept in the hash field d.
type storedAppointment struct {
	ID        string                        `json:"id"`
	Requester scheduling.Requester          `json:"requester"`
	Request   scheduling.AppointmentRequest `json:"request"`
	Created   time.Time                     `json:"created"`
}

// NextAppointmentID implements scheduling.AppointmentStore: "VA-<yy>-<nnnn>".
func (s *Appointments) NextAppointmentID(ctx context.Context, now time.Time) (string, error) {
	yy := now.Format("06")
	n, err := s.rdb.Incr(ctx, s.keys.AppointmentSeq(yy)).Result()
	if err != nil {
		return "", fmt.Errorf("next appointment id: %w", err)
	}
	return fmt.Sprintf("VA-%s-%04d", yy, n), nil
}

func (s *Appointments) busyKey(org string, a scheduling.AppointmentRequest) string {
	return s.keys.AppointmentBusy(org, scheduling.SystemKey(a.System))
}

// Hold implements scheduling.AppointmentStore.
func (s *Appointments) Hold(ctx context.Context, a scheduling.Appointment) (scheduling.Appointment, error) {
	d, err := json.Marshal(storedAppointment{ID: a.ID, Requester: a.Requester, Request: a.Request, Created: a.Created})
	if err != nil {
		return scheduling.Appointment{}, fmt.Errorf("hold: %w", err)
	}
	first := scheduling.HistoryItem{Action: scheduling.ActRequested, At: a.Created}
	if len(a.History) > 0 {
		first = a.History[0]
	}
	h, _ := json.Marshal(first)
	var last int64
	reqTTL := int64(0)
	if a.Request.RequestID != "" {
		reqTTL = requestTTL.Milliseconds()
	}
	args := []any{a.ID, d, a.Created.UnixMilli(), h, maxSlotMS, 0, reqTTL}
	for _, sl := range a.Request.Slots {
		args = append(args, sl.Start.UnixMilli(), sl.End.UnixMilli())
		last = max(last, sl.End.UnixMilli())
	}
	args[5] = last
	q := a.Requester
	keys := []string{s.keys.Appointment(a.ID), s.keys.AppointmentHistory(a.ID), s.busyKey(q.Org, a.Request),
		s.keys.AppointmentClient(q.Org, q.Platform, q.User), s.keys.AppointmentEnds(), s.keys.AppointmentRequest(a.Request.RequestID)}
	res, err := holdScript.Run(ctx, s.rdb, keys, args...).Slice()
	if err != nil {
		return scheduling.Appointment{}, fmt.Errorf("hold: %w", err)
	}
	switch code(res) {
	case 1:
		return a, nil
	case 2:
		return s.GetAppointment(ctx, str(res, 1))
	case 0:
		return scheduling.Appointment{}, fmt.Errorf("hold %s: id exists", a.ID)
	}
	return scheduling.Appointment{}, fmt.Errorf("%w (%s)", scheduling.ErrSlotTaken, memberOwner(res))
}

// AppointmentByRequest implements scheduling.AppointmentStore.
func (s *Appointments) AppointmentByRequest(ctx context.Context, request string) (string, error) {
	id, err := s.rdb.Get(ctx, s.keys.AppointmentRequest(request)).Result()
	if errors.Is(err, redis.Nil) {
		return "", scheduling.ErrAppointmentNotFound
	}
	if err != nil {
		return "", fmt.Errorf("appointment of request: %w", err)
	}
	return id, nil
}

func code(res []any) int64 {
	if len(res) == 0 {
		return -99
	}
	n, _ := res[0].(int64)
	return n
}

func str(res []any, i int) string {
	if len(res) <= i {
		return ""
	}
	s, _ := res[i].(string)
	return s
}

// memberOwner is the appointment id of a busy member in a script result.
func memberOwner(res []any) string {
	m := str(res, 1)
	if i := strings.IndexByte(m, '|'); i >= 0 {
		return m[:i]
	}
	return m
}

func (s *Appointments) scriptError(res []any, id string) error {
	switch code(res) {
	case 1:
		return nil
	case -1:
		return scheduling.ErrAppointmentNotFound
	case -2:
		return fmt.Errorf("%w: %s by %s", scheduling.ErrAlreadyDecided, str(res, 1), str(res, 2))
	case -3:
		return fmt.Errorf("%w (%s)", scheduling.ErrSlotTaken, memberOwner(res))
	case -4:
		return fmt.Errorf("%w: no such occurrence", scheduling.ErrInvalidRequest)
	}
	return fmt.Errorf("appointment %s: unexpected script result %v", id, res)
}

// busyOf loads the busy key of the system an appointment is on (its
// request and requester never change).
func (s *Appointments) busyOf(ctx context.Context, id string) (string, error) {
	d, err := s.rdb.HGet(ctx, s.keys.Appointment(id), "d").Result()
	if errors.Is(err, redis.Nil) {
		return "", scheduling.ErrAppointmentNotFound
	}
	if err != nil {
		return "", err
	}
	var st storedAppointment
	if err := json.Unmarshal([]byte(d), &st); err != nil {
		return "", fmt.Errorf("decode: %w", err)
	}
	return s.busyKey(st.Requester.Org, st.Request), nil
}

// Decide implements scheduling.AppointmentStore.
func (s *Appointments) Decide(ctx context.Context, id string, to scheduling.AppointmentState, adminGranted bool, by string, at time.Time) (scheduling.Appointment, error) {
	if to != scheduling.StateApproved && to != scheduling.StateRejected {
		return scheduling.Appointment{}, fmt.Errorf("decide %s: %w: state %q", id, scheduling.ErrInvalidRequest, to)
	}
	busy, err := s.busyOf(ctx, id)
	if err != nil {
		return scheduling.Appointment{}, fmt.Errorf("decide %s: %w", id, err)
	}
	action := scheduling.ActApproved
	if to == scheduling.StateRejected {
		action = scheduling.ActRejected
	}
	h, _ := json.Marshal(scheduling.HistoryItem{Action: action, By: by, At: at})
	keys := []string{s.keys.Appointment(id), s.keys.AppointmentHistory(id), busy, s.keys.AppointmentEnds()}
	res, err := decideScript.Run(ctx, s.rdb, keys, id, string(to), flag(adminGranted), by, at.UnixMilli(), h, maxSlotMS).Slice()
	if err != nil {
		return scheduling.Appointment{}, fmt.Errorf("decide %s: %w", id, err)
	}
	if err := s.scriptError(res, id); err != nil {
		a, _ := s.GetAppointment(ctx, id)
		return a, fmt.Errorf("decide %s: %w", id, err)
	}
	return s.GetAppointment(ctx, id)
}

// Cancel implements scheduling.AppointmentStore.
func (s *Appointments) Cancel(ctx context.Context, id, by string, at time.Time) (scheduling.Appointment, error) {
	busy, err := s.busyOf(ctx, id)
	if err != nil {
		return scheduling.Appointment{}, fmt.Errorf("cancel %s: %w", id, err)
	}
	h, _ := json.Marshal(scheduling.HistoryItem{Action: scheduling.ActCancelled, By: by, At: at})
	keys := []string{s.keys.Appointment(id), s.keys.AppointmentHistory(id), busy, s.keys.AppointmentEnds()}
	res, err := cancelScript.Run(ctx, s.rdb, keys, id, by, at.UnixMilli(), h).Slice()
	if err != nil {
		return scheduling.Appointment{}, fmt.Errorf("cancel %s: %w", id, err)
	}
	if err := s.scriptError(res, id); err != nil {
		a, _ := s.GetAppointment(ctx, id)
		return a, fmt.Errorf("cancel %s: %w", id, err)
	}
	return s.GetAppointment(ctx, id)
}

// CancelOccurrence implements scheduling.AppointmentStore.
func (s *Appointments) CancelOccurrence(ctx context.Context, id string, start time.Time, by string, at time.Time) (scheduling.Appointment, error) {
	busy, err := s.busyOf(ctx, id)
	if err != nil {
		return scheduling.Appointment{}, fmt.Errorf("cancel occurrence of %s: %w", id, err)
	}
	h, _ := json.Marshal(scheduling.HistoryItem{Action: scheduling.ActOccurrenceCancelled, By: by, At: at, Note: start.UTC().Format(time.RFC3339)})
	keys := []string{s.keys.Appointment(id), s.keys.AppointmentHistory(id), busy}
	res, err := cancelOccurrenceScript.Run(ctx, s.rdb, keys, id, start.UnixMilli(), at.UnixMilli(), h).Slice()
	if err != nil {
		return scheduling.Appointment{}, fmt.Errorf("cancel occurrence of %s: %w", id, err)
	}
	if err := s.scriptError(res, id); err != nil {
		a, _ := s.GetAppointment(ctx, id)
		return a, fmt.Errorf("cancel occurrence of %s: %w", id, err)
	}
	return s.GetAppointment(ctx, id)
}

// GetAppointment implements scheduling.AppointmentStore.
func (s *Appointments) GetAppointment(ctx context.Context, id string) (scheduling.Appointment, error) {
	recs, err := readRecords(ctx, s.rdb, []string{id}, s.keys.Appointment, s.keys.AppointmentHistory)
	if err != nil {
		return scheduling.Appointment{}, fmt.Errorf("get appointment %s: %w", id, err)
	}
	return decodeAppointment(id, recs[0].hash, recs[0].history)
}

func decodeAppointment(id string, h map[string]string, hist []string) (scheduling.Appointment, error) {
	if len(h) == 0 || h["d"] == "" {
		return scheduling.Appointment{}, fmt.Errorf("appointment %s: %w", id, scheduling.ErrAppointmentNotFound)
	}
	var st storedAppointment
	if err := json.Unmarshal([]byte(h["d"]), &st); err != nil {
		return scheduling.Appointment{}, fmt.Errorf("appointment %s: decode: %w", id, err)
	}
	a := scheduling.Appointment{ID: st.ID, Requester: st.Requester, Request: st.Request, Created: st.Created,
		State: scheduling.AppointmentState(h["state"]), AdminGranted: h["admin"] == "1", DecidedBy: h["by"]}
	if ms, _ := strconv.ParseInt(h["at"], 10, 64); ms > 0 {
		a.DecidedAt = time.UnixMilli(ms).UTC()
	}
	if ms, err := strconv.ParseInt(h["updated"], 10, 64); err == nil {
		a.Updated = time.UnixMilli(ms).UTC()
	}
	a.Sequence, _ = strconv.Atoi(h["seq"])
	a.Told = lines(h["told"])
	for _, f := range strings.Split(h["exdates"], ",") {
		if ms, err := strconv.ParseInt(f, 10, 64); err == nil {
			a.ExDates = append(a.ExDates, time.UnixMilli(ms).UTC())
		}
	}
	for _, e := range hist {
		var hi scheduling.HistoryItem
		if json.Unmarshal([]byte(e), &hi) == nil {
			a.History = append(a.History, hi)
		}
	}
	return a, nil
}

// AddHistory implements scheduling.AppointmentStore.
func (s *Appointments) AddHistory(ctx context.Context, id string, h scheduling.HistoryItem) error {
	b, _ := json.Marshal(h)
	ok, err := appendIfExistsScript.Run(ctx, s.rdb, []string{s.keys.Appointment(id), s.keys.AppointmentHistory(id)}, b).Int()
	if err != nil {
		return fmt.Errorf("history of %s: %w", id, err)
	}
	if ok == 0 {
		return fmt.Errorf("history of %s: %w", id, scheduling.ErrAppointmentNotFound)
	}
	return nil
}

// Busy implements scheduling.AppointmentStore.
func (s *Appointments) Busy(ctx context.Context, org, system string, from, to time.Time) ([]scheduling.Slot, error) {
	ms, err := s.rdb.ZRangeByScore(ctx, s.keys.AppointmentBusy(org, scheduling.SystemKey(system)), &redis.ZRangeBy{
		Min: strconv.FormatInt(from.UnixMilli()-maxSlotMS, 10), Max: "(" + strconv.FormatInt(to.UnixMilli(), 10)}).Result()
	if err != nil {
		return nil, fmt.Errorf("busy of %q: %w", system, err)
	}
	var out []scheduling.Slot
	for _, m := range ms {
		parts := strings.Split(m, "|")
		if len(parts) < 3 {
			continue
		}
		st, err1 := strconv.ParseInt(parts[len(parts)-2], 10, 64)
		en, err2 := strconv.ParseInt(parts[len(parts)-1], 10, 64)
		if err1 != nil || err2 != nil || en <= from.UnixMilli() {
			continue
		}
		out = append(out, scheduling.Slot{Start: time.UnixMilli(st).UTC(), End: time.UnixMilli(en).UTC()})
	}
	return out, nil
}

// ListAppointments implements scheduling.AppointmentStore.
func (s *Appointments) ListAppointments(ctx context.Context, org, platform, user string) ([]scheduling.Appointment, error) {
	ids, recs, err := readNewest(ctx, s.rdb, s.keys.AppointmentClient(org, platform, user), 100, s.keys.Appointment, s.keys.AppointmentHistory)
	if err != nil {
		return nil, fmt.Errorf("appointments of client: %w", err)
	}
	out := make([]scheduling.Appointment, 0, len(ids))
	for i, id := range ids {
		if a, err := decodeAppointment(id, recs[i].hash, recs[i].history); err == nil {
			out = append(out, a)
		}
	}
	return out, nil
}

// LinkAppointmentMessage implements scheduling.AppointmentStore.
func (s *Appointments) LinkAppointmentMessage(ctx context.Context, message, id, room string) error {
	return linkMessage(ctx, s.rdb, s.keys.Appointment(id), s.keys.AppointmentLinks(), message, id, room, scheduling.ErrAppointmentNotFound)
}

// AppointmentByMessage implements scheduling.AppointmentStore.
func (s *Appointments) AppointmentByMessage(ctx context.Context, message string) (string, error) {
	return recordByMessage(ctx, s.rdb, s.keys.AppointmentLinks(), message, scheduling.ErrAppointmentNotFound)
}

// eraseContactScript rewrites an appointment's stored request, once it
// still exists, and adds a history entry.
//
//	KEYS[1] appointment hash   KEYS[2] history list   ARGV[1] new d   ARGV[2] history entry JSON
var eraseContactScript = redis.NewScript(`
if redis.call("EXISTS", KEYS[1]) == 0 then return 0 end
redis.call("HSET", KEYS[1], "d", ARGV[1])
redis.call("RPUSH", KEYS[2], ARGV[2])
return 1
`)

// EraseContact implements scheduling.AppointmentStore.
func (s *Appointments) EraseContact(ctx context.Context, id string, h scheduling.HistoryItem) error {
	a, err := s.GetAppointment(ctx, id)
	if err != nil {
		return err
	}
	a.Requester.Name = ""
	a.Request.ClientEmail = ""
	d, err := json.Marshal(storedAppointment{ID: a.ID, Requester: a.Requester, Request: a.Request, Created: a.Created})
	if err != nil {
		return fmt.Errorf("erase contact of %s: %w", id, err)
	}
	entry, err := json.Marshal(h)
	if err != nil {
		return fmt.Errorf("erase contact of %s: %w", id, err)
	}
	if err := eraseContactScript.Run(ctx, s.rdb, []string{s.keys.Appointment(id), s.keys.AppointmentHistory(id)}, d, entry).Err(); err != nil {
		return fmt.Errorf("erase contact of %s: %w", id, err)
	}
	return nil
}

// Upcoming implements scheduling.AppointmentStore.
func (s *Appointments) Upcoming(ctx context.Context, t time.Time) ([]string, error) {
	ids, err := s.rdb.ZRangeByScore(ctx, s.keys.AppointmentEnds(), &redis.ZRangeBy{
		Min: strconv.FormatInt(t.UnixMilli(), 10), Max: "+inf"}).Result()
	if err != nil {
		return nil, fmt.Errorf("upcoming appointments: %w", err)
	}
	return ids, nil
}

// PurgeAppointments implements scheduling.AppointmentStore.
func (s *Appointments) PurgeAppointments(ctx context.Context, before time.Time) (int, error) {
	ids, err := s.rdb.ZRangeByScore(ctx, s.keys.AppointmentEnds(), &redis.ZRangeBy{
		Min: "-inf", Max: "(" + strconv.FormatInt(before.UnixMilli(), 10), Count: 500}).Result()
	if err != nil {
		return 0, fmt.Errorf("purge appointments: %w", err)
	}
	n := 0
	for _, id := range ids {
		a, err := s.GetAppointment(ctx, id)
		busy, q := s.keys.AppointmentBusy("", ""), scheduling.Requester{}
		if err == nil {
			busy, q = s.busyKey(a.Requester.Org, a.Request), a.Requester
		} else if !errors.Is(err, scheduling.ErrAppointmentNotFound) {
			return n, fmt.Errorf("purge appointment %s: %w", id, err)
		}
		keys := []string{s.keys.Appointment(id), s.keys.AppointmentHistory(id), busy,
			s.keys.AppointmentClient(q.Org, q.Platform, q.User), s.keys.AppointmentEnds(), s.keys.AppointmentLinks()}
		ok, err := deleteAppointmentScript.Run(ctx, s.rdb, keys, id).Int()
		if err != nil {
			return n, fmt.Errorf("purge appointment %s: %w", id, err)
		}
		n += ok
	}
	return n, nil
}
