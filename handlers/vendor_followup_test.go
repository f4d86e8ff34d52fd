package handlers

import (
	"slices"
	"testing"
)

// TestVendorWaitIsNoLength: "give me a minute, I'm asking them" while the
// vendor's address is asked for is no length of the access: the length
// given before ("from 1 to 3 pm") stays and is not asked for again.
func TestVendorWaitIsNoLength(t *testing.T) {
	w := newWorld(t, worldOptions{})
	c := w.client("kaur")
	r := c.say("Hi, our vendor Sage needs to install a patch on our server APP-SAGE-01 on 2 December from 1 to 3 pm. No admin rights needed. My email is h.kaur@kaur-logistik.example.")
	expectAsk(t, r, "vendor", "emails")
	for _, wait := range []string{
		"I don't have their technician's address yet, give me a minute, I'm asking them.",
		"Moment bitte, eine Minute, ich frage beim Hersteller nach.",
		"hang on a sec, one moment",
	} {
		r = c.say(wait)
		if asks(r.meta(), "duration") {
			t.Fatalf("%q: the length is asked again: %s", wait, r.text)
		}
		lacks(t, r.text, "30 minutes", "30 Minuten")
	}
	r = c.say("Got it: their contact is patch-team@sage-partner.example")
	expectAsk(t, r, "vendor", "pick")
	contains(t, r.text, "13:00–15:00")
}

// TestVendorStateAskedInWords: after the hold, a question whether the
// appointment is fixed, final or settled yet shows its state (waiting for
// staff), in any of these words.
func TestVendorStateAskedInWords(t *testing.T) {
	w := newWorld(t, worldOptions{})
	c := w.client("ella")
	r0 := c.say("Addison needs SRV-ADD-01 on 2 December at 3 pm for about 30 minutes to install a patch, no admin rights. My address: it@elbe.example, Addison contact: support@addison.example")
	expectAsk(t, r0, "vendor", "pick")
	if rec := c.say("1").record(); rec == nil || rec.ID != "VA-26-0001" {
		t.Fatalf("nothing held: %+v", rec)
	}
	for _, q := range []string{
		"Is that appointment fixed now?",
		"Is the appointment final yet?",
		"Is our booking settled now?",
		"Is the slot locked in?",
		"Steht der Termin jetzt fest?",
		"Ist der Termin schon verbindlich?",
	} {
		r := c.say(q)
		contains(t, r.text, "VA-26-0001")
		if m := r.meta(); m.Intent == "out_of_scope" || slices.Contains(m.Asks, "confirm") {
			t.Errorf("%q: intent %q asks %v: %s", q, m.Intent, m.Asks, r.text)
		}
	}
}
