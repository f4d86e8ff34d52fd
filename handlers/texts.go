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

// Callback conversation.
var (
	txtCallbackAskName       = text{de: "Gern rufen wir Sie zurück. Wie ist Ihr Name?", en: "We'll gladly call you back. What is your name?"}
	txtCallbackAskNameHint   = text{de: "Gern rufen wir Sie zurück. Spreche ich mit %s? Dann schreiben Sie „ja“, sonst Ihren Namen.", en: "We'll gladly call you back. Am I talking to %s? Then write \"yes\", otherwise your name."}
	txtCallbackNameUnclear   = text{de: "Das habe ich nicht als Namen verstanden.", en: "I did not understand that as a name."}
	txtCallbackAskPhone      = text{de: "Unter welcher Telefonnummer erreichen wir Sie?", en: "Which phone number can we reach you on?"}
	txtCallbackAskTopic      = text{de: "Worum geht es? Ein Satz genügt.", en: "What is it about? One sentence is enough."}
	txtCallbackAskWindow     = text{de: "Wann passt es Ihnen? Zum Beispiel „morgen zwischen 9 und 11“, „Montag ab 14 Uhr“ oder „so bald wie möglich“.", en: "When suits you? For example \"tomorrow between 9 and 11\", \"Monday after 2 pm\" or \"as soon as possible\"."}
	txtCallbackAskOtherTime  = text{de: "Welche andere Zeit passt Ihnen?", en: "Which other time suits you?"}
	txtCallbackWindowUnclear = text{de: "Diese Zeitangabe habe ich nicht verstanden.", en: "I did not understand that time."}
	txtCallbackWindowPast    = text{de: "Diese Zeit liegt bereits in der Vergangenheit.", en: "That time has already passed."}
	txtCallbackOfferNext     = text{de: "Der nächste mögliche Termin wäre %s. Passt das? (ja/nein)", en: "The next possible time would be %s. Does that suit you? (yes/no)"}
	txtWindowHoliday         = text{de: "An diesem Tag ist Feiertag (%s), da sind wir nicht im Büro.", en: "That day is a public holiday (%s), our office is closed."}
	txtWindowWeekend         = text{de: "Am Wochenende sind wir nicht im Büro.", en: "Our office is closed at weekends."}
	txtWindowOutsideHours    = text{de: "Diese Zeit liegt außerhalb unserer Geschäftszeiten.", en: "That time is outside our business hours."}
	txtPhoneTooShort         = text{de: "Die Nummer „%s“ ist zu kurz für eine Telefonnummer. Bitte schreiben Sie sie mit Vorwahl, z. B. 040 696 450 99.", en: "The number \"%s\" is too short for a phone number. Please write it with the area code, e.g. +49 40 696 450 99."}
	txtPhoneTooLong          = text{de: "Die Nummer „%s“ ist zu lang für eine Telefonnummer. Bitte prüfen Sie sie.", en: "The number \"%s\" is too long for a phone number. Please check it."}
	txtPhoneInvalid          = text{de: "„%s“ ist keine gültige Telefonnummer. Bitte schreiben Sie sie mit Vorwahl, z. B. 040 696 450 99.", en: "\"%s\" is not a valid phone number. Please write it with the area code, e.g. +49 40 696 450 99."}
	txtCallbackSummary       = text{de: "Ich habe notiert:\nName: %s\nTelefon: %s\nThema: %s\nZeit: %s%s", en: "I have noted:\nName: %s\nPhone: %s\nTopic: %s\nTime: %s%s"}
	txtCallbackUrgent        = text{de: "\nDringend: ja (Ausfall)", en: "\nUrgent: yes (outage)"}
	txtCallbackConfirm       = text{de: "Soll ich das so aufnehmen? (ja / nein / abbrechen)", en: "Shall I file it like this? (yes / no / cancel)"}
	txtCallbackYesNo         = text{de: "Bitte antworten Sie mit „ja“, „nein“ oder „abbrechen“ – oder nennen Sie, was ich ändern soll.", en: "Please answer \"yes\", \"no\" or \"cancel\" – or tell me what to change."}
	txtCallbackWhichField    = text{de: "Was soll ich ändern: Name, Nummer, Thema oder Zeit?", en: "What shall I change: name, number, topic or time?"}
	txtCallbackCancelled     = text{de: "In Ordnung, ich habe nichts aufgenommen.", en: "All right, I have not filed anything."}
	txtCallbackStale         = text{de: "Diese Anfrage ist nicht mehr offen.", en: "This request is no longer open."}
	txtCallbackFiled         = text{de: "Ihr Rückrufwunsch ist aufgenommen, Referenz %s. Wir rufen Sie %s an. Den Stand erfahren Sie hier jederzeit mit „Wie ist der Stand meines Rückrufs?“.", en: "Your callback request is filed, reference %s. We will call you %s. Ask \"What is the status of my callback?\" here at any time."}
	txtBtnYes                = text{de: "Ja, aufnehmen", en: "Yes, file it"}
	txtBtnChange             = text{de: "Ändern", en: "Change"}
	txtBtnCancel             = text{de: "Abbrechen", en: "Cancel"}
	txtBtnClaim              = text{de: "Übernehmen", en: "Claim"}
	txtBtnCalled             = text{de: "Angerufen", en: "Called"}
	txtBtnClose              = text{de: "Erledigt", en: "Close"}
	txtStaffNewTicket        = text{de: "📞 Neuer Rückrufwunsch %s%s\nName: %s\nTelefon: %s\nThema: %s\nZeit: %s\nKunde: %s (%s)\n👀 übernehmen · 📞 angerufen · ✅ erledigt", en: "📞 New callback request %s%s\nName: %s\nPhone: %s\nTopic: %s\nTime: %s\nClient: %s (%s)\n👀 claim · 📞 called · ✅ close"}
)
