package flows

import (
	"time"

	saml2 "github.com/russellhaering/gosaml2"
	dsig "github.com/russellhaering/goxmldsig"
	"github.com/stytchkit/stytch-go/mockserver/internal/apierr"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
)

// SSORequestTTL is how long an SP-initiated login waits for the IdP.
const SSORequestTTL = 10 * time.Minute

// StartSAML records an SP-initiated SAML login through c, on behalf of
// login (c itself or an external connection to it), and returns the IdP
// URL carrying the AuthnRequest (HTTP-Redirect binding, built by gosaml2).
// Its ID is what the Response must answer (InResponseTo). Callers hold
// p.mu for writing.
func StartSAML(p *state.Project, now time.Time, login, c *state.SSOConnection, loginURL, signupURL, pkceChallenge string) (string, *apierr.Error) {
	acs := SSOCallbackURL(c)
	if c.AlternativeACSURL != "" {
		acs = c.AlternativeACSURL
	}
	sp := &saml2.SAMLServiceProvider{
		IdentityProviderSSOURL: c.IdPSSOURL, IdentityProviderIssuer: c.IdPEntityID, AssertionConsumerServiceURL: acs,
		ServiceProviderIssuer: SAMLEntityID(c), NameIdFormat: c.NameIDFormat, Clock: dsig.NewFakeClockAt(now),
	}
	doc, err := sp.BuildAuthRequestDocumentNoSig()
	if err != nil {
		return "", apierr.Internal("The mock could not build a SAML AuthnRequest.")
	}
	id := doc.Root().SelectAttrValue("ID", "")
	target, err := sp.BuildAuthURLRedirect("", doc)
	if err != nil || id == "" {
		return "", apierr.Internal("The mock could not encode its SAML AuthnRequest.")
	}
	p.PruneSSO(now)
	req := &state.SSORequest{ID: id, ConnectionID: c.ID, LoginRedirectURL: loginURL, SignupRedirectURL: signupURL,
		PKCEChallenge: pkceChallenge, ExpiresAt: now.Add(SSORequestTTL)}
	if login.ID != c.ID {
		req.LoginConnectionID = login.ID
	}
	p.SSO.Requests[id] = req
	return target, nil
}
