package sso_test

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"testing"
	"time"

	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/b2b/sso"
	"github.com/stytchkit/stytch-go/internal/apitest"
	"github.com/stytchkit/stytch-go/mockserver"
	"github.com/stytchkit/stytch-go/stytchapi"
)

func newOrg(t *testing.T, ts *mockserver.TestServer, slug string) string {
	t.Helper()
	o, err := ts.Client.Organizations.Create(context.Background(), &organizations.CreateParams{OrganizationName: slug, OrganizationSlug: slug})
	if err != nil {
		t.Fatal(err)
	}
	return o.Organization.OrganizationID
}

// testCert returns a PEM certificate the mock accepts as an IdP's.
func testCert(t *testing.T) string {
	t.Helper()
	_, cert := keyPair(t, "idp.example.com")
	return cert
}

func TestSAMLConnectionLifecycle(t *testing.T) {
	ts := mockserver.Start(t)
	ctx := context.Background()
	orgID := newOrg(t, ts, "acme")
	created, err := ts.Client.SSO.SAML.CreateConnection(ctx, &sso.SAMLCreateConnectionParams{OrganizationID: orgID, DisplayName: "Okta", IdentityProvider: "okta"})
	if err != nil {
		t.Fatal(err)
	}
	c := created.Connection
	if c.Status != sso.StatusPending || c.IdentityProvider != "okta" || len(c.SigningCertificates) != 1 || c.ACSURL == "" || c.AudienceURI == "" {
		t.Fatalf("new connection = %+v", c)
	}
	if c.ConnectionID[:len("saml-connection-test-")] != "saml-connection-test-" {
		t.Fatalf("connection_id = %q", c.ConnectionID)
	}
	// Bad input is refused without a change.
	for _, tc := range []struct {
		p    sso.SAMLUpdateConnectionParams
		typ  stytchapi.ErrorType
		code int
	}{
		{sso.SAMLUpdateConnectionParams{X509Certificate: "not a cert"}, "invalid_x509_certificate", 400},
		{sso.SAMLUpdateConnectionParams{IdPSSOURL: "ftp://x"}, "saml_connection_idp_sso_url_invalid_format", 400},
		{sso.SAMLUpdateConnectionParams{IdPSSOURL: "http://idp.example.com/sso"}, "saml_connection_idp_sso_url_not_https", 400},
		{sso.SAMLUpdateConnectionParams{AttributeMapping: map[string]any{"full_name": "name"}}, "saml_connection_email_mapping_required", 400},
		{sso.SAMLUpdateConnectionParams{AttributeMapping: map[string]any{"email": "mail"}}, "saml_connection_name_mapping_required", 400},
		{sso.SAMLUpdateConnectionParams{AttributeMapping: map[string]any{"email": map[string]any{"x": 1}}}, "saml_connection_no_nested_keys_in_attribute_mapping", 400},
		{sso.SAMLUpdateConnectionParams{SAMLGroupImplicitRoleAssignments: []*sso.SAMLGroupImplicitRoleAssignment{{RoleID: "stytch_admin", Group: "eng"}}}, "saml_connection_attribute_mapping_missing_groups_key", 400},
		{sso.SAMLUpdateConnectionParams{SAMLConnectionImplicitRoleAssignments: []*sso.SAMLConnectionImplicitRoleAssignment{{RoleID: "nope"}}}, "invalid_rbac_role_id", 400},
		{sso.SAMLUpdateConnectionParams{IdentityProvider: "myspace"}, "invalid_sso_idp", 400},
		{sso.SAMLUpdateConnectionParams{SigningPrivateKey: "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----"}, "saml_signing_private_key_invalid", 400},
		{sso.SAMLUpdateConnectionParams{ConnectionID: "saml-connection-test-00000000-0000-0000-0000-000000000000", IdPEntityID: "x"}, "saml_connection_not_found", 404},
	} {
		p := tc.p
		p.OrganizationID = orgID
		if p.ConnectionID == "" {
			p.ConnectionID = c.ConnectionID
		}
		_, err := ts.Client.SSO.SAML.UpdateConnection(ctx, &p)
		apitest.WantError(t, err, tc.code, tc.typ)
	}
	// Full configuration makes it active and lists it on the organization.
	cert := testCert(t)
	yes := true
	up, err := ts.Client.SSO.SAML.UpdateConnection(ctx, &sso.SAMLUpdateConnectionParams{
		OrganizationID: orgID, ConnectionID: c.ConnectionID, IdPEntityID: "https://idp.example.com", IdPSSOURL: "https://idp.example.com/sso",
		X509Certificate: cert, AttributeMapping: map[string]any{"email": "mail", "full_name": "name", "groups": "groups"},
		SAMLConnectionImplicitRoleAssignments: []*sso.SAMLConnectionImplicitRoleAssignment{{RoleID: "stytch_admin"}},
		SAMLGroupImplicitRoleAssignments:      []*sso.SAMLGroupImplicitRoleAssignment{{RoleID: "stytch_admin", Group: "admins"}},
		IdPInitiatedAuthDisabled:              &yes,
		SAMLEncryptionPrivateKey:              mustKey(t),
	})
	if err != nil {
		t.Fatal(err)
	}
	u := up.Connection
	if u.Status != sso.StatusActive || len(u.VerificationCertificates) != 1 || !u.IdPInitiatedAuthDisabled || len(u.EncryptionPrivateKeys) != 1 || len(u.SAMLGroupImplicitRoleAssignments) != 1 {
		t.Fatalf("configured connection = %+v", u)
	}
	org, _ := ts.Client.Organizations.Get(ctx, &organizations.GetParams{OrganizationID: orgID})
	if got := org.Organization.SSOActiveConnections; len(got) != 1 || got[0].ConnectionID != c.ConnectionID || got[0].DisplayName != "Okta" {
		t.Fatalf("sso_active_connections = %+v", got)
	}
	// The last certificate of an active connection stays.
	certID := u.VerificationCertificates[0].CertificateID
	_, err = ts.Client.SSO.SAML.DeleteVerificationCertificate(ctx, &sso.SAMLDeleteVerificationCertificateParams{OrganizationID: orgID, ConnectionID: c.ConnectionID, CertificateID: certID})
	apitest.WantError(t, err, 400, "cannot_delete_last_sso_verification_key")
	_, err = ts.Client.SSO.SAML.DeleteVerificationCertificate(ctx, &sso.SAMLDeleteVerificationCertificateParams{OrganizationID: orgID, ConnectionID: c.ConnectionID, CertificateID: "nope"})
	apitest.WantError(t, err, 404, "sso_verification_key_not_found")
	keyID := u.EncryptionPrivateKeys[0].PrivateKeyID
	if dk, err := ts.Client.SSO.SAML.DeleteEncryptionPrivateKey(ctx, &sso.SAMLDeleteEncryptionPrivateKeyParams{OrganizationID: orgID, ConnectionID: c.ConnectionID, PrivateKeyID: keyID}); err != nil || dk.PrivateKeyID != keyID {
		t.Fatalf("DeleteEncryptionPrivateKey = %+v, %v", dk, err)
	}
	_, err = ts.Client.SSO.SAML.DeleteEncryptionPrivateKey(ctx, &sso.SAMLDeleteEncryptionPrivateKeyParams{OrganizationID: orgID, ConnectionID: c.ConnectionID, PrivateKeyID: keyID})
	apitest.WantError(t, err, 404, "sso_encryption_private_key_not_found")

	// Organization settings now accept the connection; the default cannot be deleted.
	if _, err := ts.Client.Organizations.Update(ctx, &organizations.UpdateParams{OrganizationID: orgID, SSODefaultConnectionID: c.ConnectionID,
		SSOJITProvisioning: "RESTRICTED", SSOJITProvisioningAllowedConnections: []string{c.ConnectionID}}); err != nil {
		t.Fatal(err)
	}
	_, err = ts.Client.SSO.DeleteConnection(ctx, &sso.DeleteConnectionParams{OrganizationID: orgID, ConnectionID: c.ConnectionID})
	apitest.WantError(t, err, 400, "cannot_delete_default_sso_connection")
	// A second connection can be deleted; the organization forgets it.
	second, _ := ts.Client.SSO.OIDC.CreateConnection(ctx, &sso.OIDCCreateConnectionParams{OrganizationID: orgID})
	id2 := second.Connection.ConnectionID
	if _, err := ts.Client.Organizations.Update(ctx, &organizations.UpdateParams{OrganizationID: orgID, SSOJITProvisioningAllowedConnections: []string{c.ConnectionID, id2}}); err != nil {
		t.Fatal(err)
	}
	if _, err := ts.Client.SSO.DeleteConnection(ctx, &sso.DeleteConnectionParams{OrganizationID: orgID, ConnectionID: id2}); err != nil {
		t.Fatal(err)
	}
	org, _ = ts.Client.Organizations.Get(ctx, &organizations.GetParams{OrganizationID: orgID})
	if got := org.Organization.SSOJITProvisioningAllowedConnections; len(got) != 1 || got[0] != c.ConnectionID {
		t.Fatalf("allowed connections after delete = %v", got)
	}
	_, err = ts.Client.SSO.DeleteConnection(ctx, &sso.DeleteConnectionParams{OrganizationID: orgID, ConnectionID: id2})
	apitest.WantError(t, err, 404, "sso_connection_not_found")
	list, err := ts.Client.SSO.GetConnections(ctx, &sso.GetConnectionsParams{OrganizationID: orgID})
	if err != nil || len(list.SAMLConnections) != 1 || len(list.OIDCConnections) != 0 || len(list.ExternalConnections) != 0 {
		t.Fatalf("GetConnections = %+v, %v", list, err)
	}
	_, err = ts.Client.SSO.GetConnections(ctx, &sso.GetConnectionsParams{OrganizationID: "organization-test-00000000-0000-0000-0000-000000000000"})
	apitest.WantError(t, err, 404, "organization_not_found")
}

func mustKey(t *testing.T) string {
	t.Helper()
	k, _ := keyPair(t, "enc")
	return k
}

func TestOIDCAndExternalConnections(t *testing.T) {
	ts := mockserver.Start(t)
	ctx := context.Background()
	orgID := newOrg(t, ts, "acme")
	other := newOrg(t, ts, "beta")
	cr, err := ts.Client.SSO.OIDC.CreateConnection(ctx, &sso.OIDCCreateConnectionParams{OrganizationID: orgID, DisplayName: "Keycloak", IdentityProvider: "keycloak"})
	if err != nil {
		t.Fatal(err)
	}
	id := cr.Connection.ConnectionID
	if cr.Connection.Status != sso.StatusPending || cr.Connection.RedirectURL == "" {
		t.Fatalf("new OIDC connection = %+v", cr.Connection)
	}
	_, err = ts.Client.SSO.OIDC.UpdateConnection(ctx, &sso.OIDCUpdateConnectionParams{OrganizationID: orgID, ConnectionID: id, TokenURL: "not a url"})
	apitest.WantError(t, err, 400, "oidc_connection_token_url_invalid_format")
	_, err = ts.Client.SSO.OIDC.UpdateConnection(ctx, &sso.OIDCUpdateConnectionParams{OrganizationID: orgID, ConnectionID: "oidc-connection-test-x"})
	apitest.WantError(t, err, 404, "oidc_connection_not_found")
	// External connections need an active source.
	_, err = ts.Client.SSO.External.CreateConnection(ctx, &sso.ExternalCreateConnectionParams{OrganizationID: other, ExternalOrganizationID: orgID, ExternalConnectionID: id})
	apitest.WantError(t, err, 400, "external_connection_not_active")
	up, err := ts.Client.SSO.OIDC.UpdateConnection(ctx, &sso.OIDCUpdateConnectionParams{OrganizationID: orgID, ConnectionID: id,
		Issuer: "https://kc.example.com/realms/acme", ClientID: "stytch", ClientSecret: "s3cret",
		AuthorizationURL: "https://kc.example.com/auth", TokenURL: "https://kc.example.com/token",
		UserinfoURL: "https://kc.example.com/userinfo", JWKSURL: "https://kc.example.com/certs"})
	if err != nil || up.Connection.Status != sso.StatusActive {
		t.Fatalf("UpdateConnection = %+v, %v", up, err)
	}
	_, err = ts.Client.SSO.External.CreateConnection(ctx, &sso.ExternalCreateConnectionParams{OrganizationID: other, ExternalOrganizationID: orgID, ExternalConnectionID: "nope"})
	apitest.WantError(t, err, 404, "external_connection_id_not_found")
	_, err = ts.Client.SSO.External.CreateConnection(ctx, &sso.ExternalCreateConnectionParams{OrganizationID: other, ExternalOrganizationID: orgID, ExternalConnectionID: id,
		ConnectionImplicitRoleAssignments: []*sso.SAMLConnectionImplicitRoleAssignment{{RoleID: "stytch_admin"}}})
	apitest.WantError(t, err, 400, "invalid_rbac_role_assignment")
	ext, err := ts.Client.SSO.External.CreateConnection(ctx, &sso.ExternalCreateConnectionParams{OrganizationID: other, ExternalOrganizationID: orgID, ExternalConnectionID: id, DisplayName: "Acme's Keycloak"})
	if err != nil || ext.Connection.Status != sso.StatusActive || ext.Connection.ExternalConnectionID != id {
		t.Fatalf("external create = %+v, %v", ext, err)
	}
	_, err = ts.Client.SSO.External.CreateConnection(ctx, &sso.ExternalCreateConnectionParams{OrganizationID: other, ExternalOrganizationID: orgID, ExternalConnectionID: id})
	apitest.WantError(t, err, 400, "duplicate_external_sso_connection")
	eu, err := ts.Client.SSO.External.UpdateConnection(ctx, &sso.ExternalUpdateConnectionParams{OrganizationID: other, ConnectionID: ext.Connection.ConnectionID, DisplayName: "Renamed"})
	if err != nil || eu.Connection.DisplayName != "Renamed" {
		t.Fatalf("external update = %+v, %v", eu, err)
	}
	// Deleting the source removes the external connection too.
	if _, err := ts.Client.SSO.DeleteConnection(ctx, &sso.DeleteConnectionParams{OrganizationID: orgID, ConnectionID: id}); err != nil {
		t.Fatal(err)
	}
	list, _ := ts.Client.SSO.GetConnections(ctx, &sso.GetConnectionsParams{OrganizationID: other})
	if len(list.ExternalConnections) != 0 {
		t.Fatalf("external connections after source delete = %+v", list.ExternalConnections)
	}
}

// keyPair returns a PEM RSA key and a self-signed PEM certificate for it.
func keyPair(t *testing.T, cn string) (keyPEM, certPEM string) {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: cn}, NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().AddDate(1, 0, 0)}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)})),
		string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}))
}
