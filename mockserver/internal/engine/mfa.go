package engine

import (
	"crypto/subtle"
	"net/http"
	"time"

	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/b2b/sessions"
)

// One-time codes (email OTP, SMS OTP) and MFA completion (auth-flows §2,
// §7, §8). Codes are six random digits stored only as a salted SHA-256 of
// the address they were sent to and the code; only the newest code of an
// address is kept, so a new send voids the earlier ones.

// OTP lifetimes and limits.
const (
	smsOTPTTL            = 2 * time.Minute
	defaultEmailOTPMins  = 10
	minEmailOTPMins      = 2
	maxEmailOTPMins      = 15
	maxOTPAttempts       = 5
	otpForgetAfterExpiry = 24 * time.Hour
)

// Kinds of one-time codes, which prefix their store keys.
const (
	otpEmail          = "email"           // org-scoped email OTP, keyed by org and address
	otpEmailDiscovery = "email_discovery" // discovery email OTP, keyed by address
	otpSMS            = "sms"             // MFA SMS OTP, keyed by member
)

// otpRecord is the live (newest) one-time code of one address.
type otpRecord struct {
	key      string
	kind     string
	codeHash string
	orgID    string
	memberID string
	email    string
	phone    string
	// expiresAt is when the code stops working; attempts counts wrong
	// codes; used marks a code that worked or was voided by too many
	// wrong attempts.
	expiresAt time.Time
	attempts  int
	used      bool
}

// mfaState holds a project's one-time codes and TOTP registrations. Callers
// hold p.mu.
type mfaState struct {
	otps  map[string]*otpRecord  // otpKey -> newest code
	totps map[string]*totpRecord // member_id -> registration (pending or active)
}

func (m *mfaState) init() {
	if m.otps == nil {
		m.otps = map[string]*otpRecord{}
		m.totps = map[string]*totpRecord{}
	}
}

// otpKey names the address a code is sent to.
func otpKey(kind, scope, addr string) string {
	return kind + ":" + scope + ":" + addr
}

// otpHash is the stored form of a code: salted with its key so equal codes
// of different addresses hash differently.
func otpHash(key, code string) string { return hashToken(key + "\x00" + code) }

// issueOTP stores a fresh code for rec.key, voiding any earlier one, and
// returns the code. Callers hold p.mu for writing.
func (p *project) issueOTP(rec otpRecord, ttl time.Duration, now time.Time) string {
	p.mfa.init()
	code := newOTPCode()
	rec.codeHash = otpHash(rec.key, code)
	rec.expiresAt = now.Add(ttl)
	p.mfa.otps[rec.key] = &rec
	return code
}

// checkOTP verifies code against the newest code sent to key. No code on
// record is 404 otp_code_not_found; a used, voided or expired code is 401
// unable_to_auth_otp_code; a wrong code is 401 unauthorized_credentials and
// counts an attempt (the fifth wrong attempt voids the code). The code is
// not marked used: callers do that once the whole login succeeded.
// Callers hold p.mu for writing.
func (p *project) checkOTP(key, code string, now time.Time) (*otpRecord, *apiError) {
	p.mfa.init()
	rec := p.mfa.otps[key]
	if rec == nil {
		return nil, notFound("otp_code_not_found", "No one-time code was sent to this address, or it was forgotten.")
	}
	if rec.used || !now.Before(rec.expiresAt) {
		return nil, unauthorized("unable_to_auth_otp_code", "The one-time code was already used, replaced by too many wrong attempts, or has expired.")
	}
	if subtle.ConstantTimeCompare([]byte(otpHash(key, code)), []byte(rec.codeHash)) != 1 {
		rec.attempts++
		if rec.attempts >= maxOTPAttempts {
			rec.used = true
		}
		return nil, unauthorized("unauthorized_credentials", "The one-time code is wrong.")
	}
	return rec, nil
}

// pruneMFA forgets codes a day after they expired. Callers hold p.mu for
// writing.
func (p *project) pruneMFA(now time.Time) {
	p.mfa.init()
	for k, r := range p.mfa.otps {
		if now.Sub(r.expiresAt) > otpForgetAfterExpiry {
			delete(p.mfa.otps, k)
		}
	}
	for k, t := range p.mfa.totps {
		if !t.active && !now.Before(t.expiresAt) {
			delete(p.mfa.totps, k)
		}
	}
}

// otpTTL validates an optional email-OTP expiration (2-15 minutes).
func otpTTL(field string, v *int64) (time.Duration, *apiError) {
	if v == nil || *v == 0 {
		return defaultEmailOTPMins * time.Minute, nil
	}
	if *v < minEmailOTPMins || *v > maxEmailOTPMins {
		return 0, badRequest("invalid_expiration_otp", "%s must be between %d and %d minutes.", field, minEmailOTPMins, maxEmailOTPMins)
	}
	return time.Duration(*v) * time.Minute, nil
}

// mfaSessionArgs are the IST/session arguments of the MFA endpoints.
type mfaSessionArgs struct {
	IntermediateSessionToken string `json:"intermediate_session_token"`
	SessionToken             string `json:"session_token"`
	SessionJWT               string `json:"session_jwt"`
}

const mfaSessionArgNames = "intermediate_session_token, session_token and session_jwt"

// count is how many of the three arguments were sent.
func (a mfaSessionArgs) count() int {
	n := 0
	for _, v := range []string{a.IntermediateSessionToken, a.SessionToken, a.SessionJWT} {
		if v != "" {
			n++
		}
	}
	return n
}

// mfaContext is what an MFA request proved about who is calling: an
// intermediate session or a session of the member, or neither.
type mfaContext struct {
	ist      *istRecord
	istToken string
	session  *sessionRecord
}

// hasMFAFactor reports whether the caller's IST or session already holds a
// second factor.
func (c *mfaContext) hasMFAFactor() bool {
	if c.ist != nil {
		return c.ist.hasMethod(mfaMethod)
	}
	if c.session != nil {
		for _, f := range c.session.factors {
			if mfaMethod(f.Type) {
				return true
			}
		}
	}
	return false
}

// mfaCall resolves what an MFA endpoint acts on: the organization, the
// member, and the intermediate session or session that authorizes the call.
// Callers hold p.mu.
func (p *project) mfaCall(orgID, memberID string, a mfaSessionArgs, now time.Time) (*orgRecord, *memberRecord, *mfaContext, *apiError) {
	org, r, err := p.mfaTarget(orgID, memberID)
	if err != nil {
		return nil, nil, nil, err
	}
	c, err := p.resolveMFAContext(a, org, r, now)
	if err != nil {
		return nil, nil, nil, err
	}
	return org, r, c, nil
}

// resolveMFAContext finds the IST or session of an MFA request and checks
// that it belongs to member r of org. Callers hold p.mu for writing.
func (p *project) resolveMFAContext(a mfaSessionArgs, org *orgRecord, r *memberRecord, now time.Time) (*mfaContext, *apiError) {
	c := &mfaContext{}
	switch {
	case a.IntermediateSessionToken != "":
		ist, err := p.findIST(a.IntermediateSessionToken, now)
		if err != nil {
			return nil, err
		}
		if ist.orgID != org.o.OrganizationID {
			return nil, badRequest("invalid_intermediate_session_token_for_organization", "The intermediate session does not belong to organization %q.", org.o.OrganizationID)
		}
		if ist.memberID != r.m.MemberID {
			return nil, forbidden("unauthorized_action", "The intermediate session belongs to another member than %q.", r.m.MemberID)
		}
		c.ist, c.istToken = ist, a.IntermediateSessionToken
	case a.SessionToken != "" || a.SessionJWT != "":
		s, err := p.findSession(a.SessionToken, a.SessionJWT, now)
		if err != nil {
			return nil, err
		}
		if s.memberID != r.m.MemberID {
			return nil, forbidden("unauthorized_action", "The session belongs to another member than %q.", r.m.MemberID)
		}
		c.session = s
	}
	return c, nil
}

// hasActiveMFAFactor reports whether the member already has a working
// second factor: a verified phone or an active TOTP registration.
func (p *project) hasActiveMFAFactor(r *memberRecord) bool {
	return (r.m.MFAPhoneNumber != "" && r.m.MFAPhoneNumberVerified) || p.activeTOTP(r) != nil
}

// checkEnrollment applies the rules for attaching a new MFA factor to r
// (auth-flows §7): only active members, or a member inside their own login
// (an IST bound to them), may enroll; and a member who already has an
// active MFA factor must prove it first (the IST or session must already
// hold a second factor).
func (p *project) checkEnrollment(r *memberRecord, c *mfaContext) *apiError {
	if r.m.Status != organizations.StatusActive && c.ist == nil {
		return badRequest("action_available_only_for_active_members", "Only active members can register an MFA factor outside a login; this member is %s.", r.m.Status)
	}
	if p.hasActiveMFAFactor(r) && !c.hasMFAFactor() {
		return forbidden("unauthorized_action", "The member already has an active MFA factor; pass an intermediate session or session that completed MFA to register another.")
	}
	return nil
}

// mfaEnrollmentBody holds the enrollment options of the MFA authenticate
// endpoints.
type mfaEnrollmentBody struct {
	SetMFAEnrollment *string `json:"set_mfa_enrollment"`
	SetDefaultMFA    *bool   `json:"set_default_mfa"`
}

func (b mfaEnrollmentBody) check() *apiError {
	if b.SetMFAEnrollment != nil && *b.SetMFAEnrollment != "" && *b.SetMFAEnrollment != "enroll" && *b.SetMFAEnrollment != "unenroll" {
		return badRequest("invalid_request_value", "set_mfa_enrollment must be enroll or unenroll, not %q.", *b.SetMFAEnrollment)
	}
	return nil
}

// applyCompletedMFA records a completed second factor on next: under
// REQUIRED_FOR_ALL the member becomes mfa_enrolled, under OPTIONAL
// set_mfa_enrollment decides; the first completed method (or one sent with
// set_default_mfa) becomes default_mfa_method.
func applyCompletedMFA(org *orgRecord, next *memberRecord, method string, b mfaEnrollmentBody) {
	switch {
	case org.o.MFAPolicy == organizations.MFAPolicyRequiredForAll:
		next.m.MFAEnrolled = true
	case b.SetMFAEnrollment != nil && *b.SetMFAEnrollment == "enroll":
		next.m.MFAEnrolled = true
	case b.SetMFAEnrollment != nil && *b.SetMFAEnrollment == "unenroll":
		next.m.MFAEnrolled = false
	}
	if next.m.DefaultMFAMethod == "" || (b.SetDefaultMFA != nil && *b.SetDefaultMFA) {
		next.m.DefaultMFAMethod = method
	}
}

// mfaAuthResponse answers the MFA authenticate endpoints (SMS OTP, TOTP,
// recovery codes).
type mfaAuthResponse struct {
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

// completeMFA finishes an MFA authenticate once the factor was verified and
// r replaced by next (the member with its MFA fields updated). With an IST
// the factor joins the login in progress through runPrimary, which
// consumes the IST and issues the session (or keeps the IST when a primary
// factor is still missing); with a session the factor is added to it and
// the session extended (step-up). On error the member is restored.
// Callers hold p.mu for writing.
func (p *project) completeMFA(now time.Time, org *orgRecord, r, next *memberRecord, c *mfaContext, method string, factor sessions.AuthenticationFactor, args sessionArgs) (*mfaAuthResponse, *apiError) {
	backup := cloneRecord(r)
	next.m.UpdatedAt = &now
	p.replaceMember(r, next)
	res := &mfaAuthResponse{MemberID: r.m.MemberID}
	fail := func(err *apiError) (*mfaAuthResponse, *apiError) {
		p.replaceMember(r, backup)
		return nil, err
	}
	if c.session != nil {
		is, err := p.extendSession(c.session, []sessions.AuthenticationFactor{factor}, args, now)
		if err != nil {
			if ae, ok := err.(*apiError); ok { //nolint:errorlint // extendSession returns *apiError directly
				return fail(ae)
			}
			return fail(newError(http.StatusInternalServerError, "internal_server_error", "The mock could not sign a session JWT."))
		}
		ms := is.Session
		res.SessionToken, res.SessionJWT, res.MemberSession = is.Token, is.JWT, &ms
		res.Member, res.Organization = is.Member, is.Org
		return res, nil
	}
	ar, err := p.runPrimary(&primaryLogin{
		org: org, email: r.m.EmailAddress, member: r, method: method,
		factor: func(*memberRecord) sessions.AuthenticationFactor { return factor },
		ist:    c.ist, istToken: c.istToken, args: args, now: now,
	})
	if err != nil {
		return fail(err)
	}
	res.SessionToken, res.SessionJWT, res.MemberSession = ar.SessionToken, ar.SessionJWT, ar.MemberSession
	res.Member, res.Organization = ar.Member, ar.Organization
	return res, nil
}

// mfaTarget resolves the organization and member of an MFA request body.
// Callers hold p.mu.
func (p *project) mfaTarget(orgID, memberID string) (*orgRecord, *memberRecord, *apiError) {
	if orgID == "" {
		return nil, nil, badRequest("invalid_organization_id", "organization_id is required.")
	}
	org, err := p.findOrg(orgID)
	if err != nil {
		return nil, nil, err
	}
	r, err := p.findMember(org, memberID)
	if err != nil {
		return nil, nil, err
	}
	return org, r, nil
}
