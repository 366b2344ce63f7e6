package dashboard

import (
	"slices"

	"github.com/stytchkit/stytch-go/mockserver/internal/state"
)

// m2mClientRow summarises an M2M client; its secrets are never shown, not
// even their last four characters.
type m2mClientRow struct {
	ID, Name, Status string
	Scopes           []string
	Rotating         bool
}

// m2mClientRows lists the project's M2M clients, oldest first, and how many
// were left out. Callers hold p.Mu.
func m2mClientRows(p *state.Project) ([]m2mClientRow, int) {
	all := p.M2MClientsInOrder()
	var rows []m2mClientRow
	for i, r := range all {
		if i == dashboardMaxRows {
			return rows, len(all) - i
		}
		rows = append(rows, m2mClientRow{ID: r.ClientID, Name: r.Name, Status: r.Status, Scopes: slices.Clone(r.Scopes), Rotating: r.Rotating()})
	}
	return rows, 0
}
