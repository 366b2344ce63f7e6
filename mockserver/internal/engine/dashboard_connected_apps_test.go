package engine

import (
	"encoding/json"
	"html"
	"net/http"
	"strings"
	"testing"
)

// The project page lists connected apps (client ID, name, type, redirect
// URLs, custom scopes), never a client secret.
func TestDashboardShowsConnectedApps(t *testing.T) {
	f := newDashFixture(t)
	_, _, body := f.get(t, "/dashboard/projects/"+f.creds.ProjectID)
	wantContains(t, "no apps", section(t, body, "connected-apps"), "Connected apps (0)", "No connected apps.")

	register := func(b map[string]any) (id, secret string) {
		t.Helper()
		raw, err := f.e.CallAdmin(f.creds.ProjectID, http.MethodPost, "/mock/connected_apps", b)
		if err != nil {
			t.Fatal(err)
		}
		var out struct {
			ConnectedApp struct {
				ClientID     string `json:"client_id"`
				ClientSecret string `json:"client_secret"`
			} `json:"connected_app"`
		}
		if err := json.Unmarshal(raw, &out); err != nil {
			t.Fatal(err)
		}
		return out.ConnectedApp.ClientID, out.ConnectedApp.ClientSecret
	}
	confID, secret := register(map[string]any{"client_type": "third_party", "client_name": hostileName,
		"redirect_urls": []string{"https://app.example.com/callback", "http://localhost:8080/cb"}, "custom_scopes": []string{"read:reports"}})
	pubID, _ := register(map[string]any{"client_type": "first_party_public", "client_name": "CLI", "redirect_urls": []string{"http://127.0.0.1:9999/cb"}})
	if secret == "" {
		t.Fatal("a confidential app got no secret")
	}
	status, _, body := f.get(t, "/dashboard/projects/"+f.creds.ProjectID)
	if status != http.StatusOK {
		t.Fatalf("status %d", status)
	}
	sec := section(t, body, "connected-apps")
	wantContains(t, "apps", sec, "Connected apps (2)", confID, pubID, html.EscapeString(hostileName), "third_party", "first_party_public",
		"https://app.example.com/callback", "http://localhost:8080/cb", "http://127.0.0.1:9999/cb", "read:reports", "CLI")
	if strings.Contains(body, hostileName) {
		t.Fatal("an app name is not escaped")
	}
	if strings.Contains(body, secret) {
		t.Fatal("the dashboard shows a client secret")
	}
}
