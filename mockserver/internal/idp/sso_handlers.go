package idp

import (
	"bytes"
	"compress/flate"
	"encoding/base64"
	"io"
	"maps"
	"net/http"
	"net/url"
	"strings"

	"github.com/beevik/etree"
	"github.com/stytchkit/stytch-go/mockserver/internal/apierr"
	"github.com/stytchkit/stytch-go/mockserver/internal/flows"
	"github.com/stytchkit/stytch-go/mockserver/internal/httpkit"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
)

// The built-in IdP's HTTP side, under /mock/idp/{connection_id}/. The
// engine finds the project by the connection ID and sets rc.Project and
// rc.Now before these run.

// maxAuthnRequest bounds an inflated AuthnRequest.
const maxAuthnRequest = 64 << 10

// builtinConn returns the connection of the call if it uses the built-in
// IdP and is of kind. Callers hold rc.Project.Mu.
func builtinConn(rc *httpkit.Call, kind string) (*state.SSOConnection, *apierr.Error) {
	c := rc.Project.SSO.Conns[rc.Param("connection_id")]
	if c == nil || c.Builtin == nil || c.Kind != kind {
		return nil, apierr.NotFound("sso_connection_not_found", "The built-in IdP serves no %s connection %q.", kind, apierr.Excerpt(rc.Param("connection_id"), 80))
	}
	return c, nil
}

// readBuiltin runs read under the project's read lock with the call's
// built-in connection of kind.
func readBuiltin(rc *httpkit.Call, kind string, read func(c *state.SSOConnection) (any, error)) (any, error) {
	rc.Project.Mu.RLock()
	defer rc.Project.Mu.RUnlock()
	c, err := builtinConn(rc, kind)
	if err != nil {
		return nil, err
	}
	return read(c)
}

// readForm parses a form-encoded body.
func readForm(rc *httpkit.Call) (url.Values, *apierr.Error) {
	v, err := url.ParseQuery(string(rc.Body))
	if err != nil {
		return nil, apierr.BadRequest("bad_request", "The form body is not application/x-www-form-urlencoded.")
	}
	return v, nil
}

// formUser reads who signs in from the sign-in form.
func formUser(v url.Values) (User, *apierr.Error) {
	u := User{Email: strings.TrimSpace(v.Get("email")), Name: strings.TrimSpace(v.Get("name")), Groups: splitGroups(v.Get("groups"))}
	if err := flows.CheckEmail("email", u.Email); err != nil {
		return User{}, err
	}
	return u, nil
}

// page renders the sign-in form.
func page(protocol, connID, action string, hidden map[string]string) (any, error) {
	b, err := render(signInPage, signInData{Protocol: protocol, ConnectionID: connID, Action: action, Hidden: hidden})
	if err != nil {
		return nil, apierr.Internal("The built-in IdP could not render its sign-in page.")
	}
	return httpkit.HTML(http.StatusOK, b), nil
}

// parseAuthnRequest decodes an HTTP-Redirect binding SAMLRequest (base64
// of raw DEFLATE) and returns its ID and issuer.
func parseAuthnRequest(encoded string) (id, issuer string, err *apierr.Error) {
	bad := apierr.BadRequest("bad_request", "SAMLRequest is not a deflated, base64-encoded AuthnRequest.")
	raw, derr := base64.StdEncoding.DecodeString(encoded)
	if derr != nil {
		return "", "", bad
	}
	xml, rerr := io.ReadAll(io.LimitReader(flate.NewReader(bytes.NewReader(raw)), maxAuthnRequest+1))
	if rerr != nil || len(xml) > maxAuthnRequest {
		return "", "", bad
	}
	doc := etree.NewDocument()
	if doc.ReadFromBytes(xml) != nil || doc.Root() == nil || doc.Root().Tag != "AuthnRequest" {
		return "", "", bad
	}
	id = doc.Root().SelectAttrValue("ID", "")
	if is := doc.Root().SelectElement("Issuer"); is != nil {
		issuer = strings.TrimSpace(is.Text())
	}
	if id == "" {
		return "", "", bad
	}
	return id, issuer, nil
}

// HandleSAMLSignIn answers GET /mock/idp/{connection_id}/sso: with a
// SAMLRequest (SP-initiated) it checks the request comes from the
// connection's SP; without one the login is IdP-initiated. Either way it
// shows the sign-in form.
func HandleSAMLSignIn(rc *httpkit.Call) (any, error) {
	return readBuiltin(rc, state.SSOKindSAML, func(c *state.SSOConnection) (any, error) {
		hidden := map[string]string{}
		if enc := rc.Query("SAMLRequest"); enc != "" {
			id, issuer, perr := parseAuthnRequest(enc)
			if perr != nil {
				return nil, perr
			}
			if issuer != flows.SAMLEntityID(c) {
				return nil, apierr.BadRequest("bad_request", "The AuthnRequest's issuer is not this connection's service provider.")
			}
			hidden["request_id"] = id
		}
		if rs := rc.Query("RelayState"); rs != "" {
			hidden["relay_state"] = apierr.Excerpt(rs, 512)
		}
		return page("SAML", c.ID, flows.BuiltinIdPURL(c)+"/sso", hidden)
	})
}

// HandleSAMLSubmit answers the sign-in form's POST: the IdP signs a SAML
// Response for the user (InResponseTo the AuthnRequest, if any) and the
// browser posts it to the connection's ACS.
func HandleSAMLSubmit(rc *httpkit.Call) (any, error) {
	form, ferr := readForm(rc)
	if ferr != nil {
		return nil, ferr
	}
	u, uerr := formUser(form)
	if uerr != nil {
		return nil, uerr
	}
	p := rc.Project
	p.Mu.RLock()
	c, err := builtinConn(rc, state.SSOKindSAML)
	if err != nil {
		p.Mu.RUnlock()
		return nil, err
	}
	c = state.CloneSSOConnection(c)
	p.Mu.RUnlock()
	acs, audience := SPTargets(c)
	resp, serr := SignedResponse(c.Builtin.KeyPEM, c.Builtin.CertPEM, SAMLAssertion{
		Issuer: c.IdPEntityID, Destination: acs, Audience: audience, InResponseTo: form.Get("request_id"),
		NameID: u.Email, NameIDFormat: c.NameIDFormat, Attributes: userAttributes(u), Now: rc.Now,
	})
	if serr != nil {
		return nil, apierr.Internal("The built-in IdP could not sign its response.")
	}
	b, rerr := render(postPage, struct{ ACS, SAMLResponse, RelayState string }{acs, resp, form.Get("relay_state")})
	if rerr != nil {
		return nil, apierr.Internal("The built-in IdP could not render its POST page.")
	}
	return httpkit.HTML(http.StatusOK, b), nil
}

// SPTargets are where the IdP addresses a response for c's service
// provider: the ACS URL (Destination, Recipient) and the audience.
func SPTargets(c *state.SSOConnection) (acs, audience string) {
	acs, audience = flows.SSOCallbackURL(c), flows.SAMLEntityID(c)
	if c.AlternativeACSURL != "" {
		acs = c.AlternativeACSURL
	}
	if c.AlternativeAudienceURI != "" {
		audience = c.AlternativeAudienceURI
	}
	return acs, audience
}

// userAttributes are the SAML attributes the built-in IdP asserts: email,
// name and groups (the names its attribute mapping uses) and any extra
// attributes.
func userAttributes(u User) map[string][]string {
	attrs := map[string][]string{"email": {u.Email}}
	if u.Name != "" {
		attrs["name"] = []string{u.Name}
	}
	if len(u.Groups) > 0 {
		attrs["groups"] = u.Groups
	}
	for k, v := range u.Attributes {
		if _, taken := attrs[k]; !taken {
			attrs[k] = []string{v}
		}
	}
	return attrs
}

// UserAttributes is userAttributes for the headless login.
func UserAttributes(u User) map[string][]string { return userAttributes(u) }

// HandleSAMLMetadata answers GET /mock/idp/{connection_id}/metadata: the
// IdP's SAML metadata (entity ID, SSO URL, signing certificate), the
// document update_by_url reads.
func HandleSAMLMetadata(rc *httpkit.Call) (any, error) {
	return readBuiltin(rc, state.SSOKindSAML, func(c *state.SSOConnection) (any, error) {
		cert, cerr := flows.ParseCertPEM(c.Builtin.CertPEM)
		if cerr != nil {
			return nil, apierr.Internal("The built-in IdP's certificate is unusable.")
		}
		doc := etree.NewDocument()
		doc.CreateProcInst("xml", `version="1.0" encoding="UTF-8"`)
		ed := doc.CreateElement("md:EntityDescriptor")
		ed.CreateAttr("xmlns:md", "urn:oasis:names:tc:SAML:2.0:metadata")
		ed.CreateAttr("xmlns:ds", "http://www.w3.org/2000/09/xmldsig#")
		ed.CreateAttr("entityID", c.IdPEntityID)
		idp := ed.CreateElement("md:IDPSSODescriptor")
		idp.CreateAttr("protocolSupportEnumeration", "urn:oasis:names:tc:SAML:2.0:protocol")
		kd := idp.CreateElement("md:KeyDescriptor")
		kd.CreateAttr("use", "signing")
		kd.CreateElement("ds:KeyInfo").CreateElement("ds:X509Data").CreateElement("ds:X509Certificate").SetText(base64.StdEncoding.EncodeToString(cert.Raw))
		idp.CreateElement("md:NameIDFormat").SetText(flows.DefaultNameIDFormat)
		for _, binding := range []string{"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect", "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"} {
			s := idp.CreateElement("md:SingleSignOnService")
			s.CreateAttr("Binding", binding)
			s.CreateAttr("Location", flows.BuiltinIdPURL(c)+"/sso")
		}
		doc.Indent(2)
		b, werr := doc.WriteToBytes()
		if werr != nil {
			return nil, apierr.Internal("The built-in IdP could not write its metadata.")
		}
		h := http.Header{}
		h.Set("Content-Type", "application/samlmetadata+xml")
		return &httpkit.Raw{Status: http.StatusOK, Header: h, Body: b}, nil
	})
}

// HandleOIDCDiscovery answers GET
// /mock/idp/{connection_id}/.well-known/openid-configuration.
func HandleOIDCDiscovery(rc *httpkit.Call) (any, error) {
	return readBuiltin(rc, state.SSOKindOIDC, func(c *state.SSOConnection) (any, error) {
		return httpkit.RawJSON(http.StatusOK, Discovery(c)), nil
	})
}

// HandleOIDCJWKS answers GET /mock/idp/{connection_id}/jwks.
func HandleOIDCJWKS(rc *httpkit.Call) (any, error) {
	return readBuiltin(rc, state.SSOKindOIDC, func(c *state.SSOConnection) (any, error) {
		set, kerr := JWKS(c)
		if kerr != nil {
			return nil, apierr.Internal("The built-in IdP's key is unusable.")
		}
		return httpkit.RawJSON(http.StatusOK, set), nil
	})
}

// HandleOIDCAuthorize answers GET /mock/idp/{connection_id}/authorize: it
// checks the authorization request and shows the sign-in form.
func HandleOIDCAuthorize(rc *httpkit.Call) (any, error) {
	return readBuiltin(rc, state.SSOKindOIDC, func(c *state.SSOConnection) (any, error) {
		ar := AuthorizeFromValues(rc.Request.URL.Query())
		if err := CheckAuthorize(c, ar); err != nil {
			return nil, err
		}
		hidden := map[string]string{}
		for k, v := range ar.Values() {
			hidden[k] = v[0]
		}
		return page("OpenID Connect", c.ID, OIDCEndpoints(c).Authorization, hidden)
	})
}

// HandleOIDCAuthorizeSubmit answers the sign-in form's POST: it issues an
// authorization code and sends the browser to redirect_uri with code and
// state.
func HandleOIDCAuthorizeSubmit(rc *httpkit.Call) (any, error) {
	form, ferr := readForm(rc)
	if ferr != nil {
		return nil, ferr
	}
	u, uerr := formUser(form)
	if uerr != nil {
		return nil, uerr
	}
	p := rc.Project
	p.Mu.Lock()
	defer p.Mu.Unlock()
	c, err := builtinConn(rc, state.SSOKindOIDC)
	if err != nil {
		return nil, err
	}
	ar := AuthorizeFromValues(form)
	code, err := IssueCode(p, rc.Now, c, ar, u)
	if err != nil {
		return nil, err
	}
	target, _ := url.Parse(ar.RedirectURI) // checked by IssueCode
	q := target.Query()
	q.Set("code", code)
	if ar.State != "" {
		q.Set("state", ar.State)
	}
	target.RawQuery = q.Encode()
	return httpkit.Redirect(target.String()), nil
}

// HandleOIDCToken answers POST /mock/idp/{connection_id}/token.
func HandleOIDCToken(rc *httpkit.Call) (any, error) {
	form, ferr := readForm(rc)
	if ferr != nil {
		return nil, apierr.OAuth2(http.StatusBadRequest, "invalid_request", "The token request body is not form-encoded.")
	}
	id, secret, _ := rc.Request.BasicAuth()
	p := rc.Project
	p.Mu.Lock()
	defer p.Mu.Unlock()
	c, err := builtinConn(rc, state.SSOKindOIDC)
	if err != nil {
		return nil, apierr.OAuth2(http.StatusUnauthorized, "invalid_client", "The built-in IdP has no such client.")
	}
	out, oerr := Exchange(p, rc.Now, c, form, id, secret)
	if oerr != nil {
		return nil, oerr
	}
	return httpkit.RawJSON(http.StatusOK, out), nil
}

// HandleOIDCUserinfo answers GET /mock/idp/{connection_id}/userinfo for a
// bearer access token.
func HandleOIDCUserinfo(rc *httpkit.Call) (any, error) {
	return readBuiltin(rc, state.SSOKindOIDC, func(c *state.SSOConnection) (any, error) {
		bearer, ok := strings.CutPrefix(rc.Request.Header.Get("Authorization"), "Bearer ")
		if !ok {
			return nil, apierr.OAuth2(http.StatusUnauthorized, "invalid_token", "The userinfo endpoint needs a bearer access token.")
		}
		claims, oerr := UserInfo(c, rc.Now, bearer)
		if oerr != nil {
			return nil, oerr
		}
		return httpkit.RawJSON(http.StatusOK, claims), nil
	})
}

// cloneAttrs copies a user's extra attributes.
func cloneAttrs(m map[string]string) map[string]string { return maps.Clone(m) }
