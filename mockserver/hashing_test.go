package mockserver_test

import (
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/b2b/passwords"
	"github.com/stytchkit/stytch-go/internal/apitest"
	"github.com/stytchkit/stytch-go/mockserver"
	"github.com/stytchkit/stytch-go/stytchapi"
)

// A slow password check (bcrypt at cost 13) runs outside the project's
// lock: reads of the same project answer while it runs, and the login
// still sees the state as it is when it applies (a password changed while
// the check ran is checked again).
func TestPasswordHashingOutsideTheLock(t *testing.T) {
	if testing.Short() {
		t.Skip("bcrypt at cost 13")
	}
	ts := mockserver.Start(t)
	org, err := ts.Client.Organizations.Create(ctx, &organizations.CreateParams{OrganizationName: "Acme", OrganizationSlug: "acme-hash"})
	if err != nil {
		t.Fatal(err)
	}
	orgID := org.Organization.OrganizationID
	hash, err := bcrypt.GenerateFromPassword([]byte("correct horse battery staple"), 13)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ts.Client.Passwords.Migrate(ctx, &passwords.MigrateParams{
		EmailAddress: "ada@acme.com", Hash: string(hash), HashType: "bcrypt", OrganizationID: orgID,
	}); err != nil {
		t.Fatal(err)
	}

	var loginTook time.Duration
	var loginErr error
	done := make(chan struct{})
	go func() {
		defer close(done)
		begin := time.Now()
		_, loginErr = ts.Client.Passwords.Authenticate(ctx, &passwords.AuthenticateParams{OrganizationID: orgID, EmailAddress: "ada@acme.com", Password: "correct horse battery staple"})
		loginTook = time.Since(begin)
	}()
	// Read the project for as long as the login runs.
	var slowest time.Duration
	for reading := true; reading; {
		select {
		case <-done:
			reading = false
		case <-time.After(10 * time.Millisecond):
			begin := time.Now()
			if _, err := ts.Client.Organizations.Get(ctx, &organizations.GetParams{OrganizationID: orgID}); err != nil {
				t.Fatal(err)
			}
			slowest = max(slowest, time.Since(begin))
		}
	}
	if loginErr != nil {
		t.Fatal(loginErr)
	}
	if slowest > loginTook/3 {
		t.Fatalf("a read took %v while a %v login ran: the hash held the project lock", slowest, loginTook)
	}

	// A wrong password is still refused, and counts as a failure.
	_, err = ts.Client.Passwords.Authenticate(ctx, &passwords.AuthenticateParams{OrganizationID: orgID, EmailAddress: "ada@acme.com", Password: "wrong"})
	apitest.WantError(t, err, 401, stytchapi.ErrorTypeUnauthorizedCredentials)
	// An unknown address costs a check too, and is refused the same way.
	_, err = ts.Client.Passwords.Authenticate(ctx, &passwords.AuthenticateParams{OrganizationID: orgID, EmailAddress: "nobody@acme.com", Password: "correct horse battery staple"})
	apitest.WantError(t, err, 401, stytchapi.ErrorTypeUnauthorizedCredentials)
}
