package engine

import "time"

// Member-session authorization of management calls: when a call carries
// X-Stytch-Member-Session or X-Stytch-Member-SessionJWT, Stytch runs it as
// that member and checks the member's RBAC permissions first.

const (
	headerMemberSession    = "X-Stytch-Member-Session"
	headerMemberSessionJWT = "X-Stytch-Member-SessionJWT"
)

// actionCheck is one permission a call needs: action on resource, or, when
// the acting member is the target member and self is set, self on
// stytch.self.
type actionCheck struct {
	resource string
	action   string
	self     string
}

// actor is who a management call runs as: the member-session credentials
// it carried (none when the project secret alone authorizes it), and the
// project's time of the call.
type actor struct {
	sessionToken string
	sessionJWT   string
	now          time.Time
}

// asMember reports whether the call runs as a member.
func (a actor) asMember() bool { return a.sessionToken != "" || a.sessionJWT != "" }

// authorizeHeader checks a call that may carry a member-session header.
// Without the header it allows the call (the project secret authorizes it).
// With it, the session must be live and belong to orgID
// (session_authorization_tenancy_error otherwise), and for every check some
// role of the session must grant the action (session_authorization_error
// otherwise). targetMemberID is the member the call acts on, or "" when it
// acts on no member. Reusable by every endpoint that accepts the headers.
// Callers hold p.mu for writing.
func (p *project) authorizeHeader(a actor, orgID, targetMemberID string, checks ...actionCheck) *apiError {
	tok, jwtHdr := a.sessionToken, a.sessionJWT
	if tok == "" && jwtHdr == "" {
		return nil
	}
	if tok != "" && jwtHdr != "" {
		return badRequest("too_many_session_arguments", "Send only one of %s and %s.", headerMemberSession, headerMemberSessionJWT)
	}
	s, err := p.findSession(tok, jwtHdr, a.now)
	if err != nil {
		return err
	}
	if s.orgID != orgID {
		return forbidden("session_authorization_tenancy_error", "The member session belongs to organization %q, not %q.", s.orgID, orgID)
	}
	org := p.orgs[s.orgID]
	roles := p.sessionRoles(s, p.members[s.memberID], &org.o)
	for _, c := range checks {
		if len(p.grantingRoles(&org.o, roles, c.resource, c.action)) > 0 {
			continue
		}
		if c.self != "" && targetMemberID != "" && targetMemberID == s.memberID &&
			len(p.grantingRoles(&org.o, roles, "stytch.self", c.self)) > 0 {
			continue
		}
		return forbidden("session_authorization_error", "The member's roles do not grant %q on %q.", c.action, c.resource)
	}
	return nil
}

// orgUpdateChecks maps the fields of an Update Organization body to the
// stytch.organization actions they need.
func orgUpdateChecks(f *orgFields) []actionCheck {
	var out []actionCheck
	need := func(sent bool, action string) {
		if sent {
			out = append(out, actionCheck{resource: "stytch.organization", action: action})
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

// actor returns who the call runs as.
func (rc *reqCtx) actor() actor {
	return actor{sessionToken: rc.r.Header.Get(headerMemberSession), sessionJWT: rc.r.Header.Get(headerMemberSessionJWT), now: rc.now}
}
