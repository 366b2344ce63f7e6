// Package discovery is the client for authenticating discovery magic
// links into an intermediate session and the list of organizations the
// email address may enter.
package discovery

import (
	"context"
	"net/http"
	"time"

	"github.com/stytchkit/stytch-go/b2b/discovery"
	"github.com/stytchkit/stytch-go/stytchapi"
)

// Client authenticates discovery magic links. Get one from
// b2b.Client.MagicLinks.Discovery.
type Client struct {
	c *stytchapi.Client
}

// NewClient returns a Client that sends requests with c.
func NewClient(c *stytchapi.Client) *Client { return &Client{c: c} }

// AuthenticateParams carry the token of a discovery link (the "token"
// query parameter of the redirect) and the PKCE code verifier when the link
// was sent with a challenge.
type AuthenticateParams struct {
	DiscoveryMagicLinksToken string `json:"discovery_magic_links_token"`
	PKCECodeVerifier         string `json:"pkce_code_verifier,omitzero"`
}

// AuthenticateResponse is the answer to Authenticate: an intermediate
// session token (10 minutes) to list, create or exchange organizations
// with, and the organizations the address may enter.
type AuthenticateResponse struct {
	RequestID                         string                             `json:"request_id"`
	IntermediateSessionToken          string                             `json:"intermediate_session_token"`
	EmailAddress                      string                             `json:"email_address"`
	DiscoveredOrganizations           []discovery.DiscoveredOrganization `json:"discovered_organizations"`
	StatusCode                        int32                              `json:"status_code"`
	IntermediateSessionTokenExpiresAt *time.Time                         `json:"intermediate_session_token_expires_at,omitempty"`
}

// Authenticate consumes a discovery magic link.
func (c *Client) Authenticate(ctx context.Context, params *AuthenticateParams) (*AuthenticateResponse, error) {
	return stytchapi.Do[AuthenticateResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodPost, Path: "/v1/b2b/magic_links/discovery/authenticate", Body: params,
	})
}
