package organizations_test

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/stytchkit/stytch-go/internal/apitest"

	"github.com/google/go-cmp/cmp"

	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/mockserver"
	"github.com/stytchkit/stytch-go/stytchapi"
)

func newOrg(t *testing.T, ts *mockserver.TestServer, slug string, extra ...func(*organizations.CreateParams)) organizations.Organization {
	t.Helper()
	p := &organizations.CreateParams{OrganizationName: "Org " + slug, OrganizationSlug: slug}
	for _, f := range extra {
		f(p)
	}
	resp, err := ts.Client.Organizations.Create(ctx, p)
	if err != nil {
		t.Fatalf("creating organization %s: %v", slug, err)
	}
	return resp.Organization
}

func newMember(t *testing.T, ts *mockserver.TestServer, p *organizations.MembersCreateParams) organizations.Member {
	t.Helper()
	resp, err := ts.Client.Organizations.Members.Create(ctx, p)
	if err != nil {
		t.Fatalf("Create(%+v): %v", p, err)
	}
	return resp.Member
}

func get(t *testing.T, ts *mockserver.TestServer, orgID, memberID string) organizations.Member {
	t.Helper()
	resp, err := ts.Client.Organizations.Members.Get(ctx, &organizations.MembersGetParams{OrganizationID: orgID, MemberID: memberID})
	if err != nil {
		t.Fatalf("Get(%s): %v", memberID, err)
	}
	return resp.Member
}

func memberRole() organizations.MemberRole {
	return organizations.MemberRole{RoleID: "stytch_member", Sources: []organizations.MemberRoleSource{{Type: "direct_assignment"}}}
}

func TestMembersCreateGetAndDangerouslyGet(t *testing.T) {
	ts := mockserver.Start(t)
	org := newOrg(t, ts, "acme")
	resp, err := ts.Client.Organizations.Members.Create(ctx, &organizations.MembersCreateParams{
		OrganizationID:    "acme", // the slug resolves too
		EmailAddress:      "Ada@Example.com",
		Name:              "Ada",
		TrustedMetadata:   map[string]any{"tier": "gold"},
		UntrustedMetadata: map[string]any{"theme": "dark"},
		IsBreakglass:      true,
		MFAPhoneNumber:    "+12025550123",
		MFAEnrolled:       true,
		Roles:             []string{"stytch_admin"},
		ExternalID:        "crm|1",
	})
	if err != nil {
		t.Fatal(err)
	}
	m := resp.Member
	if resp.MemberID != m.MemberID || !strings.HasPrefix(m.MemberID, "member-test-") || len(m.MemberID) != len("member-test-")+36 || m.CreatedAt == nil || m.UpdatedAt == nil {
		t.Fatalf("bad identity fields: %q %+v", resp.MemberID, m)
	}
	if resp.Organization.OrganizationID != org.OrganizationID {
		t.Fatalf("organization %s, want %s", resp.Organization.OrganizationID, org.OrganizationID)
	}
	want := organizations.Member{
		OrganizationID:        org.OrganizationID,
		MemberID:              m.MemberID,
		EmailAddress:          "Ada@Example.com",
		Status:                "active",
		Name:                  "Ada",
		SSORegistrations:      []organizations.SSORegistration{},
		IsBreakglass:          true,
		OAuthRegistrations:    []organizations.OAuthRegistration{},
		IsAdmin:               true,
		RetiredEmailAddresses: []organizations.RetiredEmail{},
		MFAEnrolled:           true,
		MFAPhoneNumber:        "+12025550123",
		Roles: []organizations.MemberRole{memberRole(),
			{RoleID: "stytch_admin", Sources: []organizations.MemberRoleSource{{Type: "direct_assignment"}}}},
		TrustedMetadata:   map[string]any{"tier": "gold"},
		UntrustedMetadata: map[string]any{"theme": "dark"},
		ExternalID:        "crm|1",
		CreatedAt:         m.CreatedAt,
		UpdatedAt:         m.UpdatedAt,
	}
	if diff := cmp.Diff(want, m); diff != "" {
		t.Fatalf("created member (-want +got):\n%s", diff)
	}
	for _, p := range []organizations.MembersGetParams{
		{OrganizationID: org.OrganizationID, MemberID: m.MemberID},
		{OrganizationID: "acme", MemberID: "crm|1"},
		{OrganizationID: org.OrganizationID, EmailAddress: "ada@EXAMPLE.com"},
	} {
		got, err := ts.Client.Organizations.Members.Get(ctx, &p)
		if err != nil {
			t.Fatalf("Get(%+v): %v", p, err)
		}
		if diff := cmp.Diff(m, got.Member); diff != "" {
			t.Fatalf("Get(%+v) differs from Create (-create +get):\n%s", p, diff)
		}
	}
	got, err := ts.Client.Organizations.Members.DangerouslyGet(ctx, &organizations.MembersDangerouslyGetParams{MemberID: m.MemberID})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(m, got.Member); diff != "" || got.Organization.OrganizationID != org.OrganizationID {
		t.Fatalf("DangerouslyGet (-create +got):\n%s", diff)
	}
}

func TestMembersCreatePending(t *testing.T) {
	ts := mockserver.Start(t)
	org := newOrg(t, ts, "acme")
	m := newMember(t, ts, &organizations.MembersCreateParams{OrganizationID: org.OrganizationID, EmailAddress: "p@example.com", CreateMemberAsPending: true})
	if m.Status != "pending" || m.IsAdmin || m.EmailAddressVerified {
		t.Fatalf("pending member: %+v", m)
	}
	if got := get(t, ts, org.OrganizationID, m.MemberID); got.Status != "pending" {
		t.Fatalf("stored status %q", got.Status)
	}
}

func TestMembersCreateErrors(t *testing.T) {
	ts := mockserver.Start(t)
	org := newOrg(t, ts, "acme")
	newMember(t, ts, &organizations.MembersCreateParams{OrganizationID: org.OrganizationID, EmailAddress: "taken@example.com", ExternalID: "ext-1"})
	keys := map[string]any{}
	for i := range 21 {
		keys[fmt.Sprint("k", i)] = i
	}
	id := org.OrganizationID
	tests := []struct {
		name   string
		params organizations.MembersCreateParams
		status int
		want   stytchapi.ErrorType
	}{
		{"missing email", organizations.MembersCreateParams{OrganizationID: id}, 400, stytchapi.ErrorTypeInvalidEmail},
		{"invalid email", organizations.MembersCreateParams{OrganizationID: id, EmailAddress: "not-an-email"}, 400, stytchapi.ErrorTypeInvalidEmail},
		{"email with name", organizations.MembersCreateParams{OrganizationID: id, EmailAddress: "Ada <a@example.com>"}, 400, stytchapi.ErrorTypeInvalidEmail},
		{"duplicate email", organizations.MembersCreateParams{OrganizationID: id, EmailAddress: "taken@example.com"}, 400, stytchapi.ErrorTypeDuplicateMemberEmail},
		{"duplicate email other case", organizations.MembersCreateParams{OrganizationID: id, EmailAddress: "TAKEN@example.COM"}, 400, stytchapi.ErrorTypeDuplicateMemberEmail},
		{"duplicate external id", organizations.MembersCreateParams{OrganizationID: id, EmailAddress: "x1@example.com", ExternalID: "ext-1"}, 400, stytchapi.ErrorTypeDuplicateMemberExternalID},
		{"bad external id", organizations.MembersCreateParams{OrganizationID: id, EmailAddress: "x2@example.com", ExternalID: "has space"}, 400, stytchapi.ErrorTypeInvalidRequestValue},
		{"bad phone", organizations.MembersCreateParams{OrganizationID: id, EmailAddress: "x3@example.com", MFAPhoneNumber: "555-0123"}, 400, stytchapi.ErrorTypeInvalidPhoneNumber},
		{"default role", organizations.MembersCreateParams{OrganizationID: id, EmailAddress: "x4@example.com", Roles: []string{"stytch_member"}}, 400, stytchapi.ErrorTypeCannotAssignDefaultRBACRoleID},
		{"unknown role", organizations.MembersCreateParams{OrganizationID: id, EmailAddress: "x5@example.com", Roles: []string{"wizard"}}, 400, stytchapi.ErrorTypeInvalidRBACRoleID},
		{"metadata too many keys", organizations.MembersCreateParams{OrganizationID: id, EmailAddress: "x6@example.com", UntrustedMetadata: keys}, 400, stytchapi.ErrorTypeMetadataTooManyKeys},
		{"metadata too large", organizations.MembersCreateParams{OrganizationID: id, EmailAddress: "x7@example.com", TrustedMetadata: map[string]any{"k": strings.Repeat("v", 5000)}}, 400, stytchapi.ErrorTypeMetadataTooLarge},
		{"unknown organization", organizations.MembersCreateParams{OrganizationID: "organization-test-00000000-0000-4000-8000-000000000000", EmailAddress: "x8@example.com"}, 404, stytchapi.ErrorTypeOrganizationNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ts.Client.Organizations.Members.Create(ctx, &tt.params)
			apitest.WantError(t, err, tt.status, tt.want)
		})
	}
	page, err := ts.Client.Organizations.Members.Search(ctx, &organizations.MembersSearchParams{OrganizationIDs: []string{id}})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Members) != 1 || page.ResultsMetadata.Total != 1 {
		t.Fatalf("after failed creates: %d members, total %d", len(page.Members), page.ResultsMetadata.Total)
	}
}

func TestMembersGetErrors(t *testing.T) {
	ts := mockserver.Start(t)
	org := newOrg(t, ts, "acme")
	m := newMember(t, ts, &organizations.MembersCreateParams{OrganizationID: org.OrganizationID, EmailAddress: "a@example.com"})
	other := newOrg(t, ts, "other")
	c := ts.Client.Organizations.Members
	_, err := c.Get(ctx, &organizations.MembersGetParams{OrganizationID: org.OrganizationID})
	apitest.WantError(t, err, 400, stytchapi.ErrorTypeInvalidMemberGetFields)
	_, err = c.Get(ctx, &organizations.MembersGetParams{OrganizationID: org.OrganizationID, MemberID: m.MemberID, EmailAddress: "a@example.com"})
	apitest.WantError(t, err, 400, stytchapi.ErrorTypeInvalidMemberGetFields)
	_, err = c.Get(ctx, &organizations.MembersGetParams{OrganizationID: org.OrganizationID, EmailAddress: "b@example.com"})
	apitest.WantError(t, err, 404, stytchapi.ErrorTypeMemberNotFound)
	// A member is only found in its own organization.
	_, err = c.Get(ctx, &organizations.MembersGetParams{OrganizationID: other.OrganizationID, MemberID: m.MemberID})
	apitest.WantError(t, err, 404, stytchapi.ErrorTypeMemberNotFound)
	_, err = c.DangerouslyGet(ctx, &organizations.MembersDangerouslyGetParams{MemberID: "member-test-00000000-0000-4000-8000-000000000000"})
	apitest.WantError(t, err, 404, stytchapi.ErrorTypeMemberNotFound)
	_, err = c.Get(ctx, &organizations.MembersGetParams{MemberID: m.MemberID})
	if !errors.Is(err, stytchapi.ErrInvalidPathParam) {
		t.Fatalf("empty organization ID: got %v", err)
	}
}

func TestMembersUpdate(t *testing.T) {
	ts := mockserver.Start(t)
	org := newOrg(t, ts, "acme")
	c := ts.Client.Organizations.Members
	m := newMember(t, ts, &organizations.MembersCreateParams{OrganizationID: org.OrganizationID, EmailAddress: "a@example.com", Name: "A", TrustedMetadata: map[string]any{"x": 1.0}, IsBreakglass: true})
	newMember(t, ts, &organizations.MembersCreateParams{OrganizationID: org.OrganizationID, EmailAddress: "b@example.com", ExternalID: "b-ext"})

	resp, err := c.Update(ctx, &organizations.MembersUpdateParams{
		OrganizationID:    org.OrganizationID,
		MemberID:          m.MemberID,
		Name:              "Ada",
		UntrustedMetadata: map[string]any{"theme": "light"},
		IsBreakglass:      stytchapi.Bool(false),
		MFAEnrolled:       stytchapi.Bool(true),
		MFAPhoneNumber:    "+447700900123",
		DefaultMFAMethod:  "sms_otp",
		Roles:             []string{"stytch_admin"},
		ExternalID:        "a-ext",
	})
	if err != nil {
		t.Fatal(err)
	}
	want := m
	want.Name = "Ada"
	want.UntrustedMetadata = map[string]any{"theme": "light"}
	want.IsBreakglass = false
	want.MFAEnrolled = true
	want.MFAPhoneNumber = "+447700900123"
	want.DefaultMFAMethod = "sms_otp"
	want.Roles = []organizations.MemberRole{memberRole(), {RoleID: "stytch_admin", Sources: []organizations.MemberRoleSource{{Type: "direct_assignment"}}}}
	want.IsAdmin = true
	want.ExternalID = "a-ext"
	want.UpdatedAt = resp.Member.UpdatedAt
	if diff := cmp.Diff(want, resp.Member); diff != "" {
		t.Fatalf("updated member (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(resp.Member, get(t, ts, org.OrganizationID, "a-ext")); diff != "" {
		t.Fatalf("stored member differs from the response (-resp +stored):\n%s", diff)
	}

	// An empty roles list clears the explicit roles; stytch_member stays.
	resp, err = c.Update(ctx, &organizations.MembersUpdateParams{OrganizationID: org.OrganizationID, MemberID: m.MemberID, Roles: []string{}})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]organizations.MemberRole{memberRole()}, resp.Member.Roles); diff != "" || resp.Member.IsAdmin {
		t.Fatalf("roles after clearing (-want +got):\n%s (is_admin %v)", diff, resp.Member.IsAdmin)
	}

	before := get(t, ts, org.OrganizationID, m.MemberID)
	tests := []struct {
		name   string
		params organizations.MembersUpdateParams
		status int
		want   stytchapi.ErrorType
	}{
		{"second phone", organizations.MembersUpdateParams{MFAPhoneNumber: "+12025550199"}, 400, stytchapi.ErrorTypeDuplicateMemberPhoneNumberForMember},
		{"bad phone", organizations.MembersUpdateParams{MFAPhoneNumber: "12345"}, 400, stytchapi.ErrorTypeInvalidPhoneNumber},
		{"totp default without totp", organizations.MembersUpdateParams{DefaultMFAMethod: "totp"}, 400, stytchapi.ErrorTypeDefaultMFAMemberMissingFactor},
		{"default role", organizations.MembersUpdateParams{Name: "changed", Roles: []string{"stytch_member"}}, 400, stytchapi.ErrorTypeCannotAssignDefaultRBACRoleID},
		{"unknown role", organizations.MembersUpdateParams{Name: "changed", Roles: []string{"stytch_admin", "nope"}}, 400, stytchapi.ErrorTypeInvalidRBACRoleID},
		{"duplicate external id", organizations.MembersUpdateParams{Name: "changed", ExternalID: "b-ext"}, 400, stytchapi.ErrorTypeDuplicateMemberExternalID},
		{"bad external id", organizations.MembersUpdateParams{ExternalID: "a b"}, 400, stytchapi.ErrorTypeInvalidRequestValue},
		{"duplicate email", organizations.MembersUpdateParams{Name: "changed", EmailAddress: "B@example.com"}, 400, stytchapi.ErrorTypeDuplicateMemberEmail},
		{"invalid email", organizations.MembersUpdateParams{EmailAddress: "nope"}, 400, stytchapi.ErrorTypeInvalidEmail},
		{"metadata not too big", organizations.MembersUpdateParams{Name: "changed", TrustedMetadata: map[string]any{"k": strings.Repeat("v", 5000)}}, 400, stytchapi.ErrorTypeMetadataTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := tt.params
			p.OrganizationID, p.MemberID = org.OrganizationID, m.MemberID
			_, err := c.Update(ctx, &p)
			apitest.WantError(t, err, tt.status, tt.want)
		})
	}
	if diff := cmp.Diff(before, get(t, ts, org.OrganizationID, m.MemberID)); diff != "" {
		t.Fatalf("failed updates changed the member (-before +after):\n%s", diff)
	}
	_, err = c.Update(ctx, &organizations.MembersUpdateParams{OrganizationID: org.OrganizationID, MemberID: "nobody", Name: "x"})
	apitest.WantError(t, err, 404, stytchapi.ErrorTypeMemberNotFound)
}

func TestMembersImplicitRoles(t *testing.T) {
	ts := mockserver.Start(t)
	org := newOrg(t, ts, "acme", func(p *organizations.CreateParams) {
		p.RBACEmailImplicitRoleAssignments = []*organizations.EmailImplicitRoleAssignment{{Domain: "acme.com", RoleID: "stytch_admin"}}
	})
	a := newMember(t, ts, &organizations.MembersCreateParams{OrganizationID: org.OrganizationID, EmailAddress: "ada@ACME.com", Roles: []string{"stytch_admin"}})
	want := []organizations.MemberRole{memberRole(), {RoleID: "stytch_admin", Sources: []organizations.MemberRoleSource{
		{Type: "direct_assignment"},
		{Type: "email_assignment", Details: map[string]any{"email_domain": "acme.com"}},
	}}}
	if diff := cmp.Diff(want, a.Roles); diff != "" || !a.IsAdmin {
		t.Fatalf("roles (-want +got):\n%s", diff)
	}
	// Removing the explicit role leaves the implicit one.
	resp, err := ts.Client.Organizations.Members.Update(ctx, &organizations.MembersUpdateParams{OrganizationID: org.OrganizationID, MemberID: a.MemberID, Roles: []string{}})
	if err != nil {
		t.Fatal(err)
	}
	want[1].Sources = want[1].Sources[1:]
	if diff := cmp.Diff(want, resp.Member.Roles); diff != "" || !resp.Member.IsAdmin {
		t.Fatalf("roles after update (-want +got):\n%s", diff)
	}
	b := newMember(t, ts, &organizations.MembersCreateParams{OrganizationID: org.OrganizationID, EmailAddress: "bob@elsewhere.com"})
	if diff := cmp.Diff([]organizations.MemberRole{memberRole()}, b.Roles); diff != "" || b.IsAdmin {
		t.Fatalf("member of another domain (-want +got):\n%s", diff)
	}
}

func TestMembersUpdateEmail(t *testing.T) {
	ts := mockserver.Start(t)
	org := newOrg(t, ts, "acme")
	c := ts.Client.Organizations.Members
	m := newMember(t, ts, &organizations.MembersCreateParams{OrganizationID: org.OrganizationID, EmailAddress: "old@example.com"})
	resp, err := c.Update(ctx, &organizations.MembersUpdateParams{OrganizationID: org.OrganizationID, MemberID: m.MemberID, EmailAddress: "new@example.com"})
	if err != nil {
		t.Fatal(err)
	}
	got := resp.Member
	if got.EmailAddress != "new@example.com" || got.EmailAddressVerified || got.MemberPasswordID != "" {
		t.Fatalf("after email change: %+v", got)
	}
	if len(got.RetiredEmailAddresses) != 1 || got.RetiredEmailAddresses[0].EmailAddress != "old@example.com" || !strings.HasPrefix(got.RetiredEmailAddresses[0].EmailID, "email-test-") {
		t.Fatalf("retired emails: %+v", got.RetiredEmailAddresses)
	}
	if diff := cmp.Diff(got, get(t, ts, org.OrganizationID, m.MemberID)); diff != "" {
		t.Fatalf("stored (-resp +stored):\n%s", diff)
	}
	// The retired address blocks other members until it is unlinked.
	_, err = c.Create(ctx, &organizations.MembersCreateParams{OrganizationID: org.OrganizationID, EmailAddress: "OLD@example.com"})
	apitest.WantError(t, err, 400, stytchapi.ErrorTypeDuplicateMemberEmail)

	_, err = c.UnlinkRetiredEmail(ctx, &organizations.MembersUnlinkRetiredEmailParams{OrganizationID: org.OrganizationID, MemberID: m.MemberID})
	apitest.WantError(t, err, 400, stytchapi.ErrorTypeRetiredEmailMissingEmailIdentifiers)
	_, err = c.UnlinkRetiredEmail(ctx, &organizations.MembersUnlinkRetiredEmailParams{OrganizationID: org.OrganizationID, MemberID: m.MemberID, EmailAddress: "never@example.com"})
	apitest.WantError(t, err, 404, stytchapi.ErrorTypeEmailNotFound)
	_, err = c.UnlinkRetiredEmail(ctx, &organizations.MembersUnlinkRetiredEmailParams{OrganizationID: org.OrganizationID, MemberID: m.MemberID, EmailAddress: "old@example.com", EmailID: "email-test-other"})
	apitest.WantError(t, err, 400, stytchapi.ErrorTypeInvalidRequestValue)
	ur, err := c.UnlinkRetiredEmail(ctx, &organizations.MembersUnlinkRetiredEmailParams{OrganizationID: org.OrganizationID, MemberID: m.MemberID, EmailID: got.RetiredEmailAddresses[0].EmailID, EmailAddress: "Old@Example.com"})
	if err != nil {
		t.Fatal(err)
	}
	if ur.OrganizationID != org.OrganizationID || ur.MemberID != m.MemberID || len(ur.Member.RetiredEmailAddresses) != 0 {
		t.Fatalf("unlink response: %+v", ur)
	}
	newMember(t, ts, &organizations.MembersCreateParams{OrganizationID: org.OrganizationID, EmailAddress: "old@example.com"})

	// With unlink_email the old address is not retired at all.
	resp, err = c.Update(ctx, &organizations.MembersUpdateParams{OrganizationID: org.OrganizationID, MemberID: m.MemberID, EmailAddress: "third@example.com", UnlinkEmail: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(resp.Member.RetiredEmailAddresses) != 0 {
		t.Fatalf("unlink_email retired the address: %+v", resp.Member.RetiredEmailAddresses)
	}
	newMember(t, ts, &organizations.MembersCreateParams{OrganizationID: org.OrganizationID, EmailAddress: "new@example.com"})
}

func TestMembersDeleteAndReactivate(t *testing.T) {
	ts := mockserver.Start(t)
	org := newOrg(t, ts, "acme")
	c := ts.Client.Organizations.Members
	m := newMember(t, ts, &organizations.MembersCreateParams{OrganizationID: org.OrganizationID, EmailAddress: "a@example.com", ExternalID: "a-ext"})
	_, err := c.Reactivate(ctx, &organizations.MembersReactivateParams{OrganizationID: org.OrganizationID, MemberID: m.MemberID})
	apitest.WantError(t, err, 404, stytchapi.ErrorTypeNoDeletedMemberFoundForReactivation)

	dr, err := c.Delete(ctx, &organizations.MembersDeleteParams{OrganizationID: org.OrganizationID, MemberID: "a-ext"})
	if err != nil {
		t.Fatal(err)
	}
	if dr.MemberID != m.MemberID {
		t.Fatalf("deleted %s, want %s", dr.MemberID, m.MemberID)
	}
	_, err = c.Get(ctx, &organizations.MembersGetParams{OrganizationID: org.OrganizationID, MemberID: m.MemberID})
	apitest.WantError(t, err, 404, stytchapi.ErrorTypeMemberNotFound)
	_, err = c.Delete(ctx, &organizations.MembersDeleteParams{OrganizationID: org.OrganizationID, MemberID: m.MemberID})
	apitest.WantError(t, err, 404, stytchapi.ErrorTypeMemberNotFound)
	_, err = c.DangerouslyGet(ctx, &organizations.MembersDangerouslyGetParams{MemberID: m.MemberID})
	apitest.WantError(t, err, 404, stytchapi.ErrorTypeMemberNotFound)
	dg, err := c.DangerouslyGet(ctx, &organizations.MembersDangerouslyGetParams{MemberID: m.MemberID, IncludeDeleted: true})
	if err != nil {
		t.Fatal(err)
	}
	if dg.Member.Status != "deleted" || dg.Member.EmailAddress != "a@example.com" {
		t.Fatalf("deleted member: %+v", dg.Member)
	}
	metrics, err := ts.Client.Organizations.Metrics(ctx, &organizations.MetricsParams{OrganizationID: org.OrganizationID})
	if err != nil || metrics.MemberCount != 0 {
		t.Fatalf("metrics after delete: %v %+v", err, metrics)
	}
	// The member was never verified, so it cannot come back.
	_, err = c.Reactivate(ctx, &organizations.MembersReactivateParams{OrganizationID: org.OrganizationID, MemberID: m.MemberID})
	apitest.WantError(t, err, 400, stytchapi.ErrorTypeEmailUnverifiedForReactivation)
	// Reactivate takes the real member ID only.
	_, err = c.Reactivate(ctx, &organizations.MembersReactivateParams{OrganizationID: org.OrganizationID, MemberID: "a-ext"})
	apitest.WantError(t, err, 404, stytchapi.ErrorTypeMemberNotFound)
	// The email and external ID are free again.
	n := newMember(t, ts, &organizations.MembersCreateParams{OrganizationID: org.OrganizationID, EmailAddress: "A@example.com", ExternalID: "a-ext"})
	if n.MemberID == m.MemberID {
		t.Fatal("new member reused the deleted member's ID")
	}
}

func TestMembersFactorDeletes(t *testing.T) {
	ts := mockserver.Start(t)
	org := newOrg(t, ts, "acme")
	c := ts.Client.Organizations.Members
	m := newMember(t, ts, &organizations.MembersCreateParams{OrganizationID: org.OrganizationID, EmailAddress: "a@example.com", MFAPhoneNumber: "+12025550123", ExternalID: "a-ext"})
	if _, err := c.Update(ctx, &organizations.MembersUpdateParams{OrganizationID: org.OrganizationID, MemberID: m.MemberID, DefaultMFAMethod: "sms_otp"}); err != nil {
		t.Fatal(err)
	}
	resp, err := c.DeleteMFAPhoneNumber(ctx, &organizations.MembersDeleteMFAPhoneNumberParams{OrganizationID: org.OrganizationID, MemberID: "a-ext"})
	if err != nil {
		t.Fatal(err)
	}
	if resp.Member.MFAPhoneNumber != "" || resp.Member.DefaultMFAMethod != "" {
		t.Fatalf("after phone delete: %+v", resp.Member)
	}
	if got := get(t, ts, org.OrganizationID, m.MemberID); got.MFAPhoneNumber != "" {
		t.Fatalf("stored phone %q", got.MFAPhoneNumber)
	}
	_, err = c.DeleteMFAPhoneNumber(ctx, &organizations.MembersDeleteMFAPhoneNumberParams{OrganizationID: org.OrganizationID, MemberID: m.MemberID})
	apitest.WantError(t, err, 404, stytchapi.ErrorTypeMemberPhoneNumberNotFound)
	// With the phone gone, a new one may be set.
	if _, err := c.Update(ctx, &organizations.MembersUpdateParams{OrganizationID: org.OrganizationID, MemberID: m.MemberID, MFAPhoneNumber: "+12025550199"}); err != nil {
		t.Fatal(err)
	}
	_, err = c.DeleteTOTP(ctx, &organizations.MembersDeleteTOTPParams{OrganizationID: org.OrganizationID, MemberID: m.MemberID})
	apitest.WantError(t, err, 404, stytchapi.ErrorTypeTOTPNotFound)
	_, err = c.DeletePassword(ctx, &organizations.MembersDeletePasswordParams{OrganizationID: org.OrganizationID, MemberPasswordID: "member-password-test-00000000-0000-4000-8000-000000000000"})
	apitest.WantError(t, err, 404, stytchapi.ErrorTypeMemberPasswordNotFound)

	er, err := c.DeleteExternalID(ctx, &organizations.MembersDeleteExternalIDParams{OrganizationID: org.OrganizationID, MemberID: "a-ext"})
	if err != nil {
		t.Fatal(err)
	}
	if er.Member.ExternalID != "" {
		t.Fatalf("external ID still %q", er.Member.ExternalID)
	}
	_, err = c.Get(ctx, &organizations.MembersGetParams{OrganizationID: org.OrganizationID, MemberID: "a-ext"})
	apitest.WantError(t, err, 404, stytchapi.ErrorTypeMemberNotFound)
}

func TestMembersStartEmailUpdateErrors(t *testing.T) {
	ts := mockserver.Start(t)
	org := newOrg(t, ts, "acme")
	c := ts.Client.Organizations.Members
	active := newMember(t, ts, &organizations.MembersCreateParams{OrganizationID: org.OrganizationID, EmailAddress: "a@example.com"})
	pending := newMember(t, ts, &organizations.MembersCreateParams{OrganizationID: org.OrganizationID, EmailAddress: "p@example.com", CreateMemberAsPending: true})
	_, err := c.StartEmailUpdate(ctx, &organizations.MembersStartEmailUpdateParams{OrganizationID: org.OrganizationID, MemberID: pending.MemberID, EmailAddress: "n@example.com"})
	apitest.WantError(t, err, 400, stytchapi.ErrorTypeEmailUpdatesAvailableOnlyForActiveMembers)
	_, err = c.StartEmailUpdate(ctx, &organizations.MembersStartEmailUpdateParams{OrganizationID: org.OrganizationID, MemberID: active.MemberID, EmailAddress: "n@example.com"})
	apitest.WantError(t, err, 400, stytchapi.ErrorTypeMemberHasNoActiveVerifiedEmail)
	_, err = c.StartEmailUpdate(ctx, &organizations.MembersStartEmailUpdateParams{OrganizationID: org.OrganizationID, MemberID: active.MemberID, EmailAddress: "bad"})
	apitest.WantError(t, err, 400, stytchapi.ErrorTypeInvalidEmail)
	_, err = c.StartEmailUpdate(ctx, &organizations.MembersStartEmailUpdateParams{OrganizationID: org.OrganizationID, MemberID: active.MemberID, EmailAddress: "n@example.com", DeliveryMethod: "CARRIER_PIGEON"})
	apitest.WantError(t, err, 400, stytchapi.ErrorTypeInvalidRequestValue)
	_, err = c.StartEmailUpdate(ctx, &organizations.MembersStartEmailUpdateParams{OrganizationID: org.OrganizationID, MemberID: active.MemberID, EmailAddress: "n@example.com", Locale: "de"})
	apitest.WantError(t, err, 400, stytchapi.ErrorTypeInvalidLocale)
}

func TestMembersProvidersAndConnectedApps(t *testing.T) {
	ts := mockserver.Start(t)
	org := newOrg(t, ts, "acme")
	c := ts.Client.Organizations.Members
	m := newMember(t, ts, &organizations.MembersCreateParams{OrganizationID: org.OrganizationID, EmailAddress: "a@example.com"})
	ids := organizations.MembersOAuthProvidersParams{OrganizationID: org.OrganizationID, MemberID: m.MemberID, IncludeRefreshToken: true}

	oidc, err := c.OIDCProviders(ctx, &organizations.MembersOIDCProvidersParams{OrganizationID: org.OrganizationID, MemberID: m.MemberID})
	if err != nil || oidc.Registrations == nil || len(oidc.Registrations) != 0 {
		t.Fatalf("OIDCProviders: %v %+v", err, oidc)
	}
	_, err = c.OAuthProviders.Google(ctx, &ids)
	apitest.WantError(t, err, 404, stytchapi.ErrorTypeMemberOAuthTokenNotFound)
	_, err = c.OAuthProviders.Microsoft(ctx, &ids)
	apitest.WantError(t, err, 404, stytchapi.ErrorTypeMemberOAuthTokenNotFound)
	slack, err := c.OAuthProviders.Slack(ctx, &organizations.MembersOAuthProvidersSlackParams{OrganizationID: org.OrganizationID, MemberID: m.MemberID})
	if err != nil || slack.ProviderType != "Slack" || slack.Registrations == nil || len(slack.Registrations) != 0 {
		t.Fatalf("Slack: %v %+v", err, slack)
	}
	hub, err := c.OAuthProviders.Hubspot(ctx, &ids)
	if err != nil || hub.ProviderType != "HubSpot" || hub.Registrations == nil {
		t.Fatalf("Hubspot: %v %+v", err, hub)
	}
	gh, err := c.OAuthProviders.Github(ctx, &ids)
	if err != nil || gh.ProviderType != "GitHub" || gh.Registrations == nil {
		t.Fatalf("Github: %v %+v", err, gh)
	}
	_, err = c.OAuthProviders.Github(ctx, &organizations.MembersOAuthProvidersParams{OrganizationID: org.OrganizationID, MemberID: "nobody"})
	apitest.WantError(t, err, 404, stytchapi.ErrorTypeMemberNotFound)

	apps, err := c.GetConnectedApps(ctx, &organizations.MembersGetConnectedAppsParams{OrganizationID: org.OrganizationID, MemberID: m.MemberID})
	if err != nil || apps.ConnectedApps == nil || len(apps.ConnectedApps) != 0 {
		t.Fatalf("GetConnectedApps: %v %+v", err, apps)
	}
	_, err = c.ConnectedApps.Revoke(ctx, &organizations.MembersConnectedAppsRevokeParams{OrganizationID: org.OrganizationID, MemberID: m.MemberID, ConnectedAppID: "connected-app-test-x"})
	apitest.WantError(t, err, 404, stytchapi.ErrorTypeConnectedAppNotFound)
	_, err = c.ConnectedApps.Revoke(ctx, &organizations.MembersConnectedAppsRevokeParams{OrganizationID: org.OrganizationID, MemberID: "nobody", ConnectedAppID: "x"})
	apitest.WantError(t, err, 404, stytchapi.ErrorTypeMemberNotFound)
}

func TestMembersOrganizationDeleteRemovesMembers(t *testing.T) {
	ts := mockserver.Start(t)
	org := newOrg(t, ts, "acme")
	keep := newOrg(t, ts, "keep")
	gone := newMember(t, ts, &organizations.MembersCreateParams{OrganizationID: org.OrganizationID, EmailAddress: "a@example.com"})
	kept := newMember(t, ts, &organizations.MembersCreateParams{OrganizationID: keep.OrganizationID, EmailAddress: "a@example.com"})
	if _, err := ts.Client.Organizations.Delete(ctx, &organizations.DeleteParams{OrganizationID: org.OrganizationID}); err != nil {
		t.Fatal(err)
	}
	_, err := ts.Client.Organizations.Members.DangerouslyGet(ctx, &organizations.MembersDangerouslyGetParams{MemberID: gone.MemberID, IncludeDeleted: true})
	apitest.WantError(t, err, 404, stytchapi.ErrorTypeMemberNotFound)
	if got := get(t, ts, keep.OrganizationID, kept.MemberID); got.Status != "active" {
		t.Fatalf("member of another organization: %+v", got)
	}
	_, err = ts.Client.Organizations.Members.Search(ctx, &organizations.MembersSearchParams{OrganizationIDs: []string{org.OrganizationID}})
	apitest.WantError(t, err, 404, stytchapi.ErrorTypeOrganizationNotFound)
	// A new organization with the same slug starts empty and the email is free.
	again := newOrg(t, ts, "acme")
	newMember(t, ts, &organizations.MembersCreateParams{OrganizationID: again.OrganizationID, EmailAddress: "a@example.com"})
	page, err := ts.Client.Organizations.Members.Search(ctx, &organizations.MembersSearchParams{OrganizationIDs: []string{again.OrganizationID}})
	if err != nil || page.ResultsMetadata.Total != 1 {
		t.Fatalf("members of the new organization: %v %+v", err, page)
	}
	// Organization search's member filters still see members.
	os, err := ts.Client.Organizations.Search(ctx, &organizations.SearchParams{Query: organizations.And(organizations.Filter("member_emails", []string{"A@example.com"}))})
	if err != nil || os.ResultsMetadata.Total != 2 {
		t.Fatalf("organization search by member email: %v %+v", err, os)
	}
}

func TestMembersDangerouslyGetAcrossOrganizations(t *testing.T) {
	ts := mockserver.Start(t)
	var ids []string
	for i := range 3 {
		org := newOrg(t, ts, fmt.Sprint("org-", i))
		m := newMember(t, ts, &organizations.MembersCreateParams{OrganizationID: org.OrganizationID, EmailAddress: "same@example.com"})
		ids = append(ids, m.MemberID+" "+org.OrganizationID)
	}
	for _, pair := range ids {
		memberID, orgID, _ := strings.Cut(pair, " ")
		got, err := ts.Client.Organizations.Members.DangerouslyGet(ctx, &organizations.MembersDangerouslyGetParams{MemberID: memberID})
		if err != nil {
			t.Fatal(err)
		}
		if got.Member.OrganizationID != orgID || got.Organization.OrganizationID != orgID || got.MemberID != memberID {
			t.Fatalf("DangerouslyGet(%s) = member of %s / org %s", memberID, got.Member.OrganizationID, got.Organization.OrganizationID)
		}
	}
}

func TestMembersConcurrentMembers(t *testing.T) {
	ts := mockserver.Start(t)
	org := newOrg(t, ts, "acme")
	c := ts.Client.Organizations.Members
	const workers = 16
	var wg sync.WaitGroup
	var mu sync.Mutex
	created := 0
	// Every worker tries to create the same email: exactly one wins.
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := c.Create(ctx, &organizations.MembersCreateParams{OrganizationID: org.OrganizationID, EmailAddress: "race@example.com"})
			if err == nil {
				mu.Lock()
				created++
				mu.Unlock()
			} else if !stytchapi.IsErrorType(err, stytchapi.ErrorTypeDuplicateMemberEmail) {
				t.Errorf("create: %v", err)
			}
		}()
	}
	wg.Wait()
	if created != 1 {
		t.Fatalf("%d concurrent creates of one email succeeded, want 1", created)
	}
	// Each worker creates its own members, updates each of them and
	// searches meanwhile; every update must land.
	const perWorker = 10
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range perWorker {
				m, err := c.Create(ctx, &organizations.MembersCreateParams{OrganizationID: org.OrganizationID, EmailAddress: fmt.Sprintf("w%d-%d@example.com", w, i)})
				if err != nil {
					t.Errorf("create: %v", err)
					return
				}
				if _, err := c.Update(ctx, &organizations.MembersUpdateParams{OrganizationID: org.OrganizationID, MemberID: m.MemberID, Name: fmt.Sprintf("name-%d-%d", w, i), UntrustedMetadata: map[string]any{"w": float64(w)}}); err != nil {
					t.Errorf("update: %v", err)
					return
				}
				if _, err := c.Search(ctx, &organizations.MembersSearchParams{OrganizationIDs: []string{org.OrganizationID}, Query: organizations.And(organizations.Filter("member_email_fuzzy", fmt.Sprintf("w%d-", w)))}); err != nil {
					t.Errorf("search: %v", err)
					return
				}
			}
		}()
	}
	wg.Wait()
	names := map[string]bool{}
	emails := map[string]bool{}
	for m, err := range c.SearchAll(ctx, &organizations.MembersSearchParams{OrganizationIDs: []string{org.OrganizationID}, Limit: 37}) {
		if err != nil {
			t.Fatal(err)
		}
		if emails[strings.ToLower(m.EmailAddress)] {
			t.Fatalf("duplicate email %s", m.EmailAddress)
		}
		emails[strings.ToLower(m.EmailAddress)] = true
		if m.EmailAddress != "race@example.com" {
			want := "name-" + strings.TrimPrefix(strings.TrimSuffix(m.EmailAddress, "@example.com"), "w")
			if m.Name != want {
				t.Fatalf("member %s has name %q, want %q (lost update)", m.EmailAddress, m.Name, want)
			}
			names[m.Name] = true
		}
	}
	if len(emails) != workers*perWorker+1 || len(names) != workers*perWorker {
		t.Fatalf("%d members and %d names, want %d", len(emails), len(names), workers*perWorker+1)
	}
}
