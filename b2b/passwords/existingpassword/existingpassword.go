// Package existingpassword is the client for resetting a password given the
// current one.
package existingpassword

import (
	"context"
	"net/http"
	"time"

	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/b2b/sessions"
	"github.com/stytchkit/stytch-go/stytchapi"
)

// Client resets passwords with the current password. Get one from
// b2b.Client.Passwords.ExistingPassword.
type Client struct {
	c *stytchapi.Client
}

// NewClient returns a Client that sends requests with c.
func NewClient(c *stytchapi.Client) *Client { return &Client{c: c} }

// ResetParams name the member by organization and email address and carry
// the current and the new password, plus the session arguments of a login.
type ResetParams struct {
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

// ResetResponse is the answer to Reset: the login result of a primary
// factor.
type ResetResponse struct {
	RequestID                         string                     `json:"request_id"`
	MemberID                          string                     `json:"member_id"`
	Member                            organizations.Member       `json:"member"`
	SessionToken                      string                     `json:"session_token"`
	SessionJWT                        string                     `json:"session_jwt"`
	Organization                      organizations.Organization `json:"organization"`
	IntermediateSessionToken          string                     `json:"intermediate_session_token"`
	MemberAuthenticated               bool                       `json:"member_authenticated"`
	StatusCode                        int32                      `json:"status_code"`
	MemberSession                     *sessions.MemberSession    `json:"member_session,omitempty"`
	MFARequired                       *sessions.MFARequired      `json:"mfa_required,omitempty"`
	PrimaryRequired                   *sessions.PrimaryRequired  `json:"primary_required,omitempty"`
	MemberDevice                      *sessions.DeviceInfo       `json:"member_device,omitempty"`
	IntermediateSessionTokenExpiresAt *time.Time                 `json:"intermediate_session_token_expires_at,omitempty"`
}

// Reset replaces the member's password after checking the existing one
// (which fails like passwords Authenticate). All the member's sessions are
// revoked.
func (c *Client) Reset(ctx context.Context, params *ResetParams) (*ResetResponse, error) {
	return stytchapi.Do[ResetResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodPost, Path: "/v1/b2b/passwords/existing_password/reset", Body: params,
	})
}
