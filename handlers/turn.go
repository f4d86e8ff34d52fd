package handlers

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/mspbot/mspbot/bot"
	"github.com/mspbot/mspbot/nlu"
)

// turn collects what the bot answers to one event: the text parts of the
// reply, its buttons and its meta (intent, verdicts, sources, the slots it
// asks for, the record it creates or changes). The router sends it as one
// message at the end; a part that must be a message of its own (a protocol
// put up for signing, which ✅ reactions refer to) is sent with send.
type turn struct {
	rw   bot.Responder
	req  *bot.Request
	ev   bot.Event
	lang string
	// langSure says the language is known: the message showed it or the
	// conversation had one; otherwise a record's own language may be used.
	langSure bool
	msg      *nlu.Message // nil for reactions and buttons
	st       *convState

	parts   []string
	buttons []bot.Button
	meta    bot.Meta
	asks    []string
}

func newTurn(rw bot.Responder, req *bot.Request, st *convState, m *nlu.Message, lang string) *turn {
	return &turn{rw: rw, req: req, ev: req.Event, lang: lang, msg: m, st: st}
}

// say adds a paragraph to the reply.
func (t *turn) say(s string) {
	if s = strings.TrimSpace(s); s != "" {
		t.parts = append(t.parts, s)
	}
}

// ask adds a question for slot (see bot.Meta.Asks) to the reply.
func (t *turn) ask(slot, s string) {
	t.say(s)
	if slot != "" && !slices.Contains(t.asks, slot) {
		t.asks = append(t.asks, slot)
	}
}

// setIntent sets the reply's intent unless one is set.
func (t *turn) setIntent(intent string) {
	if t.meta.Intent == "" {
		t.meta.Intent = intent
	}
}

// verdicts records the coverage verdicts and sources the reply gives.
func (t *turn) verdicts(primary string, all []string, sources []string) {
	if primary != "" && t.meta.Verdict == "" {
		t.meta.Verdict = primary
	}
	for _, v := range append([]string{primary}, all...) {
		if v != "" && !slices.Contains(t.meta.Verdicts, v) {
			t.meta.Verdicts = append(t.meta.Verdicts, v)
		}
	}
	for _, s := range sources {
		if s != "" && !slices.Contains(t.meta.Sources, s) {
			t.meta.Sources = append(t.meta.Sources, s)
		}
	}
}

// record sets the record the reply creates or changes.
func (t *turn) record(r *bot.Record) { t.meta.Record = r }

// button adds a button to the reply.
func (t *turn) button(b bot.Button) { t.buttons = append(t.buttons, b) }

// metaNow is the meta as it stands, with the open dialogue.
func (t *turn) metaNow() *bot.Meta {
	m := t.meta
	m.Lang = t.lang
	m.Asks = append([]string(nil), t.asks...)
	if t.st != nil && t.st.Dialogue != noDialogue {
		d := string(t.st.Dialogue)
		m.Dialogue = &d
	}
	if m.Intent == "" && t.st != nil {
		m.Intent = dialogueIntent(t.st.Dialogue)
	}
	return &m
}

// send sends r now, as a message of its own, with the turn's meta so
// far; the record and asks it carries are not repeated in the final reply.
func (t *turn) send(ctx context.Context, r bot.Reply) (bot.Sent, error) {
	if r.Meta == nil {
		r.Meta = t.metaNow()
	}
	sent, err := t.rw.Reply(ctx, r)
	if err != nil {
		return sent, fmt.Errorf("reply: %w", err)
	}
	return sent, nil
}

// flush sends what was collected as one message.
func (t *turn) flush(ctx context.Context) error {
	if len(t.parts) == 0 {
		return nil
	}
	r := bot.Reply{Text: strings.Join(t.parts, "\n\n"), Buttons: t.buttons, Meta: t.metaNow()}
	t.parts, t.buttons = nil, nil
	if _, err := t.rw.Reply(ctx, r); err != nil {
		return fmt.Errorf("reply: %w", err)
	}
	return nil
}

// dialogueIntent is the intent a dialogue's prompts answer.
func dialogueIntent(d dialogueKind) string {
	switch d {
	case dialogueCallback:
		return "callback"
	case dialogueVendor:
		return "vendor_appointment"
	case dialogueProtocol:
		return "protocol"
	}
	return ""
}
