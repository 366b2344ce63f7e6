package engine

import (
	"context"
	"html"
	"net/http"
	"strings"
	"testing"

	"github.com/stytchkit/stytch-go/consumer/m2m"
)

// The project page lists M2M clients and their rotation state, never a
// secret.
func TestDashboardShowsM2MClients(t *testing.T) {
	f := newDashFixture(t)
	ctx := context.Background()
	_, _, body := f.get(t, "/dashboard/projects/"+f.creds.ProjectID)
	wantContains(t, "no clients", section(t, body, "m2m-clients"), "No M2M clients.")

	a, err := f.client.M2M.Clients.Create(ctx, &m2m.ClientsCreateParams{ClientName: hostileName, Scopes: []string{"read:users", "write:users"}})
	if err != nil {
		t.Fatal(err)
	}
	b, err := f.client.M2M.Clients.Create(ctx, &m2m.ClientsCreateParams{ClientName: "worker", Scopes: []string{}})
	if err != nil {
		t.Fatal(err)
	}
	started, err := f.client.M2M.Clients.Secrets.RotateStart(ctx, &m2m.ClientsSecretsRotateStartParams{ClientID: b.M2MClient.ClientID})
	if err != nil {
		t.Fatal(err)
	}
	status, _, body := f.get(t, "/dashboard/projects/"+f.creds.ProjectID)
	if status != http.StatusOK {
		t.Fatalf("status %d", status)
	}
	sec := section(t, body, "m2m-clients")
	wantContains(t, "clients", sec, "M2M clients (2)", a.M2MClient.ClientID, b.M2MClient.ClientID, html.EscapeString(hostileName), "read:users", "write:users", "rotating: both secrets work")
	if strings.Contains(body, hostileName) {
		t.Fatal("a client name is not escaped")
	}
	for _, secret := range []string{a.M2MClient.ClientSecret, b.M2MClient.ClientSecret, started.M2MClient.NextClientSecret} {
		if strings.Contains(body, secret) {
			t.Fatal("the dashboard shows an M2M secret")
		}
	}
}
