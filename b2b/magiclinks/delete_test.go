package magiclinks_test

import (
	"context"
	"testing"

	"github.com/stytchkit/stytch-go/b2b/magiclinks"
	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/internal/apitest"
	"github.com/stytchkit/stytch-go/mockserver"
	"github.com/stytchkit/stytch-go/stytchapi"
)

// Deleting a member revokes their invitation: the link in the invite email
// no longer signs anyone in, and the member stays deleted.
func TestDeletedMemberCannotUseInvite(t *testing.T) {
	ctx := context.Background()
	ts := mockserver.Start(t)
	org, err := ts.Client.Organizations.Create(ctx, &organizations.CreateParams{OrganizationName: "Acme", OrganizationSlug: "acme"})
	if err != nil {
		t.Fatal(err)
	}
	orgID := org.Organization.OrganizationID
	inv, err := ts.Client.MagicLinks.Email.Invite(ctx, &magiclinks.EmailInviteParams{OrganizationID: orgID, EmailAddress: "grace@acme.com"})
	if err != nil {
		t.Fatal(err)
	}
	msg, ok := ts.Outbox().Last("grace@acme.com")
	if !ok || msg.Template != "invite" {
		t.Fatalf("invite email: %+v", msg)
	}
	if _, err := ts.Client.Organizations.Members.Delete(ctx, &organizations.MembersDeleteParams{OrganizationID: orgID, MemberID: inv.MemberID}); err != nil {
		t.Fatal(err)
	}
	_, err = ts.Client.MagicLinks.Authenticate(ctx, &magiclinks.AuthenticateParams{MagicLinksToken: msg.Token})
	apitest.WantError(t, err, 404, stytchapi.ErrorTypeMemberNotFound)
	got, err := ts.Client.Organizations.Members.DangerouslyGet(ctx, &organizations.MembersDangerouslyGetParams{MemberID: inv.MemberID, IncludeDeleted: true})
	if err != nil || got.Member.Status != organizations.StatusDeleted {
		t.Fatalf("member after the attempt: %+v %v", got, err)
	}
}
