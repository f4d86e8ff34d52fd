package handlers

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/mspbot/mspbot/bot"
	"github.com/mspbot/mspbot/mail"
	"github.com/mspbot/mspbot/nlu"
	"github.com/mspbot/mspbot/protocols"
	"github.com/mspbot/mspbot/protocols/llmdraft"
)

// MailSender sends one e-mail; *mail.SMTP and mail.Disabled implement it.
type MailSender interface {
	Send(ctx context.Context, m mail.Message) error
}

// Protocols is the meeting-protocol dialogue: recording a protocol message
// by message, showing the draft, putting it up for signing, signing by
// reaction, button or command, e-mailing the binding protocol, finding
// one's own protocols, checking them, and reminders (see protocol_sign.go).
type Protocols struct {
	Service *protocols.Service
	// Mailer sends the signed protocol to every party; nil means e-mail is
	// not configured (said in chat, logged and recorded in the log).
	Mailer MailSender
	// Location is the provider's time zone for dates (default UTC).
	Location *time.Location
	// Now is the clock (default time.Now).
	Now func() time.Time
	// Logger gets deliveries and failures (default slog.Default()).
	Logger *slog.Logger
	// Drafter, if set, drafts a protocol from a pasted transcript
	// ("Transkript: …") with a language model; the draft is always shown
	// for correction and never names signers.
	Drafter ProtocolDrafter
}

// ProtocolDrafter drafts protocol content from a transcript;
// *llmdraft.Drafter implements it.
type ProtocolDrafter interface {
	Draft(ctx context.Context, transcript, lang string, loc *time.Location) (llmdraft.Draft, error)
}

func (h *Protocols) now() time.Time {
	if h.Now != nil {
		return h.Now()
	}
	return time.Now()
}

func (h *Protocols) log() *slog.Logger {
	if h.Logger != nil {
		return h.Logger
	}
	return slog.Default()
}

func (h *Protocols) loc() *time.Location {
	if h.Location != nil {
		return h.Location
	}
	return time.UTC
}

// protoEmojiSign are the reactions that sign.
var protoEmojiSign = map[string]bool{"white_check_mark": true, "heavy_check_mark": true, "ballot_box_with_check": true, "writing_hand": true, "lower_left_ballpoint_pen": true}

func convOf(r bot.Ref) protocols.Conversation {
	return protocols.Conversation{Platform: r.Platform, Workspace: r.Workspace, Channel: r.Channel, Thread: r.Thread}
}

func actorOf(ev bot.Event) protocols.Actor {
	return protocols.Actor{ID: protocols.Identity{Platform: ev.Ref.Platform, User: ev.Ref.User}, Name: ev.UserName, Org: ev.Org, Staff: ev.Staff}
}

func (h *Protocols) parseContext(ev bot.Event) protocols.ParseContext {
	return protocols.ParseContext{Platform: ev.Ref.Platform, Self: actorOf(ev).ID, Loc: h.loc(), Now: h.now()}
}

// protocolRecord is a protocol as meta describes it.
func protocolRecord(p protocols.Protocol) *bot.Record {
	var signers []string
	for _, s := range p.Content.Signers() {
		signers = append(signers, s.ID.String())
	}
	return &bot.Record{Kind: "protocol", ID: p.ID, State: string(p.State), Fields: map[string]any{
		"title": p.Content.Title, "signers": signers, "binding": p.State == protocols.StateComplete, "version": p.Version}}
}

// activeHere reports whether the conversation has a protocol being
// recorded or signed that the writer may change: lines written without
// a command go to it.
func (h *Protocols) activeHere(ctx context.Context, ev bot.Event) bool {
	p, err := h.Service.Active(ctx, convOf(ev.Ref))
	return err == nil && protocols.MayEdit(p, actorOf(ev))
}

// command serves a protocol command (start, show, sign, …).
func (h *Protocols) command(ctx context.Context, t *turn, st *convState, m *nlu.Message) error {
	t.setIntent("protocol")
	switch m.Protocol {
	case nlu.ProtoSign:
		return h.signCommand(ctx, t, st)
	case nlu.ProtoVerify:
		return h.verify(ctx, t, st)
	case nlu.ProtoSend:
		return h.resend(ctx, t, st)
	case nlu.ProtoFind:
		return h.find(ctx, t)
	case nlu.ProtoEdit:
		return h.resume(ctx, t, st)
	case nlu.ProtoShow:
		return h.show(ctx, t, st)
	case nlu.ProtoChange:
		return h.change(ctx, t, st, m)
	case nlu.ProtoUnsign:
		return h.unsign(ctx, t, st, m)
	case nlu.ProtoStatus:
		return h.status(ctx, t, st)
	case nlu.ProtoStays:
		return h.stays(ctx, t, st)
	case nlu.ProtoProxySign:
		// a signature is the signer's own, with their own identity: nobody
		// signs for someone else, and nothing changes; a writer who is no
		// signer is told so first
		if p, err := h.Service.Active(ctx, convOf(t.ev.Ref)); err == nil && p.ID != "" {
			me := actorOf(t.ev).ID
			if !slices.ContainsFunc(p.Content.Signers(), func(s protocols.Signer) bool { return s.ID == me }) {
				t.say(protocolTexts.t(t.lang, "proxy_not_signer", p.ID, h.signerList(p, p.Content.Signers())))
			}
		}
		t.say(protocolTexts.t(t.lang, "proxy_sign"))
		return nil
	case nlu.ProtoLines, nlu.ProtoTranscript:
		p, ok, err := h.target(ctx, t, st)
		if !ok || err != nil {
			return err
		}
		return h.edit(ctx, t, st, p.ID, m)
	}
	if m.Acts.Done {
		return h.submit(ctx, t, st)
	}
	return h.start(ctx, t, st, m)
}

// relevance implements dialogue.
func (h *Protocols) relevance(st *convState, m *nlu.Message) relevance {
	switch {
	case m.Protocol == nlu.ProtoLines || m.Protocol == nlu.ProtoTranscript:
		return strong
	case m.Acts.Done || m.Acts.OnlyYes || m.Acts.Later || len(m.Mentions) > 0 || m.Replacement != nil:
		return strong
	case m.Protocol == nlu.ProtoNone && bareLabelRE.MatchString(m.Text):
		// "datum 8.12. 14 uhr": a line without its colon
		return strong
	case m.TopicDrop != "" && m.Protocol == nlu.ProtoNone:
		// "ach vergiss die usv, gehört nicht ins protokoll"
		return strong
	case m.Protocol != nlu.ProtoNone && m.Protocol != nlu.ProtoStart && m.Protocol != nlu.ProtoFind:
		return strong
	}
	return unrelated
}

// bareLabelRE is a message that is one line of the date or the title
// without its colon ("datum 8.12. 14 uhr"); protocols.Parse reads it.
var bareLabelRE = regexp.MustCompile(`(?i)^\s*(?:datum|date)\s+\d{1,4}[./-]\d{1,2}[^\n]*$|^\s*(?:titel|title)\s+[^\n:]+$`)

// take implements dialogue: commands, then lines.
func (h *Protocols) take(ctx context.Context, t *turn, st *convState, m *nlu.Message) error {
	t.setIntent("protocol")
	id := st.Protocol.ID
	switch {
	case m.Acts.Later:
		return h.cancel(ctx, t, st)
	case (m.Acts.Done || m.Acts.OnlyYes) && m.Protocol == nlu.ProtoNone:
		// "Ja, passt so." to the draft shown: put up for signing (what is
		// still missing is named instead)
		return h.submit(ctx, t, st)
	case m.Protocol == nlu.ProtoTranscript:
		return h.draftFromTranscript(ctx, t, st, id, m.Text)
	case m.Protocol != nlu.ProtoNone && m.Protocol != nlu.ProtoLines:
		return h.command(ctx, t, st, m)
	case m.Protocol == nlu.ProtoNone && m.Replacement != nil:
		// "bitte Sonntag statt Samstag eintragen"
		return h.change(ctx, t, st, m)
	case m.Protocol == nlu.ProtoNone && m.TopicDrop != "" && !strings.Contains(m.Text, ":"):
		if done, err := h.drop(ctx, t, st, m.TopicDrop); done || err != nil {
			return err
		}
	case m.Protocol == nlu.ProtoNone && m.Acts.No && len(strings.Fields(m.Bare)) <= 5 && !strings.Contains(m.Text, ":"):
		// "nein, nicht so." to the draft shown: what is wrong is asked
		t.ask("change", protocolTexts.t(t.lang, "what_wrong"))
		return nil
	}
	return h.edit(ctx, t, st, id, m)
}

// prompt implements dialogue.
func (h *Protocols) prompt(ctx context.Context, t *turn, st *convState, back bool) error {
	p, err := h.Service.Get(ctx, st.Protocol.ID)
	if err != nil {
		st.endDialogue()
		return nil
	}
	if back {
		t.say(generalTexts.t(t.lang, "back_protocol"))
	}
	h.askMissing(t, p)
	return nil
}

// cancel implements dialogue: the writer stops; the draft stays.
func (h *Protocols) cancel(ctx context.Context, t *turn, st *convState) error {
	id := st.Protocol.ID
	st.endDialogue()
	t.setIntent("protocol")
	t.say(protocolTexts.t(t.lang, "left", id))
	return nil
}

// sideQuestion answers the question how someone signs who is not in the
// chat.
func (h *Protocols) sideQuestion(ctx context.Context, t *turn, st *convState, m *nlu.Message) bool {
	low := m.Low()
	if !strings.Contains(low, "sign") && !strings.Contains(low, "unterschr") && !strings.Contains(low, "unterzeichn") {
		return false
	}
	t.setIntent("protocol")
	t.say(protocolTexts.t(t.lang, "signer_external"))
	return true
}

// askMissing says what a draft still needs, or how to put it up.
func (h *Protocols) askMissing(t *turn, p protocols.Protocol) {
	if p.State != protocols.StateDraft {
		return
	}
	if m := p.Content.Missing(); len(m) > 0 {
		t.ask("", protocolTexts.t(t.lang, "still_open", h.missingText(m, t.lang)))
		for _, x := range m {
			t.asks = appendSlot(t.asks, missingSlot(x))
		}
	}
	if ne := p.Content.NoEmail(); len(ne) > 0 {
		var who []string
		for _, s := range ne {
			n := mention(s.ID, p.Conv.Platform)
			who = append(who, protocolTexts.t(t.lang, "missing_email", n, n))
		}
		t.say(protocolTexts.t(t.lang, "no_email", strings.Join(who, "; ")))
	}
	t.say(protocolTexts.t(t.lang, "next_steps"))
}

// missingSlot maps what a draft misses to the slot asked for.
func missingSlot(m string) string {
	switch {
	case m == "title":
		return "title"
	case m == "date":
		return "date"
	case m == "items":
		return "content"
	}
	return "signers"
}

func appendSlot(asks []string, s string) []string {
	if slices.Contains(asks, s) {
		return asks
	}
	return append(asks, s)
}

// start creates a draft in this conversation, taking any lines the first
// message already carries, and opens the dialogue.
func (h *Protocols) start(ctx context.Context, t *turn, st *convState, m *nlu.Message) error {
	ev := t.ev
	p, err := h.Service.Create(ctx, ev.Org, convOf(ev.Ref), actorOf(ev), t.lang, protocols.Content{}, h.now())
	if err != nil {
		return fmt.Errorf("start protocol: %w", err)
	}
	st.open(dialogueProtocol)
	st.Protocol = &protocolForm{ID: p.ID}
	example := "@anna"
	switch ev.Ref.Platform {
	case "slack", "discord":
		example = "@Anna"
	case "web":
	default:
		example = protocolTexts.t(t.lang, "me")
	}
	t.setIntent("protocol")
	t.record(protocolRecord(p))
	started := protocolTexts.t(t.lang, "started", p.ID, example, h.identityHint(ev.Ref.Platform, t.lang))
	if m != nil && (m.Protocol == nlu.ProtoLines || m.Protocol == nlu.ProtoStart && m.ProtocolBody != m.Text) {
		// the lines came with the request: what is still open follows them
		t.say(protocolTexts.t(t.lang, "started_with", p.ID))
		return h.edit(ctx, t, st, p.ID, m)
	}
	t.ask("title", started)
	t.asks = appendSlot(appendSlot(t.asks, "signers"), "content")
	return nil
}

func (h *Protocols) identityHint(platform, lang string) string {
	switch platform {
	case "slack", "discord", "web":
		return protocolTexts.t(lang, "identity_hint_"+platform)
	}
	return protocolTexts.t(lang, "identity_hint_other")
}

// edit applies the understood lines as one new version and says what was
// noted, what was not understood and what is still missing. After the
// first signature it posts the new version and asks everyone to sign again.
func (h *Protocols) edit(ctx context.Context, t *turn, st *convState, id string, m *nlu.Message) error {
	lang := t.lang
	parsed := protocols.Parse(m.ProtocolBody, h.parseContext(t.ev))
	if len(parsed.Lines) == 0 && len(m.Mentions) > 0 {
		// "er ist hier im Chat: @petra": the people named sign too
		parsed = protocols.Parse(protocolTexts.t("de", "signer_line", strings.Join(m.Mentions, ", ")), h.parseContext(t.ev))
	}
	var notes, fields []string
	var skipped []string // signers named by description, not taken
	valid := 0
	for _, l := range parsed.Lines {
		if l.Err != nil {
			notes = append(notes, protocolTexts.t(lang, "line_error", l.Raw, h.lineError(l.Err, t.ev.Ref.Platform, lang)))
			continue
		}
		valid++
	}
	var ch protocols.Change
	if valid > 0 {
		var applyNotes []string
		var err error
		ch, err = h.Service.Edit(ctx, id, actorOf(t.ev), func(c *protocols.Content) error {
			applyNotes, fields, skipped = nil, nil, nil
			for _, l := range parsed.Lines {
				if l.Err != nil {
					continue
				}
				if err := l.Apply(c); err != nil {
					applyNotes = append(applyNotes, protocolTexts.t(lang, "line_error", l.Raw, h.lineError(err, t.ev.Ref.Platform, lang)))
					continue
				}
				if l.Skipped != "" {
					skipped = append(skipped, protocolTexts.t(lang, "signer_skipped", l.Skipped, h.lineError(protocols.ErrBadIdentity, t.ev.Ref.Platform, lang)))
				}
				f := protocolTexts.t(lang, "field_names_"+l.Field)
				if l.Corrects != "" {
					// the corrected item as it now reads
					f = protocolTexts.t(lang, "corrected_field", f, l.Corrects)
				}
				if !slices.Contains(fields, f) {
					fields = append(fields, f)
				}
			}
			return nil
		}, h.now())
		if done, err := h.changeError(t, st, id, err); done {
			return err
		}
		notes = append(notes, applyNotes...)
	}
	switch {
	case ch.Changed:
		t.say(protocolTexts.t(lang, "noted", id, ch.Protocol.Version, strings.Join(fields, ", ")))
		t.record(protocolRecord(ch.Protocol))
	case valid > 0:
		t.say(protocolTexts.t(lang, "unchanged", id))
	case len(parsed.Unknown) == 0 && len(notes) == 0:
		t.say(protocolTexts.t(lang, "not_understood"))
	}
	for _, n := range notes {
		t.say(n)
	}
	for _, n := range skipped {
		// a signer named by a description or a typed name: their
		// identity is asked for
		t.ask("signers", n)
	}
	unknown := parsed.Unknown
	if ch.Changed {
		// "Guten Tag, hier Kowalski. Ich bitte um eine Korrektur." before
		// the line that changed the protocol: said to us, no line of it
		// (also "Hier die Angaben, so gut ich kann:" above the lines)
		// a line of its own in a block is still reported ("Das Wetter war
		// schön" among the fields)
		single := t.msg != nil && !strings.Contains(strings.TrimSpace(t.msg.Text), "\n")
		unknown = slices.DeleteFunc(slices.Clone(unknown), func(u string) bool {
			return single && !strings.Contains(u, ":") || strings.HasSuffix(strings.TrimSpace(u), ":")
		})
	}
	if len(unknown) > 0 {
		t.say(protocolTexts.t(lang, "unknown", "„"+strings.Join(unknown, "“, „")+"“"))
	}
	p := ch.Protocol
	if p.ID == "" {
		var err error
		if p, err = h.Service.Get(ctx, id); err != nil {
			if errors.Is(err, protocols.ErrNotFound) {
				st.endDialogue()
				t.say(protocolTexts.t(lang, "not_found", id))
				return nil
			}
			return fmt.Errorf("protocol %s: %w", id, err)
		}
	}
	h.askMissing(t, p)
	return h.askToResign(ctx, t, ch)
}

// draftFromTranscript asks the language model for a draft of a pasted
// transcript, adds it to the protocol as a new version and shows it for
// correction. Signers are never taken from the model.
func (h *Protocols) draftFromTranscript(ctx context.Context, t *turn, st *convState, id, text string) error {
	lang := t.lang
	if h.Drafter == nil {
		t.say(protocolTexts.t(lang, "no_llm"))
		return nil
	}
	transcript := text
	if i := strings.IndexByte(text, ':'); i >= 0 {
		transcript = strings.TrimSpace(text[i+1:])
	}
	d, err := h.Drafter.Draft(ctx, transcript, lang, h.loc())
	if err != nil {
		h.log().Warn("protocol draft from a transcript failed", "component", "protocols", "protocol", id, "err", err)
		t.say(protocolTexts.t(lang, "llm_failed"))
		return nil
	}
	if len(d.Items) == 0 && d.Title == "" {
		t.say(protocolTexts.t(lang, "llm_empty"))
		return nil
	}
	ch, err := h.Service.Edit(ctx, id, actorOf(t.ev), func(c *protocols.Content) error { d.Apply(c); return nil }, h.now())
	if done, err := h.changeError(t, st, id, err); done {
		return err
	}
	p := ch.Protocol
	t.record(protocolRecord(p))
	t.say(protocolTexts.t(lang, "llm_draft", len(d.Items)) + "\n" + h.render(p, lang))
	h.askMissing(t, p)
	return h.askToResign(ctx, t, ch)
}

// askToResign puts a changed protocol that was being signed up for signing
// again, saying that earlier signatures no longer count.
func (h *Protocols) askToResign(ctx context.Context, t *turn, ch protocols.Change) error {
	p := ch.Protocol
	if !ch.Changed || p.State != protocols.StateSigning {
		return nil
	}
	if len(ch.Cleared) > 0 {
		t.say(protocolTexts.t(t.lang, "resign", p.ID, p.Version))
	}
	return h.postForSigning(ctx, t, p)
}

// changeError answers the errors of a change; done reports whether it did.
func (h *Protocols) changeError(t *turn, st *convState, id string, err error) (bool, error) {
	lang := t.lang
	switch {
	case err == nil:
		return false, nil
	case errors.Is(err, protocols.ErrNotFound):
		st.endDialogue()
		t.say(protocolTexts.t(lang, "not_found", id))
		return true, nil
	case errors.Is(err, protocols.ErrComplete):
		st.endDialogue()
		t.say(protocolTexts.t(lang, "complete", id))
		return true, nil
	case errors.Is(err, protocols.ErrNotAllowed):
		st.endDialogue()
		t.say(protocolTexts.t(lang, "not_allowed", id))
		return true, nil
	}
	return true, fmt.Errorf("change protocol %s: %w", id, err)
}

func (h *Protocols) lineError(err error, platform, lang string) string {
	switch {
	case errors.Is(err, protocols.ErrBadDate):
		return protocolTexts.t(lang, "line_errors_date")
	case errors.Is(err, protocols.ErrBadIdentity):
		return protocolTexts.t(lang, "line_errors_identity", h.identityHint(platform, lang))
	case errors.Is(err, protocols.ErrBadEmail):
		return protocolTexts.t(lang, "line_errors_email")
	case errors.Is(err, protocols.ErrNoSuchItem):
		return protocolTexts.t(lang, "line_errors_item")
	case errors.Is(err, protocols.ErrNoSigner):
		return protocolTexts.t(lang, "line_errors_signer")
	case errors.Is(err, protocols.ErrNoRole):
		return protocolTexts.t(lang, "line_errors_role")
	}
	return err.Error()
}

func (h *Protocols) missingText(missing []string, lang string) string {
	out := make([]string, 0, len(missing))
	for _, m := range missing {
		out = append(out, protocolTexts.t(lang, "missing_"+m))
	}
	return strings.Join(out, "; ")
}

// mention names an identity the way its platform shows it: a Slack or
// Discord mention in its own platform, @user on the JSON API.
func mention(id protocols.Identity, platform string) string {
	if id.Platform != platform {
		return id.String()
	}
	switch platform {
	case "slack", "discord":
		return bot.MentionUser(id.User)
	case "web":
		return "@" + id.User
	}
	return id.String()
}

// target finds the protocol a message means: the id it names, else the
// one being edited, else the conversation's latest. ok is false when it
// has answered already.
func (h *Protocols) target(ctx context.Context, t *turn, st *convState) (protocols.Protocol, bool, error) {
	lang := t.lang
	id := ""
	if t.msg != nil {
		for _, r := range t.msg.Refs {
			if strings.HasPrefix(r, "PR-") {
				id = r
			}
		}
	}
	if id != "" {
		p, err := h.Service.Get(ctx, id)
		if errors.Is(err, protocols.ErrNotFound) || err == nil && !h.maySee(p, t.ev) {
			// Another client's protocol is answered like one that does not exist.
			if err == nil {
				h.log().Warn("protocol refused: another client's", "component", "protocols", "platform", t.ev.Ref.Platform,
					"user", t.ev.Ref.User, "protocol", id)
			}
			t.say(protocolTexts.t(lang, "not_found", id))
			return p, false, nil
		}
		if err != nil {
			return p, false, fmt.Errorf("protocol %s: %w", id, err)
		}
		h.adoptLang(t, p)
		return p, true, nil
	}
	if st != nil && st.Dialogue == dialogueProtocol && st.Protocol != nil {
		p, err := h.Service.Get(ctx, st.Protocol.ID)
		if err == nil {
			h.adoptLang(t, p)
			return p, true, nil
		}
		if !errors.Is(err, protocols.ErrNotFound) {
			return p, false, fmt.Errorf("protocol %s: %w", st.Protocol.ID, err)
		}
	}
	p, err := h.Service.Active(ctx, convOf(t.ev.Ref))
	if errors.Is(err, protocols.ErrNotFound) {
		t.say(protocolTexts.t(lang, "none"))
		return p, false, nil
	}
	if err != nil {
		return p, false, fmt.Errorf("active protocol: %w", err)
	}
	h.adoptLang(t, p)
	return p, true, nil
}

// adoptLang answers in the protocol's language when the writer's own
// language is not known yet (a colleague's first word is "sign").
func (h *Protocols) adoptLang(t *turn, p protocols.Protocol) {
	if !t.langSure && p.Lang != "" {
		t.lang = p.Lang
		if t.req.Session != nil {
			t.req.Session.Lang = p.Lang
		}
	}
}

// maySee: staff, the protocol's organisation, its signers, and anyone in
// the conversation it was recorded in.
func (h *Protocols) maySee(p protocols.Protocol, ev bot.Event) bool {
	return protocols.MaySee(p, actorOf(ev)) || convOf(ev.Ref) == p.Conv
}

func (h *Protocols) show(ctx context.Context, t *turn, st *convState) error {
	p, ok, err := h.target(ctx, t, st)
	if !ok || err != nil {
		return err
	}
	if p.State == protocols.StateSigning {
		return h.postForSigning(ctx, t, p)
	}
	t.record(protocolRecord(p))
	t.say(h.render(p, t.lang))
	h.askMissing(t, p)
	return nil
}

// resume puts the writer back into the dialogue of the conversation's (or
// the named) protocol.
func (h *Protocols) resume(ctx context.Context, t *turn, st *convState) error {
	p, ok, err := h.target(ctx, t, st)
	if !ok || err != nil {
		return err
	}
	lang := t.lang
	if p.State == protocols.StateComplete {
		t.say(protocolTexts.t(lang, "complete", p.ID))
		return nil
	}
	if !protocols.MayEdit(p, actorOf(t.ev)) {
		t.say(protocolTexts.t(lang, "not_allowed", p.ID))
		return nil
	}
	st.open(dialogueProtocol)
	st.Protocol = &protocolForm{ID: p.ID}
	t.record(protocolRecord(p))
	t.say(protocolTexts.t(lang, "editing", p.ID, p.Version))
	h.askMissing(t, p)
	return nil
}

// submit puts the protocol up for signing when nothing is missing, posts
// it with its hash and a sign button and links the message to the version.
func (h *Protocols) submit(ctx context.Context, t *turn, st *convState) error {
	p, ok, err := h.target(ctx, t, st)
	if !ok || err != nil {
		return err
	}
	p, err = h.Service.Submit(ctx, p.ID, actorOf(t.ev), h.now())
	if errors.Is(err, protocols.ErrIncomplete) {
		h.askMissing(t, p)
		return nil
	}
	if done, err := h.changeError(t, st, p.ID, err); done {
		return err
	}
	if st.Dialogue == dialogueProtocol {
		st.endDialogue()
	}
	if slices.Contains(p.Posted, postedHere(p.Version, t.ev.Ref)) {
		// This version was posted for signing here already: the submission
		// is repeated (its answer lost to a crash or an outage, or said
		// twice). The message stands above; it is not posted twice.
		lang := t.lang
		t.setIntent("protocol")
		t.record(protocolRecord(p))
		key := "already_posted"
		if !hasReactions(t.ev.Ref.Platform) {
			key = "already_posted_button"
		}
		t.ask("sign", protocolTexts.t(lang, key, p.ID, p.Version, h.signerList(p, p.Pending())))
		t.button(bot.Button{Action: "protocol:sign", Value: p.ID + ":" + strconv.Itoa(p.Version), Label: protocolTexts.t(lang, "btn_proto_sign"), Style: "primary"})
		return nil
	}
	return h.postForSigning(ctx, t, p)
}
