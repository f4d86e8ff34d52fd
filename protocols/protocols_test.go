package protocols

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ledongthuc/pdf"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

var (
	berlin, _ = time.LoadLocation("Europe/Berlin")
	t0        = time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	anna      = Identity{Platform: "web", User: "anna"}
	vera      = Identity{Platform: "web", User: "vera"}
	paul      = Identity{Platform: "web", User: "paul"}
	testKey   = ed25519.NewKeyFromSeed(bytes.Repeat([]byte{7}, 32))
)

// sample is a complete protocol's content. The title is written in NFD
// (u + combining diaeresis) to show that the canonical form is NFC.
func sample() Content {
	return Content{
		Title: "Planungsgespra\u0308ch  ERP-Update ",
		Date:  time.Date(2026, 12, 1, 10, 0, 0, 0, berlin),
		Parties: []Party{
			{Role: RoleClient, Name: "Muster GmbH", Signers: []Signer{{ID: anna, Name: "Anna Becker", Email: "Anna@Muster.example"}}},
			{Role: RoleVendor, Name: "ERP Soft AG", Signers: []Signer{{ID: vera, Name: "Vera Vogt", Email: "vera@erp.example"}}},
			{Role: RoleProvider, Name: "NIERO@net e.K.", Signers: []Signer{{ID: paul, Name: "Paul Pröll", Email: "paul@msp.example"}}},
		},
		Attendees: []string{"Anna Becker", "Vera Vogt", "Paul Pröll"},
		Items: []Item{
			{Kind: ItemDecision, Text: "Das Update läuft am Samstag, 12.12., ab 8 Uhr."},
			{Kind: ItemAgreement, Text: "Der Hersteller-Account wird nur für das Update aktiviert <nicht dauerhaft>."},
			{Kind: ItemAction, Owner: "Herr Vogt", Due: "2026-12-10", Text: "Testplan schicken"},
		},
	}
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file:\ngot:\n%s\nwant:\n%s", name, got, want)
	}
}

func TestCanonicalGolden(t *testing.T) {
	c := Normalize(sample())
	canon := Canonical("PR-26-0001", 3, c)
	golden(t, "canonical.json", append(canon, '\n'))
	golden(t, "canonical.sha256", []byte(Hash(canon)+"\n"))
	if !strings.Contains(string(canon), `"title":"Planungsgespräch ERP-Update"`) {
		t.Errorf("title not NFC and trimmed: %s", canon)
	}
	if !strings.Contains(string(canon), `"date":"2026-12-01T09:00:00Z"`) {
		t.Errorf("date not in UTC RFC 3339: %s", canon)
	}
	if strings.Contains(string(canon), `\u003c`) || strings.Contains(string(canon), "\n") || strings.Contains(string(canon), ": ") {
		t.Errorf("canonical form has HTML escapes or whitespace: %s", canon)
	}
}

func TestCanonicalIsStable(t *testing.T) {
	a := sample()
	b := sample()
	b.Title = "Planungsgespräch ERP-Update" // NFC, no extra spaces
	b.Date = b.Date.UTC()
	b.Parties[0].Signers[0].Email = "anna@muster.example"
	ha := Hash(Canonical("PR-26-0001", 1, Normalize(a)))
	if hb := Hash(Canonical("PR-26-0001", 1, Normalize(b))); ha != hb {
		t.Fatalf("the same content in another spelling hashes differently: %s vs %s", ha, hb)
	}
	// Empty and nil lists encode alike.
	e1, e2 := Content{Title: "x"}, Content{Title: "x", Items: []Item{}, Attendees: []string{}}
	if !bytes.Equal(Canonical("a", 1, e1), Canonical("a", 1, e2)) {
		t.Fatal("nil and empty lists encode differently")
	}
	c := sample()
	c.Items[0].Text += "!"
	if Hash(Canonical("PR-26-0001", 1, Normalize(c))) == ha {
		t.Fatal("a changed item leaves the hash unchanged")
	}
	if Hash(Canonical("PR-26-0001", 2, Normalize(a))) == ha || Hash(Canonical("PR-26-0002", 1, Normalize(a))) == ha {
		t.Fatal("the hash does not bind id and version")
	}
}

// memStore is an in-process Store for the domain rules; the Redis store
// passes the same flows in redisstore's tests.
type memStore struct {
	mu    sync.Mutex
	seq   int
	ps    map[string]Protocol
	logs  map[string][]Entry
	conv  map[string]string
	links map[string]string
}

func newMem() *memStore {
	return &memStore{ps: map[string]Protocol{}, logs: map[string][]Entry{}, conv: map[string]string{}, links: map[string]string{}}
}

func (m *memStore) NextID(context.Context, time.Time) (string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.seq++
	return fmt.Sprintf("PR-26-%04d", m.seq), nil
}

func (m *memStore) Create(_ context.Context, p Protocol, first Entry) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.ps[p.ID], m.logs[p.ID], m.conv[p.Conv.Key()] = p, []Entry{first}, p.ID
	return nil
}

func (m *memStore) Apply(_ context.Context, p Protocol, prev string, es []Entry) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	cur, ok := m.ps[p.ID]
	if !ok {
		return ErrNotFound
	}
	if cur.Head != prev {
		return ErrConflict
	}
	m.ps[p.ID] = p
	m.logs[p.ID] = append(m.logs[p.ID], es...)
	return nil
}

func (m *memStore) Get(_ context.Context, id string) (Protocol, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	p, ok := m.ps[id]
	if !ok {
		return Protocol{}, ErrNotFound
	}
	p.Content = p.Content.Clone()
	p.Signatures = slices.Clone(p.Signatures)
	return p, nil
}

func (m *memStore) Log(_ context.Context, id string) ([]Entry, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return slices.Clone(m.logs[id]), nil
}

func (m *memStore) IDs(context.Context) ([]string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var ids []string
	for id := range m.ps {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids, nil
}

func (m *memStore) ByOrg(_ context.Context, org string) ([]string, error) {
	ids, _ := m.IDs(context.Background())
	m.mu.Lock()
	defer m.mu.Unlock()
	return slices.DeleteFunc(ids, func(id string) bool { return m.ps[id].Org != org }), nil
}

func (m *memStore) Signing(context.Context) ([]string, error) {
	ids, _ := m.IDs(context.Background())
	m.mu.Lock()
	defer m.mu.Unlock()
	return slices.DeleteFunc(ids, func(id string) bool { return m.ps[id].State != StateSigning }), nil
}

func (m *memStore) Active(_ context.Context, conv string) (string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	id, ok := m.conv[conv]
	if !ok {
		return "", ErrNotFound
	}
	return id, nil
}

func (m *memStore) LinkMessage(_ context.Context, msg, id string, v int, _ string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.links[msg] = fmt.Sprintf("%s|%d", id, v)
	return nil
}

func (m *memStore) ByMessage(_ context.Context, msg string) (string, int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	v, ok := m.links[msg]
	if !ok {
		return "", 0, ErrNotFound
	}
	var id string
	var n int
	_, _ = fmt.Sscanf(strings.Replace(v, "|", " ", 1), "%s %d", &id, &n)
	return id, n, nil
}

func newSvc(t *testing.T, st Store) *Service {
	t.Helper()
	s, err := NewService(st, Options{Key: testKey})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func actor(id Identity) Actor { return Actor{ID: id, Org: "acme"} }

// submitted creates the sample protocol and puts it up for signing.
func submitted(t *testing.T, s *Service) Protocol {
	t.Helper()
	ctx := context.Background()
	p, err := s.Create(ctx, "acme", Conversation{Platform: "web", Channel: "c-1"}, actor(anna), "de", Content{}, t0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Submit(ctx, p.ID, actor(anna), t0); !errors.Is(err, ErrIncomplete) {
		t.Fatalf("empty protocol submitted: %v", err)
	}
	ch, err := s.Edit(ctx, p.ID, actor(anna), func(c *Content) error { *c = sample(); return nil }, t0.Add(time.Minute))
	if err != nil || !ch.Changed || ch.Protocol.Version != 2 {
		t.Fatalf("edit: %+v %v", ch, err)
	}
	p, err = s.Submit(ctx, p.ID, actor(anna), t0.Add(2*time.Minute))
	if err != nil || p.State != StateSigning {
		t.Fatalf("submit: %+v %v", p, err)
	}
	return p
}

func TestSigningRules(t *testing.T) {
	ctx := context.Background()
	st := newMem()
	s := newSvc(t, st)
	p := submitted(t, s)
	stranger := Actor{ID: Identity{Platform: "web", User: "mallory"}, Org: "acme", Staff: true}
	if _, err := s.Sign(ctx, p.ID, 0, stranger, t0); !errors.Is(err, ErrNotSigner) {
		t.Fatalf("a non-signer (even staff) signed: %v", err)
	}
	if _, err := s.Sign(ctx, p.ID, 1, actor(anna), t0); !errors.Is(err, ErrStaleVersion) {
		t.Fatalf("signing an old version: %v", err)
	}
	r, err := s.Sign(ctx, p.ID, p.Version, actor(anna), t0.Add(3*time.Minute))
	if err != nil || r.Completed || r.Signature.Hash != p.Hash || r.Signature.Version != 2 {
		t.Fatalf("first signature: %+v %v", r, err)
	}
	if _, err := s.Sign(ctx, p.ID, 0, actor(anna), t0); !errors.Is(err, ErrAlreadySigned) {
		t.Fatalf("signed twice: %v", err)
	}
	// An edit after the first signature makes version 3 and clears anna's.
	ch, err := s.Edit(ctx, p.ID, actor(vera), func(c *Content) error {
		c.Items = append(c.Items, Item{Kind: ItemDecision, Text: "Rollback bis 12 Uhr möglich"})
		return nil
	}, t0.Add(4*time.Minute))
	if err != nil || ch.Protocol.Version != 3 || len(ch.Cleared) != 1 || ch.Cleared[0].Signer != anna {
		t.Fatalf("edit after signing: %+v %v", ch, err)
	}
	if got := ch.Protocol.Pending(); len(got) != 3 || ch.Protocol.Binding() {
		t.Fatalf("after the edit %d pending, want all 3", len(got))
	}
	for i, who := range []Identity{vera, anna, paul} {
		r, err = s.Sign(ctx, p.ID, 3, actor(who), t0.Add(time.Duration(5+i)*time.Minute))
		if err != nil {
			t.Fatal(err)
		}
	}
	if !r.Completed || r.Protocol.State != StateComplete || !r.Protocol.Binding() {
		t.Fatalf("all signed version 3 but not complete: %+v", r.Protocol)
	}
	if _, err := s.Edit(ctx, p.ID, actor(anna), func(c *Content) error { c.Title = "x"; return nil }, t0); !errors.Is(err, ErrComplete) {
		t.Fatalf("a binding protocol was edited: %v", err)
	}
	rep, err := s.Verify(ctx, p.ID)
	if err != nil || !rep.OK() {
		t.Fatalf("untouched protocol does not verify: %v %v", rep.Findings, err)
	}
	log, _ := st.Log(ctx, p.ID)
	var types []string
	for _, e := range log {
		types = append(types, string(e.Type))
	}
	if got := strings.Join(types, ","); got != "created,edited,submitted,signed,edited,signed,signed,signed,completed" {
		t.Fatalf("log = %s", got)
	}
}

func TestConcurrentSignaturesInMemory(t *testing.T) {
	ctx := context.Background()
	s := newSvc(t, newMem())
	p, _ := s.Create(ctx, "acme", Conversation{Platform: "web", Channel: "c"}, actor(anna), "de", Content{}, t0)
	var ids []Identity
	_, err := s.Edit(ctx, p.ID, actor(anna), func(c *Content) error {
		*c = sample()
		c.Parties[0].Signers = nil
		for i := range 20 {
			id := Identity{Platform: "web", User: fmt.Sprintf("s%02d", i)}
			ids = append(ids, id)
			c.Parties[0].Signers = append(c.Parties[0].Signers, Signer{ID: id, Name: id.User, Email: id.User + "@x.example"})
		}
		c.Parties = c.Parties[:1]
		return nil
	}, t0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Submit(ctx, p.ID, actor(anna), t0); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	var completed sync.Map
	for _, id := range ids {
		wg.Go(func() {
			r, err := s.Sign(ctx, p.ID, 0, Actor{ID: id}, t0)
			if err != nil {
				t.Error(err)
			}
			if r.Completed {
				completed.Store(id, true)
			}
		})
	}
	wg.Wait()
	got, _ := s.Get(ctx, p.ID)
	n := 0
	completed.Range(func(any, any) bool { n++; return true })
	if len(got.Current()) != 20 || got.State != StateComplete || n != 1 {
		t.Fatalf("%d signatures, state %s, %d completions; want 20, complete, 1", len(got.Current()), got.State, n)
	}
}

func TestParseLines(t *testing.T) {
	pc := ParseContext{Platform: "slack", Self: Identity{Platform: "slack", User: "U0SELF"}, Loc: berlin, Now: t0}
	text := "Titel: Planungsgespräch ERP\n" +
		"Datum: 01.12.2026 10:00\n" +
		"Kunde: Muster GmbH\n" +
		"Unterzeichner Kunde: <@U0ANNA> Anna Becker anna@muster.example\n" +
		"Unterzeichner Hersteller: <@U0VERA|vera> Vera Vogt, vera@erp.example; ich Sam Self\n" +
		"Teilnehmer: Anna Becker, Vera Vogt\n" +
		"• Entscheidung: Update am Samstag\n" +
		"- Vereinbarung: Zugang nur während des Updates\n" +
		"Aufgabe: Herr Vogt bis 10.12.: Testplan schicken\n" +
		"Action: Bob by 2026-12-11: send the test plan\n" +
		"Das hier ist kein Feld\n" +
		"Unterzeichner Kunde: Anna Becker\n" +
		"Datum: am Sankt-Nimmerleins-Tag\n"
	got := Parse(text, pc)
	if len(got.Unknown) != 1 || got.Unknown[0] != "Das hier ist kein Feld" {
		t.Fatalf("unknown = %q", got.Unknown)
	}
	var c Content
	var errs []string
	for _, l := range got.Lines {
		if l.Err != nil {
			errs = append(errs, l.Field+": "+l.Err.Error())
			continue
		}
		if err := l.Apply(&c); err != nil {
			t.Fatal(err)
		}
	}
	if len(errs) != 2 || !strings.Contains(errs[0], "not a platform identity") || !strings.Contains(errs[1], "date") {
		t.Fatalf("errors = %q: a typed name must not become a signer, a bad date must be named", errs)
	}
	c = Normalize(c)
	if c.Title != "Planungsgespräch ERP" || !c.Date.Equal(time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)) {
		t.Fatalf("title/date = %q %v", c.Title, c.Date)
	}
	if s, role, ok := c.SignerOf(Identity{Platform: "slack", User: "U0ANNA"}); !ok || role != RoleClient || s.Email != "anna@muster.example" || s.Name != "Anna Becker" {
		t.Fatalf("anna = %+v %s %v", s, role, ok)
	}
	if _, role, ok := c.SignerOf(Identity{Platform: "slack", User: "U0VERA"}); !ok || role != RoleVendor {
		t.Fatal("vera not a vendor signer")
	}
	if s, _, ok := c.SignerOf(pc.Self); !ok || s.Name != "Sam Self" || s.Email != "" {
		t.Fatalf("'ich' = %+v %v", s, ok)
	}
	if len(c.Items) != 4 || c.Items[2].Owner != "Herr Vogt" || c.Items[2].Due != "2026-12-10" || c.Items[3].Due != "2026-12-11" || c.Items[3].Owner != "Bob" {
		t.Fatalf("items = %+v", c.Items)
	}
	if ne := c.NoEmail(); len(ne) != 1 || ne[0].ID != pc.Self {
		t.Fatalf("without e-mail = %v, want the signer without one", ne)
	}
	if m := c.Missing(); slices.Contains(m, "email:slack:U0SELF") {
		t.Fatalf("missing = %v: an e-mail address is no condition for signing", m)
	}
	// On the JSON API @user names an API user; on Slack a typed @name is not a mention.
	if id, ok := ParseIdentity("@vera", ParseContext{Platform: "web"}); !ok || id != vera {
		t.Fatalf("web @vera = %v %v", id, ok)
	}
	if _, ok := ParseIdentity("@vera", pc); ok {
		t.Fatal("a typed @name on Slack was taken as an identity")
	}
	if _, ok := ParseIdentity("<@U0ANNA>", ParseContext{Platform: "web"}); ok {
		t.Fatal("a Slack mention on the JSON API was taken as an identity")
	}
}

func TestExportsCarryHashesAndSignatures(t *testing.T) {
	ctx := context.Background()
	s := newSvc(t, newMem())
	p := submitted(t, s)
	var r Signed
	for _, who := range []Identity{anna, vera, paul} {
		var err error
		if r, err = s.Sign(ctx, p.ID, 0, actor(who), t0.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
	}
	p = r.Protocol
	md := Markdown(p, s.Fingerprint(), berlin, "de")
	golden(t, "export.md", md)
	for _, want := range []string{p.Hash, "Paul Pröll", "Entscheidung: Das Update läuft", "verbindlich", s.Fingerprint()} {
		if !bytes.Contains(md, []byte(want)) {
			t.Errorf("Markdown lacks %q", want)
		}
	}
	raw, err := PDF(p, s.Fingerprint(), berlin, "de")
	if err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, raw)
	for _, want := range []string{"Planungsgespräch ERP-Update", "Paul Pröll", "Das Update läuft am Samstag", strings.TrimPrefix(p.Hash, "sha256:")[:40], "Unterschriften", "Schlüssel des Bots"} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF text lacks %q:\n%s", want, text)
		}
	}
}

// pdfText extracts the plain text of a PDF, without line breaks (a long
// hash may wrap).
func pdfText(t *testing.T, raw []byte) string {
	t.Helper()
	r, err := pdf.NewReader(bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		t.Fatalf("PDF does not open: %v", err)
	}
	var b strings.Builder
	for i := 1; i <= r.NumPage(); i++ {
		pg := r.Page(i)
		if pg.V.IsNull() {
			continue
		}
		rows, err := pg.GetTextByRow()
		if err != nil {
			t.Fatal(err)
		}
		for _, row := range rows {
			for _, w := range row.Content {
				b.WriteString(w.S)
			}
		}
	}
	return b.String()
}

// TestEveryFindingHasGerman keeps the German catalogue complete: every
// format string passed to bad() in verify.go has a German entry with the
// same verbs.
func TestEveryFindingHasGerman(t *testing.T) {
	src, err := os.ReadFile("verify.go")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, part := range strings.Split(string(src), "bad(\"")[1:] {
		format := part[:strings.Index(part, "\"")]
		n++
		de, ok := findingsDE[format]
		if !ok {
			t.Errorf("no German for %q", format)
			continue
		}
		if strings.Count(de, "%") != strings.Count(format, "%") {
			t.Errorf("German of %q has other verbs: %q", format, de)
		}
	}
	if n < 20 {
		t.Fatalf("found only %d findings in verify.go", n)
	}
}

// TestParseCorrection: "Korrektur: Entscheidung: …" replaces the last
// decision instead of adding one (probe set L: it was taken as an unknown
// line and a second decision); a correction of the title sets it again.
// TestParseSelfAndToDo: "ich selbst, Gesa Hinrichs, …" names the writer
// with the name after "selbst", and "To do:" is a task like "To-do:"
// (probe set AA: "selbst" was taken into the name, "To do:" not read).
func TestParseSelfAndToDo(t *testing.T) {
	pc := ParseContext{Platform: "slack", Self: Identity{Platform: "slack", User: "U0SELF"}, Loc: berlin, Now: t0}
	got := Parse("Unterzeichner Kunde: ich selbst, Gesa Hinrichs, g.hinrichs@example.org\nTo do: Piotr sends the checklist by 2026-12-14", pc)
	if len(got.Unknown) != 0 || len(got.Lines) != 2 {
		t.Fatalf("lines %d, unknown %q", len(got.Lines), got.Unknown)
	}
	var c Content
	for _, l := range got.Lines {
		if l.Err != nil {
			t.Fatalf("%s: %v", l.Field, l.Err)
		}
		if err := l.Apply(&c); err != nil {
			t.Fatal(err)
		}
	}
	if s, role, ok := c.SignerOf(pc.Self); !ok || role != RoleClient || s.Name != "Gesa Hinrichs" || s.Email != "g.hinrichs@example.org" {
		t.Errorf("'ich selbst' = %+v %s %v", s, role, ok)
	}
	if len(c.Items) != 1 || c.Items[0].Kind != "action" || !strings.HasPrefix(c.Items[0].Text, "Piotr sends") {
		t.Errorf("items = %+v", c.Items)
	}
}

func TestParseCorrection(t *testing.T) {
	pc := ParseContext{Platform: "web", Self: Identity{Platform: "web", User: "me"}, Loc: berlin, Now: t0}
	var c Content
	for _, text := range []string{
		"Entscheidung: Leasing bis März\nVereinbarung: Wartung inklusive\nEntscheidung: Drucker bleiben im Flur",
		"Korrektur: Entscheidung: Drucker kommen ins Lager",
		"Correction – agreement: maintenance included until April",
		"Korrektur: Titel: Druckerleasing 2027",
	} {
		p := Parse(text, pc)
		if len(p.Unknown) != 0 {
			t.Fatalf("Parse(%q): unknown lines %q", text, p.Unknown)
		}
		for _, l := range p.Lines {
			if err := l.Apply(&c); err != nil {
				t.Fatalf("%q: %v", l.Raw, err)
			}
		}
	}
	var got []string
	for _, it := range c.Items {
		got = append(got, it.Text)
	}
	want := []string{"Leasing bis März", "maintenance included until April", "Drucker kommen ins Lager"}
	if !slices.Equal(got, want) || c.Title != "Druckerleasing 2027" {
		t.Fatalf("items %q, title %q; want %q and the corrected title", got, c.Title, want)
	}
	if p := Parse("Korrektur: Entscheidung: X", pc); len(p.Lines) != 1 || p.Lines[0].Corrects != "X" {
		t.Fatalf("a correction line: %+v", p.Lines)
	}
}

// TestParseDescribedSignersAndLists: probe set AI's way of writing a
// protocol in one message: signers described before their identities
// ("our managing director @md and the vendor's project lead @vl – not me,
// I'm just taking the notes"), and lists of items behind a plural label
// ("Decisions: 1) … 2) …", "Aufgaben: …; …"). Before, the descriptions
// were refused as typed names, "not me" made the writer a signer, and a
// plural label was no line at all.
func TestParseDescribedSignersAndLists(t *testing.T) {
	pc := ParseContext{Platform: "web", Self: Identity{Platform: "web", User: "writer"}, Loc: berlin, Now: t0}
	got := Parse("Signers: our managing director @md and the vendor's project lead @vl – not me, I'm just taking the notes.\n"+
		"Decisions: 1) The ERP moves to SRV-02. 2) Access only in a booked window.\n"+
		"Aufgaben: Hersteller schickt die Anforderungen; Frau Berg sammelt die Lizenzschlüssel", pc)
	if len(got.Unknown) != 0 {
		t.Fatalf("unknown lines %q", got.Unknown)
	}
	var c Content
	for _, l := range got.Lines {
		if l.Err != nil || l.Skipped != "" {
			t.Fatalf("%s: err %v, skipped %q", l.Field, l.Err, l.Skipped)
		}
		if err := l.Apply(&c); err != nil {
			t.Fatal(err)
		}
	}
	if _, _, ok := c.SignerOf(pc.Self); ok {
		t.Errorf("'not me' made the writer a signer: %+v", c.Parties)
	}
	if _, role, ok := c.SignerOf(Identity{Platform: "web", User: "md"}); !ok || role != RoleClient {
		t.Errorf("our managing director: role %s, signer %v", role, ok)
	}
	if _, role, ok := c.SignerOf(Identity{Platform: "web", User: "vl"}); !ok || role != RoleVendor {
		t.Errorf("the vendor's project lead: role %s, signer %v", role, ok)
	}
	var kinds []string
	for _, it := range c.Items {
		kinds = append(kinds, string(it.Kind)+": "+it.Text)
	}
	want := []string{"decision: The ERP moves to SRV-02.", "decision: Access only in a booked window.",
		"action: Hersteller schickt die Anforderungen", "action: Frau Berg sammelt die Lizenzschlüssel"}
	if !slices.Equal(kinds, want) {
		t.Errorf("items %q, want %q", kinds, want)
	}
}
