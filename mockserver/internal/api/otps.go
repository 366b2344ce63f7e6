package api

import (
	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/b2b/otps"
	"github.com/stytchkit/stytch-go/mockserver/internal/apierr"
	"github.com/stytchkit/stytch-go/mockserver/internal/flows"
	"github.com/stytchkit/stytch-go/mockserver/internal/httpkit"
	"github.com/stytchkit/stytch-go/mockserver/internal/ids"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
)

func handleOTPEmailLoginOrSignup(rc *httpkit.Call) (any, error) {
	var b struct {
		OrganizationID          string  `json:"organization_id"`
		EmailAddress            string  `json:"email_address"`
		LoginTemplateID         string  `json:"login_template_id"`
		SignupTemplateID        string  `json:"signup_template_id"`
		Locale                  *string `json:"locale"`
		LoginExpirationMinutes  *int64  `json:"login_expiration_minutes"`
		SignupExpirationMinutes *int64  `json:"signup_expiration_minutes"`
	}
	if err := rc.Decode(&b); err != nil {
		return nil, err
	}
	email, emailErr := flows.CheckOrgSend(b.OrganizationID, b.EmailAddress, b.Locale)
	if emailErr != nil {
		return nil, emailErr
	}
	loginTTL, aerr := flows.OTPTTL("login_expiration_minutes", b.LoginExpirationMinutes)
	if aerr != nil {
		return nil, aerr
	}
	signupTTL, aerr := flows.OTPTTL("signup_expiration_minutes", b.SignupExpirationMinutes)
	if aerr != nil {
		return nil, aerr
	}
	p := rc.Project
	p.Mu.Lock()
	defer p.Mu.Unlock()
	p.PruneMFA(rc.Now)
	org, aerr := p.FindOrg(b.OrganizationID)
	if aerr != nil {
		return nil, aerr
	}
	r, created, aerr := flows.LoginOrSignupMember(p, org, email, rc.Now)
	if aerr != nil {
		return nil, aerr
	}
	if created {
		p.InsertMember(r)
	}
	template, subject, ttl := "signup_otp", "Finish signing up for "+org.Org.OrganizationName, signupTTL
	if r.Member.Status == organizations.StatusActive {
		template, subject, ttl = "login_otp", "Your login code for "+org.Org.OrganizationName, loginTTL
	}
	key := state.OTPKey(flows.OTPEmail, org.Org.OrganizationID, state.EmailKey(r.Member.EmailAddress))
	flows.SendEmailOTP(p, state.OTPRecord{Key: key, Kind: flows.OTPEmail, OrgID: org.Org.OrganizationID, MemberID: r.Member.MemberID, Email: r.Member.EmailAddress}, template, subject, ttl, rc.Now)
	return &loginOrSignupResponse{MemberID: r.Member.MemberID, MemberCreated: created, Member: p.MemberView(r), Organization: p.OrgView(org)}, nil
}

// otpEmailAuthResponse answers otps/email/authenticate: the §1 result plus
// the email ID and the organization ID.
type otpEmailAuthResponse struct {
	*flows.AuthResult
	MethodID       string `json:"method_id"`
	OrganizationID string `json:"organization_id"`
}

func handleOTPEmailAuthenticate(rc *httpkit.Call) (any, error) {
	var b struct {
		OrganizationID string `json:"organization_id"`
		EmailAddress   string `json:"email_address"`
		Code           string `json:"code"`
		flows.LoginArgs
	}
	if err := rc.Decode(&b); err != nil {
		return nil, err
	}
	email, emailErr := flows.RequireOrgAndEmail(b.OrganizationID, b.EmailAddress)
	if emailErr != nil {
		return nil, emailErr
	}
	if err := flows.CheckOTPCode(b.Code); err != nil {
		return nil, err
	}
	if err := b.Check(); err != nil {
		return nil, err
	}
	return rc.WriteOrg(b.OrganizationID, func(p *state.Project, org *state.OrgRecord) (any, error) {
		ist, aerr := b.FindIST(p, rc.Now)
		if aerr != nil {
			return nil, aerr
		}
		set := p.MemberSet(org.Org.OrganizationID)
		var rec *state.OTPRecord
		var backup *state.MemberRecord
		r := flows.EmailUpdateHolder(p, set, state.EmailKey(email), nil)
		if r != nil && r.EmailUpdate.DeliveryMethod != "EMAIL_MAGIC_LINK" && r.EmailUpdate.TokenHash == ids.HashToken(b.Code) {
			// The code confirms a Start Email Update: the new address becomes
			// the member's verified primary email, then the member logs in. The
			// change is rolled back if the login fails.
			backup = state.CloneRecord(r)
			next := state.CloneRecord(r)
			if err := flows.ChangeEmail(p, set, r, next, r.EmailUpdate.EmailAddress, false); err != nil {
				return nil, err
			}
			next.Member.EmailAddressVerified = true
			now := rc.Now
			next.Member.UpdatedAt = &now
			p.ReplaceMember(r, next)
		} else {
			if rec, aerr = p.CheckOTP(state.OTPKey(flows.OTPEmail, org.Org.OrganizationID, state.EmailKey(email)), b.Code, rc.Now); aerr != nil {
				return nil, aerr
			}
			r = p.Members[rec.MemberID]
			if r == nil || r.Member.Status == organizations.StatusDeleted {
				return nil, apierr.NotFound("member_not_found", "The member this code was sent to no longer exists.")
			}
			if state.EmailKey(r.Member.EmailAddress) != state.EmailKey(rec.Email) {
				return nil, apierr.Unauthorized("unable_to_auth_otp_code", "The member's email address changed after this code was sent.")
			}
		}
		res, aerr := flows.EmailProvingLogin(p, rc.Now, org, r, "email_otp", &b.LoginArgs, ist, backup)
		if aerr != nil {
			return nil, aerr
		}
		if rec != nil {
			rec.Used = true
		}
		return &otpEmailAuthResponse{AuthResult: res, MethodID: r.EmailID, OrganizationID: org.Org.OrganizationID}, nil
	})
}

func handleOTPEmailDiscoverySend(rc *httpkit.Call) (any, error) {
	var b struct {
		EmailAddress               string  `json:"email_address"`
		LoginTemplateID            string  `json:"login_template_id"`
		Locale                     *string `json:"locale"`
		DiscoveryExpirationMinutes *int64  `json:"discovery_expiration_minutes"`
	}
	if err := rc.Decode(&b); err != nil {
		return nil, err
	}
	email, emailErr := flows.CheckDiscoverySend(b.EmailAddress, b.Locale)
	if emailErr != nil {
		return nil, emailErr
	}
	ttl, aerr := flows.OTPTTL("discovery_expiration_minutes", b.DiscoveryExpirationMinutes)
	if aerr != nil {
		return nil, aerr
	}
	p := rc.Project
	p.Mu.Lock()
	defer p.Mu.Unlock()
	p.PruneMFA(rc.Now)
	// The same work and the same answer for every address, known or not:
	// membership is only looked at when the code is authenticated.
	key := state.OTPKey(flows.OTPEmailDiscovery, "", state.EmailKey(email))
	flows.SendEmailOTP(p, state.OTPRecord{Key: key, Kind: flows.OTPEmailDiscovery, Email: email}, "discovery_otp", "Your login code", ttl, rc.Now)
	return &httpkit.Ack{}, nil
}

func handleOTPEmailDiscoveryAuthenticate(rc *httpkit.Call) (any, error) {
	var b struct {
		EmailAddress string `json:"email_address"`
		Code         string `json:"code"`
	}
	if err := rc.Decode(&b); err != nil {
		return nil, err
	}
	email, emailErr := flows.RequireTrimmedEmail(b.EmailAddress)
	if emailErr != nil {
		return nil, emailErr
	}
	if err := flows.CheckOTPCode(b.Code); err != nil {
		return nil, err
	}
	p := rc.Project
	p.Mu.Lock()
	defer p.Mu.Unlock()
	rec, aerr := p.CheckOTP(state.OTPKey(flows.OTPEmailDiscovery, "", state.EmailKey(email)), b.Code, rc.Now)
	if aerr != nil {
		return nil, aerr
	}
	rec.Used = true
	ist, tok := p.NewIST(rc.Now, rec.Email, "", "", []state.ISTFactor{flows.DiscoveryEmailFactor("email_otp", rec.Email)})
	exp := ist.ExpiresAt
	return &discoveryAuthResponse{
		IntermediateSessionToken: tok, IntermediateSessionTokenExpiresAt: &exp, EmailAddress: rec.Email,
		DiscoveredOrganizations: flows.DiscoveredOrgs(p, rec.Email, flows.ISTMethods(ist), true, ""),
	}, nil
}

func handleOTPSMSSend(rc *httpkit.Call) (any, error) {
	var b struct {
		OrganizationID string  `json:"organization_id"`
		MemberID       string  `json:"member_id"`
		MFAPhoneNumber string  `json:"mfa_phone_number"`
		Locale         *string `json:"locale"`
		flows.MFASessionArgs
	}
	if err := rc.Decode(&b); err != nil {
		return nil, err
	}
	if err := b.CheckAtMostOne(); err != nil {
		return nil, err
	}
	if b.MFAPhoneNumber != "" {
		if err := flows.CheckPhone(b.MFAPhoneNumber); err != nil {
			return nil, err
		}
		if err := flows.CheckSMSCountry(b.MFAPhoneNumber); err != nil {
			return nil, err
		}
	}
	if err := flows.CheckLocale(b.Locale, flows.SMSLocales); err != nil {
		return nil, err
	}
	p := rc.Project
	p.Mu.Lock()
	defer p.Mu.Unlock()
	p.PruneMFA(rc.Now)
	org, r, c, aerr := flows.MFACall(p, b.OrganizationID, b.MemberID, b.MFASessionArgs, rc.Now)
	if aerr != nil {
		return nil, aerr
	}
	phone := r.Member.MFAPhoneNumber
	switch {
	case phone != "" && b.MFAPhoneNumber != "" && b.MFAPhoneNumber != phone:
		return nil, apierr.BadRequest("duplicate_member_phone_number_for_member", "The member already has MFA phone number %s; delete it before setting another.", phone)
	case phone == "" && b.MFAPhoneNumber == "":
		return nil, apierr.NotFound("member_phone_number_not_found", "The member has no MFA phone number; pass mfa_phone_number.")
	case phone == "":
		if err := flows.CheckEnrollment(p, r, c); err != nil {
			return nil, err
		}
		next := state.CloneRecord(r)
		next.Member.MFAPhoneNumber, next.Member.MFAPhoneNumberVerified = b.MFAPhoneNumber, false
		now := rc.Now
		next.Member.UpdatedAt = &now
		p.ReplaceMember(r, next)
		r, phone = next, b.MFAPhoneNumber
	case r.Member.Status != organizations.StatusActive && c.IST == nil:
		return nil, apierr.BadRequest("action_available_only_for_active_members", "Only active members can receive MFA codes outside a login; this member is %s.", r.Member.Status)
	}
	flows.SendSMSOTP(p, r, phone, rc.Now)
	return &otps.SMSSendResponse{MemberID: r.Member.MemberID, Member: p.MemberView(r), Organization: p.OrgView(org)}, nil
}

func handleOTPSMSAuthenticate(rc *httpkit.Call) (any, error) {
	var b struct {
		Code string `json:"code"`
		flows.MFAAuthBody
	}
	return authenticateMFA(rc, &b, &b.MFAAuthBody, func() *apierr.Error {
		return flows.CheckOTPCode(b.Code)
	}, func(p *state.Project, org *state.OrgRecord, r *state.MemberRecord, c *flows.MFAContext) (any, error) {
		rec, aerr := p.CheckOTP(state.OTPKey(flows.OTPSMS, org.Org.OrganizationID, r.Member.MemberID), b.Code, rc.Now)
		if aerr != nil {
			return nil, aerr
		}
		if rec.Phone != r.Member.MFAPhoneNumber {
			return nil, apierr.Unauthorized("unable_to_auth_otp_code", "The member's MFA phone number changed after this code was sent.")
		}
		next := state.CloneRecord(r)
		next.Member.MFAPhoneNumberVerified = true
		flows.ApplyCompletedMFA(org, next, flows.MFASMSOTP, b.MFAEnrollmentBody)
		res, aerr := flows.CompleteMFA(p, rc.Now, org, r, next, c, flows.MFASMSOTP, flows.PhoneFactor(p.Env, r, rec.Phone), b.SessionArgs)
		if aerr != nil {
			return nil, aerr
		}
		rec.Used = true
		return res, nil
	})
}
