package sessionjwt

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/stytchkit/stytch-go/internal/jwtverify"
)

func TestRemoteFallback(t *testing.T) {
	local, remote := "local", "remote"
	calls := 0
	call := func() (*string, error) { calls++; return &remote, nil }
	for _, tc := range []struct {
		name   string
		err    error
		allow  bool
		want   *string
		called bool
	}{
		{"valid", nil, true, &local, false},
		{"expired, not allowed", jwtverify.ErrJWTExpired, false, &local, false},
		{"expired", fmt.Errorf("wrapped: %w", jwtverify.ErrJWTExpired), true, &remote, true},
		{"too old", jwtverify.ErrJWTTooOld, true, &remote, true},
		{"no JWKS", jwtverify.ErrJWKSUnavailable, true, &remote, true},
		{"forged", jwtverify.ErrJWTInvalid, true, nil, false},
		{"unknown key", jwtverify.ErrUnknownKey, true, nil, false},
	} {
		calls = 0
		in := &local
		if tc.err != nil && tc.allow {
			in = nil // a failed local validation has no claims
		}
		if tc.err != nil && !tc.allow {
			in = &local
		}
		got, err := RemoteFallback(in, tc.err, tc.allow, call)
		if got != tc.want || (calls == 1) != tc.called {
			t.Errorf("%s: got %v (remote called %d times)", tc.name, got, calls)
		}
		if tc.called && err != nil || !tc.called && !errors.Is(err, tc.err) && !(tc.err == nil && err == nil) {
			t.Errorf("%s: err %v", tc.name, err)
		}
	}
}

func TestTokenTimes(t *testing.T) {
	iat, exp, sess := time.Unix(1000, 0), time.Unix(1300, 0), time.Unix(5000, 0)
	reg := jwt.RegisteredClaims{IssuedAt: jwt.NewNumericDate(iat), ExpiresAt: jwt.NewNumericDate(exp)}
	if i, e, s := TokenTimes(reg, sess); !i.Equal(iat) || !e.Equal(exp) || !s.Equal(sess) {
		t.Fatalf("times %v %v %v", i, e, s)
	}
	if _, _, s := TokenTimes(reg, time.Time{}); !s.Equal(exp) {
		t.Fatalf("a session without expiry expires with the JWT, got %v", s)
	}
	if i, e, s := TokenTimes(jwt.RegisteredClaims{}, time.Time{}); !i.IsZero() || !e.IsZero() || !s.IsZero() {
		t.Fatal("absent claims are not zero")
	}
	if CustomClaims(nil) == nil {
		t.Fatal("CustomClaims(nil) is nil")
	}
	if a, b, c := SessionTimes(&iat, nil, &exp); !a.Equal(iat) || !b.IsZero() || !c.Equal(exp) {
		t.Fatal("SessionTimes")
	}
}
