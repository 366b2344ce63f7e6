package passwords_test

import (
	"context"
	"fmt"
	"net/http/httptest"

	"golang.org/x/crypto/bcrypt"

	"github.com/stytchkit/stytch-go/b2b"
	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/b2b/passwords"
	"github.com/stytchkit/stytch-go/mockserver"
	"github.com/stytchkit/stytch-go/stytchapi"
)

// exampleMock starts an in-process mock with one TEST project and returns
// the server, the project ID, a client and an organization admitting
// acme.com addresses.
func exampleMock() (*mockserver.Server, string, *b2b.Client, string, func()) {
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
	org, err := client.Organizations.Create(context.Background(), &organizations.CreateParams{
		OrganizationName: "Acme", OrganizationSlug: "acme",
		EmailJITProvisioning: organizations.Restricted, EmailAllowedDomains: []string{"acme.com"},
	})
	if err != nil {
		panic(err)
	}
	return srv, creds.ProjectID, client, org.Organization.OrganizationID, hs.Close
}

// Users of another system keep their passwords: Migrate imports the old
// system's hash (a bcrypt hash here) and the member logs in with the
// password it was made from.
func ExampleClient_Migrate() {
	_, _, client, orgID, stop := exampleMock()
	defer stop()
	ctx := context.Background()

	hash, _ := bcrypt.GenerateFromPassword([]byte("correct-horse-battery-staple"), bcrypt.MinCost)
	m, err := client.Passwords.Migrate(ctx, &passwords.MigrateParams{
		OrganizationID: orgID, EmailAddress: "ada@acme.com",
		HashType: passwords.HashBcrypt, Hash: string(hash),
	})
	if err != nil {
		panic(err)
	}
	fmt.Println("created:", m.MemberCreated, m.Member.Status, m.Member.EmailAddressVerified)

	auth, err := client.Passwords.Authenticate(ctx, &passwords.AuthenticateParams{
		OrganizationID: orgID, EmailAddress: "ada@acme.com", Password: "correct-horse-battery-staple",
	})
	if err != nil {
		panic(err)
	}
	fmt.Println("authenticated:", auth.MemberAuthenticated, auth.MemberSession.AuthenticationFactors[0].Type)
	// Output:
	// created: true active true
	// authenticated: true password
}

// A member who forgot their password (or a new one signing up with a
// password) asks for a reset email; the token from its link and a new
// password complete the reset and log the member in.
func Example_resetByEmail() {
	srv, projectID, client, orgID, stop := exampleMock()
	defer stop()
	ctx := context.Background()

	if _, err := client.Passwords.Email.ResetStart(ctx, &passwords.EmailResetStartParams{
		OrganizationID: orgID, EmailAddress: "ada@acme.com",
	}); err != nil {
		panic(err)
	}
	msg, _ := srv.Outbox(projectID).Last("ada@acme.com")
	fmt.Println("email:", msg.Template)

	reset, err := client.Passwords.Email.Reset(ctx, &passwords.EmailResetParams{
		PasswordResetToken: msg.Token, Password: "correct-horse-battery-staple",
	})
	if err != nil {
		panic(err)
	}
	fmt.Println("authenticated:", reset.MemberAuthenticated, reset.Member.Status, reset.Member.EmailAddressVerified)
	// Output:
	// email: reset_password
	// authenticated: true active true
}
