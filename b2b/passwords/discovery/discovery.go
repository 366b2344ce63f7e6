// Package discovery is the client for cross-organization password logins:
// Authenticate checks an email address's password and lists the
// organizations it may enter; Email resets that password by email. Both
// need a project with cross-organization passwords enabled.
package discovery

import (
	"context"
	"net/http"
	"time"

	"github.com/stytchkit/stytch-go/b2b/discovery"
	"github.com/stytchkit/stytch-go/b2b/passwords/discovery/email"
	"github.com/stytchkit/stytch-go/stytchapi"
)

// Client authenticates cross-organization passwords. Get one from
// b2b.Client.Passwords.Discovery.
type Client struct {
	c *stytchapi.Client
	// Email resets cross-organization passwords by email.
	Email *email.Client
}

// NewClient returns a Client that sends requests with c.
func NewClient(c *stytchapi.Client) *Client { return &Client{c: c, Email: email.NewClient(c)} }

// AuthenticateParams carry an email address and its password.
type AuthenticateParams struct {
	EmailAddress string `json:"email_address"`
	Password     string `json:"password"`
}

// AuthenticateResponse is the answer to Authenticate: an intermediate
// session to exchange into one of the discovered organizations.
type AuthenticateResponse struct {
	RequestID                         string                             `json:"request_id"`
	EmailAddress                      string                             `json:"email_address"`
	IntermediateSessionToken          string                             `json:"intermediate_session_token"`
	DiscoveredOrganizations           []discovery.DiscoveredOrganization `json:"discovered_organizations"`
	StatusCode                        int32                              `json:"status_code"`
	IntermediateSessionTokenExpiresAt *time.Time                         `json:"intermediate_session_token_expires_at,omitempty"`
}

// Authenticate checks a cross-organization password. A wrong password and
// an unknown address fail alike with 401 unauthorized_credentials.
func (c *Client) Authenticate(ctx context.Context, params *AuthenticateParams) (*AuthenticateResponse, error) {
	return stytchapi.Do[AuthenticateResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodPost, Path: "/v1/b2b/passwords/discovery/authenticate", Body: params,
	})
}
