package api

import (
	"slices"

	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/b2b/rbac"
	"github.com/stytchkit/stytch-go/mockserver/internal/apierr"
	"github.com/stytchkit/stytch-go/mockserver/internal/flows"
	"github.com/stytchkit/stytch-go/mockserver/internal/httpkit"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
)

// PolicyResponse answers the RBAC policy reads: the project's policy.
type PolicyResponse struct {
	RequestID  string       `json:"request_id"`
	StatusCode int          `json:"status_code"`
	Policy     *rbac.Policy `json:"policy"`
}

func handleRBACPolicy(rc *httpkit.Call) (any, error) {
	p := rc.Project
	p.Mu.RLock()
	defer p.Mu.RUnlock()
	pol := state.ClonePolicy(p.Policy)
	return &PolicyResponse{Policy: &pol}, nil
}

func handleGetOrgPolicy(rc *httpkit.Call) (any, error) {
	return rc.ReadOrg(rc.Param("organization_id"), func(p *state.Project, r *state.OrgRecord) (any, error) {
		return &rbac.GetOrgPolicyResponse{OrgPolicy: flows.OrgPolicyOf(&r.Org)}, nil
	})
}

func handleSetOrgPolicy(rc *httpkit.Call) (any, error) {
	var b struct {
		OrgPolicy *rbac.OrgPolicy `json:"org_policy"`
	}
	if err := rc.Decode(&b); err != nil {
		return nil, err
	}
	if b.OrgPolicy == nil {
		return nil, apierr.BadRequest("bad_request", "org_policy is required.")
	}
	return rc.WriteOrg(rc.Param("organization_id"), func(p *state.Project, r *state.OrgRecord) (any, error) {
		for _, role := range b.OrgPolicy.Roles {
			if p.Roles[role.RoleID] {
				return nil, apierr.BadRequest("rbac_role_duplicate", "The role %q already exists in the project policy.", role.RoleID)
			}
		}
		if err := flows.ValidatePolicyRoles(b.OrgPolicy.Roles, flows.ResourceActions(p)); err != nil {
			return nil, err
		}
		o := state.CloneOrg(r.Org)
		o.CustomRoles = []organizations.CustomRole{}
		for _, role := range b.OrgPolicy.Roles {
			perms := make([]organizations.CustomRolePermission, len(role.Permissions))
			for i, pp := range role.Permissions {
				perms[i] = organizations.CustomRolePermission{ResourceID: pp.ResourceID, Actions: slices.Clone(pp.Actions)}
			}
			o.CustomRoles = append(o.CustomRoles, organizations.CustomRole{RoleID: role.RoleID, Description: role.Description, Permissions: perms})
		}
		now := rc.Now
		o.UpdatedAt = &now
		p.PutOrg(o, r.Seq)
		return &rbac.SetOrgPolicyResponse{OrgPolicy: flows.OrgPolicyOf(&o)}, nil
	})
}
