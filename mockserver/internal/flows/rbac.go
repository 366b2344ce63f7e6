package flows

import (
	"slices"
	"strings"

	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/b2b/rbac"
	"github.com/stytchkit/stytch-go/mockserver/internal/apierr"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
)

// grantingRoles returns every role in roles that grants action on resource,
// looking roles up in the project policy and the organization's custom
// roles. Callers hold p.mu.
func grantingRoles(p *state.Project, org *organizations.Organization, roles []string, resource, action string) []string {
	granting := []string{}
	for _, id := range roles {
		var perms []rbac.PolicyRolePermission
		for _, r := range p.Policy.Roles {
			if r.RoleID == id {
				perms = r.Permissions
			}
		}
		if perms == nil && org != nil {
			for _, r := range org.CustomRoles {
				if r.RoleID == id {
					for _, cp := range r.Permissions {
						perms = append(perms, rbac.PolicyRolePermission{ResourceID: cp.ResourceID, Actions: cp.Actions})
					}
				}
			}
		}
		for _, perm := range perms {
			if perm.ResourceID == resource && (slices.Contains(perm.Actions, "*") || slices.Contains(perm.Actions, action)) {
				granting = append(granting, id)
				break
			}
		}
	}
	return granting
}

// ValidatePolicyRoles checks roles against the resources they may name.
// resources maps resource IDs to their actions.
func ValidatePolicyRoles(roles []rbac.PolicyRole, resources map[string][]string) *apierr.Error {
	seen := map[string]bool{}
	for _, r := range roles {
		if strings.TrimSpace(r.RoleID) == "" {
			return apierr.BadRequest("empty_rbac_role_id", "Every role needs a role_id.")
		}
		if len(r.RoleID) > 128 {
			return apierr.BadRequest("rbac_role_id_too_long", "role_id %q is longer than 128 characters.", r.RoleID)
		}
		if seen[r.RoleID] {
			return apierr.BadRequest("rbac_role_duplicate", "The role %q is defined more than once.", r.RoleID)
		}
		seen[r.RoleID] = true
		if len(r.Permissions) == 0 {
			return apierr.BadRequest("rbac_role_missing_permissions", "The role %q has no permissions.", r.RoleID)
		}
		for _, perm := range r.Permissions {
			actions, ok := resources[perm.ResourceID]
			if !ok {
				return apierr.BadRequest("invalid_permission_resource", "The role %q names the unknown resource %q.", r.RoleID, perm.ResourceID)
			}
			seenA := map[string]bool{}
			for _, a := range perm.Actions {
				if seenA[a] {
					return apierr.BadRequest("rbac_action_duplicate", "The role %q lists the action %q twice.", r.RoleID, a)
				}
				seenA[a] = true
				if a == "*" {
					if len(perm.Actions) > 1 {
						return apierr.BadRequest("invalid_wildcard_action", "The wildcard action \"*\" must be the only action of a permission.")
					}
					continue
				}
				if !slices.Contains(actions, a) {
					return apierr.BadRequest("invalid_permission_action", "The role %q names the action %q, which the resource %q does not have.", r.RoleID, a, perm.ResourceID)
				}
			}
		}
	}
	return nil
}

// ResourceActions maps the project's resources to their actions. Callers
// hold p.mu.
func ResourceActions(p *state.Project) map[string][]string {
	m := make(map[string][]string, len(p.Policy.Resources))
	for _, r := range p.Policy.Resources {
		m[r.ResourceID] = r.Actions
	}
	return m
}

// OrgPolicyOf returns an organization's custom roles as an OrgPolicy.
func OrgPolicyOf(o *organizations.Organization) rbac.OrgPolicy {
	out := rbac.OrgPolicy{Roles: []rbac.PolicyRole{}}
	for _, r := range o.CustomRoles {
		perms := make([]rbac.PolicyRolePermission, len(r.Permissions))
		for i, cp := range r.Permissions {
			perms[i] = rbac.PolicyRolePermission{ResourceID: cp.ResourceID, Actions: slices.Clone(cp.Actions)}
		}
		out.Roles = append(out.Roles, rbac.PolicyRole{RoleID: r.RoleID, Description: r.Description, Permissions: perms})
	}
	return out
}
