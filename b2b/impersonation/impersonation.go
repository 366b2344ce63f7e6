// Package impersonation is the client for Stytch B2B member impersonation:
// Authenticate turns an impersonation token, minted in Stytch's dashboard
// by a support person acting for a member, into a short-lived session of
// that member whose factor names the impersonator.
package impersonation

import (
	"context"
	"net/http"
	"time"

	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/b2b/sessions"
	"github.com/stytchkit/stytch-go/stytchapi"
)

// Client authenticates impersonation tokens. Get one from
// b2b.Client.Impersonation.
type Client struct {
	c *stytchapi.Client
}

// NewClient returns a Client that sends requests with c.
func NewClient(c *stytchapi.Client) *Client { return &Client{c: c} }

// AuthenticateParams carry an impersonation token (single use, 5 minutes).
type AuthenticateParams struct {
	ImpersonationToken string `json:"impersonation_token"`
}

// AuthenticateResponse is the answer to Authenticate: a session of the
// impersonated member (60 minutes at most, never extended) whose
// authentication factor is of type "impersonated".
type AuthenticateResponse struct {
	RequestID                         string                     `json:"request_id"`
	MemberID                          string                     `json:"member_id"`
	OrganizationID                    string                     `json:"organization_id"`
	Member                            organizations.Member       `json:"member"`
	SessionToken                      string                     `json:"session_token"`
	SessionJWT                        string                     `json:"session_jwt"`
	Organization                      organizations.Organization `json:"organization"`
	IntermediateSessionToken          string                     `json:"intermediate_session_token"`
	MemberAuthenticated               bool                       `json:"member_authenticated"`
	StatusCode                        int32                      `json:"status_code"`
	MemberSession                     *sessions.MemberSession    `json:"member_session,omitempty"`
	MFARequired                       *sessions.MFARequired      `json:"mfa_required,omitempty"`
	IntermediateSessionTokenExpiresAt *time.Time                 `json:"intermediate_session_token_expires_at,omitempty"`
}

// Authenticate consumes an impersonation token. Impersonation never needs
// MFA.
func (c *Client) Authenticate(ctx context.Context, params *AuthenticateParams, opts ...stytchapi.RequestOption) (*AuthenticateResponse, error) {
	return stytchapi.Do[AuthenticateResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodPost, Path: "/v1/b2b/impersonation/authenticate", Body: params, Options: opts,
	})
}
