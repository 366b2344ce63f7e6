package state

import (
	"time"
)

// Connected Apps: the mock does not model the IdP endpoints through which a
// connected app obtains a member's access token. The test fixture POST
// /mock/connected_apps/access_tokens stands in for them: it mints an opaque
// access token for an active member as if a connected app of the project
// had completed the OAuth flow. sessions/exchange_access_token then turns a
// fresh, first-party, full_access token into a member session, once.

const (
	// AccessTokenLifetime is the expires_in of a minted token; after it the
	// token is forgotten.
	AccessTokenLifetime = time.Hour
	// AccessTokenExchangeWindow is how old a token may be to be exchanged.
	AccessTokenExchangeWindow = 5 * time.Minute
	// MaxAccessTokenScopes bounds the fixture's scopes list.
	MaxAccessTokenScopes = 50
	// ScopeFullAccess is the scope an exchangeable token must hold.
	ScopeFullAccess = "full_access"
)

// AccessTokenRecord is a minted access token. The token itself is never
// stored: the project's map is keyed by its hash.
type AccessTokenRecord struct {
	MemberID   string
	OrgID      string
	ClientID   string
	Scopes     []string
	FirstParty bool
	IssuedAt   time.Time
	Exchanged  bool
}

// PruneAccessTokens forgets tokens past their lifetime. Callers hold p.mu
// for writing.
func (p *Project) PruneAccessTokens(now time.Time) {
	for h, t := range p.AccessTokens {
		if !now.Before(t.IssuedAt.Add(AccessTokenLifetime)) {
			delete(p.AccessTokens, h)
		}
	}
}
