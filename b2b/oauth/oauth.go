// Package oauth is the client for Stytch B2B OAuth login through the
// built-in providers (Google, Microsoft, GitHub, HubSpot, Slack):
// Authenticate on Client turns the token of an organization login into a
// session, and Client.Discovery.Authenticate turns the token of a discovery
// login into an intermediate session with the organizations the person may
// enter.
//
// The browser starts a login at
// /v1/b2b/public/oauth/{provider}/start (or .../discovery/start) and comes
// back to the redirect URL with stytch_token_type=oauth (or
// discovery_oauth) and token.
package oauth

import (
	"context"
	"net/http"
	"time"

	"github.com/stytchkit/stytch-go/b2b/discovery"
	"github.com/stytchkit/stytch-go/b2b/sessions"
	"github.com/stytchkit/stytch-go/stytchapi"
)

// Client authenticates OAuth logins. Get one from b2b.Client.OAuth.
type Client struct {
	c *stytchapi.Client
	// Discovery authenticates discovery OAuth logins.
	Discovery *DiscoveryClient
}

// NewClient returns a Client that sends requests with c.
func NewClient(c *stytchapi.Client) *Client {
	return &Client{c: c, Discovery: &DiscoveryClient{c: c}}
}

// AuthenticateParams carry the token of an organization OAuth login (the
// "token" query parameter of the redirect) and the PKCE code verifier when
// the login was started with a challenge. A SessionToken or SessionJWT of
// the same member adds the OAuth factor to that session; an
// IntermediateSessionToken adds it to a login in progress.
// SessionDurationMinutes is 5 to 527040 (default 60).
type AuthenticateParams struct {
	OAuthToken               string         `json:"oauth_token"`
	SessionToken             string         `json:"session_token,omitzero"`
	SessionDurationMinutes   int32          `json:"session_duration_minutes,omitzero"`
	SessionJWT               string         `json:"session_jwt,omitzero"`
	SessionCustomClaims      map[string]any `json:"session_custom_claims,omitzero"`
	PKCECodeVerifier         string         `json:"pkce_code_verifier,omitzero"`
	Locale                   string         `json:"locale,omitzero"`
	IntermediateSessionToken string         `json:"intermediate_session_token,omitzero"`
	TelemetryID              string         `json:"telemetry_id,omitzero"`
}

// ProviderValues are the tokens the OAuth provider issued at the login.
type ProviderValues struct {
	Scopes       []string   `json:"scopes"`
	AccessToken  string     `json:"access_token,omitempty"`
	RefreshToken string     `json:"refresh_token,omitempty"`
	ExpiresAt    *time.Time `json:"expires_at,omitempty"`
	IDToken      string     `json:"id_token,omitempty"`
}

// AuthenticateResponse is the answer to Authenticate: the login result
// (a session, or an intermediate session when the organization wants MFA
// or another primary factor), the provider account (ProviderType,
// ProviderSubject) and its tokens.
type AuthenticateResponse struct {
	sessions.LoginResult
	OrganizationID  string          `json:"organization_id"`
	ProviderSubject string          `json:"provider_subject"`
	ProviderType    string          `json:"provider_type"`
	ResetSessions   bool            `json:"reset_sessions"`
	ProviderValues  *ProviderValues `json:"provider_values,omitempty"`
}

// Authenticate consumes the token of an organization OAuth login: the
// member is found by email or provisioned just in time (by email domain,
// or by the provider's tenant under the organization's
// allowed_oauth_tenants), the OAuth registration is recorded on the
// member, and the member gets a session unless the organization wants
// more.
func (c *Client) Authenticate(ctx context.Context, params *AuthenticateParams, opts ...stytchapi.RequestOption) (*AuthenticateResponse, error) {
	return stytchapi.Do[AuthenticateResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodPost, Path: "/v1/b2b/oauth/authenticate", Body: params, Options: opts,
	})
}

// DiscoveryClient authenticates discovery OAuth logins. Get one from
// b2b.Client.OAuth.Discovery.
type DiscoveryClient struct {
	c *stytchapi.Client
}

// DiscoveryAuthenticateParams carry the token of a discovery OAuth login
// and the PKCE code verifier when it was started with a challenge.
type DiscoveryAuthenticateParams struct {
	DiscoveryOAuthToken    string         `json:"discovery_oauth_token"`
	SessionToken           string         `json:"session_token,omitzero"`
	SessionDurationMinutes int32          `json:"session_duration_minutes,omitzero"`
	SessionJWT             string         `json:"session_jwt,omitzero"`
	SessionCustomClaims    map[string]any `json:"session_custom_claims,omitzero"`
	PKCECodeVerifier       string         `json:"pkce_code_verifier,omitzero"`
}

// DiscoveryAuthenticateResponse is the answer to Discovery.Authenticate: an
// intermediate session token (10 minutes) to list, create or exchange
// organizations with, the organizations the address may enter, and who
// the provider says signed in.
type DiscoveryAuthenticateResponse struct {
	RequestID                         string                             `json:"request_id"`
	IntermediateSessionToken          string                             `json:"intermediate_session_token"`
	EmailAddress                      string                             `json:"email_address"`
	DiscoveredOrganizations           []discovery.DiscoveredOrganization `json:"discovered_organizations"`
	ProviderType                      string                             `json:"provider_type"`
	ProviderTenantID                  string                             `json:"provider_tenant_id"`
	ProviderTenantIDs                 []string                           `json:"provider_tenant_ids"`
	FullName                          string                             `json:"full_name"`
	StatusCode                        int32                              `json:"status_code"`
	IntermediateSessionTokenExpiresAt *time.Time                         `json:"intermediate_session_token_expires_at,omitempty"`
}

// Authenticate consumes the token of a discovery OAuth login.
func (c *DiscoveryClient) Authenticate(ctx context.Context, params *DiscoveryAuthenticateParams, opts ...stytchapi.RequestOption) (*DiscoveryAuthenticateResponse, error) {
	return stytchapi.Do[DiscoveryAuthenticateResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodPost, Path: "/v1/b2b/oauth/discovery/authenticate", Body: params, Options: opts,
	})
}
