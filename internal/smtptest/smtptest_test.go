package smtptest

import (
	"context"
	"errors"
	"net/smtp"
	"strings"
	"testing"
	"time"
)

// raw is a message as another mailer might write it: quoted-printable text
// with soft line breaks, an encoded subject and a quoted-printable calendar.
const raw = "From: a@x.example\r\nTo: b@y.example\r\nSubject: =?UTF-8?q?Gr=C3=BC=C3=9Fe?=\r\n" +
	"MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=B1\r\n\r\n" +
	"--B1\r\nContent-Type: multipart/alternative; boundary=B2\r\n\r\n" +
	"--B2\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n" +
	"Gr=C3=BC=C3=9Fe aus =\r\nHamburg\r\n" +
	"--B2\r\nContent-Type: text/calendar; method=CANCEL; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n" +
	"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n" +
	"--B2--\r\n" +
	"--B1\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=\"a.bin\"\r\nContent-Transfer-Encoding: base64\r\n\r\n" +
	"AAEC\r\n/w==\r\n" +
	"--B1--\r\n"

func TestParse(t *testing.T) {
	p, err := Parse([]byte(raw))
	if err != nil {
		t.Fatal(err)
	}
	if p.Subject != "Grüße" {
		t.Fatalf("subject %q", p.Subject)
	}
	if text, err := p.Text(); err != nil || text != "Grüße aus Hamburg" {
		t.Fatalf("text %q, %v", text, err)
	}
	cal, method, err := p.Calendar()
	if err != nil || method != "CANCEL" || string(cal) != "BEGIN:VCALENDAR\r\nEND:VCALENDAR" {
		t.Fatalf("calendar %q %q %v", cal, method, err)
	}
	a, err := p.Attachment("a.bin")
	if err != nil || string(a.Data) != "\x00\x01\x02\xff" {
		t.Fatalf("attachment %q %v", a.Data, err)
	}
	if _, err := p.Attachment("missing.pdf"); !errors.Is(err, ErrNoPart) {
		t.Fatalf("missing attachment: %v", err)
	}
	if len(p.Attachments()) != 1 {
		t.Fatalf("%d attachments", len(p.Attachments()))
	}
}

func TestRecordFailAndWait(t *testing.T) {
	s := Start(t, Options{})
	send := func() error {
		return smtp.SendMail(s.Addr(), nil, "a@x.example", []string{"b@y.example", "c@y.example"}, []byte(raw))
	}
	s.FailNext(2, 452, "Mailbox full")
	for i := 0; i < 2; i++ {
		if err := send(); err == nil || !strings.Contains(err.Error(), "452") {
			t.Fatalf("delivery %d: %v, want 452", i+1, err)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	if _, err := s.Wait(ctx, 1); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Wait with nothing delivered: %v", err)
	}
	done := make(chan error, 1)
	go func() { done <- send() }()
	ctx2, cancel2 := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel2()
	msgs, err := s.Wait(ctx2, 1)
	if err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	m := msgs[0]
	if m.From != "a@x.example" || strings.Join(m.To, " ") != "b@y.example c@y.example" || string(m.Raw) != raw || m.TLS {
		t.Fatalf("recorded %+v", m)
	}
}

func TestBadMode(t *testing.T) {
	if _, err := New(Options{TLS: "ssl"}); err == nil {
		t.Fatal("unknown TLS mode accepted")
	}
}
