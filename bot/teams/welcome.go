package teams

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/mspbot/mspbot/bot"
)

// welcomeMemory is how long the adapter remembers having welcomed a team
// or chat: Teams announces one installation twice (conversationUpdate with
// the bot among membersAdded, and installationUpdate "add").
const welcomeMemory = time.Hour

// welcomeTexts are what the bot says when it is installed or added, per
// language. "intro" takes the bot's name; "how_*" say how to talk to it in
// a personal chat, a team and a group chat (the last two take the name).
var welcomeTexts = map[string]map[string]string{
	"de": {
		"intro": "Hallo, ich bin %s, der Service-Assistent Ihres IT-Dienstleisters – ein automatischer Assistent, kein Mensch. Ich kann:\n" +
			"• Fragen beantworten, ob eine Arbeit von Ihrem Managed-Service-Vertrag abgedeckt ist, mit Quelle\n" +
			"• Rückrufwünsche aufnehmen und Ihnen ihren Stand sagen\n" +
			"• Zugriffstermine für Softwarehersteller planen (mindestens 7 Tage im Voraus)\n" +
			"• Besprechungsprotokolle führen, die alle Beteiligten unterschreiben",
		"how_personal": "Schreiben Sie mir einfach hier im Chat, was Sie brauchen.",
		"how_team":     "Erwähnen Sie mich in einem Kanal mit @%s und Ihrem Anliegen; im Thread meiner Antwort geht es ohne erneute Erwähnung weiter.",
		"how_group":    "Erwähnen Sie mich hier mit @%s und Ihrem Anliegen.",
	},
	"en": {
		"intro": "Hello, I am %s, your IT provider's service assistant – an automated assistant, not a person. I can:\n" +
			"• answer whether a task is covered by your managed-service contract, with the source\n" +
			"• take callback requests and tell you where they stand\n" +
			"• schedule access appointments for software vendors (at least 7 days ahead)\n" +
			"• keep meeting protocols that every party signs",
		"how_personal": "Just write here in the chat what you need.",
		"how_team":     "Mention me in a channel with @%s and what you need; in the thread of my answer you can go on without mentioning me again.",
		"how_group":    "Mention me here with @%s and what you need.",
	},
}

// welcomer says in which language the bot introduces itself.
type welcomer struct {
	lang    string
	tenants map[string]string
}

func newWelcomer(lang string, tenants map[string]string) *welcomer {
	w := &welcomer{lang: strings.ToLower(lang), tenants: map[string]string{}}
	if _, ok := welcomeTexts[w.lang]; !ok {
		w.lang = "de"
	}
	for t, l := range tenants {
		if _, ok := welcomeTexts[strings.ToLower(l)]; ok {
			w.tenants[strings.ToLower(strings.TrimSpace(t))] = strings.ToLower(l)
		}
	}
	return w
}

// text is the welcome for a conversation of kind ("personal", "channel",
// "groupChat") in tenant, naming the bot.
func (w *welcomer) text(kind, tenant, name string) (string, string) {
	lang := w.lang
	if l, ok := w.tenants[tenant]; ok {
		lang = l
	}
	t := welcomeTexts[lang]
	how := t["how_personal"]
	switch kind {
	case "channel":
		how = fmt.Sprintf(t["how_team"], name)
	case "groupChat":
		how = fmt.Sprintf(t["how_group"], name)
	}
	return fmt.Sprintf(t["intro"], name) + "\n\n" + how, lang
}

// installed reports whether act says the bot was just installed in or
// added to a conversation (installationUpdate with action "add", or a
// conversationUpdate whose membersAdded holds the bot), and returns the
// conversation to welcome and the key the installation is remembered by
// (the team, else the conversation). Teams sets conversation.id of both
// activities to the channel the installing user picked ("Event-driven
// conversations with activity handlers", Installation events).
func (act *activity) installed() (bot.Ref, string, bool) {
	switch act.Type {
	case "installationUpdate":
		if !strings.EqualFold(act.Action, "add") {
			return bot.Ref{}, "", false
		}
	case "conversationUpdate":
		added := false
		for _, m := range act.MembersAdded {
			if m.ID != "" && m.ID == act.Recipient.ID {
				added = true
			}
		}
		if !added {
			return bot.Ref{}, "", false
		}
	default:
		return bot.Ref{}, "", false
	}
	place := act.place()
	if place.Channel == "" {
		return bot.Ref{}, "", false
	}
	to := bot.Ref{Platform: Platform, Workspace: place.Workspace, Channel: place.Channel}
	key := act.ChannelData.Team.ID
	if key == "" {
		key = place.Channel
	}
	return to, key, true
}

// greet welcomes a conversation the bot was just installed in, in the
// background: once per team or conversation within welcomeMemory, across
// replicas when Marks is shared.
func (a *Adapter) greet(ctx context.Context, act *activity) {
	to, key, ok := act.installed()
	if !ok {
		return
	}
	kind := act.Conversation.ConversationType
	if kind == "" && !act.Conversation.IsGroup {
		kind = "personal"
	}
	name := bot.CleanDisplayName(act.Recipient.Name)
	if name == "" {
		name = "mspbot"
	}
	text, lang := a.welcome.text(kind, to.Workspace, name)
	a.greeting.Go(func() {
		gctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), HandleTimeout)
		defer cancel()
		first, err := a.marks.MarkNew(gctx, welcomeMark(key), welcomeMemory)
		if err != nil {
			a.log.LogAttrs(gctx, slog.LevelWarn, "welcome not sent: cannot tell whether it was", slog.Any("err", err))
			return
		}
		if !first {
			return
		}
		if _, err := a.Send(gctx, to, bot.Reply{Text: text}); err != nil {
			_ = a.marks.Unmark(gctx, welcomeMark(key))
			a.log.LogAttrs(gctx, slog.LevelWarn, "welcome not sent", slog.String("conversation_type", kind), slog.Any("err", err))
			return
		}
		a.log.LogAttrs(gctx, slog.LevelInfo, "bot installed: welcome sent", slog.String("conversation_type", kind), slog.String("lang", lang))
	})
}
