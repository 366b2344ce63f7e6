package main

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/b2b/sessions"
	"github.com/stytchkit/stytch-go/b2b/sso"
	"github.com/stytchkit/stytch-go/mockserver"
)

// fixture is the app's handler over a fresh mock project with one
// organization, an admin (Ada) and a plain member (Bob), both logged in.
type fixture struct {
	ts       *mockserver.TestServer
	handler  http.Handler
	orgID    string
	ada, bob mockserver.SessionFixture
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	ts := mockserver.Start(t)
	// Local validation runs on the mock's clock, so moving it expires JWTs.
	ts.Client.Sessions.Configure(sessions.LocalConfig{Now: ts.Clock().Now})
	ctx := context.Background()
	org, err := ts.Client.Organizations.Create(ctx, &organizations.CreateParams{OrganizationName: "Acme Corp", OrganizationSlug: "acme"})
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{ts: ts, orgID: org.Organization.OrganizationID}
	login := func(email string, roles []string) mockserver.SessionFixture {
		m, err := ts.Client.Organizations.Members.Create(ctx, &organizations.MembersCreateParams{OrganizationID: f.orgID, EmailAddress: email, Roles: roles})
		if err != nil {
			t.Fatal(err)
		}
		return ts.LoginMember(t, mockserver.SessionFixtureParams{OrganizationID: f.orgID, MemberID: m.Member.MemberID})
	}
	f.ada = login("ada@acme.test", []string{"stytch_admin"})
	f.bob = login("bob@acme.test", nil)
	const redirectURL = "http://127.0.0.1:3000/authenticate"
	if err := ts.SetRedirectURLs(ts.ProjectID, []mockserver.RedirectURL{appRedirect(redirectURL)}); err != nil {
		t.Fatal(err)
	}
	a, err := newApp(ts.Client, redirectURL, ts.URL+"/dashboard", slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	a.sso = ssoSetup{startURL: ts.URL + "/v1/public/sso/start", publicToken: ts.PublicToken, connectIdP: func(_ context.Context, id string) error {
		ts.UseBuiltinIdP(t, id)
		return nil
	}}
	f.handler = a.routes()
	return f
}

// do sends a request as a same-origin browser would, with the session JWT
// when jwt is set.
func (f *fixture) do(method, target, jwt string, form url.Values) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, target, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	if jwt != "" {
		req.AddCookie(&http.Cookie{Name: sessionCookie, Value: jwt})
	}
	rec := httptest.NewRecorder()
	f.handler.ServeHTTP(rec, req)
	return rec
}

func wantRedirect(t *testing.T, rec *httptest.ResponseRecorder, to string) {
	t.Helper()
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != to {
		t.Fatalf("got %d to %q, want 303 to %q: %s", rec.Code, rec.Header().Get("Location"), to, rec.Body)
	}
}

func TestNoSessionRedirectsToLogin(t *testing.T) {
	f := newFixture(t)
	for _, r := range []struct{ method, path string }{{"GET", "/org"}, {"GET", "/settings"}, {"POST", "/settings"}, {"POST", "/invite"}, {"POST", "/logout"}} {
		wantRedirect(t, f.do(r.method, r.path, "", nil), "/")
	}
	rec := f.do("GET", "/org", "not-a-jwt", nil)
	wantRedirect(t, rec, "/?expired=1")
	if c := rec.Result().Cookies(); len(c) != 1 || c[0].Name != sessionCookie || c[0].MaxAge >= 0 {
		t.Errorf("the bad cookie was not cleared: %v", c)
	}
}

func TestCrossSiteFormsRefused(t *testing.T) {
	f := newFixture(t)
	for _, path := range []string{"/invite", "/settings", "/logout", "/login", "/settings/sso", "/sso"} {
		req := httptest.NewRequest("POST", path, strings.NewReader("email=eve%40evil.test&domains=evil.test"))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", "cross-site")
		req.AddCookie(&http.Cookie{Name: sessionCookie, Value: f.ada.SessionJWT})
		rec := httptest.NewRecorder()
		f.handler.ServeHTTP(rec, req)
		if rec.Code != http.StatusForbidden {
			t.Errorf("cross-site POST %s: %d, want 403", path, rec.Code)
		}
	}
	if msgs := f.ts.Outbox().All(); len(msgs) != 0 {
		t.Errorf("a refused form sent %d emails", len(msgs))
	}
	if conns, err := f.ts.Client.SSO.GetConnections(context.Background(), &sso.GetConnectionsParams{OrganizationID: f.orgID}); err != nil || len(conns.SAMLConnections) != 0 {
		t.Errorf("a refused form created SSO connections: %+v, %v", conns, err)
	}
	if rec := f.do("GET", "/org", f.ada.SessionJWT, nil); rec.Code != http.StatusOK {
		t.Errorf("the session did not survive a cross-site logout: %d", rec.Code)
	}
}

func TestExpiredSession(t *testing.T) {
	f := newFixture(t)
	f.ts.Clock().Advance(2 * time.Hour) // past the session's 60 minutes
	rec := f.do("GET", "/org", f.ada.SessionJWT, nil)
	wantRedirect(t, rec, "/?expired=1")
	if rec := f.do("GET", "/?expired=1", "", nil); !strings.Contains(rec.Body.String(), "session has ended") {
		t.Errorf("the login page does not say why: %s", rec.Body)
	}
}

func TestOldJWTRefreshedAndRevokedNoticed(t *testing.T) {
	f := newFixture(t)
	f.ts.Clock().Advance(2 * time.Minute) // past MaxTokenAge: checked with Stytch
	rec := f.do("GET", "/org", f.ada.SessionJWT, nil)
	if rec.Code != http.StatusOK {
		t.Fatalf("GET /org: %d %s", rec.Code, rec.Body)
	}
	c := rec.Result().Cookies()
	if len(c) != 1 || c[0].Value == "" || c[0].Value == f.ada.SessionJWT || !c[0].HttpOnly || c[0].SameSite != http.SameSiteLaxMode {
		t.Fatalf("no fresh HttpOnly SameSite=Lax JWT cookie: %v", c)
	}
	fresh := c[0].Value

	// Logging out revokes the session; a JWT checked with Stytch is refused.
	wantRedirect(t, f.do("POST", "/logout", fresh, nil), "/")
	f.ts.Clock().Advance(2 * time.Minute)
	wantRedirect(t, f.do("GET", "/org", fresh, nil), "/?expired=1")
}

func TestNonAdminRefused(t *testing.T) {
	f := newFixture(t)
	rec := f.do("GET", "/org", f.bob.SessionJWT, nil)
	if rec.Code != http.StatusOK || strings.Contains(rec.Body.String(), `id="invite"`) {
		t.Errorf("members page for a member: %d, invite form shown: %t", rec.Code, strings.Contains(rec.Body.String(), `id="invite"`))
	}
	if rec := f.do("GET", "/settings", f.bob.SessionJWT, nil); rec.Code != http.StatusForbidden {
		t.Errorf("GET /settings as a member: %d, want 403", rec.Code)
	}
	// The forms are refused by Stytch itself, through the member's session.
	rec = f.do("POST", "/invite", f.bob.SessionJWT, url.Values{"email": {"eve@acme.test"}})
	if rec.Code != http.StatusForbidden || !strings.Contains(rec.Body.String(), "session_authorization_error") {
		t.Errorf("POST /invite as a member: %d %s", rec.Code, rec.Body)
	}
	rec = f.do("POST", "/settings", f.bob.SessionJWT, url.Values{"mfa_policy": {"REQUIRED_FOR_ALL"}})
	if rec.Code != http.StatusForbidden {
		t.Errorf("POST /settings as a member: %d %s", rec.Code, rec.Body)
	}
	if len(f.ts.Outbox().All()) != 0 {
		t.Error("a refused invitation was sent")
	}
	// The admin may.
	wantRedirect(t, f.do("POST", "/invite", f.ada.SessionJWT, url.Values{"email": {"carol@acme.test"}}), "/org?invited=carol%40acme.test")
}

func TestBadLinks(t *testing.T) {
	f := newFixture(t)
	for target, want := range map[string]int{
		"/authenticate?stytch_token_type=discovery&token=bad":                http.StatusNotFound,
		"/authenticate?stytch_token_type=multi_tenant_magic_links&token=bad": http.StatusNotFound,
		"/authenticate?stytch_token_type=oauth&token=x":                      http.StatusBadRequest,
	} {
		if rec := f.do("GET", target, "", nil); rec.Code != want {
			t.Errorf("GET %s: %d, want %d: %s", target, rec.Code, want, rec.Body)
		}
	}
	// Choosing an organization without a discovery login in progress.
	if rec := f.do("POST", "/discovery/enter", "", url.Values{"organization_id": {f.orgID}}); rec.Code != http.StatusBadRequest {
		t.Errorf("POST /discovery/enter without an intermediate session: %d", rec.Code)
	}
}
