package teams

import (
	"encoding/json"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/mspbot/mspbot/bot"
)

// activity is the part of a Bot Framework Activity the adapter reads.
type activity struct {
	Type             string          `json:"type"`
	ID               string          `json:"id"`
	Timestamp        string          `json:"timestamp"`
	ServiceURL       string          `json:"serviceUrl"`
	ChannelID        string          `json:"channelId"`
	From             account         `json:"from"`
	Recipient        account         `json:"recipient"`
	Conversation     conversation    `json:"conversation"`
	Text             string          `json:"text"`
	ReplyToID        string          `json:"replyToId"`
	Name             string          `json:"name"`
	Entities         []entity        `json:"entities"`
	Value            json.RawMessage `json:"value"`
	ReactionsAdded   []reaction      `json:"reactionsAdded"`
	ReactionsRemoved []reaction      `json:"reactionsRemoved"`
	ChannelData      channelData     `json:"channelData"`
	// Action is an installationUpdate's "add" or "remove"; MembersAdded
	// are who a conversationUpdate says joined.
	Action       string    `json:"action"`
	MembersAdded []account `json:"membersAdded"`
}

type account struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	AADObjectID string `json:"aadObjectId"`
	Role        string `json:"role"`
	// TenantID is the account's own Entra tenant where Teams names it
	// (a TeamsChannelAccount's tenantId).
	TenantID string `json:"tenantId"`
}

type conversation struct {
	ID               string `json:"id"`
	ConversationType string `json:"conversationType"`
	TenantID         string `json:"tenantId"`
	IsGroup          bool   `json:"isGroup"`
}

type entity struct {
	Type      string   `json:"type"`
	Text      string   `json:"text"`
	Mentioned *account `json:"mentioned"`
}

type reaction struct {
	Type string `json:"type"`
}

type channelData struct {
	Tenant  struct{ ID string } `json:"tenant"`
	Team    struct{ ID string } `json:"team"`
	Channel struct{ ID string } `json:"channel"`
}

// tenant is the activity's Entra tenant, lower-cased (tenant ids are GUIDs
// and case does not matter), the Workspace of its refs.
func (act *activity) tenant() string {
	t := act.Conversation.TenantID
	if t == "" {
		t = act.ChannelData.Tenant.ID
	}
	return strings.ToLower(strings.TrimSpace(t))
}

// home is Ref.Home of the user who acted: the user's own tenant when the
// activity names one that is not the conversation's. Microsoft documents
// conversation.tenantId as the tenant hosting the conversation (a shared
// channel's host) for every activity; from.tenantId, where Teams gives it,
// is the user's own, and otherwise a channelData.tenant.id that differs
// from the host's is taken as the user's. Lower-cased like tenant; empty
// for a member of the host tenant.
func (act *activity) home() string {
	host := act.tenant()
	own := act.From.TenantID
	if strings.TrimSpace(own) == "" {
		own = act.ChannelData.Tenant.ID
	}
	own = strings.ToLower(strings.TrimSpace(own))
	if own == "" || own == host {
		return ""
	}
	return own
}

// user is who acted: the Entra object id when Teams gives one (staff lists
// name those), else the Teams user id.
func (act *activity) user() string {
	if id := strings.TrimSpace(act.From.AADObjectID); id != "" {
		return strings.ToLower(id)
	}
	return act.From.ID
}

// place returns the conversation an activity happened in. A channel thread
// is "19:…@thread.tacv2;messageid=ROOT": the channel is the part before
// ";messageid=", the thread the root post's id.
func (act *activity) place() bot.Ref {
	channel, thread, _ := strings.Cut(act.Conversation.ID, ";messageid=")
	return bot.Ref{Platform: Platform, Workspace: act.tenant(), Channel: channel, Thread: thread}
}

// conversationID is the connector's id for ref's conversation.
func conversationID(ref bot.Ref) string {
	if ref.Thread == "" {
		return ref.Channel
	}
	return ref.Channel + ";messageid=" + ref.Thread
}

func (act *activity) time() time.Time {
	t, err := time.Parse(time.RFC3339Nano, act.Timestamp)
	if err != nil {
		return time.Time{}
	}
	return t.UTC()
}

// fromSelf reports whether the bot itself acted.
func (act *activity) fromSelf() bool {
	return act.From.ID != "" && act.From.ID == act.Recipient.ID
}

// buttonData is what the bot's Adaptive Card buttons carry.
type buttonData struct {
	Action string `json:"action"`
	Value  string `json:"value"`
}

// events normalises an activity. It returns nothing for what the bot
// ignores: its own activities, channel and group messages that do not
// mention it, empty messages and activity types it does not use.
func (act *activity) events() []bot.Event {
	if act.fromSelf() || act.From.ID == "" || act.place().Channel == "" {
		return nil
	}
	switch act.Type {
	case "message":
		if ev, ok := act.submit(); ok {
			return []bot.Event{ev}
		}
		return act.message()
	case "messageReaction":
		return act.reactions()
	case "invoke":
		if ev, ok := act.execute(); ok {
			return []bot.Event{ev}
		}
	}
	return nil
}

func (act *activity) message() []bot.Event {
	personal := act.Conversation.ConversationType == "personal" ||
		(act.Conversation.ConversationType == "" && !act.Conversation.IsGroup)
	text, mentioned := act.strippedText()
	if (!personal && !mentioned) || text == "" || act.ID == "" || act.fromBot() {
		return nil
	}
	return []bot.Event{act.messageEvent(text)}
}

// messageEvent is the event of a message with its text already stripped.
func (act *activity) messageEvent(text string) bot.Event {
	ref := act.place()
	if act.Conversation.ConversationType == "channel" && ref.Thread == "" {
		// A channel post that names no thread starts one under itself.
		ref.Thread = act.ID
	}
	ref.Message, ref.User, ref.Home = act.ID, act.user(), act.home()
	return bot.Event{
		ID:       act.ID,
		Kind:     bot.KindMessage,
		Ref:      ref,
		Text:     text,
		UserName: act.From.Name,
		Time:     act.time(),
	}
}

// threadReply returns the event of a reply in a channel thread that does
// not mention the bot: Teams delivers those when the app has the RSC
// permission ChannelMessage.Read.Group ("Receive all conversation
// messages"). Whether the bot follows that thread is for the adapter to
// decide (Marks); a post that starts a thread of its own, a group chat
// message, a reply addressed to someone else (it mentions another person
// and not the bot) and anything from a bot never qualify.
func (act *activity) threadReply() (bot.Event, bool) {
	if act.Type != "message" || act.fromSelf() || act.fromBot() || act.From.ID == "" || act.ID == "" ||
		act.Conversation.ConversationType != "channel" {
		return bot.Event{}, false
	}
	if thread := act.place().Thread; thread == "" || thread == act.ID {
		return bot.Event{}, false
	}
	if _, ok := act.submit(); ok {
		return bot.Event{}, false
	}
	text, mentioned := act.strippedText()
	if mentioned || text == "" {
		return bot.Event{}, false
	}
	for _, e := range act.Entities {
		if e.Type == "mention" && e.Mentioned != nil && e.Mentioned.ID != act.Recipient.ID {
			return bot.Event{}, false
		}
	}
	return act.messageEvent(text), true
}

// fromBot reports whether another bot wrote: Bot Framework bots' ids start
// with "28:".
func (act *activity) fromBot() bool {
	return strings.HasPrefix(act.From.ID, "28:") || strings.EqualFold(act.From.Role, "bot")
}

var (
	atTag  = regexp.MustCompile(`(?s)<at[^>]*>(.*?)</at>`)
	spaces = regexp.MustCompile(`[ \t]{2,}`)
)

// strippedText returns the message text without the bot's mention (and
// with other mentions as plain names), and whether the bot was mentioned.
func (act *activity) strippedText() (string, bool) {
	text := act.Text
	mentioned := false
	for _, e := range act.Entities {
		if e.Type != "mention" || e.Mentioned == nil || e.Mentioned.ID != act.Recipient.ID || e.Text == "" {
			continue
		}
		if strings.Contains(text, e.Text) {
			mentioned = true
			text = strings.Replace(text, e.Text, " ", 1)
		}
	}
	text = atTag.ReplaceAllString(text, "$1")
	text = strings.NewReplacer("&nbsp;", " ", "\u00a0", " ").Replace(text)
	text = spaces.ReplaceAllString(text, " ")
	return strings.TrimSpace(text), mentioned
}

// submit reads an Action.Submit press: a message whose value is the
// button's data.
func (act *activity) submit() (bot.Event, bool) {
	if len(act.Value) == 0 || act.Value[0] != '{' {
		return bot.Event{}, false
	}
	var d buttonData
	if json.Unmarshal(act.Value, &d) != nil || d.Action == "" {
		return bot.Event{}, false
	}
	return act.button(d), true
}

// execute reads an Action.Execute press: an adaptiveCard/action invoke.
func (act *activity) execute() (bot.Event, bool) {
	if act.Name != "adaptiveCard/action" {
		return bot.Event{}, false
	}
	var v struct {
		Action struct {
			Type string          `json:"type"`
			Verb string          `json:"verb"`
			Data json.RawMessage `json:"data"`
		} `json:"action"`
	}
	if json.Unmarshal(act.Value, &v) != nil {
		return bot.Event{}, false
	}
	var d buttonData
	if len(v.Action.Data) > 0 && v.Action.Data[0] == '{' {
		_ = json.Unmarshal(v.Action.Data, &d)
	}
	if d.Action == "" {
		d.Action = v.Action.Verb
	}
	if d.Action == "" {
		return bot.Event{}, false
	}
	return act.button(d), true
}

func (act *activity) button(d buttonData) bot.Event {
	ref := act.place()
	target := ref
	target.Message = act.ReplyToID
	ref.User, ref.Home = act.user(), act.home()
	return bot.Event{
		ID:       act.ID,
		Kind:     bot.KindButton,
		Ref:      ref,
		Target:   target,
		Action:   d.Action,
		Value:    d.Value,
		UserName: act.From.Name,
		Time:     act.time(),
	}
}

// reactions returns one event per reaction added or removed.
func (act *activity) reactions() []bot.Event {
	if act.ReplyToID == "" {
		return nil
	}
	ref := act.place()
	target := ref
	target.Message = act.ReplyToID
	ref.User, ref.Home = act.user(), act.home()
	var evs []bot.Event
	add := func(kind bot.Kind, sign string, rs []reaction) {
		for _, r := range rs {
			emoji := ReactionName(r.Type)
			if emoji == "" {
				continue
			}
			id := act.ID
			if id == "" {
				// Without an activity id a re-added reaction looks like a
				// redelivery within the engine's memory of event ids.
				id = act.ReplyToID + ":" + act.user()
			}
			evs = append(evs, bot.Event{
				ID:       id + ":" + sign + strings.ToLower(r.Type),
				Kind:     kind,
				Ref:      ref,
				Emoji:    emoji,
				Target:   target,
				UserName: act.From.Name,
				Time:     act.time(),
			})
		}
	}
	add(bot.KindReactionAdded, "+", act.ReactionsAdded)
	add(bot.KindReactionRemoved, "-", act.ReactionsRemoved)
	return evs
}

// teamsReactions maps Teams' named reaction ids to the Slack-style names the
// handlers compare (see bot.NormalizeEmoji). Teams' six classic reactions
// are like 👍, heart ❤️, laugh 😆, surprised 😮, sad 🙁 and angry 😠; none of
// them means "claim" or "done", so "like" is "+1" and nothing more. The
// expanded set names many emoji by code point ("1f440_eyes" 👀,
// "2705_whiteheavycheckmark" ✅), which ReactionName decodes. Read-only.
var teamsReactions = map[string]string{
	"like":              "+1",
	"yes":               "+1",
	"no":                "-1",
	"heart":             "heart",
	"laugh":             "laughing",
	"surprised":         "open_mouth",
	"sad":               "slightly_frowning_face",
	"angry":             "angry",
	"cry":               "cry",
	"telephonereceiver": "telephone_receiver",
	"phone":             "iphone",
	"ok":                "ok_hand",
	"handshake":         "handshake",
	"praying":           "pray",
	"clap":              "clap",
	"clappinghands":     "clap",
	"fire":              "fire",
	"launch":            "rocket",
	"think":             "thinking_face",
	"party":             "partying_face",
	"bell":              "bell",
	"computer":          "computer",
}

var codePointID = regexp.MustCompile(`^((?:[0-9a-f]{4,6}_)+)[a-z0-9]+$`)

// ReactionName maps a Teams reaction id to the neutral name handlers
// compare: a classic or named reaction through a fixed table, a code-point
// id ("1f440_eyes", "2705_whiteheavycheckmark", skin tones "-tone3"
// dropped) through its emoji and bot.NormalizeEmoji (so 👀 is "eyes", ✅
// "white_check_mark", 📞 "telephone_receiver"); anything else lower-cased
// as it came.
func ReactionName(id string) string {
	id = strings.ToLower(strings.TrimSpace(id))
	if i := strings.LastIndex(id, "-tone"); i > 0 {
		id = id[:i]
	}
	if id == "" {
		return ""
	}
	if name, ok := teamsReactions[id]; ok {
		return name
	}
	if m := codePointID.FindStringSubmatch(id); m != nil {
		var b strings.Builder
		for _, hex := range strings.Split(strings.TrimSuffix(m[1], "_"), "_") {
			n, err := strconv.ParseUint(hex, 16, 32)
			if err != nil || n > 0x10FFFF {
				return id
			}
			b.WriteRune(rune(n))
		}
		return bot.NormalizeEmoji(b.String())
	}
	return bot.NormalizeEmoji(id)
}
