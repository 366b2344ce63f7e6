// Package jwtverify validates Stytch-issued RS256 JWTs locally: it fetches
// the project's JWKS lazily (never in a constructor), refreshes it on an
// unknown key ID at a bounded rate, verifies signatures with golang-jwt
// restricted to RS256, and checks iss, aud, exp, nbf and an optional maximum
// token age. It starts no goroutine, so there is nothing to close. B2B
// session JWTs and M2M access tokens share it.
package jwtverify

import (
	"context"
	"crypto/rsa"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/MicahParks/keyfunc/v3"
	"github.com/golang-jwt/jwt/v5"
)

// Sentinel errors, usable with errors.Is. ErrUnknownKey, ErrInvalidAudience,
// ErrInvalidIssuer and ErrNotYetValid also match ErrJWTInvalid.
var (
	ErrJWTInvalid      = errors.New("stytch: JWT is invalid")
	ErrJWTExpired      = errors.New("stytch: JWT has expired")
	ErrJWTTooOld       = errors.New("stytch: JWT is older than the allowed maximum age")
	ErrJWKSUnavailable = errors.New("stytch: JWKS could not be fetched")
	ErrUnknownKey      = errors.New("stytch: JWT is signed with a key that is not in the JWKS")
	ErrInvalidAudience = errors.New("stytch: JWT audience does not contain the project ID")
	ErrInvalidIssuer   = errors.New("stytch: JWT issuer is not the project's")
	ErrNotYetValid     = errors.New("stytch: JWT is not valid yet")
)

// invalid wraps a more specific reason so that it matches ErrJWTInvalid too.
func invalid(reason error) error { return fmt.Errorf("%w: %w", ErrJWTInvalid, reason) }

// FetchFunc returns the raw JSON of the JWKS ({"keys": [...] , ...}).
type FetchFunc func(ctx context.Context) ([]byte, error)

// Config configures a Verifier.
type Config struct {
	// ProjectID is the expected audience and names the expected issuer
	// "stytch.com/<project id>".
	ProjectID string
	// BaseURL is also accepted as issuer (custom domains); empty disables.
	BaseURL string
	// ExtraIssuers are also accepted as issuers (an authorization
	// server's issuer URL).
	ExtraIssuers []string
	// Fetch fetches the JWKS.
	Fetch FetchFunc
	// RefreshInterval is the least time between two fetches caused by an
	// unknown key ID (default 5 minutes). The first fetch is never limited.
	RefreshInterval time.Duration
	// MaxAge is how long a fetched JWKS is used before it is fetched again
	// on the next validation (default 1 hour). A failed refetch keeps the
	// old keys.
	MaxAge time.Duration
	// Now is the clock for JWKS refresh decisions (default time.Now).
	Now func() time.Time
}

// keySet is an immutable snapshot of the JWKS.
type keySet struct {
	keys    map[string]*rsa.PublicKey
	fetched time.Time
}

// Verifier validates JWTs. It is safe for concurrent use.
type Verifier struct {
	cfg    Config
	parser *jwt.Parser
	set    atomic.Pointer[keySet]

	mu          sync.Mutex // serializes fetches (single flight)
	lastAttempt time.Time
}

// New returns a Verifier. It does no I/O.
func New(cfg Config) *Verifier {
	if cfg.RefreshInterval <= 0 {
		cfg.RefreshInterval = 5 * time.Minute
	}
	if cfg.MaxAge <= 0 {
		cfg.MaxAge = time.Hour
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Verifier{
		cfg: cfg,
		// Claims are validated by Verify itself, against its own clock and
		// leeway; the parser only decodes and checks the RS256 signature.
		parser: jwt.NewParser(jwt.WithValidMethods([]string{jwt.SigningMethodRS256.Alg()}), jwt.WithoutClaimsValidation()),
	}
}

// HasKey reports whether kid is in the current JWKS snapshot, without I/O.
func (v *Verifier) HasKey(kid string) bool {
	s := v.set.Load()
	return s != nil && s.keys[kid] != nil
}

// refresh fetches the JWKS unless another caller did meanwhile. force
// ignores the age of the snapshot (unknown key ID) but still honours
// RefreshInterval. It returns the snapshot to use.
func (v *Verifier) refresh(ctx context.Context, seen *keySet, force bool) (*keySet, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	cur := v.set.Load()
	if cur != seen && cur != nil {
		return cur, nil // someone else refreshed while we waited
	}
	now := v.cfg.Now()
	if cur != nil && !v.lastAttempt.IsZero() && now.Sub(v.lastAttempt) < v.cfg.RefreshInterval {
		return cur, nil // rate limited
	}
	if cur != nil && !force && now.Sub(cur.fetched) < v.cfg.MaxAge {
		return cur, nil
	}
	v.lastAttempt = now
	raw, err := v.cfg.Fetch(ctx)
	if err != nil {
		if cur != nil {
			return cur, nil
		}
		return nil, fmt.Errorf("%w: %w", ErrJWKSUnavailable, err)
	}
	keys, err := parseJWKS(raw)
	if err != nil {
		if cur != nil {
			return cur, nil
		}
		return nil, fmt.Errorf("%w: %w", ErrJWKSUnavailable, err)
	}
	next := &keySet{keys: keys, fetched: now}
	v.set.Store(next)
	return next, nil
}

// parseJWKS reads the RS256 signing keys of a JWKS with keyfunc/jwkset,
// which validate each key (and its x5c certificate when present).
func parseJWKS(raw []byte) (map[string]*rsa.PublicKey, error) {
	var probe struct {
		Keys []json.RawMessage `json:"keys"`
	}
	if err := json.Unmarshal(raw, &probe); err != nil {
		return nil, fmt.Errorf("decoding JWKS: %w", err)
	}
	// Pass only the key set to keyfunc (the API adds request_id etc.).
	set, _ := json.Marshal(map[string]any{"keys": probe.Keys})
	kf, err := keyfunc.NewJWKSetJSON(set)
	if err != nil {
		return nil, err
	}
	all, err := kf.Storage().KeyReadAll(context.Background())
	if err != nil {
		return nil, err
	}
	keys := make(map[string]*rsa.PublicKey, len(all))
	for _, k := range all {
		m := k.Marshal()
		if m.KID == "" || (m.ALG.String() != "" && m.ALG.String() != "RS256") {
			continue
		}
		if pub, ok := k.Key().(*rsa.PublicKey); ok {
			keys[m.KID] = pub
		} else if priv, ok := k.Key().(*rsa.PrivateKey); ok {
			keys[m.KID] = &priv.PublicKey
		}
	}
	if len(keys) == 0 {
		return nil, errors.New("the JWKS holds no RS256 key")
	}
	return keys, nil
}

// keyFor returns the key for kid, fetching the JWKS on first use, when it
// is stale, or (rate limited) when kid is unknown.
func (v *Verifier) keyFor(ctx context.Context, kid string) (*rsa.PublicKey, error) {
	s := v.set.Load()
	var err error
	if s == nil || v.cfg.Now().Sub(s.fetched) >= v.cfg.MaxAge {
		if s, err = v.refresh(ctx, s, false); err != nil {
			return nil, err
		}
	}
	if k := s.keys[kid]; k != nil {
		return k, nil
	}
	if s, err = v.refresh(ctx, s, true); err != nil {
		return nil, err
	}
	if k := s.keys[kid]; k != nil {
		return k, nil
	}
	return nil, invalid(ErrUnknownKey)
}

// Checks are the time checks of one validation.
type Checks struct {
	Now    time.Time
	Leeway time.Duration
	// MaxAge, when positive, rejects tokens issued more than MaxAge ago
	// with ErrJWTTooOld.
	MaxAge time.Duration
}

// Verify verifies the RS256 signature of token once and only then decodes
// its payload into claims, and checks issuer, audience and times. It returns
// the key ID that signed it. A forged or wrongly signed token costs a header
// decode, a scan of the payload and one signature check, and fetches the
// JWKS only when its key ID is unknown.
func (v *Verifier) Verify(ctx context.Context, token string, claims jwt.Claims, c Checks) (kid string, err error) {
	var (
		keyErr  error
		payload deferredClaims
	)
	// golang-jwt checks the token's shape, header, algorithm and signature
	// exactly as before; deferredClaims only keeps the payload's bytes.
	_, err = v.parser.ParseWithClaims(token, &payload, func(t *jwt.Token) (any, error) {
		kid, _ = t.Header["kid"].(string)
		if kid == "" {
			keyErr = invalid(ErrUnknownKey)
			return nil, keyErr
		}
		k, err := v.keyFor(ctx, kid)
		keyErr = err
		if err != nil {
			return nil, err
		}
		return k, nil
	})
	if err != nil {
		if keyErr != nil {
			return "", keyErr
		}
		return "", fmt.Errorf("%w: %w", ErrJWTInvalid, err)
	}
	if err := payload.decodeInto(claims); err != nil {
		return "", fmt.Errorf("%w: %w: could not JSON decode claim: %w", ErrJWTInvalid, jwt.ErrTokenMalformed, err)
	}
	if err := v.CheckClaims(claims, c); err != nil {
		return "", err
	}
	return kid, nil
}

// deferredClaims stands in for the caller's claims while golang-jwt parses
// and verifies a token: encoding/json validates the payload and hands its
// bytes to UnmarshalJSON, which keeps them, so that the caller's claims
// are decoded only once the signature is known to be good. Its jwt.Claims
// methods report no claims; Verify's parser does not validate claims.
type deferredClaims struct{ raw []byte }

// UnmarshalJSON keeps b: golang-jwt decodes every payload into a new slice,
// so b is not reused.
func (d *deferredClaims) UnmarshalJSON(b []byte) error {
	d.raw = b
	return nil
}

// decodeInto decodes the kept payload into claims as golang-jwt would have:
// with encoding/json, whose validity scan the payload has already passed,
// so a json.Unmarshaler receives the bytes directly.
func (d *deferredClaims) decodeInto(claims jwt.Claims) error {
	if u, ok := claims.(json.Unmarshaler); ok {
		return u.UnmarshalJSON(d.raw)
	}
	return json.Unmarshal(d.raw, claims)
}

// GetExpirationTime implements jwt.Claims; see deferredClaims.
func (*deferredClaims) GetExpirationTime() (*jwt.NumericDate, error) { return nil, nil }

// GetIssuedAt implements jwt.Claims; see deferredClaims.
func (*deferredClaims) GetIssuedAt() (*jwt.NumericDate, error) { return nil, nil }

// GetNotBefore implements jwt.Claims; see deferredClaims.
func (*deferredClaims) GetNotBefore() (*jwt.NumericDate, error) { return nil, nil }

// GetIssuer implements jwt.Claims; see deferredClaims.
func (*deferredClaims) GetIssuer() (string, error) { return "", nil }

// GetSubject implements jwt.Claims; see deferredClaims.
func (*deferredClaims) GetSubject() (string, error) { return "", nil }

// GetAudience implements jwt.Claims; see deferredClaims.
func (*deferredClaims) GetAudience() (jwt.ClaimStrings, error) { return nil, nil }

// CheckClaims checks the issuer, audience and times of verified claims.
func (v *Verifier) CheckClaims(claims jwt.Claims, c Checks) error {
	iss, _ := claims.GetIssuer()
	if iss != "stytch.com/"+v.cfg.ProjectID && (v.cfg.BaseURL == "" || iss != v.cfg.BaseURL) && !slices.Contains(v.cfg.ExtraIssuers, iss) {
		return invalid(ErrInvalidIssuer)
	}
	aud, _ := claims.GetAudience()
	if !slices.Contains(aud, v.cfg.ProjectID) {
		return invalid(ErrInvalidAudience)
	}
	return CheckTimes(claims, c)
}

// CheckTimes checks exp, nbf and the maximum age of already verified claims.
func CheckTimes(claims jwt.Claims, c Checks) error {
	exp, _ := claims.GetExpirationTime()
	if exp == nil {
		return invalid(errors.New("the JWT has no exp claim"))
	}
	if !c.Now.Before(exp.Add(c.Leeway)) {
		return ErrJWTExpired
	}
	if nbf, _ := claims.GetNotBefore(); nbf != nil && c.Now.Add(c.Leeway).Before(nbf.Time) {
		return invalid(ErrNotYetValid)
	}
	if c.MaxAge > 0 {
		iat, _ := claims.GetIssuedAt()
		if iat == nil || c.Now.After(iat.Add(c.MaxAge+c.Leeway)) {
			return ErrJWTTooOld
		}
	}
	return nil
}
