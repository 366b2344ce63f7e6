package passwords

import (
	"context"
	"net/http"
	"time"

	"github.com/stytchkit/stytch-go/b2b/discovery"
	"github.com/stytchkit/stytch-go/stytchapi"
)

// DiscoveryEmailClient resets cross-organization passwords by email. Get one from
// b2b.Client.Passwords.Discovery.Email.
type DiscoveryEmailClient struct {
	c *stytchapi.Client
}

// newDiscoveryEmailClient returns a DiscoveryEmailClient that sends requests with c.
func newDiscoveryEmailClient(c *stytchapi.Client) *DiscoveryEmailClient {
	return &DiscoveryEmailClient{c: c}
}

// DiscoveryEmailResetStartParams address a discovery reset email. The expiration is 5 to
// 10080 minutes (default 30); PKCECodeChallenge is the base64url SHA-256 of
// a code verifier Reset must present.
type DiscoveryEmailResetStartParams struct {
	EmailAddress                   string `json:"email_address"`
	ResetPasswordRedirectURL       string `json:"reset_password_redirect_url,omitzero"`
	DiscoveryRedirectURL           string `json:"discovery_redirect_url,omitzero"`
	ResetPasswordTemplateID        string `json:"reset_password_template_id,omitzero"`
	ResetPasswordExpirationMinutes uint32 `json:"reset_password_expiration_minutes,omitzero"`
	PKCECodeChallenge              string `json:"pkce_code_challenge,omitzero"`
	Locale                         string `json:"locale,omitzero"`
	VerifyEmailTemplateID          string `json:"verify_email_template_id,omitzero"`
}

// DiscoveryEmailResetStartResponse is the answer to ResetStart; it reveals nothing about
// the address.
type DiscoveryEmailResetStartResponse struct {
	RequestID  string `json:"request_id"`
	StatusCode int32  `json:"status_code"`
}

// ResetStart emails a reset link for a cross-organization password.
func (c *DiscoveryEmailClient) ResetStart(ctx context.Context, params *DiscoveryEmailResetStartParams, opts ...stytchapi.RequestOption) (*DiscoveryEmailResetStartResponse, error) {
	return stytchapi.Do[DiscoveryEmailResetStartResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodPost, Path: "/v1/b2b/passwords/discovery/email/reset/start", Body: params, Options: opts,
	})
}

// DiscoveryEmailResetParams complete a discovery reset.
type DiscoveryEmailResetParams struct {
	PasswordResetToken string `json:"password_reset_token"`
	Password           string `json:"password"`
	PKCECodeVerifier   string `json:"pkce_code_verifier,omitzero"`
}

// DiscoveryEmailResetResponse is the answer to Reset: an intermediate session and the
// organizations the address may enter.
type DiscoveryEmailResetResponse struct {
	RequestID                         string                             `json:"request_id"`
	IntermediateSessionToken          string                             `json:"intermediate_session_token"`
	EmailAddress                      string                             `json:"email_address"`
	DiscoveredOrganizations           []discovery.DiscoveredOrganization `json:"discovered_organizations"`
	StatusCode                        int32                              `json:"status_code"`
	IntermediateSessionTokenExpiresAt *time.Time                         `json:"intermediate_session_token_expires_at,omitempty"`
}

// Reset sets the address's password with a reset link's token, for every
// organization it belongs to.
func (c *DiscoveryEmailClient) Reset(ctx context.Context, params *DiscoveryEmailResetParams, opts ...stytchapi.RequestOption) (*DiscoveryEmailResetResponse, error) {
	return stytchapi.Do[DiscoveryEmailResetResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodPost, Path: "/v1/b2b/passwords/discovery/email/reset", Body: params, Options: opts,
	})
}
