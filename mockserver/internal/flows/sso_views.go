package flows

import (
	"strings"
	"time"

	"github.com/stytchkit/stytch-go/b2b/sso"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
)

// SAMLView is a SAML connection as the API returns it.
func SAMLView(c *state.SSOConnection) sso.SAMLConnection {
	v := sso.SAMLConnection{
		OrganizationID: c.OrgID, ConnectionID: c.ID, Status: c.Status(), IdPEntityID: c.IdPEntityID,
		DisplayName: c.DisplayName, IdPSSOURL: c.IdPSSOURL, ACSURL: SSOCallbackURL(c), AudienceURI: SAMLEntityID(c),
		SigningCertificates:                   []sso.X509Certificate{certView(c.SigningCert)},
		VerificationCertificates:              make([]sso.X509Certificate, 0, len(c.VerificationCerts)),
		EncryptionPrivateKeys:                 make([]sso.EncryptionPrivateKey, 0, len(c.EncryptionKeys)),
		SAMLConnectionImplicitRoleAssignments: make([]sso.SAMLConnectionImplicitRoleAssignment, 0, len(c.ConnRoles)),
		SAMLGroupImplicitRoleAssignments:      make([]sso.SAMLGroupImplicitRoleAssignment, 0, len(c.GroupRoles)),
		AlternativeAudienceURI:                c.AlternativeAudienceURI, IdentityProvider: c.IdentityProvider,
		NameIDFormat: c.NameIDFormat, AlternativeACSURL: c.AlternativeACSURL,
		IdPInitiatedAuthDisabled: c.IdPInitiatedAuthDisabled, AllowGatewayCallback: c.AllowGatewayCallback,
		AttributeMapping: state.DeepCopyJSON(c.AttributeMapping),
	}
	for _, cert := range c.VerificationCerts {
		v.VerificationCertificates = append(v.VerificationCertificates, certView(cert))
	}
	for _, k := range c.EncryptionKeys {
		t := k.CreatedAt
		v.EncryptionPrivateKeys = append(v.EncryptionPrivateKeys, sso.EncryptionPrivateKey{PrivateKeyID: k.ID, PrivateKey: redactKey(k.PEM), CreatedAt: &t})
	}
	for _, r := range c.ConnRoles {
		v.SAMLConnectionImplicitRoleAssignments = append(v.SAMLConnectionImplicitRoleAssignments, sso.SAMLConnectionImplicitRoleAssignment{RoleID: r})
	}
	for _, g := range c.GroupRoles {
		v.SAMLGroupImplicitRoleAssignments = append(v.SAMLGroupImplicitRoleAssignments, sso.SAMLGroupImplicitRoleAssignment{RoleID: g.RoleID, Group: g.Group})
	}
	return v
}

// redactKey shows only the PEM header of a private key: the mock never
// returns key material.
func redactKey(pemText string) string {
	first, _, _ := strings.Cut(strings.TrimSpace(pemText), "\n")
	return first + "\n[redacted]"
}

// certView is a certificate as the API returns it.
func certView(c state.SSOCert) sso.X509Certificate {
	created, exp := c.CreatedAt, c.ExpiresAt
	var updated *time.Time
	if !c.CreatedAt.IsZero() {
		t := c.CreatedAt
		updated = &t
	}
	return sso.X509Certificate{CertificateID: c.ID, Certificate: c.PEM, Issuer: c.Issuer, CreatedAt: &created, ExpiresAt: &exp, UpdatedAt: updated}
}

// OIDCView is an OIDC connection as the API returns it.
func OIDCView(c *state.SSOConnection) sso.OIDCConnection {
	scopes := c.CustomScopes
	return sso.OIDCConnection{
		OrganizationID: c.OrgID, ConnectionID: c.ID, Status: c.Status(), DisplayName: c.DisplayName,
		RedirectURL: SSOCallbackURL(c), ClientID: c.ClientID, ClientSecret: c.ClientSecret, Issuer: c.Issuer,
		AuthorizationURL: c.AuthorizationURL, TokenURL: c.TokenURL, UserinfoURL: c.UserinfoURL, JWKSURL: c.JWKSURL,
		IdentityProvider: c.IdentityProvider, CustomScopes: scopes, AttributeMapping: state.DeepCopyJSON(c.AttributeMapping),
	}
}

// ExternalView is an external connection as the API returns it.
func ExternalView(c *state.SSOConnection) sso.Connection {
	v := sso.Connection{
		OrganizationID: c.OrgID, ConnectionID: c.ID, ExternalOrganizationID: c.ExternalOrgID, ExternalConnectionID: c.ExternalConnID,
		DisplayName: c.DisplayName, Status: c.Status(),
		ExternalConnectionImplicitRoleAssignments: make([]sso.ConnectionImplicitRoleAssignment, 0, len(c.ConnRoles)),
		ExternalGroupImplicitRoleAssignments:      make([]sso.GroupImplicitRoleAssignment, 0, len(c.GroupRoles)),
	}
	for _, r := range c.ConnRoles {
		v.ExternalConnectionImplicitRoleAssignments = append(v.ExternalConnectionImplicitRoleAssignments, sso.ConnectionImplicitRoleAssignment{RoleID: r})
	}
	for _, g := range c.GroupRoles {
		v.ExternalGroupImplicitRoleAssignments = append(v.ExternalGroupImplicitRoleAssignments, sso.GroupImplicitRoleAssignment{RoleID: g.RoleID, Group: g.Group})
	}
	return v
}
