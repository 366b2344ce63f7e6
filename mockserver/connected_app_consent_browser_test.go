package mockserver_test

import (
	"context"
	"testing"

	"github.com/chromedp/chromedp"
	"golang.org/x/oauth2"

	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/mockserver"
)

// TestConnectedAppConsentInBrowser drives the authorization server's
// consent page with a real headless Chromium: the authorization endpoint
// asks for a member session, the consent page shows the third-party app,
// the member and the scopes (full_access marked as not available), Allow
// lands at the app with code and state, and x/oauth2 redeems the code with
// PKCE; a second authorization with prompt=consent is denied and lands with
// access_denied.
func TestConnectedAppConsentInBrowser(t *testing.T) {
	ts := mockserver.Start(t)
	org, err := ts.Client.Organizations.Create(ctx, &organizations.CreateParams{OrganizationName: "Acme Browsers", OrganizationSlug: "acme-browsers"})
	if err != nil {
		t.Fatal(err)
	}
	m, err := ts.Client.Organizations.Members.Create(ctx, &organizations.MembersCreateParams{OrganizationID: org.Organization.OrganizationID, EmailAddress: "ada@acme.com", Name: "Ada"})
	if err != nil {
		t.Fatal(err)
	}
	sess := ts.LoginMember(t, mockserver.SessionFixtureParams{OrganizationID: org.Organization.OrganizationID, MemberID: m.MemberID})
	redirect, wait := landingServer(t, "/callback")
	app := ts.CreateConnectedApp(t, mockserver.ConnectedAppParams{ClientType: mockserver.ClientThirdParty, ClientName: "Reports Partner",
		RedirectURLs: []string{redirect}, CustomScopes: []string{"read:reports"}})
	conf := oauth2.Config{ClientID: app.ClientID, ClientSecret: app.ClientSecret, RedirectURL: redirect,
		Scopes:   []string{"openid", "read:reports", "full_access"},
		Endpoint: oauth2.Endpoint{AuthURL: ts.IssuerURL() + "/oauth2/authorize", TokenURL: ts.IssuerURL() + "/oauth2/token", AuthStyle: oauth2.AuthStyleInHeader}}
	verifier := oauth2.GenerateVerifier()

	step := headlessBrowser(t, conf.AuthCodeURL("br0wser", oauth2.S256ChallengeOption(verifier)))
	step("the session form", chromedp.WaitVisible(chromedp.CSS("#session-form")))
	step("sign in with the member session",
		chromedp.SendKeys(chromedp.CSS("#session_token"), sess.SessionToken),
		chromedp.Click(chromedp.CSS("#continue")),
	)
	step("the consent page names the app, the member, the organization and the scopes",
		chromedp.WaitVisible(chromedp.Search(`//h1[@id="app-name"][text()="Reports Partner"]`)),
		chromedp.WaitVisible(chromedp.Search(`//strong[@id="member-email"][text()="ada@acme.com"]`)),
		chromedp.WaitVisible(chromedp.Search(`//strong[@id="organization-name"][text()="Acme Browsers"]`)),
		chromedp.WaitVisible(chromedp.CSS(`li[data-scope="read:reports"]`)),
		chromedp.WaitVisible(chromedp.Search(`//li[@data-scope="full_access"]/span[contains(text(), "not available")]`)),
	)
	step("allow", chromedp.Click(chromedp.CSS("#allow")), chromedp.WaitVisible(chromedp.CSS("#landed")))
	q := wait()
	if q.Get("state") != "br0wser" || q.Get("code") == "" || q.Get("error") != "" {
		t.Fatalf("allow landed with %v", q)
	}
	tok, err := conf.Exchange(context.WithValue(ctx, oauth2.HTTPClient, ts.HTTP.Client()), q.Get("code"), oauth2.VerifierOption(verifier))
	if err != nil || tok.AccessToken == "" || tok.Extra("scope") != "openid read:reports" {
		t.Fatalf("token: %+v (%v)", tok, err)
	}

	step("prompt=consent shows the page again; deny",
		chromedp.Navigate(conf.AuthCodeURL("again", oauth2.S256ChallengeOption(verifier), oauth2.SetAuthURLParam("prompt", "consent"))),
		chromedp.WaitVisible(chromedp.CSS("#session-form")),
		chromedp.SendKeys(chromedp.CSS("#session_jwt"), sess.SessionJWT),
		chromedp.Click(chromedp.CSS("#continue")),
		chromedp.WaitVisible(chromedp.CSS("#deny")),
		chromedp.Click(chromedp.CSS("#deny")),
		chromedp.WaitVisible(chromedp.CSS("#landed")),
	)
	q = wait()
	if q.Get("error") != "access_denied" || q.Get("code") != "" || q.Get("state") != "again" {
		t.Fatalf("deny landed with %v", q)
	}
}
