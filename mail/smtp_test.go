package mail_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/mspbot/mspbot/internal/smtptest"
	"github.com/mspbot/mspbot/mail"
)

const ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//mspbot//test//DE\r\nMETHOD:REQUEST\r\n" +
	"BEGIN:VEVENT\r\nUID:VA-26-0001@mspbot\r\nDTSTAMP:20261201T120000Z\r\nDTSTART:20261210T080000Z\r\n" +
	"DTEND:20261210T100000Z\r\nSUMMARY:Wartungsfenster DATEV-Server (Fernzugriff Hersteller)\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"

func sender(t *testing.T, srv *smtptest.Server, tlsMode, user, pass string, log *slog.Logger) *mail.SMTP {
	t.Helper()
	s, err := mail.NewSMTP(mail.Options{Host: srv.Host, Port: srv.Port, Username: user, Password: pass,
		From: "Helpdesk <helpdesk@msp.example>", TLS: tlsMode, Timeout: 5 * time.Second,
		TLSConfig: srv.ClientTLS(), Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	t.Cleanup(cancel)
	return c
}

func TestSendEachTLSMode(t *testing.T) {
	for _, mode := range []string{smtptest.TLSNone, smtptest.TLSStartTLS, smtptest.TLSImplicit} {
		t.Run(mode, func(t *testing.T) {
			srv := smtptest.Start(t, smtptest.Options{TLS: mode})
			s := sender(t, srv, mode, "", "", nil)
			err := s.Send(ctx(t), mail.Message{To: []string{"kunde@acme.example", "Vera Vendor <vera@vendor.example>"},
				Subject: "Bestätigung Ihres Termins", Text: "Guten Tag,\n\nIhr Termin ist bestätigt: Grüße aus Hamburg.\n"})
			if err != nil {
				t.Fatal(err)
			}
			msgs, err := srv.Wait(ctx(t), 1)
			if err != nil {
				t.Fatal(err)
			}
			m := msgs[0]
			if m.From != "helpdesk@msp.example" || strings.Join(m.To, ",") != "kunde@acme.example,vera@vendor.example" {
				t.Fatalf("envelope from %q to %v", m.From, m.To)
			}
			if m.TLS != (mode != smtptest.TLSNone) {
				t.Fatalf("TLS = %v in mode %s", m.TLS, mode)
			}
			p, err := m.Parse()
			if err != nil {
				t.Fatal(err)
			}
			if p.Subject != "Bestätigung Ihres Termins" {
				t.Fatalf("subject %q", p.Subject)
			}
			text, err := p.Text()
			if err != nil || !strings.Contains(text, "Grüße aus Hamburg") {
				t.Fatalf("text %q, %v", text, err)
			}
			if p.Header.Get("Message-Id") == "" || p.Header.Get("Date") == "" {
				t.Fatalf("missing Message-ID or Date: %v", p.Header)
			}
		})
	}
}

func TestAuth(t *testing.T) {
	for _, mode := range []string{smtptest.TLSStartTLS, smtptest.TLSImplicit} {
		t.Run(mode, func(t *testing.T) {
			srv := smtptest.Start(t, smtptest.Options{TLS: mode, Username: "bot", Password: "s3cret-pass"})
			var logs bytes.Buffer
			log := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
			body := "Vertraulicher Inhalt 4711"
			if err := sender(t, srv, mode, "bot", "s3cret-pass", log).Send(ctx(t), mail.Message{To: []string{"a@acme.example"}, Subject: "x", Text: body}); err != nil {
				t.Fatal(err)
			}
			msgs, err := srv.Wait(ctx(t), 1)
			if err != nil || msgs[0].User != "bot" {
				t.Fatalf("authenticated user %q, %v", msgs[0].User, err)
			}
			err = sender(t, srv, mode, "bot", "wrong-pass", log).Send(ctx(t), mail.Message{To: []string{"a@acme.example"}, Subject: "x", Text: body})
			if err == nil {
				t.Fatal("wrong password accepted")
			}
			if srv.AuthFailures() != 1 || len(srv.Messages()) != 1 {
				t.Fatalf("auth failures %d, messages %d", srv.AuthFailures(), len(srv.Messages()))
			}
			// Without credentials the server refuses the sender.
			if err := sender(t, srv, mode, "", "", log).Send(ctx(t), mail.Message{To: []string{"a@acme.example"}, Text: body}); err == nil {
				t.Fatal("unauthenticated send accepted by a server demanding AUTH")
			}
			for _, secret := range []string{"s3cret-pass", "wrong-pass", body} {
				if strings.Contains(logs.String(), secret) {
					t.Fatalf("log contains %q:\n%s", secret, logs.String())
				}
			}
		})
	}
}

func TestStartTLSRequired(t *testing.T) {
	srv := smtptest.Start(t, smtptest.Options{TLS: smtptest.TLSNone})
	err := sender(t, srv, mail.TLSStartTLS, "", "", nil).Send(ctx(t), mail.Message{To: []string{"a@acme.example"}, Text: "x"})
	if err == nil || !strings.Contains(err.Error(), "STARTTLS") {
		t.Fatalf("send without STARTTLS offered: %v, want a STARTTLS error", err)
	}
	if n := len(srv.Messages()); n != 0 {
		t.Fatalf("%d messages went out in clear", n)
	}
}

func TestUntrustedCertificateRefused(t *testing.T) {
	srv := smtptest.Start(t, smtptest.Options{TLS: smtptest.TLSImplicit})
	s, err := mail.NewSMTP(mail.Options{Host: srv.Host, Port: srv.Port, From: "helpdesk@msp.example", TLS: mail.TLSImplicit, Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Send(ctx(t), mail.Message{To: []string{"a@acme.example"}, Text: "x"}); err == nil {
		t.Fatal("self-signed certificate accepted without being trusted")
	}
}

func TestInvitationAndAttachment(t *testing.T) {
	srv := smtptest.Start(t, smtptest.Options{TLS: smtptest.TLSStartTLS})
	pdf := append([]byte("%PDF-1.4\n"), bytes.Repeat([]byte{0x00, 0xff, 0x80, '\r', '\n', 'x'}, 3000)...)
	pdf = append(pdf, []byte("\n%%EOF\n")...)
	for _, method := range []string{"REQUEST", "CANCEL"} {
		err := sender(t, srv, mail.TLSStartTLS, "", "", nil).Send(ctx(t), mail.Message{
			To: []string{"kunde@acme.example"}, Subject: "Einladung: Wartungsfenster", Text: "Bitte den Termin übernehmen.",
			Calendar:    &mail.Calendar{Method: method, Data: []byte(ics)},
			Attachments: []mail.Attachment{{Name: "protokoll.pdf", ContentType: "application/pdf", Data: pdf}},
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	msgs, err := srv.Wait(ctx(t), 2)
	if err != nil {
		t.Fatal(err)
	}
	for i, method := range []string{"REQUEST", "CANCEL"} {
		p, err := msgs[i].Parse()
		if err != nil {
			t.Fatal(err)
		}
		cal, gotMethod, err := p.Calendar()
		if err != nil || gotMethod != method || string(cal) != ics {
			t.Fatalf("calendar part method %q (want %s), equal %v, err %v", gotMethod, method, string(cal) == ics, err)
		}
		inv, err := p.Attachment("invite.ics")
		if err != nil || inv.MediaType != "application/ics" || string(inv.Data) != ics {
			t.Fatalf("invite.ics %q equal %v, %v", inv.MediaType, string(inv.Data) == ics, err)
		}
		a, err := p.Attachment("protokoll.pdf")
		if err != nil || a.MediaType != "application/pdf" || !bytes.Equal(a.Data, pdf) {
			t.Fatalf("protokoll.pdf %q (%d bytes, want %d), %v", a.MediaType, len(a.Data), len(pdf), err)
		}
		if text, err := p.Text(); err != nil || text != "Bitte den Termin übernehmen." {
			t.Fatalf("text %q, %v", text, err)
		}
	}
}

func TestServerRefusalSurfaces(t *testing.T) {
	srv := smtptest.Start(t, smtptest.Options{})
	s := sender(t, srv, mail.TLSNone, "", "", nil)
	srv.FailNext(1, 451, "Greylisted, try again later")
	err := s.Send(ctx(t), mail.Message{To: []string{"a@acme.example"}, Text: "x"})
	if err == nil || !strings.Contains(err.Error(), "451") || !mail.Temporary(err) {
		t.Fatalf("4xx: err %v, temporary %v", err, mail.Temporary(err))
	}
	srv.FailNext(1, 554, "Rejected")
	err = s.Send(ctx(t), mail.Message{To: []string{"a@acme.example"}, Text: "x"})
	if err == nil || mail.Temporary(err) {
		t.Fatalf("5xx: err %v, temporary %v", err, mail.Temporary(err))
	}
	if err := s.Send(ctx(t), mail.Message{To: []string{"a@acme.example"}, Text: "x"}); err != nil {
		t.Fatalf("after the refusals: %v", err)
	}
	if n := len(srv.Messages()); n != 1 {
		t.Fatalf("%d messages recorded, want 1", n)
	}
}

func TestInvalidMessages(t *testing.T) {
	srv := smtptest.Start(t, smtptest.Options{})
	s := sender(t, srv, mail.TLSNone, "", "", nil)
	cases := map[string]mail.Message{
		"no recipient":    {Text: "x"},
		"bad address":     {To: []string{"not an address"}},
		"no domain":       {To: []string{"kunde@"}},
		"header inject":   {To: []string{"a@acme.example"}, Subject: "x\r\nBcc: evil@x.example"},
		"bad method":      {To: []string{"a@acme.example"}, Calendar: &mail.Calendar{Method: "DELETE", Data: []byte(ics)}},
		"not a calendar":  {To: []string{"a@acme.example"}, Calendar: &mail.Calendar{Method: "REQUEST", Data: []byte("hello")}},
		"attachment path": {To: []string{"a@acme.example"}, Attachments: []mail.Attachment{{Name: "../x.pdf", Data: []byte("x")}}},
	}
	for name, m := range cases {
		if err := s.Send(ctx(t), m); !errors.Is(err, mail.ErrInvalid) {
			t.Errorf("%s: err %v, want ErrInvalid", name, err)
		}
	}
	if n := len(srv.Messages()); n != 0 {
		t.Fatalf("%d invalid messages were sent", n)
	}
	for name, o := range map[string]mail.Options{
		"no host": {From: "a@b.example"}, "bad from": {Host: "x", From: "nobody"}, "bad tls": {Host: "x", From: "a@b.example", TLS: "ssl"},
	} {
		if _, err := mail.NewSMTP(o); !errors.Is(err, mail.ErrInvalid) {
			t.Errorf("NewSMTP %s: %v, want ErrInvalid", name, err)
		}
	}
	if s, err := mail.FromSettings("", 0, "", "", "", "", nil); err != nil || !errors.Is(s.Send(ctx(t), mail.Message{}), mail.ErrDisabled) {
		t.Fatalf("FromSettings without host = %T, %v", s, err)
	}
}
