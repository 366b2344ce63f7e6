package magiclinks_test

import (
	"context"
	"fmt"
	"net/http/httptest"

	"github.com/stytchkit/stytch-go/b2b"
	"github.com/stytchkit/stytch-go/b2b/discovery"
	"github.com/stytchkit/stytch-go/b2b/magiclinks"
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

// A member signs up by email: the organization admits acme.com addresses,
// LoginOrSignup emails a signup link, and authenticating its token (which
// the mock's outbox holds) activates the member and starts a session.
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
	sent, err := client.MagicLinks.Email.LoginOrSignup(ctx, &magiclinks.EmailLoginOrSignupParams{
		OrganizationID: org.Organization.OrganizationID, EmailAddress: "ada@acme.com",
	})
	if err != nil {
		panic(err)
	}
	fmt.Println("created:", sent.MemberCreated, sent.Member.Status)

	msg, _ := srv.Outbox(projectID).Last("ada@acme.com")
	fmt.Println("email:", msg.Template)

	auth, err := client.MagicLinks.Authenticate(ctx, &magiclinks.AuthenticateParams{MagicLinksToken: msg.Token})
	if err != nil {
		panic(err)
	}
	fmt.Println("authenticated:", auth.MemberAuthenticated, auth.Member.Status, auth.Member.EmailAddressVerified)
	fmt.Println("factor:", auth.MemberSession.AuthenticationFactors[0].Type)
	// Output:
	// created: true pending
	// email: signup
	// authenticated: true active true
	// factor: magic_link
}

// Self-onboarding: a person with no organization logs in with a discovery
// link, and creates an organization named after their email domain, of
// which they are the first admin.
func Example_discoverySelfOnboarding() {
	srv, projectID, client, stop := exampleMock()
	defer stop()
	ctx := context.Background()

	if _, err := client.MagicLinks.Email.Discovery.Send(ctx, &magiclinks.EmailDiscoverySendParams{EmailAddress: "ada@acme.com"}); err != nil {
		panic(err)
	}
	msg, _ := srv.Outbox(projectID).Last("ada@acme.com")
	found, err := client.MagicLinks.Discovery.Authenticate(ctx, &magiclinks.DiscoveryAuthenticateParams{DiscoveryMagicLinksToken: msg.Token})
	if err != nil {
		panic(err)
	}
	fmt.Println("organizations found:", len(found.DiscoveredOrganizations))

	created, err := client.Discovery.Organizations.Create(ctx, &discovery.OrganizationsCreateParams{
		IntermediateSessionToken: found.IntermediateSessionToken,
	})
	if err != nil {
		panic(err)
	}
	fmt.Println("organization:", created.Organization.OrganizationName, created.Organization.OrganizationSlug)
	fmt.Println("admin:", created.Member.EmailAddress, created.Member.IsAdmin)

	claims, err := client.Sessions.AuthenticateJWTLocal(ctx, created.SessionJWT, nil)
	if err != nil {
		panic(err)
	}
	fmt.Println("session for the admin:", claims.MemberID == created.MemberID)
	// Output:
	// organizations found: 0
	// organization: Acme acme
	// admin: ada@acme.com true
	// session for the admin: true
}
