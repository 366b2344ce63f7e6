package contract

import (
	"context"
	"net/http"
	"testing"

	"golang.org/x/oauth2"

	"github.com/stytchkit/stytch-go/mockserver"
	"github.com/stytchkit/stytch-go/stytchapi"
)

// Live checks of the authorization server's SDK endpoints: a first-party
// app, a member with a session, and a code redeemed for an access token.
func init() {
	post := func(t *testing.T, ts *mockserver.TestServer, path string, body map[string]any) map[string]any {
		t.Helper()
		return raw(t, ts, stytchapi.Request{Method: http.MethodPost, Path: path, Body: body})
	}
	const redirect = "https://app.example.com/callback"
	// setup registers an app and a member and returns the authorization
	// request's body for that member.
	setup := func(t *testing.T, ts *mockserver.TestServer) (mockserver.ConnectedApp, map[string]any) {
		t.Helper()
		orgID := post(t, ts, "/v1/b2b/organizations", map[string]any{"organization_name": "Acme", "organization_slug": "acme"})["organization"].(map[string]any)["organization_id"].(string)
		memberID := post(t, ts, "/v1/b2b/organizations/"+orgID+"/members", map[string]any{"email_address": "ada@acme.com"})["member_id"].(string)
		app := ts.CreateConnectedApp(t, mockserver.ConnectedAppParams{ClientType: mockserver.ClientFirstParty, ClientName: "App", RedirectURLs: []string{redirect}})
		return app, map[string]any{"client_id": app.ClientID, "redirect_uri": redirect, "response_type": "code",
			"scopes": []string{"openid", "email", "full_access"}, "organization_id": orgID, "member_id": memberID}
	}
	liveChecks = append(liveChecks,
		liveCheck{"idp.oauth.authorize_start", func(t *testing.T, ts *mockserver.TestServer) map[string]any {
			_, body := setup(t, ts)
			return post(t, ts, "/v1/b2b/idp/oauth/authorize/start", body)
		}},
		liveCheck{"idp.oauth.authorize", func(t *testing.T, ts *mockserver.TestServer) map[string]any {
			_, body := setup(t, ts)
			body["consent_granted"], body["state"] = true, "xyz"
			return post(t, ts, "/v1/b2b/idp/oauth/authorize", body)
		}},
		liveCheck{"idp.introspect_token_network", func(t *testing.T, ts *mockserver.TestServer) map[string]any {
			app, body := setup(t, ts)
			body["consent_granted"] = true
			code := post(t, ts, "/v1/b2b/idp/oauth/authorize", body)["authorization_code"].(string)
			conf := oauth2.Config{ClientID: app.ClientID, ClientSecret: app.ClientSecret, RedirectURL: redirect,
				Endpoint: oauth2.Endpoint{TokenURL: ts.IssuerURL() + "/oauth2/token"}}
			tok, err := conf.Exchange(context.WithValue(context.Background(), oauth2.HTTPClient, ts.HTTP.Client()), code)
			if err != nil {
				t.Fatal(err)
			}
			return raw(t, ts, stytchapi.Request{Method: http.MethodPost, Path: "/v1/public/{project_id}/oauth2/introspect", PathParams: []string{ts.ProjectID},
				Body: map[string]any{"token": tok.AccessToken, "client_id": app.ClientID, "client_secret": app.ClientSecret}})
		}},
	)
}
