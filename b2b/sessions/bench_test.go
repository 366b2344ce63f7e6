package sessions_test

import (
	"encoding/json"
	"testing"

	"github.com/MicahParks/keyfunc/v3"
	"github.com/golang-jwt/jwt/v5"

	"github.com/stytchkit/stytch-go/b2b/sessions"
	"github.com/stytchkit/stytch-go/mockserver"
)

// BenchmarkLocalValidation compares, in one run, a raw golang-jwt RS256
// verification with the SDK's local validation of a fresh token (cache
// disabled), of a repeated token (cache hit), with an RBAC check, and of a
// forged token.
func BenchmarkLocalValidation(b *testing.B) {
	f := setup(b)
	s := f.login(b, f.member)
	raw, err := f.ts.Client.Sessions.GetJWKS(ctx, nil)
	if err != nil {
		b.Fatal(err)
	}
	set := []byte(`{"keys":[`)
	for i, k := range raw.Keys {
		if i > 0 {
			set = append(set, ',')
		}
		kb, _ := jsonMarshal(k)
		set = append(set, kb...)
	}
	set = append(set, "]}"...)
	kf, err := keyfunc.NewJWKSetJSON(set)
	if err != nil {
		b.Fatal(err)
	}
	nocache := f.ts.NewClient(b, mockserver.Credentials{ProjectID: f.ts.ProjectID, Secret: f.ts.Secret})
	nocache.Sessions.Configure(sessions.LocalConfig{Now: f.ts.Clock().Now, CacheSize: -1})
	if _, err := nocache.Sessions.AuthenticateJWTLocal(ctx, s.SessionJWT, nil); err != nil {
		b.Fatal(err)
	}
	check := &sessions.JWTOptions{AuthorizationCheck: &sessions.AuthorizationCheck{OrganizationID: f.org.OrganizationID, ResourceID: "stytch.self", Action: "delete"}}
	if _, err := f.ts.Client.Sessions.AuthenticateJWTLocal(ctx, s.SessionJWT, check); err != nil {
		b.Fatal(err)
	}
	// Corrupt the signature with another valid base64url character, so that
	// the token is well formed and fails only its signature check.
	parts := []byte(s.SessionJWT)
	if i := len(parts) - 5; parts[i] == 'A' {
		parts[i] = 'B'
	} else {
		parts[i] = 'A'
	}
	forged := string(parts)

	b.Run("raw-golang-jwt-RS256", func(b *testing.B) {
		p := jwt.NewParser(jwt.WithValidMethods([]string{"RS256"}), jwt.WithoutClaimsValidation())
		for b.Loop() {
			if _, err := p.Parse(s.SessionJWT, kf.Keyfunc); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("sdk-fresh-token", func(b *testing.B) {
		for b.Loop() {
			if _, err := nocache.Sessions.AuthenticateJWTLocal(ctx, s.SessionJWT, nil); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("sdk-repeated-token", func(b *testing.B) {
		for b.Loop() {
			if _, err := f.ts.Client.Sessions.AuthenticateJWTLocal(ctx, s.SessionJWT, nil); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("sdk-repeated-token-rbac", func(b *testing.B) {
		for b.Loop() {
			if _, err := f.ts.Client.Sessions.AuthenticateJWTLocal(ctx, s.SessionJWT, check); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("sdk-forged-token", func(b *testing.B) {
		for b.Loop() {
			if _, err := f.ts.Client.Sessions.AuthenticateJWT(ctx, forged, &sessions.JWTOptions{AllowRemote: true}); err == nil {
				b.Fatal("forged token accepted")
			}
		}
	})
}

func jsonMarshal(v any) ([]byte, error) { return json.Marshal(v) }
