package state

import (
	"slices"
	"strings"
	"time"

	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/mockserver/internal/apierr"
)

// OrgRecord is an organization as the mock stores it.
type OrgRecord struct {
	Org organizations.Organization
	Seq uint64
	// slot is the organization's ID in the project's substring index.
	slot uint32
	// nameLower and slugLower are the name and slug lower-cased, as the
	// fuzzy filters compare them.
	nameLower, slugLower string
}

// NewOrganization returns an organization with every default setting.
func NewOrganization(id string, now time.Time) organizations.Organization {
	return organizations.Organization{
		OrganizationID:                       id,
		SSOJITProvisioning:                   organizations.AllAllowed,
		SSOJITProvisioningAllowedConnections: []string{},
		SSOActiveConnections:                 []organizations.ActiveSSOConnection{},
		EmailAllowedDomains:                  []string{},
		EmailJITProvisioning:                 organizations.NotAllowed,
		EmailInvites:                         organizations.NotAllowed,
		AuthMethods:                          organizations.AllAllowed,
		AllowedAuthMethods:                   []string{},
		MFAPolicy:                            organizations.MFAPolicyOptional,
		RBACEmailImplicitRoleAssignments:     []organizations.EmailImplicitRoleAssignment{},
		MFAMethods:                           organizations.AllAllowed,
		AllowedMFAMethods:                    []string{},
		OAuthTenantJITProvisioning:           organizations.NotAllowed,
		ClaimedEmailDomains:                  []string{},
		FirstPartyConnectedAppsAllowedType:   organizations.AllAllowed,
		AllowedFirstPartyConnectedApps:       []string{},
		ThirdPartyConnectedAppsAllowedType:   organizations.AllAllowed,
		AllowedThirdPartyConnectedApps:       []string{},
		CustomRoles:                          []organizations.CustomRole{},
		TrustedMetadata:                      map[string]any{},
		AllowedOAuthTenants:                  map[string]any{},
		CreatedAt:                            &now,
		UpdatedAt:                            &now,
	}
}

// CloneOrg deep-copies an organization, so that a response never shares
// memory with the store.
func CloneOrg(o organizations.Organization) organizations.Organization {
	c := o
	c.SSOJITProvisioningAllowedConnections = slices.Clone(o.SSOJITProvisioningAllowedConnections)
	c.SSOActiveConnections = slices.Clone(o.SSOActiveConnections)
	c.EmailAllowedDomains = slices.Clone(o.EmailAllowedDomains)
	c.AllowedAuthMethods = slices.Clone(o.AllowedAuthMethods)
	c.RBACEmailImplicitRoleAssignments = slices.Clone(o.RBACEmailImplicitRoleAssignments)
	c.AllowedMFAMethods = slices.Clone(o.AllowedMFAMethods)
	c.ClaimedEmailDomains = slices.Clone(o.ClaimedEmailDomains)
	c.AllowedFirstPartyConnectedApps = slices.Clone(o.AllowedFirstPartyConnectedApps)
	c.AllowedThirdPartyConnectedApps = slices.Clone(o.AllowedThirdPartyConnectedApps)
	c.CustomRoles = slices.Clone(o.CustomRoles)
	c.TrustedMetadata = DeepCopyJSON(o.TrustedMetadata)
	c.AllowedOAuthTenants = DeepCopyJSON(o.AllowedOAuthTenants)
	if o.CreatedAt != nil {
		t := *o.CreatedAt
		c.CreatedAt = &t
	}
	if o.UpdatedAt != nil {
		t := *o.UpdatedAt
		c.UpdatedAt = &t
	}
	if o.SCIMActiveConnection != nil {
		s := *o.SCIMActiveConnection
		c.SCIMActiveConnection = &s
	}
	return c
}

// FindOrg resolves an organization by ID, then slug, then external ID.
// Callers hold p.mu.
func (p *Project) FindOrg(ref string) (*OrgRecord, *apierr.Error) {
	if ref == "" {
		return nil, apierr.BadRequest("invalid_organization_id", "organization_id is required.")
	}
	if r := p.Orgs[ref]; r != nil {
		return r, nil
	}
	if id, ok := p.OrgSlugs[strings.ToLower(ref)]; ok {
		return p.Orgs[id], nil
	}
	if id, ok := p.OrgExtIDs[ref]; ok {
		return p.Orgs[id], nil
	}
	return nil, apierr.NotFound("organization_not_found", "Organization %q was not found.", ref)
}

// CheckOrgUniqueness reports a slug or external ID already used by another
// organization. Callers hold p.mu.
func (p *Project) CheckOrgUniqueness(o *organizations.Organization) *apierr.Error {
	if id, ok := p.OrgSlugs[strings.ToLower(o.OrganizationSlug)]; ok && id != o.OrganizationID {
		return apierr.BadRequest("organization_slug_already_used", "The organization_slug %q is already used by another organization in this project.", o.OrganizationSlug)
	}
	if o.OrganizationExternalID != "" {
		if id, ok := p.OrgExtIDs[o.OrganizationExternalID]; ok && id != o.OrganizationID {
			return apierr.BadRequest("organization_external_id_already_used", "The organization_external_id %q is already used by another organization in this project.", o.OrganizationExternalID)
		}
	}
	return nil
}

// PutOrg stores o, updating the indexes. Callers hold p.mu for writing and
// have validated o.
func (p *Project) PutOrg(o organizations.Organization, seq uint64) {
	old := p.Orgs[o.OrganizationID]
	p.MarkOrg(o.OrganizationID)
	if old != nil {
		delete(p.OrgSlugs, strings.ToLower(old.Org.OrganizationSlug))
		if old.Org.OrganizationExternalID != "" {
			delete(p.OrgExtIDs, old.Org.OrganizationExternalID)
		}
	}
	o.EmailAllowedDomains = normaliseDomains(o.EmailAllowedDomains)
	o.ClaimedEmailDomains = normaliseDomains(o.ClaimedEmailDomains)
	rec := &OrgRecord{Org: o, Seq: seq, nameLower: strings.ToLower(o.OrganizationName), slugLower: strings.ToLower(o.OrganizationSlug)}
	p.Orgs[o.OrganizationID] = rec
	p.fuzzy.putOrg(old, rec)
	p.OrgSlugs[strings.ToLower(o.OrganizationSlug)] = o.OrganizationID
	if o.OrganizationExternalID != "" {
		p.OrgExtIDs[o.OrganizationExternalID] = o.OrganizationID
	}
}

// OrgView is the organization as the API returns it. Callers hold p.mu.
func (p *Project) OrgView(r *OrgRecord) organizations.Organization {
	o := CloneOrg(r.Org)
	o.TrustedMetadata = objectOrEmpty(o.TrustedMetadata)
	o.AllowedOAuthTenants = objectOrEmpty(o.AllowedOAuthTenants)
	return o
}
