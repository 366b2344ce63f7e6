// Package totps is the client for B2B TOTP (authenticator app) second
// factors: registering an app, authenticating its codes and importing
// registrations from another system.
package totps

import (
	"context"
	"net/http"

	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/b2b/sessions"
	"github.com/stytchkit/stytch-go/stytchapi"
)

// Client manages TOTP registrations. Get one from b2b.Client.TOTPs.
type Client struct {
	c *stytchapi.Client
}

// NewClient returns a Client that sends requests with c.
func NewClient(c *stytchapi.Client) *Client { return &Client{c: c} }

// CreateParams start a TOTP registration for a member. It stays pending
// for ExpirationMinutes (5 to 1440, default 60) until a first code is
// authenticated. A member who already has an active MFA factor must pass
// an IntermediateSessionToken, SessionToken or SessionJWT that already
// completed MFA.
type CreateParams struct {
	OrganizationID           string `json:"organization_id"`
	MemberID                 string `json:"member_id"`
	ExpirationMinutes        int32  `json:"expiration_minutes,omitzero"`
	IntermediateSessionToken string `json:"intermediate_session_token,omitzero"`
	SessionToken             string `json:"session_token,omitzero"`
	SessionJWT               string `json:"session_jwt,omitzero"`
}

// CreateResponse is the answer to Create: the base32 Secret, the same as a
// QR code (a "data:image/png;base64,..." URL) for authenticator apps, and
// the registration's recovery codes, shown only now.
type CreateResponse struct {
	RequestID          string                     `json:"request_id"`
	MemberID           string                     `json:"member_id"`
	TOTPRegistrationID string                     `json:"totp_registration_id"`
	Secret             string                     `json:"secret"`
	QRCode             string                     `json:"qr_code"`
	RecoveryCodes      []string                   `json:"recovery_codes"`
	Member             organizations.Member       `json:"member"`
	Organization       organizations.Organization `json:"organization"`
	StatusCode         int32                      `json:"status_code"`
}

// Create starts a TOTP registration. It fails with active_totp_exists when
// the member has an active one (delete it with
// Organizations.Members.DeleteTOTP first).
func (c *Client) Create(ctx context.Context, params *CreateParams, opts ...stytchapi.RequestOption) (*CreateResponse, error) {
	return stytchapi.Do[CreateResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodPost, Path: "/v1/b2b/totp", Body: params, Options: opts,
	})
}

// AuthenticateParams carry a code from the member's authenticator app and
// exactly one of IntermediateSessionToken (to finish a login that asked
// for MFA), SessionToken or SessionJWT (step-up). SetMFAEnrollment
// ("enroll" or "unenroll") and SetDefaultMFA work as for SMS codes.
type AuthenticateParams struct {
	OrganizationID           string         `json:"organization_id"`
	MemberID                 string         `json:"member_id"`
	Code                     string         `json:"code"`
	IntermediateSessionToken string         `json:"intermediate_session_token,omitzero"`
	SessionToken             string         `json:"session_token,omitzero"`
	SessionJWT               string         `json:"session_jwt,omitzero"`
	SessionDurationMinutes   int32          `json:"session_duration_minutes,omitzero"`
	SessionCustomClaims      map[string]any `json:"session_custom_claims,omitzero"`
	SetMFAEnrollment         string         `json:"set_mfa_enrollment,omitzero"`
	SetDefaultMFA            bool           `json:"set_default_mfa,omitzero"`
	TelemetryID              string         `json:"telemetry_id,omitzero"`
}

// AuthenticateResponse is the answer to Authenticate.
type AuthenticateResponse struct {
	RequestID     string                     `json:"request_id"`
	MemberID      string                     `json:"member_id"`
	Member        organizations.Member       `json:"member"`
	Organization  organizations.Organization `json:"organization"`
	SessionToken  string                     `json:"session_token"`
	SessionJWT    string                     `json:"session_jwt"`
	StatusCode    int32                      `json:"status_code"`
	MemberSession *sessions.MemberSession    `json:"member_session,omitempty"`
	MemberDevice  *sessions.DeviceInfo       `json:"member_device,omitempty"`
}

// Authenticate checks a TOTP code. The first success activates a pending
// registration (the member's totp_registration_id is set).
func (c *Client) Authenticate(ctx context.Context, params *AuthenticateParams, opts ...stytchapi.RequestOption) (*AuthenticateResponse, error) {
	return stytchapi.Do[AuthenticateResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodPost, Path: "/v1/b2b/totp/authenticate", Body: params, Options: opts,
	})
}

// MigrateParams import an active TOTP registration from another system:
// its base32 Secret and, optionally, its RecoveryCodes (new ones are
// minted when empty).
type MigrateParams struct {
	OrganizationID string   `json:"organization_id"`
	MemberID       string   `json:"member_id"`
	Secret         string   `json:"secret"`
	RecoveryCodes  []string `json:"recovery_codes"`
}

// MigrateResponse is the answer to Migrate.
type MigrateResponse struct {
	RequestID          string                     `json:"request_id"`
	MemberID           string                     `json:"member_id"`
	Member             organizations.Member       `json:"member"`
	Organization       organizations.Organization `json:"organization"`
	TOTPRegistrationID string                     `json:"totp_registration_id"`
	RecoveryCodes      []string                   `json:"recovery_codes"`
	StatusCode         int32                      `json:"status_code"`
}

// Migrate imports a TOTP registration, active at once.
func (c *Client) Migrate(ctx context.Context, params *MigrateParams, opts ...stytchapi.RequestOption) (*MigrateResponse, error) {
	return stytchapi.Do[MigrateResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodPost, Path: "/v1/b2b/totp/migrate", Body: params, Options: opts,
	})
}
