package contract

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net/http"
	"testing"
	"time"

	"github.com/stytchkit/stytch-go/mockserver"
	"github.com/stytchkit/stytch-go/stytchapi"
)

// Live checks of the SSO responses: every endpoint called on the mock and
// its raw answer compared with the contract.
func init() {
	call := func(t *testing.T, ts *mockserver.TestServer, method, path string, body any) map[string]any {
		t.Helper()
		return raw(t, ts, stytchapi.Request{Method: method, Path: path, Body: body})
	}
	org := func(t *testing.T, ts *mockserver.TestServer) string {
		t.Helper()
		o := call(t, ts, http.MethodPost, "/v1/b2b/organizations", map[string]any{"organization_name": "Acme", "organization_slug": "acme"})
		return o["organization"].(map[string]any)["organization_id"].(string)
	}
	conn := func(t *testing.T, ts *mockserver.TestServer, kind, orgID string) string {
		t.Helper()
		c := call(t, ts, http.MethodPost, "/v1/b2b/sso/"+kind+"/"+orgID, map[string]any{"display_name": kind})
		return c["connection"].(map[string]any)["connection_id"].(string)
	}
	// pemPair is an RSA key and a self-signed certificate for it.
	pemPair := func(t *testing.T) (keyPEM, certPEM string) {
		t.Helper()
		key, err := rsa.GenerateKey(rand.Reader, 2048)
		if err != nil {
			t.Fatal(err)
		}
		tmpl := &x509.Certificate{SerialNumber: big.NewInt(7), Subject: pkix.Name{CommonName: "idp.example.test"}, NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().AddDate(1, 0, 0)}
		der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
		if err != nil {
			t.Fatal(err)
		}
		return string(pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)})),
			string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}))
	}
	// full sets up one connection of every kind, active, in two
	// organizations (the external one in the second).
	full := func(t *testing.T, ts *mockserver.TestServer) (orgID, samlID, oidcID string) {
		t.Helper()
		orgID = org(t, ts)
		samlID, oidcID = conn(t, ts, "saml", orgID), conn(t, ts, "oidc", orgID)
		ts.UseBuiltinIdP(t, samlID)
		ts.UseBuiltinIdP(t, oidcID)
		return orgID, samlID, oidcID
	}
	liveChecks = append(liveChecks,
		liveCheck{"sso.get_connections", func(t *testing.T, ts *mockserver.TestServer) map[string]any {
			orgID, samlID, _ := full(t, ts)
			o2 := call(t, ts, http.MethodPost, "/v1/b2b/organizations", map[string]any{"organization_name": "Globex", "organization_slug": "globex"})
			other := o2["organization"].(map[string]any)["organization_id"].(string)
			call(t, ts, http.MethodPost, "/v1/b2b/sso/external/"+other, map[string]any{"external_organization_id": orgID, "external_connection_id": samlID})
			otherOIDC := conn(t, ts, "oidc", other)
			ts.UseBuiltinIdP(t, otherOIDC)
			call(t, ts, http.MethodPost, "/v1/b2b/sso/external/"+orgID, map[string]any{"external_organization_id": other, "external_connection_id": otherOIDC})
			return call(t, ts, http.MethodGet, "/v1/b2b/sso/"+orgID, nil)
		}},
		liveCheck{"sso.delete_connection", func(t *testing.T, ts *mockserver.TestServer) map[string]any {
			orgID := org(t, ts)
			return call(t, ts, http.MethodDelete, "/v1/b2b/sso/"+orgID+"/connections/"+conn(t, ts, "saml", orgID), nil)
		}},
		liveCheck{"sso.authenticate", func(t *testing.T, ts *mockserver.TestServer) map[string]any {
			_, _, oidcID := full(t, ts)
			login := ts.SSOLogin(t, mockserver.SSOLoginParams{ConnectionID: oidcID, Email: "ada@acme.com", Name: "Ada", Groups: []string{"eng"}})
			return call(t, ts, http.MethodPost, "/v1/b2b/sso/authenticate", map[string]any{"sso_token": login.Token, "session_duration_minutes": 60})
		}},
		liveCheck{"sso.saml.create_connection", func(t *testing.T, ts *mockserver.TestServer) map[string]any {
			return call(t, ts, http.MethodPost, "/v1/b2b/sso/saml/"+org(t, ts), map[string]any{"display_name": "Okta", "identity_provider": "okta"})
		}},
		liveCheck{"sso.saml.update_connection", func(t *testing.T, ts *mockserver.TestServer) map[string]any {
			orgID := org(t, ts)
			key, cert := pemPair(t)
			return call(t, ts, http.MethodPut, "/v1/b2b/sso/saml/"+orgID+"/connections/"+conn(t, ts, "saml", orgID), map[string]any{
				"idp_entity_id": "https://idp.example.test", "idp_sso_url": "https://idp.example.test/sso", "x509_certificate": cert,
				"attribute_mapping": map[string]any{"email": "email", "full_name": "name", "groups": "groups"}, "saml_encryption_private_key": key,
				"saml_connection_implicit_role_assignments": []map[string]any{{"role_id": "stytch_admin"}},
				"saml_group_implicit_role_assignments":      []map[string]any{{"role_id": "stytch_admin", "group": "admins"}}})
		}},
		liveCheck{"sso.saml.update_by_url", func(t *testing.T, ts *mockserver.TestServer) map[string]any {
			orgID, samlID, _ := full(t, ts)
			return call(t, ts, http.MethodPut, "/v1/b2b/sso/saml/"+orgID+"/connections/"+conn(t, ts, "saml", orgID)+"/url",
				map[string]any{"metadata_url": ts.URL + "/mock/idp/" + samlID + "/metadata"})
		}},
		liveCheck{"sso.saml.delete_verification_certificate", func(t *testing.T, ts *mockserver.TestServer) map[string]any {
			orgID := org(t, ts)
			id := conn(t, ts, "saml", orgID)
			_, cert := pemPair(t)
			up := call(t, ts, http.MethodPut, "/v1/b2b/sso/saml/"+orgID+"/connections/"+id, map[string]any{"x509_certificate": cert})
			certID := up["connection"].(map[string]any)["verification_certificates"].([]any)[0].(map[string]any)["certificate_id"].(string)
			return call(t, ts, http.MethodDelete, "/v1/b2b/sso/saml/"+orgID+"/connections/"+id+"/verification_certificates/"+certID, nil)
		}},
		liveCheck{"sso.saml.delete_encryption_private_key", func(t *testing.T, ts *mockserver.TestServer) map[string]any {
			orgID := org(t, ts)
			id := conn(t, ts, "saml", orgID)
			key, _ := pemPair(t)
			up := call(t, ts, http.MethodPut, "/v1/b2b/sso/saml/"+orgID+"/connections/"+id, map[string]any{"saml_encryption_private_key": key})
			keyID := up["connection"].(map[string]any)["encryption_private_keys"].([]any)[0].(map[string]any)["private_key_id"].(string)
			return call(t, ts, http.MethodDelete, "/v1/b2b/sso/saml/"+orgID+"/connections/"+id+"/encryption_private_keys/"+keyID, nil)
		}},
		liveCheck{"sso.oidc.create_connection", func(t *testing.T, ts *mockserver.TestServer) map[string]any {
			return call(t, ts, http.MethodPost, "/v1/b2b/sso/oidc/"+org(t, ts), map[string]any{"display_name": "Keycloak", "identity_provider": "keycloak"})
		}},
		liveCheck{"sso.oidc.update_connection", func(t *testing.T, ts *mockserver.TestServer) map[string]any {
			orgID := org(t, ts)
			return call(t, ts, http.MethodPut, "/v1/b2b/sso/oidc/"+orgID+"/connections/"+conn(t, ts, "oidc", orgID), map[string]any{
				"issuer": "https://kc.example.test/realms/acme", "client_id": "stytch", "client_secret": "s3cret",
				"authorization_url": "https://kc.example.test/auth", "token_url": "https://kc.example.test/token",
				"userinfo_url": "https://kc.example.test/userinfo", "jwks_url": "https://kc.example.test/certs", "custom_scopes": "openid email groups",
				"attribute_mapping": map[string]any{"email": "email", "groups": "roles"}})
		}},
		liveCheck{"sso.external.create_connection", func(t *testing.T, ts *mockserver.TestServer) map[string]any {
			orgID, samlID, _ := full(t, ts)
			o2 := call(t, ts, http.MethodPost, "/v1/b2b/organizations", map[string]any{"organization_name": "Globex", "organization_slug": "globex"})
			other := o2["organization"].(map[string]any)["organization_id"].(string)
			return call(t, ts, http.MethodPost, "/v1/b2b/sso/external/"+other, map[string]any{"external_organization_id": orgID, "external_connection_id": samlID,
				"connection_implicit_role_assignments": []map[string]any{{"role_id": "stytch_admin"}},
				"group_implicit_role_assignments":      []map[string]any{{"role_id": "stytch_admin", "group": "admins"}}})
		}},
		liveCheck{"sso.external.update_connection", func(t *testing.T, ts *mockserver.TestServer) map[string]any {
			orgID, samlID, _ := full(t, ts)
			o2 := call(t, ts, http.MethodPost, "/v1/b2b/organizations", map[string]any{"organization_name": "Globex", "organization_slug": "globex"})
			other := o2["organization"].(map[string]any)["organization_id"].(string)
			ext := call(t, ts, http.MethodPost, "/v1/b2b/sso/external/"+other, map[string]any{"external_organization_id": orgID, "external_connection_id": samlID})
			id := ext["connection"].(map[string]any)["connection_id"].(string)
			return call(t, ts, http.MethodPut, "/v1/b2b/sso/external/"+other+"/connections/"+id, map[string]any{"display_name": "Renamed",
				"external_group_implicit_role_assignments": []map[string]any{{"role_id": "stytch_admin", "group": "admins"}}})
		}},
	)
}
