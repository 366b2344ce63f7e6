package sessionjwt

import (
	"errors"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/stytchkit/stytch-go/internal/jwtverify"
)

// What both verticals do around a validation: turning a verified payload
// into their Claims, and falling back to the API.

// TokenTimes returns a verified JWT's iat and exp (zero when absent), and
// the session's expiry sessionExpires, or exp when the session claim has
// none.
func TokenTimes(reg jwt.RegisteredClaims, sessionExpires time.Time) (issuedAt, tokenExpires, expires time.Time) {
	expires = sessionExpires
	if reg.IssuedAt != nil {
		issuedAt = reg.IssuedAt.Time
	}
	if reg.ExpiresAt != nil {
		tokenExpires = reg.ExpiresAt.Time
		if expires.IsZero() {
			expires = tokenExpires
		}
	}
	return issuedAt, tokenExpires, expires
}

// CustomClaims returns custom, or an empty map when it is nil, so that
// verified claims always carry a map.
func CustomClaims(custom map[string]any) map[string]any {
	if custom == nil {
		return map[string]any{}
	}
	return custom
}

// SessionTimes returns the start, last access and expiry of a session as
// the API answers them (nil times are zero).
func SessionTimes(started, lastAccessed, expires *time.Time) (time.Time, time.Time, time.Time) {
	deref := func(t *time.Time) time.Time {
		if t == nil {
			return time.Time{}
		}
		return *t
	}
	return deref(started), deref(lastAccessed), deref(expires)
}

// RemoteFallback returns a local validation's answer (claims, err), unless
// allowRemote is set and the JWT failed only because it is expired or too
// old, or the JWKS could not be fetched: then it returns remote's answer.
// A bad signature, audience, issuer or key never falls back.
func RemoteFallback[T any](claims T, err error, allowRemote bool, remote func() (T, error)) (T, error) {
	if err == nil || !allowRemote {
		return claims, err
	}
	if !errors.Is(err, jwtverify.ErrJWTExpired) && !errors.Is(err, jwtverify.ErrJWTTooOld) && !errors.Is(err, jwtverify.ErrJWKSUnavailable) {
		var zero T
		return zero, err
	}
	return remote()
}
