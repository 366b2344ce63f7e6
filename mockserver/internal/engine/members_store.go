package engine

import (
	"strings"

	"github.com/stytchkit/stytch-go/b2b/organizations"
)

// memberRecord is a member as the mock stores it: the API view plus what the
// mock needs to index it.
type memberRecord struct {
	m   organizations.Member
	seq uint64
}

// emailKey is how member emails are compared: case-insensitively.
func emailKey(email string) string { return strings.ToLower(strings.TrimSpace(email)) }

// membersOf returns the members of an organization, deleted ones included,
// in no particular order. Callers hold p.mu.
func (p *project) membersOf(orgID string) map[string]*memberRecord {
	return p.orgMembers[orgID]
}

// removeOrgMembers drops every member of an organization. Callers hold p.mu.
func (p *project) removeOrgMembers(orgID string) {
	for id := range p.orgMembers[orgID] {
		delete(p.members, id)
	}
	delete(p.orgMembers, orgID)
}
