package engine

import (
	"net/http"

	"github.com/stytchkit/stytch-go/mockserver/internal/api"
	"github.com/stytchkit/stytch-go/mockserver/internal/httpkit"
	"github.com/stytchkit/stytch-go/mockserver/internal/idp"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
)

// oauthBrowserRoutes are the browser-facing starts of an OAuth login: they
// carry no project credentials, so the engine finds the project by the
// public token.
func (e *Engine) oauthBrowserRoutes() []*httpkit.Route {
	const base = "/v1/b2b/public/oauth/{provider}"
	return []*httpkit.Route{
		{Method: http.MethodGet, Pattern: base + "/start", Action: "B2BOAuthStart", Public: true, Vertical: state.VerticalB2B, Handler: e.byPublicToken(api.HandleOAuthStart, false)},
		{Method: http.MethodGet, Pattern: base + "/discovery/start", Action: "B2BOAuthDiscoveryStart", Public: true, Vertical: state.VerticalB2B, Handler: e.byPublicToken(api.HandleOAuthDiscoveryStart, false)},
	}
}

// oauthSignInRoutes are the built-in OAuth providers' sign-in pages, under
// /mock/oauth/{provider}.
func (e *Engine) oauthSignInRoutes() []*httpkit.Route {
	const base = "/mock/oauth/{provider}"
	return []*httpkit.Route{
		{Method: http.MethodGet, Pattern: base + "/signin", Action: "MockOAuthSignIn", Public: true, Handler: e.byPublicToken(idp.HandleOAuthSignIn, false)},
		{Method: http.MethodPost, Pattern: base + "/signin", Action: "MockOAuthSignInSubmit", Public: true, Handler: e.byPublicToken(idp.HandleOAuthSignInSubmit, false)},
		{Method: http.MethodGet, Pattern: base + "/discovery/signin", Action: "MockOAuthDiscoverySignIn", Public: true, Handler: e.byPublicToken(idp.HandleOAuthDiscoverySignIn, false)},
		{Method: http.MethodPost, Pattern: base + "/discovery/signin", Action: "MockOAuthDiscoverySignInSubmit", Public: true, Handler: e.byPublicToken(idp.HandleOAuthDiscoverySignInSubmit, false)},
	}
}
