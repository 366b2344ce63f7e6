package idp

import (
	"context"
	"net/http"

	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/stytchapi"
)

// OAuthClient runs the authorization step of a connected app's OAuth flow
// from a backend that shows its own consent page. Get one from
// b2b.Client.IDP.OAuth.
type OAuthClient struct {
	c *stytchapi.Client
}

// ConnectedAppPublic is what a consent page may show about a connected
// app.
type ConnectedAppPublic struct {
	ClientID          string `json:"client_id"`
	ClientName        string `json:"client_name"`
	ClientDescription string `json:"client_description"`
	ClientType        string `json:"client_type"`
	LogoURL           string `json:"logo_url,omitempty"`
}

// ScopeResult describes one requested scope: whether the member may grant
// it.
type ScopeResult struct {
	Scope       string `json:"scope"`
	Description string `json:"description"`
	IsGrantable bool   `json:"is_grantable"`
}

// OAuthAuthorizeStartParams describe an authorization request of a
// connected app, and the member it is for: a SessionToken or SessionJWT,
// or OrganizationID with MemberID.
type OAuthAuthorizeStartParams struct {
	ClientID       string   `json:"client_id"`
	RedirectURI    string   `json:"redirect_uri"`
	ResponseType   string   `json:"response_type"`
	Scopes         []string `json:"scopes"`
	OrganizationID string   `json:"organization_id,omitzero"`
	MemberID       string   `json:"member_id,omitzero"`
	SessionToken   string   `json:"session_token,omitzero"`
	SessionJWT     string   `json:"session_jwt,omitzero"`
	Prompt         string   `json:"prompt,omitzero"`
}

// OAuthAuthorizeStartResponse is the answer to AuthorizeStart: the member,
// the app, and whether the member must consent (ConsentRequired) to the
// scopes in ScopeResults.
type OAuthAuthorizeStartResponse struct {
	RequestID       string                     `json:"request_id"`
	MemberID        string                     `json:"member_id"`
	Member          organizations.Member       `json:"member"`
	Organization    organizations.Organization `json:"organization"`
	Client          ConnectedAppPublic         `json:"client"`
	ConsentRequired bool                       `json:"consent_required"`
	ScopeResults    []ScopeResult              `json:"scope_results"`
	StatusCode      int32                      `json:"status_code"`
}

// AuthorizeStart checks an authorization request and reports what consent
// it needs; it changes nothing.
func (c *OAuthClient) AuthorizeStart(ctx context.Context, params *OAuthAuthorizeStartParams, opts ...stytchapi.RequestOption) (*OAuthAuthorizeStartResponse, error) {
	return stytchapi.Do[OAuthAuthorizeStartResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodPost, Path: "/v1/b2b/idp/oauth/authorize/start", Body: params, ReadOnly: true, Options: opts,
	})
}

// OAuthAuthorizeParams are AuthorizeStart's, plus the member's decision
// (ConsentGranted) and the request's State, Nonce (for the ID token),
// CodeChallenge (PKCE, S256) and Resources.
type OAuthAuthorizeParams struct {
	ConsentGranted bool     `json:"consent_granted"`
	Scopes         []string `json:"scopes"`
	ClientID       string   `json:"client_id"`
	RedirectURI    string   `json:"redirect_uri"`
	ResponseType   string   `json:"response_type"`
	OrganizationID string   `json:"organization_id,omitzero"`
	MemberID       string   `json:"member_id,omitzero"`
	SessionToken   string   `json:"session_token,omitzero"`
	SessionJWT     string   `json:"session_jwt,omitzero"`
	Prompt         string   `json:"prompt,omitzero"`
	State          string   `json:"state,omitzero"`
	Nonce          string   `json:"nonce,omitzero"`
	CodeChallenge  string   `json:"code_challenge,omitzero"`
	Resources      []string `json:"resources,omitzero"`
}

// OAuthAuthorizeResponse is the answer to Authorize: RedirectURI is where
// to send the browser, with the code (AuthorizationCode) and state, or
// with error=access_denied when consent was refused.
type OAuthAuthorizeResponse struct {
	RequestID         string `json:"request_id"`
	RedirectURI       string `json:"redirect_uri"`
	StatusCode        int32  `json:"status_code"`
	AuthorizationCode string `json:"authorization_code,omitempty"`
}

// Authorize records the member's consent and issues an authorization code
// for the app to redeem at the token endpoint.
func (c *OAuthClient) Authorize(ctx context.Context, params *OAuthAuthorizeParams, opts ...stytchapi.RequestOption) (*OAuthAuthorizeResponse, error) {
	return stytchapi.Do[OAuthAuthorizeResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodPost, Path: "/v1/b2b/idp/oauth/authorize", Body: params, Options: opts,
	})
}
