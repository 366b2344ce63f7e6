package passwords

import (
	"context"
	"net/http"

	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/b2b/sessions"
	"github.com/stytchkit/stytch-go/stytchapi"
)

// EmailClient resets passwords by email. Get one from
// b2b.Client.Passwords.Email.
type EmailClient struct {
	c *stytchapi.Client
}

// newEmailClient returns a EmailClient that sends requests with c.
func newEmailClient(c *stytchapi.Client) *EmailClient { return &EmailClient{c: c} }

// EmailResetStartParams address a reset email. The link goes to
// ResetPasswordRedirectURL (empty: the project's default reset_password
// URL) and lives ResetPasswordExpirationMinutes, 5 to 10080 (default 30).
// CodeChallenge is the base64url SHA-256 of a PKCE code verifier that
// Reset must present.
type EmailResetStartParams struct {
	OrganizationID                 string `json:"organization_id"`
	EmailAddress                   string `json:"email_address"`
	ResetPasswordRedirectURL       string `json:"reset_password_redirect_url,omitzero"`
	ResetPasswordExpirationMinutes uint32 `json:"reset_password_expiration_minutes,omitzero"`
	CodeChallenge                  string `json:"code_challenge,omitzero"`
	LoginRedirectURL               string `json:"login_redirect_url,omitzero"`
	Locale                         string `json:"locale,omitzero"`
	ResetPasswordTemplateID        string `json:"reset_password_template_id,omitzero"`
	VerifyEmailTemplateID          string `json:"verify_email_template_id,omitzero"`
}

// EmailResetStartResponse is the answer to ResetStart.
type EmailResetStartResponse struct {
	RequestID     string               `json:"request_id"`
	MemberID      string               `json:"member_id"`
	MemberEmailID string               `json:"member_email_id"`
	Member        organizations.Member `json:"member"`
	StatusCode    int32                `json:"status_code"`
}

// ResetStart emails a password reset link to a member.
func (c *EmailClient) ResetStart(ctx context.Context, params *EmailResetStartParams, opts ...stytchapi.RequestOption) (*EmailResetStartResponse, error) {
	return stytchapi.Do[EmailResetStartResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodPost, Path: "/v1/b2b/passwords/email/reset/start", Body: params, Options: opts,
	})
}

// EmailResetParams complete a reset: the token from the reset link, the new
// password and, when the link was started with a challenge, the
// CodeVerifier. The session arguments are those of a login.
type EmailResetParams struct {
	PasswordResetToken       string         `json:"password_reset_token"`
	Password                 string         `json:"password"`
	SessionToken             string         `json:"session_token,omitzero"`
	SessionDurationMinutes   int32          `json:"session_duration_minutes,omitzero"`
	SessionJWT               string         `json:"session_jwt,omitzero"`
	CodeVerifier             string         `json:"code_verifier,omitzero"`
	SessionCustomClaims      map[string]any `json:"session_custom_claims,omitzero"`
	Locale                   string         `json:"locale,omitzero"`
	IntermediateSessionToken string         `json:"intermediate_session_token,omitzero"`
	TelemetryID              string         `json:"telemetry_id,omitzero"`
}

// EmailResetResponse is the answer to Reset: the login result of a primary
// factor (see passwords.AuthenticateResponse).
type EmailResetResponse struct {
	sessions.LoginResult
	MemberEmailID  string `json:"member_email_id"`
	OrganizationID string `json:"organization_id"`
}

// Reset sets a new password with a reset link's token. The link proves
// the email address, so it becomes verified; all the member's existing
// sessions are revoked before the member logs in.
func (c *EmailClient) Reset(ctx context.Context, params *EmailResetParams, opts ...stytchapi.RequestOption) (*EmailResetResponse, error) {
	return stytchapi.Do[EmailResetResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodPost, Path: "/v1/b2b/passwords/email/reset", Body: params, Options: opts,
	})
}

// EmailRequireResetParams name the address that must reset its password, and
// optionally one organization or member.
type EmailRequireResetParams struct {
	EmailAddress   string `json:"email_address"`
	OrganizationID string `json:"organization_id,omitzero"`
	MemberID       string `json:"member_id,omitzero"`
}

// EmailRequireResetResponse is the answer to RequireReset.
type EmailRequireResetResponse struct {
	RequestID    string                      `json:"request_id"`
	StatusCode   int32                       `json:"status_code"`
	MemberID     string                      `json:"member_id,omitzero"`
	Member       *organizations.Member       `json:"member,omitempty"`
	Organization *organizations.Organization `json:"organization,omitempty"`
}

// RequireReset forces the address to reset its password before its next
// password login (projects with cross-organization passwords only). With
// stytchapi.WithMemberSession the call runs as that member.
func (c *EmailClient) RequireReset(ctx context.Context, params *EmailRequireResetParams, opts ...stytchapi.RequestOption) (*EmailRequireResetResponse, error) {
	return stytchapi.Do[EmailRequireResetResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodPost, Path: "/v1/b2b/passwords/email/require_reset", Body: params, Options: opts,
	})
}
