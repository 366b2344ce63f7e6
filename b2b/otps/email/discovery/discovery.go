// Package discovery is the client for organization-less email one-time
// passcodes: authenticating one yields an intermediate session and the
// organizations the address may enter.
package discovery

import (
	"context"
	"net/http"
	"time"

	"github.com/stytchkit/stytch-go/b2b/discovery"
	"github.com/stytchkit/stytch-go/stytchapi"
)

// Client sends and authenticates discovery email codes. Get one from
// b2b.Client.OTPs.Email.Discovery.
type Client struct {
	c *stytchapi.Client
}

// NewClient returns a Client that sends requests with c.
func NewClient(c *stytchapi.Client) *Client { return &Client{c: c} }

// SendParams address a discovery code. DiscoveryExpirationMinutes is 2 to
// 15 (default 10).
type SendParams struct {
	EmailAddress               string `json:"email_address"`
	LoginTemplateID            string `json:"login_template_id,omitzero"`
	Locale                     string `json:"locale,omitzero"`
	DiscoveryExpirationMinutes uint32 `json:"discovery_expiration_minutes,omitzero"`
}

// SendResponse is the answer to Send. It says nothing about whether the
// address belongs to anyone.
type SendResponse struct {
	RequestID  string `json:"request_id"`
	StatusCode int32  `json:"status_code"`
}

// Send emails a discovery code. The answer is the same for every valid
// address, known or not.
func (c *Client) Send(ctx context.Context, params *SendParams) (*SendResponse, error) {
	return stytchapi.Do[SendResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodPost, Path: "/v1/b2b/otps/email/discovery/send", Body: params,
	})
}

// AuthenticateParams carry the address and the code it received.
type AuthenticateParams struct {
	EmailAddress string `json:"email_address"`
	Code         string `json:"code"`
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

// Authenticate checks a discovery code.
func (c *Client) Authenticate(ctx context.Context, params *AuthenticateParams) (*AuthenticateResponse, error) {
	return stytchapi.Do[AuthenticateResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodPost, Path: "/v1/b2b/otps/email/discovery/authenticate", Body: params,
	})
}
