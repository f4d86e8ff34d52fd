// Package protocols is the domain of signed meeting protocols: what a
// protocol holds (title, date, parties with their signers, attendees,
// agreements, decisions and action items), its one canonical encoding and
// SHA-256 hash, signatures bound to one version and attested by the bot's
// Ed25519 key, the append-only hash-chained event log, verification of all
// of it, and the Markdown and PDF exports.
//
// It knows neither the chat engine nor Redis: it persists through the Store
// interface, which redisstore implements.
package protocols

import (
	"context"
	"crypto/ed25519"
	"errors"
	"fmt"
	"net/mail"
	"slices"
	"strings"
	"time"
)

// Role is the part a party plays in a talk.
type Role string

// The parties of a planning talk, in the order they are listed.
const (
	RoleClient   Role = "client"
	RoleVendor   Role = "vendor"
	RoleProvider Role = "provider"
)

// Roles lists the roles in their canonical order.
var Roles = []Role{RoleClient, RoleVendor, RoleProvider}

// State is where a protocol stands.
type State string

// The states of a protocol: a draft is being written; in signing it waits
// for every signer; complete means binding: every required signer signed
// the same, current version.
const (
	StateDraft    State = "draft"
	StateSigning  State = "signing"
	StateComplete State = "complete"
)

// ItemKind says what an item of the protocol is.
type ItemKind string

// The kinds of items.
const (
	ItemAgreement ItemKind = "agreement"
	ItemDecision  ItemKind = "decision"
	ItemAction    ItemKind = "action"
)

// Sentinel errors; handlers map them to words for the user.
var (
	ErrNotFound        = errors.New("protocol not found")
	ErrConflict        = errors.New("protocol changed concurrently")
	ErrNotSigner       = errors.New("not a named signer of this protocol")
	ErrNotAllowed      = errors.New("not allowed to change this protocol")
	ErrAlreadySigned   = errors.New("already signed this version")
	ErrStaleVersion    = errors.New("that version is no longer the current one")
	ErrNotSubmitted    = errors.New("protocol is still a draft, not yet up for signing")
	ErrComplete        = errors.New("protocol is complete and binding; it can no longer be changed")
	ErrIncomplete      = errors.New("protocol is missing fields")
	ErrAlreadyReminded = errors.New("already reminded for this version")
	// ErrCorrupt is wrapped by a Store whose stored protocol cannot be decoded.
	ErrCorrupt = errors.New("stored protocol cannot be read")
)

// Identity is a verified platform identity: the platform and the user id
// the platform authenticated ("slack" + "U024BE7LH"), never a typed name.
type Identity struct {
	Platform string `json:"platform"`
	User     string `json:"user"`
}

// String is the identity as it stands in logs and statements: "slack:U024BE7LH".
func (i Identity) String() string { return i.Platform + ":" + i.User }

// IsZero reports whether i names nobody.
func (i Identity) IsZero() bool { return i.Platform == "" || i.User == "" }

// Signer is a person who signs for a party: who they are on the platform,
// their name as written in the protocol and the address the signed
// protocol is sent to.
type Signer struct {
	ID    Identity `json:"id"`
	Name  string   `json:"name"`
	Email string   `json:"email"`
}

// Party is one side of the talk: its role, its name (the organisation) and
// the people who sign for it.
type Party struct {
	Role    Role     `json:"role"`
	Name    string   `json:"name"`
	Signers []Signer `json:"signers"`
}

// Item is one agreement, decision or action item. Actions have an owner
// and may have a due date (YYYY-MM-DD).
type Item struct {
	Kind  ItemKind `json:"kind"`
	Text  string   `json:"text"`
	Owner string   `json:"owner,omitempty"`
	Due   string   `json:"due,omitempty"`
}

// Content is what is signed: everything written in the protocol.
type Content struct {
	Title string `json:"title"`
	// Date is when the talk took place (stored in UTC).
	Date      time.Time `json:"date,omitzero"`
	Parties   []Party   `json:"parties,omitempty"`
	Attendees []string  `json:"attendees,omitempty"`
	Items     []Item    `json:"items,omitempty"`
	// Appointment optionally names the vendor appointment the talk prepares.
	Appointment string `json:"appointment,omitempty"`
}

// Party returns the party of role, creating it when add is set.
func (c *Content) Party(role Role, add bool) *Party {
	for i := range c.Parties {
		if c.Parties[i].Role == role {
			return &c.Parties[i]
		}
	}
	if !add {
		return nil
	}
	c.Parties = append(c.Parties, Party{Role: role})
	slices.SortStableFunc(c.Parties, func(a, b Party) int { return slices.Index(Roles, a.Role) - slices.Index(Roles, b.Role) })
	return c.Party(role, false)
}

// Signers lists every signer of every party, in party order.
func (c Content) Signers() []Signer {
	var out []Signer
	for _, p := range c.Parties {
		out = append(out, p.Signers...)
	}
	return out
}

// SignerOf returns the signer with identity id and their party's role.
func (c Content) SignerOf(id Identity) (Signer, Role, bool) {
	for _, p := range c.Parties {
		for _, s := range p.Signers {
			if s.ID == id {
				return s, p.Role, true
			}
		}
	}
	return Signer{}, "", false
}

// Clone returns a deep copy of c.
func (c Content) Clone() Content {
	d := c
	d.Parties = nil
	for _, p := range c.Parties {
		p.Signers = slices.Clone(p.Signers)
		d.Parties = append(d.Parties, p)
	}
	d.Attendees = slices.Clone(c.Attendees)
	d.Items = slices.Clone(c.Items)
	return d
}

// Missing lists what must still be written before the protocol can be put
// up for signing: "title", "date", "signers", "email:<identity>".
func (c Content) Missing() []string {
	var m []string
	if strings.TrimSpace(c.Title) == "" {
		m = append(m, "title")
	}
	if c.Date.IsZero() {
		m = append(m, "date")
	}
	if len(c.Signers()) == 0 {
		m = append(m, "signers")
	}
	if len(c.Items) == 0 {
		m = append(m, "items")
	}
	return m
}

// NoEmail lists the signers without a valid e-mail address: they can
// sign, but the binding protocol cannot be e-mailed to them.
func (c Content) NoEmail() []Signer {
	var out []Signer
	for _, s := range c.Signers() {
		if _, err := mail.ParseAddress(s.Email); err != nil || s.Email == "" {
			out = append(out, s)
		}
	}
	return out
}

// Conversation is where a protocol was recorded.
type Conversation struct {
	Platform  string `json:"platform"`
	Workspace string `json:"workspace,omitempty"`
	Channel   string `json:"channel"`
	Thread    string `json:"thread,omitempty"`
}

// Key names the conversation in the store's index of latest protocols.
func (c Conversation) Key() string {
	return c.Platform + "/" + c.Workspace + "/" + c.Channel + "/" + c.Thread
}

// Signature is one signer's signature of one version: who, when, which
// hash, and the bot's Ed25519 attestation of that statement.
type Signature struct {
	Signer  Identity  `json:"signer"`
	Name    string    `json:"name"`
	Version int       `json:"version"`
	Hash    string    `json:"hash"`
	At      time.Time `json:"at"`
	// Key is the fingerprint of the bot key that attested it.
	Key string `json:"key"`
	// Attestation is the base64 Ed25519 signature of Statement().
	Attestation string `json:"attestation"`
}

// Protocol is a meeting protocol with its current content and every
// signature ever given. Head and Seq name the last entry of its log.
type Protocol struct {
	ID      string       `json:"id"`
	Org     string       `json:"org"`
	Conv    Conversation `json:"conv"`
	Creator Identity     `json:"creator"`
	Lang    string       `json:"lang"`
	State   State        `json:"state"`
	Version int          `json:"version"`
	Hash    string       `json:"hash"`
	Content Content      `json:"content"`
	// Signatures holds the signatures of every version, oldest first; only
	// those of the current version count.
	Signatures []Signature `json:"signatures,omitempty"`
	Created    time.Time   `json:"created"`
	Updated    time.Time   `json:"updated"`
	// Submitted is when the current version was put up for signing.
	Submitted time.Time `json:"submitted,omitzero"`
	// Reminded is the last version whose missing signers were reminded.
	Reminded int `json:"reminded,omitempty"`
	// Exported records the last delivery of the signed protocol.
	Exported string `json:"exported,omitempty"`
	Head     string `json:"head"`
	Seq      int    `json:"seq"`
	// Posted are the places a version was posted for signing, as Link
	// recorded them (the caller's words, e.g. "3 web/c-talk/"), as the
	// store keeps them: a submission repeated after a crash or an outage
	// does not post the same version twice in the same place.
	Posted []string `json:"-"`
}

// Current returns the signatures that count: those of the current version
// with its hash.
func (p Protocol) Current() []Signature {
	var out []Signature
	for _, s := range p.Signatures {
		if s.Version == p.Version && s.Hash == p.Hash {
			out = append(out, s)
		}
	}
	return out
}

// Pending lists the signers who have not yet signed the current version.
func (p Protocol) Pending() []Signer {
	var out []Signer
	for _, s := range p.Content.Signers() {
		if !p.signed(s.ID) {
			out = append(out, s)
		}
	}
	return out
}

func (p Protocol) signed(id Identity) bool {
	return slices.ContainsFunc(p.Current(), func(s Signature) bool { return s.Signer == id })
}

// Binding reports whether every required signer signed the current version.
func (p Protocol) Binding() bool {
	return len(p.Content.Signers()) > 0 && len(p.Pending()) == 0
}

// Actor is who acts on a protocol: a verified platform identity, the
// display name the platform reports, their organisation and whether the
// engine found them to be staff.
type Actor struct {
	ID    Identity
	Name  string
	Org   string
	Staff bool
}

// Store persists protocols and their logs. Apply is a compare-and-set on
// the log head: it stores p and appends entries only when the log still
// ends at prevHead, otherwise it fails with ErrConflict.
type Store interface {
	// NextID reserves a new readable id ("PR-26-0001").
	NextID(ctx context.Context, now time.Time) (string, error)
	// Create stores a new protocol with its first log entry and indexes, and
	// makes it the active protocol of its conversation.
	Create(ctx context.Context, p Protocol, first Entry) error
	// Apply stores p and appends entries if the log still ends at prevHead.
	Apply(ctx context.Context, p Protocol, prevHead string, entries []Entry) error
	// Get loads a protocol.
	Get(ctx context.Context, id string) (Protocol, error)
	// Log returns a protocol's log, oldest first.
	Log(ctx context.Context, id string) ([]Entry, error)
	// IDs lists every protocol id, oldest first.
	IDs(ctx context.Context) ([]string, error)
	// ByOrg lists the ids of an organisation's protocols, newest first.
	ByOrg(ctx context.Context, org string) ([]string, error)
	// Signing lists the ids of protocols waiting for signatures.
	Signing(ctx context.Context) ([]string, error)
	// Active returns the id of a conversation's latest protocol.
	Active(ctx context.Context, conv string) (string, error)
	// LinkMessage remembers that a posted message shows version of id and,
	// when posted is not empty, adds it to the protocol's Posted, in one
	// atomic step.
	LinkMessage(ctx context.Context, message, id string, version int, posted string) error
	// ByMessage returns the protocol and version a posted message shows.
	ByMessage(ctx context.Context, message string) (string, int, error)
}

// Options configure a Service.
type Options struct {
	// Key is the bot's Ed25519 private key that attests every signature.
	Key ed25519.PrivateKey
	// Retries bounds the compare-and-set attempts of one change (default 64).
	Retries int
}

// Service is the protocol rules on top of a Store.
type Service struct {
	store   Store
	key     ed25519.PrivateKey
	retries int
}

// NewService returns the protocol rules on store, attesting with opts.Key.
func NewService(store Store, opts Options) (*Service, error) {
	if len(opts.Key) != ed25519.PrivateKeySize {
		return nil, errors.New("protocols: an Ed25519 private key is required")
	}
	if opts.Retries <= 0 {
		opts.Retries = 64
	}
	return &Service{store: store, key: opts.Key, retries: opts.Retries}, nil
}

// PublicKey is the key that verifies the bot's attestations.
func (s *Service) PublicKey() ed25519.PublicKey { return s.key.Public().(ed25519.PublicKey) }

// Fingerprint names the bot's key (see KeyFingerprint).
func (s *Service) Fingerprint() string { return KeyFingerprint(s.PublicKey()) }

// Create starts a draft protocol recorded in conv by creator.
func (s *Service) Create(ctx context.Context, org string, conv Conversation, creator Actor, lang string, c Content, now time.Time) (Protocol, error) {
	now = now.UTC().Truncate(time.Second)
	id, err := s.store.NextID(ctx, now)
	if err != nil {
		return Protocol{}, fmt.Errorf("create protocol: %w", err)
	}
	c = Normalize(c)
	p := Protocol{ID: id, Org: org, Conv: conv, Creator: creator.ID, Lang: lang, State: StateDraft, Version: 1,
		Content: c, Created: now, Updated: now}
	p.Hash = Hash(Canonical(id, 1, c))
	e := Entry{Seq: 1, Type: EventCreated, At: now, By: creator.ID.String(), Version: 1, Hash: p.Hash, Content: &c}
	e.Seal("")
	p.Head, p.Seq = e.EntryHash, 1
	if err := s.store.Create(ctx, p, e); err != nil {
		return Protocol{}, fmt.Errorf("create protocol %s: %w", id, err)
	}
	return p, nil
}

// Get loads a protocol.
func (s *Service) Get(ctx context.Context, id string) (Protocol, error) {
	p, err := s.store.Get(ctx, id)
	if err != nil {
		return Protocol{}, fmt.Errorf("protocol %s: %w", id, err)
	}
	return p, nil
}

// Active returns the latest protocol of a conversation.
func (s *Service) Active(ctx context.Context, conv Conversation) (Protocol, error) {
	id, err := s.store.Active(ctx, conv.Key())
	if err != nil {
		return Protocol{}, err
	}
	return s.Get(ctx, id)
}

// MayEdit reports whether a may change p: its creator, staff, or one of
// its named signers.
func MayEdit(p Protocol, a Actor) bool {
	if a.Staff || a.ID == p.Creator {
		return true
	}
	_, _, ok := p.Content.SignerOf(a.ID)
	return ok
}

// MaySee reports whether a may read p: staff, anyone of its organisation,
// and its named signers.
func MaySee(p Protocol, a Actor) bool {
	if a.Staff || (a.Org != "" && a.Org == p.Org) || a.ID == p.Creator {
		return true
	}
	_, _, ok := p.Content.SignerOf(a.ID)
	return ok
}

// Change is the outcome of an edit.
type Change struct {
	Protocol Protocol
	// Changed is false when the edit left the content as it was.
	Changed bool
	// Cleared lists the signatures of the previous version that no longer
	// count: everyone must sign the new version again.
	Cleared []Signature
}

// Edit applies fn to a copy of the content and stores the result as a new
// version. After the first signature this clears the binding state: every
// signer must sign the new version. A complete protocol cannot be edited.
func (s *Service) Edit(ctx context.Context, id string, by Actor, fn func(*Content) error, now time.Time) (Change, error) {
	now = now.UTC().Truncate(time.Second)
	for range s.retries {
		p, err := s.Get(ctx, id)
		if err != nil {
			return Change{}, err
		}
		if p.State == StateComplete {
			return Change{Protocol: p}, fmt.Errorf("edit %s: %w", id, ErrComplete)
		}
		if !MayEdit(p, by) {
			return Change{Protocol: p}, fmt.Errorf("edit %s: %w", id, ErrNotAllowed)
		}
		c := p.Content.Clone()
		if err := fn(&c); err != nil {
			return Change{Protocol: p}, err
		}
		c = Normalize(c)
		if Hash(Canonical(id, p.Version, c)) == p.Hash {
			return Change{Protocol: p}, nil
		}
		cleared := p.Current()
		prev := p.Head
		p.Version++
		p.Content = c
		p.Hash = Hash(Canonical(id, p.Version, c))
		p.Updated = now
		if p.State == StateSigning {
			p.Submitted = now
		}
		e := Entry{Type: EventEdited, At: now, By: by.ID.String(), Version: p.Version, Hash: p.Hash, Content: &c}
		entries := p.chain(e)
		err = s.store.Apply(ctx, p, prev, entries)
		if errors.Is(err, ErrConflict) {
			continue
		}
		if err != nil {
			return Change{}, fmt.Errorf("edit %s: %w", id, err)
		}
		return Change{Protocol: p, Changed: true, Cleared: cleared}, nil
	}
	return Change{}, fmt.Errorf("edit %s: %w", id, ErrConflict)
}

// chain seals entries onto p's log, advancing p.Head and p.Seq.
func (p *Protocol) chain(entries ...Entry) []Entry {
	for i := range entries {
		p.Seq++
		entries[i].Seq = p.Seq
		entries[i].Seal(p.Head)
		p.Head = entries[i].EntryHash
	}
	return entries
}

// Submit puts the current version up for signing once nothing is missing.
func (s *Service) Submit(ctx context.Context, id string, by Actor, now time.Time) (Protocol, error) {
	now = now.UTC().Truncate(time.Second)
	for range s.retries {
		p, err := s.Get(ctx, id)
		if err != nil {
			return Protocol{}, err
		}
		if !MayEdit(p, by) {
			return p, fmt.Errorf("submit %s: %w", id, ErrNotAllowed)
		}
		switch p.State {
		case StateComplete:
			return p, fmt.Errorf("submit %s: %w", id, ErrComplete)
		case StateSigning:
			return p, nil
		}
		if m := p.Content.Missing(); len(m) > 0 {
			return p, fmt.Errorf("submit %s: %w: %s", id, ErrIncomplete, strings.Join(m, ", "))
		}
		prev := p.Head
		p.State, p.Submitted, p.Updated = StateSigning, now, now
		entries := p.chain(Entry{Type: EventSubmitted, At: now, By: by.ID.String(), Version: p.Version, Hash: p.Hash})
		err = s.store.Apply(ctx, p, prev, entries)
		if errors.Is(err, ErrConflict) {
			continue
		}
		if err != nil {
			return Protocol{}, fmt.Errorf("submit %s: %w", id, err)
		}
		return p, nil
	}
	return Protocol{}, fmt.Errorf("submit %s: %w", id, ErrConflict)
}

// Signed is the outcome of a signature.
type Signed struct {
	Protocol  Protocol
	Signature Signature
	// Completed is set when this signature made the protocol binding.
	Completed bool
}

// Sign records that by signs version of protocol id (0: the current one).
// Only named signers may sign, each version once; the bot attests the
// signature with its key. The signature that completes the set makes the
// protocol binding in the same step. Concurrent signatures never lose one:
// each is a compare-and-set on the log head, retried on conflict.
func (s *Service) Sign(ctx context.Context, id string, version int, by Actor, now time.Time) (Signed, error) {
	now = now.UTC().Truncate(time.Second)
	for range s.retries {
		p, err := s.Get(ctx, id)
		if err != nil {
			return Signed{}, err
		}
		signer, _, named := p.Content.SignerOf(by.ID)
		switch {
		case !named:
			return Signed{Protocol: p}, fmt.Errorf("sign %s: %w", id, ErrNotSigner)
		case p.State == StateDraft:
			return Signed{Protocol: p}, fmt.Errorf("sign %s: %w", id, ErrNotSubmitted)
		case version != 0 && version != p.Version:
			return Signed{Protocol: p}, fmt.Errorf("sign %s version %d: %w", id, version, ErrStaleVersion)
		case p.signed(by.ID):
			return Signed{Protocol: p}, fmt.Errorf("sign %s: %w", id, ErrAlreadySigned)
		case p.State == StateComplete:
			return Signed{Protocol: p}, fmt.Errorf("sign %s: %w", id, ErrComplete)
		}
		name := signer.Name
		if name == "" {
			name = by.Name
		}
		sig := Signature{Signer: by.ID, Name: name, Version: p.Version, Hash: p.Hash, At: now, Key: s.Fingerprint()}
		sig.Attestation = attest(s.key, id, sig)
		prev := p.Head
		p.Signatures = append(p.Signatures, sig)
		p.Updated = now
		entries := []Entry{{Type: EventSigned, At: now, By: by.ID.String(), Version: p.Version, Hash: p.Hash, Signature: &sig}}
		completed := p.Binding()
		if completed {
			p.State = StateComplete
			entries = append(entries, Entry{Type: EventCompleted, At: now, By: "bot", Version: p.Version, Hash: p.Hash})
		}
		entries = p.chain(entries...)
		err = s.store.Apply(ctx, p, prev, entries)
		if errors.Is(err, ErrConflict) {
			continue
		}
		if err != nil {
			return Signed{}, fmt.Errorf("sign %s: %w", id, err)
		}
		return Signed{Protocol: p, Signature: sig, Completed: completed}, nil
	}
	return Signed{}, fmt.Errorf("sign %s: %w", id, ErrConflict)
}

// RecordExport appends an "exported" entry saying how the signed protocol
// was delivered (or why it was not).
func (s *Service) RecordExport(ctx context.Context, id, detail string, now time.Time) (Protocol, error) {
	now = now.UTC().Truncate(time.Second)
	for range s.retries {
		p, err := s.Get(ctx, id)
		if err != nil {
			return Protocol{}, err
		}
		prev := p.Head
		p.Exported, p.Updated = detail, now
		entries := p.chain(Entry{Type: EventExported, At: now, By: "bot", Version: p.Version, Hash: p.Hash, Detail: detail})
		err = s.store.Apply(ctx, p, prev, entries)
		if errors.Is(err, ErrConflict) {
			continue
		}
		if err != nil {
			return Protocol{}, fmt.Errorf("record export of %s: %w", id, err)
		}
		return p, nil
	}
	return Protocol{}, fmt.Errorf("record export of %s: %w", id, ErrConflict)
}

// Due lists the protocols waiting for signatures whose current version was
// put up for signing at least after ago and whose missing signers have not
// been reminded for it.
func (s *Service) Due(ctx context.Context, after time.Duration, now time.Time) ([]Protocol, error) {
	ids, err := s.store.Signing(ctx)
	if err != nil {
		return nil, fmt.Errorf("protocols waiting for signatures: %w", err)
	}
	var out []Protocol
	for _, id := range ids {
		p, err := s.Get(ctx, id)
		if errors.Is(err, ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		if p.State == StateSigning && p.Reminded < p.Version && !p.Submitted.IsZero() && !now.Before(p.Submitted.Add(after)) && len(p.Pending()) > 0 {
			out = append(out, p)
		}
	}
	return out, nil
}

// Remind marks version of protocol id as reminded and returns the signers
// still missing. Of several replicas reminding at once exactly one gets
// them; the others get ErrAlreadyReminded.
func (s *Service) Remind(ctx context.Context, id string, version int, now time.Time) (Protocol, []Signer, error) {
	now = now.UTC().Truncate(time.Second)
	for range s.retries {
		p, err := s.Get(ctx, id)
		if err != nil {
			return Protocol{}, nil, err
		}
		if p.Reminded >= version || p.Version != version || p.State != StateSigning {
			return p, nil, fmt.Errorf("remind %s: %w", id, ErrAlreadyReminded)
		}
		pending := p.Pending()
		var who []string
		for _, s := range pending {
			who = append(who, s.ID.String())
		}
		prev := p.Head
		p.Reminded = version
		entries := p.chain(Entry{Type: EventReminded, At: now, By: "bot", Version: p.Version, Hash: p.Hash, Detail: strings.Join(who, ", ")})
		err = s.store.Apply(ctx, p, prev, entries)
		if errors.Is(err, ErrConflict) {
			continue
		}
		if err != nil {
			return Protocol{}, nil, fmt.Errorf("remind %s: %w", id, err)
		}
		return p, pending, nil
	}
	return Protocol{}, nil, fmt.Errorf("remind %s: %w", id, ErrConflict)
}

// ForClient returns the protocols a client may find: those of their own
// organisation, newest first. Never another organisation's.
func (s *Service) ForClient(ctx context.Context, org string) ([]Protocol, error) {
	if org == "" {
		return nil, nil
	}
	ids, err := s.store.ByOrg(ctx, org)
	if err != nil {
		return nil, fmt.Errorf("protocols of %s: %w", org, err)
	}
	var out []Protocol
	for _, id := range ids {
		p, err := s.Get(ctx, id)
		if errors.Is(err, ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		// Defence in depth: the index is per organisation, and so is every protocol.
		if p.Org == org {
			out = append(out, p)
		}
	}
	return out, nil
}

// Link remembers that a posted message shows version of protocol id.
func (s *Service) Link(ctx context.Context, message, id string, version int) error {
	return s.LinkPosted(ctx, message, id, version, "")
}

// LinkPosted is Link for the message that put version up for signing in a
// place, and records posted (the place, in the caller's words) in
// Protocol.Posted in the same step.
func (s *Service) LinkPosted(ctx context.Context, message, id string, version int, posted string) error {
	if err := s.store.LinkMessage(ctx, message, id, version, posted); err != nil {
		return fmt.Errorf("link message to %s: %w", id, err)
	}
	return nil
}

// ByMessage returns the protocol id and version a posted message shows.
func (s *Service) ByMessage(ctx context.Context, message string) (string, int, error) {
	return s.store.ByMessage(ctx, message)
}

// Verify checks protocol id against its log and the bot's key.
func (s *Service) Verify(ctx context.Context, id string) (Report, error) {
	return VerifyStored(ctx, s.store, id, s.PublicKey())
}

// VerifyAll checks every stored protocol.
func VerifyAll(ctx context.Context, st Store, pub ed25519.PublicKey) ([]Report, error) {
	ids, err := st.IDs(ctx)
	if err != nil {
		return nil, fmt.Errorf("list protocols: %w", err)
	}
	out := make([]Report, 0, len(ids))
	for _, id := range ids {
		r, err := VerifyStored(ctx, st, id, pub)
		if errors.Is(err, ErrNotFound) {
			// Listed in the index, gone from the store: deleted by hand.
			r = Report{ID: id,
				Findings:   []string{fmt.Sprintf("protocol %s is listed but its record is missing: it was deleted outside the bot", id)},
				FindingsDE: []string{fmt.Sprintf("das Protokoll %s ist verzeichnet, sein Datensatz fehlt aber: er wurde am Bot vorbei gelöscht", id)}}
		} else if err != nil {
			return out, err
		}
		out = append(out, r)
	}
	return out, nil
}

// VerifyStored loads protocol id and its log from st and verifies them.
func VerifyStored(ctx context.Context, st Store, id string, pub ed25519.PublicKey) (Report, error) {
	p, err := st.Get(ctx, id)
	if errors.Is(err, ErrCorrupt) {
		r := Report{ID: id}
		r.Findings = append(r.Findings, fmt.Sprintf("the stored protocol %s cannot be read (%v): it was altered", id, err))
		r.FindingsDE = append(r.FindingsDE, fmt.Sprintf("das gespeicherte Protokoll %s ist nicht lesbar (%v): es wurde verändert", id, err))
		return r, nil
	}
	if err != nil {
		return Report{}, fmt.Errorf("verify %s: %w", id, err)
	}
	log, err := st.Log(ctx, id)
	if err != nil {
		return Report{}, fmt.Errorf("verify %s: %w", id, err)
	}
	return Verify(p, log, pub), nil
}
