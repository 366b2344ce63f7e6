package scim_test

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/b2b/scim"
	"github.com/stytchkit/stytch-go/mockserver"
	"github.com/stytchkit/stytch-go/stytchapi"
)

func newOrg(t *testing.T, ts *mockserver.TestServer) string {
	t.Helper()
	org, err := ts.Client.Organizations.Create(context.Background(), &organizations.CreateParams{OrganizationName: "Acme", OrganizationSlug: "acme"})
	if err != nil {
		t.Fatal(err)
	}
	return org.Organization.OrganizationID
}

func wantErr(t *testing.T, err error, status int, typ string) {
	t.Helper()
	var se *stytchapi.Error
	if !errors.As(err, &se) || se.StatusCode != status || string(se.ErrorType) != typ {
		t.Fatalf("got %v, want %d %s", err, status, typ)
	}
}

// scimStatus calls the SCIM service with token and returns the status.
func scimStatus(t *testing.T, ts *mockserver.TestServer, baseURL, token string) int {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, baseURL+"/Users", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := ts.HTTP.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func TestConnectionLifecycle(t *testing.T) {
	ts := mockserver.Start(t)
	ctx := context.Background()
	cc := ts.Client.SCIM.Connection
	orgID := newOrg(t, ts)

	_, err := cc.Get(ctx, &scim.ConnectionGetParams{OrganizationID: orgID})
	wantErr(t, err, 404, "no_active_scim_connection")
	bad := "azure"
	_, err = cc.Create(ctx, &scim.ConnectionCreateParams{OrganizationID: orgID, IdentityProvider: &bad})
	wantErr(t, err, 400, "invalid_scim_idp")

	created, err := cc.Create(ctx, &scim.ConnectionCreateParams{OrganizationID: orgID, DisplayName: "Okta"})
	if err != nil {
		t.Fatal(err)
	}
	conn := created.Connection
	if conn.BearerToken == "" || conn.IdentityProvider != "generic" || conn.Status != "active" || conn.BaseURL != ts.URL+"/v1/b2b/scim/"+conn.ConnectionID {
		t.Fatalf("created: %+v", conn)
	}
	_, err = cc.Create(ctx, &scim.ConnectionCreateParams{OrganizationID: orgID})
	wantErr(t, err, 400, "active_scim_connection_exists")

	got, err := cc.Get(ctx, &scim.ConnectionGetParams{OrganizationID: orgID})
	if err != nil || got.Connection.ConnectionID != conn.ConnectionID || got.Connection.BearerTokenLastFour != conn.BearerToken[len(conn.BearerToken)-4:] {
		t.Fatalf("get: %v %+v", err, got)
	}
	org, _ := ts.Client.Organizations.Get(ctx, &organizations.GetParams{OrganizationID: orgID})
	if a := org.Organization.SCIMActiveConnection; a == nil || a.ConnectionID != conn.ConnectionID || a.DisplayName != "Okta" {
		t.Fatalf("scim_active_connection: %+v", a)
	}

	okta := "okta"
	upd, err := cc.Update(ctx, &scim.ConnectionUpdateParams{OrganizationID: orgID, ConnectionID: conn.ConnectionID, DisplayName: "Okta prod", IdentityProvider: &okta})
	if err != nil || upd.Connection.DisplayName != "Okta prod" || upd.Connection.IdentityProvider != "okta" {
		t.Fatalf("update: %v %+v", err, upd)
	}
	_, err = cc.Update(ctx, &scim.ConnectionUpdateParams{OrganizationID: orgID, ConnectionID: conn.ConnectionID,
		SCIMGroupImplicitRoleAssignments: []*scim.SCIMGroupImplicitRoleAssignments{{RoleID: "stytch_admin"}}})
	wantErr(t, err, 400, "scim_group_role_assignment_does_not_contain_group_id")
	_, err = cc.Update(ctx, &scim.ConnectionUpdateParams{OrganizationID: orgID, ConnectionID: conn.ConnectionID,
		SCIMGroupImplicitRoleAssignments: []*scim.SCIMGroupImplicitRoleAssignments{{GroupID: "scim-group-test-none", RoleID: "stytch_admin"}}})
	wantErr(t, err, 400, "scim_group_role_assignment_group_does_not_exist")
	_, err = cc.Update(ctx, &scim.ConnectionUpdateParams{OrganizationID: orgID, ConnectionID: "scim-connection-test-other", DisplayName: "x"})
	wantErr(t, err, 404, "no_active_scim_connection")

	groups, err := cc.GetGroups(ctx, &scim.ConnectionGetGroupsParams{OrganizationID: orgID, ConnectionID: conn.ConnectionID, Limit: 10})
	if err != nil || len(groups.SCIMGroups) != 0 || groups.NextCursor != "" {
		t.Fatalf("groups: %v %+v", err, groups)
	}

	del, err := cc.Delete(ctx, &scim.ConnectionDeleteParams{OrganizationID: orgID, ConnectionID: conn.ConnectionID})
	if err != nil || del.ConnectionID != conn.ConnectionID {
		t.Fatalf("delete: %v %+v", err, del)
	}
	if s := scimStatus(t, ts, conn.BaseURL, conn.BearerToken); s != http.StatusUnauthorized {
		t.Fatalf("token of a deleted connection: %d", s)
	}
	org, _ = ts.Client.Organizations.Get(ctx, &organizations.GetParams{OrganizationID: orgID})
	if org.Organization.SCIMActiveConnection != nil {
		t.Fatalf("scim_active_connection after delete: %+v", org.Organization.SCIMActiveConnection)
	}
}

func TestConnectionRotation(t *testing.T) {
	ts := mockserver.Start(t)
	ctx := context.Background()
	cc := ts.Client.SCIM.Connection
	orgID := newOrg(t, ts)
	created, err := cc.Create(ctx, &scim.ConnectionCreateParams{OrganizationID: orgID})
	if err != nil {
		t.Fatal(err)
	}
	conn := created.Connection
	ref := &scim.ConnectionRotateCompleteParams{OrganizationID: orgID, ConnectionID: conn.ConnectionID}
	_, err = cc.RotateComplete(ctx, ref)
	wantErr(t, err, 400, "scim_connection_not_rotating_token")
	_, err = cc.RotateCancel(ctx, &scim.ConnectionRotateCancelParams{OrganizationID: orgID, ConnectionID: conn.ConnectionID})
	wantErr(t, err, 400, "scim_connection_not_rotating_token")

	// Start, then cancel: the next token stops working, the old one stays.
	started, err := cc.RotateStart(ctx, &scim.ConnectionRotateStartParams{OrganizationID: orgID, ConnectionID: conn.ConnectionID})
	if err != nil || started.Connection.NextBearerToken == "" || started.Connection.NextBearerToken == conn.BearerToken {
		t.Fatalf("rotate start: %v %+v", err, started)
	}
	next := started.Connection.NextBearerToken
	for _, tok := range []string{conn.BearerToken, next} {
		if s := scimStatus(t, ts, conn.BaseURL, tok); s != http.StatusOK {
			t.Fatalf("during rotation a token answers %d", s)
		}
	}
	got, _ := cc.Get(ctx, &scim.ConnectionGetParams{OrganizationID: orgID})
	if got.Connection.NextBearerTokenLastFour != next[len(next)-4:] {
		t.Fatalf("next_bearer_token_last_four: %+v", got.Connection)
	}
	if _, err := cc.RotateCancel(ctx, &scim.ConnectionRotateCancelParams{OrganizationID: orgID, ConnectionID: conn.ConnectionID}); err != nil {
		t.Fatal(err)
	}
	if s := scimStatus(t, ts, conn.BaseURL, next); s != http.StatusUnauthorized {
		t.Fatalf("cancelled token answers %d", s)
	}
	if s := scimStatus(t, ts, conn.BaseURL, conn.BearerToken); s != http.StatusOK {
		t.Fatalf("old token after cancel answers %d", s)
	}

	// Start, then complete: only the next token works.
	started, err = cc.RotateStart(ctx, &scim.ConnectionRotateStartParams{OrganizationID: orgID, ConnectionID: conn.ConnectionID})
	if err != nil {
		t.Fatal(err)
	}
	next = started.Connection.NextBearerToken
	done, err := cc.RotateComplete(ctx, ref)
	if err != nil || done.Connection.BearerTokenLastFour != next[len(next)-4:] || done.Connection.NextBearerTokenLastFour != "" {
		t.Fatalf("rotate complete: %v %+v", err, done)
	}
	if s := scimStatus(t, ts, conn.BaseURL, conn.BearerToken); s != http.StatusUnauthorized {
		t.Fatalf("old token after complete answers %d", s)
	}
	if s := scimStatus(t, ts, conn.BaseURL, next); s != http.StatusOK {
		t.Fatalf("new token after complete answers %d", s)
	}
	if s := scimStatus(t, ts, conn.BaseURL, ""); s != http.StatusUnauthorized {
		t.Fatalf("no token answers %d", s)
	}
	org, _ := ts.Client.Organizations.Get(ctx, &organizations.GetParams{OrganizationID: orgID})
	if org.Organization.SCIMActiveConnection.BearerTokenLastFour != next[len(next)-4:] {
		t.Fatalf("org summary not rotated: %+v", org.Organization.SCIMActiveConnection)
	}
}
