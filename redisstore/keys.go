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

// Transcript is the list of messages the bot posted in a conversation,
// oldest first, each a JSON object.
//
//	mspbot:{web/ws/c-1/}:transcript
func (k Keys) Transcript(conv bot.Ref) string {
	return k.prefix() + ":" + k.tag(conv) + ":transcript"
}

// ticketTag is the hash tag all ticket keys share, so the ticket scripts run
// on Redis Cluster too.
const ticketTag = "{tickets}"

func (k Keys) tickets() string { return k.prefix() + ":" + ticketTag + ":" }

// Ticket is one callback ticket: a hash with d (the ticket as JSON), state,
// owner, updated (ms) and links (its staff message keys, one per line).
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
