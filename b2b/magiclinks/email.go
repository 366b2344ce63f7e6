package magiclinks

import (
	"context"
	"net/http"

	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/stytchapi"
)

// EmailClient sends email magic links. Get one from b2b.Client.MagicLinks.Email.
type EmailClient struct {
	c *stytchapi.Client
	// Discovery sends organization-less discovery magic links.
	Discovery *EmailDiscoveryClient
}

// newEmailClient returns a EmailClient that sends requests with c.
func newEmailClient(c *stytchapi.Client) *EmailClient {
	return &EmailClient{c: c, Discovery: newEmailDiscoveryClient(c)}
}

// EmailLoginOrSignupParams address a login or signup link into one
// organization. An active member gets a login link to LoginRedirectURL; a
// pending or invited member, or a new member the organization's email
// just-in-time provisioning admits, gets a signup link to SignupRedirectURL.
// Empty redirect URLs mean the project's defaults. The expirations are 5 to
// 10080 minutes (default 60). PKCECodeChallenge is the base64url SHA-256 of
// a code verifier the authenticate call must present.
type EmailLoginOrSignupParams struct {
	OrganizationID          string `json:"organization_id"`
	EmailAddress            string `json:"email_address"`
	LoginRedirectURL        string `json:"login_redirect_url,omitzero"`
	SignupRedirectURL       string `json:"signup_redirect_url,omitzero"`
	PKCECodeChallenge       string `json:"pkce_code_challenge,omitzero"`
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

// LoginOrSignup emails a login link to an existing member, or a signup
// link to a pending, invited or just-in-time provisioned one.
func (c *EmailClient) LoginOrSignup(ctx context.Context, params *EmailLoginOrSignupParams, opts ...stytchapi.RequestOption) (*EmailLoginOrSignupResponse, error) {
	return stytchapi.Do[EmailLoginOrSignupResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodPost, Path: "/v1/b2b/magic_links/email/login_or_signup", Body: params, Options: opts,
	})
}

// EmailInviteParams describe an invitation. The invitee becomes (or stays) an
// invited member with the given name, metadata and explicit Roles until
// they follow the link. InviteExpirationMinutes is 5 to 10080 (default
// 10080, seven days).
type EmailInviteParams struct {
	OrganizationID          string         `json:"organization_id"`
	EmailAddress            string         `json:"email_address"`
	InviteRedirectURL       string         `json:"invite_redirect_url,omitzero"`
	InvitedByMemberID       string         `json:"invited_by_member_id,omitzero"`
	Name                    string         `json:"name,omitzero"`
	TrustedMetadata         map[string]any `json:"trusted_metadata,omitzero"`
	UntrustedMetadata       map[string]any `json:"untrusted_metadata,omitzero"`
	InviteTemplateID        string         `json:"invite_template_id,omitzero"`
	Locale                  string         `json:"locale,omitzero"`
	Roles                   []string       `json:"roles,omitzero"`
	InviteExpirationMinutes uint32         `json:"invite_expiration_minutes,omitzero"`
}

// EmailInviteResponse is the answer to Invite.
type EmailInviteResponse struct {
	RequestID    string                     `json:"request_id"`
	MemberID     string                     `json:"member_id"`
	Member       organizations.Member       `json:"member"`
	Organization organizations.Organization `json:"organization"`
	StatusCode   int32                      `json:"status_code"`
}

// Invite emails an invitation link. With stytchapi.WithMemberSession (or
// ...JWT) the call runs as that member, who needs the "create" action on
// stytch.member.
func (c *EmailClient) Invite(ctx context.Context, params *EmailInviteParams, opts ...stytchapi.RequestOption) (*EmailInviteResponse, error) {
	return stytchapi.Do[EmailInviteResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodPost, Path: "/v1/b2b/magic_links/email/invite", Body: params, Options: opts,
	})
}
