package m2m

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

// Errors of local token validation, usable with errors.Is. ErrUnknownKey,
// ErrInvalidAudience and ErrInvalidIssuer also match ErrJWTInvalid.
var (
	ErrJWTInvalid      = jwtverify.ErrJWTInvalid
	ErrJWTExpired      = jwtverify.ErrJWTExpired
	ErrJWTTooOld       = jwtverify.ErrJWTTooOld
	ErrJWKSUnavailable = jwtverify.ErrJWKSUnavailable
	ErrUnknownKey      = jwtverify.ErrUnknownKey
	ErrInvalidAudience = jwtverify.ErrInvalidAudience
	ErrInvalidIssuer   = jwtverify.ErrInvalidIssuer
	// ErrScopeDenied is a failed scope check. The error also wraps a
	// *stytchapi.Error of type m2m_authorization_error (403), as Stytch's
	// SDKs report it.
	ErrScopeDenied = errors.New("stytch: the M2M token lacks a required scope")
)

// ScopeAuthorizationFunc decides whether the scopes a token was granted
// satisfy the scopes a call requires. AuthenticateToken uses
// DefaultScopeAuthorization unless AuthenticateTokenParams names another.
type ScopeAuthorizationFunc func(granted, required []string) bool

// AuthenticateTokenParams tune AuthenticateToken.
type AuthenticateTokenParams struct {
	// AccessToken is the JWT returned by Token, usually read from an
	// "Authorization: Bearer" header.
	AccessToken string
	// RequiredScopes must all be granted to the token, as decided by
	// AuthorizationFunc. Empty requires nothing.
	RequiredScopes []string
	// AuthorizationFunc replaces DefaultScopeAuthorization.
	AuthorizationFunc ScopeAuthorizationFunc
	// MaxTokenAge, when positive, rejects tokens issued longer ago
	// (ErrJWTTooOld), even if they have not expired.
	MaxTokenAge time.Duration
	// Leeway is the clock skew allowed on exp, nbf and MaxTokenAge
	// (default 5 seconds; negative means none).
	Leeway time.Duration
}

// Claims are the verified contents of an M2M access token.
type Claims struct {
	// ClientID is the M2M client the token was issued to (the sub claim).
	ClientID string
	// Scopes are the scopes granted to the token (the space-separated scope
	// claim).
	Scopes []string
	// IssuedAt and ExpiresAt are the token's iat and exp.
	IssuedAt  time.Time
	ExpiresAt time.Time
	// CustomClaims are the token's top-level claims other than the
	// registered ones, scope and client_id.
	CustomClaims map[string]any
}

// LocalConfig tunes local validation. Set it with Configure before the
// first validation.
type LocalConfig struct {
	// Now is the clock of local validation (default time.Now). Tests
	// against stytch-mock pass the mock project's clock.
	Now func() time.Time
	// JWKSRefreshInterval is the least time between JWKS fetches caused by
	// an unknown key ID (default 5 minutes).
	JWKSRefreshInterval time.Duration
}

type localValidator struct {
	core     *stytchapi.Client
	jwksPath string

	cfgMu    sync.Mutex
	cfg      LocalConfig
	once     sync.Once
	now      func() time.Time
	verifier *jwtverify.Verifier
}

// Configure sets how local validation works. It has an effect only before
// the first AuthenticateToken.
func (c *Client) Configure(cfg LocalConfig) {
	c.local.cfgMu.Lock()
	c.local.cfg = cfg
	c.local.cfgMu.Unlock()
}

func (l *localValidator) init() {
	l.once.Do(func() {
		l.cfgMu.Lock()
		cfg := l.cfg
		l.cfgMu.Unlock()
		if cfg.Now == nil {
			cfg.Now = time.Now
		}
		l.now = cfg.Now
		issuerBase := ""
		if base := l.core.BaseURL(); !strings.HasSuffix(base, "stytch.com") {
			issuerBase = base
		}
		core := l.core
		l.verifier = jwtverify.New(jwtverify.Config{
			ProjectID:       core.ProjectID(),
			BaseURL:         issuerBase,
			RefreshInterval: cfg.JWKSRefreshInterval,
			Now:             cfg.Now,
			Fetch: func(ctx context.Context) ([]byte, error) {
				raw, err := stytchapi.Do[json.RawMessage](ctx, core, stytchapi.Request{
					Method: http.MethodGet, Path: l.jwksPath, PathParams: []string{core.ProjectID()},
				})
				if err != nil {
					return nil, err
				}
				return *raw, nil
			},
		})
	})
}

// tokenClaims is the payload of an M2M access token.
type tokenClaims struct {
	jwt.RegisteredClaims
	Scope    string
	ClientID string
	custom   map[string]any
}

// UnmarshalJSON decodes the registered claims, scope and client_id, and
// keeps every other top-level claim as a custom claim.
func (c *tokenClaims) UnmarshalJSON(b []byte) error {
	custom, err := jwtverify.DecodeClaims(b, &c.RegisteredClaims, map[string]any{"scope": &c.Scope, "client_id": &c.ClientID})
	c.custom = custom
	return err
}

// AuthenticateToken validates an M2M access token locally: its RS256
// signature against the project's JWKS (fetched on first use and cached),
// issuer, audience, expiry and params.MaxTokenAge; then that its scopes
// satisfy params.RequiredScopes. It makes no other API call. A token of a
// client deleted or deactivated since it was issued stays valid until it
// expires, as with Stytch.
func (c *Client) AuthenticateToken(ctx context.Context, params *AuthenticateTokenParams) (*Claims, error) {
	if params == nil || params.AccessToken == "" {
		return nil, fmt.Errorf("%w: no access token", ErrJWTInvalid)
	}
	l := c.local
	l.init()
	leeway := 5 * time.Second
	if params.Leeway != 0 {
		leeway = max(params.Leeway, 0)
	}
	var tc tokenClaims
	if _, err := l.verifier.Verify(ctx, params.AccessToken, &tc, jwtverify.Checks{Now: l.now(), Leeway: leeway, MaxAge: params.MaxTokenAge}); err != nil {
		return nil, err
	}
	claims := &Claims{ClientID: tc.Subject, Scopes: strings.Fields(tc.Scope), CustomClaims: tc.custom}
	if claims.ClientID == "" {
		claims.ClientID = tc.ClientID
	}
	if claims.ClientID == "" {
		return nil, fmt.Errorf("%w: the token names no client", ErrJWTInvalid)
	}
	if claims.Scopes == nil {
		claims.Scopes = []string{}
	}
	if claims.CustomClaims == nil {
		claims.CustomClaims = map[string]any{}
	}
	if tc.IssuedAt != nil {
		claims.IssuedAt = tc.IssuedAt.Time
	}
	if tc.ExpiresAt != nil {
		claims.ExpiresAt = tc.ExpiresAt.Time
	}
	authorize := params.AuthorizationFunc
	if authorize == nil {
		authorize = DefaultScopeAuthorization
	}
	if len(params.RequiredScopes) > 0 && !authorize(claims.Scopes, params.RequiredScopes) {
		return nil, fmt.Errorf("%w: %w", ErrScopeDenied, &stytchapi.Error{StatusCode: http.StatusForbidden, ErrorType: "m2m_authorization_error",
			ErrorMessage: fmt.Sprintf("the token's scopes do not grant %q", strings.Join(params.RequiredScopes, " "))})
	}
	return claims, nil
}

// DefaultScopeAuthorization is Stytch's scope check: every required scope
// must be granted. A scope "action:resource" is granted by the same scope
// or by "action:*"; a scope without a colon is granted only by itself.
func DefaultScopeAuthorization(granted, required []string) bool {
	type scope struct{ action, resource string }
	split := func(s string) scope {
		if a, r, ok := strings.Cut(s, ":"); ok {
			return scope{a, r}
		}
		return scope{s, "-"}
	}
	have := make([]scope, len(granted))
	for i, g := range granted {
		have[i] = split(g)
	}
	for _, r := range required {
		want := split(r)
		ok := false
		for _, h := range have {
			if h.action == want.action && (h.resource == want.resource || h.resource == "*") {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	return true
}
