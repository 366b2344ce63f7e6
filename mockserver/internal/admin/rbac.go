package admin

import (
	"slices"
	"strings"

	"github.com/stytchkit/stytch-go/b2b/rbac"
	"github.com/stytchkit/stytch-go/mockserver/internal/api"
	"github.com/stytchkit/stytch-go/mockserver/internal/apierr"
	"github.com/stytchkit/stytch-go/mockserver/internal/flows"
	"github.com/stytchkit/stytch-go/mockserver/internal/httpkit"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
)

// HandleSetProjectPolicy replaces the project's RBAC policy (which Stytch
// edits in its dashboard). The default resources are always kept with their
// fixed actions, the default roles cannot be removed, and custom resource
// IDs may not start with "stytch".
func HandleSetProjectPolicy(rc *httpkit.Call) (any, error) {
	var b rbac.Policy
	if err := rc.Decode(&b); err != nil {
		return nil, err
	}
	resources := map[string][]string{}
	pol := rbac.Policy{Resources: state.ClonePolicy(rbac.Policy{Resources: state.DefaultResources}).Resources, Scopes: []rbac.PolicyScope{}}
	for _, r := range state.DefaultResources {
		resources[r.ResourceID] = r.Actions
	}
	for _, r := range b.Resources {
		if _, isDefault := resources[r.ResourceID]; isDefault && strings.HasPrefix(r.ResourceID, "stytch.") {
			continue // default resources keep their fixed actions
		}
		if strings.HasPrefix(r.ResourceID, "stytch") {
			return nil, apierr.BadRequest("invalid_stytch_prefixed_resource", "Custom resource %q may not start with \"stytch\".", r.ResourceID)
		}
		if strings.TrimSpace(r.ResourceID) == "" {
			return nil, apierr.BadRequest("empty_rbac_resource_id", "Every resource needs a resource_id.")
		}
		if _, dup := resources[r.ResourceID]; dup {
			return nil, apierr.BadRequest("rbac_resource_duplicate", "The resource %q is defined more than once.", r.ResourceID)
		}
		seen := map[string]bool{}
		for _, a := range r.Actions {
			if seen[a] {
				return nil, apierr.BadRequest("rbac_action_duplicate", "The resource %q lists the action %q twice.", r.ResourceID, a)
			}
			if a == "*" || a == "" {
				return nil, apierr.BadRequest("invalid_permission_action", "The resource %q has an invalid action %q.", r.ResourceID, a)
			}
			seen[a] = true
		}
		resources[r.ResourceID] = r.Actions
		pol.Resources = append(pol.Resources, rbac.PolicyResource{ResourceID: r.ResourceID, Description: r.Description, Actions: slices.Clone(r.Actions)})
	}
	if err := flows.ValidatePolicyRoles(b.Roles, resources); err != nil {
		return nil, err
	}
	pol.Roles = state.CloneRoles(b.Roles)
	for _, def := range state.DefaultPolicy().Roles {
		if !slices.ContainsFunc(pol.Roles, func(r rbac.PolicyRole) bool { return r.RoleID == def.RoleID }) {
			pol.Roles = append([]rbac.PolicyRole{def}, pol.Roles...)
		}
	}
	pol.Scopes = state.ClonePolicy(rbac.Policy{Scopes: b.Scopes}).Scopes
	p := rc.Project
	p.Mu.Lock()
	defer p.Mu.Unlock()
	p.Policy = pol
	p.Roles = make(map[string]bool, len(pol.Roles))
	for _, r := range pol.Roles {
		p.Roles[r.RoleID] = true
	}
	out := state.ClonePolicy(pol)
	return &api.PolicyResponse{Policy: &out}, nil
}
