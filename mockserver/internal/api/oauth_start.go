package api

import (
	"net/url"

	"github.com/stytchkit/stytch-go/mockserver/internal/flows"
	"github.com/stytchkit/stytch-go/mockserver/internal/httpkit"
)

// The browser start of an OAuth login. The engine finds the project by the
// public token and sets rc.Project and rc.Now before these run.

// OAuthStartFrom reads a start's parameters from the query of a start call
// or the fields of the sign-in form.
func OAuthStartFrom(provider string, discovery bool, v url.Values) *flows.OAuthStart {
	slug := v.Get("organization_slug")
	if slug == "" {
		slug = v.Get("slug")
	}
	return &flows.OAuthStart{
		Provider: provider, Discovery: discovery, OrgID: v.Get("organization_id"), OrgSlug: slug,
		Redirects: flows.OAuthRedirects{
			Login: v.Get("login_redirect_url"), Signup: v.Get("signup_redirect_url"), Discovery: v.Get("discovery_redirect_url"),
		},
		PKCEChallenge: v.Get("pkce_code_challenge"), CustomScopes: v.Get("custom_scopes"),
	}
}

// OAuthSignInQuery is the query of the sign-in page a checked start leads
// to: the public token, the resolved organization ID and the start's own
// parameters.
func OAuthSignInQuery(publicToken, orgID string, s *flows.OAuthStart) url.Values {
	q := url.Values{"public_token": {publicToken}}
	set := func(k, v string) {
		if v != "" {
			q.Set(k, v)
		}
	}
	set("organization_id", orgID)
	set("login_redirect_url", s.Redirects.Login)
	set("signup_redirect_url", s.Redirects.Signup)
	set("discovery_redirect_url", s.Redirects.Discovery)
	set("pkce_code_challenge", s.PKCEChallenge)
	set("custom_scopes", s.CustomScopes)
	return q
}

// OAuthSignInPath is the built-in provider's sign-in page.
func OAuthSignInPath(provider string, discovery bool) string {
	if discovery {
		return "/mock/oauth/" + url.PathEscape(provider) + "/discovery/signin"
	}
	return "/mock/oauth/" + url.PathEscape(provider) + "/signin"
}

// HandleOAuthStart answers GET /v1/b2b/public/oauth/{provider}/start: it
// checks the start and redirects the browser to the built-in provider's
// sign-in page.
func HandleOAuthStart(rc *httpkit.Call) (any, error) { return oauthStart(rc, false) }

// HandleOAuthDiscoveryStart answers GET
// /v1/b2b/public/oauth/{provider}/discovery/start.
func HandleOAuthDiscoveryStart(rc *httpkit.Call) (any, error) { return oauthStart(rc, true) }

// CheckOAuthStartCall reads the start of the call (provider in the path,
// parameters in the query) and checks it under the project's read lock,
// returning it with the organization's ID.
func CheckOAuthStartCall(rc *httpkit.Call, discovery bool) (*flows.OAuthStart, string, error) {
	s := OAuthStartFrom(rc.Param("provider"), discovery, rc.Request.URL.Query())
	rc.Project.Mu.RLock()
	defer rc.Project.Mu.RUnlock()
	orgID, _, err := flows.CheckOAuthStart(rc.Project, s)
	if err != nil {
		return nil, "", err
	}
	return s, orgID, nil
}

func oauthStart(rc *httpkit.Call, discovery bool) (any, error) {
	s, orgID, err := CheckOAuthStartCall(rc, discovery)
	if err != nil {
		return nil, err
	}
	s.OrgID, s.OrgSlug = "", ""
	return httpkit.Redirect(OAuthSignInPath(s.Provider, discovery) + "?" + OAuthSignInQuery(rc.Query("public_token"), orgID, s).Encode()), nil
}
