package otps

import (
	"context"
	"net/http"
	"time"

	"github.com/stytchkit/stytch-go/b2b/discovery"
	"github.com/stytchkit/stytch-go/stytchapi"
)

// EmailDiscoveryClient sends and authenticates discovery email codes. Get one from
// b2b.Client.OTPs.Email.Discovery.
type EmailDiscoveryClient struct {
	c *stytchapi.Client
}

// newEmailDiscoveryClient returns a EmailDiscoveryClient that sends requests with c.
func newEmailDiscoveryClient(c *stytchapi.Client) *EmailDiscoveryClient {
	return &EmailDiscoveryClient{c: c}
}

// EmailDiscoverySendParams address a discovery code. DiscoveryExpirationMinutes is 2 to
// 15 (default 10).
type EmailDiscoverySendParams struct {
	EmailAddress               string `json:"email_address"`
	LoginTemplateID            string `json:"login_template_id,omitzero"`
	Locale                     string `json:"locale,omitzero"`
	DiscoveryExpirationMinutes uint32 `json:"discovery_expiration_minutes,omitzero"`
}

// EmailDiscoverySendResponse is the answer to Send. It says nothing about whether the
// address belongs to anyone.
type EmailDiscoverySendResponse struct {
	RequestID  string `json:"request_id"`
	StatusCode int32  `json:"status_code"`
}

// Send emails a discovery code. The answer is the same for every valid
// address, known or not.
func (c *EmailDiscoveryClient) Send(ctx context.Context, params *EmailDiscoverySendParams, opts ...stytchapi.RequestOption) (*EmailDiscoverySendResponse, error) {
	return stytchapi.Do[EmailDiscoverySendResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodPost, Path: "/v1/b2b/otps/email/discovery/send", Body: params, Options: opts,
	})
}

// EmailDiscoveryAuthenticateParams carry the address and the code it received.
type EmailDiscoveryAuthenticateParams struct {
	EmailAddress string `json:"email_address"`
	Code         string `json:"code"`
}

// EmailDiscoveryAuthenticateResponse is the answer to Authenticate: an intermediate
// session token (10 minutes) to list, create or exchange organizations
// with, and the organizations the address may enter.
type EmailDiscoveryAuthenticateResponse struct {
	RequestID                         string                             `json:"request_id"`
	IntermediateSessionToken          string                             `json:"intermediate_session_token"`
	EmailAddress                      string                             `json:"email_address"`
	DiscoveredOrganizations           []discovery.DiscoveredOrganization `json:"discovered_organizations"`
	StatusCode                        int32                              `json:"status_code"`
	IntermediateSessionTokenExpiresAt *time.Time                         `json:"intermediate_session_token_expires_at,omitempty"`
}

// Authenticate checks a discovery code.
func (c *EmailDiscoveryClient) Authenticate(ctx context.Context, params *EmailDiscoveryAuthenticateParams, opts ...stytchapi.RequestOption) (*EmailDiscoveryAuthenticateResponse, error) {
	return stytchapi.Do[EmailDiscoveryAuthenticateResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodPost, Path: "/v1/b2b/otps/email/discovery/authenticate", Body: params, Options: opts,
	})
}
