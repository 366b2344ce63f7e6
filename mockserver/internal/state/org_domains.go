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

// OrgHasSSOConnection reports whether connectionID is an active SSO
// connection of the organization. The mock has no SSO API yet, so an
// organization has none.
func (p *Project) OrgHasSSOConnection(orgID, connectionID string) bool { return false }
