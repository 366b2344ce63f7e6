// Package magiclinks is the client for Stytch B2B email magic links:
// Authenticate on Client; sending login, signup and invitation links through
// Client.Email; sending discovery links through Client.Email.Discovery; and
// authenticating discovery links through Client.Discovery.
//
// Types of a sub-client carry its field path as a prefix:
// client.MagicLinks.Email.Discovery.Send takes EmailDiscoverySendParams.
package magiclinks

import (
	"context"
	"net/http"

	"github.com/stytchkit/stytch-go/b2b/sessions"
	"github.com/stytchkit/stytch-go/stytchapi"
)

// Client authenticates magic links. Get one from b2b.Client.MagicLinks.
type Client struct {
	c *stytchapi.Client
	// Email sends login, signup, invitation and discovery links.
	Email *EmailClient
	// Discovery authenticates discovery links.
	Discovery *DiscoveryClient
}

// NewClient returns a Client that sends requests with c.
func NewClient(c *stytchapi.Client) *Client {
	return &Client{c: c, Email: newEmailClient(c), Discovery: newDiscoveryClient(c)}
}

// AuthenticateParams carry the token of a login, signup or invitation link
// (the "token" query parameter of the redirect). PKCECodeVerifier is needed
// when the link was sent with a challenge. A SessionToken or SessionJWT of
// the same member makes the login extend that session instead of starting
// one; an IntermediateSessionToken adds the magic link to a login in
// progress. SessionDurationMinutes is 5 to 527040 (default 60).
type AuthenticateParams struct {
	MagicLinksToken          string         `json:"magic_links_token"`
	PKCECodeVerifier         string         `json:"pkce_code_verifier,omitzero"`
	SessionToken             string         `json:"session_token,omitzero"`
	SessionJWT               string         `json:"session_jwt,omitzero"`
	SessionDurationMinutes   int32          `json:"session_duration_minutes,omitzero"`
	SessionCustomClaims      map[string]any `json:"session_custom_claims,omitzero"`
	Locale                   string         `json:"locale,omitzero"`
	IntermediateSessionToken string         `json:"intermediate_session_token,omitzero"`
	TelemetryID              string         `json:"telemetry_id,omitzero"`
}

// AuthenticateResponse is the answer to Authenticate. When
// MemberAuthenticated is true the session fields are set; otherwise the
// organization wants MFA (MFARequired) or another primary factor
// (PrimaryRequired) and IntermediateSessionToken carries the login on.
// MethodID is the ID of the member's email address.
type AuthenticateResponse struct {
	sessions.LoginResult
	MethodID       string `json:"method_id"`
	ResetSessions  bool   `json:"reset_sessions"`
	OrganizationID string `json:"organization_id"`
}

// Authenticate consumes a login, signup or invitation magic link (or the
// link of an email update): the member's email becomes verified, an invited
// or pending member becomes active, and the member gets a session unless
// the organization wants more.
func (c *Client) Authenticate(ctx context.Context, params *AuthenticateParams, opts ...stytchapi.RequestOption) (*AuthenticateResponse, error) {
	return stytchapi.Do[AuthenticateResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodPost, Path: "/v1/b2b/magic_links/authenticate", Body: params, Options: opts,
	})
}
