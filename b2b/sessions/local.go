package sessions

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/stytchkit/stytch-go/b2b/rbac"
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
	// ErrPermissionDenied is a failed local authorization check. The error
	// also wraps a *stytchapi.Error of type session_authorization_error or
	// session_authorization_tenancy_error, as the API would answer.
	ErrPermissionDenied = errors.New("stytch: the session is not authorized for this action")
	// ErrPolicyUnavailable means the RBAC policy could not be fetched for a
	// local authorization check.
	ErrPolicyUnavailable = errors.New("stytch: RBAC policy could not be fetched")
)

// Claims are the verified contents of a session JWT.
type Claims struct {
	MemberSessionID       string
	MemberID              string
	OrganizationID        string
	OrganizationSlug      string
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
	// Verdict is set when an authorization check was requested and passed.
	Verdict *AuthorizationVerdict
	// Remote is set when the result came from a remote Authenticate (the
	// caller allowed it); its SessionJWT is a fresh JWT to hand back to the
	// browser.
	Remote *AuthenticateResponse
}

// MemberSession returns the claims as a MemberSession.
func (c *Claims) MemberSession() MemberSession {
	s, l, e := c.StartedAt, c.LastAccessedAt, c.ExpiresAt
	return MemberSession{
		MemberSessionID: c.MemberSessionID, MemberID: c.MemberID,
		OrganizationID: c.OrganizationID, OrganizationSlug: c.OrganizationSlug,
		StartedAt: &s, LastAccessedAt: &l, ExpiresAt: &e,
		AuthenticationFactors: c.AuthenticationFactors, Roles: c.Roles, CustomClaims: c.CustomClaims,
	}
}

// JWTOptions tune AuthenticateJWT and AuthenticateJWTLocal.
type JWTOptions struct {
	// MaxTokenAge, when positive, treats JWTs issued longer ago as too old
	// (ErrJWTTooOld). Zero leaves only the JWT's own 5-minute expiry.
	MaxTokenAge time.Duration
	// Leeway is the clock skew allowed on exp, nbf and MaxTokenAge
	// (default 5 seconds; negative means none).
	Leeway time.Duration
	// AuthorizationCheck, when set, is decided locally with the cached
	// project and organization RBAC policies.
	AuthorizationCheck *AuthorizationCheck
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
	// PolicyTTL is how long RBAC policies are cached (default 5 minutes).
	PolicyTTL time.Duration
	// CacheSize bounds the verified-JWT cache (default 4096; negative
	// disables it).
	CacheSize int
}

type localValidator struct {
	client   *Client
	policies *rbac.Client
	jwt      *sessionjwt.Validator[*Claims]

	once  sync.Once
	cfg   LocalConfig
	cfgMu sync.Mutex
	pol   *policyCache
}

func newLocalValidator(c *Client, policies *rbac.Client) *localValidator {
	return &localValidator{client: c, policies: policies, jwt: sessionjwt.New(c.c, "/v1/b2b/sessions/jwks/{project_id}",
		func() sessionjwt.Claims[*Claims] { return &jwtClaims{} })}
}

// Configure sets how local validation works. It has an effect only before
// the first local validation.
func (c *Client) Configure(cfg LocalConfig) {
	c.local.cfgMu.Lock()
	c.local.cfg = cfg
	c.local.cfgMu.Unlock()
	c.local.jwt.Configure(sessionjwt.Config{Now: cfg.Now, JWKSRefreshInterval: cfg.JWKSRefreshInterval, CacheSize: cfg.CacheSize})
}

func (l *localValidator) init() {
	l.once.Do(func() {
		l.cfgMu.Lock()
		cfg := l.cfg
		l.cfgMu.Unlock()
		if cfg.Now == nil {
			cfg.Now = time.Now
		}
		if cfg.PolicyTTL <= 0 {
			cfg.PolicyTTL = 5 * time.Minute
		}
		l.cfg = cfg
		l.pol = newPolicyCache(l.policies, cfg.PolicyTTL, cfg.Now)
	})
}

// jwtClaims is the payload of a session JWT.
type jwtClaims struct {
	jwt.RegisteredClaims
	Session struct {
		ID                    string                 `json:"id"`
		StartedAt             time.Time              `json:"started_at"`
		LastAccessedAt        time.Time              `json:"last_accessed_at"`
		ExpiresAt             time.Time              `json:"expires_at"`
		AuthenticationFactors []AuthenticationFactor `json:"authentication_factors"`
		Roles                 []string               `json:"roles"`
	} `json:"https://stytch.com/session"`
	Organization struct {
		OrganizationID string `json:"organization_id"`
		Slug           string `json:"slug"`
	} `json:"https://stytch.com/organization"`
	custom map[string]any
}

// UnmarshalJSON decodes the registered and Stytch claims, and keeps every
// other top-level claim as a custom claim.
func (c *jwtClaims) UnmarshalJSON(b []byte) error {
	custom, err := sessionjwt.SplitPayload(b, &c.RegisteredClaims, map[string]any{sessionClaim: &c.Session, organizationClaim: &c.Organization})
	c.custom = custom
	return err
}

// Registered returns the registered claims, for the claims cache.
func (c *jwtClaims) Registered() jwt.RegisteredClaims { return c.RegisteredClaims }

// Result returns the verified claims.
func (c *jwtClaims) Result() *Claims { return c.toClaims() }

// The Stytch claims of a session JWT.
const (
	sessionClaim      = "https://stytch.com/session"
	organizationClaim = "https://stytch.com/organization"
)

func (c *jwtClaims) toClaims() *Claims {
	out := &Claims{
		MemberSessionID:       c.Session.ID,
		MemberID:              c.Subject,
		OrganizationID:        c.Organization.OrganizationID,
		OrganizationSlug:      c.Organization.Slug,
		Roles:                 c.Session.Roles,
		AuthenticationFactors: c.Session.AuthenticationFactors,
		StartedAt:             c.Session.StartedAt,
		LastAccessedAt:        c.Session.LastAccessedAt,
		CustomClaims:          sessionjwt.CustomClaims(c.custom),
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
// expiry and opts.MaxTokenAge, then the authorization check if requested.
// It never calls sessions/authenticate, so a session revoked since the JWT
// was issued stays valid until the JWT expires. The returned Claims are
// shared with the cache: do not modify them.
func (c *Client) AuthenticateJWTLocal(ctx context.Context, sessionJWT string, opts *JWTOptions) (*Claims, error) {
	l := c.local
	l.init()
	claims, err := l.jwt.Validate(ctx, sessionJWT, opts.checks())
	if err != nil {
		return nil, err
	}
	if opts == nil || opts.AuthorizationCheck == nil {
		return claims, nil
	}
	verdict, err := l.authorize(ctx, claims, opts.AuthorizationCheck)
	if err != nil {
		return nil, err
	}
	out := *claims
	out.Verdict = verdict
	return &out, nil
}

// AuthenticateJWT validates a session JWT locally and, only when
// opts.AllowRemote is set and the JWT is genuine but expired or too old (or
// the JWKS cannot be fetched), authenticates it with the API instead, which
// also returns a fresh JWT (Claims.Remote). A forged or foreign JWT is
// rejected without any API call.
//
// reqOpts apply to the remote call only: the JWKS and RBAC policies that
// local validation reads are shared by all calls, so they are fetched with
// the client's settings.
func (c *Client) AuthenticateJWT(ctx context.Context, sessionJWT string, opts *JWTOptions, reqOpts ...stytchapi.RequestOption) (*Claims, error) {
	claims, err := c.AuthenticateJWTLocal(ctx, sessionJWT, opts)
	return sessionjwt.RemoteFallback(claims, err, opts != nil && opts.AllowRemote, func() (*Claims, error) {
		resp, err := c.Authenticate(ctx, &AuthenticateParams{SessionJWT: sessionJWT, AuthorizationCheck: opts.AuthorizationCheck}, reqOpts...)
		if err != nil {
			return nil, err
		}
		s := resp.MemberSession
		out := &Claims{
			MemberSessionID: s.MemberSessionID, MemberID: s.MemberID,
			OrganizationID: s.OrganizationID, OrganizationSlug: s.OrganizationSlug,
			Roles: s.Roles, AuthenticationFactors: s.AuthenticationFactors,
			CustomClaims: s.CustomClaims, Verdict: resp.Verdict, Remote: resp,
		}
		out.StartedAt, out.LastAccessedAt, out.ExpiresAt = sessionjwt.SessionTimes(s.StartedAt, s.LastAccessedAt, s.ExpiresAt)
		return out, nil
	})
}

// authorize decides an authorization check locally (the API's algorithm):
// the organization must be the session's, and some role must grant the
// action; the verdict names the first granting role.
func (l *localValidator) authorize(ctx context.Context, claims *Claims, ac *AuthorizationCheck) (*AuthorizationVerdict, error) {
	if ac.OrganizationID != claims.OrganizationID && ac.OrganizationID != claims.OrganizationSlug {
		return nil, fmt.Errorf("%w: %w", ErrPermissionDenied, &stytchapi.Error{StatusCode: http.StatusForbidden, ErrorType: "session_authorization_tenancy_error",
			ErrorMessage: "the session belongs to another organization"})
	}
	roles, err := l.pol.roles(ctx, claims.OrganizationID)
	if err != nil {
		return nil, err
	}
	for _, id := range claims.Roles {
		if roles.grants(id, ac.ResourceID, ac.Action) {
			return &AuthorizationVerdict{Authorized: true, GrantingRoles: []string{id}}, nil
		}
	}
	return nil, fmt.Errorf("%w: %w", ErrPermissionDenied, &stytchapi.Error{StatusCode: http.StatusForbidden, ErrorType: "session_authorization_error",
		ErrorMessage: fmt.Sprintf("no role of the session grants %q on %q", ac.Action, ac.ResourceID)})
}
