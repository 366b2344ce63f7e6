package state

import (
	"strings"
)

// RemoveOrg undoes putOrg for an organization that was never answered.
// Callers hold p.mu for writing.
func (p *Project) RemoveOrg(orgID string) {
	if o := p.Orgs[orgID]; o != nil {
		delete(p.OrgSlugs, strings.ToLower(o.Org.OrganizationSlug))
		if o.Org.OrganizationExternalID != "" {
			delete(p.OrgExtIDs, o.Org.OrganizationExternalID)
		}
	}
	p.RemoveOrgMembers(orgID)
	delete(p.Orgs, orgID)
}
