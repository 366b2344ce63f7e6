package state

import (
	"strings"
)

// normaliseDomains lower-cases and trims a validated domain list.
func normaliseDomains(domains []string) []string {
	out := make([]string, len(domains))
	for i, d := range domains {
		out[i] = strings.ToLower(strings.TrimSpace(d))
	}
	return out
}

// OrgHasSSOConnection reports whether connectionID is an SSO connection
// of the organization, active or not.
func (p *Project) OrgHasSSOConnection(orgID, connectionID string) bool {
	c := p.SSO.Conns[connectionID]
	return c != nil && c.OrgID == orgID
}

// OrgHasActiveSSOConnection reports whether connectionID is an active SSO
// connection of the organization.
func (p *Project) OrgHasActiveSSOConnection(orgID, connectionID string) bool {
	c := p.SSO.Conns[connectionID]
	return c != nil && c.OrgID == orgID && c.Active()
}
