package engine

import (
	"net/http"
	"slices"
	"strings"

	"github.com/stytchkit/stytch-go/b2b/organizations"
)

// orgSearchFilters are the filters of Search Organizations. Member filters
// read the project's members, so the predicates run with p.mu held.
func (p *project) orgSearchFilters() map[string]filterDef[*orgRecord] {
	anyDomain := func(domains []string, pred func(string) bool) bool { return slices.ContainsFunc(domains, pred) }
	anyMember := func(r *orgRecord, pred func(email string) bool) bool {
		for _, m := range p.membersOf(r.o.OrganizationID) {
			if m.m.Status != organizations.StatusDeleted && pred(m.m.EmailAddress) {
				return true
			}
		}
		return false
	}
	return map[string]filterDef[*orgRecord]{
		"organization_ids": {kindStrings, func(v any) (func(*orgRecord) bool, *apiError) {
			set := anyOf(v, false)
			return func(r *orgRecord) bool { return set[r.o.OrganizationID] }, nil
		}},
		"organization_slugs": {kindStrings, func(v any) (func(*orgRecord) bool, *apiError) {
			set := anyOf(v, true)
			return func(r *orgRecord) bool { return set[strings.ToLower(r.o.OrganizationSlug)] }, nil
		}},
		"organization_name_fuzzy": {kindFuzzy, func(v any) (func(*orgRecord) bool, *apiError) {
			s := fuzzy(v)
			return func(r *orgRecord) bool { return containsFold(r.o.OrganizationName, s) }, nil
		}},
		"organization_slug_fuzzy": {kindFuzzy, func(v any) (func(*orgRecord) bool, *apiError) {
			s := fuzzy(v)
			return func(r *orgRecord) bool { return containsFold(r.o.OrganizationSlug, s) }, nil
		}},
		"member_emails": {kindStrings, func(v any) (func(*orgRecord) bool, *apiError) {
			set := anyOf(v, true)
			return func(r *orgRecord) bool { return anyMember(r, func(e string) bool { return set[emailKey(e)] }) }, nil
		}},
		"member_email_fuzzy": {kindFuzzy, func(v any) (func(*orgRecord) bool, *apiError) {
			s := fuzzy(v)
			return func(r *orgRecord) bool { return anyMember(r, func(e string) bool { return containsFold(e, s) }) }, nil
		}},
		"allowed_domains": {kindStrings, func(v any) (func(*orgRecord) bool, *apiError) {
			set := anyOf(v, true)
			return func(r *orgRecord) bool {
				return anyDomain(r.o.EmailAllowedDomains, func(d string) bool { return set[d] })
			}, nil
		}},
		"allowed_domain_fuzzy": {kindFuzzy, func(v any) (func(*orgRecord) bool, *apiError) {
			s := fuzzy(v)
			return func(r *orgRecord) bool {
				return anyDomain(r.o.EmailAllowedDomains, func(d string) bool { return strings.Contains(d, s) })
			}, nil
		}},
		"claimed_email_domains": {kindStrings, func(v any) (func(*orgRecord) bool, *apiError) {
			set := anyOf(v, true)
			return func(r *orgRecord) bool {
				return anyDomain(r.o.ClaimedEmailDomains, func(d string) bool { return set[d] })
			}, nil
		}},
	}
}

func handleOrgSearch(rc *reqCtx) (any, error) {
	var b searchBody
	if err := rc.decode(&b); err != nil {
		return nil, err
	}
	p := rc.p
	p.mu.RLock()
	defer p.mu.RUnlock()
	cs, err := compileSearch(&b, "organization", p.orgSearchFilters())
	if err != nil {
		return nil, err
	}
	all := make([]*orgRecord, 0, len(p.orgs))
	for _, r := range p.orgs {
		all = append(all, r)
	}
	slices.SortFunc(all, func(a, b *orgRecord) int { return int64Cmp(a.seq, b.seq) })
	page, total, next := cs.page(all, func(r *orgRecord) uint64 { return r.seq })
	out := make([]organizations.Organization, len(page))
	for i, r := range page {
		out[i] = p.orgView(r)
	}
	return &organizations.SearchResponse{
		RequestID:       rc.requestID,
		StatusCode:      http.StatusOK,
		Organizations:   out,
		ResultsMetadata: organizations.ResultsMetadata{Total: int32(total), NextCursor: next},
	}, nil
}

func int64Cmp(a, b uint64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
