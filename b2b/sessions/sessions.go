// Package sessions is the client for Stytch B2B member sessions: remote
// authentication, listing, revocation and exchange of sessions, the
// project's JWKS, and local validation of session JWTs (AuthenticateJWT,
// AuthenticateJWTLocal) with local RBAC checks.
package sessions

import (
	"context"
	"net/http"
	"net/url"

	"github.com/stytchkit/stytch-go/b2b/rbac"
	"github.com/stytchkit/stytch-go/internal/nilsafe"
	"github.com/stytchkit/stytch-go/stytchapi"
)

// Client calls the session endpoints and validates session JWTs locally. Get
// one from b2b.Client.Sessions. It is safe for concurrent use.
type Client struct {
	c     *stytchapi.Client
	local *localValidator
}

// NewClient returns a Client that sends requests with c and reads RBAC
// policies for local authorization checks through policies. It does no
// network I/O: the JWKS and the policies are fetched on first use.
func NewClient(c *stytchapi.Client, policies *rbac.Client) *Client {
	cl := &Client{c: c}
	cl.local = newLocalValidator(cl, policies)
	return cl
}

// Authenticate authenticates a session token or JWT with Stytch, extends it
// when SessionDurationMinutes is set, and returns a fresh JWT. An unknown,
// revoked or expired session is a 404 session_not_found error; a failed
// authorization check is a 403 session_authorization_error (or
// session_authorization_tenancy_error).
func (c *Client) Authenticate(ctx context.Context, params *AuthenticateParams, opts ...stytchapi.RequestOption) (*AuthenticateResponse, error) {
	return stytchapi.Do[AuthenticateResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodPost, Path: "/v1/b2b/sessions/authenticate", Body: params, Options: opts,
	})
}

// Get returns the active sessions of a member.
func (c *Client) Get(ctx context.Context, params *GetParams, opts ...stytchapi.RequestOption) (*GetResponse, error) {
	p := nilsafe.Ptr(params)
	return stytchapi.Do[GetResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodGet, Path: "/v1/b2b/sessions",
		Query: url.Values{"organization_id": {p.OrganizationID}, "member_id": {p.MemberID}}, Options: opts,
	})
}

// Revoke revokes one session or all sessions of a member, at once. With
// stytchapi.WithMemberSession (or ...JWT) the call runs as that member and
// needs the matching RBAC permission.
func (c *Client) Revoke(ctx context.Context, params *RevokeParams, opts ...stytchapi.RequestOption) (*RevokeResponse, error) {
	return stytchapi.Do[RevokeResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodPost, Path: "/v1/b2b/sessions/revoke", Body: params, Options: opts,
	})
}

// Exchange turns a session into a session of another organization in which
// the same email address is a member.
func (c *Client) Exchange(ctx context.Context, params *ExchangeParams, opts ...stytchapi.RequestOption) (*ExchangeResponse, error) {
	return stytchapi.Do[ExchangeResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodPost, Path: "/v1/b2b/sessions/exchange", Body: params, Options: opts,
	})
}

// ExchangeAccessToken turns a connected-app access token into a session.
func (c *Client) ExchangeAccessToken(ctx context.Context, params *ExchangeAccessTokenParams, opts ...stytchapi.RequestOption) (*ExchangeAccessTokenResponse, error) {
	return stytchapi.Do[ExchangeAccessTokenResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodPost, Path: "/v1/b2b/sessions/exchange_access_token", Body: params, Options: opts,
	})
}

// Attest exchanges a trusted auth token for a session.
func (c *Client) Attest(ctx context.Context, params *AttestParams, opts ...stytchapi.RequestOption) (*AttestResponse, error) {
	return stytchapi.Do[AttestResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodPost, Path: "/v1/b2b/sessions/attest", Body: params, Options: opts,
	})
}

// Migrate turns an external identity provider's session into a Stytch
// session.
func (c *Client) Migrate(ctx context.Context, params *MigrateParams, opts ...stytchapi.RequestOption) (*MigrateResponse, error) {
	return stytchapi.Do[MigrateResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodPost, Path: "/v1/b2b/sessions/migrate", Body: params, Options: opts,
	})
}

// GetJWKS returns the public keys that sign the project's session JWTs.
// Local validation fetches and caches them on its own; call this only to
// inspect them.
func (c *Client) GetJWKS(ctx context.Context, params *GetJWKSParams, opts ...stytchapi.RequestOption) (*GetJWKSResponse, error) {
	id := c.c.ProjectID()
	if p := nilsafe.Ptr(params); p.ProjectID != "" {
		id = p.ProjectID
	}
	return stytchapi.Do[GetJWKSResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodGet, Path: "/v1/b2b/sessions/jwks/{project_id}", PathParams: []string{id}, Options: opts,
	})
}
