package engine

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"net/http"
	"testing"
	"time"

	"github.com/stytchkit/stytch-go/mockserver/internal/flows"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
	"github.com/stytchkit/stytch-go/mockserver/internal/store"
)

// FuzzSessionSources checks that any session_sources section either loads
// into profiles that save and load again unchanged, or fails cleanly.
func FuzzSessionSources(f *testing.F) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		f.Fatal(err)
	}
	der, _ := x509.MarshalPKIXPublicKey(&key.PublicKey)
	pemKey, _ := json.Marshal(string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der})))
	for _, s := range []string{
		`{"trusted_auth_token_profiles":[{"profile_id":"p","issuer":"i","audience":"a","public_key_pem":` + string(pemKey) + `,"attribute_mapping":{"email_address":"email"}}],"userinfo_url":"http://127.0.0.1:1/u"}`,
		`{"trusted_auth_token_profiles":[]}`, `{"userinfo_url":"ftp://x"}`, `{}`, `[]`, `{`, `{"trusted_auth_token_profiles":[{"public_key_pem":"-----BEGIN PUBLIC KEY-----\nAA==\n-----END PUBLIC KEY-----"}]}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		p := state.NewProject("project-test-fuzz", "test", "secret")
		if err := store.LoadSessionSources(p, raw); err != nil {
			return
		}
		out, err := store.SaveSessionSources(p, store.SnapshotOptions{})
		if err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(out)
		q := state.NewProject("project-test-fuzz", "test", "secret")
		if err := store.LoadSessionSources(q, b); err != nil {
			t.Fatalf("saved section %s does not load again: %v", b, err)
		}
	})
}

// FuzzTrustedToken checks that no token string panics the verifier or
// yields anything but a 401 when it is not validly signed.
func FuzzTrustedToken(f *testing.F) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		f.Fatal(err)
	}
	prof := &state.TrustedProfile{TrustedAuthTokenProfile: state.TrustedAuthTokenProfile{ProfileID: "p", Issuer: "i", Audience: "a",
		AttributeMapping: state.TrustedAttributeMapping{EmailAddress: "email", TokenID: "jti"}}, Key: &key.PublicKey, Alg: "ES256"}
	for _, s := range []string{"", "a.b.c", "eyJhbGciOiJub25lIn0.eyJlbWFpbCI6ImFAYi5jIn0.", "eyJhbGciOiJFUzI1NiJ9.e30.AAAA"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, tok string) {
		_, _, aerr := flows.VerifyTrustedToken(prof, tok, time.Unix(1700000000, 0))
		if aerr == nil || aerr.Status != http.StatusBadRequest || aerr.Type != "invalid_trusted_auth_token" {
			t.Fatalf("token %q: %v", tok, aerr)
		}
	})
}
