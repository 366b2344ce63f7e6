package flows

import (
	"slices"
	"strings"
	"time"

	"github.com/stytchkit/stytch-go/consumer/users"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
)

// A user's connected apps are the apps holding unexpired access tokens for
// the user, minted by the POST /mock/connected_apps/access_tokens fixture
// with a user_id (access-token records of users have no organization).

// UserConnectedApps lists the connected apps with access to a user, by
// client ID. Callers hold p.Mu for writing.
func UserConnectedApps(p *state.Project, userID string, now time.Time) []users.UserConnectedApp {
	p.PruneAccessTokens(now)
	scopes := map[string][]string{}
	for _, t := range p.AccessTokens {
		if t.OrgID == "" && t.MemberID == userID {
			for _, s := range t.Scopes {
				if !slices.Contains(scopes[t.ClientID], s) {
					scopes[t.ClientID] = append(scopes[t.ClientID], s)
				}
			}
		}
	}
	out := []users.UserConnectedApp{}
	for id, sc := range scopes {
		slices.Sort(sc)
		out = append(out, users.UserConnectedApp{ConnectedAppID: id, Name: id, ClientType: "first_party", ScopesGranted: strings.Join(sc, " ")})
	}
	slices.SortFunc(out, func(a, b users.UserConnectedApp) int { return strings.Compare(a.ConnectedAppID, b.ConnectedAppID) })
	return out
}

// RevokeUserConnectedApp forgets every access token of a connected app for
// a user and reports whether it had any. Callers hold p.Mu for writing.
func RevokeUserConnectedApp(p *state.Project, userID, clientID string, now time.Time) bool {
	p.PruneAccessTokens(now)
	found := false
	for h, t := range p.AccessTokens {
		if t.OrgID == "" && t.MemberID == userID && t.ClientID == clientID {
			delete(p.AccessTokens, h)
			found = true
		}
	}
	return found
}
