package smtptest

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"net/textproto"
	"strings"
)

// Part is one leaf MIME part of a message, its body decoded.
type Part struct {
	// Header is the part's MIME header.
	Header textproto.MIMEHeader
	// MediaType is the content type without parameters ("text/calendar").
	MediaType string
	// Params are the content type's parameters (charset, method, name).
	Params map[string]string
	// Filename is the attachment's file name (Content-Disposition
	// filename, else the content type's name), empty for inline text.
	Filename string
	// Attachment reports a Content-Disposition of attachment.
	Attachment bool
	// Data is the decoded body.
	Data []byte
}

// Parsed is a recorded message read back.
type Parsed struct {
	// Header is the message header.
	Header mail.Header
	// Subject is the decoded subject line.
	Subject string
	// Parts are the leaf parts in the order they appear.
	Parts []Part
}

// Parse reads a message: its header and every leaf part, decoding
// base64 and quoted-printable bodies.
func Parse(raw []byte) (*Parsed, error) {
	m, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return nil, fmt.Errorf("smtptest: read message: %w", err)
	}
	p := &Parsed{Header: m.Header}
	dec := new(mime.WordDecoder)
	if p.Subject, err = dec.DecodeHeader(m.Header.Get("Subject")); err != nil {
		return nil, fmt.Errorf("smtptest: subject: %w", err)
	}
	h := textproto.MIMEHeader(m.Header)
	if err := p.walk(h, m.Body); err != nil {
		return nil, err
	}
	return p, nil
}

// Parse reads the message back (see Parse).
func (m Message) Parse() (*Parsed, error) { return Parse(m.Raw) }

func (p *Parsed) walk(h textproto.MIMEHeader, body io.Reader) error {
	ct := h.Get("Content-Type")
	if ct == "" {
		ct = "text/plain; charset=us-ascii"
	}
	mt, params, err := mime.ParseMediaType(ct)
	if err != nil {
		return fmt.Errorf("smtptest: content type %q: %w", ct, err)
	}
	if strings.HasPrefix(mt, "multipart/") {
		mr := multipart.NewReader(body, params["boundary"])
		for {
			part, err := mr.NextRawPart()
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return fmt.Errorf("smtptest: multipart: %w", err)
			}
			if err := p.walk(part.Header, part); err != nil {
				return err
			}
		}
	}
	var r io.Reader = body
	switch strings.ToLower(strings.TrimSpace(h.Get("Content-Transfer-Encoding"))) {
	case "base64":
		r = base64.NewDecoder(base64.StdEncoding, body) // ignores line breaks
	case "quoted-printable":
		r = quotedprintable.NewReader(body)
	}
	data, err := io.ReadAll(r)
	if err != nil {
		return fmt.Errorf("smtptest: decode %s part: %w", mt, err)
	}
	part := Part{Header: h, MediaType: mt, Params: params, Data: data}
	if disp, dparams, err := mime.ParseMediaType(h.Get("Content-Disposition")); err == nil {
		part.Attachment = disp == "attachment"
		part.Filename = dparams["filename"]
	}
	if part.Filename == "" && part.Attachment {
		part.Filename = params["name"]
	}
	p.Parts = append(p.Parts, part)
	return nil
}

// Text is the first inline text/plain part.
func (p *Parsed) Text() (string, error) {
	for _, part := range p.Parts {
		if part.MediaType == "text/plain" && !part.Attachment {
			return string(part.Data), nil
		}
	}
	return "", fmt.Errorf("%w: text/plain", ErrNoPart)
}

// Calendar is the first inline text/calendar part and its method
// parameter ("REQUEST", "CANCEL").
func (p *Parsed) Calendar() (data []byte, method string, err error) {
	for _, part := range p.Parts {
		if part.MediaType == "text/calendar" && !part.Attachment {
			return part.Data, part.Params["method"], nil
		}
	}
	return nil, "", fmt.Errorf("%w: text/calendar", ErrNoPart)
}

// Attachment is the attachment with the given file name.
func (p *Parsed) Attachment(name string) (Part, error) {
	for _, part := range p.Parts {
		if part.Attachment && part.Filename == name {
			return part, nil
		}
	}
	return Part{}, fmt.Errorf("%w: attachment %q", ErrNoPart, name)
}

// Attachments are the parts sent as attachments.
func (p *Parsed) Attachments() []Part {
	var out []Part
	for _, part := range p.Parts {
		if part.Attachment {
			out = append(out, part)
		}
	}
	return out
}
