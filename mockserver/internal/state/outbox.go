package state

import (
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/stytchkit/stytch-go/mockserver/internal/ids"
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
	UserID         string    `json:"user_id,omitempty"`
	SentAt         time.Time `json:"sent_at"`
}

// DefaultMaxOutboxMessages is how many messages a project's outbox keeps
// unless SetLimit says otherwise; past it the oldest are dropped first.
const DefaultMaxOutboxMessages = 1_000

// outbox holds a project's messages, oldest first.
type outbox struct {
	Mu       sync.Mutex
	Messages []Message
	limit    int // 0: DefaultMaxOutboxMessages
}

// SetLimit sets how many messages the outbox keeps (zero or less: the
// default), dropping the oldest ones past it.
func (o *outbox) SetLimit(n int) {
	o.Mu.Lock()
	defer o.Mu.Unlock()
	o.limit = n
	o.trim()
}

func (o *outbox) add(m Message) {
	o.Mu.Lock()
	defer o.Mu.Unlock()
	o.Messages = append(o.Messages, m)
	o.trim()
}

// trim drops the oldest messages past the limit. Callers hold o.Mu.
func (o *outbox) trim() {
	limit := o.limit
	if limit <= 0 {
		limit = DefaultMaxOutboxMessages
	}
	if extra := len(o.Messages) - limit; extra > 0 {
		o.Messages = slices.Delete(o.Messages, 0, extra)
	}
}

// list returns the messages to the given address (all when to is empty),
// newest first. Email addresses match case-insensitively.
func (o *outbox) List(to string) []Message {
	o.Mu.Lock()
	defer o.Mu.Unlock()
	out := []Message{}
	for _, m := range slices.Backward(o.Messages) {
		if to == "" || strings.EqualFold(m.To, to) {
			out = append(out, m)
		}
	}
	return out
}

func (o *outbox) Clear() {
	o.Mu.Lock()
	defer o.Mu.Unlock()
	o.Messages = nil
}

// SendEmail records an email in the outbox.
func (p *Project) SendEmail(m Message) {
	m.Kind = "email"
	if m.MessageID == "" {
		m.MessageID = ids.NewID("message", p.Env)
	}
	if m.SentAt.IsZero() {
		m.SentAt = p.Clock.Now()
	}
	p.Outbox.add(m)
}

// SendSMS records an SMS in the outbox.
func (p *Project) SendSMS(m Message) {
	m.Kind = "sms"
	if m.MessageID == "" {
		m.MessageID = ids.NewID("message", p.Env)
	}
	if m.SentAt.IsZero() {
		m.SentAt = p.Clock.Now()
	}
	p.Outbox.add(m)
}

// Len returns the number of messages in the outbox.
func (o *outbox) Len() int {
	o.Mu.Lock()
	defer o.Mu.Unlock()
	return len(o.Messages)
}
