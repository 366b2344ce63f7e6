package api

import (
	"github.com/stytchkit/stytch-go/mockserver/internal/apierr"
	"github.com/stytchkit/stytch-go/mockserver/internal/flows"
	"github.com/stytchkit/stytch-go/mockserver/internal/httpkit"
)

// ssoAuthResponse answers sso.authenticate.
type ssoAuthResponse struct {
	*flows.AuthResult
	OrganizationID string `json:"organization_id"`
	ResetSession   bool   `json:"reset_session"`
}

func handleSSOAuthenticate(rc *httpkit.Call) (any, error) {
	var b struct {
		SSOToken         string `json:"sso_token"`
		PKCECodeVerifier string `json:"pkce_code_verifier"`
		flows.LoginArgs
	}
	if err := rc.Decode(&b); err != nil {
		return nil, err
	}
	if b.SSOToken == "" {
		return nil, apierr.BadRequest("bad_request", "sso_token is required.")
	}
	if err := b.Check(); err != nil {
		return nil, err
	}
	p := rc.Project
	p.Mu.Lock()
	defer p.Mu.Unlock()
	ist, aerr := b.FindIST(p, rc.Now)
	if aerr != nil {
		return nil, aerr
	}
	res, aerr := flows.SSOAuthenticate(p, rc.Now, b.SSOToken, b.PKCECodeVerifier, &b.LoginArgs, ist)
	if aerr != nil {
		return nil, aerr
	}
	return &ssoAuthResponse{AuthResult: res, OrganizationID: res.Organization.OrganizationID}, nil
}
