package sso

import (
	"context"
	"net/http"

	"github.com/stytchkit/stytch-go/internal/nilsafe"
	"github.com/stytchkit/stytch-go/stytchapi"
)

// SAMLClient manages SAML connections. Get one from b2b.Client.SSO.SAML.
type SAMLClient struct {
	c *stytchapi.Client
}

// SAMLCreateConnectionParams start a SAML connection. IdentityProvider is
// one of the organizations.IdentityProvider values ("okta", "generic", ...).
type SAMLCreateConnectionParams struct {
	OrganizationID   string `json:"-"`
	DisplayName      string `json:"display_name,omitzero"`
	IdentityProvider string `json:"identity_provider,omitzero"`
}

// SAMLCreateConnectionResponse is the answer to CreateConnection.
type SAMLCreateConnectionResponse struct {
	RequestID  string          `json:"request_id"`
	StatusCode int32           `json:"status_code"`
	Connection *SAMLConnection `json:"connection,omitempty"`
}

// CreateConnection creates a pending SAML connection with the service
// provider's entity ID, ACS URL and signing certificate.
func (c *SAMLClient) CreateConnection(ctx context.Context, params *SAMLCreateConnectionParams, opts ...stytchapi.RequestOption) (*SAMLCreateConnectionResponse, error) {
	p := nilsafe.Ptr(params)
	return stytchapi.Do[SAMLCreateConnectionResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodPost, Path: "/v1/b2b/sso/saml/{organization_id}", PathParams: []string{p.OrganizationID}, Body: params, Options: opts,
	})
}

// SAMLUpdateConnectionParams change a SAML connection. Only the fields that
// are set change. X509Certificate adds a PEM verification certificate (up
// to 5); AttributeMapping must map "email" and "full_name" (or
// "first_name" and "last_name") to assertion attribute names, and "groups"
// when group role assignments are set. SigningPrivateKey and
// SAMLEncryptionPrivateKey are PKCS#1 or PKCS#8 PEM RSA keys.
type SAMLUpdateConnectionParams struct {
	OrganizationID                        string                                  `json:"-"`
	ConnectionID                          string                                  `json:"-"`
	IdPEntityID                           string                                  `json:"idp_entity_id,omitzero"`
	DisplayName                           string                                  `json:"display_name,omitzero"`
	AttributeMapping                      map[string]any                          `json:"attribute_mapping,omitzero"`
	X509Certificate                       string                                  `json:"x509_certificate,omitzero"`
	IdPSSOURL                             string                                  `json:"idp_sso_url,omitzero"`
	SAMLConnectionImplicitRoleAssignments []*SAMLConnectionImplicitRoleAssignment `json:"saml_connection_implicit_role_assignments,omitzero"`
	SAMLGroupImplicitRoleAssignments      []*SAMLGroupImplicitRoleAssignment      `json:"saml_group_implicit_role_assignments,omitzero"`
	AlternativeAudienceURI                string                                  `json:"alternative_audience_uri,omitzero"`
	IdentityProvider                      string                                  `json:"identity_provider,omitzero"`
	SigningPrivateKey                     string                                  `json:"signing_private_key,omitzero"`
	NameIDFormat                          string                                  `json:"nameid_format,omitzero"`
	AlternativeACSURL                     string                                  `json:"alternative_acs_url,omitzero"`
	IdPInitiatedAuthDisabled              *bool                                   `json:"idp_initiated_auth_disabled,omitzero"`
	SAMLEncryptionPrivateKey              string                                  `json:"saml_encryption_private_key,omitzero"`
	AllowGatewayCallback                  *bool                                   `json:"allow_gateway_callback,omitzero"`
}

// SAMLUpdateConnectionResponse is the answer to UpdateConnection.
type SAMLUpdateConnectionResponse struct {
	RequestID  string          `json:"request_id"`
	StatusCode int32           `json:"status_code"`
	Connection *SAMLConnection `json:"connection,omitempty"`
}

// UpdateConnection changes a SAML connection; it becomes active once it is
// fully configured.
func (c *SAMLClient) UpdateConnection(ctx context.Context, params *SAMLUpdateConnectionParams, opts ...stytchapi.RequestOption) (*SAMLUpdateConnectionResponse, error) {
	p := nilsafe.Ptr(params)
	return stytchapi.Do[SAMLUpdateConnectionResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodPut, Path: "/v1/b2b/sso/saml/{organization_id}/connections/{connection_id}",
		PathParams: []string{p.OrganizationID, p.ConnectionID}, Body: params, Options: opts,
	})
}

// SAMLUpdateByURLParams name the IdP metadata document to configure a
// connection from.
type SAMLUpdateByURLParams struct {
	OrganizationID string `json:"-"`
	ConnectionID   string `json:"-"`
	MetadataURL    string `json:"metadata_url"`
}

// SAMLUpdateByURLResponse is the answer to UpdateByURL.
type SAMLUpdateByURLResponse struct {
	RequestID  string          `json:"request_id"`
	StatusCode int32           `json:"status_code"`
	Connection *SAMLConnection `json:"connection,omitempty"`
}

// UpdateByURL fetches the IdP's SAML metadata XML and sets the
// connection's IdP entity ID, SSO URL and verification certificate from
// it. It does not set the attribute mapping.
func (c *SAMLClient) UpdateByURL(ctx context.Context, params *SAMLUpdateByURLParams, opts ...stytchapi.RequestOption) (*SAMLUpdateByURLResponse, error) {
	p := nilsafe.Ptr(params)
	return stytchapi.Do[SAMLUpdateByURLResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodPut, Path: "/v1/b2b/sso/saml/{organization_id}/connections/{connection_id}/url",
		PathParams: []string{p.OrganizationID, p.ConnectionID}, Body: params, Options: opts,
	})
}

// SAMLDeleteVerificationCertificateParams name a verification certificate.
type SAMLDeleteVerificationCertificateParams struct {
	OrganizationID string `json:"-"`
	ConnectionID   string `json:"-"`
	CertificateID  string `json:"-"`
}

// SAMLDeleteVerificationCertificateResponse is the answer to
// DeleteVerificationCertificate.
type SAMLDeleteVerificationCertificateResponse struct {
	RequestID     string `json:"request_id"`
	CertificateID string `json:"certificate_id"`
	StatusCode    int32  `json:"status_code"`
}

// DeleteVerificationCertificate removes an IdP verification certificate.
// The last one of an active connection cannot be removed
// (cannot_delete_last_sso_verification_key).
func (c *SAMLClient) DeleteVerificationCertificate(ctx context.Context, params *SAMLDeleteVerificationCertificateParams, opts ...stytchapi.RequestOption) (*SAMLDeleteVerificationCertificateResponse, error) {
	p := nilsafe.Ptr(params)
	return stytchapi.Do[SAMLDeleteVerificationCertificateResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodDelete, Path: "/v1/b2b/sso/saml/{organization_id}/connections/{connection_id}/verification_certificates/{certificate_id}",
		PathParams: []string{p.OrganizationID, p.ConnectionID, p.CertificateID}, Options: opts,
	})
}

// SAMLDeleteEncryptionPrivateKeyParams name an encryption private key.
type SAMLDeleteEncryptionPrivateKeyParams struct {
	OrganizationID string `json:"-"`
	ConnectionID   string `json:"-"`
	PrivateKeyID   string `json:"-"`
}

// SAMLDeleteEncryptionPrivateKeyResponse is the answer to
// DeleteEncryptionPrivateKey.
type SAMLDeleteEncryptionPrivateKeyResponse struct {
	RequestID    string `json:"request_id"`
	PrivateKeyID string `json:"private_key_id"`
	StatusCode   int32  `json:"status_code"`
}

// DeleteEncryptionPrivateKey removes an encryption private key.
func (c *SAMLClient) DeleteEncryptionPrivateKey(ctx context.Context, params *SAMLDeleteEncryptionPrivateKeyParams, opts ...stytchapi.RequestOption) (*SAMLDeleteEncryptionPrivateKeyResponse, error) {
	p := nilsafe.Ptr(params)
	return stytchapi.Do[SAMLDeleteEncryptionPrivateKeyResponse](ctx, c.c, stytchapi.Request{
		Method: http.MethodDelete, Path: "/v1/b2b/sso/saml/{organization_id}/connections/{connection_id}/encryption_private_keys/{private_key_id}",
		PathParams: []string{p.OrganizationID, p.ConnectionID, p.PrivateKeyID}, Options: opts,
	})
}
