package protocols

import (
	"bytes"
	"encoding/json"
	"testing"
	"unicode/utf8"
)

// FuzzParse feeds arbitrary text (also invalid UTF-8) to the line parser:
// it never panics, and whatever it applies yields content whose canonical
// form is valid JSON and stable under normalising again.
func FuzzParse(f *testing.F) {
	for _, s := range []string{protoSeed, "Aufgabe: Herr X bis 15.12.: Backup prüfen", "Datum: 31.02.2026", "Unterzeichner Kunde: <@U1> A a@b.c; ich B",
		"Punkt 0 löschen", "E-Mail @x: y@z", "\xff\xfe", "Titel:\n\n\n-", "Action: by 2026-13-40: x"} {
		f.Add(s)
	}
	pc := ParseContext{Platform: "web", Self: anna, Loc: berlin, Now: t0}
	f.Fuzz(func(t *testing.T, text string) {
		var c Content
		for _, l := range Parse(text, pc).Lines {
			if l.Err == nil {
				_ = l.Apply(&c)
			}
		}
		n := Normalize(c)
		canon := Canonical("PR-26-0001", 1, n)
		if !json.Valid(canon) || !utf8.Valid(canon) && utf8.ValidString(text) {
			t.Fatalf("canonical form not valid JSON: %q", canon)
		}
		if again := Canonical("PR-26-0001", 1, Normalize(n)); !bytes.Equal(again, canon) {
			t.Fatalf("normalising twice changes the canonical form:\n%s\n%s", canon, again)
		}
	})
}

const protoSeed = "Titel: Planungsgespräch\nDatum: 01.12.2026 10:00\nUnterzeichner Kunde: ich Anna anna@x.example\nEntscheidung: ja"

func BenchmarkCanonicalHash(b *testing.B) {
	c := Normalize(sample())
	for b.Loop() {
		_ = Hash(Canonical("PR-26-0001", 3, c))
	}
}

func BenchmarkVerify(b *testing.B) {
	st := newMem()
	s, _ := NewService(st, Options{Key: testKey})
	p := submittedB(b, s)
	log, _ := st.Log(b.Context(), p.ID)
	pub := s.PublicKey()
	b.ResetTimer()
	for b.Loop() {
		if r := Verify(p, log, pub); !r.OK() {
			b.Fatal(r.Findings)
		}
	}
}

func submittedB(b *testing.B, s *Service) Protocol {
	ctx := b.Context()
	p, _ := s.Create(ctx, "acme", Conversation{Platform: "web", Channel: "c"}, actor(anna), "de", sample(), t0)
	p, _ = s.Submit(ctx, p.ID, actor(anna), t0)
	for _, who := range []Identity{anna, vera, paul} {
		r, err := s.Sign(ctx, p.ID, 0, actor(who), t0)
		if err != nil {
			b.Fatal(err)
		}
		p = r.Protocol
	}
	return p
}
