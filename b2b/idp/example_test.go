package idp_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"net/url"

	"github.com/stytchkit/stytch-go/b2b"
	"github.com/stytchkit/stytch-go/b2b/idp"
	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/mockserver"
	"github.com/stytchkit/stytch-go/stytchapi"
)

// Your consent page, backed by Stytch as the OAuth 2.0 authorization
// server of a connected app: AuthorizeStart says whether the member must
// consent (a first-party app needs none), and Authorize issues the
// authorization code the app then trades at the token endpoint.
func ExampleOAuthClient_Authorize() {
	srv := mockserver.New(mockserver.Options{})
	hs := httptest.NewServer(srv)
	defer hs.Close()
	creds, err := srv.CreateProject("test")
	if err != nil {
		panic(err)
	}
	client, err := b2b.NewClient(creds.ProjectID, creds.Secret, stytchapi.WithBaseURL(hs.URL))
	if err != nil {
		panic(err)
	}
	ctx := context.Background()
	org, err := client.Organizations.Create(ctx, &organizations.CreateParams{OrganizationName: "Acme", OrganizationSlug: "acme"})
	if err != nil {
		panic(err)
	}
	member, err := client.Organizations.Members.Create(ctx, &organizations.MembersCreateParams{
		OrganizationID: org.Organization.OrganizationID, EmailAddress: "ada@acme.com",
	})
	if err != nil {
		panic(err)
	}
	app, err := srv.CreateConnectedApp(creds.ProjectID, mockserver.ConnectedAppParams{
		ClientType: mockserver.ClientFirstParty, ClientName: "Reports",
		RedirectURLs: []string{"https://reports.example.com/callback"},
	})
	if err != nil {
		panic(err)
	}

	who := idp.OAuthAuthorizeStartParams{
		ClientID: app.ClientID, RedirectURI: "https://reports.example.com/callback", ResponseType: "code",
		Scopes:         []string{"openid", "email"},
		OrganizationID: org.Organization.OrganizationID, MemberID: member.Member.MemberID,
	}
	start, err := client.IDP.OAuth.AuthorizeStart(ctx, &who)
	if err != nil {
		panic(err)
	}
	fmt.Println("app:", start.Client.ClientName, "consent required:", start.ConsentRequired)

	res, err := client.IDP.OAuth.Authorize(ctx, &idp.OAuthAuthorizeParams{
		ConsentGranted: true, Scopes: who.Scopes, ClientID: who.ClientID, RedirectURI: who.RedirectURI,
		ResponseType: "code", OrganizationID: who.OrganizationID, MemberID: who.MemberID, State: "xyz",
	})
	if err != nil {
		panic(err)
	}
	back, err := url.Parse(res.RedirectURI)
	if err != nil {
		panic(err)
	}
	fmt.Println("redirect:", back.Host+back.Path, "state:", back.Query().Get("state"))
	fmt.Println("code issued:", res.AuthorizationCode != "" && back.Query().Get("code") == res.AuthorizationCode)
	// Output:
	// app: Reports consent required: false
	// redirect: reports.example.com/callback state: xyz
	// code issued: true
}
