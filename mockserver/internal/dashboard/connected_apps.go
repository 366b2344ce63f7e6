package dashboard

import (
	"github.com/stytchkit/stytch-go/mockserver/internal/admin"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
)

// connectedAppRow summarises a connected app; its client secret is never
// shown (the engine keeps only its hash).
type connectedAppRow struct {
	ClientID, Name, Type string
	RedirectURLs         []string
	CustomScopes         []string
}

// connectedAppRows lists the project's connected apps, oldest first, and
// how many were left out. Callers hold p.Mu.
func connectedAppRows(p *state.Project) ([]connectedAppRow, int) {
	all := admin.ListApps(p)
	var rows []connectedAppRow
	for i, a := range all {
		if i == dashboardMaxRows {
			return rows, len(all) - i
		}
		rows = append(rows, connectedAppRow{ClientID: a.ClientID, Name: a.ClientName, Type: a.ClientType, RedirectURLs: a.RedirectURLs, CustomScopes: a.CustomScopes})
	}
	return rows, 0
}
