package idp_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/stytchkit/stytch-go/b2b/idp"
	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/b2b/sessions"
	"github.com/stytchkit/stytch-go/mockserver"
	"github.com/stytchkit/stytch-go/stytchapi"
)

// member creates an organization with one active member and logs it in.
func member(t *testing.T, ts *mockserver.TestServer) (orgID, memberID string, sess mockserver.SessionFixture) {
	t.Helper()
	ctx := context.Background()
	org, err := ts.Client.Organizations.Create(ctx, &organizations.CreateParams{OrganizationName: "Acme", OrganizationSlug: "acme"})
	if err != nil {
		t.Fatal(err)
	}
	m, err := ts.Client.Organizations.Members.Create(ctx, &organizations.MembersCreateParams{
		OrganizationID: org.Organization.OrganizationID, EmailAddress: "ada@acme.com", Name: "Ada Lovelace",
	})
	if err != nil {
		t.Fatal(err)
	}
	sess = ts.LoginMember(t, mockserver.SessionFixtureParams{OrganizationID: org.Organization.OrganizationID, MemberID: m.MemberID})
	return org.Organization.OrganizationID, m.MemberID, sess
}

// A real relying party (go-oidc + x/oauth2) runs the whole code flow
// against the mock: discovery, the authorization step through the SDK (as
// the app's consent page would), token with PKCE, ID-token verification,
// userinfo, refresh, network and local introspection, and the access
// token's exchange for a session.
func TestRelyingPartyCodeFlow(t *testing.T) {
	ts := mockserver.Start(t)
	ctx := oidc.ClientContext(context.Background(), ts.HTTP.Client())
	_, memberID, sess := member(t, ts)
	const redirect = "http://127.0.0.1:9999/callback"
	ts.SetAuthorizationURL(t, "https://app.example.com/consent")
	app := ts.CreateConnectedApp(t, mockserver.ConnectedAppParams{ClientType: mockserver.ClientFirstParty, ClientName: "CLI", RedirectURLs: []string{redirect}})
	if app.ClientSecret == "" {
		t.Fatal("a confidential app got no secret")
	}

	provider, err := oidc.NewProvider(ctx, ts.IssuerURL())
	if err != nil {
		t.Fatalf("discovery: %v", err)
	}
	if provider.Endpoint().AuthURL != "https://app.example.com/consent" {
		t.Fatalf("authorization_endpoint = %q", provider.Endpoint().AuthURL)
	}
	conf := oauth2.Config{ClientID: app.ClientID, ClientSecret: app.ClientSecret, Endpoint: provider.Endpoint(), RedirectURL: redirect,
		Scopes: []string{oidc.ScopeOpenID, "email", "profile", oidc.ScopeOfflineAccess, "full_access"}}
	verifier := oauth2.GenerateVerifier()
	authURL, err := url.Parse(conf.AuthCodeURL("st4te", oauth2.S256ChallengeOption(verifier), oidc.Nonce("n0nce")))
	if err != nil {
		t.Fatal(err)
	}
	q := authURL.Query()

	// The app's consent page: the member is signed in with a session.
	start, err := ts.Client.IDP.OAuth.AuthorizeStart(ctx, &idp.OAuthAuthorizeStartParams{
		ClientID: q.Get("client_id"), RedirectURI: q.Get("redirect_uri"), ResponseType: q.Get("response_type"),
		Scopes: strings.Fields(q.Get("scope")), SessionToken: sess.SessionToken,
	})
	if err != nil {
		t.Fatal(err)
	}
	if start.MemberID != memberID || start.ConsentRequired || start.Client.ClientID != app.ClientID || len(start.ScopeResults) != 5 {
		t.Fatalf("authorize start = %+v", start)
	}
	authz, err := ts.Client.IDP.OAuth.Authorize(ctx, &idp.OAuthAuthorizeParams{
		ConsentGranted: true, ClientID: q.Get("client_id"), RedirectURI: q.Get("redirect_uri"), ResponseType: "code",
		Scopes: strings.Fields(q.Get("scope")), SessionJWT: sess.SessionJWT, State: q.Get("state"), Nonce: q.Get("nonce"),
		CodeChallenge: q.Get("code_challenge"),
	})
	if err != nil {
		t.Fatal(err)
	}
	back, err := url.Parse(authz.RedirectURI)
	if err != nil || back.Query().Get("state") != "st4te" || back.Query().Get("code") != authz.AuthorizationCode || authz.AuthorizationCode == "" {
		t.Fatalf("redirect = %q (%v)", authz.RedirectURI, err)
	}

	// A wrong verifier is refused and does not spend the code.
	if _, err := conf.Exchange(ctx, authz.AuthorizationCode, oauth2.VerifierOption(oauth2.GenerateVerifier())); err == nil {
		t.Fatal("a wrong code_verifier was accepted")
	}
	tok, err := conf.Exchange(ctx, authz.AuthorizationCode, oauth2.VerifierOption(verifier))
	if err != nil {
		t.Fatalf("token: %v", err)
	}
	if _, err := conf.Exchange(ctx, authz.AuthorizationCode, oauth2.VerifierOption(verifier)); err == nil {
		t.Fatal("an authorization code was redeemed twice")
	}
	rawID, _ := tok.Extra("id_token").(string)
	idt, err := provider.Verifier(&oidc.Config{ClientID: app.ClientID}).Verify(ctx, rawID)
	if err != nil {
		t.Fatalf("ID token: %v", err)
	}
	var idClaims struct {
		Email string `json:"email"`
		Name  string `json:"name"`
	}
	if err := idt.Claims(&idClaims); err != nil || idt.Subject != memberID || idt.Nonce != "n0nce" || idClaims.Email != "ada@acme.com" || idClaims.Name != "Ada Lovelace" {
		t.Fatalf("ID token claims: sub %q nonce %q %+v (%v)", idt.Subject, idt.Nonce, idClaims, err)
	}

	ui, err := provider.UserInfo(ctx, oauth2.StaticTokenSource(tok))
	if err != nil || ui.Subject != memberID || ui.Email != "ada@acme.com" {
		t.Fatalf("userinfo = %+v (%v)", ui, err)
	}

	// Introspection, over the network and locally.
	in, err := ts.Client.IDP.IntrospectTokenNetwork(ctx, &idp.IntrospectTokenNetworkParams{Token: tok.AccessToken, ClientID: app.ClientID, ClientSecret: app.ClientSecret})
	if err != nil || !in.Active || in.Sub != memberID || in.ClientID != app.ClientID || in.TokenType != "access_token" || in.Exp == nil {
		t.Fatalf("introspection = %+v (%v)", in, err)
	}
	local, err := ts.Client.IDP.IntrospectTokenLocal(ctx, tok.AccessToken, &idp.IntrospectTokenLocalOptions{RequiredScopes: []string{"full_access"}})
	if err != nil || local.Subject != memberID || local.ClientID != app.ClientID || local.Issuer != ts.IssuerURL() {
		t.Fatalf("local introspection = %+v (%v)", local, err)
	}
	if _, err := ts.Client.IDP.IntrospectTokenLocal(ctx, tok.AccessToken, &idp.IntrospectTokenLocalOptions{RequiredScopes: []string{"admin"}}); !errors.Is(err, idp.ErrMissingScope) {
		t.Fatalf("missing scope: %v", err)
	}
	wrong, err := ts.Client.IDP.IntrospectTokenNetwork(ctx, &idp.IntrospectTokenNetworkParams{Token: tok.AccessToken, ClientID: app.ClientID, ClientSecret: "nope"})
	var se *stytchapi.Error
	if !errors.As(err, &se) || se.StatusCode != http.StatusUnauthorized {
		t.Fatalf("wrong secret: %+v, %v", wrong, err)
	}

	// Refresh: a new access token; the old refresh token is spent.
	refreshed, err := conf.TokenSource(ctx, &oauth2.Token{RefreshToken: tok.RefreshToken, Expiry: time.Now().Add(-time.Minute)}).Token()
	if err != nil || refreshed.AccessToken == "" || refreshed.AccessToken == tok.AccessToken || refreshed.RefreshToken == tok.RefreshToken {
		t.Fatalf("refresh = %+v (%v)", refreshed, err)
	}
	if _, err := conf.TokenSource(ctx, &oauth2.Token{RefreshToken: tok.RefreshToken}).Token(); err == nil {
		t.Fatal("a spent refresh token was accepted")
	}

	// A first-party full_access token becomes a session, once.
	ex, err := ts.Client.Sessions.ExchangeAccessToken(ctx, &sessions.ExchangeAccessTokenParams{AccessToken: tok.AccessToken})
	if err != nil || ex.MemberID != memberID || ex.SessionToken == "" {
		t.Fatalf("exchange = %+v (%v)", ex, err)
	}
	if _, err := ts.Client.Sessions.ExchangeAccessToken(ctx, &sessions.ExchangeAccessTokenParams{AccessToken: tok.AccessToken}); !errors.As(err, &se) || se.ErrorType != "oauth_access_token_exchange_token_invalid_grant" {
		t.Fatalf("second exchange: %v", err)
	}
}

// A third-party public client needs consent and PKCE; refusing consent
// redirects with access_denied, and full_access is never grantable.
func TestThirdPartyConsentAndPKCE(t *testing.T) {
	ts := mockserver.Start(t)
	ctx := context.Background()
	orgID, memberID, _ := member(t, ts)
	const redirect = "https://partner.example.com/cb"
	app := ts.CreateConnectedApp(t, mockserver.ConnectedAppParams{ClientType: mockserver.ClientThirdPartyPublic, ClientName: "Partner",
		RedirectURLs: []string{redirect}, CustomScopes: []string{"read:reports"}})
	if app.ClientSecret != "" {
		t.Fatal("a public client got a secret")
	}
	base := idp.OAuthAuthorizeStartParams{ClientID: app.ClientID, RedirectURI: redirect, ResponseType: "code",
		Scopes: []string{"openid", "read:reports", "full_access"}, OrganizationID: orgID, MemberID: memberID}
	start, err := ts.Client.IDP.OAuth.AuthorizeStart(ctx, &base)
	if err != nil || !start.ConsentRequired || start.ScopeResults[2].IsGrantable || !start.ScopeResults[1].IsGrantable {
		t.Fatalf("start = %+v (%v)", start, err)
	}
	wantErr := func(name string, err error, typ string) {
		t.Helper()
		var se *stytchapi.Error
		if !errors.As(err, &se) || string(se.ErrorType) != typ {
			t.Fatalf("%s: err = %v, want %s", name, err, typ)
		}
	}
	bad := base
	bad.RedirectURI = "https://evil.example.com/cb"
	_, err = ts.Client.IDP.OAuth.AuthorizeStart(ctx, &bad)
	wantErr("foreign redirect", err, "connected_app_supplied_redirect_url_not_found_in_client")
	bad = base
	bad.Scopes = []string{"openid", "write:everything"}
	_, err = ts.Client.IDP.OAuth.AuthorizeStart(ctx, &bad)
	wantErr("unknown scope", err, "oauth_invalid_scope_requested")
	bad = base
	bad.MemberID = ""
	_, err = ts.Client.IDP.OAuth.AuthorizeStart(ctx, &bad)
	wantErr("no member", err, "no_oauth_authorize_member_selector")
	bad = base
	bad.ClientID = "connected-app-test-nope"
	_, err = ts.Client.IDP.OAuth.AuthorizeStart(ctx, &bad)
	wantErr("unknown app", err, "connected_app_not_found")

	params := idp.OAuthAuthorizeParams{ClientID: app.ClientID, RedirectURI: redirect, ResponseType: "code", Scopes: base.Scopes,
		OrganizationID: orgID, MemberID: memberID, State: "s"}
	_, err = ts.Client.IDP.OAuth.Authorize(ctx, &params)
	wantErr("public client without PKCE", err, "pkce_required_for_idp_authorization_flow")
	verifier := oauth2.GenerateVerifier()
	params.CodeChallenge = oauth2.S256ChallengeFromVerifier(verifier)
	denied, err := ts.Client.IDP.OAuth.Authorize(ctx, &params)
	if err != nil || denied.AuthorizationCode != "" || !strings.Contains(denied.RedirectURI, "error=access_denied") {
		t.Fatalf("denied = %+v (%v)", denied, err)
	}
	params.ConsentGranted = true
	ok, err := ts.Client.IDP.OAuth.Authorize(ctx, &params)
	if err != nil || ok.AuthorizationCode == "" {
		t.Fatalf("authorize = %+v (%v)", ok, err)
	}
	// Consent is remembered.
	if again, err := ts.Client.IDP.OAuth.AuthorizeStart(ctx, &base); err != nil || again.ConsentRequired {
		t.Fatalf("start after consent = %+v (%v)", again, err)
	}
	conf := oauth2.Config{ClientID: app.ClientID, RedirectURL: redirect, Endpoint: oauth2.Endpoint{
		TokenURL: ts.IssuerURL() + "/oauth2/token", AuthStyle: oauth2.AuthStyleInParams}}
	tok, err := conf.Exchange(ctx, ok.AuthorizationCode, oauth2.VerifierOption(verifier))
	if err != nil {
		t.Fatal(err)
	}
	if s, _ := tok.Extra("scope").(string); s != "openid read:reports" {
		t.Fatalf("granted scope = %q", s)
	}
	// A third-party token is never exchanged for a session.
	_, err = ts.Client.Sessions.ExchangeAccessToken(ctx, &sessions.ExchangeAccessTokenParams{AccessToken: tok.AccessToken})
	wantErr("third-party exchange", err, "oauth_access_token_exchange_token_invalid_grant")
	// The form-encoded introspection of a public client.
	resp, err := http.PostForm(ts.IssuerURL()+"/oauth2/introspect", url.Values{"token": {tok.AccessToken}, "client_id": {app.ClientID}})
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("form introspection: %v %v", resp, err)
	}
	var got struct {
		Active bool   `json:"active"`
		Scope  string `json:"scope"`
	}
	derr := json.NewDecoder(resp.Body).Decode(&got)
	resp.Body.Close()
	if derr != nil || !got.Active || got.Scope != "openid read:reports" {
		t.Fatalf("form introspection = %+v (%v)", got, derr)
	}
}
