// Package redisstore keeps mspbot's state in Redis: every key name and every
// Lua script of the project lives here, and the types here implement the
// stores that the other packages declare.
//
// Keys that one script touches together share a hash tag ({...}) so that the
// scripts also run on Redis Cluster.
package redisstore

import (
	"strings"

	"github.com/mspbot/mspbot/bot"
)

// DefaultPrefix starts every key unless Options.Prefix says otherwise.
const DefaultPrefix = "mspbot"

// Keys builds every Redis key name of the project. The zero value uses
// DefaultPrefix.
type Keys struct {
	// Prefix starts every key; set it to run several bots on one Redis.
	Prefix string
}

func (k Keys) prefix() string {
	if k.Prefix == "" {
		return DefaultPrefix
	}
	return k.Prefix
}

// tag is the hash tag of a conversation: all its keys share it.
func (k Keys) tag(conv bot.Ref) string {
	return "{" + tagEscaper.Replace(conv.ConversationID()) + "}"
}

var tagEscaper = strings.NewReplacer("{", "%7B", "}", "%7D")

// Lock is the conversation's lock: a string holding the owner's token,
// with an expiry.
//
//	mspbot:{web/ws/c-1/}:lock
func (k Keys) Lock(conv bot.Ref) string { return k.prefix() + ":" + k.tag(conv) + ":lock" }

// Seen marks one event id as handled in a conversation (SET NX with expiry).
//
//	mspbot:{web/ws/c-1/}:seen:<event id>
func (k Keys) Seen(conv bot.Ref, eventID string) string {
	return k.prefix() + ":" + k.tag(conv) + ":seen:" + eventID
}

// Session is one user's session in a conversation: a hash with fields
// v (version, an integer) and d (the session as JSON).
//
//	mspbot:{web/ws/c-1/}:session:<user>
func (k Keys) Session(conv bot.Ref, user string) string {
	return k.prefix() + ":" + k.tag(conv) + ":session:" + user
}

// Rate counts a conversation's events in the current rate window: a string
// counter expiring with the window.
//
//	mspbot:{web/ws/c-1/}:rate
func (k Keys) Rate(conv bot.Ref) string { return k.prefix() + ":" + k.tag(conv) + ":rate" }

// UserRate counts one user's events (of one platform, in any conversation)
// in the current rate window, across replicas: a string counter expiring
// with the window. Its hash tag is the user's: on Redis Cluster it is
// counted in a command of its own, beside the claim (Sessions.Claim).
//
//	mspbot:{user:web/u-1}:rate
func (k Keys) UserRate(platform, user string) string {
	return k.prefix() + ":{user:" + tagEscaper.Replace(platform+"/"+user) + "}:rate"
}

// AddrRate counts the web chat's events of one client address in the
// current window, across replicas: a string counter expiring with the
// window (AddrCounts). key names the limit and the address, e.g.
// "chat:<hmac>", and is the counter's hash tag: on Redis Cluster each
// address is counted in a slot of its own, by a single-key script.
//
//	mspbot:{addr:chat:3q2-7wAAAAAAAAAAAAAAAA}:rate
func (k Keys) AddrRate(key string) string {
	return k.prefix() + ":{addr:" + tagEscaper.Replace(key) + "}:rate"
}

// Transcript is the list of messages the bot posted in a conversation,
// oldest first, each a JSON object.
//
//	mspbot:{web/ws/c-1/}:transcript
func (k Keys) Transcript(conv bot.Ref) string {
	return k.prefix() + ":" + k.tag(conv) + ":transcript"
}

// TranscriptOnce marks a message posted to the conversation's transcript
// under a once key (bot.Reply.Once): the posted message's id.
func (k Keys) TranscriptOnce(conv bot.Ref, once string) string {
	return k.prefix() + ":" + k.tag(conv) + ":once:" + once
}

// Mark is one flag an adapter keeps with an expiry (Marks): a string "1".
// The name is the adapter's, e.g. a Slack thread the bot answered in or a
// Slack user it welcomed:
//
//	mspbot:mark:slack:thread:<channel>:<thread ts>
//	mspbot:mark:slack:welcomed:<team>:<user>
func (k Keys) Mark(name string) string { return k.prefix() + ":mark:" + name }

// ticketTag is the hash tag all ticket keys share, so the ticket scripts run
// on Redis Cluster too.
const ticketTag = "{tickets}"

func (k Keys) tickets() string { return k.prefix() + ":" + ticketTag + ":" }

// Ticket is one callback ticket: a hash with d (the ticket as JSON), state,
// owner, updated (ms), links (its staff message keys, one per line) and told
// (the staff rooms told of it, one per line).
//
//	mspbot:{tickets}:t:CB-26-0042
func (k Keys) Ticket(id string) string { return k.tickets() + "t:" + id }

// TicketHistory is a ticket's history: a list of JSON entries.
//
//	mspbot:{tickets}:h:CB-26-0042
func (k Keys) TicketHistory(id string) string { return k.tickets() + "h:" + id }

// TicketClient indexes one client user's tickets: a zset of ids by creation.
//
//	mspbot:{tickets}:client:<org>|<platform>|<user>
func (k Keys) TicketClient(org, platform, user string) string {
	return k.tickets() + "client:" + org + "|" + platform + "|" + user
}

// TicketState indexes tickets by state: a zset of ids by last change.
//
//	mspbot:{tickets}:state:open
func (k Keys) TicketState(state string) string { return k.tickets() + "state:" + state }

// TicketLinks maps staff notification messages to tickets: a hash from
// message key to ticket id.
//
//	mspbot:{tickets}:links
func (k Keys) TicketLinks() string { return k.tickets() + "links" }

// TicketRequest remembers which ticket a filing request (the dialogue's
// request id) created, so that a repeated "ja" files nothing twice.
//
//	mspbot:{tickets}:req:<request id>
func (k Keys) TicketRequest(request string) string { return k.tickets() + "req:" + request }

// TicketSeq counts ticket ids per year.
//
//	mspbot:{tickets}:seq:26
func (k Keys) TicketSeq(yy string) string { return k.tickets() + "seq:" + yy }

// TicketOutbox is the queue of deliveries to the provider's ticket system:
// a zset of "id|action|n" by due time (ms).
//
//	mspbot:{tickets}:outbox
func (k Keys) TicketOutbox() string { return k.tickets() + "outbox" }

// TicketOutboxAttempts counts failed deliveries per outbox member: a hash.
//
//	mspbot:{tickets}:outbox:attempts
func (k Keys) TicketOutboxAttempts() string { return k.tickets() + "outbox:attempts" }

// appointmentTag is the hash tag all vendor-appointment keys share, so the
// appointment scripts run on Redis Cluster too.
const appointmentTag = "{appointments}"

func (k Keys) appointments() string { return k.prefix() + ":" + appointmentTag + ":" }

// Appointment is one vendor appointment: a hash with d (the request as
// JSON, never changed), state, admin ("1" when staff granted admin rights),
// by and at (the decision), exdates (cancelled starts in ms, comma-separated),
// seq (iCalendar sequence), updated (ms), slots (its busy members, one per
// line), links (its staff message keys, one per line) and told (the staff
// rooms asked to decide, one per line).
//
//	mspbot:{appointments}:a:VA-26-0007
func (k Keys) Appointment(id string) string { return k.appointments() + "a:" + id }

// AppointmentRequest remembers which appointment a booking request (the
// dialogue's request id) held, so that a pick repeated after a crash or an
// outage holds nothing twice.
//
//	mspbot:{appointments}:req:<request id>
func (k Keys) AppointmentRequest(request string) string { return k.appointments() + "req:" + request }

// AppointmentHistory is an appointment's audit history: a list of JSON
// entries.
//
//	mspbot:{appointments}:h:VA-26-0007
func (k Keys) AppointmentHistory(id string) string { return k.appointments() + "h:" + id }

// AppointmentBusy holds the blocking slots of one client organisation's
// system: a zset of "<id>|<start ms>|<end ms>" by start (ms). Systems
// belong to an organisation: two clients' servers of the same name never
// block or show each other. system is scheduling.SystemKey.
//
//	mspbot:{appointments}:busy:<org>|srv-01
func (k Keys) AppointmentBusy(org, system string) string {
	return k.appointments() + "busy:" + tagEscaper.Replace(org) + "|" + system
}

// AppointmentClient indexes one requester's appointments: a zset of ids by
// creation (ms).
//
//	mspbot:{appointments}:client:<org>|<platform>|<user>
func (k Keys) AppointmentClient(org, platform, user string) string {
	return k.appointments() + "client:" + org + "|" + platform + "|" + user
}

// AppointmentEnds orders appointments for retention: a zset of ids by the
// end of their last slot, or by the decision for rejected and cancelled ones.
//
//	mspbot:{appointments}:ends
func (k Keys) AppointmentEnds() string { return k.appointments() + "ends" }

// AppointmentLinks maps staff messages to appointments: a hash from message
// key to id.
//
//	mspbot:{appointments}:links
func (k Keys) AppointmentLinks() string { return k.appointments() + "links" }

// AppointmentSeq counts appointment ids per year.
//
//	mspbot:{appointments}:seq:26
func (k Keys) AppointmentSeq(yy string) string { return k.appointments() + "seq:" + yy }

// protocolTag is the hash tag all meeting-protocol keys share, so the
// protocol scripts run on Redis Cluster too.
const protocolTag = "{protocols}"

func (k Keys) protocols() string { return k.prefix() + ":" + protocolTag + ":" }

// Protocol is one meeting protocol: a hash with d (the protocol as JSON),
// head (hash of its last log entry), seq (number of log entries) and posted
// (where a version was posted for signing, one per line).
//
//	mspbot:{protocols}:p:PR-26-0001
func (k Keys) Protocol(id string) string { return k.protocols() + "p:" + id }

// ProtocolLog is a protocol's append-only, hash-chained event log: a list
// of JSON entries, oldest first.
//
//	mspbot:{protocols}:log:PR-26-0001
func (k Keys) ProtocolLog(id string) string { return k.protocols() + "log:" + id }

// ProtocolAll indexes every protocol: a zset of ids by creation (ms).
//
//	mspbot:{protocols}:all
func (k Keys) ProtocolAll() string { return k.protocols() + "all" }

// ProtocolOrg indexes one client organisation's protocols: a zset of ids by
// creation (ms).
//
//	mspbot:{protocols}:org:<org>
func (k Keys) ProtocolOrg(org string) string { return k.protocols() + "org:" + org }

// ProtocolSigning is the set of protocols waiting for signatures.
//
//	mspbot:{protocols}:signing
func (k Keys) ProtocolSigning() string { return k.protocols() + "signing" }

// ProtocolConversations maps a conversation id to its latest protocol: a
// hash.
//
//	mspbot:{protocols}:conv
func (k Keys) ProtocolConversations() string { return k.protocols() + "conv" }

// ProtocolLinks maps posted protocol messages to "id|version": a hash.
//
//	mspbot:{protocols}:links
func (k Keys) ProtocolLinks() string { return k.protocols() + "links" }

// ProtocolSeq counts protocol ids per year.
//
//	mspbot:{protocols}:seq:26
func (k Keys) ProtocolSeq(yy string) string { return k.protocols() + "seq:" + yy }

// JobQueue is the name of the durable job queue (package jobs, on
// github.com/hibiken/asynq), the prefix itself. asynq's key names are fixed
// and start with "asynq:"; the queue name is their namespace, in a hash tag:
//
//	asynq:{mspbot}:t:<job id>    one job (hash)
//	asynq:{mspbot}:scheduled     jobs waiting for their time (zset)
//	asynq:{mspbot}:pending, :active, :lease, :retry, :archived, :completed,
//	:processed…, :failed…        asynq's state and statistics per queue
//	asynq:queues, asynq:servers, asynq:workers, asynq:servers:{…},
//	asynq:workers:{…}            shared by every asynq user of the Redis
func (k Keys) JobQueue() string { return k.prefix() }
