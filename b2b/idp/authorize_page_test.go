package idp_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/stytchkit/stytch-go/mockserver"
)

// pageClient is a browser-like client: it keeps redirects to itself, so a
// test sees where the authorization endpoint sends the browser.
func pageClient(ts *mockserver.TestServer) *http.Client {
	c := *ts.HTTP.Client()
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &c
}

// pageDo sends a request to the authorization page as a same-origin
// browser would (Origin names the mock) unless origin says otherwise, and
// returns the status, the Location and the body.
func pageDo(t *testing.T, ts *mockserver.TestServer, method, target string, form url.Values, cookie, origin string) (int, string, string) {
	t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, target, body)
	if err != nil {
		t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if origin == "" {
		origin = ts.URL
	}
	req.Header.Set("Origin", origin)
	if cookie != "" {
		req.AddCookie(&http.Cookie{Name: "stytch_session", Value: cookie})
	}
	resp, err := pageClient(ts).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header.Get("Location"), string(b)
}

// errorType is the error_type of a JSON error body.
func errorType(body string) string {
	var e struct {
		ErrorType string `json:"error_type"`
	}
	_ = json.Unmarshal([]byte(body), &e)
	return e.ErrorType
}

// The whole code flow starts at the mock's own authorization endpoint,
// which OIDC discovery names: a third-party app shows the consent page to
// the member signed in by cookie, Allow redirects with code and state, and
// x/oauth2 redeems the code with PKCE. A second authorization needs no
// consent; prompt=consent asks again, and Deny redirects with
// access_denied.
func TestAuthorizePageCodeFlow(t *testing.T) {
	ts := mockserver.Start(t)
	ctx := oidc.ClientContext(context.Background(), ts.HTTP.Client())
	_, memberID, sess := member(t, ts)
	const redirect = "http://127.0.0.1:9999/callback"
	app := ts.CreateConnectedApp(t, mockserver.ConnectedAppParams{ClientType: mockserver.ClientThirdParty, ClientName: "Partner <Reports>",
		RedirectURLs: []string{redirect}, CustomScopes: []string{"read:reports"}})
	provider, err := oidc.NewProvider(ctx, ts.IssuerURL())
	if err != nil {
		t.Fatal(err)
	}
	if provider.Endpoint().AuthURL != ts.IssuerURL()+"/oauth2/authorize" {
		t.Fatalf("authorization_endpoint = %q", provider.Endpoint().AuthURL)
	}
	conf := oauth2.Config{ClientID: app.ClientID, ClientSecret: app.ClientSecret, Endpoint: provider.Endpoint(), RedirectURL: redirect,
		Scopes: []string{oidc.ScopeOpenID, "email", "read:reports", "full_access"}}
	verifier := oauth2.GenerateVerifier()
	authURL := conf.AuthCodeURL("st4te", oauth2.S256ChallengeOption(verifier), oidc.Nonce("n0nce"))

	// No session: the page asks for one and issues nothing.
	status, loc, body := pageDo(t, ts, http.MethodGet, authURL, nil, "", "")
	if status != http.StatusOK || loc != "" || !strings.Contains(body, `id="session-form"`) {
		t.Fatalf("no session: %d %q %s", status, loc, body)
	}
	// The session cookie: the consent page names the app, the member and
	// the scopes, and says full_access is not available to a third party.
	status, _, body = pageDo(t, ts, http.MethodGet, authURL, nil, sess.SessionToken, "")
	for _, want := range []string{"Partner &lt;Reports&gt;", "ada@acme.com", "Acme", `data-scope="read:reports"`, "not available to this app", `id="allow"`} {
		if status != http.StatusOK || !strings.Contains(body, want) {
			t.Fatalf("consent page (%d) lacks %q:\n%s", status, want, body)
		}
	}
	if strings.Contains(body, sess.SessionToken) {
		t.Fatal("the consent page shows the session token of a cookie")
	}
	status, loc, _ = pageDo(t, ts, http.MethodPost, authURL, url.Values{"decision": {"allow"}}, sess.SessionToken, "")
	back, err := url.Parse(loc)
	if status != http.StatusFound || err != nil || !strings.HasPrefix(loc, redirect+"?") || back.Query().Get("state") != "st4te" || back.Query().Get("code") == "" {
		t.Fatalf("allow: %d %q", status, loc)
	}
	tok, err := conf.Exchange(ctx, back.Query().Get("code"), oauth2.VerifierOption(verifier))
	if err != nil {
		t.Fatalf("token: %v", err)
	}
	if tok.Extra("scope") != "openid email read:reports" {
		t.Fatalf("granted scope = %v", tok.Extra("scope"))
	}
	idt, err := provider.Verifier(&oidc.Config{ClientID: app.ClientID}).Verify(ctx, tok.Extra("id_token").(string))
	if err != nil || idt.Subject != memberID || idt.Nonce != "n0nce" {
		t.Fatalf("ID token: %+v (%v)", idt, err)
	}

	// Consent given: the next authorization (session in the form, as a JWT)
	// redirects at once.
	again := conf.AuthCodeURL("s2", oauth2.S256ChallengeOption(verifier))
	status, loc, _ = pageDo(t, ts, http.MethodPost, again, url.Values{"session_jwt": {sess.SessionJWT}}, "", "")
	if status != http.StatusFound || !strings.Contains(loc, "code=") || !strings.Contains(loc, "state=s2") {
		t.Fatalf("consented app: %d %q", status, loc)
	}
	// prompt=consent asks again; the form carries the session it was given.
	prompted := conf.AuthCodeURL("s3", oauth2.S256ChallengeOption(verifier), oauth2.SetAuthURLParam("prompt", "consent"))
	status, _, body = pageDo(t, ts, http.MethodPost, prompted, url.Values{"session_token": {sess.SessionToken}}, "", "")
	if status != http.StatusOK || !strings.Contains(body, "asked for your consent again") || !strings.Contains(body, `name="session_token"`) {
		t.Fatalf("prompt=consent: %d %s", status, body)
	}
	status, loc, _ = pageDo(t, ts, http.MethodPost, prompted, url.Values{"session_token": {sess.SessionToken}, "decision": {"deny"}}, "", "")
	back, _ = url.Parse(loc)
	if status != http.StatusFound || back.Query().Get("error") != "access_denied" || back.Query().Get("code") != "" || back.Query().Get("state") != "s3" {
		t.Fatalf("deny: %d %q", status, loc)
	}
}

// A first-party app needs no consent: the page redirects at once.
func TestAuthorizePageFirstPartyRedirectsAtOnce(t *testing.T) {
	ts := mockserver.Start(t)
	ctx := context.Background()
	_, _, sess := member(t, ts)
	const redirect = "http://127.0.0.1:9999/cb"
	app := ts.CreateConnectedApp(t, mockserver.ConnectedAppParams{ClientType: mockserver.ClientFirstParty, ClientName: "CLI", RedirectURLs: []string{redirect}})
	conf := oauth2.Config{ClientID: app.ClientID, ClientSecret: app.ClientSecret, RedirectURL: redirect, Scopes: []string{"openid", "full_access"},
		Endpoint: oauth2.Endpoint{AuthURL: ts.IssuerURL() + "/oauth2/authorize", TokenURL: ts.IssuerURL() + "/oauth2/token", AuthStyle: oauth2.AuthStyleInHeader}}
	status, loc, _ := pageDo(t, ts, http.MethodGet, conf.AuthCodeURL("x"), nil, sess.SessionToken, "")
	back, _ := url.Parse(loc)
	if status != http.StatusFound || back.Query().Get("code") == "" {
		t.Fatalf("first party: %d %q", status, loc)
	}
	tok, err := conf.Exchange(oidc.ClientContext(ctx, ts.HTTP.Client()), back.Query().Get("code"))
	if err != nil || tok.Extra("scope") != "openid full_access" {
		t.Fatalf("token: %+v (%v)", tok, err)
	}
}

// The page refuses what Stytch refuses, and never redirects to an address
// the app did not register.
func TestAuthorizePageRefusals(t *testing.T) {
	ts := mockserver.Start(t)
	_, _, sess := member(t, ts)
	const redirect = "https://partner.example.com/cb"
	app := ts.CreateConnectedApp(t, mockserver.ConnectedAppParams{ClientType: mockserver.ClientThirdParty, ClientName: "Partner", RedirectURLs: []string{redirect}})
	authURL := func(mod func(url.Values)) string {
		q := url.Values{"client_id": {app.ClientID}, "redirect_uri": {redirect}, "response_type": {"code"}, "scope": {"openid"}, "state": {"s"}}
		mod(q)
		return ts.IssuerURL() + "/oauth2/authorize?" + q.Encode()
	}
	allow := url.Values{"decision": {"allow"}}
	for _, c := range []struct {
		name, method, target, cookie, origin string
		form                                 url.Values
		status                               int
		errType                              string
	}{
		{"unknown client", http.MethodGet, authURL(func(q url.Values) { q.Set("client_id", "connected-app-test-nope") }), sess.SessionToken, "", nil, 404, "connected_app_not_found"},
		{"unregistered redirect_uri", http.MethodGet, authURL(func(q url.Values) { q.Set("redirect_uri", "https://evil.example.com/cb") }), sess.SessionToken, "", nil, 400, "connected_app_supplied_redirect_url_not_found_in_client"},
		{"unregistered redirect_uri without session", http.MethodGet, authURL(func(q url.Values) { q.Set("redirect_uri", "https://evil.example.com/cb") }), "", "", nil, 400, "connected_app_supplied_redirect_url_not_found_in_client"},
		{"no session on allow", http.MethodPost, authURL(func(url.Values) {}), "", "", allow, 400, "no_oauth_authorize_member_selector"},
		{"bad session cookie", http.MethodGet, authURL(func(url.Values) {}), "not-a-session-token", "", nil, 404, "session_not_found"},
		{"bad session in the form", http.MethodPost, authURL(func(url.Values) {}), "", "", url.Values{"session_token": {"nope"}, "decision": {"allow"}}, 404, "session_not_found"},
		{"cross-site post", http.MethodPost, authURL(func(url.Values) {}), sess.SessionToken, "https://evil.example.com", allow, 403, "unauthorized_action"},
		{"plain PKCE", http.MethodGet, authURL(func(q url.Values) {
			q.Set("code_challenge", strings.Repeat("a", 43))
			q.Set("code_challenge_method", "plain")
		}), sess.SessionToken, "", nil, 400, "invalid_pkce_code_challenge"},
		{"unknown decision", http.MethodPost, authURL(func(url.Values) {}), sess.SessionToken, "", url.Values{"decision": {"maybe"}}, 400, "bad_request"},
	} {
		status, loc, body := pageDo(t, ts, c.method, c.target, c.form, c.cookie, c.origin)
		if status != c.status || loc != "" || errorType(body) != c.errType {
			t.Errorf("%s: %d %q %s, want %d %s", c.name, status, loc, body, c.status, c.errType)
		}
	}
	// Deny on the consent page: access_denied, no code.
	status, loc, _ := pageDo(t, ts, http.MethodPost, authURL(func(url.Values) {}), url.Values{"decision": {"deny"}}, sess.SessionToken, "")
	back, _ := url.Parse(loc)
	if status != http.StatusFound || back.Query().Get("error") != "access_denied" || back.Query().Get("code") != "" {
		t.Fatalf("deny: %d %q", status, loc)
	}
}

// A project that names its own consent page keeps it in discovery.
func TestAuthorizePageDiscoveryOverride(t *testing.T) {
	ts := mockserver.Start(t)
	ts.SetAuthorizationURL(t, "https://app.example.com/consent")
	p, err := oidc.NewProvider(oidc.ClientContext(context.Background(), ts.HTTP.Client()), ts.IssuerURL())
	if err != nil || p.Endpoint().AuthURL != "https://app.example.com/consent" {
		t.Fatalf("authorization_endpoint = %q (%v)", p.Endpoint().AuthURL, err)
	}
}
