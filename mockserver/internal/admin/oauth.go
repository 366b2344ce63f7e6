package admin

import (
	"github.com/stytchkit/stytch-go/mockserver/internal/apierr"
	"github.com/stytchkit/stytch-go/mockserver/internal/flows"
	"github.com/stytchkit/stytch-go/mockserver/internal/httpkit"
)

type oauthLoginResponse struct {
	httpkit.Ack
	Token       string `json:"token"`
	RedirectURL string `json:"redirect_url"`
}

// HandleOAuthLogin is the headless path of a provider sign-in: POST
// /mock/oauth/login {provider, email, name?, tenant_id?, organization_id |
// discovery: true, pkce_code_challenge?, login_redirect_url?,
// signup_redirect_url?, discovery_redirect_url?, custom_scopes?}. It does what
// the provider's sign-in page does and answers the OAuth token and the
// redirect URL the browser would be sent to.
func HandleOAuthLogin(rc *httpkit.Call) (any, error) {
	var b struct {
		Provider             string   `json:"provider"`
		Email                string   `json:"email"`
		Name                 string   `json:"name"`
		TenantID             string   `json:"tenant_id"`
		OrganizationID       string   `json:"organization_id"`
		Discovery            bool     `json:"discovery"`
		PKCECodeChallenge    string   `json:"pkce_code_challenge"`
		LoginRedirectURL     string   `json:"login_redirect_url"`
		SignupRedirectURL    string   `json:"signup_redirect_url"`
		DiscoveryRedirectURL string   `json:"discovery_redirect_url"`
		CustomScopes         []string `json:"custom_scopes"`
	}
	if err := rc.Decode(&b); err != nil {
		return nil, err
	}
	p := rc.Project
	p.Mu.Lock()
	defer p.Mu.Unlock()
	orgID := ""
	if b.OrganizationID != "" {
		org, err := p.FindOrg(b.OrganizationID)
		if err != nil {
			return nil, err
		}
		orgID = org.Org.OrganizationID
	} else if !b.Discovery {
		return nil, apierr.BadRequest("invalid_request_value", "Give organization_id, or discovery: true.")
	}
	tok, url, err := flows.FinishSignIn(p, rc.Now, &flows.OAuthSignIn{
		Provider: b.Provider, Email: b.Email, Name: b.Name, TenantID: b.TenantID,
		OrgID: orgID, Discovery: b.Discovery, PKCEChallenge: b.PKCECodeChallenge, Scopes: b.CustomScopes,
	}, flows.OAuthRedirects{Login: b.LoginRedirectURL, Signup: b.SignupRedirectURL, Discovery: b.DiscoveryRedirectURL})
	if err != nil {
		return nil, err
	}
	return &oauthLoginResponse{Token: tok, RedirectURL: url}, nil
}
