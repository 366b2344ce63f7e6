package engine

import (
	"fmt"
	"runtime"
	"slices"
	"testing"
	"time"

	"github.com/stytchkit/stytch-go/b2b/organizations"

	"github.com/stytchkit/stytch-go/mockserver/internal/ids"
	"github.com/stytchkit/stytch-go/mockserver/internal/state"
)

// searchCase is one search of a search benchmark and the total it must
// report.
type searchCase struct {
	name  string
	query *organizations.SearchQuery
	limit uint32
	want  int
}

// heapBytes is the live heap after a collection, for bytes-per-item
// figures.
func heapBytes() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// runSearchCases runs each case as a sub-benchmark through search and
// reports its p50 latency and the heap cost of one item (bytesPer, under
// unit).
func runSearchCases(b *testing.B, cases []searchCase, bytesPer float64, unit string, search func(searchCase) (int, error)) {
	for _, tc := range cases {
		b.Run(tc.name, func(b *testing.B) {
			durations := make([]time.Duration, 0, b.N)
			b.ResetTimer()
			for range b.N {
				start := time.Now()
				total, err := search(tc)
				durations = append(durations, time.Since(start))
				if err != nil {
					b.Fatal(err)
				}
				if total != tc.want {
					b.Fatalf("total %d, want %d", total, tc.want)
				}
			}
			b.StopTimer()
			slices.Sort(durations)
			b.ReportMetric(float64(durations[len(durations)/2].Microseconds())/1000, "p50-ms")
			b.ReportMetric(bytesPer, unit)
		})
	}
}

// fillOrgs stores n organizations named "Company NNNNNN <word>", with slug
// company-NNNNNN and allowed domain cNNNNNN.example.com, straight into the
// project's state.
func fillOrgs(p *state.Project, n int) {
	words := []string{"Holdings", "Labs", "Systems", "Partners", "Group"}
	p.Mu.Lock()
	defer p.Mu.Unlock()
	now := p.Clock.Now()
	for i := range n {
		o := state.NewOrganization(ids.NewID("organization", p.Env), now)
		o.OrganizationName = fmt.Sprintf("Company %06d %s", i, words[i%len(words)])
		o.OrganizationSlug = fmt.Sprintf("company-%06d", i)
		o.EmailAllowedDomains = []string{fmt.Sprintf("c%06d.example.com", i)}
		p.PutOrg(o, p.NextSeq())
	}
}

// BenchmarkOrgSearch searches 100,000 organizations (plus the test
// environment's own) through the whole HTTP handler and the SDK: fuzzy
// filters that match ten organizations, an exact slug, a fuzzy filter that
// matches every organization, and no filter at all. B/org is the heap that
// one organization costs, indexes included.
func BenchmarkOrgSearch(b *testing.B) {
	env := newTestEnv(b)
	const n = 100_000
	before := heapBytes()
	fillOrgs(env.p, n)
	perOrg := float64(heapBytes()-before) / n
	f := organizations.Filter
	cases := []searchCase{
		{"name_fuzzy", organizations.And(f("organization_name_fuzzy", "COMPANY 04242")), 0, 10},
		{"slug_fuzzy", organizations.And(f("organization_slug_fuzzy", "y-04242")), 0, 10},
		{"allowed_domain_fuzzy", organizations.And(f("allowed_domain_fuzzy", "c04242")), 0, 10},
		{"name_fuzzy_and_slug", organizations.And(f("organization_name_fuzzy", "holdings"), f("organization_slugs", []string{"company-054320"})), 0, 1},
		{"name_fuzzy_all", organizations.And(f("organization_name_fuzzy", "company")), 10, n},
		{"name_fuzzy_all_trigram", organizations.And(f("organization_name_fuzzy", "com")), 10, n},
		{"slug_fuzzy_all", organizations.And(f("organization_slug_fuzzy", "company-")), 10, n},
		{"unfiltered", nil, 10, n + 1},
	}
	runSearchCases(b, cases, perOrg, "B/org", func(tc searchCase) (int, error) {
		resp, err := env.client.Organizations.Search(ctx, &organizations.SearchParams{Query: tc.query, Limit: tc.limit})
		if err != nil {
			return 0, err
		}
		return int(resp.ResultsMetadata.Total), nil
	})
}

// BenchmarkMemberSearch searches one organization of 100,000 members by
// exact email, fuzzy email and fuzzy phone number, through the whole HTTP
// handler and the SDK. B/member is the heap that one member costs, indexes
// included.
func BenchmarkMemberSearch(b *testing.B) {
	env := newTestEnv(b)
	const n = 100_000
	p := env.p
	before := heapBytes()
	p.Mu.Lock()
	org := p.Orgs[env.orgID]
	now := p.Clock.Now()
	for i := range n {
		r := &state.MemberRecord{
			Member: organizations.Member{
				OrganizationID: org.Org.OrganizationID, MemberID: ids.NewID("member", p.Env),
				EmailAddress: fmt.Sprintf("user%06d@example.com", i), Status: organizations.StatusActive,
				MFAPhoneNumber:   fmt.Sprintf("+1555%07d", i),
				SSORegistrations: []organizations.SSORegistration{}, OAuthRegistrations: []organizations.OAuthRegistration{},
				RetiredEmailAddresses: []organizations.RetiredEmail{}, CreatedAt: &now, UpdatedAt: &now,
				TrustedMetadata: map[string]any{}, UntrustedMetadata: map[string]any{},
			},
			Seq: p.NextSeq(),
		}
		p.InsertMember(r)
	}
	p.Mu.Unlock()
	perMember := float64(heapBytes()-before) / n
	f := organizations.Filter
	cases := []searchCase{
		{"member_emails", organizations.And(f("member_emails", []string{"user054321@example.com", "USER099999@example.com"})), 0, 2},
		{"member_email_fuzzy", organizations.And(f("member_email_fuzzy", "user04242")), 0, 10},
		{"member_mfa_phone_number_fuzzy", organizations.And(f("member_mfa_phone_number_fuzzy", "555004242")), 0, 10},
		{"member_email_fuzzy_all", organizations.And(f("member_email_fuzzy", "example")), 10, n},
	}
	runSearchCases(b, cases, perMember, "B/member", func(tc searchCase) (int, error) {
		resp, err := env.client.Organizations.Members.Search(ctx, &organizations.MembersSearchParams{OrganizationIDs: []string{env.orgID}, Query: tc.query, Limit: tc.limit})
		if err != nil {
			return 0, err
		}
		return int(resp.ResultsMetadata.Total), nil
	})
}

// BenchmarkOrgSearchByMemberEmail searches 10,000 organizations of ten
// members each (100,000 members, userNNNNNNN@example.com) for the
// organizations with a member whose email contains a value: ten of them,
// through the whole HTTP handler and the SDK. B/org+10members is the heap
// that one organization and its members cost, indexes included.
func BenchmarkOrgSearchByMemberEmail(b *testing.B) {
	env := newTestEnv(b)
	const orgs, perOrg = 10_000, 10
	before := heapBytes()
	fillOrgs(env.p, orgs)
	p := env.p
	p.Mu.Lock()
	now := p.Clock.Now()
	k := 0
	for _, org := range slices.Clone(p.OrgsBySeq()) {
		if org.Org.OrganizationID == env.orgID {
			continue
		}
		for range perOrg {
			p.InsertMember(&state.MemberRecord{
				Member: organizations.Member{
					OrganizationID: org.Org.OrganizationID, MemberID: ids.NewID("member", p.Env),
					EmailAddress: fmt.Sprintf("user%07d@example.com", k), Status: organizations.StatusActive,
					SSORegistrations: []organizations.SSORegistration{}, OAuthRegistrations: []organizations.OAuthRegistration{},
					RetiredEmailAddresses: []organizations.RetiredEmail{}, CreatedAt: &now, UpdatedAt: &now,
					TrustedMetadata: map[string]any{}, UntrustedMetadata: map[string]any{},
				},
				Seq: p.NextSeq(),
			})
			k++
		}
	}
	p.Mu.Unlock()
	perOrgWithMembers := float64(heapBytes()-before) / orgs
	f := organizations.Filter
	cases := []searchCase{
		{"member_email_fuzzy", organizations.And(f("member_email_fuzzy", "USER00424")), 0, 10},
	}
	runSearchCases(b, cases, perOrgWithMembers, "B/org+10members", func(tc searchCase) (int, error) {
		resp, err := env.client.Organizations.Search(ctx, &organizations.SearchParams{Query: tc.query, Limit: tc.limit})
		if err != nil {
			return 0, err
		}
		return int(resp.ResultsMetadata.Total), nil
	})
}
