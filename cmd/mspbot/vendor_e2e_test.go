package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/mspbot/mspbot/internal/redistest"
	"github.com/mspbot/mspbot/internal/smtptest"
	"github.com/mspbot/mspbot/jobs"
	"github.com/mspbot/mspbot/redisstore"
	"github.com/mspbot/mspbot/scheduling"
)

type postedMessage struct {
	ID   string `json:"id"`
	Text string `json:"text"`
}

func (p *proc) messages(t *testing.T, conv string) []postedMessage {
	t.Helper()
	res, err := http.Get(p.url + "/api/conversations/" + conv + "/messages")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out struct {
		Messages []postedMessage `json:"messages"`
	}
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil {
		t.Fatal(err)
	}
	return out.Messages
}

func (p *proc) react(t *testing.T, conv, user, messageID, emoji string) []string {
	t.Helper()
	body, _ := json.Marshal(map[string]string{"conversation": conv, "user": user, "message_id": messageID, "emoji": emoji})
	res, err := http.Post(p.url+"/api/reactions", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out struct {
		Replies []struct{ Text string } `json:"replies"`
	}
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil || res.StatusCode != 200 {
		t.Fatalf("POST /api/reactions: %d %v", res.StatusCode, err)
	}
	var texts []string
	for _, r := range out.Replies {
		texts = append(texts, r.Text)
	}
	return texts
}

// TestEndToEndVendorAppointment books vendor access through the JSON API of
// the real binary on a real Redis: the client's request, the proposals,
// the pick held for approval, a non-staff ✅ that changes nothing, the
// staff ✅ that approves, the client told in chat and the confirmation
// with its invitation received by a real SMTP server.
func TestEndToEndVendorAppointment(t *testing.T) {
	redistest.Open(t, redistest.DBEndToEnd)
	mailSrv := smtptest.Start(t, smtptest.Options{})
	bin := buildBinary(t)
	env := []string{"REDIS_URL=" + redistest.DBURL(t, redistest.DBEndToEnd), "MSPBOT_STAFF_USERS=alice",
		"MSPBOT_SMTP_HOST=127.0.0.1", "MSPBOT_SMTP_PORT=" + strconv.Itoa(mailSrv.Port), "MSPBOT_SMTP_TLS=none",
		"MSPBOT_SMTP_FROM=MSP Helpdesk <helpdesk@msp.example>"}
	p := start(t, bin, env...)

	got := strings.Join(p.say(t, "c-anna", "anna", "Der Hersteller DATEV muss für das Jahresupdate auf unseren Server SRV-01, etwa 2 Stunden, ohne Adminrechte. "+
		"Hersteller-Kontakt: support@datev.example, meine E-Mail: it@acme.example. So bald wie möglich bitte."), "\n")
	if !strings.Contains(got, "1) ") || !strings.Contains(got, "7 Tage") {
		t.Fatalf("proposals = %q", got)
	}
	got = strings.Join(p.say(t, "c-anna", "anna", "2"), "\n")
	if !strings.Contains(got, "vorgemerkt") || !strings.Contains(got, "VA-") {
		t.Fatalf("pick = %q", got)
	}
	staff := p.messages(t, "staff")
	if len(staff) != 1 || !strings.Contains(staff[0].Text, "DATEV") || !strings.Contains(staff[0].Text, "SRV-01") {
		t.Fatalf("staff room = %+v", staff)
	}
	// Not staff: nothing happens.
	if r := p.react(t, "staff", "mallory", staff[0].ID, "✅"); len(r) != 0 {
		t.Fatalf("non-staff reaction answered %q", r)
	}
	if n := len(p.messages(t, "c-anna")); n != 2 {
		t.Fatalf("client conversation has %d messages after a non-staff reaction", n)
	}
	got = strings.Join(p.react(t, "staff", "alice", staff[0].ID, "white_check_mark"), "\n")
	if !strings.Contains(got, "genehmigt") {
		t.Fatalf("approval = %q", got)
	}
	client := p.messages(t, "c-anna")
	if last := client[len(client)-1].Text; !strings.Contains(last, "ist genehmigt") || !strings.Contains(last, "it@acme.example") {
		t.Fatalf("client told %q", last)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	msgs, err := mailSrv.Wait(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	parsed, err := msgs[0].Parse()
	if err != nil {
		t.Fatal(err)
	}
	data, method, err := parsed.Calendar()
	if err != nil || method != "REQUEST" {
		t.Fatalf("calendar %q %v", method, err)
	}
	inv, err := scheduling.ParseInvitation(data)
	if err != nil {
		t.Fatal(err)
	}
	if inv.End.Sub(inv.Start) != 2*time.Hour || inv.Start.Before(time.Now().Add(7*24*time.Hour-time.Hour)) || inv.Organizer.Email != "helpdesk@msp.example" {
		t.Fatalf("invitation %+v", inv)
	}
	if strings.Join(msgs[0].To, ",") != "it@acme.example,support@datev.example" {
		t.Fatalf("mail to %v", msgs[0].To)
	}
	// The log never has the contacts' addresses or the message bodies.
	if strings.Contains(p.stderr.String(), "support@datev.example") || strings.Contains(p.stderr.String(), "Jahresupdate") {
		t.Fatal("personal data or a message body reached the log")
	}
	p.stop(t)

	// After a restart of the bot the account steps are still planned, for
	// the window's start and end, in the durable queue.
	p = start(t, bin, env...)
	defer p.stop(t)
	rdb := redis.NewClient(redistest.Options(t, redistest.DBEndToEnd))
	defer rdb.Close()
	apps := scheduling.NewAppointments(redisstore.NewAppointments(rdb, redisstore.Keys{}))
	list, err := apps.ForClient(ctx, scheduling.Requester{Org: "web:@anna", Platform: "web", User: "anna"})
	if err != nil || len(list) != 1 || list[0].State != scheduling.StateApproved {
		t.Fatalf("appointments after restart: %+v %v", list, err)
	}
	slot := list[0].Request.Slots[0]
	q := jobs.NewQueue(rdb, jobs.QueueOptions{Name: redisstore.Keys{}.JobQueue()})
	for kind, at := range map[string]time.Time{"enable": slot.Start, "disable": slot.End} {
		info, err := q.Info(ctx, fmt.Sprintf("%s:%d:%s", list[0].ID, slot.Start.Unix(), kind))
		if err != nil || info.State != jobs.StateScheduled || info.NextRun.Unix() != at.Unix() {
			t.Fatalf("%s job after restart: %+v %v (want at %s)", kind, info, err, at)
		}
	}
}
