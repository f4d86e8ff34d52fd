// Package smtptest runs a real SMTP server for tests, built on
// github.com/emersion/go-smtp: it listens on 127.0.0.1:0, speaks plain SMTP,
// STARTTLS or implicit TLS with a self-signed certificate made for the test,
// can demand AUTH PLAIN, records every message it accepts (envelope and raw
// bytes) and can refuse the next deliveries with a 4xx or 5xx answer.
//
// Parse reads a recorded message back: headers, the text part, the
// text/calendar part with its method and the attachments, with base64 and
// quoted-printable undone.
package smtptest

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// TLS modes of the server.
const (
	// TLSNone: plain SMTP, no STARTTLS offered.
	TLSNone = "none"
	// TLSStartTLS: plain SMTP that offers STARTTLS.
	TLSStartTLS = "starttls"
	// TLSImplicit: TLS from the first byte (SMTPS, as on port 465).
	TLSImplicit = "tls"
)

// Options configure a Server. The zero value is a plain SMTP server
// without AUTH.
type Options struct {
	// TLS is TLSNone (default), TLSStartTLS or TLSImplicit.
	TLS string
	// Username and Password, when Username is set, make AUTH PLAIN
	// mandatory before MAIL FROM (offered only over TLS).
	Username, Password string
}

// Message is one accepted message.
type Message struct {
	// From is the envelope sender (MAIL FROM).
	From string
	// To are the envelope recipients (RCPT TO).
	To []string
	// Raw is the message as received after DATA.
	Raw []byte
	// TLS reports whether the connection was encrypted.
	TLS bool
	// User is the authenticated user name, if any.
	User string
}

// Server is a running test SMTP server.
type Server struct {
	// Host is "127.0.0.1"; Port is the port it listens on.
	Host string
	Port int

	opts Options
	srv  *smtp.Server
	pool *x509.CertPool

	mu       sync.Mutex
	msgs     []Message
	changed  chan struct{}
	failN    int
	failCode int
	failMsg  string
	authFail int
}

// Start starts a server and stops it when the test ends.
func Start(t testing.TB, opts Options) *Server {
	t.Helper()
	s, err := New(opts)
	if err != nil {
		t.Fatalf("smtptest: %v", err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// New starts a server; Close stops it.
func New(opts Options) (*Server, error) {
	switch opts.TLS {
	case "":
		opts.TLS = TLSNone
	case TLSNone, TLSStartTLS, TLSImplicit:
	default:
		return nil, fmt.Errorf("TLS mode %q: want none, starttls or tls", opts.TLS)
	}
	s := &Server{Host: "127.0.0.1", opts: opts, changed: make(chan struct{})}
	s.srv = smtp.NewServer(smtp.BackendFunc(s.newSession))
	s.srv.Domain = "smtptest.local"
	s.srv.ReadTimeout = 10 * time.Second
	s.srv.WriteTimeout = 10 * time.Second
	s.srv.MaxMessageBytes = 32 << 20
	s.srv.MaxRecipients = 50
	s.srv.ErrorLog = discardLogger{}
	var tlsConf *tls.Config
	if opts.TLS != TLSNone {
		cert, der, err := selfSigned()
		if err != nil {
			return nil, err
		}
		s.pool = x509.NewCertPool()
		parsed, err := x509.ParseCertificate(der)
		if err != nil {
			return nil, fmt.Errorf("parse test certificate: %w", err)
		}
		s.pool.AddCert(parsed)
		tlsConf = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("listen: %w", err)
	}
	switch opts.TLS {
	case TLSStartTLS:
		s.srv.TLSConfig = tlsConf
	case TLSImplicit:
		l = tls.NewListener(l, tlsConf)
	}
	s.Port = l.Addr().(*net.TCPAddr).Port
	go func() { _ = s.srv.Serve(l) }()
	return s, nil
}

// Addr is "127.0.0.1:port".
func (s *Server) Addr() string { return net.JoinHostPort(s.Host, strconv.Itoa(s.Port)) }

// ClientTLS returns a TLS configuration that trusts the server's
// certificate (nil for a TLSNone server).
func (s *Server) ClientTLS() *tls.Config {
	if s.pool == nil {
		return nil
	}
	return &tls.Config{RootCAs: s.pool, ServerName: s.Host, MinVersion: tls.VersionTLS12}
}

// Close stops the server.
func (s *Server) Close() error { return s.srv.Close() }

// FailNext makes the next n deliveries fail at the end of DATA with the
// given SMTP code (4xx: try again later; 5xx: permanent) and text.
func (s *Server) FailNext(n, code int, text string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failN, s.failCode, s.failMsg = n, code, text
}

// AuthFailures is the number of AUTH attempts refused so far.
func (s *Server) AuthFailures() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.authFail
}

// Messages returns the messages accepted so far, oldest first.
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.msgs...)
}

// Wait returns once at least n messages have been accepted, or fails when
// ctx ends first.
func (s *Server) Wait(ctx context.Context, n int) ([]Message, error) {
	for {
		s.mu.Lock()
		if len(s.msgs) >= n {
			out := append([]Message(nil), s.msgs...)
			s.mu.Unlock()
			return out, nil
		}
		ch := s.changed
		have := len(s.msgs)
		s.mu.Unlock()
		select {
		case <-ch:
		case <-ctx.Done():
			return nil, fmt.Errorf("smtptest: %d of %d messages arrived: %w", have, n, ctx.Err())
		}
	}
}

func (s *Server) record(m Message) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.msgs = append(s.msgs, m)
	close(s.changed)
	s.changed = make(chan struct{})
}

// takeFailure reports the error the current delivery must fail with, if any.
func (s *Server) takeFailure() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.failN <= 0 {
		return nil
	}
	s.failN--
	code := s.failCode
	enh := smtp.EnhancedCode{4, 0, 0}
	if code >= 500 {
		enh = smtp.EnhancedCode{5, 0, 0}
	}
	return &smtp.SMTPError{Code: code, EnhancedCode: enh, Message: s.failMsg}
}

func (s *Server) newSession(c *smtp.Conn) (smtp.Session, error) {
	_, isTLS := c.TLSConnectionState()
	return &session{srv: s, tls: isTLS}, nil
}

type session struct {
	srv  *Server
	tls  bool
	user string
	from string
	to   []string
}

var errAuthRequired = &smtp.SMTPError{Code: 530, EnhancedCode: smtp.EnhancedCode{5, 7, 0}, Message: "Authentication required"}

func (se *session) AuthMechanisms() []string {
	if se.srv.opts.Username == "" {
		return nil
	}
	return []string{sasl.Plain}
}

func (se *session) Auth(mech string) (sasl.Server, error) {
	if mech != sasl.Plain || se.srv.opts.Username == "" {
		return nil, smtp.ErrAuthUnknownMechanism
	}
	return sasl.NewPlainServer(func(identity, username, password string) error {
		if username != se.srv.opts.Username || password != se.srv.opts.Password || (identity != "" && identity != username) {
			se.srv.mu.Lock()
			se.srv.authFail++
			se.srv.mu.Unlock()
			return &smtp.SMTPError{Code: 535, EnhancedCode: smtp.EnhancedCode{5, 7, 8}, Message: "Authentication credentials invalid"}
		}
		se.user = username
		return nil
	}), nil
}

func (se *session) Mail(from string, _ *smtp.MailOptions) error {
	if se.srv.opts.Username != "" && se.user == "" {
		return errAuthRequired
	}
	se.from = from
	return nil
}

func (se *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	if se.srv.opts.Username != "" && se.user == "" {
		return errAuthRequired
	}
	se.to = append(se.to, to)
	return nil
}

func (se *session) Data(r io.Reader) error {
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	if err := se.srv.takeFailure(); err != nil {
		return err
	}
	se.srv.record(Message{From: se.from, To: append([]string(nil), se.to...), Raw: raw, TLS: se.tls, User: se.user})
	return nil
}

func (se *session) Reset() { se.from, se.to = "", nil }

func (se *session) Logout() error { return nil }

// selfSigned makes a certificate for 127.0.0.1 and localhost, valid for a
// day, that is its own CA.
func selfSigned() (tls.Certificate, []byte, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, nil, fmt.Errorf("generate key: %w", err)
	}
	serial, err := rand.Int(rand.Reader, big.NewInt(1<<62))
	if err != nil {
		return tls.Certificate{}, nil, fmt.Errorf("serial: %w", err)
	}
	now := time.Now()
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{CommonName: "smtptest"},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.Add(24 * time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback},
		DNSNames:              []string{"localhost"},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return tls.Certificate{}, nil, fmt.Errorf("create certificate: %w", err)
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, der, nil
}

type discardLogger struct{}

func (discardLogger) Printf(string, ...any) {}
func (discardLogger) Println(...any)        {}

// ErrNoPart is returned by the Parsed helpers when a part is missing.
var ErrNoPart = errors.New("smtptest: no such part")
