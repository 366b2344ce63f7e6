package oauth_test

import (
	"context"
	"fmt"
	"net/http/httptest"

	"github.com/stytchkit/stytch-go/b2b"
	"github.com/stytchkit/stytch-go/b2b/oauth"
	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/mockserver"
	"github.com/stytchkit/stytch-go/stytchapi"
)

// exampleMock starts an in-process mock with one TEST project and returns
// the server, the project ID and a client for it.
func exampleMock() (*mockserver.Server, string, *b2b.Client, func()) {
	srv := mockserver.New(mockserver.Options{})
	hs := httptest.NewServer(srv)
	creds, err := srv.CreateProject("test")
	if err != nil {
		panic(err)
	}
	client, err := b2b.NewClient(creds.ProjectID, creds.Secret, stytchapi.WithBaseURL(hs.URL))
	if err != nil {
		panic(err)
	}
	return srv, creds.ProjectID, client, hs.Close
}

// A person signs in with Google into an organization that admits their
// email domain: the member is provisioned just in time, Google vouches for
// the address (hosted domain), and the session's factor names the Google
// account. The mock's OAuthLogin stands in for Google's sign-in page.
func ExampleClient_Authenticate() {
	srv, projectID, client, stop := exampleMock()
	defer stop()
	ctx := context.Background()

	org, err := client.Organizations.Create(ctx, &organizations.CreateParams{
		OrganizationName: "Acme", OrganizationSlug: "acme",
		EmailJITProvisioning: organizations.Restricted, EmailAllowedDomains: []string{"acme.com"},
	})
	if err != nil {
		panic(err)
	}
	login, err := srv.OAuthLogin(projectID, mockserver.OAuthLoginParams{
		Provider: "google", Email: "ada@acme.com", Name: "Ada", TenantID: "acme.com",
		OrganizationID: org.Organization.OrganizationID,
	})
	if err != nil {
		panic(err)
	}
	auth, err := client.OAuth.Authenticate(ctx, &oauth.AuthenticateParams{OAuthToken: login.Token})
	if err != nil {
		panic(err)
	}
	fmt.Println("authenticated:", auth.MemberAuthenticated, auth.Member.Status, auth.Member.EmailAddressVerified)
	fmt.Println("provider:", auth.ProviderType, len(auth.Member.OAuthRegistrations))
	f := auth.MemberSession.AuthenticationFactors[0]
	fmt.Println("factor:", f.Type, f.DeliveryMethod)

	tokens, err := client.Organizations.Members.OAuthProviders.Google(ctx, &organizations.MembersOAuthProvidersParams{
		OrganizationID: org.Organization.OrganizationID, MemberID: auth.MemberID,
	})
	if err != nil {
		panic(err)
	}
	fmt.Println("stored Google token:", tokens.AccessToken == auth.ProviderValues.AccessToken)
	// Output:
	// authenticated: true active true
	// provider: Google 1
	// factor: oauth oauth_google
	// stored Google token: true
}

// A discovery login with Microsoft: the person has no organization yet, so
// the answer lists none, and the intermediate session can create one.
func ExampleDiscoveryClient_Authenticate() {
	srv, projectID, client, stop := exampleMock()
	defer stop()
	ctx := context.Background()

	login, err := srv.OAuthLogin(projectID, mockserver.OAuthLoginParams{
		Provider: "microsoft", Email: "ada@acme.com", Name: "Ada Lovelace", TenantID: "tenant-1", Discovery: true,
	})
	if err != nil {
		panic(err)
	}
	found, err := client.OAuth.Discovery.Authenticate(ctx, &oauth.DiscoveryAuthenticateParams{DiscoveryOAuthToken: login.Token})
	if err != nil {
		panic(err)
	}
	fmt.Println(found.EmailAddress, found.FullName, found.ProviderType, found.ProviderTenantID)
	fmt.Println("organizations found:", len(found.DiscoveredOrganizations))
	// Output:
	// ada@acme.com Ada Lovelace Microsoft tenant-1
	// organizations found: 0
}
