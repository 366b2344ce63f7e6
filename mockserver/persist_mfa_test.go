package mockserver_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/b2b/otps"
	"github.com/stytchkit/stytch-go/b2b/recoverycodes"
	"github.com/stytchkit/stytch-go/b2b/totps"
	"github.com/stytchkit/stytch-go/internal/apitest"
	"github.com/stytchkit/stytch-go/mockserver"
	"github.com/stytchkit/stytch-go/stytchapi"
)

// One-time codes (with their attempt counters), TOTP registrations and
// recovery codes survive an export and import; codes are stored hashed.
func TestExportImportKeepsMFAState(t *testing.T) {
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
	if _, err := ts.Client.OTPs.Email.LoginOrSignup(ctx, &otps.EmailLoginOrSignupParams{OrganizationID: orgID, EmailAddress: "ada@acme.com"}); err != nil {
		t.Fatal(err)
	}
	msg, _ := ts.Outbox().Last("ada@acme.com")
	login, err := ts.Client.OTPs.Email.Authenticate(ctx, &otps.EmailAuthenticateParams{OrganizationID: orgID, EmailAddress: "ada@acme.com", Code: msg.Code})
	if err != nil {
		t.Fatal(err)
	}
	reg, err := ts.Client.TOTPs.Create(ctx, &totps.CreateParams{OrganizationID: orgID, MemberID: m.MemberID, SessionToken: login.SessionToken})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ts.Client.TOTPs.Authenticate(ctx, &totps.AuthenticateParams{OrganizationID: orgID, MemberID: m.MemberID, SessionToken: login.SessionToken, Code: apitest.TOTPCode(t, reg.Secret, ts.Clock().Now())}); err != nil {
		t.Fatal(err)
	}
	if _, err := ts.Client.OTPs.SMS.Send(ctx, &otps.SMSSendParams{OrganizationID: orgID, MemberID: m.MemberID, MFAPhoneNumber: "+12025550123", SessionToken: login.SessionToken}); err != nil {
		t.Fatal(err)
	}
	smsMsg, _ := ts.Outbox().Last("+12025550123")
	wrong := "000000"
	if smsMsg.Code == wrong {
		wrong = "111111"
	}
	for range 4 {
		_, err := ts.Client.OTPs.SMS.Authenticate(ctx, &otps.SMSAuthenticateParams{OrganizationID: orgID, MemberID: m.MemberID, Code: wrong, SessionToken: login.SessionToken})
		apitest.WantError(t, err, http.StatusNotFound, stytchapi.ErrorTypeOTPCodeNotFound)
	}
	snap, err := ts.Export(ts.ProjectID)
	if err != nil {
		t.Fatal(err)
	}
	// The outbox keeps the messages (that is what it is for); the mfa section
	// holds hashes only.
	var sections map[string]json.RawMessage
	if err := json.Unmarshal(snap, &sections); err != nil {
		t.Fatal(err)
	}
	if len(sections["mfa"]) == 0 || bytes.Contains(sections["mfa"], []byte(`"`+smsMsg.Code+`"`)) || bytes.Contains(sections["mfa"], []byte(msg.Code+`"`)) {
		t.Fatalf("the mfa section is missing or holds a code in clear: %s", sections["mfa"])
	}
	srv := mockserver.New(mockserver.Options{})
	if err := srv.Import(ts.ProjectID, snap); err != nil {
		t.Fatal(err)
	}
	c := serve(t, srv, ts.ProjectID, ts.Secret)
	// The attempt counter survived: one more wrong code voids the SMS code.
	_, err = c.OTPs.SMS.Authenticate(ctx, &otps.SMSAuthenticateParams{OrganizationID: orgID, MemberID: m.MemberID, Code: wrong, SessionToken: login.SessionToken})
	apitest.WantError(t, err, http.StatusNotFound, stytchapi.ErrorTypeOTPCodeNotFound)
	_, err = c.OTPs.SMS.Authenticate(ctx, &otps.SMSAuthenticateParams{OrganizationID: orgID, MemberID: m.MemberID, Code: smsMsg.Code, SessionToken: login.SessionToken})
	apitest.WantError(t, err, http.StatusUnauthorized, stytchapi.ErrorTypeUnableToAuthOTPCode)
	// TOTP still verifies from the stored secret; recovery codes are listed.
	srv.Clock(ts.ProjectID).Advance(30 * time.Second)
	if _, err := c.TOTPs.Authenticate(ctx, &totps.AuthenticateParams{OrganizationID: orgID, MemberID: m.MemberID, SessionToken: login.SessionToken, Code: apitest.TOTPCode(t, reg.Secret, srv.Clock(ts.ProjectID).Now())}); err != nil {
		t.Fatalf("TOTP after import: %v", err)
	}
	got, err := c.RecoveryCodes.Get(ctx, &recoverycodes.GetParams{OrganizationID: orgID, MemberID: m.MemberID})
	if err != nil || len(got.RecoveryCodes) != 10 || got.RecoveryCodes[0] != reg.RecoveryCodes[0] {
		t.Fatalf("recovery codes after import: %+v %v", got, err)
	}
}
