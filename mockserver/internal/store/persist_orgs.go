package store

import (
	"encoding/json"
	"slices"
	"strings"
	"time"

	"github.com/stytchkit/stytch-go/mockserver/internal/state"
	"github.com/stytchkit/stytch-go/mockserver/internal/wire"
)

// orgEntryV2 is one organization in the "organizations" section.
type orgEntryV2 struct {
	Seq          uint64      `json:"seq"`
	Organization orgRecordV2 `json:"organization"`
}

// orgRecordV2 is the stored form of an organization. Its JSON names are the
// API's (and version 1's), but it is the store's own type: renaming a field
// of the SDK's Organization does not change it.
type orgRecordV2 struct {
	OrganizationID                       string                  `json:"organization_id"`
	OrganizationName                     string                  `json:"organization_name"`
	OrganizationLogoURL                  string                  `json:"organization_logo_url"`
	OrganizationSlug                     string                  `json:"organization_slug"`
	SSOJITProvisioning                   string                  `json:"sso_jit_provisioning"`
	SSOJITProvisioningAllowedConnections []string                `json:"sso_jit_provisioning_allowed_connections"`
	SSOActiveConnections                 []ssoConnectionRecordV2 `json:"sso_active_connections"`
	EmailAllowedDomains                  []string                `json:"email_allowed_domains"`
	EmailJITProvisioning                 string                  `json:"email_jit_provisioning"`
	EmailInvites                         string                  `json:"email_invites"`
	AuthMethods                          string                  `json:"auth_methods"`
	AllowedAuthMethods                   []string                `json:"allowed_auth_methods"`
	MFAPolicy                            string                  `json:"mfa_policy"`
	RBACEmailImplicitRoleAssignments     []implicitRoleRecordV2  `json:"rbac_email_implicit_role_assignments"`
	MFAMethods                           string                  `json:"mfa_methods"`
	AllowedMFAMethods                    []string                `json:"allowed_mfa_methods"`
	OAuthTenantJITProvisioning           string                  `json:"oauth_tenant_jit_provisioning"`
	ClaimedEmailDomains                  []string                `json:"claimed_email_domains"`
	FirstPartyConnectedAppsAllowedType   string                  `json:"first_party_connected_apps_allowed_type"`
	AllowedFirstPartyConnectedApps       []string                `json:"allowed_first_party_connected_apps"`
	ThirdPartyConnectedAppsAllowedType   string                  `json:"third_party_connected_apps_allowed_type"`
	AllowedThirdPartyConnectedApps       []string                `json:"allowed_third_party_connected_apps"`
	CustomRoles                          []roleRecordV2          `json:"custom_roles"`
	TrustedMetadata                      map[string]any          `json:"trusted_metadata,omitempty"`
	CreatedAt                            *time.Time              `json:"created_at,omitempty"`
	UpdatedAt                            *time.Time              `json:"updated_at,omitempty"`
	OrganizationExternalID               string                  `json:"organization_external_id,omitempty"`
	SSODefaultConnectionID               string                  `json:"sso_default_connection_id,omitempty"`
	SCIMActiveConnection                 *scimConnectionRecordV2 `json:"scim_active_connection,omitempty"`
	AllowedOAuthTenants                  map[string]any          `json:"allowed_oauth_tenants,omitempty"`
}

// ssoConnectionRecordV2 is an active SSO connection of an organization.
type ssoConnectionRecordV2 struct {
	ConnectionID     string `json:"connection_id"`
	DisplayName      string `json:"display_name"`
	IdentityProvider string `json:"identity_provider"`
}

// scimConnectionRecordV2 is the active SCIM connection of an organization.
type scimConnectionRecordV2 struct {
	ConnectionID         string     `json:"connection_id"`
	DisplayName          string     `json:"display_name"`
	BearerTokenLastFour  string     `json:"bearer_token_last_four"`
	BearerTokenExpiresAt *time.Time `json:"bearer_token_expires_at,omitempty"`
}

// implicitRoleRecordV2 grants a role to the members of an email domain.
type implicitRoleRecordV2 struct {
	Domain string `json:"domain"`
	RoleID string `json:"role_id"`
}

// roleRecordV2 is a role with its permissions: an organization's custom
// role, or a role of the project's RBAC policy.
type roleRecordV2 struct {
	RoleID      string               `json:"role_id"`
	Description string               `json:"description"`
	Permissions []permissionRecordV2 `json:"permissions"`
}

// permissionRecordV2 grants actions on one resource.
type permissionRecordV2 struct {
	ResourceID string   `json:"resource_id"`
	Actions    []string `json:"actions"`
}

// saveOrgs lists the organizations in creation order. Callers hold p.mu.
func saveOrgs(p *state.Project, _ SnapshotOptions) (any, error) {
	out := make([]orgEntryV2, 0, len(p.Orgs))
	for _, r := range p.Orgs {
		out = append(out, orgEntryV2{Seq: r.Seq, Organization: orgRecord(r)})
	}
	sortBySeq(out, func(o orgEntryV2) uint64 { return o.Seq })
	return out, nil
}

// orgRecord converts a stored organization to its record.
func orgRecord(r *state.OrgRecord) orgRecordV2 {
	o := &r.Org
	rec := orgRecordV2{
		OrganizationID: o.OrganizationID, OrganizationName: o.OrganizationName, OrganizationLogoURL: o.OrganizationLogoURL,
		OrganizationSlug: o.OrganizationSlug, SSOJITProvisioning: o.SSOJITProvisioning,
		SSOJITProvisioningAllowedConnections: slices.Clone(o.SSOJITProvisioningAllowedConnections),
		EmailAllowedDomains:                  slices.Clone(o.EmailAllowedDomains), EmailJITProvisioning: o.EmailJITProvisioning,
		EmailInvites: o.EmailInvites, AuthMethods: o.AuthMethods, AllowedAuthMethods: slices.Clone(o.AllowedAuthMethods),
		MFAPolicy: o.MFAPolicy, MFAMethods: o.MFAMethods, AllowedMFAMethods: slices.Clone(o.AllowedMFAMethods),
		OAuthTenantJITProvisioning: o.OAuthTenantJITProvisioning, ClaimedEmailDomains: slices.Clone(o.ClaimedEmailDomains),
		FirstPartyConnectedAppsAllowedType: o.FirstPartyConnectedAppsAllowedType,
		AllowedFirstPartyConnectedApps:     slices.Clone(o.AllowedFirstPartyConnectedApps),
		ThirdPartyConnectedAppsAllowedType: o.ThirdPartyConnectedAppsAllowedType,
		AllowedThirdPartyConnectedApps:     slices.Clone(o.AllowedThirdPartyConnectedApps),
		TrustedMetadata:                    state.DeepCopyJSON(o.TrustedMetadata), CreatedAt: cloneTime(o.CreatedAt),
		UpdatedAt: cloneTime(o.UpdatedAt), OrganizationExternalID: o.OrganizationExternalID,
		SSODefaultConnectionID: o.SSODefaultConnectionID, AllowedOAuthTenants: state.DeepCopyJSON(o.AllowedOAuthTenants),
	}
	conns := sized(&rec.SSOActiveConnections, o.SSOActiveConnections)
	for i, c := range o.SSOActiveConnections {
		conns[i] = ssoConnectionRecordV2{c.ConnectionID, c.DisplayName, c.IdentityProvider}
	}
	implicit := sized(&rec.RBACEmailImplicitRoleAssignments, o.RBACEmailImplicitRoleAssignments)
	for i, a := range o.RBACEmailImplicitRoleAssignments {
		implicit[i] = implicitRoleRecordV2{a.Domain, a.RoleID}
	}
	roles := sized(&rec.CustomRoles, o.CustomRoles)
	for i, cr := range o.CustomRoles {
		roles[i] = roleRecordV2{RoleID: cr.RoleID, Description: cr.Description}
		perms := sized(&roles[i].Permissions, cr.Permissions)
		for j, pm := range cr.Permissions {
			perms[j] = permissionRecordV2{pm.ResourceID, slices.Clone(pm.Actions)}
		}
	}
	if c := o.SCIMActiveConnection; c != nil {
		rec.SCIMActiveConnection = &scimConnectionRecordV2{c.ConnectionID, c.DisplayName, c.BearerTokenLastFour, cloneTime(c.BearerTokenExpiresAt)}
	}
	return rec
}

// toOrg fills a state organization from its record.
func (rec *orgRecordV2) toOrg(r *state.OrgRecord) {
	o := &r.Org
	o.OrganizationID, o.OrganizationName, o.OrganizationLogoURL = rec.OrganizationID, rec.OrganizationName, rec.OrganizationLogoURL
	o.OrganizationSlug, o.SSOJITProvisioning = rec.OrganizationSlug, rec.SSOJITProvisioning
	o.SSOJITProvisioningAllowedConnections = slices.Clone(rec.SSOJITProvisioningAllowedConnections)
	o.EmailAllowedDomains, o.EmailJITProvisioning = slices.Clone(rec.EmailAllowedDomains), rec.EmailJITProvisioning
	o.EmailInvites, o.AuthMethods, o.AllowedAuthMethods = rec.EmailInvites, rec.AuthMethods, slices.Clone(rec.AllowedAuthMethods)
	o.MFAPolicy, o.MFAMethods, o.AllowedMFAMethods = rec.MFAPolicy, rec.MFAMethods, slices.Clone(rec.AllowedMFAMethods)
	o.OAuthTenantJITProvisioning, o.ClaimedEmailDomains = rec.OAuthTenantJITProvisioning, slices.Clone(rec.ClaimedEmailDomains)
	o.FirstPartyConnectedAppsAllowedType = rec.FirstPartyConnectedAppsAllowedType
	o.AllowedFirstPartyConnectedApps = slices.Clone(rec.AllowedFirstPartyConnectedApps)
	o.ThirdPartyConnectedAppsAllowedType = rec.ThirdPartyConnectedAppsAllowedType
	o.AllowedThirdPartyConnectedApps = slices.Clone(rec.AllowedThirdPartyConnectedApps)
	o.TrustedMetadata, o.CreatedAt, o.UpdatedAt = state.DeepCopyJSON(rec.TrustedMetadata), cloneTime(rec.CreatedAt), cloneTime(rec.UpdatedAt)
	o.OrganizationExternalID, o.SSODefaultConnectionID = rec.OrganizationExternalID, rec.SSODefaultConnectionID
	o.AllowedOAuthTenants = state.DeepCopyJSON(rec.AllowedOAuthTenants)
	conns := sized(&o.SSOActiveConnections, rec.SSOActiveConnections)
	for i, c := range rec.SSOActiveConnections {
		conns[i].ConnectionID, conns[i].DisplayName, conns[i].IdentityProvider = c.ConnectionID, c.DisplayName, c.IdentityProvider
	}
	implicit := sized(&o.RBACEmailImplicitRoleAssignments, rec.RBACEmailImplicitRoleAssignments)
	for i, a := range rec.RBACEmailImplicitRoleAssignments {
		implicit[i].Domain, implicit[i].RoleID = a.Domain, a.RoleID
	}
	roles := sized(&o.CustomRoles, rec.CustomRoles)
	for i, cr := range rec.CustomRoles {
		roles[i].RoleID, roles[i].Description = cr.RoleID, cr.Description
		perms := sized(&roles[i].Permissions, cr.Permissions)
		for j, pm := range cr.Permissions {
			perms[j].ResourceID, perms[j].Actions = pm.ResourceID, slices.Clone(pm.Actions)
		}
	}
	o.SCIMActiveConnection = nil
	if c := rec.SCIMActiveConnection; c != nil {
		s := alloc(&o.SCIMActiveConnection)
		s.ConnectionID, s.DisplayName, s.BearerTokenLastFour, s.BearerTokenExpiresAt = c.ConnectionID, c.DisplayName, c.BearerTokenLastFour, cloneTime(c.BearerTokenExpiresAt)
	}
}

// loadOrgs rebuilds the organizations and their indexes with PutOrg.
func loadOrgs(dst *state.Project, raw json.RawMessage) error {
	var list []orgEntryV2
	if err := wire.Decode(raw, &list, true, false); err != nil {
		return SnapErr("organizations", "%v", err)
	}
	for i, s := range list {
		o := &s.Organization
		at := func(f string) string { return "organizations[" + itoa(i) + "]." + f }
		if o.OrganizationID == "" {
			return SnapErr(at("organization.organization_id"), "is required")
		}
		if dst.Orgs[o.OrganizationID] != nil {
			return SnapErr(at("organization.organization_id"), "duplicates %q", o.OrganizationID)
		}
		if o.OrganizationSlug == "" {
			return SnapErr(at("organization.organization_slug"), "is required")
		}
		if _, dup := dst.OrgSlugs[strings.ToLower(o.OrganizationSlug)]; dup {
			return SnapErr(at("organization.organization_slug"), "%q is used by another organization", o.OrganizationSlug)
		}
		if _, dup := dst.OrgExtIDs[o.OrganizationExternalID]; dup && o.OrganizationExternalID != "" {
			return SnapErr(at("organization.organization_external_id"), "%q is used by another organization", o.OrganizationExternalID)
		}
		if s.Seq == 0 {
			return SnapErr(at("seq"), "must be positive")
		}
		var r state.OrgRecord
		o.toOrg(&r)
		dst.PutOrg(r.Org, s.Seq)
		dst.Seq = max(dst.Seq, s.Seq)
	}
	return nil
}
