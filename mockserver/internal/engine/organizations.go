package engine

import (
	"encoding/json"
	"maps"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/stytchkit/stytch-go/b2b/organizations"
)

// orgRecord is an organization as the mock stores it.
type orgRecord struct {
	o   organizations.Organization
	seq uint64
}

// orgFields is the body of Create and Update Organization. Pointers and raw
// messages tell a field that was sent from one that was not.
type orgFields struct {
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

// hasAuthSettings reports whether the body sets any auth setting, which
// decides the default of email_invites on create.
func (f *orgFields) hasAuthSettings() bool {
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

// apply copies the sent fields onto o, validating each field on its own.
// Cross-field rules are checked afterwards on the result.
func (f *orgFields) apply(o *organizations.Organization) *apiError {
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
			return badRequest("organization_logo_url_too_long", "organization_logo_url must be at most %d characters.", maxLogoURLLen)
		}
		setString(&o.OrganizationLogoURL, f.OrganizationLogoURL)
	}
	if f.TrustedMetadata != nil {
		m, err := parseMetadata("trusted_metadata", f.TrustedMetadata)
		if err != nil {
			return err
		}
		o.TrustedMetadata = m
	}
	if f.OrganizationExternalID != nil && *f.OrganizationExternalID != "" {
		if err := checkExternalID("organization_external_id", *f.OrganizationExternalID, "invalid_organization_external_id"); err != nil {
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

// newOrganization returns an organization with every default setting.
func newOrganization(id string, now time.Time) organizations.Organization {
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

// cloneOrg deep-copies an organization, so that a response never shares
// memory with the store.
func cloneOrg(o organizations.Organization) organizations.Organization {
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
	c.TrustedMetadata = deepCopyJSON(o.TrustedMetadata)
	c.AllowedOAuthTenants = deepCopyJSON(o.AllowedOAuthTenants)
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

// deepCopyJSON copies a decoded JSON object.
func deepCopyJSON(m map[string]any) map[string]any {
	if m == nil {
		return nil
	}
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = deepCopyValue(v)
	}
	return out
}

func deepCopyValue(v any) any {
	switch t := v.(type) {
	case map[string]any:
		return deepCopyJSON(t)
	case []any:
		out := make([]any, len(t))
		for i, e := range t {
			out[i] = deepCopyValue(e)
		}
		return out
	default:
		return v
	}
}

// findOrg resolves an organization by ID, then slug, then external ID.
// Callers hold p.mu.
func (p *project) findOrg(ref string) (*orgRecord, *apiError) {
	if ref == "" {
		return nil, badRequest("invalid_organization_id", "organization_id is required.")
	}
	if r := p.orgs[ref]; r != nil {
		return r, nil
	}
	if id, ok := p.orgSlugs[strings.ToLower(ref)]; ok {
		return p.orgs[id], nil
	}
	if id, ok := p.orgExtIDs[ref]; ok {
		return p.orgs[id], nil
	}
	return nil, notFound("organization_not_found", "Organization %q was not found.", ref)
}

// checkOrgUniqueness reports a slug or external ID already used by another
// organization. Callers hold p.mu.
func (p *project) checkOrgUniqueness(o *organizations.Organization) *apiError {
	if id, ok := p.orgSlugs[strings.ToLower(o.OrganizationSlug)]; ok && id != o.OrganizationID {
		return badRequest("organization_slug_already_used", "The organization_slug %q is already used by another organization in this project.", o.OrganizationSlug)
	}
	if o.OrganizationExternalID != "" {
		if id, ok := p.orgExtIDs[o.OrganizationExternalID]; ok && id != o.OrganizationID {
			return badRequest("duplicate_organization_external_id", "The organization_external_id %q is already used by another organization in this project.", o.OrganizationExternalID)
		}
	}
	return nil
}

// putOrg stores o, updating the indexes. Callers hold p.mu for writing and
// have validated o.
func (p *project) putOrg(o organizations.Organization, seq uint64) {
	if old := p.orgs[o.OrganizationID]; old != nil {
		delete(p.orgSlugs, strings.ToLower(old.o.OrganizationSlug))
		if old.o.OrganizationExternalID != "" {
			delete(p.orgExtIDs, old.o.OrganizationExternalID)
		}
	}
	o.EmailAllowedDomains = normaliseDomains(o.EmailAllowedDomains)
	o.ClaimedEmailDomains = normaliseDomains(o.ClaimedEmailDomains)
	p.orgs[o.OrganizationID] = &orgRecord{o: o, seq: seq}
	p.orgSlugs[strings.ToLower(o.OrganizationSlug)] = o.OrganizationID
	if o.OrganizationExternalID != "" {
		p.orgExtIDs[o.OrganizationExternalID] = o.OrganizationID
	}
}

// orgView is the organization as the API returns it. Callers hold p.mu.
func (p *project) orgView(r *orgRecord) organizations.Organization {
	return cloneOrg(r.o)
}

func handleOrgCreate(rc *reqCtx) (any, error) {
	var f orgFields
	if err := rc.decode(&f); err != nil {
		return nil, err
	}
	if f.OrganizationName == nil || *f.OrganizationName == "" {
		return nil, badRequest("organization_name_missing", "organization_name is required.")
	}
	if f.OrganizationSlug == nil || *f.OrganizationSlug == "" {
		return nil, badRequest("invalid_organization_slug", "organization_slug is required.")
	}
	if f.SSODefaultConnectionID != nil && *f.SSODefaultConnectionID != "" {
		return nil, badRequest("invalid_sso_default_connection_id", "A new organization has no SSO connections, so it cannot have a default one.")
	}
	p := rc.p
	p.mu.Lock()
	defer p.mu.Unlock()
	o := newOrganization(newID("organization", p.env), rc.now)
	if !f.hasAuthSettings() {
		o.EmailInvites = organizations.AllAllowed
	}
	if err := f.apply(&o); err != nil {
		return nil, err
	}
	if err := p.validateOrgSettings(&o); err != nil {
		return nil, err
	}
	if err := p.checkOrgUniqueness(&o); err != nil {
		return nil, err
	}
	p.putOrg(o, p.nextSeq())
	return &organizations.CreateResponse{RequestID: rc.requestID, StatusCode: http.StatusOK, Organization: p.orgView(p.orgs[o.OrganizationID])}, nil
}

func handleOrgGet(rc *reqCtx) (any, error) {
	p := rc.p
	p.mu.RLock()
	defer p.mu.RUnlock()
	r, err := p.findOrg(rc.param("organization_id"))
	if err != nil {
		return nil, err
	}
	return &organizations.GetResponse{RequestID: rc.requestID, StatusCode: http.StatusOK, Organization: p.orgView(r)}, nil
}

func handleOrgUpdate(rc *reqCtx) (any, error) {
	var f orgFields
	if err := rc.decode(&f); err != nil {
		return nil, err
	}
	p := rc.p
	p.mu.Lock()
	defer p.mu.Unlock()
	r, err := p.findOrg(rc.param("organization_id"))
	if err != nil {
		return nil, err
	}
	if rc.actor().asMember() && f.TrustedMetadata != nil {
		if err := p.authorizeHeader(rc.actor(), r.o.OrganizationID, ""); err != nil {
			return nil, err
		}
		return nil, forbidden("cannot_update_trusted_metadata", "trusted_metadata cannot be updated by a member; update it without a member session.")
	}
	if err := p.authorizeHeader(rc.actor(), r.o.OrganizationID, "", orgUpdateChecks(&f)...); err != nil {
		return nil, err
	}
	o := cloneOrg(r.o)
	if err := f.apply(&o); err != nil {
		return nil, err
	}
	if err := p.validateOrgSettings(&o); err != nil {
		return nil, err
	}
	if err := p.checkOrgUniqueness(&o); err != nil {
		return nil, err
	}
	now := rc.now
	o.UpdatedAt = &now
	p.putOrg(o, r.seq)
	return &organizations.UpdateResponse{RequestID: rc.requestID, StatusCode: http.StatusOK, Organization: p.orgView(p.orgs[o.OrganizationID])}, nil
}

func handleOrgDelete(rc *reqCtx) (any, error) {
	p := rc.p
	p.mu.Lock()
	defer p.mu.Unlock()
	r, err := p.findOrg(rc.param("organization_id"))
	if err != nil {
		return nil, err
	}
	id := r.o.OrganizationID
	if err := p.authorizeHeader(rc.actor(), id, "", actionCheck{resource: "stytch.organization", action: "delete"}); err != nil {
		return nil, err
	}
	for _, mr := range p.membersOf(id) {
		p.revokeMemberSessions(mr.m.MemberID)
	}
	p.removeOrgMembers(id)
	delete(p.orgSlugs, strings.ToLower(r.o.OrganizationSlug))
	if r.o.OrganizationExternalID != "" {
		delete(p.orgExtIDs, r.o.OrganizationExternalID)
	}
	delete(p.orgs, id)
	return &organizations.DeleteResponse{RequestID: rc.requestID, StatusCode: http.StatusOK, OrganizationID: id}, nil
}

func handleOrgDeleteExternalID(rc *reqCtx) (any, error) {
	p := rc.p
	p.mu.Lock()
	defer p.mu.Unlock()
	r, err := p.findOrg(rc.param("organization_id"))
	if err != nil {
		return nil, err
	}
	if err := p.authorizeHeader(rc.actor(), r.o.OrganizationID, ""); err != nil {
		return nil, err
	}
	o := cloneOrg(r.o)
	o.OrganizationExternalID = ""
	now := rc.now
	o.UpdatedAt = &now
	p.putOrg(o, r.seq)
	return &organizations.DeleteExternalIDResponse{RequestID: rc.requestID, StatusCode: http.StatusOK, Organization: p.orgView(p.orgs[o.OrganizationID])}, nil
}

func handleOrgMetrics(rc *reqCtx) (any, error) {
	p := rc.p
	p.mu.RLock()
	defer p.mu.RUnlock()
	r, err := p.findOrg(rc.param("organization_id"))
	if err != nil {
		return nil, err
	}
	var n uint32
	for _, m := range p.membersOf(r.o.OrganizationID) {
		if m.m.Status != organizations.StatusDeleted {
			n++
		}
	}
	return &organizations.MetricsResponse{RequestID: rc.requestID, StatusCode: http.StatusOK, MemberCount: n}, nil
}

// connectedAppsResponse is the answer to the organization's connected-apps
// list. Connected apps are created in the Stytch dashboard, which the mock
// does not have, so every organization has none.
func handleOrgConnectedApps(rc *reqCtx) (any, error) {
	p := rc.p
	p.mu.RLock()
	defer p.mu.RUnlock()
	if _, err := p.findOrg(rc.param("organization_id")); err != nil {
		return nil, err
	}
	return &organizations.ConnectedAppsResponse{RequestID: rc.requestID, StatusCode: http.StatusOK, ConnectedApps: []organizations.OrganizationConnectedApp{}}, nil
}

func handleOrgGetConnectedApp(rc *reqCtx) (any, error) {
	p := rc.p
	p.mu.RLock()
	defer p.mu.RUnlock()
	if _, err := p.findOrg(rc.param("organization_id")); err != nil {
		return nil, err
	}
	return nil, notFound("connected_app_not_found", "Connected app %q was not found.", rc.param("connected_app_id"))
}
