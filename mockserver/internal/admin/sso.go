package admin

import (
	"net/url"
	"slices"

	"github.com/stytchkit/stytch-go/b2b/sso"
	"github.com/stytchkit/stytch-go/mockserver/internal/api"
	"github.com/stytchkit/stytch-go/mockserver/internal/apierr"
	"github.com/stytchkit/stytch-go/mockserver/internal/flows"
	"github.com/stytchkit/stytch-go/mockserver/internal/httpkit"
	"github.com/stytchkit/stytch-go/mockserver/internal/idp"
	"github.com/stytchkit/stytch-go/mockserver/internal/ids"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
)

// builtinIdPResponse answers PUT /mock/sso/{connection_id}/builtin_idp.
type builtinIdPResponse struct {
	httpkit.Ack
	SAMLConnection *sso.SAMLConnection `json:"saml_connection,omitempty"`
	OIDCConnection *sso.OIDCConnection `json:"oidc_connection,omitempty"`
}

// builtinMapping is the attribute mapping of a connection on the built-in
// IdP: the attribute (SAML) or claim (OIDC) names it asserts.
var builtinMapping = []byte(`{"email":"email","full_name":"name","groups":"groups"}`)

// HandleBuiltinIdP points a SAML or OIDC connection at the project's
// built-in identity provider with a fresh IdP key. SAML: the IdP's
// certificate (added as a verification certificate), entity ID and SSO
// URL. OIDC: the provider's issuer and endpoints, and a client ID and
// secret. Both get the attribute mapping email/name/groups and become
// active.
func HandleBuiltinIdP(rc *httpkit.Call) (any, error) {
	if err := rc.Decode(&struct{}{}); err != nil {
		return nil, err
	}
	keyPEM, certPEM, kerr := flows.NewSSOKeyPair("stytch-mock built-in IdP", rc.Now)
	kid, kidErr := idp.KeyID(keyPEM)
	if kerr != nil || kidErr != nil {
		return nil, apierr.Internal("The mock could not generate the built-in IdP's key.")
	}
	cert, _ := flows.ParseCertPEM(certPEM)
	builtin := &state.SSOBuiltinIdP{KeyPEM: keyPEM, CertPEM: flows.CertToPEM(cert), KeyID: kid}
	p := rc.Project
	p.Mu.Lock()
	defer p.Mu.Unlock()
	c := p.SSO.Conns[rc.Param("connection_id")]
	if c == nil {
		return nil, apierr.NotFound("sso_connection_not_found", "There is no SSO connection %q.", apierr.Excerpt(rc.Param("connection_id"), 80))
	}
	org := p.Orgs[c.OrgID]
	switch c.Kind {
	case state.SSOKindSAML:
		entity := flows.BuiltinIdPURL(c)
		ssoURL := entity + "/sso"
		// Replace an earlier built-in certificate so repeated calls do not pile up.
		n := state.CloneSSOConnection(c)
		if c.Builtin != nil {
			n.VerificationCerts = slices.DeleteFunc(n.VerificationCerts, func(v state.SSOCert) bool { return v.PEM == c.Builtin.CertPEM })
		}
		next, err := flows.UpdateSAMLConnection(p, org, n, &flows.SAMLUpdateFields{IdPEntityID: &entity, IdPSSOURL: &ssoURL, X509Certificate: &certPEM, AttributeMapping: builtinMapping}, rc.Now)
		if err != nil {
			return nil, err
		}
		next.Builtin = builtin
		p.PutSSOConnection(next)
		v := flows.SAMLView(next)
		return &builtinIdPResponse{SAMLConnection: &v}, nil
	case state.SSOKindOIDC:
		e := idp.OIDCEndpoints(c)
		clientID, secret := "builtin-client-"+c.ID, ids.NewSecret(p.Env)
		next, err := flows.UpdateOIDCConnection(p, c, &flows.OIDCUpdateFields{ClientID: &clientID, ClientSecret: &secret, Issuer: &e.Issuer,
			AuthorizationURL: &e.Authorization, TokenURL: &e.Token, UserinfoURL: &e.Userinfo, JWKSURL: &e.JWKS, AttributeMapping: builtinMapping})
		if err != nil {
			return nil, err
		}
		next.Builtin = builtin
		p.PutSSOConnection(next)
		v := flows.OIDCView(next)
		return &builtinIdPResponse{OIDCConnection: &v}, nil
	}
	return nil, apierr.BadRequest("invalid_request_value", "Connection %q is an external connection: configure the connection it points at.", c.ID)
}

// ssoLoginResponse answers POST /mock/sso/login.
type ssoLoginResponse struct {
	httpkit.Ack
	Token       string `json:"token"`
	RedirectURL string `json:"redirect_url"`
}

// ssoLoginBody is the body of POST /mock/sso/login.
type ssoLoginBody struct {
	ConnectionID      string            `json:"connection_id"`
	Email             string            `json:"email"`
	Name              string            `json:"name"`
	Groups            []string          `json:"groups"`
	Attributes        map[string]string `json:"attributes"`
	LoginRedirectURL  string            `json:"login_redirect_url"`
	SignupRedirectURL string            `json:"signup_redirect_url"`
	PKCECodeChallenge string            `json:"pkce_code_challenge"`
}

// HandleSSOLogin runs a whole SP-initiated login through the built-in IdP
// in-process, as a browser would: SAML, the SP records an AuthnRequest,
// the IdP signs a Response for the given user and the SP validates it
// exactly as it validates a POST to the ACS; OIDC, the SP builds its
// authorization request (state, nonce, PKCE), the IdP issues a code for
// it, and the SP redeems the code at the IdP's token endpoint and verifies
// the ID token against its JWKS over HTTP, as at the callback. The answer
// is the SSO token and the redirect URL a browser would be sent to.
func HandleSSOLogin(rc *httpkit.Call) (any, error) {
	var b ssoLoginBody
	if err := rc.Decode(&b); err != nil {
		return nil, err
	}
	if err := flows.CheckEmail("email", b.Email); err != nil {
		return nil, err
	}
	res, oidcState, oidcConn, code, err := startLogin(rc, &b)
	if err != nil {
		return nil, err
	}
	if res == nil {
		r, aerr := api.FinishOIDC(rc.Request.Context(), rc.Project, oidcConn, oidcState, code)
		if aerr != nil {
			return nil, aerr
		}
		res = &ssoLoginResponse{Token: r.Token, RedirectURL: r.RedirectURL}
	}
	return res, nil
}

// startLogin runs the part of a headless login that holds the project
// lock: the whole SAML exchange, or the OIDC authorization request and the
// IdP's code (the code exchange runs without the lock).
func startLogin(rc *httpkit.Call, b *ssoLoginBody) (res *ssoLoginResponse, oidcState, oidcConn, code string, err error) {
	p := rc.Project
	p.Mu.Lock()
	defer p.Mu.Unlock()
	login := p.SSO.Conns[b.ConnectionID]
	if login == nil {
		return nil, "", "", "", apierr.NotFound("sso_connection_not_found", "There is no SSO connection %q.", apierr.Excerpt(b.ConnectionID, 80))
	}
	c := login
	if c.Kind == state.SSOKindExternal {
		c = p.SSO.Conns[c.ExternalConnID]
	}
	if c == nil || c.Builtin == nil {
		return nil, "", "", "", apierr.BadRequest("invalid_request_value", "Connection %q does not use the built-in IdP: call PUT /mock/sso/{connection_id}/builtin_idp first.", login.ID)
	}
	loginURL, aerr := p.ResolveRedirectURL("login", b.LoginRedirectURL, "no_match_for_provided_sso_url")
	if aerr != nil {
		return nil, "", "", "", aerr
	}
	signupURL, aerr := p.ResolveRedirectURL("signup", b.SignupRedirectURL, "no_match_for_provided_sso_url")
	if aerr != nil {
		return nil, "", "", "", aerr
	}
	u := idp.User{Email: b.Email, Name: b.Name, Groups: b.Groups, Attributes: b.Attributes}
	if c.Kind == state.SSOKindOIDC {
		authURL, req := api.StartOIDC(p, rc.Now, login, c, loginURL, signupURL, b.PKCECodeChallenge)
		parsed, perr := url.Parse(authURL)
		if perr != nil {
			delete(p.SSO.Requests, req.ID)
			return nil, "", "", "", apierr.Internal("The mock built an unusable authorization URL.")
		}
		code, aerr := idp.IssueCode(p, rc.Now, c, idp.AuthorizeFromValues(parsed.Query()), u)
		if aerr != nil {
			delete(p.SSO.Requests, req.ID)
			return nil, "", "", "", aerr
		}
		return nil, req.ID, c.ID, code, nil
	}
	reqID := "id-" + ids.NewToken()
	p.SSO.Requests[reqID] = &state.SSORequest{ID: reqID, ConnectionID: c.ID, LoginRedirectURL: loginURL, SignupRedirectURL: signupURL,
		PKCEChallenge: b.PKCECodeChallenge, ExpiresAt: rc.Now.Add(flows.SSORequestTTL)}
	acs, audience := idp.SPTargets(c)
	resp, serr := idp.SignedResponse(c.Builtin.KeyPEM, c.Builtin.CertPEM, idp.SAMLAssertion{
		Issuer: c.IdPEntityID, Destination: acs, Audience: audience, InResponseTo: reqID,
		NameID: b.Email, NameIDFormat: c.NameIDFormat, Attributes: idp.UserAttributes(u), Now: rc.Now,
	})
	if serr != nil {
		delete(p.SSO.Requests, reqID)
		return nil, "", "", "", apierr.Internal("The built-in IdP could not sign its response.")
	}
	id, req, aerr := flows.ConsumeSAMLResponse(p, rc.Now, c, resp)
	if aerr != nil {
		delete(p.SSO.Requests, reqID)
		return nil, "", "", "", aerr
	}
	id.ConnectionID = login.ID
	token, signup := flows.MintSSOToken(p, rc.Now, *id, req.PKCEChallenge)
	target := req.LoginRedirectURL
	if signup {
		target = req.SignupRedirectURL
	}
	return &ssoLoginResponse{Token: token, RedirectURL: api.WithSSOToken(target, token)}, "", "", "", nil
}
