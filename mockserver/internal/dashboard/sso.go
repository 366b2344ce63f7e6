package dashboard

import (
	"github.com/stytchkit/stytch-go/mockserver/internal/flows"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
)

// ssoConnRow summarises an SSO connection with what an IdP administrator
// needs (the SP's URLs); client secrets and private keys are never shown.
type ssoConnRow struct {
	Kind, ID, Name, IdentityProvider, Status string
	Builtin                                  bool
	// IdP is the IdP's entity ID (SAML), issuer (OIDC) or the source
	// connection (external).
	IdP string
	// SPEntityID and CallbackURL are the values to give the IdP.
	SPEntityID, CallbackURL string
}

// ssoConnRows lists an organization's SSO connections, oldest first.
// Callers hold p.Mu.
func ssoConnRows(p *state.Project, orgID string) []ssoConnRow {
	var rows []ssoConnRow
	for _, c := range p.SSOConnectionsOf(orgID, "") {
		row := ssoConnRow{Kind: c.Kind, ID: c.ID, Name: c.DisplayName, IdentityProvider: c.IdentityProvider, Status: c.Status(), Builtin: c.Builtin != nil}
		switch c.Kind {
		case state.SSOKindSAML:
			row.IdP, row.SPEntityID, row.CallbackURL = c.IdPEntityID, flows.SAMLEntityID(c), flows.SSOCallbackURL(c)
		case state.SSOKindOIDC:
			row.IdP, row.CallbackURL = c.Issuer, flows.SSOCallbackURL(c)
		default:
			row.IdP = c.ExternalConnID + " (organization " + c.ExternalOrgID + ")"
		}
		rows = append(rows, row)
	}
	return rows
}
