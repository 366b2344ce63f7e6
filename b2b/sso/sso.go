// Package sso is the client for B2B single sign-on: SAML, OIDC and
// external connections of an organization (Client.SAML, Client.OIDC,
// Client.External), listing and deleting them, and authenticating the
// token an SSO login redirects back with.
//
// Types of the sub-clients carry their field name as a prefix:
// client.SSO.SAML.CreateConnection takes SAMLCreateConnectionParams.
package sso

import (
	"context"
	"net/http"

	"github.com/stytchkit/stytch-go/b2b/sessions"
	"github.com/stytchkit/stytch-go/internal/nilsafe"
	"github.com/stytchkit/stytch-go/stytchapi"
)

// Client calls the SSO endpoints. Get one from b2b.Client.SSO.
type Client struct {
	c *stytchapi.Client
	// SAML creates and configures SAML connections.
	SAML *SAMLClient
	// OIDC creates and configures OIDC connections.
	OIDC *OIDCClient
	// External creates and configures external connections.
	External *ExternalClient
}

// NewClient returns a Client that sends requests with c.
func NewClient(c *stytchapi.Client) *Client {
	return &Client{c: c, SAML: &SAMLClient{c: c}, OIDC: &OIDCClient{c: c}, External: &ExternalClient{c: c}}
}

// GetConnectionsParams name the organization whose connections to list.
type GetConnectionsParams struct {
	OrganizationID string `json:"-"`
}

// GetConnectionsResponse lists an organization's connections by kind.
type GetConnectionsResponse struct {
	RequestID           string           `json:"request_id"`
	SAMLConnections     []SAMLConnection `json:"saml_connections"`
	OIDCConnections     []OIDCConnection `json:"oidc_connections"`
	ExternalConnections []Connection     `json:"external_connections"`
	StatusCode          int32            `json:"status_code"`
}

// GetConnections lists an organization's SAML, OIDC and external
// connections, oldest first.
func (c *Client) GetConnections(ctx context.Context, params *GetConnectionsParams, opts ...stytchapi.RequestOption) (*GetConnectionsResponse, error) {
	p := nilsafe.Ptr(params)
	return stytchapi.Do[GetConnectionsResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodGet, Path: "/v1/b2b/sso/{organization_id}", PathParams: []string{p.OrganizationID}, Options: opts,
	})
}

// DeleteConnectionParams name a connection of any kind.
type DeleteConnectionParams struct {
	OrganizationID string `json:"-"`
	ConnectionID   string `json:"-"`
}

// DeleteConnectionResponse is the answer to DeleteConnection.
type DeleteConnectionResponse struct {
	RequestID    string `json:"request_id"`
	ConnectionID string `json:"connection_id"`
	StatusCode   int32  `json:"status_code"`
}

// DeleteConnection deletes a SAML, OIDC or external connection. The
// organization's default connection cannot be deleted
// (cannot_delete_default_sso_connection); the connection leaves the
// organization's sso_active_connections and
// sso_jit_provisioning_allowed_connections.
func (c *Client) DeleteConnection(ctx context.Context, params *DeleteConnectionParams, opts ...stytchapi.RequestOption) (*DeleteConnectionResponse, error) {
	p := nilsafe.Ptr(params)
	return stytchapi.Do[DeleteConnectionResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodDelete, Path: "/v1/b2b/sso/{organization_id}/connections/{connection_id}",
		PathParams: []string{p.OrganizationID, p.ConnectionID}, Options: opts,
	})
}

// AuthenticateParams carry the token an SSO login redirected back with
// (the "token" query parameter, with stytch_token_type=sso).
// PKCECodeVerifier is needed when the login was started with a
// pkce_code_challenge. Session arguments work as for magic links.
type AuthenticateParams struct {
	SSOToken                 string         `json:"sso_token"`
	PKCECodeVerifier         string         `json:"pkce_code_verifier,omitzero"`
	SessionToken             string         `json:"session_token,omitzero"`
	SessionJWT               string         `json:"session_jwt,omitzero"`
	SessionDurationMinutes   int32          `json:"session_duration_minutes,omitzero"`
	SessionCustomClaims      map[string]any `json:"session_custom_claims,omitzero"`
	Locale                   string         `json:"locale,omitzero"`
	IntermediateSessionToken string         `json:"intermediate_session_token,omitzero"`
	TelemetryID              string         `json:"telemetry_id,omitzero"`
}

// AuthenticateResponse is the answer to Authenticate. When
// MemberAuthenticated is false the organization wants MFA and
// IntermediateSessionToken carries the login on.
type AuthenticateResponse struct {
	sessions.LoginResult
	OrganizationID string `json:"organization_id"`
	ResetSession   bool   `json:"reset_session"`
}

// Authenticate consumes an SSO token: the member is found by SSO
// registration, then by email, or provisioned just in time when the
// organization's sso_jit_provisioning allows the connection.
func (c *Client) Authenticate(ctx context.Context, params *AuthenticateParams, opts ...stytchapi.RequestOption) (*AuthenticateResponse, error) {
	return stytchapi.Do[AuthenticateResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodPost, Path: "/v1/b2b/sso/authenticate", Body: params, Options: opts,
	})
}
