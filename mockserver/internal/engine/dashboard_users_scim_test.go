package engine

import (
	"bytes"
	"context"
	"encoding/json"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stytchkit/stytch-go/b2b/scim"
	"github.com/stytchkit/stytch-go/consumer"
	"github.com/stytchkit/stytch-go/consumer/magiclinks"
	"github.com/stytchkit/stytch-go/consumer/users"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
	"github.com/stytchkit/stytch-go/stytchapi"
)

// The project page of a consumer project lists its users with their emails,
// phone numbers, status and live sessions; never metadata, session tokens
// or JWTs. A B2B project has no users section.
func TestDashboardShowsConsumerUsers(t *testing.T) {
	e := New(Options{})
	creds, err := e.CreateVerticalProject("test", state.VerticalConsumer, "", "")
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(e)
	t.Cleanup(srv.Close)
	c, err := consumer.NewClient(creds.ProjectID, creds.Secret, stytchapi.WithBaseURL(srv.URL), stytchapi.WithHTTPClient(srv.Client()))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	page := "/dashboard/projects/" + creds.ProjectID
	_, _, body := dashDo(t, e, httptest.NewRequest(http.MethodGet, page, nil))
	wantContains(t, "no users", section(t, body, "users"), "Users (0)", "No users.")

	const secret = "trusted-metadata-secret-never-shown"
	ada, err := c.Users.Create(ctx, &users.CreateParams{Email: "ada@example.com", PhoneNumber: "+12025550123", ExternalID: "ext-ada",
		Name: &users.Name{FirstName: hostileName, LastName: "Lovelace"}, TrustedMetadata: map[string]any{"api_key": secret}})
	if err != nil {
		t.Fatal(err)
	}
	if err := e.SetRedirectURLs(creds.ProjectID, []state.RedirectURL{{URL: "http://localhost:3000/authenticate", Types: []string{"login", "signup", "invite"}, DefaultFor: []string{"invite"}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.MagicLinks.Email.Send(ctx, &magiclinks.EmailSendParams{Email: "ada@example.com", LoginMagicLinkURL: "http://localhost:3000/authenticate"}); err != nil {
		t.Fatal(err)
	}
	msgs := e.Project(creds.ProjectID).Outbox.List("")
	if len(msgs) != 1 || msgs[0].Token == "" {
		t.Fatalf("outbox %+v", msgs)
	}
	login, err := c.MagicLinks.Authenticate(ctx, &magiclinks.AuthenticateParams{Token: msgs[0].Token, SessionDurationMinutes: 60})
	if err != nil {
		t.Fatal(err)
	}
	invite, err := c.MagicLinks.Email.Invite(ctx, &magiclinks.EmailInviteParams{Email: "bob@example.com"})
	if err != nil {
		t.Fatal(err)
	}

	status, _, body := dashDo(t, e, httptest.NewRequest(http.MethodGet, page, nil))
	if status != http.StatusOK {
		t.Fatalf("status %d", status)
	}
	sec := section(t, body, "users")
	wantContains(t, "users", sec, "Users (2)", ada.UserID, invite.UserID, html.EscapeString(hostileName)+" Lovelace",
		"ada@example.com <small>verified</small>", "&#43;12025550123 <small>unverified</small>", "bob@example.com <small>unverified</small>",
		"ext-ada", `class="user user-active"`, `class="user user-pending"`, `<td class="num">1</td>`)
	if strings.Contains(body, hostileName) {
		t.Fatal("a user name is not escaped")
	}
	for _, s := range []string{secret, login.SessionToken, login.SessionJWT} {
		if strings.Contains(body, s) {
			t.Fatalf("the dashboard shows a secret or token: %.12s…", s)
		}
	}
	if !strings.Contains(body, `<span class="vertical">consumer</span>`) {
		t.Fatal("the project page does not say the project is a consumer one")
	}

	// B2B projects have no users section.
	f := newDashFixture(t)
	_, _, b2bBody := f.get(t, "/dashboard/projects/"+f.creds.ProjectID)
	if strings.Contains(b2bBody, `<section id="users">`) || strings.Contains(b2bBody, `class="vertical"`) {
		t.Fatal("a B2B project page shows consumer users")
	}
}

// scimDo sends a SCIM request with the connection's bearer token.
func scimDo(t *testing.T, method, url, token, body string) map[string]any {
	t.Helper()
	req, err := http.NewRequest(method, url, bytes.NewReader([]byte(body)))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/scim+json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode/100 != 2 {
		t.Fatalf("%s %s: %d %s", method, url, res.StatusCode, b)
	}
	var out map[string]any
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// The organization page shows its SCIM connection: status, identity
// provider, base_url (as the API answers it, on the same host), rotation,
// what it provisioned and its group roles; never a bearer token.
func TestDashboardShowsSCIMConnection(t *testing.T) {
	f := newDashFixture(t)
	ctx := context.Background()
	orgPage := f.srv.URL + "/dashboard/projects/" + f.creds.ProjectID + "/organizations/" + f.acme.OrganizationID
	get := func() string {
		t.Helper()
		res, err := f.srv.Client().Get(orgPage)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("status %d", res.StatusCode)
		}
		return string(b)
	}
	wantContains(t, "no connection", section(t, get(), "scim-connection"), "No SCIM connection.")

	idp := "okta"
	created, err := f.client.SCIM.Connection.Create(ctx, &scim.ConnectionCreateParams{OrganizationID: f.acme.OrganizationID, DisplayName: hostileName, IdentityProvider: &idp})
	if err != nil {
		t.Fatal(err)
	}
	conn := created.Connection
	scimDo(t, http.MethodPost, conn.BaseURL+"/Users", conn.BearerToken, `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"carol@acme.test","active":true}`)
	group := scimDo(t, http.MethodPost, conn.BaseURL+"/Groups", conn.BearerToken, `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"Engineering"}`)
	groupID, _ := group["id"].(string)
	if _, err := f.client.SCIM.Connection.Update(ctx, &scim.ConnectionUpdateParams{OrganizationID: f.acme.OrganizationID, ConnectionID: conn.ConnectionID,
		SCIMGroupImplicitRoleAssignments: []*scim.SCIMGroupImplicitRoleAssignments{{GroupID: groupID, RoleID: "stytch_admin"}}}); err != nil {
		t.Fatal(err)
	}
	rotated, err := f.client.SCIM.Connection.RotateStart(ctx, &scim.ConnectionRotateStartParams{OrganizationID: f.acme.OrganizationID, ConnectionID: conn.ConnectionID})
	if err != nil {
		t.Fatal(err)
	}
	body := get()
	sec := section(t, body, "scim-connection")
	wantContains(t, "connection", sec, conn.ConnectionID, html.EscapeString(hostileName), "okta", "active", "<code>"+conn.BaseURL+"</code>",
		"rotating: the old and the new token both work", "1 users, 1 groups", "Engineering ("+groupID+") → stytch_admin")
	if strings.Contains(body, hostileName) {
		t.Fatal("a connection name is not escaped")
	}
	for _, tok := range []string{conn.BearerToken, rotated.Connection.NextBearerToken} {
		if tok == "" || strings.Contains(body, tok) {
			t.Fatal("the dashboard shows a SCIM bearer token (or the API answered none)")
		}
	}
	if _, err := f.client.SCIM.Connection.RotateComplete(ctx, &scim.ConnectionRotateCompleteParams{OrganizationID: f.acme.OrganizationID, ConnectionID: conn.ConnectionID}); err != nil {
		t.Fatal(err)
	}
	wantContains(t, "rotated", section(t, get(), "scim-connection"), "one token")
}
