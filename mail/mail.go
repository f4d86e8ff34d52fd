// Package mail sends mspbot's e-mails: vendor-appointment confirmations with
// an iCalendar invitation, signed meeting protocols with their exports.
//
// Domain packages declare the small interface they need (a Send method
// taking a Message); this package provides the SMTP implementation built on
// github.com/wneessen/go-mail and a Disabled sender for installations
// without a mail server.
package mail

import (
	"context"
	"errors"
)

// Attachment is a file attached to a message.
type Attachment struct {
	// Name is the file name shown to the recipient ("protocol.pdf").
	Name string
	// ContentType is the MIME type ("application/pdf").
	ContentType string
	// Data is the file's content.
	Data []byte
}

// Calendar is an iCalendar object sent with a message: as a
// text/calendar alternative part (so mail clients offer to add it) and as
// an invite.ics attachment.
type Calendar struct {
	// Method is the iTIP method: "REQUEST" or "CANCEL".
	Method string
	// Data is the iCalendar text (VCALENDAR).
	Data []byte
}

// Message is one e-mail.
type Message struct {
	// To are the recipients' addresses.
	To []string
	// Subject is the subject line.
	Subject string
	// Text is the plain-text body.
	Text string
	// Calendar, if set, is an invitation or cancellation.
	Calendar *Calendar
	// Attachments are added as files.
	Attachments []Attachment
}

// ErrDisabled is returned by Disabled: no mail server is configured.
var ErrDisabled = errors.New("mail: no SMTP server configured (MSPBOT_SMTP_HOST)")

// ErrInvalid wraps a message that cannot be sent as given (no recipient,
// a malformed address).
var ErrInvalid = errors.New("mail: invalid message")

// Sender sends messages. *SMTP and Disabled implement it; consumers declare
// their own one-method interface of the same shape.
type Sender interface {
	Send(ctx context.Context, m Message) error
}

// Disabled is the Sender of installations without a mail server: every
// Send fails with ErrDisabled so callers can record that nothing was sent.
type Disabled struct{}

// Send returns ErrDisabled.
func (Disabled) Send(context.Context, Message) error { return ErrDisabled }
