package sso_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stytchkit/stytch-go/b2b/sso"
	"github.com/stytchkit/stytch-go/internal/apitest"
	"github.com/stytchkit/stytch-go/mockserver"
	"github.com/stytchkit/stytch-go/stytchapi"
)

func TestSAMLUpdateByURL(t *testing.T) {
	ts := mockserver.Start(t)
	ctx := context.Background()
	orgID, builtin := builtinSAML(t, ts)
	list, _ := ts.Client.SSO.GetConnections(ctx, &sso.GetConnectionsParams{OrganizationID: orgID})
	src := list.SAMLConnections[0]
	c, err := ts.Client.SSO.SAML.CreateConnection(ctx, &sso.SAMLCreateConnectionParams{OrganizationID: orgID})
	if err != nil {
		t.Fatal(err)
	}
	id := c.Connection.ConnectionID
	// The built-in IdP publishes metadata; update_by_url reads it.
	up, err := ts.Client.SSO.SAML.UpdateByURL(ctx, &sso.SAMLUpdateByURLParams{OrganizationID: orgID, ConnectionID: id, MetadataURL: ts.URL + "/mock/idp/" + builtin + "/metadata"})
	if err != nil {
		t.Fatal(err)
	}
	got := up.Connection
	if got.IdPEntityID != src.IdPEntityID || got.IdPSSOURL != src.IdPSSOURL || len(got.VerificationCertificates) != 1 ||
		got.VerificationCertificates[0].Certificate != src.VerificationCertificates[0].Certificate {
		t.Fatalf("updated by URL = %+v, source %+v", got, src)
	}
	// update_by_url cannot set attribute_mapping, so the connection stays pending.
	if got.Status != sso.StatusPending {
		t.Fatalf("status = %q", got.Status)
	}
	bad := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/missing":
			http.NotFound(w, r)
		case "/html":
			_, _ = w.Write([]byte("<html>not metadata</html>"))
		default:
			_, _ = w.Write([]byte(`<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="x"></md:EntityDescriptor>`))
		}
	}))
	t.Cleanup(bad.Close)
	for _, tc := range []struct{ url, typ string }{
		{"ftp://idp.example.test/metadata", "invalid_saml_metadata_url"},
		{bad.URL + "/missing", "invalid_saml_metadata_url"},
		{bad.URL + "/html", "invalid_xml_from_saml_metadata_url"},
		{bad.URL + "/no-idp", "saml_connection_metadata_invalid_format"},
	} {
		_, err := ts.Client.SSO.SAML.UpdateByURL(ctx, &sso.SAMLUpdateByURLParams{OrganizationID: orgID, ConnectionID: id, MetadataURL: tc.url})
		apitest.WantError(t, err, 400, stytchapi.ErrorType(tc.typ))
	}
	_, err = ts.Client.SSO.SAML.UpdateByURL(ctx, &sso.SAMLUpdateByURLParams{OrganizationID: orgID, ConnectionID: "saml-connection-test-nope", MetadataURL: bad.URL})
	apitest.WantError(t, err, 404, "saml_connection_not_found")
}
