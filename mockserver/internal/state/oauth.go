package state

import (
	"slices"
	"time"
)

// OAuth login through the built-in providers (auth-flows §10). A provider
// sign-in (the mock's own page, or POST /mock/oauth/login) leaves an OAuth
// token, single use, that oauth/authenticate or oauth/discovery/authenticate
// consumes. A login records the provider tokens on an OAuthGrant of the
// member, which the members' oauth_providers endpoints return.

// OAuthTokenTTL is how long an OAuth callback token can be authenticated.
const OAuthTokenTTL = 10 * time.Minute

// OAuthLoginRecord is one completed provider sign-in waiting to be
// authenticated. Only the hash of its token is kept.
type OAuthLoginRecord struct {
	TokenHash string
	// Provider is the provider's path name: google, microsoft, github,
	// hubspot or slack.
	Provider string
	// Discovery marks a discovery login (no organization).
	Discovery bool
	OrgID     string
	// Who the provider says signed in.
	Email, Name, TenantID, Subject string
	// PKCEChallenge is the challenge of the start call, if any.
	PKCEChallenge string
	// The tokens the provider issued.
	Tokens    OAuthProviderTokens
	CreatedAt time.Time
	ExpiresAt time.Time
	Used      bool
}

// OAuthProviderTokens are the tokens a provider issued at a sign-in.
type OAuthProviderTokens struct {
	AccessToken  string
	RefreshToken string
	IDToken      string
	Scopes       []string
	ExpiresAt    time.Time
}

// OAuthGrant is what a member's last login through one provider account
// left: the registration and the provider's tokens. Google and Microsoft
// keep one grant per member; Slack, HubSpot and GitHub one per tenant.
type OAuthGrant struct {
	MemberID       string
	Provider       string
	RegistrationID string
	Subject        string
	TenantID       string
	Tokens         OAuthProviderTokens
	UpdatedAt      time.Time
}

// oauthState holds the project's OAuth callback tokens and the members'
// grants. Callers hold p.mu.
type oauthState struct {
	Logins map[string]*OAuthLoginRecord // token hash -> login
	Grants map[string][]*OAuthGrant     // member_id -> grants, oldest first
}

// Init creates the maps on first use.
func (o *oauthState) Init() {
	if o.Logins == nil {
		o.Logins = map[string]*OAuthLoginRecord{}
	}
	if o.Grants == nil {
		o.Grants = map[string][]*OAuthGrant{}
	}
}

// AddOAuthLogin stores a sign-in under its token hash. Callers hold p.mu
// for writing.
func (p *Project) AddOAuthLogin(l *OAuthLoginRecord) {
	p.OAuth.Init()
	p.pruneOAuth(l.CreatedAt)
	p.OAuth.Logins[l.TokenHash] = l
}

// OAuthLogin returns the sign-in of a token hash, or nil. Callers hold p.mu.
func (p *Project) OAuthLogin(hash string) *OAuthLoginRecord {
	return p.OAuth.Logins[hash]
}

// pruneOAuth drops callback tokens that expired more than a day ago, so
// that a used or expired token still answers its own error for a while.
func (p *Project) pruneOAuth(now time.Time) {
	cutoff := now.Add(-24 * time.Hour)
	for h, l := range p.OAuth.Logins {
		if l.ExpiresAt.Before(cutoff) {
			delete(p.OAuth.Logins, h)
		}
	}
}

// OAuthGrants returns the member's grants of provider, oldest first.
// Callers hold p.mu.
func (p *Project) OAuthGrants(memberID, provider string) []*OAuthGrant {
	var out []*OAuthGrant
	for _, g := range p.OAuth.Grants[memberID] {
		if g.Provider == provider {
			out = append(out, g)
		}
	}
	return out
}

// PutOAuthGrant records g, replacing the member's grant of the same
// provider account (same registration). Callers hold p.mu for writing.
func (p *Project) PutOAuthGrant(g *OAuthGrant) {
	p.OAuth.Init()
	gs := p.OAuth.Grants[g.MemberID]
	if i := slices.IndexFunc(gs, func(o *OAuthGrant) bool { return o.RegistrationID == g.RegistrationID }); i >= 0 {
		gs[i] = g
		return
	}
	p.OAuth.Grants[g.MemberID] = append(gs, g)
}
