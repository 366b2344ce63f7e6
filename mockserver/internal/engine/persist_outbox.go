package engine

import (
	"encoding/json"
	"slices"
)

func init() {
	registerSnapshotSection(snapshotSection{name: "outbox", order: 60, save: saveOutbox, load: loadOutbox})
}

// saveOutbox lists the outbox, oldest first. Messages keep the token or
// code they carry, as the outbox API shows them.
func saveOutbox(p *project, _ snapshotOptions) (any, error) {
	p.outbox.mu.Lock()
	defer p.outbox.mu.Unlock()
	out := slices.Clone(p.outbox.messages)
	if out == nil {
		out = []Message{}
	}
	return out, nil
}

func loadOutbox(dst *project, raw json.RawMessage) error {
	var list []Message
	if err := decodeStrict(raw, &list); err != nil {
		return snapErr("outbox", "%v", err)
	}
	for i, m := range list {
		if m.MessageID == "" {
			return snapErr("outbox["+itoa(i)+"].message_id", "is required")
		}
		if m.Kind != "email" && m.Kind != "sms" {
			return snapErr("outbox["+itoa(i)+"].kind", "must be email or sms")
		}
	}
	dst.outbox.messages = list
	return nil
}
