package magiclinks

import (
	"context"
	"net/http"

	"github.com/stytchkit/stytch-go/consumer/users"
	"github.com/stytchkit/stytch-go/stytchapi"
)

// EmailClient sends magic links by email. Get one from
// consumer.Client.MagicLinks.Email.
type EmailClient struct {
	c *stytchapi.Client
}

// EmailSendParams send a login link to an existing user's email address.
// With UserID, SessionToken or SessionJWT the address is added to that user
// instead (unverified until the link is authenticated).
type EmailSendParams struct {
	Email                   string            `json:"email"`
	LoginTemplateID         string            `json:"login_template_id,omitzero"`
	Attributes              *users.Attributes `json:"attributes,omitzero"`
	LoginMagicLinkURL       string            `json:"login_magic_link_url,omitzero"`
	SignupMagicLinkURL      string            `json:"signup_magic_link_url,omitzero"`
	LoginExpirationMinutes  int32             `json:"login_expiration_minutes,omitzero"`
	SignupExpirationMinutes int32             `json:"signup_expiration_minutes,omitzero"`
	CodeChallenge           string            `json:"code_challenge,omitzero"`
	UserID                  string            `json:"user_id,omitzero"`
	SessionToken            string            `json:"session_token,omitzero"`
	SessionJWT              string            `json:"session_jwt,omitzero"`
	Locale                  string            `json:"locale,omitzero"`
	SignupTemplateID        string            `json:"signup_template_id,omitzero"`
}

// EmailSendResponse is the answer to Send.
type EmailSendResponse struct {
	RequestID  string `json:"request_id"`
	UserID     string `json:"user_id"`
	EmailID    string `json:"email_id"`
	StatusCode int32  `json:"status_code"`
}

// Send emails a login link to a known address. An address no user has is a
// 404 email_not_found: unlike LoginOrCreate, Send tells whether an account
// exists, so do not expose its answer to the public.
func (c *EmailClient) Send(ctx context.Context, params *EmailSendParams, opts ...stytchapi.RequestOption) (*EmailSendResponse, error) {
	return stytchapi.Do[EmailSendResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodPost, Path: "/v1/magic_links/email/send", Body: params, Options: opts,
	})
}

// EmailLoginOrCreateParams send a login link to a known address or a signup
// link to a new one.
type EmailLoginOrCreateParams struct {
	Email                   string            `json:"email"`
	LoginMagicLinkURL       string            `json:"login_magic_link_url,omitzero"`
	SignupMagicLinkURL      string            `json:"signup_magic_link_url,omitzero"`
	LoginExpirationMinutes  int32             `json:"login_expiration_minutes,omitzero"`
	SignupExpirationMinutes int32             `json:"signup_expiration_minutes,omitzero"`
	LoginTemplateID         string            `json:"login_template_id,omitzero"`
	SignupTemplateID        string            `json:"signup_template_id,omitzero"`
	Attributes              *users.Attributes `json:"attributes,omitzero"`
	CreateUserAsPending     bool              `json:"create_user_as_pending,omitzero"`
	CodeChallenge           string            `json:"code_challenge,omitzero"`
	Locale                  string            `json:"locale,omitzero"`
}

// EmailLoginOrCreateResponse is the answer to LoginOrCreate. UserCreated
// says whether the address was new.
type EmailLoginOrCreateResponse struct {
	RequestID   string `json:"request_id"`
	UserID      string `json:"user_id"`
	EmailID     string `json:"email_id"`
	UserCreated bool   `json:"user_created"`
	StatusCode  int32  `json:"status_code"`
}

// LoginOrCreate emails a login link to a known address, or creates a user
// for a new one and emails a signup link. It answers with the same status
// and shape either way.
func (c *EmailClient) LoginOrCreate(ctx context.Context, params *EmailLoginOrCreateParams, opts ...stytchapi.RequestOption) (*EmailLoginOrCreateResponse, error) {
	return stytchapi.Do[EmailLoginOrCreateResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodPost, Path: "/v1/magic_links/email/login_or_create", Body: params, Options: opts,
	})
}

// EmailInviteParams invite an address. InviteExpirationMinutes is 5 to
// 10080 (default 10080).
type EmailInviteParams struct {
	Email                   string            `json:"email"`
	InviteTemplateID        string            `json:"invite_template_id,omitzero"`
	Attributes              *users.Attributes `json:"attributes,omitzero"`
	Name                    *users.Name       `json:"name,omitzero"`
	InviteMagicLinkURL      string            `json:"invite_magic_link_url,omitzero"`
	InviteExpirationMinutes int32             `json:"invite_expiration_minutes,omitzero"`
	Locale                  string            `json:"locale,omitzero"`
	TrustedMetadata         map[string]any    `json:"trusted_metadata,omitzero"`
	UntrustedMetadata       map[string]any    `json:"untrusted_metadata,omitzero"`
}

// EmailInviteResponse is the answer to Invite.
type EmailInviteResponse struct {
	RequestID  string `json:"request_id"`
	UserID     string `json:"user_id"`
	EmailID    string `json:"email_id"`
	StatusCode int32  `json:"status_code"`
}

// Invite creates a pending user for the address (or reuses a pending one)
// and emails an invitation link. The address of an active user is refused
// with 400 duplicate_email.
func (c *EmailClient) Invite(ctx context.Context, params *EmailInviteParams, opts ...stytchapi.RequestOption) (*EmailInviteResponse, error) {
	return stytchapi.Do[EmailInviteResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodPost, Path: "/v1/magic_links/email/invite", Body: params, Options: opts,
	})
}

// EmailRevokeInviteParams name an invited address.
type EmailRevokeInviteParams struct {
	Email string `json:"email"`
}

// EmailRevokeInviteResponse is the answer to RevokeInvite.
type EmailRevokeInviteResponse struct {
	RequestID  string `json:"request_id"`
	StatusCode int32  `json:"status_code"`
}

// RevokeInvite voids the pending invitations of an address; the invited
// user's links stop working.
func (c *EmailClient) RevokeInvite(ctx context.Context, params *EmailRevokeInviteParams, opts ...stytchapi.RequestOption) (*EmailRevokeInviteResponse, error) {
	return stytchapi.Do[EmailRevokeInviteResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodPost, Path: "/v1/magic_links/email/revoke_invite", Body: params, Options: opts,
	})
}
