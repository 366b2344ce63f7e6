package store

import (
	"encoding/json"
	"time"

	"github.com/stytchkit/stytch-go/mockserver/internal/state"
	"github.com/stytchkit/stytch-go/mockserver/internal/wire"
)

// messageRecordV2 is one message of the "outbox" section.
type messageRecordV2 struct {
	MessageID      string    `json:"message_id"`
	Kind           string    `json:"kind"`
	To             string    `json:"to"`
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

// saveOutbox lists the outbox, oldest first. Messages keep the token or
// code they carry, as the outbox API shows them.
func saveOutbox(p *state.Project, _ SnapshotOptions) (any, error) {
	p.Outbox.Mu.Lock()
	defer p.Outbox.Mu.Unlock()
	out := make([]messageRecordV2, len(p.Outbox.Messages))
	for i, m := range p.Outbox.Messages {
		out[i] = messageRecordV2(m)
	}
	return out, nil
}

// loadOutbox checks and restores the outbox.
func loadOutbox(dst *state.Project, raw json.RawMessage) error {
	var list []messageRecordV2
	if err := wire.Decode(raw, &list, true, false); err != nil {
		return SnapErr("outbox", "%v", err)
	}
	for i, m := range list {
		if m.MessageID == "" {
			return SnapErr("outbox["+itoa(i)+"].message_id", "is required")
		}
		if m.Kind != "email" && m.Kind != "sms" {
			return SnapErr("outbox["+itoa(i)+"].kind", "must be email or sms")
		}
	}
	msgs := make([]state.Message, len(list))
	for i, m := range list {
		msgs[i] = state.Message(m)
	}
	dst.Outbox.Messages = msgs
	return nil
}
