package state

import (
	"slices"
	"strings"

	"github.com/stytchkit/stytch-go/b2b/organizations"
	"github.com/stytchkit/stytch-go/mockserver/internal/apierr"
	"github.com/stytchkit/stytch-go/mockserver/internal/search"
)

var memberStatuses = []string{organizations.StatusActive, organizations.StatusPending, organizations.StatusInvited, organizations.StatusDeleted}

// MemberSearchFilters are the filters of Search Members. A statuses (or
// status) filter naming "deleted" sets *wantDeleted, which lets deleted
// members through; otherwise they are left out. The predicates run with p.mu
// held.
func (p *Project) MemberSearchFilters(wantDeleted *bool) map[string]search.FilterDef[MemberRef] {
	orgSlug := func(r *MemberRecord) string {
		if o := p.Orgs[r.Member.OrganizationID]; o != nil {
			return o.Org.OrganizationSlug
		}
		return ""
	}
	statusSet := func(values []string) (map[string]bool, *apierr.Error) {
		set := map[string]bool{}
		for _, s := range values {
			s = strings.ToLower(s)
			if !slices.Contains(memberStatuses, s) {
				return nil, apierr.BadRequest("search_invalid_status_filter", "%q is not a member status; use active, pending, invited or deleted.", s)
			}
			set[s] = true
		}
		if set[organizations.StatusDeleted] {
			*wantDeleted = true
		}
		return set, nil
	}
	boolField := func(get func(r *MemberRecord) bool) search.FilterDef[MemberRef] {
		return search.FilterDef[MemberRef]{Kind: search.KindBool, Match: func(v any) (func(MemberRef) bool, *apierr.Error) {
			want := v.(bool)
			return func(ref MemberRef) bool { return get(ref.Request) == want }, nil
		}}
	}
	return map[string]search.FilterDef[MemberRef]{
		"member_ids": {Kind: search.KindStrings, Match: func(v any) (func(MemberRef) bool, *apierr.Error) {
			ids := v.([]string)
			internal := 0
			for _, id := range ids {
				if memberIDPattern.MatchString(id) {
					internal++
				}
			}
			switch internal {
			case len(ids):
				set := search.AnyOf(v, false)
				return func(ref MemberRef) bool { r := ref.Request; return set[r.Member.MemberID] }, nil
			case 0:
				set := search.AnyOf(v, false)
				return func(ref MemberRef) bool {
					r := ref.Request
					return r.Member.ExternalID != "" && set[r.Member.ExternalID]
				}, nil
			}
			return nil, apierr.BadRequest("member_search_cannot_mix_internal_and_external_member_ids", "member_ids must be all member IDs or all external IDs, not a mix.")
		}},
		"member_emails": {Kind: search.KindStrings, Match: func(v any) (func(MemberRef) bool, *apierr.Error) {
			set := search.AnyOf(v, true)
			return func(ref MemberRef) bool { return set[ref.emailLower] }, nil
		}},
		"member_email_fuzzy": {Kind: search.KindFuzzy, TooShort: "member_search_member_email_fuzzy_too_short", Match: func(v any) (func(MemberRef) bool, *apierr.Error) {
			s := search.Fuzzy(v)
			return func(ref MemberRef) bool { return strings.Contains(ref.emailLower, s) }, nil
		}},
		"member_is_breakglass":   boolField(func(r *MemberRecord) bool { return r.Member.IsBreakglass }),
		"member_password_exists": boolField(func(r *MemberRecord) bool { return r.Member.MemberPasswordID != "" }),
		"totp_exists":            boolField(func(r *MemberRecord) bool { return r.Member.TOTPRegistrationID != "" }),
		"statuses": {Kind: search.KindStrings, Match: func(v any) (func(MemberRef) bool, *apierr.Error) {
			set, err := statusSet(v.([]string))
			if err != nil {
				return nil, err
			}
			return func(ref MemberRef) bool { r := ref.Request; return set[r.Member.Status] }, nil
		}},
		"status": {Kind: search.KindString, Match: func(v any) (func(MemberRef) bool, *apierr.Error) {
			set, err := statusSet([]string{v.(string)})
			if err != nil {
				return nil, err
			}
			return func(ref MemberRef) bool { r := ref.Request; return set[r.Member.Status] }, nil
		}},
		"member_mfa_phone_numbers": {Kind: search.KindStrings, Match: func(v any) (func(MemberRef) bool, *apierr.Error) {
			set := search.AnyOf(v, false)
			return func(ref MemberRef) bool {
				r := ref.Request
				return r.Member.MFAPhoneNumber != "" && set[r.Member.MFAPhoneNumber]
			}, nil
		}},
		"member_mfa_phone_number_fuzzy": {Kind: search.KindFuzzy, TooShort: "member_search_member_mfa_phone_number_fuzzy_too_short", Match: func(v any) (func(MemberRef) bool, *apierr.Error) {
			s := search.Fuzzy(v)
			return func(ref MemberRef) bool { r := ref.Request; return strings.Contains(r.Member.MFAPhoneNumber, s) }, nil
		}},
		"member_roles": {Kind: search.KindStrings, Match: func(v any) (func(MemberRef) bool, *apierr.Error) {
			roles := v.([]string)
			return func(ref MemberRef) bool {
				r := ref.Request
				return slices.ContainsFunc(roles, func(role string) bool { return p.hasRole(r, role) })
			}, nil
		}},
		"oauth_providers": {Kind: search.KindStrings, Match: func(v any) (func(MemberRef) bool, *apierr.Error) {
			set := search.AnyOf(v, true)
			return func(ref MemberRef) bool {
				r := ref.Request
				return slices.ContainsFunc(r.Member.OAuthRegistrations, func(o organizations.OAuthRegistration) bool { return set[strings.ToLower(o.ProviderType)] })
			}, nil
		}},
		"organization_id": {Kind: search.KindString, Match: func(v any) (func(MemberRef) bool, *apierr.Error) {
			id := v.(string)
			return func(ref MemberRef) bool { r := ref.Request; return r.Member.OrganizationID == id }, nil
		}},
		"organization_slug": {Kind: search.KindString, Match: func(v any) (func(MemberRef) bool, *apierr.Error) {
			slug := v.(string)
			return func(ref MemberRef) bool { r := ref.Request; return strings.EqualFold(orgSlug(r), slug) }, nil
		}},
		"organization_slug_fuzzy": {Kind: search.KindFuzzy, TooShort: "member_search_organization_slug_fuzzy_too_short", Match: func(v any) (func(MemberRef) bool, *apierr.Error) {
			s := search.Fuzzy(v)
			return func(ref MemberRef) bool { r := ref.Request; return search.ContainsFold(orgSlug(r), s) }, nil
		}},
	}
}

// MemberSearchNarrowers find the candidates of the exact-match member
// filters through the indexes of the organizations searched, and of the
// fuzzy email and phone filters through the project's substring index. They
// cover members that are not deleted. Callers hold p.mu.
func (p *Project) MemberSearchNarrowers(orgIDs []string) map[string]search.NarrowFunc[MemberRef] {
	sets := make([]*OrgMemberSet, 0, len(orgIDs))
	searched := map[*OrgMemberSet]bool{}
	for _, id := range orgIDs {
		if s := p.OrgMembers[id]; s != nil {
			sets = append(sets, s)
			searched[s] = true
		}
	}
	setOf := func(r *MemberRecord) *OrgMemberSet { return p.OrgMembers[r.Member.OrganizationID] }
	fuzzy := func(field byte) search.NarrowFunc[MemberRef] {
		return func(v any) ([]MemberRef, bool) {
			return p.fuzzy.lookupMembers(searched, setOf, field, search.Fuzzy(v))
		}
	}
	return map[string]search.NarrowFunc[MemberRef]{
		"member_email_fuzzy":            fuzzy(fieldMemberEmail),
		"member_mfa_phone_number_fuzzy": fuzzy(fieldMemberPhone),
		"member_emails": func(v any) ([]MemberRef, bool) {
			var out []MemberRef
			for _, e := range v.([]string) {
				for _, s := range sets {
					if r := s.ByEmail[EmailKey(e)]; r != nil {
						out = append(out, s.Refs[r.pos])
					}
				}
			}
			return out, true
		},
		"member_ids": func(v any) ([]MemberRef, bool) {
			var out []MemberRef
			for _, id := range v.([]string) {
				for _, s := range sets {
					r := s.ByExtID[id]
					if m := p.Members[id]; m != nil && p.OrgMembers[m.Member.OrganizationID] == s {
						r = m
					}
					if r != nil {
						out = append(out, s.Refs[r.pos])
					}
				}
			}
			return out, true
		},
	}
}
