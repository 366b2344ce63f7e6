// Package rbac is the client for Stytch B2B role-based access control: the
// project's RBAC policy (roles, resources, scopes) and the custom roles of
// each organization.
package rbac

import (
	"context"
	"net/http"

	"github.com/stytchkit/stytch-go/internal/nilsafe"
	"github.com/stytchkit/stytch-go/stytchapi"
)

// Policy is a project's RBAC policy: the roles members can hold, the
// resources they act on with their actions, and the scopes of connected-app
// tokens.
type Policy struct {
	Roles     []PolicyRole     `json:"roles"`
	Resources []PolicyResource `json:"resources"`
	Scopes    []PolicyScope    `json:"scopes"`
}

// OrgPolicy holds the custom roles one organization adds to the project
// policy.
type OrgPolicy struct {
	Roles []PolicyRole `json:"roles"`
}

// PolicyRole is a role and the permissions it grants.
type PolicyRole struct {
	RoleID      string                 `json:"role_id"`
	Description string                 `json:"description"`
	Permissions []PolicyRolePermission `json:"permissions"`
}

// PolicyRolePermission grants actions on one resource. The action "*" means
// every action of the resource.
type PolicyRolePermission struct {
	ResourceID string   `json:"resource_id"`
	Actions    []string `json:"actions"`
}

// PolicyResource is a resource and the actions that exist on it.
type PolicyResource struct {
	ResourceID  string   `json:"resource_id"`
	Description string   `json:"description"`
	Actions     []string `json:"actions"`
}

// PolicyScope is a connected-app token scope and the permissions it grants.
type PolicyScope struct {
	Scope       string                  `json:"scope"`
	Description string                  `json:"description"`
	Permissions []PolicyScopePermission `json:"permissions"`
}

// PolicyScopePermission grants actions on one resource to a scope.
type PolicyScopePermission struct {
	ResourceID string   `json:"resource_id"`
	Actions    []string `json:"actions"`
}

// Client calls the RBAC endpoints. Get one from b2b.Client.RBAC.
type Client struct {
	c *stytchapi.Client
	// Organizations reads and writes organization policies.
	Organizations *OrganizationsClient
}

// NewClient returns a Client that sends requests with c.
func NewClient(c *stytchapi.Client) *Client {
	return &Client{c: c, Organizations: &OrganizationsClient{c: c}}
}

// PolicyParams are the (empty) parameters of Policy.
type PolicyParams struct{}

// PolicyResponse is the answer to Policy.
type PolicyResponse struct {
	RequestID  string  `json:"request_id"`
	StatusCode int32   `json:"status_code"`
	Policy     *Policy `json:"policy,omitempty"`
}

// Policy returns the project's RBAC policy.
func (c *Client) Policy(ctx context.Context, _ *PolicyParams, opts ...stytchapi.RequestOption) (*PolicyResponse, error) {
	return stytchapi.Do[PolicyResponse](ctx, c.c, stytchapi.Request{Method: http.MethodGet, Path: "/v1/b2b/rbac/policy", Options: opts})
}

// OrganizationsClient calls the organization-policy endpoints.
type OrganizationsClient struct {
	c *stytchapi.Client
}

// GetOrgPolicyParams name the organization.
type GetOrgPolicyParams struct {
	OrganizationID string `json:"-"`
}

// GetOrgPolicyResponse is the answer to GetOrgPolicy.
type GetOrgPolicyResponse struct {
	RequestID  string    `json:"request_id"`
	OrgPolicy  OrgPolicy `json:"org_policy"`
	StatusCode int32     `json:"status_code"`
}

// GetOrgPolicy returns the custom roles of an organization.
func (c *OrganizationsClient) GetOrgPolicy(ctx context.Context, params *GetOrgPolicyParams, opts ...stytchapi.RequestOption) (*GetOrgPolicyResponse, error) {
	p := nilsafe.Ptr(params)
	return stytchapi.Do[GetOrgPolicyResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodGet, Path: "/v1/b2b/rbac/organizations/{organization_id}", PathParams: []string{p.OrganizationID}, Options: opts,
	})
}

// SetOrgPolicyParams replace all custom roles of an organization.
type SetOrgPolicyParams struct {
	OrganizationID string    `json:"-"`
	OrgPolicy      OrgPolicy `json:"org_policy"`
}

// SetOrgPolicyResponse is the answer to SetOrgPolicy.
type SetOrgPolicyResponse struct {
	RequestID  string    `json:"request_id"`
	OrgPolicy  OrgPolicy `json:"org_policy"`
	StatusCode int32     `json:"status_code"`
}

// SetOrgPolicy replaces the custom roles of an organization. They are also
// returned as the organization's custom_roles.
func (c *OrganizationsClient) SetOrgPolicy(ctx context.Context, params *SetOrgPolicyParams, opts ...stytchapi.RequestOption) (*SetOrgPolicyResponse, error) {
	p := nilsafe.Ptr(params)
	return stytchapi.Do[SetOrgPolicyResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodPut, Path: "/v1/b2b/rbac/organizations/{organization_id}", PathParams: []string{p.OrganizationID}, Body: params, Options: opts,
	})
}
