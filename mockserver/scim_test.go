package mockserver_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/b2b/otps"
	"github.com/stytchkit/stytch-go/b2b/scim"
	"github.com/stytchkit/stytch-go/b2b/sessions"
	"github.com/stytchkit/stytch-go/mockserver"
)

// idp calls a SCIM connection's base_url as an identity provider does.
type idp struct {
	t     *testing.T
	ts    *mockserver.TestServer
	base  string
	token string
}

// do sends one SCIM request and returns the status and decoded body.
func (c *idp) do(method, path, body string) (int, map[string]any) {
	c.t.Helper()
	req, err := http.NewRequest(method, c.base+path, strings.NewReader(body))
	if err != nil {
		c.t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	if body != "" {
		req.Header.Set("Content-Type", "application/scim+json")
	}
	resp, err := c.ts.HTTP.Client().Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var out map[string]any
	if len(raw) > 0 {
		if err := json.Unmarshal(raw, &out); err != nil {
			c.t.Fatalf("%s %s: %d, body not JSON: %s", method, path, resp.StatusCode, raw)
		}
	}
	return resp.StatusCode, out
}

// must is do that fails the test on an unexpected status.
func (c *idp) must(want int, method, path, body string) map[string]any {
	c.t.Helper()
	got, out := c.do(method, path, body)
	if got != want {
		c.t.Fatalf("%s %s: status %d, want %d: %v", method, path, got, want, out)
	}
	return out
}

// scimOrg creates an organization with a SCIM connection for provider and
// returns the organization ID, the connection and an IdP client of it.
func scimOrg(t *testing.T, ts *mockserver.TestServer, provider string) (string, *scim.SCIMConnectionWithToken, *idp) {
	t.Helper()
	ctx := context.Background()
	org, err := ts.Client.Organizations.Create(ctx, &organizations.CreateParams{OrganizationName: "Acme", OrganizationSlug: "acme"})
	if err != nil {
		t.Fatal(err)
	}
	orgID := org.Organization.OrganizationID
	created, err := ts.Client.SCIM.Connection.Create(ctx, &scim.ConnectionCreateParams{OrganizationID: orgID, DisplayName: provider, IdentityProvider: &provider})
	if err != nil {
		t.Fatal(err)
	}
	return orgID, created.Connection, &idp{t: t, ts: ts, base: created.Connection.BaseURL, token: created.Connection.BearerToken}
}

func memberByEmail(t *testing.T, ts *mockserver.TestServer, orgID, email string) *organizations.Member {
	t.Helper()
	got, err := ts.Client.Organizations.Members.Get(context.Background(), &organizations.MembersGetParams{OrganizationID: orgID, EmailAddress: email})
	if err != nil {
		return nil
	}
	return &got.Member
}

// loginByOTP gives an active member a session and returns its token.
func loginByOTP(t *testing.T, ts *mockserver.TestServer, orgID, email string) string {
	t.Helper()
	ctx := context.Background()
	if _, err := ts.Client.OTPs.Email.LoginOrSignup(ctx, &otps.EmailLoginOrSignupParams{OrganizationID: orgID, EmailAddress: email}); err != nil {
		t.Fatal(err)
	}
	msg, _ := ts.Outbox().Last(email)
	auth, err := ts.Client.OTPs.Email.Authenticate(ctx, &otps.EmailAuthenticateParams{OrganizationID: orgID, EmailAddress: email, Code: msg.Code})
	if err != nil {
		t.Fatal(err)
	}
	return auth.SessionToken
}

func hasRoleFrom(m *organizations.Member, role, source string) bool {
	for _, r := range m.Roles {
		if r.RoleID == role {
			for _, s := range r.Sources {
				if s.Type == source {
					return true
				}
			}
		}
	}
	return false
}

// TestSCIMOktaSequence follows Okta's SCIM 2.0 provisioning sequence:
// filter by userName, create, read, replace, group push with membership
// changes, deactivate with PATCH active=false, and reactivate.
func TestSCIMOktaSequence(t *testing.T) {
	ts := mockserver.Start(t)
	ctx := context.Background()
	orgID, conn, c := scimOrg(t, ts, "okta")

	c.must(200, http.MethodGet, "/ServiceProviderConfig", "")
	c.must(200, http.MethodGet, "/ResourceTypes", "")
	c.must(200, http.MethodGet, "/Schemas", "")

	list := c.must(200, http.MethodGet, "/Users?filter="+url.QueryEscape(`userName eq "ada@acme.com"`)+"&startIndex=1&count=100", "")
	if list["totalResults"] != 0.0 {
		t.Fatalf("before create: %v", list)
	}
	user := c.must(201, http.MethodPost, "/Users", `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"ada@acme.com",
		"name":{"givenName":"Ada","familyName":"Lovelace"},"emails":[{"primary":true,"value":"ada@acme.com","type":"work"}],
		"displayName":"Ada Lovelace","locale":"en-US","externalId":"00u1okta","groups":[],"active":true}`)
	id := user["id"].(string)
	c.must(409, http.MethodPost, "/Users", `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"ADA@acme.com","active":true}`)
	list = c.must(200, http.MethodGet, "/Users?filter="+url.QueryEscape(`userName eq "ada@acme.com"`)+"&startIndex=1&count=100", "")
	if list["totalResults"] != 1.0 {
		t.Fatalf("after create: %v", list)
	}
	got := c.must(200, http.MethodGet, "/Users/"+id, "")
	if got["userName"] != "ada@acme.com" || got["active"] != true || got["externalId"] != "00u1okta" {
		t.Fatalf("get: %v", got)
	}
	c.must(404, http.MethodGet, "/Users/member-test-nope", "")

	m := memberByEmail(t, ts, orgID, "ada@acme.com")
	if m == nil || m.MemberID != id || m.Status != organizations.StatusActive || m.Name != "Ada Lovelace" {
		t.Fatalf("member: %+v", m)
	}
	if r := m.SCIMRegistration; r == nil || r.ConnectionID != conn.ConnectionID || r.ExternalID != "00u1okta" || r.SCIMAttributes == nil ||
		r.SCIMAttributes.Name == nil || r.SCIMAttributes.Name.GivenName != "Ada" || r.SCIMAttributes.Locale != "en-US" {
		t.Fatalf("scim_registration: %+v", m.SCIMRegistration)
	}

	c.must(200, http.MethodPut, "/Users/"+id, `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"ada@acme.com",
		"name":{"givenName":"Augusta","familyName":"King"},"emails":[{"primary":true,"value":"ada@acme.com","type":"work"}],"externalId":"00u1okta","active":true}`)
	if m := memberByEmail(t, ts, orgID, "ada@acme.com"); m.Name != "Augusta King" {
		t.Fatalf("after PUT: name %q", m.Name)
	}

	// Group push, with a role for the group.
	group := c.must(201, http.MethodPost, "/Groups", `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"Engineering","members":[]}`)
	gid := group["id"].(string)
	if _, err := ts.Client.SCIM.Connection.Update(ctx, &scim.ConnectionUpdateParams{OrganizationID: orgID, ConnectionID: conn.ConnectionID,
		SCIMGroupImplicitRoleAssignments: []*scim.SCIMGroupImplicitRoleAssignments{{GroupID: gid, RoleID: "stytch_admin"}}}); err != nil {
		t.Fatal(err)
	}
	c.must(200, http.MethodPatch, "/Groups/"+gid, `{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
		"Operations":[{"op":"add","path":"members","value":[{"value":"`+id+`","display":"ada@acme.com"}]}]}`)
	m = memberByEmail(t, ts, orgID, "ada@acme.com")
	if !hasRoleFrom(m, "stytch_admin", "scim_connection_group") || !m.IsAdmin {
		t.Fatalf("group role not granted: %+v", m.Roles)
	}
	// Member search by role sees it.
	found, err := ts.Client.Organizations.Members.Search(ctx, &organizations.MembersSearchParams{OrganizationIDs: []string{orgID},
		Query: &organizations.SearchQuery{Operator: organizations.SearchAND, Operands: []organizations.SearchOperand{{FilterName: "member_roles", FilterValue: []string{"stytch_admin"}}}}})
	if err != nil || len(found.Members) != 1 {
		t.Fatalf("search by role: %v %+v", err, found)
	}
	c.must(200, http.MethodPatch, "/Groups/"+gid, `{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
		"Operations":[{"op":"replace","value":{"id":"`+gid+`","displayName":"Eng"}}]}`)
	groups, err := ts.Client.SCIM.Connection.GetGroups(ctx, &scim.ConnectionGetGroupsParams{OrganizationID: orgID, ConnectionID: conn.ConnectionID})
	if err != nil || len(groups.SCIMGroups) != 1 || groups.SCIMGroups[0].GroupName != "Eng" {
		t.Fatalf("groups: %v %+v", err, groups)
	}
	c.must(200, http.MethodPatch, "/Groups/"+gid, `{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
		"Operations":[{"op":"remove","path":"members[value eq \"`+id+`\"]"}]}`)
	if m := memberByEmail(t, ts, orgID, "ada@acme.com"); hasRoleFrom(m, "stytch_admin", "scim_connection_group") {
		t.Fatalf("group role kept after removal: %+v", m.Roles)
	}

	// Deactivation deletes the member and revokes its sessions.
	token := loginByOTP(t, ts, orgID, "ada@acme.com")
	c.must(200, http.MethodPatch, "/Users/"+id, `{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","value":{"active":false}}]}`)
	if m := memberByEmail(t, ts, orgID, "ada@acme.com"); m != nil {
		t.Fatalf("deactivated member still found: %+v", m)
	}
	if _, err := ts.Client.Sessions.Authenticate(ctx, &sessions.AuthenticateParams{SessionToken: token}); err == nil {
		t.Fatal("session survived deactivation")
	}
	got = c.must(200, http.MethodGet, "/Users/"+id, "")
	if got["active"] != false {
		t.Fatalf("user after deactivation: %v", got)
	}
	// Reactivation brings the member back.
	c.must(200, http.MethodPatch, "/Users/"+id, `{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","value":{"active":true}}]}`)
	if m := memberByEmail(t, ts, orgID, "ada@acme.com"); m == nil || m.Status != organizations.StatusActive {
		t.Fatalf("reactivated member: %+v", m)
	}
	c.must(204, http.MethodDelete, "/Groups/"+gid, "")
	c.must(404, http.MethodGet, "/Groups/"+gid, "")
}

// TestSCIMEntraSequence follows Microsoft Entra ID's provisioning
// sequence: query by userName, create with the enterprise extension, query
// by externalId, PATCH with value-filter paths, group create and member
// add and remove, PATCH active false, and DELETE.
func TestSCIMEntraSequence(t *testing.T) {
	ts := mockserver.Start(t)
	orgID, _, c := scimOrg(t, ts, "microsoft-entra")

	c.must(200, http.MethodGet, "/Users?filter="+url.QueryEscape(`userName eq "grace@acme.com"`), "")
	user := c.must(201, http.MethodPost, "/Users", `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
		"externalId":"grace","userName":"grace@acme.com","active":true,
		"emails":[{"primary":true,"type":"work","value":"grace@acme.com"}],"meta":{"resourceType":"User"},
		"name":{"formatted":"Grace Hopper","familyName":"Hopper","givenName":"Grace"},"roles":[],
		"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"Navy"}}`)
	id := user["id"].(string)
	list := c.must(200, http.MethodGet, "/Users?filter="+url.QueryEscape(`externalId eq "grace"`), "")
	if list["totalResults"] != 1.0 {
		t.Fatalf("by externalId: %v", list)
	}
	list = c.must(200, http.MethodGet, "/Users?filter="+url.QueryEscape(`emails[type eq "work"].value eq "grace@acme.com"`), "")
	if list["totalResults"] != 1.0 {
		t.Fatalf("by work email: %v", list)
	}
	c.must(400, http.MethodGet, "/Users?filter="+url.QueryEscape(`userName eq`), "")

	c.must(200, http.MethodPatch, "/Users/"+id, `{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[
		{"op":"Replace","path":"emails[type eq \"work\"].value","value":"grace.hopper@acme.com"},
		{"op":"Replace","path":"name.familyName","value":"Murray Hopper"},
		{"op":"Add","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department","value":"Computing"}]}`)
	m := memberByEmail(t, ts, orgID, "grace@acme.com")
	if m == nil || m.SCIMRegistration == nil || m.SCIMRegistration.SCIMAttributes == nil {
		t.Fatalf("member: %+v", m)
	}
	a := m.SCIMRegistration.SCIMAttributes
	if len(a.Emails) != 1 || a.Emails[0].Value != "grace.hopper@acme.com" || a.Name.FamilyName != "Murray Hopper" ||
		a.EnterpriseExtension == nil || a.EnterpriseExtension.Department != "Computing" {
		t.Fatalf("scim attributes after PATCH: %+v", a)
	}

	group := c.must(201, http.MethodPost, "/Groups", `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"externalId":"g1","displayName":"Admirals","members":[]}`)
	gid := group["id"].(string)
	c.must(200, http.MethodGet, "/Groups?filter="+url.QueryEscape(`displayName eq "Admirals"`)+"&excludedAttributes=members", "")
	c.must(200, http.MethodPatch, "/Groups/"+gid, `{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Add","path":"members","value":[{"value":"`+id+`"}]}]}`)
	got := c.must(200, http.MethodGet, "/Users/"+id, "")
	if gs, _ := got["groups"].([]any); len(gs) != 1 {
		t.Fatalf("user groups: %v", got)
	}
	c.must(200, http.MethodPatch, "/Groups/"+gid, `{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Remove","path":"members","value":[{"value":"`+id+`"}]}]}`)
	got = c.must(200, http.MethodGet, "/Groups/"+gid, "")
	if ms, _ := got["members"].([]any); len(ms) != 0 {
		t.Fatalf("group members after remove: %v", got)
	}

	c.must(200, http.MethodPatch, "/Users/"+id, `{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Replace","path":"active","value":false}]}`)
	if m := memberByEmail(t, ts, orgID, "grace@acme.com"); m != nil {
		t.Fatalf("deactivated member still found: %+v", m)
	}
	c.must(204, http.MethodDelete, "/Users/"+id, "")
	c.must(404, http.MethodGet, "/Users/"+id, "")
}

// TestSCIMSurvivesExportImport checks that connections (with their token
// hashes), users, groups and group roles survive a snapshot round trip.
func TestSCIMSurvivesExportImport(t *testing.T) {
	ts := mockserver.Start(t)
	ctx := context.Background()
	orgID, conn, c := scimOrg(t, ts, "okta")
	id := c.must(201, http.MethodPost, "/Users", `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"ada@acme.com","name":{"givenName":"Ada"},"active":true}`)["id"].(string)
	gid := c.must(201, http.MethodPost, "/Groups", `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"Eng","members":[{"value":"`+id+`"}]}`)["id"].(string)
	if _, err := ts.Client.SCIM.Connection.Update(ctx, &scim.ConnectionUpdateParams{OrganizationID: orgID, ConnectionID: conn.ConnectionID,
		SCIMGroupImplicitRoleAssignments: []*scim.SCIMGroupImplicitRoleAssignments{{GroupID: gid, RoleID: "stytch_admin"}}}); err != nil {
		t.Fatal(err)
	}
	snap, err := ts.Export(ts.ProjectID)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(snap), conn.BearerToken) {
		t.Fatal("the snapshot holds the bearer token in clear")
	}
	if err := ts.Reset(ts.ProjectID); err != nil {
		t.Fatal(err)
	}
	c.must(401, http.MethodGet, "/Users/"+id, "")
	if err := ts.Import(ts.ProjectID, snap); err != nil {
		t.Fatal(err)
	}
	c.must(200, http.MethodGet, "/Users/"+id, "")
	m := memberByEmail(t, ts, orgID, "ada@acme.com")
	if m == nil || !hasRoleFrom(m, "stytch_admin", "scim_connection_group") || m.SCIMRegistration.SCIMAttributes.Name.GivenName != "Ada" {
		t.Fatalf("member after import: %+v", m)
	}
}

// TestSCIMEvents checks that SCIM requests reach the event log.
func TestSCIMEvents(t *testing.T) {
	ts := mockserver.Start(t)
	orgID, _, c := scimOrg(t, ts, "okta")
	c.must(201, http.MethodPost, "/Users", `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"ada@acme.com","active":true}`)
	c.must(400, http.MethodPost, "/Users", `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"]}`)
	page, err := ts.Events(ts.ProjectID, mockserver.EventFilter{Action: "SCIMUsersCreate"})
	if err != nil {
		t.Fatal(err)
	}
	var ok, failed int
	for _, e := range page.Events {
		if e.OrganizationID != orgID {
			t.Fatalf("event without the organization: %+v", e)
		}
		switch e.Status {
		case "success":
			ok++
		case "error":
			failed++
		}
	}
	if ok != 1 || failed != 1 {
		t.Fatalf("events: %+v", page.Events)
	}
}
