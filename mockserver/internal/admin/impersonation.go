package admin

import (
	"time"

	"github.com/stytchkit/stytch-go/mockserver/internal/apierr"
	"github.com/stytchkit/stytch-go/mockserver/internal/flows"
	"github.com/stytchkit/stytch-go/mockserver/internal/httpkit"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
)

type impersonationResponse struct {
	httpkit.Ack
	ImpersonationToken string    `json:"impersonation_token"`
	ExpiresAt          time.Time `json:"expires_at"`
}

// HandleImpersonate mints an impersonation token as Stytch's dashboard
// does: POST /mock/impersonation {organization_id, member_id,
// impersonator_email_address, impersonator_id?, reason?}.
func HandleImpersonate(rc *httpkit.Call) (any, error) {
	var b struct {
		OrganizationID           string `json:"organization_id"`
		MemberID                 string `json:"member_id"`
		ImpersonatorID           string `json:"impersonator_id"`
		ImpersonatorEmailAddress string `json:"impersonator_email_address"`
		Reason                   string `json:"reason"`
	}
	if err := rc.Decode(&b); err != nil {
		return nil, err
	}
	return rc.WriteOrg(b.OrganizationID, func(p *state.Project, org *state.OrgRecord) (any, error) {
		tok, exp, err := flows.MintImpersonation(p, rc.Now, flows.ImpersonationRequest{
			OrgID: org.Org.OrganizationID, MemberID: b.MemberID,
			ImpersonatorID: b.ImpersonatorID, ImpersonatorEmail: b.ImpersonatorEmailAddress, Reason: b.Reason,
		})
		if err != nil {
			return nil, err
		}
		return &impersonationResponse{ImpersonationToken: tok, ExpiresAt: exp}, nil
	})
}

type impersonationSettings struct {
	httpkit.Ack
	Enabled bool `json:"enabled"`
}

// HandleSetImpersonation turns impersonation on or off for the project:
// PUT /mock/impersonation/settings {enabled}.
func HandleSetImpersonation(rc *httpkit.Call) (any, error) {
	var b struct {
		Enabled *bool `json:"enabled"`
	}
	if err := rc.Decode(&b); err != nil {
		return nil, err
	}
	if b.Enabled == nil {
		return nil, apierr.BadRequest("invalid_request_value", "enabled is required: true or false.")
	}
	rc.Project.Mu.Lock()
	defer rc.Project.Mu.Unlock()
	rc.Project.Impersonation.Disabled = !*b.Enabled
	return &impersonationSettings{Enabled: *b.Enabled}, nil
}
