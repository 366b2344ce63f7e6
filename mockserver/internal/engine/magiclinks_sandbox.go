package engine

import (
	"net/http"
	"time"

	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/b2b/sessions"
)

// Stytch's TEST-environment sandbox values (platform.md §6). In TEST
// projects they are fixed fixtures: nothing is emailed, and the tokens
// always have the same outcome. The sandbox organization and its member are
// created on first use.
const (
	sandboxEmail          = "sandbox@stytch.com"
	sandboxOrgID          = "organization-test-007d9d4a-deac-4a87-ba0a-e6e8afba4d4b"
	sandboxTokenSuccess   = "DOYoip3rvIMMW5lgItikFK-Ak1CfMsgjuiCyI7uuU94="
	sandboxTokenUsed      = "3pzjQpgksDlGKWEwUq2Up--hCHC_0oamfLHyfspKDFU="
	sandboxTokenNotFound  = "CprTtwhnRNiMBiUS2jSLcWYrfuO2POeBNdo5HhW6qTM="
	sandboxOrgName        = "Stytch Sandbox Organization"
	sandboxOrgSlugDefault = "stytch-sandbox-007d9d4a"
)

// sandbox returns the sandbox organization and member of a TEST project,
// creating them on first use. Callers hold p.mu for writing.
func (p *project) sandbox(now time.Time) (*orgRecord, *memberRecord) {
	org := p.orgs[sandboxOrgID]
	if org == nil {
		o := newOrganization(sandboxOrgID, now)
		o.OrganizationName = sandboxOrgName
		o.OrganizationSlug = sandboxOrgSlugDefault
		if _, taken := p.orgSlugs[o.OrganizationSlug]; taken {
			o.OrganizationSlug = sandboxOrgID
		}
		o.EmailInvites = organizations.AllAllowed
		p.putOrg(o, p.nextSeq())
		org = p.orgs[sandboxOrgID]
	}
	set := p.memberSet(sandboxOrgID)
	m := set.byEmail[sandboxEmail]
	if m == nil {
		m = p.newMemberRecord(sandboxOrgID, sandboxEmail, organizations.StatusActive, now)
		m.m.Name = "Sandbox Member"
		m.m.EmailAddressVerified = true
		p.insertMember(m)
	}
	return org, m
}

// sandboxSend handles the sandbox inputs of login_or_signup and invite:
// the sandbox email with the sandbox organization ID answers 200 and sends
// nothing (ok true); the sandbox organization with any other email is
// invalid_email_sandbox. Outside TEST projects nothing is special.
func (p *project) sandboxSend(now time.Time, orgID, email string) (*orgRecord, *memberRecord, bool, *apiError) {
	if p.env != "test" || orgID != sandboxOrgID {
		return nil, nil, false, nil
	}
	if emailKey(email) != sandboxEmail {
		return nil, nil, false, badRequest("invalid_email_sandbox", "The sandbox organization only accepts the sandbox email address %s.", sandboxEmail)
	}
	org, m := p.sandbox(now)
	return org, m, true, nil
}

// sandboxToken answers the two failing sandbox tokens, and reports whether
// token is a sandbox token at all. Outside TEST projects none is.
func (p *project) sandboxToken(token string) (bool, *apiError) {
	if p.env != "test" {
		return false, nil
	}
	switch token {
	case sandboxTokenSuccess:
		return true, nil
	case sandboxTokenUsed:
		return true, unauthorized("unable_to_auth_magic_link", "The magic link has already been used or has expired.")
	case sandboxTokenNotFound:
		return true, notFound("magic_link_not_found", "The magic link could not be found.")
	}
	return false, nil
}

// sandboxAuthenticate answers magic_links/authenticate for the sandbox
// tokens: the success token logs the sandbox member into the sandbox
// organization with a real session and signed JWT. Callers hold p.mu for
// writing.
func (p *project) sandboxAuthenticate(now time.Time, token string, args sessionArgs) (*magicLinkAuthResponse, bool, *apiError) {
	is, err := p.sandboxToken(token)
	if !is || err != nil {
		return nil, is, err
	}
	org, m := p.sandbox(now)
	s, ierr := p.issueSession(now, m.m.MemberID, []sessions.AuthenticationFactor{emailFactor(m, "magic_link")}, args)
	if ierr != nil {
		if ae, ok := ierr.(*apiError); ok { //nolint:errorlint // issueSession returns *apiError directly
			return nil, true, ae
		}
		return nil, true, newError(http.StatusInternalServerError, "internal_server_error", "The mock could not sign a session JWT.")
	}
	ms := s.Session
	res := &authResult{
		MemberID: m.m.MemberID,
		Member:   s.Member, Organization: s.Org, SessionToken: s.Token, SessionJWT: s.JWT, MemberSession: &ms, MemberAuthenticated: true,
	}
	return &magicLinkAuthResponse{authResult: res, MethodID: m.emailID, OrganizationID: org.o.OrganizationID}, true, nil
}
