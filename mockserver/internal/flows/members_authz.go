package flows

import (
	"bytes"

	"github.com/stytchkit/stytch-go/mockserver/internal/apierr"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
)

// MemberRouteChecks are the RBAC permissions each member endpoint needs when
// it is called as a member (X-Stytch-Member-Session or -SessionJWT). A check
// with self set is also satisfied by that action on stytch.self when the
// acting member is the target member. Endpoints listed with no checks only
// require the session to belong to the organization. Update Member depends
// on the fields sent; see memberUpdateChecks.
var MemberRouteChecks = map[string][]ActionCheck{
	"B2BOrganizationsMembersCreate":               {{Resource: "stytch.member", Action: "create"}},
	"B2BOrganizationsMembersDelete":               {{Resource: "stytch.member", Action: "delete", Self: "delete"}},
	"B2BOrganizationsMembersReactivate":           {{Resource: "stytch.member", Action: "create"}},
	"B2BOrganizationsMembersSearch":               {{Resource: "stytch.member", Action: "search"}},
	"B2BOrganizationsMembersDeletePassword":       {{Resource: "stytch.member", Action: "update.info.delete.password", Self: "update.info.delete.password"}},
	"B2BOrganizationsMembersDeleteMFAPhoneNumber": {{Resource: "stytch.member", Action: "update.info.delete.mfa-phone", Self: "update.info.delete.mfa-phone"}},
	"B2BOrganizationsMembersDeleteTOTP":           {{Resource: "stytch.member", Action: "update.info.delete.mfa-totp", Self: "update.info.delete.mfa-totp"}},
	"B2BOrganizationsMembersUnlinkRetiredEmail":   {{Resource: "stytch.member", Action: "update.info.email"}},
	"B2BOrganizationsMembersStartEmailUpdate":     {{Resource: "stytch.member", Action: "update.info.email"}},
	"B2BOrganizationsMembersDeleteExternalID":     nil,
	"B2BOrganizationsMembersGetConnectedApps":     nil,
	"B2BOrganizationsMembersConnectedAppsRevoke":  nil,
}

// memberUpdateChecks maps the fields of an Update Member body to the
// permissions they need.
func memberUpdateChecks(b *MemberUpdateBody) []ActionCheck {
	var out []ActionCheck
	need := func(sent bool, action string, selfToo bool) {
		if !sent {
			return
		}
		c := ActionCheck{Resource: "stytch.member", Action: action}
		if selfToo {
			c.Self = action
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

// AuthorizeMemberUpdate checks an Update Member call made as a member:
// trusted metadata is never writable that way, members cannot change their
// own email address, and every sent field needs its permission. Callers hold
// p.mu.
func AuthorizeMemberUpdate(p *state.Project, a Actor, org *state.OrgRecord, target *state.MemberRecord, b *MemberUpdateBody) *apierr.Error {
	if !a.AsMember() {
		return nil
	}
	if raw := bytes.TrimSpace(b.TrustedMetadata); len(raw) > 0 && string(raw) != "null" {
		return apierr.BadRequest("cannot_update_trusted_metadata", "trusted_metadata cannot be written by a call made as a member.")
	}
	if b.EmailAddress != nil && *b.EmailAddress != "" {
		s, err := p.FindSession(a.SessionToken, a.SessionJWT, a.Now)
		if err == nil && s.MemberID == target.Member.MemberID {
			return apierr.BadRequest("member_cannot_update_their_email_address", "Members cannot change their own email address this way; use Start Email Update.")
		}
	}
	return AuthorizeHeader(p, a, org.Org.OrganizationID, target.Member.MemberID, memberUpdateChecks(b)...)
}
