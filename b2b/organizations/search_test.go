package organizations_test

import (
	"fmt"
	"testing"

	"github.com/stytchkit/stytch-go/internal/apitest"

	"github.com/google/go-cmp/cmp"

	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/mockserver"
	"github.com/stytchkit/stytch-go/stytchapi"
)

func slugs(orgs []organizations.Organization) []string {
	out := []string{}
	for _, o := range orgs {
		out = append(out, o.OrganizationSlug)
	}
	return out
}

func seedOrgs(t *testing.T, ts *mockserver.TestServer) {
	t.Helper()
	create(t, ts, &organizations.CreateParams{OrganizationName: "Acme Corp", OrganizationSlug: "acme", EmailAllowedDomains: []string{"acme.com"}, EmailJITProvisioning: "RESTRICTED"})
	create(t, ts, &organizations.CreateParams{OrganizationName: "Acme Labs", OrganizationSlug: "acme-labs", ClaimedEmailDomains: []string{"acmelabs.io"}})
	create(t, ts, &organizations.CreateParams{OrganizationName: "Globex", OrganizationSlug: "globex", EmailAllowedDomains: []string{"globex.com"}, EmailInvites: "RESTRICTED"})
	create(t, ts, &organizations.CreateParams{OrganizationName: "Initech", OrganizationSlug: "initech"})
}

func TestSearchFilters(t *testing.T) {
	ts := mockserver.Start(t)
	seedOrgs(t, ts)
	tests := []struct {
		name  string
		query *organizations.SearchQuery
		want  []string
	}{
		{"no query", nil, []string{"acme", "acme-labs", "globex", "initech"}},
		{"empty operands", organizations.And(), []string{"acme", "acme-labs", "globex", "initech"}},
		{"slugs", organizations.And(organizations.Filter("organization_slugs", []string{"GLOBEX", "initech"})), []string{"globex", "initech"}},
		{"name fuzzy", organizations.And(organizations.Filter("organization_name_fuzzy", "acme")), []string{"acme", "acme-labs"}},
		{"slug fuzzy", organizations.And(organizations.Filter("organization_slug_fuzzy", "labs")), []string{"acme-labs"}},
		{"allowed domains", organizations.And(organizations.Filter("allowed_domains", []string{"globex.com"})), []string{"globex"}},
		{"allowed domain fuzzy", organizations.And(organizations.Filter("allowed_domain_fuzzy", ".com")), []string{"acme", "globex"}},
		{"claimed domains", organizations.And(organizations.Filter("claimed_email_domains", []string{"acmelabs.io"})), []string{"acme-labs"}},
		{"AND", organizations.And(organizations.Filter("organization_name_fuzzy", "acme"), organizations.Filter("allowed_domains", []string{"acme.com"})), []string{"acme"}},
		{"OR", organizations.Or(organizations.Filter("organization_slugs", []string{"initech"}), organizations.Filter("allowed_domains", []string{"acme.com"})), []string{"acme", "initech"}},
		{"no match", organizations.And(organizations.Filter("organization_slugs", []string{"umbrella"})), []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, err := ts.Client.Organizations.Search(ctx, &organizations.SearchParams{Query: tt.query})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, slugs(resp.Organizations)); diff != "" {
				t.Fatalf("(-want +got):\n%s", diff)
			}
			if int(resp.ResultsMetadata.Total) != len(tt.want) || resp.ResultsMetadata.NextCursor != "" {
				t.Fatalf("metadata %+v", resp.ResultsMetadata)
			}
		})
	}
	ids := []string{}
	for o, err := range ts.Client.Organizations.SearchAll(ctx, &organizations.SearchParams{Query: organizations.And(organizations.Filter("organization_slugs", []string{"acme"}))}) {
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, o.OrganizationID)
	}
	resp, err := ts.Client.Organizations.Search(ctx, &organizations.SearchParams{Query: organizations.And(organizations.Filter("organization_ids", ids))})
	if err != nil || len(resp.Organizations) != 1 || resp.Organizations[0].OrganizationSlug != "acme" {
		t.Fatalf("organization_ids filter: %v %+v", err, resp)
	}
}

func TestSearchPagination(t *testing.T) {
	ts := mockserver.Start(t)
	want := []string{}
	for i := range 25 {
		slug := fmt.Sprintf("org-%02d", i)
		create(t, ts, &organizations.CreateParams{OrganizationName: slug, OrganizationSlug: slug})
		want = append(want, slug)
	}
	var got []string
	p := &organizations.SearchParams{Limit: 10}
	pages := 0
	for {
		resp, err := ts.Client.Organizations.Search(ctx, p)
		if err != nil {
			t.Fatal(err)
		}
		pages++
		if resp.ResultsMetadata.Total != 25 {
			t.Fatalf("total %d", resp.ResultsMetadata.Total)
		}
		got = append(got, slugs(resp.Organizations)...)
		if resp.ResultsMetadata.NextCursor == "" {
			break
		}
		p.Cursor = resp.ResultsMetadata.NextCursor
	}
	if pages != 3 {
		t.Fatalf("%d pages", pages)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("pages (-want +got):\n%s", diff)
	}
	// The iterator walks the same pages; deleting an organization mid-way
	// does not skip or repeat the others.
	var walked []string
	i := 0
	for o, err := range ts.Client.Organizations.SearchAll(ctx, &organizations.SearchParams{Limit: 7}) {
		if err != nil {
			t.Fatal(err)
		}
		walked = append(walked, o.OrganizationSlug)
		if i == 3 {
			if _, err := ts.Client.Organizations.Delete(ctx, &organizations.DeleteParams{OrganizationID: "org-10"}); err != nil {
				t.Fatal(err)
			}
		}
		i++
	}
	wantWalk := append(append([]string{}, want[:10]...), want[11:]...)
	if diff := cmp.Diff(wantWalk, walked); diff != "" {
		t.Fatalf("iterator (-want +got):\n%s", diff)
	}
	// Stopping early stops fetching.
	n := 0
	for range ts.Client.Organizations.SearchAll(ctx, &organizations.SearchParams{Limit: 2}) {
		n++
		if n == 3 {
			break
		}
	}
	if n != 3 {
		t.Fatalf("early stop yielded %d", n)
	}
}

func TestSearchErrors(t *testing.T) {
	ts := mockserver.Start(t)
	tests := []struct {
		name   string
		params organizations.SearchParams
		want   stytchapi.ErrorType
	}{
		{"unknown filter", organizations.SearchParams{Query: organizations.And(organizations.Filter("favourite_colour", "blue"))}, stytchapi.ErrorTypeOrganizationSearchFilterNameNotRecognized},
		{"fuzzy too short", organizations.SearchParams{Query: organizations.And(organizations.Filter("organization_name_fuzzy", "ac"))}, stytchapi.ErrorTypeOrganizationSearchOrganizationNameFuzzyTooShort},
		{"string where list expected", organizations.SearchParams{Query: organizations.And(organizations.Filter("organization_slugs", "acme"))}, stytchapi.ErrorTypeOrganizationSearchExpectedArrayOfStrings},
		{"list where string expected", organizations.SearchParams{Query: organizations.And(organizations.Filter("organization_slug_fuzzy", []string{"acme"}))}, stytchapi.ErrorTypeOrganizationSearchExpectedString},
		{"missing value", organizations.SearchParams{Query: organizations.And(organizations.Filter("organization_slugs", nil))}, stytchapi.ErrorTypeOrganizationSearchMissingFilterValue},
		{"empty list", organizations.SearchParams{Query: organizations.And(organizations.Filter("organization_slugs", []string{}))}, stytchapi.ErrorTypeOrganizationSearchMissingFilterValue},
		{"missing name", organizations.SearchParams{Query: organizations.And(organizations.SearchOperand{FilterValue: "x"})}, stytchapi.ErrorTypeOrganizationSearchMissingFilterName},
		{"bad operator", organizations.SearchParams{Query: &organizations.SearchQuery{Operator: "XOR", Operands: []organizations.SearchOperand{organizations.Filter("organization_slugs", []string{"a"})}}}, stytchapi.ErrorTypeInvalidRequestValue},
		{"limit too large", organizations.SearchParams{Limit: 1001}, stytchapi.ErrorTypeInvalidRequestValue},
		{"bad cursor", organizations.SearchParams{Cursor: "not-a-cursor"}, stytchapi.ErrorTypeInvalidRequestValue},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ts.Client.Organizations.Search(ctx, &tt.params)
			apitest.WantError(t, err, 400, tt.want)
		})
	}
	// The iterator yields the error once and stops.
	n := 0
	for _, err := range ts.Client.Organizations.SearchAll(ctx, &organizations.SearchParams{Limit: 5000}) {
		n++
		if !stytchapi.IsErrorType(err, stytchapi.ErrorTypeInvalidRequestValue) {
			t.Fatalf("iterator error %v", err)
		}
	}
	if n != 1 {
		t.Fatalf("iterator yielded %d times", n)
	}
}
