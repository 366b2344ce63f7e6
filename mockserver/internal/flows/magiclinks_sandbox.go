package flows

import (
	"time"

	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/b2b/sessions"
	"github.com/stytchkit/stytch-go/mockserver/internal/apierr"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
)

// Stytch's TEST-environment sandbox values (platform.md §6). In TEST
// projects they are fixed fixtures: nothing is emailed, and the tokens
// always have the same outcome. The sandbox organization and its member are
// created on first use.
const (
	SandboxEmail          = "sandbox@stytch.com"
	sandboxOrgID          = "organization-test-007d9d4a-deac-4a87-ba0a-e6e8afba4d4b"
	sandboxTokenSuccess   = "DOYoip3rvIMMW5lgItikFK-Ak1CfMsgjuiCyI7uuU94="
	sandboxTokenUsed      = "3pzjQpgksDlGKWEwUq2Up--hCHC_0oamfLHyfspKDFU="
	sandboxTokenNotFound  = "CprTtwhnRNiMBiUS2jSLcWYrfuO2POeBNdo5HhW6qTM="
	sandboxOrgName        = "Stytch Sandbox Organization"
	sandboxOrgSlugDefault = "stytch-sandbox-007d9d4a"
)

// Sandbox returns the sandbox organization and member of a TEST project,
// creating them on first use. Callers hold p.mu for writing.
func Sandbox(p *state.Project, now time.Time) (*state.OrgRecord, *state.MemberRecord) {
	org := p.Orgs[sandboxOrgID]
	if org == nil {
		o := state.NewOrganization(sandboxOrgID, now)
		o.OrganizationName = sandboxOrgName
		o.OrganizationSlug = sandboxOrgSlugDefault
		if _, taken := p.OrgSlugs[o.OrganizationSlug]; taken {
			o.OrganizationSlug = sandboxOrgID
		}
		o.EmailInvites = organizations.AllAllowed
		p.PutOrg(o, p.NextSeq())
		org = p.Orgs[sandboxOrgID]
	}
	set := p.MemberSet(sandboxOrgID)
	m := set.ByEmail[SandboxEmail]
	if m == nil {
		m = NewMemberRecord(p, sandboxOrgID, SandboxEmail, organizations.StatusActive, now)
		m.Member.Name = "Sandbox Member"
		m.Member.EmailAddressVerified = true
		p.InsertMember(m)
	}
	return org, m
}

// SandboxSend handles the sandbox inputs of login_or_signup and invite:
// the sandbox email with the sandbox organization ID answers 200 and sends
// nothing (ok true); the sandbox organization with any other email is
// invalid_email_sandbox. Outside TEST projects nothing is special.
func SandboxSend(p *state.Project, now time.Time, orgID, email string) (*state.OrgRecord, *state.MemberRecord, bool, *apierr.Error) {
	if p.Env != "test" || orgID != sandboxOrgID {
		return nil, nil, false, nil
	}
	if state.EmailKey(email) != SandboxEmail {
		return nil, nil, false, apierr.BadRequest("invalid_email_sandbox", "The sandbox organization only accepts the sandbox email address %s.", SandboxEmail)
	}
	org, m := Sandbox(p, now)
	return org, m, true, nil
}

// SandboxToken answers the two failing sandbox tokens, and reports whether
// token is a sandbox token at all. Outside TEST projects none is.
func SandboxToken(p *state.Project, token string) (bool, *apierr.Error) {
	if p.Env != "test" {
		return false, nil
	}
	switch token {
	case sandboxTokenSuccess:
		return true, nil
	case sandboxTokenUsed:
		return true, apierr.Unauthorized("unable_to_auth_magic_link", "The magic link has already been used or has expired.")
	case sandboxTokenNotFound:
		return true, apierr.NotFound("magic_link_not_found", "The magic link could not be found.")
	}
	return false, nil
}

// SandboxAuthenticate answers magic_links/authenticate for the sandbox
// tokens: the success token logs the sandbox member into the sandbox
// organization with a real session and signed JWT. Callers hold p.mu for
// writing.
func SandboxAuthenticate(p *state.Project, now time.Time, token string, args state.SessionArgs) (*MagicLinkAuthResponse, bool, *apierr.Error) {
	is, err := SandboxToken(p, token)
	if !is || err != nil {
		return nil, is, err
	}
	org, m := Sandbox(p, now)
	s, ierr := p.IssueSession(now, m.Member.MemberID, []sessions.AuthenticationFactor{state.EmailFactor(m, "magic_link")}, args)
	if ierr != nil {
		if ae, ok := ierr.(*apierr.Error); ok { //nolint:errorlint // issueSession returns *apiError directly
			return nil, true, ae
		}
		return nil, true, apierr.Internal("The mock could not sign a session JWT.")
	}
	ms := s.Session
	res := &AuthResult{
		MemberID: m.Member.MemberID,
		Member:   s.Member, Organization: s.Org, SessionToken: s.Token, SessionJWT: s.JWT, MemberSession: &ms, MemberAuthenticated: true,
	}
	return &MagicLinkAuthResponse{AuthResult: res, MethodID: m.EmailID, OrganizationID: org.Org.OrganizationID}, true, nil
}
