package engine

import (
	"slices"
	"strings"
	"sync"
	"time"
)

// Message is an email or SMS the mock would have sent. Nothing leaves the
// mock: every message lands in the project's outbox, with the token or code
// it carries already parsed out.
type Message struct {
	MessageID      string    `json:"message_id"`
	Kind           string    `json:"kind"` // "email" or "sms"
	To             string    `json:"to"`   // email address or E.164 phone number
	Template       string    `json:"template"`
	Subject        string    `json:"subject,omitempty"`
	Text           string    `json:"text"`
	Link           string    `json:"link,omitempty"`
	Token          string    `json:"token,omitempty"`
	Code           string    `json:"code,omitempty"`
	OrganizationID string    `json:"organization_id,omitempty"`
	MemberID       string    `json:"member_id,omitempty"`
	SentAt         time.Time `json:"sent_at"`
}

// outbox holds a project's messages, oldest first.
type outbox struct {
	mu       sync.Mutex
	messages []Message
}

func (o *outbox) add(m Message) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.messages = append(o.messages, m)
}

// list returns the messages to the given address (all when to is empty),
// newest first. Email addresses match case-insensitively.
func (o *outbox) list(to string) []Message {
	o.mu.Lock()
	defer o.mu.Unlock()
	out := []Message{}
	for _, m := range slices.Backward(o.messages) {
		if to == "" || strings.EqualFold(m.To, to) {
			out = append(out, m)
		}
	}
	return out
}

func (o *outbox) clear() {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.messages = nil
}

// sendEmail records an email in the outbox.
func (p *project) sendEmail(m Message) {
	m.Kind = "email"
	if m.MessageID == "" {
		m.MessageID = newID("message", p.env)
	}
	if m.SentAt.IsZero() {
		m.SentAt = p.clock.Now()
	}
	p.outbox.add(m)
}

// sendSMS records an SMS in the outbox.
func (p *project) sendSMS(m Message) {
	m.Kind = "sms"
	if m.MessageID == "" {
		m.MessageID = newID("message", p.env)
	}
	if m.SentAt.IsZero() {
		m.SentAt = p.clock.Now()
	}
	p.outbox.add(m)
}

// Outbox returns the messages of a project sent to the given address (all
// when to is empty), newest first.
func (e *Engine) Outbox(projectID, to string) []Message {
	p := e.project(projectID)
	if p == nil {
		return nil
	}
	return p.outbox.list(to)
}
