package magiclinks

import (
	"context"
	"net/http"
	"time"

	"github.com/stytchkit/stytch-go/b2b/discovery"
	"github.com/stytchkit/stytch-go/stytchapi"
)

// DiscoveryClient authenticates discovery magic links. Get one from
// b2b.Client.MagicLinks.Discovery.
type DiscoveryClient struct {
	c *stytchapi.Client
}

// newDiscoveryClient returns a DiscoveryClient that sends requests with c.
func newDiscoveryClient(c *stytchapi.Client) *DiscoveryClient { return &DiscoveryClient{c: c} }

// DiscoveryAuthenticateParams carry the token of a discovery link (the "token"
// query parameter of the redirect) and the PKCE code verifier when the link
// was sent with a challenge.
type DiscoveryAuthenticateParams struct {
	DiscoveryMagicLinksToken string `json:"discovery_magic_links_token"`
	PKCECodeVerifier         string `json:"pkce_code_verifier,omitzero"`
}

// DiscoveryAuthenticateResponse is the answer to Authenticate: an intermediate
// session token (10 minutes) to list, create or exchange organizations
// with, and the organizations the address may enter.
type DiscoveryAuthenticateResponse struct {
	RequestID                         string                             `json:"request_id"`
	IntermediateSessionToken          string                             `json:"intermediate_session_token"`
	EmailAddress                      string                             `json:"email_address"`
	DiscoveredOrganizations           []discovery.DiscoveredOrganization `json:"discovered_organizations"`
	StatusCode                        int32                              `json:"status_code"`
	IntermediateSessionTokenExpiresAt *time.Time                         `json:"intermediate_session_token_expires_at,omitempty"`
}

// Authenticate consumes a discovery magic link.
func (c *DiscoveryClient) Authenticate(ctx context.Context, params *DiscoveryAuthenticateParams, opts ...stytchapi.RequestOption) (*DiscoveryAuthenticateResponse, error) {
	return stytchapi.Do[DiscoveryAuthenticateResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodPost, Path: "/v1/b2b/magic_links/discovery/authenticate", Body: params, Options: opts,
	})
}
