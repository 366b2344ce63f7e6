package contract

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stytchkit/stytch-go/consumer/debug"
	"github.com/stytchkit/stytch-go/consumer/m2m"
	"github.com/stytchkit/stytch-go/consumer/project"
	"github.com/stytchkit/stytch-go/mockserver"
	"github.com/stytchkit/stytch-go/stytchapi"
)

// The project-level endpoints of the consumer contract that B2B projects
// use too: M2M, debug and project. They are checked here, apart from the
// B2B registry, against testdata/contract/consumer*.json.

func loadConsumerContract(t *testing.T) *Contract {
	t.Helper()
	c, err := Load("../../testdata/contract", "consumer")
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// projectLevelEndpoints are the SDK types of the project-level endpoints.
// The token endpoint's request is a form the SDK builds from TokenParams,
// so only its response is a typed struct (request nil).
var projectLevelEndpoints = []sdkEndpoint{
	{"m2m.clients.create", m2m.ClientsCreateParams{}, m2m.ClientsCreateResponse{}},
	{"m2m.clients.get", m2m.ClientsGetParams{}, m2m.ClientsGetResponse{}},
	{"m2m.clients.update", m2m.ClientsUpdateParams{}, m2m.ClientsUpdateResponse{}},
	{"m2m.clients.delete", m2m.ClientsDeleteParams{}, m2m.ClientsDeleteResponse{}},
	{"m2m.clients.search", m2m.ClientsSearchParams{}, m2m.ClientsSearchResponse{}},
	{"m2m.clients.secrets.rotate_start", m2m.ClientsSecretsRotateStartParams{}, m2m.ClientsSecretsRotateStartResponse{}},
	{"m2m.clients.secrets.rotate", m2m.ClientsSecretsRotateParams{}, m2m.ClientsSecretsRotateResponse{}},
	{"m2m.clients.secrets.rotate_cancel", m2m.ClientsSecretsRotateCancelParams{}, m2m.ClientsSecretsRotateCancelResponse{}},
	{"m2m.token", nil, m2m.TokenResponse{}},
	{"debug.whoami", debug.WhoamiParams{}, debug.WhoamiResponse{}},
	{"project.metrics", project.MetricsParams{}, project.MetricsResponse{}},
}

// m2mCall calls the API through the SDK core and returns the raw answer.
func m2mCall(t *testing.T, ts *mockserver.TestServer, method, path string, params []string, body any) map[string]any {
	t.Helper()
	return raw(t, ts, stytchapi.Request{Method: method, Path: path, PathParams: params, Body: body})
}

// TestProjectLevelMockResponsesMatchConsumerContract calls every
// project-level endpoint of one mock project in turn and checks each raw
// answer, and the OAuth2 error shape, against the contract.
func TestProjectLevelMockResponsesMatchConsumerContract(t *testing.T) {
	c := loadConsumerContract(t)
	ts := mockserver.Start(t)
	check := func(name string, got map[string]any) {
		t.Helper()
		ep, ok := c.Endpoint(name)
		if !ok {
			t.Fatalf("no endpoint %q", name)
		}
		for _, p := range c.CheckJSON(name, got, ep.Response) {
			t.Error(p)
		}
	}
	created := m2mCall(t, ts, http.MethodPost, "/v1/m2m/clients", nil, map[string]any{"scopes": []string{"read:users"}, "trusted_metadata": map[string]any{"a": 1}})
	check("m2m.clients.create", created)
	cl := created["m2m_client"].(map[string]any)
	id := cl["client_id"].(string)
	check("m2m.clients.get", m2mCall(t, ts, http.MethodGet, "/v1/m2m/clients/{client_id}", []string{id}, nil))
	check("m2m.clients.update", m2mCall(t, ts, http.MethodPut, "/v1/m2m/clients/{client_id}", []string{id}, map[string]any{"client_name": "svc"}))
	check("m2m.clients.search", m2mCall(t, ts, http.MethodPost, "/v1/m2m/clients/search", nil, map[string]any{"limit": 1}))
	check("m2m.clients.secrets.rotate_start", m2mCall(t, ts, http.MethodPost, "/v1/m2m/clients/{client_id}/secrets/rotate/start", []string{id}, map[string]any{}))
	check("m2m.clients.secrets.rotate_cancel", m2mCall(t, ts, http.MethodPost, "/v1/m2m/clients/{client_id}/secrets/rotate/cancel", []string{id}, map[string]any{}))
	m2mCall(t, ts, http.MethodPost, "/v1/m2m/clients/{client_id}/secrets/rotate/start", []string{id}, map[string]any{})
	check("m2m.clients.secrets.rotate", m2mCall(t, ts, http.MethodPost, "/v1/m2m/clients/{client_id}/secrets/rotate", []string{id}, map[string]any{}))
	check("debug.whoami", m2mCall(t, ts, http.MethodGet, "/v1/debug/whoami", nil, nil))
	check("project.metrics", m2mCall(t, ts, http.MethodGet, "/v1/projects/metrics", nil, nil))

	// The token endpoint: a success, then the OAuth2 error shape.
	tokenURL := ts.URL + "/v1/public/" + ts.ProjectID + "/oauth2/token"
	postForm := func(secret string) (int, map[string]any) {
		resp, err := http.PostForm(tokenURL, url.Values{"grant_type": {"client_credentials"}, "client_id": {id}, "client_secret": {secret}})
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		var out map[string]any
		if err := json.Unmarshal(b, &out); err != nil {
			t.Fatal(err)
		}
		return resp.StatusCode, out
	}
	// The first client's secret was rotated; use a fresh client.
	fresh, err := m2m.NewB2BClient(ts.Client.Core()).Clients.Create(context.Background(), &m2m.ClientsCreateParams{ClientID: "contract-client", Scopes: []string{}})
	if err != nil {
		t.Fatal(err)
	}
	id, secret := fresh.M2MClient.ClientID, fresh.M2MClient.ClientSecret
	status, tok := postForm(secret)
	if status != 200 {
		t.Fatalf("token: %d %v", status, tok)
	}
	check("m2m.token", tok)
	status, oerr := postForm(secret + "x")
	if status != 401 {
		t.Fatalf("token error: %d %v", status, oerr)
	}
	for _, p := range c.CheckJSON("OAuth2Error", oerr, c.Types["OAuth2Error"].Fields) {
		t.Error(p)
	}
	for k := range oerr {
		if !strings.Contains(" status_code request_id error error_description error_uri ", " "+k+" ") {
			t.Errorf("OAuth2 error has field %q not in the contract", k)
		}
	}

	// The contract lists every project-level endpoint checked here.
	for _, e := range c.Endpoints {
		if e.Area == "m2m" || e.Area == "debug" || e.Area == "project" {
			found := false
			for _, s := range projectLevelEndpoints {
				found = found || s.name == e.Name
			}
			if !found {
				t.Errorf("project-level endpoint %s has no SDK type check", e.Name)
			}
		}
	}
}
