package idp_test

import (
	"context"
	"testing"

	"github.com/stytchkit/stytch-go/b2b/idp"
	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/internal/apitest"
	"github.com/stytchkit/stytch-go/mockserver"
)

// A third-party app a member consented to shows up on the member and on the
// organization; revoking it withdraws the consent, so the next
// authorization asks again.
func TestConnectedAppsOfMembersAndOrganizations(t *testing.T) {
	ts := mockserver.Start(t)
	ctx := context.Background()
	org, err := ts.Client.Organizations.Create(ctx, &organizations.CreateParams{OrganizationName: "Acme", OrganizationSlug: "acme"})
	if err != nil {
		t.Fatal(err)
	}
	orgID := org.Organization.OrganizationID
	ada, err := ts.Client.Organizations.Members.Create(ctx, &organizations.MembersCreateParams{OrganizationID: orgID, EmailAddress: "ada@acme.com"})
	if err != nil {
		t.Fatal(err)
	}
	grace, err := ts.Client.Organizations.Members.Create(ctx, &organizations.MembersCreateParams{OrganizationID: orgID, EmailAddress: "grace@acme.com"})
	if err != nil {
		t.Fatal(err)
	}
	adaID := ada.Member.MemberID
	app := ts.CreateConnectedApp(t, mockserver.ConnectedAppParams{ClientType: mockserver.ClientThirdParty, ClientName: "Partner",
		RedirectURLs: []string{"https://partner.example.com/cb"}})

	members := func(memberID string) *organizations.MembersGetConnectedAppsResponse {
		t.Helper()
		res, err := ts.Client.Organizations.Members.GetConnectedApps(ctx, &organizations.MembersGetConnectedAppsParams{OrganizationID: orgID, MemberID: memberID})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	if got := members(adaID).ConnectedApps; len(got) != 0 {
		t.Fatalf("before any consent: %+v", got)
	}
	authorize := idp.OAuthAuthorizeParams{ConsentGranted: true, Scopes: []string{"openid", "email"}, ClientID: app.ClientID,
		RedirectURI: "https://partner.example.com/cb", ResponseType: "code", OrganizationID: orgID, MemberID: adaID}
	if _, err := ts.Client.IDP.OAuth.Authorize(ctx, &authorize); err != nil {
		t.Fatal(err)
	}

	got := members(adaID).ConnectedApps
	if len(got) != 1 || got[0].ConnectedAppID != app.ClientID || got[0].Name != "Partner" || got[0].ScopesGranted != "email openid" {
		t.Fatalf("Ada's connected apps: %+v", got)
	}
	if other := members(grace.Member.MemberID).ConnectedApps; len(other) != 0 {
		t.Fatalf("Grace consented to nothing: %+v", other)
	}
	list, err := ts.Client.Organizations.ConnectedApps(ctx, &organizations.ConnectedAppsParams{OrganizationID: orgID})
	if err != nil || len(list.ConnectedApps) != 1 || list.ConnectedApps[0].ConnectedAppID != app.ClientID {
		t.Fatalf("organization's connected apps: %+v %v", list, err)
	}
	one, err := ts.Client.Organizations.GetConnectedApp(ctx, &organizations.GetConnectedAppParams{OrganizationID: orgID, ConnectedAppID: app.ClientID})
	if err != nil || len(one.ActiveMembers) != 1 || one.ActiveMembers[0].MemberID != adaID || len(one.ActiveMembers[0].GrantedScopes) != 2 {
		t.Fatalf("connected app: %+v %v", one, err)
	}
	_, err = ts.Client.Organizations.GetConnectedApp(ctx, &organizations.GetConnectedAppParams{OrganizationID: orgID, ConnectedAppID: "connected-app-nope"})
	apitest.WantError(t, err, 404, "connected_app_not_found")

	revoke := organizations.MembersConnectedAppsRevokeParams{OrganizationID: orgID, MemberID: adaID, ConnectedAppID: app.ClientID}
	if _, err := ts.Client.Organizations.Members.ConnectedApps.Revoke(ctx, &revoke); err != nil {
		t.Fatal(err)
	}
	if got := members(adaID).ConnectedApps; len(got) != 0 {
		t.Fatalf("after revoking: %+v", got)
	}
	_, err = ts.Client.Organizations.Members.ConnectedApps.Revoke(ctx, &revoke)
	apitest.WantError(t, err, 404, "connected_app_not_found")
	start, err := ts.Client.IDP.OAuth.AuthorizeStart(ctx, &idp.OAuthAuthorizeStartParams{ClientID: app.ClientID,
		RedirectURI: "https://partner.example.com/cb", ResponseType: "code", Scopes: []string{"openid", "email"},
		OrganizationID: orgID, MemberID: adaID})
	if err != nil || !start.ConsentRequired {
		t.Fatalf("after revoking, consent is asked again: %+v %v", start, err)
	}
}
