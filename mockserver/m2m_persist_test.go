package mockserver_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/stytchkit/stytch-go/consumer/m2m"
	"github.com/stytchkit/stytch-go/mockserver"
)

// M2M clients survive an export and import: scopes, metadata, status, both
// secrets of a rotation in progress, and the keys that signed their tokens.
func TestM2MClientsSurviveExportImport(t *testing.T) {
	ts := mockserver.Start(t)
	c := ts.Client.M2M
	a, err := c.Clients.Create(ctx, &m2m.ClientsCreateParams{ClientName: "a", Scopes: []string{"read:users"}, TrustedMetadata: map[string]any{"k": "v"}})
	if err != nil {
		t.Fatal(err)
	}
	b, err := c.Clients.Create(ctx, &m2m.ClientsCreateParams{ClientName: "b", Scopes: []string{}})
	if err != nil {
		t.Fatal(err)
	}
	inactive := m2m.StatusInactive
	if _, err := c.Clients.Update(ctx, &m2m.ClientsUpdateParams{ClientID: b.M2MClient.ClientID, Status: &inactive}); err != nil {
		t.Fatal(err)
	}
	started, err := c.Clients.Secrets.RotateStart(ctx, &m2m.ClientsSecretsRotateStartParams{ClientID: a.M2MClient.ClientID})
	if err != nil {
		t.Fatal(err)
	}
	tok, err := c.Token(ctx, &m2m.TokenParams{ClientID: a.M2MClient.ClientID, ClientSecret: a.M2MClient.ClientSecret})
	if err != nil {
		t.Fatal(err)
	}
	snap, err := ts.Export(ts.ProjectID)
	if err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{a.M2MClient.ClientSecret, b.M2MClient.ClientSecret, started.M2MClient.NextClientSecret} {
		if bytes.Contains(snap, []byte(secret)) {
			t.Fatal("the snapshot holds an M2M client secret in clear")
		}
	}

	srv := mockserver.New(mockserver.Options{})
	if err := srv.Import(ts.ProjectID, snap); err != nil {
		t.Fatal(err)
	}
	if again, _ := srv.Export(ts.ProjectID); !sameState(t, snap, again) {
		t.Fatal("export after import differs")
	}
	c2 := serve(t, srv, ts.ProjectID, ts.Secret).M2M
	res, err := c2.Clients.Search(ctx, nil)
	if err != nil || len(res.M2MClients) != 2 {
		t.Fatalf("search after import: %+v %v", res, err)
	}
	ga, gb := res.M2MClients[0], res.M2MClients[1]
	if ga.ClientID != a.M2MClient.ClientID || ga.TrustedMetadata["k"] != "v" || !slices.Equal(ga.Scopes, []string{"read:users"}) ||
		ga.NextClientSecretLastFour != started.M2MClient.NextClientSecretLastFour || gb.Status != m2m.StatusInactive {
		t.Fatalf("after import: %+v %+v", ga, gb)
	}
	for _, secret := range []string{a.M2MClient.ClientSecret, started.M2MClient.NextClientSecret} {
		if _, err := c2.Token(ctx, &m2m.TokenParams{ClientID: ga.ClientID, ClientSecret: secret}); err != nil {
			t.Fatalf("secret after import: %v", err)
		}
	}
	if _, err := c2.AuthenticateToken(ctx, &m2m.AuthenticateTokenParams{AccessToken: tok.AccessToken, RequiredScopes: []string{"read:users"}}); err != nil {
		t.Fatalf("token issued before the export: %v", err)
	}
	if _, err := c2.Clients.Secrets.Rotate(ctx, &m2m.ClientsSecretsRotateParams{ClientID: ga.ClientID}); err != nil {
		t.Fatal(err)
	}
	// New clients after the import do not reuse sequence numbers: the
	// search order stays creation order.
	cNew, err := c2.Clients.Create(ctx, &m2m.ClientsCreateParams{Scopes: []string{}})
	if err != nil {
		t.Fatal(err)
	}
	res, _ = c2.Clients.Search(ctx, nil)
	if len(res.M2MClients) != 3 || res.M2MClients[2].ClientID != cNew.M2MClient.ClientID {
		t.Fatalf("order after import: %+v", res.M2MClients)
	}
}

func TestImportRefusesBadM2MClients(t *testing.T) {
	ts := mockserver.Start(t)
	if _, err := ts.Client.M2M.Clients.Create(ctx, &m2m.ClientsCreateParams{Scopes: []string{"read:users"}}); err != nil {
		t.Fatal(err)
	}
	good, _ := ts.Export(ts.ProjectID)
	mutate := func(f func(cl map[string]any)) string {
		var d map[string]any
		_ = json.Unmarshal(good, &d)
		f(d["m2m_clients"].([]any)[0].(map[string]any))
		out, _ := json.Marshal(d)
		return string(out)
	}
	for _, tt := range []struct{ name, body, want string }{
		{"hash", mutate(func(cl map[string]any) { cl["secret_hash"] = "plain-secret" }), "m2m_clients[0].secret_hash"},
		{"half a rotation", mutate(func(cl map[string]any) { cl["next_secret_last_four"] = "abcd" }), "go together"},
		{"status", mutate(func(cl map[string]any) { cl["status"] = "paused" }), "status"},
		{"scope", mutate(func(cl map[string]any) { cl["scopes"] = []string{"has space"} }), "scopes[0]"},
		{"unknown field", mutate(func(cl map[string]any) { cl["client_secret"] = "x" }), "client_secret"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			status, body := call(t, ts, http.MethodPost, "/mock/import", tt.body)
			wantStatus(t, status, body, http.StatusBadRequest, "invalid_snapshot")
			if msg, _ := body["error_message"].(string); !strings.Contains(msg, tt.want) {
				t.Fatalf("message %q lacks %q", msg, tt.want)
			}
			if now, _ := ts.Export(ts.ProjectID); !sameState(t, good, now) {
				t.Fatal("a refused import changed the project")
			}
		})
	}
	// The project still holds its one client.
	if res, err := ts.Client.M2M.Clients.Search(ctx, nil); err != nil || res.ResultsMetadata.Total != 1 {
		t.Fatalf("after refused imports: %+v %v", res, err)
	}
}
