package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// This file is the client side of the scale-out tests (scaleout_test.go):
// several replicas of the real binary, and users who talk to them through a
// load balancer that sends each request to the next replica and, when one
// does not answer, on to another, as a patient user with a reverse proxy
// in front of the replicas would experience it.

// fleet is the replicas of the bot sharing one Redis.
type fleet struct {
	procs  []*proc
	killed []atomic.Bool
	// inflight counts the requests each replica has not answered yet.
	inflight []atomic.Int64
}

func startFleet(t *testing.T, n int, env []string) *fleet {
	t.Helper()
	f := &fleet{killed: make([]atomic.Bool, n), inflight: make([]atomic.Int64, n)}
	for range n {
		f.procs = append(f.procs, start(t, buildBinary(t), env...))
	}
	return f
}

// kill stops replica i at once (SIGKILL), with whatever it has in flight.
func (f *fleet) kill(i int) {
	f.killed[i].Store(true)
	_ = f.procs[i].cmd.Process.Signal(syscall.SIGKILL)
	<-f.procs[i].done
}

// live returns a replica that runs, starting the search at i.
func (f *fleet) live(i int) *proc {
	for k := range len(f.procs) {
		j := (i + k) % len(f.procs)
		if !f.killed[j].Load() {
			return f.procs[j]
		}
	}
	return nil
}

// apiReply is one message of a JSON API answer.
type apiReply struct {
	ID   string `json:"id"`
	Text string `json:"text"`
	Meta struct {
		Intent string   `json:"intent"`
		Asks   []string `json:"asks"`
		Record *struct {
			Kind  string `json:"kind"`
			ID    string `json:"id"`
			State string `json:"state"`
		} `json:"record"`
	} `json:"meta"`
}

// record returns the record of kind the replies name (state "" for any).
func record(rs []apiReply, kind, state string) string {
	for _, r := range rs {
		if rec := r.Meta.Record; rec != nil && rec.Kind == kind && (state == "" || rec.State == state) {
			return rec.ID
		}
	}
	return ""
}

func joined(rs []apiReply) string {
	var b strings.Builder
	for _, r := range rs {
		b.WriteString(r.Text)
		b.WriteByte('\n')
	}
	return b.String()
}

// loadStats counts what the users experienced.
type loadStats struct {
	mu sync.Mutex
	// requests are HTTP requests sent; answered got a 200; unavailable a
	// 503 "temporarily unavailable"; rerouted went to a replica that did
	// not answer and were sent to another; apologies were answered 200 with
	// the generic apology (an error the user cannot do anything about).
	requests, answered, unavailable, rerouted, apologies int
	// unavailableAt are the times of the 503 answers and apologies.
	unavailableAt []time.Time
	// slowest is the longest time one user message took from the first
	// try to its answer, and when that answer came.
	slowest   time.Duration
	slowestAt time.Time
	errs      []string
}

func (s *loadStats) add(f func(s *loadStats)) { s.mu.Lock(); f(s); s.mu.Unlock() }

func (s *loadStats) error(format string, args ...any) {
	s.add(func(s *loadStats) { s.errs = append(s.errs, fmt.Sprintf(format, args...)) })
}

// unavailableAfter is the time from t0 to the last 503 or apology, and
// how many there were after t0.
func (s *loadStats) unavailableAfter(t0 time.Time) (time.Duration, int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var last time.Time
	n := 0
	for _, at := range s.unavailableAt {
		if at.After(t0) {
			n++
			if at.After(last) {
				last = at
			}
		}
	}
	if last.IsZero() {
		return 0, 0
	}
	return last.Sub(t0), n
}

var apiClient = &http.Client{Timeout: 90 * time.Second}

// post sends body to path on replica i, as a user behind a load balancer:
// a replica that does not answer (killed) is skipped for the next one; a
// 503 "temporarily unavailable" or an apology makes the user send the same
// again a moment later (to the next replica). It gives up after a minute
// and a half.
func (f *fleet) post(st *loadStats, i int, path string, body any) ([]apiReply, error) {
	raw, _ := json.Marshal(body)
	first := time.Now()
	deadline := first.Add(90 * time.Second)
	for try := 0; ; try++ {
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("%s %s: no answer after %d tries", path, raw, try)
		}
		r := (i + try) % len(f.procs)
		st.add(func(s *loadStats) { s.requests++ })
		f.inflight[r].Add(1)
		res, err := apiClient.Post(f.procs[r].url+path, "application/json", bytes.NewReader(raw))
		f.inflight[r].Add(-1)
		if err != nil {
			// The replica is gone (or went while answering): the
			// balancer sends the request to another one.
			st.add(func(s *loadStats) { s.rerouted++ })
			continue
		}
		out, err := io.ReadAll(res.Body)
		res.Body.Close()
		if err != nil {
			st.add(func(s *loadStats) { s.rerouted++ })
			continue
		}
		switch res.StatusCode {
		case http.StatusOK:
			var ans struct {
				Replies []apiReply `json:"replies"`
			}
			if err := json.Unmarshal(out, &ans); err != nil {
				return nil, fmt.Errorf("%s: %v: %.300s", path, err, out)
			}
			if apology := slices.ContainsFunc(ans.Replies, func(r apiReply) bool {
				return strings.Contains(r.Text, "etwas schiefgelaufen") || strings.Contains(r.Text, "something went wrong")
			}); apology {
				now := time.Now()
				st.add(func(s *loadStats) { s.apologies++; s.unavailableAt = append(s.unavailableAt, now) })
				time.Sleep(100 * time.Millisecond)
				continue
			}
			now := time.Now()
			st.add(func(s *loadStats) {
				s.answered++
				if d := now.Sub(first); d > s.slowest {
					s.slowest, s.slowestAt = d, now
				}
			})
			return ans.Replies, nil
		case http.StatusServiceUnavailable:
			if !bytes.Contains(out, []byte("temporarily unavailable")) {
				return nil, fmt.Errorf("%s: 503 without the unavailable answer: %.300s", path, out)
			}
			now := time.Now()
			st.add(func(s *loadStats) { s.unavailable++; s.unavailableAt = append(s.unavailableAt, now) })
			time.Sleep(100 * time.Millisecond)
		default:
			return nil, fmt.Errorf("%s %s: status %d: %.300s", path, raw, res.StatusCode, out)
		}
	}
}

func (f *fleet) say(st *loadStats, i int, conv, user, text string) ([]apiReply, error) {
	return f.post(st, i, "/api/messages", map[string]string{"conversation": conv, "user": user, "text": text})
}

func (f *fleet) react(st *loadStats, i int, conv, user, messageID, emoji string) ([]apiReply, error) {
	return f.post(st, i, "/api/reactions", map[string]string{"conversation": conv, "user": user, "message_id": messageID, "emoji": emoji})
}

// messages reads a conversation's transcript from a live replica.
func (f *fleet) messages(conv string) ([]apiReply, error) {
	p := f.live(0)
	res, err := apiClient.Get(p.url + "/api/conversations/" + conv + "/messages")
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	var out struct {
		Messages []apiReply `json:"messages"`
	}
	if res.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(res.Body)
		return nil, fmt.Errorf("transcript of %s: %d %.200s", conv, res.StatusCode, b)
	}
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil {
		return nil, err
	}
	return out.Messages, nil
}
