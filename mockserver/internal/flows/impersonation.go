package flows

import (
	"net/mail"
	"time"

	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/b2b/sessions"
	"github.com/stytchkit/stytch-go/mockserver/internal/apierr"
	"github.com/stytchkit/stytch-go/mockserver/internal/ids"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
)

// Impersonation (auth-flows §12).

// maxImpersonationReason bounds the reason a token is minted with.
const maxImpersonationReason = 1024

// ImpersonationRequest is what the dashboard sends to mint a token.
type ImpersonationRequest struct {
	OrgID, MemberID   string
	ImpersonatorID    string
	ImpersonatorEmail string
	Reason            string
}

// MintImpersonation checks an impersonation request and stores a token,
// which it returns with its expiry. The project must allow impersonation
// and the member must be active. Callers hold p.mu for writing.
func MintImpersonation(p *state.Project, now time.Time, q ImpersonationRequest) (string, time.Time, *apierr.Error) {
	if a, err := mail.ParseAddress(q.ImpersonatorEmail); err != nil || a.Address != q.ImpersonatorEmail {
		return "", time.Time{}, apierr.BadRequest("invalid_email", "impersonator_email_address must be a plain email address.")
	}
	if len(q.Reason) > maxImpersonationReason {
		return "", time.Time{}, apierr.BadRequest("invalid_impersonation_reason", "reason must be at most %d characters.", maxImpersonationReason)
	}
	if q.ImpersonatorID != "" && !ValidClientID(q.ImpersonatorID) {
		return "", time.Time{}, apierr.BadRequest("invalid_request_value", "impersonator_id must be 1-128 printable characters without spaces.")
	}
	if p.Impersonation.Disabled {
		return "", time.Time{}, apierr.Forbidden("member_impersonation_not_allowed", "Impersonation is turned off for this project.")
	}
	m := p.Members[q.MemberID]
	if m == nil || m.Member.OrganizationID != q.OrgID || m.Member.Status == organizations.StatusDeleted {
		return "", time.Time{}, apierr.NotFound("member_not_found", "Member %q was not found in organization %q.", q.MemberID, q.OrgID)
	}
	if m.Member.Status != organizations.StatusActive {
		return "", time.Time{}, apierr.Forbidden("member_impersonation_not_allowed", "Member %q is %s; only active members can be impersonated.", q.MemberID, m.Member.Status)
	}
	id := q.ImpersonatorID
	if id == "" {
		id = ids.NewID("workspace-member", p.Env)
	}
	tok := ids.NewToken()
	exp := now.Add(state.ImpersonationTokenTTL)
	p.AddImpersonationToken(&state.ImpersonationTokenRecord{
		TokenHash: ids.HashToken(tok), OrgID: q.OrgID, MemberID: q.MemberID,
		ImpersonatorID: id, ImpersonatorEmail: q.ImpersonatorEmail, Reason: q.Reason,
		CreatedAt: now, ExpiresAt: exp,
	})
	return tok, exp, nil
}

// ImpersonationResult answers impersonation/authenticate.
type ImpersonationResult struct {
	RequestID                         string                     `json:"request_id"`
	MemberID                          string                     `json:"member_id"`
	OrganizationID                    string                     `json:"organization_id"`
	Member                            organizations.Member       `json:"member"`
	Organization                      organizations.Organization `json:"organization"`
	SessionToken                      string                     `json:"session_token"`
	SessionJWT                        string                     `json:"session_jwt"`
	MemberSession                     *sessions.MemberSession    `json:"member_session"`
	IntermediateSessionToken          string                     `json:"intermediate_session_token"`
	IntermediateSessionTokenExpiresAt *time.Time                 `json:"intermediate_session_token_expires_at"`
	MemberAuthenticated               bool                       `json:"member_authenticated"`
	MFARequired                       *MFARequiredView           `json:"mfa_required"`
	StatusCode                        int                        `json:"status_code"`
}

// AuthenticateImpersonation spends an impersonation token on a session of
// at most 60 minutes whose one factor is "impersonated"; MFA never applies.
// Unknown, used and expired tokens are all 401
// unable_to_auth_impersonation_token. Callers hold p.mu for writing.
func AuthenticateImpersonation(p *state.Project, now time.Time, token string) (*ImpersonationResult, *apierr.Error) {
	t := p.Impersonation.Tokens[ids.HashToken(token)]
	if t == nil || t.Used || !now.Before(t.ExpiresAt) {
		return nil, apierr.Unauthorized("unable_to_auth_impersonation_token", "The impersonation token is not valid: it is unknown, was already used, or has expired.")
	}
	if p.Impersonation.Disabled {
		return nil, apierr.Forbidden("member_impersonation_not_allowed", "Impersonation is turned off for this project.")
	}
	m := p.Members[t.MemberID]
	if m == nil || m.Member.Status != organizations.StatusActive {
		return nil, apierr.Forbidden("member_impersonation_not_allowed", "The member this token impersonates is no longer active.")
	}
	minutes := int64(state.ImpersonationSessionTTL / time.Minute)
	f := sessions.AuthenticationFactor{
		Type: "impersonated", DeliveryMethod: "impersonation",
		ImpersonatedFactor: &sessions.ImpersonatedFactor{ImpersonatorID: t.ImpersonatorID, ImpersonatorEmailAddress: t.ImpersonatorEmail},
	}
	is, err := p.IssueSession(now, m.Member.MemberID, []sessions.AuthenticationFactor{f}, state.SessionArgs{DurationMinutes: &minutes})
	if err != nil {
		if ae, ok := err.(*apierr.Error); ok { //nolint:errorlint // IssueSession returns *apierr.Error directly
			return nil, ae
		}
		return nil, apierr.Internal("The mock could not sign a session JWT.")
	}
	t.Used, t.SessionID = true, is.Session.MemberSessionID
	ms := is.Session
	return &ImpersonationResult{
		MemberID: m.Member.MemberID, OrganizationID: t.OrgID, Member: is.Member, Organization: is.Org,
		SessionToken: is.Token, SessionJWT: is.JWT, MemberSession: &ms, MemberAuthenticated: true,
	}, nil
}
