package sso_test

import (
	"bytes"
	"compress/flate"
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/base64"
	"encoding/hex"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/beevik/etree"
	"github.com/coreos/go-oidc/v3/oidc"
	dsig "github.com/russellhaering/goxmldsig"
	"github.com/stytchkit/stytch-go/b2b/sso"
	"github.com/stytchkit/stytch-go/mockserver"
	"golang.org/x/oauth2"
)

// The interop tests prove the mock's SP and built-in IdP speak the
// protocols as written, not merely to each other: the SP consumes a SAML
// Response built and signed here (the whole Response signed, not the
// assertion as the built-in IdP does), and go-oidc drives the built-in
// OIDC provider as any relying party would.

// thirdPartyIdP is a SAML IdP written in the test: its own key, entity ID
// and response layout.
type thirdPartyIdP struct {
	entityID string
	keys     dsig.X509KeyStore
}

// response builds and signs a SAML Response for the SP.
func (i *thirdPartyIdP) response(t *testing.T, now time.Time, acs, audience, inResponseTo, email string, attrs map[string]string) string {
	t.Helper()
	ts := func(d time.Duration) string { return now.Add(d).UTC().Format("2006-01-02T15:04:05Z") }
	doc := etree.NewDocument()
	resp := doc.CreateElement("samlp:Response")
	resp.CreateAttr("xmlns:samlp", "urn:oasis:names:tc:SAML:2.0:protocol")
	resp.CreateAttr("xmlns:saml", "urn:oasis:names:tc:SAML:2.0:assertion")
	resp.CreateAttr("ID", "_resp"+randomID())
	resp.CreateAttr("Version", "2.0")
	resp.CreateAttr("IssueInstant", ts(0))
	resp.CreateAttr("Destination", acs)
	resp.CreateAttr("InResponseTo", inResponseTo)
	resp.CreateElement("saml:Issuer").SetText(i.entityID)
	resp.CreateElement("samlp:Status").CreateElement("samlp:StatusCode").CreateAttr("Value", "urn:oasis:names:tc:SAML:2.0:status:Success")
	as := resp.CreateElement("saml:Assertion")
	as.CreateAttr("ID", "_as"+randomID())
	as.CreateAttr("Version", "2.0")
	as.CreateAttr("IssueInstant", ts(0))
	as.CreateElement("saml:Issuer").SetText(i.entityID)
	subj := as.CreateElement("saml:Subject")
	nid := subj.CreateElement("saml:NameID")
	nid.CreateAttr("Format", "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent")
	nid.SetText("okta-user-00u1")
	scd := subj.CreateElement("saml:SubjectConfirmation")
	scd.CreateAttr("Method", "urn:oasis:names:tc:SAML:2.0:cm:bearer")
	d := scd.CreateElement("saml:SubjectConfirmationData")
	d.CreateAttr("InResponseTo", inResponseTo)
	d.CreateAttr("NotOnOrAfter", ts(3*time.Minute))
	d.CreateAttr("Recipient", acs)
	cond := as.CreateElement("saml:Conditions")
	cond.CreateAttr("NotBefore", ts(-30*time.Second))
	cond.CreateAttr("NotOnOrAfter", ts(3*time.Minute))
	cond.CreateElement("saml:AudienceRestriction").CreateElement("saml:Audience").SetText(audience)
	st := as.CreateElement("saml:AttributeStatement")
	attrs["mail"] = email
	for k, v := range attrs {
		a := st.CreateElement("saml:Attribute")
		a.CreateAttr("Name", k)
		a.CreateElement("saml:AttributeValue").SetText(v)
	}
	ctx := dsig.NewDefaultSigningContext(i.keys)
	if err := ctx.SetSignatureMethod(dsig.RSASHA256SignatureMethod); err != nil {
		t.Fatal(err)
	}
	signed, err := ctx.SignEnveloped(resp)
	if err != nil {
		t.Fatal(err)
	}
	doc.SetRoot(signed)
	b, err := doc.WriteToBytes()
	if err != nil {
		t.Fatal(err)
	}
	return base64.StdEncoding.EncodeToString(b)
}

// randomID is a fresh SAML ID suffix.
func randomID() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// authnRequestID reads the ID of the AuthnRequest the SP sent to the IdP
// (HTTP-Redirect binding: base64 of raw DEFLATE).
func authnRequestID(t *testing.T, location string) string {
	t.Helper()
	u, err := url.Parse(location)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := base64.StdEncoding.DecodeString(u.Query().Get("SAMLRequest"))
	if err != nil {
		t.Fatal(err)
	}
	xml, err := io.ReadAll(flate.NewReader(bytes.NewReader(raw)))
	if err != nil {
		t.Fatal(err)
	}
	doc := etree.NewDocument()
	if err := doc.ReadFromBytes(xml); err != nil {
		t.Fatal(err)
	}
	return doc.Root().SelectAttrValue("ID", "")
}

func TestSAMLSPConsumesThirdPartyResponse(t *testing.T) {
	ts := mockserver.Start(t)
	ctx := context.Background()
	orgID := newOrg(t, ts, "acme")
	keyPEM, certPEM := keyPair(t, "okta.example.test")
	pair, err := tls.X509KeyPair([]byte(certPEM), []byte(keyPEM))
	if err != nil {
		t.Fatal(err)
	}
	idp := &thirdPartyIdP{entityID: "http://www.okta.com/exk-acme", keys: dsig.TLSCertKeyStore(pair)}
	c, err := ts.Client.SSO.SAML.CreateConnection(ctx, &sso.SAMLCreateConnectionParams{OrganizationID: orgID, IdentityProvider: "okta"})
	if err != nil {
		t.Fatal(err)
	}
	connID := c.Connection.ConnectionID
	up, err := ts.Client.SSO.SAML.UpdateConnection(ctx, &sso.SAMLUpdateConnectionParams{OrganizationID: orgID, ConnectionID: connID,
		IdPEntityID: idp.entityID, IdPSSOURL: "https://acme.okta.example.test/app/sso/saml", X509Certificate: certPEM,
		AttributeMapping: map[string]any{"email": "mail", "first_name": "givenName", "last_name": "sn", "department": "dept"}})
	if err != nil || up.Connection.Status != sso.StatusActive {
		t.Fatalf("update = %+v, %v", up, err)
	}
	acs, audience := up.Connection.ACSURL, up.Connection.AudienceURI
	b := newBrowser(t, ts)
	start := func() string {
		st, loc, body := b.do(http.MethodGet, startURL(ts, connID, nil), nil)
		if st != http.StatusFound || !strings.HasPrefix(loc, "https://acme.okta.example.test/app/sso/saml?") {
			t.Fatalf("start = %d %s %s", st, loc, body)
		}
		return authnRequestID(t, loc)
	}
	post := func(resp string) (int, string, string) {
		return b.do(http.MethodPost, acs, url.Values{"SAMLResponse": {resp}})
	}
	now := ts.Clock().Now()
	attrs := func() map[string]string { return map[string]string{"givenName": "Kay", "sn": "Nygaard", "dept": "R&D"} }

	// A valid response for a request the SP made.
	reqID := start()
	st, loc, body := post(idp.response(t, now, acs, audience, reqID, "kay@acme.com", attrs()))
	if st != http.StatusFound {
		t.Fatalf("ACS = %d %s", st, body)
	}
	u, _ := url.Parse(loc)
	res, err := ts.Client.SSO.Authenticate(ctx, &sso.AuthenticateParams{SSOToken: u.Query().Get("token")})
	if err != nil {
		t.Fatal(err)
	}
	reg := res.Member.SSORegistrations
	if res.Member.EmailAddress != "kay@acme.com" || res.Member.Name != "Kay Nygaard" || len(reg) != 1 || reg[0].ExternalID != "okta-user-00u1" ||
		reg[0].SSOAttributes["department"] != "R&D" {
		t.Fatalf("member = %+v", res.Member)
	}

	// What the SP must refuse.
	for _, tc := range []struct {
		name, errType string
		resp          func() string
	}{
		{"tampered after signing", "invalid_signature_saml_response", func() string {
			raw, _ := base64.StdEncoding.DecodeString(idp.response(t, now, acs, audience, start(), "kay@acme.com", attrs()))
			return base64.StdEncoding.EncodeToString(bytes.Replace(raw, []byte("kay@acme.com"), []byte("ceo@acme.com"), 1))
		}},
		{"another audience", "invalid_audience_saml_response", func() string {
			return idp.response(t, now, acs, "https://other-sp.example.test", start(), "kay@acme.com", attrs())
		}},
		{"another recipient", "invalid_saml_response", func() string {
			return idp.response(t, now, "https://other-sp.example.test/acs", audience, start(), "kay@acme.com", attrs())
		}},
		{"a request the SP never made", "unsolicited_saml_response", func() string {
			return idp.response(t, now, acs, audience, "_never-sent", "kay@acme.com", attrs())
		}},
		{"expired on the project clock", "expired_saml_response", func() string {
			return idp.response(t, now.Add(-10*time.Minute), acs, audience, start(), "kay@acme.com", attrs())
		}},
		{"signed by another key", "invalid_signature_saml_response", func() string {
			k2, c2 := keyPair(t, "evil.example.test")
			p2, _ := tls.X509KeyPair([]byte(c2), []byte(k2))
			evil := &thirdPartyIdP{entityID: idp.entityID, keys: dsig.TLSCertKeyStore(p2)}
			return evil.response(t, now, acs, audience, start(), "kay@acme.com", attrs())
		}},
	} {
		st, _, body := post(tc.resp())
		if st != 400 || !strings.Contains(body, `"error_type":"`+tc.errType+`"`) {
			t.Errorf("%s: ACS = %d %s, want 400 %s", tc.name, st, body, tc.errType)
		}
	}
}

func TestOIDCRelyingPartyDrivesBuiltinProvider(t *testing.T) {
	ts := mockserver.Start(t)
	ctx := oidc.ClientContext(context.Background(), ts.HTTP.Client())
	orgID, _ := builtinOIDC(t, ts, "acme")
	list, err := ts.Client.SSO.GetConnections(ctx, &sso.GetConnectionsParams{OrganizationID: orgID})
	if err != nil {
		t.Fatal(err)
	}
	c := list.OIDCConnections[0]
	// Discovery: go-oidc checks the document's issuer against the URL.
	provider, err := oidc.NewProvider(ctx, c.Issuer)
	if err != nil {
		t.Fatal(err)
	}
	cfg := oauth2.Config{ClientID: c.ClientID, ClientSecret: c.ClientSecret, Endpoint: provider.Endpoint(), RedirectURL: c.RedirectURL,
		Scopes: []string{oidc.ScopeOpenID, "email", "profile"}}
	b := newBrowser(t, ts)
	authorize := func(verifier, nonce string) string {
		t.Helper()
		st, _, page := b.do(http.MethodGet, cfg.AuthCodeURL("state-123", oidc.Nonce(nonce), oauth2.S256ChallengeOption(verifier)), nil)
		if st != http.StatusOK {
			t.Fatalf("authorize = %d %s", st, page)
		}
		action, fields := form(t, page)
		fields.Set("email", "lin@acme.com")
		fields.Set("name", "Lin Chen")
		fields.Set("groups", "eng,ops")
		st, loc, body := b.do(http.MethodPost, action, fields)
		if st != http.StatusFound || !strings.HasPrefix(loc, c.RedirectURL+"?") {
			t.Fatalf("sign-in = %d %s %s", st, loc, body)
		}
		u, _ := url.Parse(loc)
		if u.Query().Get("state") != "state-123" {
			t.Fatalf("state = %q", u.Query().Get("state"))
		}
		return u.Query().Get("code")
	}
	verifier := oauth2.GenerateVerifier()
	code := authorize(verifier, "nonce-456")
	tok, err := cfg.Exchange(ctx, code, oauth2.VerifierOption(verifier))
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := tok.Extra("id_token").(string)
	idt, err := provider.Verifier(&oidc.Config{ClientID: c.ClientID, Now: ts.Clock().Now}).Verify(ctx, raw)
	if err != nil {
		t.Fatal(err)
	}
	var claims struct {
		Email    string   `json:"email"`
		Verified bool     `json:"email_verified"`
		Name     string   `json:"name"`
		Groups   []string `json:"groups"`
	}
	if err := idt.Claims(&claims); err != nil {
		t.Fatal(err)
	}
	if idt.Nonce != "nonce-456" || idt.Issuer != c.Issuer || claims.Email != "lin@acme.com" || !claims.Verified || claims.Name != "Lin Chen" ||
		len(claims.Groups) != 2 || idt.Subject == "" {
		t.Fatalf("ID token = %+v, claims %+v", idt, claims)
	}
	ui, err := provider.UserInfo(ctx, oauth2.StaticTokenSource(tok))
	if err != nil || ui.Subject != idt.Subject || ui.Email != "lin@acme.com" {
		t.Fatalf("userinfo = %+v, %v", ui, err)
	}
	// A code is single use.
	if _, err := cfg.Exchange(ctx, code, oauth2.VerifierOption(verifier)); err == nil || !strings.Contains(err.Error(), "invalid_grant") {
		t.Fatalf("second exchange = %v", err)
	}
	// PKCE: a wrong verifier is refused.
	code = authorize(verifier, "n2")
	if _, err := cfg.Exchange(ctx, code, oauth2.VerifierOption(oauth2.GenerateVerifier())); err == nil || !strings.Contains(err.Error(), "invalid_grant") {
		t.Fatalf("exchange with a wrong verifier = %v", err)
	}
	// A wrong client secret is refused.
	bad := cfg
	bad.ClientSecret = "wrong"
	if _, err := bad.Exchange(ctx, authorize(verifier, "n3"), oauth2.VerifierOption(verifier)); err == nil || !strings.Contains(err.Error(), "invalid_client") {
		t.Fatalf("exchange with a wrong secret = %v", err)
	}
	// Codes expire on the project clock.
	code = authorize(verifier, "n4")
	ts.Clock().Advance(2 * time.Minute)
	if _, err := cfg.Exchange(ctx, code, oauth2.VerifierOption(verifier)); err == nil || !strings.Contains(err.Error(), "invalid_grant") {
		t.Fatalf("exchange of an expired code = %v", err)
	}
}
