package flows

import (
	"time"

	"github.com/stytchkit/stytch-go/mockserver/internal/apierr"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
)

// Member-session authorization of management calls: when a call carries
// X-Stytch-Member-Session or X-Stytch-Member-SessionJWT, Stytch runs it as
// that member and checks the member's RBAC permissions first.

// The headers that make a call act as a member: its session token or JWT.
const (
	HeaderMemberSession    = "X-Stytch-Member-Session"
	HeaderMemberSessionJWT = "X-Stytch-Member-SessionJWT"
)

// ActionCheck is one permission a call needs: action on resource, or, when
// the acting member is the target member and self is set, self on
// stytch.self.
type ActionCheck struct {
	Resource string
	Action   string
	Self     string
}

// Actor is who a management call runs as: the member-session credentials
// it carried (none when the project secret alone authorizes it), and the
// project's time of the call.
type Actor struct {
	SessionToken string
	SessionJWT   string
	Now          time.Time
}

// AsMember reports whether the call runs as a member.
func (a Actor) AsMember() bool { return a.SessionToken != "" || a.SessionJWT != "" }

// AuthorizeHeader checks a call that may carry a member-session header.
// Without the header it allows the call (the project secret authorizes it).
// With it, the session must be live and belong to orgID
// (session_authorization_tenancy_error otherwise), and for every check some
// role of the session must grant the action (session_authorization_error
// otherwise). targetMemberID is the member the call acts on, or "" when it
// acts on no member. Reusable by every endpoint that accepts the headers.
// Callers hold p.mu for writing.
func AuthorizeHeader(p *state.Project, a Actor, orgID, targetMemberID string, checks ...ActionCheck) *apierr.Error {
	tok, jwtHdr := a.SessionToken, a.SessionJWT
	if tok == "" && jwtHdr == "" {
		return nil
	}
	if tok != "" && jwtHdr != "" {
		return apierr.BadRequest("too_many_session_arguments", "Send only one of %s and %s.", HeaderMemberSession, HeaderMemberSessionJWT)
	}
	s, err := p.FindSession(tok, jwtHdr, a.Now)
	if err != nil {
		return err
	}
	if s.OrgID != orgID {
		return apierr.Forbidden("session_authorization_tenancy_error", "The member session belongs to organization %q, not %q.", s.OrgID, orgID)
	}
	org := p.Orgs[s.OrgID]
	roles := p.SessionRoles(s, p.Members[s.MemberID], &org.Org)
	for _, c := range checks {
		if len(grantingRoles(p, &org.Org, roles, c.Resource, c.Action)) > 0 {
			continue
		}
		if c.Self != "" && targetMemberID != "" && targetMemberID == s.MemberID &&
			len(grantingRoles(p, &org.Org, roles, "stytch.self", c.Self)) > 0 {
			continue
		}
		return apierr.Forbidden("session_authorization_error", "The member's roles do not grant %q on %q.", c.Action, c.Resource)
	}
	return nil
}

// OrgUpdateChecks maps the fields of an Update Organization body to the
// stytch.organization actions they need.
func OrgUpdateChecks(f *OrgFields) []ActionCheck {
	var out []ActionCheck
	need := func(sent bool, action string) {
		if sent {
			out = append(out, ActionCheck{Resource: "stytch.organization", Action: action})
		}
	}
	need(f.OrganizationName != nil, "update.info.name")
	need(f.OrganizationSlug != nil, "update.info.slug")
	need(f.OrganizationLogoURL != nil, "update.info.logo-url")
	need(f.EmailJITProvisioning != nil, "update.settings.email-jit-provisioning")
	need(f.EmailInvites != nil, "update.settings.email-invites")
	need(f.EmailAllowedDomains != nil, "update.settings.allowed-domains")
	need(f.SSODefaultConnectionID != nil, "update.settings.default-sso-connection")
	need(f.SSOJITProvisioning != nil || f.SSOJITProvisioningAllowedConnections != nil, "update.settings.sso-jit-provisioning")
	need(f.AuthMethods != nil || f.AllowedAuthMethods != nil, "update.settings.allowed-auth-methods")
	need(f.MFAMethods != nil || f.AllowedMFAMethods != nil, "update.settings.allowed-mfa-methods")
	need(f.MFAPolicy != nil, "update.settings.mfa-policy")
	need(f.RBACEmailImplicitRoleAssignments != nil, "update.settings.implicit-roles")
	need(f.OAuthTenantJITProvisioning != nil, "update.settings.oauth-tenant-jit-provisioning")
	need(f.AllowedOAuthTenants != nil, "update.settings.allowed-oauth-tenants")
	return out
}
