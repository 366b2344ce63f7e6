package engine

import "bytes"

// memberRouteChecks are the RBAC permissions each member endpoint needs when
// it is called as a member (X-Stytch-Member-Session or -SessionJWT). A check
// with self set is also satisfied by that action on stytch.self when the
// acting member is the target member. Endpoints listed with no checks only
// require the session to belong to the organization. Update Member depends
// on the fields sent; see memberUpdateChecks.
var memberRouteChecks = map[string][]actionCheck{
	"B2BOrganizationsMembersCreate":               {{resource: "stytch.member", action: "create"}},
	"B2BOrganizationsMembersDelete":               {{resource: "stytch.member", action: "delete", self: "delete"}},
	"B2BOrganizationsMembersReactivate":           {{resource: "stytch.member", action: "create"}},
	"B2BOrganizationsMembersSearch":               {{resource: "stytch.member", action: "search"}},
	"B2BOrganizationsMembersDeletePassword":       {{resource: "stytch.member", action: "update.info.delete.password", self: "update.info.delete.password"}},
	"B2BOrganizationsMembersDeleteMFAPhoneNumber": {{resource: "stytch.member", action: "update.info.delete.mfa-phone", self: "update.info.delete.mfa-phone"}},
	"B2BOrganizationsMembersDeleteTOTP":           {{resource: "stytch.member", action: "update.info.delete.mfa-totp", self: "update.info.delete.mfa-totp"}},
	"B2BOrganizationsMembersUnlinkRetiredEmail":   {{resource: "stytch.member", action: "update.info.email"}},
	"B2BOrganizationsMembersStartEmailUpdate":     {{resource: "stytch.member", action: "update.info.email"}},
	"B2BOrganizationsMembersDeleteExternalID":     nil,
	"B2BOrganizationsMembersGetConnectedApps":     nil,
	"B2BOrganizationsMembersConnectedAppsRevoke":  nil,
}

// memberUpdateChecks maps the fields of an Update Member body to the
// permissions they need.
func memberUpdateChecks(b *memberUpdateBody) []actionCheck {
	var out []actionCheck
	need := func(sent bool, action string, selfToo bool) {
		if !sent {
			return
		}
		c := actionCheck{resource: "stytch.member", action: action}
		if selfToo {
			c.self = action
		}
		out = append(out, c)
	}
	need(b.Name != nil, "update.info.name", true)
	need(b.UntrustedMetadata != nil, "update.info.untrusted-metadata", true)
	need(b.MFAPhoneNumber != nil, "update.info.mfa-phone", true)
	need(b.MFAEnrolled != nil, "update.settings.mfa-enrolled", true)
	need(b.DefaultMFAMethod != nil, "update.settings.default-mfa-method", true)
	need(b.IsBreakglass != nil, "update.settings.is-breakglass", false)
	need(b.Roles != nil, "update.settings.roles", false)
	need(b.EmailAddress != nil, "update.info.email", false)
	return out
}

// authorizeMemberUpdate checks an Update Member call made as a member:
// trusted metadata is never writable that way, members cannot change their
// own email address, and every sent field needs its permission. Callers hold
// p.mu.
func (p *project) authorizeMemberUpdate(a actor, org *orgRecord, target *memberRecord, b *memberUpdateBody) *apiError {
	if !a.asMember() {
		return nil
	}
	if raw := bytes.TrimSpace(b.TrustedMetadata); len(raw) > 0 && string(raw) != "null" {
		return forbidden("cannot_update_trusted_metadata", "trusted_metadata cannot be written by a call made as a member.")
	}
	if b.EmailAddress != nil && *b.EmailAddress != "" {
		s, err := p.findSession(a.sessionToken, a.sessionJWT, a.now)
		if err == nil && s.memberID == target.m.MemberID {
			return forbidden("member_cannot_update_their_email_address", "Members cannot change their own email address this way; use Start Email Update.")
		}
	}
	return p.authorizeHeader(a, org.o.OrganizationID, target.m.MemberID, memberUpdateChecks(b)...)
}
