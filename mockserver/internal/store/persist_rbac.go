package store

import (
	"encoding/json"

	"github.com/stytchkit/stytch-go/b2b/rbac"
	"github.com/stytchkit/stytch-go/mockserver/internal/flows"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
	"github.com/stytchkit/stytch-go/mockserver/internal/wire"
)

// savePolicy renders the project's RBAC policy. Callers hold p.mu.
func savePolicy(p *state.Project, _ SnapshotOptions) (any, error) {
	return state.ClonePolicy(p.Policy), nil
}

// loadPolicy validates the policy's roles against its resources, as PUT
// /mock/rbac/policy does, and rebuilds the role index.
func loadPolicy(dst *state.Project, raw json.RawMessage) error {
	var pol rbac.Policy
	if err := wire.Decode(raw, &pol, true, false); err != nil {
		return SnapErr("rbac_policy", "%v", err)
	}
	resources := map[string][]string{}
	for _, r := range pol.Resources {
		if r.ResourceID == "" {
			return SnapErr("rbac_policy.resources", "every resource needs a resource_id")
		}
		resources[r.ResourceID] = r.Actions
	}
	if err := flows.ValidatePolicyRoles(pol.Roles, resources); err != nil {
		return SnapErr("rbac_policy.roles", "%s", err.Message)
	}
	for _, id := range []string{state.RoleMember, state.RoleAdmin} {
		found := false
		for _, r := range pol.Roles {
			found = found || r.RoleID == id
		}
		if !found {
			return SnapErr("rbac_policy.roles", "must include the default role %q", id)
		}
	}
	dst.Policy = state.ClonePolicy(pol)
	dst.Roles = make(map[string]bool, len(pol.Roles))
	for _, r := range pol.Roles {
		dst.Roles[r.RoleID] = true
	}
	return nil
}
