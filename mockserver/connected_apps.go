package mockserver

import (
	"net/http"
	"testing"
)

// Client types of a connected app.
const (
	ClientFirstParty       = "first_party"
	ClientThirdParty       = "third_party"
	ClientFirstPartyPublic = "first_party_public"
	ClientThirdPartyPublic = "third_party_public"
)

// ConnectedAppParams register a connected app of the project's
// authorization server (POST /mock/connected_apps), as Stytch's dashboard
// does.
type ConnectedAppParams struct {
	// ClientType is one of the Client* constants.
	ClientType        string   `json:"client_type"`
	ClientName        string   `json:"client_name"`
	ClientDescription string   `json:"client_description,omitempty"`
	RedirectURLs      []string `json:"redirect_urls"`
	// CustomScopes are the app's own scopes, besides openid, profile,
	// email, phone, offline_access and full_access.
	CustomScopes []string `json:"custom_scopes,omitempty"`
	LogoURL      string   `json:"logo_url,omitempty"`
}

// ConnectedApp is a registered app; ClientSecret is empty for a public
// client and shown only here.
type ConnectedApp struct {
	ClientID     string   `json:"client_id"`
	ClientSecret string   `json:"client_secret"`
	ClientType   string   `json:"client_type"`
	RedirectURLs []string `json:"redirect_urls"`
}

// CreateConnectedApp registers a connected app and returns its client ID
// and secret.
func (ts *TestServer) CreateConnectedApp(tb testing.TB, p ConnectedAppParams) ConnectedApp {
	tb.Helper()
	var out struct {
		ConnectedApp ConnectedApp `json:"connected_app"`
	}
	if err := ts.admin(http.MethodPost, "/mock/connected_apps", p, &out); err != nil {
		tb.Fatalf("mockserver: CreateConnectedApp: %v", err)
	}
	return out.ConnectedApp
}

// SetAuthorizationURL sets the consent page that OIDC discovery names as
// the authorization endpoint (PUT /mock/connected_apps/settings).
func (ts *TestServer) SetAuthorizationURL(tb testing.TB, u string) {
	tb.Helper()
	if err := ts.admin(http.MethodPut, "/mock/connected_apps/settings", map[string]string{"authorization_url": u}, nil); err != nil {
		tb.Fatalf("mockserver: SetAuthorizationURL: %v", err)
	}
}

// IssuerURL is the project's authorization-server issuer, where OIDC
// discovery is served: {URL}/v1/public/{project_id}.
func (ts *TestServer) IssuerURL() string { return ts.URL + "/v1/public/" + ts.ProjectID }

// CreateConnectedApp registers a connected app of the project (what
// POST /mock/connected_apps does) and returns its client ID and secret.
func (s *Server) CreateConnectedApp(projectID string, p ConnectedAppParams) (ConnectedApp, error) {
	var out struct {
		ConnectedApp ConnectedApp `json:"connected_app"`
	}
	err := s.callAdmin(projectID, http.MethodPost, "/mock/connected_apps", p, &out)
	return out.ConnectedApp, err
}
