package organizations_test

import (
	"slices"
	"testing"

	"github.com/stytchkit/stytch-go/internal/apitest"

	"github.com/google/go-cmp/cmp"

	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/mockserver"
	"github.com/stytchkit/stytch-go/stytchapi"
)

// searchEmails runs a search and returns the emails of every match, in
// order, following cursors.
func searchEmails(t *testing.T, ts *mockserver.TestServer, p *organizations.MembersSearchParams) []string {
	t.Helper()
	out := []string{}
	for m, err := range ts.Client.Organizations.Members.SearchAll(ctx, p) {
		if err != nil {
			t.Fatalf("search %+v: %v", p.Query, err)
		}
		out = append(out, m.EmailAddress)
	}
	return out
}

func TestMembersSearchFilters(t *testing.T) {
	ts := mockserver.Start(t)
	org := newOrg(t, ts, "acme-corp")
	other := newOrg(t, ts, "other")
	c := ts.Client.Organizations.Members
	a := newMember(t, ts, &organizations.MembersCreateParams{OrganizationID: org.OrganizationID, EmailAddress: "ada@acme.com", IsBreakglass: true, MFAPhoneNumber: "+12025550123", Roles: []string{"stytch_admin"}, ExternalID: "ext-a"})
	b := newMember(t, ts, &organizations.MembersCreateParams{OrganizationID: org.OrganizationID, EmailAddress: "bob@acme.com", CreateMemberAsPending: true, ExternalID: "ext-b"})
	d := newMember(t, ts, &organizations.MembersCreateParams{OrganizationID: org.OrganizationID, EmailAddress: "dora@example.org"})
	newMember(t, ts, &organizations.MembersCreateParams{OrganizationID: other.OrganizationID, EmailAddress: "ada@acme.com"})
	if _, err := c.Delete(ctx, &organizations.MembersDeleteParams{OrganizationID: org.OrganizationID, MemberID: d.MemberID}); err != nil {
		t.Fatal(err)
	}
	newMember(t, ts, &organizations.MembersCreateParams{OrganizationID: org.OrganizationID, EmailAddress: "eve@example.org"})

	f := organizations.Filter
	tests := []struct {
		name  string
		query *organizations.SearchQuery
		want  []string
	}{
		{"no query", nil, []string{"ada@acme.com", "bob@acme.com", "eve@example.org"}},
		{"empty operands", organizations.And(), []string{"ada@acme.com", "bob@acme.com", "eve@example.org"}},
		{"member_ids", organizations.And(f("member_ids", []string{a.MemberID, b.MemberID})), []string{"ada@acme.com", "bob@acme.com"}},
		{"member_ids external", organizations.And(f("member_ids", []string{"ext-b"})), []string{"bob@acme.com"}},
		{"member_emails", organizations.And(f("member_emails", []string{"BOB@acme.com", "nobody@x.com"})), []string{"bob@acme.com"}},
		{"deleted email asked for", organizations.And(f("member_emails", []string{"dora@example.org"}), f("statuses", []string{"deleted"})), []string{"dora@example.org"}},
		{"ids narrowed with AND", organizations.And(f("member_ids", []string{b.MemberID, d.MemberID}), f("member_email_fuzzy", "acme")), []string{"bob@acme.com"}},
		{"deleted email hidden", organizations.And(f("member_emails", []string{"dora@example.org"})), []string{}},
		{"member_email_fuzzy", organizations.And(f("member_email_fuzzy", "EXAMPLE")), []string{"eve@example.org"}},
		{"breakglass", organizations.And(f("member_is_breakglass", true)), []string{"ada@acme.com"}},
		{"not breakglass", organizations.And(f("member_is_breakglass", false)), []string{"bob@acme.com", "eve@example.org"}},
		{"statuses", organizations.And(f("statuses", []string{"pending"})), []string{"bob@acme.com"}},
		{"statuses with deleted", organizations.And(f("statuses", []string{"deleted", "active"})), []string{"ada@acme.com", "dora@example.org", "eve@example.org"}},
		{"legacy status", organizations.And(f("status", "active")), []string{"ada@acme.com", "eve@example.org"}},
		{"phone numbers", organizations.And(f("member_mfa_phone_numbers", []string{"+12025550123"})), []string{"ada@acme.com"}},
		{"phone fuzzy", organizations.And(f("member_mfa_phone_number_fuzzy", "5550")), []string{"ada@acme.com"}},
		{"password exists", organizations.And(f("member_password_exists", true)), []string{}},
		{"no password", organizations.And(f("member_password_exists", false)), []string{"ada@acme.com", "bob@acme.com", "eve@example.org"}},
		{"totp exists", organizations.And(f("totp_exists", false)), []string{"ada@acme.com", "bob@acme.com", "eve@example.org"}},
		{"roles", organizations.And(f("member_roles", []string{"stytch_admin"})), []string{"ada@acme.com"}},
		{"default role", organizations.And(f("member_roles", []string{"stytch_member"})), []string{"ada@acme.com", "bob@acme.com", "eve@example.org"}},
		{"legacy organization_id", organizations.And(f("organization_id", org.OrganizationID)), []string{"ada@acme.com", "bob@acme.com", "eve@example.org"}},
		{"legacy organization_slug", organizations.And(f("organization_slug", "ACME-corp")), []string{"ada@acme.com", "bob@acme.com", "eve@example.org"}},
		{"legacy organization_slug_fuzzy", organizations.And(f("organization_slug_fuzzy", "other")), []string{}},
		{"AND", organizations.And(f("member_email_fuzzy", "acme"), f("statuses", []string{"active"})), []string{"ada@acme.com"}},
		{"OR", organizations.Or(f("member_emails", []string{"eve@example.org"}), f("member_is_breakglass", true)), []string{"ada@acme.com", "eve@example.org"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := searchEmails(t, ts, &organizations.MembersSearchParams{OrganizationIDs: []string{org.OrganizationID}, Query: tt.query})
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Fatalf("(-want +got):\n%s", diff)
			}
		})
	}

	// Two organizations: the members of both, in creation order, and both
	// organizations in the map.
	resp, err := c.Search(ctx, &organizations.MembersSearchParams{OrganizationIDs: []string{other.OrganizationID, "acme-corp"}, Query: organizations.And(f("member_emails", []string{"ada@acme.com"}))})
	if err != nil {
		t.Fatal(err)
	}
	if len(resp.Members) != 2 || resp.Members[0].OrganizationID != org.OrganizationID || resp.Members[1].OrganizationID != other.OrganizationID {
		t.Fatalf("two-organization search: %+v", resp.Members)
	}
	gotOrgs := []string{}
	for id, o := range resp.Organizations {
		if id != o.OrganizationID {
			t.Fatalf("organizations[%s] holds %s", id, o.OrganizationID)
		}
		gotOrgs = append(gotOrgs, id)
	}
	slices.Sort(gotOrgs)
	wantOrgs := []string{org.OrganizationID, other.OrganizationID}
	slices.Sort(wantOrgs)
	if diff := cmp.Diff(wantOrgs, gotOrgs); diff != "" {
		t.Fatalf("organizations map (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(get(t, ts, org.OrganizationID, a.MemberID), resp.Members[0]); diff != "" {
		t.Fatalf("search result differs from Get (-get +search):\n%s", diff)
	}
}

func TestMembersSearchPagination(t *testing.T) {
	ts := mockserver.Start(t)
	org := newOrg(t, ts, "acme")
	var want []string
	for i := range 7 {
		m := newMember(t, ts, &organizations.MembersCreateParams{OrganizationID: org.OrganizationID, EmailAddress: string(rune('a'+6-i)) + "@example.com"})
		want = append(want, m.EmailAddress)
	}
	c := ts.Client.Organizations.Members
	page, err := c.Search(ctx, &organizations.MembersSearchParams{OrganizationIDs: []string{org.OrganizationID}, Limit: 3})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Members) != 3 || page.ResultsMetadata.Total != 7 || page.ResultsMetadata.NextCursor == "" {
		t.Fatalf("first page: %d members, metadata %+v", len(page.Members), page.ResultsMetadata)
	}
	// Creation order, not email order.
	if diff := cmp.Diff(want, searchEmails(t, ts, &organizations.MembersSearchParams{OrganizationIDs: []string{org.OrganizationID}, Limit: 3})); diff != "" {
		t.Fatalf("all pages (-want +got):\n%s", diff)
	}
	last, err := c.Search(ctx, &organizations.MembersSearchParams{OrganizationIDs: []string{org.OrganizationID}, Limit: 1000})
	if err != nil || len(last.Members) != 7 || last.ResultsMetadata.NextCursor != "" {
		t.Fatalf("single page: %v %+v", err, last.ResultsMetadata)
	}
	_, err = c.Search(ctx, &organizations.MembersSearchParams{OrganizationIDs: []string{org.OrganizationID}, Limit: 1001})
	apitest.WantError(t, err, 400, stytchapi.ErrorTypeInvalidRequestValue)
	_, err = c.Search(ctx, &organizations.MembersSearchParams{OrganizationIDs: []string{org.OrganizationID}, Cursor: "garbage!"})
	apitest.WantError(t, err, 400, stytchapi.ErrorTypeInvalidRequestValue)
}

func TestMembersSearchErrors(t *testing.T) {
	ts := mockserver.Start(t)
	org := newOrg(t, ts, "acme")
	m := newMember(t, ts, &organizations.MembersCreateParams{OrganizationID: org.OrganizationID, EmailAddress: "a@example.com"})
	f := organizations.Filter
	ids := []string{org.OrganizationID}
	tests := []struct {
		name   string
		params organizations.MembersSearchParams
		status int
		want   stytchapi.ErrorType
	}{
		{"no organizations", organizations.MembersSearchParams{}, 400, stytchapi.ErrorTypeMemberSearchOrganizationIDsEmpty},
		{"empty organizations", organizations.MembersSearchParams{OrganizationIDs: []string{}}, 400, stytchapi.ErrorTypeMemberSearchOrganizationIDsEmpty},
		{"unknown organization", organizations.MembersSearchParams{OrganizationIDs: []string{"nope"}}, 404, stytchapi.ErrorTypeOrganizationNotFound},
		{"mixed ids", organizations.MembersSearchParams{OrganizationIDs: ids, Query: organizations.And(f("member_ids", []string{m.MemberID, "ext-1"}))}, 400, stytchapi.ErrorTypeMemberSearchCannotMixInternalAndExternalMemberIDs},
		{"bad status", organizations.MembersSearchParams{OrganizationIDs: ids, Query: organizations.And(f("statuses", []string{"sleeping"}))}, 400, stytchapi.ErrorTypeSearchInvalidStatusFilter},
		{"bad legacy status", organizations.MembersSearchParams{OrganizationIDs: ids, Query: organizations.And(f("status", "sleeping"))}, 400, stytchapi.ErrorTypeSearchInvalidStatusFilter},
		{"short fuzzy", organizations.MembersSearchParams{OrganizationIDs: ids, Query: organizations.And(f("member_email_fuzzy", "ab"))}, 400, stytchapi.ErrorTypeMemberSearchMemberEmailFuzzyTooShort},
		{"short phone fuzzy", organizations.MembersSearchParams{OrganizationIDs: ids, Query: organizations.And(f("member_mfa_phone_number_fuzzy", "55"))}, 400, stytchapi.ErrorTypeMemberSearchMemberMFAPhoneNumberFuzzyTooShort},
		{"unknown filter", organizations.MembersSearchParams{OrganizationIDs: ids, Query: organizations.And(f("shoe_size", "42"))}, 400, stytchapi.ErrorTypeMemberSearchFilterNameNotRecognized},
		{"wrong value type", organizations.MembersSearchParams{OrganizationIDs: ids, Query: organizations.And(f("member_emails", "a@example.com"))}, 400, stytchapi.ErrorTypeMemberSearchExpectedArrayOfStrings},
		{"wrong bool type", organizations.MembersSearchParams{OrganizationIDs: ids, Query: organizations.And(f("member_is_breakglass", "yes"))}, 400, stytchapi.ErrorTypeMemberSearchExpectedBoolean},
		{"missing value", organizations.MembersSearchParams{OrganizationIDs: ids, Query: organizations.And(f("member_emails", nil))}, 400, stytchapi.ErrorTypeMemberSearchMissingFilterValue},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ts.Client.Organizations.Members.Search(ctx, &tt.params)
			apitest.WantError(t, err, tt.status, tt.want)
		})
	}
}
