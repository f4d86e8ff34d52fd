package mail_test

import (
	"context"
	"testing"
	"time"

	"github.com/mspbot/mspbot/internal/smtptest"
	"github.com/mspbot/mspbot/mail"
)

// BenchmarkSendStartTLS measures one invitation e-mail over a fresh
// STARTTLS connection to the local test server.
func BenchmarkSendStartTLS(b *testing.B) {
	srv := smtptest.Start(b, smtptest.Options{TLS: smtptest.TLSStartTLS})
	s, err := mail.NewSMTP(mail.Options{Host: srv.Host, Port: srv.Port, From: "helpdesk@msp.example", TLSConfig: srv.ClientTLS(), Timeout: 5 * time.Second})
	if err != nil {
		b.Fatal(err)
	}
	m := mail.Message{To: []string{"kunde@acme.example"}, Subject: "Einladung", Text: "Termin", Calendar: &mail.Calendar{Method: "REQUEST", Data: []byte(ics)}}
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := s.Send(ctx, m); err != nil {
			b.Fatal(err)
		}
	}
}
