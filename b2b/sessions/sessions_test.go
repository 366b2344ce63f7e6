package sessions_test

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"errors"
	"github.com/MicahParks/keyfunc/v3"
	"github.com/golang-jwt/jwt/v5"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stytchkit/stytch-go/internal/apitest"

	"github.com/google/go-cmp/cmp"

	"github.com/stytchkit/stytch-go/b2b/discovery"
	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/b2b/rbac"
	"github.com/stytchkit/stytch-go/b2b/sessions"
	"github.com/stytchkit/stytch-go/mockserver"
	"github.com/stytchkit/stytch-go/stytchapi"
)

var ctx = context.Background()

type fixture struct {
	ts     *mockserver.TestServer
	org    organizations.Organization
	admin  organizations.Member
	member organizations.Member
}

// setup starts a mock with one organization, an admin and a plain member,
// and points local validation at the mock's clock.
func setup(t testing.TB) *fixture {
	t.Helper()
	ts := mockserver.Start(t)
	ts.Client.Sessions.Configure(sessions.LocalConfig{Now: ts.Clock().Now, JWKSRefreshInterval: time.Nanosecond})
	org, err := ts.Client.Organizations.Create(ctx, &organizations.CreateParams{OrganizationName: "Acme", OrganizationSlug: "acme"})
	if err != nil {
		t.Fatal(err)
	}
	mk := func(email string, roles ...string) organizations.Member {
		r, err := ts.Client.Organizations.Members.Create(ctx, &organizations.MembersCreateParams{OrganizationID: org.Organization.OrganizationID, EmailAddress: email, Roles: roles})
		if err != nil {
			t.Fatal(err)
		}
		return r.Member
	}
	return &fixture{ts: ts, org: org.Organization, admin: mk("ada@acme.example", "stytch_admin"), member: mk("bob@acme.example")}
}

func (f *fixture) login(t testing.TB, m organizations.Member) mockserver.SessionFixture {
	t.Helper()
	return f.ts.LoginMember(t, mockserver.SessionFixtureParams{OrganizationID: f.org.OrganizationID, MemberID: m.MemberID})
}

func TestRoundTrip(t *testing.T) {
	f := setup(t)
	s := f.ts.LoginMember(t, mockserver.SessionFixtureParams{OrganizationID: f.org.OrganizationID, MemberID: f.member.MemberID, SessionCustomClaims: map[string]any{"tier": "gold"}})
	if len(s.SessionToken) != 44 || !strings.HasPrefix(s.MemberSession.MemberSessionID, "session-test-") {
		t.Fatalf("bad fixture: token %q, session %+v", s.SessionToken, s.MemberSession)
	}
	sc := f.ts.Client.Sessions

	claims, err := sc.AuthenticateJWTLocal(ctx, s.SessionJWT, &sessions.JWTOptions{AuthorizationCheck: &sessions.AuthorizationCheck{OrganizationID: f.org.OrganizationID, ResourceID: "stytch.self", Action: "update.info.name"}})
	if err != nil {
		t.Fatal(err)
	}
	want := sessions.Claims{
		MemberSessionID: s.MemberSession.MemberSessionID, MemberID: f.member.MemberID,
		OrganizationID: f.org.OrganizationID, OrganizationSlug: "acme",
		Roles: []string{"stytch_member"}, CustomClaims: map[string]any{"tier": "gold"},
		Verdict: &sessions.AuthorizationVerdict{Authorized: true, GrantingRoles: []string{"stytch_member"}},
	}
	got := *claims
	got.AuthenticationFactors, got.StartedAt, got.LastAccessedAt, got.ExpiresAt, got.IssuedAt, got.TokenExpiresAt = nil, time.Time{}, time.Time{}, time.Time{}, time.Time{}, time.Time{}
	if d := cmp.Diff(want, got); d != "" {
		t.Fatalf("claims (-want +got):\n%s", d)
	}
	if len(claims.AuthenticationFactors) != 1 || claims.AuthenticationFactors[0].Type != "magic_link" || claims.AuthenticationFactors[0].EmailFactor.EmailAddress != f.member.EmailAddress {
		t.Fatalf("factors: %+v", claims.AuthenticationFactors)
	}
	if !claims.ExpiresAt.Equal(s.MemberSession.ExpiresAt.Truncate(time.Second)) || claims.TokenExpiresAt.Sub(claims.IssuedAt) != 5*time.Minute {
		t.Fatalf("times: %+v vs %v", claims, s.MemberSession.ExpiresAt)
	}

	// RBAC deny for a plain member, allow for the admin.
	_, err = sc.AuthenticateJWTLocal(ctx, s.SessionJWT, &sessions.JWTOptions{AuthorizationCheck: &sessions.AuthorizationCheck{OrganizationID: f.org.OrganizationID, ResourceID: "stytch.member", Action: "delete"}})
	if !errors.Is(err, sessions.ErrPermissionDenied) || !stytchapi.IsErrorType(err, "session_authorization_error") {
		t.Fatalf("member deleting members: %v", err)
	}
	_, err = sc.AuthenticateJWTLocal(ctx, s.SessionJWT, &sessions.JWTOptions{AuthorizationCheck: &sessions.AuthorizationCheck{OrganizationID: "organization-test-other", ResourceID: "stytch.self", Action: "delete"}})
	if !stytchapi.IsErrorType(err, "session_authorization_tenancy_error") {
		t.Fatalf("tenancy: %v", err)
	}
	as := f.login(t, f.admin)
	ac, err := sc.AuthenticateJWTLocal(ctx, as.SessionJWT, &sessions.JWTOptions{AuthorizationCheck: &sessions.AuthorizationCheck{OrganizationID: f.org.OrganizationID, ResourceID: "stytch.member", Action: "delete"}})
	if err != nil || ac.Verdict.GrantingRoles[0] != "stytch_admin" {
		t.Fatalf("admin: %v %+v", err, ac)
	}
	// The same check remotely lists every granting role.
	ra, err := sc.Authenticate(ctx, &sessions.AuthenticateParams{SessionToken: as.SessionToken, AuthorizationCheck: &sessions.AuthorizationCheck{OrganizationID: f.org.OrganizationID, ResourceID: "stytch.member", Action: "delete"}})
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(&sessions.AuthorizationVerdict{Authorized: true, GrantingRoles: []string{"stytch_admin"}}, ra.Verdict); d != "" {
		t.Fatal(d)
	}
	_, err = sc.Authenticate(ctx, &sessions.AuthenticateParams{SessionJWT: s.SessionJWT, AuthorizationCheck: &sessions.AuthorizationCheck{OrganizationID: f.org.OrganizationID, ResourceID: "stytch.member", Action: "delete"}})
	apitest.WantError(t, err, 403, "session_authorization_error")

	// Revoke: remote authenticate fails, local stays valid until exp.
	if _, err := sc.Revoke(ctx, &sessions.RevokeParams{SessionToken: s.SessionToken}); err != nil {
		t.Fatal(err)
	}
	_, err = sc.Authenticate(ctx, &sessions.AuthenticateParams{SessionToken: s.SessionToken})
	apitest.WantError(t, err, 404, "session_not_found")
	_, err = sc.Authenticate(ctx, &sessions.AuthenticateParams{SessionJWT: s.SessionJWT})
	apitest.WantError(t, err, 404, "session_not_found")
	if _, err := sc.AuthenticateJWTLocal(ctx, s.SessionJWT, nil); err != nil {
		t.Fatalf("local after revoke: %v", err)
	}
	f.ts.Clock().Advance(5*time.Minute + 10*time.Second)
	if _, err := sc.AuthenticateJWTLocal(ctx, s.SessionJWT, nil); !errors.Is(err, sessions.ErrJWTExpired) {
		t.Fatalf("local after exp: %v", err)
	}
	// AllowRemote falls back to the API for an expired JWT, which knows the
	// session is gone.
	_, err = sc.AuthenticateJWT(ctx, s.SessionJWT, &sessions.JWTOptions{AllowRemote: true})
	apitest.WantError(t, err, 404, "session_not_found")
}

func TestExpiredJWTOfLiveSessionIsRefreshed(t *testing.T) {
	f := setup(t)
	s := f.login(t, f.member)
	f.ts.Clock().Advance(6 * time.Minute)
	sc := f.ts.Client.Sessions
	c, err := sc.AuthenticateJWT(ctx, s.SessionJWT, &sessions.JWTOptions{AllowRemote: true})
	if err != nil || c.Remote == nil || c.Remote.SessionJWT == s.SessionJWT || c.Remote.SessionToken != s.SessionToken {
		t.Fatalf("remote refresh: %v %+v", err, c)
	}
	if _, err := sc.AuthenticateJWTLocal(ctx, c.Remote.SessionJWT, nil); err != nil {
		t.Fatalf("fresh JWT: %v", err)
	}
	// Too old: a positive max age sends even an unexpired JWT remote.
	f.ts.Clock().Advance(2 * time.Minute)
	if _, err := sc.AuthenticateJWTLocal(ctx, c.Remote.SessionJWT, &sessions.JWTOptions{MaxTokenAge: time.Minute}); !errors.Is(err, sessions.ErrJWTTooOld) {
		t.Fatalf("too old: %v", err)
	}
	// Session expiry on the mock clock.
	f.ts.Clock().Advance(time.Hour)
	_, err = sc.Authenticate(ctx, &sessions.AuthenticateParams{SessionToken: s.SessionToken})
	apitest.WantError(t, err, 404, "session_not_found")
}

// TestPlainLibrariesVerify checks a mock JWT with golang-jwt and keyfunc
// only, no SDK code.
func TestPlainLibrariesVerify(t *testing.T) {
	f := setup(t)
	s := f.login(t, f.member)
	req, _ := http.NewRequest(http.MethodGet, f.ts.URL+"/v1/b2b/sessions/jwks/"+f.ts.ProjectID, nil)
	resp, err := f.ts.HTTP.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body struct {
		Keys []json.RawMessage `json:"keys"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		t.Fatal(err)
	}
	set, _ := json.Marshal(map[string]any{"keys": body.Keys})
	kf, err := keyfunc.NewJWKSetJSON(set)
	if err != nil {
		t.Fatal(err)
	}
	claims := jwt.MapClaims{}
	tok, err := jwt.ParseWithClaims(s.SessionJWT, claims, kf.Keyfunc, jwt.WithValidMethods([]string{"RS256"}),
		jwt.WithAudience(f.ts.ProjectID), jwt.WithIssuer("stytch.com/"+f.ts.ProjectID), jwt.WithTimeFunc(f.ts.Clock().Now))
	if err != nil || !tok.Valid {
		t.Fatalf("plain verify: %v", err)
	}
	if claims["sub"] != f.member.MemberID || tok.Header["kid"] == "" || !strings.HasPrefix(tok.Header["kid"].(string), "jwk-test-") {
		t.Fatalf("claims %v header %v", claims, tok.Header)
	}
	exp, _ := claims.GetExpirationTime()
	iat, _ := claims.GetIssuedAt()
	nbf, _ := claims.GetNotBefore()
	if exp.Sub(iat.Time) != 5*time.Minute || !nbf.Equal(iat.Time) {
		t.Fatalf("times %v %v %v", iat, nbf, exp)
	}
	sess := claims["https://stytch.com/session"].(map[string]any)
	org := claims["https://stytch.com/organization"].(map[string]any)
	if sess["id"] != s.MemberSession.MemberSessionID || org["organization_id"] != f.org.OrganizationID || org["slug"] != "acme" {
		t.Fatalf("stytch claims %v %v", sess, org)
	}
	var jwks sessions.GetJWKSResponse
	if r, err := f.ts.Client.Sessions.GetJWKS(ctx, nil); err != nil {
		t.Fatal(err)
	} else {
		jwks = *r
	}
	k := jwks.Keys[0]
	if k.Kty != "RSA" || k.Alg != "RS256" || k.Use != "sig" || len(k.X5c) != 1 || k.X5tS256 == "" || k.Kid != tok.Header["kid"] {
		t.Fatalf("jwk %+v", k)
	}
}

// forge re-signs the payload of a genuine JWT under other conditions.
func forge(t *testing.T, genuine string, mutate func(h, c map[string]any), key any, method jwt.SigningMethod) string {
	t.Helper()
	claims := jwt.MapClaims{}
	tok, _, err := jwt.NewParser().ParseUnverified(genuine, claims)
	if err != nil {
		t.Fatal(err)
	}
	nt := jwt.NewWithClaims(method, claims)
	nt.Header["kid"] = tok.Header["kid"]
	mutate(nt.Header, claims)
	s, err := nt.SignedString(key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestLocalRejections(t *testing.T) {
	f := setup(t)
	s := f.login(t, f.member)
	sc := f.ts.Client.Sessions
	other, _ := rsa.GenerateKey(rand.Reader, 2048)
	none := func(map[string]any, map[string]any) {}
	parts := strings.Split(s.SessionJWT, ".")
	hs256 := forge(t, s.SessionJWT, none, []byte("the-public-key-as-hmac-secret"), jwt.SigningMethodHS256)
	algNone := forge(t, s.SessionJWT, none, jwt.UnsafeAllowNoneSignatureType, jwt.SigningMethodNone)
	cases := []struct {
		name  string
		token string
		want  error
	}{
		{"forged signature", forge(t, s.SessionJWT, none, other, jwt.SigningMethodRS256), sessions.ErrJWTInvalid},
		{"tampered payload", parts[0] + "." + base64.RawURLEncoding.EncodeToString([]byte(`{"sub":"member-test-evil"}`)) + "." + parts[2], sessions.ErrJWTInvalid},
		{"HS256 confusion", hs256, sessions.ErrJWTInvalid},
		{"alg none", algNone, sessions.ErrJWTInvalid},
		{"unknown kid", forge(t, s.SessionJWT, func(h, _ map[string]any) { h["kid"] = "jwk-test-unknown" }, other, jwt.SigningMethodRS256), sessions.ErrUnknownKey},
		{"garbage", "not.a.jwt", sessions.ErrJWTInvalid},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := sc.AuthenticateJWT(ctx, c.token, &sessions.JWTOptions{AllowRemote: true})
			if !errors.Is(err, c.want) {
				t.Fatalf("got %v, want %v", err, c.want)
			}
			var apiErr *stytchapi.Error
			if errors.As(err, &apiErr) {
				t.Fatalf("a bad token went to the API: %v", err)
			}
		})
	}
	// The mock rejects a forged JWT too.
	_, err := sc.Authenticate(ctx, &sessions.AuthenticateParams{SessionJWT: cases[0].token})
	apitest.WantError(t, err, 401, "unable_to_parse_session_jwt")
}

// TestForeignProjectJWT: a genuine JWT of another project of the same
// server is rejected (its key is not in this project's JWKS), and accepted
// by that project's own client. Wrong aud/iss with a known key are covered
// in internal/jwtverify.
func TestForeignProjectJWT(t *testing.T) {
	f := setup(t)
	creds, otherClient := f.ts.NewProject(t, mockserver.EnvTest)
	org, err := otherClient.Organizations.Create(ctx, &organizations.CreateParams{OrganizationName: "Other", OrganizationSlug: "other"})
	if err != nil {
		t.Fatal(err)
	}
	m, err := otherClient.Organizations.Members.Create(ctx, &organizations.MembersCreateParams{OrganizationID: org.Organization.OrganizationID, EmailAddress: "x@other.example"})
	if err != nil {
		t.Fatal(err)
	}
	ots := *f.ts
	ots.ProjectID, ots.Secret = creds.ProjectID, creds.Secret
	foreign := ots.LoginMember(t, mockserver.SessionFixtureParams{OrganizationID: org.Organization.OrganizationID, MemberID: m.Member.MemberID})
	if _, err := f.ts.Client.Sessions.AuthenticateJWTLocal(ctx, foreign.SessionJWT, nil); !errors.Is(err, sessions.ErrUnknownKey) {
		t.Fatalf("foreign JWT: %v", err)
	}
	if _, err := otherClient.Sessions.AuthenticateJWTLocal(ctx, foreign.SessionJWT, nil); err != nil {
		t.Fatalf("own project's JWT: %v", err)
	}
	_, err = f.ts.Client.Sessions.Authenticate(ctx, &sessions.AuthenticateParams{SessionJWT: foreign.SessionJWT})
	apitest.WantError(t, err, 401, "unable_to_parse_session_jwt")
}

func TestKeyRotation(t *testing.T) {
	f := setup(t)
	sc := f.ts.Client.Sessions
	before := f.login(t, f.member)
	if _, err := sc.AuthenticateJWTLocal(ctx, before.SessionJWT, nil); err != nil {
		t.Fatal(err)
	}
	kid := f.ts.RotateKeys(t)
	after := f.login(t, f.member)
	tok, _, _ := jwt.NewParser().ParseUnverified(after.SessionJWT, jwt.MapClaims{})
	if tok.Header["kid"] != kid {
		t.Fatalf("new JWT signed by %v, want %s", tok.Header["kid"], kid)
	}
	// Unknown kid -> JWKS refetched -> both verify.
	for _, s := range []string{after.SessionJWT, before.SessionJWT} {
		if _, err := sc.AuthenticateJWTLocal(ctx, s, nil); err != nil {
			t.Fatalf("after rotation: %v", err)
		}
	}
	jwks, _ := sc.GetJWKS(ctx, nil)
	if len(jwks.Keys) != 2 {
		t.Fatalf("JWKS during overlap has %d keys", len(jwks.Keys))
	}
	// The retired key stays published as long as anything it signed may
	// be unexpired: an M2M access token lives an hour.
	f.ts.Clock().Advance(time.Hour + time.Second)
	jwks, _ = sc.GetJWKS(ctx, nil)
	if len(jwks.Keys) != 1 || jwks.Keys[0].Kid != kid {
		t.Fatalf("JWKS after overlap: %+v", jwks.Keys)
	}
}

func TestSessionEndpointErrors(t *testing.T) {
	f := setup(t)
	sc := f.ts.Client.Sessions
	s := f.login(t, f.member)
	_, err := sc.Authenticate(ctx, &sessions.AuthenticateParams{})
	apitest.WantError(t, err, 400, "no_session_arguments")
	_, err = sc.Authenticate(ctx, &sessions.AuthenticateParams{SessionToken: s.SessionToken, SessionJWT: s.SessionJWT})
	apitest.WantError(t, err, 400, "too_many_session_arguments")
	_, err = sc.Authenticate(ctx, &sessions.AuthenticateParams{SessionToken: s.SessionToken, SessionDurationMinutes: 4})
	apitest.WantError(t, err, 400, "invalid_session_duration_minutes")
	_, err = sc.Authenticate(ctx, &sessions.AuthenticateParams{SessionToken: s.SessionToken, SessionCustomClaims: map[string]any{"sub": "x"}})
	apitest.WantError(t, err, 400, "reserved_claims_in_custom_claims")
	_, err = sc.Authenticate(ctx, &sessions.AuthenticateParams{SessionToken: s.SessionToken, SessionCustomClaims: map[string]any{"https://stytch.com/x": 1}})
	apitest.WantError(t, err, 400, "stytch_claims_in_custom_claims")
	_, err = sc.Authenticate(ctx, &sessions.AuthenticateParams{SessionToken: s.SessionToken, SessionCustomClaims: map[string]any{"big": strings.Repeat("x", 5000)}})
	apitest.WantError(t, err, 400, "custom_claims_too_large")
	_, err = sc.Authenticate(ctx, &sessions.AuthenticateParams{SessionToken: "nope"})
	apitest.WantError(t, err, 404, "session_not_found")
	_, err = sc.Authenticate(ctx, &sessions.AuthenticateParams{SessionJWT: "nope"})
	apitest.WantError(t, err, 401, "unable_to_parse_session_jwt")
	_, err = sc.Revoke(ctx, &sessions.RevokeParams{})
	apitest.WantError(t, err, 400, "no_session_arguments")

	// Extend and merge claims; nothing half-applied by the failures above.
	r, err := sc.Authenticate(ctx, &sessions.AuthenticateParams{SessionToken: s.SessionToken, SessionDurationMinutes: 600, SessionCustomClaims: map[string]any{"a": 1}})
	if err != nil {
		t.Fatal(err)
	}
	if got := r.MemberSession.ExpiresAt.Sub(*r.MemberSession.LastAccessedAt); got != 600*time.Minute || r.MemberSession.CustomClaims["a"] != float64(1) {
		t.Fatalf("extend: %v %v", got, r.MemberSession.CustomClaims)
	}
	r, err = sc.Authenticate(ctx, &sessions.AuthenticateParams{SessionToken: s.SessionToken, SessionCustomClaims: map[string]any{"a": nil, "b": "x"}})
	if err != nil || cmp.Diff(map[string]any{"b": "x"}, r.MemberSession.CustomClaims) != "" {
		t.Fatalf("merge: %v %v", err, r.MemberSession.CustomClaims)
	}

	// Get lists live sessions; revoke by member revokes all.
	f.login(t, f.member)
	g, err := sc.Get(ctx, &sessions.GetParams{OrganizationID: f.org.OrganizationID, MemberID: f.member.MemberID})
	if err != nil || len(g.MemberSessions) != 2 {
		t.Fatalf("get: %v %+v", err, g)
	}
	if _, err := sc.Revoke(ctx, &sessions.RevokeParams{MemberID: f.member.MemberID}); err != nil {
		t.Fatal(err)
	}
	g, _ = sc.Get(ctx, &sessions.GetParams{OrganizationID: f.org.OrganizationID, MemberID: f.member.MemberID})
	if len(g.MemberSessions) != 0 {
		t.Fatalf("after revoke all: %+v", g.MemberSessions)
	}
	_, err = sc.Revoke(ctx, &sessions.RevokeParams{MemberSessionID: s.MemberSession.MemberSessionID})
	apitest.WantError(t, err, 404, "session_not_found")

	// A member may revoke their own sessions, not an admin's.
	ms := f.login(t, f.member)
	as := f.login(t, f.admin)
	_, err = sc.Revoke(ctx, &sessions.RevokeParams{MemberSessionID: as.MemberSession.MemberSessionID}, stytchapi.WithMemberSession(ms.SessionToken))
	apitest.WantError(t, err, 403, "session_authorization_error")
	if _, err := sc.Revoke(ctx, &sessions.RevokeParams{SessionJWT: ms.SessionJWT}, stytchapi.WithMemberSessionJWT(ms.SessionJWT)); err != nil {
		t.Fatal(err)
	}

	_, err = sc.Attest(ctx, &sessions.AttestParams{ProfileID: "p", Token: "t"})
	apitest.WantError(t, err, 404, "trusted_token_profile_not_found")
	_, err = sc.Migrate(ctx, &sessions.MigrateParams{SessionToken: "t", OrganizationID: f.org.OrganizationID})
	apitest.WantError(t, err, 400, "invalid_userinfo_url")
	_, err = sc.ExchangeAccessToken(ctx, &sessions.ExchangeAccessTokenParams{AccessToken: "t"})
	apitest.WantError(t, err, 404, "idp_access_token_not_found")
}

func TestExchange(t *testing.T) {
	f := setup(t)
	c := f.ts.Client
	other, err := c.Organizations.Create(ctx, &organizations.CreateParams{OrganizationName: "Beta", OrganizationSlug: "beta"})
	if err != nil {
		t.Fatal(err)
	}
	bm, err := c.Organizations.Members.Create(ctx, &organizations.MembersCreateParams{OrganizationID: other.Organization.OrganizationID, EmailAddress: f.member.EmailAddress, CreateMemberAsPending: true})
	if err != nil {
		t.Fatal(err)
	}
	s := f.login(t, f.member)
	r, err := c.Sessions.Exchange(ctx, &sessions.ExchangeParams{OrganizationID: "beta", SessionToken: s.SessionToken})
	if err != nil {
		t.Fatal(err)
	}
	if !r.MemberAuthenticated || r.MemberID != bm.Member.MemberID || r.Member.Status != "active" || r.MemberSession.OrganizationID != other.Organization.OrganizationID {
		t.Fatalf("exchange: %+v", r)
	}
	_, err = c.Sessions.Exchange(ctx, &sessions.ExchangeParams{OrganizationID: "beta", SessionToken: s.SessionToken, SessionJWT: s.SessionJWT})
	apitest.WantError(t, err, 400, "too_many_session_arguments")
}

// exchangeTarget creates another organization with a pending membership
// for f.member's email.
func (f *fixture) exchangeTarget(t *testing.T, slug string, edit func(*organizations.CreateParams)) (organizations.Organization, organizations.Member) {
	t.Helper()
	p := &organizations.CreateParams{OrganizationName: slug, OrganizationSlug: slug}
	if edit != nil {
		edit(p)
	}
	o, err := f.ts.Client.Organizations.Create(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	m, err := f.ts.Client.Organizations.Members.Create(ctx, &organizations.MembersCreateParams{OrganizationID: o.Organization.OrganizationID, EmailAddress: f.member.EmailAddress, CreateMemberAsPending: true})
	if err != nil {
		t.Fatal(err)
	}
	return o.Organization, m.Member
}

func TestExchangeMFARequired(t *testing.T) {
	f := setup(t)
	c := f.ts.Client
	org, m := f.exchangeTarget(t, "mfa", func(p *organizations.CreateParams) { p.MFAPolicy = organizations.MFAPolicyRequiredForAll })
	s := f.login(t, f.member)
	r, err := c.Sessions.Exchange(ctx, &sessions.ExchangeParams{OrganizationID: org.OrganizationID, SessionJWT: s.SessionJWT, SessionDurationMinutes: 30})
	if err != nil {
		t.Fatal(err)
	}
	if r.MemberAuthenticated || r.MFARequired == nil || r.PrimaryRequired != nil || r.IntermediateSessionToken == "" ||
		r.SessionToken != "" || r.MemberSession != nil || r.MemberID != m.MemberID || r.IntermediateSessionTokenExpiresAt == nil {
		t.Fatalf("exchange into an MFA org: %+v", r)
	}
	if r.MFARequired.MemberOptions != nil {
		t.Fatalf("member without MFA factors has options %+v", r.MFARequired.MemberOptions)
	}
	// Nothing changed yet: the member stays pending, and the source session lives.
	if r.Member.Status != organizations.StatusPending {
		t.Fatalf("member waiting for MFA is %s", r.Member.Status)
	}
	if _, err := c.Sessions.Authenticate(ctx, &sessions.AuthenticateParams{SessionToken: s.SessionToken}); err != nil {
		t.Fatalf("source session after exchange: %v", err)
	}
	// The IST is bound to the target org and carries the email factor.
	l, err := c.Discovery.Organizations.List(ctx, &discovery.OrganizationsListParams{IntermediateSessionToken: r.IntermediateSessionToken})
	if err != nil {
		t.Fatal(err)
	}
	if l.OrganizationIDHint == nil || *l.OrganizationIDHint != org.OrganizationID || l.EmailAddress != f.member.EmailAddress {
		t.Fatalf("IST of exchange: %+v", l)
	}
}

func TestExchangePrimaryRequired(t *testing.T) {
	f := setup(t)
	c := f.ts.Client
	org, _ := f.exchangeTarget(t, "ssoonly", func(p *organizations.CreateParams) {
		p.AuthMethods = organizations.Restricted
		p.AllowedAuthMethods = []string{"sso", "password"}
	})
	s := f.login(t, f.member)
	r, err := c.Sessions.Exchange(ctx, &sessions.ExchangeParams{OrganizationID: org.OrganizationSlug, SessionToken: s.SessionToken})
	if err != nil {
		t.Fatal(err)
	}
	if r.MemberAuthenticated || r.PrimaryRequired == nil || r.MFARequired != nil || r.IntermediateSessionToken == "" || r.SessionJWT != "" {
		t.Fatalf("exchange into a restricted org: %+v", r)
	}
	if d := cmp.Diff([]string{"sso", "password"}, r.PrimaryRequired.AllowedAuthMethods); d != "" {
		t.Fatalf("allowed methods (-want +got):\n%s", d)
	}

	// No membership: never JIT, even where the domain would allow it.
	open, err := c.Organizations.Create(ctx, &organizations.CreateParams{OrganizationName: "Open", OrganizationSlug: "open", EmailJITProvisioning: organizations.Restricted, EmailAllowedDomains: []string{"acme.example"}})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Sessions.Exchange(ctx, &sessions.ExchangeParams{OrganizationID: open.Organization.OrganizationID, SessionToken: s.SessionToken})
	apitest.WantError(t, err, 404, "member_not_found")
}

func TestRBACEndpointsAndOrgRoles(t *testing.T) {
	f := setup(t)
	c := f.ts.Client
	p, err := c.RBAC.Policy(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, r := range p.Policy.Resources {
		ids = append(ids, r.ResourceID)
	}
	if d := cmp.Diff([]string{"stytch.organization", "stytch.member", "stytch.sso", "stytch.scim", "stytch.self"}, ids); d != "" || len(p.Policy.Roles) != 2 {
		t.Fatalf("default policy: %s %+v", d, p.Policy.Roles)
	}
	f.ts.SetRBACPolicy(t, rbac.Policy{
		Resources: []rbac.PolicyResource{{ResourceID: "documents", Actions: []string{"read", "write"}}},
		Roles:     []rbac.PolicyRole{{RoleID: "editor", Permissions: []rbac.PolicyRolePermission{{ResourceID: "documents", Actions: []string{"read", "write"}}}}},
	})
	_, err = c.RBAC.Organizations.SetOrgPolicy(ctx, &rbac.SetOrgPolicyParams{OrganizationID: f.org.OrganizationID, OrgPolicy: rbac.OrgPolicy{Roles: []rbac.PolicyRole{
		{RoleID: "reader", Description: "reads", Permissions: []rbac.PolicyRolePermission{{ResourceID: "documents", Actions: []string{"read"}}}},
	}}})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.RBAC.Organizations.SetOrgPolicy(ctx, &rbac.SetOrgPolicyParams{OrganizationID: f.org.OrganizationID, OrgPolicy: rbac.OrgPolicy{Roles: []rbac.PolicyRole{
		{RoleID: "bad", Permissions: []rbac.PolicyRolePermission{{ResourceID: "documents", Actions: []string{"fly"}}}},
	}}})
	apitest.WantError(t, err, 400, "invalid_permission_action")
	org, _ := c.Organizations.Get(ctx, &organizations.GetParams{OrganizationID: f.org.OrganizationID})
	if len(org.Organization.CustomRoles) != 1 || org.Organization.CustomRoles[0].RoleID != "reader" {
		t.Fatalf("custom_roles: %+v", org.Organization.CustomRoles)
	}
	ed, err := c.Organizations.Members.Create(ctx, &organizations.MembersCreateParams{OrganizationID: f.org.OrganizationID, EmailAddress: "ed@acme.example", Roles: []string{"editor"}})
	if err != nil {
		t.Fatal(err)
	}
	s := f.login(t, ed.Member)
	check := func(action string) error {
		_, err := c.Sessions.AuthenticateJWTLocal(ctx, s.SessionJWT, &sessions.JWTOptions{AuthorizationCheck: &sessions.AuthorizationCheck{OrganizationID: f.org.OrganizationID, ResourceID: "documents", Action: action}})
		return err
	}
	if err := check("write"); err != nil {
		t.Fatal(err)
	}
	if err := check("delete"); !errors.Is(err, sessions.ErrPermissionDenied) {
		t.Fatalf("unknown action: %v", err)
	}
}

func TestOrganizationMemberSessionAuthorization(t *testing.T) {
	f := setup(t)
	c := f.ts.Client
	ms, as := f.login(t, f.member), f.login(t, f.admin)
	_, err := c.Organizations.Update(ctx, &organizations.UpdateParams{OrganizationID: f.org.OrganizationID, OrganizationName: "Renamed"}, stytchapi.WithMemberSession(ms.SessionToken))
	apitest.WantError(t, err, 403, "session_authorization_error")
	if _, err := c.Organizations.Update(ctx, &organizations.UpdateParams{OrganizationID: f.org.OrganizationID, OrganizationName: "Renamed"}, stytchapi.WithMemberSessionJWT(as.SessionJWT)); err != nil {
		t.Fatal(err)
	}
	_, err = c.Organizations.Update(ctx, &organizations.UpdateParams{OrganizationID: f.org.OrganizationID, TrustedMetadata: map[string]any{"a": 1}}, stytchapi.WithMemberSession(as.SessionToken))
	apitest.WantError(t, err, 400, "cannot_update_trusted_metadata")
	other, _ := c.Organizations.Create(ctx, &organizations.CreateParams{OrganizationName: "Other", OrganizationSlug: "other"})
	_, err = c.Organizations.Delete(ctx, &organizations.DeleteParams{OrganizationID: other.Organization.OrganizationID}, stytchapi.WithMemberSession(as.SessionToken))
	apitest.WantError(t, err, 403, "session_authorization_tenancy_error")
	if _, err := c.Organizations.Delete(ctx, &organizations.DeleteParams{OrganizationID: f.org.OrganizationID}, stytchapi.WithMemberSession(as.SessionToken)); err != nil {
		t.Fatal(err)
	}
	_, err = c.Sessions.Authenticate(ctx, &sessions.AuthenticateParams{SessionToken: as.SessionToken})
	apitest.WantError(t, err, 404, "session_not_found")
}

// TestConcurrentLocalValidation runs many goroutines validating and
// authorizing at once (run with -race).
func TestConcurrentLocalValidation(t *testing.T) {
	f := setup(t)
	tokens := []string{f.login(t, f.member).SessionJWT, f.login(t, f.admin).SessionJWT}
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for i := range 32 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range 50 {
				_, err := f.ts.Client.Sessions.AuthenticateJWTLocal(ctx, tokens[(i+j)%2], &sessions.JWTOptions{AuthorizationCheck: &sessions.AuthorizationCheck{OrganizationID: f.org.OrganizationID, ResourceID: "stytch.self", Action: "delete"}})
				if err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
}
