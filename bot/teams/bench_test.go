package teams

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// BenchmarkVerify: checking one Bot Connector token (RS256 signature,
// claims, endorsement), the cost every request pays first.
func BenchmarkVerify(b *testing.B) {
	en := newEnv(b, nil, nil)
	header := "Bearer " + en.ms.Sign(b, en.ms.Claims(en.ms.ServiceURL(), time.Now()))
	v := en.a.currentVerifier()
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := v.verify(ctx, header); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEvents: parsing and normalising a channel message activity.
func BenchmarkEvents(b *testing.B) {
	body, err := os.ReadFile(filepath.Join("testdata", "message_channel_mention.json"))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		var act activity
		if err := json.Unmarshal(body, &act); err != nil {
			b.Fatal(err)
		}
		if len(act.events()) != 1 {
			b.Fatal("no event")
		}
	}
}
