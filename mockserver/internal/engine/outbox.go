package engine

import "github.com/stytchkit/stytch-go/mockserver/internal/state"

// Outbox returns the messages of a project sent to the given address (all
// when to is empty), newest first.
func (e *Engine) Outbox(projectID, to string) []state.Message {
	p := e.Project(projectID)
	if p == nil {
		return nil
	}
	return p.Outbox.List(to)
}
