package state

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stytchkit/stytch-go/mockserver/internal/search"
)

// TestOrgSearchCountedMatchesScan checks the searches whose total the index
// counts instead of testing every organization (a fuzzy value too common to
// narrow the search, or no filter) against the scan, page by page through
// every cursor, while organizations are renamed, re-slugged and removed.
func TestOrgSearchCountedMatchesScan(t *testing.T) {
	w := &fuzzWorld{p: NewProject("project-test-x", "test", "secret"), rng: rand.New(rand.NewPCG(9, 9)), now: time.Now()}
	p := w.p
	for i := range 400 {
		o := NewOrganization(fmt.Sprintf("organization-test-%d", i), w.now)
		o.OrganizationName = fmt.Sprintf("Company %03d %s", i, []string{"Labs", "LABS İnc", "Group"}[i%3])
		o.OrganizationSlug = fmt.Sprintf("company-%03d", i)
		o.EmailAllowedDomains = []string{fmt.Sprintf("c%03d.example.com", i)}
		p.PutOrg(o, p.NextSeq())
		w.orgs = append(w.orgs, o.OrganizationID)
	}
	needles := []struct{ filter, value string }{
		{"organization_name_fuzzy", "COMPANY"},  // every organization, verified in the column
		{"organization_name_fuzzy", "com"},      // every organization, one trigram
		{"organization_name_fuzzy", "labs"},     // two thirds
		{"organization_name_fuzzy", "i̇nc"},     // a lower-cased İ: a third
		{"organization_name_fuzzy", "any 0"},    // a quarter, with false candidates ("company 1... any")
		{"organization_slug_fuzzy", "company-"}, // every organization
		{"organization_slug_fuzzy", "Y-1"},      // a quarter, one trigram
		{"allowed_domain_fuzzy", "EXAMPLE.COM"}, // every organization, verified on the records
		{"allowed_domain_fuzzy", "exa"},         // every organization, one trigram
		{"organization_name_fuzzy", "nothing at all"},
	}
	counted := 0
	check := func(round int) {
		for _, n := range needles {
			for _, limit := range []int{0, 1, 7, 1000} {
				for _, operands := range [][]map[string]any{{{"filter_name": n.filter, "filter_value": n.value}}, nil} {
					cursor, pages := "", 0
					for {
						q, _ := json.Marshal(map[string]any{"operator": "OR", "operands": operands})
						b := &search.SearchBody{Query: q, Limit: json.Number(fmt.Sprint(limit)), Cursor: cursor}
						want, got := orgSearchScan(p, b), orgSearchIndexed(p, b)
						if !sameResult(want, got) {
							t.Fatalf("round %d: %s limit %d cursor %q: indexed %d/%q %v, scan %d/%q %v", round, q, limit, cursor, got.total, got.next, got.page, want.total, want.next, want.page)
						}
						if operands != nil {
							if _, ok := p.fuzzy.countOrgs(map[string]byte{"organization_name_fuzzy": fieldOrgName, "organization_slug_fuzzy": fieldOrgSlug, "allowed_domain_fuzzy": fieldOrgDomain}[n.filter], search.Fuzzy(n.value)); ok {
								counted++
							}
						}
						if cursor = want.next; cursor == "" || pages > 3 {
							break
						}
						pages++
					}
				}
			}
		}
	}
	check(0)
	for round := 1; round <= 3; round++ {
		for range 150 {
			r := w.liveOrg()
			o := CloneOrg(r.Org)
			switch w.rng.IntN(4) {
			case 0:
				o.OrganizationName = "Renamed " + w.word(5)
			case 1:
				o.OrganizationSlug = fmt.Sprintf("moved-%d-%s", w.rng.IntN(1e6), w.word(2))
			case 2:
				o.EmailAllowedDomains = nil
			default:
				p.RemoveOrg(o.OrganizationID)
				continue
			}
			p.PutOrg(o, r.Seq)
		}
		checkIndexExact(t, w)
		check(round)
	}
	if counted == 0 {
		t.Fatal("no search was counted by the index")
	}
}
