package store

import (
	"encoding/json"
	"slices"

	"github.com/stytchkit/stytch-go/mockserver/internal/flows"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
	"github.com/stytchkit/stytch-go/mockserver/internal/wire"
)

// policyRecordV2 is the "rbac_policy" section: the project's RBAC policy.
type policyRecordV2 struct {
	Roles     []roleRecordV2     `json:"roles"`
	Resources []resourceRecordV2 `json:"resources"`
	Scopes    []scopeRecordV2    `json:"scopes"`
}

// resourceRecordV2 is a resource of the policy and its actions.
type resourceRecordV2 struct {
	ResourceID  string   `json:"resource_id"`
	Description string   `json:"description"`
	Actions     []string `json:"actions"`
}

// scopeRecordV2 is a connected-app scope and the permissions it grants.
type scopeRecordV2 struct {
	Scope       string               `json:"scope"`
	Description string               `json:"description"`
	Permissions []permissionRecordV2 `json:"permissions"`
}

// savePolicy renders the project's RBAC policy. Callers hold p.mu.
func savePolicy(p *state.Project, _ SnapshotOptions) (any, error) {
	pol := &p.Policy
	var out policyRecordV2
	roles := sized(&out.Roles, pol.Roles)
	for i, r := range pol.Roles {
		roles[i] = roleRecordV2{RoleID: r.RoleID, Description: r.Description}
		perms := sized(&roles[i].Permissions, r.Permissions)
		for j, pm := range r.Permissions {
			perms[j] = permissionRecordV2{pm.ResourceID, slices.Clone(pm.Actions)}
		}
	}
	res := sized(&out.Resources, pol.Resources)
	for i, r := range pol.Resources {
		res[i] = resourceRecordV2{r.ResourceID, r.Description, slices.Clone(r.Actions)}
	}
	scopes := sized(&out.Scopes, pol.Scopes)
	for i, s := range pol.Scopes {
		scopes[i] = scopeRecordV2{Scope: s.Scope, Description: s.Description}
		perms := sized(&scopes[i].Permissions, s.Permissions)
		for j, pm := range s.Permissions {
			perms[j] = permissionRecordV2{pm.ResourceID, slices.Clone(pm.Actions)}
		}
	}
	return out, nil
}

// loadPolicy validates the policy's roles against its resources, as PUT
// /mock/rbac/policy does, and rebuilds the role index.
func loadPolicy(dst *state.Project, raw json.RawMessage) error {
	var rec policyRecordV2
	if err := wire.Decode(raw, &rec, true, false); err != nil {
		return SnapErr("rbac_policy", "%v", err)
	}
	pol := dst.Policy
	roles := sized(&pol.Roles, rec.Roles)
	for i, r := range rec.Roles {
		roles[i].RoleID, roles[i].Description = r.RoleID, r.Description
		perms := sized(&roles[i].Permissions, r.Permissions)
		for j, pm := range r.Permissions {
			perms[j].ResourceID, perms[j].Actions = pm.ResourceID, slices.Clone(pm.Actions)
		}
	}
	res := sized(&pol.Resources, rec.Resources)
	for i, r := range rec.Resources {
		res[i].ResourceID, res[i].Description, res[i].Actions = r.ResourceID, r.Description, slices.Clone(r.Actions)
	}
	scopes := sized(&pol.Scopes, rec.Scopes)
	for i, s := range rec.Scopes {
		scopes[i].Scope, scopes[i].Description = s.Scope, s.Description
		perms := sized(&scopes[i].Permissions, s.Permissions)
		for j, pm := range s.Permissions {
			perms[j].ResourceID, perms[j].Actions = pm.ResourceID, slices.Clone(pm.Actions)
		}
	}
	resources := map[string][]string{}
	for _, r := range rec.Resources {
		if r.ResourceID == "" {
			return SnapErr("rbac_policy.resources", "every resource needs a resource_id")
		}
		resources[r.ResourceID] = r.Actions
	}
	if err := flows.ValidatePolicyRoles(pol.Roles, resources); err != nil {
		return SnapErr("rbac_policy.roles", "%s", err.Message)
	}
	for _, id := range []string{state.RoleMember, state.RoleAdmin} {
		if !slices.ContainsFunc(rec.Roles, func(r roleRecordV2) bool { return r.RoleID == id }) {
			return SnapErr("rbac_policy.roles", "must include the default role %q", id)
		}
	}
	dst.Policy = pol
	dst.Roles = make(map[string]bool, len(rec.Roles))
	for _, r := range rec.Roles {
		dst.Roles[r.RoleID] = true
	}
	return nil
}
