package m2m_test

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/stytchkit/stytch-go/consumer/m2m"
	"github.com/stytchkit/stytch-go/internal/apitest"
	"github.com/stytchkit/stytch-go/mockserver"
	"github.com/stytchkit/stytch-go/stytchapi"
)

var ctx = context.Background()

// create makes a client with the given scopes and returns it with its secret.
func create(t *testing.T, c *m2m.Client, name string, scopes ...string) m2m.M2MClientWithClientSecret {
	t.Helper()
	if scopes == nil {
		scopes = []string{}
	}
	out, err := c.Clients.Create(ctx, &m2m.ClientsCreateParams{ClientName: name, Scopes: scopes})
	if err != nil {
		t.Fatal(err)
	}
	return out.M2MClient
}

func TestClientsCreateGetUpdateDelete(t *testing.T) {
	ts := mockserver.Start(t)
	c := ts.Client.M2M
	created, err := c.Clients.Create(ctx, &m2m.ClientsCreateParams{
		ClientName: "billing", ClientDescription: "the billing worker", Scopes: []string{"read:users", "write:invoices"},
		TrustedMetadata: map[string]any{"team": "payments"},
	})
	if err != nil {
		t.Fatal(err)
	}
	mc := created.M2MClient
	if !strings.HasPrefix(mc.ClientID, "m2m-client-test-") || len(mc.ClientSecret) < 32 || mc.Status != m2m.StatusActive {
		t.Fatalf("created %+v", mc)
	}
	if mc.ClientSecretLastFour != mc.ClientSecret[len(mc.ClientSecret)-4:] || mc.NextClientSecretLastFour != "" {
		t.Fatalf("last four %q of %q", mc.ClientSecretLastFour, mc.ClientSecret)
	}

	got, err := c.Clients.Get(ctx, &m2m.ClientsGetParams{ClientID: mc.ClientID})
	if err != nil {
		t.Fatal(err)
	}
	g := got.M2MClient
	if g.ClientName != "billing" || g.ClientDescription != "the billing worker" || !slices.Equal(g.Scopes, []string{"read:users", "write:invoices"}) ||
		g.TrustedMetadata["team"] != "payments" || g.ClientSecretLastFour != mc.ClientSecretLastFour {
		t.Fatalf("get %+v", g)
	}
	// The secret is shown once: no other answer carries it.
	raw, err := stytchapi.Do[map[string]any](ctx, ts.Client.Core(), stytchapi.Request{Method: http.MethodGet, Path: "/v1/m2m/clients/{client_id}", PathParams: []string{mc.ClientID}})
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := json.Marshal(raw); strings.Contains(string(b), mc.ClientSecret) || strings.Contains(string(b), `"client_secret"`) {
		t.Fatalf("get shows the secret: %s", b)
	}

	inactive := m2m.StatusInactive
	up, err := c.Clients.Update(ctx, &m2m.ClientsUpdateParams{ClientID: mc.ClientID, ClientName: "billing-v2", Status: &inactive,
		Scopes: []string{"read:users"}, TrustedMetadata: map[string]any{"tier": 2}})
	if err != nil {
		t.Fatal(err)
	}
	u := up.M2MClient
	if u.ClientName != "billing-v2" || u.ClientDescription != "the billing worker" || u.Status != m2m.StatusInactive ||
		!slices.Equal(u.Scopes, []string{"read:users"}) || u.TrustedMetadata["team"] != nil || u.TrustedMetadata["tier"] != float64(2) {
		t.Fatalf("update %+v", u)
	}
	// An update that fails validation changes nothing, not even its valid
	// fields.
	_, err = c.Clients.Update(ctx, &m2m.ClientsUpdateParams{ClientID: mc.ClientID, ClientName: "half", Scopes: []string{"has space"}})
	apitest.WantError(t, err, 400, "invalid_m2m_client_scope")
	bad := m2m.Status("paused")
	_, err = c.Clients.Update(ctx, &m2m.ClientsUpdateParams{ClientID: mc.ClientID, ClientName: "half", Status: &bad})
	apitest.WantError(t, err, 400, "m2m_client_invalid_status")
	got, _ = c.Clients.Get(ctx, &m2m.ClientsGetParams{ClientID: mc.ClientID})
	if got.M2MClient.ClientName != "billing-v2" {
		t.Fatalf("a failed update was half applied: %+v", got.M2MClient)
	}

	del, err := c.Clients.Delete(ctx, &m2m.ClientsDeleteParams{ClientID: mc.ClientID})
	if err != nil || del.ClientID != mc.ClientID {
		t.Fatalf("delete: %+v %v", del, err)
	}
	_, err = c.Clients.Get(ctx, &m2m.ClientsGetParams{ClientID: mc.ClientID})
	apitest.WantError(t, err, 404, "m2m_client_not_found")
	_, err = c.Clients.Delete(ctx, &m2m.ClientsDeleteParams{ClientID: mc.ClientID})
	apitest.WantError(t, err, 404, "m2m_client_not_found")
	_, err = c.Clients.Update(ctx, &m2m.ClientsUpdateParams{ClientID: mc.ClientID, ClientName: "x"})
	apitest.WantError(t, err, 404, "m2m_client_not_found")
	if _, err := c.Clients.Get(ctx, nil); err == nil {
		t.Fatal("nil params: want ErrInvalidPathParam")
	}
}

func TestClientsCreateValidation(t *testing.T) {
	ts := mockserver.Start(t)
	c := ts.Client.M2M
	secret := strings.Repeat("s3cr3t-", 6)
	custom, err := c.Clients.Create(ctx, &m2m.ClientsCreateParams{ClientID: "inventory-service", ClientSecret: secret, Scopes: []string{}})
	if err != nil {
		t.Fatal(err)
	}
	if custom.M2MClient.ClientID != "inventory-service" || custom.M2MClient.ClientSecret != secret || custom.M2MClient.Scopes == nil {
		t.Fatalf("custom %+v", custom.M2MClient)
	}
	cases := []struct {
		name   string
		params m2m.ClientsCreateParams
		want   stytchapi.ErrorType
	}{
		{"duplicate id", m2m.ClientsCreateParams{ClientID: "inventory-service", Scopes: []string{}}, "duplicate_m2m_client_id"},
		{"id with a slash", m2m.ClientsCreateParams{ClientID: "a/b", Scopes: []string{}}, "m2m_client_invalid_client_id"},
		{"id too long", m2m.ClientsCreateParams{ClientID: strings.Repeat("a", 129), Scopes: []string{}}, "m2m_client_invalid_client_id"},
		{"short secret", m2m.ClientsCreateParams{ClientSecret: "hunter2", Scopes: []string{}}, "insecure_m2m_client_secret"},
		{"secret with a space", m2m.ClientsCreateParams{ClientSecret: strings.Repeat("ab ", 20), Scopes: []string{}}, "m2m_client_invalid_client_secret"},
		{"huge secret", m2m.ClientsCreateParams{ClientSecret: strings.Repeat("x", 10_000), Scopes: []string{}}, "client_secret_too_long"},
		{"no scopes", m2m.ClientsCreateParams{ClientName: "x"}, "invalid_m2m_client_scope"},
		{"scope with a space", m2m.ClientsCreateParams{Scopes: []string{"read users"}}, "invalid_m2m_client_scope"},
		{"empty scope", m2m.ClientsCreateParams{Scopes: []string{""}}, "invalid_m2m_client_scope"},
		{"scope twice", m2m.ClientsCreateParams{Scopes: []string{"a", "a"}}, "invalid_m2m_client_scope"},
		{"too many scopes", m2m.ClientsCreateParams{Scopes: manyScopes(101)}, "too_many_m2m_client_scopes"},
		{"long name", m2m.ClientsCreateParams{ClientName: strings.Repeat("n", 257), Scopes: []string{}}, "m2m_client_invalid_client_name"},
		{"long description", m2m.ClientsCreateParams{ClientDescription: strings.Repeat("d", 1025), Scopes: []string{}}, "m2m_client_invalid_client_description"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := c.Clients.Create(ctx, &tc.params)
			apitest.WantError(t, err, 400, tc.want)
		})
	}
	// A secret never appears in an error.
	_, err = c.Clients.Create(ctx, &m2m.ClientsCreateParams{ClientSecret: "hunter2-shortish", Scopes: []string{}})
	if err == nil || strings.Contains(err.Error(), "hunter2") {
		t.Fatalf("error quotes the secret: %v", err)
	}
	res, _ := c.Clients.Search(ctx, nil)
	if res.ResultsMetadata.Total != 1 {
		t.Fatalf("failed creates left %d clients", res.ResultsMetadata.Total)
	}
}

func manyScopes(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = "s" + strings.Repeat("x", i%5) + string(rune('a'+i%26)) + string(rune('a'+i/26))
	}
	return out
}

func TestClientsSearch(t *testing.T) {
	ts := mockserver.Start(t)
	c := ts.Client.M2M
	a := create(t, c, "alpha", "read:users")
	b := create(t, c, "beta", "read:users", "write:users")
	create(t, c, "gamma", "read:invoices")
	d := create(t, c, "delta")
	ids := func(cs []m2m.M2MClient) []string {
		out := []string{}
		for _, x := range cs {
			out = append(out, x.ClientID)
		}
		return out
	}
	search := func(q *m2m.SearchQuery) []string {
		t.Helper()
		res, err := c.Clients.Search(ctx, &m2m.ClientsSearchParams{Query: q})
		if err != nil {
			t.Fatal(err)
		}
		if int(res.ResultsMetadata.Total) != len(res.M2MClients) {
			t.Fatalf("total %d for %d clients", res.ResultsMetadata.Total, len(res.M2MClients))
		}
		return ids(res.M2MClients)
	}
	if got := search(m2m.And(m2m.Filter("scopes", "read:users"))); !slices.Equal(got, []string{a.ClientID, b.ClientID}) {
		t.Fatalf("scopes: %v", got)
	}
	if got := search(m2m.And(m2m.Filter("scopes", "read:users"), m2m.Filter("client_name", "beta"))); !slices.Equal(got, []string{b.ClientID}) {
		t.Fatalf("AND: %v", got)
	}
	if got := search(m2m.Or(m2m.Filter("client_id", d.ClientID), m2m.Filter("client_name", "alpha"))); !slices.Equal(got, []string{a.ClientID, d.ClientID}) {
		t.Fatalf("OR: %v", got)
	}
	if got := search(nil); len(got) != 4 {
		t.Fatalf("all: %v", got)
	}

	page, err := c.Clients.Search(ctx, &m2m.ClientsSearchParams{Limit: 3})
	if err != nil || len(page.M2MClients) != 3 || page.ResultsMetadata.NextCursor == "" || page.ResultsMetadata.Total != 4 {
		t.Fatalf("page 1: %+v %v", page, err)
	}
	var walked []string
	for cl, err := range c.Clients.SearchAll(ctx, &m2m.ClientsSearchParams{Limit: 1}) {
		if err != nil {
			t.Fatal(err)
		}
		walked = append(walked, cl.ClientID)
	}
	if len(walked) != 4 || walked[0] != a.ClientID || walked[3] != d.ClientID {
		t.Fatalf("SearchAll: %v", walked)
	}

	_, err = c.Clients.Search(ctx, &m2m.ClientsSearchParams{Query: m2m.And(m2m.Filter("colour", "red"))})
	apitest.WantError(t, err, 400, "m2m_search_filter_name_not_recognized")
	_, err = c.Clients.Search(ctx, &m2m.ClientsSearchParams{Query: m2m.And(m2m.SearchOperand{FilterName: "scopes", FilterValue: "read:users"})})
	apitest.WantError(t, err, 400, "m2m_search_expected_array_of_strings")
	_, err = c.Clients.Search(ctx, &m2m.ClientsSearchParams{Query: m2m.And(m2m.SearchOperand{FilterValue: []string{"x"}})})
	apitest.WantError(t, err, 400, "m2m_search_missing_filter_name")
	_, err = c.Clients.Search(ctx, &m2m.ClientsSearchParams{Query: m2m.And(m2m.SearchOperand{FilterName: "scopes"})})
	apitest.WantError(t, err, 400, "m2m_search_missing_filter_value")
	_, err = c.Clients.Search(ctx, &m2m.ClientsSearchParams{Cursor: "nope"})
	apitest.WantError(t, err, 400, "invalid_request_value")
}
