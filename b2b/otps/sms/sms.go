// Package sms is the client for B2B SMS one-time passcodes, which Stytch
// uses only as a second factor (MFA).
package sms

import (
	"context"
	"net/http"

	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/b2b/sessions"
	"github.com/stytchkit/stytch-go/stytchapi"
)

// Client sends and authenticates SMS codes. Get one from b2b.Client.OTPs.SMS.
type Client struct {
	c *stytchapi.Client
}

// NewClient returns a Client that sends requests with c.
func NewClient(c *stytchapi.Client) *Client { return &Client{c: c} }

// SendParams address an SMS code to a member. When the member already has
// an MFA phone number the code goes there (MFAPhoneNumber may be empty);
// otherwise MFAPhoneNumber (E.164, e.g. "+12025550123") is linked to the
// member, unverified until a code sent to it is authenticated. Registering
// a phone for a member who already has an active MFA factor needs an
// IntermediateSessionToken, SessionToken or SessionJWT of that member that
// already completed MFA.
type SendParams struct {
	OrganizationID           string `json:"organization_id"`
	MemberID                 string `json:"member_id"`
	MFAPhoneNumber           string `json:"mfa_phone_number,omitzero"`
	Locale                   string `json:"locale,omitzero"`
	IntermediateSessionToken string `json:"intermediate_session_token,omitzero"`
	SessionToken             string `json:"session_token,omitzero"`
	SessionJWT               string `json:"session_jwt,omitzero"`
}

// SendResponse is the answer to Send.
type SendResponse struct {
	RequestID    string                     `json:"request_id"`
	MemberID     string                     `json:"member_id"`
	Member       organizations.Member       `json:"member"`
	Organization organizations.Organization `json:"organization"`
	StatusCode   int32                      `json:"status_code"`
}

// Send texts a six-digit code to the member (valid two minutes; a new code
// voids the previous one).
func (c *Client) Send(ctx context.Context, params *SendParams) (*SendResponse, error) {
	return stytchapi.Do[SendResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodPost, Path: "/v1/b2b/otps/sms/send", Body: params,
	})
}

// AuthenticateParams carry the code a member received and exactly one of
// IntermediateSessionToken (to finish a login that asked for MFA),
// SessionToken or SessionJWT (to step an existing session up).
// SetMFAEnrollment ("enroll" or "unenroll") changes the member's
// mfa_enrolled under an OPTIONAL MFA policy; SetDefaultMFA makes SMS the
// member's default MFA method.
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

// AuthenticateResponse is the answer to Authenticate: the member's session
// with the SMS factor added.
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

// Authenticate checks an SMS code. It verifies the member's phone number
// and, with an intermediate session, consumes it and starts the member's
// session; with a session it adds the factor and extends the session.
func (c *Client) Authenticate(ctx context.Context, params *AuthenticateParams) (*AuthenticateResponse, error) {
	return stytchapi.Do[AuthenticateResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodPost, Path: "/v1/b2b/otps/sms/authenticate", Body: params,
	})
}
