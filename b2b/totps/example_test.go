package totps_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha1" //nolint:gosec // RFC 6238 TOTP is defined over HMAC-SHA-1.
	"encoding/base32"
	"encoding/binary"
	"fmt"
	"time"

	"github.com/stytchkit/stytch-go/b2b"
	"github.com/stytchkit/stytch-go/b2b/magiclinks"
	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/b2b/totps"
	"github.com/stytchkit/stytch-go/mockserver"
	"github.com/stytchkit/stytch-go/stytchapi"
	"net/http/httptest"
)

// authenticatorApp computes an RFC 6238 code, as a phone app would.
func authenticatorApp(secret string, t time.Time) string {
	key, _ := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(secret)
	var msg [8]byte
	binary.BigEndian.PutUint64(msg[:], uint64(t.Unix()/30)) //nolint:gosec // after 1970
	m := hmac.New(sha1.New, key)
	m.Write(msg[:])
	sum := m.Sum(nil)
	off := sum[19] & 0x0f
	return fmt.Sprintf("%06d", binary.BigEndian.Uint32(sum[off:off+4])&0x7fffffff%1000000)
}

// A member enrols an authenticator app in an organization that requires
// MFA: the magic-link login stops with an intermediate session, TOTP
// Create returns the secret (and a QR code), and the first code both
// activates the registration and completes the login.
func Example_enrolAndLogin() {
	srv := mockserver.New(mockserver.Options{})
	hs := httptest.NewServer(srv)
	defer hs.Close()
	creds, _ := srv.CreateProject("test")
	client, _ := b2b.NewClient(creds.ProjectID, creds.Secret, stytchapi.WithBaseURL(hs.URL))
	ctx := context.Background()

	org, _ := client.Organizations.Create(ctx, &organizations.CreateParams{
		OrganizationName: "Acme", OrganizationSlug: "acme", MFAPolicy: organizations.MFAPolicyRequiredForAll,
		EmailJITProvisioning: organizations.Restricted, EmailAllowedDomains: []string{"acme.com"},
	})
	orgID := org.Organization.OrganizationID
	_, _ = client.MagicLinks.Email.LoginOrSignup(ctx, &magiclinks.EmailLoginOrSignupParams{OrganizationID: orgID, EmailAddress: "ada@acme.com"})
	msg, _ := srv.Outbox(creds.ProjectID).Last("ada@acme.com")
	login, err := client.MagicLinks.Authenticate(ctx, &magiclinks.AuthenticateParams{MagicLinksToken: msg.Token})
	if err != nil {
		panic(err)
	}
	fmt.Println("authenticated:", login.MemberAuthenticated, "mfa required:", login.MFARequired != nil)

	reg, err := client.TOTPs.Create(ctx, &totps.CreateParams{
		OrganizationID: orgID, MemberID: login.MemberID, IntermediateSessionToken: login.IntermediateSessionToken,
	})
	if err != nil {
		panic(err)
	}
	fmt.Println("recovery codes:", len(reg.RecoveryCodes))

	done, err := client.TOTPs.Authenticate(ctx, &totps.AuthenticateParams{
		OrganizationID: orgID, MemberID: login.MemberID, IntermediateSessionToken: login.IntermediateSessionToken,
		Code: authenticatorApp(reg.Secret, srv.Clock(creds.ProjectID).Now()),
	})
	if err != nil {
		panic(err)
	}
	for _, f := range done.MemberSession.AuthenticationFactors {
		fmt.Println("factor:", f.Type)
	}
	fmt.Println("member:", done.Member.Status, done.Member.MFAEnrolled, done.Member.DefaultMFAMethod)
	// Output:
	// authenticated: false mfa required: true
	// recovery codes: 10
	// factor: magic_link
	// factor: totp
	// member: active true totp
}
