package handlers

import (
	"slices"
	"strings"
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

// TestYesHoldsTheWishedSlotAndTheyIsTheVendor: at the proposals, "Yes,
// please book it like that" holds the proposal that is the time the client
// asked for (it asked for the number again); after the hold, "can they
// just log in on their own later that week?" is about the vendor, answered
// with the rules of vendor access, not a risk in general (probe set AI).
func TestYesHoldsTheWishedSlotAndTheyIsTheVendor(t *testing.T) {
	w := newWorld(t, worldOptions{})
	c := w.client("oconnor")
	r := c.say("Our ERP vendor ProERP needs SRV-ERP-01 on 2 December from 9 to 12 to install their annual update, no admin rights. Their contact: support@proerp.example, mine: james@kroeger.example")
	expectAsk(t, r, "vendor", "pick")
	contains(t, r.text, "1) Wednesday 2 Dec, 09:00–12:00")
	r = c.say("Yes, please book it like that.")
	if rec := r.record(); rec == nil || rec.ID != "VA-26-0001" {
		t.Fatalf("the wished slot was not held on yes:\n%s", r.text)
	}
	r = c.say("One more thing – if they don't finish that morning, can they just log in on their own later that week?")
	if r.meta().Intent != "policy" || !strings.Contains(r.text, "7 days") && !strings.Contains(r.text, "disabled") {
		t.Errorf("a question about the vendor after the hold (intent %s):\n%s", r.meta().Intent, r.text)
	}
	// and "he" right after that rule is the vendor still (probe set F)
	r = c.say("And if he only helps our receptionist inside the program on her own PC?")
	if !strings.Contains(r.text, "not affected") {
		t.Errorf("the vendor's program help after a rule:\n%s", r.text)
	}

	// a yes at proposals that do not hold the wished time asks for the number
	d := w.client("dunn")
	r = d.say("Sage needs SQL-02 for a 2-hour patch, no admin rights, as soon as possible. Sage contact: ops@sage.example, mine: it@dunn.example")
	expectAsk(t, r, "vendor", "pick")
	if r = d.say("yes"); r.record() != nil {
		t.Errorf("a yes without a wished time held a slot:\n%s", r.text)
	}
}
