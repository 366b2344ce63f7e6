package state

import (
	"slices"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// Stytch as an OAuth 2.0 / OIDC authorization server for connected apps.
// Apps are registered with POST /mock/connected_apps; a member authorizes
// one (consent) and the app gets an authorization code, then access, ID
// and refresh tokens. Access and ID tokens are RS256 JWTs signed with the
// project's session keys; codes and refresh tokens are opaque, stored by
// hash.

// Connected-app client types.
const (
	ClientFirstParty       = "first_party"
	ClientThirdParty       = "third_party"
	ClientFirstPartyPublic = "first_party_public"
	ClientThirdPartyPublic = "third_party_public"
)

// Lifetimes of the authorization server's credentials.
const (
	IDPCodeTTL        = 10 * time.Minute
	IDPAccessTokenTTL = time.Hour
	IDPRefreshTTL     = 30 * 24 * time.Hour
)

// ConnectedApp is a registered OAuth client.
type ConnectedApp struct {
	ClientID    string
	Name        string
	Description string
	ClientType  string
	// SecretHash is the SHA-256 of the client secret; "" for a public
	// client.
	SecretHash   string
	RedirectURLs []string
	// CustomScopes are scopes of the app's own besides the standard ones.
	CustomScopes []string
	LogoURL      string
	CreatedAt    time.Time
}

// IsPublic reports whether the app is a public client (no secret; PKCE).
func (a *ConnectedApp) IsPublic() bool {
	return a.ClientType == ClientFirstPartyPublic || a.ClientType == ClientThirdPartyPublic
}

// IsFirstParty reports whether the app is a first-party app.
func (a *ConnectedApp) IsFirstParty() bool {
	return a.ClientType == ClientFirstParty || a.ClientType == ClientFirstPartyPublic
}

// IDPCode is an authorization code, single use.
type IDPCode struct {
	Hash          string
	ClientID      string
	MemberID      string
	OrgID         string
	RedirectURI   string
	CodeChallenge string
	Nonce         string
	Scopes        []string
	CreatedAt     time.Time
	ExpiresAt     time.Time
	Used          bool
}

// IDPRefreshToken is a refresh token; each refresh replaces it.
type IDPRefreshToken struct {
	Hash      string
	ClientID  string
	MemberID  string
	OrgID     string
	Scopes    []string
	CreatedAt time.Time
	ExpiresAt time.Time
}

// IDPConsent is the scopes a member granted an app.
type IDPConsent struct {
	MemberID  string
	OrgID     string
	ClientID  string
	Scopes    []string
	GrantedAt time.Time
}

// IDPState is the authorization server's state. Callers hold p.mu.
type IDPState struct {
	Apps     map[string]*ConnectedApp    // client_id -> app
	Codes    map[string]*IDPCode         // code hash -> code
	Refresh  map[string]*IDPRefreshToken // token hash -> refresh token
	Consents map[string]*IDPConsent      // ConsentKey -> consent
	// AuthorizationURL is the app's consent page that OIDC discovery
	// names as authorization_endpoint (set in Stytch's dashboard; PUT
	// /mock/connected_apps/settings here).
	AuthorizationURL string
	// Exchanged remembers access tokens (by jti) already exchanged for a
	// session, until they expire.
	Exchanged map[string]time.Time
}

// Init creates the maps on first use.
func (s *IDPState) Init() {
	if s.Apps == nil {
		s.Apps = map[string]*ConnectedApp{}
	}
	if s.Codes == nil {
		s.Codes = map[string]*IDPCode{}
	}
	if s.Refresh == nil {
		s.Refresh = map[string]*IDPRefreshToken{}
	}
	if s.Consents == nil {
		s.Consents = map[string]*IDPConsent{}
	}
	if s.Exchanged == nil {
		s.Exchanged = map[string]time.Time{}
	}
}

// ConsentKey keys a member's consent to an app.
func ConsentKey(memberID, clientID string) string { return memberID + " " + clientID }

// Consent returns the member's consent to the app, or nil.
func (s *IDPState) Consent(memberID, clientID string) *IDPConsent {
	return s.Consents[ConsentKey(memberID, clientID)]
}

// Grant records that the member granted scopes to the app, adding them to
// any granted before.
func (s *IDPState) Grant(memberID, orgID, clientID string, scopes []string, now time.Time) {
	s.Init()
	k := ConsentKey(memberID, clientID)
	c := s.Consents[k]
	if c == nil {
		c = &IDPConsent{MemberID: memberID, OrgID: orgID, ClientID: clientID}
		s.Consents[k] = c
	}
	for _, sc := range scopes {
		if !slices.Contains(c.Scopes, sc) {
			c.Scopes = append(c.Scopes, sc)
		}
	}
	c.GrantedAt = now
}

// Revoke withdraws the member's consent to the app and drops the app's
// refresh tokens for the member. It reports whether there was a consent.
func (s *IDPState) Revoke(memberID, clientID string) bool {
	k := ConsentKey(memberID, clientID)
	_, ok := s.Consents[k]
	delete(s.Consents, k)
	for h, t := range s.Refresh {
		if t.MemberID == memberID && t.ClientID == clientID {
			delete(s.Refresh, h)
		}
	}
	return ok
}

// Prune drops expired codes, refresh tokens and exchange marks.
func (s *IDPState) Prune(now time.Time) {
	for h, c := range s.Codes {
		if !now.Before(c.ExpiresAt.Add(24 * time.Hour)) {
			delete(s.Codes, h)
		}
	}
	for h, t := range s.Refresh {
		if !now.Before(t.ExpiresAt) {
			delete(s.Refresh, h)
		}
	}
	for j, exp := range s.Exchanged {
		if !now.Before(exp) {
			delete(s.Exchanged, j)
		}
	}
}

// SignJWT signs claims with the project's current session key (RS256).
func (p *Project) SignJWT(claims jwt.MapClaims, now time.Time) (string, error) {
	return p.Keys.sign(claims, now)
}

// VerifyJWT checks raw's RS256 signature against the keys the project
// publishes at now and returns its claims; it checks no claim.
func (p *Project) VerifyJWT(raw string, now time.Time) (jwt.MapClaims, error) {
	claims := jwt.MapClaims{}
	_, err := jwt.ParseWithClaims(raw, claims, func(t *jwt.Token) (any, error) {
		kid, _ := t.Header["kid"].(string)
		if pub := p.Keys.lookup(kid, now); pub != nil {
			return pub, nil
		}
		return nil, errBadJWT
	}, jwt.WithValidMethods([]string{"RS256"}), jwt.WithoutClaimsValidation())
	if err != nil {
		return nil, err
	}
	return claims, nil
}

// GrantedScopes returns, by app client ID, the scopes a member has granted
// connected apps: those of its consent to each app and of each app's live
// refresh tokens for it (a first-party app needs no consent). Each list is
// sorted.
func (s *IDPState) GrantedScopes(memberID string, now time.Time) map[string][]string {
	out := map[string][]string{}
	add := func(clientID string, scopes []string) {
		for _, sc := range scopes {
			if !slices.Contains(out[clientID], sc) {
				out[clientID] = append(out[clientID], sc)
			}
		}
		if out[clientID] == nil {
			out[clientID] = []string{}
		}
	}
	for _, c := range s.Consents {
		if c.MemberID == memberID {
			add(c.ClientID, c.Scopes)
		}
	}
	for _, t := range s.Refresh {
		if t.MemberID == memberID && now.Before(t.ExpiresAt) {
			add(t.ClientID, t.Scopes)
		}
	}
	for id := range out {
		slices.Sort(out[id])
	}
	return out
}
