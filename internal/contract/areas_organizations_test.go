package contract

import (
	"net/http"
	"testing"

	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/mockserver"
	"github.com/stytchkit/stytch-go/stytchapi"
)

func init() {
	sdkEndpoints = append(sdkEndpoints,
		sdkEndpoint{"organizations.create", organizations.CreateParams{}, organizations.CreateResponse{}},
		sdkEndpoint{"organizations.get", organizations.GetParams{}, organizations.GetResponse{}},
		sdkEndpoint{"organizations.update", organizations.UpdateParams{}, organizations.UpdateResponse{}},
		sdkEndpoint{"organizations.delete", organizations.DeleteParams{}, organizations.DeleteResponse{}},
		sdkEndpoint{"organizations.search", organizations.SearchParams{}, organizations.SearchResponse{}},
		sdkEndpoint{"organizations.metrics", organizations.MetricsParams{}, organizations.MetricsResponse{}},
		sdkEndpoint{"organizations.delete_external_id", organizations.DeleteExternalIDParams{}, organizations.DeleteExternalIDResponse{}},
		sdkEndpoint{"organizations.connected_apps", organizations.ConnectedAppsParams{}, organizations.ConnectedAppsResponse{}},
		sdkEndpoint{"organizations.get_connected_app", organizations.GetConnectedAppParams{}, organizations.GetConnectedAppResponse{}},
	)
	newOrg := func(t *testing.T, ts *mockserver.TestServer) string {
		t.Helper()
		return raw(t, ts, stytchapi.Request{Method: http.MethodPost, Path: "/v1/b2b/organizations", Body: map[string]any{
			"organization_name": "Acme", "organization_slug": "acme", "organization_external_id": "ext-1",
		}})["organization"].(map[string]any)["organization_id"].(string)
	}
	liveChecks = append(liveChecks,
		liveCheck{"organizations.create", func(t *testing.T, ts *mockserver.TestServer) map[string]any {
			return raw(t, ts, stytchapi.Request{Method: http.MethodPost, Path: "/v1/b2b/organizations", Body: map[string]any{"organization_name": "Acme", "organization_slug": "acme"}})
		}},
		liveCheck{"organizations.get", func(t *testing.T, ts *mockserver.TestServer) map[string]any {
			return raw(t, ts, stytchapi.Request{Method: http.MethodGet, Path: "/v1/b2b/organizations/" + newOrg(t, ts)})
		}},
		liveCheck{"organizations.update", func(t *testing.T, ts *mockserver.TestServer) map[string]any {
			return raw(t, ts, stytchapi.Request{Method: http.MethodPut, Path: "/v1/b2b/organizations/" + newOrg(t, ts), Body: map[string]any{"organization_name": "Acme 2"}})
		}},
		liveCheck{"organizations.delete", func(t *testing.T, ts *mockserver.TestServer) map[string]any {
			return raw(t, ts, stytchapi.Request{Method: http.MethodDelete, Path: "/v1/b2b/organizations/" + newOrg(t, ts)})
		}},
		liveCheck{"organizations.search", func(t *testing.T, ts *mockserver.TestServer) map[string]any {
			newOrg(t, ts)
			return raw(t, ts, stytchapi.Request{Method: http.MethodPost, Path: "/v1/b2b/organizations/search", Body: map[string]any{}})
		}},
		liveCheck{"organizations.metrics", func(t *testing.T, ts *mockserver.TestServer) map[string]any {
			return raw(t, ts, stytchapi.Request{Method: http.MethodGet, Path: "/v1/b2b/organizations/" + newOrg(t, ts) + "/metrics"})
		}},
		liveCheck{"organizations.delete_external_id", func(t *testing.T, ts *mockserver.TestServer) map[string]any {
			return raw(t, ts, stytchapi.Request{Method: http.MethodDelete, Path: "/v1/b2b/organizations/" + newOrg(t, ts) + "/external_id"})
		}},
		liveCheck{"organizations.connected_apps", func(t *testing.T, ts *mockserver.TestServer) map[string]any {
			return raw(t, ts, stytchapi.Request{Method: http.MethodGet, Path: "/v1/b2b/organizations/" + newOrg(t, ts) + "/connected_apps"})
		}},
	)
}
