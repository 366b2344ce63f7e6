package discovery

import (
	"context"
	"net/http"

	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/b2b/sessions"
	"github.com/stytchkit/stytch-go/stytchapi"
)

// OrganizationsClient calls the discovery organization endpoints. Get one from
// b2b.Client.Discovery.Organizations.
type OrganizationsClient struct {
	c *stytchapi.Client
}

// newOrganizationsClient returns a OrganizationsClient that sends requests with c.
func newOrganizationsClient(c *stytchapi.Client) *OrganizationsClient {
	return &OrganizationsClient{c: c}
}

// OrganizationsListParams name whose organizations to list: exactly one of an
// intermediate session token (from a discovery authenticate), a session
// token or a session JWT. With a session only real memberships are listed;
// with an intermediate session also the organizations the address is
// eligible to join. Listing does not consume the intermediate session.
type OrganizationsListParams struct {
	IntermediateSessionToken string `json:"intermediate_session_token,omitzero"`
	SessionToken             string `json:"session_token,omitzero"`
	SessionJWT               string `json:"session_jwt,omitzero"`
}

// OrganizationsListResponse is the answer to List. OrganizationIDHint names the
// organization an organization-bound intermediate session belongs to.
type OrganizationsListResponse struct {
	RequestID               string                   `json:"request_id"`
	EmailAddress            string                   `json:"email_address"`
	DiscoveredOrganizations []DiscoveredOrganization `json:"discovered_organizations"`
	StatusCode              int32                    `json:"status_code"`
	OrganizationIDHint      *string                  `json:"organization_id_hint,omitempty"`
}

// List returns the organizations the email address behind a session or an
// intermediate session may enter.
func (c *OrganizationsClient) List(ctx context.Context, params *OrganizationsListParams, opts ...stytchapi.RequestOption) (*OrganizationsListResponse, error) {
	return stytchapi.Do[OrganizationsListResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodPost, Path: "/v1/b2b/discovery/organizations", Body: params, ReadOnly: true, Options: opts,
	})
}

// OrganizationsCreateParams create an organization for the email address of an
// intermediate session, which is consumed. Every organization field is
// optional: the name and slug are derived from the email address when
// absent. SessionDurationMinutes (5 to 527040, default 60) and
// SessionCustomClaims shape the creator's session.
type OrganizationsCreateParams struct {
	IntermediateSessionToken           string                                      `json:"intermediate_session_token"`
	SessionDurationMinutes             int32                                       `json:"session_duration_minutes,omitzero"`
	SessionCustomClaims                map[string]any                              `json:"session_custom_claims,omitzero"`
	OrganizationName                   string                                      `json:"organization_name,omitzero"`
	OrganizationSlug                   string                                      `json:"organization_slug,omitzero"`
	OrganizationExternalID             string                                      `json:"organization_external_id,omitzero"`
	OrganizationLogoURL                string                                      `json:"organization_logo_url,omitzero"`
	TrustedMetadata                    map[string]any                              `json:"trusted_metadata,omitzero"`
	SSOJITProvisioning                 string                                      `json:"sso_jit_provisioning,omitzero"`
	EmailAllowedDomains                []string                                    `json:"email_allowed_domains,omitzero"`
	EmailJITProvisioning               string                                      `json:"email_jit_provisioning,omitzero"`
	EmailInvites                       string                                      `json:"email_invites,omitzero"`
	AuthMethods                        string                                      `json:"auth_methods,omitzero"`
	AllowedAuthMethods                 []string                                    `json:"allowed_auth_methods,omitzero"`
	MFAPolicy                          string                                      `json:"mfa_policy,omitzero"`
	RBACEmailImplicitRoleAssignments   []organizations.EmailImplicitRoleAssignment `json:"rbac_email_implicit_role_assignments,omitzero"`
	MFAMethods                         string                                      `json:"mfa_methods,omitzero"`
	AllowedMFAMethods                  []string                                    `json:"allowed_mfa_methods,omitzero"`
	OAuthTenantJITProvisioning         string                                      `json:"oauth_tenant_jit_provisioning,omitzero"`
	AllowedOAuthTenants                map[string]any                              `json:"allowed_oauth_tenants,omitzero"`
	FirstPartyConnectedAppsAllowedType string                                      `json:"first_party_connected_apps_allowed_type,omitzero"`
	AllowedFirstPartyConnectedApps     []string                                    `json:"allowed_first_party_connected_apps,omitzero"`
	ThirdPartyConnectedAppsAllowedType string                                      `json:"third_party_connected_apps_allowed_type,omitzero"`
	AllowedThirdPartyConnectedApps     []string                                    `json:"allowed_third_party_connected_apps,omitzero"`
	TelemetryID                        string                                      `json:"telemetry_id,omitzero"`
}

// OrganizationsCreateResponse is the answer to Create: the new organization, its first
// member (who holds stytch_admin) and, when MemberAuthenticated, a session.
// Otherwise IntermediateSessionToken carries the login on and MFARequired
// or PrimaryRequired says what is missing.
type OrganizationsCreateResponse struct {
	sessions.LoginResult
}

// Create creates an organization and its first member from an intermediate
// session (self-onboarding).
func (c *OrganizationsClient) Create(ctx context.Context, params *OrganizationsCreateParams, opts ...stytchapi.RequestOption) (*OrganizationsCreateResponse, error) {
	return stytchapi.Do[OrganizationsCreateResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodPost, Path: "/v1/b2b/discovery/organizations/create", Body: params, Options: opts,
	})
}
