package admin

import (
	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/b2b/sessions"
	"github.com/stytchkit/stytch-go/mockserver/internal/apierr"
	"github.com/stytchkit/stytch-go/mockserver/internal/httpkit"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
)

// sessionFixtureResponse answers POST /mock/sessions.
type sessionFixtureResponse struct {
	httpkit.Ack
	MemberSession sessions.MemberSession `json:"member_session"`
	SessionToken  string                 `json:"session_token"`
	SessionJWT    string                 `json:"session_jwt"`
}

// HandleSessionFixture is a test fixture: it logs an existing active member
// in as if through an email magic link and returns the session, its token
// and a JWT. Backends that only need a logged-in member use it instead of
// driving a login flow.
func HandleSessionFixture(rc *httpkit.Call) (any, error) {
	var b struct {
		OrganizationID string `json:"organization_id"`
		MemberID       string `json:"member_id"`
		state.SessionArgs
	}
	if err := rc.Decode(&b); err != nil {
		return nil, err
	}
	return rc.WriteOrg(b.OrganizationID, func(p *state.Project, org *state.OrgRecord) (any, error) {
		m, aerr := activeMember(p, org, b.MemberID, "be logged in by the fixture")
		if aerr != nil {
			return nil, aerr
		}
		is, ierr := p.IssueSession(rc.Now, m.Member.MemberID, []sessions.AuthenticationFactor{state.EmailFactor(m, "magic_link")}, b.SessionArgs)
		if ierr != nil {
			return nil, ierr
		}
		return &sessionFixtureResponse{httpkit.Ack{}, is.Session, is.Token, is.JWT}, nil
	})
}

// activeMember finds the active member memberID of org for a fixture; what
// names what only active members can do, in the error. Callers hold p.mu.
func activeMember(p *state.Project, org *state.OrgRecord, memberID, what string) (*state.MemberRecord, *apierr.Error) {
	m := p.Members[memberID]
	if m == nil || m.Member.OrganizationID != org.Org.OrganizationID || m.Member.Status == organizations.StatusDeleted {
		return nil, apierr.NotFound("member_not_found", "Member %q was not found in organization %q.", memberID, org.Org.OrganizationID)
	}
	if m.Member.Status != organizations.StatusActive {
		return nil, apierr.BadRequest("action_available_only_for_active_members", "Member %q is %s; only active members can %s.", memberID, m.Member.Status, what)
	}
	return m, nil
}
