package flows

import (
	"encoding/json"
	"maps"
	"slices"

	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/mockserver/internal/apierr"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
)

// OrgFields is the body of Create and Update Organization. Pointers and raw
// messages tell a field that was sent from one that was not.
type OrgFields struct {
	OrganizationName                     *string                                      `json:"organization_name"`
	OrganizationSlug                     *string                                      `json:"organization_slug"`
	OrganizationLogoURL                  *string                                      `json:"organization_logo_url"`
	TrustedMetadata                      json.RawMessage                              `json:"trusted_metadata"`
	OrganizationExternalID               *string                                      `json:"organization_external_id"`
	SSODefaultConnectionID               *string                                      `json:"sso_default_connection_id"`
	SSOJITProvisioning                   *string                                      `json:"sso_jit_provisioning"`
	SSOJITProvisioningAllowedConnections *[]string                                    `json:"sso_jit_provisioning_allowed_connections"`
	EmailAllowedDomains                  *[]string                                    `json:"email_allowed_domains"`
	EmailJITProvisioning                 *string                                      `json:"email_jit_provisioning"`
	EmailInvites                         *string                                      `json:"email_invites"`
	AuthMethods                          *string                                      `json:"auth_methods"`
	AllowedAuthMethods                   *[]string                                    `json:"allowed_auth_methods"`
	MFAPolicy                            *string                                      `json:"mfa_policy"`
	RBACEmailImplicitRoleAssignments     *[]organizations.EmailImplicitRoleAssignment `json:"rbac_email_implicit_role_assignments"`
	MFAMethods                           *string                                      `json:"mfa_methods"`
	AllowedMFAMethods                    *[]string                                    `json:"allowed_mfa_methods"`
	OAuthTenantJITProvisioning           *string                                      `json:"oauth_tenant_jit_provisioning"`
	AllowedOAuthTenants                  *map[string]any                              `json:"allowed_oauth_tenants"`
	ClaimedEmailDomains                  *[]string                                    `json:"claimed_email_domains"`
	FirstPartyConnectedAppsAllowedType   *string                                      `json:"first_party_connected_apps_allowed_type"`
	AllowedFirstPartyConnectedApps       *[]string                                    `json:"allowed_first_party_connected_apps"`
	ThirdPartyConnectedAppsAllowedType   *string                                      `json:"third_party_connected_apps_allowed_type"`
	AllowedThirdPartyConnectedApps       *[]string                                    `json:"allowed_third_party_connected_apps"`
}

// HasAuthSettings reports whether the body sets any auth setting, which
// decides the default of email_invites on create.
func (f *OrgFields) HasAuthSettings() bool {
	return f.SSOJITProvisioning != nil || f.EmailJITProvisioning != nil || f.EmailInvites != nil ||
		f.EmailAllowedDomains != nil || f.AuthMethods != nil || f.AllowedAuthMethods != nil ||
		f.MFAPolicy != nil || f.MFAMethods != nil || f.AllowedMFAMethods != nil ||
		f.OAuthTenantJITProvisioning != nil || f.AllowedOAuthTenants != nil
}

// setString applies a sent string; an empty string leaves the value alone,
// as the official SDKs never send empty strings.
func setString(dst *string, v *string) {
	if v != nil && *v != "" {
		*dst = *v
	}
}

// setList applies a sent list; a sent empty list clears.
func setList(dst *[]string, v *[]string) {
	if v != nil {
		*dst = slices.Clone(*v)
		if *dst == nil {
			*dst = []string{}
		}
	}
}

// Apply copies the sent fields onto o, validating each field on its own.
// Cross-field rules are checked afterwards on the result.
func (f *OrgFields) Apply(o *organizations.Organization) *apierr.Error {
	if f.OrganizationName != nil && *f.OrganizationName != "" {
		if err := checkName(*f.OrganizationName); err != nil {
			return err
		}
		o.OrganizationName = *f.OrganizationName
	}
	if f.OrganizationSlug != nil && *f.OrganizationSlug != "" {
		if err := checkSlug(*f.OrganizationSlug); err != nil {
			return err
		}
		o.OrganizationSlug = *f.OrganizationSlug
	}
	if f.OrganizationLogoURL != nil {
		if len(*f.OrganizationLogoURL) > maxLogoURLLen {
			return apierr.BadRequest("organization_logo_url_too_long", "organization_logo_url must be at most %d characters.", maxLogoURLLen)
		}
		if err := checkLogoURL(*f.OrganizationLogoURL); err != nil {
			return err
		}
		setString(&o.OrganizationLogoURL, f.OrganizationLogoURL)
	}
	if f.TrustedMetadata != nil {
		m, err := MergeMetadata("trusted_metadata", o.TrustedMetadata, f.TrustedMetadata)
		if err != nil {
			return err
		}
		o.TrustedMetadata = m
	}
	if f.OrganizationExternalID != nil && *f.OrganizationExternalID != "" {
		if err := CheckExternalID("organization_external_id", *f.OrganizationExternalID, "invalid_organization_external_id"); err != nil {
			return err
		}
		o.OrganizationExternalID = *f.OrganizationExternalID
	}
	setString(&o.SSODefaultConnectionID, f.SSODefaultConnectionID)
	setString(&o.SSOJITProvisioning, f.SSOJITProvisioning)
	setList(&o.SSOJITProvisioningAllowedConnections, f.SSOJITProvisioningAllowedConnections)
	setList(&o.EmailAllowedDomains, f.EmailAllowedDomains)
	setString(&o.EmailJITProvisioning, f.EmailJITProvisioning)
	setString(&o.EmailInvites, f.EmailInvites)
	setString(&o.AuthMethods, f.AuthMethods)
	setList(&o.AllowedAuthMethods, f.AllowedAuthMethods)
	setString(&o.MFAPolicy, f.MFAPolicy)
	if f.RBACEmailImplicitRoleAssignments != nil {
		o.RBACEmailImplicitRoleAssignments = append([]organizations.EmailImplicitRoleAssignment{}, *f.RBACEmailImplicitRoleAssignments...)
	}
	setString(&o.MFAMethods, f.MFAMethods)
	setList(&o.AllowedMFAMethods, f.AllowedMFAMethods)
	setString(&o.OAuthTenantJITProvisioning, f.OAuthTenantJITProvisioning)
	if f.AllowedOAuthTenants != nil {
		o.AllowedOAuthTenants = maps.Clone(*f.AllowedOAuthTenants)
		if o.AllowedOAuthTenants == nil {
			o.AllowedOAuthTenants = map[string]any{}
		}
	}
	setList(&o.ClaimedEmailDomains, f.ClaimedEmailDomains)
	setString(&o.FirstPartyConnectedAppsAllowedType, f.FirstPartyConnectedAppsAllowedType)
	setList(&o.AllowedFirstPartyConnectedApps, f.AllowedFirstPartyConnectedApps)
	setString(&o.ThirdPartyConnectedAppsAllowedType, f.ThirdPartyConnectedAppsAllowedType)
	setList(&o.AllowedThirdPartyConnectedApps, f.AllowedThirdPartyConnectedApps)
	return nil
}

// ApplyChecked applies the fields to o and checks the result, in order: the
// organization's settings, then that its slug and external ID are free.
// Callers hold p.mu.
func (f *OrgFields) ApplyChecked(p *state.Project, o *organizations.Organization) *apierr.Error {
	if err := f.Apply(o); err != nil {
		return err
	}
	if err := ValidateOrgSettings(p, o); err != nil {
		return err
	}
	return p.CheckOrgUniqueness(o)
}
