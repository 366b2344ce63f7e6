package state

import (
	"slices"

	"github.com/stytchkit/stytch-go/b2b/rbac"
)

// DefaultResources are the default RBAC resources and their actions, fixed
// by Stytch.
var DefaultResources = []rbac.PolicyResource{
	{ResourceID: "stytch.organization", Description: "Stytch organization", Actions: []string{
		"update.info.name", "update.info.slug", "update.info.logo-url",
		"update.settings.allowed-auth-methods", "update.settings.allowed-mfa-methods",
		"update.settings.email-jit-provisioning", "update.settings.email-invites",
		"update.settings.allowed-domains", "update.settings.default-sso-connection",
		"update.settings.sso-jit-provisioning", "update.settings.mfa-policy",
		"update.settings.implicit-roles", "update.settings.oauth-tenant-jit-provisioning",
		"update.settings.allowed-oauth-tenants", "delete",
	}},
	{ResourceID: "stytch.member", Description: "Stytch member", Actions: []string{
		"create", "update.info.name", "update.info.untrusted-metadata", "update.info.mfa-phone",
		"update.info.delete.mfa-phone", "update.info.delete.mfa-totp", "update.info.delete.password",
		"update.info.email", "update.settings.is-breakglass", "update.settings.mfa-enrolled",
		"update.settings.default-mfa-method", "update.settings.roles", "search", "delete",
	}},
	{ResourceID: "stytch.sso", Description: "Stytch SSO connections", Actions: []string{"create", "get", "update", "delete"}},
	{ResourceID: "stytch.scim", Description: "Stytch SCIM connections", Actions: []string{"create", "get", "update", "delete"}},
	{ResourceID: "stytch.self", Description: "The member acting on their own account", Actions: []string{
		"update.info.name", "update.info.untrusted-metadata", "update.info.mfa-phone",
		"update.info.delete.mfa-phone", "update.info.delete.mfa-totp", "update.info.delete.password",
		"update.settings.mfa-enrolled", "update.settings.default-mfa-method", "revoke-sessions", "delete",
	}},
}

// DefaultPolicy is the policy of a fresh project: the two default roles and
// the five default resources.
func DefaultPolicy() rbac.Policy {
	all := func(ids ...string) []rbac.PolicyRolePermission {
		var out []rbac.PolicyRolePermission
		for _, id := range ids {
			out = append(out, rbac.PolicyRolePermission{ResourceID: id, Actions: []string{"*"}})
		}
		return out
	}
	return rbac.Policy{
		Roles: []rbac.PolicyRole{
			{RoleID: RoleMember, Description: "Granted to every member.", Permissions: all("stytch.self")},
			{RoleID: RoleAdmin, Description: "Administers the organization.", Permissions: all("stytch.organization", "stytch.member", "stytch.sso", "stytch.scim")},
		},
		Resources: ClonePolicy(rbac.Policy{Resources: DefaultResources}).Resources,
		Scopes:    []rbac.PolicyScope{},
	}
}

func clonePerms(ps []rbac.PolicyRolePermission) []rbac.PolicyRolePermission {
	out := make([]rbac.PolicyRolePermission, len(ps))
	for i, p := range ps {
		out[i] = rbac.PolicyRolePermission{ResourceID: p.ResourceID, Actions: slices.Clone(p.Actions)}
	}
	return out
}

// CloneRoles returns a deep copy of rs.
func CloneRoles(rs []rbac.PolicyRole) []rbac.PolicyRole {
	out := make([]rbac.PolicyRole, len(rs))
	for i, r := range rs {
		out[i] = rbac.PolicyRole{RoleID: r.RoleID, Description: r.Description, Permissions: clonePerms(r.Permissions)}
	}
	return out
}

// ClonePolicy deep-copies a policy so that responses never share the store's
// memory.
func ClonePolicy(p rbac.Policy) rbac.Policy {
	out := rbac.Policy{Roles: CloneRoles(p.Roles), Resources: make([]rbac.PolicyResource, len(p.Resources)), Scopes: make([]rbac.PolicyScope, len(p.Scopes))}
	for i, r := range p.Resources {
		out.Resources[i] = rbac.PolicyResource{ResourceID: r.ResourceID, Description: r.Description, Actions: slices.Clone(r.Actions)}
	}
	for i, s := range p.Scopes {
		perms := make([]rbac.PolicyScopePermission, len(s.Permissions))
		for j, pp := range s.Permissions {
			perms[j] = rbac.PolicyScopePermission{ResourceID: pp.ResourceID, Actions: slices.Clone(pp.Actions)}
		}
		out.Scopes[i] = rbac.PolicyScope{Scope: s.Scope, Description: s.Description, Permissions: perms}
	}
	return out
}
