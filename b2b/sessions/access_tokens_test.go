package sessions_test

import (
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

func (f *fixture) accessToken(t *testing.T, m organizations.Member, edit func(*mockserver.AccessTokenParams)) string {
	t.Helper()
	p := mockserver.AccessTokenParams{OrganizationID: f.org.OrganizationID, MemberID: m.MemberID}
	if edit != nil {
		edit(&p)
	}
	return f.ts.IssueAccessToken(t, p)
}

func TestExchangeAccessToken(t *testing.T) {
	f := setup(t)
	sc := f.ts.Client.Sessions
	tok := f.accessToken(t, f.member, func(p *mockserver.AccessTokenParams) { p.ClientID = "connected-app-test-cli" })
	r, err := sc.ExchangeAccessToken(ctx, &sessions.ExchangeAccessTokenParams{AccessToken: tok, SessionDurationMinutes: 15, SessionCustomClaims: map[string]any{"via": "cli"}})
	if err != nil {
		t.Fatal(err)
	}
	ms := r.MemberSession
	if r.MemberID != f.member.MemberID || ms == nil || r.SessionToken == "" || r.SessionJWT == "" || r.Organization.OrganizationID != f.org.OrganizationID {
		t.Fatalf("exchange: %+v", r)
	}
	fs := ms.AuthenticationFactors
	if len(fs) != 1 || fs[0].Type != "oauth" || fs[0].DeliveryMethod != "oauth_access_token_exchange" ||
		fs[0].OAuthAccessTokenExchangeFactor == nil || fs[0].OAuthAccessTokenExchangeFactor.ClientID != "connected-app-test-cli" {
		t.Fatalf("factors: %+v", fs)
	}
	if got := ms.ExpiresAt.Sub(*ms.StartedAt); got != 15*time.Minute || ms.CustomClaims["via"] != "cli" {
		t.Fatalf("session length %v, claims %v", got, ms.CustomClaims)
	}
	a, err := sc.Authenticate(ctx, &sessions.AuthenticateParams{SessionToken: r.SessionToken})
	if err != nil || a.MemberSession.MemberSessionID != ms.MemberSessionID {
		t.Fatalf("authenticate: %v %+v", err, a)
	}
	claims, err := sc.AuthenticateJWTLocal(ctx, r.SessionJWT, nil)
	if err != nil {
		t.Fatal(err)
	}
	if claims.MemberSessionID != ms.MemberSessionID || len(claims.AuthenticationFactors) != 1 ||
		claims.AuthenticationFactors[0].DeliveryMethod != "oauth_access_token_exchange" {
		t.Fatalf("local claims: %+v", claims)
	}

	// Usable once.
	_, err = sc.ExchangeAccessToken(ctx, &sessions.ExchangeAccessTokenParams{AccessToken: tok})
	apitest.WantError(t, err, 400, "oauth_access_token_exchange_token_invalid_grant")

	// A default token gets a fresh connected-app client ID.
	r, err = sc.ExchangeAccessToken(ctx, &sessions.ExchangeAccessTokenParams{AccessToken: f.accessToken(t, f.admin, nil)})
	if err != nil {
		t.Fatal(err)
	}
	if id := r.MemberSession.AuthenticationFactors[0].OAuthAccessTokenExchangeFactor.ClientID; !strings.HasPrefix(id, "connected-app-test-") {
		t.Fatalf("default client_id %q", id)
	}
}

func TestExchangeAccessTokenErrors(t *testing.T) {
	f := setup(t)
	sc := f.ts.Client.Sessions
	exchange := func(tok string) error {
		_, err := sc.ExchangeAccessToken(ctx, &sessions.ExchangeAccessTokenParams{AccessToken: tok})
		return err
	}
	apitest.WantError(t, exchange("not-a-token"), 404, "idp_access_token_not_found")
	apitest.WantError(t, exchange(""), 400, "bad_request")

	// Invalid session arguments fail before the token is looked at, and
	// leave it usable.
	tok := f.accessToken(t, f.member, nil)
	_, err := sc.ExchangeAccessToken(ctx, &sessions.ExchangeAccessTokenParams{AccessToken: tok, SessionDurationMinutes: 4})
	apitest.WantError(t, err, 400, "invalid_session_duration_minutes")
	_, err = sc.ExchangeAccessToken(ctx, &sessions.ExchangeAccessTokenParams{AccessToken: tok, SessionCustomClaims: map[string]any{"sub": "x"}})
	apitest.WantError(t, err, 400, "reserved_claims_in_custom_claims")
	if err := exchange(tok); err != nil {
		t.Fatal(err)
	}

	// Scopes and third-party apps.
	noFull := f.accessToken(t, f.member, func(p *mockserver.AccessTokenParams) { p.Scopes = []string{"openid", "email"} })
	apitest.WantError(t, exchange(noFull), 400, "oauth_access_token_exchange_missing_full_access")
	thirdParty := false
	third := f.accessToken(t, f.member, func(p *mockserver.AccessTokenParams) { p.FirstParty = &thirdParty })
	apitest.WantError(t, exchange(third), 400, "oauth_access_token_exchange_token_invalid_grant")
	onlyFull := f.accessToken(t, f.member, func(p *mockserver.AccessTokenParams) { p.Scopes = []string{"full_access"} })
	if err := exchange(onlyFull); err != nil {
		t.Fatal(err)
	}

	// Age: under 5 minutes is fine, later is too old, after the token's
	// hour it is forgotten.
	nearlyFive := f.accessToken(t, f.member, nil)
	late := f.accessToken(t, f.member, nil)
	f.ts.Clock().Advance(5*time.Minute - 10*time.Second)
	if err := exchange(nearlyFive); err != nil {
		t.Fatal(err)
	}
	f.ts.Clock().Advance(11 * time.Second)
	apitest.WantError(t, exchange(late), 400, "oauth_access_token_exchange_token_too_old")
	f.ts.Clock().Advance(time.Hour)
	apitest.WantError(t, exchange(late), 404, "idp_access_token_not_found")

	// A deleted member: 404.
	gone := f.accessToken(t, f.member, nil)
	if _, err := f.ts.Client.Organizations.Members.Delete(ctx, &organizations.MembersDeleteParams{OrganizationID: f.org.OrganizationID, MemberID: f.member.MemberID}); err != nil {
		t.Fatal(err)
	}
	apitest.WantError(t, exchange(gone), 404, "member_not_found")
}

// TestExchangeAccessTokenSkipsMFA: an organization requiring MFA still gets
// a full session.
func TestExchangeAccessTokenSkipsMFA(t *testing.T) {
	f := setup(t)
	c := f.ts.Client
	o, err := c.Organizations.Create(ctx, &organizations.CreateParams{OrganizationName: "Secure", OrganizationSlug: "secure", MFAPolicy: organizations.MFAPolicyRequiredForAll})
	if err != nil {
		t.Fatal(err)
	}
	m, err := c.Organizations.Members.Create(ctx, &organizations.MembersCreateParams{OrganizationID: o.Organization.OrganizationID, EmailAddress: "eve@secure.example"})
	if err != nil {
		t.Fatal(err)
	}
	tok := f.ts.IssueAccessToken(t, mockserver.AccessTokenParams{OrganizationID: o.Organization.OrganizationID, MemberID: m.Member.MemberID})
	r, err := c.Sessions.ExchangeAccessToken(ctx, &sessions.ExchangeAccessTokenParams{AccessToken: tok})
	if err != nil {
		t.Fatal(err)
	}
	if r.MemberSession == nil || r.SessionToken == "" || len(r.MemberSession.AuthenticationFactors) != 1 {
		t.Fatalf("exchange in an MFA organization: %+v", r)
	}
}

func TestAccessTokenFixtureValidates(t *testing.T) {
	f := setup(t)
	post := func(body string) int {
		t.Helper()
		req, _ := http.NewRequest(http.MethodPost, f.ts.URL+"/mock/connected_apps/access_tokens", strings.NewReader(body))
		req.SetBasicAuth(f.ts.ProjectID, f.ts.Secret)
		resp, err := f.ts.HTTP.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	org, mem := f.org.OrganizationID, f.member.MemberID
	pending, err := f.ts.Client.Organizations.Members.Create(ctx, &organizations.MembersCreateParams{OrganizationID: org, EmailAddress: "pat@acme.example", CreateMemberAsPending: true})
	if err != nil {
		t.Fatal(err)
	}
	for body, want := range map[string]int{
		`{"organization_id":"` + org + `","member_id":"` + mem + `"}`:                         200,
		`{"organization_id":"` + org + `","member_id":"member-test-nope"}`:                    404,
		`{"organization_id":"organization-test-nope","member_id":"` + mem + `"}`:              404,
		`{"organization_id":"` + org + `","member_id":"` + pending.Member.MemberID + `"}`:     400,
		`{"organization_id":"` + org + `","member_id":"` + mem + `","scopes":[]}`:             400,
		`{"organization_id":"` + org + `","member_id":"` + mem + `","scopes":["a b"]}`:        400,
		`{"organization_id":"` + org + `","member_id":"` + mem + `","scopes":["x","x"]}`:      400,
		`{"organization_id":"` + org + `","member_id":"` + mem + `","first_party":"yes"}`:     400,
		`{"organization_id":"` + org + `","member_id":"` + mem + `","unknown":1}`:             400,
		`{"organization_id":"` + org + `","member_id":"` + mem + `","client_id":"has space"}`: 400,
	} {
		if got := post(body); got != want {
			t.Errorf("POST %s = %d, want %d", body, got, want)
		}
	}
}

// TestAccessTokensSurviveExport: tokens are in the snapshot (as hashes)
// and still exchange, once, after an import.
func TestAccessTokensSurviveExport(t *testing.T) {
	f := setup(t)
	fresh := f.accessToken(t, f.member, nil)
	used := f.accessToken(t, f.member, nil)
	if _, err := f.ts.Client.Sessions.ExchangeAccessToken(ctx, &sessions.ExchangeAccessTokenParams{AccessToken: used}); err != nil {
		t.Fatal(err)
	}
	snap, err := f.ts.Export(f.ts.ProjectID)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(snap), fresh) || !strings.Contains(string(snap), `"access_tokens"`) {
		t.Fatalf("snapshot holds the token or lacks the section")
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
	_, err = c.Sessions.ExchangeAccessToken(ctx, &sessions.ExchangeAccessTokenParams{AccessToken: used})
	apitest.WantError(t, err, 400, "oauth_access_token_exchange_token_invalid_grant")
	if _, err := c.Sessions.ExchangeAccessToken(ctx, &sessions.ExchangeAccessTokenParams{AccessToken: fresh}); err != nil {
		t.Fatal(err)
	}
}
