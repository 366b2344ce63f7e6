// Package m2m is the client for Stytch's machine-to-machine (M2M)
// authentication: M2M clients with their scopes and secrets, the OAuth2
// client-credentials token endpoint, and local validation of the access
// tokens it issues. M2M is project-level: B2B and consumer projects share it.
//
//	tok, err := client.M2M.Token(ctx, &m2m.TokenParams{ClientID: id, ClientSecret: secret})
//	claims, err := client.M2M.AuthenticateToken(ctx, &m2m.AuthenticateTokenParams{
//		AccessToken: tok.AccessToken, RequiredScopes: []string{"read:users"},
//	})
package m2m

import (
	"context"
	"net/http"
	"net/url"
	"strings"

	"github.com/stytchkit/stytch-go/internal/nilsafe"
	"github.com/stytchkit/stytch-go/stytchapi"
)

// JWKS paths local validation fetches the project's signing keys from.
const (
	consumerJWKSPath = "/v1/sessions/jwks/{project_id}"
	b2bJWKSPath      = "/v1/b2b/sessions/jwks/{project_id}"
)

// Client calls the M2M endpoints and validates M2M access tokens. Get one
// from b2b.Client.M2M or consumer.Client.M2M, or with NewClient. It is safe
// for concurrent use.
type Client struct {
	c *stytchapi.Client
	// Clients manages M2M clients; Clients.Secrets rotates their secrets.
	Clients *ClientsClient

	local *localValidator
}

// NewClient returns a Client that sends requests with c. Local token
// validation reads the project's keys from the consumer JWKS
// (/v1/sessions/jwks/{project_id}); use NewB2BClient for a B2B project.
func NewClient(c *stytchapi.Client) *Client { return newClient(c, consumerJWKSPath) }

// NewB2BClient is NewClient for a B2B project: local token validation reads
// the project's keys from /v1/b2b/sessions/jwks/{project_id}.
func NewB2BClient(c *stytchapi.Client) *Client { return newClient(c, b2bJWKSPath) }

func newClient(c *stytchapi.Client, jwksPath string) *Client {
	m := &Client{c: c, Clients: &ClientsClient{c: c, Secrets: &ClientsSecretsClient{c: c}}}
	m.local = &localValidator{core: c, jwksPath: jwksPath}
	return m
}

// TokenParams are the client credentials to exchange for an access token.
// Scopes, when set, narrows the token to a subset of the client's scopes;
// when empty the token carries all of them.
type TokenParams struct {
	ClientID     string
	ClientSecret string
	Scopes       []string
}

// TokenResponse is the answer of the token endpoint: a JWT access token,
// its lifetime in seconds and its type ("bearer").
type TokenResponse struct {
	AccessToken string `json:"access_token"`
	ExpiresIn   int64  `json:"expires_in"`
	TokenType   string `json:"token_type"`
}

// Token exchanges an M2M client's ID and secret for an access token with the
// OAuth2 client-credentials grant (POST /v1/public/{project_id}/oauth2/token,
// form-encoded). Errors are *stytchapi.Error values whose ErrorType is the
// OAuth2 error code, such as "invalid_client" or "invalid_scope". Tokens
// live an hour; cache one rather than calling Token per request.
func (c *Client) Token(ctx context.Context, params *TokenParams, opts ...stytchapi.RequestOption) (*TokenResponse, error) {
	p := nilsafe.Ptr(params)
	form := url.Values{
		"grant_type":    {"client_credentials"},
		"client_id":     {p.ClientID},
		"client_secret": {p.ClientSecret},
	}
	if len(p.Scopes) > 0 {
		form.Set("scope", strings.Join(p.Scopes, " "))
	}
	return stytchapi.Do[TokenResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodPost, Path: "/v1/public/{project_id}/oauth2/token", PathParams: []string{c.c.ProjectID()},
		Form: form, ReadOnly: true, Options: opts,
	})
}
