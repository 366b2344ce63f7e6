package organizations

import (
	"time"

	"github.com/stytchkit/stytch-go/b2b/scim"
)

// ActiveSCIMConnection summarises the organization's active SCIM connection.
type ActiveSCIMConnection struct {
	ConnectionID         string     `json:"connection_id"`
	DisplayName          string     `json:"display_name"`
	BearerTokenLastFour  string     `json:"bearer_token_last_four"`
	BearerTokenExpiresAt *time.Time `json:"bearer_token_expires_at,omitempty"`
}

// ActiveSSOConnection summarises one active SSO connection of an organization.
type ActiveSSOConnection struct {
	ConnectionID     string `json:"connection_id"`
	DisplayName      string `json:"display_name"`
	IdentityProvider string `json:"identity_provider"`
}

// CustomRole is an RBAC role defined for one organization only.
type CustomRole struct {
	RoleID      string                 `json:"role_id"`
	Description string                 `json:"description"`
	Permissions []CustomRolePermission `json:"permissions"`
}

// CustomRolePermission grants actions on one resource to a custom role.
type CustomRolePermission struct {
	ResourceID string   `json:"resource_id"`
	Actions    []string `json:"actions"`
}

// EmailImplicitRoleAssignment grants RoleID to every member whose email address is in Domain.
type EmailImplicitRoleAssignment struct {
	Domain string `json:"domain"`
	RoleID string `json:"role_id"`
}

// GithubProviderInfo holds the GitHub tokens Stytch stored at a member's last GitHub login.
type GithubProviderInfo struct {
	ProviderSubject   string   `json:"provider_subject"`
	ProviderTenantIDs []string `json:"provider_tenant_ids"`
	AccessToken       string   `json:"access_token"`
	Scopes            []string `json:"scopes"`
}

// HubspotProviderInfo holds the HubSpot tokens Stytch stored at a member's last HubSpot login.
type HubspotProviderInfo struct {
	ProviderSubject      string   `json:"provider_subject"`
	ProviderTenantID     string   `json:"provider_tenant_id"`
	AccessToken          string   `json:"access_token"`
	AccessTokenExpiresIn int32    `json:"access_token_expires_in"`
	Scopes               []string `json:"scopes"`
	RefreshToken         string   `json:"refresh_token,omitempty"`
}

// Member is a person's account inside one organization. The same person in two organizations is two members.
type Member struct {
	OrganizationID         string              `json:"organization_id"`
	MemberID               string              `json:"member_id"`
	EmailAddress           string              `json:"email_address"`
	Status                 string              `json:"status"`
	Name                   string              `json:"name"`
	SSORegistrations       []SSORegistration   `json:"sso_registrations"`
	IsBreakglass           bool                `json:"is_breakglass"`
	MemberPasswordID       string              `json:"member_password_id"`
	OAuthRegistrations     []OAuthRegistration `json:"oauth_registrations"`
	EmailAddressVerified   bool                `json:"email_address_verified"`
	MFAPhoneNumberVerified bool                `json:"mfa_phone_number_verified"`
	IsAdmin                bool                `json:"is_admin"`
	TOTPRegistrationID     string              `json:"totp_registration_id"`
	RetiredEmailAddresses  []RetiredEmail      `json:"retired_email_addresses"`
	IsLocked               bool                `json:"is_locked"`
	MFAEnrolled            bool                `json:"mfa_enrolled"`
	MFAPhoneNumber         string              `json:"mfa_phone_number"`
	DefaultMFAMethod       string              `json:"default_mfa_method"`
	Roles                  []MemberRole        `json:"roles"`
	TrustedMetadata        map[string]any      `json:"trusted_metadata"`
	UntrustedMetadata      map[string]any      `json:"untrusted_metadata"`
	CreatedAt              *time.Time          `json:"created_at,omitempty"`
	UpdatedAt              *time.Time          `json:"updated_at,omitempty"`
	SCIMRegistration       *SCIMRegistration   `json:"scim_registration"`
	ExternalID             string              `json:"external_id"`
	LockCreatedAt          *time.Time          `json:"lock_created_at"`
	LockExpiresAt          *time.Time          `json:"lock_expires_at"`
}

// MemberConnectedApp is a connected app a member has authorized.
type MemberConnectedApp struct {
	ConnectedAppID string `json:"connected_app_id"`
	Name           string `json:"name"`
	Description    string `json:"description"`
	ClientType     string `json:"client_type"`
	ScopesGranted  string `json:"scopes_granted"`
	LogoURL        string `json:"logo_url,omitempty"`
}

// MemberRole is a role a member holds, with every source that grants it.
type MemberRole struct {
	RoleID  string             `json:"role_id"`
	Sources []MemberRoleSource `json:"sources"`
}

// MemberRoleSource says why a member holds a role: an explicit assignment, an email domain, an SSO connection or group, or a SCIM group.
type MemberRoleSource struct {
	Type    string         `json:"type"`
	Details map[string]any `json:"details,omitempty"`
}

// OAuthRegistration links a member to an account at an OAuth provider.
type OAuthRegistration struct {
	ProviderType              string `json:"provider_type"`
	ProviderSubject           string `json:"provider_subject"`
	MemberOAuthRegistrationID string `json:"member_oauth_registration_id"`
	ProfilePictureURL         string `json:"profile_picture_url,omitempty"`
	Locale                    string `json:"locale,omitempty"`
}

// OIDCProviderInfo holds the tokens Stytch stored at a member's last OIDC SSO login.
type OIDCProviderInfo struct {
	ProviderSubject      string   `json:"provider_subject"`
	IDToken              string   `json:"id_token"`
	AccessToken          string   `json:"access_token"`
	AccessTokenExpiresIn int32    `json:"access_token_expires_in"`
	Scopes               []string `json:"scopes"`
	ConnectionID         string   `json:"connection_id"`
	RefreshToken         string   `json:"refresh_token,omitempty"`
}

// Organization is a tenant: a company or team whose members sign in together under its authentication settings.
type Organization struct {
	OrganizationID                       string                        `json:"organization_id"`
	OrganizationName                     string                        `json:"organization_name"`
	OrganizationLogoURL                  string                        `json:"organization_logo_url"`
	OrganizationSlug                     string                        `json:"organization_slug"`
	SSOJITProvisioning                   string                        `json:"sso_jit_provisioning"`
	SSOJITProvisioningAllowedConnections []string                      `json:"sso_jit_provisioning_allowed_connections"`
	SSOActiveConnections                 []ActiveSSOConnection         `json:"sso_active_connections"`
	EmailAllowedDomains                  []string                      `json:"email_allowed_domains"`
	EmailJITProvisioning                 string                        `json:"email_jit_provisioning"`
	EmailInvites                         string                        `json:"email_invites"`
	AuthMethods                          string                        `json:"auth_methods"`
	AllowedAuthMethods                   []string                      `json:"allowed_auth_methods"`
	MFAPolicy                            string                        `json:"mfa_policy"`
	RBACEmailImplicitRoleAssignments     []EmailImplicitRoleAssignment `json:"rbac_email_implicit_role_assignments"`
	MFAMethods                           string                        `json:"mfa_methods"`
	AllowedMFAMethods                    []string                      `json:"allowed_mfa_methods"`
	OAuthTenantJITProvisioning           string                        `json:"oauth_tenant_jit_provisioning"`
	ClaimedEmailDomains                  []string                      `json:"claimed_email_domains"`
	FirstPartyConnectedAppsAllowedType   string                        `json:"first_party_connected_apps_allowed_type"`
	AllowedFirstPartyConnectedApps       []string                      `json:"allowed_first_party_connected_apps"`
	ThirdPartyConnectedAppsAllowedType   string                        `json:"third_party_connected_apps_allowed_type"`
	AllowedThirdPartyConnectedApps       []string                      `json:"allowed_third_party_connected_apps"`
	CustomRoles                          []CustomRole                  `json:"custom_roles"`
	TrustedMetadata                      map[string]any                `json:"trusted_metadata"`
	CreatedAt                            *time.Time                    `json:"created_at,omitempty"`
	UpdatedAt                            *time.Time                    `json:"updated_at,omitempty"`
	OrganizationExternalID               string                        `json:"organization_external_id"`
	SSODefaultConnectionID               string                        `json:"sso_default_connection_id"`
	SCIMActiveConnection                 *ActiveSCIMConnection         `json:"scim_active_connection"`
	AllowedOAuthTenants                  map[string]any                `json:"allowed_oauth_tenants"`
}

// OrganizationConnectedApp is a connected app used by members of an organization.
type OrganizationConnectedApp struct {
	ConnectedAppID string `json:"connected_app_id"`
	Name           string `json:"name"`
	Description    string `json:"description"`
	ClientType     string `json:"client_type"`
	LogoURL        string `json:"logo_url,omitempty"`
}

// OrganizationConnectedAppActiveMember is a member who has authorized a connected app, with the scopes granted.
type OrganizationConnectedAppActiveMember struct {
	MemberID      string   `json:"member_id"`
	GrantedScopes []string `json:"granted_scopes"`
}

// ResultsMetadata describes a page of search results. NextCursor is empty on the last page.
type ResultsMetadata struct {
	Total      int32  `json:"total"`
	NextCursor string `json:"next_cursor"`
}

// RetiredEmail is an email address a member used before changing it.
type RetiredEmail struct {
	EmailID      string `json:"email_id"`
	EmailAddress string `json:"email_address"`
}

// SCIMRegistration links a member to a user provisioned by a SCIM connection.
type SCIMRegistration struct {
	ConnectionID   string               `json:"connection_id"`
	RegistrationID string               `json:"registration_id"`
	ExternalID     string               `json:"external_id"`
	SCIMAttributes *scim.SCIMAttributes `json:"scim_attributes,omitempty"`
}

// SearchQuery filters a search. Operands are joined by Operator; an empty query matches everything.
type SearchQuery struct {
	Operator SearchOperator  `json:"operator"`
	Operands []SearchOperand `json:"operands"`
}

// SlackProviderInfo holds the Slack tokens Stytch stored at a member's last Slack login.
type SlackProviderInfo struct {
	ProviderSubject  string   `json:"provider_subject"`
	ProviderTenantID string   `json:"provider_tenant_id"`
	AccessToken      string   `json:"access_token"`
	Scopes           []string `json:"scopes"`
	BotAccessToken   string   `json:"bot_access_token"`
	BotScopes        []string `json:"bot_scopes"`
}

// SSORegistration links a member to an identity at an SSO connection.
type SSORegistration struct {
	ConnectionID   string         `json:"connection_id"`
	ExternalID     string         `json:"external_id"`
	RegistrationID string         `json:"registration_id"`
	SSOAttributes  map[string]any `json:"sso_attributes,omitempty"`
}
