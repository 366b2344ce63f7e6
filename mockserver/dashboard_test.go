package mockserver_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/mockserver"
)

func getPage(t *testing.T, c *http.Client, url string) (int, string, string) {
	t.Helper()
	resp, err := c.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, resp.Header.Get("Content-Type"), string(b)
}

// The dashboard of a Start server shows what the test created through the
// SDK, and never the project's secret.
func TestDashboardOfStartServer(t *testing.T) {
	ts := mockserver.Start(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	org, err := ts.Client.Organizations.Create(ctx, &organizations.CreateParams{OrganizationName: "Acme <b>Corp</b>", OrganizationSlug: "acme"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ts.Client.Organizations.Members.Create(ctx, &organizations.MembersCreateParams{OrganizationID: org.Organization.OrganizationID, EmailAddress: "alice@acme.test"}); err != nil {
		t.Fatal(err)
	}

	c := ts.HTTP.Client()
	for _, page := range []struct{ path, want string }{
		{"/", ts.ProjectID},
		{"/dashboard/projects/" + ts.ProjectID, "alice@acme.test"},
		{"/dashboard/projects/" + ts.ProjectID + "/organizations/" + org.Organization.OrganizationID, "Acme &lt;b&gt;Corp&lt;/b&gt;"},
	} {
		status, ct, body := getPage(t, c, ts.URL+page.path)
		if status != http.StatusOK || ct != "text/html; charset=utf-8" {
			t.Fatalf("GET %s: %d %s", page.path, status, ct)
		}
		if !strings.Contains(body, page.want) {
			t.Errorf("GET %s lacks %q", page.path, page.want)
		}
		if strings.Contains(body, ts.Secret) || strings.Contains(body, "<b>Corp") {
			t.Errorf("GET %s shows the secret or unescaped markup", page.path)
		}
	}
}

func TestDashboardDisabled(t *testing.T) {
	hs := httptest.NewServer(mockserver.New(mockserver.Options{DisableDashboard: true}))
	defer hs.Close()
	status, ct, body := getPage(t, hs.Client(), hs.URL+"/")
	if status != http.StatusNotFound || ct != "application/json" || !strings.Contains(body, "route_not_found") {
		t.Fatalf("GET / with the dashboard off: %d %s %s", status, ct, body)
	}
}
