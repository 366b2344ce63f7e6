package scim_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/stytchkit/stytch-go/b2b"
	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/b2b/scim"
	"github.com/stytchkit/stytch-go/mockserver"
	"github.com/stytchkit/stytch-go/stytchapi"
)

// newExampleMock starts an in-process mock with one project and an
// organization "acme", and returns a client, the organization's ID and a
// stop function.
func newExampleMock() (*b2b.Client, string, func()) {
	srv := mockserver.New(mockserver.Options{})
	hs := httptest.NewServer(srv)
	creds, err := srv.CreateProject(mockserver.EnvTest)
	if err != nil {
		panic(err)
	}
	client, err := b2b.NewClient(creds.ProjectID, creds.Secret, stytchapi.WithBaseURL(hs.URL))
	if err != nil {
		panic(err)
	}
	org, err := client.Organizations.Create(context.Background(), &organizations.CreateParams{OrganizationName: "Acme", OrganizationSlug: "acme"})
	if err != nil {
		panic(err)
	}
	return client, org.Organization.OrganizationID, hs.Close
}

// scimCall is what an identity provider does: a SCIM 2.0 request to the
// connection's base URL with its bearer token. It returns the status and
// the resource's "id", if any.
func scimCall(method, url, token, body string) (int, string) {
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		panic(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/scim+json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		panic(err)
	}
	defer resp.Body.Close()
	var out struct {
		ID string `json:"id"`
	}
	_ = json.NewDecoder(resp.Body).Decode(&out)
	return resp.StatusCode, out.ID
}

// Create a connection, give its base URL and bearer token to the identity
// provider, and the users it provisions become members.
func ExampleConnectionClient_Create() {
	client, orgID, stop := newExampleMock()
	defer stop()
	ctx := context.Background()
	idp := "okta"
	created, err := client.SCIM.Connection.Create(ctx, &scim.ConnectionCreateParams{OrganizationID: orgID, DisplayName: "Okta", IdentityProvider: &idp})
	if err != nil {
		fmt.Println(err)
		return
	}
	conn := created.Connection
	fmt.Println(conn.Status, conn.IdentityProvider, strings.HasSuffix(conn.BaseURL, "/v1/b2b/scim/"+conn.ConnectionID))
	// The bearer token is shown only here (and at rotation).
	status, _ := scimCall(http.MethodPost, conn.BaseURL+"/Users", conn.BearerToken,
		`{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"ada@acme.com","externalId":"00u1","name":{"givenName":"Ada","familyName":"Lovelace"},"active":true}`)
	fmt.Println("provisioned:", status)

	m, err := client.Organizations.Members.Get(ctx, &organizations.MembersGetParams{OrganizationID: orgID, EmailAddress: "ada@acme.com"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(m.Member.Name, m.Member.Status, m.Member.SCIMRegistration.ExternalID)
	// Output:
	// active okta true
	// provisioned: 201
	// Ada Lovelace active 00u1
}

// Rotating the bearer token: between RotateStart and RotateComplete both
// tokens work, so the identity provider can be switched without downtime.
func ExampleConnectionClient_RotateStart() {
	client, orgID, stop := newExampleMock()
	defer stop()
	ctx := context.Background()
	created, err := client.SCIM.Connection.Create(ctx, &scim.ConnectionCreateParams{OrganizationID: orgID})
	if err != nil {
		fmt.Println(err)
		return
	}
	conn := created.Connection
	started, err := client.SCIM.Connection.RotateStart(ctx, &scim.ConnectionRotateStartParams{OrganizationID: orgID, ConnectionID: conn.ConnectionID})
	if err != nil {
		fmt.Println(err)
		return
	}
	oldToken, newToken := conn.BearerToken, started.Connection.NextBearerToken
	check := func(token string) int {
		status, _ := scimCall(http.MethodGet, conn.BaseURL+"/Users", token, "")
		return status
	}
	fmt.Println("during rotation:", check(oldToken), check(newToken))
	if _, err := client.SCIM.Connection.RotateComplete(ctx, &scim.ConnectionRotateCompleteParams{OrganizationID: orgID, ConnectionID: conn.ConnectionID}); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("after rotation:", check(oldToken), check(newToken))
	// Output:
	// during rotation: 200 200
	// after rotation: 401 200
}

// Groups the identity provider pushes can grant roles: members of the
// group get the role with a scim_connection_group source.
func ExampleConnectionClient_Update() {
	client, orgID, stop := newExampleMock()
	defer stop()
	ctx := context.Background()
	created, err := client.SCIM.Connection.Create(ctx, &scim.ConnectionCreateParams{OrganizationID: orgID})
	if err != nil {
		fmt.Println(err)
		return
	}
	conn := created.Connection
	_, userID := scimCall(http.MethodPost, conn.BaseURL+"/Users", conn.BearerToken,
		`{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"ada@acme.com","active":true}`)
	_, groupID := scimCall(http.MethodPost, conn.BaseURL+"/Groups", conn.BearerToken,
		`{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"Admins","members":[{"value":"`+userID+`"}]}`)

	groups, err := client.SCIM.Connection.GetGroups(ctx, &scim.ConnectionGetGroupsParams{OrganizationID: orgID, ConnectionID: conn.ConnectionID})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(groups.SCIMGroups[0].GroupName)
	if _, err := client.SCIM.Connection.Update(ctx, &scim.ConnectionUpdateParams{OrganizationID: orgID, ConnectionID: conn.ConnectionID,
		SCIMGroupImplicitRoleAssignments: []*scim.SCIMGroupImplicitRoleAssignments{{GroupID: groupID, RoleID: "stytch_admin"}}}); err != nil {
		fmt.Println(err)
		return
	}
	m, err := client.Organizations.Members.Get(ctx, &organizations.MembersGetParams{OrganizationID: orgID, EmailAddress: "ada@acme.com"})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range m.Member.Roles {
		for _, s := range r.Sources {
			fmt.Println(r.RoleID, s.Type)
		}
	}
	// Output:
	// Admins
	// stytch_member direct_assignment
	// stytch_admin scim_connection_group
}
