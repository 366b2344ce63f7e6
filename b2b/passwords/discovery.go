package passwords

import (
	"context"
	"net/http"
	"time"

	"github.com/stytchkit/stytch-go/b2b/discovery"
	"github.com/stytchkit/stytch-go/stytchapi"
)

// DiscoveryClient authenticates cross-organization passwords. Get one from
// b2b.Client.Passwords.Discovery.
type DiscoveryClient struct {
	c *stytchapi.Client
	// Email resets cross-organization passwords by email.
	Email *DiscoveryEmailClient
}

// newDiscoveryClient returns a DiscoveryClient that sends requests with c.
func newDiscoveryClient(c *stytchapi.Client) *DiscoveryClient {
	return &DiscoveryClient{c: c, Email: newDiscoveryEmailClient(c)}
}

// DiscoveryAuthenticateParams carry an email address and its password.
type DiscoveryAuthenticateParams struct {
	EmailAddress string `json:"email_address"`
	Password     string `json:"password"`
}

// DiscoveryAuthenticateResponse is the answer to Authenticate: an intermediate
// session to exchange into one of the discovered organizations.
type DiscoveryAuthenticateResponse struct {
	RequestID                         string                             `json:"request_id"`
	EmailAddress                      string                             `json:"email_address"`
	IntermediateSessionToken          string                             `json:"intermediate_session_token"`
	DiscoveredOrganizations           []discovery.DiscoveredOrganization `json:"discovered_organizations"`
	StatusCode                        int32                              `json:"status_code"`
	IntermediateSessionTokenExpiresAt *time.Time                         `json:"intermediate_session_token_expires_at,omitempty"`
}

// Authenticate checks a cross-organization password. A wrong password and
// an unknown address fail alike with 401 unauthorized_credentials.
func (c *DiscoveryClient) Authenticate(ctx context.Context, params *DiscoveryAuthenticateParams, opts ...stytchapi.RequestOption) (*DiscoveryAuthenticateResponse, error) {
	return stytchapi.Do[DiscoveryAuthenticateResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodPost, Path: "/v1/b2b/passwords/discovery/authenticate", Body: params, Options: opts,
	})
}
