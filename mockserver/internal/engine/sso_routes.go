package engine

import (
	"net/http"

	"github.com/stytchkit/stytch-go/mockserver/internal/api"
	"github.com/stytchkit/stytch-go/mockserver/internal/apierr"
	"github.com/stytchkit/stytch-go/mockserver/internal/httpkit"
	"github.com/stytchkit/stytch-go/mockserver/internal/idp"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
)

// ssoBrowserRoutes are the browser-facing SSO endpoints of the API: they
// carry no project credentials, so the engine finds the project by the
// public token or by the connection ID.
func (e *Engine) ssoBrowserRoutes() []*httpkit.Route {
	return []*httpkit.Route{
		{Method: http.MethodGet, Pattern: "/v1/public/sso/start", Action: "B2BSSOStart", Public: true, Handler: e.byPublicToken(api.HandleSSOStart, true)},
		{Method: http.MethodPost, Pattern: "/v1/b2b/sso/callback/{connection_id}", Action: "B2BSSOSAMLACS", Public: true, Handler: e.byConnection(api.HandleSAMLACS, false)},
		{Method: http.MethodGet, Pattern: "/v1/b2b/sso/callback/{connection_id}", Action: "B2BSSOOIDCCallback", Public: true, Handler: e.byConnection(api.HandleOIDCCallback, true)},
	}
}

// idpRoutes are the built-in identity provider's pages and protocol
// endpoints, under /mock/idp/{connection_id}.
func (e *Engine) idpRoutes() []*httpkit.Route {
	const base = "/mock/idp/{connection_id}"
	return []*httpkit.Route{
		{Method: http.MethodGet, Pattern: base + "/metadata", Action: "MockIdPSAMLMetadata", Public: true, Handler: e.byConnection(idp.HandleSAMLMetadata, false)},
		{Method: http.MethodGet, Pattern: base + "/sso", Action: "MockIdPSAMLSignIn", Public: true, Handler: e.byConnection(idp.HandleSAMLSignIn, false)},
		{Method: http.MethodPost, Pattern: base + "/sso", Action: "MockIdPSAMLSubmit", Public: true, Handler: e.byConnection(idp.HandleSAMLSubmit, false)},
		{Method: http.MethodGet, Pattern: base + "/.well-known/openid-configuration", Action: "MockIdPOIDCDiscovery", Public: true, Handler: e.byConnection(idp.HandleOIDCDiscovery, false)},
		{Method: http.MethodGet, Pattern: base + "/jwks", Action: "MockIdPOIDCJWKS", Public: true, Handler: e.byConnection(idp.HandleOIDCJWKS, false)},
		{Method: http.MethodGet, Pattern: base + "/authorize", Action: "MockIdPOIDCAuthorize", Public: true, Handler: e.byConnection(idp.HandleOIDCAuthorize, false)},
		{Method: http.MethodPost, Pattern: base + "/authorize", Action: "MockIdPOIDCAuthorizeSubmit", Public: true, Handler: e.byConnection(idp.HandleOIDCAuthorizeSubmit, false)},
		{Method: http.MethodPost, Pattern: base + "/token", Action: "MockIdPOIDCToken", Public: true, Handler: e.byConnection(idp.HandleOIDCToken, false)},
		{Method: http.MethodGet, Pattern: base + "/userinfo", Action: "MockIdPOIDCUserinfo", Public: true, Handler: e.byConnection(idp.HandleOIDCUserinfo, false)},
	}
}

// withLoopback lets a handler's outbound requests to the built-in IdP be
// served in-process by the engine.
func (e *Engine) withLoopback(h httpkit.HandlerFunc) httpkit.HandlerFunc {
	return func(rc *httpkit.Call) (any, error) {
		rc.Request = rc.Request.WithContext(api.WithOutbound(api.WithLoopback(rc.Request.Context(), e), e.outbound))
		return h(rc)
	}
}

// bind makes p the call's project, with its time; getWrites marks a GET
// that changes state, which the engine then persists itself.
func (e *Engine) bind(rc *httpkit.Call, p *state.Project, h httpkit.HandlerFunc, getWrites bool) (any, error) {
	rc.Project, rc.Now = p, p.Clock.Now()
	out, err := e.withLoopback(h)(rc)
	if err == nil && getWrites && !rc.Route.Writes() {
		if perr := e.Persist(p.ID); perr != nil {
			return nil, apierr.Internal("The change was made but could not be written to the data directory.")
		}
		rc.Persisted = true
	}
	return out, err
}

// byPublicToken runs h for the project whose public token the query
// names.
func (e *Engine) byPublicToken(h httpkit.HandlerFunc, getWrites bool) httpkit.HandlerFunc {
	return func(rc *httpkit.Call) (any, error) {
		tok := rc.Query("public_token")
		if tok == "" {
			return nil, apierr.BadRequest("bad_request", "public_token is required.")
		}
		for _, p := range e.Projects() {
			if p.SSO.PublicToken == tok {
				return e.bind(rc, p, h, getWrites)
			}
		}
		return nil, apierr.Unauthorized("unauthorized_credentials", "public_token names no project.")
	}
}

// byConnection runs h for the project that holds the connection the path
// names.
func (e *Engine) byConnection(h httpkit.HandlerFunc, getWrites bool) httpkit.HandlerFunc {
	return func(rc *httpkit.Call) (any, error) {
		id := rc.Param("connection_id")
		for _, p := range e.Projects() {
			p.Mu.RLock()
			_, ok := p.SSO.Conns[id]
			p.Mu.RUnlock()
			if ok {
				return e.bind(rc, p, h, getWrites)
			}
		}
		return nil, apierr.NotFound("sso_connection_not_found", "There is no SSO connection %q.", apierr.Excerpt(id, 80))
	}
}
