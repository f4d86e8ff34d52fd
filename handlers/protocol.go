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
	"github.com/mspbot/mspbot/protocols"
	"github.com/mspbot/mspbot/protocols/llmdraft"
)

// The dialogue of recording a protocol, and its slot.
const (
	dialogueProtocol = "protocol"
	stepProtoEdit    = "edit"
	slotProtoID      = "id"
)

// MailSender sends one e-mail; *mail.SMTP and mail.Disabled implement it.
type MailSender interface {
	Send(ctx context.Context, m mail.Message) error
}

// Protocols is the meeting-protocol conversation: recording a protocol
// message by message, showing the draft, putting it up for signing,
// signing by reaction, button or command, e-mailing the binding protocol,
// finding one's own protocols, checking them, and reminders.
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

// Commands of the protocol conversation, on lower-cased text.
var (
	protoIDRE       = regexp.MustCompile(`(?i)\bPR-\d{2}-\d{4,}\b`)
	protoSignRE     = regexp.MustCompile(`^\W*(?:ich\s+)?(?:unterschreibe|unterschreiben|unterzeichne|unterzeichnen|signiere|signieren|i\s+sign|sign|sign\s+it)\b(?:\s+(?:das|the|hiermit|hereby|jetzt|now))*(?:\s+(?:protokoll|protocol))?(?:\s+pr-\d{2}-\d{4,})?\W*$`)
	protoVerifyRE   = regexp.MustCompile(`(?:protokoll\w*|protocol\w*)(?:\s+pr-\d{2}-\d{4,})?\s+(?:prüfen|pruefen|überprüfen|ueberpruefen|verifizieren|verify|check)|(?:prüfe|pruefe|prüfen|pruefen|überprüfe|verifiziere|verify|check)\s+(?:das\s+|the\s+|mein\w*\s+|my\s+)?(?:protokoll|protocol)|^\W*(?:prüfen|pruefen|verify)(?:\s+pr-\d{2}-\d{4,})?\W*$|ist (?:das|mein|unser) protokoll(?:\s+pr-\d{2}-\d{4,})? (?:echt|gültig|unverändert|in ordnung)|is (?:the|my|our) protocol(?:\s+pr-\d{2}-\d{4,})? (?:valid|genuine|authentic|unchanged)`)
	protoFindRE     = regexp.MustCompile(`wo finde ich|wo sind|wo ist|where (?:can i find|do i find|is|are)|(?:meine|unsere|alle) protokolle|(?:my|our|all) protocols|protokolle (?:anzeigen|auflisten|zeigen)|list (?:the |my |our )?protocols|welche protokolle|which protocols`)
	protoShowRE     = regexp.MustCompile(`(?:protokoll|entwurf|protocol|draft)(?:\s+pr-\d{2}-\d{4,})?\s+(?:zeigen|anzeigen|ansehen|show)|(?:zeig\w*|show)\s+(?:mir\s+|me\s+)?(?:das\s+|den\s+|the\s+)?(?:protokoll|entwurf|protocol|draft)|^\W*(?:zeigen|anzeigen|show|entwurf|draft)\W*$`)
	protoSubmitRE   = regexp.MustCompile(`^\W*(?:fertig|das war'?s|zur unterschrift(?: vorlegen)?|vorlegen|abschließen|abschliessen|done|ready(?: to sign)?|submit|finish(?:ed)?)\W*$|(?:protokoll|protocol)\s+(?:zur unterschrift|for signature|to sign)|zur unterschrift (?:senden|vorlegen|schicken)`)
	protoEditRE     = regexp.MustCompile(`(?:protokoll|protocol)(?:\s+pr-\d{2}-\d{4,})?\s+(?:bearbeiten|ändern|aendern|ergänzen|ergaenzen|korrigieren|fortsetzen|edit|change|correct|continue)`)
	protoSendRE     = regexp.MustCompile(`(?:protokoll|protocol)(?:\s+pr-\d{2}-\d{4,})?\s+(?:senden|schicken|verschicken|mailen|send|e-?mail)\b|^\W*send (?:the )?protocol`)
	protoStartRE    = regexp.MustCompile(`protokollier|(?:protokoll|protocol)\s+(?:anlegen|starten|beginnen|erstellen|aufnehmen|führen|fuehren)|neues protokoll|(?:start|begin|create|record|new|open)\s+(?:a\s+|the\s+|an\s+)?(?:new\s+)?(?:meeting\s+)?(?:protocol|minutes)|record the (?:meeting|talk|call)|take (?:the )?minutes`)
	protoQuestionRE = regexp.MustCompile(`\?\s*$`)
	protoEnglishRE  = regexp.MustCompile(`^\W*(?:i\s+)?sign\b|\b(?:verify|show|where|my protocols|our protocols|done|ready|submit|start|record|minutes|send (?:the )?protocol|draft)\b`)
	protoFieldRE    = regexp.MustCompile(`(?m)^\W*(?:teilnehmer\w*|attendees|unterzeichner\w*|signer|signatory|entscheidung|beschluss|decision|vereinbarung|agreement|aufgabe|action\s+item)\b[^:\n]{0,30}:`)
	protoTranscript = regexp.MustCompile(`(?is)^\W*(?:transkript|transcript|mitschrift|gesprächsverlauf|gespraechsverlauf|gesprächsnotizen|meeting notes)\s*:?\s*(.+)$`)
	protoEmojiSign  = map[string]bool{"white_check_mark": true, "heavy_check_mark": true, "ballot_box_with_check": true, "writing_hand": true, "lower_left_ballpoint_pen": true}
)

// protocolCommand reports whether text is one of the protocol commands that
// the knowledge classifier may not read as the protocol intent ("sign",
// "unterschreiben", "fertig").
func protocolCommand(text string) bool {
	t := lower(text)
	if !mayBeProtocolCommand(t) {
		return false
	}
	return protoSignRE.MatchString(t) || protoVerifyRE.MatchString(t) || protoFindRE.MatchString(t) && strings.Contains(t, "protok") ||
		protoFindRE.MatchString(t) && strings.Contains(t, "protocol") || protoEditRE.MatchString(t) || protoSendRE.MatchString(t) ||
		protoStartRE.MatchString(t) || protoFieldRE.MatchString(t) || protoShowRE.MatchString(t) && (strings.Contains(t, "protok") || strings.Contains(t, "protocol"))
}

// protoWords are the substrings at least one of which every protocol command
// pattern needs: a cheap test before the patterns run on every message.
var protoWords = []string{"sign", "unterschreib", "unterzeichn", "protok", "protocol", "prüf", "pruef", "verif", "minutes", "record", ":"}

func mayBeProtocolCommand(t string) bool {
	for _, w := range protoWords {
		if strings.Contains(t, w) {
			return true
		}
	}
	return false
}

// Commands wraps a classifier so that the protocol commands reach the
// protocol conversation whatever the knowledge classifier makes of them.
func (h *Protocols) Commands(c bot.Classifier) bot.Classifier {
	return protoClassifier{inner: c}
}

type protoClassifier struct{ inner bot.Classifier }

func (p protoClassifier) Understand(ctx context.Context, text string) bot.Understanding {
	u := bot.Understanding{}
	if p.inner != nil {
		u = p.inner.Understand(ctx, text)
	}
	if protocolCommand(text) {
		u.Intent, u.Confidence = "protocol", max(u.Confidence, 0.9)
		if protoEnglishRE.MatchString(lower(text)) {
			u.Lang = "en"
		}
	}
	return u
}

func convOf(r bot.Ref) protocols.Conversation {
	return protocols.Conversation{Platform: r.Platform, Workspace: r.Workspace, Channel: r.Channel, Thread: r.Thread}
}

func actorOf(ev bot.Event) protocols.Actor {
	return protocols.Actor{ID: protocols.Identity{Platform: ev.Ref.Platform, User: ev.Ref.User}, Name: ev.UserName, Org: ev.Org, Staff: ev.Staff}
}

func (h *Protocols) parseContext(ev bot.Event) protocols.ParseContext {
	return protocols.ParseContext{Platform: ev.Ref.Platform, Self: actorOf(ev).ID, Loc: h.loc(), Now: h.now()}
}

// Intent handles the protocol intent: start, show, sign, submit, edit,
// send, verify or find, by what the message asks. A question about
// protocols in general goes to answer (the knowledge base), when given.
func (h *Protocols) Intent(answer bot.Handler) bot.Handler {
	return bot.HandlerFunc(func(ctx context.Context, rw bot.Responder, req *bot.Request) error {
		t := lower(req.Event.Text)
		switch {
		case protoSignRE.MatchString(t):
			return h.signCommand(ctx, rw, req)
		case protoVerifyRE.MatchString(t):
			return h.verify(ctx, rw, req)
		case protoSendRE.MatchString(t):
			return h.resend(ctx, rw, req)
		case protoFindRE.MatchString(t):
			return h.find(ctx, rw, req)
		case protoEditRE.MatchString(t):
			return h.resume(ctx, rw, req)
		case protoSubmitRE.MatchString(t):
			return h.submit(ctx, rw, req)
		case protoShowRE.MatchString(t):
			return h.show(ctx, rw, req)
		case protoStartRE.MatchString(t):
			return h.start(ctx, rw, req)
		case protoFieldRE.MatchString(t):
			// Lines of a protocol written outside the dialogue go to the
			// conversation's protocol, if the writer may change it.
			return h.editActive(ctx, rw, req)
		case answer != nil && protoQuestionRE.MatchString(t):
			return answer.Handle(ctx, rw, req)
		}
		return h.start(ctx, rw, req)
	})
}

// Dialogue handles the messages of someone recording a protocol: each
// line is a field, a block is many; commands work as outside the dialogue.
func (h *Protocols) Dialogue() bot.Handler {
	return bot.HandlerFunc(func(ctx context.Context, rw bot.Responder, req *bot.Request) error {
		t, lang := lower(req.Event.Text), req.Lang()
		id := req.Session.Get(slotProtoID)
		switch {
		case cancelRE.MatchString(t):
			req.Session.End()
			return say(ctx, rw, txtProtoLeft.in(lang, id))
		case protoSubmitRE.MatchString(t):
			return h.submit(ctx, rw, req)
		case protoShowRE.MatchString(t):
			return h.show(ctx, rw, req)
		case protoSignRE.MatchString(t):
			return h.signCommand(ctx, rw, req)
		case protoVerifyRE.MatchString(t):
			return h.verify(ctx, rw, req)
		case protoFindRE.MatchString(t):
			return h.find(ctx, rw, req)
		case protoStartRE.MatchString(t) && !strings.Contains(t, ":"):
			return h.start(ctx, rw, req)
		}
		if m := protoTranscript.FindStringSubmatch(req.Event.Text); m != nil {
			return h.draftFromTranscript(ctx, rw, req, id, m[1])
		}
		parsed := protocols.Parse(req.Event.Text, h.parseContext(req.Event))
		if len(parsed.Lines) == 0 && protoQuestionRE.MatchString(t) {
			// A question on another topic: leave the dialogue (the draft stays)
			// and let the message be routed as usual.
			req.Session.End()
			return bot.ErrSkip
		}
		return h.edit(ctx, rw, req, id, parsed)
	})
}

// start creates a draft in this conversation, taking any lines the first
// message already carries, and starts the dialogue.
func (h *Protocols) start(ctx context.Context, rw bot.Responder, req *bot.Request) error {
	ev, lang := req.Event, req.Lang()
	parsed := protocols.Parse(ev.Text, h.parseContext(ev))
	p, err := h.Service.Create(ctx, ev.Org, convOf(ev.Ref), actorOf(ev), lang, protocols.Content{}, h.now())
	if err != nil {
		return err
	}
	req.Session.Start(dialogueProtocol, stepProtoEdit)
	req.Session.Set(slotProtoID, p.ID)
	hint := txtProtoIdentityHint[hintKey(ev.Ref.Platform)].in(lang)
	example := "@anna"
	switch ev.Ref.Platform {
	case "slack", "discord":
		example = "@Anna"
	case "web":
	default:
		example = "ich"
		if lang == "en" {
			example = "me"
		}
	}
	if err := say(ctx, rw, txtProtoStarted.in(lang, p.ID, example, hint)); err != nil {
		return err
	}
	if len(parsed.Lines) == 0 {
		return nil
	}
	return h.edit(ctx, rw, req, p.ID, parsed)
}

func hintKey(platform string) string {
	switch platform {
	case "slack", "discord", "web":
		return platform
	}
	return ""
}

// edit applies the understood lines as one new version and says what was
// noted, what was not understood and what is still missing. After the
// first signature it posts the new version and asks everyone to sign again.
func (h *Protocols) edit(ctx context.Context, rw bot.Responder, req *bot.Request, id string, parsed protocols.Parsed) error {
	lang := req.Lang()
	var notes []string
	var fields []string
	valid := 0
	for _, l := range parsed.Lines {
		if l.Err != nil {
			notes = append(notes, txtProtoLineError.in(lang, l.Raw, h.lineError(l.Err, req.Event.Ref.Platform, lang)))
			continue
		}
		valid++
	}
	var ch protocols.Change
	if valid > 0 {
		var applyNotes []string
		var err error
		ch, err = h.Service.Edit(ctx, id, actorOf(req.Event), func(c *protocols.Content) error {
			applyNotes, fields = nil, nil
			for _, l := range parsed.Lines {
				if l.Err != nil {
					continue
				}
				if err := l.Apply(c); err != nil {
					applyNotes = append(applyNotes, txtProtoLineError.in(lang, l.Raw, h.lineError(err, req.Event.Ref.Platform, lang)))
					continue
				}
				if f := txtProtoFieldNames[l.Field].in(lang); !slices.Contains(fields, f) {
					fields = append(fields, f)
				}
			}
			return nil
		}, h.now())
		if done, err := h.changeError(ctx, rw, req, id, err); done {
			return err
		}
		notes = append(notes, applyNotes...)
	}
	var out []string
	switch {
	case ch.Changed:
		out = append(out, txtProtoNoted.in(lang, id, ch.Protocol.Version, strings.Join(fields, ", ")))
	case valid > 0:
		out = append(out, txtProtoUnchanged.in(lang, id))
	}
	out = append(out, notes...)
	if len(parsed.Unknown) > 0 {
		out = append(out, txtProtoUnknown.in(lang, "„"+strings.Join(parsed.Unknown, "“, „")+"“"))
	}
	p := ch.Protocol
	if p.ID == "" {
		var err error
		if p, err = h.Service.Get(ctx, id); err != nil {
			if errors.Is(err, protocols.ErrNotFound) {
				req.Session.End()
				return say(ctx, rw, txtProtoNotFound.in(lang, id))
			}
			return err
		}
	}
	if p.State == protocols.StateDraft {
		if m := p.Content.Missing(); len(m) > 0 {
			out = append(out, txtProtoStillOpen.in(lang, h.missingText(m, p, lang)))
		}
		out = append(out, txtProtoNextSteps.in(lang))
	}
	if err := say(ctx, rw, strings.Join(out, "\n")); err != nil {
		return err
	}
	return h.askToResign(ctx, rw, ch, lang)
}

// draftFromTranscript asks the language model for a draft of a pasted
// transcript, adds it to the protocol as a new version and shows it for
// correction. Signers are never taken from the model.
func (h *Protocols) draftFromTranscript(ctx context.Context, rw bot.Responder, req *bot.Request, id, transcript string) error {
	lang := req.Lang()
	if h.Drafter == nil {
		return say(ctx, rw, txtProtoNoLLM.in(lang))
	}
	d, err := h.Drafter.Draft(ctx, transcript, lang, h.loc())
	if err != nil {
		h.log().Warn("protocol draft from a transcript failed", "component", "protocols", "protocol", id, "err", err)
		return say(ctx, rw, txtProtoLLMFailed.in(lang))
	}
	if len(d.Items) == 0 && d.Title == "" {
		return say(ctx, rw, txtProtoLLMEmpty.in(lang))
	}
	ch, err := h.Service.Edit(ctx, id, actorOf(req.Event), func(c *protocols.Content) error { d.Apply(c); return nil }, h.now())
	if done, err := h.changeError(ctx, rw, req, id, err); done {
		return err
	}
	p := ch.Protocol
	text := txtProtoLLMDraft.in(lang, len(d.Items)) + "\n" + h.render(p, lang)
	if m := p.Content.Missing(); len(m) > 0 {
		text += "\n" + txtProtoStillOpen.in(lang, h.missingText(m, p, lang))
	}
	if err := say(ctx, rw, text+"\n"+txtProtoNextSteps.in(lang)); err != nil {
		return err
	}
	return h.askToResign(ctx, rw, ch, lang)
}

// askToResign puts a changed protocol that was being signed up for signing
// again, saying that earlier signatures no longer count.
func (h *Protocols) askToResign(ctx context.Context, rw bot.Responder, ch protocols.Change, lang string) error {
	p := ch.Protocol
	if !ch.Changed || p.State != protocols.StateSigning {
		return nil
	}
	if len(ch.Cleared) > 0 {
		if err := say(ctx, rw, txtProtoResign.in(lang, p.ID, p.Version)); err != nil {
			return err
		}
	}
	return h.postForSigning(ctx, rw, p)
}

// changeError answers the errors of a change; done reports whether it did.
func (h *Protocols) changeError(ctx context.Context, rw bot.Responder, req *bot.Request, id string, err error) (bool, error) {
	lang := req.Lang()
	switch {
	case err == nil:
		return false, nil
	case errors.Is(err, protocols.ErrNotFound):
		req.Session.End()
		return true, say(ctx, rw, txtProtoNotFound.in(lang, id))
	case errors.Is(err, protocols.ErrComplete):
		req.Session.End()
		return true, say(ctx, rw, txtProtoComplete.in(lang, id))
	case errors.Is(err, protocols.ErrNotAllowed):
		req.Session.End()
		return true, say(ctx, rw, txtProtoNotAllowed.in(lang, id))
	}
	return true, err
}

func (h *Protocols) lineError(err error, platform, lang string) string {
	switch {
	case errors.Is(err, protocols.ErrBadDate):
		return txtProtoLineErrors["date"].in(lang)
	case errors.Is(err, protocols.ErrBadIdentity):
		return txtProtoLineErrors["identity"].in(lang, txtProtoIdentityHint[hintKey(platform)].in(lang))
	case errors.Is(err, protocols.ErrBadEmail):
		return txtProtoLineErrors["email"].in(lang)
	case errors.Is(err, protocols.ErrNoSuchItem):
		return txtProtoLineErrors["item"].in(lang)
	case errors.Is(err, protocols.ErrNoSigner):
		return txtProtoLineErrors["signer"].in(lang)
	case errors.Is(err, protocols.ErrNoRole):
		return txtProtoLineErrors["role"].in(lang)
	}
	return err.Error()
}

func (h *Protocols) missingText(missing []string, p protocols.Protocol, lang string) string {
	var out []string
	for _, m := range missing {
		if who, ok := strings.CutPrefix(m, "email:"); ok {
			name := who
			for _, s := range p.Content.Signers() {
				if s.ID.String() == who {
					name = mention(s.ID, p.Conv.Platform)
				}
			}
			out = append(out, txtProtoMissing["email"].in(lang, name, name))
			continue
		}
		out = append(out, txtProtoMissing[m].in(lang))
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
		return "<@" + id.User + ">"
	case "web":
		return "@" + id.User
	}
	return id.String()
}

// target finds the protocol a message means: the id it names, else the
// one being edited, else the conversation's latest. ok is false when it
// has answered already.
func (h *Protocols) target(ctx context.Context, rw bot.Responder, req *bot.Request) (protocols.Protocol, bool, error) {
	lang := req.Lang()
	if id := strings.ToUpper(protoIDRE.FindString(req.Event.Text)); id != "" {
		p, err := h.Service.Get(ctx, id)
		if errors.Is(err, protocols.ErrNotFound) || err == nil && !h.maySee(p, req.Event) {
			// Another client's protocol is answered like one that does not exist.
			if err == nil {
				h.log().Warn("protocol refused: another client's", "component", "protocols", "platform", req.Event.Ref.Platform,
					"user", req.Event.Ref.User, "protocol", id)
			}
			return p, false, say(ctx, rw, txtProtoNotFound.in(lang, id))
		}
		return p, err == nil, err
	}
	if id := req.Session.Get(slotProtoID); req.Session.Dialogue == dialogueProtocol && id != "" {
		p, err := h.Service.Get(ctx, id)
		if err == nil {
			return p, true, nil
		}
		if !errors.Is(err, protocols.ErrNotFound) {
			return p, false, err
		}
	}
	p, err := h.Service.Active(ctx, convOf(req.Event.Ref))
	if errors.Is(err, protocols.ErrNotFound) {
		return p, false, say(ctx, rw, txtProtoNone.in(lang))
	}
	return p, err == nil, err
}

// maySee: staff, the protocol's organisation, its signers, and anyone in
// the conversation it was recorded in.
func (h *Protocols) maySee(p protocols.Protocol, ev bot.Event) bool {
	return protocols.MaySee(p, actorOf(ev)) || convOf(ev.Ref) == p.Conv
}

func (h *Protocols) show(ctx context.Context, rw bot.Responder, req *bot.Request) error {
	p, ok, err := h.target(ctx, rw, req)
	if !ok || err != nil {
		return err
	}
	if p.State == protocols.StateSigning {
		return h.postForSigning(ctx, rw, p)
	}
	text := h.render(p, req.Lang())
	if p.State == protocols.StateDraft {
		if m := p.Content.Missing(); len(m) > 0 {
			text += "\n" + txtProtoStillOpen.in(req.Lang(), h.missingText(m, p, req.Lang()))
		}
		text += "\n" + txtProtoNextSteps.in(req.Lang())
	}
	return say(ctx, rw, text)
}

// editActive applies protocol lines written outside the dialogue to the
// conversation's latest protocol.
func (h *Protocols) editActive(ctx context.Context, rw bot.Responder, req *bot.Request) error {
	p, ok, err := h.target(ctx, rw, req)
	if !ok || err != nil {
		return err
	}
	return h.edit(ctx, rw, req, p.ID, protocols.Parse(req.Event.Text, h.parseContext(req.Event)))
}

// resume puts the writer back into the dialogue of the conversation's (or
// the named) protocol.
func (h *Protocols) resume(ctx context.Context, rw bot.Responder, req *bot.Request) error {
	p, ok, err := h.target(ctx, rw, req)
	if !ok || err != nil {
		return err
	}
	lang := req.Lang()
	if p.State == protocols.StateComplete {
		return say(ctx, rw, txtProtoComplete.in(lang, p.ID))
	}
	if !protocols.MayEdit(p, actorOf(req.Event)) {
		return say(ctx, rw, txtProtoNotAllowed.in(lang, p.ID))
	}
	req.Session.Start(dialogueProtocol, stepProtoEdit)
	req.Session.Set(slotProtoID, p.ID)
	return say(ctx, rw, txtProtoEditing.in(lang, p.ID, p.Version))
}

// submit puts the protocol up for signing when nothing is missing, posts
// it with its hash and a sign button and links the message to the version.
func (h *Protocols) submit(ctx context.Context, rw bot.Responder, req *bot.Request) error {
	p, ok, err := h.target(ctx, rw, req)
	if !ok || err != nil {
		return err
	}
	lang := req.Lang()
	p, err = h.Service.Submit(ctx, p.ID, actorOf(req.Event), h.now())
	if errors.Is(err, protocols.ErrIncomplete) {
		return say(ctx, rw, txtProtoStillOpen.in(lang, h.missingText(p.Content.Missing(), p, lang)))
	}
	if done, err := h.changeError(ctx, rw, req, p.ID, err); done {
		return err
	}
	if req.Session.Dialogue == dialogueProtocol {
		req.Session.End()
	}
	return h.postForSigning(ctx, rw, p)
}

// postForSigning posts the current version with its hash and a sign
// button, and links the message to that version so that ✅ on it signs it.
func (h *Protocols) postForSigning(ctx context.Context, rw bot.Responder, p protocols.Protocol) error {
	lang := p.Lang
	text := h.render(p, lang)
	if p.State == protocols.StateSigning {
		text += "\n" + txtProtoHowToSign.in(lang, h.signerList(p, p.Content.Signers()))
	}
	r := bot.Reply{Text: text}
	if p.State == protocols.StateSigning {
		r.Buttons = []bot.Button{{Action: "protocol:sign", Value: p.ID + ":" + strconv.Itoa(p.Version), Label: txtBtnProtoSign.in(lang), Style: "primary"}}
	}
	sent, err := rw.Reply(ctx, r)
	if err != nil {
		return fmt.Errorf("post protocol %s: %w", p.ID, err)
	}
	if err := h.Service.Link(ctx, MessageKey(sent.Ref), p.ID, p.Version); err != nil {
		return err
	}
	return nil
}

func (h *Protocols) signerList(p protocols.Protocol, ss []protocols.Signer) string {
	var out []string
	for _, s := range ss {
		n := mention(s.ID, p.Conv.Platform)
		if s.Name != "" {
			n = s.Name + " (" + n + ")"
		}
		out = append(out, n)
	}
	return strings.Join(out, ", ")
}

// render is the protocol as a chat message.
func (h *Protocols) render(p protocols.Protocol, lang string) string {
	c := p.Content
	var b strings.Builder
	switch p.State {
	case protocols.StateDraft:
		b.WriteString(txtProtoDraftHead.in(lang, p.ID, p.Version))
	case protocols.StateSigning:
		b.WriteString(txtProtoSignHead.in(lang, p.ID, p.Version))
	default:
		b.WriteString(txtProtoDoneHead.in(lang, p.ID, p.Version))
	}
	b.WriteString("\n" + txtProtoTitle.in(lang, orDash(c.Title)))
	b.WriteString("\n" + txtProtoDate.in(lang, protocols.DateText(c.Date, h.loc(), lang)))
	if c.Appointment != "" {
		b.WriteString("\n" + txtProtoAppointment.in(lang, c.Appointment))
	}
	for _, pa := range c.Parties {
		b.WriteString("\n" + protocols.RoleName(pa.Role, lang))
		if pa.Name != "" {
			b.WriteString(": " + pa.Name)
		}
		if len(pa.Signers) > 0 {
			b.WriteString(" – " + txtProtoSigns.in(lang) + ": " + h.signerList(p, pa.Signers))
		}
	}
	if len(c.Attendees) > 0 {
		b.WriteString("\n" + txtProtoAttendees.in(lang, strings.Join(c.Attendees, ", ")))
	}
	if len(c.Items) == 0 {
		b.WriteString("\n" + txtProtoNoItems.in(lang))
	}
	for i, it := range c.Items {
		fmt.Fprintf(&b, "\n%d. %s", i+1, protocols.ItemText(it, lang))
	}
	b.WriteString("\n" + txtProtoHash.in(lang, p.Hash))
	return b.String()
}

func orDash(s string) string {
	if s == "" {
		return "–"
	}
	return s
}

// Reactions signs a protocol when a signer reacts ✅ (or ✍️) to a message
// showing it; reactions on other messages are not taken.
func (h *Protocols) Reactions() bot.Handler {
	return bot.HandlerFunc(func(ctx context.Context, rw bot.Responder, req *bot.Request) error {
		ev := req.Event
		if ev.Kind != bot.KindReactionAdded && ev.Kind != bot.KindReactionRemoved {
			return bot.ErrSkip
		}
		id, version, err := h.Service.ByMessage(ctx, MessageKey(ev.Target))
		if errors.Is(err, protocols.ErrNotFound) {
			return bot.ErrSkip
		}
		if err != nil {
			return err
		}
		if ev.Kind == bot.KindReactionRemoved || !protoEmojiSign[ev.Emoji] {
			// A signature is not withdrawn by removing the reaction.
			return nil
		}
		return h.sign(ctx, rw, req, id, version)
	})
}

// Buttons handles the sign button of a posted protocol.
func (h *Protocols) Buttons() bot.Handler {
	return bot.HandlerFunc(func(ctx context.Context, rw bot.Responder, req *bot.Request) error {
		if req.Event.Action != "protocol:sign" {
			return bot.ErrSkip
		}
		id, v, _ := strings.Cut(req.Event.Value, ":")
		version, err := strconv.Atoi(v)
		if err != nil || !protoIDRE.MatchString(id) {
			return say(ctx, rw, txtProtoWhich.in(req.Lang()))
		}
		return h.sign(ctx, rw, req, id, version)
	})
}

// signCommand signs the named or the conversation's protocol, in its
// current version, by "unterschreiben"/"sign".
func (h *Protocols) signCommand(ctx context.Context, rw bot.Responder, req *bot.Request) error {
	p, ok, err := h.target(ctx, rw, req)
	if !ok || err != nil {
		return err
	}
	return h.sign(ctx, rw, req, p.ID, 0)
}

func (h *Protocols) sign(ctx context.Context, rw bot.Responder, req *bot.Request, id string, version int) error {
	r, err := h.Service.Sign(ctx, id, version, actorOf(req.Event), h.now())
	p := r.Protocol
	lang := req.Lang()
	if req.Event.Kind != bot.KindMessage && req.Session.Lang == "" && p.Lang != "" {
		// A reaction shows no language: answer in the protocol's.
		lang = p.Lang
	}
	switch {
	case errors.Is(err, protocols.ErrNotFound):
		return say(ctx, rw, txtProtoNotFound.in(lang, id))
	case errors.Is(err, protocols.ErrNotSigner):
		if !h.maySee(p, req.Event) {
			h.log().Warn("protocol refused: another client's", "component", "protocols", "platform", req.Event.Ref.Platform,
				"user", req.Event.Ref.User, "protocol", id)
			return say(ctx, rw, txtProtoNotFound.in(lang, id))
		}
		h.log().Warn("signature refused: not a signer", "component", "protocols", "platform", req.Event.Ref.Platform,
			"user", req.Event.Ref.User, "protocol", id)
		return say(ctx, rw, txtProtoNotSigner.in(lang, id, h.signerList(p, p.Content.Signers())))
	case errors.Is(err, protocols.ErrStaleVersion):
		return say(ctx, rw, txtProtoStale.in(lang, version, id, p.Version))
	case errors.Is(err, protocols.ErrNotSubmitted):
		return say(ctx, rw, txtProtoNotSubmitted.in(lang, id))
	case errors.Is(err, protocols.ErrAlreadySigned):
		return say(ctx, rw, txtProtoAlready.in(lang, p.Version, id))
	case errors.Is(err, protocols.ErrComplete):
		return say(ctx, rw, txtProtoIsComplete.in(lang, id))
	case err != nil:
		return err
	}
	s := r.Signature
	msg := txtProtoSigned.in(lang, s.Name, mention(s.Signer, req.Event.Ref.Platform), s.Version, id, s.Hash)
	if !r.Completed {
		msg += "\n" + txtProtoStillToSign.in(lang, h.signerList(p, p.Pending()))
		return say(ctx, rw, msg)
	}
	msg += "\n" + txtProtoBinding.in(lang, id, p.Version)
	if err := say(ctx, rw, msg); err != nil {
		return err
	}
	return say(ctx, rw, h.deliver(ctx, p))
}

// deliver e-mails the binding protocol as Markdown and PDF to every signer
// and records the outcome in the log; it returns what to say in chat.
func (h *Protocols) deliver(ctx context.Context, p protocols.Protocol) string {
	lang := p.Lang
	log := h.log().With("component", "protocols", "protocol", p.ID, "version", p.Version)
	var to []string
	for _, s := range p.Content.Signers() {
		if s.Email != "" && !slices.Contains(to, s.Email) {
			to = append(to, s.Email)
		}
	}
	fp := h.Service.Fingerprint()
	md := protocols.Markdown(p, fp, h.loc(), lang)
	pdf, err := protocols.PDF(p, fp, h.loc(), lang)
	if err != nil {
		log.Error("rendering the signed protocol as PDF failed", "err", err)
		h.recordExport(ctx, p.ID, "not sent: PDF export failed", log)
		return txtProtoMailFailed.in(lang, p.ID)
	}
	var sigs strings.Builder
	for _, s := range p.Current() {
		fmt.Fprintf(&sigs, "- %s (%s), %s, %s\n", s.Name, s.Signer, s.At.UTC().Format(time.RFC3339), s.Hash)
	}
	base := fmt.Sprintf("%s-v%d", p.ID, p.Version)
	m := mail.Message{
		To:      to,
		Subject: txtProtoMailSubject.in(lang, p.ID, p.Content.Title),
		Text:    txtProtoMailBody.in(lang, p.ID, p.Content.Title, p.Version, p.Hash, sigs.String(), fp, p.ID),
		Attachments: []mail.Attachment{
			{Name: base + ".md", ContentType: "text/markdown; charset=utf-8", Data: md},
			{Name: base + ".pdf", ContentType: "application/pdf", Data: pdf},
		},
	}
	sender := h.Mailer
	if sender == nil {
		sender = mail.Disabled{}
	}
	err = sender.Send(ctx, m)
	switch {
	case errors.Is(err, mail.ErrDisabled):
		log.Warn("e-mail is not configured (MSPBOT_SMTP_HOST): the signed protocol was not sent", "recipients", len(to))
		h.recordExport(ctx, p.ID, "not sent: e-mail is not configured", log)
		return txtProtoMailOff.in(lang, p.ID)
	case err != nil:
		log.Error("sending the signed protocol failed", "recipients", len(to), "err", err)
		h.recordExport(ctx, p.ID, "not sent: "+err.Error(), log)
		return txtProtoMailFailed.in(lang, p.ID)
	}
	log.Info("signed protocol sent by e-mail", "recipients", len(to))
	h.recordExport(ctx, p.ID, "sent Markdown and PDF by e-mail to "+strings.Join(to, ", "), log)
	return txtProtoMailed.in(lang, strings.Join(to, ", "))
}

func (h *Protocols) recordExport(ctx context.Context, id, detail string, log *slog.Logger) {
	if _, err := h.Service.RecordExport(ctx, id, detail, h.now()); err != nil {
		log.Error("recording the export in the protocol's log failed", "err", err)
	}
}

// resend e-mails a binding protocol again ("Protokoll senden").
func (h *Protocols) resend(ctx context.Context, rw bot.Responder, req *bot.Request) error {
	p, ok, err := h.target(ctx, rw, req)
	if !ok || err != nil {
		return err
	}
	if p.State != protocols.StateComplete {
		return say(ctx, rw, txtProtoSendOnly.in(req.Lang(), p.ID, h.signerList(p, p.Pending())))
	}
	return say(ctx, rw, h.deliver(ctx, p))
}

// find lists the asking client's own protocols (their organisation's),
// never another client's.
func (h *Protocols) find(ctx context.Context, rw bot.Responder, req *bot.Request) error {
	lang := req.Lang()
	ps, err := h.Service.ForClient(ctx, req.Event.Org)
	if err != nil {
		return err
	}
	if len(ps) == 0 {
		return say(ctx, rw, txtProtoListNone.in(lang))
	}
	var b strings.Builder
	b.WriteString(txtProtoListHead.in(lang))
	for i, p := range ps {
		if i == 10 {
			break
		}
		state := txtProtoStateText[string(p.State)]
		st := state.in(lang)
		switch {
		case p.State == protocols.StateSigning:
			st = state.in(lang, h.signerList(p, p.Pending()))
		case strings.HasPrefix(p.Exported, "sent"):
			st += txtProtoListSent.in(lang)
		case p.Exported != "":
			st += txtProtoListNot.in(lang)
		}
		fmt.Fprintf(&b, "\n• %s – %s (%s, Version %d): %s", p.ID, orDash(p.Content.Title), protocols.DateText(p.Content.Date, h.loc(), lang), p.Version, st)
	}
	b.WriteString("\n" + txtProtoListFoot.in(lang))
	return say(ctx, rw, b.String())
}

// verify checks the named or the conversation's protocol in chat.
func (h *Protocols) verify(ctx context.Context, rw bot.Responder, req *bot.Request) error {
	p, ok, err := h.target(ctx, rw, req)
	if !ok || err != nil {
		return err
	}
	r, err := h.Service.Verify(ctx, p.ID)
	if err != nil {
		return err
	}
	lang := req.Lang()
	if !r.OK() {
		h.log().Warn("protocol failed verification", "component", "protocols", "protocol", p.ID, "findings", len(r.Findings))
		return say(ctx, rw, txtProtoVerifyBad.in(lang, p.ID, len(r.Findings), "• "+strings.Join(r.In(lang), "\n• ")))
	}
	return say(ctx, rw, txtProtoVerifyOK.in(lang, p.ID, p.Version, p.Hash, len(p.Current()), p.Seq))
}

// ProtocolPoster sends to a conversation outside of an event; *bot.Engine
// implements it.
type ProtocolPoster interface {
	Post(ctx context.Context, to bot.Ref, r bot.Reply) (bot.Sent, error)
}

// RemindDue reminds the signers of every protocol that has waited at least
// after for them, once per version: the reminded marker is set by a
// compare-and-set in the store, so of several replicas exactly one posts.
// It returns how many reminders were posted.
func (h *Protocols) RemindDue(ctx context.Context, post ProtocolPoster, after time.Duration) (int, error) {
	due, err := h.Service.Due(ctx, after, h.now())
	if err != nil {
		return 0, err
	}
	n := 0
	for _, p := range due {
		p, pending, err := h.Service.Remind(ctx, p.ID, p.Version, h.now())
		if errors.Is(err, protocols.ErrAlreadyReminded) {
			continue
		}
		if err != nil {
			return n, err
		}
		lang := p.Lang
		to := bot.Ref{Platform: p.Conv.Platform, Workspace: p.Conv.Workspace, Channel: p.Conv.Channel, Thread: p.Conv.Thread}
		r := bot.Reply{Text: txtProtoReminder.in(lang, p.ID, p.Content.Title, p.Version, h.signerList(p, pending), p.ID),
			Buttons: []bot.Button{{Action: "protocol:sign", Value: p.ID + ":" + strconv.Itoa(p.Version), Label: txtBtnProtoSign.in(lang), Style: "primary"}}}
		sent, err := post.Post(ctx, to, r)
		if err != nil {
			h.log().Warn("posting a protocol reminder failed", "component", "protocols", "protocol", p.ID, "err", err)
			continue
		}
		n++
		if err := h.Service.Link(ctx, MessageKey(sent.Ref), p.ID, p.Version); err != nil {
			return n, err
		}
	}
	return n, nil
}
