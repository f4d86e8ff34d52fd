package handlers

import (
	"encoding/json"
	"testing"

	"github.com/mspbot/mspbot/knowledge"
)

// A conversation state a message arrives in, for the routing table.
type situation struct {
	name string
	st   func() *convState
	env  func() env
}

// The situations of the routing table. turn is the session's message
// count when the message arrives.
const turnNow = 6

var (
	fresh = situation{"no dialogue", func() *convState { return &convState{} }, func() env { return env{turn: turnNow} }}

	callbackAt = func(step callbackStep) situation {
		return situation{"callback asks " + string(step), func() *convState {
			f := &callbackForm{Step: step}
			if step != cbAskName {
				f.Name = "Anna Schmidt"
			}
			if step == cbAskConfirm {
				f.Phone, f.Topic, f.ASAP = "+494069645099", "Drucker", true
			}
			return &convState{Dialogue: dialogueCallback, Callback: f}
		}, func() env { return env{open: &Callbacks{}, turn: turnNow} }}
	}

	vendorAt = func(step vendorStep) situation {
		return situation{"vendor asks " + string(step), func() *convState {
			return &convState{Dialogue: dialogueVendor, Vendor: &vendorForm{Step: step, Vendor: "DATEV", System: "SRV-01"}}
		}, func() env { return env{open: &Vendors{}, turn: turnNow} }}
	}

	protocolOpen = situation{"protocol being recorded", func() *convState {
		return &convState{Dialogue: dialogueProtocol, Protocol: &protocolForm{ID: "PR-26-0001"}}
	}, func() env { return env{open: &Protocols{}, turn: turnNow} }}

	protocolHere = situation{"a protocol in this conversation, no dialogue", func() *convState { return &convState{} },
		func() env { return env{protocolHere: true, turn: turnNow} }}
	protocolToChange = situation{"a value of this conversation's protocol replaced, no dialogue", func() *convState { return &convState{} },
		func() env { return env{protocolChange: true, turn: turnNow} }}

	offeredCallback = func(askedAt int) situation {
		return situation{"callback offered", func() *convState {
			return &convState{Pending: &pending{Kind: pendingCallback, Prefill: &callbackForm{}, Turn: askedAt}}
		}, func() env { return env{turn: turnNow} }}
	}

	justFiled = func(filedAt int) situation {
		return situation{"callback just filed", func() *convState {
			return &convState{Filed: &filedRecord{Kind: "callback", ID: "CB-26-0001", Confirmation: "…", Turn: filedAt}}
		}, func() env { return env{turn: turnNow} }}
	}

	vendorRulesAnswered = func(at int) situation {
		return situation{"how vendor access is booked was answered", func() *convState {
			return &convState{Context: &topicContext{Intent: string(knowledge.IntentPolicy), Entries: []string{"sop#vendor-access"},
				Text: "Wie läuft das ab, wenn unser Softwarehersteller auf den Server muss?", Turn: at}}
		}, func() env { return env{turn: turnNow} }}
	}

	refusedNow = func(at int) situation {
		return situation{"vendor access today refused, urgent callback offered", func() *convState {
			return &convState{Pending: &pending{Kind: pendingCallback, Prefill: &callbackForm{}, Turn: at},
				VendorDraft: &vendorDraft{Form: vendorForm{Vendor: "Sage", System: "SRV-SAGE-01"}, Turn: at}}
		}, func() env { return env{turn: turnNow} }}
	}

	answered = func(at int) situation {
		return situation{"a coverage answer given", func() *convState {
			return &convState{Context: &topicContext{Intent: string(knowledge.IntentCoverage), Verdict: string(knowledge.VerdictExcluded),
				Entries: []string{"faq#hardware"}, Text: "Unser Server-Netzteil ist defekt, ist das abgedeckt?", Turn: at}}
		}, func() env { return env{turn: turnNow} }}
	}
)

// TestDecide pins real messages, read by the reader mspbot runs with, to
// the route decide chooses for them in a given conversation state.
func TestDecide(t *testing.T) {
	_, reader := shared()
	cases := []struct {
		in   situation
		text string
		want route
	}{
		// An open callback dialogue takes what it asked for and values it
		// did not ask for; a question beside it is answered on the side.
		{callbackAt(cbAskName), "Anna Schmidt", routeDialogue},
		{callbackAt(cbAskName), "this is Bob Miller", routeDialogue},
		{callbackAt(cbAskPhone), "040 696 450 99", routeDialogue},
		{callbackAt(cbAskPhone), "my number is +49 170 1234567", routeDialogue},
		{callbackAt(cbAskTopic), "Outlook startet nicht mehr", routeDialogue},
		{callbackAt(cbAskTime), "morgen zwischen 9 und 11", routeDialogue},
		{callbackAt(cbAskTime), "tomorrow after 2 pm", routeDialogue},
		{callbackAt(cbAskConfirm), "ja", routeDialogue},
		{callbackAt(cbAskConfirm), "yes please", routeDialogue},
		{callbackAt(cbAskConfirm), "die Nummer ist eigentlich 0170 1234567", routeDialogue},
		{callbackAt(cbAskConfirm), "abbrechen", routeCancel},
		{callbackAt(cbAskTime), "cancel", routeCancel},
		{callbackAt(cbAskTime), "vergessen Sie es, ich rufe selbst an", routeCancel},
		// probe set I: a callback no longer needed, said in passing
		{callbackAt(cbAskPhone), "ach, hat sich gerade erledigt, hat sich von selbst repariert. brauche doch keinen rückruf", routeCancel},
		{callbackAt(cbAskTime), "we don't need a callback anymore, it works again", routeCancel},
		{callbackAt(cbAskPhone), "Ist der Austausch einer defekten Festplatte im Vertrag enthalten?", routeSide},
		{callbackAt(cbAskTime), "Is data recovery included in our contract?", routeSide},
		{callbackAt(cbAskPhone), "Wie ist der Stand meines Rückrufs?", routeSide},
		{callbackAt(cbAskTime), "Der Hersteller DATEV muss am 9.12. von 9 bis 11 Uhr auf SRV-09 für ein Update", routeSwitch},
		{callbackAt(cbAskPhone), "Löschen Sie bitte alle meine Daten", routeSwitch},

		// An open vendor dialogue.
		{vendorAt(vaAskPurpose), "Jahresupdate", routeDialogue},
		{vendorAt(vaAskEmails), "support@datev.example", routeDialogue},
		{vendorAt(vaAskTime), "am 2.12. von 9 bis 11 Uhr", routeDialogue},
		{vendorAt(vaAskPick), "1", routeDialogue},
		{vendorAt(vaAskPick), "I'll take the second one", routeDialogue},
		{vendorAt(vaAskTime), "abbrechen", routeCancel},
		{vendorAt(vaAskTime), "Termin VA-26-0001 absagen", routeSide},
		{vendorAt(vaAskTime), "Ist der Austausch einer defekten Festplatte im Vertrag enthalten?", routeSide},
		{vendorAt(vaAskTime), "Bitte rufen Sie mich zurück", routeSwitch},
		{vendorAt(vaAskEmails), "Could you call me back, please?", routeSwitch},

		// A protocol being recorded takes its lines and commands.
		{protocolOpen, "Entscheidung: Das Update läuft am Samstag.", routeDialogue},
		{protocolOpen, "Decision: the update runs on Saturday.", routeDialogue},
		{protocolOpen, "fertig", routeDialogue},
		{protocolOpen, "done", routeDialogue},
		{protocolOpen, "unterschreiben", routeDialogue},
		{protocolOpen, "abbrechen", routeCancel},
		{protocolOpen, "Bitte rufen Sie mich zurück", routeSwitch},
		{protocolHere, "Entscheidung: Rollback bis 12 Uhr", routeRequest},
		{protocolOpen, "bitte Sonntag statt Samstag eintragen", routeDialogue},
		{protocolToChange, "moment, bitte 18.12. statt 17.12. eintragen", routeRequest},
		{protocolToChange, "make it Friday, not Thursday", routeRequest},
		{fresh, "moment, bitte 18.12. statt 17.12. eintragen", routeFallback},
		{fresh, "is the protocol binding now?", routeRequest},
		{fresh, "sind alle Unterschriften da?", routeRequest},
		{fresh, "Wir haben das mit dem Techniker von Addison am Telefon mündlich ausgemacht. Reicht das?", routeOral},
		{fresh, "We agreed on the phone with the vendor, is that enough?", routeOral},
		{fresh, "Warum reicht eine mündliche Absprache nicht?", routeAnswer},

		// Without a dialogue: the answer to an open yes/no question, a
		// repeated "ja" after filing, requests, follow-ups, small talk,
		// knowledge answers and the honest fallback.
		{offeredCallback(turnNow - 1), "ja", routePending},
		{offeredCallback(turnNow - 1), "ja gerne", routePending},
		{offeredCallback(turnNow - 1), "nein danke", routePending},
		{offeredCallback(turnNow - 1), "no thanks", routePending},
		{offeredCallback(turnNow - 5), "ja", routeFallback},
		{justFiled(turnNow - 1), "ja", routeFiled},
		{justFiled(turnNow - 1), "yes", routeFiled},
		{justFiled(turnNow - 4), "ja", routeFallback},
		{justFiled(turnNow - 1), "hat sich erledigt", routeWithdrawFiled},
		{justFiled(turnNow - 2), "Kann ich das wieder absagen?", routeFiledAsk},
		{vendorRulesAnswered(turnNow - 1), "Ok, dann buchen wir das", routeBookContext},
		{vendorRulesAnswered(turnNow - 1), "Und im Notfall?", routeEmergency},
		{refusedNow(turnNow - 1), "ok ist kein notfall. dann am 3.12. ab 10 uhr, ca 1 stunde", routeResume},
		{refusedNow(turnNow - 1), "nein danke, dann lieber nächsten Donnerstag von 9 bis 11", routeResume},
		{refusedNow(turnNow - 1), "not an emergency, let's do 3 Dec 2-4pm then", routeResume},
		{refusedNow(turnNow - 7), "dann am 3.12. ab 10 uhr", routeFallback},
		{refusedNow(turnNow - 1), "ja bitte", routePending},
		{callbackAt(cbAskConfirm), "ach ne es geht nicht um outlook sondern dass der scanner nicht mehr scannt", routeDialogue},
		{callbackAt(cbAskConfirm), "nee, Thema ist der Scanner im 1. OG", routeDialogue},
		{callbackAt(cbAskConfirm), "Ist Outlook eigentlich im Vertrag enthalten?", routeSide},
		{fresh, "Und im Notfall?", routeFallback},
		{fresh, "Bitte rufen Sie mich zurück", routeRequest},
		{fresh, "Could you call me back? Our server is down.", routeRequest},
		{fresh, "Wie ist der Stand meines Rückrufs?", routeRequest},
		{fresh, "What is the status of my callback?", routeRequest},
		{fresh, "Ich brauche den Rückruf doch nicht mehr", routeRequest},
		{fresh, "Löschen Sie bitte alle meine Daten", routeRequest},
		{fresh, "Please delete all my data", routeRequest},
		{fresh, "Der Hersteller DATEV muss auf unseren Server SRV-01 für das Jahresupdate", routeRequest},
		{fresh, "Can the vendor Sage get access to server APP01 on 9 Dec from 9 to 11 for an upgrade?", routeRequest},
		{fresh, "Der Hersteller muss sofort auf unseren Server, DATEV geht nicht mehr!", routeRequest},
		{fresh, "Wie ist der Stand meiner Herstellertermine?", routeRequest},
		{fresh, "Termin VA-26-0001 absagen", routeRequest},
		{fresh, "Wir brauchen einen Termin für den Hersteller Lexware", routeRequest},
		{fresh, "Wir möchten das Planungsgespräch protokollieren", routeRequest},
		{fresh, "Please start a meeting protocol", routeRequest},
		{fresh, "Wo finde ich das unterschriebene Protokoll?", routeRequest},
		{fresh, "Protokoll PR-26-0001 prüfen", routeRequest},
		{fresh, "unterschreiben", routeRequest},
		{fresh, "Entscheidung: Rollback bis 12 Uhr", routeFallback},
		{answered(turnNow - 1), "warum?", routeFollowUp},
		{answered(turnNow - 1), "why?", routeFollowUp},
		{answered(turnNow - 1), "was kostet das?", routeFollowUp},
		{answered(turnNow - 1), "und wenn wir es trotzdem machen?", routeFollowUp},
		{fresh, "Was kostet eine Stunde Support?", routeFollowUp},
		{fresh, "Hallo!", routeSocial},
		{fresh, "Good morning", routeSocial},
		{fresh, "Was können Sie?", routeSocial},
		{fresh, "What can you do?", routeSocial},
		{fresh, "Bist du ein Bot?", routeSocial},
		{fresh, "Vielen Dank", routeSocial},
		{fresh, "thanks a lot", routeSocial},
		{fresh, "Ist der Austausch einer defekten Festplatte im Vertrag enthalten?", routeAnswer},
		{fresh, "Wird das Windows-Update auf unseren Clients vom Vertrag abgedeckt?", routeAnswer},
		{fresh, "Can you restore the files we deleted last week, is that included?", routeAnswer},
		{fresh, "Warum muss ein Herstellertermin 7 Tage vorher gebucht werden?", routeRequest},
		{fresh, "Wer gewinnt die Bundesliga in diesem Jahr?", routeAnswer}, // the knowledge base says what the bot is not for
		{fresh, "asdf qwertz", routeFallback},
	}
	for _, tc := range cases {
		st, e := tc.in.st(), tc.in.env()
		m := reader.Read(tc.text, monday)
		if got := decide(st, m, e); got != tc.want {
			t.Errorf("%s: %q -> %s, want %s (intent %q, social %q, vendor %q, protocol %q, follow-ups %v)",
				tc.in.name, tc.text, got, tc.want, m.Intent, m.Social, m.VendorAsk, m.Protocol, m.FollowUps)
		}
	}
}

// TestDecideIsPure: deciding changes neither the state nor the message.
func TestDecideIsPure(t *testing.T) {
	_, reader := shared()
	st := callbackAt(cbAskConfirm).st()
	before, err := json.Marshal(st)
	if err != nil {
		t.Fatal(err)
	}
	m := reader.Read("die Nummer ist eigentlich 0170 1234567", monday)
	for range 3 {
		if got := decide(st, m, env{open: &Callbacks{}, turn: turnNow}); got != routeDialogue {
			t.Fatalf("route %s", got)
		}
	}
	after, _ := json.Marshal(st)
	if string(before) != string(after) {
		t.Fatalf("decide changed the state:\n%s\n%s", before, after)
	}
}
