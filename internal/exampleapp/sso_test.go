package main

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"golang.org/x/oauth2"

	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/b2b/sso"
	"github.com/stytchkit/stytch-go/mockserver"
)

// addConnection adds an SSO connection through the settings form as Ada
// and returns its ID.
func (f *fixture) addConnection(t *testing.T) string {
	t.Helper()
	wantRedirect(t, f.do("POST", "/settings/sso", f.ada.SessionJWT, url.Values{"display_name": {"Acme IdP"}}), "/settings?sso=1")
	conns, err := f.ts.Client.SSO.GetConnections(context.Background(), &sso.GetConnectionsParams{OrganizationID: f.orgID})
	if err != nil {
		t.Fatal(err)
	}
	if len(conns.SAMLConnections) != 1 {
		t.Fatalf("%d SAML connections, want 1", len(conns.SAMLConnections))
	}
	return conns.SAMLConnections[0].ConnectionID
}

// authenticate lands an SSO login on the redirect URL with the given PKCE
// cookie ("" for none).
func (f *fixture) authenticate(token, verifier string) *httptest.ResponseRecorder {
	req := httptest.NewRequest("GET", "/authenticate?"+url.Values{"stytch_token_type": {"sso"}, "token": {token}}.Encode(), nil)
	if verifier != "" {
		req.AddCookie(&http.Cookie{Name: pkceCookie, Value: verifier})
	}
	rec := httptest.NewRecorder()
	f.handler.ServeHTTP(rec, req)
	return rec
}

func cookie(rec *httptest.ResponseRecorder, name string) *http.Cookie {
	for _, c := range rec.Result().Cookies() {
		if c.Name == name {
			return c
		}
	}
	return nil
}

func TestSSOConnectionSettings(t *testing.T) {
	f := newFixture(t)
	// Stytch refuses a member without create on stytch.sso.
	rec := f.do("POST", "/settings/sso", f.bob.SessionJWT, url.Values{"display_name": {"Bob's IdP"}})
	if rec.Code != http.StatusForbidden || !strings.Contains(rec.Body.String(), "session_authorization_error") {
		t.Errorf("POST /settings/sso as a member: %d %s", rec.Code, rec.Body)
	}

	id := f.addConnection(t)
	conns, err := f.ts.Client.SSO.GetConnections(context.Background(), &sso.GetConnectionsParams{OrganizationID: f.orgID})
	if err != nil {
		t.Fatal(err)
	}
	c := conns.SAMLConnections[0]
	if c.Status != "active" || c.DisplayName != "Acme IdP" || !strings.Contains(c.IdPEntityID, "/mock/idp/"+id) {
		t.Errorf("connection %+v is not active on the built-in IdP", c)
	}
	rec = f.do("GET", "/settings?sso=1", f.ada.SessionJWT, nil)
	for _, want := range []string{`id="sso-added"`, "Acme IdP", id, "active"} {
		if !strings.Contains(rec.Body.String(), want) {
			t.Errorf("the settings page lacks %q", want)
		}
	}
}

func TestSSOLogin(t *testing.T) {
	f := newFixture(t)
	id := f.addConnection(t)

	rec := f.do("POST", "/sso", "", url.Values{"slug": {"acme"}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("POST /sso: %d %s", rec.Code, rec.Body)
	}
	start, err := url.Parse(rec.Header().Get("Location"))
	if err != nil {
		t.Fatal(err)
	}
	pkce := cookie(rec, pkceCookie)
	if pkce == nil || !pkce.HttpOnly || pkce.Value == "" {
		t.Fatalf("no HttpOnly PKCE cookie: %v", rec.Result().Cookies())
	}
	q := start.Query()
	if base := strings.TrimSuffix(start.String(), "?"+start.RawQuery); base != f.ts.URL+"/v1/public/sso/start" {
		t.Errorf("SSO starts at %s", base)
	}
	if q.Get("connection_id") != id || q.Get("public_token") != f.ts.PublicToken || q.Get("login_redirect_url") != "http://127.0.0.1:3000/authenticate" ||
		q.Get("pkce_code_challenge") != oauth2.S256ChallengeFromVerifier(pkce.Value) {
		t.Errorf("start URL query %v", q)
	}

	// The sign-in at the IdP, run in-process; the token comes back to the
	// redirect URL. Linus is no member yet: SSO JIT provisioning adds him.
	login := func() string {
		return f.ts.SSOLogin(t, mockserver.SSOLoginParams{ConnectionID: id, Email: "linus@acme.test", Name: "Linus",
			LoginRedirectURL: q.Get("login_redirect_url"), PKCECodeChallenge: q.Get("pkce_code_challenge")}).Token
	}
	// Without the verifier (another browser), Stytch refuses the token.
	if rec := f.authenticate(login(), ""); rec.Code < 400 || rec.Code >= 500 || cookie(rec, sessionCookie) != nil {
		t.Errorf("SSO token without the PKCE verifier: %d %s", rec.Code, rec.Body)
	}

	token := login()
	rec = f.authenticate(token, pkce.Value)
	wantRedirect(t, rec, "/org")
	jwt := cookie(rec, sessionCookie)
	if jwt == nil || jwt.Value == "" {
		t.Fatal("no session cookie after the SSO login")
	}
	if c := cookie(rec, pkceCookie); c == nil || c.MaxAge >= 0 {
		t.Error("the PKCE cookie was not cleared")
	}
	page := f.do("GET", "/org", jwt.Value, nil)
	if page.Code != http.StatusOK || !strings.Contains(page.Body.String(), "linus@acme.test (you)") {
		t.Errorf("members page after SSO: %d %s", page.Code, page.Body)
	}

	// The token is single use.
	if rec := f.authenticate(token, pkce.Value); rec.Code != http.StatusNotFound {
		t.Errorf("a used SSO token: %d, want 404", rec.Code)
	}
}

func TestSSOLoginRefused(t *testing.T) {
	f := newFixture(t)
	if _, err := f.ts.Client.Organizations.Create(context.Background(), &organizations.CreateParams{OrganizationName: "Beta", OrganizationSlug: "beta"}); err != nil {
		t.Fatal(err)
	}
	for slug, want := range map[string]string{"": "Please enter your organization", "nobody": "No organization has the slug", "beta": "Beta has no active SSO connection"} {
		rec := f.do("POST", "/sso", "", url.Values{"slug": {slug}})
		if rec.Code < 400 || !strings.Contains(rec.Body.String(), want) {
			t.Errorf("POST /sso slug %q: %d %s", slug, rec.Code, rec.Body)
		}
	}
	// Without the project's public token there is no start URL to send the browser to.
	a, err := newApp(f.ts.Client, "http://127.0.0.1:3000/authenticate", "", slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	req := httptest.NewRequest("POST", "/sso", strings.NewReader("slug=acme"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	a.routes().ServeHTTP(rec, req)
	if rec.Code != http.StatusServiceUnavailable || !strings.Contains(rec.Body.String(), "public token") {
		t.Errorf("POST /sso without a public token: %d %s", rec.Code, rec.Body)
	}
	if rec := f.authenticate("bad", ""); rec.Code != http.StatusNotFound {
		t.Errorf("a bad SSO token: %d, want 404", rec.Code)
	}
}
