package otps_test

import (
	"context"
	"fmt"
	"net/http/httptest"

	"github.com/stytchkit/stytch-go/b2b"
	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/b2b/otps"
	"github.com/stytchkit/stytch-go/mockserver"
	"github.com/stytchkit/stytch-go/stytchapi"
)

// A member logs in with an emailed code: LoginOrSignup sends it (the mock's
// outbox holds it), and Authenticate checks it and starts the session.
func ExampleEmailClient_Authenticate() {
	srv := mockserver.New(mockserver.Options{})
	hs := httptest.NewServer(srv)
	defer hs.Close()
	creds, _ := srv.CreateProject("test")
	client, _ := b2b.NewClient(creds.ProjectID, creds.Secret, stytchapi.WithBaseURL(hs.URL))
	ctx := context.Background()

	org, _ := client.Organizations.Create(ctx, &organizations.CreateParams{
		OrganizationName: "Acme", OrganizationSlug: "acme",
		EmailJITProvisioning: organizations.Restricted, EmailAllowedDomains: []string{"acme.com"},
	})
	orgID := org.Organization.OrganizationID
	sent, err := client.OTPs.Email.LoginOrSignup(ctx, &otps.EmailLoginOrSignupParams{OrganizationID: orgID, EmailAddress: "ada@acme.com"})
	if err != nil {
		panic(err)
	}
	fmt.Println("created:", sent.MemberCreated)

	msg, _ := srv.Outbox(creds.ProjectID).Last("ada@acme.com")
	fmt.Println("code digits:", len(msg.Code))

	auth, err := client.OTPs.Email.Authenticate(ctx, &otps.EmailAuthenticateParams{OrganizationID: orgID, EmailAddress: "ada@acme.com", Code: msg.Code})
	if err != nil {
		panic(err)
	}
	fmt.Println("authenticated:", auth.MemberAuthenticated, auth.Member.Status, auth.Member.EmailAddressVerified)
	fmt.Println("factor:", auth.MemberSession.AuthenticationFactors[0].Type)
	// Output:
	// created: true
	// code digits: 6
	// authenticated: true active true
	// factor: email_otp
}
