package admin

import (
	"net/url"
	"slices"
	"time"

	"github.com/stytchkit/stytch-go/b2b/sso"
	"github.com/stytchkit/stytch-go/mockserver/internal/apierr"
	"github.com/stytchkit/stytch-go/mockserver/internal/flows"
	"github.com/stytchkit/stytch-go/mockserver/internal/httpkit"
	"github.com/stytchkit/stytch-go/mockserver/internal/idp"
	"github.com/stytchkit/stytch-go/mockserver/internal/ids"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
)

// ssoRequestTTL is how long an SP-initiated login waits for the IdP.
const ssoRequestTTL = 10 * time.Minute

// builtinIdPResponse answers PUT /mock/sso/{connection_id}/builtin_idp.
type builtinIdPResponse struct {
	httpkit.Ack
	SAMLConnection *sso.SAMLConnection `json:"saml_connection"`
}

// HandleBuiltinIdP points a SAML connection at the project's built-in
// identity provider: a fresh IdP key and certificate (added as a
// verification certificate), the IdP's entity ID and SSO URL, and the
// attribute mapping email/name/groups. The connection becomes active.
func HandleBuiltinIdP(rc *httpkit.Call) (any, error) {
	if err := rc.Decode(&struct{}{}); err != nil {
		return nil, err
	}
	keyPEM, certPEM, kerr := flows.NewSSOKeyPair("stytch-mock built-in IdP", rc.Now)
	if kerr != nil {
		return nil, apierr.Internal("The mock could not generate the built-in IdP's key.")
	}
	p := rc.Project
	p.Mu.Lock()
	defer p.Mu.Unlock()
	c := p.SSO.Conns[rc.Param("connection_id")]
	if c == nil {
		return nil, apierr.NotFound("sso_connection_not_found", "There is no SSO connection %q.", apierr.Excerpt(rc.Param("connection_id"), 80))
	}
	if c.Kind != state.SSOKindSAML {
		return nil, apierr.BadRequest("invalid_request_value", "The built-in IdP serves SAML connections; OIDC is not offered yet.")
	}
	org := p.Orgs[c.OrgID]
	entity := c.BaseURL + "/mock/idp/" + c.ID
	ssoURL := c.BaseURL + "/mock/idp/" + c.ID + "/sso"
	// Replace an earlier built-in certificate so repeated calls do not pile up.
	n := state.CloneSSOConnection(c)
	if c.Builtin != nil {
		n.VerificationCerts = slices.DeleteFunc(n.VerificationCerts, func(v state.SSOCert) bool { return v.PEM == c.Builtin.CertPEM })
	}
	rawMapping := []byte(`{"email":"email","full_name":"name","groups":"groups"}`)
	next, err := flows.UpdateSAMLConnection(p, org, n, &flows.SAMLUpdateFields{IdPEntityID: &entity, IdPSSOURL: &ssoURL, X509Certificate: &certPEM, AttributeMapping: rawMapping}, rc.Now)
	if err != nil {
		return nil, err
	}
	cert, _ := flows.ParseCertPEM(certPEM)
	next.Builtin = &state.SSOBuiltinIdP{KeyPEM: keyPEM, CertPEM: flows.CertToPEM(cert)}
	p.PutSSOConnection(next)
	v := flows.SAMLView(next)
	return &builtinIdPResponse{SAMLConnection: &v}, nil
}

// ssoLoginResponse answers POST /mock/sso/login.
type ssoLoginResponse struct {
	httpkit.Ack
	Token       string `json:"token"`
	RedirectURL string `json:"redirect_url"`
}

// HandleSSOLogin runs a whole SP-initiated SAML login in-process: the SP
// records an AuthnRequest, the built-in IdP signs a Response for the given
// user, and the SP validates it exactly as it validates a browser POST to
// the ACS. The answer is the SSO token and the redirect URL a browser
// would be sent to.
func HandleSSOLogin(rc *httpkit.Call) (any, error) {
	var b struct {
		ConnectionID      string            `json:"connection_id"`
		Email             string            `json:"email"`
		Name              string            `json:"name"`
		Groups            []string          `json:"groups"`
		Attributes        map[string]string `json:"attributes"`
		LoginRedirectURL  string            `json:"login_redirect_url"`
		SignupRedirectURL string            `json:"signup_redirect_url"`
		PKCECodeChallenge string            `json:"pkce_code_challenge"`
	}
	if err := rc.Decode(&b); err != nil {
		return nil, err
	}
	if err := flows.CheckEmail("email", b.Email); err != nil {
		return nil, err
	}
	p := rc.Project
	p.Mu.Lock()
	defer p.Mu.Unlock()
	login := p.SSO.Conns[b.ConnectionID]
	if login == nil {
		return nil, apierr.NotFound("sso_connection_not_found", "There is no SSO connection %q.", apierr.Excerpt(b.ConnectionID, 80))
	}
	c := login
	if c.Kind == state.SSOKindExternal {
		c = p.SSO.Conns[c.ExternalConnID]
	}
	if c == nil || c.Builtin == nil || c.Kind != state.SSOKindSAML {
		return nil, apierr.BadRequest("invalid_request_value", "Connection %q does not use the built-in SAML IdP: call PUT /mock/sso/{connection_id}/builtin_idp first.", login.ID)
	}
	loginURL, err := p.ResolveRedirectURL("login", b.LoginRedirectURL, "no_match_for_provided_sso_url")
	if err != nil {
		return nil, err
	}
	signupURL, err := p.ResolveRedirectURL("signup", b.SignupRedirectURL, "no_match_for_provided_sso_url")
	if err != nil {
		return nil, err
	}
	reqID := "id-" + ids.NewToken()
	p.SSO.Requests[reqID] = &state.SSORequest{ID: reqID, ConnectionID: c.ID, LoginRedirectURL: loginURL, SignupRedirectURL: signupURL,
		PKCEChallenge: b.PKCECodeChallenge, ExpiresAt: rc.Now.Add(ssoRequestTTL)}
	attrs := map[string][]string{"email": {b.Email}}
	if b.Name != "" {
		attrs["name"] = []string{b.Name}
	}
	if len(b.Groups) > 0 {
		attrs["groups"] = b.Groups
	}
	for k, v := range b.Attributes {
		attrs[k] = []string{v}
	}
	resp, serr := idp.SignedResponse(c.Builtin.KeyPEM, c.Builtin.CertPEM, idp.SAMLAssertion{
		Issuer: c.IdPEntityID, Destination: flows.SSOCallbackURL(c), Audience: flows.SAMLEntityID(c), InResponseTo: reqID,
		NameID: b.Email, NameIDFormat: c.NameIDFormat, Attributes: attrs, Now: rc.Now,
	})
	if serr != nil {
		delete(p.SSO.Requests, reqID)
		return nil, apierr.Internal("The built-in IdP could not sign its response.")
	}
	id, req, aerr := flows.ConsumeSAMLResponse(p, rc.Now, c, resp)
	if aerr != nil {
		delete(p.SSO.Requests, reqID)
		return nil, aerr
	}
	id.ConnectionID = login.ID
	token, signup := flows.MintSSOToken(p, rc.Now, *id, req.PKCEChallenge)
	target := req.LoginRedirectURL
	if signup {
		target = req.SignupRedirectURL
	}
	return &ssoLoginResponse{Token: token, RedirectURL: withToken(target, token)}, nil
}

// withToken adds stytch_token_type=sso and the token to a redirect URL.
func withToken(target, token string) string {
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
