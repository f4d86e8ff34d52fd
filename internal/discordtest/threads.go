package discordtest

import (
	"encoding/json"
	"net/http"
	"testing"
	"time"
	"unicode/utf8"
)

// Discord's channel types the fake tells apart
// (https://discord.com/developers/docs/resources/channel#channel-object-channel-types).
const (
	ChannelText         = 0
	ChannelDM           = 1
	ChannelVoice        = 2
	ChannelAnnouncement = 5
	ChannelAnnThread    = 10
	ChannelPublicThread = 11
	ChannelPrivThread   = 12
	ChannelForum        = 15
)

// channelInfo is what SetChannel told about a channel.
type channelInfo struct {
	guild string
	typ   int
}

// Thread is a thread the client started.
type Thread struct {
	ID, Parent, Guild, Name string
	// Owner is who started it: the bot.
	Owner string
	// Type is ChannelPublicThread, ChannelPrivThread or ChannelAnnThread.
	Type int
	// FromMessage is the message it was started from (its id is the
	// thread's), "" for a thread started without one.
	FromMessage string
	// AutoArchive is the auto_archive_duration asked for, in minutes.
	AutoArchive int
	Request     Request
}

// ThreadMember is a user the client added to a thread.
type ThreadMember struct{ Thread, User string }

// Reaction is a reaction the client added (PUT
// /channels/{c}/messages/{m}/reactions/{emoji}/@me).
type Reaction struct{ Channel, Message, Emoji string }

// SetChannel tells the fake a channel's guild and type (ChannelText,
// ChannelVoice, ...): a thread started in it belongs to the guild, and a
// channel that cannot hold threads refuses them with 400 (50024).
// Channels it was not told of are text channels of no known guild.
func (s *Server) SetChannel(guild, channel string, typ int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rest.channels[channel] = channelInfo{guild: guild, typ: typ}
}

// ForbidThreads makes the bot lack the Create Public Threads permission in
// channel: starting a thread there fails with 403 Missing Permissions
// (50013).
func (s *Server) ForbidThreads(channel string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rest.noThreads[channel] = true
}

// startThread serves Start Thread from Message (message set) and Start
// Thread without Message
// (https://discord.com/developers/docs/resources/channel#start-thread-from-message).
func (s *Server) startThread(w http.ResponseWriter, req Request, channel, message string) {
	fail := func(status, code int, msg string) {
		w.WriteHeader(status)
		_ = json.NewEncoder(w).Encode(map[string]any{"message": msg, "code": code})
	}
	var in struct {
		Name        string `json:"name"`
		AutoArchive int    `json:"auto_archive_duration"`
		Type        int    `json:"type"`
	}
	if json.Unmarshal(req.Body, &in) != nil {
		fail(http.StatusBadRequest, 50035, "Invalid Form Body")
		return
	}
	if n := utf8.RuneCountInString(in.Name); n < 1 || n > 100 {
		fail(http.StatusBadRequest, 50035, "Invalid Form Body: name must be 1 to 100 characters")
		return
	}
	switch in.AutoArchive {
	case 0, 60, 1440, 4320, 10080:
	default:
		fail(http.StatusBadRequest, 50035, "Invalid Form Body: auto_archive_duration")
		return
	}
	s.mu.Lock()
	info := s.rest.channels[channel]
	_, isThread := s.rest.threads[channel]
	switch {
	case isThread || (info.typ != ChannelText && info.typ != ChannelAnnouncement):
		s.mu.Unlock()
		fail(http.StatusBadRequest, 50024, "Cannot execute action on this channel type")
		return
	case s.rest.noThreads[channel]:
		s.mu.Unlock()
		fail(http.StatusForbidden, 50013, "Missing Permissions")
		return
	}
	th := &Thread{Parent: channel, Guild: info.guild, Name: in.Name, Owner: s.opts.BotID, AutoArchive: in.AutoArchive, Request: req}
	if message != "" {
		if _, ok := s.rest.threads[message]; ok {
			s.mu.Unlock()
			fail(http.StatusBadRequest, 160004, "A thread has already been created for this message")
			return
		}
		// "The id of the created thread will be the same as the id of the
		// source message."
		th.ID, th.FromMessage, th.Type = message, message, ChannelPublicThread
		if info.typ == ChannelAnnouncement {
			th.Type = ChannelAnnThread
		}
	} else {
		th.ID, th.Type = s.newIDLocked(), in.Type
		if th.Type == 0 {
			// "type currently defaults to PRIVATE_THREAD"
			th.Type = ChannelPrivThread
		}
	}
	if th.AutoArchive == 0 {
		th.AutoArchive = 4320
	}
	s.rest.threads[th.ID] = th
	s.rest.channels[th.ID] = channelInfo{guild: info.guild, typ: th.Type}
	s.notifyLocked()
	s.mu.Unlock()

	obj := threadObject(th)
	created := map[string]any{"newly_created": true}
	for k, v := range obj {
		created[k] = v
	}
	raw, _ := json.Marshal(created)
	s.dispatchIfConnected("THREAD_CREATE", raw)
	w.WriteHeader(http.StatusCreated)
	_ = json.NewEncoder(w).Encode(obj)
}

func threadObject(th *Thread) map[string]any {
	obj := map[string]any{
		"id": th.ID, "type": th.Type, "parent_id": th.Parent, "owner_id": th.Owner, "name": th.Name,
		"last_message_id": nil, "rate_limit_per_user": 0, "flags": 0, "message_count": 0, "member_count": 1,
		"thread_metadata": map[string]any{"archived": false, "auto_archive_duration": th.AutoArchive, "locked": false,
			"archive_timestamp": time.Now().UTC().Format("2006-01-02T15:04:05.000000+00:00")},
	}
	if th.Guild != "" {
		obj["guild_id"] = th.Guild
	}
	return obj
}

// dispatchIfConnected sends a dispatch to the client when a session is
// open, as Discord follows some REST calls with gateway events.
func (s *Server) dispatchIfConnected(typ string, raw json.RawMessage) {
	s.sendMu.Lock()
	defer s.sendMu.Unlock()
	s.mu.Lock()
	c := s.cur
	if c == nil {
		s.mu.Unlock()
		return
	}
	s.seq++
	f := Frame{Op: 0, S: s.seq, T: typ, D: raw}
	s.events = append(s.events, f)
	c.lastSeq = f.S
	s.mu.Unlock()
	_ = c.write(f)
}

func (s *Server) addThreadMember(w http.ResponseWriter, thread, user string) {
	s.mu.Lock()
	_, ok := s.rest.threads[thread]
	if ok {
		s.rest.members = append(s.rest.members, ThreadMember{Thread: thread, User: user})
		s.notifyLocked()
	}
	s.mu.Unlock()
	if !ok {
		w.WriteHeader(http.StatusNotFound)
		_ = json.NewEncoder(w).Encode(map[string]any{"message": "Unknown Channel", "code": 10003})
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) addReaction(w http.ResponseWriter, channel, message, emoji string) {
	s.mu.Lock()
	s.rest.reactions = append(s.rest.reactions, Reaction{Channel: channel, Message: message, Emoji: emoji})
	s.notifyLocked()
	s.mu.Unlock()
	w.WriteHeader(http.StatusNoContent)
}

// Threads returns the threads the client started, in no order.
func (s *Server) Threads() []Thread {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Thread, 0, len(s.rest.threads))
	for _, th := range s.rest.threads {
		out = append(out, *th)
	}
	return out
}

// WaitThread waits until a thread in parent exists and returns it.
func (s *Server) WaitThread(t testing.TB, parent string) Thread {
	t.Helper()
	var out Thread
	s.wait(t, "a thread in channel "+parent, func() bool {
		for _, th := range s.rest.threads {
			if th.Parent == parent {
				out = *th
				return true
			}
		}
		return false
	})
	return out
}

// ThreadMembers returns the members the client added to threads.
func (s *Server) ThreadMembers() []ThreadMember {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]ThreadMember(nil), s.rest.members...)
}

// Reactions returns the reactions the client added, in order.
func (s *Server) Reactions() []Reaction {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Reaction(nil), s.rest.reactions...)
}

// WaitReaction waits until the client has added a reaction to message and
// returns it.
func (s *Server) WaitReaction(t testing.TB, message string) Reaction {
	t.Helper()
	var out Reaction
	s.wait(t, "a reaction to message "+message, func() bool {
		for _, r := range s.rest.reactions {
			if r.Message == message {
				out = r
				return true
			}
		}
		return false
	})
	return out
}
