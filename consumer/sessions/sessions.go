// Package sessions is the client for the user sessions of a Stytch consumer
// project: remote authentication, listing and revocation of sessions, the
// project's JWKS, and local validation of session JWTs (AuthenticateJWT,
// AuthenticateJWTLocal) with a verified-claims cache.
package sessions

import (
	"context"
	"net/http"
	"net/url"

	"github.com/stytchkit/stytch-go/internal/nilsafe"
	"github.com/stytchkit/stytch-go/internal/sessionjwt"
	"github.com/stytchkit/stytch-go/stytchapi"
)

// Client calls the session endpoints and validates session JWTs locally. Get
// one from consumer.Client.Sessions. It is safe for concurrent use.
type Client struct {
	c     *stytchapi.Client
	local *sessionjwt.Validator[*Claims]
}

// NewClient returns a Client that sends requests with c. It does no network
// I/O: the JWKS is fetched on first use.
func NewClient(c *stytchapi.Client) *Client {
	return &Client{c: c, local: sessionjwt.New(c, "/v1/sessions/jwks/{project_id}",
		func() sessionjwt.Claims[*Claims] { return &jwtClaims{} })}
}

// Authenticate authenticates a session token or JWT with Stytch, extends it
// when SessionDurationMinutes is set, and returns a fresh JWT. An unknown,
// revoked or expired session is a 404 session_not_found error.
func (c *Client) Authenticate(ctx context.Context, params *AuthenticateParams, opts ...stytchapi.RequestOption) (*AuthenticateResponse, error) {
	return stytchapi.Do[AuthenticateResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodPost, Path: "/v1/sessions/authenticate", Body: params, Options: opts,
	})
}

// Get returns the active sessions of a user.
func (c *Client) Get(ctx context.Context, params *GetParams, opts ...stytchapi.RequestOption) (*GetResponse, error) {
	p := nilsafe.Ptr(params)
	return stytchapi.Do[GetResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodGet, Path: "/v1/sessions", Query: url.Values{"user_id": {p.UserID}}, Options: opts,
	})
}

// Revoke revokes one session at once.
func (c *Client) Revoke(ctx context.Context, params *RevokeParams, opts ...stytchapi.RequestOption) (*RevokeResponse, error) {
	return stytchapi.Do[RevokeResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodPost, Path: "/v1/sessions/revoke", Body: params, Options: opts,
	})
}

// GetJWKS returns the public keys that sign the project's session JWTs.
// Local validation fetches and caches them on its own.
func (c *Client) GetJWKS(ctx context.Context, params *GetJWKSParams, opts ...stytchapi.RequestOption) (*GetJWKSResponse, error) {
	id := c.c.ProjectID()
	if p := nilsafe.Ptr(params); p.ProjectID != "" {
		id = p.ProjectID
	}
	return stytchapi.Do[GetJWKSResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodGet, Path: "/v1/sessions/jwks/{project_id}", PathParams: []string{id}, Options: opts,
	})
}

// Attest exchanges a trusted auth token for a session.
func (c *Client) Attest(ctx context.Context, params *AttestParams, opts ...stytchapi.RequestOption) (*AttestResponse, error) {
	return stytchapi.Do[AttestResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodPost, Path: "/v1/sessions/attest", Body: params, Options: opts,
	})
}

// Migrate turns an external identity provider's session into a Stytch
// session, creating the user on first sight.
func (c *Client) Migrate(ctx context.Context, params *MigrateParams, opts ...stytchapi.RequestOption) (*MigrateResponse, error) {
	return stytchapi.Do[MigrateResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodPost, Path: "/v1/sessions/migrate", Body: params, Options: opts,
	})
}

// ExchangeAccessToken turns a connected-app access token into a session.
func (c *Client) ExchangeAccessToken(ctx context.Context, params *ExchangeAccessTokenParams, opts ...stytchapi.RequestOption) (*ExchangeAccessTokenResponse, error) {
	return stytchapi.Do[ExchangeAccessTokenResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodPost, Path: "/v1/sessions/exchange_access_token", Body: params, Options: opts,
	})
}
