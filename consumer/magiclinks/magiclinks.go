// Package magiclinks is the client for the email magic links of a Stytch
// consumer project: Authenticate and Create (embeddable links) on Client,
// and sending login, signup and invitation links through Client.Email.
//
// Types of a sub-client carry its field path as a prefix:
// client.MagicLinks.Email.Send takes EmailSendParams.
package magiclinks

import (
	"context"
	"net/http"

	"github.com/stytchkit/stytch-go/consumer/sessions"
	"github.com/stytchkit/stytch-go/consumer/users"
	"github.com/stytchkit/stytch-go/stytchapi"
)

// Client authenticates and creates magic links. Get one from
// consumer.Client.MagicLinks.
type Client struct {
	c *stytchapi.Client
	// Email sends login, signup and invitation links.
	Email *EmailClient
}

// NewClient returns a Client that sends requests with c.
func NewClient(c *stytchapi.Client) *Client {
	return &Client{c: c, Email: &EmailClient{c: c}}
}

// Options ask Authenticate to check that the link is opened from the same
// IP address or user agent it was requested from.
type Options struct {
	IPMatchRequired        bool `json:"ip_match_required"`
	UserAgentMatchRequired bool `json:"user_agent_match_required"`
}

// AuthenticateParams carry the token of a magic link (the "token" query
// parameter of the redirect). CodeVerifier is needed when the link was sent
// with a PKCE code challenge. A SessionToken or SessionJWT of the same user
// adds the factor to that session instead of starting one.
// SessionDurationMinutes is 5 to 527040; without it no session is started
// unless one is passed.
type AuthenticateParams struct {
	Token                  string            `json:"token"`
	Attributes             *users.Attributes `json:"attributes,omitzero"`
	Options                *Options          `json:"options,omitzero"`
	SessionToken           string            `json:"session_token,omitzero"`
	SessionDurationMinutes int32             `json:"session_duration_minutes,omitzero"`
	SessionJWT             string            `json:"session_jwt,omitzero"`
	SessionCustomClaims    map[string]any    `json:"session_custom_claims,omitzero"`
	CodeVerifier           string            `json:"code_verifier,omitzero"`
	TelemetryID            string            `json:"telemetry_id,omitzero"`
}

// AuthenticateResponse is the answer to Authenticate. MethodID is the ID of
// the email address (or of the embeddable link) that was proven.
type AuthenticateResponse struct {
	sessions.LoginResult
	MethodID      string `json:"method_id"`
	ResetSessions bool   `json:"reset_sessions"`
}

// Authenticate consumes a magic link once: the user's email becomes
// verified, a pending user becomes active, and the user gets a session when
// SessionDurationMinutes (or an existing session) is given.
func (c *Client) Authenticate(ctx context.Context, params *AuthenticateParams, opts ...stytchapi.RequestOption) (*AuthenticateResponse, error) {
	return stytchapi.Do[AuthenticateResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodPost, Path: "/v1/magic_links/authenticate", Body: params, Options: opts,
	})
}

// CreateParams name the user of an embeddable magic link.
// ExpirationMinutes is 5 to 10080 (default 60).
type CreateParams struct {
	UserID            string            `json:"user_id"`
	ExpirationMinutes int32             `json:"expiration_minutes,omitzero"`
	Attributes        *users.Attributes `json:"attributes,omitzero"`
}

// CreateResponse carries the embeddable token.
type CreateResponse struct {
	RequestID  string `json:"request_id"`
	UserID     string `json:"user_id"`
	Token      string `json:"token"`
	StatusCode int32  `json:"status_code"`
}

// Create makes an embeddable magic link token for a user, to deliver
// yourself; nothing is sent. Authenticate consumes it.
func (c *Client) Create(ctx context.Context, params *CreateParams, opts ...stytchapi.RequestOption) (*CreateResponse, error) {
	return stytchapi.Do[CreateResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodPost, Path: "/v1/magic_links", Body: params, Options: opts,
	})
}
