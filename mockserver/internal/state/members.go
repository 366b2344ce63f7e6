package state

import (
	"regexp"

	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/mockserver/internal/apierr"
)

var (
	// E164 is an E.164 phone number: "+", a country code that does not
	// start with 0, and at most 15 digits in all.
	E164 = regexp.MustCompile(`^\+[1-9][0-9]{6,14}$`)
	// memberIDPattern is the shape of a member ID the mock generates.
	memberIDPattern = regexp.MustCompile(`^member-(test|live)-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)
)

// FindMember resolves a member of an organization by member ID, then by
// external ID. Deleted members are not found. Callers hold p.mu.
func (p *Project) FindMember(org *OrgRecord, ref string) (*MemberRecord, *apierr.Error) {
	if ref == "" {
		return nil, apierr.BadRequest("invalid_request_value", "member_id is required.")
	}
	if r := p.Members[ref]; r != nil && r.Member.OrganizationID == org.Org.OrganizationID && r.Member.Status != organizations.StatusDeleted {
		return r, nil
	}
	if s := p.OrgMembers[org.Org.OrganizationID]; s != nil {
		if r := s.ByExtID[ref]; r != nil {
			return r, nil
		}
	}
	return nil, apierr.NotFound("member_not_found", "Member %q was not found in organization %s.", ref, org.Org.OrganizationID)
}
