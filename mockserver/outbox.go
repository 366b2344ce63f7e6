package mockserver

import "github.com/stytchkit/stytch-go/mockserver/internal/state"

// Message is an email or SMS the mock would have sent, with the token or
// code it carries parsed out. Kind is "email" or "sms"; Template names the
// kind of message ("login", "signup", "invite", "discovery", ...).
type Message = state.Message

// Outbox reads the messages of one project. Nothing the mock "sends" leaves
// it: every email and SMS lands here.
type Outbox struct {
	s         *Server
	projectID string
}

// Outbox returns the outbox of a project.
func (s *Server) Outbox(projectID string) *Outbox { return &Outbox{s: s, projectID: projectID} }

// All returns every message, newest first.
func (o *Outbox) All() []Message { return o.s.engine.Outbox(o.projectID, "") }

// To returns the messages sent to an email address (case-insensitively) or
// phone number, newest first.
func (o *Outbox) To(address string) []Message { return o.s.engine.Outbox(o.projectID, address) }

// Last returns the newest message sent to address, and false when there is
// none.
func (o *Outbox) Last(address string) (Message, bool) {
	msgs := o.To(address)
	if len(msgs) == 0 {
		return Message{}, false
	}
	return msgs[0], true
}

// Outbox returns the outbox of the test's project.
func (ts *TestServer) Outbox() *Outbox { return ts.Server.Outbox(ts.ProjectID) }
