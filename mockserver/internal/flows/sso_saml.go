package flows

import (
	"errors"
	"strings"
	"time"

	saml2 "github.com/russellhaering/gosaml2"
	dsig "github.com/russellhaering/goxmldsig"
	"github.com/stytchkit/stytch-go/mockserver/internal/apierr"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
)

// samlReplayWindow is how long a consumed assertion ID is remembered: as
// long as any assertion the SP accepts could still be valid.
const samlReplayWindow = 24 * time.Hour

// ConsumeSAMLResponse validates a base64 SAML Response posted to c's ACS
// with gosaml2: the XML signature against c's verification certificates,
// destination and recipient (the ACS URL), audience (the SP entity ID or
// alternative_audience_uri), NotBefore/NotOnOrAfter on the project clock,
// the issuer (idp_entity_id), InResponseTo against a request the SP
// started (or IdP-initiated, when the connection allows it), and replay.
// It returns the asserted identity mapped through attribute_mapping and
// the SP-initiated request, if any. Callers hold p.mu for writing.
func ConsumeSAMLResponse(p *state.Project, now time.Time, c *state.SSOConnection, encoded string) (*SSOIdentity, *state.SSORequest, *apierr.Error) {
	if encoded == "" {
		return nil, nil, apierr.BadRequest("missing_saml_response", "The request carries no SAMLResponse.")
	}
	if !c.Active() {
		return nil, nil, apierr.BadRequest("requires_active_sso_connection", "Connection %q is not active.", c.ID)
	}
	store := &dsig.MemoryX509CertificateStore{}
	for _, v := range c.VerificationCerts {
		if cert, err := ParseCertPEM(v.PEM); err == nil {
			store.Roots = append(store.Roots, cert)
		}
	}
	audience := SAMLEntityID(c)
	if c.AlternativeAudienceURI != "" {
		audience = c.AlternativeAudienceURI
	}
	acs := SSOCallbackURL(c)
	if c.AlternativeACSURL != "" {
		acs = c.AlternativeACSURL
	}
	sp := &saml2.SAMLServiceProvider{
		IdentityProviderSSOURL: c.IdPSSOURL, IdentityProviderIssuer: c.IdPEntityID,
		AssertionConsumerServiceURL: acs, ServiceProviderIssuer: SAMLEntityID(c), AudienceURI: audience,
		IDPCertificateStore: store, Clock: dsig.NewFakeClockAt(now), AllowMissingAttributes: true,
		MaximumDecompressedBodySize: 1 << 20,
	}
	info, err := sp.RetrieveAssertionInfo(encoded)
	if err != nil {
		return nil, nil, samlError(err)
	}
	if info.WarningInfo.NotInAudience {
		return nil, nil, apierr.BadRequest("invalid_audience_saml_response", "The SAML assertion is not for this connection's audience %q.", audience)
	}
	if info.WarningInfo.InvalidTime {
		cond := info.Assertions[0].Conditions
		if nb, perr := time.Parse(time.RFC3339, cond.NotBefore); perr == nil && now.Before(nb) {
			return nil, nil, apierr.BadRequest("not_yet_valid_saml_response", "The SAML assertion is not valid before %s.", cond.NotBefore)
		}
		return nil, nil, apierr.BadRequest("expired_saml_response", "The SAML assertion expired at %s.", cond.NotOnOrAfter)
	}
	as := info.Assertions[0]
	if _, seen := p.SSO.SeenAssertions[as.ID]; seen || as.ID == "" {
		return nil, nil, apierr.BadRequest("duplicate_saml_response", "This SAML assertion was already used.")
	}
	irt := ""
	if s := as.Subject; s != nil && s.SubjectConfirmation != nil && s.SubjectConfirmation.SubjectConfirmationData != nil {
		irt = s.SubjectConfirmation.SubjectConfirmationData.InResponseTo
	}
	var req *state.SSORequest
	if irt != "" {
		req = p.SSO.Requests[irt]
		if req == nil || req.ConnectionID != c.ID || !now.Before(req.ExpiresAt) {
			return nil, nil, apierr.BadRequest("unsolicited_saml_response", "The SAML response answers a request this connection did not make, or one that expired.")
		}
	} else if c.IdPInitiatedAuthDisabled {
		return nil, nil, apierr.BadRequest("saml_idp_initiated_auth_disabled", "Connection %q refuses IdP-initiated logins.", c.ID)
	}
	id, aerr := samlIdentity(c, info)
	if aerr != nil {
		return nil, nil, aerr
	}
	p.SSO.SeenAssertions[as.ID] = now.Add(samlReplayWindow)
	if req != nil {
		delete(p.SSO.Requests, req.ID)
	}
	return id, req, nil
}

// samlIdentity maps an assertion's attributes through the connection's
// attribute_mapping.
func samlIdentity(c *state.SSOConnection, info *saml2.AssertionInfo) (*SSOIdentity, *apierr.Error) {
	get := func(key string) []string {
		name, _ := c.AttributeMapping[key].(string)
		if name == "" {
			return nil
		}
		var out []string
		for _, v := range info.Values[name].Values {
			out = append(out, v.Value)
		}
		return out
	}
	first := func(key string) string {
		if v := get(key); len(v) > 0 {
			return strings.TrimSpace(v[0])
		}
		return ""
	}
	email := first("email")
	if email == "" && strings.Contains(info.NameID, "@") {
		email = info.NameID
	}
	if email == "" || CheckEmail("email", email) != nil {
		return nil, apierr.BadRequest("invalid_saml_response_email", "The SAML assertion carries no valid email address in the attribute mapped to \"email\".")
	}
	name := first("full_name")
	if name == "" {
		name = strings.TrimSpace(first("first_name") + " " + first("last_name"))
	}
	attrs := map[string]any{}
	for key := range c.AttributeMapping {
		switch key {
		case "email", "full_name", "first_name", "last_name", "groups":
			continue
		}
		if v := get(key); len(v) == 1 {
			attrs[key] = v[0]
		} else if len(v) > 1 {
			attrs[key] = v
		}
	}
	ext := info.NameID
	if ext == "" {
		ext = email
	}
	return &SSOIdentity{ConnectionID: c.ID, ExternalID: ext, Email: email, Name: name, Groups: get("groups"), Attributes: attrs}, nil
}

// samlError maps a gosaml2 validation failure to Stytch's error types.
func samlError(err error) *apierr.Error {
	var invalid saml2.ErrInvalidValue
	var missing saml2.ErrMissingElement
	msg := err.Error()
	switch {
	case errors.As(err, &invalid) && invalid.Reason == saml2.ReasonExpired, strings.Contains(msg, "Expired NotOnOrAfter"):
		return apierr.BadRequest("expired_saml_response", "The SAML response has expired.")
	case errors.As(err, &invalid) && (invalid.Key == "Destination" || invalid.Key == "Recipient"):
		return apierr.BadRequest("invalid_saml_response", "The SAML response is addressed to %s, not this connection's ACS URL.", invalid.Actual)
	case errors.As(err, &invalid) && invalid.Key == "Issuer":
		return apierr.BadRequest("invalid_saml_response", "The SAML response was issued by %q, not the connection's idp_entity_id.", apierr.Excerpt(invalid.Actual, 120))
	case errors.As(err, &missing) && missing.Tag == "Signature",
		strings.Contains(msg, "Missing signature"), strings.Contains(msg, "signature") && strings.Contains(msg, "missing"):
		return apierr.BadRequest("missing_signature_saml_response", "The SAML response is not signed.")
	case errors.Is(err, dsig.ErrMissingSignature):
		return apierr.BadRequest("missing_signature_saml_response", "The SAML response is not signed.")
	case strings.Contains(msg, "Could not verify certificate") || strings.Contains(msg, "Signature could not be verified") || strings.Contains(msg, "signature"):
		return apierr.BadRequest("invalid_signature_saml_response", "The SAML response's signature does not verify against the connection's certificates.")
	case strings.Contains(msg, "xml") || strings.Contains(msg, "XML") || strings.Contains(msg, "base64"):
		return apierr.BadRequest("invalid_xml_saml_response", "The SAMLResponse is not a base64 SAML XML document.")
	}
	return apierr.BadRequest("invalid_saml_response", "The SAML response is not valid: %s.", apierr.Excerpt(msg, 200))
}
