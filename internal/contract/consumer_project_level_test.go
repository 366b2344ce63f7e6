package contract

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"testing"

	"github.com/stytchkit/stytch-go/mockserver"
)

// The project-level endpoints (M2M, debug, project) answer on consumer
// projects too: live checks of each against a consumer project, which also
// put them in the consumer coverage report.

// newM2MClient creates an M2M client on the consumer project and returns
// its answer.
func newM2MClient(t *testing.T, ts *mockserver.TestServer) map[string]any {
	t.Helper()
	return craw(t, ts, http.MethodPost, "/v1/m2m/clients", map[string]any{"scopes": []string{"read:users"}, "trusted_metadata": map[string]any{"a": 1}})
}

// m2mClientPath is the path of the client in a create answer, plus suffix.
func m2mClientPath(created map[string]any, suffix string) string {
	return "/v1/m2m/clients/" + url.PathEscape(created["m2m_client"].(map[string]any)["client_id"].(string)) + suffix
}

func init() {
	consumerLiveChecks = append(consumerLiveChecks,
		liveCheck{"debug.whoami", func(t *testing.T, ts *mockserver.TestServer) map[string]any {
			return craw(t, ts, http.MethodGet, "/v1/debug/whoami", nil)
		}},
		liveCheck{"project.metrics", func(t *testing.T, ts *mockserver.TestServer) map[string]any {
			newUser(t, ts)
			return craw(t, ts, http.MethodGet, "/v1/projects/metrics", nil)
		}},
		liveCheck{"m2m.clients.create", newM2MClient},
		liveCheck{"m2m.clients.get", func(t *testing.T, ts *mockserver.TestServer) map[string]any {
			return craw(t, ts, http.MethodGet, m2mClientPath(newM2MClient(t, ts), ""), nil)
		}},
		liveCheck{"m2m.clients.update", func(t *testing.T, ts *mockserver.TestServer) map[string]any {
			return craw(t, ts, http.MethodPut, m2mClientPath(newM2MClient(t, ts), ""), map[string]any{"client_name": "svc"})
		}},
		liveCheck{"m2m.clients.delete", func(t *testing.T, ts *mockserver.TestServer) map[string]any {
			return craw(t, ts, http.MethodDelete, m2mClientPath(newM2MClient(t, ts), ""), nil)
		}},
		liveCheck{"m2m.clients.search", func(t *testing.T, ts *mockserver.TestServer) map[string]any {
			newM2MClient(t, ts)
			return craw(t, ts, http.MethodPost, "/v1/m2m/clients/search", map[string]any{"limit": 1})
		}},
		liveCheck{"m2m.clients.secrets.rotate_start", func(t *testing.T, ts *mockserver.TestServer) map[string]any {
			return craw(t, ts, http.MethodPost, m2mClientPath(newM2MClient(t, ts), "/secrets/rotate/start"), map[string]any{})
		}},
		liveCheck{"m2m.clients.secrets.rotate_cancel", func(t *testing.T, ts *mockserver.TestServer) map[string]any {
			c := newM2MClient(t, ts)
			craw(t, ts, http.MethodPost, m2mClientPath(c, "/secrets/rotate/start"), map[string]any{})
			return craw(t, ts, http.MethodPost, m2mClientPath(c, "/secrets/rotate/cancel"), map[string]any{})
		}},
		liveCheck{"m2m.clients.secrets.rotate", func(t *testing.T, ts *mockserver.TestServer) map[string]any {
			c := newM2MClient(t, ts)
			craw(t, ts, http.MethodPost, m2mClientPath(c, "/secrets/rotate/start"), map[string]any{})
			return craw(t, ts, http.MethodPost, m2mClientPath(c, "/secrets/rotate"), map[string]any{})
		}},
		liveCheck{"m2m.token", func(t *testing.T, ts *mockserver.TestServer) map[string]any {
			c := newM2MClient(t, ts)["m2m_client"].(map[string]any)
			resp, err := http.PostForm(ts.URL+"/v1/public/"+url.PathEscape(ts.ProjectID)+"/oauth2/token", url.Values{
				"grant_type": {"client_credentials"}, "client_id": {c["client_id"].(string)}, "client_secret": {c["client_secret"].(string)}})
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var out map[string]any
			if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || resp.StatusCode != http.StatusOK {
				t.Fatalf("token: %d %v %v", resp.StatusCode, out, err)
			}
			return out
		}},
	)
}

// consumerCoverageEndpoints are the consumer SDK registry and the
// project-level endpoints, whose types are checked in
// m2m_contract_test.go.
func consumerCoverageEndpoints() []sdkEndpoint {
	return append(slices.Clone(consumerSDKEndpoints), projectLevelEndpoints...)
}
