// Package discovery is the client for sending discovery email magic links:
// organization-less login links whose authentication lists the
// organizations the address may enter.
package discovery

import (
	"context"
	"net/http"

	"github.com/stytchkit/stytch-go/stytchapi"
)

// Client sends discovery magic links. Get one from
// b2b.Client.MagicLinks.Email.Discovery.
type Client struct {
	c *stytchapi.Client
}

// NewClient returns a Client that sends requests with c.
func NewClient(c *stytchapi.Client) *Client { return &Client{c: c} }

// SendParams address a discovery magic link. DiscoveryRedirectURL must be a
// registered discovery redirect URL (the default one when empty);
// PKCECodeChallenge is the base64url SHA-256 of a code verifier the
// authenticate call must present; DiscoveryExpirationMinutes is 5 to 10080
// (default 60).
type SendParams struct {
	EmailAddress               string `json:"email_address"`
	DiscoveryRedirectURL       string `json:"discovery_redirect_url,omitzero"`
	PKCECodeChallenge          string `json:"pkce_code_challenge,omitzero"`
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

// Send emails a discovery magic link. The answer is the same for every
// valid address, known or not.
func (c *Client) Send(ctx context.Context, params *SendParams) (*SendResponse, error) {
	return stytchapi.Do[SendResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodPost, Path: "/v1/b2b/magic_links/email/discovery/send", Body: params,
	})
}
