package idp

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/stytchkit/stytch-go/mockserver/internal/apierr"
	"github.com/stytchkit/stytch-go/mockserver/internal/flows"
	"github.com/stytchkit/stytch-go/mockserver/internal/httpkit"
)

// The browser authorization endpoint of a project's authorization server
// for connected apps, GET and POST /v1/public/{project_id}/oauth2/authorize,
// served as Stytch's hosted consent page would serve it. The member proves
// who they are with a member session: the stytch_session (or
// stytch_session_jwt) cookie, or a session_token or session_jwt field of
// the page's form. The rules are flows.CheckAuthorize and
// flows.AuthorizeApp, the ones idp.oauth.authorize_start and
// idp.oauth.authorize apply. The engine finds the project by the path and
// sets rc.Project and rc.Now before these run.

// Session cookies the page accepts, as Stytch's frontend SDKs set them.
const (
	sessionCookie    = "stytch_session"
	sessionJWTCookie = "stytch_session_jwt"
)

// HandleConnectedAppAuthorize answers GET .../oauth2/authorize: with the
// member's session cookie it shows the consent page, or redirects at once
// when no consent is needed (a first-party app, or consent already given
// for every requested scope); without a session it asks for one.
func HandleConnectedAppAuthorize(rc *httpkit.Call) (any, error) {
	req, grant, err := authorizeQuery(rc.Request.URL.Query())
	if err != nil {
		return nil, err
	}
	req.SessionToken, req.SessionJWT = sessionCookies(rc.Request)
	return consentStep(rc, req, grant, "", false)
}

// HandleConnectedAppAuthorizeSubmit answers the page's POST: the session
// form (session_token or session_jwt, which shows the consent page) or the
// member's decision (decision=allow or deny, which redirects to the app).
// A POST a browser does not mark as same-origin is refused.
func HandleConnectedAppAuthorizeSubmit(rc *httpkit.Call) (any, error) {
	if !httpkit.SameOrigin(rc.Request) {
		return nil, apierr.Forbidden("unauthorized_action", "The consent form must be submitted from its own page (same origin).")
	}
	form, ferr := readForm(rc)
	if ferr != nil {
		return nil, ferr
	}
	req, grant, err := authorizeQuery(rc.Request.URL.Query())
	if err != nil {
		return nil, err
	}
	decision := form.Get("decision")
	if decision != "" && decision != "allow" && decision != "deny" {
		return nil, apierr.BadRequest("bad_request", "decision must be allow or deny.")
	}
	req.SessionToken, req.SessionJWT = form.Get("session_token"), form.Get("session_jwt")
	fromForm := req.SessionToken != "" || req.SessionJWT != ""
	if !fromForm {
		req.SessionToken, req.SessionJWT = sessionCookies(rc.Request)
	}
	return consentStep(rc, req, grant, decision, fromForm)
}

// authorizeQuery reads an OAuth 2.0 authorization request from the query.
func authorizeQuery(q url.Values) (flows.AuthorizeRequest, flows.AuthorizeGrant, *apierr.Error) {
	if m := q.Get("code_challenge_method"); m != "" && m != "S256" {
		return flows.AuthorizeRequest{}, flows.AuthorizeGrant{}, apierr.BadRequest("invalid_pkce_code_challenge", "code_challenge_method must be S256.")
	}
	req := flows.AuthorizeRequest{
		ClientID: q.Get("client_id"), RedirectURI: q.Get("redirect_uri"), ResponseType: q.Get("response_type"),
		Scopes: strings.Fields(q.Get("scope")), Prompt: q.Get("prompt"),
	}
	return req, flows.AuthorizeGrant{State: q.Get("state"), Nonce: q.Get("nonce"), CodeChallenge: q.Get("code_challenge")}, nil
}

// sessionCookies are the member session the browser carries, if any: the
// opaque token is preferred over the JWT.
func sessionCookies(r *http.Request) (token, jwt string) {
	if c, err := r.Cookie(sessionCookie); err == nil && c.Value != "" {
		return c.Value, ""
	}
	if c, err := r.Cookie(sessionJWTCookie); err == nil && c.Value != "" {
		return "", c.Value
	}
	return "", ""
}

// consentStep checks the request for the session's member and then asks
// for a session, shows the consent page, or redirects to the app.
// decision is "" (not decided yet), "allow" or "deny"; fromForm says the
// session came from the form, so the consent page carries it on.
func consentStep(rc *httpkit.Call, req flows.AuthorizeRequest, grant flows.AuthorizeGrant, decision string, fromForm bool) (any, error) {
	action := rc.Request.URL.Path + "?" + rc.Request.URL.RawQuery
	p := rc.Project
	p.Mu.Lock()
	defer p.Mu.Unlock()
	c, aerr := flows.CheckAuthorize(p, &req, rc.Now)
	if aerr != nil && aerr.Type == "no_oauth_authorize_member_selector" && decision == "" {
		// The app and redirect URI are known; only the member is missing.
		return consentPage(http.StatusOK, consentData{Action: action, ClientID: req.ClientID, NeedSession: true})
	}
	if aerr != nil {
		return nil, aerr
	}
	if decision == "" && c.ConsentRequired {
		d := consentData{Action: action, ClientID: req.ClientID, App: c.Public(), MemberEmail: c.Member.Member.EmailAddress,
			OrganizationName: c.Org.Org.OrganizationName, Scopes: c.ScopeResults, Prompted: req.Prompt == "consent"}
		if fromForm {
			d.SessionToken, d.SessionJWT = req.SessionToken, req.SessionJWT
		}
		return consentPage(http.StatusOK, d)
	}
	if decision == "deny" {
		// An explicit refusal denies even what would need no consent.
		c.ConsentRequired = true
	}
	grant.ConsentGranted = decision == "allow"
	target, _, aerr := flows.AuthorizeApp(p, c, req.RedirectURI, grant, rc.Now)
	if aerr != nil {
		return nil, aerr
	}
	return httpkit.Redirect(target), nil
}

// consentPage renders the session form or the consent page.
func consentPage(status int, d consentData) (any, error) {
	b, err := render(connectedAppConsentPage, d)
	if err != nil {
		return nil, apierr.Internal("The authorization server could not render its consent page.")
	}
	return httpkit.HTML(status, b), nil
}
