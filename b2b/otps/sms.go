package otps

import (
	"context"
	"net/http"

	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/b2b/sessions"
	"github.com/stytchkit/stytch-go/stytchapi"
)

// SMSClient sends and authenticates SMS codes. Get one from b2b.Client.OTPs.SMS.
type SMSClient struct {
	c *stytchapi.Client
}

// newSMSClient returns a SMSClient that sends requests with c.
func newSMSClient(c *stytchapi.Client) *SMSClient { return &SMSClient{c: c} }

// SMSSendParams address an SMS code to a member. When the member already has
// an MFA phone number the code goes there (MFAPhoneNumber may be empty);
// otherwise MFAPhoneNumber (E.164, e.g. "+12025550123") is linked to the
// member, unverified until a code sent to it is authenticated. Registering
// a phone for a member who already has an active MFA factor needs an
// IntermediateSessionToken, SessionToken or SessionJWT of that member that
// already completed MFA.
type SMSSendParams struct {
	OrganizationID           string `json:"organization_id"`
	MemberID                 string `json:"member_id"`
	MFAPhoneNumber           string `json:"mfa_phone_number,omitzero"`
	Locale                   string `json:"locale,omitzero"`
	IntermediateSessionToken string `json:"intermediate_session_token,omitzero"`
	SessionToken             string `json:"session_token,omitzero"`
	SessionJWT               string `json:"session_jwt,omitzero"`
}

// SMSSendResponse is the answer to Send.
type SMSSendResponse struct {
	RequestID    string                     `json:"request_id"`
	MemberID     string                     `json:"member_id"`
	Member       organizations.Member       `json:"member"`
	Organization organizations.Organization `json:"organization"`
	StatusCode   int32                      `json:"status_code"`
}

// Send texts a six-digit code to the member (valid two minutes; a new code
// voids the previous one).
func (c *SMSClient) Send(ctx context.Context, params *SMSSendParams, opts ...stytchapi.RequestOption) (*SMSSendResponse, error) {
	return stytchapi.Do[SMSSendResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodPost, Path: "/v1/b2b/otps/sms/send", Body: params, Options: opts,
	})
}

// SMSAuthenticateParams carry the code a member received and exactly one of
// IntermediateSessionToken (to finish a login that asked for MFA),
// SessionToken or SessionJWT (to step an existing session up).
// SetMFAEnrollment ("enroll" or "unenroll") changes the member's
// mfa_enrolled under an OPTIONAL MFA policy; SetDefaultMFA makes SMS the
// member's default MFA method.
type SMSAuthenticateParams struct {
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

// SMSAuthenticateResponse is the answer to Authenticate: the member's session
// with the SMS factor added.
type SMSAuthenticateResponse struct {
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
func (c *SMSClient) Authenticate(ctx context.Context, params *SMSAuthenticateParams, opts ...stytchapi.RequestOption) (*SMSAuthenticateResponse, error) {
	return stytchapi.Do[SMSAuthenticateResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodPost, Path: "/v1/b2b/otps/sms/authenticate", Body: params, Options: opts,
	})
}
