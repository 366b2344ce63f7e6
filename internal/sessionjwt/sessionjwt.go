// Package sessionjwt is the local validation of Stytch session JWTs shared by
// the B2B and consumer session clients: the lazily fetched JWKS (through
// jwtverify), the verified-claims cache, the time checks, and the splitting
// of a JWT payload into registered, Stytch and custom claims. Each vertical
// supplies its own claims type.
package sessionjwt

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/stytchkit/stytch-go/internal/jwtverify"
	"github.com/stytchkit/stytch-go/stytchapi"
)

// Config tunes a Validator.
type Config struct {
	// Now is the clock of local validation (default time.Now).
	Now func() time.Time
	// JWKSRefreshInterval is the least time between JWKS fetches caused by
	// an unknown key ID (default 5 minutes).
	JWKSRefreshInterval time.Duration
	// CacheSize bounds the verified-JWT cache (default 4096; negative
	// disables it).
	CacheSize int
}

// Checks are the caller's time options of one validation.
type Checks struct {
	// MaxTokenAge, when positive, treats JWTs issued longer ago as too old.
	MaxTokenAge time.Duration
	// Leeway is the clock skew allowed (default 5 seconds; negative means
	// none).
	Leeway time.Duration
}

// Claims is a vertical's decoded JWT payload: the registered claims and the
// verified result T it turns into.
type Claims[T any] interface {
	jwt.Claims
	Registered() jwt.RegisteredClaims
	Result() T
}

// Validator validates one project's session JWTs locally. It does no I/O
// until the first validation and is safe for concurrent use.
type Validator[T any] struct {
	core      *stytchapi.Client
	jwksPath  string
	newClaims func() Claims[T]

	cfgMu sync.Mutex
	cfg   Config

	once     sync.Once
	verifier *jwtverify.Verifier
	cache    *claimsCache[T]
}

// New returns a Validator that fetches the JWKS from jwksPath (a template
// with one {project_id} parameter) and decodes payloads into newClaims().
func New[T any](core *stytchapi.Client, jwksPath string, newClaims func() Claims[T]) *Validator[T] {
	return &Validator[T]{core: core, jwksPath: jwksPath, newClaims: newClaims}
}

// Configure sets how validation works. It has an effect only before the
// first validation.
func (v *Validator[T]) Configure(cfg Config) {
	v.cfgMu.Lock()
	v.cfg = cfg
	v.cfgMu.Unlock()
}

func (v *Validator[T]) init() {
	v.once.Do(func() {
		v.cfgMu.Lock()
		cfg := v.cfg
		v.cfgMu.Unlock()
		if cfg.Now == nil {
			cfg.Now = time.Now
		}
		if cfg.CacheSize == 0 {
			cfg.CacheSize = 4096
		}
		v.cfg = cfg
		core := v.core
		issuerBase := ""
		if base := core.BaseURL(); !strings.HasSuffix(base, "stytch.com") {
			issuerBase = base
		}
		v.verifier = jwtverify.New(jwtverify.Config{
			ProjectID:       core.ProjectID(),
			BaseURL:         issuerBase,
			RefreshInterval: cfg.JWKSRefreshInterval,
			Now:             cfg.Now,
			Fetch: func(ctx context.Context) ([]byte, error) {
				raw, err := stytchapi.Do[json.RawMessage](ctx, core, stytchapi.Request{
					Method: http.MethodGet, Path: v.jwksPath, PathParams: []string{core.ProjectID()},
				})
				if err != nil {
					return nil, err
				}
				return *raw, nil
			},
		})
		v.cache = newClaimsCache[T](cfg.CacheSize)
	})
}

// Now returns the time on the validator's clock.
func (v *Validator[T]) Now() time.Time {
	v.init()
	return v.cfg.Now()
}

func (c Checks) at(now time.Time) jwtverify.Checks {
	leeway := 5 * time.Second
	if c.Leeway != 0 {
		leeway = max(c.Leeway, 0)
	}
	return jwtverify.Checks{Now: now, Leeway: leeway, MaxAge: c.MaxTokenAge}
}

// Validate verifies token's signature (against the JWKS, fetched and cached
// on first use), issuer, audience and times, and returns its result. A JWT
// seen before is answered from the cache after its times are checked again.
// The result is shared with the cache: callers must not modify it.
func (v *Validator[T]) Validate(ctx context.Context, token string, c Checks) (T, error) {
	v.init()
	chk := c.at(v.cfg.Now())
	val, hit, err := v.cache.get(token, chk, v.verifier)
	if err != nil || hit {
		return val, err
	}
	claims := v.newClaims()
	kid, err := v.verifier.Verify(ctx, token, claims, chk)
	if err != nil {
		var zero T
		return zero, err
	}
	val = claims.Result()
	v.cache.put(token, &cacheEntry[T]{val: val, reg: claims.Registered(), kid: kid})
	return val, nil
}

// SplitPayload decodes a JWT payload: the registered claims into reg, each
// claim named in stytch into its destination, other claims of Stytch's
// namespace are skipped, and every remaining top-level claim is returned as
// a custom claim. Each claim is decoded once from its own bytes.
func SplitPayload(b []byte, reg *jwt.RegisteredClaims, stytch map[string]any) (map[string]any, error) {
	custom, err := jwtverify.DecodeClaims(b, reg, stytch)
	if err != nil {
		return nil, err
	}
	for k := range custom {
		if strings.HasPrefix(k, "https://stytch.com/") {
			delete(custom, k)
		}
	}
	if len(custom) == 0 {
		return nil, nil
	}
	return custom, nil
}
