package otps

import (
	"context"
	"net/http"

	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/b2b/sessions"
	"github.com/stytchkit/stytch-go/stytchapi"
)

// EmailClient sends and authenticates email codes. Get one from
// b2b.Client.OTPs.Email.
type EmailClient struct {
	c *stytchapi.Client
	// Discovery sends and authenticates organization-less email codes.
	Discovery *EmailDiscoveryClient
}

// newEmailClient returns a EmailClient that sends requests with c.
func newEmailClient(c *stytchapi.Client) *EmailClient {
	return &EmailClient{c: c, Discovery: newEmailDiscoveryClient(c)}
}

// EmailLoginOrSignupParams address a login or signup code into one
// organization, with the same member rules as magic-link LoginOrSignup. The
// expirations are 2 to 15 minutes (default 10).
type EmailLoginOrSignupParams struct {
	OrganizationID          string `json:"organization_id"`
	EmailAddress            string `json:"email_address"`
	LoginTemplateID         string `json:"login_template_id,omitzero"`
	SignupTemplateID        string `json:"signup_template_id,omitzero"`
	Locale                  string `json:"locale,omitzero"`
	LoginExpirationMinutes  uint32 `json:"login_expiration_minutes,omitzero"`
	SignupExpirationMinutes uint32 `json:"signup_expiration_minutes,omitzero"`
}

// EmailLoginOrSignupResponse is the answer to LoginOrSignup. MemberCreated
// reveals whether the address was new; do not show it to end users.
type EmailLoginOrSignupResponse struct {
	RequestID     string                     `json:"request_id"`
	MemberID      string                     `json:"member_id"`
	MemberCreated bool                       `json:"member_created"`
	Member        organizations.Member       `json:"member"`
	Organization  organizations.Organization `json:"organization"`
	StatusCode    int32                      `json:"status_code"`
}

// LoginOrSignup emails a login code to an existing member, or a signup
// code to a pending, invited or just-in-time provisioned one. A new code
// voids earlier codes sent to the address.
func (c *EmailClient) LoginOrSignup(ctx context.Context, params *EmailLoginOrSignupParams, opts ...stytchapi.RequestOption) (*EmailLoginOrSignupResponse, error) {
	return stytchapi.Do[EmailLoginOrSignupResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodPost, Path: "/v1/b2b/otps/email/login_or_signup", Body: params, Options: opts,
	})
}

// EmailAuthenticateParams carry the code a member received. A SessionToken or
// SessionJWT of the same member extends that session; an
// IntermediateSessionToken adds the code to a login in progress.
type EmailAuthenticateParams struct {
	OrganizationID           string         `json:"organization_id"`
	EmailAddress             string         `json:"email_address"`
	Code                     string         `json:"code"`
	SessionToken             string         `json:"session_token,omitzero"`
	SessionJWT               string         `json:"session_jwt,omitzero"`
	IntermediateSessionToken string         `json:"intermediate_session_token,omitzero"`
	SessionDurationMinutes   int32          `json:"session_duration_minutes,omitzero"`
	SessionCustomClaims      map[string]any `json:"session_custom_claims,omitzero"`
	Locale                   string         `json:"locale,omitzero"`
	TelemetryID              string         `json:"telemetry_id,omitzero"`
}

// EmailAuthenticateResponse is the answer to Authenticate. When
// MemberAuthenticated is false the organization wants MFA (MFARequired;
// SecondaryAuthInitiated "sms_otp" means a code was already texted) or
// another primary factor, and IntermediateSessionToken carries the login
// on.
type EmailAuthenticateResponse struct {
	sessions.LoginResult
	MethodID       string `json:"method_id"`
	OrganizationID string `json:"organization_id"`
}

// Authenticate checks an email code: the member's email becomes verified,
// a pending or invited member becomes active, and the member gets a
// session unless the organization wants more. It also confirms an email
// change started with delivery method EMAIL_OTP.
func (c *EmailClient) Authenticate(ctx context.Context, params *EmailAuthenticateParams, opts ...stytchapi.RequestOption) (*EmailAuthenticateResponse, error) {
	return stytchapi.Do[EmailAuthenticateResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodPost, Path: "/v1/b2b/otps/email/authenticate", Body: params, Options: opts,
	})
}
