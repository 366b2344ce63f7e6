package flows

import (
	"fmt"
	"strings"
	"time"

	"github.com/stytchkit/stytch-go/b2b/sessions"
	"github.com/stytchkit/stytch-go/mockserver/internal/apierr"
	"github.com/stytchkit/stytch-go/mockserver/internal/ids"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
)

// SMSLocales are the locales SMS OTP send accepts.
var SMSLocales = ExchangeLocales

// CheckOTPCode validates the shape of a required code parameter.
func CheckOTPCode(code string) *apierr.Error {
	if code == "" {
		return apierr.BadRequest("bad_request", "code is required.")
	}
	return nil
}

// SendEmailOTP issues an email code for key and puts it in the outbox.
// Callers hold p.mu for writing.
func SendEmailOTP(p *state.Project, rec state.OTPRecord, template, subject string, ttl time.Duration, now time.Time) {
	code := p.IssueOTP(rec, ttl, now)
	p.SendEmail(state.Message{
		To: rec.Email, Template: template, Subject: subject,
		Text: fmt.Sprintf("%s. Your code is %s; it expires in %d minutes.\n", subject, code, int(ttl/time.Minute)),
		Code: code, OrganizationID: rec.OrgID, MemberID: rec.MemberID, SentAt: now,
	})
}

// SendSMSOTP texts a fresh MFA code to phone for member r, voiding the
// member's earlier code. Callers hold p.mu for writing.
func SendSMSOTP(p *state.Project, r *state.MemberRecord, phone string, now time.Time) {
	key := state.OTPKey(OTPSMS, r.Member.OrganizationID, r.Member.MemberID)
	code := p.IssueOTP(state.OTPRecord{Key: key, Kind: OTPSMS, OrgID: r.Member.OrganizationID, MemberID: r.Member.MemberID, Phone: phone}, state.SMSOTPTTL, now)
	org := ""
	if o := p.Orgs[r.Member.OrganizationID]; o != nil {
		org = o.Org.OrganizationName
	}
	p.SendSMS(state.Message{
		To: phone, Template: "mfa_sms_otp",
		Text: fmt.Sprintf("Your %s verification code is %s.", org, code),
		Code: code, OrganizationID: r.Member.OrganizationID, MemberID: r.Member.MemberID, SentAt: now,
	})
}

// CheckSMSCountry allows North American numbers (+1, the US and Canada)
// only: the mock has no per-project country allow-list.
func CheckSMSCountry(phone string) *apierr.Error {
	if !strings.HasPrefix(phone, "+1") {
		return apierr.BadRequest("invalid_phone_number_country_code", "SMS can only be sent to US and Canadian (+1) numbers; %q is elsewhere.", phone)
	}
	return nil
}

// MFAAuthBody is the common body of the MFA authenticate endpoints.
type MFAAuthBody struct {
	OrganizationID string `json:"organization_id"`
	MemberID       string `json:"member_id"`
	TelemetryID    string `json:"telemetry_id"`
	MFASessionArgs
	state.SessionArgs
	MFAEnrollmentBody
}

// Check validates the session arguments (exactly one is required) and the
// session options.
func (b *MFAAuthBody) Check() *apierr.Error {
	if err := ExactlyOne(MFASessionArgNames, b.IntermediateSessionToken, b.SessionToken, b.SessionJWT); err != nil {
		return err
	}
	if err := CheckSessionArgs("", "", b.SessionArgs); err != nil {
		return err
	}
	return b.MFAEnrollmentBody.check()
}

// PhoneFactor is the session factor of an SMS OTP in a project of
// environment env ("test" or "live").
func PhoneFactor(env string, r *state.MemberRecord, phone string) sessions.AuthenticationFactor {
	return sessions.AuthenticationFactor{
		Type: "otp", DeliveryMethod: "sms", // the factor type Stytch reports for SMS codes
		PhoneNumberFactor: &sessions.PhoneNumberFactor{PhoneID: phoneID(env, r.Member.MemberID, phone), PhoneNumber: phone},
	}
}

// phoneID is a stable ID of a member's phone number, named after the
// environment as Stytch's IDs are (phone-number-test-…).
func phoneID(env, memberID, phone string) string {
	h := ids.HashToken(memberID + "\x00" + phone)
	return "phone-number-" + env + "-" + h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}
