package api

import (
	"github.com/stytchkit/stytch-go/mockserver/internal/apierr"
	"github.com/stytchkit/stytch-go/mockserver/internal/flows"
	"github.com/stytchkit/stytch-go/mockserver/internal/httpkit"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
)

// authenticateMFA opens an MFA authenticate call (SMS OTP, TOTP, recovery
// code): it decodes the body into body, checks the common arguments auth
// (a field of body) and then the factor's own code with checkCode, locks
// the project for writing and resolves the organization, the member and
// who is calling. complete finishes the factor under the lock.
func authenticateMFA(rc *httpkit.Call, body any, auth *flows.MFAAuthBody, checkCode func() *apierr.Error,
	complete func(p *state.Project, org *state.OrgRecord, r *state.MemberRecord, c *flows.MFAContext) (any, error)) (any, error) {
	if err := rc.Decode(body); err != nil {
		return nil, err
	}
	if err := auth.Check(); err != nil {
		return nil, err
	}
	if err := checkCode(); err != nil {
		return nil, err
	}
	p := rc.Project
	p.Mu.Lock()
	defer p.Mu.Unlock()
	org, r, c, err := flows.MFACall(p, auth.OrganizationID, auth.MemberID, auth.MFASessionArgs, rc.Now)
	if err != nil {
		return nil, err
	}
	return complete(p, org, r, c)
}
