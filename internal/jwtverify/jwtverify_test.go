package jwtverify

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"errors"
	"math/big"
	"sync/atomic"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

const project = "project-test-1"

func jwks(t *testing.T, kid string, k *rsa.PublicKey) []byte {
	t.Helper()
	b, _ := json.Marshal(map[string]any{"keys": []map[string]any{{
		"kty": "RSA", "use": "sig", "alg": "RS256", "kid": kid,
		"n": base64.RawURLEncoding.EncodeToString(k.N.Bytes()),
		"e": base64.RawURLEncoding.EncodeToString(big.NewInt(int64(k.E)).Bytes()),
	}}, "request_id": "r", "status_code": 200})
	return b
}

func sign(t *testing.T, k *rsa.PrivateKey, c jwt.MapClaims) string {
	t.Helper()
	tok := jwt.NewWithClaims(jwt.SigningMethodRS256, c)
	tok.Header["kid"] = "k1"
	s, err := tok.SignedString(k)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestClaimChecks(t *testing.T) {
	key, _ := rsa.GenerateKey(rand.Reader, 2048)
	now := time.Unix(1_700_000_000, 0)
	var fetches atomic.Int32
	v := New(Config{ProjectID: project, BaseURL: "https://login.example.com", Now: func() time.Time { return now },
		Fetch: func(context.Context) ([]byte, error) { fetches.Add(1); return jwks(t, "k1", &key.PublicKey), nil }})
	if fetches.Load() != 0 {
		t.Fatal("New fetched the JWKS")
	}
	base := func() jwt.MapClaims {
		return jwt.MapClaims{"iss": "stytch.com/" + project, "aud": []string{project}, "sub": "m", "iat": now.Unix(), "nbf": now.Unix(), "exp": now.Unix() + 300}
	}
	chk := Checks{Now: now, Leeway: 5 * time.Second}
	cases := []struct {
		name   string
		mutate func(jwt.MapClaims)
		chk    Checks
		want   error
	}{
		{"ok", func(jwt.MapClaims) {}, chk, nil},
		{"aud as string", func(c jwt.MapClaims) { c["aud"] = project }, chk, nil},
		{"custom-domain issuer", func(c jwt.MapClaims) { c["iss"] = "https://login.example.com" }, chk, nil},
		{"wrong audience", func(c jwt.MapClaims) { c["aud"] = []string{"project-test-2"} }, chk, ErrInvalidAudience},
		{"wrong issuer", func(c jwt.MapClaims) { c["iss"] = "stytch.com/project-test-2" }, chk, ErrInvalidIssuer},
		{"expired", func(c jwt.MapClaims) { c["exp"] = now.Unix() - 10 }, chk, ErrJWTExpired},
		{"expired within leeway", func(c jwt.MapClaims) { c["exp"] = now.Unix() - 2 }, chk, nil},
		{"not yet valid", func(c jwt.MapClaims) { c["nbf"] = now.Unix() + 60 }, chk, ErrNotYetValid},
		{"too old", func(c jwt.MapClaims) { c["iat"] = now.Unix() - 120 }, Checks{Now: now, MaxAge: time.Minute}, ErrJWTTooOld},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			claims := base()
			c.mutate(claims)
			_, err := v.Verify(context.Background(), sign(t, key, claims), &jwt.RegisteredClaims{}, c.chk)
			if c.want == nil && err != nil || c.want != nil && !errors.Is(err, c.want) {
				t.Fatalf("got %v, want %v", err, c.want)
			}
		})
	}
	if n := fetches.Load(); n != 1 {
		t.Fatalf("%d JWKS fetches, want 1", n)
	}
}

func TestJWKSUnavailable(t *testing.T) {
	key, _ := rsa.GenerateKey(rand.Reader, 2048)
	v := New(Config{ProjectID: project, Fetch: func(context.Context) ([]byte, error) { return nil, errors.New("down") }})
	claims := jwt.MapClaims{"iss": "stytch.com/" + project, "aud": project, "exp": time.Now().Unix() + 60}
	_, err := v.Verify(context.Background(), sign(t, key, claims), &jwt.RegisteredClaims{}, Checks{Now: time.Now()})
	if !errors.Is(err, ErrJWKSUnavailable) {
		t.Fatalf("got %v", err)
	}
}

// countingClaims counts how often its payload is decoded.
type countingClaims struct {
	jwt.RegisteredClaims
	decodes *int
}

func (c *countingClaims) UnmarshalJSON(b []byte) error {
	*c.decodes++
	return json.Unmarshal(b, &c.RegisteredClaims)
}

// A token signed by another key with a known key ID is rejected after one
// signature check: its payload is never decoded and the JWKS is not fetched
// again. A genuine token's payload is decoded once.
func TestForgedTokenIsNotDecoded(t *testing.T) {
	key, _ := rsa.GenerateKey(rand.Reader, 2048)
	other, _ := rsa.GenerateKey(rand.Reader, 2048)
	now := time.Unix(1_700_000_000, 0)
	var fetches atomic.Int32
	v := New(Config{ProjectID: project, Now: func() time.Time { return now },
		Fetch: func(context.Context) ([]byte, error) { fetches.Add(1); return jwks(t, "k1", &key.PublicKey), nil }})
	claims := jwt.MapClaims{"iss": "stytch.com/" + project, "aud": project, "exp": now.Unix() + 60}
	chk := Checks{Now: now}

	n := 0
	if _, err := v.Verify(context.Background(), sign(t, key, claims), &countingClaims{decodes: &n}, chk); err != nil || n != 1 {
		t.Fatalf("genuine token: err %v, %d decodes, want nil and 1", err, n)
	}
	n = 0
	for range 3 {
		_, err := v.Verify(context.Background(), sign(t, other, claims), &countingClaims{decodes: &n}, chk)
		if !errors.Is(err, ErrJWTInvalid) || !errors.Is(err, jwt.ErrTokenSignatureInvalid) {
			t.Fatalf("forged token: got %v, want a signature error", err)
		}
	}
	if n != 0 {
		t.Errorf("a forged token's payload was decoded %d times", n)
	}
	if f := fetches.Load(); f != 1 {
		t.Errorf("%d JWKS fetches, want 1", f)
	}
}
