package redisstore_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/mspbot/mspbot/bot"
	"github.com/mspbot/mspbot/internal/redistest"
	"github.com/mspbot/mspbot/protocols"
	"github.com/mspbot/mspbot/redisstore"
)

var (
	protoKey = ed25519.NewKeyFromSeed(bytes.Repeat([]byte{9}, 32))
	pAnna    = protocols.Identity{Platform: "web", User: "anna"}
	pVera    = protocols.Identity{Platform: "web", User: "vera"}
)

func protoContent(signers ...protocols.Identity) protocols.Content {
	c := protocols.Content{Title: "Planungsgespräch ERP-Update", Date: t0,
		Items: []protocols.Item{{Kind: protocols.ItemDecision, Text: "Update am Samstag"}}}
	for i, s := range signers {
		role := protocols.RoleClient
		if i%2 == 1 {
			role = protocols.RoleVendor
		}
		p := c.Party(role, true)
		p.Signers = append(p.Signers, protocols.Signer{ID: s, Name: s.User, Email: s.User + "@x.example"})
	}
	return c
}

type protoWorld struct {
	rdb  redis.UniversalClient
	keys redisstore.Keys
	st   *redisstore.Protocols
	svc  *protocols.Service
}

func newProtoWorld(t *testing.T, rdb redis.UniversalClient) *protoWorld {
	t.Helper()
	keys := redisstore.Keys{Prefix: "pr" + bot.NewID(4)}
	st := redisstore.NewProtocols(rdb, keys)
	svc, err := protocols.NewService(st, protocols.Options{Key: protoKey})
	if err != nil {
		t.Fatal(err)
	}
	return &protoWorld{rdb: rdb, keys: keys, st: st, svc: svc}
}

// signed makes a protocol that version 1 was signed by anna, then edited to
// version 2 and signed by both: binding.
func (w *protoWorld) signed(t *testing.T) protocols.Protocol {
	t.Helper()
	ctx := context.Background()
	a := protocols.Actor{ID: pAnna, Org: "acme"}
	p, err := w.svc.Create(ctx, "acme", protocols.Conversation{Platform: "web", Channel: "c-1"}, a, "de", protoContent(pAnna, pVera), t0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.svc.Submit(ctx, p.ID, a, t0); err != nil {
		t.Fatal(err)
	}
	if _, err := w.svc.Sign(ctx, p.ID, 1, a, t0.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	if _, err := w.svc.Edit(ctx, p.ID, a, func(c *protocols.Content) error {
		c.Items = append(c.Items, protocols.Item{Kind: protocols.ItemAction, Owner: "Vera", Text: "Testplan"})
		return nil
	}, t0.Add(2*time.Minute)); err != nil {
		t.Fatal(err)
	}
	for _, who := range []protocols.Identity{pVera, pAnna} {
		if _, err := w.svc.Sign(ctx, p.ID, 2, protocols.Actor{ID: who}, t0.Add(3*time.Minute)); err != nil {
			t.Fatal(err)
		}
	}
	p, err = w.svc.Get(ctx, p.ID)
	if err != nil || p.State != protocols.StateComplete {
		t.Fatalf("not complete: %+v %v", p, err)
	}
	if r, err := w.svc.Verify(ctx, p.ID); err != nil || !r.OK() {
		t.Fatalf("untouched protocol: %v %v", r.Findings, err)
	}
	return p
}

func TestProtocolStoreFlow(t *testing.T) {
	backends(t, func(t *testing.T, rdb redis.UniversalClient) {
		ctx := context.Background()
		w := newProtoWorld(t, rdb)
		p := w.signed(t)
		if p.ID != "PR-26-0001" {
			t.Fatalf("id %s", p.ID)
		}
		got, err := w.svc.Active(ctx, protocols.Conversation{Platform: "web", Channel: "c-1"})
		if err != nil || got.ID != p.ID {
			t.Fatalf("active = %v %v", got.ID, err)
		}
		if err := w.svc.Link(ctx, "web/c-1/m-1", p.ID, 2); err != nil {
			t.Fatal(err)
		}
		if id, v, err := w.svc.ByMessage(ctx, "web/c-1/m-1"); err != nil || id != p.ID || v != 2 {
			t.Fatalf("by message = %s %d %v", id, v, err)
		}
		if own, _ := w.svc.ForClient(ctx, "acme"); len(own) != 1 {
			t.Fatalf("acme finds %d protocols", len(own))
		}
		if other, _ := w.svc.ForClient(ctx, "beta"); len(other) != 0 {
			t.Fatalf("beta finds acme's protocol")
		}
		if ids, _ := w.st.Signing(ctx); len(ids) != 0 {
			t.Fatalf("complete protocol still waiting for signatures: %v", ids)
		}
		reps, err := protocols.VerifyAll(ctx, w.st, protoKey.Public().(ed25519.PublicKey))
		if err != nil || len(reps) != 1 || !reps[0].OK() {
			t.Fatalf("verify all: %+v %v", reps, err)
		}
		// A protocol deleted by hand is named by verify all.
		rdb.Del(ctx, w.keys.Protocol(p.ID))
		reps, err = protocols.VerifyAll(ctx, w.st, protoKey.Public().(ed25519.PublicKey))
		if err != nil || len(reps) != 1 || reps[0].OK() || !strings.Contains(reps[0].Findings[0], "deleted outside the bot") {
			t.Fatalf("verify all after deleting: %+v %v", reps, err)
		}
	})
}

// TestConcurrentProtocolSignatures signs with many goroutines at once
// against real Redis: every signature is kept and exactly one completes.
func TestConcurrentProtocolSignatures(t *testing.T) {
	backends(t, func(t *testing.T, rdb redis.UniversalClient) {
		ctx := context.Background()
		w := newProtoWorld(t, rdb)
		var ids []protocols.Identity
		for i := range 24 {
			ids = append(ids, protocols.Identity{Platform: "web", User: fmt.Sprintf("s%02d", i)})
		}
		a := protocols.Actor{ID: ids[0]}
		p, err := w.svc.Create(ctx, "acme", protocols.Conversation{Platform: "web", Channel: "c-2"}, a, "de", protoContent(ids...), t0)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.Submit(ctx, p.ID, a, t0); err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		var mu sync.Mutex
		completions := 0
		for _, id := range ids {
			wg.Go(func() {
				r, err := w.svc.Sign(ctx, p.ID, 1, protocols.Actor{ID: id}, t0.Add(time.Minute))
				if err != nil {
					t.Errorf("%s: %v", id, err)
					return
				}
				if r.Completed {
					mu.Lock()
					completions++
					mu.Unlock()
				}
			})
		}
		wg.Wait()
		got, _ := w.svc.Get(ctx, p.ID)
		if len(got.Current()) != len(ids) || got.State != protocols.StateComplete || completions != 1 {
			t.Fatalf("%d of %d signatures kept, state %s, %d completions", len(got.Current()), len(ids), got.State, completions)
		}
		log, _ := w.st.Log(ctx, p.ID)
		if len(log) != 2+len(ids)+1 {
			t.Fatalf("log has %d entries, want %d", len(log), 3+len(ids))
		}
		if r, _ := w.svc.Verify(ctx, p.ID); !r.OK() {
			t.Fatalf("after concurrent signing: %v", r.Findings)
		}
	})
}

// TestVerifyFindsTampering changes a signed protocol directly in Redis in
// every way and checks that verification names what was done.
func TestVerifyFindsTampering(t *testing.T) {
	type tamper func(t *testing.T, w *protoWorld, p protocols.Protocol)
	editJSON := func(t *testing.T, w *protoWorld, id string, f func(m map[string]any)) {
		t.Helper()
		ctx := context.Background()
		d, err := w.rdb.HGet(ctx, w.keys.Protocol(id), "d").Result()
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		_ = json.Unmarshal([]byte(d), &m)
		f(m)
		b, _ := json.Marshal(m)
		w.rdb.HSet(ctx, w.keys.Protocol(id), "d", b)
	}
	editEntry := func(t *testing.T, w *protoWorld, id string, i int64, f func(m map[string]any)) {
		t.Helper()
		ctx := context.Background()
		raw, err := w.rdb.LIndex(ctx, w.keys.ProtocolLog(id), i).Result()
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		_ = json.Unmarshal([]byte(raw), &m)
		f(m)
		b, _ := json.Marshal(m)
		w.rdb.LSet(ctx, w.keys.ProtocolLog(id), i, b)
	}
	cases := []struct {
		name  string
		do    tamper
		wants []string
	}{
		{"content edited", func(t *testing.T, w *protoWorld, p protocols.Protocol) {
			editJSON(t, w, p.ID, func(m map[string]any) {
				m["content"].(map[string]any)["title"] = "Planungsgespräch ohne Update"
			})
		}, []string{"content of PR-26-0001 was changed outside the bot", "differs from version 2"}},
		{"item changed", func(t *testing.T, w *protoWorld, p protocols.Protocol) {
			editJSON(t, w, p.ID, func(m map[string]any) {
				items := m["content"].(map[string]any)["items"].([]any)
				items[0].(map[string]any)["text"] = "Update am Sonntag"
			})
		}, []string{"was changed outside the bot"}},
		{"signature swapped to another version", func(t *testing.T, w *protoWorld, p protocols.Protocol) {
			v1 := p.Signatures[0] // anna's signature of version 1
			editJSON(t, w, p.ID, func(m map[string]any) {
				sigs := m["signatures"].([]any)
				last := sigs[len(sigs)-1].(map[string]any) // anna's of version 2
				last["version"] = float64(2)
				last["hash"] = v1.Hash
				last["attestation"] = v1.Attestation
			})
		}, []string{"the signature of web:anna names version 2 but signed hash", "is not in the log"}},
		{"signature moved to the old version", func(t *testing.T, w *protoWorld, p protocols.Protocol) {
			editJSON(t, w, p.ID, func(m map[string]any) {
				sigs := m["signatures"].([]any)
				sigs[1].(map[string]any)["version"] = float64(1) // vera's
			})
		}, []string{"the signature of web:vera names version 1 but signed hash", "attestation of the signature of web:vera (version 1) does not verify", "has not signed version 2"}},
		{"signature forged with another key", func(t *testing.T, w *protoWorld, p protocols.Protocol) {
			other := ed25519.NewKeyFromSeed(bytes.Repeat([]byte{1}, 32))
			sig := p.Signatures[1]
			editJSON(t, w, p.ID, func(m map[string]any) {
				sigs := m["signatures"].([]any)
				s := sigs[1].(map[string]any)
				s["attestation"] = signWith(other, p.ID, sig)
			})
		}, []string{"attestation of the signature of web:vera (version 2) does not verify"}},
		{"log entry deleted", func(t *testing.T, w *protoWorld, p protocols.Protocol) {
			ctx := context.Background()
			raw, _ := w.rdb.LIndex(ctx, w.keys.ProtocolLog(p.ID), 2).Result()
			w.rdb.LRem(ctx, w.keys.ProtocolLog(p.ID), 1, raw)
		}, []string{"log entry 3 (edited) has sequence number 4", "does not name the hash of the entry before it", "is not in the log"}},
		{"last log entry deleted", func(t *testing.T, w *protoWorld, p protocols.Protocol) {
			w.rdb.RPop(context.Background(), w.keys.ProtocolLog(p.ID))
		}, []string{"names log entry 7", "the log has 6 entries", "no completed entry for version 2"}},
		{"log entries reordered", func(t *testing.T, w *protoWorld, p protocols.Protocol) {
			ctx := context.Background()
			k := w.keys.ProtocolLog(p.ID)
			a, _ := w.rdb.LIndex(ctx, k, 4).Result()
			b, _ := w.rdb.LIndex(ctx, k, 5).Result()
			w.rdb.LSet(ctx, k, 4, b)
			w.rdb.LSet(ctx, k, 5, a)
		}, []string{"log entry 5 (signed) has sequence number 6: entries are missing or reordered", "log entry 6 (signed) has sequence number 5"}},
		{"log entry altered", func(t *testing.T, w *protoWorld, p protocols.Protocol) {
			editEntry(t, w, p.ID, 3, func(m map[string]any) { m["by"] = "web:mallory" })
		}, []string{"log entry 4 (edited) was altered"}},
		{"content in the log altered", func(t *testing.T, w *protoWorld, p protocols.Protocol) {
			editEntry(t, w, p.ID, 0, func(m map[string]any) { m["content"].(map[string]any)["title"] = "anders" })
		}, []string{"log entry 1 (created) was altered", "version 1's content hashes to"}},
		{"protocol garbled", func(t *testing.T, w *protoWorld, p protocols.Protocol) {
			w.rdb.HSet(context.Background(), w.keys.Protocol(p.ID), "d", "{\"id\":")
		}, []string{"the stored protocol PR-26-0001 cannot be read"}},
		{"log entry garbled", func(t *testing.T, w *protoWorld, p protocols.Protocol) {
			w.rdb.LSet(context.Background(), w.keys.ProtocolLog(p.ID), 1, "{not json")
		}, []string{"log entry 2 cannot be read"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			w := newProtoWorld(t, redistestOpen(t))
			p := w.signed(t)
			tc.do(t, w, p)
			r, err := w.svc.Verify(ctx, p.ID)
			if err != nil {
				t.Fatal(err)
			}
			if r.OK() {
				t.Fatal("tampering not detected")
			}
			all := strings.Join(r.Findings, "\n")
			for _, want := range tc.wants {
				if !strings.Contains(all, want) {
					t.Errorf("findings lack %q:\n%s", want, all)
				}
			}
		})
	}
}

func signWith(key ed25519.PrivateKey, id string, s protocols.Signature) string {
	return base64Std(ed25519.Sign(key, protocols.Statement(id, s)))
}

func redistestOpen(t *testing.T) redis.UniversalClient {
	return redistest.Open(t, redistest.DBRedisStore)
}

func base64Std(b []byte) string { return base64.StdEncoding.EncodeToString(b) }
