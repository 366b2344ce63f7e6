package state

import (
	"strings"
)

// RemoveOrg removes an organization, its members and its index entries.
// Callers hold p.mu for writing.
func (p *Project) RemoveOrg(orgID string) {
	p.MarkOrg(orgID)
	if o := p.Orgs[orgID]; o != nil {
		delete(p.OrgSlugs, strings.ToLower(o.Org.OrganizationSlug))
		if o.Org.OrganizationExternalID != "" {
			delete(p.OrgExtIDs, o.Org.OrganizationExternalID)
		}
		p.fuzzy.removeOrg(o)
	}
	p.RemoveOrgMembers(orgID)
	p.RemoveOrgSSO(orgID)
	if c := p.SCIMConnOf(orgID); c != nil {
		p.DropSCIMConn(c)
	}
	delete(p.Orgs, orgID)
}
