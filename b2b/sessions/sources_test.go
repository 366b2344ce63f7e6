package sessions_test

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"github.com/golang-jwt/jwt/v5"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stytchkit/stytch-go/b2b"
	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/b2b/sessions"
	"github.com/stytchkit/stytch-go/internal/apitest"
	"github.com/stytchkit/stytch-go/mockserver"
	"github.com/stytchkit/stytch-go/stytchapi"
)

// publicPEM encodes a public key as a PKIX PEM block.
func publicPEM(t *testing.T, k crypto.PublicKey) string {
	t.Helper()
	der, err := x509.MarshalPKIXPublicKey(k)
	if err != nil {
		t.Fatal(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}))
}

// signToken signs claims with key, defaulting iss, aud and exp.
func signToken(t *testing.T, f *fixture, method jwt.SigningMethod, key crypto.Signer, claims jwt.MapClaims) string {
	t.Helper()
	now := f.ts.Clock().Now()
	all := jwt.MapClaims{"iss": "https://idp.example", "aud": "stytch-app", "iat": now.Unix(), "exp": now.Add(5 * time.Minute).Unix()}
	for k, v := range claims {
		if v == nil {
			delete(all, k)
			continue
		}
		all[k] = v
	}
	s, err := jwt.NewWithClaims(method, all).SignedString(key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// adminPut calls an admin route of the fixture's project directly.
func adminPut(t *testing.T, ts *mockserver.TestServer, path, body string) int {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPut, ts.URL+path, strings.NewReader(body))
	req.SetBasicAuth(ts.ProjectID, ts.Secret)
	resp, err := ts.HTTP.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func factorTypes(ms sessions.MemberSession) []string {
	var out []string
	for _, f := range ms.AuthenticationFactors {
		out = append(out, f.Type)
	}
	return out
}

type trustedKeys struct {
	rsa *rsa.PrivateKey
	ec  *ecdsa.PrivateKey
}

func setupTrusted(t *testing.T, f *fixture) trustedKeys {
	t.Helper()
	rk, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	ek, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	f.ts.SetTrustedAuthTokenProfiles(t,
		mockserver.TrustedAuthTokenProfile{ProfileID: "idp-rsa", Issuer: "https://idp.example", Audience: "stytch-app", PublicKeyPEM: publicPEM(t, &rk.PublicKey),
			AttributeMapping: mockserver.TrustedAttributeMapping{EmailAddress: "mail", TokenID: "tid"}},
		mockserver.TrustedAuthTokenProfile{ProfileID: "idp-ec", Issuer: "https://idp.example", Audience: "stytch-app", PublicKeyPEM: publicPEM(t, &ek.PublicKey),
			AttributeMapping: mockserver.TrustedAttributeMapping{EmailAddress: "email"}},
	)
	return trustedKeys{rk, ek}
}

func TestAttest(t *testing.T) {
	f := setup(t)
	sc := f.ts.Client.Sessions
	k := setupTrusted(t, f)

	// RS256: a new session for the member the email claim names.
	tok := signToken(t, f, jwt.SigningMethodRS256, k.rsa, jwt.MapClaims{"mail": f.member.EmailAddress, "tid": "tok-1"})
	r, err := sc.Attest(ctx, &sessions.AttestParams{ProfileID: "idp-rsa", Token: tok, OrganizationID: f.org.OrganizationID, SessionDurationMinutes: 30})
	if err != nil {
		t.Fatal(err)
	}
	fs := r.MemberSession.AuthenticationFactors
	if r.MemberID != f.member.MemberID || len(fs) != 1 || fs[0].Type != "trusted_auth_token" || fs[0].DeliveryMethod != "trusted_token_exchange" ||
		fs[0].TrustedAuthTokenFactor == nil || fs[0].TrustedAuthTokenFactor.TokenID != "tok-1" {
		t.Fatalf("attest: %+v", r)
	}
	if got := r.MemberSession.ExpiresAt.Sub(*r.MemberSession.StartedAt); got != 30*time.Minute {
		t.Fatalf("session length %v", got)
	}
	if _, err := sc.Authenticate(ctx, &sessions.AuthenticateParams{SessionToken: r.SessionToken}); err != nil {
		t.Fatal(err)
	}

	// ES256 with a session of the same member: the factor joins that session.
	s := f.login(t, f.member)
	tok = signToken(t, f, jwt.SigningMethodES256, k.ec, jwt.MapClaims{"email": strings.ToUpper(f.member.EmailAddress), "jti": "j-2"})
	r, err = sc.Attest(ctx, &sessions.AttestParams{ProfileID: "idp-ec", Token: tok, SessionToken: s.SessionToken})
	if err != nil {
		t.Fatal(err)
	}
	if r.MemberSession.MemberSessionID != s.MemberSession.MemberSessionID || strings.Join(factorTypes(r.MemberSession), ",") != "magic_link,trusted_auth_token" {
		t.Fatalf("attest onto a session: %+v", r.MemberSession)
	}

	// Errors.
	attest := func(profile, token string, orgID string) error {
		_, err := sc.Attest(ctx, &sessions.AttestParams{ProfileID: profile, Token: token, OrganizationID: orgID})
		return err
	}
	good := jwt.MapClaims{"mail": f.member.EmailAddress}
	apitest.WantError(t, attest("nope", signToken(t, f, jwt.SigningMethodRS256, k.rsa, good), f.org.OrganizationID), 404, "trusted_token_profile_not_found")
	other, _ := rsa.GenerateKey(rand.Reader, 2048)
	for name, bad := range map[string]string{
		"wrong key":     signToken(t, f, jwt.SigningMethodRS256, other, good),
		"wrong alg":     signToken(t, f, jwt.SigningMethodES256, k.ec, good),
		"wrong aud":     signToken(t, f, jwt.SigningMethodRS256, k.rsa, jwt.MapClaims{"mail": f.member.EmailAddress, "aud": "someone-else"}),
		"wrong iss":     signToken(t, f, jwt.SigningMethodRS256, k.rsa, jwt.MapClaims{"mail": f.member.EmailAddress, "iss": "https://evil.example"}),
		"no exp":        signToken(t, f, jwt.SigningMethodRS256, k.rsa, jwt.MapClaims{"mail": f.member.EmailAddress, "exp": nil}),
		"not yet valid": signToken(t, f, jwt.SigningMethodRS256, k.rsa, jwt.MapClaims{"mail": f.member.EmailAddress, "nbf": f.ts.Clock().Now().Add(time.Hour).Unix()}),
		"no email":      signToken(t, f, jwt.SigningMethodRS256, k.rsa, jwt.MapClaims{"email": f.member.EmailAddress}),
		"garbage":       "not.a.jwt",
	} {
		if e := apitest.WantError(t, attest("idp-rsa", bad, f.org.OrganizationID), 400, "invalid_trusted_auth_token"); e == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	expiring := signToken(t, f, jwt.SigningMethodRS256, k.rsa, good)
	f.ts.Clock().Advance(6 * time.Minute)
	apitest.WantError(t, attest("idp-rsa", expiring, f.org.OrganizationID), 400, "invalid_trusted_auth_token")
	apitest.WantError(t, attest("idp-rsa", signToken(t, f, jwt.SigningMethodRS256, k.rsa, jwt.MapClaims{"mail": "nobody@acme.example"}), f.org.OrganizationID), 404, "member_not_found")
	apitest.WantError(t, attest("idp-rsa", signToken(t, f, jwt.SigningMethodRS256, k.rsa, good), ""), 400, "invalid_organization_id")

	// The admin route validates profiles.
	for _, body := range []string{
		`{"profiles":[{"profile_id":"x","issuer":"i","audience":"a","public_key_pem":"nope","attribute_mapping":{"email_address":"email"}}]}`,
		`{"profiles":[{"profile_id":"x","issuer":"i","audience":"a","public_key_pem":` + jsonString(publicPEM(t, &k.rsa.PublicKey)) + `,"attribute_mapping":{}}]}`,
		`{"profiles":[{"profile_id":"","issuer":"i","audience":"a"}]}`,
		`{}`,
	} {
		if got := adminPut(t, f.ts, "/mock/trusted_auth_token_profiles", body); got != http.StatusBadRequest {
			t.Errorf("PUT %s = %d", body, got)
		}
	}
}

func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// userinfo serves a UserInfo endpoint on loopback: "good" names email,
// "unknown" an address with no member, "bad" is refused, anything else fails.
func userinfo(t *testing.T, email string) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.Header.Get("Authorization") {
		case "Bearer good":
			_ = json.NewEncoder(w).Encode(map[string]any{"sub": "auth0|1", "email": email})
		case "Bearer unknown":
			_ = json.NewEncoder(w).Encode(map[string]any{"sub": "auth0|2", "email": "nobody@acme.example"})
		case "Bearer bad":
			http.Error(w, "invalid token", http.StatusUnauthorized)
		case "Bearer noemail":
			_, _ = w.Write([]byte(`{"sub":"auth0|3"}`))
		default:
			http.Error(w, "boom", http.StatusInternalServerError)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestMigrate(t *testing.T) {
	f := setup(t)
	c := f.ts.Client
	pending, err := c.Organizations.Members.Create(ctx, &organizations.MembersCreateParams{OrganizationID: f.org.OrganizationID, EmailAddress: "pat@acme.example", CreateMemberAsPending: true})
	if err != nil {
		t.Fatal(err)
	}
	migrate := func(token string) (*sessions.MigrateResponse, error) {
		return c.Sessions.Migrate(ctx, &sessions.MigrateParams{SessionToken: token, OrganizationID: f.org.OrganizationID, SessionCustomClaims: map[string]any{"from": "auth0"}})
	}
	_, err = migrate("good")
	apitest.WantError(t, err, 400, "invalid_userinfo_url")

	f.ts.SetSessionMigration(t, userinfo(t, "PAT@acme.example").URL+"/userinfo")
	r, err := migrate("good")
	if err != nil {
		t.Fatal(err)
	}
	fs := r.MemberSession.AuthenticationFactors
	if r.MemberID != pending.Member.MemberID || len(fs) != 1 || fs[0].Type != "imported" || fs[0].DeliveryMethod != "imported_auth0" ||
		r.Member.Status != organizations.StatusActive || r.MemberSession.CustomClaims["from"] != "auth0" {
		t.Fatalf("migrate: %+v", r)
	}
	if _, err := c.Sessions.Authenticate(ctx, &sessions.AuthenticateParams{SessionJWT: r.SessionJWT}); err != nil {
		t.Fatal(err)
	}
	_, err = migrate("unknown")
	apitest.WantError(t, err, 404, "migrate_from_external_email_does_not_exist")
	_, err = migrate("bad")
	apitest.WantError(t, err, 400, "migrate_from_external_unexpected_response")
	_, err = migrate("noemail")
	apitest.WantError(t, err, 400, "migrate_from_external_unexpected_response")
	_, err = migrate("fails")
	apitest.WantError(t, err, 400, "migrate_from_external_unexpected_response")

	if got := adminPut(t, f.ts, "/mock/session_migration", `{"userinfo_url":"ftp://x"}`); got != http.StatusBadRequest {
		t.Fatalf("bad userinfo_url accepted: %d", got)
	}
}

// TestSessionSourcesSurviveExport: profiles and the UserInfo URL are in
// the snapshot and work after an import.
func TestSessionSourcesSurviveExport(t *testing.T) {
	f := setup(t)
	k := setupTrusted(t, f)
	f.ts.SetSessionMigration(t, userinfo(t, f.member.EmailAddress).URL)
	snap, err := f.ts.Export(f.ts.ProjectID)
	if err != nil {
		t.Fatal(err)
	}
	srv := mockserver.New(mockserver.Options{})
	if err := srv.Import(f.ts.ProjectID, snap); err != nil {
		t.Fatal(err)
	}
	again, _ := srv.Export(f.ts.ProjectID)
	if string(again) != string(snap) {
		t.Fatalf("export after import differs")
	}
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	c, err := b2b.NewClient(f.ts.ProjectID, f.ts.Secret, stytchapi.WithBaseURL(hs.URL), stytchapi.WithRetries(0))
	if err != nil {
		t.Fatal(err)
	}
	tok := signToken(t, f, jwt.SigningMethodES256, k.ec, jwt.MapClaims{"email": f.member.EmailAddress})
	if _, err := c.Sessions.Attest(ctx, &sessions.AttestParams{ProfileID: "idp-ec", Token: tok, OrganizationID: f.org.OrganizationID}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Sessions.Migrate(ctx, &sessions.MigrateParams{SessionToken: "good", OrganizationID: f.org.OrganizationID}); err != nil {
		t.Fatal(err)
	}
}
