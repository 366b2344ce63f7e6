package state

import (
	"strings"
)

// RemoveOrg removes an organization, its members and its index entries.
// Callers hold p.mu for writing.
func (p *Project) RemoveOrg(orgID string) {
	if o := p.Orgs[orgID]; o != nil {
		delete(p.OrgSlugs, strings.ToLower(o.Org.OrganizationSlug))
		if o.Org.OrganizationExternalID != "" {
			delete(p.OrgExtIDs, o.Org.OrganizationExternalID)
		}
		p.fuzzy.removeOrg(o)
	}
	p.RemoveOrgMembers(orgID)
	delete(p.Orgs, orgID)
}
