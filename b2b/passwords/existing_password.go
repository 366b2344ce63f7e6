package passwords

import (
	"context"
	"net/http"

	"github.com/stytchkit/stytch-go/b2b/sessions"
	"github.com/stytchkit/stytch-go/stytchapi"
)

// ExistingPasswordClient resets passwords with the current password. Get one from
// b2b.Client.Passwords.ExistingPassword.
type ExistingPasswordClient struct {
	c *stytchapi.Client
}

// newExistingPasswordClient returns a ExistingPasswordClient that sends requests with c.
func newExistingPasswordClient(c *stytchapi.Client) *ExistingPasswordClient {
	return &ExistingPasswordClient{c: c}
}

// ExistingPasswordResetParams name the member by organization and email address and carry
// the current and the new password, plus the session arguments of a login.
type ExistingPasswordResetParams struct {
	EmailAddress           string         `json:"email_address"`
	ExistingPassword       string         `json:"existing_password"`
	NewPassword            string         `json:"new_password"`
	OrganizationID         string         `json:"organization_id"`
	SessionToken           string         `json:"session_token,omitzero"`
	SessionDurationMinutes int32          `json:"session_duration_minutes,omitzero"`
	SessionJWT             string         `json:"session_jwt,omitzero"`
	SessionCustomClaims    map[string]any `json:"session_custom_claims,omitzero"`
	Locale                 string         `json:"locale,omitzero"`
	TelemetryID            string         `json:"telemetry_id,omitzero"`
}

// ExistingPasswordResetResponse is the answer to Reset: the login result of a primary
// factor.
type ExistingPasswordResetResponse struct {
	sessions.LoginResult
}

// Reset replaces the member's password after checking the existing one
// (which fails like passwords Authenticate). All the member's sessions are
// revoked.
func (c *ExistingPasswordClient) Reset(ctx context.Context, params *ExistingPasswordResetParams, opts ...stytchapi.RequestOption) (*ExistingPasswordResetResponse, error) {
	return stytchapi.Do[ExistingPasswordResetResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodPost, Path: "/v1/b2b/passwords/existing_password/reset", Body: params, Options: opts,
	})
}
