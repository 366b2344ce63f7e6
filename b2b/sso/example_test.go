package sso_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/stytchkit/stytch-go/b2b"
	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/b2b/sso"
	"github.com/stytchkit/stytch-go/mockserver"
	"github.com/stytchkit/stytch-go/stytchapi"
)

// exampleMock starts an in-process mock with one project and an
// organization "acme"; mock calls the mock's own /mock/ routes.
type exampleMock struct {
	client *b2b.Client
	orgID  string
	url    string
	creds  mockserver.Credentials
	stop   func()
}

func newExampleMock() *exampleMock {
	srv := mockserver.New(mockserver.Options{})
	hs := httptest.NewServer(srv)
	creds, err := srv.CreateProject("test")
	if err != nil {
		panic(err)
	}
	client, err := b2b.NewClient(creds.ProjectID, creds.Secret, stytchapi.WithBaseURL(hs.URL))
	if err != nil {
		panic(err)
	}
	org, err := client.Organizations.Create(context.Background(), &organizations.CreateParams{OrganizationName: "Acme", OrganizationSlug: "acme"})
	if err != nil {
		panic(err)
	}
	return &exampleMock{client: client, orgID: org.Organization.OrganizationID, url: hs.URL, creds: creds, stop: hs.Close}
}

// mock calls a /mock/ route of the project with its credentials.
func (m *exampleMock) mock(method, path string, body, out any) {
	b, _ := json.Marshal(body)
	req, _ := http.NewRequest(method, m.url+path, bytes.NewReader(b))
	req.SetBasicAuth(m.creds.ProjectID, m.creds.Secret)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		panic(err)
	}
	defer resp.Body.Close()
	if out != nil {
		_ = json.NewDecoder(resp.Body).Decode(out)
	}
}

func ExampleSAMLClient_UpdateConnection() {
	m := newExampleMock()
	defer m.stop()
	ctx := context.Background()
	created, err := m.client.SSO.SAML.CreateConnection(ctx, &sso.SAMLCreateConnectionParams{OrganizationID: m.orgID, DisplayName: "Okta", IdentityProvider: "okta"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(created.Connection.Status)
	// Without a certificate the connection stays pending.
	up, err := m.client.SSO.SAML.UpdateConnection(ctx, &sso.SAMLUpdateConnectionParams{
		OrganizationID: m.orgID, ConnectionID: created.Connection.ConnectionID,
		IdPEntityID: "http://www.okta.com/exk123", IdPSSOURL: "https://acme.okta.com/app/sso/saml",
		AttributeMapping: map[string]any{"email": "email", "full_name": "name"},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(up.Connection.Status, up.Connection.IdPEntityID)
	// Output:
	// pending
	// pending http://www.okta.com/exk123
}

func ExampleOIDCClient_UpdateConnection() {
	m := newExampleMock()
	defer m.stop()
	ctx := context.Background()
	created, err := m.client.SSO.OIDC.CreateConnection(ctx, &sso.OIDCCreateConnectionParams{OrganizationID: m.orgID, DisplayName: "Keycloak", IdentityProvider: "keycloak"})
	if err != nil {
		fmt.Println(err)
		return
	}
	up, err := m.client.SSO.OIDC.UpdateConnection(ctx, &sso.OIDCUpdateConnectionParams{
		OrganizationID: m.orgID, ConnectionID: created.Connection.ConnectionID,
		Issuer: "https://kc.acme.test/realms/acme", ClientID: "stytch", ClientSecret: "s3cret",
		AuthorizationURL: "https://kc.acme.test/realms/acme/protocol/openid-connect/auth",
		TokenURL:         "https://kc.acme.test/realms/acme/protocol/openid-connect/token",
		UserinfoURL:      "https://kc.acme.test/realms/acme/protocol/openid-connect/userinfo",
		JWKSURL:          "https://kc.acme.test/realms/acme/protocol/openid-connect/certs",
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(up.Connection.Status, up.Connection.Issuer)
	// Output:
	// active https://kc.acme.test/realms/acme
}

// A whole SSO login offline: an OIDC connection on the mock's built-in
// identity provider, a headless login through it (POST /mock/sso/login;
// in a Go test, TestServer.UseBuiltinIdP and TestServer.SSOLogin do the
// same), then the token your callback receives is authenticated.
func ExampleClient_Authenticate() {
	m := newExampleMock()
	defer m.stop()
	ctx := context.Background()
	created, err := m.client.SSO.OIDC.CreateConnection(ctx, &sso.OIDCCreateConnectionParams{OrganizationID: m.orgID})
	if err != nil {
		fmt.Println(err)
		return
	}
	connID := created.Connection.ConnectionID
	m.mock(http.MethodPut, "/mock/sso/"+connID+"/builtin_idp", struct{}{}, nil)
	var login struct {
		Token string `json:"token"`
	}
	m.mock(http.MethodPost, "/mock/sso/login", map[string]any{"connection_id": connID, "email": "ada@acme.com", "name": "Ada Lovelace"}, &login)

	resp, err := m.client.SSO.Authenticate(ctx, &sso.AuthenticateParams{SSOToken: login.Token, SessionDurationMinutes: 60})
	if err != nil {
		fmt.Println(err)
		return
	}
	f := resp.MemberSession.AuthenticationFactors[0]
	fmt.Println(resp.Member.EmailAddress, resp.Member.Name, f.Type, f.DeliveryMethod)
	// The token is single use.
	_, err = m.client.SSO.Authenticate(ctx, &sso.AuthenticateParams{SSOToken: login.Token})
	fmt.Println(stytchapi.IsErrorType(err, "sso_token_not_found"))
	// Output:
	// ada@acme.com Ada Lovelace sso sso_oidc
	// true
}

func ExampleClient_GetConnections() {
	m := newExampleMock()
	defer m.stop()
	ctx := context.Background()
	if _, err := m.client.SSO.SAML.CreateConnection(ctx, &sso.SAMLCreateConnectionParams{OrganizationID: m.orgID, DisplayName: "Okta"}); err != nil {
		fmt.Println(err)
		return
	}
	if _, err := m.client.SSO.OIDC.CreateConnection(ctx, &sso.OIDCCreateConnectionParams{OrganizationID: m.orgID, DisplayName: "Keycloak"}); err != nil {
		fmt.Println(err)
		return
	}
	list, err := m.client.SSO.GetConnections(ctx, &sso.GetConnectionsParams{OrganizationID: m.orgID})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(len(list.SAMLConnections), list.SAMLConnections[0].DisplayName, len(list.OIDCConnections), list.OIDCConnections[0].DisplayName)
	// Output:
	// 1 Okta 1 Keycloak
}
