package engine

import (
	"net/http"

	"github.com/stytchkit/stytch-go/mockserver/internal/httpkit"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
)

// engineAPIRoutes are API endpoints that need the engine rather than one
// project: the JWKS names its project in the path and takes no credentials.
func (e *Engine) engineAPIRoutes() []*httpkit.Route {
	return append([]*httpkit.Route{
		{Method: http.MethodGet, Pattern: "/v1/b2b/sessions/jwks/{project_id}", Action: "B2BSessionsGetJWKS", Handler: e.handleJWKS, Public: true, Vertical: state.VerticalB2B},
		{Method: http.MethodGet, Pattern: "/v1/sessions/jwks/{project_id}", Action: "SessionsGetJWKS", Handler: e.handleJWKS, Public: true, Vertical: state.VerticalConsumer},
		{Method: http.MethodPost, Pattern: "/v1/public/{project_id}/oauth2/token", Action: "M2MToken", Handler: e.handleM2MToken, Public: true},
	}, e.idpPublicRoutes()...)
}
