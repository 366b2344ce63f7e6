package sso

import (
	"context"
	"net/http"

	"github.com/stytchkit/stytch-go/internal/nilsafe"
	"github.com/stytchkit/stytch-go/stytchapi"
)

// OIDCClient manages OIDC connections. Get one from b2b.Client.SSO.OIDC.
type OIDCClient struct {
	c *stytchapi.Client
}

// OIDCCreateConnectionParams start an OIDC connection.
type OIDCCreateConnectionParams struct {
	OrganizationID   string `json:"-"`
	DisplayName      string `json:"display_name,omitzero"`
	IdentityProvider string `json:"identity_provider,omitzero"`
}

// OIDCCreateConnectionResponse is the answer to CreateConnection.
type OIDCCreateConnectionResponse struct {
	RequestID  string          `json:"request_id"`
	StatusCode int32           `json:"status_code"`
	Connection *OIDCConnection `json:"connection,omitempty"`
}

// CreateConnection creates a pending OIDC connection with its redirect URL.
func (c *OIDCClient) CreateConnection(ctx context.Context, params *OIDCCreateConnectionParams, opts ...stytchapi.RequestOption) (*OIDCCreateConnectionResponse, error) {
	p := nilsafe.Ptr(params)
	return stytchapi.Do[OIDCCreateConnectionResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodPost, Path: "/v1/b2b/sso/oidc/{organization_id}", PathParams: []string{p.OrganizationID}, Body: params, Options: opts,
	})
}

// OIDCUpdateConnectionParams change an OIDC connection. Only the fields
// that are set change. URLs must be absolute http(s) URLs. CustomScopes
// replaces the default "openid email profile" (space-separated).
type OIDCUpdateConnectionParams struct {
	OrganizationID   string         `json:"-"`
	ConnectionID     string         `json:"-"`
	DisplayName      string         `json:"display_name,omitzero"`
	ClientID         string         `json:"client_id,omitzero"`
	ClientSecret     string         `json:"client_secret,omitzero"`
	Issuer           string         `json:"issuer,omitzero"`
	AuthorizationURL string         `json:"authorization_url,omitzero"`
	TokenURL         string         `json:"token_url,omitzero"`
	UserinfoURL      string         `json:"userinfo_url,omitzero"`
	JWKSURL          string         `json:"jwks_url,omitzero"`
	IdentityProvider string         `json:"identity_provider,omitzero"`
	CustomScopes     string         `json:"custom_scopes,omitzero"`
	AttributeMapping map[string]any `json:"attribute_mapping,omitzero"`
}

// OIDCUpdateConnectionResponse is the answer to UpdateConnection. Warning
// explains a problem that did not stop the update.
type OIDCUpdateConnectionResponse struct {
	RequestID  string          `json:"request_id"`
	StatusCode int32           `json:"status_code"`
	Connection *OIDCConnection `json:"connection,omitempty"`
	Warning    string          `json:"warning,omitempty"`
}

// UpdateConnection changes an OIDC connection; it becomes active once the
// issuer, client credentials and all four endpoint URLs are set.
func (c *OIDCClient) UpdateConnection(ctx context.Context, params *OIDCUpdateConnectionParams, opts ...stytchapi.RequestOption) (*OIDCUpdateConnectionResponse, error) {
	p := nilsafe.Ptr(params)
	return stytchapi.Do[OIDCUpdateConnectionResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodPut, Path: "/v1/b2b/sso/oidc/{organization_id}/connections/{connection_id}",
		PathParams: []string{p.OrganizationID, p.ConnectionID}, Body: params, Options: opts,
	})
}
