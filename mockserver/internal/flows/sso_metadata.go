package flows

import (
	"encoding/xml"
	"strings"

	"github.com/russellhaering/gosaml2/types"
	"github.com/stytchkit/stytch-go/mockserver/internal/apierr"
)

// SAML HTTP bindings.
const (
	bindingRedirect = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"
	bindingPOST     = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"
)

// MetadataFields reads an IdP's SAML metadata document into the update
// fields it sets: entity ID, SSO URL (HTTP-Redirect binding preferred)
// and the first signing certificate.
func MetadataFields(doc []byte) (*SAMLUpdateFields, *apierr.Error) {
	var ed types.EntityDescriptor
	if err := xml.Unmarshal(doc, &ed); err != nil {
		return nil, apierr.BadRequest("invalid_xml_from_saml_metadata_url", "The metadata URL did not return a SAML EntityDescriptor.")
	}
	idp := ed.IDPSSODescriptor
	if ed.EntityID == "" || idp == nil {
		return nil, apierr.BadRequest("saml_connection_metadata_invalid_format", "The metadata has no entityID or no IDPSSODescriptor.")
	}
	var ssoURL string
	for _, s := range idp.SingleSignOnServices {
		if s.Binding == bindingRedirect || ssoURL == "" && s.Binding == bindingPOST {
			ssoURL = s.Location
		}
	}
	var cert string
	for _, kd := range idp.KeyDescriptors {
		if kd.Use != "" && kd.Use != "signing" {
			continue
		}
		if cs := kd.KeyInfo.X509Data.X509Certificates; len(cs) > 0 {
			cert = strings.Join(strings.Fields(cs[0].Data), "")
			break
		}
	}
	if ssoURL == "" || cert == "" {
		return nil, apierr.BadRequest("saml_connection_metadata_invalid_format", "The metadata has no SingleSignOnService or no signing certificate.")
	}
	return &SAMLUpdateFields{IdPEntityID: &ed.EntityID, IdPSSOURL: &ssoURL, X509Certificate: &cert}, nil
}
