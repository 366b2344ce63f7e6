package idp

import (
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/beevik/etree"
	dsig "github.com/russellhaering/goxmldsig"
	"github.com/stytchkit/stytch-go/mockserver/internal/flows"
)

// SAML namespaces and values.
const (
	nsProtocol  = "urn:oasis:names:tc:SAML:2.0:protocol"
	nsAssertion = "urn:oasis:names:tc:SAML:2.0:assertion"
	statusOK    = "urn:oasis:names:tc:SAML:2.0:status:Success"
	bearer      = "urn:oasis:names:tc:SAML:2.0:cm:bearer"
	// assertionLifetime is how long an issued assertion may be consumed.
	assertionLifetime = 5 * time.Minute
)

// SAMLAssertion is what the IdP asserts and to whom.
type SAMLAssertion struct {
	Issuer       string // the IdP's entity ID
	Destination  string // the SP's ACS URL
	Audience     string // the SP's entity ID
	InResponseTo string // the AuthnRequest ID; empty for IdP-initiated logins
	NameID       string
	NameIDFormat string
	// Attributes by name; each value is a list.
	Attributes map[string][]string
	Now        time.Time
}

// keyStore holds the IdP's key pair for goxmldsig.
type keyStore struct {
	keyPEM, certPEM string
}

// GetKeyPair implements dsig.X509KeyStore.
func (k keyStore) GetKeyPair() (*rsa.PrivateKey, []byte, error) {
	key, err := flows.ParseRSAKeyPEM(k.keyPEM)
	if err != nil {
		return nil, nil, fmt.Errorf("idp key: %w", err)
	}
	cert, err := flows.ParseCertPEM(k.certPEM)
	if err != nil {
		return nil, nil, fmt.Errorf("idp certificate: %w", err)
	}
	return key, cert.Raw, nil
}

// newID is a SAML ID: an NCName, so it starts with a letter.
func newID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return "id-" + hex.EncodeToString(b)
}

// SignedResponse builds a SAML Response carrying one assertion, signs the
// assertion with the IdP's key (enveloped XML signature, RSA-SHA256,
// exclusive C14N) and returns it base64-encoded, as the HTTP-POST binding
// sends it.
func SignedResponse(keyPEM, certPEM string, a SAMLAssertion) (string, error) {
	ts := func(t time.Time) string { return t.UTC().Format(time.RFC3339) }
	now := a.Now
	doc := etree.NewDocument()
	resp := doc.CreateElement("samlp:Response")
	resp.CreateAttr("xmlns:samlp", nsProtocol)
	resp.CreateAttr("xmlns:saml", nsAssertion)
	resp.CreateAttr("ID", newID())
	resp.CreateAttr("Version", "2.0")
	resp.CreateAttr("IssueInstant", ts(now))
	resp.CreateAttr("Destination", a.Destination)
	if a.InResponseTo != "" {
		resp.CreateAttr("InResponseTo", a.InResponseTo)
	}
	resp.CreateElement("saml:Issuer").SetText(a.Issuer)
	resp.CreateElement("samlp:Status").CreateElement("samlp:StatusCode").CreateAttr("Value", statusOK)

	as := etree.NewElement("saml:Assertion")
	as.CreateAttr("xmlns:saml", nsAssertion)
	as.CreateAttr("ID", newID())
	as.CreateAttr("Version", "2.0")
	as.CreateAttr("IssueInstant", ts(now))
	as.CreateElement("saml:Issuer").SetText(a.Issuer)
	subj := as.CreateElement("saml:Subject")
	nid := subj.CreateElement("saml:NameID")
	if a.NameIDFormat != "" {
		nid.CreateAttr("Format", a.NameIDFormat)
	}
	nid.SetText(a.NameID)
	sc := subj.CreateElement("saml:SubjectConfirmation")
	sc.CreateAttr("Method", bearer)
	scd := sc.CreateElement("saml:SubjectConfirmationData")
	scd.CreateAttr("Recipient", a.Destination)
	scd.CreateAttr("NotOnOrAfter", ts(now.Add(assertionLifetime)))
	if a.InResponseTo != "" {
		scd.CreateAttr("InResponseTo", a.InResponseTo)
	}
	cond := as.CreateElement("saml:Conditions")
	cond.CreateAttr("NotBefore", ts(now.Add(-time.Minute)))
	cond.CreateAttr("NotOnOrAfter", ts(now.Add(assertionLifetime)))
	cond.CreateElement("saml:AudienceRestriction").CreateElement("saml:Audience").SetText(a.Audience)
	authn := as.CreateElement("saml:AuthnStatement")
	authn.CreateAttr("AuthnInstant", ts(now))
	authn.CreateAttr("SessionIndex", newID())
	authn.CreateElement("saml:AuthnContext").CreateElement("saml:AuthnContextClassRef").SetText("urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport")
	if len(a.Attributes) > 0 {
		st := as.CreateElement("saml:AttributeStatement")
		for name, vals := range a.Attributes {
			at := st.CreateElement("saml:Attribute")
			at.CreateAttr("Name", name)
			at.CreateAttr("NameFormat", "urn:oasis:names:tc:SAML:2.0:attrname-format:basic")
			for _, v := range vals {
				av := at.CreateElement("saml:AttributeValue")
				av.CreateAttr("xmlns:xs", "http://www.w3.org/2001/XMLSchema")
				av.CreateAttr("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance")
				av.CreateAttr("xsi:type", "xs:string")
				av.SetText(v)
			}
		}
	}
	ctx := dsig.NewDefaultSigningContext(keyStore{keyPEM, certPEM})
	ctx.Canonicalizer = dsig.MakeC14N10ExclusiveCanonicalizerWithPrefixList("")
	if err := ctx.SetSignatureMethod(dsig.RSASHA256SignatureMethod); err != nil {
		return "", fmt.Errorf("idp signature method: %w", err)
	}
	signed, err := ctx.SignEnveloped(as)
	if err != nil {
		return "", fmt.Errorf("signing the assertion: %w", err)
	}
	resp.AddChild(signed)
	out, err := doc.WriteToBytes()
	if err != nil {
		return "", fmt.Errorf("writing the response: %w", err)
	}
	return base64.StdEncoding.EncodeToString(out), nil
}
