package engine

import (
	"net/http"
	"slices"
	"time"

	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/b2b/sessions"
)

// The shared primary-authentication pipeline (auth-flows §1). Every primary
// factor — magic links here; email OTP, passwords, OAuth and SSO later —
// validates its own credential and then hands a primaryLogin to
// runPrimary, which resolves or provisions the member, applies the
// organization's auth-method, email-verification and MFA rules, and either
// issues (or extends) a member session or returns an intermediate session
// with what is still missing.

// primaryLogin is one primary-factor login into an organization.
type primaryLogin struct {
	org *orgRecord
	// email is the address the factor proved or claimed; member, when set,
	// is the member the credential was issued to. With member nil the
	// member is found by email, or provisioned when allowJIT is set.
	email    string
	member   *memberRecord
	allowJIT bool
	// method is the factor's auth method name as allowed_auth_methods
	// spells it ("magic_link", "email_otp", "password", ...); factor
	// builds its session factor for the resolved member; provesEmail says
	// whether it proves ownership of the address in real time.
	// factor may be nil when the login brings no new factor of its own
	// (session exchange, whose factors are all carried).
	method      string
	factor      func(r *memberRecord) sessions.AuthenticationFactor
	provesEmail bool
	// carried are factors brought over from elsewhere (a session of another
	// organization, on session exchange); they count like the IST's.
	carried []istFactor
	// exchange marks the discovery flows (IST exchange, discovery create):
	// an auth-method restriction answers primary_required there instead of
	// failing.
	exchange bool
	// Session arguments of the request.
	sessionToken, sessionJWT string
	ist                      *istRecord
	istToken                 string
	args                     sessionArgs
	now                      time.Time
}

// authResult is the MFA-aware authenticate result every primary factor
// returns (auth-flows §1). Nullable fields are pointers without omitempty:
// they are null, not absent, when unset.
type authResult struct {
	RequestID                         string                     `json:"request_id"`
	MemberID                          string                     `json:"member_id"`
	Member                            organizations.Member       `json:"member"`
	Organization                      organizations.Organization `json:"organization"`
	SessionToken                      string                     `json:"session_token"`
	SessionJWT                        string                     `json:"session_jwt"`
	MemberSession                     *sessions.MemberSession    `json:"member_session"`
	MemberAuthenticated               bool                       `json:"member_authenticated"`
	IntermediateSessionToken          string                     `json:"intermediate_session_token"`
	IntermediateSessionTokenExpiresAt *time.Time                 `json:"intermediate_session_token_expires_at"`
	MFARequired                       *mfaRequiredView           `json:"mfa_required"`
	PrimaryRequired                   *sessions.PrimaryRequired  `json:"primary_required"`
	MemberDevice                      *sessions.DeviceInfo       `json:"member_device"`
	StatusCode                        int                        `json:"status_code"`
}

// mfaRequiredView is mfa_required as the API returns it: member_options
// null when the member has no MFA factor, secondary_auth_initiated null
// unless a code was sent.
type mfaRequiredView struct {
	MemberOptions          *sessions.MemberOptions `json:"member_options"`
	SecondaryAuthInitiated *string                 `json:"secondary_auth_initiated"`
}

// checkSessionArgs validates the session arguments every login accepts,
// before anything changes.
func checkSessionArgs(token, rawJWT string, args sessionArgs) *apiError {
	if token != "" && rawJWT != "" {
		return badRequest("too_many_session_arguments", "Pass at most one of session_token and session_jwt.")
	}
	if err := checkDuration(args.DurationMinutes); err != nil {
		return err
	}
	if _, err := mergeClaims(nil, args.CustomClaims); err != nil {
		return err
	}
	return nil
}

// jitDecision checks whether email may join org by email just-in-time
// provisioning: nil when it may, else the error of §1 step 2.
func jitDecision(org *orgRecord, emailLower string) *apiError {
	switch org.o.EmailJITProvisioning {
	case organizations.AllAllowed:
		return nil
	case organizations.Restricted:
		if slices.Contains(org.o.EmailAllowedDomains, emailDomain(emailLower)) {
			return nil
		}
		return forbidden("invalid_email_for_jit_provisioning", "The domain of %q is not one of the organization's allowed email domains, so no member can be created for it.", emailLower)
	default:
		return forbidden("email_jit_provisioning_not_allowed", "Organization %q does not allow email just-in-time provisioning, and %q is not a member.", org.o.OrganizationID, emailLower)
	}
}

// newMemberRecord builds (but does not store) a member with an unverified
// email, as login-or-signup, invitations and JIT provisioning create them.
func (p *project) newMemberRecord(orgID, email, status string, now time.Time) *memberRecord {
	return &memberRecord{
		m: organizations.Member{
			OrganizationID:        orgID,
			MemberID:              newID("member", p.env),
			EmailAddress:          email,
			Status:                status,
			SSORegistrations:      []organizations.SSORegistration{},
			OAuthRegistrations:    []organizations.OAuthRegistration{},
			RetiredEmailAddresses: []organizations.RetiredEmail{},
			TrustedMetadata:       map[string]any{},
			UntrustedMetadata:     map[string]any{},
			CreatedAt:             &now,
			UpdatedAt:             cloneTime(&now),
		},
		seq:     p.nextSeq(),
		emailID: newID("email", p.env),
	}
}

// emailProvingMethods are the primary methods that prove an email address,
// as primary_required lists them when a login needs one.
var emailProvingMethods = []string{"magic_link", "email_otp", "sso", "google_oauth", "microsoft_oauth"}

// allowedPrimary returns methods filtered by the organization's auth-method
// restriction.
func allowedPrimary(org *orgRecord, methods []string) []string {
	if org.o.AuthMethods != organizations.Restricted {
		return slices.Clone(methods)
	}
	var out []string
	for _, m := range methods {
		if slices.Contains(org.o.AllowedAuthMethods, m) {
			out = append(out, m)
		}
	}
	return out
}

// mfaOptions is member_options: the MFA factors the member has, or nil.
func mfaOptions(m *organizations.Member) *sessions.MemberOptions {
	if m.MFAPhoneNumber == "" && m.TOTPRegistrationID == "" {
		return nil
	}
	return &sessions.MemberOptions{MFAPhoneNumber: m.MFAPhoneNumber, TOTPRegistrationID: m.TOTPRegistrationID}
}

// mfaNeeded reports whether a login of r into org needs a second factor
// (§1 step 5) before any supplied session or IST factor is considered.
func mfaNeeded(org *orgRecord, r *memberRecord) bool {
	return org.o.MFAPolicy == organizations.MFAPolicyRequiredForAll || r.m.MFAEnrolled
}

// startSecondaryAuth is §1 step 5's automatic SMS: when the member has an
// MFA phone number and TOTP is not their default method, a code is texted
// at once (voiding any earlier one) and "sms_otp" is reported; otherwise
// nothing is sent and the answer is null. Discovery never calls it.
// Callers hold p.mu for writing.
func (p *project) startSecondaryAuth(r *memberRecord, now time.Time) *string {
	if r.m.MFAPhoneNumber == "" || r.m.DefaultMFAMethod == mfaTOTP {
		return nil
	}
	p.sendSMSOTP(r, r.m.MFAPhoneNumber, now)
	s := mfaSMSOTP
	return &s
}

// runPrimary runs steps 2-8 of §1 for a credential its caller validated
// (step 1). Nothing changes when it returns an error. Callers hold p.mu for
// writing and have run checkSessionArgs.
func (p *project) runPrimary(l *primaryLogin) (*authResult, *apiError) {
	now := l.now
	org := l.org
	// A supplied session must exist; one of another member is ignored.
	var supplied *sessionRecord
	if l.sessionToken != "" || l.sessionJWT != "" {
		s, err := p.findSession(l.sessionToken, l.sessionJWT, now)
		if err != nil {
			return nil, err
		}
		supplied = s
	}
	if l.ist != nil {
		if l.ist.orgID != "" && l.ist.orgID != org.o.OrganizationID && !l.ist.hasMethod(emailProving) {
			return nil, badRequest("invalid_intermediate_session_token_for_organization", "The intermediate session belongs to organization %q and none of its factors transfers to %q.", l.ist.orgID, org.o.OrganizationID)
		}
		if l.ist.email != "" && emailKey(l.ist.email) != emailKey(l.email) {
			return nil, badRequest("intermediate_session_email_mismatch", "The intermediate session was started for another email address.")
		}
	}

	// Step 2: resolve or provision the member.
	r := l.member
	created := false
	if r == nil {
		if set := p.orgMembers[org.o.OrganizationID]; set != nil {
			r = set.byEmail[emailKey(l.email)]
		}
	}
	if r == nil {
		if !l.allowJIT {
			return nil, notFound("member_not_found", "No member of organization %q has the email address %q.", org.o.OrganizationID, l.email)
		}
		if err := jitDecision(org, emailKey(l.email)); err != nil {
			return nil, err
		}
		if set := p.orgMembers[org.o.OrganizationID]; set != nil && set.emailHolder(emailKey(l.email), nil) != nil {
			return nil, badRequest("duplicate_member_email", "The email address %q was retired by a member of this organization.", l.email)
		}
		r = p.newMemberRecord(org.o.OrganizationID, l.email, organizations.StatusPending, now)
		created = true
	}
	if supplied != nil && supplied.memberID != r.m.MemberID {
		supplied = nil
	}

	// Factors of this login: the IST's, then this one.
	var factors []istFactor
	if l.ist != nil {
		factors = slices.Clone(l.ist.factors)
	}
	factors = append(factors, l.carried...)
	if l.factor != nil {
		factors = append(factors, istFactor{method: l.method, factor: l.factor(r)})
	}
	hasProof := l.provesEmail || slices.ContainsFunc(factors, func(f istFactor) bool { return emailProving(f.method) })

	// Step 3: auth-method restriction.
	var primaryReq *sessions.PrimaryRequired
	if org.o.AuthMethods == organizations.Restricted && !r.m.IsBreakglass {
		ok := slices.ContainsFunc(factors, func(f istFactor) bool {
			return !mfaMethod(f.method) && slices.Contains(org.o.AllowedAuthMethods, f.method)
		})
		if !ok {
			if !l.exchange {
				return nil, forbidden("operation_restricted_by_organization_auth_methods", "Organization %q does not allow %s logins.", org.o.OrganizationID, l.method)
			}
			primaryReq = &sessions.PrimaryRequired{AllowedAuthMethods: slices.Clone(org.o.AllowedAuthMethods)}
		}
	}
	// A login with no primary factor at all (an exchange whose factors did
	// not transfer) needs one of the organization's primary methods.
	if primaryReq == nil && !slices.ContainsFunc(factors, func(f istFactor) bool { return !mfaMethod(f.method) }) {
		primaryReq = &sessions.PrimaryRequired{AllowedAuthMethods: allowedPrimary(org, authMethodValues)}
	}
	// Step 4: email verification by a factor that does not prove it.
	if primaryReq == nil && !hasProof && (created || !r.m.EmailAddressVerified) {
		allowed := allowedPrimary(org, emailProvingMethods)
		if allowed == nil {
			allowed = []string{}
		}
		primaryReq = &sessions.PrimaryRequired{AllowedAuthMethods: allowed}
	}
	// Step 5: MFA, unless a session of the member or an MFA factor of the
	// IST already covers it.
	mfaReq := primaryReq == nil && mfaNeeded(org, r) && supplied == nil &&
		!slices.ContainsFunc(factors, func(f istFactor) bool { return mfaMethod(f.method) })

	if created {
		p.insertMember(r)
	}
	res := &authResult{MemberID: r.m.MemberID}
	if primaryReq != nil || mfaReq {
		// Steps 7-8: more is needed; the IST carries the factors on. Session
		// arguments are ignored until the call that issues the session.
		ist, tok := l.ist, l.istToken
		if ist == nil {
			ist, tok = p.newIST(now, l.email, org.o.OrganizationID, r.m.MemberID, factors)
		} else {
			ist.orgID, ist.memberID, ist.email = org.o.OrganizationID, r.m.MemberID, r.m.EmailAddress
			if l.factor != nil {
				ist.addFactor(factors[len(factors)-1])
			}
		}
		exp := ist.expiresAt
		res.IntermediateSessionToken, res.IntermediateSessionTokenExpiresAt = tok, &exp
		res.PrimaryRequired = primaryReq
		if mfaReq {
			res.MFARequired = &mfaRequiredView{MemberOptions: mfaOptions(&r.m), SecondaryAuthInitiated: p.startSecondaryAuth(r, now)}
		}
		res.Member, res.Organization = p.memberView(r), p.orgView(org)
		return res, nil
	}

	// Step 6: success. Activate, verify, and issue or extend the session.
	next := cloneRecord(r)
	if next.m.Status == organizations.StatusPending || next.m.Status == organizations.StatusInvited {
		next.m.Status = organizations.StatusActive
	}
	if hasProof {
		next.m.EmailAddressVerified = true
	}
	if next.m.Status != r.m.Status || next.m.EmailAddressVerified != r.m.EmailAddressVerified {
		t := now
		next.m.UpdatedAt = &t
		p.replaceMember(r, next)
	}
	sessFactors := make([]sessions.AuthenticationFactor, 0, len(factors))
	for _, f := range factors {
		if emailProving(f.method) {
			f.factor = emailFactor(r, f.method)
		}
		sessFactors = append(sessFactors, f.factor)
	}
	var is *issuedSession
	var err error
	if supplied != nil {
		is, err = p.extendSession(supplied, sessFactors, l.args, now)
	} else {
		is, err = p.issueSession(now, r.m.MemberID, sessFactors, l.args)
	}
	if err != nil {
		if ae, ok := err.(*apiError); ok { //nolint:errorlint // issueSession returns *apiError directly
			return nil, ae
		}
		return nil, newError(http.StatusInternalServerError, "internal_server_error", "The mock could not sign a session JWT.")
	}
	p.consumeIST(l.ist)
	ms := is.Session
	res.MemberAuthenticated = true
	res.SessionToken, res.SessionJWT, res.MemberSession = is.Token, is.JWT, &ms
	res.Member, res.Organization = is.Member, is.Org
	return res, nil
}

// extendSession adds factors to a live session of the member, moves its
// expiry when session_duration_minutes is given, merges custom claims and
// mints a fresh JWT. Callers hold p.mu for writing.
func (p *project) extendSession(s *sessionRecord, factors []sessions.AuthenticationFactor, args sessionArgs, now time.Time) (*issuedSession, error) {
	claims, aerr := mergeClaims(s.claims, args.CustomClaims)
	if aerr != nil {
		return nil, aerr
	}
	addFactors(s, factors, now)
	s.lastAccessedAt = now
	if args.DurationMinutes != nil && *args.DurationMinutes != 0 {
		s.expiresAt = now.Add(time.Duration(*args.DurationMinutes) * time.Minute)
	}
	s.claims = claims
	signed, err := p.mintJWT(s, now)
	if err != nil {
		return nil, err
	}
	m := p.members[s.memberID]
	return &issuedSession{Session: p.sessionView(s), Token: p.sessions.token(s.id), JWT: signed, Member: p.memberView(m), Org: cloneOrg(p.orgs[s.orgID].o)}, nil
}

// loginArgs are the session arguments every primary-factor authenticate
// request accepts (magic links, email OTP, passwords).
type loginArgs struct {
	SessionToken             string  `json:"session_token"`
	SessionJWT               string  `json:"session_jwt"`
	Locale                   *string `json:"locale"`
	IntermediateSessionToken string  `json:"intermediate_session_token"`
	TelemetryID              string  `json:"telemetry_id"`
	sessionArgs
}

// check validates the locale and the session arguments.
func (a *loginArgs) check() *apiError {
	if err := checkLocale(a.Locale, magicLinkLocales); err != nil {
		return err
	}
	return checkSessionArgs(a.SessionToken, a.SessionJWT, a.sessionArgs)
}

// emailProvingLogin runs the pipeline for a factor that proves r's email
// address (magic link or email OTP, named by method). When the pipeline
// fails, backup, if not nil, is put back: it is r as it was before the
// caller's pending changes. Callers hold p.mu for writing.
func (p *project) emailProvingLogin(now time.Time, org *orgRecord, r *memberRecord, method string, a *loginArgs, ist *istRecord, backup *memberRecord) (*authResult, *apiError) {
	res, err := p.runPrimary(&primaryLogin{
		org: org, email: r.m.EmailAddress, member: r,
		method: method, provesEmail: true,
		factor:       func(r *memberRecord) sessions.AuthenticationFactor { return emailFactor(r, method) },
		sessionToken: a.SessionToken, sessionJWT: a.SessionJWT,
		ist: ist, istToken: a.IntermediateSessionToken, args: a.sessionArgs, now: now,
	})
	if err != nil && backup != nil {
		p.replaceMember(r, backup)
	}
	return res, err
}
