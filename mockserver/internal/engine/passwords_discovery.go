package engine

import (
	"net/http"
	"strings"

	"github.com/stytchkit/stytch-go/b2b/organizations"
)

// Cross-organization passwords (auth-flows §6): the discovery endpoints and
// require-reset work only when the project's password policy has
// cross_org_passwords on; then one password is shared by every membership
// of an email address.

func (p *project) needCrossOrg() *apiError {
	if !p.pwPolicy().CrossOrgPasswords {
		return badRequest("cross_org_passwords_not_enabled", "This endpoint needs cross-organization passwords, which the project has not enabled.")
	}
	return nil
}

// passwordMembers are the members with an address that have a password,
// in organization creation order.
func (p *project) passwordMembers(email string) []*memberRecord {
	var out []*memberRecord
	for _, r := range p.membersByEmail(email) {
		if p.passwordOf(r) != nil {
			out = append(out, r)
		}
	}
	return out
}

func handlePasswordDiscoveryAuthenticate(rc *reqCtx) (any, error) {
	var b struct {
		EmailAddress string `json:"email_address"`
		Password     string `json:"password"`
	}
	if err := rc.decode(&b); err != nil {
		return nil, err
	}
	email := strings.TrimSpace(b.EmailAddress)
	if err := requireEmail(email); err != nil {
		return nil, err
	}
	if err := requirePassword("password", b.Password); err != nil {
		return nil, err
	}
	p := rc.p
	p.mu.Lock()
	defer p.mu.Unlock()
	if err := p.needCrossOrg(); err != nil {
		return nil, err
	}
	p.pruneAuth(rc.now)
	// The shared password is checked against the first membership that
	// holds it; failures and locks count there.
	var r *memberRecord
	if ms := p.passwordMembers(email); len(ms) > 0 {
		r = ms[0]
	}
	c, aerr := p.checkPassword(r, b.Password, rc.now)
	if aerr != nil {
		return nil, aerr
	}
	p.loginSucceeded(c, b.Password)
	for _, m := range p.passwordMembers(email)[1:] {
		if mc := p.passwordOf(m); mc != nil {
			mc.hash = c.hash
		}
	}
	ist, tok := p.newIST(rc.now, r.m.EmailAddress, "", "", []istFactor{{method: "password", factor: passwordFactor(r)}})
	exp := ist.expiresAt
	return &discoveryAuthResponse{
		RequestID: rc.requestID, StatusCode: http.StatusOK, EmailAddress: r.m.EmailAddress,
		IntermediateSessionToken: tok, IntermediateSessionTokenExpiresAt: &exp,
		DiscoveredOrganizations: p.discoveredOrgs(r.m.EmailAddress, []string{"password"}, false, ""),
	}, nil
}

func handlePasswordDiscoveryResetStart(rc *reqCtx) (any, error) {
	var b struct {
		EmailAddress                   string  `json:"email_address"`
		ResetPasswordRedirectURL       string  `json:"reset_password_redirect_url"`
		DiscoveryRedirectURL           string  `json:"discovery_redirect_url"`
		ResetPasswordTemplateID        string  `json:"reset_password_template_id"`
		ResetPasswordExpirationMinutes *int64  `json:"reset_password_expiration_minutes"`
		PKCECodeChallenge              string  `json:"pkce_code_challenge"`
		Locale                         *string `json:"locale"`
		VerifyEmailTemplateID          string  `json:"verify_email_template_id"`
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
	ttl, aerr := linkTTL("reset_password_expiration_minutes", b.ResetPasswordExpirationMinutes, defaultResetMinutes)
	if aerr != nil {
		return nil, aerr
	}
	p := rc.p
	p.mu.Lock()
	defer p.mu.Unlock()
	if err := p.needCrossOrg(); err != nil {
		return nil, err
	}
	url, aerr := p.resolveRedirectURL("reset_password", b.ResetPasswordRedirectURL, "no_match_for_provided_reset_password_url")
	if aerr != nil {
		return nil, aerr
	}
	// Enumeration-safe: the answer is the same for every address; the email
	// goes only to an address with at least one membership.
	if ms := p.membersByEmail(email); len(ms) > 0 {
		p.sendReset(rc.now, resetRecord{email: ms[0].m.EmailAddress, pkce: b.PKCECodeChallenge}, url, templateDiscoveryResetPassword, "", ttl)
	}
	return &adminResponse{rc.requestID, http.StatusOK}, nil
}

func handlePasswordDiscoveryReset(rc *reqCtx) (any, error) {
	var b struct {
		PasswordResetToken string `json:"password_reset_token"`
		Password           string `json:"password"`
		PKCECodeVerifier   string `json:"pkce_code_verifier"`
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
	p := rc.p
	p.mu.Lock()
	defer p.mu.Unlock()
	if err := p.needCrossOrg(); err != nil {
		return nil, err
	}
	l, aerr := p.findReset(b.PasswordResetToken, b.PKCECodeVerifier, true, rc.now)
	if aerr != nil {
		return nil, aerr
	}
	ms := p.membersByEmail(l.email)
	if len(ms) == 0 {
		return nil, unauthorized("unable_to_auth_password_reset_token", "The address this reset link was sent to has no membership any more.")
	}
	if err := p.pwPolicy().newPasswordError(b.Password, l.email); err != nil {
		return nil, err
	}
	h, err := bcryptHash(b.Password, p.pwPolicy().BcryptCost)
	if err != nil {
		return nil, badRequest("weak_password", "The password cannot be hashed.")
	}
	l.used = true
	for _, m := range ms {
		p.revokeMemberSessions(m.m.MemberID)
	}
	p.storePassword(ms[0], h, true, rc.now)
	ist, tok := p.newIST(rc.now, ms[0].m.EmailAddress, "", "", []istFactor{{method: "password", factor: passwordFactor(ms[0])}})
	exp := ist.expiresAt
	return &discoveryAuthResponse{
		RequestID: rc.requestID, StatusCode: http.StatusOK, EmailAddress: ms[0].m.EmailAddress,
		IntermediateSessionToken: tok, IntermediateSessionTokenExpiresAt: &exp,
		DiscoveredOrganizations: p.discoveredOrgs(ms[0].m.EmailAddress, []string{"password"}, false, ""),
	}, nil
}

// requireResetResponse answers email/require_reset.
type requireResetResponse struct {
	RequestID    string                      `json:"request_id"`
	StatusCode   int                         `json:"status_code"`
	MemberID     string                      `json:"member_id,omitempty"`
	Member       *organizations.Member       `json:"member"`
	Organization *organizations.Organization `json:"organization"`
}

func handlePasswordRequireReset(rc *reqCtx) (any, error) {
	var b struct {
		EmailAddress   string `json:"email_address"`
		OrganizationID string `json:"organization_id"`
		MemberID       string `json:"member_id"`
	}
	if err := rc.decode(&b); err != nil {
		return nil, err
	}
	email := strings.TrimSpace(b.EmailAddress)
	if err := requireEmail(email); err != nil {
		return nil, err
	}
	p := rc.p
	p.mu.Lock()
	defer p.mu.Unlock()
	if err := p.needCrossOrg(); err != nil {
		return nil, err
	}
	var org *orgRecord
	if b.OrganizationID != "" {
		var aerr *apiError
		if org, aerr = p.findOrg(b.OrganizationID); aerr != nil {
			return nil, aerr
		}
		if aerr := p.authorizeHeader(rc.actor(), org.o.OrganizationID, b.MemberID, actionCheck{resource: "stytch.member", action: "update.info.delete.password", self: "update.info.delete.password"}); aerr != nil {
			return nil, aerr
		}
	}
	ms := p.passwordMembers(email)
	var target *memberRecord
	for _, m := range ms {
		if (org == nil || m.m.OrganizationID == org.o.OrganizationID) && (b.MemberID == "" || m.m.MemberID == b.MemberID) {
			target = m
		}
	}
	if target == nil {
		return nil, notFound("member_password_not_found", "No member with the address %q has a password.", email)
	}
	active := 0
	for _, m := range p.membersByEmail(email) {
		if m.m.Status == organizations.StatusActive {
			active++
		}
	}
	if active <= 1 {
		// The only active membership: the password is deleted outright.
		for _, m := range ms {
			next := cloneRecord(m)
			next.m.MemberPasswordID = ""
			now := rc.now
			next.m.UpdatedAt = &now
			p.replaceMember(m, next)
		}
	} else {
		for _, m := range ms {
			p.passwordOf(m).requireReset = true
		}
	}
	res := &requireResetResponse{RequestID: rc.requestID, StatusCode: http.StatusOK}
	if org != nil {
		mv, ov := p.memberView(target), p.orgView(org)
		res.MemberID, res.Member, res.Organization = target.m.MemberID, &mv, &ov
	}
	return res, nil
}

type passwordPolicyResponse struct {
	adminResponse
	passwordPolicy
}

func handleGetPasswordPolicy(rc *reqCtx) (any, error) {
	rc.p.mu.RLock()
	defer rc.p.mu.RUnlock()
	return &passwordPolicyResponse{adminResponse{rc.requestID, http.StatusOK}, rc.p.pwPolicy()}, nil
}

// handleSetPasswordPolicy changes the fields it is sent and keeps the
// others.
func handleSetPasswordPolicy(rc *reqCtx) (any, error) {
	rc.p.mu.Lock()
	defer rc.p.mu.Unlock()
	pol := rc.p.pwPolicy()
	if err := rc.decodeStrict(&pol); err != nil {
		return nil, err
	}
	if err := pol.validate(); err != nil {
		return nil, err
	}
	rc.p.pw.policy = &pol
	return &passwordPolicyResponse{adminResponse{rc.requestID, http.StatusOK}, pol}, nil
}
