// Package handlers holds mspbot's conversations: each file turns events into
// calls of the domain packages and their results into replies in the
// client's language (German or English).
package handlers

import "fmt"

// text is one message in both languages.
type text struct{ de, en string }

// in returns t in lang (German unless "en"), formatted with args.
func (t text) in(lang string, args ...any) string {
	s := t.de
	if lang == "en" {
		s = t.en
	}
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
}

var (
	txtWelcome = text{
		de: "Hallo, ich bin der Service-Assistent Ihres IT-Dienstleisters. Ich beantworte Fragen dazu, was Ihr Managed-Service-Vertrag abdeckt, nehme Rückrufwünsche auf, plane Zugriffstermine für Softwarehersteller und führe Besprechungsprotokolle. Wobei kann ich helfen?",
		en: "Hello, I am your IT provider's service assistant. I answer questions about what your managed-service contract covers, take callback requests, schedule vendor access appointments and keep meeting protocols. How can I help?",
	}
	txtWelcomeBack = text{
		de: "Willkommen zurück! Wobei kann ich helfen?",
		en: "Hello again! How can I help?",
	}
	txtHelp = text{
		de: "Ich kann Ihnen helfen bei:\n• Fragen, ob eine Arbeit vom Vertrag abgedeckt ist oder ein Projekt ist\n• Rückrufwünschen („Bitte rufen Sie mich zurück“)\n• Zugriffsterminen für Softwarehersteller (mindestens 7 Tage im Voraus)\n• Besprechungsprotokollen, die alle Beteiligten unterschreiben\nSchreiben Sie einfach Ihr Anliegen.",
		en: "I can help with:\n• whether a task is covered by your contract or is a project\n• callback requests (\"please call me back\")\n• access appointments for software vendors (at least 7 days ahead)\n• meeting protocols that every party signs\nJust tell me what you need.",
	}
	txtFallback = text{
		de: "Das kann ich leider noch nicht sicher beantworten, und raten möchte ich nicht. Gern ruft Sie ein Mitarbeiter zurück (schreiben Sie „Rückruf“), oder Sie erreichen uns telefonisch unter 040 696 450 99.",
		en: "I'm afraid I can't answer that reliably yet, and I don't want to guess. A member of our team can call you back (write \"callback\"), or you can reach us by phone at +49 40 696 450 99.",
	}
)
