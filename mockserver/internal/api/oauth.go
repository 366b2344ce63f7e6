package api

import (
	"time"

	"github.com/stytchkit/stytch-go/mockserver/internal/apierr"
	"github.com/stytchkit/stytch-go/mockserver/internal/flows"
	"github.com/stytchkit/stytch-go/mockserver/internal/httpkit"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
)

// OAuth login (auth-flows §10): the callback token of a provider sign-in
// becomes a session (oauth/authenticate) or an intermediate session with the
// discovered organizations (oauth/discovery/authenticate).

func handleOAuthAuthenticate(rc *httpkit.Call) (any, error) {
	var b struct {
		OAuthToken       string `json:"oauth_token"`
		PKCECodeVerifier string `json:"pkce_code_verifier"`
		flows.LoginArgs
	}
	if err := rc.Decode(&b); err != nil {
		return nil, err
	}
	if b.OAuthToken == "" {
		return nil, apierr.BadRequest("bad_request", "oauth_token is required.")
	}
	if err := b.Check(); err != nil {
		return nil, err
	}
	p := rc.Project
	p.Mu.Lock()
	defer p.Mu.Unlock()
	l, aerr := flows.FindOAuthLogin(p, b.OAuthToken, b.PKCECodeVerifier, false, rc.Now)
	if aerr != nil {
		return nil, aerr
	}
	ist, aerr := b.FindIST(p, rc.Now)
	if aerr != nil {
		return nil, aerr
	}
	res, aerr := flows.OAuthLogin(p, rc.Now, l, &b.LoginArgs, ist)
	if aerr != nil {
		return nil, aerr
	}
	return res, nil
}

// oauthDiscoveryResponse answers oauth/discovery/authenticate.
type oauthDiscoveryResponse struct {
	RequestID                         string                    `json:"request_id"`
	IntermediateSessionToken          string                    `json:"intermediate_session_token"`
	EmailAddress                      string                    `json:"email_address"`
	DiscoveredOrganizations           []flows.DiscoveredOrgView `json:"discovered_organizations"`
	ProviderType                      string                    `json:"provider_type"`
	ProviderTenantID                  string                    `json:"provider_tenant_id"`
	ProviderTenantIDs                 []string                  `json:"provider_tenant_ids"`
	FullName                          string                    `json:"full_name"`
	IntermediateSessionTokenExpiresAt *time.Time                `json:"intermediate_session_token_expires_at"`
	StatusCode                        int                       `json:"status_code"`
}

func handleOAuthDiscoveryAuthenticate(rc *httpkit.Call) (any, error) {
	var b struct {
		DiscoveryOAuthToken string `json:"discovery_oauth_token"`
		PKCECodeVerifier    string `json:"pkce_code_verifier"`
		SessionToken        string `json:"session_token"`
		SessionJWT          string `json:"session_jwt"`
		state.SessionArgs
	}
	if err := rc.Decode(&b); err != nil {
		return nil, err
	}
	if b.DiscoveryOAuthToken == "" {
		return nil, apierr.BadRequest("bad_request", "discovery_oauth_token is required.")
	}
	if err := flows.CheckSessionArgs(b.SessionToken, b.SessionJWT, b.SessionArgs); err != nil {
		return nil, err
	}
	p := rc.Project
	p.Mu.Lock()
	defer p.Mu.Unlock()
	l, aerr := flows.FindOAuthLogin(p, b.DiscoveryOAuthToken, b.PKCECodeVerifier, true, rc.Now)
	if aerr != nil {
		return nil, aerr
	}
	pr := flows.OAuthProviders[l.Provider]
	l.Used = true
	ist, tok := p.NewIST(rc.Now, l.Email, "", "", []state.ISTFactor{flows.OAuthDiscoveryFactor(pr, l.Subject, l.TenantID)})
	exp := ist.ExpiresAt
	tenants := []string{}
	if l.TenantID != "" {
		tenants = append(tenants, l.TenantID)
	}
	return &oauthDiscoveryResponse{
		IntermediateSessionToken: tok, IntermediateSessionTokenExpiresAt: &exp, EmailAddress: l.Email,
		DiscoveredOrganizations: flows.ISTDiscoveredOrgs(p, ist),
		ProviderType:            pr.Type, ProviderTenantID: l.TenantID, ProviderTenantIDs: tenants, FullName: l.Name,
	}, nil
}
