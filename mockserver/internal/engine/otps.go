package engine

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/b2b/otps"
	"github.com/stytchkit/stytch-go/b2b/sessions"
)

// smsLocales are the locales SMS OTP send accepts.
var smsLocales = exchangeLocales

// checkOTPCode validates the shape of a required code parameter.
func checkOTPCode(code string) *apiError {
	if code == "" {
		return badRequest("bad_request", "code is required.")
	}
	return nil
}

// sendEmailOTP issues an email code for key and puts it in the outbox.
// Callers hold p.mu for writing.
func (p *project) sendEmailOTP(rec otpRecord, template, subject string, ttl time.Duration, now time.Time) {
	code := p.issueOTP(rec, ttl, now)
	p.sendEmail(Message{
		To: rec.email, Template: template, Subject: subject,
		Text: fmt.Sprintf("%s. Your code is %s; it expires in %d minutes.\n", subject, code, int(ttl/time.Minute)),
		Code: code, OrganizationID: rec.orgID, MemberID: rec.memberID, SentAt: now,
	})
}

// sendSMSOTP texts a fresh MFA code to phone for member r, voiding the
// member's earlier code. Callers hold p.mu for writing.
func (p *project) sendSMSOTP(r *memberRecord, phone string, now time.Time) {
	key := otpKey(otpSMS, r.m.OrganizationID, r.m.MemberID)
	code := p.issueOTP(otpRecord{key: key, kind: otpSMS, orgID: r.m.OrganizationID, memberID: r.m.MemberID, phone: phone}, smsOTPTTL, now)
	org := ""
	if o := p.orgs[r.m.OrganizationID]; o != nil {
		org = o.o.OrganizationName
	}
	p.sendSMS(Message{
		To: phone, Template: "mfa_sms_otp",
		Text: fmt.Sprintf("Your %s verification code is %s.", org, code),
		Code: code, OrganizationID: r.m.OrganizationID, MemberID: r.m.MemberID, SentAt: now,
	})
}

func handleOTPEmailLoginOrSignup(rc *reqCtx) (any, error) {
	var b struct {
		OrganizationID          string  `json:"organization_id"`
		EmailAddress            string  `json:"email_address"`
		LoginTemplateID         string  `json:"login_template_id"`
		SignupTemplateID        string  `json:"signup_template_id"`
		Locale                  *string `json:"locale"`
		LoginExpirationMinutes  *int64  `json:"login_expiration_minutes"`
		SignupExpirationMinutes *int64  `json:"signup_expiration_minutes"`
	}
	if err := rc.decode(&b); err != nil {
		return nil, err
	}
	email, emailErr := requireOrgAndEmail(b.OrganizationID, b.EmailAddress)
	if emailErr != nil {
		return nil, emailErr
	}
	if err := checkLocale(b.Locale, magicLinkLocales); err != nil {
		return nil, err
	}
	loginTTL, aerr := otpTTL("login_expiration_minutes", b.LoginExpirationMinutes)
	if aerr != nil {
		return nil, aerr
	}
	signupTTL, aerr := otpTTL("signup_expiration_minutes", b.SignupExpirationMinutes)
	if aerr != nil {
		return nil, aerr
	}
	p := rc.p
	p.mu.Lock()
	defer p.mu.Unlock()
	p.pruneMFA(rc.now)
	org, aerr := p.findOrg(b.OrganizationID)
	if aerr != nil {
		return nil, aerr
	}
	r, created, aerr := p.loginOrSignupMember(org, email, rc.now)
	if aerr != nil {
		return nil, aerr
	}
	if created {
		p.insertMember(r)
	}
	template, subject, ttl := "signup_otp", "Finish signing up for "+org.o.OrganizationName, signupTTL
	if r.m.Status == organizations.StatusActive {
		template, subject, ttl = "login_otp", "Your login code for "+org.o.OrganizationName, loginTTL
	}
	key := otpKey(otpEmail, org.o.OrganizationID, emailKey(r.m.EmailAddress))
	p.sendEmailOTP(otpRecord{key: key, kind: otpEmail, orgID: org.o.OrganizationID, memberID: r.m.MemberID, email: r.m.EmailAddress}, template, subject, ttl, rc.now)
	return &loginOrSignupResponse{RequestID: rc.requestID, StatusCode: http.StatusOK, MemberID: r.m.MemberID, MemberCreated: created, Member: p.memberView(r), Organization: p.orgView(org)}, nil
}

// otpEmailAuthResponse answers otps/email/authenticate: the §1 result plus
// the email ID and the organization ID.
type otpEmailAuthResponse struct {
	*authResult
	MethodID       string `json:"method_id"`
	OrganizationID string `json:"organization_id"`
}

func handleOTPEmailAuthenticate(rc *reqCtx) (any, error) {
	var b struct {
		OrganizationID string `json:"organization_id"`
		EmailAddress   string `json:"email_address"`
		Code           string `json:"code"`
		loginArgs
	}
	if err := rc.decode(&b); err != nil {
		return nil, err
	}
	email, emailErr := requireOrgAndEmail(b.OrganizationID, b.EmailAddress)
	if emailErr != nil {
		return nil, emailErr
	}
	if err := checkOTPCode(b.Code); err != nil {
		return nil, err
	}
	if err := b.check(); err != nil {
		return nil, err
	}
	p := rc.p
	p.mu.Lock()
	defer p.mu.Unlock()
	org, aerr := p.findOrg(b.OrganizationID)
	if aerr != nil {
		return nil, aerr
	}
	var ist *istRecord
	if b.IntermediateSessionToken != "" {
		if ist, aerr = p.findIST(b.IntermediateSessionToken, rc.now); aerr != nil {
			return nil, aerr
		}
	}
	set := p.memberSet(org.o.OrganizationID)
	var rec *otpRecord
	var backup *memberRecord
	r := p.emailUpdateHolder(set, emailKey(email), nil)
	if r != nil && r.emailUpdate.DeliveryMethod != "EMAIL_MAGIC_LINK" && r.emailUpdate.TokenHash == hashToken(b.Code) {
		// The code confirms a Start Email Update: the new address becomes
		// the member's verified primary email, then the member logs in. The
		// change is rolled back if the login fails.
		backup = cloneRecord(r)
		next := cloneRecord(r)
		if err := p.changeEmail(set, r, next, r.emailUpdate.EmailAddress, false); err != nil {
			return nil, err
		}
		next.m.EmailAddressVerified = true
		now := rc.now
		next.m.UpdatedAt = &now
		p.replaceMember(r, next)
	} else {
		if rec, aerr = p.checkOTP(otpKey(otpEmail, org.o.OrganizationID, emailKey(email)), b.Code, rc.now); aerr != nil {
			return nil, aerr
		}
		r = p.members[rec.memberID]
		if r == nil || r.m.Status == organizations.StatusDeleted {
			return nil, notFound("member_not_found", "The member this code was sent to no longer exists.")
		}
		if emailKey(r.m.EmailAddress) != emailKey(rec.email) {
			return nil, unauthorized("unable_to_auth_otp_code", "The member's email address changed after this code was sent.")
		}
	}
	res, aerr := p.emailProvingLogin(rc, org, r, "email_otp", &b.loginArgs, ist, backup)
	if aerr != nil {
		return nil, aerr
	}
	if rec != nil {
		rec.used = true
	}
	return &otpEmailAuthResponse{authResult: res, MethodID: r.emailID, OrganizationID: org.o.OrganizationID}, nil
}

func handleOTPEmailDiscoverySend(rc *reqCtx) (any, error) {
	var b struct {
		EmailAddress               string  `json:"email_address"`
		LoginTemplateID            string  `json:"login_template_id"`
		Locale                     *string `json:"locale"`
		DiscoveryExpirationMinutes *int64  `json:"discovery_expiration_minutes"`
	}
	if err := rc.decode(&b); err != nil {
		return nil, err
	}
	email := strings.TrimSpace(b.EmailAddress)
	if err := requireEmail(email); err != nil {
		return nil, err
	}
	if err := checkLocale(b.Locale, magicLinkLocales); err != nil {
		return nil, err
	}
	ttl, aerr := otpTTL("discovery_expiration_minutes", b.DiscoveryExpirationMinutes)
	if aerr != nil {
		return nil, aerr
	}
	p := rc.p
	p.mu.Lock()
	defer p.mu.Unlock()
	p.pruneMFA(rc.now)
	// The same work and the same answer for every address, known or not:
	// membership is only looked at when the code is authenticated.
	key := otpKey(otpEmailDiscovery, "", emailKey(email))
	p.sendEmailOTP(otpRecord{key: key, kind: otpEmailDiscovery, email: email}, "discovery_otp", "Your login code", ttl, rc.now)
	return &adminResponse{RequestID: rc.requestID, StatusCode: http.StatusOK}, nil
}

func handleOTPEmailDiscoveryAuthenticate(rc *reqCtx) (any, error) {
	var b struct {
		EmailAddress string `json:"email_address"`
		Code         string `json:"code"`
	}
	if err := rc.decode(&b); err != nil {
		return nil, err
	}
	email := strings.TrimSpace(b.EmailAddress)
	if err := requireEmail(email); err != nil {
		return nil, err
	}
	if err := checkOTPCode(b.Code); err != nil {
		return nil, err
	}
	p := rc.p
	p.mu.Lock()
	defer p.mu.Unlock()
	rec, aerr := p.checkOTP(otpKey(otpEmailDiscovery, "", emailKey(email)), b.Code, rc.now)
	if aerr != nil {
		return nil, aerr
	}
	rec.used = true
	ist, tok := p.newIST(rc.now, rec.email, "", "", []istFactor{discoveryEmailFactor("email_otp", rec.email)})
	exp := ist.expiresAt
	return &discoveryAuthResponse{
		RequestID: rc.requestID, StatusCode: http.StatusOK,
		IntermediateSessionToken: tok, IntermediateSessionTokenExpiresAt: &exp, EmailAddress: rec.email,
		DiscoveredOrganizations: p.discoveredOrgs(rec.email, istMethods(ist), true, ""),
	}, nil
}

// checkSMSCountry allows North American numbers (+1, the US and Canada)
// only: the mock has no per-project country allow-list.
func checkSMSCountry(phone string) *apiError {
	if !strings.HasPrefix(phone, "+1") {
		return badRequest("invalid_phone_number_country_code", "SMS can only be sent to US and Canadian (+1) numbers; %q is elsewhere.", phone)
	}
	return nil
}

func handleOTPSMSSend(rc *reqCtx) (any, error) {
	var b struct {
		OrganizationID string  `json:"organization_id"`
		MemberID       string  `json:"member_id"`
		MFAPhoneNumber string  `json:"mfa_phone_number"`
		Locale         *string `json:"locale"`
		mfaSessionArgs
	}
	if err := rc.decode(&b); err != nil {
		return nil, err
	}
	if b.mfaSessionArgs.count() > 1 {
		return nil, badRequest("too_many_session_arguments", "Pass at most one of %s.", mfaSessionArgNames)
	}
	if b.MFAPhoneNumber != "" {
		if err := checkPhone(b.MFAPhoneNumber); err != nil {
			return nil, err
		}
		if err := checkSMSCountry(b.MFAPhoneNumber); err != nil {
			return nil, err
		}
	}
	if err := checkLocale(b.Locale, smsLocales); err != nil {
		return nil, err
	}
	p := rc.p
	p.mu.Lock()
	defer p.mu.Unlock()
	p.pruneMFA(rc.now)
	org, r, c, aerr := p.mfaCall(b.OrganizationID, b.MemberID, b.mfaSessionArgs, rc.now)
	if aerr != nil {
		return nil, aerr
	}
	phone := r.m.MFAPhoneNumber
	switch {
	case phone != "" && b.MFAPhoneNumber != "" && b.MFAPhoneNumber != phone:
		return nil, badRequest("duplicate_member_phone_number_for_member", "The member already has MFA phone number %s; delete it before setting another.", phone)
	case phone == "" && b.MFAPhoneNumber == "":
		return nil, notFound("member_phone_number_not_found", "The member has no MFA phone number; pass mfa_phone_number.")
	case phone == "":
		if err := p.checkEnrollment(r, c); err != nil {
			return nil, err
		}
		next := cloneRecord(r)
		next.m.MFAPhoneNumber, next.m.MFAPhoneNumberVerified = b.MFAPhoneNumber, false
		now := rc.now
		next.m.UpdatedAt = &now
		p.replaceMember(r, next)
		r, phone = next, b.MFAPhoneNumber
	case r.m.Status != organizations.StatusActive && c.ist == nil:
		return nil, badRequest("action_available_only_for_active_members", "Only active members can receive MFA codes outside a login; this member is %s.", r.m.Status)
	}
	p.sendSMSOTP(r, phone, rc.now)
	return &otps.SMSSendResponse{RequestID: rc.requestID, StatusCode: http.StatusOK, MemberID: r.m.MemberID, Member: p.memberView(r), Organization: p.orgView(org)}, nil
}

// mfaAuthBody is the common body of the MFA authenticate endpoints.
type mfaAuthBody struct {
	OrganizationID string `json:"organization_id"`
	MemberID       string `json:"member_id"`
	TelemetryID    string `json:"telemetry_id"`
	mfaSessionArgs
	sessionArgs
	mfaEnrollmentBody
}

// check validates the session arguments (exactly one is required) and the
// session options.
func (b *mfaAuthBody) check() *apiError {
	if err := exactlyOne(mfaSessionArgNames, b.IntermediateSessionToken, b.SessionToken, b.SessionJWT); err != nil {
		return err
	}
	if err := checkSessionArgs("", "", b.sessionArgs); err != nil {
		return err
	}
	return b.mfaEnrollmentBody.check()
}

// phoneFactor is the session factor of an SMS OTP.
func phoneFactor(r *memberRecord, phone string) sessions.AuthenticationFactor {
	return sessions.AuthenticationFactor{
		Type: "otp", DeliveryMethod: "sms", // the factor type Stytch reports for SMS codes
		PhoneNumberFactor: &sessions.PhoneNumberFactor{PhoneID: phoneID(r.m.MemberID, phone), PhoneNumber: phone},
	}
}

// phoneID is a stable ID of a member's phone number.
func phoneID(memberID, phone string) string {
	h := hashToken(memberID + "\x00" + phone)
	return "phone-number-" + h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}

func handleOTPSMSAuthenticate(rc *reqCtx) (any, error) {
	var b struct {
		Code string `json:"code"`
		mfaAuthBody
	}
	if err := rc.decode(&b); err != nil {
		return nil, err
	}
	if err := b.check(); err != nil {
		return nil, err
	}
	if err := checkOTPCode(b.Code); err != nil {
		return nil, err
	}
	p := rc.p
	p.mu.Lock()
	defer p.mu.Unlock()
	org, r, c, aerr := p.mfaCall(b.OrganizationID, b.MemberID, b.mfaSessionArgs, rc.now)
	if aerr != nil {
		return nil, aerr
	}
	rec, aerr := p.checkOTP(otpKey(otpSMS, org.o.OrganizationID, r.m.MemberID), b.Code, rc.now)
	if aerr != nil {
		return nil, aerr
	}
	if rec.phone != r.m.MFAPhoneNumber {
		return nil, unauthorized("unable_to_auth_otp_code", "The member's MFA phone number changed after this code was sent.")
	}
	next := cloneRecord(r)
	next.m.MFAPhoneNumberVerified = true
	applyCompletedMFA(org, next, mfaSMSOTP, b.mfaEnrollmentBody)
	res, aerr := p.completeMFA(rc, org, r, next, c, mfaSMSOTP, phoneFactor(r, rec.phone), b.sessionArgs)
	if aerr != nil {
		return nil, aerr
	}
	rec.used = true
	return res, nil
}
