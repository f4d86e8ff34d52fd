// Package bot is mspbot's engine and its platform-neutral vocabulary: events
// (messages, reactions, button presses), references to where they happened,
// replies, handlers, the Mux that routes events to handlers, middleware and
// the Engine that runs each event once, one at a time per conversation, with
// the conversation's session loaded from a store.
//
// The package uses the standard library only; adapters (web, console, Slack,
// Discord, ...) convert platform payloads to Events and send Replies back.
package bot

import (
	"strings"
	"time"
)

// Kind says what an Event is.
type Kind string

// The kinds of events an adapter can produce.
const (
	KindMessage         Kind = "message"
	KindReactionAdded   Kind = "reaction_added"
	KindReactionRemoved Kind = "reaction_removed"
	KindButton          Kind = "button"
)

// Valid reports whether k is one of the defined kinds.
func (k Kind) Valid() bool {
	switch k {
	case KindMessage, KindReactionAdded, KindReactionRemoved, KindButton:
		return true
	}
	return false
}

// Ref names a place or a message on a platform: the platform ("web",
// "slack", ...), the workspace or guild, the channel, the thread within it,
// one message and the user who wrote or acted, with the user's own
// workspace when it is not the place's. Fields that do not apply stay empty.
type Ref struct {
	Platform  string `json:"platform"`
	Workspace string `json:"workspace,omitempty"`
	Channel   string `json:"channel"`
	Thread    string `json:"thread,omitempty"`
	Message   string `json:"message,omitempty"`
	User      string `json:"user,omitempty"`
	// Home is the workspace or tenant the user belongs to when the platform
	// says it is not Workspace: the Slack team of someone writing in a Slack
	// Connect channel of another workspace (user_team, user.team_id), the
	// Entra tenant of a Teams user from another tenant. Empty means the user
	// belongs to Workspace, or the platform has no such notion; UnknownHome
	// means the user comes from elsewhere and the platform does not say from
	// where. Home describes who acted, not where: Conversation leaves it out.
	// OrgMap never gives a user from elsewhere the organisation of Workspace
	// or of its channels.
	Home string `json:"home,omitempty"`
}

// UnknownHome is Ref.Home of a user who does not belong to the place's
// workspace when the platform does not name the user's own (a reaction in a
// Slack Connect channel by someone the bot has not seen write yet). Such a
// user is an organisation of their own unless mapped by name.
const UnknownHome = "?"

// FromElsewhere reports whether r's user belongs to another workspace or
// tenant than the place's (see Home).
func (r Ref) FromElsewhere() bool {
	return r.Home != "" && r.Home != r.Workspace
}

// Conversation returns the part of r that names the conversation: platform,
// workspace, channel and thread, without message and user.
func (r Ref) Conversation() Ref {
	return Ref{Platform: r.Platform, Workspace: r.Workspace, Channel: r.Channel, Thread: r.Thread}
}

// SameConversation reports whether r and o are in the same conversation.
func (r Ref) SameConversation(o Ref) bool {
	return r.Conversation() == o.Conversation()
}

// ConversationID is a stable text form of r's conversation, used as a key.
// Its parts are separated by '/', with '%' and '/' inside a part escaped.
func (r Ref) ConversationID() string {
	return escapePart(r.Platform) + "/" + escapePart(r.Workspace) + "/" + escapePart(r.Channel) + "/" + escapePart(r.Thread)
}

var partEscaper = strings.NewReplacer("%", "%25", "/", "%2F", "{", "%7B", "}", "%7D")

func escapePart(s string) string { return partEscaper.Replace(s) }

// Event is one thing that happened on a platform, normalised.
type Event struct {
	// ID is the platform's id of this delivery (Slack event_id, a Discord
	// message id, an API client's event_id). Events with the same ID in the
	// same conversation are handled once. Empty means no de-duplication.
	ID string
	// Kind says what happened.
	Kind Kind
	// Ref is where it happened and who did it; for a message, Ref.Message is
	// the message's own id.
	Ref Ref
	// Text is a message's text.
	Text string
	// UserName is the display name the platform reports: a hint, not a fact.
	UserName string
	// Emoji is a reaction's normalised name (see NormalizeEmoji).
	Emoji string
	// Target is the message a reaction or button press acts on.
	Target Ref
	// Action and Value identify a pressed button.
	Action string
	Value  string
	// Time is when the platform says the event happened.
	Time time.Time
	// Staff is set by the Engine from the platform's StaffDirectory; adapters
	// never set it.
	Staff bool
	// Org is the client organisation the user acts for, set by the Engine
	// from its OrgDirectory; adapters never set it.
	Org string
}

// Button is an interactive choice attached to a reply.
type Button struct {
	Action string `json:"action"`
	Value  string `json:"value,omitempty"`
	Label  string `json:"label"`
	// Style is "primary", "danger" or empty.
	Style string `json:"style,omitempty"`
}

// Reply is a message the bot sends.
type Reply struct {
	Text    string   `json:"text"`
	Buttons []Button `json:"buttons,omitempty"`
	// Meta says what the reply is, for integrations (see Meta).
	Meta *Meta `json:"meta,omitempty"`
	// Once, when set, names this post (a staff notice of one ticket in one
	// room): a platform whose conversations live in the store posts a reply
	// with the same Once to the same conversation only once, atomically
	// with the post, and returns the first post's reference, so that a
	// retry after a crash or a failover between the post and its record
	// does not post it again.
	Once string `json:"once,omitempty"`
}

// Sent describes a message the bot posted: where (Ref.Message holds its id),
// what and when.
type Sent struct {
	Ref     Ref       `json:"ref"`
	Text    string    `json:"text"`
	Buttons []Button  `json:"buttons,omitempty"`
	Meta    *Meta     `json:"meta,omitempty"`
	Time    time.Time `json:"time"`
}

// NormalizeEmoji maps a reaction given as a Unicode emoji or as a name with or
// without colons (":white_check_mark:", "white_check_mark", "✅") to one
// Slack-style name, so handlers compare one spelling. Unknown emoji are
// returned trimmed, lower-cased and without colons.
func NormalizeEmoji(s string) string {
	s = strings.TrimSpace(s)
	s = strings.TrimSuffix(strings.TrimPrefix(s, ":"), ":")
	// Slack appends skin tones as "::skin-tone-2".
	if i := strings.Index(s, "::"); i >= 0 {
		s = s[:i]
	}
	// Strip variation selectors and skin-tone modifiers from Unicode emoji.
	s = strings.Map(func(r rune) rune {
		if r == '\uFE0F' || r == '\uFE0E' || (r >= 0x1F3FB && r <= 0x1F3FF) {
			return -1
		}
		return r
	}, s)
	if name, ok := emojiNames[s]; ok {
		return name
	}
	s = strings.ToLower(s)
	if name, ok := emojiAliases[s]; ok {
		return name
	}
	return s
}

// emojiNames maps Unicode emoji to their Slack names. Read-only.
var emojiNames = map[string]string{
	"✅": "white_check_mark",
	"✔": "heavy_check_mark",
	"☑": "ballot_box_with_check",
	"❌": "x",
	"✖": "heavy_multiplication_x",
	"🚫": "no_entry_sign",
	"👀": "eyes",
	"👍": "+1",
	"👎": "-1",
	"📞": "telephone_receiver",
	"☎": "phone",
	"❤": "heart",
	"✍": "writing_hand",
	"🖊": "lower_left_ballpoint_pen",
	"🔒": "lock",
	"🆗": "ok",
	"🙋": "raising_hand",
	"⏳": "hourglass_flowing_sand",
	"🟢": "large_green_circle",
	"🔴": "red_circle",
	"✋": "hand",
	"👌": "ok_hand",
	"🎉": "tada",
	"🙏": "pray",
	"⭐": "star",
	"📝": "memo",
	"🔧": "wrench",
	"💬": "speech_balloon",
	"🤝": "handshake",
	"✓": "heavy_check_mark",
	"👁": "eye",
}

// emojiAliases maps alternative names to the one name used here. Read-only.
var emojiAliases = map[string]string{
	"thumbsup":           "+1",
	"thumbs_up":          "+1",
	"thumbsdown":         "-1",
	"thumbs_down":        "-1",
	"check":              "white_check_mark",
	"white_check":        "white_check_mark",
	"cross_mark":         "x",
	"negative_squared_x": "x",
	"like":               "+1",
}

// MentionUser is how the bot names a platform user so that the platform
// shows (and notifies) the person: the id wrapped in control characters
// that no client text carries, which the platform's adapter turns into its
// own mention form (Slack "<@U…>") after escaping everything else.
func MentionUser(id string) string { return "\x1e@" + id + "\x1f" }
