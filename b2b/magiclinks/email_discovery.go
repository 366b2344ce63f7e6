package magiclinks

import (
	"context"
	"net/http"

	"github.com/stytchkit/stytch-go/stytchapi"
)

// EmailDiscoveryClient sends discovery magic links. Get one from
// b2b.Client.MagicLinks.Email.Discovery.
type EmailDiscoveryClient struct {
	c *stytchapi.Client
}

// newEmailDiscoveryClient returns a EmailDiscoveryClient that sends requests with c.
func newEmailDiscoveryClient(c *stytchapi.Client) *EmailDiscoveryClient {
	return &EmailDiscoveryClient{c: c}
}

// EmailDiscoverySendParams address a discovery magic link. DiscoveryRedirectURL must be a
// registered discovery redirect URL (the default one when empty);
// PKCECodeChallenge is the base64url SHA-256 of a code verifier the
// authenticate call must present; DiscoveryExpirationMinutes is 5 to 10080
// (default 60).
type EmailDiscoverySendParams struct {
	EmailAddress               string `json:"email_address"`
	DiscoveryRedirectURL       string `json:"discovery_redirect_url,omitzero"`
	PKCECodeChallenge          string `json:"pkce_code_challenge,omitzero"`
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

// Send emails a discovery magic link. The answer is the same for every
// valid address, known or not.
func (c *EmailDiscoveryClient) Send(ctx context.Context, params *EmailDiscoverySendParams, opts ...stytchapi.RequestOption) (*EmailDiscoverySendResponse, error) {
	return stytchapi.Do[EmailDiscoverySendResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodPost, Path: "/v1/b2b/magic_links/email/discovery/send", Body: params, Options: opts,
	})
}
