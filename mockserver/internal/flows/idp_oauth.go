package flows

import (
	"crypto/subtle"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/mockserver/internal/apierr"
	"github.com/stytchkit/stytch-go/mockserver/internal/ids"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
)

// The mock as an OAuth 2.0 / OIDC authorization server for connected apps:
// the authorization step (idp/oauth/authorize/start and authorize), the
// authorization_code and refresh_token grants of the token endpoint,
// userinfo and introspection.

// IDPScopes are the scopes the authorization server knows besides an app's
// custom scopes, with the descriptions a consent page shows.
var idpScopeDescriptions = map[string]string{
	"openid":         "Confirm your identity",
	"profile":        "See your name and profile picture",
	"email":          "See your email address",
	"phone":          "See your phone number",
	"offline_access": "Stay signed in when you are not using the app",
	"full_access":    "Act on your behalf with full access to your account",
}

// maxIDPParam bounds every authorization-request string parameter.
const maxIDPParam = 2048

// AuthorizeRequest is an authorization request of a connected app, as the
// idp/oauth endpoints take it.
type AuthorizeRequest struct {
	ClientID       string   `json:"client_id"`
	RedirectURI    string   `json:"redirect_uri"`
	ResponseType   string   `json:"response_type"`
	Scopes         []string `json:"scopes"`
	OrganizationID string   `json:"organization_id"`
	MemberID       string   `json:"member_id"`
	SessionToken   string   `json:"session_token"`
	SessionJWT     string   `json:"session_jwt"`
	Prompt         string   `json:"prompt"`
}

// ScopeResult is one requested scope and whether the member may grant it.
type ScopeResult struct {
	Scope       string `json:"scope"`
	Description string `json:"description"`
	IsGrantable bool   `json:"is_grantable"`
}

// ConnectedAppPublic is what a consent page may show about an app.
type ConnectedAppPublic struct {
	ClientID          string `json:"client_id"`
	ClientName        string `json:"client_name"`
	ClientDescription string `json:"client_description"`
	ClientType        string `json:"client_type"`
	LogoURL           string `json:"logo_url,omitempty"`
}

// AuthorizeCheck is a checked authorization request: the app, the member
// and the consent it needs.
type AuthorizeCheck struct {
	App             *state.ConnectedApp
	Member          *state.MemberRecord
	Org             *state.OrgRecord
	ScopeResults    []ScopeResult
	Granted         []string
	ConsentRequired bool
}

// Public is the app as a consent page may show it.
func (c *AuthorizeCheck) Public() ConnectedAppPublic {
	a := c.App
	return ConnectedAppPublic{ClientID: a.ClientID, ClientName: a.Name, ClientDescription: a.Description, ClientType: a.ClientType, LogoURL: a.LogoURL}
}

// CheckAuthorize validates an authorization request and resolves its
// member: the session's (token or JWT), or organization_id with member_id.
// Callers hold p.Mu for writing.
func CheckAuthorize(p *state.Project, r *AuthorizeRequest, now time.Time) (*AuthorizeCheck, *apierr.Error) {
	for name, v := range map[string]string{"client_id": r.ClientID, "redirect_uri": r.RedirectURI, "response_type": r.ResponseType,
		"organization_id": r.OrganizationID, "member_id": r.MemberID, "prompt": r.Prompt} {
		if len(v) > maxIDPParam {
			return nil, apierr.BadRequest("invalid_request_value", "%s is longer than %d characters.", name, maxIDPParam)
		}
	}
	switch {
	case r.ClientID == "":
		return nil, apierr.BadRequest("bad_request", "client_id is required.")
	case r.RedirectURI == "":
		return nil, apierr.BadRequest("bad_request", "redirect_uri is required.")
	case r.ResponseType != "code":
		return nil, apierr.BadRequest("invalid_request_value", "response_type must be \"code\".")
	case len(r.Scopes) == 0 || len(r.Scopes) > state.MaxAccessTokenScopes:
		return nil, apierr.BadRequest("invalid_request_value", "scopes must list 1 to %d scopes.", state.MaxAccessTokenScopes)
	case r.Prompt != "" && r.Prompt != "consent" && r.Prompt != "none" && r.Prompt != "login":
		return nil, apierr.BadRequest("invalid_request_value", "prompt must be consent, login or none.")
	}
	app := p.IDP.Apps[r.ClientID]
	if app == nil {
		return nil, apierr.NotFound("connected_app_not_found", "There is no connected app with client_id %q.", apierr.Excerpt(r.ClientID, 80))
	}
	if !slices.Contains(app.RedirectURLs, r.RedirectURI) {
		return nil, apierr.BadRequest("connected_app_supplied_redirect_url_not_found_in_client", "redirect_uri is not one of the connected app's redirect URLs.")
	}
	m, org, aerr := authorizeMember(p, r, now)
	if aerr != nil {
		return nil, aerr
	}
	c := &AuthorizeCheck{App: app, Member: m, Org: org}
	for i, s := range r.Scopes {
		if !validScope(s) || slices.Contains(r.Scopes[:i], s) {
			return nil, apierr.BadRequest("oauth_invalid_scope_requested", "scopes[%d] is not a valid scope or is listed twice.", i)
		}
		desc, known := idpScopeDescriptions[s]
		if !known && !slices.Contains(app.CustomScopes, s) {
			return nil, apierr.BadRequest("oauth_invalid_scope_requested", "The scope %q is neither a standard scope nor one of the connected app's.", apierr.Excerpt(s, 80))
		}
		if !known {
			desc = "Use " + s
		}
		grantable := s != state.ScopeFullAccess || app.IsFirstParty()
		c.ScopeResults = append(c.ScopeResults, ScopeResult{Scope: s, Description: desc, IsGrantable: grantable})
		if grantable {
			c.Granted = append(c.Granted, s)
		}
	}
	prior := p.IDP.Consent(m.Member.MemberID, app.ClientID)
	covered := prior != nil
	for _, s := range c.Granted {
		covered = covered && slices.Contains(prior.Scopes, s)
	}
	c.ConsentRequired = r.Prompt == "consent" || (!app.IsFirstParty() && !covered)
	return c, nil
}

// authorizeMember resolves the member an authorization request is for.
func authorizeMember(p *state.Project, r *AuthorizeRequest, now time.Time) (*state.MemberRecord, *state.OrgRecord, *apierr.Error) {
	memberID := ""
	switch {
	case r.SessionToken != "" && r.SessionJWT != "":
		return nil, nil, apierr.BadRequest("too_many_session_arguments", "Pass session_token or session_jwt, not both.")
	case r.SessionToken != "" || r.SessionJWT != "":
		s, aerr := p.FindSession(r.SessionToken, r.SessionJWT, now)
		if aerr != nil {
			return nil, nil, aerr
		}
		memberID = s.MemberID
	case r.OrganizationID != "" && r.MemberID != "":
		memberID = r.MemberID
	default:
		return nil, nil, apierr.BadRequest("no_oauth_authorize_member_selector", "Name the member: session_token, session_jwt, or organization_id with member_id.")
	}
	m := p.Members[memberID]
	if m == nil || m.Member.Status == organizations.StatusDeleted || (r.OrganizationID != "" && m.Member.OrganizationID != r.OrganizationID) {
		return nil, nil, apierr.NotFound("member_not_found", "Member %q was not found.", apierr.Excerpt(memberID, 80))
	}
	if m.Member.Status != organizations.StatusActive {
		return nil, nil, apierr.BadRequest("action_available_only_for_active_members", "Member %q is %s; only active members can authorize a connected app.", memberID, m.Member.Status)
	}
	org := p.Orgs[m.Member.OrganizationID]
	if org == nil {
		return nil, nil, apierr.NotFound("organization_not_found", "The member's organization was not found.")
	}
	return m, org, nil
}

// AuthorizeGrant is the member's decision and the request's parameters
// that go into the code.
type AuthorizeGrant struct {
	ConsentGranted bool
	State          string
	Nonce          string
	CodeChallenge  string
}

// AuthorizeApp applies the member's decision to a checked request: with the
// consent it needs (or none needed) it records the consent and issues an
// authorization code, returning the redirect URL with code and state;
// without it the redirect URL carries error=access_denied and code is "".
// Callers hold p.Mu for writing.
func AuthorizeApp(p *state.Project, c *AuthorizeCheck, redirectURI string, g AuthorizeGrant, now time.Time) (redirect, code string, aerr *apierr.Error) {
	if len(g.State) > maxIDPParam || len(g.Nonce) > maxIDPParam {
		return "", "", apierr.BadRequest("invalid_request_value", "state and nonce must be at most %d characters.", maxIDPParam)
	}
	if g.CodeChallenge != "" && !validChallenge(g.CodeChallenge) {
		return "", "", apierr.BadRequest("invalid_request_value", "code_challenge must be an S256 challenge: 43 to 128 base64url characters.")
	}
	if c.App.IsPublic() && g.CodeChallenge == "" {
		return "", "", apierr.BadRequest("pkce_required_for_idp_authorization_flow", "The connected app is a public client, so the authorization request needs a PKCE code_challenge.")
	}
	u, err := url.Parse(redirectURI)
	if err != nil {
		return "", "", apierr.BadRequest("connected_app_invalid_redirect_url", "redirect_uri is not a valid URL.")
	}
	q := u.Query()
	if g.State != "" {
		q.Set("state", g.State)
	}
	if c.ConsentRequired && !g.ConsentGranted {
		q.Set("error", "access_denied")
		q.Set("error_description", "The member did not grant the requested scopes.")
		u.RawQuery = q.Encode()
		return u.String(), "", nil
	}
	p.IDP.Init()
	p.IDP.Prune(now)
	if !c.App.IsFirstParty() || g.ConsentGranted {
		p.IDP.Grant(c.Member.Member.MemberID, c.Org.Org.OrganizationID, c.App.ClientID, c.Granted, now)
	}
	code = ids.NewToken()
	p.IDP.Codes[ids.HashToken(code)] = &state.IDPCode{
		Hash: ids.HashToken(code), ClientID: c.App.ClientID, MemberID: c.Member.Member.MemberID, OrgID: c.Org.Org.OrganizationID,
		RedirectURI: redirectURI, CodeChallenge: strings.TrimRight(g.CodeChallenge, "="), Nonce: g.Nonce,
		Scopes: slices.Clone(c.Granted), CreatedAt: now, ExpiresAt: now.Add(state.IDPCodeTTL),
	}
	q.Set("code", code)
	u.RawQuery = q.Encode()
	return u.String(), code, nil
}

func validChallenge(s string) bool {
	s = strings.TrimRight(s, "=")
	if len(s) < 43 || len(s) > 128 {
		return false
	}
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// TokenRequest is a request to the token endpoint, any grant.
type TokenRequest struct {
	M2MTokenRequest
	Code         string `json:"code"`
	RedirectURI  string `json:"redirect_uri"`
	CodeVerifier string `json:"code_verifier"`
	RefreshToken string `json:"refresh_token"`
	// Token and TokenTypeHint are the introspection endpoint's.
	Token         string `json:"token"`
	TokenTypeHint string `json:"token_type_hint"`
}

// TokenSet is what the token endpoint answers for a member's grant.
type TokenSet struct {
	AccessToken  string `json:"access_token"`
	TokenType    string `json:"token_type"`
	ExpiresIn    int64  `json:"expires_in"`
	Scope        string `json:"scope"`
	IDToken      string `json:"id_token,omitempty"`
	RefreshToken string `json:"refresh_token,omitempty"`
	RequestID    string `json:"request_id"`
	StatusCode   int    `json:"status_code"`
}

// authenticateApp checks a connected app's client credentials: a public
// client sends no secret, a confidential one its secret.
func authenticateApp(p *state.Project, clientID, secret string) (*state.ConnectedApp, *apierr.OAuth2Error) {
	app := p.IDP.Apps[clientID]
	if app == nil {
		return nil, apierr.OAuth2(401, "invalid_client", "Client authentication failed: unknown client or wrong secret.")
	}
	if app.IsPublic() {
		if secret != "" {
			return nil, apierr.OAuth2(401, "invalid_client", "A public client has no secret.")
		}
		return app, nil
	}
	if subtle.ConstantTimeCompare([]byte(ids.HashToken(secret)), []byte(app.SecretHash)) != 1 || secret == "" {
		return nil, apierr.OAuth2(401, "invalid_client", "Client authentication failed: unknown client or wrong secret.")
	}
	return app, nil
}

// RedeemGrant runs the authorization_code or refresh_token grant for the
// issuer (the authorization server's URL) and returns the tokens. Callers
// hold p.Mu for writing.
func RedeemGrant(p *state.Project, issuer string, req *TokenRequest, now time.Time) (*TokenSet, *apierr.OAuth2Error) {
	if req.ClientID == "" {
		return nil, apierr.OAuth2(400, "invalid_request", "client_id is required.")
	}
	app, oerr := authenticateApp(p, req.ClientID, req.ClientSecret)
	if oerr != nil {
		return nil, oerr
	}
	p.IDP.Init()
	p.IDP.Prune(now)
	switch req.GrantType {
	case "authorization_code":
		return redeemCode(p, issuer, app, req, now)
	case "refresh_token":
		return redeemRefresh(p, issuer, app, req, now)
	}
	return nil, apierr.OAuth2(400, "unsupported_grant_type", "grant_type must be client_credentials, authorization_code or refresh_token.")
}

func redeemCode(p *state.Project, issuer string, app *state.ConnectedApp, req *TokenRequest, now time.Time) (*TokenSet, *apierr.OAuth2Error) {
	if req.Code == "" {
		return nil, apierr.OAuth2(400, "invalid_request", "code is required.")
	}
	c := p.IDP.Codes[ids.HashToken(req.Code)]
	switch {
	case c == nil || c.ClientID != app.ClientID:
		return nil, apierr.OAuth2(400, "invalid_grant", "The authorization code is unknown.")
	case c.Used:
		return nil, apierr.OAuth2(400, "invalid_grant", "The authorization code has already been used.")
	case !now.Before(c.ExpiresAt):
		return nil, apierr.OAuth2(400, "invalid_grant", "The authorization code has expired.")
	case req.RedirectURI != c.RedirectURI:
		return nil, apierr.OAuth2(400, "invalid_grant", "redirect_uri does not match the authorization request's.")
	case c.CodeChallenge == "" && req.CodeVerifier != "":
		return nil, apierr.OAuth2(400, "invalid_grant", "The authorization request had no code_challenge, so no code_verifier may be sent.")
	case c.CodeChallenge != "" && req.CodeVerifier == "":
		return nil, apierr.OAuth2(400, "invalid_grant", "code_verifier is required: the authorization request had a code_challenge.")
	case c.CodeChallenge != "" && subtle.ConstantTimeCompare([]byte(pkceS256(req.CodeVerifier)), []byte(c.CodeChallenge)) != 1:
		return nil, apierr.OAuth2(400, "invalid_grant", "code_verifier does not match the code_challenge.")
	}
	m, org, oerr := grantMember(p, c.MemberID, c.OrgID, app.ClientID)
	if oerr != nil {
		return nil, oerr
	}
	c.Used = true
	return issueTokens(p, issuer, app, m, org, c.Scopes, c.Nonce, now)
}

func redeemRefresh(p *state.Project, issuer string, app *state.ConnectedApp, req *TokenRequest, now time.Time) (*TokenSet, *apierr.OAuth2Error) {
	if req.RefreshToken == "" {
		return nil, apierr.OAuth2(400, "invalid_request", "refresh_token is required.")
	}
	h := ids.HashToken(req.RefreshToken)
	t := p.IDP.Refresh[h]
	if t == nil || t.ClientID != app.ClientID {
		return nil, apierr.OAuth2(400, "invalid_grant", "The refresh token is unknown, expired or revoked.")
	}
	scopes := t.Scopes
	if req.Scope != "" {
		scopes = strings.Fields(req.Scope)
		for _, s := range scopes {
			if !slices.Contains(t.Scopes, s) {
				return nil, apierr.OAuth2(400, "invalid_scope", "The scope %q was not granted to the refresh token.", apierr.Excerpt(s, 80))
			}
		}
	}
	m, org, oerr := grantMember(p, t.MemberID, t.OrgID, app.ClientID)
	if oerr != nil {
		return nil, oerr
	}
	delete(p.IDP.Refresh, h)
	return issueTokens(p, issuer, app, m, org, scopes, "", now)
}

// grantMember is the member of a code or refresh token, who must still be
// active and still consent to the app (first-party apps need no consent).
func grantMember(p *state.Project, memberID, orgID, clientID string) (*state.MemberRecord, *state.OrgRecord, *apierr.OAuth2Error) {
	m := p.Members[memberID]
	org := p.Orgs[orgID]
	if m == nil || org == nil || m.Member.Status != organizations.StatusActive {
		return nil, nil, apierr.OAuth2(400, "invalid_grant", "The member of this grant is no longer active.")
	}
	if app := p.IDP.Apps[clientID]; !app.IsFirstParty() && p.IDP.Consent(memberID, clientID) == nil {
		return nil, nil, apierr.OAuth2(400, "invalid_grant", "The member has revoked consent to this app.")
	}
	return m, org, nil
}

// issueTokens signs an access token (and an ID token with openid, a
// refresh token with offline_access) for the member.
func issueTokens(p *state.Project, issuer string, app *state.ConnectedApp, m *state.MemberRecord, org *state.OrgRecord, scopes []string, nonce string, now time.Time) (*TokenSet, *apierr.OAuth2Error) {
	scope := strings.Join(scopes, " ")
	jti := ids.NewID("access-token", p.Env)
	access := jwt.MapClaims{
		"iss": issuer, "aud": []string{p.ID}, "sub": m.Member.MemberID, "scope": scope, "client_id": app.ClientID,
		"iat": now.Unix(), "nbf": now.Unix(), "exp": now.Add(state.IDPAccessTokenTTL).Unix(), "jti": jti,
		"https://stytch.com/organization": orgClaim(org),
	}
	at, err := p.SignJWT(access, now)
	if err != nil {
		return nil, apierr.OAuth2(500, "server_error", "The access token could not be signed.")
	}
	out := &TokenSet{AccessToken: at, TokenType: "bearer", ExpiresIn: int64(state.IDPAccessTokenTTL / time.Second), Scope: scope}
	if slices.Contains(scopes, "openid") {
		idc := jwt.MapClaims{"iss": issuer, "aud": []string{app.ClientID}, "sub": m.Member.MemberID, "iat": now.Unix(), "exp": now.Add(state.IDPAccessTokenTTL).Unix(),
			"https://stytch.com/organization": orgClaim(org)}
		if nonce != "" {
			idc["nonce"] = nonce
		}
		for k, v := range UserinfoClaims(m, scopes) {
			idc[k] = v
		}
		if out.IDToken, err = p.SignJWT(idc, now); err != nil {
			return nil, apierr.OAuth2(500, "server_error", "The ID token could not be signed.")
		}
	}
	if slices.Contains(scopes, "offline_access") {
		rt := ids.NewToken()
		p.IDP.Refresh[ids.HashToken(rt)] = &state.IDPRefreshToken{Hash: ids.HashToken(rt), ClientID: app.ClientID, MemberID: m.Member.MemberID,
			OrgID: org.Org.OrganizationID, Scopes: slices.Clone(scopes), CreatedAt: now, ExpiresAt: now.Add(state.IDPRefreshTTL)}
		out.RefreshToken = rt
	}
	// sessions/exchange_access_token and introspection find the token by
	// its hash, as they find the fixture's.
	p.PruneAccessTokens(now)
	if p.AccessTokens == nil {
		p.AccessTokens = map[string]*state.AccessTokenRecord{}
	}
	p.AccessTokens[ids.HashToken(at)] = &state.AccessTokenRecord{MemberID: m.Member.MemberID, OrgID: org.Org.OrganizationID,
		ClientID: app.ClientID, Scopes: slices.Clone(scopes), FirstParty: app.IsFirstParty(), IssuedAt: now}
	return out, nil
}

// UserinfoClaims are the member's claims that the granted scopes release.
func UserinfoClaims(m *state.MemberRecord, scopes []string) map[string]any {
	out := map[string]any{"sub": m.Member.MemberID}
	if slices.Contains(scopes, "email") {
		out["email"] = m.Member.EmailAddress
		out["email_verified"] = m.Member.EmailAddressVerified
	}
	if slices.Contains(scopes, "profile") {
		out["name"] = m.Member.Name
	}
	if slices.Contains(scopes, "phone") && m.Member.MFAPhoneNumber != "" {
		out["phone_number"] = m.Member.MFAPhoneNumber
		out["phone_number_verified"] = m.Member.MFAPhoneNumberVerified
	}
	return out
}

// ActiveAccessToken verifies an access token of the project (signature,
// issuer, expiry) and finds its record; it answers nil for anything not
// active (unknown, expired, revoked or forged). Callers hold p.Mu.
func ActiveAccessToken(p *state.Project, issuer, token string, now time.Time) (jwt.MapClaims, *state.AccessTokenRecord) {
	claims, err := p.VerifyJWT(token, now)
	if err != nil {
		return nil, nil
	}
	if iss, _ := claims["iss"].(string); iss != issuer {
		return nil, nil
	}
	if exp, err := claims.GetExpirationTime(); err != nil || exp == nil || !now.Before(exp.Time) {
		return nil, nil
	}
	rec := p.AccessTokens[ids.HashToken(token)]
	if rec == nil {
		return nil, nil
	}
	if app := p.IDP.Apps[rec.ClientID]; app != nil && !app.IsFirstParty() && p.IDP.Consent(rec.MemberID, rec.ClientID) == nil {
		return nil, nil
	}
	return claims, rec
}

// Introspection is RFC 7662's answer.
type Introspection struct {
	Active       bool     `json:"active"`
	TokenType    string   `json:"token_type"`
	Iss          string   `json:"iss"`
	Sub          string   `json:"sub"`
	Aud          []string `json:"aud"`
	Scope        string   `json:"scope"`
	ClientID     string   `json:"client_id"`
	Exp          *int64   `json:"exp"`
	Iat          *int64   `json:"iat"`
	Organization OrgClaim `json:"https://stytch.com/organization"`
	RequestID    string   `json:"request_id"`
	StatusCode   int      `json:"status_code"`
}

// OrgClaim is the organization claim of the authorization server's tokens.
type OrgClaim struct {
	OrganizationID string `json:"organization_id"`
	Slug           string `json:"slug"`
}

func orgClaim(org *state.OrgRecord) OrgClaim {
	return OrgClaim{OrganizationID: org.Org.OrganizationID, Slug: org.Org.OrganizationSlug}
}

// Introspect answers whether token (an access or refresh token issued to
// the asking app) is active. The app authenticates as at the token
// endpoint. Callers hold p.Mu.
func Introspect(p *state.Project, issuer string, req *TokenRequest, now time.Time) (*Introspection, *apierr.OAuth2Error) {
	token, hint := req.Token, req.TokenTypeHint
	if req.ClientID == "" || token == "" {
		return nil, apierr.OAuth2(400, "invalid_request", "token and client_id are required.")
	}
	app, oerr := authenticateApp(p, req.ClientID, req.ClientSecret)
	if oerr != nil {
		return nil, oerr
	}
	if hint != "refresh_token" {
		if claims, rec := ActiveAccessToken(p, issuer, token, now); rec != nil && rec.ClientID == app.ClientID {
			out := &Introspection{Active: true, TokenType: "access_token", Iss: issuer, Sub: rec.MemberID, Aud: []string{p.ID},
				Scope: strings.Join(rec.Scopes, " "), ClientID: rec.ClientID}
			if exp, _ := claims.GetExpirationTime(); exp != nil {
				v := exp.Unix()
				out.Exp = &v
			}
			if iat, _ := claims.GetIssuedAt(); iat != nil {
				v := iat.Unix()
				out.Iat = &v
			}
			if org := p.Orgs[rec.OrgID]; org != nil {
				out.Organization = orgClaim(org)
			}
			return out, nil
		}
	}
	if t := p.IDP.Refresh[ids.HashToken(token)]; t != nil && t.ClientID == app.ClientID && now.Before(t.ExpiresAt) {
		if _, _, oerr := grantMember(p, t.MemberID, t.OrgID, t.ClientID); oerr == nil {
			exp, iat := t.ExpiresAt.Unix(), t.CreatedAt.Unix()
			org := p.Orgs[t.OrgID]
			return &Introspection{Active: true, TokenType: "refresh_token", Iss: issuer, Sub: t.MemberID, Aud: []string{p.ID},
				Scope: strings.Join(t.Scopes, " "), ClientID: t.ClientID, Exp: &exp, Iat: &iat,
				Organization: orgClaim(org)}, nil
		}
	}
	return &Introspection{Active: false, Aud: []string{}}, nil
}
