package engine

import (
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/b2b/sessions"
)

// Connected Apps: the mock does not model the IdP endpoints through which a
// connected app obtains a member's access token. The test fixture POST
// /mock/connected_apps/access_tokens stands in for them: it mints an opaque
// access token for an active member as if a connected app of the project
// had completed the OAuth flow. sessions/exchange_access_token then turns a
// fresh, first-party, full_access token into a member session, once.

const (
	// accessTokenLifetime is the expires_in of a minted token; after it the
	// token is forgotten.
	accessTokenLifetime = time.Hour
	// accessTokenExchangeWindow is how old a token may be to be exchanged.
	accessTokenExchangeWindow = 5 * time.Minute
	// maxAccessTokenScopes bounds the fixture's scopes list.
	maxAccessTokenScopes = 50
	// scopeFullAccess is the scope an exchangeable token must hold.
	scopeFullAccess = "full_access"
)

// accessTokenRecord is a minted access token. The token itself is never
// stored: the project's map is keyed by its hash.
type accessTokenRecord struct {
	memberID   string
	orgID      string
	clientID   string
	scopes     []string
	firstParty bool
	issuedAt   time.Time
	exchanged  bool
}

// pruneAccessTokens forgets tokens past their lifetime. Callers hold p.mu
// for writing.
func (p *project) pruneAccessTokens(now time.Time) {
	for h, t := range p.accessTokens {
		if !now.Before(t.issuedAt.Add(accessTokenLifetime)) {
			delete(p.accessTokens, h)
		}
	}
}

// validScope reports whether s is a non-empty OAuth scope token (RFC 6749
// §3.3: printable ASCII without space, '"' or '\').
func validScope(s string) bool {
	if s == "" || len(s) > 128 {
		return false
	}
	for _, c := range s {
		if c < 0x21 || c > 0x7e || c == '"' || c == '\\' {
			return false
		}
	}
	return true
}

// checkScopes validates a scopes list: 1 to 50 valid, distinct scopes.
func checkScopes(scopes []string) *apiError {
	if len(scopes) == 0 || len(scopes) > maxAccessTokenScopes {
		return badRequest("invalid_request_value", "scopes must list 1 to %d scopes.", maxAccessTokenScopes)
	}
	for i, s := range scopes {
		if !validScope(s) {
			return badRequest("invalid_request_value", "scopes[%d] is not a valid OAuth scope (1-128 printable characters, no space, quote or backslash).", i)
		}
		if slices.Contains(scopes[:i], s) {
			return badRequest("invalid_request_value", "scopes[%d] %q is listed twice.", i, s)
		}
	}
	return nil
}

// validClientID accepts a connected app's client ID as the fixture takes it.
func validClientID(s string) bool {
	return s != "" && len(s) <= 128 && validScope(s)
}

type accessTokenFixtureResponse struct {
	adminResponse
	AccessToken string `json:"access_token"`
	TokenType   string `json:"token_type"`
	ExpiresIn   int    `json:"expires_in"`
	Scope       string `json:"scope"`
	ClientID    string `json:"client_id"`
}

// handleAccessTokenFixture mints an access token for an existing active
// member: POST /mock/connected_apps/access_tokens {organization_id,
// member_id, scopes?, first_party?, client_id?}.
func handleAccessTokenFixture(rc *reqCtx) (any, error) {
	var b struct {
		OrganizationID string    `json:"organization_id"`
		MemberID       string    `json:"member_id"`
		Scopes         *[]string `json:"scopes"`
		FirstParty     *bool     `json:"first_party"`
		ClientID       string    `json:"client_id"`
	}
	if err := rc.decodeStrict(&b); err != nil {
		return nil, err
	}
	scopes := []string{"openid", scopeFullAccess}
	if b.Scopes != nil {
		scopes = slices.Clone(*b.Scopes)
	}
	if err := checkScopes(scopes); err != nil {
		return nil, err
	}
	firstParty := b.FirstParty == nil || *b.FirstParty
	if b.ClientID != "" && !validClientID(b.ClientID) {
		return nil, badRequest("invalid_request_value", "client_id must be 1-128 printable characters without spaces.")
	}
	p := rc.p
	p.mu.Lock()
	defer p.mu.Unlock()
	org, aerr := p.findOrg(b.OrganizationID)
	if aerr != nil {
		return nil, aerr
	}
	m := p.members[b.MemberID]
	if m == nil || m.m.OrganizationID != org.o.OrganizationID || m.m.Status == organizations.StatusDeleted {
		return nil, notFound("member_not_found", "Member %q was not found in organization %q.", b.MemberID, org.o.OrganizationID)
	}
	if m.m.Status != organizations.StatusActive {
		return nil, badRequest("member_not_active", "Member %q is %s; only active members can authorize a connected app.", b.MemberID, m.m.Status)
	}
	clientID := b.ClientID
	if clientID == "" {
		clientID = newID("connected-app", p.env)
	}
	p.pruneAccessTokens(rc.now)
	if p.accessTokens == nil {
		p.accessTokens = map[string]*accessTokenRecord{}
	}
	tok := newToken()
	p.accessTokens[hashToken(tok)] = &accessTokenRecord{
		memberID: m.m.MemberID, orgID: org.o.OrganizationID, clientID: clientID,
		scopes: scopes, firstParty: firstParty, issuedAt: rc.now,
	}
	return &accessTokenFixtureResponse{
		adminResponse: adminResponse{rc.requestID, http.StatusOK},
		AccessToken:   tok, TokenType: "bearer", ExpiresIn: int(accessTokenLifetime / time.Second),
		Scope: strings.Join(scopes, " "), ClientID: clientID,
	}, nil
}

// handleSessionExchangeAccessToken turns a connected-app access token into
// a member session (auth-flows §14): the token must be first-party, hold
// full_access, be at most 5 minutes old and not exchanged before. The
// member's MFA and the organization's auth-method rules do not apply. The
// token is consumed only when a session is issued.
func handleSessionExchangeAccessToken(rc *reqCtx) (any, error) {
	var b struct {
		AccessToken string `json:"access_token"`
		TelemetryID string `json:"telemetry_id"`
		sessionArgs
	}
	if err := rc.decode(&b); err != nil {
		return nil, err
	}
	if b.AccessToken == "" {
		return nil, badRequest("bad_request", "access_token is required.")
	}
	if err := checkSessionArgs("", "", b.sessionArgs); err != nil {
		return nil, err
	}
	p := rc.p
	p.mu.Lock()
	defer p.mu.Unlock()
	p.pruneAccessTokens(rc.now)
	t := p.accessTokens[hashToken(b.AccessToken)]
	switch {
	case t == nil:
		return nil, unauthorized("invalid_access_token", "The access token is not valid: it is unknown or has expired. Mint one with POST /mock/connected_apps/access_tokens.")
	case t.exchanged:
		return nil, unauthorized("access_token_already_exchanged", "The access token has already been exchanged for a session; each token can be exchanged once.")
	case rc.now.Sub(t.issuedAt) > accessTokenExchangeWindow:
		return nil, unauthorized("access_token_too_old", "The access token was issued more than 5 minutes ago; only fresh tokens can be exchanged for a session.")
	case !t.firstParty:
		return nil, forbidden("access_token_not_first_party", "The access token was issued to a third-party connected app; only first-party apps' tokens can be exchanged for a session.")
	case !slices.Contains(t.scopes, scopeFullAccess):
		return nil, forbidden("access_token_missing_full_access_scope", "The access token does not have the %q scope, which exchanging it for a session requires.", scopeFullAccess)
	}
	r := p.members[t.memberID]
	if r == nil || r.m.Status == organizations.StatusDeleted {
		return nil, notFound("member_not_found", "Member %q, to whom the access token was issued, was not found.", t.memberID)
	}
	factor := sessions.AuthenticationFactor{
		Type: "oauth", DeliveryMethod: "oauth_access_token_exchange",
		OAuthAccessTokenExchangeFactor: &sessions.OAuthAccessTokenExchangeFactor{ClientID: t.clientID},
	}
	is, err := p.issueSession(rc.now, r.m.MemberID, []sessions.AuthenticationFactor{factor}, b.sessionArgs)
	if err != nil {
		return nil, err
	}
	t.exchanged = true
	ms := is.Session
	return &sessions.ExchangeAccessTokenResponse{
		RequestID: rc.requestID, StatusCode: http.StatusOK, MemberID: r.m.MemberID,
		SessionToken: is.Token, SessionJWT: is.JWT, Member: is.Member, Organization: is.Org, MemberSession: &ms,
	}, nil
}
