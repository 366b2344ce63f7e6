package totps_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stytchkit/stytch-go/b2b/magiclinks"
	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/b2b/otps"
	"github.com/stytchkit/stytch-go/b2b/recoverycodes"
	"github.com/stytchkit/stytch-go/b2b/totps"
	"github.com/stytchkit/stytch-go/internal/apitest"
	"github.com/stytchkit/stytch-go/mockserver"
	"github.com/stytchkit/stytch-go/stytchapi"
)

var ctx = context.Background()

// setup creates an organization (MFA optional) with one active member,
// logged in through the session fixture.
func setup(t *testing.T) (*mockserver.TestServer, string, string, mockserver.SessionFixture) {
	t.Helper()
	ts := mockserver.Start(t)
	org, err := ts.Client.Organizations.Create(ctx, &organizations.CreateParams{OrganizationName: "Acme", OrganizationSlug: "acme"})
	if err != nil {
		t.Fatal(err)
	}
	orgID := org.Organization.OrganizationID
	m, err := ts.Client.Organizations.Members.Create(ctx, &organizations.MembersCreateParams{OrganizationID: orgID, EmailAddress: "ada@acme.com"})
	if err != nil {
		t.Fatal(err)
	}
	// Activate the member with a magic-link login (the fixture needs an
	// active member).
	if _, err := ts.Client.MagicLinks.Email.LoginOrSignup(ctx, &magiclinks.EmailLoginOrSignupParams{OrganizationID: orgID, EmailAddress: "ada@acme.com"}); err != nil {
		t.Fatal(err)
	}
	link, _ := ts.Outbox().Last("ada@acme.com")
	if _, err := ts.Client.MagicLinks.Authenticate(ctx, &magiclinks.AuthenticateParams{MagicLinksToken: link.Token}); err != nil {
		t.Fatal(err)
	}
	sess := ts.LoginMember(t, mockserver.SessionFixtureParams{OrganizationID: orgID, MemberID: m.MemberID})
	return ts, orgID, m.MemberID, sess
}

// enrol creates and activates a TOTP for the member with the session and
// returns the create answer.
func enrol(t *testing.T, ts *mockserver.TestServer, orgID, memberID, token string) *totps.CreateResponse {
	t.Helper()
	created, err := ts.Client.TOTPs.Create(ctx, &totps.CreateParams{OrganizationID: orgID, MemberID: memberID, SessionToken: token})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ts.Client.TOTPs.Authenticate(ctx, &totps.AuthenticateParams{
		OrganizationID: orgID, MemberID: memberID, SessionToken: token, Code: apitest.TOTPCode(t, created.Secret, ts.Clock().Now()),
	}); err != nil {
		t.Fatal(err)
	}
	return created
}

func TestTOTPEnrolWithSessionThenLogin(t *testing.T) {
	ts, orgID, memberID, sess := setup(t)
	created, err := ts.Client.TOTPs.Create(ctx, &totps.CreateParams{OrganizationID: orgID, MemberID: memberID, SessionToken: sess.SessionToken})
	if err != nil {
		t.Fatal(err)
	}
	if len(created.Secret) != 32 || !strings.HasPrefix(created.QRCode, "data:image/png;base64,iVBOR") || len(created.RecoveryCodes) != 10 {
		t.Fatalf("create answer: secret %q, qr %.40q, %d recovery codes", created.Secret, created.QRCode, len(created.RecoveryCodes))
	}
	for _, c := range created.RecoveryCodes {
		if len(c) != 14 || c[4] != '-' || c[9] != '-' {
			t.Errorf("recovery code %q is not xxxx-xxxx-xxxx", c)
		}
	}
	if m := created.Member; m.TOTPRegistrationID != "" {
		t.Errorf("pending registration already on the member: %q", m.TOTPRegistrationID)
	}
	res, err := ts.Client.TOTPs.Authenticate(ctx, &totps.AuthenticateParams{
		OrganizationID: orgID, MemberID: memberID, SessionToken: sess.SessionToken, SetMFAEnrollment: "enroll",
		Code: apitest.TOTPCode(t, created.Secret, ts.Clock().Now()),
	})
	if err != nil {
		t.Fatal(err)
	}
	if res.Member.TOTPRegistrationID != created.TOTPRegistrationID || res.Member.DefaultMFAMethod != "totp" || !res.Member.MFAEnrolled {
		t.Errorf("member %+v, want the registration active, default totp, enrolled", res.Member)
	}
	if f := res.MemberSession.AuthenticationFactors; len(f) != 2 || f[1].Type != "totp" || f[1].AuthenticatorAppFactor == nil || f[1].AuthenticatorAppFactor.TOTPID != created.TOTPRegistrationID {
		t.Errorf("step-up factors %+v, want magic_link then totp", f)
	}
	if res.MemberSession.MemberSessionID != sess.MemberSession.MemberSessionID {
		t.Errorf("step-up started a new session")
	}
	// A second registration is refused while one is active.
	_, err = ts.Client.TOTPs.Create(ctx, &totps.CreateParams{OrganizationID: orgID, MemberID: memberID, SessionToken: res.SessionToken})
	apitest.WantError(t, err, http.StatusBadRequest, stytchapi.ErrorTypeActiveTOTPExists)

	// Login: the member is enrolled, so a magic link stops at MFA without an
	// SMS (no phone), and TOTP completes it.
	if _, err := ts.Client.MagicLinks.Email.LoginOrSignup(ctx, &magiclinks.EmailLoginOrSignupParams{OrganizationID: orgID, EmailAddress: "ada@acme.com"}); err != nil {
		t.Fatal(err)
	}
	link, _ := ts.Outbox().Last("ada@acme.com")
	ml, err := ts.Client.MagicLinks.Authenticate(ctx, &magiclinks.AuthenticateParams{MagicLinksToken: link.Token})
	if err != nil {
		t.Fatal(err)
	}
	if ml.MFARequired == nil || ml.MFARequired.MemberOptions == nil || ml.MFARequired.MemberOptions.TOTPRegistrationID != created.TOTPRegistrationID || ml.MFARequired.SecondaryAuthInitiated != "" {
		t.Fatalf("mfa_required %+v, want the TOTP option and no SMS", ml.MFARequired)
	}
	// The code of the step already used is refused; the next step works.
	used := apitest.TOTPCode(t, created.Secret, ts.Clock().Now())
	_, err = ts.Client.TOTPs.Authenticate(ctx, &totps.AuthenticateParams{OrganizationID: orgID, MemberID: memberID, IntermediateSessionToken: ml.IntermediateSessionToken, Code: used})
	apitest.WantError(t, err, http.StatusBadRequest, stytchapi.ErrorTypeTOTPCodeAlreadyAuthenticated)
	ts.Clock().Advance(30 * time.Second)
	login, err := ts.Client.TOTPs.Authenticate(ctx, &totps.AuthenticateParams{
		OrganizationID: orgID, MemberID: memberID, IntermediateSessionToken: ml.IntermediateSessionToken,
		Code: apitest.TOTPCode(t, created.Secret, ts.Clock().Now()),
	})
	if err != nil {
		t.Fatal(err)
	}
	if login.SessionToken == "" || len(login.MemberSession.AuthenticationFactors) != 2 || login.MemberSession.MemberSessionID == sess.MemberSession.MemberSessionID {
		t.Errorf("TOTP login %+v, want a new session with two factors", login.MemberSession)
	}
}

func TestTOTPErrors(t *testing.T) {
	ts, orgID, memberID, sess := setup(t)
	auth := func(code string) error {
		_, err := ts.Client.TOTPs.Authenticate(ctx, &totps.AuthenticateParams{OrganizationID: orgID, MemberID: memberID, SessionToken: sess.SessionToken, Code: code})
		return err
	}
	apitest.WantError(t, auth("123456"), http.StatusNotFound, stytchapi.ErrorTypeTOTPNotFound)
	_, err := ts.Client.TOTPs.Create(ctx, &totps.CreateParams{OrganizationID: orgID, MemberID: memberID, ExpirationMinutes: 4})
	apitest.WantError(t, err, http.StatusBadRequest, stytchapi.ErrorTypeInvalidExpiration)
	created, err := ts.Client.TOTPs.Create(ctx, &totps.CreateParams{OrganizationID: orgID, MemberID: memberID, SessionToken: sess.SessionToken, ExpirationMinutes: 5})
	if err != nil {
		t.Fatal(err)
	}
	now := ts.Clock().Now()
	good := apitest.TOTPCode(t, created.Secret, now)
	wrong := apitest.TOTPCode(t, created.Secret, now.Add(-10*time.Minute))
	if wrong != good {
		apitest.WantError(t, auth(wrong), http.StatusUnauthorized, stytchapi.ErrorTypeUnableToAuthenticateTOTP)
	}
	apitest.WantError(t, auth(created.RecoveryCodes[0]), http.StatusBadRequest, stytchapi.ErrorTypeRecoveryCodeUsedAsTOTPCode)
	_, err = ts.Client.TOTPs.Authenticate(ctx, &totps.AuthenticateParams{OrganizationID: orgID, MemberID: memberID, Code: good})
	apitest.WantError(t, err, http.StatusBadRequest, stytchapi.ErrorTypeNoSessionArguments)
	// The pending registration lapses after expiration_minutes.
	ts.Clock().Advance(5*time.Minute + time.Second)
	apitest.WantError(t, auth(apitest.TOTPCode(t, created.Secret, ts.Clock().Now())), http.StatusNotFound, stytchapi.ErrorTypeTOTPNotFound)
	// Recovery codes need an active TOTP.
	_, err = ts.Client.RecoveryCodes.Get(ctx, &recoverycodes.GetParams{OrganizationID: orgID, MemberID: memberID})
	apitest.WantError(t, err, http.StatusBadRequest, stytchapi.ErrorTypeNoActiveRecoveryCodeBackedFactor)
}

func TestNewFactorNeedsCompletedMFA(t *testing.T) {
	ts, orgID, memberID, sess := setup(t)
	enrol(t, ts, orgID, memberID, sess.SessionToken)
	// A fresh session without an MFA factor may not add a phone.
	plain := ts.LoginMember(t, mockserver.SessionFixtureParams{OrganizationID: orgID, MemberID: memberID})
	_, err := ts.Client.OTPs.SMS.Send(ctx, &otps.SMSSendParams{OrganizationID: orgID, MemberID: memberID, MFAPhoneNumber: "+12025550123", SessionToken: plain.SessionToken})
	apitest.WantError(t, err, http.StatusBadRequest, stytchapi.ErrorTypeUnauthorizedAction)
	_, err = ts.Client.OTPs.SMS.Send(ctx, &otps.SMSSendParams{OrganizationID: orgID, MemberID: memberID, MFAPhoneNumber: "+12025550123"})
	apitest.WantError(t, err, http.StatusBadRequest, stytchapi.ErrorTypeUnauthorizedAction)
	// The session that completed TOTP may.
	if _, err := ts.Client.OTPs.SMS.Send(ctx, &otps.SMSSendParams{OrganizationID: orgID, MemberID: memberID, MFAPhoneNumber: "+12025550123", SessionToken: sess.SessionToken}); err != nil {
		t.Fatal(err)
	}
}

func TestRecoveryCodes(t *testing.T) {
	ts, orgID, memberID, sess := setup(t)
	created := enrol(t, ts, orgID, memberID, sess.SessionToken)
	got, err := ts.Client.RecoveryCodes.Get(ctx, &recoverycodes.GetParams{OrganizationID: orgID, MemberID: memberID})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(got.RecoveryCodes, ",") != strings.Join(created.RecoveryCodes, ",") {
		t.Fatalf("Get = %v, want the minted codes %v", got.RecoveryCodes, created.RecoveryCodes)
	}
	recover := func(code string) (*recoverycodes.RecoverResponse, error) {
		return ts.Client.RecoveryCodes.Recover(ctx, &recoverycodes.RecoverParams{OrganizationID: orgID, MemberID: memberID, RecoveryCode: code, SessionToken: sess.SessionToken})
	}
	res, err := recover(created.RecoveryCodes[3])
	if err != nil {
		t.Fatal(err)
	}
	if res.RecoveryCodesRemaining != 9 || res.SessionToken == "" {
		t.Errorf("remaining %d, want 9", res.RecoveryCodesRemaining)
	}
	if f := res.MemberSession.AuthenticationFactors; f[len(f)-1].Type != "recovery_codes" || f[len(f)-1].RecoveryCodeFactor == nil {
		t.Errorf("factors %+v, want a recovery_codes factor last", f)
	}
	_, err = recover(created.RecoveryCodes[3])
	apitest.WantError(t, err, http.StatusUnauthorized, stytchapi.ErrorTypeUnableToAuthenticateRecoveryCode)
	_, err = recover("abcd-efgh-ijkl")
	apitest.WantError(t, err, http.StatusUnauthorized, stytchapi.ErrorTypeInvalidRecoveryCode)
	_, err = recover("123456")
	apitest.WantError(t, err, http.StatusBadRequest, stytchapi.ErrorTypeTOTPCodeUsedAsRecoveryCode)
	got, _ = ts.Client.RecoveryCodes.Get(ctx, &recoverycodes.GetParams{OrganizationID: orgID, MemberID: memberID})
	if len(got.RecoveryCodes) != 9 || strings.Contains(strings.Join(got.RecoveryCodes, ","), created.RecoveryCodes[3]) {
		t.Errorf("Get after use = %v, want the 9 unused codes", got.RecoveryCodes)
	}
	rot, err := ts.Client.RecoveryCodes.Rotate(ctx, &recoverycodes.RotateParams{OrganizationID: orgID, MemberID: memberID})
	if err != nil {
		t.Fatal(err)
	}
	if len(rot.RecoveryCodes) != 10 || rot.RecoveryCodes[0] == created.RecoveryCodes[0] {
		t.Errorf("rotate = %v, want 10 new codes", rot.RecoveryCodes)
	}
	_, err = recover(created.RecoveryCodes[0])
	apitest.WantError(t, err, http.StatusUnauthorized, stytchapi.ErrorTypeInvalidRecoveryCode)
	if _, err := recover(rot.RecoveryCodes[0]); err != nil {
		t.Errorf("rotated code: %v", err)
	}
}

// A member whose organization requires MFA logs in with a recovery code
// instead of the authenticator app.
func TestRecoveryCodeLogin(t *testing.T) {
	ts, orgID, memberID, sess := setup(t)
	created := enrol(t, ts, orgID, memberID, sess.SessionToken)
	if _, err := ts.Client.Organizations.Update(ctx, &organizations.UpdateParams{OrganizationID: orgID, MFAPolicy: organizations.MFAPolicyRequiredForAll}); err != nil {
		t.Fatal(err)
	}
	if _, err := ts.Client.MagicLinks.Email.LoginOrSignup(ctx, &magiclinks.EmailLoginOrSignupParams{OrganizationID: orgID, EmailAddress: "ada@acme.com"}); err != nil {
		t.Fatal(err)
	}
	link, _ := ts.Outbox().Last("ada@acme.com")
	ml, err := ts.Client.MagicLinks.Authenticate(ctx, &magiclinks.AuthenticateParams{MagicLinksToken: link.Token})
	if err != nil {
		t.Fatal(err)
	}
	if ml.MemberAuthenticated || ml.IntermediateSessionToken == "" {
		t.Fatalf("magic link answer %+v, want MFA", ml)
	}
	res, err := ts.Client.RecoveryCodes.Recover(ctx, &recoverycodes.RecoverParams{OrganizationID: orgID, MemberID: memberID, RecoveryCode: created.RecoveryCodes[0], IntermediateSessionToken: ml.IntermediateSessionToken})
	if err != nil {
		t.Fatal(err)
	}
	if res.SessionToken == "" || res.RecoveryCodesRemaining != 9 || !res.Member.MFAEnrolled {
		t.Errorf("recover %+v, want a session, 9 codes left, enrolled member", res)
	}
	var types []string
	for _, f := range res.MemberSession.AuthenticationFactors {
		types = append(types, f.Type)
	}
	if strings.Join(types, ",") != "magic_link,recovery_codes" {
		t.Errorf("factors %v", types)
	}
}

func TestTOTPMigrate(t *testing.T) {
	ts, orgID, memberID, sess := setup(t)
	const secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
	res, err := ts.Client.TOTPs.Migrate(ctx, &totps.MigrateParams{OrganizationID: orgID, MemberID: memberID, Secret: secret, RecoveryCodes: []string{"aaaa-bbbb-cccc"}})
	if err != nil {
		t.Fatal(err)
	}
	if res.Member.TOTPRegistrationID != res.TOTPRegistrationID || len(res.RecoveryCodes) != 1 {
		t.Fatalf("migrate %+v", res)
	}
	if _, err := ts.Client.TOTPs.Authenticate(ctx, &totps.AuthenticateParams{OrganizationID: orgID, MemberID: memberID, SessionToken: sess.SessionToken, Code: apitest.TOTPCode(t, secret, ts.Clock().Now())}); err != nil {
		t.Errorf("code of the migrated secret: %v", err)
	}
	if _, err := ts.Client.RecoveryCodes.Recover(ctx, &recoverycodes.RecoverParams{OrganizationID: orgID, MemberID: memberID, RecoveryCode: "aaaa-bbbb-cccc", SessionToken: sess.SessionToken}); err != nil {
		t.Errorf("migrated recovery code: %v", err)
	}
	_, err = ts.Client.TOTPs.Migrate(ctx, &totps.MigrateParams{OrganizationID: orgID, MemberID: memberID, Secret: secret})
	apitest.WantError(t, err, http.StatusBadRequest, stytchapi.ErrorTypeActiveTOTPExists)
}
