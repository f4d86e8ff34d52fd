package handlers

import (
	"fmt"

	"github.com/mspbot/mspbot/bot"
	"github.com/mspbot/mspbot/scheduling"
)

// The web chat page (platform "webchat") shows buttons but has no emoji
// reactions; its visitors answer by typing or by pressing a button. Texts
// that tell a client to react with ✅ have a variant for it that names the
// button instead, and choices a client answers by typing (a vendor slot's
// number) come with buttons there. Slack, Discord, Teams and the JSON API
// keep their texts and get no such buttons.

// ReplyAction is the action of a button that stands for a typed answer: the
// web chat sends the button's Value as the visitor's own message, so the
// choice takes the same path as typing it (the dialogue reads "1" either
// way). No handler receives it as a button press.
const ReplyAction = "reply"

// platformChat is the web chat page's platform (web.PlatformChat).
const platformChat = "webchat"

// hasReactions reports whether clients on platform can react to a message
// with an emoji.
func hasReactions(platform string) bool { return platform != platformChat }

// choiceButtons reports whether typed choices are offered as buttons on
// platform.
func choiceButtons(platform string) bool { return platform == platformChat }

// pickButtons adds one reply button per proposed slot where the platform
// shows them: its label is the slot as listed, its value the number the
// text asks for.
func (v *Vendors) pickButtons(t *turn, props []scheduling.Window) {
	if !choiceButtons(t.ev.Ref.Platform) {
		return
	}
	for i, p := range props {
		t.button(bot.Button{Action: ReplyAction, Value: fmt.Sprint(i + 1), Label: fmt.Sprintf("%d) %s", i+1, v.formatSlot(p, t.lang))})
	}
}
