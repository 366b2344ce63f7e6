package idp

import (
	"net/http"
	"strings"

	"github.com/stytchkit/stytch-go/mockserver/internal/api"
	"github.com/stytchkit/stytch-go/mockserver/internal/apierr"
	"github.com/stytchkit/stytch-go/mockserver/internal/flows"
	"github.com/stytchkit/stytch-go/mockserver/internal/httpkit"
)

// The built-in OAuth providers' sign-in pages, under
// /mock/oauth/{provider}/signin (and .../discovery/signin), where
// GET /v1/b2b/public/oauth/{provider}/start sends the browser. The engine
// finds the project by the public token of the query and sets rc.Project
// and rc.Now before these run.

// HandleOAuthSignIn answers GET /mock/oauth/{provider}/signin: it checks
// the start's parameters again and shows the provider's sign-in form.
func HandleOAuthSignIn(rc *httpkit.Call) (any, error) { return oauthSignIn(rc, false) }

// HandleOAuthDiscoverySignIn answers GET
// /mock/oauth/{provider}/discovery/signin.
func HandleOAuthDiscoverySignIn(rc *httpkit.Call) (any, error) { return oauthSignIn(rc, true) }

func oauthSignIn(rc *httpkit.Call, discovery bool) (any, error) {
	s, orgID, err := api.CheckOAuthStartCall(rc, discovery)
	if err != nil {
		return nil, err
	}
	pr := flows.OAuthProviders[s.Provider]
	label := oauthTenantLabels[pr.Name]
	b, rerr := render(oauthSignInPage, oauthSignInData{
		Provider: pr.Type, Discovery: discovery, OrganizationID: orgID,
		Action:      rc.Request.URL.Path + "?" + rc.Request.URL.RawQuery,
		TenantLabel: label[0], TenantHelp: label[1],
	})
	if rerr != nil {
		return nil, apierr.Internal("The built-in OAuth provider could not render its sign-in page.")
	}
	return httpkit.HTML(http.StatusOK, b), nil
}

// HandleOAuthSignInSubmit answers the sign-in form's POST: it records the
// sign-in and redirects the browser to the login, signup or discovery
// redirect URL with stytch_token_type and the OAuth token.
func HandleOAuthSignInSubmit(rc *httpkit.Call) (any, error) { return oauthSignInSubmit(rc, false) }

// HandleOAuthDiscoverySignInSubmit answers the discovery sign-in form's
// POST.
func HandleOAuthDiscoverySignInSubmit(rc *httpkit.Call) (any, error) {
	return oauthSignInSubmit(rc, true)
}

func oauthSignInSubmit(rc *httpkit.Call, discovery bool) (any, error) {
	form, ferr := readForm(rc)
	if ferr != nil {
		return nil, ferr
	}
	s := api.OAuthStartFrom(rc.Param("provider"), discovery, rc.Request.URL.Query())
	email, name, tenant := strings.TrimSpace(form.Get("email")), strings.TrimSpace(form.Get("name")), strings.TrimSpace(form.Get("tenant_id"))
	p := rc.Project
	p.Mu.Lock()
	defer p.Mu.Unlock()
	target, err := flows.StartSignIn(p, rc.Now, s, email, name, tenant)
	if err != nil {
		return nil, err
	}
	return httpkit.Redirect(target), nil
}
