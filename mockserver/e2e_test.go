package mockserver_test

import (
	"testing"

	"golang.org/x/crypto/bcrypt"

	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/b2b/otps"
	"github.com/stytchkit/stytch-go/b2b/passwords"
	"github.com/stytchkit/stytch-go/b2b/sessions"
	"github.com/stytchkit/stytch-go/internal/apitest"
	"github.com/stytchkit/stytch-go/mockserver"
	"github.com/stytchkit/stytch-go/stytchapi"
)

// A backend's whole story across areas: a member migrated with a bcrypt
// hash signs in with their password into an organization that requires MFA,
// gets the SMS Stytch sends on its own, completes MFA, and the resulting
// session JWT validates locally with both factors; deleting the member ends
// the session.
func TestPasswordLoginWithSMSMFA(t *testing.T) {
	ts := mockserver.Start(t)
	org, err := ts.Client.Organizations.Create(ctx, &organizations.CreateParams{
		OrganizationName: "Acme", OrganizationSlug: "acme", MFAPolicy: organizations.MFAPolicyRequiredForAll,
	})
	if err != nil {
		t.Fatal(err)
	}
	orgID := org.Organization.OrganizationID
	hash, err := bcrypt.GenerateFromPassword([]byte("correct horse battery staple"), 4)
	if err != nil {
		t.Fatal(err)
	}
	mig, err := ts.Client.Passwords.Migrate(ctx, &passwords.MigrateParams{
		EmailAddress: "ada@acme.com", Hash: string(hash), HashType: "bcrypt", OrganizationID: orgID,
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ts.Client.Organizations.Members.Update(ctx, &organizations.MembersUpdateParams{
		OrganizationID: orgID, MemberID: mig.MemberID, MFAPhoneNumber: "+14155550123",
	}); err != nil {
		t.Fatal(err)
	}

	_, err = ts.Client.Passwords.Authenticate(ctx, &passwords.AuthenticateParams{OrganizationID: orgID, EmailAddress: "ada@acme.com", Password: "wrong password"})
	apitest.WantError(t, err, 401, stytchapi.ErrorTypeUnauthorizedCredentials)

	primary, err := ts.Client.Passwords.Authenticate(ctx, &passwords.AuthenticateParams{OrganizationID: orgID, EmailAddress: "ada@acme.com", Password: "correct horse battery staple"})
	if err != nil {
		t.Fatal(err)
	}
	if primary.MemberAuthenticated || primary.SessionToken != "" || primary.IntermediateSessionToken == "" ||
		primary.MFARequired == nil || primary.MFARequired.SecondaryAuthInitiated != "sms_otp" {
		t.Fatalf("password step: %+v", primary)
	}
	text, ok := ts.Outbox().Last("+14155550123")
	if !ok || text.Kind != "sms" || len(text.Code) != 6 {
		t.Fatalf("no SMS code in the outbox: %+v", text)
	}

	done, err := ts.Client.OTPs.SMS.Authenticate(ctx, &otps.SMSAuthenticateParams{
		OrganizationID: orgID, MemberID: mig.MemberID, Code: text.Code, IntermediateSessionToken: primary.IntermediateSessionToken,
	})
	if err != nil {
		t.Fatal(err)
	}
	if done.SessionJWT == "" || done.MemberSession == nil {
		t.Fatalf("MFA step: %+v", done)
	}
	types := map[string]bool{}
	for _, f := range done.MemberSession.AuthenticationFactors {
		types[f.Type] = true
	}
	if !types["password"] || !types["otp"] {
		t.Fatalf("session factors %+v, want password and otp", done.MemberSession.AuthenticationFactors)
	}
	// The intermediate session was consumed.
	_, err = ts.Client.OTPs.SMS.Authenticate(ctx, &otps.SMSAuthenticateParams{
		OrganizationID: orgID, MemberID: mig.MemberID, Code: text.Code, IntermediateSessionToken: primary.IntermediateSessionToken,
	})
	if err == nil {
		t.Fatal("the intermediate session and code were accepted twice")
	}

	claims, err := ts.Client.Sessions.AuthenticateJWTLocal(ctx, done.SessionJWT, &sessions.JWTOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if claims.MemberID != mig.MemberID || claims.OrganizationID != orgID {
		t.Fatalf("claims %+v", claims)
	}
	got, err := ts.Client.Organizations.Members.Get(ctx, &organizations.MembersGetParams{OrganizationID: orgID, MemberID: mig.MemberID})
	if err != nil || !got.Member.MFAPhoneNumberVerified || !got.Member.MFAEnrolled || got.Member.DefaultMFAMethod != "sms_otp" {
		t.Fatalf("member after MFA: %+v %v", got, err)
	}

	if _, err := ts.Client.Organizations.Members.Delete(ctx, &organizations.MembersDeleteParams{OrganizationID: orgID, MemberID: mig.MemberID}); err != nil {
		t.Fatal(err)
	}
	_, err = ts.Client.Sessions.Authenticate(ctx, &sessions.AuthenticateParams{SessionToken: done.SessionToken})
	apitest.WantError(t, err, 404, stytchapi.ErrorTypeSessionNotFound)
}
