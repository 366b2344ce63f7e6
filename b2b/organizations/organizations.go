// Package organizations is the client for Stytch B2B organizations and their
// members (Client.Members), and holds the Organization and Member types shared
// by the other B2B packages.
//
// Types of the members endpoints carry the prefix of the sub-client they
// belong to: client.Organizations.Members.Create takes MembersCreateParams,
// client.Organizations.Members.OAuthProviders.Google returns
// MembersOAuthProvidersGoogleResponse.
package organizations

import (
	"context"
	"iter"
	"net/http"

	"github.com/stytchkit/stytch-go/internal/nilsafe"
	"github.com/stytchkit/stytch-go/stytchapi"
)

// Client calls the organization endpoints. Get one from b2b.Client.Organizations.
type Client struct {
	c *stytchapi.Client
	// Members manages the members of organizations.
	Members *MembersClient
}

// NewClient returns a Client that sends requests with c.
func NewClient(c *stytchapi.Client) *Client { return &Client{c: c, Members: newMembersClient(c)} }

// CreateParams are the fields of a new organization. OrganizationName is
// required; so is OrganizationSlug in practice (2–128 characters of letters,
// digits, '-', '.', '_' and '~', unique in the project). Settings left empty
// take Stytch's defaults; when no auth setting is given at all, EmailInvites
// defaults to ALL_ALLOWED.
type CreateParams struct {
	OrganizationName                   string                         `json:"organization_name"`
	OrganizationSlug                   string                         `json:"organization_slug,omitzero"`
	OrganizationLogoURL                string                         `json:"organization_logo_url,omitzero"`
	TrustedMetadata                    map[string]any                 `json:"trusted_metadata,omitzero"`
	OrganizationExternalID             string                         `json:"organization_external_id,omitzero"`
	SSOJITProvisioning                 string                         `json:"sso_jit_provisioning,omitzero"`
	EmailAllowedDomains                []string                       `json:"email_allowed_domains,omitzero"`
	EmailJITProvisioning               string                         `json:"email_jit_provisioning,omitzero"`
	EmailInvites                       string                         `json:"email_invites,omitzero"`
	AuthMethods                        string                         `json:"auth_methods,omitzero"`
	AllowedAuthMethods                 []string                       `json:"allowed_auth_methods,omitzero"`
	MFAPolicy                          string                         `json:"mfa_policy,omitzero"`
	RBACEmailImplicitRoleAssignments   []*EmailImplicitRoleAssignment `json:"rbac_email_implicit_role_assignments,omitzero"`
	MFAMethods                         string                         `json:"mfa_methods,omitzero"`
	AllowedMFAMethods                  []string                       `json:"allowed_mfa_methods,omitzero"`
	OAuthTenantJITProvisioning         string                         `json:"oauth_tenant_jit_provisioning,omitzero"`
	AllowedOAuthTenants                map[string]any                 `json:"allowed_oauth_tenants,omitzero"`
	ClaimedEmailDomains                []string                       `json:"claimed_email_domains,omitzero"`
	FirstPartyConnectedAppsAllowedType *string                        `json:"first_party_connected_apps_allowed_type,omitzero"`
	AllowedFirstPartyConnectedApps     []string                       `json:"allowed_first_party_connected_apps,omitzero"`
	ThirdPartyConnectedAppsAllowedType *string                        `json:"third_party_connected_apps_allowed_type,omitzero"`
	AllowedThirdPartyConnectedApps     []string                       `json:"allowed_third_party_connected_apps,omitzero"`
}

// CreateResponse is the answer to Create.
type CreateResponse struct {
	RequestID    string       `json:"request_id"`
	Organization Organization `json:"organization"`
	StatusCode   int32        `json:"status_code"`
}

// Create creates an organization.
func (c *Client) Create(ctx context.Context, params *CreateParams, opts ...stytchapi.RequestOption) (*CreateResponse, error) {
	return stytchapi.Do[CreateResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodPost, Path: "/v1/b2b/organizations", Body: params, Options: opts,
	})
}

// GetParams identify an organization by ID, slug or external ID.
type GetParams struct {
	OrganizationID string `json:"-"`
}

// GetResponse is the answer to Get.
type GetResponse struct {
	RequestID    string       `json:"request_id"`
	Organization Organization `json:"organization"`
	StatusCode   int32        `json:"status_code"`
}

// Get returns an organization. An unknown one is a 404
// organization_not_found error.
func (c *Client) Get(ctx context.Context, params *GetParams, opts ...stytchapi.RequestOption) (*GetResponse, error) {
	p := nilsafe.Ptr(params)
	return stytchapi.Do[GetResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodGet, Path: "/v1/b2b/organizations/{organization_id}", PathParams: []string{p.OrganizationID}, Options: opts,
	})
}

// UpdateParams change an organization. Only the fields that are set change:
// an empty string or a nil slice or map is left alone, while an empty non-nil
// slice or map replaces the stored value with an empty one.
type UpdateParams struct {
	OrganizationID                       string                         `json:"-"`
	OrganizationName                     string                         `json:"organization_name,omitzero"`
	OrganizationSlug                     string                         `json:"organization_slug,omitzero"`
	OrganizationLogoURL                  string                         `json:"organization_logo_url,omitzero"`
	TrustedMetadata                      map[string]any                 `json:"trusted_metadata,omitzero"`
	OrganizationExternalID               string                         `json:"organization_external_id,omitzero"`
	SSODefaultConnectionID               string                         `json:"sso_default_connection_id,omitzero"`
	SSOJITProvisioning                   string                         `json:"sso_jit_provisioning,omitzero"`
	SSOJITProvisioningAllowedConnections []string                       `json:"sso_jit_provisioning_allowed_connections,omitzero"`
	EmailAllowedDomains                  []string                       `json:"email_allowed_domains,omitzero"`
	EmailJITProvisioning                 string                         `json:"email_jit_provisioning,omitzero"`
	EmailInvites                         string                         `json:"email_invites,omitzero"`
	AuthMethods                          string                         `json:"auth_methods,omitzero"`
	AllowedAuthMethods                   []string                       `json:"allowed_auth_methods,omitzero"`
	MFAPolicy                            string                         `json:"mfa_policy,omitzero"`
	RBACEmailImplicitRoleAssignments     []*EmailImplicitRoleAssignment `json:"rbac_email_implicit_role_assignments,omitzero"`
	MFAMethods                           string                         `json:"mfa_methods,omitzero"`
	AllowedMFAMethods                    []string                       `json:"allowed_mfa_methods,omitzero"`
	OAuthTenantJITProvisioning           string                         `json:"oauth_tenant_jit_provisioning,omitzero"`
	AllowedOAuthTenants                  map[string]any                 `json:"allowed_oauth_tenants,omitzero"`
	ClaimedEmailDomains                  []string                       `json:"claimed_email_domains,omitzero"`
	FirstPartyConnectedAppsAllowedType   *string                        `json:"first_party_connected_apps_allowed_type,omitzero"`
	AllowedFirstPartyConnectedApps       []string                       `json:"allowed_first_party_connected_apps,omitzero"`
	ThirdPartyConnectedAppsAllowedType   *string                        `json:"third_party_connected_apps_allowed_type,omitzero"`
	AllowedThirdPartyConnectedApps       []string                       `json:"allowed_third_party_connected_apps,omitzero"`
}

// UpdateResponse is the answer to Update.
type UpdateResponse struct {
	RequestID    string       `json:"request_id"`
	Organization Organization `json:"organization"`
	StatusCode   int32        `json:"status_code"`
}

// Update changes an organization. The resulting settings are validated as a
// whole; on any error nothing changes. With WithMemberSession, each changed
// field needs its RBAC permission and TrustedMetadata is refused.
func (c *Client) Update(ctx context.Context, params *UpdateParams, opts ...stytchapi.RequestOption) (*UpdateResponse, error) {
	p := nilsafe.Ptr(params)
	return stytchapi.Do[UpdateResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodPut, Path: "/v1/b2b/organizations/{organization_id}", PathParams: []string{p.OrganizationID}, Body: params, Options: opts,
	})
}

// DeleteParams identify the organization to delete.
type DeleteParams struct {
	OrganizationID string `json:"-"`
}

// DeleteResponse is the answer to Delete.
type DeleteResponse struct {
	RequestID      string `json:"request_id"`
	OrganizationID string `json:"organization_id"`
	StatusCode     int32  `json:"status_code"`
}

// Delete deletes an organization and all its members.
func (c *Client) Delete(ctx context.Context, params *DeleteParams, opts ...stytchapi.RequestOption) (*DeleteResponse, error) {
	p := nilsafe.Ptr(params)
	return stytchapi.Do[DeleteResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodDelete, Path: "/v1/b2b/organizations/{organization_id}", PathParams: []string{p.OrganizationID}, Options: opts,
	})
}

// SearchParams filter and page a search. Limit defaults to 100 and may be at
// most 1000; Cursor is the NextCursor of the previous page.
type SearchParams struct {
	Cursor string       `json:"cursor,omitzero"`
	Limit  uint32       `json:"limit,omitzero"`
	Query  *SearchQuery `json:"query,omitzero"`
}

// SearchResponse is one page of Search results.
type SearchResponse struct {
	RequestID       string          `json:"request_id"`
	Organizations   []Organization  `json:"organizations"`
	ResultsMetadata ResultsMetadata `json:"results_metadata"`
	StatusCode      int32           `json:"status_code"`
}

// Search returns one page of the organizations that match params.Query.
// Stytch rate-limits search; do not use it on login paths.
func (c *Client) Search(ctx context.Context, params *SearchParams, opts ...stytchapi.RequestOption) (*SearchResponse, error) {
	return stytchapi.Do[SearchResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodPost, Path: "/v1/b2b/organizations/search", Body: params, ReadOnly: true, Options: opts,
	})
}

// SearchAll walks every page of a search, starting at params.Cursor, and
// yields each organization. It stops at the first error, which it yields with
// a zero Organization.
func (c *Client) SearchAll(ctx context.Context, params *SearchParams, opts ...stytchapi.RequestOption) iter.Seq2[Organization, error] {
	p := *nilsafe.Ptr(params)
	return stytchapi.Paginate(p.Cursor, func(cursor string) ([]Organization, string, error) {
		p.Cursor = cursor
		page, err := c.Search(ctx, &p, opts...)
		if err != nil {
			return nil, "", err
		}
		return page.Organizations, page.ResultsMetadata.NextCursor, nil
	})
}

// MetricsParams identify an organization.
type MetricsParams struct {
	OrganizationID string `json:"-"`
}

// MetricsResponse is the answer to Metrics.
type MetricsResponse struct {
	RequestID   string `json:"request_id"`
	MemberCount uint32 `json:"member_count"`
	StatusCode  int32  `json:"status_code"`
}

// Metrics returns counts about an organization: its number of members that
// are not deleted.
func (c *Client) Metrics(ctx context.Context, params *MetricsParams, opts ...stytchapi.RequestOption) (*MetricsResponse, error) {
	p := nilsafe.Ptr(params)
	return stytchapi.Do[MetricsResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodGet, Path: "/v1/b2b/organizations/{organization_id}/metrics", PathParams: []string{p.OrganizationID}, Options: opts,
	})
}

// DeleteExternalIDParams identify an organization.
type DeleteExternalIDParams struct {
	OrganizationID string `json:"-"`
}

// DeleteExternalIDResponse is the answer to DeleteExternalID.
type DeleteExternalIDResponse struct {
	RequestID    string       `json:"request_id"`
	Organization Organization `json:"organization"`
	StatusCode   int32        `json:"status_code"`
}

// DeleteExternalID clears the organization's external ID, freeing it for
// another organization.
func (c *Client) DeleteExternalID(ctx context.Context, params *DeleteExternalIDParams, opts ...stytchapi.RequestOption) (*DeleteExternalIDResponse, error) {
	p := nilsafe.Ptr(params)
	return stytchapi.Do[DeleteExternalIDResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodDelete, Path: "/v1/b2b/organizations/{organization_id}/external_id", PathParams: []string{p.OrganizationID}, Options: opts,
	})
}

// ConnectedAppsParams identify an organization.
type ConnectedAppsParams struct {
	OrganizationID string `json:"-"`
}

// ConnectedAppsResponse is the answer to ConnectedApps.
type ConnectedAppsResponse struct {
	RequestID     string                     `json:"request_id"`
	ConnectedApps []OrganizationConnectedApp `json:"connected_apps"`
	StatusCode    int32                      `json:"status_code"`
}

// ConnectedApps lists the connected apps that members of the organization
// have authorized.
func (c *Client) ConnectedApps(ctx context.Context, params *ConnectedAppsParams, opts ...stytchapi.RequestOption) (*ConnectedAppsResponse, error) {
	p := nilsafe.Ptr(params)
	return stytchapi.Do[ConnectedAppsResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodGet, Path: "/v1/b2b/organizations/{organization_id}/connected_apps", PathParams: []string{p.OrganizationID}, Options: opts,
	})
}

// GetConnectedAppParams identify an organization and one of its connected apps.
type GetConnectedAppParams struct {
	OrganizationID string `json:"-"`
	ConnectedAppID string `json:"-"`
}

// GetConnectedAppResponse is the answer to GetConnectedApp.
type GetConnectedAppResponse struct {
	ConnectedAppID string                                 `json:"connected_app_id"`
	Name           string                                 `json:"name"`
	Description    string                                 `json:"description"`
	ClientType     string                                 `json:"client_type"`
	ActiveMembers  []OrganizationConnectedAppActiveMember `json:"active_members"`
	StatusCode     int32                                  `json:"status_code"`
	LogoURL        string                                 `json:"logo_url,omitempty"`
}

// GetConnectedApp returns one connected app with the members of the
// organization who authorized it and the scopes they granted.
func (c *Client) GetConnectedApp(ctx context.Context, params *GetConnectedAppParams, opts ...stytchapi.RequestOption) (*GetConnectedAppResponse, error) {
	p := nilsafe.Ptr(params)
	return stytchapi.Do[GetConnectedAppResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodGet, Path: "/v1/b2b/organizations/{organization_id}/connected_apps/{connected_app_id}", PathParams: []string{p.OrganizationID, p.ConnectedAppID}, Options: opts,
	})
}
