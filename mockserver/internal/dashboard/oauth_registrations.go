package dashboard

import (
	"cmp"
	"slices"

	"github.com/stytchkit/stytch-go/b2b/sessions"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
)

// oauthRegRow is one member's link to an account at an OAuth provider:
// provider and subject only. The provider tokens the engine stores for the
// oauth_providers endpoints are never shown.
type oauthRegRow struct {
	Email, MemberID, Provider, Subject, RegistrationID string
}

// oauthRegRows lists the OAuth registrations of an organization's members,
// by member email then provider, capped at dashboardMaxRows; it also
// returns how many were left out. Callers hold p.Mu.
func oauthRegRows(p *state.Project, orgID string) ([]oauthRegRow, int) {
	var rows []oauthRegRow
	for _, m := range p.MembersOf(orgID) {
		for _, r := range m.Member.OAuthRegistrations {
			rows = append(rows, oauthRegRow{Email: m.Member.EmailAddress, MemberID: m.Member.MemberID, Provider: r.ProviderType,
				Subject: r.ProviderSubject, RegistrationID: r.MemberOAuthRegistrationID})
		}
	}
	slices.SortFunc(rows, func(a, b oauthRegRow) int {
		return cmp.Or(cmp.Compare(a.Email, b.Email), cmp.Compare(a.Provider, b.Provider), cmp.Compare(a.RegistrationID, b.RegistrationID))
	})
	if len(rows) > dashboardMaxRows {
		return rows[:dashboardMaxRows], len(rows) - dashboardMaxRows
	}
	return rows, 0
}

// impersonator names who impersonates in a session's factor, or "" when
// the factor is not an impersonation.
func impersonator(f sessions.AuthenticationFactor) string {
	if f.ImpersonatedFactor == nil {
		return ""
	}
	i := f.ImpersonatedFactor
	if i.ImpersonatorEmailAddress == "" {
		return i.ImpersonatorID
	}
	return i.ImpersonatorEmailAddress + " (" + i.ImpersonatorID + ")"
}
