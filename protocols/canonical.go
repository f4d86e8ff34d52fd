package protocols

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"strings"
	"time"

	"golang.org/x/text/unicode/norm"
)

// Format names the canonical encoding; it is part of every hashed document.
const Format = "mspbot-protocol/1"

// EventType is the kind of a log entry.
type EventType string

// The events of a protocol's log.
const (
	EventCreated   EventType = "created"
	EventEdited    EventType = "edited"
	EventSubmitted EventType = "submitted"
	EventSigned    EventType = "signed"
	EventCompleted EventType = "completed"
	EventExported  EventType = "exported"
	EventReminded  EventType = "reminded"
)

// Entry is one entry of a protocol's append-only log. Each names the hash
// of the entry before it (Prev), so removing, reordering or altering an
// entry breaks the chain. Created and edited entries carry the full content
// of their version, signed entries the signature.
type Entry struct {
	Seq       int        `json:"seq"`
	Type      EventType  `json:"type"`
	At        time.Time  `json:"at"`
	By        string     `json:"by"`
	Version   int        `json:"version"`
	Hash      string     `json:"hash"`
	Content   *Content   `json:"content,omitempty"`
	Signature *Signature `json:"signature,omitempty"`
	Detail    string     `json:"detail,omitempty"`
	Prev      string     `json:"prev"`
	EntryHash string     `json:"entry_hash"`
	// Unreadable is set by a store for an entry it could not decode.
	Unreadable string `json:"-"`
}

// Seal sets e.Prev to prev and e.EntryHash to the hash of e's canonical form.
func (e *Entry) Seal(prev string) {
	e.Prev = prev
	e.EntryHash = Hash(e.Canonical())
}

// Canonical is the entry's stable encoding, without its own hash.
func (e Entry) Canonical() []byte {
	type canonicalEntry struct {
		Format    string          `json:"format"`
		Seq       int             `json:"seq"`
		Type      string          `json:"type"`
		At        string          `json:"at"`
		By        string          `json:"by"`
		Version   int             `json:"version"`
		Hash      string          `json:"hash"`
		Content   json.RawMessage `json:"content"`
		Signature json.RawMessage `json:"signature"`
		Detail    string          `json:"detail"`
		Prev      string          `json:"prev"`
	}
	ce := canonicalEntry{Format: Format + "/entry", Seq: e.Seq, Type: nfc(string(e.Type)), At: utc(e.At), By: nfc(e.By),
		Version: e.Version, Hash: e.Hash, Content: json.RawMessage("null"), Signature: json.RawMessage("null"),
		Detail: nfc(e.Detail), Prev: e.Prev}
	if e.Content != nil {
		ce.Content = canonicalContent(*e.Content)
	}
	if e.Signature != nil {
		ce.Signature = encode(canonicalSignature(*e.Signature, true))
	}
	return encode(ce)
}

// Hash is "sha256:" and the hex SHA-256 of b.
func Hash(b []byte) string {
	sum := sha256.Sum256(b)
	return "sha256:" + hex.EncodeToString(sum[:])
}

// Canonical is the one stable encoding of version of protocol id with
// content c: JSON with a fixed field order, every text in Unicode NFC,
// times in UTC RFC 3339, empty lists as [], no insignificant whitespace and
// no HTML escaping. Its Hash is what signers sign.
func Canonical(id string, version int, c Content) []byte {
	type doc struct {
		Format  string          `json:"format"`
		ID      string          `json:"id"`
		Version int             `json:"version"`
		Content json.RawMessage `json:"content"`
	}
	return encode(doc{Format: Format, ID: nfc(id), Version: version, Content: canonicalContent(c)})
}

func canonicalContent(c Content) json.RawMessage {
	type signer struct {
		ID    string `json:"id"`
		Name  string `json:"name"`
		Email string `json:"email"`
	}
	type party struct {
		Role    string   `json:"role"`
		Name    string   `json:"name"`
		Signers []signer `json:"signers"`
	}
	type item struct {
		Kind  string `json:"kind"`
		Text  string `json:"text"`
		Owner string `json:"owner"`
		Due   string `json:"due"`
	}
	type content struct {
		Title       string   `json:"title"`
		Date        string   `json:"date"`
		Parties     []party  `json:"parties"`
		Attendees   []string `json:"attendees"`
		Items       []item   `json:"items"`
		Appointment string   `json:"appointment"`
	}
	out := content{Title: nfc(c.Title), Date: utc(c.Date), Parties: []party{}, Attendees: []string{}, Items: []item{}, Appointment: nfc(c.Appointment)}
	for _, p := range c.Parties {
		cp := party{Role: nfc(string(p.Role)), Name: nfc(p.Name), Signers: []signer{}}
		for _, s := range p.Signers {
			cp.Signers = append(cp.Signers, signer{ID: nfc(s.ID.String()), Name: nfc(s.Name), Email: nfc(s.Email)})
		}
		out.Parties = append(out.Parties, cp)
	}
	for _, a := range c.Attendees {
		out.Attendees = append(out.Attendees, nfc(a))
	}
	for _, it := range c.Items {
		out.Items = append(out.Items, item{Kind: nfc(string(it.Kind)), Text: nfc(it.Text), Owner: nfc(it.Owner), Due: nfc(it.Due)})
	}
	return encode(out)
}

type sigDoc struct {
	Format      string `json:"format"`
	Signer      string `json:"signer"`
	Name        string `json:"name"`
	Version     int    `json:"version"`
	Hash        string `json:"hash"`
	At          string `json:"at"`
	Key         string `json:"key"`
	Attestation string `json:"attestation,omitempty"`
}

func canonicalSignature(s Signature, withAttestation bool) sigDoc {
	d := sigDoc{Format: Format + "/signature", Signer: nfc(s.Signer.String()), Name: nfc(s.Name), Version: s.Version,
		Hash: s.Hash, At: utc(s.At), Key: s.Key}
	if withAttestation {
		d.Attestation = s.Attestation
	}
	return d
}

// Statement is what the bot signs for a signature: protocol id, version,
// hash, signer identity, name, time and key, canonically encoded.
func Statement(id string, s Signature) []byte {
	type statement struct {
		Protocol  string `json:"protocol"`
		Signature sigDoc `json:"signature"`
	}
	return encode(statement{Protocol: nfc(id), Signature: canonicalSignature(s, false)})
}

func attest(key ed25519.PrivateKey, id string, s Signature) string {
	return base64.StdEncoding.EncodeToString(ed25519.Sign(key, Statement(id, s)))
}

// CheckAttestation reports whether s carries the bot's valid attestation
// for protocol id under pub.
func CheckAttestation(pub ed25519.PublicKey, id string, s Signature) bool {
	sig, err := base64.StdEncoding.DecodeString(s.Attestation)
	if err != nil || len(sig) != ed25519.SignatureSize || len(pub) != ed25519.PublicKeySize {
		return false
	}
	return ed25519.Verify(pub, Statement(id, s), sig)
}

// KeyFingerprint names a public key: "ed25519:" and the first 16 bytes of
// its SHA-256 in hex.
func KeyFingerprint(pub ed25519.PublicKey) string {
	sum := sha256.Sum256(pub)
	return "ed25519:" + hex.EncodeToString(sum[:16])
}

// Normalize returns c with every text in NFC, trimmed, and its date in UTC
// to the second.
func Normalize(c Content) Content {
	c = c.Clone()
	c.Title = clean(c.Title)
	c.Appointment = clean(c.Appointment)
	if !c.Date.IsZero() {
		c.Date = c.Date.UTC().Truncate(time.Second)
	}
	for i := range c.Parties {
		c.Parties[i].Name = clean(c.Parties[i].Name)
		for j := range c.Parties[i].Signers {
			s := &c.Parties[i].Signers[j]
			s.Name, s.Email = clean(s.Name), strings.ToLower(clean(s.Email))
		}
	}
	for i := range c.Attendees {
		c.Attendees[i] = clean(c.Attendees[i])
	}
	for i := range c.Items {
		c.Items[i].Text, c.Items[i].Owner = clean(c.Items[i].Text), clean(c.Items[i].Owner)
	}
	return c
}

func clean(s string) string { return strings.Join(strings.Fields(nfc(s)), " ") }

func nfc(s string) string { return norm.NFC.String(s) }

func utc(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// encode is json.Marshal without HTML escaping and without the trailing
// newline.
func encode(v any) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		// Only plain structs of strings and numbers are encoded here.
		panic("protocols: encode: " + err.Error())
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}

// short is the first 12 hex digits of a hash, for chat.
func short(h string) string {
	h = strings.TrimPrefix(h, "sha256:")
	if len(h) > 12 {
		return h[:12]
	}
	return h
}
