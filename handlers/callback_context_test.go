package handlers

import (
	"testing"
)

// A callback asked "genau deswegen" / "to talk that through" after a
// contract question takes its topic from that question, never the
// anaphor.
func TestCallbackTopicFromConversation(t *testing.T) {
	tests := []struct {
		lang          string
		turns         []string
		request       string
		has, notTopic string
	}{
		{"de", []string{
			"Bei uns ist im Server eine Festplatte ausgefallen, das RAID meldet 'degraded'. Ist der Tausch durch unseren Vertrag abgedeckt?",
			"Und wenn das ein Notfall ist? Der Server läuft zwar noch, aber mir ist da nicht wohl.",
		}, "Gut, dann rufen Sie mich bitte genau deswegen zurück. Sabine Hollerbach, 040 3344 5521.", "Festplatte", "deswegen"},
		{"en", []string{
			"We're thinking about moving our email from the old Exchange server in our office to Microsoft 365. Is that covered by the contract?",
			"What would that cost roughly?",
			"And how long does something like that usually take?",
		}, "OK, could somebody call me back to talk that through? Tom Becker, +49 40 555 01 92.", "365", "talk that through"},
	}
	for _, tt := range tests {
		w := newWorld(t, worldOptions{})
		c := w.client("sabine")
		for _, s := range tt.turns {
			c.say(s)
		}
		r := c.say(tt.request)
		expectAsk(t, r, "callback", "time")
		when := "Dienstag zwischen 10 und 12 Uhr"
		if tt.lang == "en" {
			when = "Tuesday 10 to 12"
		}
		r = c.say(when)
		expectAsk(t, r, "callback", "confirm")
		contains(t, r.text, tt.has)
		lacks(t, r.text, tt.notTopic)
	}
}

// An explicit request for a call whose problem the classifier reads as a
// coverage topic starts the callback; a coverage question asked with it
// is answered too, and the callback started all the same.
func TestCallbackRequestNotTakenForCoverage(t *testing.T) {
	w := newWorld(t, worldOptions{})
	c := w.client("marion")
	r := c.say("Hallo, bitte um Rückruf: Unser Spamfilter lässt seit Montag die Rechnungsmails von unserem Großhändler nicht mehr durch. Telefon 04102 778 90 12.")
	expectAsk(t, r, "callback", "name")

	c = w.client("olaf")
	r = c.say("Ist der Austausch eines defekten Monitors im Vertrag enthalten? Bitte rufen Sie mich zurück, Olaf Brink, 0171 2345678.")
	contains(t, r.text, "Vertrag")
	expectAsk(t, r, "callback", "time")
}

// A callback offered after a coverage answer and accepted with a bare
// "ja" takes the question's topic: it is not asked again.
func TestCallbackOfferTakesAnswerTopic(t *testing.T) {
	w := newWorld(t, worldOptions{})
	c := w.client("kerstin")
	c.say("Bei unserer Empfangskraft ist der Monitor seit heute Morgen schwarz, der Rechner läuft aber. Wird der Monitor im Rahmen des Vertrags ersetzt?")
	r := c.say("Wer macht das dann?")
	expectAsk(t, r, "", "confirm")
	r = c.say("ja")
	expectAsk(t, r, "callback", "name")
	r = c.say("Kerstin Adomeit, 0421 66 77 889")
	expectAsk(t, r, "callback", "time")
	r = c.say("Dienstag zwischen 13 und 14 Uhr")
	contains(t, r.text, "Monitor")
}

// "delete all the data you have stored about me" right after filing a
// callback is the request to delete one's data: asked once more.
func TestForgetAfterFiling(t *testing.T) {
	w := newWorld(t, worldOptions{})
	c := w.client("ole")
	r := c.say("Hi, I'd like a callback about the Wi-Fi in our warehouse dropping out all the time. Ole Hansen, 0431 987 65 43, Tuesday between 10 and 11 am.")
	expectAsk(t, r, "callback", "confirm")
	c.say("yes")
	r = c.say("One more thing: I want you to delete all the data you have stored about me.")
	contains(t, r.text, "delete")
	lacks(t, r.text, "contract")
}
