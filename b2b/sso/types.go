package sso

import "time"

// Connection statuses.
const (
	// StatusPending is a connection that is not fully configured yet: no
	// member can log in through it.
	StatusPending = "pending"
	// StatusActive is a connection members can log in through.
	StatusActive = "active"
)

// X509Certificate is a certificate of a SAML connection: one of the IdP's
// verification certificates, or the service provider's signing certificate.
type X509Certificate struct {
	CertificateID string     `json:"certificate_id"`
	Certificate   string     `json:"certificate"`
	Issuer        string     `json:"issuer"`
	CreatedAt     *time.Time `json:"created_at,omitempty"`
	ExpiresAt     *time.Time `json:"expires_at,omitempty"`
	UpdatedAt     *time.Time `json:"updated_at,omitempty"`
}

// EncryptionPrivateKey is a private key the service provider decrypts
// encrypted SAML assertions with. PrivateKey is returned redacted.
type EncryptionPrivateKey struct {
	PrivateKeyID string     `json:"private_key_id"`
	PrivateKey   string     `json:"private_key"`
	CreatedAt    *time.Time `json:"created_at,omitempty"`
}

// SAMLConnectionImplicitRoleAssignment grants RoleID to every member who
// logs in through the connection.
type SAMLConnectionImplicitRoleAssignment struct {
	RoleID string `json:"role_id"`
}

// SAMLGroupImplicitRoleAssignment grants RoleID to members whose SAML
// assertion lists Group in the attribute mapped to "groups".
type SAMLGroupImplicitRoleAssignment struct {
	RoleID string `json:"role_id"`
	Group  string `json:"group"`
}

// ConnectionImplicitRoleAssignment grants RoleID to every member who logs
// in through an external connection.
type ConnectionImplicitRoleAssignment struct {
	RoleID string `json:"role_id"`
}

// GroupImplicitRoleAssignment grants RoleID to members of Group who log in
// through an external connection.
type GroupImplicitRoleAssignment struct {
	RoleID string `json:"role_id"`
	Group  string `json:"group"`
}

// SAMLConnection is a SAML 2.0 connection of an organization. Stytch is
// the service provider: AudienceURI is its entity ID and ACSURL its
// assertion consumer service. The connection is pending until the IdP's
// entity ID, SSO URL, a verification certificate and an attribute mapping
// with email and name are set.
type SAMLConnection struct {
	OrganizationID                        string                                 `json:"organization_id"`
	ConnectionID                          string                                 `json:"connection_id"`
	Status                                string                                 `json:"status"`
	IdPEntityID                           string                                 `json:"idp_entity_id"`
	DisplayName                           string                                 `json:"display_name"`
	IdPSSOURL                             string                                 `json:"idp_sso_url"`
	ACSURL                                string                                 `json:"acs_url"`
	AudienceURI                           string                                 `json:"audience_uri"`
	SigningCertificates                   []X509Certificate                      `json:"signing_certificates"`
	VerificationCertificates              []X509Certificate                      `json:"verification_certificates"`
	EncryptionPrivateKeys                 []EncryptionPrivateKey                 `json:"encryption_private_keys"`
	SAMLConnectionImplicitRoleAssignments []SAMLConnectionImplicitRoleAssignment `json:"saml_connection_implicit_role_assignments"`
	SAMLGroupImplicitRoleAssignments      []SAMLGroupImplicitRoleAssignment      `json:"saml_group_implicit_role_assignments"`
	AlternativeAudienceURI                string                                 `json:"alternative_audience_uri"`
	IdentityProvider                      string                                 `json:"identity_provider"`
	NameIDFormat                          string                                 `json:"nameid_format"`
	AlternativeACSURL                     string                                 `json:"alternative_acs_url"`
	IdPInitiatedAuthDisabled              bool                                   `json:"idp_initiated_auth_disabled"`
	AllowGatewayCallback                  bool                                   `json:"allow_gateway_callback"`
	AttributeMapping                      map[string]any                         `json:"attribute_mapping,omitempty"`
}

// OIDCConnection is an OpenID Connect connection of an organization.
// RedirectURL is the callback to register at the IdP. The connection is
// pending until Issuer, ClientID, ClientSecret and the four endpoint URLs
// are set.
type OIDCConnection struct {
	OrganizationID   string         `json:"organization_id"`
	ConnectionID     string         `json:"connection_id"`
	Status           string         `json:"status"`
	DisplayName      string         `json:"display_name"`
	RedirectURL      string         `json:"redirect_url"`
	ClientID         string         `json:"client_id"`
	ClientSecret     string         `json:"client_secret"`
	Issuer           string         `json:"issuer"`
	AuthorizationURL string         `json:"authorization_url"`
	TokenURL         string         `json:"token_url"`
	UserinfoURL      string         `json:"userinfo_url"`
	JWKSURL          string         `json:"jwks_url"`
	IdentityProvider string         `json:"identity_provider"`
	CustomScopes     string         `json:"custom_scopes"`
	AttributeMapping map[string]any `json:"attribute_mapping,omitempty"`
}

// Connection is an external connection: an organization's use of another
// organization's SAML or OIDC connection, with its own role assignments.
// External connections are always active.
type Connection struct {
	OrganizationID                            string                             `json:"organization_id"`
	ConnectionID                              string                             `json:"connection_id"`
	ExternalOrganizationID                    string                             `json:"external_organization_id"`
	ExternalConnectionID                      string                             `json:"external_connection_id"`
	DisplayName                               string                             `json:"display_name"`
	Status                                    string                             `json:"status"`
	ExternalConnectionImplicitRoleAssignments []ConnectionImplicitRoleAssignment `json:"external_connection_implicit_role_assignments"`
	ExternalGroupImplicitRoleAssignments      []GroupImplicitRoleAssignment      `json:"external_group_implicit_role_assignments"`
}
