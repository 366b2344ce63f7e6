package engine

import (
	"net/http"
	"slices"
	"strings"

	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/b2b/rbac"
)

// Default RBAC resources and their actions, fixed by Stytch.
var defaultResources = []rbac.PolicyResource{
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

// defaultPolicy is the policy of a fresh project: the two default roles and
// the five default resources.
func defaultPolicy() rbac.Policy {
	all := func(ids ...string) []rbac.PolicyRolePermission {
		var out []rbac.PolicyRolePermission
		for _, id := range ids {
			out = append(out, rbac.PolicyRolePermission{ResourceID: id, Actions: []string{"*"}})
		}
		return out
	}
	return rbac.Policy{
		Roles: []rbac.PolicyRole{
			{RoleID: roleMember, Description: "Granted to every member.", Permissions: all("stytch.self")},
			{RoleID: roleAdmin, Description: "Administers the organization.", Permissions: all("stytch.organization", "stytch.member", "stytch.sso", "stytch.scim")},
		},
		Resources: clonePolicy(rbac.Policy{Resources: defaultResources}).Resources,
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

func cloneRoles(rs []rbac.PolicyRole) []rbac.PolicyRole {
	out := make([]rbac.PolicyRole, len(rs))
	for i, r := range rs {
		out[i] = rbac.PolicyRole{RoleID: r.RoleID, Description: r.Description, Permissions: clonePerms(r.Permissions)}
	}
	return out
}

// clonePolicy deep-copies a policy so that responses never share the store's
// memory.
func clonePolicy(p rbac.Policy) rbac.Policy {
	out := rbac.Policy{Roles: cloneRoles(p.Roles), Resources: make([]rbac.PolicyResource, len(p.Resources)), Scopes: make([]rbac.PolicyScope, len(p.Scopes))}
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

// grantingRoles returns every role in roles that grants action on resource,
// looking roles up in the project policy and the organization's custom
// roles. Callers hold p.mu.
func (p *project) grantingRoles(org *organizations.Organization, roles []string, resource, action string) []string {
	granting := []string{}
	for _, id := range roles {
		var perms []rbac.PolicyRolePermission
		for _, r := range p.policy.Roles {
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

// validatePolicyRoles checks roles against the resources they may name.
// resources maps resource IDs to their actions.
func validatePolicyRoles(roles []rbac.PolicyRole, resources map[string][]string) *apiError {
	seen := map[string]bool{}
	for _, r := range roles {
		if strings.TrimSpace(r.RoleID) == "" {
			return badRequest("empty_rbac_role_id", "Every role needs a role_id.")
		}
		if len(r.RoleID) > 128 {
			return badRequest("rbac_role_id_too_long", "role_id %q is longer than 128 characters.", r.RoleID)
		}
		if seen[r.RoleID] {
			return badRequest("rbac_role_duplicate", "The role %q is defined more than once.", r.RoleID)
		}
		seen[r.RoleID] = true
		if len(r.Permissions) == 0 {
			return badRequest("rbac_role_missing_permissions", "The role %q has no permissions.", r.RoleID)
		}
		for _, perm := range r.Permissions {
			actions, ok := resources[perm.ResourceID]
			if !ok {
				return badRequest("invalid_permission_resource", "The role %q names the unknown resource %q.", r.RoleID, perm.ResourceID)
			}
			seenA := map[string]bool{}
			for _, a := range perm.Actions {
				if seenA[a] {
					return badRequest("rbac_action_duplicate", "The role %q lists the action %q twice.", r.RoleID, a)
				}
				seenA[a] = true
				if a == "*" {
					if len(perm.Actions) > 1 {
						return badRequest("invalid_wildcard_action", "The wildcard action \"*\" must be the only action of a permission.")
					}
					continue
				}
				if !slices.Contains(actions, a) {
					return badRequest("invalid_permission_action", "The role %q names the action %q, which the resource %q does not have.", r.RoleID, a, perm.ResourceID)
				}
			}
		}
	}
	return nil
}

// resourceActions maps the project's resources to their actions. Callers
// hold p.mu.
func (p *project) resourceActions() map[string][]string {
	m := make(map[string][]string, len(p.policy.Resources))
	for _, r := range p.policy.Resources {
		m[r.ResourceID] = r.Actions
	}
	return m
}

type policyResponse struct {
	RequestID  string       `json:"request_id"`
	StatusCode int          `json:"status_code"`
	Policy     *rbac.Policy `json:"policy"`
}

func handleRBACPolicy(rc *reqCtx) (any, error) {
	p := rc.p
	p.mu.RLock()
	defer p.mu.RUnlock()
	pol := clonePolicy(p.policy)
	return &policyResponse{RequestID: rc.requestID, StatusCode: http.StatusOK, Policy: &pol}, nil
}

// orgPolicyOf returns an organization's custom roles as an OrgPolicy.
func orgPolicyOf(o *organizations.Organization) rbac.OrgPolicy {
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

func handleGetOrgPolicy(rc *reqCtx) (any, error) {
	p := rc.p
	p.mu.RLock()
	defer p.mu.RUnlock()
	r, err := p.findOrg(rc.param("organization_id"))
	if err != nil {
		return nil, err
	}
	return &rbac.GetOrgPolicyResponse{RequestID: rc.requestID, StatusCode: http.StatusOK, OrgPolicy: orgPolicyOf(&r.o)}, nil
}

func handleSetOrgPolicy(rc *reqCtx) (any, error) {
	var b struct {
		OrgPolicy *rbac.OrgPolicy `json:"org_policy"`
	}
	if err := rc.decode(&b); err != nil {
		return nil, err
	}
	if b.OrgPolicy == nil {
		return nil, badRequest("bad_request", "org_policy is required.")
	}
	p := rc.p
	p.mu.Lock()
	defer p.mu.Unlock()
	r, err := p.findOrg(rc.param("organization_id"))
	if err != nil {
		return nil, err
	}
	for _, role := range b.OrgPolicy.Roles {
		if p.roles[role.RoleID] {
			return nil, badRequest("rbac_role_duplicate", "The role %q already exists in the project policy.", role.RoleID)
		}
	}
	if err := validatePolicyRoles(b.OrgPolicy.Roles, p.resourceActions()); err != nil {
		return nil, err
	}
	o := cloneOrg(r.o)
	o.CustomRoles = []organizations.CustomRole{}
	for _, role := range b.OrgPolicy.Roles {
		perms := make([]organizations.CustomRolePermission, len(role.Permissions))
		for i, pp := range role.Permissions {
			perms[i] = organizations.CustomRolePermission{ResourceID: pp.ResourceID, Actions: slices.Clone(pp.Actions)}
		}
		o.CustomRoles = append(o.CustomRoles, organizations.CustomRole{RoleID: role.RoleID, Description: role.Description, Permissions: perms})
	}
	now := rc.now
	o.UpdatedAt = &now
	p.putOrg(o, r.seq)
	return &rbac.SetOrgPolicyResponse{RequestID: rc.requestID, StatusCode: http.StatusOK, OrgPolicy: orgPolicyOf(&o)}, nil
}

// handleSetProjectPolicy replaces the project's RBAC policy (which Stytch
// edits in its dashboard). The default resources are always kept with their
// fixed actions, the default roles cannot be removed, and custom resource
// IDs may not start with "stytch".
func handleSetProjectPolicy(rc *reqCtx) (any, error) {
	var b rbac.Policy
	if err := rc.decode(&b); err != nil {
		return nil, err
	}
	resources := map[string][]string{}
	pol := rbac.Policy{Resources: clonePolicy(rbac.Policy{Resources: defaultResources}).Resources, Scopes: []rbac.PolicyScope{}}
	for _, r := range defaultResources {
		resources[r.ResourceID] = r.Actions
	}
	for _, r := range b.Resources {
		if _, isDefault := resources[r.ResourceID]; isDefault && strings.HasPrefix(r.ResourceID, "stytch.") {
			continue // default resources keep their fixed actions
		}
		if strings.HasPrefix(r.ResourceID, "stytch") {
			return nil, badRequest("invalid_stytch_prefixed_resource", "Custom resource %q may not start with \"stytch\".", r.ResourceID)
		}
		if strings.TrimSpace(r.ResourceID) == "" {
			return nil, badRequest("empty_rbac_resource_id", "Every resource needs a resource_id.")
		}
		if _, dup := resources[r.ResourceID]; dup {
			return nil, badRequest("rbac_resource_duplicate", "The resource %q is defined more than once.", r.ResourceID)
		}
		seen := map[string]bool{}
		for _, a := range r.Actions {
			if seen[a] {
				return nil, badRequest("rbac_action_duplicate", "The resource %q lists the action %q twice.", r.ResourceID, a)
			}
			if a == "*" || a == "" {
				return nil, badRequest("invalid_permission_action", "The resource %q has an invalid action %q.", r.ResourceID, a)
			}
			seen[a] = true
		}
		resources[r.ResourceID] = r.Actions
		pol.Resources = append(pol.Resources, rbac.PolicyResource{ResourceID: r.ResourceID, Description: r.Description, Actions: slices.Clone(r.Actions)})
	}
	if err := validatePolicyRoles(b.Roles, resources); err != nil {
		return nil, err
	}
	pol.Roles = cloneRoles(b.Roles)
	for _, def := range defaultPolicy().Roles {
		if !slices.ContainsFunc(pol.Roles, func(r rbac.PolicyRole) bool { return r.RoleID == def.RoleID }) {
			pol.Roles = append([]rbac.PolicyRole{def}, pol.Roles...)
		}
	}
	pol.Scopes = clonePolicy(rbac.Policy{Scopes: b.Scopes}).Scopes
	p := rc.p
	p.mu.Lock()
	defer p.mu.Unlock()
	p.policy = pol
	p.roles = make(map[string]bool, len(pol.Roles))
	for _, r := range pol.Roles {
		p.roles[r.RoleID] = true
	}
	out := clonePolicy(pol)
	return &policyResponse{RequestID: rc.requestID, StatusCode: http.StatusOK, Policy: &out}, nil
}
