package sessions

import (
	"context"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/stytchkit/stytch-go/internal/jwtverify"
	"github.com/stytchkit/stytch-go/internal/sessionjwt"
	"github.com/stytchkit/stytch-go/stytchapi"
)

// Errors of local JWT validation, usable with errors.Is. ErrUnknownKey,
// ErrInvalidAudience and ErrInvalidIssuer also match ErrJWTInvalid.
var (
	ErrJWTInvalid      = jwtverify.ErrJWTInvalid
	ErrJWTExpired      = jwtverify.ErrJWTExpired
	ErrJWTTooOld       = jwtverify.ErrJWTTooOld
	ErrJWKSUnavailable = jwtverify.ErrJWKSUnavailable
	ErrUnknownKey      = jwtverify.ErrUnknownKey
	ErrInvalidAudience = jwtverify.ErrInvalidAudience
	ErrInvalidIssuer   = jwtverify.ErrInvalidIssuer
)

// Claims are the verified contents of a session JWT.
type Claims struct {
	SessionID             string
	UserID                string
	Roles                 []string
	AuthenticationFactors []AuthenticationFactor
	StartedAt             time.Time
	LastAccessedAt        time.Time
	// ExpiresAt is when the session (not the JWT) expires.
	ExpiresAt time.Time
	// IssuedAt and TokenExpiresAt are the JWT's iat and exp.
	IssuedAt       time.Time
	TokenExpiresAt time.Time
	// CustomClaims are the JWT's top-level claims other than the registered
	// ones and Stytch's.
	CustomClaims map[string]any
	// Remote is set when the result came from a remote Authenticate (the
	// caller allowed it); its SessionJWT is a fresh JWT to hand back.
	Remote *AuthenticateResponse
}

// JWTOptions tune AuthenticateJWT and AuthenticateJWTLocal.
type JWTOptions struct {
	// MaxTokenAge, when positive, treats JWTs issued longer ago as too old
	// (ErrJWTTooOld). Zero leaves only the JWT's own 5-minute expiry.
	MaxTokenAge time.Duration
	// Leeway is the clock skew allowed on exp, nbf and MaxTokenAge
	// (default 5 seconds; negative means none).
	Leeway time.Duration
	// AllowRemote lets AuthenticateJWT call the API when the JWT is valid
	// but expired or too old, or when the JWKS cannot be fetched. A bad
	// signature, audience, issuer or key never falls back to the API.
	AllowRemote bool
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
	// CacheSize bounds the verified-JWT cache (default 4096; negative
	// disables it).
	CacheSize int
}

// Configure sets how local validation works. It has an effect only before
// the first local validation.
func (c *Client) Configure(cfg LocalConfig) {
	c.local.Configure(sessionjwt.Config{Now: cfg.Now, JWKSRefreshInterval: cfg.JWKSRefreshInterval, CacheSize: cfg.CacheSize})
}

// sessionClaim is the Stytch claim of a consumer session JWT.
const sessionClaim = "https://stytch.com/session"

// jwtClaims is the payload of a consumer session JWT.
type jwtClaims struct {
	jwt.RegisteredClaims
	Session struct {
		ID                    string                 `json:"id"`
		StartedAt             time.Time              `json:"started_at"`
		LastAccessedAt        time.Time              `json:"last_accessed_at"`
		ExpiresAt             time.Time              `json:"expires_at"`
		AuthenticationFactors []AuthenticationFactor `json:"authentication_factors"`
		Roles                 []string               `json:"roles"`
	}
	custom map[string]any
}

// UnmarshalJSON decodes the registered and Stytch claims, and keeps every
// other top-level claim as a custom claim.
func (c *jwtClaims) UnmarshalJSON(b []byte) error {
	custom, err := sessionjwt.SplitPayload(b, &c.RegisteredClaims, map[string]any{sessionClaim: &c.Session})
	c.custom = custom
	return err
}

// Registered returns the registered claims, for the claims cache.
func (c *jwtClaims) Registered() jwt.RegisteredClaims { return c.RegisteredClaims }

// Result returns the verified claims.
func (c *jwtClaims) Result() *Claims {
	out := &Claims{
		SessionID: c.Session.ID, UserID: c.Subject, Roles: c.Session.Roles,
		AuthenticationFactors: c.Session.AuthenticationFactors,
		StartedAt:             c.Session.StartedAt, LastAccessedAt: c.Session.LastAccessedAt,
		CustomClaims: sessionjwt.CustomClaims(c.custom),
	}
	out.IssuedAt, out.TokenExpiresAt, out.ExpiresAt = sessionjwt.TokenTimes(c.RegisteredClaims, c.Session.ExpiresAt)
	return out
}

func (o *JWTOptions) checks() sessionjwt.Checks {
	if o == nil {
		return sessionjwt.Checks{}
	}
	return sessionjwt.Checks{MaxTokenAge: o.MaxTokenAge, Leeway: o.Leeway}
}

// AuthenticateJWTLocal validates a session JWT locally only: signature
// (against the JWKS, fetched and cached on first use), issuer, audience,
// expiry and opts.MaxTokenAge. It never calls sessions/authenticate, so a
// session revoked since the JWT was issued stays valid until the JWT
// expires. The returned Claims are shared with the cache: do not modify
// them.
func (c *Client) AuthenticateJWTLocal(ctx context.Context, sessionJWT string, opts *JWTOptions) (*Claims, error) {
	return c.local.Validate(ctx, sessionJWT, opts.checks())
}

// AuthenticateJWT validates a session JWT locally and, only when
// opts.AllowRemote is set and the JWT is genuine but expired or too old (or
// the JWKS cannot be fetched), authenticates it with the API instead, which
// also returns a fresh JWT (Claims.Remote). A forged or foreign JWT is
// rejected without any API call.
func (c *Client) AuthenticateJWT(ctx context.Context, sessionJWT string, opts *JWTOptions, reqOpts ...stytchapi.RequestOption) (*Claims, error) {
	claims, err := c.AuthenticateJWTLocal(ctx, sessionJWT, opts)
	return sessionjwt.RemoteFallback(claims, err, opts != nil && opts.AllowRemote, func() (*Claims, error) {
		resp, err := c.Authenticate(ctx, &AuthenticateParams{SessionJWT: sessionJWT}, reqOpts...)
		if err != nil {
			return nil, err
		}
		s := resp.Session
		out := &Claims{
			SessionID: s.SessionID, UserID: s.UserID, Roles: s.Roles,
			AuthenticationFactors: s.AuthenticationFactors, CustomClaims: s.CustomClaims, Remote: resp,
		}
		out.StartedAt, out.LastAccessedAt, out.ExpiresAt = sessionjwt.SessionTimes(s.StartedAt, s.LastAccessedAt, s.ExpiresAt)
		return out, nil
	})
}
