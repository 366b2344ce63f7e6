package engine

import (
	"net/http"
	"strings"

	"github.com/stytchkit/stytch-go/mockserver/internal/api"
	"github.com/stytchkit/stytch-go/mockserver/internal/apierr"
	"github.com/stytchkit/stytch-go/mockserver/internal/flows"
	"github.com/stytchkit/stytch-go/mockserver/internal/httpkit"
	"github.com/stytchkit/stytch-go/mockserver/internal/idp"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
)

// The public endpoints of a project's authorization server for connected
// apps, under /v1/public/{project_id}/ as Stytch serves them: OIDC
// discovery, the JWKS, userinfo and introspection. The token endpoint is
// shared with M2M (m2m_token.go).

// idpPublicRoutes are the authorization server's public routes.
func (e *Engine) idpPublicRoutes() []*httpkit.Route {
	const base = "/v1/public/{project_id}"
	return []*httpkit.Route{
		{Method: http.MethodGet, Pattern: base + "/.well-known/openid-configuration", Action: "IDPOpenIDConfiguration", Handler: e.handleIDPDiscovery, Public: true},
		{Method: http.MethodGet, Pattern: base + "/.well-known/jwks.json", Action: "IDPJWKS", Handler: e.handleIDPJWKS, Public: true},
		{Method: http.MethodGet, Pattern: base + "/oauth2/authorize", Action: "IDPAuthorizePage", Handler: e.byProjectPath(idp.HandleConnectedAppAuthorize, true), Public: true},
		{Method: http.MethodPost, Pattern: base + "/oauth2/authorize", Action: "IDPAuthorizePageSubmit", Handler: e.byProjectPath(idp.HandleConnectedAppAuthorizeSubmit, false), Public: true},
		{Method: http.MethodGet, Pattern: base + "/oauth2/userinfo", Action: "IDPUserinfo", Handler: e.handleIDPUserinfo, Public: true},
		{Method: http.MethodPost, Pattern: base + "/oauth2/userinfo", Action: "IDPUserinfoPost", Handler: e.handleIDPUserinfo, Public: true, ReadOnly: true},
		{Method: http.MethodPost, Pattern: base + "/oauth2/introspect", Action: "IDPIntrospectTokenNetwork", Handler: e.handleIDPIntrospect, Public: true, ReadOnly: true},
	}
}

// idpProject is the B2B project the path names.
func (e *Engine) idpProject(rc *httpkit.Call) (*state.Project, error) {
	p := e.Project(rc.Param("project_id"))
	if p == nil || p.Vertical == state.VerticalConsumer {
		return nil, apierr.NotFound("project_not_found", "Project %q was not found.", apierr.Excerpt(rc.Param("project_id"), 80))
	}
	return p, nil
}

// byProjectPath runs h for the B2B project the path names; getWrites marks
// a GET that changes state.
func (e *Engine) byProjectPath(h httpkit.HandlerFunc, getWrites bool) httpkit.HandlerFunc {
	return func(rc *httpkit.Call) (any, error) {
		p, err := e.idpProject(rc)
		if err != nil {
			return nil, err
		}
		return e.bind(rc, p, h, getWrites)
	}
}

func (e *Engine) handleIDPDiscovery(rc *httpkit.Call) (any, error) {
	p, err := e.idpProject(rc)
	if err != nil {
		return nil, err
	}
	iss := api.IssuerURL(rc, p.ID)
	p.Mu.RLock()
	authz := p.IDP.AuthorizationURL
	p.Mu.RUnlock()
	if authz == "" {
		// The mock's own consent page, unless the project names its own.
		authz = iss + "/oauth2/authorize"
	}
	return map[string]any{
		"issuer": iss, "authorization_endpoint": authz, "token_endpoint": iss + "/oauth2/token",
		"userinfo_endpoint": iss + "/oauth2/userinfo", "jwks_uri": iss + "/.well-known/jwks.json",
		"introspection_endpoint":                iss + "/oauth2/introspect",
		"response_types_supported":              []string{"code"},
		"grant_types_supported":                 []string{"authorization_code", "refresh_token", "client_credentials"},
		"subject_types_supported":               []string{"public"},
		"id_token_signing_alg_values_supported": []string{"RS256"},
		"scopes_supported":                      []string{"openid", "profile", "email", "phone", "offline_access"},
		"token_endpoint_auth_methods_supported": []string{"client_secret_basic", "client_secret_post", "none"},
		"code_challenge_methods_supported":      []string{"S256"},
		"claims_supported":                      []string{"sub", "iss", "aud", "exp", "iat", "nonce", "email", "email_verified", "name", "phone_number"},
	}, nil
}

func (e *Engine) handleIDPJWKS(rc *httpkit.Call) (any, error) {
	p, err := e.idpProject(rc)
	if err != nil {
		return nil, err
	}
	keys, kerr := p.Keys.Published(p.Clock.Now())
	if kerr != nil {
		return nil, kerr
	}
	return &jwksResponse{Keys: keys}, nil
}

// handleAppToken runs a connected app's grant at the token endpoint.
func handleAppToken(rc *httpkit.Call, p *state.Project, req *flows.TokenRequest) (any, error) {
	if err := basicClient(rc, req); err != nil {
		return nil, err
	}
	now := p.Clock.Now()
	p.Mu.Lock()
	defer p.Mu.Unlock()
	out, oerr := flows.RedeemGrant(p, api.IssuerURL(rc, p.ID), req, now)
	if oerr != nil {
		return nil, oerr
	}
	rc.PersistID = p.ID
	return out, nil
}

func (e *Engine) handleIDPUserinfo(rc *httpkit.Call) (any, error) {
	p, err := e.idpProject(rc)
	if err != nil {
		return nil, err
	}
	bearer, ok := strings.CutPrefix(rc.Request.Header.Get("Authorization"), "Bearer ")
	if !ok || bearer == "" {
		return nil, apierr.OAuth2(401, "invalid_token", "An access token is required (Authorization: Bearer).")
	}
	now := p.Clock.Now()
	p.Mu.RLock()
	defer p.Mu.RUnlock()
	_, rec := flows.ActiveAccessToken(p, api.IssuerURL(rc, p.ID), bearer, now)
	if rec == nil {
		return nil, apierr.OAuth2(401, "invalid_token", "The access token is not active.")
	}
	m := p.Members[rec.MemberID]
	if m == nil {
		return nil, apierr.OAuth2(401, "invalid_token", "The access token's member no longer exists.")
	}
	out := flows.UserinfoClaims(m, rec.Scopes)
	return out, nil
}

func (e *Engine) handleIDPIntrospect(rc *httpkit.Call) (any, error) {
	p, err := e.idpProject(rc)
	if err != nil {
		return nil, err
	}
	req, derr := decodeTokenRequest(rc)
	if derr != nil {
		return nil, derr
	}
	if err := basicClient(rc, req); err != nil {
		return nil, err
	}
	now := p.Clock.Now()
	p.Mu.RLock()
	defer p.Mu.RUnlock()
	out, oerr := flows.Introspect(p, api.IssuerURL(rc, p.ID), req, now)
	if oerr != nil {
		return nil, oerr
	}
	return out, nil
}
