package otps_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stytchkit/stytch-go/b2b"
	"github.com/stytchkit/stytch-go/b2b/magiclinks"
	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/b2b/otps"
	"github.com/stytchkit/stytch-go/b2b/sessions"
	"github.com/stytchkit/stytch-go/b2b/totps"
	"github.com/stytchkit/stytch-go/internal/apitest"
	"github.com/stytchkit/stytch-go/mockserver"
	"github.com/stytchkit/stytch-go/stytchapi"
)

var ctx = context.Background()

const phone = "+12025550123"

func newOrg(t *testing.T, c *b2b.Client, p *organizations.CreateParams) organizations.Organization {
	t.Helper()
	resp, err := c.Organizations.Create(ctx, p)
	if err != nil {
		t.Fatalf("creating organization: %v", err)
	}
	return resp.Organization
}

func jitOrg(t *testing.T, c *b2b.Client, mfa string) organizations.Organization {
	t.Helper()
	return newOrg(t, c, &organizations.CreateParams{
		OrganizationName: "Acme", OrganizationSlug: "acme", MFAPolicy: mfa,
		EmailJITProvisioning: organizations.Restricted, EmailAllowedDomains: []string{"acme.com"},
	})
}

func getMember(t *testing.T, c *b2b.Client, orgID, memberID string) organizations.Member {
	t.Helper()
	resp, err := c.Organizations.Members.Get(ctx, &organizations.MembersGetParams{OrganizationID: orgID, MemberID: memberID})
	if err != nil {
		t.Fatalf("Get member: %v", err)
	}
	return resp.Member
}

func lastCode(t *testing.T, ts *mockserver.TestServer, to, kind string) string {
	t.Helper()
	m, ok := ts.Outbox().Last(to)
	if !ok || m.Kind != kind || len(m.Code) != 6 {
		t.Fatalf("last message to %s: %+v (ok %v), want a %s with a 6-digit code", to, m, ok, kind)
	}
	return m.Code
}

// emailLogin runs an email OTP login_or_signup + authenticate and returns
// the authenticate answer.
func emailLogin(t *testing.T, ts *mockserver.TestServer, orgID, addr string) *otps.EmailAuthenticateResponse {
	t.Helper()
	if _, err := ts.Client.OTPs.Email.LoginOrSignup(ctx, &otps.EmailLoginOrSignupParams{OrganizationID: orgID, EmailAddress: addr}); err != nil {
		t.Fatalf("LoginOrSignup: %v", err)
	}
	res, err := ts.Client.OTPs.Email.Authenticate(ctx, &otps.EmailAuthenticateParams{OrganizationID: orgID, EmailAddress: addr, Code: lastCode(t, ts, addr, "email")})
	if err != nil {
		t.Fatalf("Authenticate: %v", err)
	}
	return res
}

func TestEmailOTPSignupThenLogin(t *testing.T) {
	ts := mockserver.Start(t)
	org := jitOrg(t, ts.Client, "")
	sent, err := ts.Client.OTPs.Email.LoginOrSignup(ctx, &otps.EmailLoginOrSignupParams{OrganizationID: org.OrganizationID, EmailAddress: "ada@acme.com"})
	if err != nil {
		t.Fatal(err)
	}
	if !sent.MemberCreated || sent.Member.Status != "pending" {
		t.Fatalf("created %v status %s, want a new pending member", sent.MemberCreated, sent.Member.Status)
	}
	msg, _ := ts.Outbox().Last("ada@acme.com")
	if msg.Template != "signup_otp" {
		t.Errorf("template %q, want signup_otp", msg.Template)
	}
	res, err := ts.Client.OTPs.Email.Authenticate(ctx, &otps.EmailAuthenticateParams{OrganizationID: org.OrganizationID, EmailAddress: "ada@acme.com", Code: msg.Code})
	if err != nil {
		t.Fatal(err)
	}
	if !res.MemberAuthenticated || res.SessionToken == "" || res.MemberSession == nil || res.MethodID == "" {
		t.Fatalf("not authenticated: %+v", res)
	}
	if f := res.MemberSession.AuthenticationFactors; len(f) != 1 || f[0].Type != "email_otp" || f[0].EmailFactor == nil {
		t.Errorf("factors %+v, want one email_otp factor", f)
	}
	m := getMember(t, ts.Client, org.OrganizationID, res.MemberID)
	if m.Status != "active" || !m.EmailAddressVerified {
		t.Errorf("member %s verified %v, want active and verified", m.Status, m.EmailAddressVerified)
	}
	// The code is single use.
	_, err = ts.Client.OTPs.Email.Authenticate(ctx, &otps.EmailAuthenticateParams{OrganizationID: org.OrganizationID, EmailAddress: "ada@acme.com", Code: msg.Code})
	apitest.WantError(t, err, http.StatusUnauthorized, stytchapi.ErrorTypeUnableToAuthOTPCode)
	// An active member gets a login code.
	if _, err := ts.Client.OTPs.Email.LoginOrSignup(ctx, &otps.EmailLoginOrSignupParams{OrganizationID: org.OrganizationID, EmailAddress: "ada@acme.com"}); err != nil {
		t.Fatal(err)
	}
	if msg, _ := ts.Outbox().Last("ada@acme.com"); msg.Template != "login_otp" {
		t.Errorf("template %q, want login_otp", msg.Template)
	}
}

func TestEmailOTPErrors(t *testing.T) {
	ts := mockserver.Start(t)
	org := jitOrg(t, ts.Client, "")
	id := org.OrganizationID
	send := func() string {
		t.Helper()
		if _, err := ts.Client.OTPs.Email.LoginOrSignup(ctx, &otps.EmailLoginOrSignupParams{OrganizationID: id, EmailAddress: "ada@acme.com"}); err != nil {
			t.Fatal(err)
		}
		return lastCode(t, ts, "ada@acme.com", "email")
	}
	auth := func(code string) error {
		_, err := ts.Client.OTPs.Email.Authenticate(ctx, &otps.EmailAuthenticateParams{OrganizationID: id, EmailAddress: "ada@acme.com", Code: code})
		return err
	}
	wrong := func(code string) string {
		if code == "000000" {
			return "111111"
		}
		return "000000"
	}

	t.Run("never sent", func(t *testing.T) {
		apitest.WantError(t, auth("123456"), http.StatusNotFound, stytchapi.ErrorTypeOTPCodeNotFound)
	})
	t.Run("wrong code", func(t *testing.T) {
		code := send()
		apitest.WantError(t, auth(wrong(code)), http.StatusNotFound, stytchapi.ErrorTypeOTPCodeNotFound)
		if err := auth(code); err != nil {
			t.Fatalf("the right code after one wrong try: %v", err)
		}
	})
	t.Run("only the latest code is valid", func(t *testing.T) {
		first := send()
		second := send()
		if first != second {
			apitest.WantError(t, auth(first), http.StatusNotFound, stytchapi.ErrorTypeOTPCodeNotFound)
		}
		if err := auth(second); err != nil {
			t.Fatalf("latest code: %v", err)
		}
	})
	t.Run("expired", func(t *testing.T) {
		code := send()
		ts.Clock().Advance(10*time.Minute + time.Second)
		apitest.WantError(t, auth(code), http.StatusUnauthorized, stytchapi.ErrorTypeUnableToAuthOTPCode)
	})
	t.Run("too many attempts", func(t *testing.T) {
		code := send()
		for range 5 {
			apitest.WantError(t, auth(wrong(code)), http.StatusNotFound, stytchapi.ErrorTypeOTPCodeNotFound)
		}
		apitest.WantError(t, auth(code), http.StatusUnauthorized, stytchapi.ErrorTypeUnableToAuthOTPCode)
	})
	t.Run("expiration out of range", func(t *testing.T) {
		_, err := ts.Client.OTPs.Email.LoginOrSignup(ctx, &otps.EmailLoginOrSignupParams{OrganizationID: id, EmailAddress: "ada@acme.com", LoginExpirationMinutes: 16})
		apitest.WantError(t, err, http.StatusBadRequest, stytchapi.ErrorTypeInvalidExpirationOTP)
	})
	t.Run("no JIT", func(t *testing.T) {
		closed := newOrg(t, ts.Client, &organizations.CreateParams{OrganizationName: "Closed", OrganizationSlug: "closed"})
		_, err := ts.Client.OTPs.Email.LoginOrSignup(ctx, &otps.EmailLoginOrSignupParams{OrganizationID: closed.OrganizationID, EmailAddress: "ada@acme.com"})
		apitest.WantError(t, err, http.StatusBadRequest, stytchapi.ErrorTypeEmailJITProvisioningNotAllowed)
	})
}

func TestEmailOTPCompletesEmailUpdate(t *testing.T) {
	ts := mockserver.Start(t)
	org := jitOrg(t, ts.Client, "")
	login := emailLogin(t, ts, org.OrganizationID, "ada@acme.com")
	if _, err := ts.Client.Organizations.Members.StartEmailUpdate(ctx, &organizations.MembersStartEmailUpdateParams{
		OrganizationID: org.OrganizationID, MemberID: login.MemberID, EmailAddress: "ada.new@acme.com", DeliveryMethod: organizations.DeliveryEmailOTP,
	}); err != nil {
		t.Fatal(err)
	}
	code := lastCode(t, ts, "ada.new@acme.com", "email")
	res, err := ts.Client.OTPs.Email.Authenticate(ctx, &otps.EmailAuthenticateParams{OrganizationID: org.OrganizationID, EmailAddress: "ada.new@acme.com", Code: code})
	if err != nil {
		t.Fatal(err)
	}
	if m := getMember(t, ts.Client, org.OrganizationID, login.MemberID); m.EmailAddress != "ada.new@acme.com" || !m.EmailAddressVerified || !res.MemberAuthenticated {
		t.Errorf("member email %s verified %v authenticated %v, want the new address, verified", m.EmailAddress, m.EmailAddressVerified, res.MemberAuthenticated)
	}
}

func TestEmailOTPDiscovery(t *testing.T) {
	ts := mockserver.Start(t)
	org := jitOrg(t, ts.Client, "")
	emailLogin(t, ts, org.OrganizationID, "grace@acme.com")
	if _, err := ts.Client.OTPs.Email.Discovery.Send(ctx, &otps.EmailDiscoverySendParams{EmailAddress: "ada@acme.com"}); err != nil {
		t.Fatal(err)
	}
	code := lastCode(t, ts, "ada@acme.com", "email")
	res, err := ts.Client.OTPs.Email.Discovery.Authenticate(ctx, &otps.EmailDiscoveryAuthenticateParams{EmailAddress: "ada@acme.com", Code: code})
	if err != nil {
		t.Fatal(err)
	}
	if res.IntermediateSessionToken == "" || len(res.DiscoveredOrganizations) != 1 ||
		res.DiscoveredOrganizations[0].Membership.Type != "eligible_to_join_by_email_domain" {
		t.Fatalf("discovery answer %+v, want an IST and Acme as eligible", res)
	}
	_, err = ts.Client.OTPs.Email.Discovery.Authenticate(ctx, &otps.EmailDiscoveryAuthenticateParams{EmailAddress: "ada@acme.com", Code: code})
	apitest.WantError(t, err, http.StatusUnauthorized, stytchapi.ErrorTypeUnableToAuthOTPCode)
	_, err = ts.Client.OTPs.Email.Discovery.Send(ctx, &otps.EmailDiscoverySendParams{EmailAddress: "ada@acme.com", DiscoveryExpirationMinutes: 1})
	apitest.WantError(t, err, http.StatusBadRequest, stytchapi.ErrorTypeInvalidExpirationOTP)
}

// Discovery send answers and behaves the same for a member's address and
// an unknown one.
func TestEmailOTPDiscoverySendIsEnumerationSafe(t *testing.T) {
	ts := mockserver.Start(t)
	org := jitOrg(t, ts.Client, "")
	emailLogin(t, ts, org.OrganizationID, "ada@acme.com")
	var answers []otps.EmailDiscoverySendResponse
	for _, addr := range []string{"ada@acme.com", "nobody@elsewhere.com"} {
		before := len(ts.Outbox().To(addr))
		res, err := ts.Client.OTPs.Email.Discovery.Send(ctx, &otps.EmailDiscoverySendParams{EmailAddress: addr})
		if err != nil {
			t.Fatalf("%s: %v", addr, err)
		}
		if n := len(ts.Outbox().To(addr)); n != before+1 {
			t.Errorf("%s: %d new messages, want 1", addr, n-before)
		}
		m, _ := ts.Outbox().Last(addr)
		if m.Template != "discovery_otp" || m.OrganizationID != "" || m.MemberID != "" {
			t.Errorf("%s: message %+v reveals membership or has the wrong template", addr, m)
		}
		res.RequestID = ""
		answers = append(answers, *res)
	}
	if answers[0] != answers[1] {
		t.Errorf("answers differ: %+v vs %+v", answers[0], answers[1])
	}
}

// The MFA flow of an organization that requires MFA: a magic-link login
// stops with an IST, the mock texts a code at once, and SMS authenticate
// with the IST issues the session with both factors.
func TestMFARequiredMagicLinkThenAutomaticSMS(t *testing.T) {
	ts := mockserver.Start(t)
	org := jitOrg(t, ts.Client, organizations.MFAPolicyRequiredForAll)
	login := emailLogin(t, ts, org.OrganizationID, "ada@acme.com")
	if login.MemberAuthenticated || login.MFARequired == nil || login.MFARequired.SecondaryAuthInitiated != "" {
		t.Fatalf("first login %+v, want mfa_required without an SMS (no phone yet)", login)
	}
	// Enroll a phone within the login.
	if _, err := ts.Client.OTPs.SMS.Send(ctx, &otps.SMSSendParams{OrganizationID: org.OrganizationID, MemberID: login.MemberID, MFAPhoneNumber: phone, IntermediateSessionToken: login.IntermediateSessionToken}); err != nil {
		t.Fatal(err)
	}
	first, err := ts.Client.OTPs.SMS.Authenticate(ctx, &otps.SMSAuthenticateParams{OrganizationID: org.OrganizationID, MemberID: login.MemberID, Code: lastCode(t, ts, phone, "sms"), IntermediateSessionToken: login.IntermediateSessionToken})
	if err != nil {
		t.Fatal(err)
	}
	if !first.Member.MFAPhoneNumberVerified || !first.Member.MFAEnrolled || first.Member.DefaultMFAMethod != "sms_otp" || first.Member.Status != "active" {
		t.Errorf("member after first MFA %+v, want verified phone, enrolled, default sms_otp, active", first.Member)
	}

	// Second login: magic link, automatic SMS.
	if _, err := ts.Client.MagicLinks.Email.LoginOrSignup(ctx, &magiclinks.EmailLoginOrSignupParams{OrganizationID: org.OrganizationID, EmailAddress: "ada@acme.com"}); err != nil {
		t.Fatal(err)
	}
	link, _ := ts.Outbox().Last("ada@acme.com")
	before := len(ts.Outbox().To(phone))
	ml, err := ts.Client.MagicLinks.Authenticate(ctx, &magiclinks.AuthenticateParams{MagicLinksToken: link.Token})
	if err != nil {
		t.Fatal(err)
	}
	if ml.MemberAuthenticated || ml.MFARequired == nil || ml.MFARequired.SecondaryAuthInitiated != "sms_otp" ||
		ml.MFARequired.MemberOptions == nil || ml.MFARequired.MemberOptions.MFAPhoneNumber != phone {
		t.Fatalf("magic link answer %+v, want mfa_required with sms_otp initiated", ml)
	}
	if n := len(ts.Outbox().To(phone)); n != before+1 {
		t.Fatalf("%d SMS sent, want 1", n-before)
	}
	res, err := ts.Client.OTPs.SMS.Authenticate(ctx, &otps.SMSAuthenticateParams{OrganizationID: org.OrganizationID, MemberID: ml.MemberID, Code: lastCode(t, ts, phone, "sms"), IntermediateSessionToken: ml.IntermediateSessionToken})
	if err != nil {
		t.Fatal(err)
	}
	if res.SessionToken == "" || res.MemberSession == nil {
		t.Fatalf("no session: %+v", res)
	}
	var types []string
	for _, f := range res.MemberSession.AuthenticationFactors {
		types = append(types, f.Type)
	}
	if len(types) != 2 || types[0] != "magic_link" || types[1] != "otp" {
		t.Errorf("factors %v, want [magic_link otp]", types)
	}
	// Stytch names the phone after the environment, as its other IDs.
	if pf := res.MemberSession.AuthenticationFactors[1].PhoneNumberFactor; pf == nil || !strings.HasPrefix(pf.PhoneID, "phone-number-test-") || pf.PhoneNumber != phone {
		t.Errorf("phone_number_factor %+v, want phone-number-test-… and %s", pf, phone)
	}
	// The session completed MFA by SMS, so it may register a TOTP factor.
	if _, err := ts.Client.TOTPs.Create(ctx, &totps.CreateParams{OrganizationID: org.OrganizationID, MemberID: ml.MemberID, SessionToken: res.SessionToken}); err != nil {
		t.Errorf("TOTPs.Create with a session that completed SMS MFA: %v", err)
	}
	if _, err := ts.Client.Sessions.Authenticate(ctx, sessionParams(res.SessionToken)); err != nil {
		t.Errorf("issued session does not authenticate: %v", err)
	}
	// The IST was consumed.
	_, err = ts.Client.OTPs.SMS.Send(ctx, &otps.SMSSendParams{OrganizationID: org.OrganizationID, MemberID: ml.MemberID, IntermediateSessionToken: ml.IntermediateSessionToken})
	apitest.WantError(t, err, http.StatusNotFound, stytchapi.ErrorTypeIntermediateSessionNotFound)

	// A login carrying the member's session skips MFA and sends nothing.
	before = len(ts.Outbox().To(phone))
	if _, err := ts.Client.MagicLinks.Email.LoginOrSignup(ctx, &magiclinks.EmailLoginOrSignupParams{OrganizationID: org.OrganizationID, EmailAddress: "ada@acme.com"}); err != nil {
		t.Fatal(err)
	}
	link, _ = ts.Outbox().Last("ada@acme.com")
	again, err := ts.Client.MagicLinks.Authenticate(ctx, &magiclinks.AuthenticateParams{MagicLinksToken: link.Token, SessionToken: res.SessionToken})
	if err != nil {
		t.Fatal(err)
	}
	if !again.MemberAuthenticated || len(ts.Outbox().To(phone)) != before {
		t.Errorf("login with a session: authenticated %v, SMS sent %d, want authenticated and none", again.MemberAuthenticated, len(ts.Outbox().To(phone))-before)
	}
}

func TestSMSOTPErrors(t *testing.T) {
	ts := mockserver.Start(t)
	org := jitOrg(t, ts.Client, "")
	id := org.OrganizationID
	ada := emailLogin(t, ts, id, "ada@acme.com")
	grace := emailLogin(t, ts, id, "grace@acme.com")
	send := func(p otps.SMSSendParams) error {
		p.OrganizationID = id
		if p.MemberID == "" {
			p.MemberID = ada.MemberID
		}
		_, err := ts.Client.OTPs.SMS.Send(ctx, &p)
		return err
	}
	auth := func(code string) error {
		_, err := ts.Client.OTPs.SMS.Authenticate(ctx, &otps.SMSAuthenticateParams{OrganizationID: id, MemberID: ada.MemberID, Code: code, SessionToken: ada.SessionToken})
		return err
	}
	apitest.WantError(t, send(otps.SMSSendParams{MFAPhoneNumber: "2025550123"}), http.StatusBadRequest, stytchapi.ErrorTypeInvalidPhoneNumber)
	apitest.WantError(t, send(otps.SMSSendParams{MFAPhoneNumber: "+447700900123"}), http.StatusBadRequest, stytchapi.ErrorTypeInvalidPhoneNumberCountryCode)
	apitest.WantError(t, send(otps.SMSSendParams{}), http.StatusNotFound, stytchapi.ErrorTypeMemberPhoneNumberNotFound)
	apitest.WantError(t, send(otps.SMSSendParams{MFAPhoneNumber: phone, SessionToken: ada.SessionToken, SessionJWT: ada.SessionJWT}), http.StatusBadRequest, stytchapi.ErrorTypeTooManySessionArguments)
	apitest.WantError(t, send(otps.SMSSendParams{MFAPhoneNumber: phone, SessionToken: grace.SessionToken}), http.StatusBadRequest, stytchapi.ErrorTypeMemberSessionMemberIDMismatch)
	_, err := ts.Client.OTPs.SMS.Authenticate(ctx, &otps.SMSAuthenticateParams{OrganizationID: id, MemberID: ada.MemberID, Code: "123456"})
	apitest.WantError(t, err, http.StatusBadRequest, stytchapi.ErrorTypeNoSessionArguments)

	if err := send(otps.SMSSendParams{MFAPhoneNumber: phone}); err != nil {
		t.Fatal(err)
	}
	if m := getMember(t, ts.Client, id, ada.MemberID); m.MFAPhoneNumber != phone || m.MFAPhoneNumberVerified {
		t.Errorf("phone %q verified %v, want linked and unverified", m.MFAPhoneNumber, m.MFAPhoneNumberVerified)
	}
	apitest.WantError(t, send(otps.SMSSendParams{MFAPhoneNumber: "+12025550199"}), http.StatusBadRequest, stytchapi.ErrorTypeDuplicateMemberPhoneNumberForMember)

	code := lastCode(t, ts, phone, "sms")
	wrong := "000000"
	if code == wrong {
		wrong = "111111"
	}
	apitest.WantError(t, auth(wrong), http.StatusNotFound, stytchapi.ErrorTypeOTPCodeNotFound)
	// Expired after two minutes.
	ts.Clock().Advance(2*time.Minute + time.Second)
	apitest.WantError(t, auth(code), http.StatusUnauthorized, stytchapi.ErrorTypeUnableToAuthOTPCode)
	// Only the latest code counts; a used code cannot be reused.
	if err := send(otps.SMSSendParams{}); err != nil {
		t.Fatal(err)
	}
	old := lastCode(t, ts, phone, "sms")
	if err := send(otps.SMSSendParams{}); err != nil {
		t.Fatal(err)
	}
	latest := lastCode(t, ts, phone, "sms")
	if old != latest {
		apitest.WantError(t, auth(old), http.StatusNotFound, stytchapi.ErrorTypeOTPCodeNotFound)
	}
	if err := auth(latest); err != nil {
		t.Fatalf("latest code: %v", err)
	}
	apitest.WantError(t, auth(latest), http.StatusUnauthorized, stytchapi.ErrorTypeUnableToAuthOTPCode)
	// Five wrong tries void a code.
	if err := send(otps.SMSSendParams{}); err != nil {
		t.Fatal(err)
	}
	code = lastCode(t, ts, phone, "sms")
	wrong = "000000"
	if code == wrong {
		wrong = "111111"
	}
	for range 5 {
		apitest.WantError(t, auth(wrong), http.StatusNotFound, stytchapi.ErrorTypeOTPCodeNotFound)
	}
	apitest.WantError(t, auth(code), http.StatusUnauthorized, stytchapi.ErrorTypeUnableToAuthOTPCode)
	// Ada now has a verified phone: enrolling Grace's factor is fine, but a
	// second factor for Ada needs a session that completed MFA.
	m := getMember(t, ts.Client, id, ada.MemberID)
	if !m.MFAPhoneNumberVerified || m.DefaultMFAMethod != "sms_otp" || m.MFAEnrolled {
		t.Errorf("member %+v, want verified phone, default sms_otp, not enrolled (OPTIONAL policy)", m)
	}
}

func TestSMSSendToPendingMemberOutsideLogin(t *testing.T) {
	ts := mockserver.Start(t)
	org := jitOrg(t, ts.Client, "")
	if _, err := ts.Client.OTPs.Email.LoginOrSignup(ctx, &otps.EmailLoginOrSignupParams{OrganizationID: org.OrganizationID, EmailAddress: "ada@acme.com"}); err != nil {
		t.Fatal(err)
	}
	m, _ := ts.Outbox().Last("ada@acme.com")
	_, err := ts.Client.OTPs.SMS.Send(ctx, &otps.SMSSendParams{OrganizationID: org.OrganizationID, MemberID: m.MemberID, MFAPhoneNumber: phone})
	apitest.WantError(t, err, http.StatusBadRequest, stytchapi.ErrorTypeActionAvailableOnlyForActiveMembers)
}

func sessionParams(token string) *sessions.AuthenticateParams {
	return &sessions.AuthenticateParams{SessionToken: token}
}
