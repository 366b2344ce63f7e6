package flows

import (
	"github.com/stytchkit/stytch-go/mockserver/internal/apierr"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
)

// Cross-organization passwords (auth-flows §6): the discovery endpoints and
// require-reset work only when the project's password policy has
// cross_org_passwords on; then one password is shared by every membership
// of an email address.

// NeedCrossOrg refuses a cross-organization password call when the
// project's password policy has cross_org_passwords off.
func NeedCrossOrg(p *state.Project) *apierr.Error {
	if !p.PasswordPolicy().CrossOrgPasswords {
		return apierr.BadRequest("cross_org_passwords_not_enabled", "This endpoint needs cross-organization passwords, which the project has not enabled.")
	}
	return nil
}

// PasswordMembers are the members with an address that have a password,
// in organization creation order.
func PasswordMembers(p *state.Project, email string) []*state.MemberRecord {
	var out []*state.MemberRecord
	for _, r := range p.MembersByEmail(email) {
		if p.PasswordOf(r) != nil {
			out = append(out, r)
		}
	}
	return out
}
