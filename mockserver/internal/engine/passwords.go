package engine

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/stytchkit/stytch-go/b2b/passwords"

	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/b2b/sessions"
)

// Passwords (auth-flows §6). Every login goes through runPrimary with
// method "password"; see docs/mock-behaviour.md for the choices.

// Reset-link lifetime (auth-flows §0), in minutes.
const defaultResetMinutes = 30

// tokenTypePasswords is the stytch_token_type of reset links.
const tokenTypePasswords = "multi_tenant_passwords"

// Outbox templates of the reset emails.
const (
	templateResetPassword          = "reset_password"
	templateDiscoveryResetPassword = "discovery_reset_password"
)

// sessionResetWindow is how recent a session's factor must be for a reset
// with that session.
const sessionResetWindow = 5 * time.Minute

// passwordState is a project's password data. Callers hold p.mu.
type passwordState struct {
	// policy is the project's password policy; nil means the default.
	policy *passwordPolicy
	// creds are the members' passwords by member ID. A credential counts
	// only while the member's member_password_id names it (deleting the
	// password through the members API just clears that ID).
	creds map[string]*passwordCred
	// resets are the reset links by token hash.
	resets map[string]*resetRecord
}

func (s *passwordState) init() {
	if s.creds == nil {
		s.creds = map[string]*passwordCred{}
		s.resets = map[string]*resetRecord{}
	}
}

// passwordCred is a member's password: its hash, the consecutive failed
// logins since the last success, and whether a reset is required.
type passwordCred struct {
	id           string
	hash         *storedHash
	failures     int
	requireReset bool
}

// resetRecord is an emailed reset link; the token is kept only as its hash
// (the map key).
type resetRecord struct {
	orgID     string // "" for discovery resets
	memberID  string // "" for discovery resets
	email     string
	pkce      string
	expiresAt time.Time
	used      bool
}

func (p *project) pwPolicy() passwordPolicy {
	if p.pw.policy == nil {
		return defaultPasswordPolicy()
	}
	return *p.pw.policy
}

// passwordOf returns the member's live password credential, or nil.
func (p *project) passwordOf(r *memberRecord) *passwordCred {
	p.pw.init()
	if r == nil || r.m.Status == organizations.StatusDeleted || r.m.MemberPasswordID == "" {
		return nil
	}
	c := p.pw.creds[r.m.MemberID]
	if c == nil || c.id != r.m.MemberPasswordID {
		return nil
	}
	return c
}

// passwordFactor is the session factor of a password login.
func passwordFactor(*memberRecord) sessions.AuthenticationFactor {
	return sessions.AuthenticationFactor{Type: "password", DeliveryMethod: "knowledge"}
}

// lockView clears an expired lock from a member view.
func lockView(m *organizations.Member, now time.Time) {
	if m.IsLocked && m.LockExpiresAt != nil && !now.Before(*m.LockExpiresAt) {
		m.IsLocked, m.LockCreatedAt, m.LockExpiresAt = false, nil, nil
	}
}

func badCredentials() *apiError {
	return unauthorized("unauthorized_credentials", "The email address or password is incorrect.")
}

// checkPassword verifies a login password of the member of org with the
// address (r, possibly nil) with the same work whether or not the member
// exists, counts failures and applies the lock. It does not reset the
// failure counter: callers do that once the login succeeds. Callers hold
// p.mu for writing.
func (p *project) checkPassword(r *memberRecord, password string, now time.Time) (*passwordCred, *apiError) {
	pol := p.pwPolicy()
	c := p.passwordOf(r)
	if c == nil {
		dummyVerify(password, pol.BcryptCost)
		return nil, badCredentials()
	}
	ok := c.hash.verify(password)
	if r.m.IsLocked && r.m.LockExpiresAt != nil && now.Before(*r.m.LockExpiresAt) {
		return nil, newError(http.StatusTooManyRequests, "user_lock_limit_reached", "The member is locked after too many failed password attempts until %s.", r.m.LockExpiresAt.Format(time.RFC3339))
	}
	if !ok {
		c.failures++
		if c.failures >= pol.LockThreshold {
			c.failures = 0
			next := cloneRecord(r)
			t, exp := now, now.Add(time.Duration(pol.LockMinutes)*time.Minute)
			next.m.IsLocked, next.m.LockCreatedAt, next.m.LockExpiresAt = true, &t, &exp
			p.replaceMember(r, next)
		}
		return nil, badCredentials()
	}
	if c.requireReset || (pol.BreachCheckOnLogin && isBreached(password)) {
		return nil, unauthorized("member_reset_password", "The member must reset their password before logging in with it.")
	}
	return c, nil
}

// passwordHolders are the members whose password a change to r's applies
// to: r alone, or with cross-org passwords every member with r's address.
func (p *project) passwordHolders(r *memberRecord) []*memberRecord {
	if !p.pwPolicy().CrossOrgPasswords {
		return []*memberRecord{r}
	}
	return p.membersByEmail(r.m.EmailAddress)
}

// membersByEmail lists the non-deleted members with an address, in every
// organization, in creation order of their organizations.
func (p *project) membersByEmail(email string) []*memberRecord {
	var out []*memberRecord
	for _, id := range p.orgIDsInOrder() {
		if set := p.orgMembers[id]; set != nil {
			if m := set.byEmail[emailKey(email)]; m != nil {
				out = append(out, m)
			}
		}
	}
	return out
}

func (p *project) orgIDsInOrder() []string {
	orgs := make([]*orgRecord, 0, len(p.orgs))
	for _, o := range p.orgs {
		orgs = append(orgs, o)
	}
	slices.SortFunc(orgs, func(a, b *orgRecord) int { return int(a.seq) - int(b.seq) })
	ids := make([]string, len(orgs))
	for i, o := range orgs {
		ids[i] = o.o.OrganizationID
	}
	return ids
}

// storePassword sets the password of r (and, with cross-org passwords, of
// every member sharing its address): a fresh member_password_id, no
// failures, no lock, no required reset; verified marks the email verified.
// Callers hold p.mu for writing.
func (p *project) storePassword(r *memberRecord, h *storedHash, verified bool, now time.Time) {
	p.pw.init()
	for _, m := range p.passwordHolders(r) {
		id := newID("member-password", p.env)
		p.pw.creds[m.m.MemberID] = &passwordCred{id: id, hash: h}
		next := cloneRecord(m)
		next.m.MemberPasswordID = id
		next.m.IsLocked, next.m.LockCreatedAt, next.m.LockExpiresAt = false, nil, nil
		if verified {
			next.m.EmailAddressVerified = true
		}
		t := now
		next.m.UpdatedAt = &t
		p.replaceMember(m, next)
	}
}

// loginSucceeded resets the failure counter and upgrades a migrated hash to
// bcrypt. Callers hold p.mu for writing.
func (p *project) loginSucceeded(c *passwordCred, password string) {
	c.failures = 0
	if c.hash.Type != hashBcrypt {
		if h, err := bcryptHash(password, p.pwPolicy().BcryptCost); err == nil {
			c.hash = h
		}
	}
}

// memberSessionIDs lists the IDs of a member's sessions.
func (p *project) memberSessionIDs(memberID string) []string {
	var ids []string
	for id, s := range p.sessions.byID {
		if s.memberID == memberID {
			ids = append(ids, id)
		}
	}
	return ids
}

// dropSessions revokes the sessions with the given IDs, except keep.
func (p *project) dropSessions(ids []string, keep string) {
	for _, id := range ids {
		if s := p.sessions.byID[id]; s != nil && id != keep {
			p.dropSession(s)
		}
	}
}

// refreshResult replaces the member view of a login result after the
// password change that followed it.
func (p *project) refreshResult(res *authResult) {
	if r := p.members[res.MemberID]; r != nil {
		res.Member = p.memberView(r)
	}
}

// passwordAuthResponse answers authenticate and the resets: the §1 result
// plus the organization ID.
type passwordAuthResponse struct {
	*authResult
	OrganizationID string `json:"organization_id"`
}

// emailResetResponse answers email/reset: also the email ID.
type emailResetResponse struct {
	*authResult
	OrganizationID string `json:"organization_id"`
	MemberEmailID  string `json:"member_email_id"`
}

// sessionResetResponse answers session/reset, which has no
// primary_required.
type sessionResetResponse struct {
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
	MemberDevice                      *sessions.DeviceInfo       `json:"member_device"`
	StatusCode                        int                        `json:"status_code"`
}

func requirePassword(field, v string) *apiError {
	if v == "" {
		return badRequest("bad_request", "%s is required.", field)
	}
	return nil
}

func handlePasswordAuthenticate(rc *reqCtx) (any, error) {
	var b struct {
		OrganizationID string `json:"organization_id"`
		EmailAddress   string `json:"email_address"`
		Password       string `json:"password"`
		loginArgs
	}
	if err := rc.decode(&b); err != nil {
		return nil, err
	}
	email, emailErr := requireOrgAndEmail(b.OrganizationID, b.EmailAddress)
	if emailErr != nil {
		return nil, emailErr
	}
	if err := requirePassword("password", b.Password); err != nil {
		return nil, err
	}
	if err := b.check(); err != nil {
		return nil, err
	}
	p := rc.p
	p.mu.Lock()
	defer p.mu.Unlock()
	p.pruneAuth(rc.now)
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
	r := p.memberSet(org.o.OrganizationID).byEmail[emailKey(email)]
	c, aerr := p.checkPassword(r, b.Password, rc.now)
	if aerr != nil {
		return nil, aerr
	}
	res, aerr := p.runPrimary(&primaryLogin{
		org: org, email: r.m.EmailAddress, member: r, method: "password", factor: passwordFactor,
		sessionToken: b.SessionToken, sessionJWT: b.SessionJWT,
		ist: ist, istToken: b.IntermediateSessionToken, args: b.sessionArgs, now: rc.now,
	})
	if aerr != nil {
		return nil, aerr
	}
	p.loginSucceeded(c, b.Password)
	return &passwordAuthResponse{authResult: res, OrganizationID: org.o.OrganizationID}, nil
}

// strengthCheckResponse answers strength_check.
type strengthCheckResponse struct {
	RequestID               string          `json:"request_id"`
	ValidPassword           bool            `json:"valid_password"`
	Score                   int             `json:"score"`
	BreachedPassword        bool            `json:"breached_password"`
	StrengthPolicy          string          `json:"strength_policy"`
	BreachDetectionOnCreate bool            `json:"breach_detection_on_create"`
	LudsFeedback            *ludsFeedback   `json:"luds_feedback"`
	ZxcvbnFeedback          *zxcvbnFeedback `json:"zxcvbn_feedback"`
	StatusCode              int             `json:"status_code"`
}

func handlePasswordStrengthCheck(rc *reqCtx) (any, error) {
	var b struct {
		Password     string `json:"password"`
		EmailAddress string `json:"email_address"`
	}
	if err := rc.decode(&b); err != nil {
		return nil, err
	}
	if err := requirePassword("password", b.Password); err != nil {
		return nil, err
	}
	email := strings.TrimSpace(b.EmailAddress)
	if email != "" {
		if err := checkEmail("email_address", email); err != nil {
			return nil, err
		}
	}
	rc.p.mu.RLock()
	pol := rc.p.pwPolicy()
	rc.p.mu.RUnlock()
	s := pol.checkStrength(b.Password, email)
	res := &strengthCheckResponse{
		RequestID: rc.requestID, StatusCode: http.StatusOK, ValidPassword: s.Valid, Score: s.Score,
		BreachedPassword: s.Breached, StrengthPolicy: pol.StrengthPolicy, BreachDetectionOnCreate: pol.BreachDetectionOnCreate,
	}
	if pol.StrengthPolicy == policyLUDS {
		f := s.LUDS
		res.LudsFeedback = &f
	} else {
		res.ZxcvbnFeedback = &zxcvbnFeedback{Warning: s.Warning, Suggestions: s.Suggest}
	}
	return res, nil
}

func handlePasswordMigrate(rc *reqCtx) (any, error) {
	var b struct {
		EmailAddress           string          `json:"email_address"`
		Hash                   string          `json:"hash"`
		HashType               string          `json:"hash_type"`
		OrganizationID         string          `json:"organization_id"`
		Name                   string          `json:"name"`
		TrustedMetadata        json.RawMessage `json:"trusted_metadata"`
		UntrustedMetadata      json.RawMessage `json:"untrusted_metadata"`
		Roles                  []string        `json:"roles"`
		PreserveExistingSess   bool            `json:"preserve_existing_sessions"`
		MFAPhoneNumber         string          `json:"mfa_phone_number"`
		SetPhoneNumberVerified bool            `json:"set_phone_number_verified"`
		ExternalID             string          `json:"external_id"`
		migrateConfigs
	}
	if err := rc.decode(&b); err != nil {
		return nil, err
	}
	email, emailErr := requireOrgAndEmail(b.OrganizationID, b.EmailAddress)
	if emailErr != nil {
		return nil, emailErr
	}
	h, aerr := parseMigratedHash(b.HashType, b.Hash, b.migrateConfigs)
	if aerr != nil {
		return nil, aerr
	}
	if len([]rune(b.Name)) > maxMemberNameLen {
		return nil, badRequest("invalid_request_value", "name must be at most %d characters.", maxMemberNameLen)
	}
	trusted, aerr := parseMetadata("trusted_metadata", b.TrustedMetadata)
	if aerr != nil {
		return nil, aerr
	}
	untrusted, aerr := parseMetadata("untrusted_metadata", b.UntrustedMetadata)
	if aerr != nil {
		return nil, aerr
	}
	if b.MFAPhoneNumber != "" {
		if err := checkPhone(b.MFAPhoneNumber); err != nil {
			return nil, err
		}
	}
	if b.ExternalID != "" {
		if err := checkExternalID("external_id", b.ExternalID, "invalid_member_external_id"); err != nil {
			return nil, err
		}
	}
	p := rc.p
	p.mu.Lock()
	defer p.mu.Unlock()
	org, aerr := p.findOrg(b.OrganizationID)
	if aerr != nil {
		return nil, aerr
	}
	roles, aerr := p.checkRoles(org, b.Roles)
	if aerr != nil {
		return nil, aerr
	}
	set := p.memberSet(org.o.OrganizationID)
	r := set.byEmail[emailKey(email)]
	created := r == nil
	if r != nil && p.passwordOf(r) != nil {
		return nil, badRequest("password_already_exists", "The member %q already has a password.", r.m.MemberID)
	}
	if created {
		if set.emailHolder(emailKey(email), nil) != nil {
			return nil, badRequest("duplicate_member_email", "The email address %q was retired by a member of this organization.", email)
		}
		if b.ExternalID != "" && set.byExtID[b.ExternalID] != nil {
			return nil, badRequest("duplicate_member_external_id", "The external_id %q is already used by another member of this organization.", b.ExternalID)
		}
		r = p.newMemberRecord(org.o.OrganizationID, email, organizations.StatusActive, rc.now)
		r.m.Name, r.m.TrustedMetadata, r.m.UntrustedMetadata, r.m.ExternalID = b.Name, trusted, untrusted, b.ExternalID
		r.m.MFAPhoneNumber = b.MFAPhoneNumber
		r.m.MFAPhoneNumberVerified = b.MFAPhoneNumber != "" && b.SetPhoneNumberVerified
		r.explicitRoles = roles
		p.insertMember(r)
	}
	p.storePassword(r, h, true, rc.now)
	return &passwords.MigrateResponse{
		RequestID: rc.requestID, StatusCode: http.StatusOK, MemberID: r.m.MemberID, MemberCreated: created,
		Member: p.memberView(r), Organization: p.orgView(org),
	}, nil
}

// resetStartResponse answers email/reset/start.
type resetStartResponse struct {
	RequestID     string               `json:"request_id"`
	MemberID      string               `json:"member_id"`
	MemberEmailID string               `json:"member_email_id"`
	Member        organizations.Member `json:"member"`
	StatusCode    int                  `json:"status_code"`
}

// sendReset stores a reset link and emails it. Callers hold p.mu for
// writing and resolved url.
func (p *project) sendReset(now time.Time, rec resetRecord, url, template, orgName string, ttl time.Duration) {
	p.pw.init()
	tok := newToken()
	rec.expiresAt = now.Add(ttl)
	p.pw.resets[hashToken(tok)] = &rec
	link := withToken(url, tokenTypePasswords, tok)
	subject := "Reset your password"
	if orgName != "" {
		subject += " for " + orgName
	}
	p.sendEmail(Message{
		To: rec.email, Template: template, Subject: subject,
		Text: subject + ". Click the link below to choose a new password:\n\n" + link + "\n",
		Link: link, Token: tok, OrganizationID: rec.orgID, MemberID: rec.memberID, SentAt: now,
	})
}

func handlePasswordResetStart(rc *reqCtx) (any, error) {
	var b struct {
		OrganizationID                 string  `json:"organization_id"`
		EmailAddress                   string  `json:"email_address"`
		ResetPasswordRedirectURL       string  `json:"reset_password_redirect_url"`
		ResetPasswordExpirationMinutes *int64  `json:"reset_password_expiration_minutes"`
		CodeChallenge                  string  `json:"code_challenge"`
		LoginRedirectURL               string  `json:"login_redirect_url"`
		Locale                         *string `json:"locale"`
		ResetPasswordTemplateID        string  `json:"reset_password_template_id"`
		VerifyEmailTemplateID          string  `json:"verify_email_template_id"`
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
	ttl, aerr := linkTTL("reset_password_expiration_minutes", b.ResetPasswordExpirationMinutes, defaultResetMinutes)
	if aerr != nil {
		return nil, aerr
	}
	p := rc.p
	p.mu.Lock()
	defer p.mu.Unlock()
	org, aerr := p.findOrg(b.OrganizationID)
	if aerr != nil {
		return nil, aerr
	}
	set := p.memberSet(org.o.OrganizationID)
	r := set.byEmail[emailKey(email)]
	if r == nil {
		// Password sign-up: a new address the organization's email JIT
		// provisioning admits becomes a pending member.
		if err := jitDecision(org, emailKey(email)); err != nil {
			return nil, err
		}
		if set.emailHolder(emailKey(email), nil) != nil {
			return nil, badRequest("duplicate_member_email", "The email address %q was retired by a member of this organization.", email)
		}
	}
	url, aerr := p.resolveRedirectURL("reset_password", b.ResetPasswordRedirectURL, "no_match_for_provided_reset_password_url")
	if aerr != nil {
		return nil, aerr
	}
	if r == nil {
		r = p.newMemberRecord(org.o.OrganizationID, email, organizations.StatusPending, rc.now)
		p.insertMember(r)
	}
	p.sendReset(rc.now, resetRecord{orgID: org.o.OrganizationID, memberID: r.m.MemberID, email: r.m.EmailAddress, pkce: b.CodeChallenge},
		url, templateResetPassword, org.o.OrganizationName, ttl)
	return &resetStartResponse{RequestID: rc.requestID, StatusCode: http.StatusOK, MemberID: r.m.MemberID, MemberEmailID: r.emailID, Member: p.memberView(r)}, nil
}

// findReset resolves a reset token: unknown, used and expired all answer
// 401 unable_to_auth_password_reset_token; a PKCE problem is a 400. The
// link is not marked used. Callers hold p.mu.
func (p *project) findReset(token, verifier string, discovery bool, now time.Time) (*resetRecord, *apiError) {
	p.pw.init()
	l := p.pw.resets[hashToken(token)]
	if l == nil || (l.orgID == "") != discovery || l.used || !now.Before(l.expiresAt) {
		return nil, unauthorized("unable_to_auth_password_reset_token", "The password reset token is unknown, already used or expired.")
	}
	if err := checkPKCE(l.pkce, verifier); err != nil {
		return nil, err
	}
	return l, nil
}

func handlePasswordEmailReset(rc *reqCtx) (any, error) {
	var b struct {
		PasswordResetToken string `json:"password_reset_token"`
		Password           string `json:"password"`
		CodeVerifier       string `json:"code_verifier"`
		loginArgs
	}
	if err := rc.decode(&b); err != nil {
		return nil, err
	}
	if err := requirePassword("password_reset_token", b.PasswordResetToken); err != nil {
		return nil, err
	}
	if err := requirePassword("password", b.Password); err != nil {
		return nil, err
	}
	if err := b.check(); err != nil {
		return nil, err
	}
	p := rc.p
	p.mu.Lock()
	defer p.mu.Unlock()
	p.pruneAuth(rc.now)
	l, aerr := p.findReset(b.PasswordResetToken, b.CodeVerifier, false, rc.now)
	if aerr != nil {
		return nil, aerr
	}
	r := p.members[l.memberID]
	if r == nil || r.m.Status == organizations.StatusDeleted || emailKey(r.m.EmailAddress) != emailKey(l.email) {
		return nil, unauthorized("unable_to_auth_password_reset_token", "The member this reset link was sent to no longer has that email address.")
	}
	org := p.orgs[r.m.OrganizationID]
	var ist *istRecord
	if b.IntermediateSessionToken != "" {
		if ist, aerr = p.findIST(b.IntermediateSessionToken, rc.now); aerr != nil {
			return nil, aerr
		}
	}
	if err := p.pwPolicy().newPasswordError(b.Password, r.m.EmailAddress); err != nil {
		return nil, err
	}
	h, err := bcryptHash(b.Password, p.pwPolicy().BcryptCost)
	if err != nil {
		return nil, badRequest("weak_password", "The password cannot be hashed.")
	}
	old := p.memberSessionIDs(r.m.MemberID)
	// The reset link proves the address. Every session the member had is
	// revoked, so a supplied session is not extended: a new one starts.
	res, aerr := p.runPrimary(&primaryLogin{
		org: org, email: r.m.EmailAddress, member: r, method: "password", factor: passwordFactor, provesEmail: true,
		ist: ist, istToken: b.IntermediateSessionToken, args: b.sessionArgs, now: rc.now,
	})
	if aerr != nil {
		return nil, aerr
	}
	l.used = true
	p.dropSessions(old, "")
	p.storePassword(r, h, true, rc.now)
	p.refreshResult(res)
	return &emailResetResponse{authResult: res, OrganizationID: org.o.OrganizationID, MemberEmailID: r.emailID}, nil
}

func handlePasswordExistingReset(rc *reqCtx) (any, error) {
	var b struct {
		OrganizationID   string `json:"organization_id"`
		EmailAddress     string `json:"email_address"`
		ExistingPassword string `json:"existing_password"`
		NewPassword      string `json:"new_password"`
		loginArgs
	}
	if err := rc.decode(&b); err != nil {
		return nil, err
	}
	email, emailErr := requireOrgAndEmail(b.OrganizationID, b.EmailAddress)
	if emailErr != nil {
		return nil, emailErr
	}
	if err := requirePassword("existing_password", b.ExistingPassword); err != nil {
		return nil, err
	}
	if err := requirePassword("new_password", b.NewPassword); err != nil {
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
	r := p.memberSet(org.o.OrganizationID).byEmail[emailKey(email)]
	c, aerr := p.checkPassword(r, b.ExistingPassword, rc.now)
	if aerr != nil && aerr.Type != "member_reset_password" {
		return nil, aerr
	}
	if c == nil {
		c = p.passwordOf(r)
	}
	if err := p.pwPolicy().newPasswordError(b.NewPassword, r.m.EmailAddress); err != nil {
		return nil, err
	}
	h, err := bcryptHash(b.NewPassword, p.pwPolicy().BcryptCost)
	if err != nil {
		return nil, badRequest("weak_password", "The password cannot be hashed.")
	}
	old := p.memberSessionIDs(r.m.MemberID)
	res, aerr := p.runPrimary(&primaryLogin{
		org: org, email: r.m.EmailAddress, member: r, method: "password", factor: passwordFactor,
		args: b.sessionArgs, now: rc.now,
	})
	if aerr != nil {
		return nil, aerr
	}
	c.failures = 0
	p.dropSessions(old, "")
	p.storePassword(r, h, false, rc.now)
	p.refreshResult(res)
	return &passwordAuthResponse{authResult: res, OrganizationID: org.o.OrganizationID}, nil
}

func handlePasswordSessionReset(rc *reqCtx) (any, error) {
	var b struct {
		OrganizationID string `json:"organization_id"`
		Password       string `json:"password"`
		loginArgs
	}
	if err := rc.decode(&b); err != nil {
		return nil, err
	}
	if b.OrganizationID == "" {
		return nil, badRequest("invalid_organization_id", "organization_id is required.")
	}
	if err := requirePassword("password", b.Password); err != nil {
		return nil, err
	}
	if err := exactlyOne("session_token and session_jwt", b.SessionToken, b.SessionJWT); err != nil {
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
	s, aerr := p.findSession(b.SessionToken, b.SessionJWT, rc.now)
	if aerr != nil {
		return nil, aerr
	}
	if s.orgID != org.o.OrganizationID {
		return nil, badRequest("invalid_organization_id", "The session belongs to another organization.")
	}
	recent := slices.ContainsFunc(s.factors, func(f sessions.AuthenticationFactor) bool {
		return f.LastAuthenticatedAt != nil && rc.now.Sub(*f.LastAuthenticatedAt) <= sessionResetWindow
	})
	if !recent {
		return nil, badRequest("session_too_old_to_reset_password", "The session has no factor authenticated in the last 5 minutes; authenticate again before resetting the password.")
	}
	r := p.members[s.memberID]
	if err := p.pwPolicy().newPasswordError(b.Password, r.m.EmailAddress); err != nil {
		return nil, err
	}
	h, err := bcryptHash(b.Password, p.pwPolicy().BcryptCost)
	if err != nil {
		return nil, badRequest("weak_password", "The password cannot be hashed.")
	}
	old := p.memberSessionIDs(r.m.MemberID)
	res, aerr := p.runPrimary(&primaryLogin{
		org: org, email: r.m.EmailAddress, member: r, method: "password", factor: passwordFactor,
		sessionToken: b.SessionToken, sessionJWT: b.SessionJWT, args: b.sessionArgs, now: rc.now,
	})
	if aerr != nil {
		return nil, aerr
	}
	p.dropSessions(old, s.id)
	p.storePassword(r, h, false, rc.now)
	p.refreshResult(res)
	return &sessionResetResponse{
		RequestID: res.RequestID, StatusCode: res.StatusCode, MemberID: res.MemberID, Member: res.Member, Organization: res.Organization,
		SessionToken: res.SessionToken, SessionJWT: res.SessionJWT, MemberSession: res.MemberSession, MemberAuthenticated: res.MemberAuthenticated,
		IntermediateSessionToken: res.IntermediateSessionToken, IntermediateSessionTokenExpiresAt: res.IntermediateSessionTokenExpiresAt,
		MFARequired: res.MFARequired, MemberDevice: res.MemberDevice,
	}, nil
}
