package passwords

import (
	"context"
	"net/http"
	"time"

	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/b2b/sessions"
	"github.com/stytchkit/stytch-go/stytchapi"
)

// SessionsClient resets passwords from a session. Get one from
// b2b.Client.Passwords.Sessions.
type SessionsClient struct {
	c *stytchapi.Client
}

// newSessionsClient returns a SessionsClient that sends requests with c.
func newSessionsClient(c *stytchapi.Client) *SessionsClient { return &SessionsClient{c: c} }

// SessionsResetParams carry the new password and exactly one of SessionToken and
// SessionJWT, of a session that authenticated a factor in the last five
// minutes.
type SessionsResetParams struct {
	OrganizationID         string         `json:"organization_id"`
	Password               string         `json:"password"`
	SessionToken           string         `json:"session_token,omitzero"`
	SessionJWT             string         `json:"session_jwt,omitzero"`
	SessionDurationMinutes int32          `json:"session_duration_minutes,omitzero"`
	SessionCustomClaims    map[string]any `json:"session_custom_claims,omitzero"`
	Locale                 string         `json:"locale,omitzero"`
	TelemetryID            string         `json:"telemetry_id,omitzero"`
}

// SessionsResetResponse is the answer to Reset.
type SessionsResetResponse struct {
	RequestID                         string                     `json:"request_id"`
	MemberID                          string                     `json:"member_id"`
	Member                            organizations.Member       `json:"member"`
	Organization                      organizations.Organization `json:"organization"`
	SessionToken                      string                     `json:"session_token"`
	SessionJWT                        string                     `json:"session_jwt"`
	IntermediateSessionToken          string                     `json:"intermediate_session_token"`
	MemberAuthenticated               bool                       `json:"member_authenticated"`
	StatusCode                        int32                      `json:"status_code"`
	MemberSession                     *sessions.MemberSession    `json:"member_session,omitempty"`
	MFARequired                       *sessions.MFARequired      `json:"mfa_required,omitempty"`
	MemberDevice                      *sessions.DeviceInfo       `json:"member_device,omitempty"`
	IntermediateSessionTokenExpiresAt *time.Time                 `json:"intermediate_session_token_expires_at,omitempty"`
}

// Reset sets the session member's password. Every other session of the
// member is revoked; the given one gains a password factor.
func (c *SessionsClient) Reset(ctx context.Context, params *SessionsResetParams, opts ...stytchapi.RequestOption) (*SessionsResetResponse, error) {
	return stytchapi.Do[SessionsResetResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodPost, Path: "/v1/b2b/passwords/session/reset", Body: params, Options: opts,
	})
}
