package organizations_test

import (
	"testing"

	"github.com/stytchkit/stytch-go/internal/apitest"

	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/b2b/sessions"
	"github.com/stytchkit/stytch-go/mockserver"
	"github.com/stytchkit/stytch-go/stytchapi"
)

// Calls made as a member (WithMemberSession / WithMemberSessionJWT) are
// checked against the member's roles before they run.
func TestMembersMemberSessionAuthorization(t *testing.T) {
	ts := mockserver.Start(t)
	c := ts.Client.Organizations
	org, err := c.Create(ctx, &organizations.CreateParams{OrganizationName: "Acme", OrganizationSlug: "acme"})
	if err != nil {
		t.Fatal(err)
	}
	orgID := org.Organization.OrganizationID
	other, err := c.Create(ctx, &organizations.CreateParams{OrganizationName: "Other", OrganizationSlug: "other"})
	if err != nil {
		t.Fatal(err)
	}
	newMember := func(email string, roles ...string) string {
		resp, err := c.Members.Create(ctx, &organizations.MembersCreateParams{OrganizationID: orgID, EmailAddress: email, Roles: roles})
		if err != nil {
			t.Fatal(err)
		}
		return resp.MemberID
	}
	adminID := newMember("admin@acme.com", "stytch_admin")
	plainID := newMember("plain@acme.com")
	targetID := newMember("target@acme.com")
	admin := ts.LoginMember(t, mockserver.SessionFixtureParams{OrganizationID: orgID, MemberID: adminID})
	plain := ts.LoginMember(t, mockserver.SessionFixtureParams{OrganizationID: orgID, MemberID: plainID})
	asAdmin := stytchapi.WithMemberSession(admin.SessionToken)
	asPlain := stytchapi.WithMemberSessionJWT(plain.SessionJWT)

	// An admin may create and rename members; a plain member may not.
	if _, err := c.Members.Create(ctx, &organizations.MembersCreateParams{OrganizationID: orgID, EmailAddress: "new@acme.com"}, asAdmin); err != nil {
		t.Fatalf("admin create: %v", err)
	}
	_, err = c.Members.Create(ctx, &organizations.MembersCreateParams{OrganizationID: orgID, EmailAddress: "nope@acme.com"}, asPlain)
	apitest.WantError(t, err, 403, stytchapi.ErrorTypeSessionAuthorizationError)
	if _, err := c.Members.Update(ctx, &organizations.MembersUpdateParams{OrganizationID: orgID, MemberID: targetID, Name: "Renamed"}, asAdmin); err != nil {
		t.Fatalf("admin update: %v", err)
	}
	_, err = c.Members.Update(ctx, &organizations.MembersUpdateParams{OrganizationID: orgID, MemberID: targetID, Name: "Hijacked"}, asPlain)
	apitest.WantError(t, err, 403, stytchapi.ErrorTypeSessionAuthorizationError)

	// stytch.self lets a member rename themselves, but not grant themselves roles
	// or change their own email.
	if _, err := c.Members.Update(ctx, &organizations.MembersUpdateParams{OrganizationID: orgID, MemberID: plainID, Name: "Me"}, asPlain); err != nil {
		t.Fatalf("self update: %v", err)
	}
	_, err = c.Members.Update(ctx, &organizations.MembersUpdateParams{OrganizationID: orgID, MemberID: plainID, Roles: []string{"stytch_admin"}}, asPlain)
	apitest.WantError(t, err, 403, stytchapi.ErrorTypeSessionAuthorizationError)
	_, err = c.Members.Update(ctx, &organizations.MembersUpdateParams{OrganizationID: orgID, MemberID: adminID, EmailAddress: "me2@acme.com"}, asAdmin)
	apitest.WantError(t, err, 400, stytchapi.ErrorTypeMemberCannotUpdateTheirEmailAddress)
	_, err = c.Members.Update(ctx, &organizations.MembersUpdateParams{OrganizationID: orgID, MemberID: targetID, TrustedMetadata: map[string]any{"tier": "gold"}}, asAdmin)
	apitest.WantError(t, err, 400, stytchapi.ErrorTypeCannotUpdateTrustedMetadata)

	// Search is limited to the session's organization.
	if _, err := c.Members.Search(ctx, &organizations.MembersSearchParams{OrganizationIDs: []string{orgID}}, asAdmin); err != nil {
		t.Fatalf("admin search: %v", err)
	}
	_, err = c.Members.Search(ctx, &organizations.MembersSearchParams{OrganizationIDs: []string{orgID, other.Organization.OrganizationID}}, asAdmin)
	apitest.WantError(t, err, 403, stytchapi.ErrorTypeSessionAuthorizationTenancyError)
	_, err = c.Members.Search(ctx, &organizations.MembersSearchParams{OrganizationIDs: []string{orgID}}, asPlain)
	apitest.WantError(t, err, 403, stytchapi.ErrorTypeSessionAuthorizationError)

	// Failed calls changed nothing.
	got, err := c.Members.Get(ctx, &organizations.MembersGetParams{OrganizationID: orgID, MemberID: targetID})
	if err != nil {
		t.Fatal(err)
	}
	if got.Member.Name != "Renamed" || len(got.Member.TrustedMetadata) != 0 {
		t.Fatalf("target after denied calls: name %q, trusted %v", got.Member.Name, got.Member.TrustedMetadata)
	}

	// A member may delete themselves (stytch.self delete); deleting ends
	// their sessions.
	if _, err := c.Members.Delete(ctx, &organizations.MembersDeleteParams{OrganizationID: orgID, MemberID: targetID}, asPlain); err == nil {
		t.Fatal("a plain member deleted someone else")
	}
	if _, err := c.Members.Delete(ctx, &organizations.MembersDeleteParams{OrganizationID: orgID, MemberID: plainID}, asPlain); err != nil {
		t.Fatalf("self delete: %v", err)
	}
	_, err = ts.Client.Sessions.Authenticate(ctx, &sessions.AuthenticateParams{SessionToken: plain.SessionToken})
	apitest.WantError(t, err, 404, stytchapi.ErrorTypeSessionNotFound)

	// A revoked or unknown session authorizes nothing.
	_, err = c.Members.Create(ctx, &organizations.MembersCreateParams{OrganizationID: orgID, EmailAddress: "x@acme.com"}, stytchapi.WithMemberSession("not-a-session"))
	apitest.WantError(t, err, 404, stytchapi.ErrorTypeSessionNotFound)
}
