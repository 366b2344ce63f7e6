package store

import (
	"encoding/json"
	"slices"

	"github.com/stytchkit/stytch-go/mockserver/internal/state"
	"github.com/stytchkit/stytch-go/mockserver/internal/wire"
)

// saveOutbox lists the outbox, oldest first. Messages keep the token or
// code they carry, as the outbox API shows them.
func saveOutbox(p *state.Project, _ SnapshotOptions) (any, error) {
	p.Outbox.Mu.Lock()
	defer p.Outbox.Mu.Unlock()
	out := slices.Clone(p.Outbox.Messages)
	if out == nil {
		out = []state.Message{}
	}
	return out, nil
}

func loadOutbox(dst *state.Project, raw json.RawMessage) error {
	var list []state.Message
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
	dst.Outbox.Messages = list
	return nil
}
