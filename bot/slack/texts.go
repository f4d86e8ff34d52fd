package slack

import (
	"fmt"
	"strings"
)

// The adapter's own words: the welcome in the App Home, the notes that
// point a slash command elsewhere, and what a client is told when Slack
// refuses a reply. Everything else the bot says comes from the handlers.
// Each text is given in German and English with the same placeholders
// (texts_test.go holds them to that).

// Keys of the adapter's texts.
const (
	txtWelcome         = "welcome"          // %[1]s: the bot's mention
	txtMovedToDM       = "moved_to_dm"      // %[1]s: a link to the DM
	txtNeedInvite      = "need_invite"      // %[1]s: the bot's mention
	txtDMFailed        = "dm_failed"        // no placeholders
	txtProtocolAnchor  = "protocol_anchor"  // %[1]s: the user's mention
	txtRateLimited     = "rate_limited"     // no placeholders
	txtSlashUnanswered = "slash_unanswered" // no placeholders
)

// texts maps key -> language -> format.
var texts = map[string]map[string]string{
	txtWelcome: {
		"de": "Willkommen! Ich bin %[1]s, der digitale Assistent Ihres IT-Dienstleisters. Ich helfe Ihnen bei:\n" +
			"• Fragen, ob eine Arbeit vom Vertrag abgedeckt ist oder ein Projekt ist (mit Quelle)\n" +
			"• Rückrufwünschen: Name, Nummer, Thema und Zeit, und unser Team ruft Sie an\n" +
			"• Zugriffsterminen für Softwarehersteller (mindestens 7 Tage im Voraus)\n" +
			"• Besprechungsprotokollen, die alle Beteiligten unterschreiben\n" +
			"Schreiben Sie mir hier einfach Ihr Anliegen, erwähnen Sie mich in einem Kanal, oder nutzen Sie " +
			"/mspbot status, /mspbot rückruf, /mspbot termin, /mspbot protokoll und /mspbot hilfe.",
		"en": "Welcome! I am %[1]s, your IT service provider's digital assistant. I can help with:\n" +
			"• whether a task is covered by your contract or is a project (with the source)\n" +
			"• callback requests: name, number, topic and time, and our team calls you\n" +
			"• access appointments for software vendors (at least 7 days ahead)\n" +
			"• meeting protocols that every party signs\n" +
			"Just write to me here, mention me in a channel, or use " +
			"/mspbot status, /mspbot callback, /mspbot appointment, /mspbot protocol and /mspbot help.",
	},
	txtMovedToDM: {
		"de": "Dazu habe ich Ihnen im Direktchat mit mir geschrieben: %[1]s",
		"en": "I have written to you about this in our direct messages: %[1]s",
	},
	txtNeedInvite: {
		"de": "Hier kann ich nicht schreiben, weil ich kein Mitglied dieses Kanals bin. Laden Sie mich mit /invite %[1]s ein und versuchen Sie es noch einmal.",
		"en": "I cannot write here because I am not a member of this channel. Invite me with /invite %[1]s and try again.",
	},
	txtDMFailed: {
		"de": "Ich konnte keinen Direktchat mit Ihnen öffnen. Schreiben Sie mir bitte direkt in meinem Nachrichten-Tab.",
		"en": "I could not open a direct message with you. Please write to me in my Messages tab.",
	},
	txtProtocolAnchor: {
		"de": "📝 %[1]s legt ein Besprechungsprotokoll an. Die Angaben bitte hier im Thread.",
		"en": "📝 %[1]s is starting a meeting protocol. Please add the details here in the thread.",
	},
	txtRateLimited: {
		"de": "Slack bremst meine Nachrichten gerade, deshalb kam meine Antwort nicht an. Bitte schreiben Sie Ihre Nachricht in einer Minute noch einmal.",
		"en": "Slack is throttling my messages right now, so my answer did not get through. Please send your message again in a minute.",
	},
	txtSlashUnanswered: {
		"de": "Entschuldigung, ich konnte Ihren Befehl gerade nicht ausführen. Bitte versuchen Sie es gleich noch einmal.",
		"en": "Sorry, I could not run your command just now. Please try again in a moment.",
	},
}

// text returns the text key in lang (German unless "en"), formatted with
// args.
func text(lang, key string, args ...any) string {
	if lang != "en" {
		lang = "de"
	}
	f := texts[key][lang]
	if len(args) == 0 {
		return f
	}
	return fmt.Sprintf(f, args...)
}

// normLang returns "en" for English and "de" for anything else.
func normLang(s string) string {
	if strings.EqualFold(strings.TrimSpace(s), "en") {
		return "en"
	}
	return "de"
}
