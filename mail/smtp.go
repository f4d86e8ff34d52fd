package mail

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	netmail "net/mail"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// TLS modes of Options.TLS.
const (
	// TLSNone sends in clear (for a relay on the same host or network).
	TLSNone = "none"
	// TLSStartTLS upgrades the connection with STARTTLS and fails, rather
	// than sending in clear, when the server does not offer it.
	TLSStartTLS = "starttls"
	// TLSImplicit speaks TLS from the first byte (SMTPS, port 465).
	TLSImplicit = "tls"
)

// Options configure an SMTP sender. Zero values mean the defaults.
type Options struct {
	// Host is the SMTP server's name or address (required).
	Host string
	// Port is the server's port (default 587; 465 is usual with TLSImplicit).
	Port int
	// Username, when set, turns on SMTP AUTH (PLAIN, else LOGIN; only over
	// an encrypted connection unless the server is on loopback).
	Username string
	// Password is the AUTH password. Never logged.
	Password string
	// From is the sender address, optionally with a name
	// ("Helpdesk <helpdesk@msp.example>") (required).
	From string
	// TLS is TLSStartTLS (default), TLSImplicit or TLSNone.
	TLS string
	// Timeout bounds connecting and each SMTP command (default 15 s).
	Timeout time.Duration
	// TLSConfig replaces the default TLS configuration (system roots,
	// TLS 1.2 or later), e.g. to trust a test CA. ServerName defaults to Host.
	TLSConfig *tls.Config
	// Logger gets one line per message sent or failed: never passwords,
	// bodies or attachments.
	Logger *slog.Logger
	// Now is the clock for the Date header (default time.Now).
	Now func() time.Time
}

// SMTP sends messages through an SMTP server with
// github.com/wneessen/go-mail. It is safe for concurrent use: every Send
// opens its own connection.
type SMTP struct {
	opts Options
	from *netmail.Address
}

// NewSMTP checks opts and returns a sender. It does not connect.
func NewSMTP(opts Options) (*SMTP, error) {
	if strings.TrimSpace(opts.Host) == "" {
		return nil, fmt.Errorf("%w: no SMTP host", ErrInvalid)
	}
	if opts.Port == 0 {
		opts.Port = 587
	}
	if opts.Port < 1 || opts.Port > 65535 {
		return nil, fmt.Errorf("%w: SMTP port %d", ErrInvalid, opts.Port)
	}
	switch opts.TLS {
	case "":
		opts.TLS = TLSStartTLS
	case TLSNone, TLSStartTLS, TLSImplicit:
	default:
		return nil, fmt.Errorf("%w: SMTP TLS mode %q: want none, starttls or tls", ErrInvalid, opts.TLS)
	}
	from, err := netmail.ParseAddress(opts.From)
	if err != nil {
		return nil, fmt.Errorf("%w: sender address %q: %v", ErrInvalid, opts.From, err)
	}
	if opts.Timeout <= 0 {
		opts.Timeout = 15 * time.Second
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.TLSConfig == nil {
		opts.TLSConfig = &tls.Config{MinVersion: tls.VersionTLS12}
	} else {
		opts.TLSConfig = opts.TLSConfig.Clone()
	}
	if opts.TLSConfig.ServerName == "" {
		opts.TLSConfig.ServerName = opts.Host
	}
	s := &SMTP{opts: opts, from: from}
	if opts.TLS == TLSNone && !isLoopback(opts.Host) {
		opts.Logger.Warn("mail: MSPBOT_SMTP_TLS=none: e-mails to this server travel unencrypted",
			"component", "mail", "host", opts.Host)
	}
	return s, nil
}

// FromSettings returns Disabled when host is empty, else an SMTP sender
// with the given settings (the MSPBOT_SMTP_* settings).
func FromSettings(host string, port int, username, password, from, tlsMode string, log *slog.Logger) (Sender, error) {
	if host == "" {
		return Disabled{}, nil
	}
	return NewSMTP(Options{Host: host, Port: port, Username: username, Password: password, From: from, TLS: tlsMode, Logger: log})
}

// Send delivers m in one SMTP transaction. Errors wrap ErrInvalid when the
// message cannot be sent as given; Temporary tells a 4xx refusal or a
// network failure (worth retrying) from a permanent one.
func (s *SMTP) Send(ctx context.Context, m Message) error {
	msg, err := s.build(m)
	if err != nil {
		return err
	}
	c, err := gomail.NewClient(s.opts.Host, s.clientOptions()...)
	if err != nil {
		return fmt.Errorf("mail: SMTP client: %w", err)
	}
	start := s.opts.Now()
	if err := c.DialAndSendWithContext(ctx, msg); err != nil {
		s.opts.Logger.Warn("mail: not sent", "component", "mail", "host", s.opts.Host,
			"recipients", len(m.To), "temporary", Temporary(err), "err", err.Error())
		return fmt.Errorf("mail: send via %s: %w", net.JoinHostPort(s.opts.Host, fmt.Sprint(s.opts.Port)), err)
	}
	s.opts.Logger.Info("mail: sent", "component", "mail", "host", s.opts.Host, "recipients", len(m.To),
		"calendar", m.Calendar != nil, "attachments", len(m.Attachments), "took", s.opts.Now().Sub(start).String())
	return nil
}

func (s *SMTP) clientOptions() []gomail.Option {
	o := []gomail.Option{
		gomail.WithPort(s.opts.Port),
		gomail.WithTimeout(s.opts.Timeout),
		gomail.WithTLSConfig(s.opts.TLSConfig),
	}
	switch s.opts.TLS {
	case TLSImplicit:
		o = append(o, gomail.WithSSL(), gomail.WithTLSPolicy(gomail.NoTLS))
	case TLSStartTLS:
		o = append(o, gomail.WithTLSPolicy(gomail.TLSMandatory))
	case TLSNone:
		o = append(o, gomail.WithTLSPolicy(gomail.NoTLS))
	}
	if s.opts.Username != "" {
		o = append(o, gomail.WithOpportunisticSMTPAuth(gomail.SMTPAuthPlain, gomail.SMTPAuthLogin),
			gomail.WithUsername(s.opts.Username), gomail.WithPassword(s.opts.Password))
	}
	return o
}

// calendarMethods are the iTIP methods a Calendar may carry.
var calendarMethods = map[string]bool{"REQUEST": true, "CANCEL": true, "PUBLISH": true}

// build checks m and turns it into a go-mail message.
func (s *SMTP) build(m Message) (*gomail.Msg, error) {
	if len(m.To) == 0 {
		return nil, fmt.Errorf("%w: no recipient", ErrInvalid)
	}
	if strings.ContainsAny(m.Subject, "\r\n") {
		return nil, fmt.Errorf("%w: line break in the subject", ErrInvalid)
	}
	msg := gomail.NewMsg()
	msg.FromMailAddress(s.from)
	var to []*netmail.Address
	for _, raw := range m.To {
		a, err := ParseAddress(raw)
		if err != nil {
			return nil, err
		}
		to = append(to, a)
	}
	msg.ToMailAddress(to...)
	msg.Subject(m.Subject)
	msg.SetDateWithValue(s.opts.Now())
	msg.SetMessageIDWithValue(messageID(s.from.Address))
	msg.SetBodyString(gomail.TypeTextPlain, m.Text)
	if m.Calendar != nil {
		method := strings.ToUpper(strings.TrimSpace(m.Calendar.Method))
		if !calendarMethods[method] {
			return nil, fmt.Errorf("%w: calendar method %q: want REQUEST or CANCEL", ErrInvalid, m.Calendar.Method)
		}
		if !strings.HasPrefix(strings.TrimSpace(string(m.Calendar.Data)), "BEGIN:VCALENDAR") {
			return nil, fmt.Errorf("%w: calendar data is not an iCalendar object (BEGIN:VCALENDAR)", ErrInvalid)
		}
		msg.AddAlternativeString(gomail.ContentType("text/calendar; method="+method), string(m.Calendar.Data),
			gomail.WithPartEncoding(gomail.EncodingB64))
		if err := msg.AttachReader("invite.ics", strings.NewReader(string(m.Calendar.Data)),
			gomail.WithFileContentType(gomail.ContentType("application/ics"))); err != nil {
			return nil, fmt.Errorf("mail: attach invite.ics: %w", err)
		}
	}
	for _, a := range m.Attachments {
		if a.Name == "" || strings.ContainsAny(a.Name, "/\\\r\n\"") {
			return nil, fmt.Errorf("%w: attachment name %q", ErrInvalid, a.Name)
		}
		ct := a.ContentType
		if ct == "" {
			ct = "application/octet-stream"
		}
		if strings.ContainsAny(ct, "\r\n") {
			return nil, fmt.Errorf("%w: attachment content type %q", ErrInvalid, ct)
		}
		if err := msg.AttachReader(a.Name, bytesReader(a.Data), gomail.WithFileContentType(gomail.ContentType(ct))); err != nil {
			return nil, fmt.Errorf("mail: attach %s: %w", a.Name, err)
		}
	}
	return msg, nil
}

// ParseAddress checks one recipient address ("a@b.example" or
// "Name <a@b.example>"); errors wrap ErrInvalid.
func ParseAddress(raw string) (*netmail.Address, error) {
	a, err := netmail.ParseAddress(strings.TrimSpace(raw))
	if err != nil {
		return nil, fmt.Errorf("%w: address %q: %v", ErrInvalid, raw, err)
	}
	local, domain, ok := strings.Cut(a.Address, "@")
	if !ok || local == "" || domain == "" || strings.HasPrefix(domain, ".") || strings.HasSuffix(domain, ".") {
		return nil, fmt.Errorf("%w: address %q has no valid domain", ErrInvalid, raw)
	}
	return a, nil
}

// Temporary reports whether err from Send is worth retrying: the server
// answered 4xx, or the connection failed. A 5xx refusal or ErrInvalid is
// permanent.
func Temporary(err error) bool {
	if err == nil || errors.Is(err, ErrInvalid) || errors.Is(err, ErrDisabled) {
		return false
	}
	var se *gomail.SendError
	if errors.As(err, &se) {
		if code := se.ErrorCode(); code >= 500 {
			return false
		} else if code >= 400 {
			return true
		}
		return se.IsTemp() || se.ErrorCode() == 0
	}
	return true
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func bytesReader(b []byte) io.Reader { return bytes.NewReader(b) }

// messageID returns a random Message-ID value at the sender's domain.
func messageID(from string) string {
	_, domain, _ := strings.Cut(from, "@")
	if domain == "" {
		domain = "mspbot.invalid"
	}
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:]) + "@" + domain
}
