package impersonation_test

import (
	"context"
	"fmt"
	"net/http/httptest"

	"github.com/stytchkit/stytch-go/b2b"
	"github.com/stytchkit/stytch-go/b2b/impersonation"
	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/mockserver"
	"github.com/stytchkit/stytch-go/stytchapi"
)

// A support engineer impersonates a member: the dashboard (here the mock's
// Impersonate) mints a token, and Authenticate turns it into a session of
// the member whose factor names the impersonator.
func ExampleClient_Authenticate() {
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
	m, err := client.Organizations.Members.Create(ctx, &organizations.MembersCreateParams{
		OrganizationID: org.Organization.OrganizationID, EmailAddress: "ada@acme.com",
	})
	if err != nil {
		panic(err)
	}
	tok, err := srv.Impersonate(creds.ProjectID, mockserver.ImpersonateParams{
		OrganizationID: org.Organization.OrganizationID, MemberID: m.MemberID,
		ImpersonatorEmailAddress: "support@example.com",
	})
	if err != nil {
		panic(err)
	}
	auth, err := client.Impersonation.Authenticate(ctx, &impersonation.AuthenticateParams{ImpersonationToken: tok})
	if err != nil {
		panic(err)
	}
	f := auth.MemberSession.AuthenticationFactors[0]
	fmt.Println(auth.MemberAuthenticated, f.Type, f.DeliveryMethod, f.ImpersonatedFactor.ImpersonatorEmailAddress)
	fmt.Println("lasts:", auth.MemberSession.ExpiresAt.Sub(*auth.MemberSession.StartedAt))

	_, err = client.Impersonation.Authenticate(ctx, &impersonation.AuthenticateParams{ImpersonationToken: tok})
	fmt.Println("again:", err != nil)
	// Output:
	// true impersonated impersonation support@example.com
	// lasts: 1h0m0s
	// again: true
}
