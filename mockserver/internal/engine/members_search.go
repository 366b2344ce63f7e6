package engine

import (
	"net/http"
	"slices"
	"strings"

	"github.com/stytchkit/stytch-go/b2b/organizations"
)

var memberStatuses = []string{organizations.StatusActive, organizations.StatusPending, organizations.StatusInvited, organizations.StatusDeleted}

// memberSearchBody is the body of Search Members.
type memberSearchBody struct {
	searchBody
	OrganizationIDs []string `json:"organization_ids"`
}

// memberSearchFilters are the filters of Search Members. A statuses (or
// status) filter naming "deleted" sets *wantDeleted, which lets deleted
// members through; otherwise they are left out. The predicates run with p.mu
// held.
func (p *project) memberSearchFilters(wantDeleted *bool) map[string]filterDef[memberRef] {
	orgSlug := func(r *memberRecord) string {
		if o := p.orgs[r.m.OrganizationID]; o != nil {
			return o.o.OrganizationSlug
		}
		return ""
	}
	statusSet := func(values []string) (map[string]bool, *apiError) {
		set := map[string]bool{}
		for _, s := range values {
			s = strings.ToLower(s)
			if !slices.Contains(memberStatuses, s) {
				return nil, badRequest("search_invalid_status_filter", "%q is not a member status; use active, pending, invited or deleted.", s)
			}
			set[s] = true
		}
		if set[organizations.StatusDeleted] {
			*wantDeleted = true
		}
		return set, nil
	}
	boolField := func(get func(r *memberRecord) bool) filterDef[memberRef] {
		return filterDef[memberRef]{kindBool, func(v any) (func(memberRef) bool, *apiError) {
			want := v.(bool)
			return func(ref memberRef) bool { return get(ref.r) == want }, nil
		}}
	}
	return map[string]filterDef[memberRef]{
		"member_ids": {kindStrings, func(v any) (func(memberRef) bool, *apiError) {
			ids := v.([]string)
			internal := 0
			for _, id := range ids {
				if memberIDPattern.MatchString(id) {
					internal++
				}
			}
			switch internal {
			case len(ids):
				set := anyOf(v, false)
				return func(ref memberRef) bool { r := ref.r; return set[r.m.MemberID] }, nil
			case 0:
				set := anyOf(v, false)
				return func(ref memberRef) bool { r := ref.r; return r.m.ExternalID != "" && set[r.m.ExternalID] }, nil
			}
			return nil, badRequest("member_search_cannot_mix_internal_and_external_member_ids", "member_ids must be all member IDs or all external IDs, not a mix.")
		}},
		"member_emails": {kindStrings, func(v any) (func(memberRef) bool, *apiError) {
			set := anyOf(v, true)
			return func(ref memberRef) bool { return set[ref.emailLower] }, nil
		}},
		"member_email_fuzzy": {kindFuzzy, func(v any) (func(memberRef) bool, *apiError) {
			s := fuzzy(v)
			return func(ref memberRef) bool { return strings.Contains(ref.emailLower, s) }, nil
		}},
		"member_is_breakglass":   boolField(func(r *memberRecord) bool { return r.m.IsBreakglass }),
		"member_password_exists": boolField(func(r *memberRecord) bool { return r.m.MemberPasswordID != "" }),
		"totp_exists":            boolField(func(r *memberRecord) bool { return r.m.TOTPRegistrationID != "" }),
		"statuses": {kindStrings, func(v any) (func(memberRef) bool, *apiError) {
			set, err := statusSet(v.([]string))
			if err != nil {
				return nil, err
			}
			return func(ref memberRef) bool { r := ref.r; return set[r.m.Status] }, nil
		}},
		"status": {kindString, func(v any) (func(memberRef) bool, *apiError) {
			set, err := statusSet([]string{v.(string)})
			if err != nil {
				return nil, err
			}
			return func(ref memberRef) bool { r := ref.r; return set[r.m.Status] }, nil
		}},
		"member_mfa_phone_numbers": {kindStrings, func(v any) (func(memberRef) bool, *apiError) {
			set := anyOf(v, false)
			return func(ref memberRef) bool { r := ref.r; return r.m.MFAPhoneNumber != "" && set[r.m.MFAPhoneNumber] }, nil
		}},
		"member_mfa_phone_number_fuzzy": {kindFuzzy, func(v any) (func(memberRef) bool, *apiError) {
			s := fuzzy(v)
			return func(ref memberRef) bool { r := ref.r; return strings.Contains(r.m.MFAPhoneNumber, s) }, nil
		}},
		"member_roles": {kindStrings, func(v any) (func(memberRef) bool, *apiError) {
			roles := v.([]string)
			return func(ref memberRef) bool {
				r := ref.r
				return slices.ContainsFunc(roles, func(role string) bool { return p.hasRole(r, role) })
			}, nil
		}},
		"oauth_providers": {kindStrings, func(v any) (func(memberRef) bool, *apiError) {
			set := anyOf(v, true)
			return func(ref memberRef) bool {
				r := ref.r
				return slices.ContainsFunc(r.m.OAuthRegistrations, func(o organizations.OAuthRegistration) bool { return set[strings.ToLower(o.ProviderType)] })
			}, nil
		}},
		"organization_id": {kindString, func(v any) (func(memberRef) bool, *apiError) {
			id := v.(string)
			return func(ref memberRef) bool { r := ref.r; return r.m.OrganizationID == id }, nil
		}},
		"organization_slug": {kindString, func(v any) (func(memberRef) bool, *apiError) {
			slug := v.(string)
			return func(ref memberRef) bool { r := ref.r; return strings.EqualFold(orgSlug(r), slug) }, nil
		}},
		"organization_slug_fuzzy": {kindFuzzy, func(v any) (func(memberRef) bool, *apiError) {
			s := fuzzy(v)
			return func(ref memberRef) bool { r := ref.r; return containsFold(orgSlug(r), s) }, nil
		}},
	}
}

// memberSearchNarrowers find the candidates of the exact-match member
// filters through the indexes of the organizations searched. They cover
// members that are not deleted. Callers hold p.mu.
func (p *project) memberSearchNarrowers(orgIDs []string) map[string]narrowFunc[memberRef] {
	sets := make([]*orgMemberSet, 0, len(orgIDs))
	for _, id := range orgIDs {
		if s := p.orgMembers[id]; s != nil {
			sets = append(sets, s)
		}
	}
	return map[string]narrowFunc[memberRef]{
		"member_emails": func(v any) []memberRef {
			var out []memberRef
			for _, e := range v.([]string) {
				for _, s := range sets {
					if r := s.byEmail[emailKey(e)]; r != nil {
						out = append(out, s.refs[r.pos])
					}
				}
			}
			return out
		},
		"member_ids": func(v any) []memberRef {
			var out []memberRef
			for _, id := range v.([]string) {
				for _, s := range sets {
					r := s.byExtID[id]
					if m := p.members[id]; m != nil && p.orgMembers[m.m.OrganizationID] == s {
						r = m
					}
					if r != nil {
						out = append(out, s.refs[r.pos])
					}
				}
			}
			return out
		},
	}
}

func handleMemberSearch(rc *reqCtx) (any, error) {
	var b memberSearchBody
	if err := rc.decode(&b); err != nil {
		return nil, err
	}
	if len(b.OrganizationIDs) == 0 {
		return nil, badRequest("member_search_organization_ids_empty", "organization_ids must name at least one organization.")
	}
	p := rc.p
	p.mu.RLock()
	defer p.mu.RUnlock()
	var orgIDs []string
	for _, ref := range b.OrganizationIDs {
		org, err := p.findOrg(ref)
		if err != nil {
			return nil, err
		}
		if !slices.Contains(orgIDs, org.o.OrganizationID) {
			orgIDs = append(orgIDs, org.o.OrganizationID)
		}
	}
	if rc.hasMemberSessionHeader() {
		// A member may search only their own organization.
		for _, id := range orgIDs {
			if err := p.authorizeHeader(rc, id, "", memberRouteChecks[rc.action]...); err != nil {
				return nil, err
			}
		}
	}
	wantDeleted := false
	cs, err := compileIndexedSearch(&b.searchBody, "member", p.memberSearchFilters(&wantDeleted), p.memberSearchNarrowers(orgIDs))
	if err != nil {
		return nil, err
	}
	if wantDeleted {
		// The indexes hold members that are not deleted only.
		cs.narrowed, cs.candidates = false, nil
	} else {
		match := cs.match
		cs.match = func(ref memberRef) bool { return !ref.deleted && match(ref) }
	}
	// Each organization's members are already in creation order; several
	// organizations are merged by creation sequence.
	var items []memberRef
	if !cs.narrowed {
		if len(orgIDs) == 1 {
			if s := p.orgMembers[orgIDs[0]]; s != nil {
				items = s.refs
			}
		} else {
			for _, id := range orgIDs {
				if s := p.orgMembers[id]; s != nil {
					items = append(items, s.refs...)
				}
			}
			slices.SortFunc(items, func(a, b memberRef) int { return int64Cmp(a.seq, b.seq) })
		}
	}
	page, total, next := cs.page(items, func(ref memberRef) uint64 { return ref.seq })
	out := make([]organizations.Member, len(page))
	orgs := map[string]organizations.Organization{}
	for i, ref := range page {
		r := ref.r
		out[i] = p.memberView(r)
		if _, ok := orgs[r.m.OrganizationID]; !ok {
			orgs[r.m.OrganizationID] = p.orgView(p.orgs[r.m.OrganizationID])
		}
	}
	return &organizations.MembersSearchResponse{
		RequestID:       rc.requestID,
		StatusCode:      http.StatusOK,
		Members:         out,
		Organizations:   orgs,
		ResultsMetadata: organizations.ResultsMetadata{Total: int32(total), NextCursor: next},
	}, nil
}
