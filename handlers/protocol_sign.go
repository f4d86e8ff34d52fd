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
)

// protoIDRE is the form of a protocol reference in a sign button's value.
var protoIDRE = regexp.MustCompile(`^PR-\d{2}-\d{4,}$`)

// postForSigning posts the current version with its hash and a sign
// button as a message of its own, and links that message to the version
// so that ✅ on it signs it.
func (h *Protocols) postForSigning(ctx context.Context, t *turn, p protocols.Protocol) error {
	lang := p.Lang
	if lang == "" {
		lang = t.lang
	}
	if err := t.flush(ctx); err != nil {
		return err
	}
	text := h.render(p, lang)
	r := bot.Reply{Text: text}
	meta := t.metaNow()
	meta.Record = protocolRecord(p)
	meta.Asks = nil
	if p.State == protocols.StateSigning {
		how := "how_to_sign"
		if !hasReactions(t.ev.Ref.Platform) {
			how = "how_to_sign_button"
		}
		r.Text += "\n" + protocolTexts.t(lang, how, h.signerList(p, p.Content.Signers()))
		r.Buttons = []bot.Button{{Action: "protocol:sign", Value: p.ID + ":" + strconv.Itoa(p.Version), Label: protocolTexts.t(lang, "btn_proto_sign"), Style: "primary"}}
		meta.Asks = []string{"sign"}
	}
	meta.Intent = "protocol"
	r.Meta = meta
	sent, err := t.send(ctx, r)
	if err != nil {
		return fmt.Errorf("post protocol %s: %w", p.ID, err)
	}
	posted := ""
	if p.State == protocols.StateSigning {
		posted = postedHere(p.Version, t.ev.Ref)
	}
	if err := h.Service.LinkPosted(ctx, MessageKey(sent.Ref), p.ID, p.Version, posted); err != nil {
		return fmt.Errorf("link protocol %s: %w", p.ID, err)
	}
	return nil
}

// postedHere is the Protocol.Posted mark of version posted for signing in
// the conversation of where.
func postedHere(version int, where bot.Ref) string {
	return strconv.Itoa(version) + " " + where.ConversationID()
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
		b.WriteString(protocolTexts.t(lang, "draft_head", p.ID, p.Version))
	case protocols.StateSigning:
		b.WriteString(protocolTexts.t(lang, "sign_head", p.ID, p.Version))
	default:
		b.WriteString(protocolTexts.t(lang, "done_head", p.ID, p.Version))
	}
	b.WriteString("\n" + protocolTexts.t(lang, "title", orDash(c.Title)))
	b.WriteString("\n" + protocolTexts.t(lang, "date", protocols.DateText(c.Date, h.loc(), lang)))
	if c.Appointment != "" {
		b.WriteString("\n" + protocolTexts.t(lang, "appointment", c.Appointment))
	}
	for _, pa := range c.Parties {
		b.WriteString("\n" + protocols.RoleName(pa.Role, lang))
		if pa.Name != "" {
			b.WriteString(": " + pa.Name)
		}
		if len(pa.Signers) > 0 {
			b.WriteString(" – " + protocolTexts.t(lang, "signs") + ": " + h.signerList(p, pa.Signers))
		}
	}
	if len(c.Attendees) > 0 {
		b.WriteString("\n" + protocolTexts.t(lang, "attendees", strings.Join(c.Attendees, ", ")))
	}
	if len(c.Items) == 0 {
		b.WriteString("\n" + protocolTexts.t(lang, "no_items"))
	}
	for i, it := range c.Items {
		fmt.Fprintf(&b, "\n%d. %s", i+1, protocols.ItemText(it, lang))
	}
	b.WriteString("\n" + protocolTexts.t(lang, "hash", p.Hash))
	return b.String()
}

func orDash(s string) string {
	if s == "" {
		return "–"
	}
	return s
}

// eventTurn is a turn for a reaction or button, answered in the
// protocol's language when the event shows none.
func eventTurn(rw bot.Responder, req *bot.Request, lang string) *turn {
	if req.Session != nil && req.Session.Lang != "" {
		lang = req.Session.Lang
	}
	if lang == "" {
		lang = "de"
	}
	return newTurn(rw, req, nil, nil, lang)
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
			return fmt.Errorf("protocol of message: %w", err)
		}
		if ev.Kind == bot.KindReactionRemoved || !protoEmojiSign[ev.Emoji] {
			// A signature is not withdrawn by removing the reaction.
			return nil
		}
		t := eventTurn(rw, req, h.langOf(ctx, id))
		if err := h.sign(ctx, t, id, version); err != nil {
			return err
		}
		return t.flush(ctx)
	})
}

// Buttons handles the sign button of a posted protocol.
func (h *Protocols) Buttons() bot.Handler {
	return bot.HandlerFunc(func(ctx context.Context, rw bot.Responder, req *bot.Request) error {
		if req.Event.Action != "protocol:sign" {
			return bot.ErrSkip
		}
		id, v, _ := strings.Cut(req.Event.Value, ":")
		t := eventTurn(rw, req, h.langOf(ctx, id))
		version, err := strconv.Atoi(v)
		if err != nil || !protoIDRE.MatchString(id) {
			t.say(protocolTexts.t(t.lang, "which"))
			return t.flush(ctx)
		}
		if err := h.sign(ctx, t, id, version); err != nil {
			return err
		}
		return t.flush(ctx)
	})
}

// langOf is a protocol's language, "" when unknown.
func (h *Protocols) langOf(ctx context.Context, id string) string {
	p, err := h.Service.Get(ctx, id)
	if err != nil {
		return ""
	}
	return p.Lang
}

// signCommand signs the named or the conversation's protocol, in its
// current version, by "unterschreiben"/"sign".
func (h *Protocols) signCommand(ctx context.Context, t *turn, st *convState) error {
	p, ok, err := h.target(ctx, t, st)
	if !ok || err != nil {
		return err
	}
	return h.sign(ctx, t, p.ID, 0)
}

func (h *Protocols) sign(ctx context.Context, t *turn, id string, version int) error {
	r, err := h.Service.Sign(ctx, id, version, actorOf(t.ev), h.now())
	p := r.Protocol
	lang := t.lang
	t.setIntent("protocol")
	switch {
	case errors.Is(err, protocols.ErrNotFound):
		t.say(protocolTexts.t(lang, "not_found", id))
		return nil
	case errors.Is(err, protocols.ErrNotSigner):
		if !h.maySee(p, t.ev) {
			h.log().Warn("protocol refused: another client's", "component", "protocols", "platform", t.ev.Ref.Platform,
				"user", t.ev.Ref.User, "protocol", id)
			t.say(protocolTexts.t(lang, "not_found", id))
			return nil
		}
		h.log().Warn("signature refused: not a signer", "component", "protocols", "platform", t.ev.Ref.Platform,
			"user", t.ev.Ref.User, "protocol", id)
		t.say(protocolTexts.t(lang, "not_signer", id, h.signerList(p, p.Content.Signers())))
		return nil
	case errors.Is(err, protocols.ErrStaleVersion):
		t.say(protocolTexts.t(lang, "stale", version, id, p.Version))
		return nil
	case errors.Is(err, protocols.ErrNotSubmitted):
		t.say(protocolTexts.t(lang, "not_submitted", id))
		return nil
	case errors.Is(err, protocols.ErrAlreadySigned):
		t.say(protocolTexts.t(lang, "already", p.Version, id))
		return nil
	case errors.Is(err, protocols.ErrComplete):
		t.say(protocolTexts.t(lang, "is_complete", id))
		return nil
	case err != nil:
		return fmt.Errorf("sign protocol %s: %w", id, err)
	}
	s := r.Signature
	t.record(protocolRecord(p))
	who := mention(s.Signer, t.ev.Ref.Platform)
	if s.Name != "" && s.Name != who {
		who = s.Name + " (" + who + ")"
	}
	msg := protocolTexts.t(lang, "signed", who, s.Version, id, s.Hash)
	if !r.Completed {
		t.ask("sign", msg+"\n"+protocolTexts.t(lang, "still_to_sign", h.signerList(p, p.Pending())))
		// sent now and linked to the version like the protocol itself: the
		// next signer may react to the latest message that shows it
		reply := bot.Reply{Text: strings.Join(t.parts, "\n\n"), Buttons: t.buttons, Meta: t.metaNow()}
		t.parts, t.buttons = nil, nil
		sent, err := t.send(ctx, reply)
		if err != nil {
			return fmt.Errorf("post signature of %s: %w", id, err)
		}
		if err := h.Service.Link(ctx, MessageKey(sent.Ref), id, p.Version); err != nil {
			return fmt.Errorf("link signature message of %s: %w", id, err)
		}
		return nil
	}
	t.say(msg + "\n" + protocolTexts.t(lang, "binding", id, p.Version))
	t.say(h.deliver(ctx, p))
	return nil
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
		return protocolTexts.t(lang, "mail_failed", p.ID)
	}
	var sigs strings.Builder
	for _, s := range p.Current() {
		fmt.Fprintf(&sigs, "- %s (%s), %s, %s\n", s.Name, s.Signer, s.At.UTC().Format(time.RFC3339), s.Hash)
	}
	base := fmt.Sprintf("%s-v%d", p.ID, p.Version)
	m := mail.Message{
		To:      to,
		Subject: protocolTexts.t(lang, "mail_subject", p.ID, p.Content.Title),
		Text:    protocolTexts.t(lang, "mail_body", p.ID, p.Content.Title, p.Version, p.Hash, sigs.String(), fp, p.ID),
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
		return protocolTexts.t(lang, "mail_off", p.ID)
	case err != nil:
		log.Error("sending the signed protocol failed", "recipients", len(to), "err", err)
		h.recordExport(ctx, p.ID, "not sent: "+err.Error(), log)
		return protocolTexts.t(lang, "mail_failed", p.ID)
	}
	log.Info("signed protocol sent by e-mail", "recipients", len(to))
	h.recordExport(ctx, p.ID, "sent Markdown and PDF by e-mail to "+strings.Join(to, ", "), log)
	if missing := p.Content.NoEmail(); len(missing) > 0 {
		return protocolTexts.t(lang, "mailed_some", strings.Join(to, ", "), h.signerList(p, missing))
	}
	return protocolTexts.t(lang, "mailed", strings.Join(to, ", "))
}

func (h *Protocols) recordExport(ctx context.Context, id, detail string, log *slog.Logger) {
	if _, err := h.Service.RecordExport(ctx, id, detail, h.now()); err != nil {
		log.Error("recording the export in the protocol's log failed", "err", err)
	}
}

// resend e-mails a binding protocol again ("Protokoll senden").
func (h *Protocols) resend(ctx context.Context, t *turn, st *convState) error {
	p, ok, err := h.target(ctx, t, st)
	if !ok || err != nil {
		return err
	}
	if p.State != protocols.StateComplete {
		t.say(protocolTexts.t(t.lang, "send_only", p.ID, h.signerList(p, p.Pending())))
		return nil
	}
	t.say(h.deliver(ctx, p))
	return nil
}

// find lists the asking client's own protocols (their organisation's),
// never another client's.
func (h *Protocols) find(ctx context.Context, t *turn) error {
	lang := t.lang
	ps, err := h.Service.ForClient(ctx, t.ev.Org)
	if err != nil {
		return fmt.Errorf("find protocols: %w", err)
	}
	t.setIntent("protocol")
	if len(ps) == 0 {
		t.say(protocolTexts.t(lang, "list_none"))
		return nil
	}
	var b strings.Builder
	b.WriteString(protocolTexts.t(lang, "list_head"))
	for i, p := range ps {
		if i == 10 {
			break
		}
		st := protocolTexts.t(lang, "state_text_"+string(p.State))
		switch {
		case p.State == protocols.StateSigning:
			st = protocolTexts.t(lang, "state_text_signing", h.signerList(p, p.Pending()))
		case strings.HasPrefix(p.Exported, "sent"):
			st += protocolTexts.t(lang, "list_sent")
		case p.Exported != "":
			st += protocolTexts.t(lang, "list_not")
		}
		fmt.Fprintf(&b, "\n• %s – %s (%s, Version %d): %s", p.ID, orDash(p.Content.Title), protocols.DateText(p.Content.Date, h.loc(), lang), p.Version, st)
	}
	b.WriteString("\n" + protocolTexts.t(lang, "list_foot"))
	t.say(b.String())
	return nil
}

// verify checks the named or the conversation's protocol in chat.
func (h *Protocols) verify(ctx context.Context, t *turn, st *convState) error {
	p, ok, err := h.target(ctx, t, st)
	if !ok || err != nil {
		return err
	}
	r, err := h.Service.Verify(ctx, p.ID)
	if err != nil {
		return fmt.Errorf("verify protocol %s: %w", p.ID, err)
	}
	lang := t.lang
	if !r.OK() {
		h.log().Warn("protocol failed verification", "component", "protocols", "protocol", p.ID, "findings", len(r.Findings))
		t.say(protocolTexts.t(lang, "verify_bad", p.ID, len(r.Findings), "• "+strings.Join(r.In(lang), "\n• ")))
		return nil
	}
	t.say(protocolTexts.t(lang, "verify_ok", p.ID, p.Version, p.Hash, len(p.Current()), p.Seq))
	// what it means: binding, or whose signatures are missing
	switch p.State {
	case protocols.StateComplete:
		t.say(protocolTexts.t(lang, "verify_binding", p.ID, p.Version))
	case protocols.StateSigning:
		t.say(protocolTexts.t(lang, "verify_pending", p.ID, h.signerList(p, p.Pending())))
	default:
		t.say(protocolTexts.t(lang, "verify_draft", p.ID))
	}
	return nil
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
		return 0, fmt.Errorf("due protocols: %w", err)
	}
	n := 0
	for _, p := range due {
		p, pending, err := h.Service.Remind(ctx, p.ID, p.Version, h.now())
		if errors.Is(err, protocols.ErrAlreadyReminded) {
			continue
		}
		if err != nil {
			return n, fmt.Errorf("remind protocol %s: %w", p.ID, err)
		}
		lang := p.Lang
		to := bot.Ref{Platform: p.Conv.Platform, Workspace: p.Conv.Workspace, Channel: p.Conv.Channel, Thread: p.Conv.Thread}
		key := "reminder"
		if !hasReactions(to.Platform) {
			key = "reminder_button"
		}
		r := bot.Reply{Text: protocolTexts.t(lang, key, p.ID, p.Content.Title, p.Version, h.signerList(p, pending), p.ID),
			Buttons: []bot.Button{{Action: "protocol:sign", Value: p.ID + ":" + strconv.Itoa(p.Version), Label: protocolTexts.t(lang, "btn_proto_sign"), Style: "primary"}},
			Meta:    &bot.Meta{Intent: "protocol", Lang: lang, Asks: []string{"sign"}, Record: protocolRecord(p)}}
		sent, err := post.Post(ctx, to, r)
		if err != nil {
			h.log().Warn("posting a protocol reminder failed", "component", "protocols", "protocol", p.ID, "err", err)
			continue
		}
		n++
		if err := h.Service.Link(ctx, MessageKey(sent.Ref), p.ID, p.Version); err != nil {
			return n, fmt.Errorf("link reminder: %w", err)
		}
	}
	return n, nil
}
