package api

import (
	"net/url"

	"github.com/stytchkit/stytch-go/mockserver/internal/apierr"
	"github.com/stytchkit/stytch-go/mockserver/internal/flows"
	"github.com/stytchkit/stytch-go/mockserver/internal/httpkit"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
)

// The browser side of SSO. The engine finds the project (by public token
// or by connection ID) and sets rc.Project and rc.Now before these run.

// WithSSOToken adds stytch_token_type=sso and the token to a redirect URL.
func WithSSOToken(target, token string) string {
	u, err := url.Parse(target)
	if err != nil {
		return target
	}
	q := u.Query()
	q.Set("stytch_token_type", "sso")
	q.Set("token", token)
	u.RawQuery = q.Encode()
	return u.String()
}

// loginConnection returns the connection the login goes through (login)
// and the SAML or OIDC connection that speaks to the IdP (the source of an
// external connection). Callers hold p.Mu.
func loginConnection(p *state.Project, id string) (login, c *state.SSOConnection, err *apierr.Error) {
	login = p.SSO.Conns[id]
	if login == nil {
		return nil, nil, apierr.NotFound("sso_connection_not_found", "There is no SSO connection %q.", apierr.Excerpt(id, 80))
	}
	c = login
	if c.Kind == state.SSOKindExternal {
		c = p.SSO.Conns[c.ExternalConnID]
	}
	if c == nil || !c.Active() {
		return nil, nil, apierr.BadRequest("requires_active_sso_connection", "Connection %q is not active.", login.ID)
	}
	return login, c, nil
}

// HandleSSOStart answers GET /v1/public/sso/start: it records an
// SP-initiated login and redirects the browser to the IdP (a SAML
// AuthnRequest, or an OIDC authorization request with state, nonce and
// PKCE). The connection is connection_id, or the organization's
// sso_default_connection_id when only organization_id is given.
func HandleSSOStart(rc *httpkit.Call) (any, error) {
	q := rc.Request.URL.Query()
	connID, orgID := q.Get("connection_id"), q.Get("organization_id")
	p := rc.Project
	p.Mu.Lock()
	defer p.Mu.Unlock()
	switch {
	case connID != "" && orgID != "":
		return nil, apierr.BadRequest("too_many_sso_connection_locators", "Pass connection_id or organization_id, not both.")
	case connID == "" && orgID == "":
		return nil, apierr.BadRequest("missing_sso_connection_locator", "Pass connection_id or organization_id.")
	case connID == "":
		org := p.Orgs[orgID]
		if org == nil {
			return nil, apierr.NotFound("organization_not_found", "There is no organization %q.", apierr.Excerpt(orgID, 80))
		}
		if connID = org.Org.SSODefaultConnectionID; connID == "" {
			return nil, apierr.BadRequest("no_sso_connection_exists_for_organization", "Organization %q has no sso_default_connection_id.", orgID)
		}
	}
	login, c, err := loginConnection(p, connID)
	if err != nil {
		return nil, err
	}
	loginURL, err := p.ResolveRedirectURL("login", q.Get("login_redirect_url"), "no_match_for_provided_sso_url")
	if err != nil {
		return nil, err
	}
	signupURL, err := p.ResolveRedirectURL("signup", q.Get("signup_redirect_url"), "no_match_for_provided_sso_url")
	if err != nil {
		return nil, err
	}
	pkce := q.Get("pkce_code_challenge")
	if len(pkce) > 128 {
		return nil, apierr.BadRequest("invalid_request_value", "pkce_code_challenge is too long.")
	}
	if c.Kind == state.SSOKindOIDC {
		target, _ := StartOIDC(p, rc.Now, login, c, loginURL, signupURL, pkce)
		return httpkit.Redirect(target), nil
	}
	target, err := flows.StartSAML(p, rc.Now, login, c, loginURL, signupURL, pkce)
	if err != nil {
		return nil, err
	}
	return httpkit.Redirect(target), nil
}

// HandleSAMLACS answers POST /v1/b2b/sso/callback/{connection_id}, the
// assertion consumer service (HTTP-POST binding): the SP validates the
// SAMLResponse (flows.ConsumeSAMLResponse) and redirects the browser to
// the login or signup URL with the SSO token. An IdP-initiated response
// (no InResponseTo) is accepted unless the connection disables it, and
// goes to the project's default redirect URLs.
func HandleSAMLACS(rc *httpkit.Call) (any, error) {
	form, perr := url.ParseQuery(string(rc.Body))
	if perr != nil {
		return nil, apierr.BadRequest("bad_request", "The ACS expects an application/x-www-form-urlencoded body.")
	}
	p := rc.Project
	p.Mu.Lock()
	defer p.Mu.Unlock()
	c := p.SSO.Conns[rc.Param("connection_id")]
	if c == nil || c.Kind != state.SSOKindSAML {
		return nil, apierr.NotFound("saml_connection_not_found", "There is no SAML connection %q.", apierr.Excerpt(rc.Param("connection_id"), 80))
	}
	defLogin, _ := p.ResolveRedirectURL("login", "", "no_match_for_provided_sso_url")
	defSignup, _ := p.ResolveRedirectURL("signup", "", "no_match_for_provided_sso_url")
	id, req, err := flows.ConsumeSAMLResponse(p, rc.Now, c, form.Get("SAMLResponse"))
	if err != nil {
		return nil, err
	}
	if req == nil {
		req = &state.SSORequest{ConnectionID: c.ID, LoginRedirectURL: defLogin, SignupRedirectURL: defSignup}
	}
	if req.LoginConnectionID != "" && p.SSO.Conns[req.LoginConnectionID] != nil {
		id.ConnectionID = req.LoginConnectionID
	}
	if req.LoginRedirectURL == "" || req.SignupRedirectURL == "" {
		return nil, apierr.BadRequest("no_login_redirect_urls_set", "An IdP-initiated login needs a default login and a default signup redirect URL.")
	}
	token, signup := flows.MintSSOToken(p, rc.Now, *id, req.PKCEChallenge)
	target := req.LoginRedirectURL
	if signup {
		target = req.SignupRedirectURL
	}
	return httpkit.Redirect(WithSSOToken(target, token)), nil
}

// HandleOIDCCallback answers GET /v1/b2b/sso/callback/{connection_id},
// where the OIDC provider sends the browser back with code and state.
func HandleOIDCCallback(rc *httpkit.Call) (any, error) {
	q := rc.Request.URL.Query()
	if e := q.Get("error"); e != "" {
		if s := q.Get("state"); s != "" {
			rc.Project.Mu.Lock()
			if r := rc.Project.SSO.Requests[s]; r != nil && r.ConnectionID == rc.Param("connection_id") {
				delete(rc.Project.SSO.Requests, s)
			}
			rc.Project.Mu.Unlock()
		}
		return nil, apierr.BadRequest("oidc_auth_code_error", "The OIDC provider answered %s.", apierr.Excerpt(e, 60))
	}
	res, err := FinishOIDC(rc.Request.Context(), rc.Project, rc.Param("connection_id"), q.Get("state"), q.Get("code"))
	if err != nil {
		return nil, err
	}
	return httpkit.Redirect(res.RedirectURL), nil
}
