package api

import (
	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/b2b/sessions"
	"github.com/stytchkit/stytch-go/mockserver/internal/apierr"
	"github.com/stytchkit/stytch-go/mockserver/internal/flows"
	"github.com/stytchkit/stytch-go/mockserver/internal/httpkit"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
)

// handleSessionExchangeAccessToken turns a connected-app access token into
// a member session (auth-flows §14): the token must be first-party, hold
// full_access, be at most 5 minutes old and not exchanged before. The
// member's MFA and the organization's auth-method rules do not apply. The
// token is consumed only when a session is issued.
func handleSessionExchangeAccessToken(rc *httpkit.Call) (any, error) {
	var b struct {
		AccessToken string `json:"access_token"`
		TelemetryID string `json:"telemetry_id"`
		state.SessionArgs
	}
	if err := rc.Decode(&b); err != nil {
		return nil, err
	}
	if err := checkExchangeBody(b.AccessToken, b.SessionArgs); err != nil {
		return nil, err
	}
	p := rc.Project
	p.Mu.Lock()
	defer p.Mu.Unlock()
	t, factor, aerr := flows.ExchangeAccessToken(p, b.AccessToken, rc.Now)
	if aerr != nil {
		return nil, aerr
	}
	r := p.Members[t.MemberID]
	if r == nil || r.Member.Status == organizations.StatusDeleted {
		return nil, apierr.NotFound("member_not_found", "Member %q, to whom the access token was issued, was not found.", t.MemberID)
	}
	is, err := p.IssueSession(rc.Now, r.Member.MemberID, []sessions.AuthenticationFactor{factor}, b.SessionArgs)
	if err != nil {
		return nil, err
	}
	t.Exchanged = true
	ms := is.Session
	return &sessions.ExchangeAccessTokenResponse{
		MemberID:     r.Member.MemberID,
		SessionToken: is.Token, SessionJWT: is.JWT, Member: is.Member, Organization: is.Org, MemberSession: &ms,
	}, nil
}
