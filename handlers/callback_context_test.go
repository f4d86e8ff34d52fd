package handlers

import (
	"strings"
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

// TestLongConversationKeepsTrack: probe set AC's long conversations, the
// behaviours each needed: "what have you noted?" reads the summary back;
// a request scrapped while it is taken is cancelled (not "no requests
// found"), the next one keeps the name and number and takes its topic
// from the message ("the shared drive S: …, a call about that instead?");
// asked whether the first is off, the status says it was never filed;
// another firm's request is refused and the dialogue goes on.
func TestLongConversationKeepsTrack(t *testing.T) {
	w := newWorld(t, worldOptions{})
	c := w.client("sophie")
	expectAsk(t, c.say("Hi, could someone call me back about renewing the antivirus licences? I'm Sophie Brenner, 0711 883 4229, Thursday 26 November between 10 and 12."), "callback", "confirm")
	r := c.say("What have you got down as the topic now?")
	contains(t, r.text, "antivirus licences")
	expectAsk(t, r, "callback", "confirm")
	r = c.say("Hold on, my boss already sorted the licences. Please scrap that request.")
	if r.meta().Dialogue != nil || strings.Contains(r.text, "find no callback") {
		t.Fatalf("scrapping the request being taken: %+v\n%s", r.meta(), r.text)
	}
	r = c.say("But while I have you: the shared drive S: has been painfully slow since this morning. Can I get a call about that instead? Same number.")
	if asks(r.meta(), "name") || asks(r.meta(), "phone") || asks(r.meta(), "topic") {
		t.Fatalf("the new request asks again:\n%s", r.text)
	}
	c.say("Tuesday 24 November in the morning")
	if r := c.say("yes"); r.meta().Record == nil {
		t.Fatalf("not filed:\n%s", r.text)
	}
	r = c.say("And the licence callback is definitely off, right?")
	contains(t, r.text, "shared drive S:", "antivirus licences", "not recorded")

	// another firm's request, asked during the dialogue
	h := w.client("henrik")
	expectAsk(t, h.say("Bitte Rückruf wegen der Firewall, Henrik Lorenz, 040 5530 8812"), "callback", "time")
	r = h.say("Sagen Sie mal, die Kanzlei Brandt bei uns im Haus hat doch vorhin auch einen Rückruf bestellt. Worum ging's da und wann ruft ihr die an?")
	contains(t, r.text, "Vertraulichkeit")
	expectAsk(t, h.say("Für mich bitte am 24.11. ab 13 Uhr."), "callback", "confirm")
}

// TestFallbackTimeTaken: a time outside business hours with a fallback
// for that case ("falls dann schon Feierabend ist, morgen früh") takes the
// fallback and says why, instead of asking for the time again (probe set
// AB, which failed only when run late in the afternoon).
func TestFallbackTimeTaken(t *testing.T) {
	w := newWorld(t, worldOptions{})
	c := w.client("selin")
	r := c.say("Hallo, können Sie mich heute um 18 Uhr zurückrufen? Falls bei Ihnen dann schon Feierabend ist, dann morgen früh. Selin Özdemir, 040 2851 7743, unser Plotter druckt nur noch zur Hälfte.")
	expectAsk(t, r, "callback", "confirm")
	contains(t, r.text, "außerhalb unserer Geschäftszeiten", "24.11.", "Plotter")
	if strings.Contains(r.text, "Feierabend") {
		t.Errorf("the fallback's words taken into the summary:\n%s", r.text)
	}
}

// TestChatStyleCallback: a callback told one fact per message, as on a
// phone (probe set AF): a problem stated while the name is asked is the
// topic, "re Outlook crashing all the time" names the topic, and nothing
// told is asked again.
func TestChatStyleCallback(t *testing.T) {
	w := newWorld(t, worldOptions{})
	c := w.client("birte")
	expectAsk(t, c.say("Rückruf bitte 🙏"), "callback", "name")
	r := c.say("Backup meldet seit gestern Fehler")
	expectAsk(t, r, "callback", "name")
	c.say("Donnerstag 26.11. ab 10h")
	c.say("0421 2438817")
	r = c.say("Birte Hansen / Autohaus Hansen")
	expectAsk(t, r, "callback", "confirm")
	contains(t, r.text, "Backup meldet seit gestern Fehler", "Birte Hansen")

	e := w.client("tom")
	e.say("need a call back pls")
	e.say("Wednesday after 2pm")
	e.say("re Outlook crashing all the time")
	e.say("Tom Becker")
	r = e.say("mob 0151 23847561")
	expectAsk(t, r, "callback", "confirm")
	contains(t, r.text, "Outlook crashing")
}

// TestBareCoverageQuestionAfterAnswer: "im Vertrag?" right after an
// answer asks about what was just answered (probe set AF: "not sure").
func TestBareCoverageQuestionAfterAnswer(t *testing.T) {
	w := newWorld(t, worldOptions{})
	c := w.client("bare")
	if m := c.say("virenscanner rot auf 2 PCs").meta(); m.Verdict != "covered" {
		t.Fatalf("meta %+v", m)
	}
	if r := c.say("im vertrag?"); r.meta().Verdict != "covered" {
		t.Errorf("meta %+v\n%s", r.meta(), r.text)
	}
}
