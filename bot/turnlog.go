package bot

import (
	"context"
	"sync"
)

// TranscriptFolder is implemented by a Sessions store that appends a turn's
// transcript entries (Release.Transcript) to the conversation's transcript
// in the release itself: one Redis round trip less for every message on a
// platform whose replies are transcript entries (the web chat and the JSON
// API). The engine then collects those entries while the turn runs (see
// AppendInRelease) instead of letting the adapter write each one at once.
type TranscriptFolder interface {
	FoldsTranscripts() bool
}

// turnLog collects the transcript entries of one turn.
type turnLog struct {
	conv Ref
	mu   sync.Mutex
	open bool
	sent []Sent
}

type turnLogKey struct{}

// AppendInRelease hands s, a message an adapter posts by writing it to its
// conversation's transcript, to the turn ctx runs, when that turn is one of
// s's conversation and its store writes transcripts in the release. It
// reports whether the turn took it; if not (no such turn, another
// conversation, or the turn's handler has ended) the adapter writes it
// itself. An entry taken is written by the release, after the turn, in the
// order taken; if the release fails, the turn is not kept and neither is
// the entry (the user is told to repeat).
func AppendInRelease(ctx context.Context, s Sent) bool {
	tl, _ := ctx.Value(turnLogKey{}).(*turnLog)
	if tl == nil || !s.Ref.SameConversation(tl.conv) {
		return false
	}
	tl.mu.Lock()
	defer tl.mu.Unlock()
	if !tl.open {
		return false
	}
	tl.sent = append(tl.sent, s)
	return true
}

// close ends the collecting and returns the entries taken.
func (tl *turnLog) close() []Sent {
	if tl == nil {
		return nil
	}
	tl.mu.Lock()
	defer tl.mu.Unlock()
	tl.open = false
	return tl.sent
}
