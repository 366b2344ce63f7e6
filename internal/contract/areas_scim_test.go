package contract

import (
	"net/http"
	"testing"

	"github.com/stytchkit/stytch-go/b2b/scim"
	"github.com/stytchkit/stytch-go/mockserver"
	"github.com/stytchkit/stytch-go/stytchapi"
)

func init() {
	sdkEndpoints = append(sdkEndpoints,
		sdkEndpoint{"scim.connection.create", scim.ConnectionCreateParams{}, scim.ConnectionCreateResponse{}},
		sdkEndpoint{"scim.connection.update", scim.ConnectionUpdateParams{}, scim.ConnectionUpdateResponse{}},
		sdkEndpoint{"scim.connection.delete", scim.ConnectionDeleteParams{}, scim.ConnectionDeleteResponse{}},
		sdkEndpoint{"scim.connection.get", scim.ConnectionGetParams{}, scim.ConnectionGetResponse{}},
		sdkEndpoint{"scim.connection.get_groups", scim.ConnectionGetGroupsParams{}, scim.ConnectionGetGroupsResponse{}},
		sdkEndpoint{"scim.connection.rotate_start", scim.ConnectionRotateStartParams{}, scim.ConnectionRotateStartResponse{}},
		sdkEndpoint{"scim.connection.rotate_complete", scim.ConnectionRotateCompleteParams{}, scim.ConnectionRotateCompleteResponse{}},
		sdkEndpoint{"scim.connection.rotate_cancel", scim.ConnectionRotateCancelParams{}, scim.ConnectionRotateCancelResponse{}},
	)
	// conn creates an organization with a SCIM connection and returns the
	// organization ID and the connection's ID.
	conn := func(t *testing.T, ts *mockserver.TestServer) (string, string) {
		t.Helper()
		orgID := raw(t, ts, stytchapi.Request{Method: http.MethodPost, Path: "/v1/b2b/organizations", Body: map[string]any{"organization_name": "Acme", "organization_slug": "acme"}})["organization"].(map[string]any)["organization_id"].(string)
		c := raw(t, ts, stytchapi.Request{Method: http.MethodPost, Path: "/v1/b2b/scim/" + orgID + "/connection", Body: map[string]any{"display_name": "Okta", "identity_provider": "okta"}})
		return orgID, c["connection"].(map[string]any)["connection_id"].(string)
	}
	call := func(method, suffix string) func(t *testing.T, ts *mockserver.TestServer) map[string]any {
		return func(t *testing.T, ts *mockserver.TestServer) map[string]any {
			orgID, id := conn(t, ts)
			if suffix == "/rotate/complete" || suffix == "/rotate/cancel" {
				raw(t, ts, stytchapi.Request{Method: http.MethodPost, Path: "/v1/b2b/scim/" + orgID + "/connection/" + id + "/rotate/start"})
			}
			path := "/v1/b2b/scim/" + orgID + "/connection"
			if suffix != "none" {
				path += "/" + id + suffix
			}
			var body any
			if method == http.MethodPut {
				body = map[string]any{"display_name": "Okta 2"}
			}
			return raw(t, ts, stytchapi.Request{Method: method, Path: path, Body: body})
		}
	}
	liveChecks = append(liveChecks,
		liveCheck{"scim.connection.create", func(t *testing.T, ts *mockserver.TestServer) map[string]any {
			orgID := raw(t, ts, stytchapi.Request{Method: http.MethodPost, Path: "/v1/b2b/organizations", Body: map[string]any{"organization_name": "Acme", "organization_slug": "acme"}})["organization"].(map[string]any)["organization_id"].(string)
			return raw(t, ts, stytchapi.Request{Method: http.MethodPost, Path: "/v1/b2b/scim/" + orgID + "/connection", Body: map[string]any{"display_name": "Okta"}})
		}},
		liveCheck{"scim.connection.get", call(http.MethodGet, "none")},
		liveCheck{"scim.connection.update", call(http.MethodPut, "")},
		liveCheck{"scim.connection.delete", call(http.MethodDelete, "")},
		liveCheck{"scim.connection.get_groups", call(http.MethodGet, "")},
		liveCheck{"scim.connection.rotate_start", call(http.MethodPost, "/rotate/start")},
		liveCheck{"scim.connection.rotate_complete", call(http.MethodPost, "/rotate/complete")},
		liveCheck{"scim.connection.rotate_cancel", call(http.MethodPost, "/rotate/cancel")},
	)
}
