package engine

import "net/http"

// apiRoutes lists every API endpoint the mock serves. Action names follow
// the event log's scheme: "B2B" + the endpoint's area and operation in
// PascalCase.
func apiRoutes() []*route {
	return []*route{
		{method: http.MethodPost, pattern: "/v1/b2b/organizations", action: "B2BOrganizationsCreate", handler: handleOrgCreate},
		{method: http.MethodGet, pattern: "/v1/b2b/organizations/{organization_id}", action: "B2BOrganizationsGet", handler: handleOrgGet},
		{method: http.MethodPut, pattern: "/v1/b2b/organizations/{organization_id}", action: "B2BOrganizationsUpdate", handler: handleOrgUpdate},
		{method: http.MethodDelete, pattern: "/v1/b2b/organizations/{organization_id}", action: "B2BOrganizationsDelete", handler: handleOrgDelete},
		{method: http.MethodPost, pattern: "/v1/b2b/organizations/search", action: "B2BOrganizationsSearch", handler: handleOrgSearch},
		{method: http.MethodGet, pattern: "/v1/b2b/organizations/{organization_id}/metrics", action: "B2BOrganizationsMetrics", handler: handleOrgMetrics},
		{method: http.MethodDelete, pattern: "/v1/b2b/organizations/{organization_id}/external_id", action: "B2BOrganizationsDeleteExternalID", handler: handleOrgDeleteExternalID},
		{method: http.MethodGet, pattern: "/v1/b2b/organizations/{organization_id}/connected_apps", action: "B2BOrganizationsConnectedApps", handler: handleOrgConnectedApps},
		{method: http.MethodGet, pattern: "/v1/b2b/organizations/{organization_id}/connected_apps/{connected_app_id}", action: "B2BOrganizationsGetConnectedApp", handler: handleOrgGetConnectedApp},
	}
}
