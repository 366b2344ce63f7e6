package dashboard

import (
	"net/http"
	"time"

	"github.com/stytchkit/stytch-go/mockserver/internal/api"
	"github.com/stytchkit/stytch-go/mockserver/internal/flows"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
)

// scimConnRow summarises an organization's SCIM connection with what an
// identity provider's administrator needs (the base URL). The bearer token
// is never shown: the engine keeps only its hash.
type scimConnRow struct {
	ID, Name, IdentityProvider, Status, BaseURL string
	// Rotating is true while a rotation is in progress (both tokens work).
	Rotating      bool
	Users, Groups int
	// RoleAssignments are "group → role" descriptions.
	RoleAssignments []string
	CreatedAt       time.Time
}

// scimConnRowOf summarises the organization's SCIM connection, or returns
// nil when it has none. base_url is built on the host the dashboard request
// reached, as the API builds it on the host its request reached. Callers
// hold p.Mu.
func scimConnRowOf(p *state.Project, orgID string, r *http.Request) *scimConnRow {
	c := p.SCIMConnOf(orgID)
	if c == nil {
		return nil
	}
	v := flows.SCIMConnView(c, api.SCIMBaseURL(r, c.ConnectionID))
	row := &scimConnRow{ID: v.ConnectionID, Name: v.DisplayName, IdentityProvider: v.IdentityProvider, Status: v.Status,
		BaseURL: v.BaseURL, Rotating: c.NextTokenHash != "", Users: len(c.Users), Groups: len(c.Groups), CreatedAt: c.CreatedAt}
	for _, a := range v.SCIMGroupImplicitRoleAssignments {
		row.RoleAssignments = append(row.RoleAssignments, a.GroupName+" ("+a.GroupID+") → "+a.RoleID)
	}
	return row
}
