package flows

import (
	"slices"
	"time"

	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/b2b/sessions"
	"github.com/stytchkit/stytch-go/mockserver/internal/apierr"
	"github.com/stytchkit/stytch-go/mockserver/internal/ids"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
)

// The shared primary-authentication pipeline (auth-flows §1). Every primary
// factor — magic links here; email OTP, passwords, OAuth and SSO later —
// validates its own credential and then hands a primaryLogin to
// runPrimary, which resolves or provisions the member, applies the
// organization's auth-method, email-verification and MFA rules, and either
// issues (or extends) a member session or returns an intermediate session
// with what is still missing.

// PrimaryLogin is one primary-factor login into an organization.
type PrimaryLogin struct {
	Org *state.OrgRecord
	// email is the address the factor proved or claimed; member, when set,
	// is the member the credential was issued to. With member nil the
	// member is found by email, or provisioned when allowJIT is set.
	Email    string
	Member   *state.MemberRecord
	allowJIT bool
	// JIT, when set, allows provisioning and decides whether a member the
	// login did not find may be created (SSO follows
	// sso_jit_provisioning instead of the email rules).
	JIT func() *apierr.Error
	// tenantJIT marks an exchange whose OAuth tenant the organization
	// admits: it may provision without the email-domain anti-phishing rule.
	tenantJIT bool
	// Prepare, when set, returns the member record to store for this
	// login: a copy of r with the factor's own changes (an SSO
	// registration). It runs once every check has passed.
	Prepare func(r *state.MemberRecord) *state.MemberRecord
	// method is the factor's auth method name as allowed_auth_methods
	// spells it ("magic_link", "email_otp", "password", ...); factor
	// builds its session factor for the resolved member; provesEmail says
	// whether it proves ownership of the address in real time.
	// factor may be nil when the login brings no new factor of its own
	// (session exchange, whose factors are all carried).
	Method      string
	Factor      func(r *state.MemberRecord) sessions.AuthenticationFactor
	ProvesEmail bool
	// carried are factors brought over from elsewhere (a session of another
	// organization, on session exchange); they count like the IST's.
	Carried []state.ISTFactor
	// exchange marks the discovery flows (IST exchange, discovery create):
	// an auth-method restriction answers primary_required there instead of
	// failing.
	Exchange bool
	// Session arguments of the request.
	SessionToken, SessionJWT string
	IST                      *state.ISTRecord
	ISTToken                 string
	Args                     state.SessionArgs
	Now                      time.Time
}

// AuthResult is the MFA-aware authenticate result every primary factor
// returns (auth-flows §1). Nullable fields are pointers without omitempty:
// they are null, not absent, when unset.
type AuthResult struct {
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
	MFARequired                       *MFARequiredView           `json:"mfa_required"`
	PrimaryRequired                   *sessions.PrimaryRequired  `json:"primary_required"`
	MemberDevice                      *sessions.DeviceInfo       `json:"member_device"`
	StatusCode                        int                        `json:"status_code"`
}

// MFARequiredView is mfa_required as the API returns it: member_options
// null when the member has no MFA factor, secondary_auth_initiated null
// unless a code was sent.
type MFARequiredView struct {
	MemberOptions          *sessions.MemberOptions `json:"member_options"`
	SecondaryAuthInitiated *string                 `json:"secondary_auth_initiated"`
}

// CheckSessionArgs validates the session arguments every login accepts,
// before anything changes.
func CheckSessionArgs(token, rawJWT string, args state.SessionArgs) *apierr.Error {
	if token != "" && rawJWT != "" {
		return apierr.BadRequest("too_many_session_arguments", "Pass at most one of session_token and session_jwt.")
	}
	if err := state.CheckDuration(args.DurationMinutes); err != nil {
		return err
	}
	if _, err := state.MergeClaims(nil, args.CustomClaims); err != nil {
		return err
	}
	return nil
}

// JitDecision checks whether email may join org by email just-in-time
// provisioning: nil when it may, else the error of §1 step 2.
func JitDecision(org *state.OrgRecord, emailLower string) *apierr.Error {
	switch org.Org.EmailJITProvisioning {
	case organizations.AllAllowed:
		return nil
	case organizations.Restricted:
		if slices.Contains(org.Org.EmailAllowedDomains, state.EmailDomain(emailLower)) {
			return nil
		}
		return apierr.BadRequest("invalid_email_for_jit_provisioning", "The domain of %q is not one of the organization's allowed email domains, so no member can be created for it.", emailLower)
	default:
		return apierr.BadRequest("email_jit_provisioning_not_allowed", "Organization %q does not allow email just-in-time provisioning, and %q is not a member.", org.Org.OrganizationID, emailLower)
	}
}

// NewMemberRecord builds (but does not store) a member with an unverified
// email, as login-or-signup, invitations and JIT provisioning create them.
func NewMemberRecord(p *state.Project, orgID, email, status string, now time.Time) *state.MemberRecord {
	return &state.MemberRecord{
		Member: organizations.Member{
			OrganizationID:        orgID,
			MemberID:              ids.NewID("member", p.Env),
			EmailAddress:          email,
			Status:                status,
			SSORegistrations:      []organizations.SSORegistration{},
			OAuthRegistrations:    []organizations.OAuthRegistration{},
			RetiredEmailAddresses: []organizations.RetiredEmail{},
			TrustedMetadata:       map[string]any{},
			UntrustedMetadata:     map[string]any{},
			CreatedAt:             &now,
			UpdatedAt:             state.CloneTime(&now),
		},
		Seq:     p.NextSeq(),
		EmailID: ids.NewID("email", p.Env),
	}
}

// emailProvingMethods are the primary methods that prove an email address,
// as primary_required lists them when a login needs one.
var emailProvingMethods = []string{"magic_link", "email_otp", "sso", "google_oauth", "microsoft_oauth"}

// allowedPrimary returns methods filtered by the organization's auth-method
// restriction.
func allowedPrimary(org *state.OrgRecord, methods []string) []string {
	if org.Org.AuthMethods != organizations.Restricted {
		return slices.Clone(methods)
	}
	var out []string
	for _, m := range methods {
		if slices.Contains(org.Org.AllowedAuthMethods, m) {
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
func mfaNeeded(org *state.OrgRecord, r *state.MemberRecord) bool {
	return org.Org.MFAPolicy == organizations.MFAPolicyRequiredForAll || r.Member.MFAEnrolled
}

// startSecondaryAuth is §1 step 5's automatic SMS: when the member has an
// MFA phone number and TOTP is not their default method, a code is texted
// at once (voiding any earlier one) and "sms_otp" is reported; otherwise
// nothing is sent and the answer is null. Discovery never calls it.
// Callers hold p.mu for writing.
func startSecondaryAuth(p *state.Project, r *state.MemberRecord, now time.Time) *string {
	if r.Member.MFAPhoneNumber == "" || r.Member.DefaultMFAMethod == MFATOTP {
		return nil
	}
	SendSMSOTP(p, r, r.Member.MFAPhoneNumber, now)
	s := MFASMSOTP
	return &s
}

// RunPrimary runs steps 2-8 of §1 for a credential its caller validated
// (step 1). Nothing changes when it returns an error. Callers hold p.mu for
// writing and have run checkSessionArgs.
func RunPrimary(p *state.Project, l *PrimaryLogin) (*AuthResult, *apierr.Error) {
	now := l.Now
	org := l.Org
	// A supplied session must exist; one of another member is ignored.
	var supplied *state.SessionRecord
	if l.SessionToken != "" || l.SessionJWT != "" {
		s, err := p.FindSession(l.SessionToken, l.SessionJWT, now)
		if err != nil {
			return nil, err
		}
		supplied = s
	}
	if l.IST != nil {
		if l.IST.OrgID != "" && l.IST.OrgID != org.Org.OrganizationID && !l.IST.HasMethod(state.EmailProving) {
			return nil, apierr.BadRequest("invalid_intermediate_session_token_for_organization", "The intermediate session belongs to organization %q and none of its factors transfers to %q.", l.IST.OrgID, org.Org.OrganizationID)
		}
		if l.IST.Email != "" && state.EmailKey(l.IST.Email) != state.EmailKey(l.Email) {
			return nil, apierr.BadRequest("member_session_member_id_mismatch", "The intermediate session was started for another email address.")
		}
	}

	// Step 2: resolve or provision the member.
	r := l.Member
	created := false
	if r == nil {
		if set := p.OrgMembers[org.Org.OrganizationID]; set != nil {
			r = set.ByEmail[state.EmailKey(l.Email)]
		}
	}
	if r == nil {
		if !l.allowJIT && l.JIT == nil {
			return nil, apierr.NotFound("member_not_found", "No member of organization %q has the email address %q.", org.Org.OrganizationID, l.Email)
		}
		jit := func() *apierr.Error { return JitDecision(org, state.EmailKey(l.Email)) }
		if l.JIT != nil {
			jit = l.JIT
		}
		if err := jit(); err != nil {
			return nil, err
		}
		if l.Exchange && !l.tenantJIT && org.Org.EmailJITProvisioning == organizations.Restricted && !eligibleByDomain(p, org, state.EmailKey(l.Email)) {
			return nil, apierr.BadRequest("email_jit_provisioning_not_allowed", "Organization %q has no active member with a verified email address on the domain of %q, so the address cannot join it by email domain.", org.Org.OrganizationID, l.Email)
		}
		if set := p.OrgMembers[org.Org.OrganizationID]; set != nil && set.EmailHolder(state.EmailKey(l.Email), nil) != nil {
			return nil, apierr.BadRequest("duplicate_member_email", "The email address %q was retired by a member of this organization.", l.Email)
		}
		r = NewMemberRecord(p, org.Org.OrganizationID, l.Email, organizations.StatusPending, now)
		created = true
	}
	if supplied != nil && supplied.MemberID != r.Member.MemberID {
		supplied = nil
	}

	// Factors of this login: the IST's, then this one.
	var factors []state.ISTFactor
	if l.IST != nil {
		factors = slices.Clone(l.IST.Factors)
	}
	factors = append(factors, l.Carried...)
	var added state.ISTFactor
	if l.Factor != nil {
		added = state.ISTFactor{Method: l.Method, Factor: l.Factor(r)}
		// The OAuth factor of a discovery login becomes this login's
		// factor, now bound to the member, rather than a second one.
		if i := slices.IndexFunc(factors, func(f state.ISTFactor) bool { return f.OAuth != nil && f.Method == l.Method }); i >= 0 {
			added.OAuth = factors[i].OAuth
			factors[i] = added
		} else {
			factors = append(factors, added)
		}
	}
	hasProof := l.ProvesEmail || slices.ContainsFunc(factors, func(f state.ISTFactor) bool { return state.EmailProving(f.Method) })

	// Step 3: auth-method restriction.
	var primaryReq *sessions.PrimaryRequired
	if org.Org.AuthMethods == organizations.Restricted && !r.Member.IsBreakglass {
		ok := slices.ContainsFunc(factors, func(f state.ISTFactor) bool {
			return !state.MFAMethod(f.Method) && slices.Contains(org.Org.AllowedAuthMethods, f.Method)
		})
		if !ok {
			if !l.Exchange {
				return nil, apierr.BadRequest("operation_restricted_by_organization_auth_methods", "Organization %q does not allow %s logins.", org.Org.OrganizationID, l.Method)
			}
			primaryReq = &sessions.PrimaryRequired{AllowedAuthMethods: slices.Clone(org.Org.AllowedAuthMethods)}
		}
	}
	// A login with no primary factor at all (an exchange whose factors did
	// not transfer) needs one of the organization's primary methods.
	if primaryReq == nil && !slices.ContainsFunc(factors, func(f state.ISTFactor) bool { return !state.MFAMethod(f.Method) }) {
		primaryReq = &sessions.PrimaryRequired{AllowedAuthMethods: allowedPrimary(org, authMethodValues)}
	}
	// Step 4: email verification by a factor that does not prove it.
	if primaryReq == nil && !hasProof && (created || !r.Member.EmailAddressVerified) {
		allowed := allowedPrimary(org, emailProvingMethods)
		if allowed == nil {
			allowed = []string{}
		}
		primaryReq = &sessions.PrimaryRequired{AllowedAuthMethods: allowed}
	}
	// Step 5: MFA, unless a session of the member or an MFA factor of the
	// IST already covers it.
	mfaReq := primaryReq == nil && mfaNeeded(org, r) && supplied == nil &&
		!slices.ContainsFunc(factors, func(f state.ISTFactor) bool { return state.MFAMethod(f.Method) })

	if l.Prepare != nil {
		// ReplaceMember updates the stored record in place, so r stays the
		// stored record; a member not yet stored simply becomes next.
		switch next := l.Prepare(r); {
		case created:
			r = next
		case next != r:
			p.ReplaceMember(r, next)
		}
	}
	if created {
		p.InsertMember(r)
	}
	res := &AuthResult{MemberID: r.Member.MemberID}
	if primaryReq != nil || mfaReq {
		// Steps 7-8: more is needed; the IST carries the factors on. Session
		// arguments are ignored until the call that issues the session.
		ist, tok := l.IST, l.ISTToken
		if ist == nil {
			ist, tok = p.NewIST(now, l.Email, org.Org.OrganizationID, r.Member.MemberID, factors)
		} else {
			ist.OrgID, ist.MemberID, ist.Email = org.Org.OrganizationID, r.Member.MemberID, r.Member.EmailAddress
			if l.Factor != nil {
				ist.AddFactor(added)
			}
		}
		exp := ist.ExpiresAt
		res.IntermediateSessionToken, res.IntermediateSessionTokenExpiresAt = tok, &exp
		res.PrimaryRequired = primaryReq
		if mfaReq {
			res.MFARequired = &MFARequiredView{MemberOptions: mfaOptions(&r.Member), SecondaryAuthInitiated: startSecondaryAuth(p, r, now)}
		}
		res.Member, res.Organization = p.MemberView(r), p.OrgView(org)
		return res, nil
	}

	// Step 6: success. Activate, verify, and issue or extend the session.
	next := state.CloneRecord(r)
	if next.Member.Status == organizations.StatusPending || next.Member.Status == organizations.StatusInvited {
		next.Member.Status = organizations.StatusActive
	}
	if hasProof {
		next.Member.EmailAddressVerified = true
	}
	if next.Member.Status != r.Member.Status || next.Member.EmailAddressVerified != r.Member.EmailAddressVerified {
		t := now
		next.Member.UpdatedAt = &t
		p.ReplaceMember(r, next)
	}
	sessFactors := make([]sessions.AuthenticationFactor, 0, len(factors))
	for _, f := range factors {
		if state.EmailProving(f.Method) {
			f.Factor = state.EmailFactor(r, f.Method)
		}
		sessFactors = append(sessFactors, f.Factor)
	}
	var is *state.IssuedSession
	var err error
	if supplied != nil {
		is, err = extendSession(p, supplied, sessFactors, l.Args, now)
	} else {
		is, err = p.IssueSession(now, r.Member.MemberID, sessFactors, l.Args)
	}
	if err != nil {
		if ae, ok := err.(*apierr.Error); ok { //nolint:errorlint // issueSession returns *apiError directly
			return nil, ae
		}
		return nil, apierr.Internal("The mock could not sign a session JWT.")
	}
	p.ConsumeIST(l.IST)
	ms := is.Session
	res.MemberAuthenticated = true
	res.SessionToken, res.SessionJWT, res.MemberSession = is.Token, is.JWT, &ms
	res.Member, res.Organization = is.Member, is.Org
	return res, nil
}

// extendSession adds factors to a live session of the member, moves its
// expiry when session_duration_minutes is given, merges custom claims and
// mints a fresh JWT. Callers hold p.mu for writing.
func extendSession(p *state.Project, s *state.SessionRecord, factors []sessions.AuthenticationFactor, args state.SessionArgs, now time.Time) (*state.IssuedSession, error) {
	claims, aerr := state.MergeClaims(s.Claims, args.CustomClaims)
	if aerr != nil {
		return nil, aerr
	}
	p.MarkSession(s.ID)
	state.AddFactors(s, factors, now)
	s.LastAccessedAt = now
	// An impersonated session keeps its capped lifetime.
	if args.DurationMinutes != nil && *args.DurationMinutes != 0 && !state.IsImpersonated(s) {
		s.ExpiresAt = now.Add(time.Duration(*args.DurationMinutes) * time.Minute)
	}
	s.Claims = claims
	signed, err := p.MintJWT(s, now)
	if err != nil {
		return nil, err
	}
	m := p.Members[s.MemberID]
	return &state.IssuedSession{Session: p.SessionView(s), Token: p.Sessions.Token(s.ID), JWT: signed, Member: p.MemberView(m), Org: state.CloneOrg(p.Orgs[s.OrgID].Org)}, nil
}

// LoginArgs are the session arguments every primary-factor authenticate
// request accepts (magic links, email OTP, passwords).
type LoginArgs struct {
	SessionToken             string  `json:"session_token"`
	SessionJWT               string  `json:"session_jwt"`
	Locale                   *string `json:"locale"`
	IntermediateSessionToken string  `json:"intermediate_session_token"`
	TelemetryID              string  `json:"telemetry_id"`
	state.SessionArgs
}

// Check validates the locale and the session arguments.
func (a *LoginArgs) Check() *apierr.Error {
	if err := CheckLocale(a.Locale, MagicLinkLocales); err != nil {
		return err
	}
	return CheckSessionArgs(a.SessionToken, a.SessionJWT, a.SessionArgs)
}

// FindIST resolves the intermediate session token the request carried; nil
// when it carried none. Callers hold p.mu for writing.
func (a *LoginArgs) FindIST(p *state.Project, now time.Time) (*state.ISTRecord, *apierr.Error) {
	if a.IntermediateSessionToken == "" {
		return nil, nil
	}
	return p.FindIST(a.IntermediateSessionToken, now)
}

// EmailProvingLogin runs the pipeline for a factor that proves r's email
// address (magic link or email OTP, named by method). When the pipeline
// fails, backup, if not nil, is put back: it is r as it was before the
// caller's pending changes. Callers hold p.mu for writing.
func EmailProvingLogin(p *state.Project, now time.Time, org *state.OrgRecord, r *state.MemberRecord, method string, a *LoginArgs, ist *state.ISTRecord, backup *state.MemberRecord) (*AuthResult, *apierr.Error) {
	res, err := RunPrimary(p, &PrimaryLogin{
		Org: org, Email: r.Member.EmailAddress, Member: r,
		Method: method, ProvesEmail: true,
		Factor:       func(r *state.MemberRecord) sessions.AuthenticationFactor { return state.EmailFactor(r, method) },
		SessionToken: a.SessionToken, SessionJWT: a.SessionJWT,
		IST: ist, ISTToken: a.IntermediateSessionToken, Args: a.SessionArgs, Now: now,
	})
	if err != nil && backup != nil {
		p.ReplaceMember(r, backup)
	}
	return res, err
}
