// Package idp is the client for Stytch as an OAuth 2.0 / OpenID Connect
// authorization server for connected apps: Client.OAuth drives the
// authorization step from a backend (AuthorizeStart reports what consent
// is needed; Authorize issues the code), IntrospectTokenNetwork asks Stytch
// whether an access token is active, and IntrospectTokenLocal validates an
// access token locally against the project's JWKS.
package idp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/stytchkit/stytch-go/internal/jwtverify"
	"github.com/stytchkit/stytch-go/stytchapi"
)

// Errors of local introspection, usable with errors.Is.
var (
	ErrTokenInvalid    = jwtverify.ErrJWTInvalid
	ErrTokenExpired    = jwtverify.ErrJWTExpired
	ErrJWKSUnavailable = jwtverify.ErrJWKSUnavailable
	// ErrNotAccessToken is a valid project JWT that is not an access token
	// (a session JWT has no scope claim).
	ErrNotAccessToken = errors.New("stytch: the JWT is not an access token")
	// ErrMissingScope is an access token without a scope the caller
	// required.
	ErrMissingScope = errors.New("stytch: the access token lacks a required scope")
)

// Client is the authorization-server client. Get one from b2b.Client.IDP.
type Client struct {
	c *stytchapi.Client
	// OAuth runs the authorization step for connected apps.
	OAuth *OAuthClient

	once     sync.Once
	verifier *jwtverify.Verifier
}

// NewClient returns a Client that sends requests with c.
func NewClient(c *stytchapi.Client) *Client {
	return &Client{c: c, OAuth: &OAuthClient{c: c}}
}

// OrganizationClaim is the organization an access token belongs to.
type OrganizationClaim struct {
	OrganizationID string `json:"organization_id"`
	Slug           string `json:"slug"`
}

// IntrospectTokenNetworkParams name an access or refresh token and the
// connected app asking about it (ClientSecret for confidential apps).
// ProjectID is the project whose authorization server answers; empty means
// the client's project.
type IntrospectTokenNetworkParams struct {
	ProjectID     string `json:"-"`
	Token         string `json:"token"`
	ClientID      string `json:"client_id"`
	ClientSecret  string `json:"client_secret,omitzero"`
	TokenTypeHint string `json:"token_type_hint,omitzero"`
}

// IntrospectTokenResponse is RFC 7662's answer. When Active is false the
// token is expired, revoked or unknown, and the other fields are empty.
type IntrospectTokenResponse struct {
	Active       bool              `json:"active"`
	TokenType    string            `json:"token_type"`
	Iss          string            `json:"iss"`
	Sub          string            `json:"sub"`
	Aud          []string          `json:"aud"`
	Scope        string            `json:"scope"`
	ClientID     string            `json:"client_id"`
	Exp          *int64            `json:"exp"`
	Iat          *int64            `json:"iat"`
	Organization OrganizationClaim `json:"https://stytch.com/organization"`
}

// IntrospectTokenNetwork asks the authorization server whether a token is
// active (POST /v1/public/{project_id}/oauth2/introspect). Unlike
// IntrospectTokenLocal it sees revocations (a member withdrawing consent)
// and works for refresh tokens.
func (c *Client) IntrospectTokenNetwork(ctx context.Context, params *IntrospectTokenNetworkParams, opts ...stytchapi.RequestOption) (*IntrospectTokenResponse, error) {
	project := c.c.ProjectID()
	if params != nil && params.ProjectID != "" {
		project = params.ProjectID
	}
	return stytchapi.Do[IntrospectTokenResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodPost, Path: "/v1/public/{project_id}/oauth2/introspect", PathParams: []string{project},
		Body: params, ReadOnly: true, Options: opts,
	})
}

// IntrospectTokenLocalOptions tune IntrospectTokenLocal.
type IntrospectTokenLocalOptions struct {
	// RequiredScopes must all be granted (ErrMissingScope otherwise).
	RequiredScopes []string
	// Now is the clock (default time.Now).
	Now func() time.Time
}

// IntrospectTokenClaims are the verified claims of an access token.
type IntrospectTokenClaims struct {
	// Subject is the member the token acts for.
	Subject string
	// Scopes are the granted scopes.
	Scopes       []string
	ClientID     string
	Audience     []string
	Issuer       string
	Organization OrganizationClaim
	IssuedAt     time.Time
	NotBefore    time.Time
	ExpiresAt    time.Time
	// Custom are the token's other claims.
	Custom map[string]any
}

// accessClaims is the payload of an access token.
type accessClaims struct {
	jwt.RegisteredClaims
	Scope        *string           `json:"scope"`
	ClientID     string            `json:"client_id"`
	Organization OrganizationClaim `json:"https://stytch.com/organization"`
}

// IntrospectTokenLocal validates an access token's signature against the
// project's JWKS (fetched once and cached), and its issuer, audience and
// expiry, without a call per token. Revocations made after the token was
// issued are not seen; use IntrospectTokenNetwork for those.
func (c *Client) IntrospectTokenLocal(ctx context.Context, token string, opts *IntrospectTokenLocalOptions) (*IntrospectTokenClaims, error) {
	c.once.Do(c.initVerifier)
	now := time.Now
	if opts != nil && opts.Now != nil {
		now = opts.Now
	}
	var ac accessClaims
	if _, err := c.verifier.Verify(ctx, token, &ac, jwtverify.Checks{Now: now()}); err != nil {
		return nil, err
	}
	if ac.Scope == nil {
		return nil, ErrNotAccessToken
	}
	scopes := strings.Fields(*ac.Scope)
	if opts != nil {
		for _, want := range opts.RequiredScopes {
			if !contains(scopes, want) {
				return nil, fmt.Errorf("%w: %q", ErrMissingScope, want)
			}
		}
	}
	out := &IntrospectTokenClaims{
		Subject: ac.Subject, Scopes: scopes, ClientID: ac.ClientID, Audience: ac.Audience, Issuer: ac.Issuer,
		Organization: ac.Organization, Custom: customClaims(token),
	}
	if ac.IssuedAt != nil {
		out.IssuedAt = ac.IssuedAt.Time
	}
	if ac.NotBefore != nil {
		out.NotBefore = ac.NotBefore.Time
	}
	if ac.ExpiresAt != nil {
		out.ExpiresAt = ac.ExpiresAt.Time
	}
	return out, nil
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// knownClaims are the claims IntrospectTokenClaims reports in fields.
var knownClaims = map[string]bool{
	"sub": true, "scope": true, "client_id": true, "aud": true, "iss": true, "iat": true, "nbf": true, "exp": true, "jti": true,
	"https://stytch.com/organization": true,
}

// customClaims decodes the claims of an already verified token other than
// the known ones.
func customClaims(token string) map[string]any {
	all := jwt.MapClaims{}
	if _, _, err := jwt.NewParser().ParseUnverified(token, all); err != nil {
		return map[string]any{}
	}
	out := map[string]any{}
	for k, v := range all {
		if !knownClaims[k] {
			out[k] = v
		}
	}
	return out
}

func (c *Client) initVerifier() {
	core := c.c
	issuerBase := ""
	var extra []string
	if base := core.BaseURL(); !strings.HasSuffix(base, "stytch.com") {
		issuerBase = base
		// The issuer of an authorization server served under the base URL
		// (as the mock serves it): {base}/v1/public/{project_id}.
		extra = []string{strings.TrimRight(base, "/") + "/v1/public/" + core.ProjectID()}
	}
	c.verifier = jwtverify.New(jwtverify.Config{
		ProjectID:    core.ProjectID(),
		BaseURL:      issuerBase,
		ExtraIssuers: extra,
		Fetch: func(ctx context.Context) ([]byte, error) {
			raw, err := stytchapi.Do[json.RawMessage](ctx, core, stytchapi.Request{
				Method: http.MethodGet, Path: "/v1/b2b/sessions/jwks/{project_id}", PathParams: []string{core.ProjectID()},
			})
			if err != nil {
				return nil, err
			}
			return *raw, nil
		},
	})
}
