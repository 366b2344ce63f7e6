package flows

import (
	"time"

	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/b2b/sessions"
	"github.com/stytchkit/stytch-go/mockserver/internal/apierr"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
)

// Kinds of one-time codes, which prefix their store keys.
const (
	OTPEmail          = "email"           // org-scoped email OTP, keyed by org and address
	OTPEmailDiscovery = "email_discovery" // discovery email OTP, keyed by address
	OTPSMS            = "sms"             // MFA SMS OTP, keyed by member
)

// OTPTTL validates an optional email-OTP expiration (2-15 minutes).
func OTPTTL(field string, v *int64) (time.Duration, *apierr.Error) {
	if v == nil || *v == 0 {
		return state.DefaultEmailOTPMins * time.Minute, nil
	}
	if *v < state.MinEmailOTPMins || *v > state.MaxEmailOTPMins {
		return 0, apierr.BadRequest("invalid_expiration_otp", "%s must be between %d and %d minutes.", field, state.MinEmailOTPMins, state.MaxEmailOTPMins)
	}
	return time.Duration(*v) * time.Minute, nil
}

// MFASessionArgs are the IST/session arguments of the MFA endpoints.
type MFASessionArgs struct {
	IntermediateSessionToken string `json:"intermediate_session_token"`
	SessionToken             string `json:"session_token"`
	SessionJWT               string `json:"session_jwt"`
}

// MFASessionArgNames names the three MFASessionArgs in error messages.
const MFASessionArgNames = "intermediate_session_token, session_token and session_jwt"

// Count is how many of the three arguments were sent.
func (a MFASessionArgs) Count() int {
	n := 0
	for _, v := range []string{a.IntermediateSessionToken, a.SessionToken, a.SessionJWT} {
		if v != "" {
			n++
		}
	}
	return n
}

// CheckAtMostOne refuses a request that sent more than one of the three
// arguments.
func (a MFASessionArgs) CheckAtMostOne() *apierr.Error {
	if a.Count() > 1 {
		return apierr.BadRequest("too_many_session_arguments", "Pass at most one of %s.", MFASessionArgNames)
	}
	return nil
}

// MFAContext is what an MFA request proved about who is calling: an
// intermediate session or a session of the member, or neither.
type MFAContext struct {
	IST      *state.ISTRecord
	istToken string
	session  *state.SessionRecord
}

// hasMFAFactor reports whether the caller's IST or session already holds a
// second factor.
func (c *MFAContext) hasMFAFactor() bool {
	if c.IST != nil {
		return c.IST.HasMethod(state.MFAMethod)
	}
	if c.session != nil {
		for _, f := range c.session.Factors {
			// A session reports an SMS code as type "otp", delivery "sms"
			// (an email code is "otp"/"email", a primary factor).
			if state.MFAMethod(f.Type) || f.Type == "otp" && f.DeliveryMethod == "sms" {
				return true
			}
		}
	}
	return false
}

// MFACall resolves what an MFA endpoint acts on: the organization, the
// member, and the intermediate session or session that authorizes the call.
// Callers hold p.mu.
func MFACall(p *state.Project, orgID, memberID string, a MFASessionArgs, now time.Time) (*state.OrgRecord, *state.MemberRecord, *MFAContext, *apierr.Error) {
	org, r, err := MFATarget(p, orgID, memberID)
	if err != nil {
		return nil, nil, nil, err
	}
	c, err := resolveMFAContext(p, a, org, r, now)
	if err != nil {
		return nil, nil, nil, err
	}
	return org, r, c, nil
}

// resolveMFAContext finds the IST or session of an MFA request and checks
// that it belongs to member r of org. Callers hold p.mu for writing.
func resolveMFAContext(p *state.Project, a MFASessionArgs, org *state.OrgRecord, r *state.MemberRecord, now time.Time) (*MFAContext, *apierr.Error) {
	c := &MFAContext{}
	switch {
	case a.IntermediateSessionToken != "":
		ist, err := p.FindIST(a.IntermediateSessionToken, now)
		if err != nil {
			return nil, err
		}
		if ist.OrgID != org.Org.OrganizationID {
			return nil, apierr.BadRequest("invalid_intermediate_session_token_for_organization", "The intermediate session does not belong to organization %q.", org.Org.OrganizationID)
		}
		if ist.MemberID != r.Member.MemberID {
			return nil, apierr.BadRequest("member_session_member_id_mismatch", "The intermediate session belongs to another member than %q.", r.Member.MemberID)
		}
		c.IST, c.istToken = ist, a.IntermediateSessionToken
	case a.SessionToken != "" || a.SessionJWT != "":
		s, err := p.FindSession(a.SessionToken, a.SessionJWT, now)
		if err != nil {
			return nil, err
		}
		if s.MemberID != r.Member.MemberID {
			return nil, apierr.BadRequest("member_session_member_id_mismatch", "The session belongs to another member than %q.", r.Member.MemberID)
		}
		c.session = s
	}
	return c, nil
}

// hasActiveMFAFactor reports whether the member already has a working
// second factor: a verified phone or an active TOTP registration.
func hasActiveMFAFactor(p *state.Project, r *state.MemberRecord) bool {
	return (r.Member.MFAPhoneNumber != "" && r.Member.MFAPhoneNumberVerified) || p.ActiveTOTP(r) != nil
}

// CheckEnrollment applies the rules for attaching a new MFA factor to r
// (auth-flows §7): only active members, or a member inside their own login
// (an IST bound to them), may enroll; and a member who already has an
// active MFA factor must prove it first (the IST or session must already
// hold a second factor).
func CheckEnrollment(p *state.Project, r *state.MemberRecord, c *MFAContext) *apierr.Error {
	if r.Member.Status != organizations.StatusActive && c.IST == nil {
		return apierr.BadRequest("action_available_only_for_active_members", "Only active members can register an MFA factor outside a login; this member is %s.", r.Member.Status)
	}
	if hasActiveMFAFactor(p, r) && !c.hasMFAFactor() {
		return apierr.BadRequest("unauthorized_action", "The member already has an active MFA factor; pass an intermediate session or session that completed MFA to register another.")
	}
	return nil
}

// MFAEnrollmentBody holds the enrollment options of the MFA authenticate
// endpoints.
type MFAEnrollmentBody struct {
	SetMFAEnrollment *string `json:"set_mfa_enrollment"`
	SetDefaultMFA    *bool   `json:"set_default_mfa"`
}

func (b MFAEnrollmentBody) check() *apierr.Error {
	if b.SetMFAEnrollment != nil && *b.SetMFAEnrollment != "" && *b.SetMFAEnrollment != "enroll" && *b.SetMFAEnrollment != "unenroll" {
		return apierr.BadRequest("invalid_request_value", "set_mfa_enrollment must be enroll or unenroll, not %q.", *b.SetMFAEnrollment)
	}
	return nil
}

// ApplyCompletedMFA records a completed second factor on next: under
// REQUIRED_FOR_ALL the member becomes mfa_enrolled, under OPTIONAL
// set_mfa_enrollment decides; the first completed method (or one sent with
// set_default_mfa) becomes default_mfa_method.
func ApplyCompletedMFA(org *state.OrgRecord, next *state.MemberRecord, method string, b MFAEnrollmentBody) {
	switch {
	case org.Org.MFAPolicy == organizations.MFAPolicyRequiredForAll:
		next.Member.MFAEnrolled = true
	case b.SetMFAEnrollment != nil && *b.SetMFAEnrollment == "enroll":
		next.Member.MFAEnrolled = true
	case b.SetMFAEnrollment != nil && *b.SetMFAEnrollment == "unenroll":
		next.Member.MFAEnrolled = false
	}
	if next.Member.DefaultMFAMethod == "" || (b.SetDefaultMFA != nil && *b.SetDefaultMFA) {
		next.Member.DefaultMFAMethod = method
	}
}

// MFAAuthResponse answers the MFA authenticate endpoints (SMS OTP, TOTP,
// recovery codes).
type MFAAuthResponse struct {
	RequestID     string                     `json:"request_id"`
	MemberID      string                     `json:"member_id"`
	Member        organizations.Member       `json:"member"`
	Organization  organizations.Organization `json:"organization"`
	SessionToken  string                     `json:"session_token"`
	SessionJWT    string                     `json:"session_jwt"`
	MemberSession *sessions.MemberSession    `json:"member_session"`
	MemberDevice  *sessions.DeviceInfo       `json:"member_device"`
	StatusCode    int                        `json:"status_code"`
}

// CompleteMFA finishes an MFA authenticate once the factor was verified and
// r replaced by next (the member with its MFA fields updated). With an IST
// the factor joins the login in progress through runPrimary, which
// consumes the IST and issues the session (or keeps the IST when a primary
// factor is still missing); with a session the factor is added to it and
// the session extended (step-up). On error the member is restored.
// Callers hold p.mu for writing.
func CompleteMFA(p *state.Project, now time.Time, org *state.OrgRecord, r, next *state.MemberRecord, c *MFAContext, method string, factor sessions.AuthenticationFactor, args state.SessionArgs) (*MFAAuthResponse, *apierr.Error) {
	backup := state.CloneRecord(r)
	next.Member.UpdatedAt = &now
	p.ReplaceMember(r, next)
	res := &MFAAuthResponse{MemberID: r.Member.MemberID}
	fail := func(err *apierr.Error) (*MFAAuthResponse, *apierr.Error) {
		p.ReplaceMember(r, backup)
		return nil, err
	}
	if c.session != nil {
		is, err := extendSession(p, c.session, []sessions.AuthenticationFactor{factor}, args, now)
		if err != nil {
			if ae, ok := err.(*apierr.Error); ok { //nolint:errorlint // extendSession returns *apiError directly
				return fail(ae)
			}
			return fail(apierr.Internal("The mock could not sign a session JWT."))
		}
		ms := is.Session
		res.SessionToken, res.SessionJWT, res.MemberSession = is.Token, is.JWT, &ms
		res.Member, res.Organization = is.Member, is.Org
		return res, nil
	}
	ar, err := RunPrimary(p, &PrimaryLogin{
		Org: org, Email: r.Member.EmailAddress, Member: r, Method: method,
		Factor: func(*state.MemberRecord) sessions.AuthenticationFactor { return factor },
		IST:    c.IST, ISTToken: c.istToken, Args: args, Now: now,
	})
	if err != nil {
		return fail(err)
	}
	res.SessionToken, res.SessionJWT, res.MemberSession = ar.SessionToken, ar.SessionJWT, ar.MemberSession
	res.Member, res.Organization = ar.Member, ar.Organization
	return res, nil
}

// MFATarget resolves the organization and member of an MFA request body.
// Callers hold p.mu.
func MFATarget(p *state.Project, orgID, memberID string) (*state.OrgRecord, *state.MemberRecord, *apierr.Error) {
	if orgID == "" {
		return nil, nil, apierr.BadRequest("invalid_organization_id", "organization_id is required.")
	}
	org, err := p.FindOrg(orgID)
	if err != nil {
		return nil, nil, err
	}
	r, err := p.FindMember(org, memberID)
	if err != nil {
		return nil, nil, err
	}
	return org, r, nil
}
