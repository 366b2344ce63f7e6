package state

import (
	"slices"
	"strings"

	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/mockserver/internal/apierr"
	"github.com/stytchkit/stytch-go/mockserver/internal/search"
)

// OrgSearchFilters are the filters of Search Organizations. Member filters
// read the project's members, so the predicates run with p.mu held. The
// fuzzy name and slug filters test the lower-cased copies PutOrg keeps,
// which is search.ContainsFold without lower-casing on every test.
func (p *Project) OrgSearchFilters() map[string]search.FilterDef[*OrgRecord] {
	anyDomain := func(domains []string, pred func(string) bool) bool { return slices.ContainsFunc(domains, pred) }
	anyMember := func(r *OrgRecord, pred func(email string) bool) bool {
		for _, m := range p.MembersOf(r.Org.OrganizationID) {
			if m.Member.Status != organizations.StatusDeleted && pred(m.Member.EmailAddress) {
				return true
			}
		}
		return false
	}
	return map[string]search.FilterDef[*OrgRecord]{
		"organization_ids": {Kind: search.KindStrings, Match: func(v any) (func(*OrgRecord) bool, *apierr.Error) {
			set := search.AnyOf(v, false)
			return func(r *OrgRecord) bool { return set[r.Org.OrganizationID] }, nil
		}},
		"organization_slugs": {Kind: search.KindStrings, Match: func(v any) (func(*OrgRecord) bool, *apierr.Error) {
			set := search.AnyOf(v, true)
			return func(r *OrgRecord) bool { return set[strings.ToLower(r.Org.OrganizationSlug)] }, nil
		}},
		"organization_name_fuzzy": {Kind: search.KindFuzzy, TooShort: "organization_search_organization_name_fuzzy_too_short", Match: func(v any) (func(*OrgRecord) bool, *apierr.Error) {
			s := search.Fuzzy(v)
			return func(r *OrgRecord) bool { return strings.Contains(r.nameLower, s) }, nil
		}},
		"organization_slug_fuzzy": {Kind: search.KindFuzzy, TooShort: "organization_search_organization_slug_fuzzy_too_short", Match: func(v any) (func(*OrgRecord) bool, *apierr.Error) {
			s := search.Fuzzy(v)
			return func(r *OrgRecord) bool { return strings.Contains(r.slugLower, s) }, nil
		}},
		"member_emails": {Kind: search.KindStrings, Match: func(v any) (func(*OrgRecord) bool, *apierr.Error) {
			set := search.AnyOf(v, true)
			return func(r *OrgRecord) bool { return anyMember(r, func(e string) bool { return set[EmailKey(e)] }) }, nil
		}},
		"member_email_fuzzy": {Kind: search.KindFuzzy, TooShort: "organization_search_member_email_fuzzy_too_short", Match: func(v any) (func(*OrgRecord) bool, *apierr.Error) {
			s := search.Fuzzy(v)
			return func(r *OrgRecord) bool { return anyMember(r, func(e string) bool { return search.ContainsFold(e, s) }) }, nil
		}},
		"allowed_domains": {Kind: search.KindStrings, Match: func(v any) (func(*OrgRecord) bool, *apierr.Error) {
			set := search.AnyOf(v, true)
			return func(r *OrgRecord) bool {
				return anyDomain(r.Org.EmailAllowedDomains, func(d string) bool { return set[d] })
			}, nil
		}},
		"allowed_domain_fuzzy": {Kind: search.KindFuzzy, TooShort: "organization_search_allowed_domain_fuzzy_too_short", Match: func(v any) (func(*OrgRecord) bool, *apierr.Error) {
			s := search.Fuzzy(v)
			return func(r *OrgRecord) bool { return domainContains(r, s) }, nil
		}},
		"claimed_email_domains": {Kind: search.KindStrings, Match: func(v any) (func(*OrgRecord) bool, *apierr.Error) {
			set := search.AnyOf(v, true)
			return func(r *OrgRecord) bool {
				return anyDomain(r.Org.ClaimedEmailDomains, func(d string) bool { return set[d] })
			}, nil
		}},
	}
}

// domainContains reports whether one of r's allowed domains contains
// lowerNeedle: the allowed_domain_fuzzy filter.
func domainContains(r *OrgRecord, lowerNeedle string) bool {
	return slices.ContainsFunc(r.Org.EmailAllowedDomains, func(d string) bool { return strings.Contains(d, lowerNeedle) })
}
