package flows

import (
	"encoding/json"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/stytchkit/stytch-go/b2b/sso"
	"github.com/stytchkit/stytch-go/mockserver/internal/apierr"
	"github.com/stytchkit/stytch-go/mockserver/internal/ids"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
)

// SSO connection rules (auth-flows §9).

// Limits on a SAML connection.
const (
	MaxVerificationCerts = 5
	MaxEncryptionKeys    = 5
	// DefaultNameIDFormat is the NameID format a new SAML connection asks for.
	DefaultNameIDFormat = "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress"
	// DefaultOIDCScopes are the scopes an OIDC connection asks for when it
	// has no custom_scopes.
	DefaultOIDCScopes = "openid email profile"
)

// identityProviders are the identity_provider values Stytch accepts.
var identityProviders = []string{"classlink", "cyberark", "duo", "generic", "google-workspace", "jumpcloud", "keycloak",
	"miniorange", "microsoft-entra", "okta", "onelogin", "pingfederate", "rippling", "salesforce", "shibboleth"}

// nameIDFormats are the SAML 2.0 NameID formats a connection may ask for.
var nameIDFormats = []string{
	"urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress",
	"urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified",
	"urn:oasis:names:tc:SAML:2.0:nameid-format:persistent",
	"urn:oasis:names:tc:SAML:2.0:nameid-format:transient",
}

// checkIdentityProvider validates an optional identity_provider.
func checkIdentityProvider(v *string) *apierr.Error {
	if v == nil || *v == "" || slices.Contains(identityProviders, *v) {
		return nil
	}
	return apierr.BadRequest("invalid_sso_idp", "identity_provider %q is not one of %s.", apierr.Excerpt(*v, 40), strings.Join(identityProviders, ", "))
}

// SSOCreateFields is the body of SAML and OIDC create.
type SSOCreateFields struct {
	DisplayName      string  `json:"display_name"`
	IdentityProvider *string `json:"identity_provider"`
}

// newConn builds a connection of kind for org.
func newConn(p *state.Project, org *state.OrgRecord, kind, baseURL string, f *SSOCreateFields, now time.Time) (*state.SSOConnection, *apierr.Error) {
	if err := checkIdentityProvider(f.IdentityProvider); err != nil {
		return nil, err
	}
	c := &state.SSOConnection{
		ID: ids.NewID(kind+"-connection", p.Env), OrgID: org.Org.OrganizationID, Kind: kind,
		DisplayName: f.DisplayName, IdentityProvider: "generic", Seq: p.NextSeq(), CreatedAt: now,
		BaseURL: strings.TrimRight(baseURL, "/"), AttributeMapping: map[string]any{},
	}
	if f.IdentityProvider != nil && *f.IdentityProvider != "" {
		c.IdentityProvider = *f.IdentityProvider
	}
	return c, nil
}

// CreateSAMLConnection creates a pending SAML connection with a fresh SP
// signing key. Callers hold p.mu for writing.
func CreateSAMLConnection(p *state.Project, org *state.OrgRecord, baseURL string, f *SSOCreateFields, now time.Time) (*state.SSOConnection, *apierr.Error) {
	c, err := newConn(p, org, state.SSOKindSAML, baseURL, f, now)
	if err != nil {
		return nil, err
	}
	if c.DisplayName == "" {
		c.DisplayName = "SAML connection"
	}
	c.NameIDFormat = DefaultNameIDFormat
	keyPEM, certPEM, kerr := NewSSOKeyPair(SAMLEntityID(c), now)
	if kerr != nil {
		return nil, apierr.Internal("The mock could not generate the connection's signing key.")
	}
	c.SigningKey = state.SSOKey{ID: ids.NewID("saml-signing-key", p.Env), PEM: keyPEM, CreatedAt: now}
	cert, _ := ParseCertPEM(certPEM)
	c.SigningCert = state.SSOCert{ID: ids.NewID("saml-certificate", p.Env), PEM: certPEM, Issuer: cert.Issuer.CommonName, CreatedAt: now, ExpiresAt: cert.NotAfter}
	p.PutSSOConnection(c)
	return c, nil
}

// CreateOIDCConnection creates a pending OIDC connection. Callers hold
// p.mu for writing.
func CreateOIDCConnection(p *state.Project, org *state.OrgRecord, baseURL string, f *SSOCreateFields, now time.Time) (*state.SSOConnection, *apierr.Error) {
	c, err := newConn(p, org, state.SSOKindOIDC, baseURL, f, now)
	if err != nil {
		return nil, err
	}
	if c.DisplayName == "" {
		c.DisplayName = "OIDC connection"
	}
	p.PutSSOConnection(c)
	return c, nil
}

// SAMLEntityID is the SP entity ID (audience URI) of a SAML connection.
func SAMLEntityID(c *state.SSOConnection) string {
	return c.BaseURL + "/v1/b2b/sso/saml/metadata/" + c.ID
}

// SSOCallbackURL is a connection's ACS URL (SAML) or redirect URL (OIDC).
func SSOCallbackURL(c *state.SSOConnection) string {
	return c.BaseURL + "/v1/b2b/sso/callback/" + c.ID
}

// FindConn returns the connection id names in org, of one of kinds (any
// kind when none is given); a missing one is notFound.
func FindConn(p *state.Project, org *state.OrgRecord, id, notFound string, kinds ...string) (*state.SSOConnection, *apierr.Error) {
	c := p.SSO.Conns[id]
	if c == nil || c.OrgID != org.Org.OrganizationID || len(kinds) > 0 && !slices.Contains(kinds, c.Kind) {
		return nil, apierr.NotFound(notFound, "Organization %q has no such connection %q.", org.Org.OrganizationID, apierr.Excerpt(id, 80))
	}
	return c, nil
}

// SAMLUpdateFields is the body of SAML update. Pointers tell a field that
// was sent from one that was not.
type SAMLUpdateFields struct {
	IdPEntityID                           *string                                     `json:"idp_entity_id"`
	DisplayName                           *string                                     `json:"display_name"`
	AttributeMapping                      json.RawMessage                             `json:"attribute_mapping"`
	X509Certificate                       *string                                     `json:"x509_certificate"`
	IdPSSOURL                             *string                                     `json:"idp_sso_url"`
	SAMLConnectionImplicitRoleAssignments *[]sso.SAMLConnectionImplicitRoleAssignment `json:"saml_connection_implicit_role_assignments"`
	SAMLGroupImplicitRoleAssignments      *[]sso.SAMLGroupImplicitRoleAssignment      `json:"saml_group_implicit_role_assignments"`
	AlternativeAudienceURI                *string                                     `json:"alternative_audience_uri"`
	IdentityProvider                      *string                                     `json:"identity_provider"`
	SigningPrivateKey                     *string                                     `json:"signing_private_key"`
	NameIDFormat                          *string                                     `json:"nameid_format"`
	AlternativeACSURL                     *string                                     `json:"alternative_acs_url"`
	IdPInitiatedAuthDisabled              *bool                                       `json:"idp_initiated_auth_disabled"`
	SAMLEncryptionPrivateKey              *string                                     `json:"saml_encryption_private_key"`
	AllowGatewayCallback                  *bool                                       `json:"allow_gateway_callback"`
}

// checkHTTPURL validates an absolute http(s) URL.
func checkHTTPURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" && len(s) <= 2048
}

// isLoopbackURL reports whether an http URL names this machine.
func isLoopbackURL(s string) bool {
	u, err := url.Parse(s)
	if err != nil {
		return false
	}
	h := u.Hostname()
	return h == "localhost" || h == "::1" || strings.HasPrefix(h, "127.")
}

// attributeMapping decodes an attribute_mapping: a flat object of strings.
func attributeMapping(raw json.RawMessage) (map[string]any, *apierr.Error) {
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil || m == nil {
		return nil, apierr.BadRequest("invalid_request_value", "attribute_mapping must be a JSON object.")
	}
	for k, v := range m {
		if _, ok := v.(string); !ok {
			return nil, apierr.BadRequest("saml_connection_no_nested_keys_in_attribute_mapping", "attribute_mapping.%s must be a string: nested keys are not supported.", apierr.Excerpt(k, 40))
		}
	}
	return m, nil
}

// UpdateSAMLConnection applies f to a copy of c, validates the result and
// stores it. Callers hold p.mu for writing.
func UpdateSAMLConnection(p *state.Project, org *state.OrgRecord, c *state.SSOConnection, f *SAMLUpdateFields, now time.Time) (*state.SSOConnection, *apierr.Error) {
	n := state.CloneSSOConnection(c)
	if err := checkIdentityProvider(f.IdentityProvider); err != nil {
		return nil, err
	}
	if f.IdentityProvider != nil && *f.IdentityProvider != "" {
		n.IdentityProvider = *f.IdentityProvider
	}
	if f.DisplayName != nil && *f.DisplayName != "" {
		n.DisplayName = *f.DisplayName
	}
	if f.IdPEntityID != nil && *f.IdPEntityID != "" {
		if len(*f.IdPEntityID) > 2048 {
			return nil, apierr.BadRequest("invalid_idp_entity_id", "idp_entity_id is too long.")
		}
		n.IdPEntityID = *f.IdPEntityID
	}
	if f.IdPSSOURL != nil && *f.IdPSSOURL != "" {
		u := *f.IdPSSOURL
		if !checkHTTPURL(u) {
			return nil, apierr.BadRequest("saml_connection_idp_sso_url_invalid_format", "idp_sso_url must be an absolute https URL.")
		}
		if strings.HasPrefix(u, "http:") && !isLoopbackURL(u) && !strings.HasPrefix(u, c.BaseURL+"/") {
			return nil, apierr.BadRequest("saml_connection_idp_sso_url_not_https", "idp_sso_url must use https (http is accepted only for localhost and the mock itself).")
		}
		n.IdPSSOURL = u
	}
	if f.AttributeMapping != nil && string(f.AttributeMapping) != "null" {
		m, err := attributeMapping(f.AttributeMapping)
		if err != nil {
			return nil, err
		}
		if s, _ := m["email"].(string); s == "" {
			return nil, apierr.BadRequest("saml_connection_email_mapping_required", "attribute_mapping needs an \"email\" key.")
		}
		full, _ := m["full_name"].(string)
		first, _ := m["first_name"].(string)
		last, _ := m["last_name"].(string)
		if full == "" && (first == "" || last == "") {
			return nil, apierr.BadRequest("saml_connection_name_mapping_required", "attribute_mapping needs \"full_name\", or both \"first_name\" and \"last_name\".")
		}
		n.AttributeMapping = m
	}
	if f.X509Certificate != nil && *f.X509Certificate != "" {
		cert, err := ParseCertPEM(*f.X509Certificate)
		if err != nil {
			return nil, apierr.BadRequest("invalid_x509_certificate", "x509_certificate is not a PEM X.509 certificate.")
		}
		pemText := CertToPEM(cert)
		if !slices.ContainsFunc(n.VerificationCerts, func(v state.SSOCert) bool { return v.PEM == pemText }) {
			if len(n.VerificationCerts) >= MaxVerificationCerts {
				return nil, apierr.BadRequest("too_many_sso_verification_certificates", "A SAML connection holds at most %d verification certificates; delete one first.", MaxVerificationCerts)
			}
			n.VerificationCerts = append(n.VerificationCerts, state.SSOCert{ID: ids.NewID("saml-verification-certificate", p.Env), PEM: pemText,
				Issuer: cert.Issuer.CommonName, CreatedAt: now, ExpiresAt: cert.NotAfter})
		}
	}
	if f.SAMLConnectionImplicitRoleAssignments != nil {
		roles := make([]string, 0, len(*f.SAMLConnectionImplicitRoleAssignments))
		for _, a := range *f.SAMLConnectionImplicitRoleAssignments {
			roles = append(roles, a.RoleID)
		}
		checked, err := CheckRoles(p, org, roles)
		if err != nil {
			return nil, err
		}
		n.ConnRoles = checked
	}
	if f.SAMLGroupImplicitRoleAssignments != nil {
		grs, err := checkGroupRoles(p, org, *f.SAMLGroupImplicitRoleAssignments)
		if err != nil {
			return nil, err
		}
		n.GroupRoles = grs
	}
	if len(n.GroupRoles) > 0 {
		if g, _ := n.AttributeMapping["groups"].(string); g == "" {
			return nil, apierr.BadRequest("saml_connection_attribute_mapping_missing_groups_key", "saml_group_implicit_role_assignments need a \"groups\" key in attribute_mapping.")
		}
	}
	if f.AlternativeAudienceURI != nil {
		n.AlternativeAudienceURI = *f.AlternativeAudienceURI
	}
	if f.NameIDFormat != nil && *f.NameIDFormat != "" {
		if !slices.Contains(nameIDFormats, *f.NameIDFormat) {
			return nil, apierr.BadRequest("invalid_request_value", "nameid_format must be one of %s.", strings.Join(nameIDFormats, ", "))
		}
		n.NameIDFormat = *f.NameIDFormat
	}
	if f.AlternativeACSURL != nil {
		if *f.AlternativeACSURL != "" && !checkHTTPURL(*f.AlternativeACSURL) {
			return nil, apierr.BadRequest("invalid_url", "alternative_acs_url must be an absolute http(s) URL.")
		}
		n.AlternativeACSURL = *f.AlternativeACSURL
	}
	if f.IdPInitiatedAuthDisabled != nil {
		n.IdPInitiatedAuthDisabled = *f.IdPInitiatedAuthDisabled
	}
	if f.AllowGatewayCallback != nil {
		n.AllowGatewayCallback = *f.AllowGatewayCallback
	}
	if f.SigningPrivateKey != nil && *f.SigningPrivateKey != "" {
		key, err := ParseRSAKeyPEM(*f.SigningPrivateKey)
		if err != nil {
			return nil, apierr.BadRequest("saml_signing_private_key_invalid", "signing_private_key must be a PKCS#1 or PKCS#8 PEM RSA private key.")
		}
		certPEM, cerr := selfSignedCert(key, SAMLEntityID(n), now)
		if cerr != nil {
			return nil, apierr.BadRequest("saml_signing_private_key_invalid", "signing_private_key cannot sign a certificate.")
		}
		n.SigningKey = state.SSOKey{ID: ids.NewID("saml-signing-key", p.Env), PEM: *f.SigningPrivateKey, CreatedAt: now}
		cert, _ := ParseCertPEM(certPEM)
		n.SigningCert = state.SSOCert{ID: ids.NewID("saml-certificate", p.Env), PEM: certPEM, Issuer: cert.Issuer.CommonName, CreatedAt: now, ExpiresAt: cert.NotAfter}
	}
	if f.SAMLEncryptionPrivateKey != nil && *f.SAMLEncryptionPrivateKey != "" {
		if _, err := ParseRSAKeyPEM(*f.SAMLEncryptionPrivateKey); err != nil {
			return nil, apierr.BadRequest("saml_signing_private_key_format_not_supported", "saml_encryption_private_key must be a PKCS#1 or PKCS#8 PEM RSA private key.")
		}
		if len(n.EncryptionKeys) >= MaxEncryptionKeys {
			return nil, apierr.BadRequest("too_many_encryption_certificates", "A SAML connection holds at most %d encryption private keys; delete one first.", MaxEncryptionKeys)
		}
		n.EncryptionKeys = append(n.EncryptionKeys, state.SSOKey{ID: ids.NewID("saml-encryption-key", p.Env), PEM: *f.SAMLEncryptionPrivateKey, CreatedAt: now})
	}
	p.PutSSOConnection(n)
	return n, nil
}

// checkGroupRoles validates group role assignments.
func checkGroupRoles(p *state.Project, org *state.OrgRecord, in []sso.SAMLGroupImplicitRoleAssignment) ([]state.SSOGroupRole, *apierr.Error) {
	out := make([]state.SSOGroupRole, 0, len(in))
	for _, a := range in {
		if a.Group == "" {
			return nil, apierr.BadRequest("invalid_rbac_role_assignment", "Every group role assignment needs a group.")
		}
		if _, err := CheckRoles(p, org, []string{a.RoleID}); err != nil {
			return nil, err
		}
		g := state.SSOGroupRole{RoleID: a.RoleID, Group: a.Group}
		if !slices.Contains(out, g) {
			out = append(out, g)
		}
	}
	return out, nil
}

// DeleteVerificationCert removes a verification certificate; the last one
// of an active connection stays. Callers hold p.mu for writing.
func DeleteVerificationCert(p *state.Project, c *state.SSOConnection, certID string) *apierr.Error {
	i := slices.IndexFunc(c.VerificationCerts, func(v state.SSOCert) bool { return v.ID == certID })
	if i < 0 {
		return apierr.NotFound("sso_verification_key_not_found", "Connection %q has no verification certificate %q.", c.ID, apierr.Excerpt(certID, 80))
	}
	if c.Active() && len(c.VerificationCerts) == 1 {
		return apierr.BadRequest("cannot_delete_last_sso_verification_key", "The last verification certificate of an active connection cannot be deleted; add another one first.")
	}
	n := state.CloneSSOConnection(c)
	n.VerificationCerts = slices.Delete(n.VerificationCerts, i, i+1)
	p.PutSSOConnection(n)
	return nil
}

// DeleteEncryptionKey removes an encryption private key. Callers hold p.mu
// for writing.
func DeleteEncryptionKey(p *state.Project, c *state.SSOConnection, keyID string) *apierr.Error {
	i := slices.IndexFunc(c.EncryptionKeys, func(v state.SSOKey) bool { return v.ID == keyID })
	if i < 0 {
		return apierr.NotFound("sso_encryption_private_key_not_found", "Connection %q has no encryption private key %q.", c.ID, apierr.Excerpt(keyID, 80))
	}
	n := state.CloneSSOConnection(c)
	n.EncryptionKeys = slices.Delete(n.EncryptionKeys, i, i+1)
	p.PutSSOConnection(n)
	return nil
}

// OIDCUpdateFields is the body of OIDC update.
type OIDCUpdateFields struct {
	DisplayName      *string         `json:"display_name"`
	ClientID         *string         `json:"client_id"`
	ClientSecret     *string         `json:"client_secret"`
	Issuer           *string         `json:"issuer"`
	AuthorizationURL *string         `json:"authorization_url"`
	TokenURL         *string         `json:"token_url"`
	UserinfoURL      *string         `json:"userinfo_url"`
	JWKSURL          *string         `json:"jwks_url"`
	IdentityProvider *string         `json:"identity_provider"`
	CustomScopes     *string         `json:"custom_scopes"`
	AttributeMapping json.RawMessage `json:"attribute_mapping"`
}

// UpdateOIDCConnection applies f to a copy of c, validates and stores it.
// Callers hold p.mu for writing.
func UpdateOIDCConnection(p *state.Project, c *state.SSOConnection, f *OIDCUpdateFields) (*state.SSOConnection, *apierr.Error) {
	n := state.CloneSSOConnection(c)
	if err := checkIdentityProvider(f.IdentityProvider); err != nil {
		return nil, err
	}
	if f.IdentityProvider != nil && *f.IdentityProvider != "" {
		n.IdentityProvider = *f.IdentityProvider
	}
	if f.DisplayName != nil && *f.DisplayName != "" {
		n.DisplayName = *f.DisplayName
	}
	urls := []struct {
		v       *string
		dst     *string
		errType string
	}{
		{v: f.Issuer, dst: &n.Issuer, errType: "oidc_connection_issuer_url_invalid_format"},
		{v: f.AuthorizationURL, dst: &n.AuthorizationURL, errType: "oidc_connection_authorization_url_invalid_format"},
		{v: f.TokenURL, dst: &n.TokenURL, errType: "oidc_connection_token_url_invalid_format"},
		{v: f.UserinfoURL, dst: &n.UserinfoURL, errType: "oidc_connection_userinfo_url_invalid_format"},
		{v: f.JWKSURL, dst: &n.JWKSURL, errType: "oidc_connection_jwks_url_invalid_format"},
	}
	for _, u := range urls {
		if u.v == nil || *u.v == "" {
			continue
		}
		if !checkHTTPURL(*u.v) {
			return nil, apierr.BadRequest(u.errType, "%q is not an absolute http(s) URL.", apierr.Excerpt(*u.v, 80))
		}
		*u.dst = *u.v
	}
	if f.ClientID != nil && *f.ClientID != "" {
		n.ClientID = *f.ClientID
	}
	if f.ClientSecret != nil && *f.ClientSecret != "" {
		n.ClientSecret = *f.ClientSecret
	}
	if f.CustomScopes != nil {
		n.CustomScopes = *f.CustomScopes
	}
	if f.AttributeMapping != nil && string(f.AttributeMapping) != "null" {
		m, err := attributeMapping(f.AttributeMapping)
		if err != nil {
			return nil, err
		}
		n.AttributeMapping = m
	}
	p.PutSSOConnection(n)
	return n, nil
}

// ExternalCreateFields is the body of external create.
type ExternalCreateFields struct {
	ExternalOrganizationID            string                                     `json:"external_organization_id"`
	ExternalConnectionID              string                                     `json:"external_connection_id"`
	DisplayName                       string                                     `json:"display_name"`
	ConnectionImplicitRoleAssignments []sso.SAMLConnectionImplicitRoleAssignment `json:"connection_implicit_role_assignments"`
	GroupImplicitRoleAssignments      []sso.SAMLGroupImplicitRoleAssignment      `json:"group_implicit_role_assignments"`
}

// CreateExternalConnection creates an external connection to another
// organization's SAML or OIDC connection. Callers hold p.mu for writing.
func CreateExternalConnection(p *state.Project, org *state.OrgRecord, f *ExternalCreateFields, now time.Time) (*state.SSOConnection, *apierr.Error) {
	if f.ExternalOrganizationID == "" || f.ExternalConnectionID == "" {
		return nil, apierr.BadRequest("bad_request", "external_organization_id and external_connection_id are required.")
	}
	src := p.SSO.Conns[f.ExternalConnectionID]
	if src == nil || src.OrgID != f.ExternalOrganizationID || src.Kind == state.SSOKindExternal {
		return nil, apierr.NotFound("external_connection_id_not_found", "Organization %q has no SAML or OIDC connection %q.", apierr.Excerpt(f.ExternalOrganizationID, 80), apierr.Excerpt(f.ExternalConnectionID, 80))
	}
	if src.OrgID == org.Org.OrganizationID {
		return nil, apierr.BadRequest("sso_connection_organization_mismatch", "An external connection must point at another organization's connection.")
	}
	if !src.Active() {
		return nil, apierr.BadRequest("external_connection_not_active", "Connection %q is not active yet.", src.ID)
	}
	for _, c := range p.SSOConnectionsOf(org.Org.OrganizationID, state.SSOKindExternal) {
		if c.ExternalConnID == src.ID {
			return nil, apierr.BadRequest("duplicate_external_sso_connection", "Organization %q already has an external connection to %q.", org.Org.OrganizationID, src.ID)
		}
	}
	if src.Kind == state.SSOKindOIDC && (len(f.ConnectionImplicitRoleAssignments) > 0 || len(f.GroupImplicitRoleAssignments) > 0) {
		return nil, apierr.BadRequest("invalid_rbac_role_assignment", "External connections to OIDC connections cannot assign roles.")
	}
	roles := make([]string, 0, len(f.ConnectionImplicitRoleAssignments))
	for _, a := range f.ConnectionImplicitRoleAssignments {
		roles = append(roles, a.RoleID)
	}
	connRoles, err := CheckRoles(p, org, roles)
	if err != nil {
		return nil, err
	}
	groupRoles, err := checkGroupRoles(p, org, f.GroupImplicitRoleAssignments)
	if err != nil {
		return nil, err
	}
	c := &state.SSOConnection{
		ID: ids.NewID("external-connection", p.Env), OrgID: org.Org.OrganizationID, Kind: state.SSOKindExternal,
		DisplayName: f.DisplayName, IdentityProvider: src.IdentityProvider, Seq: p.NextSeq(), CreatedAt: now, BaseURL: src.BaseURL,
		ExternalOrgID: src.OrgID, ExternalConnID: src.ID, ConnRoles: connRoles, GroupRoles: groupRoles,
	}
	if c.DisplayName == "" {
		c.DisplayName = src.DisplayName
	}
	p.PutSSOConnection(c)
	return c, nil
}

// ExternalUpdateFields is the body of external update.
type ExternalUpdateFields struct {
	DisplayName                               *string                                 `json:"display_name"`
	ExternalConnectionImplicitRoleAssignments *[]sso.ConnectionImplicitRoleAssignment `json:"external_connection_implicit_role_assignments"`
	ExternalGroupImplicitRoleAssignments      *[]sso.GroupImplicitRoleAssignment      `json:"external_group_implicit_role_assignments"`
}

// UpdateExternalConnection changes an external connection's name and
// roles. Callers hold p.mu for writing.
func UpdateExternalConnection(p *state.Project, org *state.OrgRecord, c *state.SSOConnection, f *ExternalUpdateFields) (*state.SSOConnection, *apierr.Error) {
	n := state.CloneSSOConnection(c)
	if f.DisplayName != nil && *f.DisplayName != "" {
		n.DisplayName = *f.DisplayName
	}
	src := p.SSO.Conns[c.ExternalConnID]
	oidcSource := src != nil && src.Kind == state.SSOKindOIDC
	if f.ExternalConnectionImplicitRoleAssignments != nil {
		roles := make([]string, 0, len(*f.ExternalConnectionImplicitRoleAssignments))
		for _, a := range *f.ExternalConnectionImplicitRoleAssignments {
			roles = append(roles, a.RoleID)
		}
		if oidcSource && len(roles) > 0 {
			return nil, apierr.BadRequest("invalid_rbac_role_assignment", "External connections to OIDC connections cannot assign roles.")
		}
		checked, err := CheckRoles(p, org, roles)
		if err != nil {
			return nil, err
		}
		n.ConnRoles = checked
	}
	if f.ExternalGroupImplicitRoleAssignments != nil {
		in := make([]sso.SAMLGroupImplicitRoleAssignment, 0, len(*f.ExternalGroupImplicitRoleAssignments))
		for _, a := range *f.ExternalGroupImplicitRoleAssignments {
			in = append(in, sso.SAMLGroupImplicitRoleAssignment{RoleID: a.RoleID, Group: a.Group})
		}
		if oidcSource && len(in) > 0 {
			return nil, apierr.BadRequest("invalid_rbac_role_assignment", "External connections to OIDC connections cannot assign roles.")
		}
		grs, err := checkGroupRoles(p, org, in)
		if err != nil {
			return nil, err
		}
		n.GroupRoles = grs
	}
	p.PutSSOConnection(n)
	return n, nil
}

// DeleteConnection deletes a connection of any kind; the organization's
// default connection stays. Callers hold p.mu for writing.
func DeleteConnection(p *state.Project, org *state.OrgRecord, id string) *apierr.Error {
	c, err := FindConn(p, org, id, "sso_connection_not_found")
	if err != nil {
		return err
	}
	if org.Org.SSODefaultConnectionID == c.ID {
		return apierr.BadRequest("cannot_delete_default_sso_connection", "Connection %q is the organization's default SSO connection; change sso_default_connection_id first.", c.ID)
	}
	p.RemoveSSOConnection(c.ID)
	return nil
}
