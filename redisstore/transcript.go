package redisstore

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/mspbot/mspbot/bot"
)

// Transcripts keeps, per conversation, the messages the bot posted there, so
// that an API client or the web chat page can read them back, proactive
// messages included.
type Transcripts struct {
	rdb  redis.UniversalClient
	keys Keys
	max  int64
	ttl  time.Duration
}

// TranscriptOptions configure Transcripts. Zero values mean the defaults.
type TranscriptOptions struct {
	Keys Keys
	// Max is how many messages a conversation keeps, newest last
	// (default 500).
	Max int
	// TTL is how long a conversation's messages live after the last one
	// (default 7 days).
	TTL time.Duration
}

// NewTranscripts returns a transcript store on rdb.
func NewTranscripts(rdb redis.UniversalClient, opts TranscriptOptions) *Transcripts {
	if opts.Max <= 0 {
		opts.Max = 500
	}
	if opts.TTL <= 0 {
		opts.TTL = 7 * 24 * time.Hour
	}
	return &Transcripts{rdb: rdb, keys: opts.Keys, max: int64(opts.Max), ttl: opts.TTL}
}

// storedSent is one transcript entry: the message id, text, buttons, meta
// and time (unix ms). The conversation is the key's, so it is not repeated. Entries
// written before this format (a whole bot.Sent) are still read.
type storedSent struct {
	ID      string       `json:"i,omitempty"`
	Text    string       `json:"t,omitempty"`
	Buttons []bot.Button `json:"b,omitempty"`
	At      int64        `json:"a,omitempty"`
	Meta    *storedMeta  `json:"m,omitempty"`

	OldRef     *bot.Ref     `json:"ref,omitempty"`
	OldText    string       `json:"text,omitempty"`
	OldButtons []bot.Button `json:"buttons,omitempty"`
	OldTime    time.Time    `json:"time,omitzero"`
}

// storedMeta is bot.Meta without its empty fields (an idle conversation's
// transcript is most of its memory): the verdicts only when they are more
// than the one verdict, no null dialogue or empty asks. It reads back as
// the Meta it was.
type storedMeta struct {
	Intent   string      `json:"i,omitempty"`
	Lang     string      `json:"l,omitempty"`
	Verdict  string      `json:"v,omitempty"`
	Verdicts []string    `json:"vs,omitempty"`
	Sources  []string    `json:"s,omitempty"`
	Dialogue string      `json:"d,omitempty"`
	Asks     []string    `json:"a,omitempty"`
	Record   *bot.Record `json:"r,omitempty"`
}

func storeMeta(m *bot.Meta) *storedMeta {
	if m == nil {
		return nil
	}
	s := &storedMeta{Intent: m.Intent, Lang: m.Lang, Verdict: m.Verdict, Sources: m.Sources, Asks: m.Asks, Record: m.Record}
	if !(len(m.Verdicts) == 1 && m.Verdicts[0] == m.Verdict) {
		s.Verdicts = m.Verdicts
	}
	if m.Dialogue != nil {
		s.Dialogue = *m.Dialogue
	}
	return s
}

func (s *storedMeta) meta() *bot.Meta {
	if s == nil {
		return nil
	}
	m := &bot.Meta{Intent: s.Intent, Lang: s.Lang, Verdict: s.Verdict, Verdicts: s.Verdicts, Sources: s.Sources,
		Asks: s.Asks, Record: s.Record}
	if m.Verdicts == nil && m.Verdict != "" {
		m.Verdicts = []string{m.Verdict}
	}
	if s.Dialogue != "" {
		d := s.Dialogue
		m.Dialogue = &d
	}
	return m.Normalized()
}

// Append adds m to its conversation's transcript, trims it to Max and renews
// its expiry, in one round trip.
func (t *Transcripts) Append(ctx context.Context, m bot.Sent) error {
	data, err := t.entry(m)
	if err != nil {
		return fmt.Errorf("append transcript: %w", err)
	}
	key := t.keys.Transcript(m.Ref.Conversation())
	_, err = t.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.RPush(ctx, key, data)
		p.LTrim(ctx, key, -t.max, -1)
		p.PExpire(ctx, key, t.ttl)
		return nil
	})
	if err != nil {
		return fmt.Errorf("append transcript: %w", err)
	}
	return nil
}

// appendOnceScript appends an entry unless the once key names an earlier
// one, trims and renews the transcript, and keeps the once key as long.
//
//	KEYS[1] transcript   KEYS[2] once key
//	ARGV[1] entry   ARGV[2] the message's id   ARGV[3] length as a negative number   ARGV[4] expiry in ms
//
// Returns the id of the message stored under the once key.
var appendOnceScript = redis.NewScript(`
local had = redis.call("GET", KEYS[2])
if had then return had end
redis.call("RPUSH", KEYS[1], ARGV[1])
redis.call("LTRIM", KEYS[1], ARGV[3], -1)
redis.call("PEXPIRE", KEYS[1], ARGV[4])
redis.call("SET", KEYS[2], ARGV[2], "PX", ARGV[4])
return ARGV[2]
`)

// AppendOnce appends m as Append does, unless a message was appended to
// its conversation under the same once key (bot.Reply.Once) within the
// transcript's TTL; it returns the id of the message stored under it. The
// post and its mark are one step, so a retry never posts it twice.
func (t *Transcripts) AppendOnce(ctx context.Context, m bot.Sent, once string) (string, error) {
	data, err := t.entry(m)
	if err != nil {
		return "", fmt.Errorf("append transcript: %w", err)
	}
	conv := m.Ref.Conversation()
	id, err := appendOnceScript.Run(ctx, t.rdb, []string{t.keys.Transcript(conv), t.keys.TranscriptOnce(conv, once)},
		data, m.Ref.Message, -t.max, t.ttl.Milliseconds()).Text()
	if err != nil {
		return "", fmt.Errorf("append transcript once: %w", err)
	}
	return id, nil
}

// entry is m as a transcript entry.
func (t *Transcripts) entry(m bot.Sent) ([]byte, error) {
	data, err := json.Marshal(storedSent{ID: m.Ref.Message, Text: m.Text, Buttons: m.Buttons, Meta: storeMeta(m.Meta), At: m.Time.UnixMilli()})
	if err != nil {
		return nil, fmt.Errorf("encode transcript entry: %w", err)
	}
	return data, nil
}

// List returns a conversation's messages, oldest first.
func (t *Transcripts) List(ctx context.Context, conv bot.Ref) ([]bot.Sent, error) {
	raw, err := t.rdb.LRange(ctx, t.keys.Transcript(conv.Conversation()), 0, -1).Result()
	if err != nil {
		return nil, fmt.Errorf("list transcript: %w", err)
	}
	out := make([]bot.Sent, 0, len(raw))
	for _, r := range raw {
		var st storedSent
		if err := json.Unmarshal([]byte(r), &st); err != nil {
			continue
		}
		if st.OldRef != nil {
			out = append(out, bot.Sent{Ref: *st.OldRef, Text: st.OldText, Buttons: st.OldButtons, Time: st.OldTime})
			continue
		}
		ref := conv.Conversation()
		ref.Message = st.ID
		out = append(out, bot.Sent{Ref: ref, Text: st.Text, Buttons: st.Buttons, Meta: st.Meta.meta(), Time: time.UnixMilli(st.At).UTC()})
	}
	return out, nil
}

// Delete removes a conversation's messages (a client's wish to be
// forgotten).
func (t *Transcripts) Delete(ctx context.Context, conv bot.Ref) error {
	if err := t.rdb.Del(ctx, t.keys.Transcript(conv.Conversation())).Err(); err != nil {
		return fmt.Errorf("delete transcript: %w", err)
	}
	return nil
}
