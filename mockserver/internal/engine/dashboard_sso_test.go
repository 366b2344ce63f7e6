package engine

import (
	"context"
	"html"
	"net/http"
	"strings"
	"testing"

	"github.com/stytchkit/stytch-go/b2b/sso"
)

// The organization page lists its SSO connections with the SP's URLs,
// never an OIDC client secret; the project page shows the public token.
func TestDashboardShowsSSOConnections(t *testing.T) {
	f := newDashFixture(t)
	ctx := context.Background()
	orgPage := "/dashboard/projects/" + f.creds.ProjectID + "/organizations/" + f.acme.OrganizationID
	_, _, body := f.get(t, orgPage)
	wantContains(t, "no connections", section(t, body, "sso-connections"), "No SSO connections.")

	saml, err := f.client.SSO.SAML.CreateConnection(ctx, &sso.SAMLCreateConnectionParams{OrganizationID: f.acme.OrganizationID, DisplayName: hostileName, IdentityProvider: "okta"})
	if err != nil {
		t.Fatal(err)
	}
	oidc, err := f.client.SSO.OIDC.CreateConnection(ctx, &sso.OIDCCreateConnectionParams{OrganizationID: f.acme.OrganizationID, DisplayName: "Keycloak"})
	if err != nil {
		t.Fatal(err)
	}
	const secret = "oidc-client-secret-never-shown"
	if _, err := f.client.SSO.OIDC.UpdateConnection(ctx, &sso.OIDCUpdateConnectionParams{OrganizationID: f.acme.OrganizationID, ConnectionID: oidc.Connection.ConnectionID,
		Issuer: "https://kc.example.test/realms/acme", ClientID: "stytch", ClientSecret: secret, AuthorizationURL: "https://kc.example.test/auth",
		TokenURL: "https://kc.example.test/token", UserinfoURL: "https://kc.example.test/userinfo", JWKSURL: "https://kc.example.test/certs"}); err != nil {
		t.Fatal(err)
	}
	status, _, body := f.get(t, orgPage)
	if status != http.StatusOK {
		t.Fatalf("status %d", status)
	}
	sec := section(t, body, "sso-connections")
	wantContains(t, "connections", sec, "SSO connections (2)", saml.Connection.ConnectionID, saml.Connection.ACSURL, saml.Connection.AudienceURI, "pending",
		html.EscapeString(hostileName), oidc.Connection.ConnectionID, "https://kc.example.test/realms/acme", "active")
	if strings.Contains(body, hostileName) {
		t.Fatal("a connection name is not escaped")
	}
	if strings.Contains(body, secret) || strings.Contains(body, "PRIVATE KEY") {
		t.Fatal("the dashboard shows an SSO secret")
	}
	_, _, proj := f.get(t, "/dashboard/projects/"+f.creds.ProjectID)
	if f.creds.PublicToken == "" || !strings.Contains(proj, f.creds.PublicToken) {
		t.Fatal("the project page does not show the public token")
	}
}
