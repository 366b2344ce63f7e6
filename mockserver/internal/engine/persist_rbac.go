package engine

import (
	"encoding/json"

	"github.com/stytchkit/stytch-go/b2b/rbac"
)

func init() {
	registerSnapshotSection(snapshotSection{name: "rbac_policy", order: 5, save: savePolicy, load: loadPolicy})
}

// savePolicy renders the project's RBAC policy. Callers hold p.mu.
func savePolicy(p *project, _ snapshotOptions) (any, error) {
	return clonePolicy(p.policy), nil
}

// loadPolicy validates the policy's roles against its resources, as PUT
// /mock/rbac/policy does, and rebuilds the role index.
func loadPolicy(dst *project, raw json.RawMessage) error {
	var pol rbac.Policy
	if err := decodeStrict(raw, &pol); err != nil {
		return snapErr("rbac_policy", "%v", err)
	}
	resources := map[string][]string{}
	for _, r := range pol.Resources {
		if r.ResourceID == "" {
			return snapErr("rbac_policy.resources", "every resource needs a resource_id")
		}
		resources[r.ResourceID] = r.Actions
	}
	if err := validatePolicyRoles(pol.Roles, resources); err != nil {
		return snapErr("rbac_policy.roles", "%s", err.Message)
	}
	for _, id := range []string{roleMember, roleAdmin} {
		found := false
		for _, r := range pol.Roles {
			found = found || r.RoleID == id
		}
		if !found {
			return snapErr("rbac_policy.roles", "must include the default role %q", id)
		}
	}
	dst.policy = clonePolicy(pol)
	dst.roles = make(map[string]bool, len(pol.Roles))
	for _, r := range pol.Roles {
		dst.roles[r.RoleID] = true
	}
	return nil
}
