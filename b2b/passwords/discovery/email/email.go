// Package email is the client for cross-organization password resets by
// email.
package email

import (
	"context"
	"net/http"
	"time"

	"github.com/stytchkit/stytch-go/b2b/discovery"
	"github.com/stytchkit/stytch-go/stytchapi"
)

// Client resets cross-organization passwords by email. Get one from
// b2b.Client.Passwords.Discovery.Email.
type Client struct {
	c *stytchapi.Client
}

// NewClient returns a Client that sends requests with c.
func NewClient(c *stytchapi.Client) *Client { return &Client{c: c} }

// ResetStartParams address a discovery reset email. The expiration is 5 to
// 10080 minutes (default 30); PKCECodeChallenge is the base64url SHA-256 of
// a code verifier Reset must present.
type ResetStartParams struct {
	EmailAddress                   string `json:"email_address"`
	ResetPasswordRedirectURL       string `json:"reset_password_redirect_url,omitzero"`
	DiscoveryRedirectURL           string `json:"discovery_redirect_url,omitzero"`
	ResetPasswordTemplateID        string `json:"reset_password_template_id,omitzero"`
	ResetPasswordExpirationMinutes uint32 `json:"reset_password_expiration_minutes,omitzero"`
	PKCECodeChallenge              string `json:"pkce_code_challenge,omitzero"`
	Locale                         string `json:"locale,omitzero"`
	VerifyEmailTemplateID          string `json:"verify_email_template_id,omitzero"`
}

// ResetStartResponse is the answer to ResetStart; it reveals nothing about
// the address.
type ResetStartResponse struct {
	RequestID  string `json:"request_id"`
	StatusCode int32  `json:"status_code"`
}

// ResetStart emails a reset link for a cross-organization password.
func (c *Client) ResetStart(ctx context.Context, params *ResetStartParams) (*ResetStartResponse, error) {
	return stytchapi.Do[ResetStartResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodPost, Path: "/v1/b2b/passwords/discovery/email/reset/start", Body: params,
	})
}

// ResetParams complete a discovery reset.
type ResetParams struct {
	PasswordResetToken string `json:"password_reset_token"`
	Password           string `json:"password"`
	PKCECodeVerifier   string `json:"pkce_code_verifier,omitzero"`
}

// ResetResponse is the answer to Reset: an intermediate session and the
// organizations the address may enter.
type ResetResponse struct {
	RequestID                         string                             `json:"request_id"`
	IntermediateSessionToken          string                             `json:"intermediate_session_token"`
	EmailAddress                      string                             `json:"email_address"`
	DiscoveredOrganizations           []discovery.DiscoveredOrganization `json:"discovered_organizations"`
	StatusCode                        int32                              `json:"status_code"`
	IntermediateSessionTokenExpiresAt *time.Time                         `json:"intermediate_session_token_expires_at,omitempty"`
}

// Reset sets the address's password with a reset link's token, for every
// organization it belongs to.
func (c *Client) Reset(ctx context.Context, params *ResetParams) (*ResetResponse, error) {
	return stytchapi.Do[ResetResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodPost, Path: "/v1/b2b/passwords/discovery/email/reset", Body: params,
	})
}
