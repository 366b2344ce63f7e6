package main

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"golang.org/x/oauth2"

	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/b2b/sso"
	"github.com/stytchkit/stytch-go/stytchapi"
)

// ssoSetup is what SSO needs besides the client. Browsers start an SSO
// login at Stytch's public start URL with the project's public token (which,
// unlike the secret, may be seen by browsers). connectIdP gives a new
// connection its identity provider's settings; see mockEnv.useBuiltinIdP.
type ssoSetup struct {
	startURL    string
	publicToken string
	connectIdP  func(ctx context.Context, connectionID string) error
}

// pkceCookie holds the PKCE code verifier between the start of an SSO login
// and its return to the redirect URL.
const pkceCookie = "sso_pkce"

// ssoConnections lists the organization's SSO connections, as the member:
// Stytch checks their permission (get on stytch.sso).
func (a *app) ssoConnections(ctx context.Context, s *session) (*sso.GetConnectionsResponse, error) {
	resp, err := a.client.SSO.GetConnections(ctx, &sso.GetConnectionsParams{OrganizationID: s.OrganizationID}, stytchapi.WithMemberSessionJWT(s.jwt))
	if err != nil {
		return nil, fmt.Errorf("listing the SSO connections: %w", err)
	}
	return resp, nil
}

// createSSOConnection adds a SAML connection to the organization, as the
// member (Stytch refuses it unless their roles grant create on
// stytch.sso). A new connection is pending: it becomes active once it has
// its IdP's entity ID, sign-in URL, certificate and attribute mapping.
func (a *app) createSSOConnection(w http.ResponseWriter, r *http.Request, s *session) {
	name := strings.TrimSpace(r.PostFormValue("display_name"))
	resp, err := a.client.SSO.SAML.CreateConnection(r.Context(), &sso.SAMLCreateConnectionParams{
		OrganizationID:   s.OrganizationID,
		DisplayName:      name,
		IdentityProvider: "generic",
	}, stytchapi.WithMemberSessionJWT(s.jwt))
	if err != nil {
		a.fail(w, r, fmt.Errorf("creating the SSO connection: %w", err))
		return
	}
	if err := a.sso.connectIdP(r.Context(), resp.Connection.ConnectionID); err != nil {
		a.fail(w, r, fmt.Errorf("connecting the identity provider: %w", err))
		return
	}
	http.Redirect(w, r, "/settings?sso=1", http.StatusSeeOther)
}

// startSSO sends the browser to Stytch's SSO start URL for the organization
// with the slug typed on the login page. Stytch sends it on to the
// organization's identity provider, and after the sign-in there back to the
// redirect URL with stytch_token_type=sso.
func (a *app) startSSO(w http.ResponseWriter, r *http.Request) {
	slug := strings.TrimSpace(r.PostFormValue("slug"))
	if slug == "" {
		a.render(w, http.StatusBadRequest, "error", nil, "Please enter your organization's slug.")
		return
	}
	if a.sso.publicToken == "" {
		a.render(w, http.StatusServiceUnavailable, "error", nil, "SSO logins need the project's public token: start the app with --public-token.")
		return
	}
	resp, err := a.client.Organizations.Search(r.Context(), &organizations.SearchParams{
		Query: organizations.And(organizations.Filter("organization_slugs", []string{slug})),
	})
	if err != nil {
		a.fail(w, r, fmt.Errorf("finding the organization: %w", err))
		return
	}
	if len(resp.Organizations) == 0 {
		a.render(w, http.StatusNotFound, "error", nil, "No organization has the slug "+slug+".")
		return
	}
	org := resp.Organizations[0]
	connectionID := ssoConnection(&org)
	if connectionID == "" {
		a.render(w, http.StatusNotFound, "error", nil, org.OrganizationName+" has no active SSO connection.")
		return
	}
	// PKCE ties the SSO token to this browser: Stytch only accepts the token
	// together with the verifier of the challenge sent here, and the
	// verifier never leaves the app's HttpOnly cookie.
	verifier := oauth2.GenerateVerifier()
	setCookie(w, r, pkceCookie, verifier, 600)
	q := url.Values{
		"connection_id":       {connectionID},
		"public_token":        {a.sso.publicToken},
		"login_redirect_url":  {a.redirectURL},
		"signup_redirect_url": {a.redirectURL},
		"pkce_code_challenge": {oauth2.S256ChallengeFromVerifier(verifier)},
	}
	http.Redirect(w, r, a.sso.startURL+"?"+q.Encode(), http.StatusSeeOther)
}

// ssoConnection picks the connection to log in with: the organization's
// default connection when it is active, or else its first active one.
func ssoConnection(org *organizations.Organization) string {
	for _, c := range org.SSOActiveConnections {
		if c.ConnectionID == org.SSODefaultConnectionID {
			return c.ConnectionID
		}
	}
	if len(org.SSOActiveConnections) > 0 {
		return org.SSOActiveConnections[0].ConnectionID
	}
	return ""
}

// authenticateSSO finishes an SSO login on the redirect URL. Stytch finds
// the member by their SSO registration or email, or creates them just in
// time when the organization's sso_jit_provisioning allows the connection.
func (a *app) authenticateSSO(w http.ResponseWriter, r *http.Request, token string) {
	var verifier string
	if c, err := r.Cookie(pkceCookie); err == nil {
		verifier = c.Value
	}
	clearCookie(w, r, pkceCookie)
	resp, err := a.client.SSO.Authenticate(r.Context(), &sso.AuthenticateParams{SSOToken: token, PKCECodeVerifier: verifier})
	if err != nil {
		a.fail(w, r, fmt.Errorf("authenticating the SSO login: %w", err))
		return
	}
	a.finishLogin(w, r, &resp.LoginResult)
}
